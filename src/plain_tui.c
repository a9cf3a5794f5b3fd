/* The plain front end (plain_tui.h). One loop like tui.c's run(): each
 * pass samples the clocks, hands the controller what the last poll()
 * brought (console NAVs, captions, keys or command lines), lets the time
 * act, then writes what changed since it last wrote: it compares the
 * slide, the step, the deck, the message, the caption and the blackout
 * with what it wrote last, so every change is written once, whoever made
 * it (a key, a console, --auto, --watch). Signals come through a
 * signalfd, so this file keeps no state outside struct plain. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <termios.h>
#include <unistd.h>
#include <unistr.h>

#include "caption.h"
#include "cli.h"
#include "clock.h"
#include "keymap.h"
#include "nav.h"
#include "plain.h"
#include "plain_tui.h"
#include "present.h"
#include "session.h"
#include "textclass.h"
#include "utf8.h"
#include "xalloc.h"

enum { LINE_MAX_BYTES = 1024 };

struct plain {
	struct present *p;
	struct clock mono, wall;
	bool keys;          /* stdin is a terminal: single keys */
	struct termios tio; /* its modes before, restored at the end */
	bool have_tio;
	int sigfd;
	int sig;        /* the signal that came, 0 for none */
	bool eof, fail; /* stdin ended; stdout could not be written */
	/* command lines: the line being read */
	char line[LINE_MAX_BYTES];
	size_t len;
	bool overlong;
	/* single keys: the bytes of a key not complete yet */
	char kb[16];
	size_t klen;
	struct plain_written w; /* what was written last */
	enum prompt prompt;     /* the prompt written last */
	struct pollfd *pfds;
	size_t pfdcap;
};

static void check(struct plain *pl, int rc)
{
	if (rc != 0)
		pl->fail = true;
}

static void say(struct plain *pl, const char *msg)
{
	check(pl, plain_write_message(stdout, msg, plain_width()));
}

/* ---- the terminal and the signals ---- */

bool plain_keys_raw(struct termios *saved)
{
	if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, saved) != 0)
		return false;
	struct termios raw = *saved;
	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	return tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0;
}

static void start_keys(struct plain *pl)
{
	pl->keys = isatty(STDIN_FILENO);
	pl->have_tio = pl->keys && plain_keys_raw(&pl->tio);
}

static void stop_keys(struct plain *pl)
{
	if (pl->have_tio)
		tcsetattr(STDIN_FILENO, TCSANOW, &pl->tio);
	pl->have_tio = false;
}

int plain_signals_open(sigset_t *old)
{
	sigset_t ending;
	sigemptyset(&ending);
	sigaddset(&ending, SIGINT);
	sigaddset(&ending, SIGTERM);
	sigaddset(&ending, SIGHUP);
	sigprocmask(SIG_BLOCK, &ending, old);
	int fd = signalfd(-1, &ending, SFD_CLOEXEC | SFD_NONBLOCK);
	if (fd < 0) {
		int e = errno;
		sigprocmask(SIG_SETMASK, old, NULL);
		errno = e;
	}
	return fd;
}

int plain_signal_read(int fd)
{
	struct signalfd_siginfo si;
	if (read(fd, &si, sizeof si) == (ssize_t)sizeof si)
		return (int)si.ssi_signo;
	return 0;
}

/* ---- what is written ---- */

static void write_help(struct plain *pl)
{
	struct strbuf b = { 0 };
	strbuf_adds(&b,
		    pl->keys ? "keys (as in the full-screen player):\n"
			     : "commands: Enter or 'next', 'prev', 'g N' (slide N, B1 or an id), "
			       "'/TEXT' (search), 'q'; one character is that key; an action "
			       "name is its first key. Keys:\n");
	for (int a = 1; a < ACTION_COUNT; a++) {
		char *keys = keymap_keys_text(&pl->p->cfg.keys, (enum action)a);
		char *help = action_help_line((enum action)a);
		strbuf_printf(&b, "%s: %s\n", keys[0] ? keys : "(unbound)", help);
		free(keys);
		free(help);
	}
	check(pl, plain_write_text(stdout, b.s, b.len, plain_width()));
	free(b.s);
}

