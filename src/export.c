/* Plain-text export. The deck header (title, subtitle, author · affiliation,
 * event · date) is followed by a double rule; each slide starts with a rule
 * carrying its number ("── 3/25 ───", "── 24/25 · backup ───"), then the
 * slide as layout_slide(VIEW_EXPORT) draws it, then, with notes, a "Notes:"
 * line and the notes indented by 4 columns. Rows are printed with the gaps
 * between runs as spaces and trailing spaces removed; every byte printed
 * comes from a frame run or from lectern's own rule text, so no control
 * character can get through. */
#include "export.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"

/* A line buffer reused for every row of one export. */
struct linebuf {
	char *s;
	size_t len, cap;
};

static void lb_add(struct linebuf *b, const char *s, size_t n)
{
	xgrow((void **)&b->s, &b->cap, b->len + n + 1, 1);
	memcpy(b->s + b->len, s, n);
	b->len += n;
}

/* Prints every row of f, each indented by indent spaces. */
static void print_frame(const struct frame *f, unsigned indent, struct linebuf *b, FILE *out)
{
	for (unsigned r = 0; r < f->nrows; r++) {
		b->len = 0;
		for (unsigned k = 0; k < indent; k++)
			lb_add(b, " ", 1);
		unsigned col = 0;
		const struct frame_row *fr = &f->rows[r];
		for (size_t k = fr->first; k < fr->first + fr->n; k++) {
			const struct run *run = &f->runs[k];
			for (; col < run->col; col++)
				lb_add(b, " ", 1);
			lb_add(b, run->text, run->len);
			col = run->col + run->width;
		}
		while (b->len && b->s[b->len - 1] == ' ')
			b->len--;
		lb_add(b, "\n", 1);
		fwrite(b->s, 1, b->len, out);
	}
}

#define R4(s) s s s s
#define R32(s) R4(R4(s s))
static const char rule_single[] = R32("─");
static const char rule_double[] = R32("═");

/* A row of the frame's width: label, then rule glyphs (3 bytes each) to the
 * end. */
static void put_rule(struct frame *f, unsigned row, const char *label, const char *rule)
{
	unsigned w = f->cols;
	unsigned x = label ? frame_put(f, row, 0, label, strlen(label), w, STYLE_HEADER) : 0;
	while (x < w) {
		unsigned n = frame_put(f, row, x, rule, strlen(rule), w - x, STYLE_HEADER);
		if (n == 0)
			break;
		x += n;
	}
}

/* Prints a slide's header rule: label, then "─" to the width. The label is
 * lectern's own ASCII text and "─" is one column wide, so when the label
 * fits the line is assembled directly; otherwise it is clipped by a frame. */
static void print_rule(const char *label, unsigned w, struct linebuf *b, FILE *out)
{
	unsigned lw = layout_width(label, strlen(label));
	if (lw > w) {
		struct frame *h = frame_new(w, 0);
		put_rule(h, 0, label, rule_single);
		print_frame(h, 0, b, out);
		frame_free(h);
		return;
	}
	b->len = 0;
	lb_add(b, label, strlen(label));
	for (unsigned x = lw; x < w; x += 32) {
		unsigned n = w - x < 32 ? w - x : 32;
		lb_add(b, rule_single, 3 * n);
	}
	lb_add(b, "\n", 1);
	fwrite(b->s, 1, b->len, out);
}

/* "a · b", or whichever of them is set; NULL if neither. Caller frees. */
static char *join(const char *a, const char *b)
{
	bool ha = a && *a, hb = b && *b;
	if (ha && hb)
		return xasprintf("%s · %s", a, b);
	if (ha || hb)
		return xstrdup(ha ? a : b);
	return NULL;
}

