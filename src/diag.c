#include "diag.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "textclass.h"
#include "xalloc.h"

void diag_list_init(struct diag_list *l)
{
	l->v = NULL;
	l->n = l->cap = 0;
	l->nerrors = l->nwarnings = 0;
	l->dropped = 0;
}

void diag_list_release(struct diag_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].file);
		free(l->v[i].msg);
	}
	free(l->v);
	diag_list_init(l);
}

static void push(struct diag_list *l, struct diag d)
{
	if (l->n >= DIAG_MAX) {
		l->dropped++;
		if (d.sev == SEV_ERROR)
			l->nerrors++;
		else
			l->nwarnings++;
		free(d.file);
		free(d.msg);
		return;
	}
	xgrow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v);
	l->v[l->n++] = d;
	if (d.sev == SEV_ERROR)
		l->nerrors++;
	else
		l->nwarnings++;
}

void diag_vadd(struct diag_list *l, const char *file, unsigned line, unsigned col,
	       enum severity sev, const char *fmt, va_list ap)
{
	if (l->n >= DIAG_MAX) { /* only counted: not worth formatting */
		push(l, (struct diag){ NULL, line, col, sev, NULL });
		return;
	}
	char *raw = xvasprintf(fmt, ap);
	/* stored sanitised (textclass.h): no byte of a hostile deck or file
	 * name quoted in a message can act on the terminal */
	char *msg = text_safe(raw);
	free(raw);
	push(l, (struct diag){ text_safe(file), line, col, sev, msg });
}

void diag_add(struct diag_list *l, const char *file, unsigned line, unsigned col, enum severity sev,
	      const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vadd(l, file, line, col, sev, fmt, ap);
	va_end(ap);
}

void diag_list_move(struct diag_list *dst, struct diag_list *src)
{
	for (size_t i = 0; i < src->n; i++)
		push(dst, src->v[i]);
	dst->dropped += src->dropped;
	free(src->v);
	diag_list_init(src);
}

static int by_line(const void *a, const void *b)
{
	const struct diag *x = a, *y = b;
	unsigned lx = x->line ? x->line : ~0u, ly = y->line ? y->line : ~0u;
	if (lx != ly)
		return lx < ly ? -1 : 1;
	/* equal lines: col holds the position they were added at */
	return x->col < y->col ? -1 : x->col > y->col;
}

void diag_sort_lines(struct diag_list *l, size_t from)
{
	if (from + 1 >= l->n)
		return;
	size_t n = l->n - from;
	/* qsort is not stable: sort (line, position) pairs, then reorder */
	struct diag *v = l->v + from;
	struct diag *tmp = xmalloc(n * sizeof *tmp);
	for (size_t i = 0; i < n; i++) {
		tmp[i] = v[i];
		tmp[i].col = (unsigned)i; /* the position, as the tie-break */
	}
	qsort(tmp, n, sizeof *tmp, by_line);
	struct diag *out = xmalloc(n * sizeof *out);
	for (size_t i = 0; i < n; i++)
		out[i] = v[tmp[i].col];
	memcpy(v, out, n * sizeof *v);
	free(out);
	free(tmp);
}

static char *format_sev(const struct diag *d, const char *sev)
{
	if (d->line == 0)
		return xasprintf("%s: %s: %s", d->file, sev, d->msg);
	if (d->col == 0)
		return xasprintf("%s:%u: %s: %s", d->file, d->line, sev, d->msg);
	return xasprintf("%s:%u:%u: %s: %s", d->file, d->line, d->col, sev, d->msg);
}

char *diag_format(const struct diag *d)
{
	return format_sev(d, d->sev == SEV_ERROR ? "error" : "warning");
}

void diag_print(const struct diag_list *l, FILE *out, int strict)
{
	diag_print_color(l, out, strict, 0);
}

void diag_print_color(const struct diag_list *l, FILE *out, int strict, int color)
{
	for (size_t i = 0; i < l->n; i++) {
		const struct diag *d = &l->v[i];
		int err = d->sev == SEV_ERROR || strict;
		const char *sev = !color ? (err ? "error" : "warning")
				  : err  ? "\033[1;31merror\033[0m"
					 : "\033[33mwarning\033[0m";
		char *s = format_sev(d, sev);
		fprintf(out, "%s\n", s);
		free(s);
	}
	if (l->dropped)
		fprintf(out, "lectern: %zu more problems not shown\n", l->dropped);
}
