/* The frame (frame.h): rows of runs kept in column order, and the ways
 * text gets in (put, cut, repeat, wrap) and out (frame_print).
 *
 * A row's runs are one slice of the frame's run array, rows in order, so
 * inserting a run shifts the slices of the rows below; frames are built
 * top to bottom, so that shift is short. A put first finds the free gap
 * around its column (between the run before and the run after it) and
 * clips to it, so runs never overlap. */
#include "frame.h"

#include <stdlib.h>
#include <string.h>

#include "textclass.h"
#include "xalloc.h"

#define R4(s) s s s s
#define R16(s) R4(R4(s))
#define R64(s) R4(R16(s))

/* Repeated glyphs for rules, boxes, bars and padding: REP_N glyphs each,
 * every one a single safe character of one column. */
enum { REP_N = 64 };
static const struct {
	const char *glyph, *rep;
} reps[] = {
	{ "─", R64("─") }, { "━", R64("━") }, { "═", R64("═") },
	{ "█", R64("█") }, { " ", R64(" ") },
};

static const char pic_wide[] = "▯";

void frame_rows_ensure(struct frame *f, unsigned n)
{
	if (n <= f->nrows)
		return;
	xgrow((void **)&f->rows, &f->rowcap, n, sizeof *f->rows);
	for (unsigned r = f->nrows; r < n; r++)
		f->rows[r] = (struct frame_row){ f->nruns, 0 };
	f->nrows = n;
}

void frame_add_run(struct frame *f, unsigned row, unsigned col, const char *text, size_t len,
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
	arena_init(&f->own);
	frame_rows_ensure(f, rows);
	return f;
}

void frame_free(struct frame *f)
{
	if (!f)
		return;
	free(f->rows);
	free(f->runs);
	arena_release(&f->own);
	free(f);
}

/* Adds rows up to row; then the free gap [*lo, *hi) of row that a put at
 * col gets: from col, or from the end of a run col falls inside, to the
 * next run or the frame's width. False when it is empty. */
static bool free_gap(struct frame *f, unsigned row, unsigned col, unsigned *lo, unsigned *hi)
{
	frame_rows_ensure(f, row + 1);
	if (col >= f->cols)
		return false;
	const struct frame_row *fr = &f->rows[row];
	*lo = col;
	*hi = f->cols;
	for (size_t k = fr->first; k < fr->first + fr->n; k++) {
		const struct run *r = &f->runs[k];
		if (r->col >= col) {
			*hi = r->col < *hi ? r->col : *hi;
			break;
		}
		if (r->col + r->width > *lo)
			*lo = r->col + r->width; /* col falls inside this run */
	}
	return *lo < *hi;
}

unsigned frame_put(struct frame *f, unsigned row, unsigned col, const char *text, size_t len,
		   unsigned maxw, enum style st)
{
	unsigned lo, hi;
	if (!free_gap(f, row, col, &lo, &hi))
		return 0;
	unsigned lim = hi - lo;
	if (maxw < lim)
		lim = maxw;
	col = lo;

	struct tl_iter it;
	struct tl_cluster c;
	tl_iter_init(&it, text, len);
	unsigned x = 0, rx = 0, rw = 0;
	size_t roff = 0, rlen = 0;
	while (tl_iter_next(&it, &c)) {
		unsigned cw = c.kind == TL_TAB ? 8 - x % 8 : c.width;
		if (x + cw > lim)
			break;
		if (c.kind == TL_TEXT || c.kind == TL_SPACE) {
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
				frame_add_run(f, row, col + rx, text + roff, rlen, rw, st);
			rlen = 0;
			if (c.kind == TL_PH)
				frame_add_run(f, row, col + x, c.ph, 3, 1, STYLE_PLACEHOLDER);
		}
		x += cw;
	}
	if (rlen)
		frame_add_run(f, row, col + rx, text + roff, rlen, rw, st);
	tl_iter_release(&it);
	return x;
}