static void print_deck_header(const struct deck *d, unsigned w, struct linebuf *b, FILE *out)
{
	const struct deck_meta *m = &d->meta;
	char *who = join(m->author, m->affiliation);
	char *where = join(m->event, m->date);
	struct frame *f = frame_new(w, 0);
	unsigned row = 0;
	row += frame_wrap(f, row, 0, w, m->title, strlen(m->title), STYLE_TITLE);
	if (m->subtitle && *m->subtitle)
		row += frame_wrap(f, row, 0, w, m->subtitle, strlen(m->subtitle), STYLE_SUBTITLE);
	if (who)
		row += frame_wrap(f, row, 0, w, who, strlen(who), STYLE_TEXT);
	if (where)
		row += frame_wrap(f, row, 0, w, where, strlen(where), STYLE_TEXT);
	put_rule(f, row, NULL, rule_double);
	print_frame(f, 0, b, out);
	frame_free(f);
	free(who);
	free(where);
}

static void print_slide(const struct deck *d, size_t i, const struct export_opts *o,
			struct linebuf *b, FILE *out)
{
	const struct slide *s = &d->slides[i];
	char *label = xasprintf("── %zu/%zu%s ", i + 1, d->nslides, s->backup ? " · backup" : "");
	fputc('\n', out);
	print_rule(label, o->width, b, out);
	free(label);

	struct layout_opts lo = { .cols = o->width, .view = VIEW_EXPORT };
	struct frame *f = layout_slide(s, &lo);
	print_frame(f, 0, b, out);
	frame_free(f);
	if (!o->notes || s->nnotes == 0)
		return;
	unsigned indent = o->width >= 12 ? 4 : 0;
	static const char nl[] = "Notes:";
	struct frame *h = frame_new(o->width, 0);
	frame_put(h, 0, 0, nl, sizeof nl - 1, o->width, STYLE_HEADER);
	fputc('\n', out);
	print_frame(h, 0, b, out);
	frame_free(h);
	lo.cols = o->width - indent;
	lo.view = VIEW_NOTES;
	f = layout_slide(s, &lo);
	print_frame(f, indent, b, out);
	frame_free(f);
}

/* Slides [from, to) of an export, printed by a helper thread into memory. */
struct part {
	const struct deck *d;
	const struct export_opts *o;
	size_t from, to;
	char *text;
	size_t len;
	int rc;
};

static void print_slides(const struct deck *d, const struct export_opts *o, size_t from,
			 size_t to, FILE *out)
{
	struct linebuf b = { 0 };
	for (size_t i = from; i < to; i++)
		if (!d->slides[i].backup || o->backup)
			print_slide(d, i, o, &b, out);
	free(b.s);
}

static void *print_part(void *arg)
{
	struct part *p = arg;
	FILE *m = open_memstream(&p->text, &p->len);
	if (!m) {
		p->rc = -1;
		return NULL;
	}
	print_slides(p->d, p->o, p->from, p->to, m);
	p->rc = fclose(m) == 0 ? 0 : -1;
	return NULL;
}

/* From this many slides a second thread lays out the second half. */
enum { PARALLEL_SLIDES = 256 };

int export_deck(const struct deck *d, const struct export_opts *o, FILE *out)
{
	struct export_opts eo = *o;
	if (eo.width < 1)
		eo.width = 1;
	struct linebuf b = { 0 };
	print_deck_header(d, eo.width, &b, out);
	free(b.s);
	/* layout is pure, so the halves can be laid out at once; the second
	 * is printed after the first, byte for byte as one thread would */
	struct part p = { d, &eo, d->nslides / 2, d->nslides, NULL, 0, 0 };
	pthread_t tid;
	if (!eo.one_thread && d->nslides >= PARALLEL_SLIDES &&
	    pthread_create(&tid, NULL, print_part, &p) == 0) {
		print_slides(d, &eo, 0, p.from, out);
		pthread_join(tid, NULL);
		if (p.rc == 0)
			fwrite(p.text, 1, p.len, out);
		free(p.text);
		if (p.rc != 0) {
			errno = ENOMEM;
			return -1;
		}
	} else {
		print_slides(d, &eo, 0, d->nslides, out);
	}
	if (fflush(out) != 0 || ferror(out))
		return -1;
	return 0;
}