static void write_messages(struct plain *pl)
{
	const struct nav *n = &pl->p->nav;
	if (n->nlog == 0)
		say(pl, "no messages yet");
	for (unsigned i = 0; i < n->nlog; i++)
		say(pl, nav_log_entry(n, i)->text);
}

/* An overlay has no screen here: its text is written, and it closes. */
static void write_overlay(struct plain *pl)
{
	struct nav *n = &pl->p->nav;
	switch (n->overlay) {
	case OVERLAY_NONE: return;
	case OVERLAY_HELP: write_help(pl); break;
	case OVERLAY_OVERVIEW: cli_list_slides(stdout, n->deck); break;
	case OVERLAY_MESSAGES: write_messages(pl); break;
	}
	n->overlay = OVERLAY_NONE;
}

int plain_write_shown(struct plain_written *w, const struct present *p, bool notes, bool force)
{
	const struct nav *n = &p->nav;
	bool same_slide =
		w->shown && w->deck == p->deck && w->hash == p->deck->hash && w->cur == n->cur;
	if (!force && same_slide && w->step == n->step)
		return 0;
	struct plain_opts o = { .width = plain_width(), .step = n->step, .notes = notes };
	if (!force && same_slide && n->step > w->step)
		o.from_step = w->step + 1; /* a reveal: only what it adds */
	int rc = w->shown && fputc('\n', stdout) == EOF ? -1 : 0;
	if (plain_write_slide(stdout, p->deck, n->cur, &o) != 0)
		rc = -1;
	w->shown = true;
	w->deck = p->deck;
	w->hash = p->deck->hash;
	w->cur = n->cur;
	w->step = n->step;
	return rc;
}

int plain_write_news(struct plain_written *w, const struct present *p, bool again)
{
	const struct nav *n = &p->nav;
	int rc = 0;
	if (n->msg[0] && (again || strcmp(n->msg, w->msg) != 0))
		rc = plain_write_message(stdout, n->msg, plain_width());
	snprintf(w->msg, sizeof w->msg, "%s", n->msg);
	size_t len;
	const char *cap = caption_text(&p->caption, p->now_ms, &len);
	if (cap && p->caption.seq != w->caption_seq && !n->captions_off &&
	    plain_write_caption(stdout, cap, len, plain_width()) != 0)
		rc = -1;
	w->caption_seq = p->caption.seq;
	return rc;
}

static const char *prompt_text(const struct present *p, enum prompt pr)
{
	switch (pr) {
	case PROMPT_GOTO: return "go to slide (number or id): ";
	case PROMPT_SEARCH: return "search: ";
	case PROMPT_RESTART:
		return p->o.rehearse ? "restart the rehearsal from zero? (y/n) "
				     : "restart the timer from zero? (y/n) ";
	case PROMPT_NONE: break;
	}
	return "";
}

/* Everything that changed since the last write; after a key or a command
 * (acted), the message even when it is the same as the last one. */
static void write_changes(struct plain *pl, unsigned react, bool acted)
{
	struct present *p = pl->p;
	struct nav *n = &p->nav;
	write_overlay(pl);
	if (n->prompt != pl->prompt) {
		if (pl->keys && pl->prompt != PROMPT_NONE)
			fputc('\n', stdout);
		if (pl->keys && n->prompt != PROMPT_NONE)
			fputs(prompt_text(p, n->prompt), stdout);
		pl->prompt = n->prompt;
	}
	if (n->prompt == PROMPT_NONE)
		check(pl, plain_write_shown(&pl->w, p, true, (react & REACT_RELOAD) != 0));
	if (n->blank != pl->w.blank) {
		say(pl, n->blank == BLANK_BLACK   ? "the audience screen is black"
			: n->blank == BLANK_WHITE ? "the audience screen is white"
						  : "the slide is shown again");
		pl->w.blank = n->blank;
	}
	check(pl, plain_write_news(&pl->w, p, acted));
	if (fflush(stdout) != 0 || ferror(stdout))
		pl->fail = true;
}

