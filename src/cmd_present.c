/* lectern present, lectern rehearse: the command lines, the config and the
 * deck, then the terminal front end (tui.h); a rehearsal's record is saved
 * after the terminal is restored. The option scanner, the --session check,
 * the config and the theme are shared with lectern console
 * (present_cli.h). */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "caption.h"
#include "cli.h"
#include "clock.h"
#include "config.h"
#include "deck.h"
#include "diag.h"
#include "ini.h"
#include "nav.h"
#include "plain_tui.h"
#include "present.h"
#include "present_cli.h"
#include "record.h"
#include "session.h"
#include "textclass.h"
#include "timer.h"
#include "tui.h"

static const char usage[] =
	"Usage: lectern [present] [DECK] [OPTIONS]\n"
	"\n"
	"Presents DECK full-screen; without DECK, the built-in talk.\n"
	"\n"
	"Options:\n"
	"  --lang zh|en       language of the built-in talk (default zh)\n"
	"  --clock            show the wall clock in the status line\n"
	"  --watch            reload DECK whenever the file changes\n"
	"  --presenter        start in the presenter layout (slide, notes, next slide)\n"
	"  --goto N|ID        start on slide number N or the slide with id ID\n"
	"  --duration TIME    planned length for the timer, e.g. 20m or 1h5m\n"
	"                     (default: the deck's duration or the sum of slide times)\n"
	"  --end HH:MM        the talk ends at this time of day: count down to it\n"
	"  --start-at HH:MM   the talk starts at this time of day: until then the timer\n"
	"                     waits and shows 'starts in M:SS' (moving or t starts it)\n"
	"  --auto             advance when a slide's planned time is up (fully revealed;\n"
	"                     slides without a time wait); any key takes control back\n"
	"  --theme NAME       dark, light, high-contrast or a [theme-NAME] of the config\n"
	"  --list             print the slides (number, id, time, backup, title) and exit\n"
	"  --session NAME     name this presentation for consoles (needed to present\n"
	"                     one deck twice at once)\n"
	"  --no-listen        do not let 'lectern console' follow this presentation\n"
	"  --plain            no full screen: write each slide as plain text (with the\n"
	"                     notes) when it changes, for a screen reader or a pipe;\n"
	"                     keys one at a time on a terminal, else one command a line\n"
	"  --captions FILE    show the lines appended to FILE (a FIFO or a growing\n"
	"                     file) as live captions above the status line; c hides them\n"
	"  -h, --help         show this help\n"
	"\n"
	"'lectern console DECK' in another terminal shows the slide, the notes, the\n"
	"next slide and the timer, and drives this presentation.\n"
	"\n"
	"The timer runs from the start; the presenter layout (P) shows it. t pauses\n"
	"and resumes it, T restarts it (asks first). 'lectern rehearse' records it.\n"
	"\n"
	"Keys: press ? while presenting. Key bindings: $XDG_CONFIG_HOME/lectern/config.ini\n"
	"(default ~/.config/lectern/config.ini), section [keys], e.g. 'next = l, Right';\n"
	"themes: [display] theme = light, or sections [theme-NAME] (see lectern(1)).\n"
	"NO_COLOR (non-empty) leaves attributes only.\n";

