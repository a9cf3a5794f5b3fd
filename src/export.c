/* Plain-text export. The deck header (title, subtitle, author · affiliation,
 * event · date) is followed by a double rule; each slide starts with a rule
 * carrying its number ("── 3/25 ───", "── 24/25 · backup ───"), then the
 * slide as layout_slide(VIEW_EXPORT) draws it, then, with notes, a "Notes:"
 * line and the notes indented by 4 columns. Every line is a frame row
 * printed by frame_print (gaps as spaces, trailing spaces removed, runs
 * through the sanitising writer), so no control character can get
 * through. Before the first slide printed of each section, a heading
 * "══ 02 · 场景 ═══" to the width. */
#include "export.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"

/* A row of the frame's width: label, then the rule glyph to the end. */
static void put_rule(struct frame *f, unsigned row, const char *label, const char *rule)
{
	unsigned x = label ? frame_put(f, row, 0, label, strlen(label), f->cols, STYLE_HEADER) : 0;
	frame_repeat(f, row, x, rule, f->cols - x, STYLE_HEADER);
}

/* Prints a slide's header rule: label, then "─" to the width. */
static void print_rule(const char *label, unsigned w, FILE *out)
{
	struct frame *h = frame_new(w, 0);
	put_rule(h, 0, label, "─");
	frame_print(out, h, NULL);
	frame_free(h);
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

static void print_deck_header(const struct deck *d, unsigned w, FILE *out)
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
	put_rule(f, row, NULL, "═");
	frame_print(out, f, NULL);
	frame_free(f);
	free(who);
	free(where);
}

static void print_slide(const struct deck *d, size_t i, const struct export_opts *o, FILE *out)
{
	const struct slide *s = &d->slides[i];
	char *label = xasprintf("── %zu/%zu%s ", i + 1, d->nslides, s->backup ? " · backup" : "");
	fputc('\n', out);
	print_rule(label, o->width, out);
	free(label);

	struct layout_opts lo = { .cols = o->width, .view = VIEW_EXPORT, .deck = d };
	struct frame *f = layout_slide(s, &lo);
	frame_print(out, f, NULL);
	frame_free(f);
	if (!o->notes || s->nnotes == 0)
		return;
	unsigned indent = o->width >= 12 ? 4 : 0;
	static const char nl[] = "Notes:";
	struct frame *h = frame_new(o->width, 0);
	frame_put(h, 0, 0, nl, sizeof nl - 1, o->width, STYLE_HEADER);
	fputc('\n', out);
	frame_print(out, h, NULL);
	frame_free(h);
	lo.cols = o->width - indent;
	lo.view = VIEW_NOTES;
	f = layout_slide(s, &lo);
	frame_print(out, f, &(struct frame_print_opts){ .indent = indent });
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

static bool printed(const struct deck *d, const struct export_opts *o, size_t i)
{
	return !d->slides[i].backup || o->backup;
}

/* A section's heading, "══ 02 · 场景 ═══…", to the width (the name cut
 * with "…" when it does not fit), after a blank line. */
static void print_section_heading(const struct deck *d, const struct section *sec, unsigned w,
				  FILE *out)
{
	char *label = xasprintf("══ %02zu · ", layout_section_number(d, sec));
	struct frame *f = frame_new(w, 0);
	unsigned x = frame_put(f, 0, 0, label, strlen(label), w, STYLE_HEADER);
	x += frame_put_cut(f, 0, x, sec->name, strlen(sec->name), w - x, STYLE_HEADER);
	if (x + 1 < w)
		frame_repeat(f, 0, x + 1, "═", w - x - 1, STYLE_HEADER);
	fputc('\n', out);
	frame_print(out, f, NULL);
	frame_free(f);
	free(label);
}

/* Slides [from, to), each section's heading before the first of its
 * slides that is printed. The section of the slides printed before from
 * is found by looking back inside from's section only. */
static void print_slides(const struct deck *d, const struct export_opts *o, size_t from, size_t to,
			 FILE *out)
{
	const struct section *cur = NULL;
	const struct section *sec0 = from < to ? d->slides[from].section : NULL;
	if (layout_section_number(d, sec0))
		for (size_t j = from; j-- > sec0->first;)
			if (printed(d, o, j)) {
				cur = sec0;
				break;
			}
	for (size_t i = from; i < to; i++) {
		if (!printed(d, o, i))
			continue;
		const struct section *sec = d->slides[i].section;
		if (sec != cur && layout_section_number(d, sec))
			print_section_heading(d, sec, o->width, out);
		cur = sec;
		print_slide(d, i, o, out);
	}
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
	print_deck_header(d, eo.width, out);
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
