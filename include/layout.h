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
 * up to their first row when they start above. When it fits, VIEW_SLIDE pads the top: title
 * layout slides are centred vertically (by the height of all steps, so a
 * reveal moves nothing), others get one blank row when rows >= 12. A
 * character wider than the space it gets (a CJK character at width 1) is
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
