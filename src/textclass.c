/* The character classes and the sanitising writer (textclass.h). */
#include "textclass.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

/* U+2400..U+241F: the control pictures of C0. */
static const char *const c0_pics[32] = {
	"␀", "␁", "␂", "␃", "␄", "␅", "␆", "␇", "␈", "␉", "␊", "␋", "␌", "␍", "␎", "␏",
	"␐", "␑", "␒", "␓", "␔", "␕", "␖", "␗", "␘", "␙", "␚", "␛", "␜", "␝", "␞", "␟",
};

const char *text_placeholder(uint32_t c)
{
	switch (text_class(c)) {
	case TEXT_PLAIN: return NULL;
	case TEXT_C0: return c0_pics[c];
	case TEXT_DEL: return "␡";
	case TEXT_C1:
	case TEXT_BIDI:
	case TEXT_SEPARATOR: break;
	}
	return TEXT_PLACEHOLDER_BAD;
}

/* The character reference of an ASCII character HTML gives a meaning to,
 * or NULL. */
static const char *html_ref(uint8_t c)
{
	switch (c) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '"': return "&quot;";
	case '\'': return "&#39;";
	default: return NULL;
	}
}

/* Whether u[0..n) starts with a valid 3-byte sequence that no class of
 * textclass.h holds: two continuation bytes after a lead byte of
 * U+1000..U+1FFF, U+3000..U+CFFF or U+E000..U+FFFF (E1, E3..EC, EE, EF),
 * or of U+2080..U+2FFF (E2 and a second byte from 82). The unsafe 3-byte
 * characters are all in U+2000..U+207F (E2 80, E2 81); E0 and ED have
 * narrower second bytes and are left to the decoder. */
static inline bool plain3(const uint8_t *u, size_t n)
{
	if (n < 3 || (u[1] & 0xC0) != 0x80 || (u[2] & 0xC0) != 0x80)
		return false;
	return u[0] == 0xE1 || (u[0] >= 0xE3 && u[0] <= 0xEC) || u[0] == 0xEE || u[0] == 0xEF ||
	       (u[0] == 0xE2 && u[1] >= 0x82);
}

void text_sanitize(struct strbuf *b, const char *s, size_t n, unsigned flags)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t i = 0, plain = 0; /* p[plain..i) is waiting to be copied */
	bool html = flags & TEXT_HTML;
	while (i < n) {
		uint32_t c;
		int k;
		if (p[i] >= 0x20 && p[i] < 0x7F && !(html && html_ref(p[i]))) {
			i++;
			continue;
		}
		if (plain3(p + i, n - i)) {
			i += 3; /* CJK and most of the BMP: valid and never unsafe */
			continue;
		}
		k = p[i] < 0x80 ? (c = p[i], 1) : utf8_decode(&c, p + i, n - i);
		const char *ph;
		if (k > 0 && c >= 0x20 && c < 0x7F) {
			ph = html_ref(p[i]);
		} else if (k < 0) {
			ph = TEXT_PLACEHOLDER_BAD;
			k = 1;
		} else if (c == '\t' && (flags & TEXT_KEEP_TAB)) {
			ph = html ? "&#9;" : NULL;
		} else if (c == '\n' && (flags & TEXT_KEEP_NL)) {
			ph = NULL;
		} else {
			ph = text_placeholder(c);
		}
		if (ph) {
			strbuf_add(b, s + plain, i - plain);
			strbuf_add(b, ph, strlen(ph));
			plain = i + (size_t)k;
		}
		i += (size_t)k;
	}
	strbuf_add(b, s + plain, n - plain);
}

char *text_safe(const char *s)
{
	struct strbuf b = { 0 };
	text_sanitize(&b, s, strlen(s), 0);
	return strbuf_take(&b);
}

int text_write(FILE *out, const char *s, size_t n, unsigned flags)
{
	struct strbuf b = { 0 };
	text_sanitize(&b, s, n, flags);
	int rc = fwrite(b.s, 1, b.len, out) == b.len ? 0 : -1;
	free(b.s);
	return rc;
}

int text_puts(FILE *out, const char *s)
{
	return text_write(out, s, strlen(s), 0);
}

int text_vprintf(FILE *out, const char *fmt, va_list ap)
{
	char *s = xvasprintf(fmt, ap);
	size_t n = strlen(s), f = strlen(fmt);
	bool nl = f > 0 && fmt[f - 1] == '\n' && n > 0 && s[n - 1] == '\n';
	int rc = text_write(out, s, nl ? n - 1 : n, 0);
	if (nl && fputc('\n', out) == EOF)
		rc = -1;
	free(s);
	return rc;
}

int text_printf(FILE *out, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = text_vprintf(out, fmt, ap);
	va_end(ap);
	return rc;
}
