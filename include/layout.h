#ifndef LECTERN_LAYOUT_H
#define LECTERN_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "deck.h"

/* The layout engine: turns a slide (or any text) into a frame, rows of
 * styled runs measured in display columns. It is the only place that
 * measures or wraps text; the terminal front end and the text export only
 * copy frames out. Widths come from libunistring with the encoding "UTF-8",
 * so results never depend on the locale. */

/* Semantic roles; only the front end maps them to colours and attributes.
 * One list: the enum, the role names of themes (the keys of a [theme-NAME]
 * section, theme.h) and their help text are generated from it.
 * X(ENUM, "name", "what it styles") */
#define STYLE_LIST(X)                                                                    \
	X(TEXT, "text", "body text")                                                     \
	X(TITLE, "title", "slide titles")                                                \
	X(SUBTITLE, "subtitle", "subtitles")                                             \
	X(BULLET, "bullet", "the bullet glyphs, keys in the help")                       \
	X(FIGURE, "figure", "a highlighted figure")                                      \
	X(CAPTION, "caption", "figure and chart captions, quote attributions")           \
	X(CHART, "chart", "chart bars, the progress bar")                                \
	X(QUOTE, "quote", "quotations")                                                  \
	X(NOTES, "notes", "speaker notes")                                               \
	X(HEADER, "header", "pane labels, the timer line")                               \
	X(PLACEHOLDER, "placeholder", "stand-ins for control characters")                \
	X(MORE, "more", "the more-above and more-below markers")                         \
	X(STATUS, "status", "the status line")                                           \
	X(WARNING, "warning", "warnings and errors in the status line")                  \
	X(MATCH, "match", "search matches on the slide and in the notes")                \
	X(DIM, "dim", "de-emphasised text: previews, hints, rules")                      \
	X(PACE_ON_PLAN, "pace-on-plan", "timer pace: ahead or on plan")                  \
	X(PACE_BEHIND, "pace-behind", "timer pace: slightly behind")                     \
	X(PACE_FAR, "pace-far", "timer pace: far behind")                                \
	X(PACE_OVER, "pace-over", "timer: over the planned time or the end time")

enum style {
#define STYLE_ENUM_(e, name, help) STYLE_##e,
	STYLE_LIST(STYLE_ENUM_)
#undef STYLE_ENUM_
	STYLE_COUNT
};

/* One piece of text on one row. text is UTF-8 with no control characters,
 * borrowed (from the deck, from the caller of frame_put, or static). */
struct run {
	const char *text;
	size_t len;     /* bytes */
	unsigned col;   /* first column, from 0 */
	unsigned width; /* display columns */
	enum style style;
};

/* Row r of a frame is runs[rows[r].first .. rows[r].first + rows[r].n),
 * ordered by column, never overlapping, never past cols. */
struct frame_row {
	size_t first, n;
};

struct frame {
	unsigned cols;    /* width laid out for */
	unsigned nrows;   /* rows present (may be less than asked) */
	struct frame_row *rows;
	struct run *runs;
	size_t nruns, runcap, rowcap;
	unsigned content_rows; /* rows the whole content needs at this width */
	unsigned scroll;       /* first content row shown, after clamping */
	bool more_above, more_below; /* content was cut; markers are drawn */
};

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
	unsigned scroll;     /* first content row to show; clamped */
	bool show_step;      /* VIEW_SLIDE: scroll so that step's items are in view */
	const char *highlight; /* a search to mark in STYLE_MATCH, or NULL */
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

/* lectern's kinsoku, as the wrapping applies it: true when no line may
 * start with c (，。、；：？！）》」』”’…— · % and the like), or end with
 * c (（《「『“‘ and the like). For writers that leave the breaking to
 * someone else (the HTML export) and keep it to the same rules. */
bool layout_no_line_start(uint32_t c);
bool layout_no_line_end(uint32_t c);

/* The length of the bar of value v in the chart it, as a share of the
 * longest bar, from 0 (no bar: v is 0, or not positive on a log scale) to
 * 1; a log scale starts one decade below the smallest bar. Every drawing of
 * a chart (the screen, the exports) scales its bars by it. */
double layout_bar_share(const struct item *it, double v);

/* An empty frame of rows rows (0 allowed) and cols columns. */
struct frame *frame_new(unsigned cols, unsigned rows);
void frame_free(struct frame *f);

/* Writes len bytes of UTF-8 text at (row, col), clipped to at most maxw
 * columns and to the frame's width, control characters replaced by
 * placeholders; a wide character that does not fit is left out whole.
 * Adds rows as needed. Returns the number of columns used. The text is
 * borrowed. Placeholders (1 column, STYLE_PLACEHOLDER): C0 controls as control
 * pictures (␀ ... ␟, ESC as ␛; the printable bytes after an ESC are shown
 * as text), DEL as ␡, C1 controls, bidi overrides and isolates, U+2028/9
 * and invalid UTF-8 as "�"; a newline is ␊ here (frame_wrap breaks the
 * line instead); a tab advances to the next multiple of 8 columns from col.
 * Puts out of order are sorted by column; a put that would overlap a run
 * already there starts after that run and stops before the next one. */
unsigned frame_put(struct frame *f, unsigned row, unsigned col, const char *text, size_t len,
		   unsigned maxw, enum style st);

/* Wraps a paragraph into f from row on, each line indented by indent
 * columns and at most width columns wide, with the same line-breaking
 * rules as slides; a newline in text ends a line. Returns the number of
 * rows used (0 for empty text). */
unsigned frame_wrap(struct frame *f, unsigned row, unsigned indent, unsigned width,
		    const char *text, size_t len, enum style st);

/* Display width of text as frame_put would draw it (placeholders
 * included). */
unsigned layout_width(const char *text, size_t len);

#endif