static const char rehearse_usage[] =
	"Usage: lectern rehearse [DECK] [OPTIONS]\n"
	"\n"
	"Presents DECK (default: the built-in talk) in the presenter layout with the\n"
	"timer: wall clock, elapsed time, time on the slide against its plan, time\n"
	"left, and the pace ahead of or behind the plan. Every second is attributed\n"
	"to the slide on screen (revisits add up), and when the rehearsal ends a\n"
	"record goes to $XDG_STATE_HOME/lectern/ (default ~/.local/state/lectern/);\n"
	"'lectern report DECK' compares the rehearsals.\n"
	"\n"
	"The rehearsal ends with q, or with next (l, Space, ...) on the last step of\n"
	"the last slide, or when --auto runs past the last slide. Ctrl-C, SIGTERM and\n"
	"SIGHUP end it too. The record is complete only when the last slide (backup\n"
	"slides aside) was reached and no signal ended it; otherwise it is marked\n"
	"incomplete. Only time while the timer runs counts; rehearsals under 5 s are\n"
	"not recorded.\n"
	"\n"
	"Options:\n"
	"  --lang zh|en       language of the built-in talk (default zh)\n"
	"  --duration TIME    planned length, e.g. 20m or 1h5m (default: the deck's\n"
	"                     duration or the sum of its slide times)\n"
	"  --end HH:MM        the talk ends at this time of day: count down to it\n"
	"  --start-at HH:MM   the rehearsal starts at this time of day: until then the\n"
	"                     timer waits and shows 'starts in M:SS' (moving or t starts it)\n"
	"  --auto             advance when a slide's planned time is up (fully revealed;\n"
	"                     slides without a time wait); any key takes control back\n"
	"  --goto N|ID        start on slide number N or the slide with id ID\n"
	"  --theme NAME       dark, light, high-contrast or a [theme-NAME] of the config\n"
	"  --list             print the slides (number, id, time, backup, title) and exit\n"
	"  --watch            reload DECK whenever the file changes\n"
	"  --clock            accepted for symmetry with present\n"
	"  --session NAME     name this rehearsal for consoles (see 'lectern console')\n"
	"  --no-listen        do not let 'lectern console' follow this rehearsal\n"
	"  --audience[=GROUP] also let 'lectern follow' of any user (or GROUP) watch\n"
	"  --plain            no full screen: plain text of each slide and its notes,\n"
	"                     keys or command lines (see 'lectern present --help')\n"
	"  --captions FILE    show the lines appended to FILE as live captions\n"
	"  -h, --help         show this help\n"
	"\n"
	"Keys: t pauses and resumes the timer, T restarts the rehearsal from zero\n"
	"(asks first, y confirms), q ends it; ? lists every key.\n"
	"\n"
	"Exit status: 0 ok, 1 deck errors, 2 usage errors, 3 the record could not be\n"
	"saved, 128+N ended by signal N.\n";

static const struct present_opt present_flags[] = {
	PRESENT_OPT("--clock", clock),         PRESENT_OPT("--watch", watch),
	PRESENT_OPT("--presenter", presenter), PRESENT_OPT("--auto", auto_adv),
	PRESENT_OPT("--no-listen", no_listen), PRESENT_OPT("--list", list),
	PRESENT_OPT("--plain", plain),         { NULL, 0 },
};
static const struct present_opt present_values[] = {
	PRESENT_OPT("--lang", lang),         PRESENT_OPT("--goto", goto_target),
	PRESENT_OPT("--duration", duration), PRESENT_OPT("--end", end),
	PRESENT_OPT("--session", session),   PRESENT_OPT("--theme", theme),
	PRESENT_OPT("--start-at", start_at), PRESENT_OPT("--audience-max", audience_max),
	PRESENT_OPT("--captions", captions), { NULL, 0 },
};

/* The value option a names ("--lang" or "--lang=x"), or NULL; *namelen
 * gets the length of its name. */
static const char **value_slot(struct present_opts *o, const struct present_opt *t, const char *a,
			       size_t *namelen)
{
	for (; t->name; t++) {
		size_t n = strlen(t->name);
		if (strncmp(a, t->name, n) == 0 && (a[n] == '\0' || a[n] == '=')) {
			*namelen = n;
			return (const char **)(void *)((char *)o + t->off);
		}
	}
	return NULL;
}

/* Sets the flag option a names; false when a is not one. */
static bool set_flag(struct present_opts *o, const struct present_opt *t, const char *a)
{
	for (; t->name; t++)
		if (strcmp(a, t->name) == 0) {
			*(bool *)(void *)((char *)o + t->off) = true;
			return true;
		}
	return false;
}

/* The option loop of present, rehearse and console: DECK, "--", --help
 * (prints help), and the flags and value options of the tables. Returns -1
 * to go on, else the exit status. */
