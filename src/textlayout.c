/* Text measuring and breaking (textlayout.h).
 *
 * Text is cut into clusters: one grapheme cluster (u8_grapheme_breaks), or a
 * single space, tab, newline, or a character that must not reach the
 * terminal (C0 except tab, DEL, C1, bidi overrides and isolates, U+2028/9,
 * invalid bytes), which becomes a 1-column placeholder (control pictures
 * U+2400-U+241F for C0, "␡" for DEL, "�" otherwise: textclass.h). ESC
 * becomes "␛"; the printable bytes after it are harmless and stay visible.
 * A cluster's width is the sum of uc_width(c, "UTF-8") of its characters, so
 * it agrees with u8_strwidth of the same bytes.
 *
 * Wrapping is greedy over the break opportunities of UAX #14
 * (u8_possible_linebreaks, the same rules u8_width_linebreaks applies), with
 * the width decided here so that tabs, placeholders and trailing spaces are
 * measured exactly. UAX #14 allows "30|万倍"; here a number keeps the
 * multipliers after it (十百千万亿兆) and one more ideograph, its unit:
 * "30万倍", "2023年", "1万张" stay whole. A break before cluster j is taken only if the first
 * non-space cluster from j may start a line (not ，。、；：？！）》」』”’…— etc.
 * nor ASCII ,.;:!?)]}%) and the last non-space cluster before j may end one
 * (not （《「『“‘ etc. nor ASCII ([{). Spaces and tabs at a soft break are
 * dropped: trailing ones trimmed, leading ones of the next line skipped.
 * When no allowed break fits, the line is split hard at the last cluster
 * boundary that fits, moved back (kinsoku: the character before a closing
 * mark goes down with it, an opening mark goes down with what follows) until
 * the rules hold; only when no boundary in the line satisfies them is the
 * line cut where it overflows. A cluster wider than the whole line (a wide
 * character at width 1, a ZWJ family wider than the space) is never split:
 * the line is marked oversize and the frame draws one "▯" placeholder. Tabs
 * advance to the next multiple of 8 columns from the start of the line's
 * text and draw nothing. */
#include "textlayout.h"

#include <stdlib.h>
#include <string.h>
#include <unigbrk.h>
#include <unilbrk.h>
#include <unistr.h>
#include <uniwidth.h>

#include "textclass.h"
#include "utf8.h"
#include "xalloc.h"

static const char pic_bad[] = TEXT_PLACEHOLDER_BAD;

static bool no_start(uint32_t c)
{
	switch (c) {
	/* clang-format off */
	case ',': case '.': case ';': case ':': case '!': case '?':
	case ')': case ']': case '}': case '%':
	case 0x00B0: case 0x00B7: case 0x2014: case 0x2015: case 0x2019: case 0x201D:
	case 0x2026: case 0x2030: case 0x2103: case 0x22EF:
	case 0x3001: case 0x3002: case 0x3009: case 0x300B: case 0x300D: case 0x300F:
	case 0x3011: case 0x3015: case 0x3017: case 0x3019: case 0x301B: case 0x301E:
	case 0x301F: case 0x30FB:
	case 0xFF01: case 0xFF05: case 0xFF09: case 0xFF0C: case 0xFF0E: case 0xFF1A:
	case 0xFF1B: case 0xFF1F: case 0xFF3D: case 0xFF5D: case 0xFF61: case 0xFF63:
	case 0xFF64:
		/* clang-format on */
		return true;
	default: return false;
	}
}

static bool no_end(uint32_t c)
{
	switch (c) {
	/* clang-format off */
	case '(': case '[': case '{':
	case 0x2018: case 0x201C:
	case 0x3008: case 0x300A: case 0x300C: case 0x300E: case 0x3010: case 0x3014:
	case 0x3016: case 0x3018: case 0x301A: case 0x301D:
	case 0xFF08: case 0xFF3B: case 0xFF5B: case 0xFF62:
		/* clang-format on */
		return true;
	default: return false;
	}
}

bool layout_no_line_start(uint32_t c)
{
	return no_start(c);
}

bool layout_no_line_end(uint32_t c)
{
	return no_end(c);
}

/* The placeholder for a character that must not reach the terminal, or
 * NULL for a character that may be drawn as itself (a tab is expanded by
 * the layout). The classes and placeholders are textclass.h's. */
static const char *ctrl_pic(uint32_t c)
{
	return c == '\t' || !text_unsafe(c) ? NULL : text_placeholder(c);
}

