/* utf8.c against libunistring: every sequence of up to three bytes, every
 * four-byte lead and second byte with the boundary continuation bytes,
 * every incomplete prefix, and random strings through the checker. */
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "tap.h"
#include "utf8.h"

/* Both decoders on s[0..n): 1 when they agree on the result and on the
 * character. */
static int same(const uint8_t *s, size_t n)
{
	ucs4_t a = 0;
	uint32_t b = 0;
	int ra = u8_mbtoucr(&a, s, n), rb = utf8_decode(&b, s, n);
	return ra == rb && a == b;
}

static void decode_all(void)
{
	size_t bad = 0, tried = 0;
	uint8_t s[4];
	for (unsigned x = 0; x < 256; x++) {
		s[0] = (uint8_t)x;
		bad += !same(s, 1);
		tried++;
		for (unsigned y = 0; y < 256; y++) {
			s[1] = (uint8_t)y;
			bad += !same(s, 2);
			tried++;
			for (unsigned z = 0; z < 256; z++) {
				s[2] = (uint8_t)z;
				bad += !same(s, 3);
				tried++;
			}
		}
	}
	is_int(bad, 0, "every sequence of 1, 2 and 3 bytes decodes as u8_mbtoucr does");
	ok(tried == 256 + 65536 + 16777216, "all of them were tried");

	static const uint8_t edge[] = { 0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90,
					0x9F, 0xA0, 0xBF, 0xC0, 0xF4, 0xFF };
	bad = tried = 0;
	for (unsigned x = 0xF0; x < 0x100; x++)
		for (unsigned y = 0; y < 256; y++)
			for (size_t i = 0; i < sizeof edge; i++)
				for (size_t j = 0; j < sizeof edge; j++) {
					s[0] = (uint8_t)x;
					s[1] = (uint8_t)y;
					s[2] = edge[i];
					s[3] = edge[j];
					for (size_t n = 1; n <= 4; n++) {
						bad += !same(s, n);
						tried++;
					}
				}
	is_int(bad, 0, "four-byte leads with every second byte and edge continuations agree");
	ok(tried > 100000, "over 100,000 of them");
}

static void check_random(void)
{
	static const uint8_t pool[] = { 'a', ' ', 0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F,
					0xA0, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0, 0xE4, 0xED,
					0xEF, 0xF0, 0xF4, 0xF5, 0xFF };
	unsigned seed = 12345;
	size_t bad = 0, valid = 0;
	uint8_t s[48];
	for (int t = 0; t < 200000; t++) {
		size_t n = (size_t)(t % 48);
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			s[i] = pool[(seed >> 16) % sizeof pool];
		}
		const uint8_t *a = u8_check(s, n), *b = utf8_check(s, n);
		bad += a != b;
		valid += b == NULL;
	}
	is_int(bad, 0, "utf8_check finds the first bad byte where u8_check does");
	ok(valid > 1000, "and random strings were valid often enough to matter");
	static const char zh[] = "新一代AIGC算力底座：30万倍，“算力”（《》）😀";
	ok(utf8_check((const uint8_t *)zh, strlen(zh)) == NULL, "the talk's kind of text is valid");
}

/* issue 15: the search's matcher, shared with the highlight. */
static void find_fold(void)
{
	const char *h = "Median Build 中文作业";
	ok(utf8_find_fold(h, strlen(h), "build", 5) == h + 7, "find_fold: ASCII without case");
	ok(utf8_find_fold(h, strlen(h), "作业", strlen("作业")) == h + 13 + 6,
	   "find_fold: UTF-8 byte for byte");
	ok(utf8_find_fold(h, strlen(h), "xyz", 3) == NULL, "find_fold: no match");
	ok(utf8_find_fold(h, 3, "Median", 6) == NULL, "find_fold: within hlen only");
	ok(utf8_find_fold(h, strlen(h), "", 0) == NULL, "find_fold: an empty needle matches nothing");
}

int main(void)
{
	tap_plan(12);
	decode_all();
	check_random();
	find_fold();
	return tap_done();
}
