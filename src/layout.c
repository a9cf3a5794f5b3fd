/* The layout engine.
 *
 * Text is cut into clusters: one grapheme cluster (u8_grapheme_breaks), or a
 * single space, tab, newline, or a character that must not reach the
 * terminal (C0 except tab, DEL, C1, bidi overrides and isolates, U+2028/9,
 * invalid bytes), which becomes a 1-column placeholder of STYLE_PLACEHOLDER
 * (control pictures U+2400-U+241F for C0, "␡" for DEL, "�" otherwise). ESC
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
 * it is drawn as one "▯" placeholder. Tabs advance to the next multiple of 8
 * columns from the start of the line's text and draw nothing.
 *
 * A slide is laid out top to bottom into an unlimited frame, then cut to the
 * requested height: rows [scroll, ...) are kept, and a "▲ more" / "▼ more"
 * row (STYLE_MORE, right-aligned) replaces the first / last row when content
 * is hidden above / below. Items revealed later are laid out too on the
 * audience screen so that centring does not move when they appear; they
 * are then dropped from the frame. */
#include "layout.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unigbrk.h>
#include <unilbrk.h>
#include <unistr.h>

#include "textclass.h"
#include "utf8.h"
#include <uniwidth.h>

#define R4(s) s s s s
#define R16(s) R4(R4(s))
#define R64(s) R4(R16(s))

/* Repeated glyphs for rules, boxes and bars: REP_N glyphs of 3 bytes each. */
enum { REP_N = 64 };
static const char rep_hbar[] = R64("━");
static const char rep_block[] = R64("█");

static const char pic_bad[] = TEXT_PLACEHOLDER_BAD;
static const char pic_wide[] = "▯";
/* Partial blocks for 1/8 .. 7/8 of a column. */
static const char *const eighths[8] = { "", "▏", "▎", "▍", "▌", "▋", "▊", "▉" };

enum ck { CK_TEXT, CK_SPACE, CK_TAB, CK_NL, CK_PH };

/* One cluster of a text being wrapped or drawn. */
struct clus {
	size_t off;
	unsigned len;        /* bytes */
	unsigned width;      /* columns; 0 for tabs and newlines */
	unsigned char kind;  /* enum ck */
	unsigned char brk;   /* UAX #14 allows a break before it */
	unsigned char nostart, noend;
	const char *ph;      /* CK_PH: the placeholder drawn (always 3 bytes) */
	ucs4_t cp;           /* its first character */
};

/* Scratch buffers reused for every paragraph of one call. */
struct wrapbuf {
	char *lb, *gb;
	size_t bcap;
	struct clus *cl;
	size_t clcap, ncl;
	const char *text;
	size_t len;
	bool valid; /* text is valid UTF-8 */
};

struct wline {
	size_t c0, c1;  /* clusters drawn, trailing spaces excluded */
	size_t next;    /* first cluster after the break */
	unsigned width; /* columns of c0..c1 */
	bool hard;      /* ended by a newline: keep the next line's spaces */
	bool oversize;  /* one cluster wider than the line: drawn as pic_wide */
};

static bool no_start(ucs4_t c)
{
	switch (c) {
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
		return true;
	default:
		return false;
	}
}

static bool no_end(ucs4_t c)
{
	switch (c) {
	case '(': case '[': case '{':
	case 0x2018: case 0x201C:
	case 0x3008: case 0x300A: case 0x300C: case 0x300E: case 0x3010: case 0x3014:
	case 0x3016: case 0x3018: case 0x301A: case 0x301D:
	case 0xFF08: case 0xFF3B: case 0xFF5B: case 0xFF62:
		return true;
	default:
		return false;
	}
}

/* The placeholder for a character that must not reach the terminal, or
 * NULL for a character that may be drawn as itself (a tab is expanded by
 * the layout). The classes and placeholders are textclass.h's. */
static const char *ctrl_pic(ucs4_t c)
{
	return c == '\t' || !text_unsafe(c) ? NULL : text_placeholder(c);
}

/* uc_width(c, "UTF-8") with the common cases answered without the call
 * (and so without its tables): ASCII, Latin-1 but the soft hyphen, general
 * punctuation, box drawing and block elements (the status line's rules and
 * the charts' bars) are 1 column; CJK punctuation but its combining tone
 * marks, CJK ideographs and full-width forms are 2. tests/test_layout.c
 * checks every one of them against uc_width(). */
static int cp_width(ucs4_t c)
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

static bool is_special(ucs4_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || ctrl_pic(c) != NULL;
}

/* The code point at u[pos] of text known to be valid UTF-8; *l gets its
 * length in bytes. */
