#ifndef LECTERN_TEXTCLASS_H
#define LECTERN_TEXTCLASS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "xalloc.h"

/* The characters that must never reach a terminal as themselves, defined
 * once for every filter of lectern (layout, diagnostics, the INI scanner's
 * warning, the protocol, the key prompt, every writer), and the one rule
 * that shows them: a visible one-column placeholder.
 *
 *   C0         U+0000..U+001F   control pictures U+2400..U+241F (␀ .. ␟)
 *   DEL        U+007F           ␡ (U+2421)
 *   C1         U+0080..U+009F   � (U+FFFD)
 *   bidi       U+202A..U+202E, U+2066..U+2069   �
 *   separator  U+2028, U+2029   �
 *   a byte that starts no valid UTF-8 sequence  � (one per byte)
 *
 * ESC becomes "␛", so the bytes after it ("[31m", "]52;c;...", "c") are
 * harmless text and stay visible. The bidi marks U+200E, U+200F and U+061C
 * are plain text on purpose: they embed or override nothing, so they cannot
 * reorder text beyond their neighbours, and Arabic and Hebrew need them. */

enum text_class {
	TEXT_PLAIN,     /* may be written as itself */
	TEXT_C0,        /* U+0000..U+001F */
	TEXT_DEL,       /* U+007F */
	TEXT_C1,        /* U+0080..U+009F */
	TEXT_BIDI,      /* U+202A..U+202E, U+2066..U+2069 */
	TEXT_SEPARATOR, /* U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR */
};

/* The class of code point c (any value; above U+10FFFF is TEXT_PLAIN, as
 * no decoder of lectern produces it). Inline: the INI scanner and the
 * layout ask for every character. */
static inline enum text_class text_class(uint32_t c)
{
	if (c < 0x20)
		return TEXT_C0;
	if (c < 0x7F)
		return TEXT_PLAIN;
	if (c == 0x7F)
		return TEXT_DEL;
	if (c <= 0x9F)
		return TEXT_C1;
	if (c < 0x2028 || c > 0x2069)
		return TEXT_PLAIN;
	if (c <= 0x2029)
		return TEXT_SEPARATOR;
	if (c <= 0x202E || c >= 0x2066)
		return TEXT_BIDI;
	return TEXT_PLAIN;
}

/* True when c must not be written as itself. */
static inline bool text_unsafe(uint32_t c)
{
	return text_class(c) != TEXT_PLAIN;
}

/* The placeholder shown for an unsafe c: a static string of one 3-byte
 * UTF-8 character, one column wide; NULL when c is TEXT_PLAIN. */
const char *text_placeholder(uint32_t c);

/* The placeholder of a byte that starts no valid UTF-8 sequence. */
#define TEXT_PLACEHOLDER_BAD "\xEF\xBF\xBD"

/* Flags of the writers: let a tab or a newline through as itself (for
 * multi-line output such as an export). Without them both are shown as
 * placeholders (␉, ␊), as in a one-line message. */
enum { TEXT_KEEP_TAB = 1, TEXT_KEEP_NL = 2, TEXT_HTML = 4 };
/* TEXT_HTML also writes the five characters HTML gives a meaning to as
 * character references (& &amp;  < &lt;  > &gt;  " &quot;  ' &#39;), so the
 * result is safe as HTML text and as a quoted attribute value, and a tab
 * kept by TEXT_KEEP_TAB as &#9; (white space to the browser, no raw control
 * byte in the file). */

/* The sanitising writer: appends s[0..n) to b with every unsafe character
 * and every invalid byte replaced by its placeholder. Linear in n. */
void text_sanitize(struct strbuf *b, const char *s, size_t n, unsigned flags);

/* A sanitised heap copy of the string s (no flags); caller frees. */
char *text_safe(const char *s);

/* Writes s[0..n) sanitised to out. Returns 0, or -1 on a write error. */
int text_write(FILE *out, const char *s, size_t n, unsigned flags);

/* Writes the string s sanitised (no flags) to out; 0 or -1. */
int text_puts(FILE *out, const char *s);

/* Formats like fprintf and writes the result sanitised (no flags), except
 * that a newline ending fmt itself is written as a newline. For messages
 * that quote arguments, file names or deck text. Returns 0 or -1. */
int text_printf(FILE *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int text_vprintf(FILE *out, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

#endif