/* uc_width(c, "UTF-8") with the common cases answered without the call
 * (and so without its tables): ASCII, Latin-1 but the soft hyphen, general
 * punctuation, box drawing and block elements (the status line's rules and
 * the charts' bars) are 1 column; CJK punctuation but its combining tone
 * marks, CJK ideographs and full-width forms are 2. tests/test_layout.c
 * checks every one of them against uc_width(). */
int tl_char_width(uint32_t c)
{
	if ((c >= 0x20 && c < 0x7F) || (c >= 0xA0 && c <= 0xFF && c != 0xAD) ||
	    (c >= 0x2010 && c <= 0x2027) || (c >= 0x2030 && c <= 0x205E) ||
	    (c >= 0x2500 && c <= 0x259F))
		return 1;
	if ((c >= 0x3000 && c <= 0x3029) || (c >= 0x3030 && c <= 0x303E) ||
	    (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xFF01 && c <= 0xFF60))
		return 2;
	return uc_width(c, "UTF-8");
}

static bool is_special(uint32_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || ctrl_pic(c) != NULL;
}

/* The code point at u[pos] of text known to be valid UTF-8; *l gets its
 * length in bytes. */
static uint32_t decode_valid(const uint8_t *u, size_t pos, int *l)
{
	uint8_t b = u[pos];
	if (b < 0x80) {
		*l = 1;
		return b;
	}
	if (b < 0xE0) {
		*l = 2;
		return (uint32_t)(b & 0x1F) << 6 | (u[pos + 1] & 0x3F);
	}
	if (b < 0xF0) {
		*l = 3;
		return (uint32_t)(b & 0x0F) << 12 | (uint32_t)(u[pos + 1] & 0x3F) << 6 |
		       (u[pos + 2] & 0x3F);
	}
	*l = 4;
	return (uint32_t)(b & 0x07) << 18 | (uint32_t)(u[pos + 1] & 0x3F) << 12 |
	       (uint32_t)(u[pos + 2] & 0x3F) << 6 | (u[pos + 3] & 0x3F);
}

/* Reads the cluster starting at pos of u[0..n). gb holds grapheme
 * boundaries of valid UTF-8, or is NULL for invalid UTF-8 (clusters are
 * then code points). With nl_break a newline is TL_NL, otherwise a
 * placeholder. Returns the position after the cluster. */
static size_t seg_next(const uint8_t *u, size_t n, size_t pos, const char *gb, bool nl_break,
		       struct tl_cluster *k)
{
	uint32_t c;
	int l = 1;
	if (u[pos] < 0x80)
		c = u[pos];
	else if (gb)
		c = decode_valid(u, pos, &l);
	else
		l = u8_mbtouc(&c, u + pos, n - pos);
	*k = (struct tl_cluster){ .off = pos, .len = (unsigned)l, .cp = c };
	/* the common clusters of one character: an ideograph, a letter, a digit */
	if (gb && (pos + (size_t)l >= n || gb[pos + (size_t)l])) {
		if (c >= 0x4E00 && c <= 0x9FFF) {
			k->width = 2;
			return pos + (size_t)l;
		}
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
			k->width = 1;
			return pos + 1;
		}
	}
	const char *ph;
	if (c == '\n' && nl_break) {
		k->kind = TL_NL;
	} else if (c == '\t') {
		k->kind = TL_TAB;
	} else if (c == ' ') {
		k->kind = TL_SPACE;
		k->width = 1;
	} else if ((ph = ctrl_pic(c)) != NULL || (!gb && c == 0xFFFD)) {
		k->kind = TL_PH;
		k->width = 1;
		k->ph = ph ? ph : pic_bad;
	} else {
		int w = tl_char_width(c);
		k->kind = TL_TEXT;
		k->width = w > 0 ? (unsigned)w : 0;
		k->nostart = no_start(c);
		k->noend = no_end(c);
		pos += (size_t)l;
		while (gb && pos < n && !gb[pos]) {
			int m;
			uint32_t d = decode_valid(u, pos, &m);
			if (is_special(d))
				break;
			w = tl_char_width(d);
			if (w > 0)
				k->width += (unsigned)w;
			pos += (size_t)m;
		}
		k->len = (unsigned)(pos - k->off);
		return pos;
	}
	return pos + (size_t)l;
}

static bool is_han(uint32_t c)
{
	return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
	       (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3134F);
}

static bool is_multiplier(uint32_t c)
{
	return c == 0x5341 || c == 0x767E || c == 0x5343 || c == 0x4E07 || c == 0x4EBF ||
	       c == 0x5146; /* 十 百 千 万 亿 兆 */
}

