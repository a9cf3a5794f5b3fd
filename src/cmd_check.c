/* lectern check: validate decks without a terminal. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"
#include "ini.h"
#include "layout.h"
#include "plan.h"
#include "textclass.h"
#include "theme.h"

static const char check_usage[] =
	"Usage: lectern check [OPTIONS] [DECK...]\n"
	"       lectern check --config [FILE...]\n"
	"\n"
	"Validate decks without opening the terminal. Every problem is printed as\n"
	"FILE:LINE:COL: error: message (or warning:), then one summary line per deck.\n"
	"With no DECK, checks the built-in talk. A configuration file (the one lectern\n"
	"reads, or a file whose first section is [display], [keys] or [theme-NAME])\n"
	"is checked as a configuration, not as a deck.\n"
	"\n"
	"Options:\n"
	"  --config           check configuration files (default: the one lectern\n"
	"                     reads, $XDG_CONFIG_HOME/lectern/config.ini)\n"
	"  --strict           treat warnings as errors\n"
	"  --size COLSxROWS   also report slides that do not fit a terminal of this size\n"
	"  --lang zh|en       language of the built-in talk (default zh)\n"
	"  --times            print each slide's planned time and its notes estimate\n"
	"  --color WHEN       colour 'error' and 'warning': auto (on a terminal, unless\n"
	"                     NO_COLOR is set), always or never (default auto)\n"
	"  -h, --help         show this help\n"
	"\n"
	"Exit status: 0 no errors, 1 a deck has errors, 2 usage error.\n";

struct check_opts {
	int strict;
	int config;                  /* --config: the files are configuration files */
	int color;                   /* colour the diagnostics on stderr */
	unsigned cols, rows;         /* 0: no size check */
	int times;                   /* --times: print the notes estimate table */
	struct plan_rate_config cfg; /* the config's [speech] */
};

static int parse_size(const char *s, unsigned *cols, unsigned *rows)
{
	char *end;
	unsigned long c = strtoul(s, &end, 10);
	if (end == s || (*end != 'x' && *end != 'X'))
		return -1;
	const char *r0 = end + 1;
	unsigned long r = strtoul(r0, &end, 10);
	if (end == r0 || *end || c < 1 || r < 2 || c > 10000 || r > 10000)
		return -1;
	*cols = (unsigned)c;
	*rows = (unsigned)r;
	return 0;
}

/* The slide area of the presenter: the whole terminal less the status line. */
static void check_size(const struct deck *d, const struct check_opts *o, struct diag_list *diags)
{
	struct layout_opts lo = { .cols = o->cols, .rows = o->rows - 1, .view = VIEW_SLIDE };
	for (size_t i = 0; i < d->nslides; i++) {
		const struct slide *s = &d->slides[i];
		lo.step = s->nsteps - 1;
		struct frame *f = layout_slide(s, &lo);
		if (f->content_rows > lo.rows)
			diag_add(diags, d->path, s->line, 1, SEV_WARNING,
				 "slide '%s' needs %u rows but a %ux%u terminal shows %u; it "
				 "will scroll",
				 s->id, f->content_rows, o->cols, o->rows, lo.rows);
		frame_free(f);
	}
}

static void summary(const struct deck *d)
{
	size_t backup = 0, nonotes = 0;
	for (size_t i = 0; i < d->nslides; i++) {
		backup += d->slides[i].backup;
		nonotes += d->slides[i].nnotes == 0;
	}
	char planned[DECK_DURATION_LEN];
	deck_format_duration(deck_planned_s(d), planned);
	char sections[48] = "";
	if (d->nsections)
		snprintf(sections, sizeof sections, ", %zu section%s", d->nsections,
			 d->nsections == 1 ? "" : "s");
	text_printf(stdout, "%s: %zu slides (%zu backup), planned %s, %zu without notes%s\n",
		    d->path, d->nslides, backup, planned, nonotes, sections);
}

static int check_one(const char *path, const char *lang, const struct check_opts *o)
{
	struct diag_list diags;
	diag_list_init(&diags);
	struct deck *d = cli_load_deck(path, lang, &diags);
	if (d && o->cols)
		check_size(d, o, &diags);
	/* advice, not a defect: the rates are a guess at the speaker, so
	 * --strict does not make these errors */
	struct diag_list advice;
	diag_list_init(&advice);
	struct plan_rate_choice rates;
	if (d) {
		cli_speech_rates(d, &o->cfg, &rates);
		plan_check_estimates(d, &rates.rates, &advice);
	}
	fflush(stdout);
	diag_print_color(&diags, stderr, o->strict, o->color);
	diag_print_color(&advice, stderr, 0, o->color);
	diag_list_release(&advice);
	int bad = diags.nerrors > 0 || (o->strict && diags.nwarnings > 0);
	if (d)
		summary(d);
	else
		text_printf(stdout, "%s: not loaded, %zu error%s\n", path ? path : "built-in talk",
			    diags.nerrors, diags.nerrors == 1 ? "" : "s");
	if (d && !o->times &&
	    (rates.han_from == PLAN_RATE_MEASURED || rates.words_from == PLAN_RATE_MEASURED)) {
		struct strbuf t = { 0 };
		plan_describe_rates(&t, &rates);
		text_printf(stdout, "%s: notes estimated at %s\n", d->path, t.s);
		free(t.s);
	}
	if (d && o->times) {
		struct strbuf t = { 0 }, safe = { 0 };
		strbuf_adds(&t, "speaking rates: ");
		plan_describe_rates(&t, &rates);
		strbuf_addc(&t, '\n');
		plan_times_table(&t, d, &rates.rates);
		text_sanitize(&safe, t.s, t.len, TEXT_KEEP_NL);
		fwrite(safe.s, 1, safe.len, stdout);
		free(t.s);
		free(safe.s);
	}
	fflush(stdout);
	diag_list_release(&diags);
	deck_free(d);
	return bad;
}