/* ---- input ---- */

/* The first key bound to action a, in its context; false when none. */
static bool key_of(const struct keymap *km, enum action a, struct key *k)
{
	for (size_t i = 0; i < km->n; i++)
		if (km->v[i].action == a) {
			*k = km->v[i].key;
			return true;
		}
	return false;
}

static unsigned press(struct plain *pl, struct key k)
{
	return present_key(pl->p, k);
}

/* Types text into the prompt the action a opens, then Enter. */
static unsigned prompt_with(struct plain *pl, enum action a, const char *text)
{
	struct nav *n = &pl->p->nav;
	n->prompt = PROMPT_NONE;
	nav_apply(n, a);
	unsigned r = REACT_NONE;
	const char *s = text, *end = text + strlen(text);
	while (s < end && n->prompt != PROMPT_NONE) {
		uint32_t c;
		int l = utf8_decode(&c, (const uint8_t *)s, (size_t)(end - s));
		r |= press(pl, key_char(c));
		s += l > 0 ? (size_t)l : 1;
	}
	if (n->prompt != PROMPT_NONE)
		r |= press(pl, key_sym(KEYSYM_ENTER));
	return r;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* One command line (without its newline). */
static unsigned run_line(struct plain *pl, char *s)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s)
		return press(pl, key_sym(KEYSYM_ENTER));
	if (all_digits(s))
		return prompt_with(pl, ACTION_GOTO, s);
	uint32_t c;
	int l = utf8_decode(&c, (const uint8_t *)s, strlen(s));
	if (l > 0 && s[l] == '\0')
		return press(pl, key_char(c));
	if (s[0] == '/')
		return prompt_with(pl, ACTION_SEARCH, s + 1);
	char *arg = strpbrk(s, " \t");
	if (arg) {
		*arg++ = '\0';
		while (*arg == ' ' || *arg == '\t')
			arg++;
	}
	if ((!strcmp(s, "g") || !strcmp(s, "goto")) && arg && *arg)
		return prompt_with(pl, ACTION_GOTO, arg);
	if (!strcmp(s, "search") && arg && *arg)
		return prompt_with(pl, ACTION_SEARCH, arg);
	enum action a = action_from_name(s);
	struct key k;
	if (a != ACTION_NONE && key_of(&pl->p->cfg.keys, a, &k))
		return press(pl, k);
	if (a != ACTION_NONE)
		nav_message(&pl->p->nav, true, "no key is bound to '%s'", s);
	else
		nav_message(&pl->p->nav, true, "unknown command '%s' (? lists them)", s);
	return REACT_NONE;
}

/* The command lines in bytes; a line longer than LINE_MAX_BYTES is
 * refused whole. */
static unsigned feed_lines(struct plain *pl, const char *b, size_t n)
{
	unsigned r = REACT_NONE;
	for (size_t i = 0; i < n && !(r & REACT_QUIT); i++) {
		if (b[i] != '\n') {
			if (pl->len + 1 < sizeof pl->line)
				pl->line[pl->len++] = b[i];
			else
				pl->overlong = true;
			continue;
		}
		pl->line[pl->len] = '\0';
		if (pl->overlong)
			nav_message(&pl->p->nav, true,
				    "a command line longer than %d bytes is ignored",
				    LINE_MAX_BYTES - 1);
		else
			r |= run_line(pl, pl->line);
		write_changes(pl, r, true);
		pl->len = 0;
		pl->overlong = false;
	}
	return r;
}

