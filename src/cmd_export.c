/* lectern export: the deck in one of the formats of export.h's table (plain
 * text through the same layout engine as the screen, Markdown, HTML). The
 * command line never asks for a format by name: the table's row says what
 * the format honours and what it includes by default. With -o the output
 * is written atomically (atomic.h), so a reader never sees half a
 * handout. */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic.h"
#include "cli.h"
#include "export.h"
#include "theme.h"

static const char export_usage_head[] =
	"Usage: lectern export [DECK] [OPTIONS]\n"
	"\n"
	"Print the deck as plain UTF-8 text, slide by slide, wrapped by the same\n"
	"layout engine as the screen: a header with the slide number, the slide with\n"
	"all reveal steps shown, and optionally the speaker notes. With no DECK,\n"
	"exports the built-in talk. --format markdown writes the deck as Markdown\n"
	"instead (conventions in lectern-deck(5)): an interchange copy that keeps the\n"
	"speaker notes and backup slides unless --no-notes or --no-backup is given.\n"
	"--format html writes one self-contained page (no script, no external file)\n"
	"to read on any screen or print to PDF, one slide per page.\n"
	"\n"
	"Options:\n"
	"  -F, --format FORMAT\n";
/* then one line per format of the table */
static const char export_usage_tail[] =
	"  -w, --width N      wrap at N columns, 1 to 1000 (default 80; text only)\n"
	"  -n, --notes        include the speaker notes under each slide (the\n"
	"                     default with --format markdown)\n"
	"  -b, --backup       include backup slides, marked 'backup' (the default\n"
	"                     with --format markdown)\n"
	"  --no-notes         leave the speaker notes out (the default for text\n"
	"                     and html)\n"
	"  --no-backup        leave the backup slides out (the default for text\n"
	"                     and html)\n"
	"  -l, --lang zh|en   language of the built-in talk (default zh; no effect\n"
	"                     with DECK)\n"
	"  -o, --output FILE  write to FILE instead of standard output; FILE is\n"
	"                     replaced atomically and only with --force if it exists\n"
	"                     (keeping its mode); a symbolic link, or DECK itself,\n"
	"                     is refused\n"
	"  -f, --force        allow -o to overwrite an existing file\n"
	"  --color WHEN       auto, always or never: accepted like in check and report,\n"
	"                     but an export never contains colour or escape sequences\n"
	"  -h, --help         show this help\n"
	"\n"
	"Exit status: 0 ok, 1 deck errors or a refused output file, 2 usage error,\n"
	"3 I/O error.\n";

enum { WIDTH_MAX = 1000 };

static int parse_width(const char *s, unsigned *out)
{
	char *end;
	errno = 0;
	if (*s < '0' || *s > '9')
		return -1;
	unsigned long v = strtoul(s, &end, 10);
	if (errno || *end || v < 1 || v > WIDTH_MAX)
		return -1;
	*out = (unsigned)v;
	return 0;
}

static void print_usage(void)
{
	fputs(export_usage_head, stdout);
	for (size_t i = 0; i < export_nformats; i++)
		printf("                     %-10s %s\n", export_formats[i].name,
		       export_formats[i].help);
	fputs(export_usage_tail, stdout);
}

/* "'text', 'markdown' or 'html'": the formats of the table. Caller frees. */
static char *format_names(void)
{
	struct strbuf b = { 0 };
	for (size_t i = 0; i < export_nformats; i++) {
		if (i > 0)
			strbuf_adds(&b, i + 1 == export_nformats ? " or " : ", ");
		strbuf_adds(&b, "'");
		strbuf_adds(&b, export_formats[i].name);
		strbuf_adds(&b, "'");
	}
	return strbuf_take(&b);
}

static int bad_format(const char *arg)
{
	char *names = format_names();
	int rc = cli_usage_error("export", "--format wants %s, not '%s'", names, arg);
	free(names);
	return rc;
}

struct export_job {
	const struct deck *d;
	const struct export_opts *eo;
	const struct export_format *fmt;
};

static int write_export(FILE *out, void *ctx)
{
	const struct export_job *j = ctx;
	return j->fmt->write(j->d, j->eo, out);
}

int cmd_export(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "width", required_argument, NULL, 'w' },
		{ "notes", no_argument, NULL, 'n' },
		{ "backup", no_argument, NULL, 'b' },
		{ "lang", required_argument, NULL, 'l' },
		{ "output", required_argument, NULL, 'o' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "format", required_argument, NULL, 'F' },
		{ "color", required_argument, NULL, 'c' },
		{ "no-notes", no_argument, NULL, 'N' },
		{ "no-backup", no_argument, NULL, 'B' },
		{ NULL, 0, NULL, 0 },
	};
	struct export_opts eo = { .width = 80 };
	int notes = -1, backup = -1; /* -1: the format's default */
	const char *lang = NULL, *output = NULL;
	bool force = false, width = false;
	const struct export_format *fmt = &export_formats[0];
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":w:nbl:o:fhF:", longopts, NULL)) != -1) {
		switch (c) {
		case 'w':
			if (parse_width(optarg, &eo.width) != 0)
				return cli_usage_error(
					"export", "--width wants a number from 1 to %d, not '%s'",
					WIDTH_MAX, optarg);
			width = true;
			break;
		case 'n':
		case 'N': notes = c == 'n'; break;
		case 'b':
		case 'B': backup = c == 'b'; break;
		case 'l': lang = optarg; break;
		case 'o': output = optarg; break;
		case 'f': force = true; break;
		case 'F':
			fmt = export_format_find(optarg);
			if (!fmt)
				return bad_format(optarg);
			break;
		case 'c': {
			enum theme_color_mode cm;
			if (theme_color_mode_parse(optarg, &cm) != 0)
				return cli_usage_error(
					"export", "--color wants auto, always or never, not '%s'",
					optarg);
			break;
		}
		case 'h': print_usage(); return EXIT_OK;
		case ':':
			return cli_usage_error("export", "option '%s' needs a value",
					       argv[optind - 1]);
		default: return cli_usage_error("export", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (argc - optind > 1)
		return cli_usage_error("export", "too many arguments: export takes one DECK");
	if (output && !*output)
		return cli_usage_error("export", "-o wants a file name");
	const char *path = optind < argc ? argv[optind] : NULL;
	if (width && !(fmt->honours & EXPORT_WIDTH))
		return cli_usage_error("export", "--width has no effect with --format %s",
				       fmt->name);
	if ((notes >= 0 && !(fmt->honours & EXPORT_NOTES)) ||
	    (backup >= 0 && !(fmt->honours & EXPORT_BACKUP)))
		return cli_usage_error("export", "--format %s has no notes or backup options",
				       fmt->name);
	if (cli_check_output(output, path, "the deck being exported") != EXIT_OK)
		return EXIT_DECK;
	/* the row says what is in by default (a Markdown deck is an
	 * interchange copy: everything, unless asked) */
	eo.notes = notes < 0 ? (fmt->defaults & EXPORT_NOTES) != 0 : notes == 1;
	eo.backup = backup < 0 ? (fmt->defaults & EXPORT_BACKUP) != 0 : backup == 1;

	struct deck *d = cli_open_deck(path, lang);
	if (!d)
		return EXIT_DECK;
	struct export_job job = { d, &eo, fmt };
	int rc = cli_write_output(output, force, "the export", write_export, (void *)&job);
	deck_free(d);
	return rc;
}
