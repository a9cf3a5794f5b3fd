#ifndef LECTERN_FRAME_H
#define LECTERN_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "textlayout.h"
#include "xalloc.h"

/* The frame: a grid of cols columns as rows of styled runs, what every
 * screen and every text writer of lectern is drawn into and printed from.
 * Text enters only through frame_put / frame_wrap (which measure it with
 * textlayout.h and show unsafe characters as textclass.h's placeholders)
 * and leaves only through the terminal module's blit or frame_print. */

/* Semantic roles; only the front end maps them to colours and attributes.
 * One list: the enum, the role names of themes (the keys of a [theme-NAME]
 * section, theme.h) and their help text are generated from it.
 * X(ENUM, "name", "what it styles") */
#define STYLE_LIST(X)                                                          \
	X(TEXT, "text", "body text")                                           \
	X(TITLE, "title", "slide titles")                                      \
	X(SUBTITLE, "subtitle", "subtitles")                                   \
	X(BULLET, "bullet", "the bullet glyphs, keys in the help")             \
	X(FIGURE, "figure", "a highlighted figure")                            \
	X(CAPTION, "caption", "figure and chart captions, quote attributions") \
	X(CHART, "chart", "chart bars, the progress bar")                      \
	X(QUOTE, "quote", "quotations")                                        \
	X(NOTES, "notes", "speaker notes")                                     \
	X(HEADER, "header", "pane labels, the timer line")                     \
	X(PLACEHOLDER, "placeholder", "stand-ins for control characters")      \
	X(MORE, "more", "the more-above and more-below markers")               \
	X(STATUS, "status", "the status line")                                 \
	X(WARNING, "warning", "warnings and errors in the status line")        \
	X(MATCH, "match", "search matches on the slide and in the notes")      \
	X(DIM, "dim", "de-emphasised text: previews, hints, rules")            \
	X(PACE_ON_PLAN, "pace-on-plan", "timer pace: ahead or on plan")        \
	X(PACE_BEHIND, "pace-behind", "timer pace: slightly behind")           \
	X(PACE_FAR, "pace-far", "timer pace: far behind")                      \
	X(PACE_OVER, "pace-over", "timer: over the planned time or the end time")

enum style {
#define STYLE_ENUM_(e, name, help) STYLE_##e,
	/* the list expands to "NAME," entries */
	/* clang-format off */
	STYLE_LIST(STYLE_ENUM_)
#undef STYLE_ENUM_
	STYLE_COUNT
	/* clang-format on */
};

/* One piece of text on one row. text is UTF-8 with no control characters,
 * borrowed (from the deck, from the caller of frame_put, static, or owned
 * by the frame: frame_repeat's glyph strings). */
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
	unsigned cols;  /* width laid out for */
	unsigned nrows; /* rows present (may be less than asked) */
	struct frame_row *rows;
	struct run *runs;
	size_t nruns, runcap, rowcap;
	unsigned content_rows;       /* rows the whole content needs at this width */
	unsigned scroll;             /* first content row shown, after clamping */
	bool more_above, more_below; /* content was cut; markers are drawn */
	struct arena own;            /* strings the frame owns (frame_repeat's glyphs) */
};

/* An empty frame of rows rows (0 allowed) and cols columns. The caller
 * frees it with frame_free (NULL allowed). A put into a row costs, besides
 * its text, one step for every row that exists below it: a frame of many
 * rows is filled top to bottom from frame_new(cols, 0), its rows made as
 * they are put into (frame_rows_ensure() adds blank ones at the end). */
struct frame *frame_new(unsigned cols, unsigned rows);
void frame_free(struct frame *f);

/* A width for frames that are printed, not shown: lines as long as their
 * text (the report's, the slide list's). */
enum { FRAME_UNBOUNDED = 1u << 30 };

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

/* frame_put, except that text wider than its space (maxw, the frame's
 * width, the next run) is cut one column short of it and ends in "…"
 * (same style), so that the cut shows. Returns the columns used. */
unsigned frame_put_cut(struct frame *f, unsigned row, unsigned col, const char *text, size_t len,
		       unsigned maxw, enum style st);

/* Puts n copies of glyph (the string of one character, drawn as
 * frame_put would draw it) from (row, col), as many whole glyphs as fit
 * in the free space there (the frame's width, the next run): a width-2
 * glyph never leaves half of itself at the edge. The glyph string is
 * copied (the common rule and bar glyphs are static). Returns the
 * columns used. */
unsigned frame_repeat(struct frame *f, unsigned row, unsigned col, const char *glyph, unsigned n,
		      enum style st);

/* Adds a run as it is: no measuring, no clipping, no replacing. For the
 * slide layout's own glyphs (bullets, box corners), where the caller
 * guarantees that text is safe, that width is its width, and that it
 * fits inside the frame and overlaps no other run. */
void frame_add_run(struct frame *f, unsigned row, unsigned col, const char *text, size_t len,
		   unsigned width, enum style st);

/* Wraps a paragraph into f from row on, each line indented by indent
 * columns and at most width columns wide, with the same line-breaking
 * rules as slides; a newline in text ends a line. Returns the number of
 * rows used (0 for empty text). */
unsigned frame_wrap(struct frame *f, unsigned row, unsigned indent, unsigned width,
		    const char *text, size_t len, enum style st);

enum frame_align { FRAME_LEFT, FRAME_CENTRE, FRAME_RIGHT };

/* frame_wrap with each line aligned inside [x, x + width) and a scratch
 * t reused across calls (tl_release frees it), for a caller that wraps
 * many paragraphs (the slide layout). */
unsigned frame_wrap_in(struct frame *f, struct tl_text *t, unsigned row, unsigned x, unsigned width,
		       const char *text, size_t len, enum style st, enum frame_align al);

/* Makes the frame have at least n rows (new ones empty). */
void frame_rows_ensure(struct frame *f, unsigned n);

/* Drops the rows from n on (nothing when the frame has fewer). */
void frame_truncate(struct frame *f, unsigned n);

/* Inserts n empty rows on top. */
void frame_pad_top(struct frame *f, unsigned n);

/* How frame_print writes: each row after indent spaces; with sgr (NULL,
 * or STYLE_COUNT entries, NULL for plain), the runs of a style that has
 * one are wrapped in sgr[style] ... "\033[0m", adjacent runs of one style
 * in one pair. The SGR strings are the caller's and written as they are. */
struct frame_print_opts {
	unsigned indent;
	const char *const *sgr;
};

/* Appends row of f as one line (no newline): the gaps between runs as
 * spaces, every run's text through the sanitising writer (textclass.h),
 * trailing spaces removed. o may be NULL (no indent, no colour). */
void frame_row_text(const struct frame *f, unsigned row, const struct frame_print_opts *o,
		    struct strbuf *b);

/* Writes every row of f to out as frame_row_text makes it, each ended by
 * a newline. Returns 0, or -1 on a write error. */
int frame_print(FILE *out, const struct frame *f, const struct frame_print_opts *o);

#endif
