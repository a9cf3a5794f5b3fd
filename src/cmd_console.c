/* lectern console: the command line, finding the presentation to follow
 * (by deck file, deck id or session, among those running) and its deck,
 * then the terminal front end (tui.h). */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "clock.h"
#include "config.h"
#include "deck.h"
#include "diag.h"
#include "nav.h"
#include "present.h"
#include "present_cli.h"
#include "session.h"
#include "textclass.h"
#include "timer.h"
#include "tui.h"
#include "xalloc.h"

static const char console_usage[] =
	"Usage: lectern console [DECK] [OPTIONS]\n"
	"\n"
	"The presenter console: follows a presentation running in another terminal\n"
	"('lectern present DECK' or 'lectern rehearse DECK', same user, same host) and\n"
	"shows its slide, the speaker notes, the next slide, the clock and the timer.\n"
	"Movement keys (next, prev, first, last, goto, the overview, search hits),\n"
	"b and w (blackouts) and t (pause the timer) act on the presentation, so both\n"
	"screens move; help, notes scrolling (J, K) and q stay in the console.\n"
	"\n"
	"The presentation is found by DECK's id, in any session unless --session is\n"
	"given; when the deck runs in several sessions they are listed (the default\n"
	"session's is followed if it is one of them). DECK may also be a deck id as\n"
	"--list shows it. Without DECK: the one running presentation if there is\n"
	"exactly one, else the built-in talk once it is presented. When the\n"
	"presentation ends, the console says so and follows it again when it comes\n"
	"back.\n"
	"\n"
	"Options:\n"
	"  --session NAME     follow the presentation started with --session NAME\n"
	"  --list             list the running presentations and exit\n"
	"  --exit-with        exit when the presentation ends instead of waiting\n"
	"  --lang zh|en       language of the built-in talk (default zh)\n"
	"  --theme NAME       dark, light, high-contrast or a [theme-NAME] of the config\n"
	"  -h, --help         show this help\n"
	"\n"
	"Sockets live in $XDG_RUNTIME_DIR/lectern/ (else /tmp/lectern-UID/).\n"
	"Exit status: 0 ok, 1 deck errors, 2 usage errors (several presentations to\n"
	"choose from), 3 no terminal or a bad socket folder.\n";

static const struct present_opt console_flags[] = {
	PRESENT_OPT("--list", list),
	PRESENT_OPT("--exit-with", exit_with),
	{ NULL, 0 },
};
static const struct present_opt console_values[] = {
	PRESENT_OPT("--session", session),
	PRESENT_OPT("--lang", lang),
	PRESENT_OPT("--theme", theme),
	{ NULL, 0 },
};

/* ---- lectern console ---- */

/* Parses the console's argv; returns -1 to go on, else the exit status. */
static int parse_console_args(int argc, char **argv, struct present_opts *o)
{
	int rc = present_scan_args(argc, argv, o, console_flags, console_values, console_usage);
	if (rc != -1 || (rc = present_check_lang(o)) != -1)
		return rc;
	if (o->list && o->path)
		return cli_usage_error(o->cmd, "--list takes no DECK");
	return present_check_session(o);
}

/* Probes every presentation in the socket folder and waits (at most the
 * probe timeout) for their answers. NULL with diagnostics when the folder
 * is bad. */
static struct session_list *probe_presentations(struct diag_list *dl)
{
	struct clock mono = clock_monotonic();
	uint64_t now = clock_now(&mono);
	struct session_list *l = session_list_new(NULL, NULL, now, dl);
	if (!l)
		return NULL;
	struct pollfd *fds = NULL;
	size_t n = 0;
	while (!session_list_handle(l, fds, n, now)) {
		size_t want = session_list_npollfds(l);
		fds = xrealloc(fds, (want ? want : 1) * sizeof *fds);
		n = session_list_pollfds(l, fds, want);
		int wait = session_list_timeout(l, now);
		if (poll(fds, (nfds_t)n, wait) < 0)
			n = 0;
		now = clock_now(&mono);
	}
	free(fds);
	return l;
}

/* The slide a live presentation shows, numbered as its speaker sees it
 * (nav.h: "9/9" for the last main slide, "B1/1" for a backup slide) into
 * slide[cap]. The numbers come from the deck the presenter named in its
 * HELLO (the built-in talk of its id, else its file), read again here, and
 * only when that deck is the one presented (the same fingerprint, or the
 * same number of slides with the same id at the index shown); else the
 * slide's id stands in, since the index alone counts the backup slides. */