void tl_release(struct tl_text *w)
{
	free(w->lb);
	free(w->gb);
	free(w->cl);
	memset(w, 0, sizeof *w);
}

/* True for a character that is a grapheme cluster of its own whatever
 * surrounds it (UAX #29: not Extend, ZWJ, SpacingMark, Prepend, a regional
 * indicator, a Hangul jamo, CR or LF): printable ASCII and Latin-1, general
 * punctuation without the joiners, box drawing and block elements (the
 * status line's rules and the charts' bars), CJK punctuation without its
 * combining tone marks, kana without the voicing marks, CJK ideographs,
 * full-width forms. */
static bool stands_alone(uint32_t c)
{
	return (c >= 0x20 && c < 0x7F) || (c >= 0xA0 && c <= 0xFF) ||
	       (c >= 0x2010 && c <= 0x2027) || (c >= 0x2030 && c <= 0x205E) ||
	       (c >= 0x2500 && c <= 0x259F) || (c >= 0x3000 && c <= 0x3029) ||
	       (c >= 0x3030 && c <= 0x303F) || (c >= 0x3041 && c <= 0x3096) ||
	       (c >= 0x309B && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) ||
	       (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xFF01 && c <= 0xFF60);
}

/* u8_grapheme_breaks() for valid UTF-8 u[0..n): text made only of
 * characters that stand alone gets a boundary before every character
 * directly, which is what libunistring would compute at several times the
 * cost (its table lookups were the largest part of laying out Chinese
 * text); anything else goes to libunistring. */
static void grapheme_breaks(const uint8_t *u, size_t n, char *gb)
{
	for (size_t i = 0; i < n;) {
		uint32_t c;
		size_t k;
		if (u[i] < 0x80) {
			c = u[i];
			k = 1;
		} else if (u[i] < 0xE0) {
			c = (uint32_t)(u[i] & 0x1F) << 6 | (u[i + 1] & 0x3F);
			k = 2;
		} else if (u[i] < 0xF0) {
			c = (uint32_t)(u[i] & 0x0F) << 12 | (uint32_t)(u[i + 1] & 0x3F) << 6 |
			    (u[i + 2] & 0x3F);
			k = 3;
		} else {
			c = 0x1F600; /* outside the BMP: let libunistring decide */
			k = 4;
		}
		if (!stands_alone(c)) {
			u8_grapheme_breaks(u, n, gb);
			return;
		}
		gb[i] = 1;
		for (size_t j = 1; j < k; j++)
			gb[i + j] = 0;
		i += k;
	}
}

/* Cuts s[0..n) into w->cl, without the break opportunities (brk): the
 * widths alone tell whether the text needs breaking at all. */
void tl_segment(struct tl_text *w, const char *s, size_t n)
{
	const uint8_t *u = (const uint8_t *)s;
	w->valid = utf8_check(u, n) == NULL;
	if (n > w->bcap) {
		size_t cap = w->bcap;
		xgrow((void **)&w->lb, &cap, n, 1);
		w->gb = xrealloc(w->gb, cap);
		w->bcap = cap;
	}
	if (w->valid && n)
		grapheme_breaks(u, n, w->gb);
	w->text = s;
	w->len = n;
	w->ncl = 0;
	xgrow((void **)&w->cl, &w->clcap, n, sizeof *w->cl); /* a cluster has a byte or more */
	for (size_t pos = 0; pos < n;) {
		struct tl_cluster k;
		size_t next = seg_next(u, n, pos, w->valid ? w->gb : NULL, true, &k);
		w->cl[w->ncl++] = k;
		pos = next;
	}
}

/* Sets the break opportunities of w->cl: UAX #14 (u8_possible_linebreaks)
 * for valid text, after a blank otherwise; either way a number keeps its
 * multipliers and one unit. Only text wider than its line needs them;
 * leaving them out spares libunistring's line-break tables and code. */
void tl_breaks(struct tl_text *w)
{
	if (w->valid && w->len)
		u8_possible_linebreaks((const uint8_t *)w->text, w->len, "UTF-8", w->lb);
	bool prev_space = false;
	int num = 0; /* 1 after a digit, 2 after digit + multiplier (万, 亿 ...) */
	for (size_t i = 0; i < w->ncl; i++) {
		struct tl_cluster *k = &w->cl[i];
		if (w->valid)
			k->brk = w->lb[k->off] == UC_BREAK_POSSIBLE ||
				 w->lb[k->off] == UC_BREAK_HYPHENATION;
		else
			k->brk = prev_space;
		prev_space = k->kind == TL_SPACE || k->kind == TL_TAB;
		/* a number keeps its multipliers and one unit: 30万倍, 2023年, 1万张 */
		uint32_t c = k->kind == TL_TEXT ? k->cp : 0;
		if (num && is_multiplier(c)) {
			k->brk = 0;
			num = 2;
		} else if (num && is_han(c)) {
			k->brk = 0;
			num = 0;
		} else {
			num = (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19);
		}
	}
}

