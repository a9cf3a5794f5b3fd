/* The frame's helpers (frame.h): the width-clipped and cut puts, the glyph
 * repeater and the printer every text writer uses. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frame.h"
#include "tap.h"

/* Row r as frame_row_text makes it; a static buffer of the test only. */
static const char *row(const struct frame *f, unsigned r)
{
	static char buf[1024];
	struct strbuf b = { 0 };
	frame_row_text(f, r, NULL, &b);
	snprintf(buf, sizeof buf, "%s", b.s ? b.s : "");
	free(b.s);
	return buf;
}

/* Every run inside the frame, in column order, none overlapping. */
static int sane(const struct frame *f)
{
	for (unsigned r = 0; r < f->nrows; r++) {
		unsigned end = 0;
		for (size_t k = f->rows[r].first; k < f->rows[r].first + f->rows[r].n; k++) {
			const struct run *u = &f->runs[k];
			if (u->col < end || u->col + u->width > f->cols)
				return 0;
			end = u->col + u->width;
		}
	}
	return 1;
}

/* What frame_print writes for f with o. Caller frees. */
static char *printed(const struct frame *f, const struct frame_print_opts *o, int *rc)
{
	char *s = NULL;
	size_t n = 0;
	FILE *m = open_memstream(&s, &n);
	*rc = frame_print(m, f, o);
	fclose(m);
	return s;
}

static void test_put_clip(void)
{
	/* a wide character that would cross the edge is left out whole */
	struct frame *f = frame_new(5, 1);
	is_int(frame_put(f, 0, 0, "中文字", strlen("中文字"), 99, STYLE_TEXT), 4,
	       "put: 中文字 in 5 columns uses 4");
	is_str(row(f, 0), "中文", "put: the third glyph does not fit and is left out");
	is_int(frame_put(f, 0, 4, "中", strlen("中"), 99, STYLE_TEXT), 0,
	       "put: a width-2 glyph at the last column is left out");
	ok(sane(f), "put: sane");
	frame_free(f);

	/* the cut put: one column short, then "…" */
	f = frame_new(5, 2);
	is_int(frame_put_cut(f, 0, 0, "中文字", strlen("中文字"), 5, STYLE_TEXT), 5,
	       "cut: 中文字 in 5 columns uses 5");
	is_str(row(f, 0), "中文…", "cut: two glyphs and the ellipsis");
	is_int(frame_put_cut(f, 1, 0, "中文字", strlen("中文字"), 4, STYLE_TEXT), 3,
	       "cut: in 4 columns the second glyph would cross the ellipsis");
	is_str(row(f, 1), "中…", "cut: 中… in 4 columns");
	ok(sane(f), "cut: sane");
	frame_free(f);

	f = frame_new(10, 1);
	is_int(frame_put_cut(f, 0, 0, "abcde", 5, 5, STYLE_TEXT), 5,
	       "cut: text that fits is not cut");
	is_str(row(f, 0), "abcde", "cut: abcde whole");
	frame_put(f, 0, 8, "x", 1, 1, STYLE_TEXT);
	is_int(frame_put_cut(f, 0, 5, "中文", strlen("中文"), 9, STYLE_TEXT), 3,
	       "cut: the next run bounds the space");
	is_str(row(f, 0), "abcde中…x", "cut: cut before the next run");
	ok(sane(f), "cut: sane next to a run");
	frame_free(f);
}

static void test_repeat(void)
{
	struct frame *f = frame_new(7, 3);
	is_int(frame_repeat(f, 0, 0, "中", 5, STYLE_TEXT), 6, "repeat: 5 x 中 in 7 columns uses 6");
	is_str(row(f, 0), "中中中", "repeat: only whole width-2 glyphs");
	frame_put(f, 1, 5, "x", 1, 1, STYLE_TEXT);
	is_int(frame_repeat(f, 1, 0, "中", 9, STYLE_TEXT), 4, "repeat: stops before the next run");
	is_str(row(f, 1), "中中 x", "repeat: two glyphs, the gap, the run");
	is_int(frame_repeat(f, 2, 1, "\x01", 3, STYLE_TEXT), 3, "repeat: a control glyph");
	is_str(row(f, 2), " ␁␁␁", "repeat: a control glyph repeats as its placeholder");
	ok(sane(f), "repeat: sane");
	frame_free(f);

	f = frame_new(200, 1);
	is_int(frame_repeat(f, 0, 3, "─", 500, STYLE_DIM), 197,
	       "repeat: a rule glyph is clipped to the width");
	unsigned w = 0;
	for (size_t k = 0; k < f->rows[0].n; k++)
		w += f->runs[f->rows[0].first + k].width;
	is_int(w, 197, "repeat: its runs measure what it used");
	ok(sane(f), "repeat: long rule sane");
	frame_free(f);
}

static void test_print(void)
{
	int rc;
	struct frame *f = frame_new(20, 2);
	/* a run added as it is, bypassing frame_put's placeholders */
	frame_add_run(f, 0, 0, "a\033[2Jb", 6, 6, STYLE_TEXT);
	frame_put(f, 1, 2, "c ", 2, 9, STYLE_TEXT);
	char *s = printed(f, NULL, &rc);
	is_str(s, "a␛[2Jb\n  c\n", "print: ESC shown as ␛, gaps as spaces, no trailing space");
	is_int(rc, 0, "print: returns 0");
	free(s);
	s = printed(f, &(struct frame_print_opts){ .indent = 3 }, &rc);
	is_str(s, "   a␛[2Jb\n     c\n", "print: indent");
	free(s);
	frame_free(f);

	static const char *const sgr[STYLE_COUNT] = { [STYLE_WARNING] = "<w>" };
	f = frame_new(20, 1);
	frame_put(f, 0, 0, "ab", 2, 2, STYLE_WARNING);
	frame_put(f, 0, 2, "cd", 2, 2, STYLE_WARNING);
	frame_put(f, 0, 5, "ef", 2, 2, STYLE_WARNING);
	frame_put(f, 0, 7, "g", 1, 1, STYLE_TEXT);
	s = printed(f, &(struct frame_print_opts){ .sgr = sgr }, &rc);
	is_str(s, "<w>abcd\033[0m <w>ef\033[0mg\n",
	       "print: adjacent runs of one style share one colour pair");
	free(s);
	frame_free(f);
}

int main(void)
{
	tap_plan(28);
	test_put_clip();
	test_repeat();
	test_print();
	return tap_done();
}