int present_scan_args(int argc, char **argv, struct present_opts *o,
		      const struct present_opt *flags, const struct present_opt *values,
		      const char *help)
{
	bool opts_done = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!opts_done && strcmp(a, "--") == 0) {
			opts_done = true;
			continue;
		}
		if (opts_done || a[0] != '-' || a[1] == '\0') {
			if (o->path)
				return cli_usage_error(o->cmd, "more than one DECK: '%s' and '%s'",
						       o->path, a);
			o->path = a;
			continue;
		}
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(help, stdout);
			return EXIT_OK;
		}
		if (set_flag(o, flags, a))
			continue;
		size_t nl;
		const char **val = value_slot(o, values, a, &nl);
		if (!val)
			return cli_usage_error(o->cmd, "unknown option '%s'", a);
		if (a[nl] == '=')
			*val = a + nl + 1;
		else if (i + 1 < argc)
			*val = argv[++i];
		else
			return cli_usage_error(o->cmd, "option '%.*s' needs a value", (int)nl, a);
		if (!**val)
			return cli_usage_error(o->cmd, "option '%.*s' needs a value", (int)nl, a);
	}
	return -1;
}

/* Checks --session NAME; returns -1 when it is fine, else the exit
 * status. */
int present_check_session(const struct present_opts *o)
{
	if (!o->session)
		return -1;
	struct diag_list dl;
	diag_list_init(&dl);
	int bad = session_check_name(o->session, &dl);
	char msg[256];
	snprintf(msg, sizeof msg, "%s", bad && dl.n ? dl.v[0].msg : "");
	diag_list_release(&dl);
	if (bad)
		return cli_usage_error(o->cmd, "invalid --session '%s': %s", o->session, msg);
	return -1;
}

int present_check_lang(const struct present_opts *o)
{
	if (o->lang && strcmp(o->lang, "zh") != 0 && strcmp(o->lang, "en") != 0)
		return cli_usage_error(o->cmd, "unknown language '%s' (there are 'zh' and 'en')",
				       o->lang);
	return -1;
}

/* Checks the option values and parses the timer's; returns -1 when they
 * are fine, else the exit status. */
static int check_opts(struct present_opts *o)
{
	int lrc = present_check_lang(o);
	if (lrc != -1)
		return lrc;
	if (o->watch && !o->path)
		return cli_usage_error(o->cmd, "--watch needs a DECK file");
	int rc = o->duration ? deck_parse_duration(o->duration, &o->duration_s) : DURATION_OK;
	if (rc == DURATION_SYNTAX || rc == DURATION_EMPTY)
		return cli_usage_error(o->cmd, "invalid duration '%s' (e.g. 20m, 1h5m, 90s)",
				       o->duration);
	if (rc != DURATION_OK) {
		char *msg = deck_duration_message("--duration", o->duration, rc);
		int r = cli_usage_error(o->cmd, "%s", msg);
		free(msg);
		return r;
	}
	if (o->end) {
		if (clock_parse_hhmm(o->end, &o->end_day_s) != 0)
			return cli_usage_error(o->cmd, "invalid end time '%s' (e.g. 14:30)",
					       o->end);
		o->has_end = true;
	}
	if (o->duration && o->end)
		return cli_usage_error(o->cmd, "give --duration or --end, not both");
	if (o->start_at) {
		if (clock_parse_hhmm(o->start_at, &o->start_day_s) != 0)
			return cli_usage_error(o->cmd, "invalid start time '%s' (e.g. 14:30)",
					       o->start_at);
		o->has_start = true;
	}
	return present_check_session(o);
}

/* Parses argv (argv[0] is the subcommand or the program); returns -1 to go
 * on, else the exit status. */
static int parse_args(int argc, char **argv, struct present_opts *o)
{
	/* --audience takes an optional value, which the scanner has no form
	 * for: it is taken out of argv first (up to a "--") */
	char **av = xcalloc((size_t)argc + 1, sizeof *av);
	int ac = 0;
	bool done = false;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		done = done || strcmp(a, "--") == 0;
		if (!done && i > 0 && strcmp(a, "--audience") == 0)
			o->audience = "";
		else if (!done && i > 0 && strncmp(a, "--audience=", 11) == 0)
			o->audience = a + 11;
		else
			av[ac++] = argv[i];
	}
	int rc = present_scan_args(ac, av, o, present_flags, present_values,
				   o->rehearse ? rehearse_usage : usage);
	free(av);
	if (rc == -1 && o->audience && o->no_listen)
		rc = cli_usage_error(o->cmd, "--audience and --no-listen do not go together");
	if (rc == -1 && o->audience_max) {
		char *end;
		unsigned long v = strtoul(o->audience_max, &end, 10);
		if (*end || v == 0 || v > 1000000 || o->audience_max[0] == '-')
			rc = cli_usage_error(
				o->cmd, "--audience-max takes a number of 1 to 1000000, not '%s'",
				o->audience_max);
	}
	return rc != -1 ? rc : check_opts(o);
}

