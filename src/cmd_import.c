/* lectern import: a Markdown deck (mdp, patat, presenterm, or lectern's
 * own Markdown export) converted into the INI deck format. */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic.h"
#include "cli.h"
#include "deck.h"
#include "ini.h"
#include "textclass.h"

static const char import_usage[] =
	"Usage: lectern import [OPTIONS] FILE.md\n"
	"\n"
	"Convert a Markdown deck into a lectern deck (INI). Slides are split at '---'\n"
	"lines and '<!-- end_slide -->' (or, without any, at headings by patat's\n"
	"slideLevel); the first heading is the slide title, the next one its subtitle;\n"
	"'-', '*' and '+' lists become bullets (indented: second-level bullets); '>'\n"
	"quotes, paragraphs, code blocks, tables, '<!-- pause -->' and HTML comments\n"
	"(speaker notes) are kept; a heading above patat's slideLevel starts a\n"
	"section. Whatever is approximated or cannot be carried over (images, links\n"
	"reduced to their text, HTML, a table's alignment) is reported on standard\n"
	"error as FILE:LINE: warning: what happened. Every command that reads a deck\n"
	"reads a FILE.md (or .markdown) this way.\n"
	"\n"
	"Options:\n"
	"  -o, --output FILE  write the deck to FILE instead of standard output; FILE\n"
	"                     is replaced atomically and only with --force if it exists\n"
	"                     (keeping its mode); a symbolic link, or FILE.md itself,\n"
	"                     is refused\n"
	"  -f, --force        allow -o to overwrite an existing file\n"
	"  -h, --help         show this help\n"
	"\n"
	"Exit status: 0 ok (warnings may have been printed), 1 the Markdown does not\n"
	"make a deck that loads (nothing is written) or the output file is refused, 2\n"
	"usage error, 3 I/O error.\n";

static int write_text(FILE *out, void *ctx)
{
	const char *text = ctx;
	/* text quoted from the Markdown file: through the sanitising writer */
	if (text_write(out, text, strlen(text), TEXT_KEEP_NL | TEXT_KEEP_TAB) != 0 ||
	    fflush(out) != 0)
		return -1;
	return 0;
}

int cmd_import(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *output = NULL;
	bool force = false;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:fh", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': output = optarg; break;
		case 'f': force = true; break;
		case 'h': fputs(import_usage, stdout); return EXIT_OK;
		case ':':
			return cli_usage_error("import", "option '%s' needs a value",
					       argv[optind - 1]);
		default: return cli_usage_error("import", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return cli_usage_error("import", "import needs a Markdown FILE");
	if (argc - optind > 1)
		return cli_usage_error("import", "too many arguments: import takes one FILE");
	if (output && !*output)
		return cli_usage_error("import", "-o wants a file name");
	const char *path = argv[optind];
	if (cli_check_output(output, path, "the Markdown file being imported") != EXIT_OK)
		return EXIT_DECK;

	struct diag_list diags;
	diag_list_init(&diags);
	size_t len;
	char *bytes = ini_read_file(path, DECK_MAX_BYTES, &len, &diags);
	/* converted and then loaded as every command loads a FILE.md: a deck
	 * the loader would refuse is not written, and the loader's reasons
	 * name the Markdown lines */
	char *ini = NULL;
	struct deck *d = bytes ? deck_load_markdown(path, bytes, len, &ini, &diags) : NULL;
	diag_print(&diags, stderr, 0);
	diag_list_release(&diags);
	free(bytes);
	if (!d) {
		free(ini);
		return EXIT_DECK;
	}
	deck_free(d);
	int rc = cli_write_output(output, force, "the deck", write_text, (void *)ini);
	free(ini);
	return rc;
}
