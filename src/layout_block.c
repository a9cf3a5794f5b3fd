/* Tables and code blocks in the slide layout (layout_internal.h).
 *
 * A table's columns start at their natural width (the widest cell, in
 * display columns); when they do not fit the content width, each column
 * first gets its minimum (its natural width up to TABLE_MIN columns, or 2
 * when even that does not fit) and the columns left are filled fairly
 * (water-filling: the narrowest demand is met first, the rest share what
 * is left in equal parts), so that a wide column gives up space before a
 * narrow one. Columns are separated by " │ " (or a bare "│" when that is
 * what lets the minimums fit); the header row is drawn in STYLE_HEADER
 * with a rule of '─' under it, crossed by '┼' at the separators. Cells
 * wrap inside their column with the text's line breaking (frame_wrap_in);
 * a row is as tall as its tallest cell. Where not even 2 columns per
 * column fit, the table is stacked: each cell on lines of its own, a
 * row's cells one under the other. The export stacks a table whose grid
 * lines would interleave two cells' text (a wrapped cell with a later
 * cell beside it; a row's cells after its first then indented by 2), so
 * that its text reads in order at every width. Linear in the table's size (the column
 * sort is n log n in its columns).
 *
 * A code block's lines are drawn verbatim: tabs advance to the next
 * multiple of 8 columns from the line's start, nothing is wrapped. The
 * block shifts left by layout_opts.hscroll columns on the audience screen
 * when its widest line does not fit (at most widest - 2, where only that
 * line's last column shows after the mark); a line with text hidden on
 * the right ends in a "→" and one with text hidden on the left starts
 * with a "←" (STYLE_MORE), each taking the column it stands in. The
 * language tag goes at the top right of the block (2 columns past its
 * widest line, or the content's right edge) in STYLE_DIM: on the first
 * line's row when there is room, else on a row of its own above.
 *
 * The separators, rules and marks are the layout's own glyphs
 * (frame_add_run, frame_repeat); every character of the deck goes in
 * through frame_put or frame_wrap_in, so that control characters become
 * the placeholders every text gets. */
#include "layout_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

enum { TABLE_MIN = 4 };

static const char mark_right[] = "→", mark_left[] = "←";

/* ---- tables ---- */

static unsigned cell_width(const char *s)
{
	return layout_width(s, strlen(s));
}

/* The column order by demand, ascending; qsort has no context, so the
 * demand travels with the index. */
struct col_demand {
	unsigned demand;
	size_t col;
};

static int cmp_col_demand(const void *a, const void *b)
{
	const struct col_demand *x = a, *y = b;
	if (x->demand != y->demand)
		return x->demand < y->demand ? -1 : 1;
	return x->col < y->col ? -1 : x->col > y->col;
}

/* Gives w[c] (holding the minimums) a fair share of extra columns
 * towards nat[c]: water-filling over the demands nat[c] - w[c]. */
static void share_extra(unsigned *w, const unsigned *nat, size_t nc, unsigned extra)
{
	struct col_demand *d = xmalloc(nc * sizeof *d);
	for (size_t c = 0; c < nc; c++)
		d[c] = (struct col_demand){ nat[c] - w[c], c };
	qsort(d, nc, sizeof *d, cmp_col_demand);
	size_t k = 0;
	while (k < nc && d[k].demand <= extra / (nc - k)) {
		w[d[k].col] += d[k].demand;
		extra -= d[k].demand;
		k++;
	}
	if (k < nc) {
		unsigned share = extra / (unsigned)(nc - k), rem = extra % (unsigned)(nc - k);
		/* the remainder goes to the widest demands (the end of d) */
		for (size_t j = k; j < nc; j++)
			w[d[j].col] += share + (j >= nc - rem ? 1 : 0);
	}
	free(d);
}

/* The column widths of a table of nc columns with natural widths nat in
 * cw content columns; *sep is the separator's width (3 or 1). Returns
 * false when the table must be stacked. */
static bool table_widths(const unsigned *nat, size_t nc, unsigned cw, unsigned *w, unsigned *sep)
{
	uint64_t sum_nat = 0, sum_min = 0;
	for (size_t c = 0; c < nc; c++) {
		sum_nat += nat[c];
		sum_min += nat[c] < TABLE_MIN ? nat[c] : TABLE_MIN;
	}
	uint64_t seps = (uint64_t)(nc - 1);
	*sep = sum_min + 3 * seps <= cw ? 3 : 1;
	if (sum_nat + *sep * seps <= cw) {
		memcpy(w, nat, nc * sizeof *w);
		return true;
	}
	if (2 * (uint64_t)nc + seps > cw)
		return false;
	unsigned avail = cw - (unsigned)(*sep * seps);
	unsigned lo = sum_min <= avail ? TABLE_MIN : 2;
	unsigned used = 0;
	for (size_t c = 0; c < nc; c++) {
		w[c] = nat[c] < lo ? nat[c] : lo;
		used += w[c];
	}
	share_extra(w, nat, nc, avail - used);
	return true;
}