int present_load_config(struct config *cfg)
{
	char *path = config_default_path(getenv("XDG_CONFIG_HOME"), getenv("HOME"));
	if (!path)
		return 0;
	struct diag_list dl;
	diag_list_init(&dl);
	int rc = config_load(cfg, path, &dl);
	diag_print(&dl, stderr, 0);
	diag_list_release(&dl);
	free(path);
	return rc;
}

/* The theme: --theme, else the config's. Returns -1 when it exists, else
 * the exit status of a usage error. */
int present_pick_theme(struct present *p)
{
	const char *name = p->o.theme ? p->o.theme : p->cfg.theme;
	struct theme buf;
	const struct theme *th = config_theme(&p->cfg, name, &buf);
	if (th) {
		p->theme = *th;
		return -1;
	}
	const char *near = config_theme_closest(&p->cfg, name);
	char *all = config_theme_names(&p->cfg);
	int rc = near ? cli_usage_error(p->o.cmd, "unknown theme '%s' (did you mean '%s'?)", name,
					near)
		      : cli_usage_error(p->o.cmd, "unknown theme '%s' (there are %s)", name, all);
	free(all);
	return rc;
}

int present_setup(struct present *p)
{
	config_init(&p->cfg);
	int rc = present_load_config(&p->cfg) != 0 ? EXIT_DECK : present_pick_theme(p);
	if (rc >= 0)
		config_release(&p->cfg);
	const char *nc = getenv("NO_COLOR");
	p->colourless = !p->cfg.color || (nc && nc[0]);
	return rc;
}

/* present --list, rehearse --list: the slides, without a terminal. */
static int list_slides(const struct present_opts *o)
{
	struct deck *d = cli_open_deck(o->path, o->lang);
	if (!d)
		return EXIT_DECK;
	cli_list_slides(stdout, d);
	deck_free(d);
	return fflush(stdout) == 0 && !ferror(stdout) ? EXIT_OK : EXIT_INTERNAL;
}

/* Sets up the timer from the options and starts it on the current slide. */
/* After the terminal is restored: saves the rehearsal record and says
 * where it went: in the state folder; else, after why that failed, in the
 * fallback folder it went to; else the record itself on stderr, to be
 * saved by hand. Returns rc, or EXIT_INTERNAL when the state folder could
 * not take it. */
static int finish_rehearsal(struct present *p, int rc)
{
	struct diag_list dl;
	diag_list_init(&dl);
	struct record_saved out;
	int saved = record_save_timer(&p->timer, p->now_ms, p->interrupted, &out, &dl);
	/* what the report of this record will say: record.h */
	const char *total = out.total;
	size_t visited = out.visited;
	const char *plural = visited == 1 ? "" : "s";
	const char *incomplete = out.complete ? "" : " as incomplete";
	if (saved == 1) {
		text_printf(stdout, "rehearsal recorded%s: %s (%s over %zu slide%s)\n", incomplete,
			    out.path, total, visited, plural);
	} else if (saved == 0) {
		printf("rehearsal shorter than %u s (%s), not recorded\n", RECORD_MIN_MS / 1000u,
		       total);
	} else if (saved == 2) {
		diag_add(&dl, out.path, 0, 0, SEV_WARNING,
			 "rehearsal recorded%s here instead, in %s (%s over %zu slide%s); move "
			 "it to %s for 'lectern report'",
			 incomplete,
			 out.where == RECORD_IN_CWD
				 ? "the current folder"
				 : "$XDG_RUNTIME_DIR, which is emptied at logout",
			 total, visited, plural, out.dir ? out.dir : "the state folder");
		diag_print(&dl, stderr, 0);
		rc = EXIT_INTERNAL;
	} else {
		diag_add(&dl, "lectern", 0, 0, SEV_ERROR,
			 "the rehearsal record (%s over %zu slide%s) could not be saved in any "
			 "folder; here it is, from 'lectern-rehearsal' to 'end': save it by hand "
			 "as %s%s%s",
			 total, visited, plural, out.dir ? out.dir : "", out.dir ? "/" : "",
			 out.name);
		diag_print(&dl, stderr, 0);
		fputs(out.text, stderr);
		rc = EXIT_INTERNAL;
	}
	fflush(stdout);
	record_saved_release(&out);
	diag_list_release(&dl);
	return rc;
}