unsigned frame_put_cut(struct frame *f, unsigned row, unsigned col, const char *text, size_t len,
		       unsigned maxw, enum style st)
{
	static const char ell[] = "…";
	unsigned lo, hi;
	if (!free_gap(f, row, col, &lo, &hi))
		return 0;
	unsigned lim = hi - lo < maxw ? hi - lo : maxw;
	if (layout_width(text, len) <= lim)
		return frame_put(f, row, lo, text, len, lim, st);
	if (lim == 0)
		return 0;
	unsigned c = frame_put(f, row, lo, text, len, lim - 1, st);
	return c + frame_put(f, row, lo + c, ell, sizeof ell - 1, 1, st);
}

/* The static repeat string of glyph, or NULL. */
static const char *static_rep(const char *glyph)
{
	for (size_t i = 0; i < sizeof reps / sizeof reps[0]; i++)
		if (strcmp(reps[i].glyph, glyph) == 0)
			return reps[i].rep;
	return NULL;
}

unsigned frame_repeat(struct frame *f, unsigned row, unsigned col, const char *glyph, unsigned n,
		      enum style st)
{
	unsigned lo, hi;
	if (!free_gap(f, row, col, &lo, &hi) || n == 0)
		return 0;
	size_t gl = strlen(glyph);
	const char *rep = static_rep(glyph);
	if (rep) {
		unsigned count = n < hi - lo ? n : hi - lo;
		for (unsigned x = 0; x < count;) {
			unsigned k = count - x < REP_N ? count - x : REP_N;
			frame_add_run(f, row, lo + x, rep, gl * k, k, st);
			x += k;
		}
		return count;
	}
	/* any other glyph: a copy of up to REP_N of it, measured and
	 * sanitised by frame_put, which leaves out a glyph that does not fit */
	unsigned gw = layout_width(glyph, gl);
	if (gw == 0)
		return 0;
	unsigned k = n < REP_N ? n : REP_N;
	struct strbuf b = { 0 };
	for (unsigned i = 0; i < k; i++)
		strbuf_add(&b, glyph, gl);
	const char *s = arena_strndup(&f->own, b.s, b.len);
	free(b.s);
	unsigned used = 0;
	while (n) {
		unsigned m = n < k ? n : k;
		unsigned w = frame_put(f, row, lo + used, s, gl * m, gw * m, st);
		used += w;
		if (w < gw * m)
			break;
		n -= m;
	}
	return used;
}

/* Draws the clusters of a line found by tl_line at (row, col). */
static void emit_line(struct frame *f, unsigned row, unsigned col, const struct tl_text *w,
		      const struct tl_line *ln, enum style st)
{
	frame_rows_ensure(f, row + 1);
	if (ln->oversize) {
		frame_add_run(f, row, col, pic_wide, strlen(pic_wide), 1, STYLE_PLACEHOLDER);
		return;
	}
	unsigned x = 0, rx = 0, rw = 0;
	size_t roff = 0, rlen = 0;
	for (size_t k = ln->c0; k < ln->c1; k++) {
		const struct tl_cluster *c = &w->cl[k];
		if (c->kind == TL_TEXT || c->kind == TL_SPACE) {
			if (rlen && roff + rlen == c->off) {
				rlen += c->len;
				rw += c->width;
			} else {
				if (rlen)
					frame_add_run(f, row, col + rx, w->text + roff, rlen, rw,
						      st);
				roff = c->off;
				rlen = c->len;
				rw = c->width;
				rx = x;
			}
			x += c->width;
			continue;
		}
		if (rlen)
			frame_add_run(f, row, col + rx, w->text + roff, rlen, rw, st);
		rlen = 0;
		if (c->kind == TL_TAB) {
			x += 8 - x % 8;
		} else if (c->kind == TL_PH) {
			frame_add_run(f, row, col + x, c->ph, 3, 1, STYLE_PLACEHOLDER);
			x++;
		}
	}
	if (rlen)
		frame_add_run(f, row, col + rx, w->text + roff, rlen, rw, st);
}

