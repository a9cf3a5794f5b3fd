#ifndef LECTERN_LAYOUT_H
#define LECTERN_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "deck.h"
#include "frame.h"
#include "textlayout.h"

/* Slide layout: turns a slide into a frame (frame.h), rows of styled runs
 * measured in display columns. It is built on the frame and on text
 * measuring and breaking (textlayout.h), and includes both, so that a
 * caller of layout.h has the whole engine: layout, frames, widths. The
 * terminal front end and the text export only copy frames out. */

enum view {
	VIEW_SLIDE,   /* the audience screen */
	VIEW_NOTES,   /* speaker notes of a slide */
	VIEW_PREVIEW, /* a small next-slide preview */
	VIEW_EXPORT,  /* plain text export: all steps, unlimited height */
};

/* The audience screen's composition (layout_slide, VIEW_SLIDE): the widest
 * measure of the content in display columns (40 Han characters, or about
 * 12 words of Latin text a line), and the slide height from which the title
 * gets a second blank row under it. */
enum { LAYOUT_MEASURE = 80, LAYOUT_TALL_ROWS = 20 };

struct layout_opts {
	unsigned cols, rows; /* rows 0 = unlimited */
	unsigned step;       /* items with item.step <= step are shown */
	enum view view;
	unsigned scroll;         /* first content row to show; clamped */
	bool show_step;          /* VIEW_SLIDE: scroll so that step's items are in view */
	const char *highlight;   /* a search to mark in STYLE_MATCH, or NULL */
	const struct deck *deck; /* the slide's deck, for section dividers and
				  * the agenda; NULL: they show no sections */
	bool no_big;             /* figures at text size (NO_COLOR, a user's
				  * choice); VIEW_EXPORT is always plain */
	unsigned hscroll;        /* code items: first column shown (VIEW_SLIDE) */
};

/* Lays out one slide. Returns a new frame the caller frees with
 * frame_free(); it borrows text from the slide and must not outlive the
 * deck. Never fails: at any size, even 1x1, the frame holds what fits, and
 * more_above / more_below say what was cut.
 * content_rows counts the rows of the steps shown (VIEW_EXPORT: all steps).
 * With rows > 0 and content_rows > rows, the frame has exactly rows rows:
 * content rows from scroll (clamped to content_rows - (rows - 1)), with a
 * right-aligned "▲ more" row (STYLE_MORE) on top when more_above and a
 * "▼ more" row at the bottom when more_below (at rows < 3 one combined
 * marker row at the bottom). With show_step, scroll is first moved as
 * little as it takes to bring the rows of the items revealed at step
 * (item.step == step) into view: down until their last row shows, never
 * past their first row (a step taller than the window shows its top), or
 * up to their first row when they start above.
 * VIEW_SLIDE composes the slide: the content (title and items) lies in a
 * measure of at most LAYOUT_MEASURE columns centred on the screen, inside
 * margins of cols / 16 each side; the title is centred, set apart by a
 * blank row (two when rows >= LAYOUT_TALL_ROWS); the items form one
 * block, laid out left-aligned in the measure and moved right as a whole
 * so that its widest row is centred (LAYOUT_TITLE centres each item
 * instead). When all steps fit (full height: the items of every step, so
 * a reveal moves nothing) the block stands at the optical centre: 2/5 of
 * the free rows above it, 3/5 below; LAYOUT_TOP keeps it at the top, one
 * blank row down when rows >= 12; otherwise it starts at the top and
 * scrolls as above. A figure is drawn big (bigfont.h) when not no_big,
 * its big part fits the measure and the slide still fits rows, else
 * boxed as in the other views. A log chart names its scale and has an
 * axis (see lay_chart in layout.c) in every view but the preview. A
 *  * character wider than the space it gets (a CJK character at width 1) is
 * drawn as one "▯" (STYLE_PLACEHOLDER). With highlight (not empty), every
 * match of it (utf8_find_fold) inside a run of text is split out of its
 * run as a run of STYLE_MATCH; a match across two runs (a line break, a
 * change of style) is not marked. */
struct frame *layout_slide(const struct slide *s, const struct layout_opts *o);

/* The length of the bar of value v in the chart it, as a share of the
 * longest bar, from 0 (no bar: v is 0, or not positive on a log scale) to
 * 1; a log scale starts one decade below the smallest bar. Every drawing of
 * a chart (the screen, the exports) scales its bars by it. */
double layout_bar_share(const struct item *it, double v);

/* The 1-based number of section sec among d's sections, 0 when d or sec is
 * NULL or sec is not one of d's. */
size_t layout_section_number(const struct deck *d, const struct section *sec);

/* sec's number and d's count of sections as the divider shows them,
 * "03 / 06" (at least two digits each), into buf; "" when
 * layout_section_number() is 0. */
#define LAYOUT_SECTION_LABEL_LEN 56
void layout_section_label(const struct deck *d, const struct section *sec,
			  char buf[LAYOUT_SECTION_LABEL_LEN]);

#endif