/* Width of clusters [i, e) laid from the start of a line. */
unsigned tl_measure(const struct tl_text *w, size_t i, size_t e)
{
	unsigned x = 0;
	for (size_t k = i; k < e; k++)
		x += w->cl[k].kind == TL_TAB ? 8 - x % 8 : w->cl[k].width;
	return x;
}

/* True if a break before cluster j (line started at i) breaks the start or
 * end rules, or would leave the line empty. */
static bool tl_violates(const struct tl_text *w, size_t i, size_t j)
{
	size_t f = j, e = j;
	while (f < w->ncl && tl_blank(&w->cl[f]))
		f++;
	while (e > i && tl_blank(&w->cl[e - 1]))
		e--;
	if (e == i)
		return true;
	return (f < w->ncl && w->cl[f].nostart) || w->cl[e - 1].noend;
}

/* Finds the line that starts at cluster i, at most W (>= 1) columns. */
void tl_line(const struct tl_text *w, size_t i, unsigned W, struct tl_line *ln)
{
	const struct tl_cluster *cl = w->cl;
	unsigned cur = 0, wnsp = 0, bestw = 0;
	size_t endnsp = i, best = SIZE_MAX, bestend = i;
	memset(ln, 0, sizeof *ln);
	ln->c0 = i;
	for (size_t k = i; k < w->ncl; k++) {
		const struct tl_cluster *c = &cl[k];
		if (c->kind == TL_NL) {
			ln->c1 = endnsp;
			ln->width = wnsp;
			ln->next = k + 1;
			ln->hard = true;
			return;
		}
		if (tl_blank(c)) {
			cur += c->kind == TL_TAB ? 8 - cur % 8 : c->width;
			continue;
		}
		if (endnsp > i && c->brk && !c->nostart && !cl[endnsp - 1].noend) {
			best = k;
			bestw = wnsp;
			bestend = endnsp;
		}
		if (cur + c->width <= W) {
			cur += c->width;
			wnsp = cur;
			endnsp = k + 1;
			continue;
		}
		if (best != SIZE_MAX) {
			ln->c1 = bestend;
			ln->width = bestw;
			ln->next = best;
			return;
		}
		if (endnsp == i) {
			/* nothing but blanks before k, and k does not fit */
			if (k > i) {
				ln->c1 = i;
				ln->next = k;
			} else {
				ln->c1 = i + 1;
				ln->width = 1;
				ln->oversize = true;
				ln->next = i + 1;
			}
			return;
		}
		size_t j = k;
		while (j > i + 1 && tl_violates(w, i, j))
			j--;
		if (tl_violates(w, i, j))
			j = k;
		size_t e = j;
		while (e > i && tl_blank(&cl[e - 1]))
			e--;
		ln->c1 = e;
		ln->width = tl_measure(w, i, e);
		ln->next = j;
		return;
	}
	ln->c1 = endnsp;
	ln->width = wnsp;
	ln->next = w->ncl;
}

void tl_iter_init(struct tl_iter *it, const char *text, size_t len)
{
	it->u = (const uint8_t *)text;
	it->n = len;
	it->pos = 0;
	it->gb = NULL;
	if (utf8_check(it->u, len) == NULL) {
		it->gb = len <= sizeof it->sgb ? it->sgb : xmalloc(len);
		if (len)
			grapheme_breaks(it->u, len, it->gb);
	}
}

bool tl_iter_next(struct tl_iter *it, struct tl_cluster *c)
{
	if (it->pos >= it->n)
		return false;
	it->pos = seg_next(it->u, it->n, it->pos, it->gb, false, c);
	return true;
}

void tl_iter_release(struct tl_iter *it)
{
	if (it->gb != it->sgb)
		free(it->gb);
	it->gb = NULL;
}

unsigned layout_width(const char *text, size_t len)
{
	struct tl_iter it;
	struct tl_cluster c;
	unsigned x = 0;
	tl_iter_init(&it, text, len);
	while (tl_iter_next(&it, &c))
		x += c.kind == TL_TAB ? 8 - x % 8 : c.width;
	tl_iter_release(&it);
	return x;
}
