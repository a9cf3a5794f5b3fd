#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "atomic.h"
#include "builtin.h"
#include "frame.h"
#include "ini.h"
#include "textclass.h"

struct deck *cli_load_deck(const char *path, const char *lang, struct diag_list *diags)
{
	if (path)
		return deck_load(&(struct deck_load_opts){ .from = DECK_FROM_PATH, .name = path },
				 NULL, diags);
	struct builtin_deck b;
	if (builtin_find(lang, &b) != 0) {
		diag_add(diags, "lectern", 0, 0, SEV_ERROR,
			 "no built-in talk in language '%s' (there are 'zh' and 'en')", lang);
		return NULL;
	}
	struct ini_file f;
	builtin_ini(&b, &f);
	struct deck *d = deck_load(
		&(struct deck_load_opts){
			.from = DECK_FROM_INI, .name = b.name, .ini = &f, .hash = b.hash },
		NULL, diags);
	ini_release(&f);
	return d;
}

struct deck *cli_builtin_by_id(const char *id, const char **lang)
{
	static const char *const langs[] = { "zh", "en" };
	for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++) {
		struct diag_list dl;
		diag_list_init(&dl);
		struct deck *d = cli_load_deck(NULL, langs[i], &dl);
		diag_list_release(&dl);
		if (d && strcmp(d->meta.id, id) == 0) {
			*lang = langs[i];
			return d;
		}
		deck_free(d);
	}
	return NULL;
}

struct deck *cli_open_deck(const char *path, const char *lang)
{
	struct diag_list diags;
	diag_list_init(&diags);
	struct deck *d = cli_load_deck(path, lang, &diags);
	diag_print(&diags, stderr, 0);
	diag_list_release(&diags);
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
	if (rc == ATOMIC_SYMLINK || rc == ATOMIC_NOT_FILE) {
		struct diag_list dl;
		diag_list_init(&dl);
		if (rc == ATOMIC_SYMLINK)
			diag_add(&dl, path, 0, 0, SEV_ERROR,
				 "is a symbolic link; lectern neither writes through nor "
				 "replaces links (name the file itself)");
		else
			diag_add(&dl, path, 0, 0, SEV_ERROR,
				 "is not a regular file; lectern writes %s only to a file", what);
		diag_print(&dl, stderr, 0);
		diag_list_release(&dl);
		return EXIT_DECK;
	}
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

int cli_check_output(const char *output, const char *input, const char *what)
{
	struct stat in, out;
	if (!output || strcmp(output, "-") == 0 || !input || stat(input, &in) != 0 ||
	    stat(output, &out) != 0 || in.st_dev != out.st_dev || in.st_ino != out.st_ino)
		return EXIT_OK;
	struct diag_list dl;
	diag_list_init(&dl);
	if (strcmp(output, input) == 0)
		diag_add(&dl, output, 0, 0, SEV_ERROR,
			 "-o names %s itself; writing there would replace it with its own "
			 "output (choose another file)",
			 what);
	else
		diag_add(&dl, output, 0, 0, SEV_ERROR,
			 "-o names %s itself ('%s', the same file by another path); writing "
			 "there would replace it with its own output (choose another file)",
			 what, input);
	diag_print(&dl, stderr, 0);
	diag_list_release(&dl);
	return EXIT_DECK;
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

/* Writes a title as the screen shows it: through a frame (frame_put), so
 * control characters come out as the same placeholders as on screen and
 * in the export, and a tab as the spaces to its stop. */
static void put_title(FILE *out, const char *title)
{
	struct frame *f = frame_new(FRAME_UNBOUNDED, 1);
	struct strbuf b = { 0 };
	frame_put(f, 0, 0, title, strlen(title), FRAME_UNBOUNDED, STYLE_TEXT);
	frame_row_text(f, 0, NULL, &b);
	if (b.len)
		fwrite(b.s, 1, b.len, out);
	free(b.s);
	frame_free(f);
}

void cli_list_slides(FILE *out, const struct deck *d)
{
	size_t nm = 0, nb = 0; /* main and backup slides (so far, below) */
	for (size_t i = 0; i < d->nslides; i++)
		nb += d->slides[i].backup;
	int numw = snprintf(NULL, 0, "%zu", d->nslides - nb);
	if (nb && snprintf(NULL, 0, "B%zu", nb) > numw)
		numw = snprintf(NULL, 0, "B%zu", nb);
	nb = 0;
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
		char num[32];
		snprintf(num, sizeof num, "%s%zu", s->backup ? "B" : "", s->backup ? ++nb : ++nm);
		text_printf(out, "%*s  %-*s  %*s  %-6s  ", numw, num, (int)idw, s->id, tw, tm,
			    s->backup ? "backup" : "-");
		put_title(out, s->title);
		fputc('\n', out);
	}
}

const char *cli_opt_value(int argc, char **argv, int *i, const char *name, int *missing)
{
	size_t n = strlen(name);
	const char *a = argv[*i];
	if (strncmp(a, name, n) != 0)
		return NULL;
	if (a[n] == '=')
		return a + n + 1;
	if (a[n] != '\0')
		return NULL;
	if (*i + 1 >= argc) {
		*missing = 1;
		return NULL;
	}
	return argv[++*i];
}