/* One row of cells at L->row, the cells wrapped in their columns; returns
 * the row's height. *mixed is set when its lines, read one after another,
 * interleave two cells' text: a cell wrapped onto more than one line has
 * a later cell with text. */
static unsigned table_row(struct lay *L, const char *const *cells, size_t nc, const unsigned *w,
			  unsigned sep, enum style st, bool *mixed)
{
	unsigned x = L->left, h = 1;
	bool wrapped = false;
	for (size_t c = 0; c < nc; c++) {
		unsigned n = lay_text(L, L->row, x, w[c], cells[c], st, FRAME_LEFT);
		h = n > h ? n : h;
		if (wrapped && n)
			*mixed = true;
		wrapped |= n > 1;
		x += w[c] + sep;
	}
	x = L->left;
	for (size_t c = 0; c + 1 < nc; c++) {
		x += w[c];
		for (unsigned r = 0; r < h; r++)
			frame_add_run(L->f, L->row + r, x + sep / 2, "│", 3, 1, STYLE_DIM);
		x += sep;
	}
	return h;
}

/* The rule under the header: '─' across the table, '┼' at separators. */
static void table_rule(struct lay *L, size_t nc, const unsigned *w, unsigned sep)
{
	unsigned x = L->left;
	for (size_t c = 0; c < nc; c++) {
		unsigned seg = w[c] + (c + 1 < nc ? sep / 2 : 0) + (c > 0 ? sep / 2 : 0);
		x += frame_repeat(L->f, L->row, x, "─", seg, STYLE_DIM);
		if (c + 1 < nc) {
			frame_add_run(L->f, L->row, x, "┼", 3, 1, STYLE_DIM);
			x++;
		}
	}
	L->row++;
}

/* Too narrow for columns: each cell as a paragraph, the header's in
 * STYLE_HEADER with a rule under them. With grouped (the export) and room
 * for it, a row's cells after its first are indented by 2, so that rows
 * stay apart. */
static void table_stacked(struct lay *L, const struct item *it, bool grouped)
{
	unsigned ind = grouped && L->cw >= 8 ? 2 : 0;
	for (size_t r = 0; r < it->nrows; r++) {
		enum style st = r == 0 ? STYLE_HEADER : STYLE_TEXT;
		for (size_t c = 0; c < it->ncols; c++) {
			unsigned x = c ? ind : 0;
			unsigned n = lay_text(L, L->row, L->left + x, L->cw - x,
					      it->cells[r * it->ncols + c], st, FRAME_LEFT);
			L->row += n ? n : 1;
		}
		if (r == 0) {
			frame_repeat(L->f, L->row, L->left, "─", L->cw, STYLE_DIM);
			L->row++;
		}
	}
}

void lay_table(struct lay *L, const struct item *it)
{
	size_t nc = it->ncols;
	if (nc == 0 || it->nrows == 0 || L->cw == 0)
		return;
	unsigned *nat = xcalloc(nc, sizeof *nat), *w = xcalloc(nc, sizeof *w);
	for (size_t r = 0; r < it->nrows; r++)
		for (size_t c = 0; c < nc; c++) {
			unsigned cwid = cell_width(it->cells[r * nc + c]);
			nat[c] = cwid > nat[c] ? cwid : nat[c];
		}
	unsigned sep, r0 = L->row;
	bool mixed = false;
	if (!table_widths(nat, nc, L->cw, w, &sep)) {
		table_stacked(L, it, L->view == VIEW_EXPORT);
	} else {
		for (size_t r = 0; r < it->nrows; r++) {
			L->row += table_row(L, it->cells + r * nc, nc, w, sep,
					    r == 0 ? STYLE_HEADER : STYLE_TEXT, &mixed);
			if (r == 0)
				table_rule(L, nc, w, sep);
		}
		/* the export keeps reading order: a grid whose lines interleave
		 * two cells is stacked there instead */
		if (mixed && L->view == VIEW_EXPORT) {
			frame_truncate(L->f, r0);
			L->row = r0;
			table_stacked(L, it, true);
		}
	}
	free(nat);
	free(w);
	if (it->caption && *it->caption)
		L->row += lay_text(L, L->row, L->left, L->cw, it->caption, STYLE_CAPTION,
				   L->centre ? FRAME_CENTRE : FRAME_LEFT);
}

/* ---- code ---- */

/* A cluster's columns at line column x: a tab to the next multiple of 8. */
static unsigned cluster_cols(const struct tl_cluster *c, unsigned x)
{
	return c->kind == TL_TAB ? 8 - x % 8 : c->width;
}

