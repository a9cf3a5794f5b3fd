#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>

#include "xalloc.h"

void diag_list_init(struct diag_list *l)
{
	l->v = NULL;
	l->n = l->cap = 0;
	l->nerrors = l->nwarnings = 0;
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
	xgrow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v);
	l->v[l->n++] = d;
	if (d.sev == SEV_ERROR)
		l->nerrors++;
	else
		l->nwarnings++;
}

void diag_add(struct diag_list *l, const char *file, unsigned line, unsigned col,
	      enum severity sev, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		bug("vsnprintf failed");
	char *msg = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(msg, (size_t)n + 1, fmt, ap);
	va_end(ap);
	push(l, (struct diag){ xstrdup(file), line, col, sev, msg });
}

void diag_list_move(struct diag_list *dst, struct diag_list *src)
{
	for (size_t i = 0; i < src->n; i++)
		push(dst, src->v[i]);
	free(src->v);
	diag_list_init(src);
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
	for (size_t i = 0; i < l->n; i++) {
		const struct diag *d = &l->v[i];
		char *s = format_sev(d, d->sev == SEV_ERROR || strict ? "error" : "warning");
		fprintf(out, "%s\n", s);
		free(s);
	}
}