/* The escape sequences of the keys a terminal sends most (xterm's). */
static const struct {
	const char *seq;
	enum keysym sym;
} escapes[] = {
	{ "[A", KEYSYM_UP },      { "[B", KEYSYM_DOWN },      { "[C", KEYSYM_RIGHT },
	{ "[D", KEYSYM_LEFT },    { "OA", KEYSYM_UP },        { "OB", KEYSYM_DOWN },
	{ "OC", KEYSYM_RIGHT },   { "OD", KEYSYM_LEFT },      { "[H", KEYSYM_HOME },
	{ "[F", KEYSYM_END },     { "[1~", KEYSYM_HOME },     { "[4~", KEYSYM_END },
	{ "[5~", KEYSYM_PAGEUP }, { "[6~", KEYSYM_PAGEDOWN }, { "[3~", KEYSYM_DELETE },
	{ "OP", KEYSYM_F1 },      { "[Z", KEYSYM_BACKTAB },
};

/* Decodes the key at the start of b (n bytes); returns the bytes it took,
 * 0 when b may be the start of a key not complete yet. An escape sequence
 * this does not know is taken whole and gives KEYSYM_NONE. */
static size_t decode_key(const char *b, size_t n, bool more, struct key *k)
{
	unsigned char c = (unsigned char)b[0];
	if (c == 27) {
		if (n == 1)
			return more ? 0 : (*k = key_sym(KEYSYM_ESCAPE), 1);
		for (size_t i = 0; i < sizeof escapes / sizeof escapes[0]; i++) {
			size_t l = strlen(escapes[i].seq);
			if (n - 1 >= l && memcmp(b + 1, escapes[i].seq, l) == 0) {
				*k = key_sym(escapes[i].sym);
				return l + 1;
			}
		}
		/* unknown: up to its final byte */
		size_t i = 2;
		if (b[1] == '[' || b[1] == 'O') {
			while (i < n && ((unsigned char)b[i] < 0x40 || (unsigned char)b[i] > 0x7e))
				i++;
			if (i == n)
				return more ? 0 : n;
			i++;
		}
		*k = key_sym(KEYSYM_NONE);
		return i;
	}
	switch (c) {
	case '\r':
	case '\n': *k = key_sym(KEYSYM_ENTER); return 1;
	case '\t': *k = key_sym(KEYSYM_TAB); return 1;
	case 8:
	case 127: *k = key_sym(KEYSYM_BACKSPACE); return 1;
	}
	uint32_t ch;
	int l = utf8_decode(&ch, (const uint8_t *)b, n);
	if (l == -2 && more)
		return 0;
	if (l < 0) {
		*k = key_sym(KEYSYM_NONE);
		return 1;
	}
	*k = key_char(ch);
	return (size_t)l;
}

/* A prompt open in key mode echoes what is typed into it. */
static void echo(struct plain *pl, struct key k, enum prompt before)
{
	if (before == PROMPT_NONE || pl->p->nav.prompt != before || k.sym != KEYSYM_CHAR)
		return;
	uint8_t u[8];
	int l = u8_uctomb(u, k.ch, (int)sizeof u);
	if (l > 0)
		check(pl, text_write(stdout, (const char *)u, (size_t)l, 0));
	fflush(stdout);
}

static unsigned feed_keys(struct plain *pl, const char *b, size_t n)
{
	unsigned r = REACT_NONE;
	for (size_t i = 0; i < n && !(r & REACT_QUIT); i++) {
		if (pl->klen < sizeof pl->kb)
			pl->kb[pl->klen++] = b[i];
		size_t used;
		struct key k;
		while (pl->klen && (used = decode_key(pl->kb, pl->klen, i + 1 < n, &k)) > 0) {
			memmove(pl->kb, pl->kb + used, pl->klen - used);
			pl->klen -= used;
			if (k.sym == KEYSYM_NONE)
				continue;
			enum prompt before = pl->p->nav.prompt;
			unsigned kr = press(pl, k);
			echo(pl, k, before);
			write_changes(pl, kr, true);
			r |= kr;
			if (r & REACT_QUIT)
				break;
		}
	}
	return r;
}

static unsigned read_input(struct plain *pl)
{
	char buf[4096];
	ssize_t n = read(STDIN_FILENO, buf, sizeof buf);
	if (n < 0)
		return errno == EINTR || errno == EAGAIN ? REACT_NONE
							 : (pl->eof = true, REACT_NONE);
	if (n == 0) {
		pl->eof = true;
		if (!pl->keys && pl->len) /* a last line without its newline */
			return feed_lines(pl, "\n", 1);
		return REACT_NONE;
	}
	return pl->keys ? feed_keys(pl, buf, (size_t)n) : feed_lines(pl, buf, (size_t)n);
}