/* What of one code line shows in line columns [shift, shift + avail). */
struct code_window {
	unsigned shift, avail;
	bool hid_left, hid_right; /* text (not blanks) is cut on that side */
};

/* Measures line s against the window: which sides hide text. */
static void code_measure(const char *s, size_t len, struct code_window *cwin)
{
	struct tl_iter it;
	struct tl_cluster c;
	unsigned x = 0, end = cwin->shift + cwin->avail;
	cwin->hid_left = cwin->hid_right = false;
	tl_iter_init(&it, s, len);
	while (tl_iter_next(&it, &c)) {
		unsigned w = cluster_cols(&c, x);
		if (!tl_blank(&c)) {
			if (x < cwin->shift)
				cwin->hid_left = true;
			if (x + w > end)
				cwin->hid_right = true;
		}
		x += w;
	}
	tl_iter_release(&it);
}

/* Draws line s at (row, col0) through the window: the clusters wholly
 * inside the columns left free by the marks, in runs of frame_put. */
static void code_line(struct frame *f, unsigned row, unsigned col0, const char *s,
		      struct code_window *cwin)
{
	size_t len = strlen(s);
	code_measure(s, len, cwin);
	unsigned lo = cwin->shift + (cwin->hid_left ? 1 : 0);
	unsigned hi = cwin->shift + cwin->avail - (cwin->hid_right ? 1 : 0);
	if (cwin->hid_left && cwin->avail >= 1)
		frame_add_run(f, row, col0, mark_left, sizeof mark_left - 1, 1, STYLE_MORE);
	struct tl_iter it;
	struct tl_cluster c;
	unsigned x = 0, rx = 0, rw = 0;
	size_t roff = 0, rlen = 0;
	tl_iter_init(&it, s, len);
	while (tl_iter_next(&it, &c)) {
		unsigned w = cluster_cols(&c, x);
		bool shown = c.kind != TL_TAB && x >= lo && x + w <= hi;
		if (shown && rlen && roff + rlen == c.off) {
			rlen += c.len;
			rw += w;
		} else {
			if (rlen)
				frame_put(f, row, col0 + rx - cwin->shift, s + roff, rlen, rw,
					  STYLE_TEXT);
			rlen = 0;
			if (shown) {
				roff = c.off;
				rlen = c.len;
				rw = w;
				rx = x;
			}
		}
		x += w;
	}
	if (rlen)
		frame_put(f, row, col0 + rx - cwin->shift, s + roff, rlen, rw, STYLE_TEXT);
	tl_iter_release(&it);
	if (cwin->hid_right && cwin->avail >= (cwin->hid_left ? 2u : 1u))
		frame_add_run(f, row, col0 + cwin->avail - 1, mark_right, sizeof mark_right - 1, 1,
			      STYLE_MORE);
}

void lay_code(struct lay *L, const struct item *it)
{
	if (L->cw == 0)
		return;
	unsigned widest = 0;
	for (size_t k = 0; k < it->nlines; k++) {
		unsigned w = layout_width(it->lines[k], strlen(it->lines[k]));
		widest = w > widest ? w : widest;
	}
	struct code_window cwin = { .avail = L->cw };
	if (widest > L->cw)
		L->claim = L->cw;
	if (L->view == VIEW_SLIDE && widest > L->cw && L->o->hscroll)
		cwin.shift = L->o->hscroll < widest - 2 ? L->o->hscroll : widest - 2;
	const char *tag = it->text;
	unsigned tw = tag ? layout_width(tag, strlen(tag)) : 0;
	if (tw && tw <= L->cw) {
		unsigned first = 0;
		if (it->nlines) {
			struct code_window probe = cwin;
			code_measure(it->lines[0], strlen(it->lines[0]), &probe);
			unsigned w = layout_width(it->lines[0], strlen(it->lines[0]));
			first = w > cwin.shift ? w - cwin.shift : (probe.hid_left ? 1 : 0);
			if (probe.hid_right)
				first = L->cw;
		}
		/* at the block's right edge (its widest line and a gap of 2, or
		 * the content's edge), on the first line's row when it leaves
		 * the gap */
		uint64_t edge = (uint64_t)widest + 2 + tw;
		unsigned bw = edge < L->cw ? (unsigned)edge : L->cw;
		bool own = first + 2 + tw > bw;
		frame_put(L->f, L->row, L->left + bw - tw, tag, strlen(tag), tw, STYLE_DIM);
		if (own)
			L->row++;
	}
	for (size_t k = 0; k < it->nlines; k++) {
		code_line(L->f, L->row, L->left, it->lines[k], &cwin);
		L->row++;
	}
}
