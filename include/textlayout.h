#ifndef LECTERN_TEXTLAYOUT_H
#define LECTERN_TEXTLAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Text measuring and breaking: cuts UTF-8 text into clusters with their
 * display widths and finds where its lines break (UAX #14 plus lectern's
 * kinsoku and number rules). It knows nothing of frames or slides; the
 * frame (frame.h) draws what it measures. Widths come from libunistring
 * with the encoding "UTF-8", so results never depend on the locale.
 *
 * The measures every writer uses keep the layout_ prefix they had when
 * this was part of the layout module (layout_width, layout_no_line_*);
 * the cluster and line machinery the frame builds on is tl_. */

/* The display width of text as frame_put would draw it: grapheme
 * clusters, a tab to the next multiple of 8 columns, every character
 * textclass.h calls unsafe and every invalid byte as a 1-column
 * placeholder. Linear in len; never fails. */
unsigned layout_width(const char *text, size_t len);

/* lectern's kinsoku, as the wrapping applies it: true when no line may
 * start with c (，。、；：？！）》」』”’…— · % and the like), or end with
 * c (（《「『“‘ and the like). For writers that leave the breaking to
 * someone else (the HTML export) and keep it to the same rules. */
bool layout_no_line_start(uint32_t c);
bool layout_no_line_end(uint32_t c);

/* uc_width(c, "UTF-8"): the columns of one character (-1 for a control
 * character), answered without libunistring's tables for the common
 * ranges. */
int tl_char_width(uint32_t c);

enum tl_kind {
	TL_TEXT,  /* drawn as its bytes */
	TL_SPACE, /* one space */
	TL_TAB,   /* advances to the next multiple of 8; draws nothing */
	TL_NL,    /* ends a line (only when wrapping) */
	TL_PH,    /* an unsafe character or invalid byte: drawn as ph */
};

/* One cluster: a grapheme cluster, or a single space, tab, newline or
 * unsafe character. */
struct tl_cluster {
	size_t off;
	unsigned len;       /* bytes */
	unsigned width;     /* columns; 0 for tabs and newlines */
	unsigned char kind; /* enum tl_kind */
	unsigned char brk;  /* UAX #14 allows a break before it (after tl_breaks) */
	unsigned char nostart, noend;
	const char *ph; /* TL_PH: the placeholder drawn (always 3 bytes, 1 column) */
	uint32_t cp;    /* its first character */
};

static inline bool tl_blank(const struct tl_cluster *c)
{
	return c->kind == TL_SPACE || c->kind == TL_TAB;
}

/* Grapheme boundaries of short texts live in the iterator. */
enum { TL_GB_STACK = 512 };

/* A cursor over the clusters of one text drawn on one line (a newline is
 * a placeholder, ␊). Borrows text; init, next until false, release. Not
 * to be copied while in use. */
struct tl_iter {
	const uint8_t *u;
	size_t n, pos;
	char *gb; /* grapheme boundaries, NULL for invalid UTF-8 */
	char sgb[TL_GB_STACK];
};
void tl_iter_init(struct tl_iter *it, const char *text, size_t len);
bool tl_iter_next(struct tl_iter *it, struct tl_cluster *c);
void tl_iter_release(struct tl_iter *it);

/* One paragraph cut into clusters for wrapping, with scratch buffers that
 * are reused by every tl_segment on the same struct. Zero-initialise it;
 * tl_release frees it. It borrows the text segmented last. */
struct tl_text {
	char *lb, *gb;
	size_t bcap;
	struct tl_cluster *cl;
	size_t clcap, ncl;
	const char *text;
	size_t len;
	bool valid; /* text is valid UTF-8 */
};

/* One line found by tl_line. */
struct tl_line {
	size_t c0, c1;  /* clusters drawn, trailing spaces excluded */
	size_t next;    /* first cluster after the break */
	unsigned width; /* columns of c0..c1 */
	bool hard;      /* ended by a newline: keep the next line's spaces */
	bool oversize;  /* one cluster wider than the line: drawn as "▯" */
};

/* Cuts s[0..n) into t->cl (newlines are TL_NL), without break
 * opportunities: tl_measure alone tells whether it needs breaking. */
void tl_segment(struct tl_text *t, const char *s, size_t n);

/* Sets the break opportunities (brk) of the clusters of t. */
void tl_breaks(struct tl_text *t);

/* Width of clusters [i, e) laid from the start of a line. */
unsigned tl_measure(const struct tl_text *t, size_t i, size_t e);

/* Finds the line that starts at cluster i, at most W (>= 1) columns
 * wide (see the top of textlayout.c for the rules). Needs tl_breaks
 * when the text is wider than W. */
void tl_line(const struct tl_text *t, size_t i, unsigned W, struct tl_line *ln);

void tl_release(struct tl_text *t);

#endif