/* ---- the loop ---- */

static size_t fill_pollfds(struct plain *pl)
{
	struct present *p = pl->p;
	size_t want = 3 + (p->srv ? session_server_npollfds(p->srv) : 0);
	if (want > pl->pfdcap) {
		pl->pfds = xrealloc(pl->pfds, want * sizeof *pl->pfds);
		pl->pfdcap = want;
	}
	size_t n = 0;
	pl->pfds[n++] = (struct pollfd){ .fd = pl->eof ? -1 : STDIN_FILENO, .events = POLLIN };
	pl->pfds[n++] = (struct pollfd){ .fd = pl->sigfd, .events = POLLIN };
	if (p->captions && caption_source_pollfd(p->captions, &pl->pfds[n]))
		n++;
	if (p->srv)
		n += session_server_pollfds(p->srv, pl->pfds + n, want - n);
	return n;
}

static int wait_ms(const struct plain *pl)
{
	const struct present *p = pl->p;
	int wait = present_wait_ms(p);
	int st = p->srv ? session_server_timeout(p->srv, p->now_ms) : -1;
	if (st >= 0 && (wait < 0 || st < wait))
		wait = st;
	return present_caption_wait(p, wait);
}

static void sample_time(struct plain *pl)
{
	present_clock(pl->p, clock_now(&pl->mono), clock_now(&pl->wall));
}

static int run(struct plain *pl)
{
	struct present *p = pl->p;
	unsigned react = present_open_server(p);
	size_t npfds = 0;
	for (;;) {
		sample_time(pl);
		react |= present_wake(p);
		/* what the speaker typed is written before the consoles' and
		 * followers' writes that the same wait brought (as in tui.c) */
		bool input = npfds && pl->pfds[0].revents;
		if (!input)
			react |= present_serve(p, pl->pfds, npfds);
		react |= present_captions(p);
		if (npfds && pl->pfds[1].revents)
			pl->sig = plain_signal_read(pl->sigfd);
		if (pl->sig) {
			p->interrupted = true;
			return 128 + pl->sig;
		}
		if (input)
			react |= read_input(pl);
		react |= present_tick(p);
		write_changes(pl, react, false);
		if (pl->fail)
			return EXIT_INTERNAL;
		if ((react & REACT_QUIT) || ((react & REACT_END) && p->o.rehearse) || pl->eof)
			return EXIT_OK;
		present_publish(p);
		react = REACT_NONE;
		if (input) {
			react = present_serve(p, pl->pfds, npfds);
			npfds = 0;
			if (react != REACT_NONE)
				continue; /* a console's NAV: written at once */
		}
		size_t n = fill_pollfds(pl);
		npfds = poll(pl->pfds, (nfds_t)n, wait_ms(pl)) < 0 ? 0 : n;
	}
}

int plain_present(struct present *p)
{
	struct plain *pl = xcalloc(1, sizeof *pl);
	pl->p = p;
	pl->mono = clock_monotonic();
	pl->wall = clock_wall();
	sigset_t old;
	pl->sigfd = plain_signals_open(&old);
	if (pl->sigfd < 0) {
		text_printf(stderr, "lectern: %s: cannot watch for signals: %s\n", p->o.cmd,
			    strerror(errno));
		free(pl);
		return EXIT_INTERNAL;
	}
	start_keys(pl);
	sample_time(pl);
	present_start_timer(p);
	int rc = run(pl);
	stop_keys(pl);
	session_server_free(p->srv);
	p->srv = NULL;
	close(pl->sigfd);
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (rc == EXIT_INTERNAL)
		text_printf(stderr, "lectern: %s: cannot write the slides: %s\n", p->o.cmd,
			    strerror(errno));
	free(pl->pfds);
	free(pl);
	return rc;
}
