/* lectern report: the rehearsal history of a deck. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "record.h"
#include "report.h"
#include "theme.h"

static const char report_usage[] =
	"Usage: lectern report [DECK] [OPTIONS]\n"
	"\n"
	"Shows the last rehearsal of DECK (default: the built-in talk) against its\n"
	"plan: planned and actual time per slide, the slides most over and under\n"
	"plan, the total, and with several rehearsals the trend of each, the slides\n"
	"that vary most, a chart of the totals; the rate of speech, and a suggestion\n"
	"when 'lectern plan' would change the plan.\n"
	"Rehearsals are read from $XDG_STATE_HOME/lectern/ (default\n"
	"~/.local/state/lectern/) and matched to the deck by its id. The text report\n"
	"gives times in the local time zone (TZ); tsv and json in UTC.\n"
	"\n"
	"Options:\n"
	"  --lang zh|en           which built-in talk, when no DECK is given\n"
	"  --last N               the trend covers the last N rehearsals (default 5)\n"
	"  --format text|tsv|json output format (default text)\n"
	"  --color WHEN           colour the text report: auto (on a terminal, unless\n"
	"                         NO_COLOR is set), always or never (default auto)\n"
	"  -h, --help             show this help\n"
	"\n"
	"Exit status: 0 ok, 1 deck errors, 2 usage errors, 3 I/O errors.\n";

static int parse_last(const char *s, unsigned *out)
{
	char *end;
	if (!*s || *s < '0' || *s > '9')
		return -1;
	unsigned long v = strtoul(s, &end, 10);
	if (*end || v < 1 || v > 1000)
		return -1;
	*out = (unsigned)v;
	return 0;
}

/* A deck without records: when records of another id have the same slides
 * (a renamed deck file), says so, in the text report or else on stderr so
 * that tsv and json stay clean. Returns 0, or -1 on a write error. */
static int hint_renamed(const struct deck *d, const char *dir, bool text)
{
	struct diag_list quiet; /* the first reading already warned */
	diag_list_init(&quiet);
	struct record_list all;
	record_list_init(&all);
	int rc = 0;
	size_t count = 0;
	const char *old = NULL;
	if (record_list_load(&all, dir, NULL, &quiet) == 0)
		old = report_find_renamed(d, all.v, all.n, &count);
	if (old && text)
		rc = report_write_renamed(stdout, d, old, count);
	else if (old)
		report_write_renamed(stderr, d, old, count);
	record_list_release(&all);
	diag_list_release(&quiet);
	return rc;
}

int cmd_report(int argc, char **argv)
{
	const char *path = NULL, *lang = NULL, *v;
	struct report_opts o = { REPORT_TEXT, 5, false };
	enum theme_color_mode cm = THEME_COLOR_AUTO;
	for (int i = 1; i < argc; i++) {
		int missing = 0;
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(report_usage, stdout);
			return EXIT_OK;
		} else if ((v = cli_opt_value(argc, argv, &i, "--lang", &missing))) {
			if (strcmp(v, "zh") != 0 && strcmp(v, "en") != 0)
				return cli_usage_error("report",
						       "unknown language '%s' (want zh or en)", v);
			lang = v;
		} else if ((v = cli_opt_value(argc, argv, &i, "--last", &missing))) {
			if (parse_last(v, &o.last) != 0)
				return cli_usage_error(
					"report", "bad --last '%s' (want a number from 1 to 1000)",
					v);
		} else if ((v = cli_opt_value(argc, argv, &i, "--format", &missing))) {
			if (strcmp(v, "text") == 0)
				o.format = REPORT_TEXT;
			else if (strcmp(v, "tsv") == 0)
				o.format = REPORT_TSV;
			else if (strcmp(v, "json") == 0)
				o.format = REPORT_JSON;
			else
				return cli_usage_error(
					"report", "unknown format '%s' (want text, tsv or json)",
					v);
		} else if ((v = cli_opt_value(argc, argv, &i, "--color", &missing))) {
			if (theme_color_mode_parse(v, &cm) != 0)
				return cli_usage_error(
					"report", "--color wants auto, always or never, not '%s'",
					v);
		} else if (missing) {
			return cli_usage_error("report", "option '%s' needs a value", a);
		} else if (a[0] == '-' && a[1] != '\0') {
			return cli_usage_error("report", "unknown option '%s'", a);
		} else if (path) {
			return cli_usage_error("report", "only one DECK, please");
		} else {
			path = a;
		}
	}
	o.color = o.format == REPORT_TEXT &&
		  theme_color_wanted(cm, isatty(STDOUT_FILENO), getenv("NO_COLOR"), getenv("TERM"));

	struct deck *d = cli_open_deck(path, lang);
	if (!d)
		return EXIT_DECK;

	struct diag_list diags;
	diag_list_init(&diags);
	char *dir = record_dir(&diags);
	struct record_list l;
	record_list_init(&l);
	int rc = EXIT_OK;
	if (!dir || record_list_load(&l, dir, d->meta.id, &diags) != 0)
		rc = EXIT_INTERNAL;
	diag_print(&diags, stderr, 0);
	diag_list_release(&diags);
	if (rc == EXIT_OK && report_write(stdout, d, l.v, l.n, &o) != 0) {
		fprintf(stderr, "lectern: cannot write the report\n");
		rc = EXIT_INTERNAL;
	}
	if (rc == EXIT_OK && l.n == 0 && hint_renamed(d, dir, o.format == REPORT_TEXT) != 0) {
		fprintf(stderr, "lectern: cannot write the report\n");
		rc = EXIT_INTERNAL;
	}
	record_list_release(&l);
	free(dir);
	deck_free(d);
	return rc;
}