static void slide_text(const struct session_entry *e, char *slide, size_t cap)
{
	const struct proto_state *st = &e->state;
	const char *lang = NULL;
	struct deck *d = cli_builtin_by_id(e->hello.deck, &lang);
	if (!d && e->hello.path[0]) {
		struct diag_list dl;
		diag_list_init(&dl);
		d = cli_load_deck(e->hello.path, NULL, &dl);
		diag_list_release(&dl);
	}
	if (d && st->slide < d->nslides && d->nslides == st->nslides &&
	    ((e->hello.has_hash && d->hash == e->hello.hash) ||
	     strcmp(d->slides[st->slide].id, st->slide_id) == 0)) {
		struct nav_pos pos = nav_position(d, st->slide);
		snprintf(slide, cap, "%s%zu/%zu", pos.backup ? "B" : "", pos.num, pos.total);
	} else {
		snprintf(slide, cap, "%s", st->slide_id[0] ? st->slide_id : "?");
	}
	deck_free(d);
}

/* One line of --list (also used when a DECK must be chosen). */
static void print_entry(FILE *out, const struct session_entry *e)
{
	char slide[PROTO_ID_MAX + 8];
	if (e->live && e->has_state)
		slide_text(e, slide, sizeof slide);
	else
		snprintf(slide, sizeof slide, "%s",
			 e->stale  ? "stale"
			 : e->live ? "?"
				   : "no answer");
	/* ids from file names and a peer's hello: through the sanitising writer */
	char *deck = text_safe(e->live && e->hello.deck[0] ? e->hello.deck : "-");
	char *session = text_safe(e->live && e->hello.session[0] ? e->hello.session : "-");
	char *path = text_safe(e->path);
	char *where = text_safe(slide); /* a slide id from the presenter */
	fprintf(out, "%-28s %-12s %-9s %s\n", deck, session, where, path);
	free(where);
	free(deck);
	free(session);
	free(path);
}

static void print_entries(FILE *out, const struct session_entry *v, size_t n)
{
	fprintf(out, "%-28s %-12s %-9s %s\n", "DECK", "SESSION", "SLIDE", "SOCKET");
	for (size_t i = 0; i < n; i++)
		print_entry(out, &v[i]);
}

/* lectern console --list */
static int list_main(void)
{
	struct diag_list dl;
	diag_list_init(&dl);
	struct session_list *l = probe_presentations(&dl);
	if (!l) {
		diag_print(&dl, stderr, 0);
		diag_list_release(&dl);
		return EXIT_INTERNAL;
	}
	diag_list_release(&dl);
	size_t n;
	const struct session_entry *v = session_list_entries(l, &n);
	if (n == 0)
		puts("no presentation is running");
	else
		print_entries(stdout, v, n);
	session_list_free(l);
	return EXIT_OK;
}

/* The deck a running presentation shows, for a console that was given
 * none (or only its id): the built-in talk of that id, else the file the
 * presenter named in its HELLO. Sets p->deck (and p->o.lang or p->o.path);
 * returns -1 to go on, else the exit status. */
static int deck_of_entry(struct present *p, const struct session_entry *e, struct diag_list *dl)
{
	const char *lang = NULL;
	p->deck = cli_builtin_by_id(e->hello.deck, &lang);
	if (p->deck) {
		p->o.lang = lang;
		p->o.path = NULL;
		return -1;
	}
	if (!e->hello.path[0]) {
		text_printf(stderr,
			    "lectern: the running presentation of '%s' does not say where its deck "
			    "is; give its file: 'lectern console FILE'\n",
			    e->hello.deck);
		return EXIT_USAGE;
	}
	p->deck_file = xstrdup(e->hello.path);
	p->o.path = p->deck_file;
	p->deck = cli_load_deck(p->o.path, NULL, dl);
	return p->deck ? -1 : EXIT_DECK;
}

/* Finds the running presentation to follow among those of deck id `id`
 * (any deck when NULL) in the --session given (any session without one).
 * One: its socket goes in *path and, unless p->deck is set already, its
 * deck is loaded (deck_of_entry). Several: the one in the default session
 * when a deck was named and one of them is there (as before sessions were
 * looked for), else they are listed and the user is asked to choose.
 * None: *path stays NULL. Returns -1 to go on, else the exit status. */
