/* Unit tests of the big-figure font (bigfont.h): every glyph is the size
 * it declares, drawn rows read back as the bitmaps say. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bigfont.h"
#include "frame.h"
#include "tap.h"
#include "utf8.h"

/* One check per glyph: its BIGFONT_PIXELS rows are each exactly its
 * declared width of '#' and '.', and drawn alone it makes BIGFONT_ROWS
 * rows, each one run of that width. */
static int glyph_sized(uint32_t c, char *why, size_t cap)
{
	unsigned w = bigfont_glyph_width(c);
	if (w == 0) {
		snprintf(why, cap, "no width");
		return 0;
	}
	for (unsigned p = 0; p < BIGFONT_PIXELS; p++) {
		const char *px = bigfont_pixels(c, p);
		if (!px || strlen(px) != w || strspn(px, "#.") != w) {
			snprintf(why, cap, "pixel row %u is '%s', want %u of '#.'", p,
				 px ? px : "(null)", w);
			return 0;
		}
	}
	char s[8];
	size_t n = 0;
	if (c < 0x80) {
		s[n++] = (char)c;
	} else {
		s[n++] = (char)(0xc0 | (c >> 6));
		s[n++] = (char)(0x80 | (c & 0x3f));
	}
	struct frame *f = frame_new(40, 0);
	unsigned dw = bigfont_draw(f, 0, 0, s, n, STYLE_FIGURE);
	int good = dw == w && f->nrows == BIGFONT_ROWS;
	for (unsigned r = 0; good && r < f->nrows; r++) {
		unsigned sum = 0;
		for (size_t k = f->rows[r].first; k < f->rows[r].first + f->rows[r].n; k++)
			sum += f->runs[k].width;
		/* a row of blanks only is one run of spaces too */
		good = sum == w && f->rows[r].n == 1;
	}
	if (!good)
		snprintf(why, cap, "drawn %u wide in %u rows", dw, f->nrows);
	frame_free(f);
	return good;
}

static void test_glyphs(void)
{
	const uint8_t *u = (const uint8_t *)bigfont_charset(), *end = u + strlen((const char *)u);
	while (u < end) {
		uint32_t c;
		int k = utf8_decode(&c, u, (size_t)(end - u));
		char why[128] = "", what[160];
		int good = k > 0 && glyph_sized(c, why, sizeof why);
		snprintf(what, sizeof what, "glyph U+%04X '%.*s' is %u x %u", (unsigned)c,
			 k > 0 ? k : 1, (const char *)u, bigfont_glyph_width(c),
			 (unsigned)BIGFONT_ROWS);
		ok(good, what);
		if (!good)
			printf("#   %s\n", why);
		u += k > 0 ? k : 1;
	}
}

static const char *row_of(const struct frame *f, unsigned r, struct strbuf *b)
{
	b->len = 0;
	frame_row_text(f, r, NULL, b);
	return b->len ? b->s : "";
}

static void test_draw(void)
{
	struct strbuf b = { 0 };
	struct frame *f = frame_new(80, 0);
	unsigned w = bigfont_draw(f, 1, 2, "17%", 3, STYLE_FIGURE);
	is_int(w, 5 + 1 + 5 + 1 + 5, "'17%' is three glyphs and two gaps wide");
	is_int(f->nrows, 1 + BIGFONT_ROWS, "drawn from row 1 for BIGFONT_ROWS rows");
	is_str(row_of(f, 0, &b), "", "the row above is untouched");
	is_str(row_of(f, 1, &b), "   ▄█   ▀▀▀▀█ ██  ▄", "row 1: '1', '7', '%' from column 2");
	is_str(row_of(f, 2, &b), "    █     ▄▀    ▄▀", "row 2");
	is_str(row_of(f, 3, &b), "    █    █    ▄▀ ▄▄", "row 3");
	is_str(row_of(f, 4, &b), "   ▀▀▀   ▀       ▀▀", "row 4: the baseline");
	frame_free(f);

	f = frame_new(80, 0);
	is_int(bigfont_draw(f, 0, 0, "1万", strlen("1万"), STYLE_FIGURE), 0,
	       "a character without a glyph: nothing drawn");
	is_int(f->nrows, 0, "and no row made");
	is_int(bigfont_width("", 0), 0, "the empty text has no big width");
	is_int(bigfont_width("\xff", 1), 0, "nor has invalid UTF-8");
	is_int(bigfont_width("1 ×", strlen("1 ×")), 5 + 1 + 3 + 1 + 5, "space and × have glyphs");
	frame_free(f);

	f = frame_new(8, 0);
	bigfont_draw(f, 0, 0, "88", 2, STYLE_FIGURE);
	unsigned widest = 0;
	for (unsigned r = 0; r < f->nrows; r++)
		for (size_t k = f->rows[r].first; k < f->rows[r].first + f->rows[r].n; k++)
			if (f->runs[k].col + f->runs[k].width > widest)
				widest = f->runs[k].col + f->runs[k].width;
	ok(widest <= 8, "clipped at the frame's width");
	frame_free(f);
	free(b.s);
}

int main(void)
{
	const char *cs = bigfont_charset();
	int nglyphs = 0;
	for (const char *p = cs; *p; p++)
		nglyphs += ((unsigned char)*p & 0xc0) != 0x80;
	tap_plan(nglyphs + 13);
	test_glyphs();
	test_draw();
	return tap_done();
}
