/* utf8.c against libunistring: every sequence of up to three bytes, every
 * four-byte lead and second byte with the boundary continuation bytes,
 * every incomplete prefix, and random strings through the checker. */
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "tap.h"
#include "utf8.h"

/* Code points decoded from complete sequences of each length, one bit
 * each, to check that every one comes out exactly once. */
static uint8_t seen[4][0x110000 / 8];
static size_t twice;

/* Both decoders on s[0..n): 1 when they agree on the result and on the
 * character. A sequence that uses all n bytes is noted in seen[n - 1]. */
static int same(const uint8_t *s, size_t n)
{
	ucs4_t a = 0;
	uint32_t b = 0;
	int ra = u8_mbtoucr(&a, s, n), rb = utf8_decode(&b, s, n);
	if (rb == (int)n && b < 0x110000) {
		uint8_t *m = &seen[n - 1][b / 8], bit = (uint8_t)(1u << (b % 8));
		twice += (*m & bit) != 0;
		*m |= bit;
	}
	return ra == rb && a == b;
}

/* How many code points of [lo, hi] seen[n - 1] holds, and whether it holds
 * nothing outside [lo, hi]. */
static size_t seen_in(size_t n, uint32_t lo, uint32_t hi, int *outside)
{
	size_t k = 0;
	*outside = 0;
	for (uint32_t c = 0; c < 0x110000; c++)
		if (seen[n - 1][c / 8] & (1u << (c % 8))) {
			if (c >= lo && c <= hi)
				k++;
			else
				*outside = 1;
		}
	return k;
}

static void decode_all(void)
{
	size_t bad = 0;
	uint8_t s[4];
	for (unsigned x = 0; x < 256; x++) {
		s[0] = (uint8_t)x;
		bad += !same(s, 1);
		for (unsigned y = 0; y < 256; y++) {
			s[1] = (uint8_t)y;
			bad += !same(s, 2);
			for (unsigned z = 0; z < 256; z++) {
				s[2] = (uint8_t)z;
				bad += !same(s, 3);
			}
		}
	}
	is_int(bad, 0, "every sequence of 1, 2 and 3 bytes decodes as u8_mbtoucr does");
	/* RFC 3629: one byte holds U+0000..U+007F, two U+0080..U+07FF, three
	 * U+0800..U+FFFF without the 2048 surrogates, each in one way only */
	int out1, out2, out3;
	is_int(seen_in(1, 0, 0x7F, &out1), 0x80, "one byte: the 128 code points of ASCII");
	is_int(seen_in(2, 0x80, 0x7FF, &out2), 0x780, "two bytes: all 1920 of U+0080..U+07FF");
	is_int(seen_in(3, 0x800, 0xFFFF, &out3), 0xF800 - 0x800,
	       "three bytes: all 61440 of U+0800..U+FFFF but the surrogates");
	ok(!out1 && !out2 && !out3, "and no code point outside those ranges (no overlong form)");
	int sur = 0;
	for (uint32_t c = 0xD800; c <= 0xDFFF; c++)
		sur |= (seen[2][c / 8] >> (c % 8)) & 1;
	ok(!sur, "no surrogate decodes");
	is_int(twice, 0, "no code point has two encodings");

	static const uint8_t edge[] = { 0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90,
					0x9F, 0xA0, 0xBF, 0xC0, 0xF4, 0xFF };
	bad = 0;
	size_t four = 0;
	for (unsigned x = 0xF0; x < 0x100; x++)
		for (unsigned y = 0; y < 256; y++)
			for (size_t i = 0; i < sizeof edge; i++)
				for (size_t j = 0; j < sizeof edge; j++) {
					s[0] = (uint8_t)x;
					s[1] = (uint8_t)y;
					s[2] = edge[i];
					s[3] = edge[j];
					for (size_t n = 1; n <= 4; n++)
						bad += !same(s, n);
					uint32_t c;
					four += utf8_decode(&c, s, 4) == 4;
				}
	is_int(bad, 0, "four-byte leads with every second byte and edge continuations agree");
	/* valid: F0 90..BF, F1..F3 80..BF, F4 80..8F (256 second bytes) with
	 * the 6 edges in 80..BF as third and fourth bytes */
	is_int(four, 256 * 6 * 6, "exactly the sequences of U+10000..U+10FFFF are four bytes long");

	/* every code point above U+FFFF, encoded here by arithmetic */
	bad = 0;
	for (uint32_t c = 0x10000; c <= 0x110000; c++) {
		s[0] = (uint8_t)(0xF0 | c >> 18);
		s[1] = (uint8_t)(0x80 | (c >> 12 & 0x3F));
		s[2] = (uint8_t)(0x80 | (c >> 6 & 0x3F));
		s[3] = (uint8_t)(0x80 | (c & 0x3F));
		uint32_t d = 0;
		int r = utf8_decode(&d, s, 4);
		if (c < 0x110000)
			bad += r != 4 || d != c || utf8_check(s, 4) != NULL;
		else
			bad += r != -1 || d != 0xFFFD || utf8_check(s, 4) != s;
	}
	is_int(bad, 0, "U+10000..U+10FFFF decode to themselves, U+110000 is refused");
}

static void check_random(void)
{
	static const uint8_t pool[] = { 'a',  ' ',  0x00, 0x7F, 0x80, 0x8F, 0x90,
					0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0,
					0xE4, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF };
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
	ok(utf8_find_fold(h, strlen(h), "", 0) == NULL,
	   "find_fold: an empty needle matches nothing");
}

int main(void)
{
	tap_plan(18);
	decode_all();
	check_random();
	find_fold();
	return tap_done();
}
