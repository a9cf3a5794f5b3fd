#ifndef LECTERN_BIGFONT_H
#define LECTERN_BIGFONT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "frame.h"

/* The big-figure font: ASCII digits, Latin letters, space and . , % + - ×
 * as glyphs BIGFONT_ROWS rows tall, drawn with the half-block elements
 * ▀ ▄ █ (one column and half a row per pixel, so pixels are about square).
 * A glyph is a bitmap of BIGFONT_PIXELS pixel rows ('#' set, '.' clear) of
 * its own width; the caps and digits stand on pixel row 6, row 7 holds
 * descenders. The glyphs are constant data; nothing here allocates except
 * the frame's own arena in bigfont_draw(). */

enum { BIGFONT_ROWS = 4, BIGFONT_PIXELS = 2 * BIGFONT_ROWS, BIGFONT_GAP = 1 };

/* Every character that has a glyph, as one UTF-8 string (for tests and
 * docs). Static, never freed. */
const char *bigfont_charset(void);

/* Whether code point c has a glyph. */
bool bigfont_has(uint32_t c);

/* Width in columns of c's glyph; 0 when c has none. */
unsigned bigfont_glyph_width(uint32_t c);

/* Pixel row prow (0 .. BIGFONT_PIXELS - 1) of c's glyph as '#'/'.' text,
 * static; NULL when c has no glyph or prow is out of range. */
const char *bigfont_pixels(uint32_t c, unsigned prow);

/* Width in columns of text[0..len) drawn big: the glyphs' widths plus
 * BIGFONT_GAP between neighbours; 0 when text is empty or holds a
 * character without a glyph (or invalid UTF-8). */
unsigned bigfont_width(const char *text, size_t len);

/* Draws text[0..len) big into rows [row, row + BIGFONT_ROWS) of f from
 * col, one run per row in style st, the row strings kept in the frame's
 * arena; clipped like frame_put at the frame's width. Draws nothing and
 * returns 0 when bigfont_width() is 0; else returns that width. */
unsigned bigfont_draw(struct frame *f, unsigned row, unsigned col, const char *text, size_t len,
		      enum style st);

#endif
