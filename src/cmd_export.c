/* lectern export: the deck as plain text, through the same layout engine as
 * the screen. With -o the text goes to a temporary file in the target's
 * directory, is flushed to disk, and only then takes the target's name, so a
 * reader never sees half a handout. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "export.h"

static const char export_usage[] =
	"Usage: lectern export [DECK] [OPTIONS]\n"
	"\n"
	"Print the deck as plain UTF-8 text, slide by slide, wrapped by the same\n"
	"layout engine as the screen: a header with the slide number, the slide with\n"
	"all reveal steps shown, and optionally the speaker notes. With no DECK,\n"
	"exports the built-in talk.\n"
	"\n"
	"Options:\n"
	"  -w, --width N      wrap at N columns, 1 to 1000 (default 80)\n"
	"  -n, --notes        include the speaker notes under each slide\n"
	"  -b, --backup       include backup slides (marked 'backup')\n"
	"  -l, --lang zh|en   language of the built-in talk (default zh; no effect\n"
	"                     with DECK)\n"
	"  -o, --output FILE  write to FILE instead of standard output; FILE is\n"
	"                     replaced atomically and only with --force if it exists\n"
	"  -f, --force        allow -o to overwrite an existing file\n"
	"  -h, --help         show this help\n"
	"\n"
	"Exit status: 0 ok, 1 deck errors or an existing output file, 2 usage error,\n"
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

/* Writes the export to path through a temporary file; returns an exit
 * status and prints why on failure. */
static int write_file(const struct deck *d, const struct export_opts *eo, const char *path,
		      int force)
{
	struct stat st;
	if (!force && lstat(path, &st) == 0) {
		fprintf(stderr, "lectern: '%s' already exists; use --force to overwrite it\n", path);
		return EXIT_DECK;
	}
	const char *slash = strrchr(path, '/');
	char *tmp = slash ? xasprintf("%.*s/.%s.XXXXXX", (int)(slash - path), path, slash + 1)
			  : xasprintf(".%s.XXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		fprintf(stderr, "lectern: cannot create a temporary file next to '%s': %s\n", path,
			strerror(errno));
		free(tmp);
		return EXIT_INTERNAL;
	}
	mode_t um = umask(0);
	umask(um);
	fchmod(fd, 0666 & ~um);
	FILE *out = fdopen(fd, "w");
	if (!out) {
		close(fd);
		goto fail;
	}
	if (export_deck(d, eo, out) != 0 || fsync(fileno(out)) != 0) {
		int e = errno;
		fclose(out);
		errno = e;
		goto fail;
	}
	if (fclose(out) != 0)
		goto fail;
	if (!force) {
		/* link() refuses to replace a file that appeared meanwhile */
		if (link(tmp, path) == 0) {
			unlink(tmp);
		} else if (errno == EEXIST) {
			unlink(tmp);
			free(tmp);
			fprintf(stderr, "lectern: '%s' already exists; use --force to overwrite it\n",
				path);
			return EXIT_DECK;
		} else if (rename(tmp, path) != 0) {
			goto fail;
		}
	} else if (rename(tmp, path) != 0) {
		goto fail;
	}
	free(tmp);
	return EXIT_OK;
fail:;
	int e = errno;
	unlink(tmp);
	free(tmp);
	fprintf(stderr, "lectern: cannot write '%s': %s\n", path, strerror(e));
	return EXIT_INTERNAL;
}

int cmd_export(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "width", required_argument, NULL, 'w' }, { "notes", no_argument, NULL, 'n' },
		{ "backup", no_argument, NULL, 'b' },      { "lang", required_argument, NULL, 'l' },
		{ "output", required_argument, NULL, 'o' }, { "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },        { NULL, 0, NULL, 0 },
	};
	struct export_opts eo = { .width = 80 };
	const char *lang = NULL, *output = NULL;
	int force = 0, c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":w:nbl:o:fh", longopts, NULL)) != -1) {
		switch (c) {
		case 'w':
			if (parse_width(optarg, &eo.width) != 0)
				return cli_usage_error("export",
						       "--width wants a number from 1 to %d, not '%s'",
						       WIDTH_MAX, optarg);
			break;
		case 'n':
			eo.notes = true;
			break;
		case 'b':
			eo.backup = true;
			break;
		case 'l':
			lang = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case 'f':
			force = 1;
			break;
		case 'h':
			fputs(export_usage, stdout);
			return EXIT_OK;
		case ':':
			return cli_usage_error("export", "option '%s' needs a value",
					       argv[optind - 1]);
		default:
			return cli_usage_error("export", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (argc - optind > 1)
		return cli_usage_error("export", "too many arguments: export takes one DECK");
	if (output && !*output)
		return cli_usage_error("export", "-o wants a file name");
	const char *path = optind < argc ? argv[optind] : NULL;

	struct diag_list diags;
	diag_list_init(&diags);
	struct deck *d = cli_load_deck(path, lang, &diags);
	diag_print(&diags, stderr, 0);
	diag_list_release(&diags);
	if (!d)
		return EXIT_DECK;
	int rc;
	if (output && strcmp(output, "-") != 0) {
		rc = write_file(d, &eo, output, force);
	} else {
		rc = export_deck(d, &eo, stdout) == 0 ? EXIT_OK : EXIT_INTERNAL;
		if (rc != EXIT_OK)
			fprintf(stderr, "lectern: cannot write the export: %s\n", strerror(errno));
	}
	deck_free(d);
	return rc;
}
