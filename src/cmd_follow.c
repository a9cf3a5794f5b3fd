/* lectern follow: the command line of the read-only follower, finding the
 * presentation to follow (in the user's own socket folder and the
 * audience folders) and the deck to show, then the terminal front end
 * (tui.h), or the plain writer with --plain, with the follower's rules
 * (follow.h). */
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
#include "follow.h"
#include "nav.h"
#include "present.h"
#include "present_cli.h"
#include "session.h"
#include "textclass.h"
#include "timer.h"
#include "tui.h"
#include "xalloc.h"

static const char follow_usage[] =
	"Usage: lectern follow [DECK] [OPTIONS]\n"
	"\n"
	"Follows a running presentation read-only, as its audience sees it: every\n"
	"move, reveal step, blackout and reload, never the speaker notes or the\n"
	"presenter's timer. Keys act on this screen only: ? help, J/K and the arrows\n"
	"scroll, s shows or hides the status line, q quits; a key that would move the\n"
	"talk says that this is a follower and sends nothing.\n"
	"\n"
	"The presentation is found among those of this user and those opened to the\n"
	"audience ('lectern present --audience'), by DECK's id, or by the id given\n"
	"as DECK, in any session unless --session is given. With a deck file of\n"
	"another id (a translation: 'lectern follow slides/talk.en.ini', or --lang en)\n"
	"the one running presentation is followed by slide id. Without DECK the\n"
	"presenter sends its deck without notes. When nothing runs yet, it waits;\n"
	"when the presentation ends, it waits for it to come back.\n"
	"\n"
	"Options:\n"
	"  --session NAME     follow the presentation started with --session NAME\n"
	"  --socket PATH      follow the presentation at this socket\n"
	"  --lang zh|en       follow with the built-in talk in this language\n"
	"  --exit-with        exit when the presentation ends instead of waiting\n"
	"  --plain            no full screen, no TERM: write each slide as plain text\n"
	"                     when it changes (a reveal: its new items), for a screen\n"
	"                     reader, a braille display, a pipe or a log; q or the end\n"
	"                     of a terminal's input quits (a pipe on stdin is ignored)\n"
	"  --theme NAME       dark, light, high-contrast or a [theme-NAME] of the config\n"
	"  -h, --help         show this help\n"
	"\n"
	"Audience sockets live in $LECTERN_AUDIENCE_DIR, else /tmp/lectern-audience-UID/.\n"
	"Exit status: 0 ok, 1 deck errors, 2 usage errors (several presentations to\n"
	"choose from), 3 no terminal.\n";

static const struct present_opt follow_flags[] = {
	PRESENT_OPT("--exit-with", exit_with),
	PRESENT_OPT("--plain", plain),
	{ NULL, 0 },
};
static const struct present_opt follow_values[] = {
	PRESENT_OPT("--session", session),
	PRESENT_OPT("--lang", lang),
	PRESENT_OPT("--theme", theme),
	PRESENT_OPT("--socket", socket),
	{ NULL, 0 },
};

static int parse_follow_args(int argc, char **argv, struct present_opts *o)
{
	int rc = present_scan_args(argc, argv, o, follow_flags, follow_values, follow_usage);
	if (rc != -1 || (rc = present_check_lang(o)) != -1)
		return rc;
	if (o->lang && o->path)
		return cli_usage_error(o->cmd, "--lang is for the built-in talk, not '%s'",
				       o->path);
	return present_check_session(o);
}

/* Probes every presentation this user may follow, waiting (at most the
 * probe timeout) for their answers. */
static struct session_list *probe_all(void)
{
	struct clock mono = clock_monotonic();
	uint64_t now = clock_now(&mono);
	struct session_list *l = session_list_new_follow(NULL, now);
	struct pollfd *fds = NULL;
	size_t n = 0;
	while (!session_list_handle(l, fds, n, now)) {
		size_t want = session_list_npollfds(l);
		fds = xrealloc(fds, (want ? want : 1) * sizeof *fds);
		n = session_list_pollfds(l, fds, want);
		if (poll(fds, (nfds_t)n, session_list_timeout(l, now)) < 0)
			n = 0;
		now = clock_now(&mono);
	}
	free(fds);
	return l;
}

/* The live entries of deck id (any when NULL) in the --session given,
 * without an audience folder's copy of a presentation also found in the
 * user's own folder. Returns how many; out has room for all. */
static size_t matches(const struct session_list *l, const char *id, const char *session,
		      const struct session_entry **out)
{
	size_t n;
	session_list_entries(l, &n);
	size_t m = session_list_match(l, id, session, out, n);
	size_t k = 0;
	for (size_t i = 0; i < m; i++) {
		bool dup = false;
		for (size_t j = 0; out[i]->audience && j < m; j++)
			dup = dup || (!out[j]->audience &&
				      strcmp(out[j]->hello.deck, out[i]->hello.deck) == 0 &&
				      strcmp(out[j]->hello.session, out[i]->hello.session) == 0);
		if (!dup)
			out[k++] = out[i];
	}
	return k;
}