unsigned frame_wrap_in(struct frame *f, struct tl_text *w, unsigned row, unsigned x, unsigned width,
		       const char *text, size_t len, enum style st, enum frame_align al)
{
	if (x >= f->cols || width == 0 || len == 0)
		return 0;
	if (width > f->cols - x)
		width = f->cols - x;
	tl_segment(w, text, len);
	if (tl_measure(w, 0, w->ncl) > width)
		tl_breaks(w); /* else the text is one line per newline: no break */
	unsigned r = 0;
	size_t i = 0;
	while (i < w->ncl) {
		struct tl_line ln;
		tl_line(w, i, width, &ln);
		unsigned dx = 0;
		if (al == FRAME_CENTRE)
			dx = (width - ln.width) / 2;
		else if (al == FRAME_RIGHT)
			dx = width - ln.width;
		emit_line(f, row + r, x + dx, w, &ln, st);
		r++;
		i = ln.next;
		if (!ln.hard)
			while (i < w->ncl && tl_blank(&w->cl[i]))
				i++;
	}
	return r;
}

unsigned frame_wrap(struct frame *f, unsigned row, unsigned indent, unsigned width,
		    const char *text, size_t len, enum style st)
{
	struct tl_text w = { 0 };
	unsigned r = frame_wrap_in(f, &w, row, indent, width, text, len, st, FRAME_LEFT);
	tl_release(&w);
	return r;
}

void frame_truncate(struct frame *f, unsigned n)
{
	frame_rows_ensure(f, n);
	if (n >= f->nrows)
		return;
	f->nruns = f->rows[n].first;
	f->nrows = n;
}

void frame_pad_top(struct frame *f, unsigned n)
{
	if (!n)
		return;
	unsigned old = f->nrows;
	xgrow((void **)&f->rows, &f->rowcap, (size_t)old + n, sizeof *f->rows);
	memmove(f->rows + n, f->rows, old * sizeof *f->rows);
	for (unsigned r = 0; r < n; r++)
		f->rows[r] = (struct frame_row){ 0, 0 };
	f->nrows = old + n;
}

void frame_row_text(const struct frame *f, unsigned row, const struct frame_print_opts *o,
		    struct strbuf *b)
{
	static const char reset[] = "\033[0m";
	size_t start = b->len;
	unsigned indent = o ? o->indent : 0;
	for (unsigned k = 0; k < indent; k++)
		strbuf_addc(b, ' ');
	const struct frame_row *fr = &f->rows[row];
	unsigned col = 0;
	bool open = false; /* an SGR pair is open for style cur */
	enum style cur = STYLE_TEXT;
	for (size_t k = fr->first; k < fr->first + fr->n; k++) {
		const struct run *run = &f->runs[k];
		const char *sgr = o && o->sgr ? o->sgr[run->style] : NULL;
		if (open && (run->col != col || run->style != cur)) {
			strbuf_add(b, reset, sizeof reset - 1);
			open = false;
		}
		for (; col < run->col; col++)
			strbuf_addc(b, ' ');
		if (sgr && !open && run->len) {
			strbuf_adds(b, sgr);
			open = true;
			cur = run->style;
		}
		text_sanitize(b, run->text, run->len, 0);
		col = run->col + run->width;
	}
	if (open)
		strbuf_add(b, reset, sizeof reset - 1);
	while (b->len > start && b->s[b->len - 1] == ' ')
		b->len--;
	if (b->s)
		b->s[b->len] = '\0';
}

int frame_print(FILE *out, const struct frame *f, const struct frame_print_opts *o)
{
	struct strbuf b = { 0 };
	int rc = 0;
	for (unsigned r = 0; r < f->nrows; r++) {
		b.len = 0;
		frame_row_text(f, r, o, &b);
		strbuf_addc(&b, '\n');
		if (fwrite(b.s, 1, b.len, out) != b.len)
			rc = -1;
	}
	free(b.s);
	return rc;
}