/* The configuration file lectern reads, or NULL. A new string. */
static char *default_config(void)
{
	return config_default_path(getenv("XDG_CONFIG_HOME"), getenv("HOME"));
}

/* True when path is the configuration file lectern reads, or a file whose
 * first section is a configuration section. */
static int is_config(const char *path)
{
	char *def = default_config();
	struct stat a, b;
	int same = def && stat(path, &a) == 0 && stat(def, &b) == 0 && a.st_dev == b.st_dev &&
		   a.st_ino == b.st_ino;
	free(def);
	if (same)
		return 1;
	struct diag_list dl;
	diag_list_init(&dl);
	size_t len = 0;
	char *buf = ini_read_file(path, 1u << 20, &len, &dl);
	diag_list_release(&dl);
	int cfg = buf && config_text_is_config(buf, len);
	free(buf);
	return cfg;
}

/* Checks path as a configuration file; missing_ok: a missing file is the
 * defaults (the default path), not an error. */
static int check_config(const char *path, int missing_ok, const struct check_opts *o)
{
	struct stat st;
	if (missing_ok && stat(path, &st) != 0 && errno == ENOENT) {
		text_printf(stdout, "%s: no configuration file; the defaults are used\n", path);
		return 0;
	}
	struct diag_list diags;
	diag_list_init(&diags);
	struct config c;
	config_init(&c);
	if (stat(path, &st) != 0)
		diag_add(&diags, path, 0, 0, SEV_ERROR, "cannot open: %s", strerror(errno));
	else
		config_load(&c, path, &diags);
	fflush(stdout);
	diag_print_color(&diags, stderr, o->strict, o->color);
	int bad = diags.nerrors > 0 || (o->strict && diags.nwarnings > 0);
	if (diags.nerrors)
		text_printf(stdout, "%s: not loaded, %zu error%s\n", path, diags.nerrors,
			    diags.nerrors == 1 ? "" : "s");
	else
		text_printf(stdout, "%s: configuration file, theme '%s', %zu user theme%s\n", path,
			    c.theme, c.nthemes, c.nthemes == 1 ? "" : "s");
	fflush(stdout);
	config_release(&c);
	diag_list_release(&diags);
	return bad;
}

int cmd_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "strict", no_argument, NULL, 's' },      { "size", required_argument, NULL, 'z' },
		{ "lang", required_argument, NULL, 'l' },  { "help", no_argument, NULL, 'h' },
		{ "color", required_argument, NULL, 'c' }, { "config", no_argument, NULL, 'g' },
		{ "times", no_argument, NULL, 't' },       { NULL, 0, NULL, 0 },
	};
	struct check_opts o = {
		0, 0, 0, 0, 0, 0, { { PLAN_RATE_HAN, PLAN_RATE_WORDS }, false, false }
	};
	enum theme_color_mode cm = THEME_COLOR_AUTO;
	const char *lang = NULL;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:h", longopts, NULL)) != -1) {
		switch (c) {
		case 's': o.strict = 1; break;
		case 'g': o.config = 1; break;
		case 'z':
			if (parse_size(optarg, &o.cols, &o.rows) != 0)
				return cli_usage_error(
					"check", "--size wants COLSxROWS such as 80x24, not '%s'",
					optarg);
			break;
		case 'l': lang = optarg; break;
		case 't': o.times = 1; break;
		case 'c':
			if (theme_color_mode_parse(optarg, &cm) != 0)
				return cli_usage_error(
					"check", "--color wants auto, always or never, not '%s'",
					optarg);
			break;
		case 'h': fputs(check_usage, stdout); return EXIT_OK;
		case ':':
			return cli_usage_error("check", "option '%s' needs a value",
					       argv[optind - 1]);
		default: return cli_usage_error("check", "unknown option '%s'", argv[optind - 1]);
		}
	}
	/* which files are configuration files; the speech rates of the config
	 * are read (and a broken config stops the check) only for decks */
	char *as_config = xcalloc((size_t)(argc - optind) + 1, 1);
	int decks = optind == argc && !o.config;
	for (int i = optind; i < argc; i++) {
		as_config[i - optind] = (char)(o.config || is_config(argv[i]));
		decks |= !as_config[i - optind];
	}
	if (decks && cli_speech_config(&o.cfg) != 0) {
		free(as_config);
		return EXIT_DECK;
	}
	o.color = theme_color_wanted(cm, isatty(STDERR_FILENO), getenv("NO_COLOR"), getenv("TERM"));
	int bad = 0;
	if (optind == argc && o.config) {
		char *def = default_config();
		if (!def) {
			fputs("lectern: no configuration file to check: neither XDG_CONFIG_HOME "
			      "nor HOME is set\n",
			      stderr);
			return EXIT_DECK;
		}
		bad |= check_config(def, 1, &o);
		free(def);
	} else if (optind == argc) {
		bad |= check_one(NULL, lang, &o);
	}
	for (int i = optind; i < argc; i++)
		bad |= as_config[i - optind] ? check_config(argv[i], 0, &o)
					     : check_one(argv[i], lang, &o);
	free(as_config);
	return bad ? EXIT_DECK : EXIT_OK;
}