static int find_running(struct present *p, const char *id, char **path, struct diag_list *dl)
{
	struct session_list *l = probe_presentations(dl);
	if (!l)
		return EXIT_INTERNAL;
	size_t n;
	session_list_entries(l, &n);
	const struct session_entry **v = xcalloc(n ? n : 1, sizeof *v);
	size_t live = session_list_match(l, id, p->o.session, v, n);
	const struct session_entry *pick = live == 1 ? v[0] : NULL;
	for (size_t i = 0; live > 1 && id && !p->o.session && i < live; i++)
		if (!v[i]->hello.session[0])
			pick = v[i];
	int rc = -1;
	if (live > 1 && !pick) {
		text_printf(
			stderr,
			"lectern: %zu presentations%s%s%s are running; say which one with %s:\n",
			live, id ? " of '" : "", id ? v[0]->hello.deck : "", id ? "'" : "",
			id ? "--session NAME" : "'lectern console DECK' (and --session NAME)");
		fprintf(stderr, "%-28s %-12s %-9s %s\n", "DECK", "SESSION", "SLIDE", "SOCKET");
		for (size_t i = 0; i < live; i++)
			print_entry(stderr, v[i]);
		rc = EXIT_USAGE;
	} else if (pick) {
		if (!p->deck)
			rc = deck_of_entry(p, pick, dl);
		if (rc < 0) {
			*path = xstrdup(pick->path);
			if (pick->hello.session[0] && !p->o.session)
				p->o.session = p->found_session = xstrdup(pick->hello.session);
		}
	}
	free(v);
	session_list_free(l);
	return rc;
}

/* Whether the console's DECK argument names a file (else it may be the id
 * of a running presentation, as --list shows them). */
static bool names_file(const char *arg)
{
	struct stat st;
	return stat(arg, &st) == 0 || strchr(arg, '/') || strstr(arg, ".ini");
}

/* Loads the deck the console shows and finds the socket of its
 * presentation. Returns -1 to go on, else the exit status. */
static int console_target(struct present *p, char **path, size_t *nwarnings)
{
	struct diag_list dl;
	diag_list_init(&dl);
	int rc = -1;
	bool by_id = p->o.path && !names_file(p->o.path);
	if (!p->o.path || by_id)
		rc = find_running(p, by_id ? p->o.path : NULL, path, &dl);
	if (rc < 0 && !p->deck) {
		p->deck = cli_load_deck(p->o.path, p->o.lang, &dl);
		if (!p->deck)
			rc = EXIT_DECK;
		if (by_id && !p->deck)
			diag_add(&dl, "lectern", 0, 0, SEV_WARNING,
				 "no running presentation has the id '%s' either (see 'lectern "
				 "console --list')",
				 p->o.path);
	}
	if (rc < 0 && p->o.path && !by_id && !p->o.session)
		/* a deck file, no --session: it may run under a session name */
		rc = find_running(p, p->deck->meta.id, path, &dl);
	if (rc < 0 && !*path) {
		char *dir = session_dir(&dl);
		*path = dir ? session_socket_path(dir, p->deck->meta.id, p->o.session) : NULL;
		if (dir && !*path)
			diag_add(&dl, dir, 0, 0, SEV_ERROR, "socket folder path is too long");
		if (!*path)
			rc = EXIT_INTERNAL;
		free(dir);
	}
	diag_print(&dl, stderr, 0);
	*nwarnings = dl.nwarnings;
	diag_list_release(&dl);
	return rc;
}

int cmd_console(int argc, char **argv)
{
	struct present p;
	memset(&p, 0, sizeof p);
	p.o.cmd = "console";
	p.o.console = true;
	int rc = parse_console_args(argc, argv, &p.o);
	if (rc >= 0)
		return rc;
	if (p.o.list)
		return list_main();
	if ((rc = present_setup(&p)) >= 0)
		return rc;
	char *path = NULL;
	size_t nwarnings = 0;
	rc = console_target(&p, &path, &nwarnings);
	if (rc < 0) {
		present_remember_file(&p);
		nav_init(&p.nav, p.deck);
		present_note_warnings(&p, nwarnings);
		p.nav.presenter = true;
		timer_init(&p.timer, p.deck);
		present_load_history(&p);
		rc = tui_console(&p, path);
		present_release_history(&p);
		timer_release(&p.timer);
		nav_release(&p.nav);
	}
	free(path);
	deck_free(p.deck);
	free(p.deck_file);
	free(p.found_session);
	config_release(&p.cfg);
	return rc;
}
