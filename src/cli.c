#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "atomic.h"
#include "builtin.h"
#include "ini.h"
#include "layout.h"
#include "textclass.h"

struct deck *cli_load_deck(const char *path, const char *lang, struct diag_list *diags)
{
	if (path)
		return deck_load_file(path, diags);
	struct builtin_deck b;
	if (builtin_find(lang, &b) != 0) {
		diag_add(diags, "lectern", 0, 0, SEV_ERROR,
			 "no built-in talk in language '%s' (there are 'zh' and 'en')", lang);
		return NULL;
	}
	struct ini_file f;
	builtin_ini(&b, &f);
	struct deck *d = deck_load_ini(b.name, &f, b.hash, diags);
	ini_release(&f);
	return d;
}

int cli_write_output(const char *path, bool force, const char *what,
		     int (*write)(FILE *out, void *ctx), void *ctx)
{
	if (!path || strcmp(path, "-") == 0) {
		if (write(stdout, ctx) == 0)
			return EXIT_OK;
		text_printf(stderr, "lectern: cannot write %s: %s\n", what, strerror(errno));
		return EXIT_INTERNAL;
	}
	int rc = atomic_write(path, force, write, ctx);
	if (rc == ATOMIC_EXISTS) {
		text_printf(stderr, "lectern: '%s' already exists; use --force to overwrite it\n",
			    path);
		return EXIT_DECK;
	}
	if (rc != ATOMIC_OK) {
		text_printf(stderr, "lectern: cannot write '%s': %s\n", path, strerror(errno));
		return EXIT_INTERNAL;
	}
	return EXIT_OK;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fputs("lectern: ", stderr);
	/* the message quotes arguments: through the sanitising writer */
	va_start(ap, fmt);
	text_vprintf(stderr, fmt, ap);
	va_end(ap);
	if (cmd)
		fprintf(stderr, "\nTry 'lectern %s --help'.\n", cmd);
	else
		fputs("\nTry 'lectern --help'.\n", stderr);
	return EXIT_USAGE;
}

/* Writes text through the layout engine's frame_put, so control characters
 * come out as the same placeholders as on screen and in the export. */
static void put_title(FILE *out, const char *title)
{
	struct frame *f = frame_new(1000, 1);
	frame_put(f, 0, 0, title, strlen(title), 1000, STYLE_TEXT);
	unsigned col = 0;
	for (size_t i = 0; f->nrows && i < f->rows[0].n; i++) {
		const struct run *r = &f->runs[f->rows[0].first + i];
		for (; col < r->col; col++)
			fputc(' ', out);
		fwrite(r->text, 1, r->len, out);
		col += r->width;
	}
	frame_free(f);
}

void cli_list_slides(FILE *out, const struct deck *d)
{
	int numw = snprintf(NULL, 0, "%zu", d->nslides);
	size_t idw = 2;
	for (size_t i = 0; i < d->nslides; i++)
		if (strlen(d->slides[i].id) > idw)
			idw = strlen(d->slides[i].id);
	int tw = 1;
	for (size_t i = 0; i < d->nslides; i++) {
		char tm[DECK_DURATION_LEN];
		deck_format_duration(d->slides[i].time_s, tm);
		if (d->slides[i].time_s && (int)strlen(tm) > tw)
			tw = (int)strlen(tm);
	}
	for (size_t i = 0; i < d->nslides; i++) {
		const struct slide *s = &d->slides[i];
		char tm[DECK_DURATION_LEN] = "-";
		if (s->time_s)
			deck_format_duration(s->time_s, tm);
		text_printf(out, "%*zu  %-*s  %*s  %-6s  ", numw, i + 1, (int)idw, s->id, tw, tm,
			    s->backup ? "backup" : "-");
		put_title(out, s->title);
		fputc('\n', out);
	}
}
