/* nocontrol FILE...: fails when a file holds anything that must not reach a
 * terminal raw, for tests/hostile.sh.
 *
 * Written apart from lectern's src/textclass.c (it links nothing of the
 * core), from the rule itself: a byte below 0x20 other than newline and
 * tab, DEL, a byte that is not part of valid UTF-8 as RFC 3629 defines it
 * (a raw 0x9B is CSI on an 8-bit terminal), a C1 control U+0080..U+009F, a
 * bidirectional control U+202A..U+202E or U+2066..U+2069, or U+2028/9.
 * Prints the first offence of each file as a TAP comment and exits 1 if
 * any file has one, 0 silently otherwise; 2 when a file cannot be read. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* The offence at p[0..n), or NULL; *cp gets the code point or byte. */
static const char *offence(const unsigned char *p, size_t n, size_t *len, uint32_t *cp)
{
	unsigned char b = p[0];
	*len = 1;
	*cp = b;
	if (b < 0x80) {
		if ((b < 0x20 && b != '\n' && b != '\t') || b == 0x7F)
			return "control byte";
		return NULL;
	}
	size_t k;
	unsigned char lo = 0x80, hi = 0xBF;
	if (b >= 0xC2 && b <= 0xDF)
		k = 2;
	else if (b >= 0xE0 && b <= 0xEF)
		k = 3, lo = b == 0xE0 ? 0xA0 : 0x80, hi = b == 0xED ? 0x9F : 0xBF;
	else if (b >= 0xF0 && b <= 0xF4)
		k = 4, lo = b == 0xF0 ? 0x90 : 0x80, hi = b == 0xF4 ? 0x8F : 0xBF;
	else
		return "invalid UTF-8 byte";
	if (n < k || p[1] < lo || p[1] > hi)
		return "invalid UTF-8 byte";
	uint32_t c = b & (k == 2 ? 0x1F : k == 3 ? 0x0F : 0x07);
	for (size_t i = 1; i < k; i++) {
		if (p[i] < 0x80 || p[i] > 0xBF)
			return "invalid UTF-8 byte";
		c = c << 6 | (p[i] & 0x3F);
	}
	*len = k;
	*cp = c;
	if (c >= 0x80 && c <= 0x9F)
		return "C1 control";
	if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069))
		return "bidirectional control";
	if (c == 0x2028 || c == 0x2029)
		return "line or paragraph separator";
	return NULL;
}

int main(int argc, char **argv)
{
	int bad = 0;
	for (int a = 1; a < argc; a++) {
		FILE *f = fopen(argv[a], "rb");
		if (!f) {
			perror(argv[a]);
			return 2;
		}
		unsigned char *buf = NULL;
		size_t n = 0, cap = 0, got;
		do {
			if (cap - n < 65536) {
				cap = cap * 2 + 65536;
				buf = realloc(buf, cap);
				if (!buf)
					return 2;
			}
			got = fread(buf + n, 1, cap - n, f);
			n += got;
		} while (got > 0);
		fclose(f);
		for (size_t i = 0; i < n;) {
			size_t len;
			uint32_t cp;
			const char *what = offence(buf + i, n - i, &len, &cp);
			if (what) {
				printf("# %s: %s %s%04X at byte %zu\n", argv[a], what,
				       len > 1 ? "U+" : "0x", (unsigned)cp, i);
				bad = 1;
				break;
			}
			i += len;
		}
		free(buf);
	}
	return bad;
}
