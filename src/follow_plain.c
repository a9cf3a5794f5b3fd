/* The plain-text follower, `lectern follow --plain` (follow.h). One loop
 * over the connection, the signals and (on a terminal only) stdin; after
 * each pass it compares the deck, the slide, the step, the blackout and
 * the status message with what it wrote last and writes what changed, so
 * a move or a reload writes the slide once and a reveal only its new
 * items. What the presenter's messages mean (moves, a deck sent, a reload)
 * is follow_handle()'s: this file only writes. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"
#include "clock.h"
#include "follow.h"
#include "nav.h"
#include "plain.h"
#include "plain_tui.h"
#include "present.h"
#include "session.h"
#include "textclass.h"

struct fplain {
	struct present *p;
	struct clock mono, wall;
	bool keys;          /* stdin is a terminal: q or its end quits */
	struct termios tio; /* its modes before, restored at the end */
	bool have_tio;
	int sigfd;
	int sig;                /* the ending signal that came, 0 for none */
	bool quit;              /* q, or the end of stdin on a terminal */
	int err;                /* errno of a failed write, 0 when none failed */
	struct plain_written w; /* what was written last */
};

static void check(struct fplain *f, int rc)
{
	if (rc != 0 && !f->err)
		f->err = errno ? errno : EIO;
}

static void say(struct fplain *f, const char *msg)
{
	check(f, plain_write_message(stdout, msg, plain_width()));
}

/* Writes what changed since the last call. The slide is written once the
 * presenter's state is known (not the follower's own first slide) and
 * never while the screen is blank. */
static void write_changes(struct fplain *f)
{
	struct present *p = f->p;
	const struct nav *n = &p->nav;
	if (n->blank != f->w.blank) {
		say(f, n->blank != BLANK_NONE ? "the presenter blanked the screen"
					      : "the slide is shown again");
		f->w.blank = n->blank;
	}
	if (n->blank == BLANK_NONE && p->client && session_client_state(p->client))
		check(f, plain_write_shown(&f->w, p, false, false));
	check(f, plain_write_news(&f->w, p, false));
	if (fflush(stdout) != 0 || ferror(stdout))
		check(f, -1);
}

static void start_keys(struct fplain *f)
{
	f->keys = isatty(STDIN_FILENO);
	f->have_tio = f->keys && plain_keys_raw(&f->tio);
}

/* A terminal's bytes: q or Ctrl-D (its end of input, the line
 * discipline being off) quits; every other byte is ignored. */
static void read_keys(struct fplain *f)
{
	char buf[256];
	ssize_t n = read(STDIN_FILENO, buf, sizeof buf);
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		f->quit = true;
		return;
	}
	for (ssize_t i = 0; i < n; i++)
		if (buf[i] == 'q' || buf[i] == 4)
			f->quit = true;
}

static void sample_time(struct fplain *f)
{
	present_clock(f->p, clock_now(&f->mono), clock_now(&f->wall));
}

static int run(struct fplain *f)
{
	struct present *p = f->p;
	struct pollfd pfds[3];
	size_t npfds = 0;
	for (;;) {
		sample_time(f);
		const struct pollfd *conn = npfds > 2 ? &pfds[2] : NULL;
		unsigned react = follow_handle(p, conn);
		if (npfds && pfds[1].revents)
			f->sig = plain_signal_read(f->sigfd);
		if (f->sig)
			return 128 + f->sig;
		if (npfds && pfds[0].revents)
			read_keys(f);
		write_changes(f);
		if (f->err)
			return f->err == EPIPE ? EXIT_OK : EXIT_INTERNAL;
		if (f->quit || (react & REACT_QUIT))
			return EXIT_OK;
		pfds[0] = (struct pollfd){ .fd = f->keys ? STDIN_FILENO : -1, .events = POLLIN };
		pfds[1] = (struct pollfd){ .fd = f->sigfd, .events = POLLIN };
		npfds = 2;
		if (session_client_pollfd(p->client, &pfds[2]))
			npfds = 3;
		int wait = session_client_timeout(p->client, p->now_ms);
		if (poll(pfds, (nfds_t)npfds, wait) < 0)
			npfds = 0;
	}
}

int follow_plain(struct present *p, const char *path)
{
	struct fplain f = { .p = p, .mono = clock_monotonic(), .wall = clock_wall() };
	signal(SIGPIPE, SIG_IGN);
	sigset_t old;
	f.sigfd = plain_signals_open(&old);
	if (f.sigfd < 0) {
		text_printf(stderr, "lectern: follow: cannot watch for signals: %s\n",
			    strerror(errno));
		return EXIT_INTERNAL;
	}
	start_keys(&f);
	sample_time(&f);
	struct proto_hello me;
	follow_hello(p, &me);
	p->client = session_client_new(path, &me, NULL, p->now_ms);
	int rc = run(&f);
	session_client_free(p->client);
	p->client = NULL;
	if (f.have_tio)
		tcsetattr(STDIN_FILENO, TCSANOW, &f.tio);
	close(f.sigfd);
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (rc == EXIT_OK && p->ended && !f.err) {
		say(&f, p->lost[0] ? p->lost : "the presentation ended");
		fflush(stdout);
	}
	if (rc == EXIT_INTERNAL)
		text_printf(stderr, "lectern: follow: cannot write the slides: %s\n",
			    strerror(f.err));
	return rc;
}