static ucs4_t decode_valid(const uint8_t *u, size_t pos, int *l)
{
	uint8_t b = u[pos];
	if (b < 0x80) {
		*l = 1;
		return b;
	}
	if (b < 0xE0) {
		*l = 2;
		return (ucs4_t)(b & 0x1F) << 6 | (u[pos + 1] & 0x3F);
	}
	if (b < 0xF0) {
		*l = 3;
		return (ucs4_t)(b & 0x0F) << 12 | (ucs4_t)(u[pos + 1] & 0x3F) << 6 |
		       (u[pos + 2] & 0x3F);
	}
	*l = 4;
	return (ucs4_t)(b & 0x07) << 18 | (ucs4_t)(u[pos + 1] & 0x3F) << 12 |
	       (ucs4_t)(u[pos + 2] & 0x3F) << 6 | (u[pos + 3] & 0x3F);
}

/* Reads the cluster starting at pos of u[0..n). gb holds grapheme
 * boundaries of valid UTF-8, or is NULL for invalid UTF-8 (clusters are
 * then code points). With nl_break a newline is CK_NL, otherwise a
 * placeholder. Returns the position after the cluster. */
static size_t seg_next(const uint8_t *u, size_t n, size_t pos, const char *gb, bool nl_break,
		       struct clus *k)
{
	ucs4_t c;
	int l = 1;
	if (u[pos] < 0x80)
		c = u[pos];
	else if (gb)
		c = decode_valid(u, pos, &l);
	else
		l = u8_mbtouc(&c, u + pos, n - pos);
	*k = (struct clus){ .off = pos, .len = (unsigned)l, .cp = c };
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
		k->kind = CK_NL;
	} else if (c == '\t') {
		k->kind = CK_TAB;
	} else if (c == ' ') {
		k->kind = CK_SPACE;
		k->width = 1;
	} else if ((ph = ctrl_pic(c)) != NULL || (!gb && c == 0xFFFD)) {
		k->kind = CK_PH;
		k->width = 1;
		k->ph = ph ? ph : pic_bad;
	} else {
		int w = cp_width(c);
		k->kind = CK_TEXT;
		k->width = w > 0 ? (unsigned)w : 0;
		k->nostart = no_start(c);
		k->noend = no_end(c);
		pos += (size_t)l;
		while (gb && pos < n && !gb[pos]) {
			int m;
			ucs4_t d = decode_valid(u, pos, &m);
			if (is_special(d))
				break;
			w = cp_width(d);
			if (w > 0)
				k->width += (unsigned)w;
			pos += (size_t)m;
		}
		k->len = (unsigned)(pos - k->off);
		return pos;
	}
	return pos + (size_t)l;
}

static bool is_han(ucs4_t c)
{
	return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
	       (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3134F);
}

static bool is_multiplier(ucs4_t c)
{
	return c == 0x5341 || c == 0x767E || c == 0x5343 || c == 0x4E07 || c == 0x4EBF ||
	       c == 0x5146; /* 十 百 千 万 亿 兆 */
}

static void wb_release(struct wrapbuf *w)
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
	       (c >= 0x2500 && c <= 0x259F) ||
	       (c >= 0x3000 && c <= 0x3029) || (c >= 0x3030 && c <= 0x303F) ||
	       (c >= 0x3041 && c <= 0x3096) || (c >= 0x309B && c <= 0x30FF) ||
	       (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
	       (c >= 0xFF01 && c <= 0xFF60);
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
static void wb_segment(struct wrapbuf *w, const char *s, size_t n)
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
		struct clus k;
		size_t next = seg_next(u, n, pos, w->valid ? w->gb : NULL, true, &k);
		w->cl[w->ncl++] = k;
		pos = next;
	}
}

/* Sets the break opportunities of w->cl: UAX #14 (u8_possible_linebreaks)
 * for valid text, after a blank otherwise; either way a number keeps its
 * multipliers and one unit. Only text wider than its line needs them;
 * leaving them out spares libunistring's line-break tables and code. */