/* Loads p->o.path for the audience view: a large file's head, with the
 * rest left in p->rest for present_finish_load(); a small one whole (see
 * DECK_HEAD_MIN_BYTES). NULL with diagnostics when it cannot. */
static struct deck *load_head(struct present *p, struct diag_list *dl)
{
	size_t len;
	char *bytes = ini_read_file(p->o.path, DECK_MAX_BYTES, &len, dl);
	if (!bytes)
		return NULL;
	return deck_load(&(struct deck_load_opts){ .from = DECK_FROM_OWNED,
						   .name = p->o.path,
						   .owned = bytes,
						   .len = len,
						   .head_first = true },
			 &p->rest, dl);
}

/* --captions FILE: opens it into *src and points p at it. Returns EXIT_OK,
 * or EXIT_USAGE with the diagnostic printed when it cannot be read. */
static int open_captions(struct present *p, struct caption_source *src)
{
	struct diag_list dl;
	diag_list_init(&dl);
	struct clock mono = clock_monotonic();
	int rc = caption_source_open(src, p->o.captions, clock_now(&mono), &dl);
	diag_print(&dl, stderr, 0);
	diag_list_release(&dl);
	if (rc != 0)
		return EXIT_USAGE;
	p->captions = src;
	return EXIT_OK;
}

/* present and rehearse: options, config, deck, then the terminal
 * (tui_present(), or plain_present() with --plain). */
static int present_main(int argc, char **argv, bool rehearse)
{
	struct present p;
	memset(&p, 0, sizeof p);
	p.o.cmd = rehearse ? "rehearse" : "present";
	p.o.rehearse = rehearse;
	int rc = parse_args(argc, argv, &p.o);
	if (rc >= 0)
		return rc;
	if (p.o.list)
		return list_slides(&p.o);
	if ((rc = present_setup(&p)) >= 0)
		return rc;
	struct diag_list dl;
	diag_list_init(&dl);
	present_remember_file(&p);
	if (p.o.path && !rehearse && !p.o.presenter && !p.o.goto_target && !p.o.plain &&
	    isatty(STDOUT_FILENO))
		p.deck = load_head(&p, &dl);
	else
		p.deck = cli_load_deck(p.o.path, p.o.lang, &dl);
	if (!p.deck) {
		diag_print(&dl, stderr, 0);
		diag_list_release(&dl);
		config_release(&p.cfg);
		return EXIT_DECK;
	}
	nav_init(&p.nav, p.deck);
	present_load_history(&p);
	present_note_warnings(&p, dl.nwarnings);
	diag_list_release(&dl);
	rc = EXIT_OK;
	if (p.o.goto_target && nav_goto(&p.nav, p.o.goto_target) != 0) {
		text_printf(stderr, "lectern: %s\n", p.nav.msg);
		rc = EXIT_USAGE;
	}
	p.nav.presenter = p.o.presenter || rehearse;
	p.clock = p.o.clock || p.cfg.clock;
	struct caption_source captions;
	if (rc == EXIT_OK && p.o.captions)
		rc = open_captions(&p, &captions);
	if (rc == EXIT_OK) {
		rc = p.o.plain ? plain_present(&p) : tui_present(&p);
		if (p.timer_on && rehearse)
			rc = finish_rehearsal(&p, rc);
		if (p.timer_on)
			timer_release(&p.timer);
	}
	if (p.captions)
		caption_source_close(p.captions);
	nav_release(&p.nav);
	present_release_history(&p);
	deck_free(p.deck);
	deck_rest_release(&p.rest);
	config_release(&p.cfg);
	return rc;
}

int cmd_present(int argc, char **argv)
{
	return present_main(argc, argv, false);
}

int cmd_rehearse(int argc, char **argv)
{
	return present_main(argc, argv, true);
}
