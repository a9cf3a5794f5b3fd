/* Plain-text export. The deck header (title, subtitle, author · affiliation,
 * event · date) is followed by a double rule; each slide starts with a rule
 * carrying its number ("── 3/25 ───", "── 24/25 · backup ───"), then the
 * slide as layout_slide(VIEW_EXPORT) draws it, then, with notes, a "Notes:"
 * line and the notes indented by 4 columns. Every line is a frame row
 * printed by frame_print (gaps as spaces, trailing spaces removed, runs
 * through the sanitising writer), so no control character can get
 * through. */
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

	struct layout_opts lo = { .cols = o->width, .view = VIEW_EXPORT };
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

static void print_slides(const struct deck *d, const struct export_opts *o, size_t from, size_t to,
			 FILE *out)
{
	for (size_t i = from; i < to; i++)
		if (!d->slides[i].backup || o->backup)
			print_slide(d, i, o, out);
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