static void wb_breaks(struct wrapbuf *w)
{
	if (w->valid && w->len)
		u8_possible_linebreaks((const uint8_t *)w->text, w->len, "UTF-8", w->lb);
	bool prev_space = false;
	int num = 0; /* 1 after a digit, 2 after digit + multiplier (万, 亿 ...) */
	for (size_t i = 0; i < w->ncl; i++) {
		struct clus *k = &w->cl[i];
		if (w->valid)
			k->brk = w->lb[k->off] == UC_BREAK_POSSIBLE ||
				 w->lb[k->off] == UC_BREAK_HYPHENATION;
		else
			k->brk = prev_space;
		prev_space = k->kind == CK_SPACE || k->kind == CK_TAB;
		/* a number keeps its multipliers and one unit: 30万倍, 2023年, 1万张 */
		ucs4_t c = k->kind == CK_TEXT ? k->cp : 0;
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

static bool is_blank(const struct clus *c)
{
	return c->kind == CK_SPACE || c->kind == CK_TAB;
}

/* Width of clusters [i, e) laid from the start of a line. */
static unsigned wb_measure(const struct wrapbuf *w, size_t i, size_t e)
{
	unsigned x = 0;
	for (size_t k = i; k < e; k++)
		x += w->cl[k].kind == CK_TAB ? 8 - x % 8 : w->cl[k].width;
	return x;
}

/* True if a break before cluster j (line started at i) breaks the start or
 * end rules, or would leave the line empty. */
static bool wb_violates(const struct wrapbuf *w, size_t i, size_t j)
{
	size_t f = j, e = j;
	while (f < w->ncl && is_blank(&w->cl[f]))
		f++;
	while (e > i && is_blank(&w->cl[e - 1]))
		e--;
	if (e == i)
		return true;
	return (f < w->ncl && w->cl[f].nostart) || w->cl[e - 1].noend;
}

/* Finds the line that starts at cluster i, at most W (>= 1) columns. */
static void wb_line(const struct wrapbuf *w, size_t i, unsigned W, struct wline *ln)
{
	const struct clus *cl = w->cl;
	unsigned cur = 0, wnsp = 0, bestw = 0;
	size_t endnsp = i, best = SIZE_MAX, bestend = i;
	memset(ln, 0, sizeof *ln);
	ln->c0 = i;
	for (size_t k = i; k < w->ncl; k++) {
		const struct clus *c = &cl[k];
		if (c->kind == CK_NL) {
			ln->c1 = endnsp;
			ln->width = wnsp;
			ln->next = k + 1;
			ln->hard = true;
			return;
		}
		if (is_blank(c)) {
			cur += c->kind == CK_TAB ? 8 - cur % 8 : c->width;
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
		while (j > i + 1 && wb_violates(w, i, j))
			j--;
		if (wb_violates(w, i, j))
			j = k;
		size_t e = j;
		while (e > i && is_blank(&cl[e - 1]))
			e--;
		ln->c1 = e;
		ln->width = wb_measure(w, i, e);
		ln->next = j;
		return;
	}
	ln->c1 = endnsp;
	ln->width = wnsp;
	ln->next = w->ncl;
}

/* ---- frames ---- */

static void frame_rows_ensure(struct frame *f, unsigned n)
{
	if (n <= f->nrows)
		return;
	xgrow((void **)&f->rows, &f->rowcap, n, sizeof *f->rows);
	for (unsigned r = f->nrows; r < n; r++)
		f->rows[r] = (struct frame_row){ f->nruns, 0 };
	f->nrows = n;
}

/* Inserts a run into row (kept in column order). The caller guarantees it
 * fits in the frame and overlaps no other run. */
static void add_run(struct frame *f, unsigned row, unsigned col, const char *text, size_t len,
		    unsigned width, enum style st)
{
	frame_rows_ensure(f, row + 1);
	xgrow((void **)&f->runs, &f->runcap, f->nruns + 1, sizeof *f->runs);
	struct frame_row *r = &f->rows[row];
	size_t p = r->first + r->n;
	while (p > r->first && f->runs[p - 1].col > col)
		p--;
	if (p < f->nruns)
		memmove(f->runs + p + 1, f->runs + p, (f->nruns - p) * sizeof *f->runs);
	f->runs[p] = (struct run){ text, len, col, width, st };
	f->nruns++;
	r->n++;
	for (unsigned k = row + 1; k < f->nrows; k++)
		f->rows[k].first++;
}

struct frame *frame_new(unsigned cols, unsigned rows)
{
	struct frame *f = xcalloc(1, sizeof *f);
	f->cols = cols;
	frame_rows_ensure(f, rows);
	return f;
}

void frame_free(struct frame *f)
{
	if (!f)
		return;
	free(f->rows);
	free(f->runs);
	free(f);
}

/* Draws clusters of a line found by wb_line at (row, col). */
static void emit_line(struct frame *f, unsigned row, unsigned col, const struct wrapbuf *w,
		      const struct wline *ln, enum style st)
{
	frame_rows_ensure(f, row + 1);
	if (ln->oversize) {
		add_run(f, row, col, pic_wide, strlen(pic_wide), 1, STYLE_PLACEHOLDER);
		return;
	}
	unsigned x = 0, rx = 0, rw = 0;
	size_t roff = 0, rlen = 0;
	for (size_t k = ln->c0; k < ln->c1; k++) {
		const struct clus *c = &w->cl[k];
		if (c->kind == CK_TEXT || c->kind == CK_SPACE) {
			if (rlen && roff + rlen == c->off) {
				rlen += c->len;
				rw += c->width;
			} else {
				if (rlen)
					add_run(f, row, col + rx, w->text + roff, rlen, rw, st);
				roff = c->off;
				rlen = c->len;
				rw = c->width;
				rx = x;
			}
			x += c->width;
			continue;
		}
		if (rlen)
			add_run(f, row, col + rx, w->text + roff, rlen, rw, st);
		rlen = 0;
		if (c->kind == CK_TAB) {
			x += 8 - x % 8;
		} else if (c->kind == CK_PH) {
			add_run(f, row, col + x, c->ph, 3, 1, STYLE_PLACEHOLDER);
			x++;
		}
	}
	if (rlen)
		add_run(f, row, col + rx, w->text + roff, rlen, rw, st);
}

enum align { ALIGN_LEFT, ALIGN_CENTRE, ALIGN_RIGHT };

/* Wraps text into f at rows from row, inside columns [x, x + width).
 * Returns rows used (0 for empty text). */
static unsigned wrap_text(struct frame *f, struct wrapbuf *w, unsigned row, unsigned x,
			  unsigned width, const char *text, size_t len, enum style st,
			  enum align al)
{
	if (x >= f->cols || width == 0 || len == 0)
		return 0;
	if (width > f->cols - x)
		width = f->cols - x;
	wb_segment(w, text, len);
	if (wb_measure(w, 0, w->ncl) > width)
		wb_breaks(w); /* else the text is one line per newline: no break */
	unsigned r = 0;
	size_t i = 0;
	while (i < w->ncl) {
		struct wline ln;
		wb_line(w, i, width, &ln);
		unsigned dx = 0;
		if (al == ALIGN_CENTRE)
			dx = (width - ln.width) / 2;
		else if (al == ALIGN_RIGHT)
			dx = width - ln.width;
		emit_line(f, row + r, x + dx, w, &ln, st);
		r++;
		i = ln.next;
		if (!ln.hard)
			while (i < w->ncl && is_blank(&w->cl[i]))
				i++;
	}
	return r;
}

unsigned frame_wrap(struct frame *f, unsigned row, unsigned indent, unsigned width,
		    const char *text, size_t len, enum style st)
{
	struct wrapbuf w = { 0 };
	unsigned r = wrap_text(f, &w, row, indent, width, text, len, st, ALIGN_LEFT);
	wb_release(&w);
	return r;
}

/* Grapheme boundaries of short texts live on the stack. */
enum { GB_STACK = 512 };

unsigned frame_put(struct frame *f, unsigned row, unsigned col, const char *text, size_t len,
		   unsigned maxw, enum style st)
{
	frame_rows_ensure(f, row + 1);
	if (col >= f->cols)
		return 0;
	/* the free gap around col on this row */
	const struct frame_row *fr = &f->rows[row];
	unsigned lo = col, hi = f->cols;
	for (size_t k = fr->first; k < fr->first + fr->n; k++) {
		const struct run *r = &f->runs[k];
		if (r->col >= col) {
			hi = r->col < hi ? r->col : hi;
			break;
		}
		if (r->col + r->width > lo)
			lo = r->col + r->width; /* col falls inside this run */
	}
	if (lo >= hi)
		return 0;
	unsigned lim = hi - lo;
	if (maxw < lim)
		lim = maxw;
	col = lo;

	const uint8_t *u = (const uint8_t *)text;
	char sgb[GB_STACK];
	char *gb = NULL;
	if (utf8_check(u, len) == NULL) {
		gb = len <= sizeof sgb ? sgb : xmalloc(len);
		if (len)
			grapheme_breaks(u, len, gb);
	}
	unsigned x = 0, rx = 0, rw = 0;
	size_t roff = 0, rlen = 0;
	for (size_t pos = 0; pos < len;) {
		struct clus c;
		size_t next = seg_next(u, len, pos, gb, false, &c);
		unsigned cw = c.kind == CK_TAB ? 8 - x % 8 : c.width;
		if (x + cw > lim)
			break;
		if (c.kind == CK_TEXT || c.kind == CK_SPACE) {
			if (rlen && roff + rlen == c.off) {
				rlen += c.len;
				rw += c.width;
			} else {
				roff = c.off;
				rlen = c.len;
				rw = c.width;
				rx = x;
			}
		} else {
			if (rlen)
				add_run(f, row, col + rx, text + roff, rlen, rw, st);
			rlen = 0;
			if (c.kind == CK_PH)
				add_run(f, row, col + x, c.ph, 3, 1, STYLE_PLACEHOLDER);
		}
		x += cw;
		pos = next;
	}
	if (rlen)
		add_run(f, row, col + rx, text + roff, rlen, rw, st);
	if (gb != sgb)
		free(gb);
	return x;
}

unsigned layout_width(const char *text, size_t len)
{
	const uint8_t *u = (const uint8_t *)text;
	char sgb[GB_STACK];
	char *gb = NULL;
	if (utf8_check(u, len) == NULL) {
		gb = len <= sizeof sgb ? sgb : xmalloc(len);
		if (len)
			grapheme_breaks(u, len, gb);
	}
	unsigned x = 0;
	for (size_t pos = 0; pos < len;) {
		struct clus c;
		pos = seg_next(u, len, pos, gb, false, &c);
		x += c.kind == CK_TAB ? 8 - x % 8 : c.width;
	}
	if (gb != sgb)
		free(gb);
	return x;
}

/* Puts count copies of a 3-byte glyph from a repeat string. */
static void put_repeat(struct frame *f, unsigned row, unsigned col, const char *rep,
		       unsigned count, enum style st)
{
	while (count) {
		unsigned n = count < REP_N ? count : REP_N;
		add_run(f, row, col, rep, 3 * (size_t)n, n, st);
		col += n;
		count -= n;
	}
}

/* ---- slides ---- */

struct lay {
	struct frame *f;
	struct wrapbuf wb;
	const struct slide *s;
	enum view view;
	unsigned left, cw; /* content columns [left, left + cw) */
	unsigned row;      /* next free row */
	bool compact;      /* preview: no blank rows, no boxes */
	bool centre;       /* title layout on the audience screen */
	bool centre_boxes; /* figures centred (audience screen) */
};

static unsigned lay_text(struct lay *L, unsigned row, unsigned x, unsigned width, const char *text,
			 enum style st, enum align al)
{
	if (!text)
		return 0;
	return wrap_text(L->f, &L->wb, row, x, width, text, strlen(text), st, al);
}

/* Shifts every run of rows [r0, r1) right so the block is centred in the
 * content width. */
static void centre_block(struct lay *L, unsigned r0, unsigned r1)
{
	struct frame *f = L->f;
	frame_rows_ensure(f, r1);
	unsigned ext = 0;
	for (unsigned r = r0; r < r1; r++) {
		const struct frame_row *fr = &f->rows[r];
		if (fr->n) {
			const struct run *last = &f->runs[fr->first + fr->n - 1];
			if (last->col + last->width - L->left > ext)
				ext = last->col + last->width - L->left;
		}
	}
	if (ext >= L->cw)
		return;
	unsigned dx = (L->cw - ext) / 2;
	for (unsigned r = r0; r < r1; r++)
		for (size_t k = f->rows[r].first; k < f->rows[r].first + f->rows[r].n; k++)
			f->runs[k].col += dx;
}

static void lay_bullet(struct lay *L, const struct item *it)
{
	unsigned lvl = it->kind == ITEM_SUB ? 1 : 0;
	unsigned ind = lvl * 2 + 2;
	unsigned n;
	if (L->cw >= ind + 2) {
		const char *g = lvl ? "◦" : "•";
		add_run(L->f, L->row, L->left + lvl * 2, g, strlen(g), 1, STYLE_BULLET);
		n = lay_text(L, L->row, L->left + ind, L->cw - ind, it->text, STYLE_TEXT,
			     ALIGN_LEFT);
	} else {
		n = lay_text(L, L->row, L->left, L->cw, it->text, STYLE_TEXT, ALIGN_LEFT);
	}
	L->row += n ? n : 1;
}

static void lay_figure(struct lay *L, const struct item *it)
{
	struct frame *f = L->f;
	enum align al = L->centre_boxes ? ALIGN_CENTRE : ALIGN_LEFT;
	unsigned fw = layout_width(it->text, strlen(it->text));
	if (L->compact || L->cw < 7 || fw == 0) {
		L->row += lay_text(L, L->row, L->left, L->cw, it->text, STYLE_FIGURE, al);
	} else {
		unsigned pad = fw + 6 <= L->cw ? 2 : 1;
		unsigned tw = fw < L->cw - 2 * pad - 2 ? fw : L->cw - 2 * pad - 2;
		unsigned bw = tw + 2 * pad + 2;
		unsigned bx = L->left + (L->centre_boxes ? (L->cw - bw) / 2 : 0);
		unsigned r = L->row;
		add_run(f, r, bx, "┏", 3, 1, STYLE_FIGURE);
		put_repeat(f, r, bx + 1, rep_hbar, bw - 2, STYLE_FIGURE);
		add_run(f, r, bx + bw - 1, "┓", 3, 1, STYLE_FIGURE);
		r++;
		unsigned n =
			lay_text(L, r, bx + 1 + pad, tw, it->text, STYLE_FIGURE, ALIGN_CENTRE);
		for (unsigned k = 0; k < n; k++) {
			add_run(f, r + k, bx, "┃", 3, 1, STYLE_FIGURE);
			add_run(f, r + k, bx + bw - 1, "┃", 3, 1, STYLE_FIGURE);
		}
		r += n;
		add_run(f, r, bx, "┗", 3, 1, STYLE_FIGURE);
		put_repeat(f, r, bx + 1, rep_hbar, bw - 2, STYLE_FIGURE);
		add_run(f, r, bx + bw - 1, "┛", 3, 1, STYLE_FIGURE);
		L->row = r + 1;
	}
	if (it->caption && *it->caption)
		L->row += lay_text(L, L->row, L->left, L->cw, it->caption, STYLE_CAPTION, al);
}

/* Natural logarithm without libm: frexp splits off the exponent, an atanh
 * series does the mantissa. Deterministic, accurate to ~1e-15. */
static double ln(double x)
{
	int e = 0;
	if (!(x < 1e300))
		x = 1e300;
	/* manual frexp: scale into [0.5, 1) */
	while (x >= 1.0) {
		x /= 2.0;
		e++;
	}
	while (x < 0.5) {
		x *= 2.0;
		e--;
	}
	double z = (x - 1.0) / (x + 1.0), z2 = z * z, term = z, sum = 0.0;
	for (int k = 1; k < 60; k += 2) {
		sum += term / k;
		term *= z2;
	}
	return 2.0 * sum + e * 0.69314718055994530942;
}

/* Length of a bar in eighths of a column, for a bar area of bw columns. */
static unsigned bar_eighths(const struct item *it, double v, unsigned bw)
{
	double lo = 0, hi = 0, frac;
	bool first = true;
	for (size_t k = 0; k < it->nbars; k++) {
		double b = it->bars[k].value;
		if (it->log_scale && !(b > 0))
			continue;
		if (first || b < lo)
			lo = b;
		if (first || b > hi)
			hi = b;
		first = false;
	}
	if (it->log_scale) {
		if (!(v > 0) || !(hi > 0))
			return 0;
		/* one decade below the smallest bar keeps the smallest visible */
		double l0 = ln(lo) - ln(10.0), l1 = ln(hi);
		frac = (ln(v) - l0) / (l1 - l0);
	} else {
		if (!(hi > 0) || !(v > 0))
			return 0;
		frac = v / hi;
	}
	if (frac > 1)
		frac = 1;
	double e = frac * bw * 8 + 0.5;
	unsigned n = (unsigned)e;
	if (n == 0)
		n = 1;
	return n > bw * 8 ? bw * 8 : n;
}

/* Draws a bar at (row, col) of at most bw columns; returns its width. */
static unsigned put_bar(struct frame *f, unsigned row, unsigned col, unsigned e8)
{
	unsigned full = e8 / 8, rem = e8 % 8;
	put_repeat(f, row, col, rep_block, full, STYLE_CHART);
	if (rem)
		add_run(f, row, col + full, eighths[rem], strlen(eighths[rem]), 1, STYLE_CHART);
	return full + (rem ? 1 : 0);
}

static void lay_chart(struct lay *L, const struct item *it)
{
	struct frame *f = L->f;
	L->row += lay_text(L, L->row, L->left, L->cw, it->text, STYLE_CAPTION,
			   L->centre ? ALIGN_CENTRE : ALIGN_LEFT);
	unsigned lw = 0, sw = 0;
	for (size_t k = 0; k < it->nbars; k++) {
		const struct bar *b = &it->bars[k];
		unsigned w = layout_width(b->label, strlen(b->label));
		unsigned s = b->shown ? layout_width(b->shown, strlen(b->shown)) : 0;
		lw = w > lw ? w : lw;
		sw = s > sw ? s : sw;
	}
	unsigned lcap = L->cw / 3 > 2 ? L->cw / 3 : 2;
	unsigned lwc = lw < lcap ? lw : lcap;
	bool side = L->cw > lwc + sw + 2 && L->cw - lwc - sw - 2 >= 4;
	for (size_t k = 0; k < it->nbars; k++) {
		const struct bar *b = &it->bars[k];
		const char *shown = b->shown ? b->shown : "";
		unsigned r = L->row, n;
		if (side) {
			unsigned bw = L->cw - lwc - sw - 2;
			n = lay_text(L, r, L->left, lwc, b->label, STYLE_TEXT, ALIGN_LEFT);
			unsigned x = L->left + lwc + 1;
			x += put_bar(f, r, x, bar_eighths(it, b->value, bw));
			frame_put(f, r, x + 1, shown, strlen(shown), sw, STYLE_CAPTION);
			L->row += n ? n : 1;
			continue;
		}
		n = lay_text(L, r, L->left, L->cw, b->label, STYLE_TEXT, ALIGN_LEFT);
		r += n;
		if (L->cw >= sw + 2) {
			unsigned bw = L->cw - sw - 1;
			unsigned e8 = bar_eighths(it, b->value, bw);
			unsigned x = L->left + put_bar(f, r, L->left, e8);
			if (sw)
				frame_put(f, r, x + 1, shown, strlen(shown), sw, STYLE_CAPTION);
			r++;
		} else {
			put_bar(f, r, L->left, bar_eighths(it, b->value, L->cw));
			r++;
			r += lay_text(L, r, L->left, L->cw, shown, STYLE_CAPTION, ALIGN_LEFT);
		}
		L->row = r;
	}
}

static bool has_wide(const char *s)
{
	const uint8_t *u = (const uint8_t *)s, *end = u + strlen(s);
	while (u < end) {
		uint32_t c;
		int k = utf8_decode(&c, u, (size_t)(end - u));
		u += k > 0 ? k : 1;
		if (cp_width(c) == 2)
			return true;
	}
	return false;
}

static void lay_quote(struct lay *L, const struct item *it)
{
	struct frame *f = L->f;
	unsigned n;
	if (L->cw >= 4) {
		n = lay_text(L, L->row, L->left + 2, L->cw - 2, it->text, STYLE_QUOTE, ALIGN_LEFT);
		for (unsigned k = 0; k < (n ? n : 1); k++)
			add_run(f, L->row + k, L->left, "│", 3, 1, STYLE_BULLET);
	} else {
		n = lay_text(L, L->row, L->left, L->cw, it->text, STYLE_QUOTE, ALIGN_LEFT);
	}
	L->row += n ? n : 1;
	const char *who = it->caption;
	if (!who || !*who)
		return;
	const char *dash = has_wide(who) ? "——" : "—";
	unsigned dw = layout_width(dash, strlen(dash));
	unsigned ww = layout_width(who, strlen(who));
	if (L->cw >= 4 && dw + 1 + ww <= L->cw - 2) {
		unsigned x = L->left + L->cw - (dw + 1 + ww);
		add_run(f, L->row, x, dash, strlen(dash), dw, STYLE_CAPTION);
		frame_put(f, L->row, x + dw + 1, who, strlen(who), ww, STYLE_CAPTION);
		L->row++;
	} else if (L->cw >= dw + 3) {
		add_run(f, L->row, L->left, dash, strlen(dash), dw, STYLE_CAPTION);
		n = lay_text(L, L->row, L->left + dw + 1, L->cw - dw - 1, who, STYLE_CAPTION,
			     ALIGN_LEFT);
		L->row += n ? n : 1;
	} else {
		L->row += lay_text(L, L->row, L->left, L->cw, who, STYLE_CAPTION, ALIGN_LEFT);
	}
}

static bool is_list(enum item_kind k)
{
	return k == ITEM_BULLET || k == ITEM_SUB;
}

static void lay_item(struct lay *L, const struct item *it)
{
	unsigned r0 = L->row;
	switch (it->kind) {
	case ITEM_TEXT:
		L->row += lay_text(L, L->row, L->left, L->cw, it->text, STYLE_TEXT,
				   L->centre ? ALIGN_CENTRE : ALIGN_LEFT);
		return;
	case ITEM_BULLET:
	case ITEM_SUB:
		lay_bullet(L, it);
		break;
	case ITEM_FIGURE:
		lay_figure(L, it);
		return;
	case ITEM_CHART:
		lay_chart(L, it);
		break;
	case ITEM_QUOTE:
		lay_quote(L, it);
		break;
	}
	if (L->centre)
		centre_block(L, r0, L->row);
}

/* Lays out title and items; returns the rows of the items visible at step
 * (all rows when every item is visible). */
static unsigned lay_body(struct lay *L, unsigned step, bool all_steps, bool layout_hidden)
{
	const struct slide *s = L->s;
	enum align tal = L->view == VIEW_SLIDE ? ALIGN_CENTRE : ALIGN_LEFT;
	L->row += lay_text(L, L->row, L->left, L->cw, s->title, STYLE_TITLE, tal);
	if (s->subtitle && *s->subtitle)
		L->row += lay_text(L, L->row, L->left, L->cw, s->subtitle, STYLE_SUBTITLE, tal);
	unsigned vis = UINT32_MAX;
	for (size_t k = 0; k < s->nitems; k++) {
		const struct item *it = &s->items[k];
		if (!all_steps && it->step > step && vis == UINT32_MAX) {
			vis = L->row;
			if (!layout_hidden)
				break;
		}
		bool tight = L->compact ||
			     (k > 0 && is_list(it->kind) && is_list(s->items[k - 1].kind));
		if (!tight)
			L->row++;
		lay_item(L, it);
	}
	return vis == UINT32_MAX ? L->row : vis;
}

static void lay_notes(struct lay *L)
{
	const struct slide *s = L->s;
	if (s->nnotes == 0) {
		static const char none[] = "(no notes)";
		frame_put(L->f, 0, 0, none, sizeof none - 1, L->cw, STYLE_DIM);
		L->row = 1;
		return;
	}
	for (size_t k = 0; k < s->nnotes; k++) {
		if (k > 0)
			L->row++;
		unsigned n = lay_text(L, L->row, 0, L->cw, s->notes[k], STYLE_NOTES, ALIGN_LEFT);
		L->row += n ? n : 1;
	}
}

/* Drops rows from vis on. */
static void frame_truncate(struct frame *f, unsigned vis)
{
	frame_rows_ensure(f, vis);
	if (vis >= f->nrows)
		return;
	f->nruns = f->rows[vis].first;
	f->nrows = vis;
}

/* Inserts pad empty rows on top. */
static void frame_pad_top(struct frame *f, unsigned pad)
{
	if (!pad)
		return;
	unsigned n = f->nrows;
	xgrow((void **)&f->rows, &f->rowcap, (size_t)n + pad, sizeof *f->rows);
	memmove(f->rows + pad, f->rows, n * sizeof *f->rows);
	for (unsigned r = 0; r < pad; r++)
		f->rows[r] = (struct frame_row){ 0, 0 };
	f->nrows = n + pad;
}

static void put_marker(struct frame *f, unsigned row, const char *m)
{
	unsigned w = layout_width(m, strlen(m));
	frame_put(f, row, f->cols > w ? f->cols - w : 0, m, strlen(m), f->cols, STYLE_MORE);
}

/* Cuts the content (all rows of f) to R rows starting at content row
 * scroll, with markers. */
static void frame_window(struct frame *f, unsigned R, unsigned scroll)
{
	unsigned total = f->nrows;
	unsigned keep = R >= 3 ? R - 1 : (R > 1 ? R - 1 : 1);
	unsigned maxs = total > keep ? total - keep : 0;
	unsigned s = scroll < maxs ? scroll : maxs;
	bool above = s > 0, below;
	unsigned avail;
	if (R >= 3) {
		avail = R - (above ? 1 : 0);
		below = s + avail < total;
		if (below)
			avail--;
	} else {
		avail = R - 1;
		below = s + avail < total;
	}
	bool top_marker = above && R >= 3;
	size_t fr = avail ? f->rows[s].first : 0;
	size_t lr = avail ? f->rows[s + avail - 1].first + f->rows[s + avail - 1].n : 0;
	memmove(f->runs, f->runs + fr, (lr - fr) * sizeof *f->runs);
	f->nruns = lr - fr;
	unsigned out = 0;
	if (top_marker)
		f->rows[out++] = (struct frame_row){ 0, 0 };
	for (unsigned k = 0; k < avail; k++) {
		struct frame_row src = f->rows[s + k];
		f->rows[out++] = (struct frame_row){ src.first - fr, src.n };
	}
	unsigned mrow = out;
	bool bottom_marker = R >= 3 ? below : (above || below);
	if (bottom_marker)
		f->rows[out++] = (struct frame_row){ f->nruns, 0 };
	f->nrows = out;
	f->scroll = s;
	f->more_above = above;
	f->more_below = below;
	if (top_marker)
		put_marker(f, 0, "▲ more");
	if (bottom_marker)
		put_marker(f, mrow,
			   R >= 3 || !above ? "▼ more" : below ? "▲▼ more" : "▲ more");
}

struct frame *layout_slide(const struct slide *s, const struct layout_opts *o)
{
	struct frame *f = frame_new(o->cols, 0);
	if (o->cols == 0)
		return f;
	struct lay L = { .f = f, .s = s, .view = o->view, .cw = o->cols };
	unsigned vis, full;
	switch (o->view) {
	case VIEW_NOTES:
		lay_notes(&L);
		vis = full = L.row;
		break;
	case VIEW_PREVIEW:
		L.compact = true;
		vis = full = lay_body(&L, o->step, false, false);
		break;
	case VIEW_EXPORT:
		vis = full = lay_body(&L, 0, true, false);
		break;
	case VIEW_SLIDE:
	default:
		L.left = o->cols / 16;
		L.cw = o->cols - 2 * L.left;
		L.centre = s->layout == LAYOUT_TITLE;
		L.centre_boxes = true;
		vis = lay_body(&L, o->step, false, true);
		full = L.row;
		break;
	}
	wb_release(&L.wb);
	frame_truncate(f, vis);
	f->content_rows = vis;
	unsigned R = o->view == VIEW_EXPORT ? 0 : o->rows;
	if (R == 0 || vis <= R) {
		unsigned pad = 0;
		if (R && o->view == VIEW_SLIDE && full <= R) {
			if (L.centre)
				pad = (R - full) / 2;
			else if (R >= 12 && full + 1 <= R)
				pad = 1;
		}
		frame_pad_top(f, pad);
		return f;
	}
	frame_window(f, R, o->scroll);
	return f;
}
