/* UTF-8 checking and decoding (utf8.h). A sequence is valid when its lead
 * byte is 00..7F, C2..DF, E0..EF or F0..F4 and each continuation byte is
 * 80..BF, except that the second byte after E0 is A0..BF (no overlong
 * form), after ED 80..9F (no surrogate), after F0 90..BF (no overlong
 * form) and after F4 80..8F (nothing above U+10FFFF). */
#include "utf8.h"

/* The range of the second byte of a sequence led by b, and its length;
 * 0 for a byte that cannot lead one. */
static int lead(uint8_t b, uint8_t *lo, uint8_t *hi)
{
	*lo = 0x80;
	*hi = 0xBF;
	if (b >= 0xC2 && b <= 0xDF)
		return 2;
	if (b >= 0xE0 && b <= 0xEF) {
		if (b == 0xE0)
			*lo = 0xA0;
		else if (b == 0xED)
			*hi = 0x9F;
		return 3;
	}
	if (b >= 0xF0 && b <= 0xF4) {
		if (b == 0xF0)
			*lo = 0x90;
		else if (b == 0xF4)
			*hi = 0x8F;
		return 4;
	}
	if (b >= 0xF5 && b <= 0xF7) {
		/* never valid; alone it counts as incomplete, as in libunistring */
		*lo = 0xFF;
		*hi = 0x00;
		return 4;
	}
	return 0;
}

int utf8_decode(uint32_t *c, const uint8_t *s, size_t n)
{
	uint8_t b = s[0], lo, hi;
	if (b < 0x80) {
		*c = b;
		return 1;
	}
	*c = 0xFFFD;
	int len = lead(b, &lo, &hi);
	if (len == 0)
		return -1;
	uint32_t v = b & (0x7Fu >> len);
	for (int i = 1; i < len; i++) {
		if ((size_t)i >= n)
			return -2;
		uint8_t t = s[i];
		if (t < (i == 1 ? lo : 0x80) || t > (i == 1 ? hi : 0xBF))
			return -1;
		v = v << 6 | (t & 0x3Fu);
	}
	*c = v;
	return len;
}

const uint8_t *utf8_check(const uint8_t *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		uint32_t c;
		int k = utf8_decode(&c, s + i, n - i);
		if (k < 0)
			return s + i;
		i += (size_t)k;
	}
	return NULL;
}

static unsigned char fold(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

const char *utf8_find_fold(const char *hay, size_t hlen, const char *needle, size_t nlen)
{
	if (nlen == 0 || nlen > hlen)
		return NULL;
	for (size_t i = 0; i + nlen <= hlen; i++) {
		size_t k = 0;
		while (k < nlen &&
		       fold((unsigned char)hay[i + k]) == fold((unsigned char)needle[k]))
			k++;
		if (k == nlen)
			return hay + i;
	}
	return NULL;
}
