#ifndef LECTERN_UTF8_H
#define LECTERN_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* UTF-8 as RFC 3629 defines it (no overlong forms, no surrogates, nothing
 * above U+10FFFF), checked and decoded by lectern itself: the same answers
 * as libunistring's u8_check() and u8_mbtoucr() (tests/test_utf8.c compares
 * them), without touching that library's code on the way to a frame. */

/* The first byte of s[0..n) where no valid sequence starts, or NULL when
 * all of it is valid UTF-8. */
const uint8_t *utf8_check(const uint8_t *s, size_t n);

/* Decodes the character that starts s[0..n), n >= 1, into *c: returns its
 * length (1 to 4), -1 when s does not start with a valid sequence, or -2
 * when it starts with a valid but incomplete one (n too short). *c is
 * 0xFFFD on -1 and -2. */
int utf8_decode(uint32_t *c, const uint8_t *s, size_t n);

/* The first occurrence of needle[0..nlen) in hay[0..hlen), ASCII letters
 * compared without case, every other byte exactly (so UTF-8 stays whole);
 * NULL when there is none or nlen is 0. The search and its highlight use
 * it, so they agree on what matches. */
const char *utf8_find_fold(const char *hay, size_t hlen, const char *needle, size_t nlen);

#endif
