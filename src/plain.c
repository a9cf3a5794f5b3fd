/* Plain text of one slide (plain.h). The body is the export's layout of a
 * copy of the slide whose items are cut to the steps written: items come
 * in step order (deck.c numbers the steps as it reads them), so the items
 * of steps from_step .. step are one range of the array, and laying out
 * that range alone gives the rows the export gives them (an item's layout
 * depends on itself and on whether the item before it is a list item of
 * the same run, which the range keeps). The header, the body and the
 * notes are frames printed by frame_row_text(); the blank rows at the top
 * of a body without its title are left out. */
#include "plain.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "layout.h"
#include "nav.h"
#include "xalloc.h"

/* Appends every row of f from its first non-empty one (all rows when
 * skip_top is false) to b, one line each. */
static void add_rows(struct strbuf *b, const struct frame *f, bool skip_top,
		     const struct frame_print_opts *po)
{
	unsigned r = 0;
	if (skip_top)
		while (r < f->nrows && f->rows[r].n == 0)
			r++;
	for (; r < f->nrows; r++) {
		frame_row_text(f, r, po, b);
		strbuf_addc(b, '\n');
	}
}

/* Appends text wrapped to w columns. */
static void add_wrapped(struct strbuf *b, const char *text, size_t len, unsigned w, enum style st)
{
	struct frame *f = frame_new(w, 0);
	if (frame_wrap(f, 0, 0, w, text, len, st) == 0)
		frame_rows_ensure(f, 1);
	add_rows(b, f, false, NULL);
	frame_free(f);
}

static void add_header(struct strbuf *b, const struct deck *d, size_t idx, unsigned step,
		       unsigned w)
{
	const struct slide *s = &d->slides[idx];
	struct nav_pos pos = nav_position(d, idx);
	struct strbuf h = { 0 };
	strbuf_printf(&h, "%s %zu of %zu", pos.backup ? "Backup slide" : "Slide", pos.num,
		      pos.total);
	if (s->nsteps > 1)
		strbuf_printf(&h, " · step %u of %u", step + 1, s->nsteps);
	if (s->section && strcmp(s->section->name, s->title) != 0) {
		strbuf_adds(&h, " · ");
		strbuf_adds(&h, s->section->name);
	}
	strbuf_adds(&h, " · ");
	strbuf_adds(&h, s->title);
	add_wrapped(b, h.s, h.len, w, STYLE_HEADER);
	free(h.s);
}

/* The index of the first item of s whose step is above step. */
static size_t items_upto(const struct slide *s, unsigned step)
{
	size_t k = 0;
	while (k < s->nitems && s->items[k].step <= step)
		k++;
	return k;
}

static void add_body(struct strbuf *b, const struct deck *d, const struct slide *s, unsigned from,
		     unsigned step, unsigned w)
{
	struct slide part = *s;
	size_t first = from ? items_upto(s, from - 1) : 0;
	part.items = s->items + first;
	part.nitems = items_upto(s, step) - first;
	if (from) {
		/* a reveal: the title was written with the steps before */
		part.title = "";
		part.subtitle = NULL;
		part.layout = LAYOUT_DEFAULT;
	}
	struct layout_opts lo = { .cols = w, .view = VIEW_EXPORT, .deck = d };
	struct frame *f = layout_slide(&part, &lo);
	add_rows(b, f, from > 0, NULL);
	frame_free(f);
}

static void add_notes(struct strbuf *b, const struct deck *d, const struct slide *s, unsigned w)
{
	static const char label[] = "Notes:";
	unsigned indent = w >= 12 ? 4 : 0;
	strbuf_addc(b, '\n');
	add_wrapped(b, label, sizeof label - 1, w, STYLE_HEADER);
	struct layout_opts lo = { .cols = w - indent, .view = VIEW_NOTES, .deck = d };
	struct frame *f = layout_slide(s, &lo);
	add_rows(b, f, false, &(struct frame_print_opts){ .indent = indent });
	frame_free(f);
}

/* Writes b's text to out and frees it. */
static int flush_buf(FILE *out, struct strbuf *b)
{
	size_t n = b->len ? fwrite(b->s, 1, b->len, out) : 0;
	int rc = n == b->len && fflush(out) == 0 && !ferror(out) ? 0 : -1;
	free(b->s);
	if (rc != 0 && errno == 0)
		errno = EIO;
	return rc;
}

int plain_write_slide(FILE *out, const struct deck *d, size_t idx, const struct plain_opts *o)
{
	const struct slide *s = &d->slides[idx];
	unsigned w = o->width ? o->width : 1;
	unsigned last = s->nsteps ? s->nsteps - 1 : 0;
	unsigned step = o->step < last ? o->step : last;
	unsigned from = o->from_step < step ? o->from_step : step;
	struct strbuf b = { 0 };
	add_header(&b, d, idx, step, w);
	strbuf_addc(&b, '\n');
	add_body(&b, d, s, from, step, w);
	if (o->notes && from == 0 && s->nnotes)
		add_notes(&b, d, s, w);
	errno = 0;
	return flush_buf(out, &b);
}

/* "PREFIX TEXT" wrapped to width. */
static int write_labelled(FILE *out, const char *prefix, const char *text, size_t len,
			  unsigned width)
{
	struct strbuf line = { 0 }, b = { 0 };
	strbuf_adds(&line, prefix);
	strbuf_add(&line, text, len);
	add_wrapped(&b, line.s, line.len, width ? width : 1, STYLE_TEXT);
	free(line.s);
	errno = 0;
	return flush_buf(out, &b);
}

int plain_write_text(FILE *out, const char *text, size_t len, unsigned width)
{
	return write_labelled(out, "", text, len, width);
}

int plain_write_caption(FILE *out, const char *text, size_t len, unsigned width)
{
	return write_labelled(out, "caption: ", text, len, width);
}

int plain_write_message(FILE *out, const char *msg, unsigned width)
{
	return write_labelled(out, "lectern: ", msg, strlen(msg), width);
}

unsigned plain_width(void)
{
	struct winsize ws;
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	const char *c = getenv("COLUMNS");
	char *end;
	long n = c ? strtol(c, &end, 10) : 0;
	if (c && *c && !*end && n > 0 && n <= 10000)
		return (unsigned)n;
	return 80;
}