static void print_choices(const struct session_entry **v, size_t n)
{
	fprintf(stderr,
		"lectern: %zu presentations are running; say which one with 'lectern "
		"follow ID' or --session NAME:\n",
		n);
	for (size_t i = 0; i < n; i++) {
		char *deck = text_safe(v[i]->hello.deck);
		char *session = text_safe(v[i]->hello.session[0] ? v[i]->hello.session : "-");
		char *path = text_safe(v[i]->path);
		fprintf(stderr, "  %-28s %-12s %s\n", deck, session, path);
		free(deck);
		free(session);
		free(path);
	}
}

/* Whether DECK names a file rather than a running presentation's id. */
static bool names_file(const char *arg)
{
	struct stat st;
	return stat(arg, &st) == 0 || strchr(arg, '/') || strstr(arg, ".ini") || strstr(arg, ".md");
}

/* Finds the presentation (and, without a deck, the deck): sets *path.
 * Waits, re-probing each second, while nothing to follow runs and the
 * socket cannot be named without one. Returns -1 to go on, else the exit
 * status. */
static int follow_target(struct present *p, char **path)
{
	const char *want_id = NULL;
	if (p->deck)
		want_id = p->deck->meta.id;
	else if (p->o.path)
		want_id = p->o.path; /* an id as 'lectern console --list' shows it */
	bool said = false;
	for (;;) {
		struct session_list *l = probe_all();
		size_t n;
		session_list_entries(l, &n);
		const struct session_entry **v = xcalloc(n ? n : 1, sizeof *v);
		size_t m = matches(l, want_id, p->o.session, v);
		if (m == 0 && p->deck)
			/* another deck (a translation): the one running, by slide id */
			m = matches(l, NULL, p->o.session, v);
		int rc = -1;
		if (m > 1) {
			print_choices(v, m);
			rc = EXIT_USAGE;
		} else if (m == 1) {
			*path = xstrdup(v[0]->path);
			if (!p->deck) {
				p->deck = follow_builtin(v[0]->hello.deck);
				if (!p->deck) {
					p->deck = follow_waiting_deck();
					p->follow_want_deck = true;
				}
			}
		}
		free(v);
		session_list_free(l);
		if (rc >= 0 || *path)
			return rc;
		if (p->deck && !p->o.session) {
			/* nothing runs yet: wait at the deck's own socket */
			struct diag_list dl;
			diag_list_init(&dl);
			char *dir = session_dir(&dl);
			*path = dir ? session_socket_path(dir, p->deck->meta.id, NULL) : NULL;
			free(dir);
			diag_list_release(&dl);
			if (*path)
				return -1;
		}
		if (!said)
			text_printf(stderr,
				    "lectern: waiting for a presentation%s%s%s to start "
				    "(Ctrl-C stops)\n",
				    want_id ? " of '" : "", want_id ? want_id : "",
				    want_id ? "'" : "");
		said = true;
		poll(NULL, 0, 1000);
	}
}

int cmd_follow(int argc, char **argv)
{
	struct present p;
	memset(&p, 0, sizeof p);
	p.o.cmd = "follow";
	p.o.console = true;
	p.follow = true;
	int rc = parse_follow_args(argc, argv, &p.o);
	if (rc >= 0)
		return rc;
	if ((rc = present_setup(&p)) >= 0)
		return rc;
	if (p.o.lang || (p.o.path && names_file(p.o.path))) {
		struct diag_list dl;
		diag_list_init(&dl);
		p.deck = cli_load_deck(p.o.path, p.o.lang, &dl);
		diag_print(&dl, stderr, 0);
		diag_list_release(&dl);
		if (!p.deck) {
			config_release(&p.cfg);
			return EXIT_DECK;
		}
		follow_strip_notes(p.deck);
	}
	char *path = NULL;
	if (p.o.socket) {
		path = xstrdup(p.o.socket);
		if (!p.deck) {
			p.deck = follow_waiting_deck();
			p.follow_want_deck = true;
		}
	} else {
		rc = follow_target(&p, &path);
	}
	if (rc < 0) {
		/* a deck the presenter sent has no file of ours to reload */
		if (p.o.path && !names_file(p.o.path))
			p.o.path = NULL;
		nav_init(&p.nav, p.deck);
		timer_init(&p.timer, p.deck);
		rc = p.o.plain ? follow_plain(&p, path) : tui_console(&p, path);
		timer_release(&p.timer);
		nav_release(&p.nav);
	}
	free(path);
	deck_free(p.deck);
	config_release(&p.cfg);
	return rc;
}
