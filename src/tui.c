/* The terminal: the only file that includes curses.
 *
 * It sets up and restores the terminal (locale, colours from the theme,
 * signals, the crash restore), runs the loop, reads keys into the core's
 * struct key and copies the screen composed by screen_compose() out. What
 * the keys, the consoles and the time do is the controller's (present.h);
 * what the screen shows is the composer's (screen.h): nothing here
 * measures, wraps or decides. Every redraw is erase() + copy + refresh(),
 * so ncurses sends only the cells that changed; what a change costs on the
 * wire is kept small without changing what is shown: blanks share the
 * text role's colour pair, a gap between two runs of one role is filled in
 * that role, a chart bar is spaces on a background (one erase), and
 * attribute changes leave out the character-set switch.
 *
 * Each pass of the loop samples the monotonic and the wall clock once and
 * hands the sample to the controller (present_clock()); everything in that
 * pass (the key read at the end of the previous pass, --auto, drawing)
 * uses it. The wait at the end of each pass is one poll() over the
 * terminal and the sockets (a presenter's server, a console's connection);
 * what it reported is handled at the start of the next pass.
 *
 * Signals: SIGTERM, SIGHUP and SIGINT set a flag the loop checks at least
 * once a second; resize arrives as KEY_RESIZE from ncurses' own SIGWINCH
 * handler; a crash signal restores the terminal as best it can and
 * re-raises. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "atomic.h"
#include "caption.h"
#include "cli.h"
#include "clock.h"
#include "diag.h"
#include "follow.h"
#include "keymap.h"
#include "layout.h"
#include "nav.h"
#include "present.h"
#include "proto.h"
#include "screen.h"
#include "session.h"
#include "textclass.h"
#include "theme.h"
#include "tui.h"

struct tui {
	struct present *p; /* the presentation shown (borrowed) */
	attr_t attr[STYLE_COUNT];
	attr_t on_status[STYLE_COUNT]; /* the roles drawn on the status line */
	bool quiet[STYLE_COUNT];       /* a space in the role looks like a blank */
	chtype black, white;           /* fill cells of the blackouts */
	chtype bar;                    /* a cell of a chart bar (a full block) */
	struct clock mono, wall;
	/* the last poll(): [0] is the terminal, then the sockets; npfds is 0
	 * once the results have been handled */
	struct pollfd *pfds;
	size_t npfds, pfdcap;
	bool typeahead; /* the last read got a key: read again at once */
	bool started;   /* finish_start() ran: keys decoded, server open */
};

/* Set from signal handlers only; read by the loop. */
static volatile sig_atomic_t got_signal;
/* Written by signal handlers so that the loop's poll() returns. */
static int wake_pipe[2] = { -1, -1 };
/* ncurses' SIGWINCH handler, called by on_winch(). */
static struct sigaction curses_winch;
/* Whether curses owns the terminal, for the crash handler. */
static volatile sig_atomic_t curses_active;
/* What the crash handler needs to give the terminal back without calling
 * anything that is not async-signal-safe: the terminal modes from before
 * curses started, and the bytes that leave curses' screen modes (filled
 * from terminfo when curses starts). */
static struct termios saved_modes;
static volatile sig_atomic_t have_saved_modes;
static char restore_bytes[256];
static size_t restore_len;

/* ---- time ---- */

/* The once-per-pass sample of both clocks. */
static void sample_time(struct tui *t)
{
	present_clock(t->p, clock_now(&t->mono), clock_now(&t->wall));
}

/* ---- terminal setup ---- */

/* Wakes the loop's poll() from a signal handler: the signal may come
 * just before the poll starts, when a flag alone would wait for the next
 * wakeup, and the loop has none while nothing on screen moves. */
static void wake_loop(void)
{
	if (wake_pipe[1] >= 0) {
		int e = errno;
		(void)!write(wake_pipe[1], "", 1);
		errno = e;
	}
}

static void on_signal(int sig)
{
	got_signal = sig;
	wake_loop();
}

/* SIGWINCH: ncurses' own handler (it makes the KEY_RESIZE), then a wake. */
static void on_winch(int sig)
{
	if (curses_winch.sa_handler != SIG_DFL && curses_winch.sa_handler != SIG_IGN &&
	    !(curses_winch.sa_flags & SA_SIGINFO))
		curses_winch.sa_handler(sig);
	wake_loop();
}

/* Puts on_winch() in front of the SIGWINCH handler ncurses installed. */
static void hook_winch(void)
{
	struct sigaction sa;
	if (sigaction(SIGWINCH, NULL, &curses_winch) != 0 || (curses_winch.sa_flags & SA_SIGINFO))
		return;
	sa = curses_winch;
	sa.sa_handler = on_winch;
	sigaction(SIGWINCH, &sa, NULL);
}

/* The wake pipe, non-blocking at both ends, closed on exec. */
static void open_wake_pipe(void)
{
	if (wake_pipe[0] >= 0 || pipe(wake_pipe) != 0)
		return;
	for (int i = 0; i < 2; i++) {
		fcntl(wake_pipe[i], F_SETFL, fcntl(wake_pipe[i], F_GETFL) | O_NONBLOCK);
		fcntl(wake_pipe[i], F_SETFD, FD_CLOEXEC);
	}
}

static void drain_wake_pipe(void)
{
	char buf[64];
	while (wake_pipe[0] >= 0 && read(wake_pipe[0], buf, sizeof buf) > 0)
		continue;
}

/* A crash, SIGQUIT or abort(): unlink any live temporary file (atomic.h),
 * give the terminal back with write() and tcsetattr() only (endwin() is not
 * async-signal-safe), then die of the same signal with its default action. */
static void on_crash(int sig)
{
	atomic_temp_cleanup();
	if (curses_active) {
		if (restore_len)
			(void)!write(STDOUT_FILENO, restore_bytes, restore_len);
		if (have_saved_modes)
			tcsetattr(STDIN_FILENO, TCSANOW, &saved_modes);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static void add_restore(const char *cap)
{
	const char *seq = tigetstr(cap);
	if (!seq || seq == (char *)-1)
		return;
	size_t n = strlen(seq);
	if (n < sizeof restore_bytes - restore_len) {
		memcpy(restore_bytes + restore_len, seq, n);
		restore_len += n;
	}
}

/* Collects, once curses is up, what on_crash() writes: attributes off,
 * keypad and mouse reporting off, cursor shown, main screen back. */
static void prepare_crash_restore(bool mouse)
{
	restore_len = 0;
	add_restore("sgr0");
	add_restore("rmkx");
	if (mouse && tigetstr("kmous") && tigetstr("kmous") != (char *)-1) {
		static const char off[] = "\033[?1000l\033[?1006l";
		memcpy(restore_bytes + restore_len, off, sizeof off - 1);
		restore_len += sizeof off - 1;
	}
	add_restore("cnorm");
	add_restore("rmcup");
}

static void install_signals(void)
{
	open_wake_pipe();
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = on_crash;
	sa.sa_flags = (int)SA_RESETHAND;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGFPE, &sa, NULL);
	sigaction(SIGILL, &sa, NULL);
	sigaction(SIGABRT, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
}

/* The decks are UTF-8 whatever the environment says: without a UTF-8
 * LC_CTYPE ncurses would print mojibake, so fall back to C.UTF-8. Only
 * LC_CTYPE is taken from the environment: nothing else is localised, and
 * loading the other categories costs start-up time and memory. */
static void setup_locale(void)
{
	setlocale(LC_CTYPE, "");
	const char *cs = nl_langinfo(CODESET);
	if (cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0))
		return;
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "C.utf8");
}

static attr_t curses_attrs(unsigned a)
{
	attr_t r = A_NORMAL;
	r |= a & THEME_BOLD ? A_BOLD : 0;
	r |= a & THEME_DIM ? A_DIM : 0;
	r |= a & THEME_UNDERLINE ? A_UNDERLINE : 0;
	r |= a & THEME_ITALIC ? A_ITALIC : 0;
	r |= a & THEME_REVERSE ? A_REVERSE : 0;
	return r;
}

/* A theme colour the terminal can show: a bright colour falls back to its
 * base colour, any other colour it lacks to the default. */
static short curses_colour(short c)
{
	if (c == THEME_DEFAULT || c < COLORS)
		return c;
	return c >= 8 && c < 16 ? (short)(c - 8) : -1;
}

/* The attributes the terminal does not show together with a colour pair
 * (terminfo ncv): ncurses drops them from a cell that has one. */
static attr_t colour_drops(void)
{
	static const attr_t bit[] = { A_STANDOUT, A_UNDERLINE, A_REVERSE, A_BLINK,      A_DIM,
				      A_BOLD,     A_INVIS,     A_PROTECT, A_ALTCHARSET, A_ITALIC };
	int ncv = tigetnum("ncv");
	attr_t a = 0;
	for (size_t i = 0; ncv > 0 && i < sizeof bit / sizeof bit[0]; i++)
		if (ncv & (1 << i))
			a |= bit[i];
	return a;
}

/* Maps t->p->theme to attributes and colour pairs: pair s + 1 for role s;
 * without colour, the theme's attributes-only looks. Blank cells are the
 * text role's: its background, when it has one, is the whole screen's;
 * else they take its pair (default colours), so that leaving a coloured
 * role for text or blanks costs one attribute reset and no colour reset.
 * Other roles in the default colours get a pair too, unless the terminal
 * would drop one of their attributes for it (then blanks keep pair 0, as
 * curses gives a cell without a pair the background's).
 * Fills t->quiet and t->bar for blit(). */
static void setup_colours(struct tui *t, bool colour)
{
	const struct theme *th = &t->p->theme;
	t->black = ' ';
	t->white = ' ' | A_REVERSE;
	const attr_t shown_on_space = A_UNDERLINE | A_REVERSE | A_STANDOUT | A_BLINK;
	for (int s = 0; s < STYLE_COUNT; s++) {
		t->attr[s] = curses_attrs(th->mono[s]);
		t->quiet[s] = !(t->attr[s] & shown_on_space);
	}
	t->bar = ' ' | t->attr[STYLE_CHART] | A_REVERSE;
	memcpy(t->on_status, t->attr, sizeof t->on_status);
	if (!colour || !has_colors() || start_color() == ERR)
		return;
	bool defaults = use_default_colors() == OK;
	attr_t drops = colour_drops();
	bool share = defaults; /* blanks can take the text role's pair */
	for (int s = 0; s < STYLE_COUNT; s++) {
		const struct theme_style *st = &th->color[s];
		t->attr[s] = curses_attrs(st->attrs);
		t->quiet[s] = !(t->attr[s] & shown_on_space) &&
			      curses_colour(st->bg) == curses_colour(th->color[STYLE_TEXT].bg);
		if (st->fg == THEME_DEFAULT && st->bg == THEME_DEFAULT &&
		    (!defaults || (t->attr[s] & drops))) {
			share = false; /* a blank's pair would colour the role */
			continue;
		}
		init_pair((short)(s + 1), curses_colour(st->fg), curses_colour(st->bg));
		t->attr[s] |= COLOR_PAIR(s + 1);
	}
	if (th->color[STYLE_TEXT].bg != THEME_DEFAULT)
		bkgdset(' ' | t->attr[STYLE_TEXT]);
	else if (share)
		bkgdset(' ' | (t->attr[STYLE_TEXT] & A_COLOR));
	short bright = COLORS >= 16 ? 15 : COLOR_WHITE;
	init_pair(STYLE_COUNT + 1, COLOR_BLACK, COLOR_BLACK);
	init_pair(STYLE_COUNT + 2, bright, bright);
	t->black = ' ' | COLOR_PAIR(STYLE_COUNT + 1);
	t->white = ' ' | COLOR_PAIR(STYLE_COUNT + 2);
	t->bar = ' ' | t->attr[STYLE_CHART] | A_REVERSE;
	const struct theme_style *ch = &th->color[STYLE_CHART];
	if (ch->fg != THEME_DEFAULT && !(ch->attrs & THEME_REVERSE) &&
	    init_pair(STYLE_COUNT + 3, curses_colour(ch->bg), curses_colour(ch->fg)) == OK)
		t->bar = ' ' | (t->attr[STYLE_CHART] & ~A_COLOR) | COLOR_PAIR(STYLE_COUNT + 3);
	/* on a status line with a background, roles that keep the default
	 * background take the status line's: pairs STYLE_COUNT + 4 + s */
	memcpy(t->on_status, t->attr, sizeof t->on_status);
	for (int s = 0; s < STYLE_COUNT; s++) {
		struct theme_style st = theme_on_status(th, (enum style)s);
		short pair = (short)(STYLE_COUNT + 4 + s);
		if (st.bg == th->color[s].bg || pair >= COLOR_PAIRS ||
		    init_pair(pair, curses_colour(st.fg), curses_colour(st.bg)) != OK)
			continue;
		t->on_status[s] = (t->attr[s] & ~A_COLOR) | COLOR_PAIR(pair);
	}
}

/* The terminal's switch back to the ASCII character set (rmacs) when it
 * is a plain designation or shift ("\E(B", SI), else NULL. */
static const char *charset_switch(void)
{
	const char *sw = tigetstr("rmacs");
	if (!sw || sw == (char *)-1)
		return NULL;
	return strcmp(sw, "\033(B") == 0 || strcmp(sw, "\017") == 0 ? sw : NULL;
}

/* Removes charset_switch() from the string capability cap, in place, for
 * the rest of the session: every attribute change then costs those bytes
 * less ("\E(B\E[m" becomes "\E[m" on xterm). Sound because nothing here
 * draws with A_ALTCHARSET (rules and bars are UTF-8 text), so the
 * character set stays ASCII; newterm() has sent the whole sgr0 once, the
 * crash handler's copy is taken before, and reset_charset() sends the
 * switch where something else may have had the terminal. */
static void drop_charset_switch(const char *cap)
{
	char *s = tigetstr(cap);
	const char *sw = charset_switch();
	if (!s || s == (char *)-1 || !sw)
		return;
	size_t n = strlen(sw);
	for (char *p = strstr(s, sw); p; p = strstr(p, sw))
		memmove(p, p + n, strlen(p + n) + 1);
}

/* Sends charset_switch() now; called only between refreshes, when
 * ncurses has nothing buffered. */
static void reset_charset(void)
{
	const char *sw = charset_switch();
	if (sw) {
		fputs(sw, stdout);
		fflush(stdout);
	}
}

static void stop_curses(void);

/* Whether $TERM could name a terminfo entry: printable ASCII without
 * blanks or quotes (terminfo names have no blanks). */
static bool term_plain(const char *term)
{
	for (const unsigned char *p = (const unsigned char *)term; *p; p++)
		if (*p <= 0x20 || *p >= 0x7f || *p == '\'' || *p == '\\')
			return false;
	return true;
}

/* $TERM for a message when it is plain, else a stand-in: an environment
 * value never reaches the terminal as it is. */
static const char *term_name(void)
{
	const char *term = getenv("TERM");
	if (!term || !term[0])
		return "(unset)";
	return term_plain(term) ? term : "(not printable)";
}

static int start_curses(struct tui *t)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		/* the command that was run: present, rehearse or console */
		fprintf(stderr, "lectern: %s needs a terminal%s\n", t->p->o.cmd,
			t->p->o.console ? "" : " (try 'lectern export')");
		return -1;
	}
	have_saved_modes = tcgetattr(STDIN_FILENO, &saved_modes) == 0;
	const char *term = getenv("TERM");
	if ((term && !term_plain(term)) || !newterm(NULL, stdout, stdin)) {
		text_printf(stderr, "lectern: cannot use terminal type '%s'\n", term_name());
		return -1;
	}
	hook_winch();
	curses_active = 1;
	const char *cup = tigetstr("cup");
	if (!cup || cup == (char *)-1) {
		/* without cursor addressing curses draws nothing but the last
		 * line: never a blank screen, say why and what works (present
		 * and rehearse have a plain mode that needs no cursor) */
		stop_curses();
		const char *cmd = t->p->o.console ? "console" : t->p->o.cmd;
		const char *deck = t->p->o.path ? " DECK" : "";
		fprintf(stderr,
			"lectern: the terminal type '%s' cannot move the cursor, so 'lectern %s' "
			"cannot draw a screen on it\n",
			term_name(), cmd);
		if (!t->p->o.console)
			fprintf(stderr,
				"lectern: run it as lines of text with 'lectern %s --plain%s', in a "
				"terminal that can (e.g. TERM=xterm-256color), or print the deck "
				"with 'lectern export%s'\n",
				cmd, deck, deck);
		else
			fprintf(stderr,
				"lectern: run it in a terminal that can (e.g. TERM=xterm-256color), "
				"or print the deck as text with 'lectern export%s'\n",
				deck);
		return -1;
	}
	raw();
	noecho();
	nonl();
	set_escdelay(25);
	curs_set(0);
	leaveok(stdscr, TRUE); /* the cursor is hidden: never move it back */
	mmask_t got = mousemask(BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	mouseinterval(0);
	prepare_crash_restore(got != 0);
	drop_charset_switch("sgr0");
	drop_charset_switch("sgr");
	setup_colours(t, !t->p->colourless);
	return 0;
}

static void stop_curses(void)
{
	if (curses_active) {
		endwin();
		curses_active = 0;
	}
}

/* ---- drawing ---- */

/* True when a run is nothing but U+2588 FULL BLOCK characters. */
static bool full_blocks(const struct run *run)
{
	if (run->len == 0 || run->len % 3 || run->len / 3 != run->width)
		return false;
	for (size_t i = 0; i < run->len; i += 3)
		if (memcmp(run->text + i, "\xe2\x96\x88", 3) != 0)
			return false;
	return true;
}

/* Copies row r of sc's frame to the screen, each run in the attribute
 * attr[] gives its style. Cells between runs look blank, whatever
 * attributes they get. */
static void blit_row(const struct tui *t, const attr_t attr[STYLE_COUNT], const struct screen *sc,
		     unsigned r)
{
	const struct frame *f = sc->f;
	const struct frame_row *row = &f->rows[r];
	bool divided =
		sc->divider_rows && r >= sc->divider_top && r < sc->divider_top + sc->divider_rows;
	int y = (int)r, end = -1; /* where the last run drawn on the row ended */
	enum style last = STYLE_TEXT;
	for (size_t i = row->first; i < row->first + row->n; i++) {
		const struct run *run = &f->runs[i];
		int x = (int)run->col;
		if (x + (int)run->width > COLS || run->len == 0)
			continue;
		/* a gap between two runs of one role whose spaces look like
		 * blanks is filled in that role (no switch to the blank's
		 * attributes and back), but not across the divider */
		if (divided && end >= 0 && end <= (int)sc->divider_col && x > (int)sc->divider_col)
			end = -1;
		if (end >= 0 && x > end && run->style == last && t->quiet[last])
			mvhline(y, end, ' ' | attr[last], x - end);
		end = x + (int)run->width;
		last = run->style;
		if (run->style == STYLE_CHART && full_blocks(run)) {
			/* a bar of full blocks is drawn as spaces on the bar's
			 * colour: the same cells, which ncurses can send as one
			 * erase */
			mvhline(y, x, t->bar, (int)run->width);
			continue;
		}
		attrset(attr[run->style]);
		mvaddnstr(y, x, run->text, (int)run->len);
	}
	attrset(A_NORMAL);
}

/* Composes the screen at the terminal's size and copies it out; the
 * scroll positions the layouts accepted go back to the controller. */
static void draw(struct tui *t)
{
	struct screen sc;
	screen_compose(&sc, t->p, (unsigned)COLS, (unsigned)LINES);
	present_accept(t->p, &sc);
	erase();
	if (sc.blank != BLANK_NONE) {
		chtype fill = sc.blank == BLANK_WHITE ? t->white : t->black;
		for (int y = 0; y < LINES; y++)
			mvhline(y, 0, fill, COLS);
	}
	unsigned status_row = sc.status ? sc.rows - 1 : sc.rows;
	if (sc.status) {
		attrset(t->attr[STYLE_STATUS]);
		mvhline((int)status_row, 0, ' ', COLS);
		attrset(A_NORMAL);
	}
	for (unsigned r = 0; r < sc.f->nrows && r < sc.rows; r++)
		blit_row(t, r == status_row ? t->on_status : t->attr, &sc, r);
	for (unsigned r = 0; r < sc.divider_rows; r++)
		mvaddstr((int)(sc.divider_top + r), (int)sc.divider_col, "│");
	refresh();
	screen_release(&sc);
}

/* ---- input ---- */

/* Translates one get_wch() result; false for input the core does not
 * handle (unknown function keys, mouse clicks). */
static bool translate(int rc, wint_t ch, struct key *k)
{
	if (rc == OK) {
		switch (ch) {
		case 27: *k = key_sym(KEYSYM_ESCAPE); break;
		case '\r':
		case '\n': *k = key_sym(KEYSYM_ENTER); break;
		case '\t': *k = key_sym(KEYSYM_TAB); break;
		case 8:
		case 127: *k = key_sym(KEYSYM_BACKSPACE); break;
		default:
			if (ch > 0x10ffff)
				return false;
			*k = key_char((uint32_t)ch);
		}
		return true;
	}
	static const struct {
		int code;
		enum keysym sym;
	} map[] = {
		{ KEY_UP, KEYSYM_UP },        { KEY_DOWN, KEYSYM_DOWN },
		{ KEY_LEFT, KEYSYM_LEFT },    { KEY_RIGHT, KEYSYM_RIGHT },
		{ KEY_HOME, KEYSYM_HOME },    { KEY_END, KEYSYM_END },
		{ KEY_PPAGE, KEYSYM_PAGEUP }, { KEY_NPAGE, KEYSYM_PAGEDOWN },
		{ KEY_ENTER, KEYSYM_ENTER },  { KEY_BACKSPACE, KEYSYM_BACKSPACE },
		{ KEY_DC, KEYSYM_DELETE },    { KEY_IC, KEYSYM_INSERT },
		{ KEY_BTAB, KEYSYM_BACKTAB }, { KEY_F(1), KEYSYM_F1 },
		{ KEY_F(2), KEYSYM_F2 },      { KEY_F(3), KEYSYM_F3 },
		{ KEY_F(4), KEYSYM_F4 },      { KEY_F(5), KEYSYM_F5 },
		{ KEY_F(6), KEYSYM_F6 },      { KEY_F(7), KEYSYM_F7 },
		{ KEY_F(8), KEYSYM_F8 },      { KEY_F(9), KEYSYM_F9 },
		{ KEY_F(10), KEYSYM_F10 },    { KEY_F(11), KEYSYM_F11 },
		{ KEY_F(12), KEYSYM_F12 },
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if ((int)ch == map[i].code) {
			*k = key_sym(map[i].sym);
			return true;
		}
	if (ch == KEY_MOUSE) {
		MEVENT ev;
		if (getmouse(&ev) != OK)
			return false;
		if (ev.bstate & BUTTON4_PRESSED)
			*k = key_sym(KEYSYM_WHEELUP);
		else if (ev.bstate & BUTTON5_PRESSED)
			*k = key_sym(KEYSYM_WHEELDOWN);
		else
			return false;
		return true;
	}
	return false;
}

/* Fills t->pfds with the terminal and the sockets, and after them the
 * wake pipe; returns how many, the wake pipe not counted. */
static size_t fill_pollfds(struct tui *t)
{
	size_t want = 2 + (t->p->srv ? session_server_npollfds(t->p->srv) : 0) +
		      (t->p->client ? 1 : 0) + (t->p->captions ? 1 : 0);
	if (want > t->pfdcap) {
		t->pfds = xrealloc(t->pfds, want * sizeof *t->pfds);
		t->pfdcap = want;
	}
	t->pfds[0] = (struct pollfd){ .fd = STDIN_FILENO, .events = POLLIN };
	size_t n = 1;
	if (t->p->srv)
		n += session_server_pollfds(t->p->srv, t->pfds + 1, want - 1);
	if (t->p->client && session_client_pollfd(t->p->client, &t->pfds[n]))
		n++;
	if (t->p->captions && caption_source_pollfd(t->p->captions, &t->pfds[n]))
		n++;
	t->pfds[n] = (struct pollfd){ .fd = wake_pipe[0], .events = POLLIN };
	return n;
}

/* Waits (one poll() over the terminal and the sockets) for a key, a
 * socket, a deadline of the sockets or the next tick; true with *k set
 * when a key came. A resize asks for a redraw through *react. The poll
 * results stay in t->pfds for the next pass. Keys ncurses has already
 * buffered are read without waiting. */
static bool read_key(struct tui *t, struct key *k, unsigned *react)
{
	int wait = t->typeahead ? 0 : present_wait_ms(t->p);
	int st = t->p->srv      ? session_server_timeout(t->p->srv, t->p->now_ms)
		 : t->p->client ? session_client_timeout(t->p->client, t->p->now_ms)
				: -1;
	if (st >= 0 && (wait < 0 || st < wait))
		wait = st;
	wait = present_caption_wait(t->p, wait);
	size_t n = fill_pollfds(t);
	if (got_signal)
		wait = 0;
	t->npfds = poll(t->pfds, (nfds_t)n + 1, wait) < 0 ? 0 : n;
	if (t->pfds[n].revents)
		drain_wake_pipe();
	timeout(0);
	wint_t ch;
	int rc = get_wch(&ch);
	t->typeahead = rc != ERR;
	if (rc == ERR)
		return false;
	if (rc == KEY_CODE_YES && ch == KEY_RESIZE) {
		*react |= REACT_REDRAW;
		return false;
	}
	return translate(rc, ch, k);
}

/* Ctrl-Z: the timer stops while the process is suspended and resumes at
 * the next pass, which has a fresh clock sample. */
static void suspend(struct tui *t)
{
	present_suspend(t->p);
	endwin();
	kill(getpid(), SIGSTOP);
	/* resumed by fg: refresh() restores the program's terminal modes */
	reset_charset();
	refresh();
}

/* Draws when react asks or a shown second changed since *last. */
static void update_screen(struct tui *t, unsigned react, struct present_secs *last)
{
	bool ticking = present_ticking(t->p);
	struct present_secs now = present_shown_secs(t->p);
	bool tick =
		now.wall != last->wall || now.elapsed != last->elapsed || now.slide != last->slide;
	if (react & REACT_CLEAR) {
		reset_charset();
		clearok(curscr, TRUE);
	}
	if ((react & (REACT_REDRAW | REACT_CLEAR)) || (ticking && tick)) {
		draw(t);
		*last = now;
	}
}

/* What the first frame does not need, done right after it and before the
 * first key is read: function-key decoding (ncurses builds its table of
 * key sequences from terminfo here, a fair part of the start) and, when
 * presenting, the consoles' server. Returns REACT_REDRAW when the status
 * line has news (the server could not open). */
static unsigned finish_start(struct tui *t)
{
	t->started = true;
	keypad(stdscr, TRUE);
	if (t->p->o.console)
		return REACT_NONE;
	return present_open_server(t->p);
}

/* The loop: each pass samples the clocks, handles what the last wait
 * brought (console NAVs, then the key), lets --auto and --watch act,
 * redraws when needed and waits for the next key. Returns the exit
 * status: EXIT_OK after quit (or, rehearsing, after the end of the talk),
 * 128 + N after signal N. */
static int run(struct tui *t)
{
	struct present *p = t->p;
	unsigned react = REACT_REDRAW;
	struct present_secs last = { 0, 0, 0 };
	bool have_key = false;
	struct key k;
	for (;;) {
		sample_time(t);
		if (got_signal) {
			p->interrupted = true;
			return 128 + got_signal;
		}
		react |= present_wake(p);
		/* a key's frame comes before the consoles' and followers'
		 * writes that the same wait brought (a thousand followers'
		 * copies of the last move must not delay it) */
		bool serve_after = have_key;
		if (!serve_after) {
			react |= present_serve(p, t->pfds, t->npfds);
			t->npfds = 0;
		}
		react |= present_captions(p);
		if (have_key) {
			unsigned r = present_key(p, k);
			if (r & REACT_SUSPEND)
				suspend(t);
			react |= r;
		}
		react |= present_tick(p);
		if ((react & REACT_QUIT) || ((react & REACT_END) && p->o.rehearse))
			return EXIT_OK;
		present_publish(p);
		update_screen(t, react, &last);
		react = REACT_NONE;
		if (serve_after) {
			react = present_serve(p, t->pfds, t->npfds);
			t->npfds = 0;
			if (react != REACT_NONE) {
				have_key = false; /* a console's NAV: its frame at once */
				continue;
			}
		}
		if (!t->started) {
			react = finish_start(t);
			if (react != REACT_NONE)
				continue;
		}
		have_key = read_key(t, &k, &react);
	}
}

/* The console's loop: like run(), with the connection in place of the
 * timer and the server. Returns EXIT_OK after q (or, with --exit-with,
 * when the presentation ended), 128 + N after signal N. */
static int run_console(struct tui *t)
{
	unsigned react = REACT_REDRAW;
	struct present_secs last = { 0, 0, 0 };
	bool have_key = false;
	struct key k;
	for (;;) {
		sample_time(t);
		if (got_signal)
			return 128 + got_signal;
		react |= present_follow(t->p, t->npfds > 1 ? &t->pfds[1] : NULL);
		t->npfds = 0;
		if (have_key) {
			unsigned r = present_console_key(t->p, k);
			if (r & REACT_SUSPEND)
				suspend(t);
			react |= r;
		}
		if (react & REACT_QUIT)
			return EXIT_OK;
		update_screen(t, react, &last);
		react = REACT_NONE;
		if (!t->started)
			react = finish_start(t);
		have_key = read_key(t, &k, &react);
	}
}

/* A large deck's start: draws the head's first slide at once, then loads
 * the whole deck p->rest holds before any key is read, and goes on with
 * it. Returns 0, or EXIT_DECK with the terminal restored and every
 * diagnostic printed when the whole deck does not load: a broken deck is
 * never presented, even if its first slide was. */
static int finish_load(struct tui *t)
{
	struct present_secs last = { 0, 0, 0 };
	sample_time(t);
	update_screen(t, REACT_REDRAW, &last);
	struct diag_list dl;
	diag_list_init(&dl);
	int rc = present_finish_load(t->p, &dl);
	if (rc != 0) {
		stop_curses();
		diag_print(&dl, stderr, 0);
	}
	diag_list_release(&dl);
	return rc != 0 ? EXIT_DECK : 0;
}

int tui_present(struct present *p)
{
	struct tui tt = { .p = p, .mono = clock_monotonic(), .wall = clock_wall() };
	struct tui *t = &tt;
	setup_locale();
	install_signals();
	if (start_curses(t) != 0)
		return EXIT_INTERNAL;
	if (t->p->rest.pending) {
		int rc = finish_load(t);
		if (rc != 0)
			return rc;
	}
	sample_time(t);
	present_start_timer(t->p);
	int rc = run(t);
	session_server_free(t->p->srv);
	t->p->srv = NULL;
	free(t->pfds);
	stop_curses();
	return rc;
}

int tui_console(struct present *p, const char *path)
{
	struct tui tt = { .p = p, .mono = clock_monotonic(), .wall = clock_wall() };
	struct tui *t = &tt;
	setup_locale();
	install_signals();
	if (start_curses(t) != 0)
		return EXIT_INTERNAL;
	sample_time(t);
	struct proto_hello me;
	memset(&me, 0, sizeof me);
	me.role = PROTO_ROLE_CONSOLE;
	proto_copy_text(me.deck, sizeof me.deck, t->p->deck->meta.id);
	me.has_hash = true;
	me.hash = t->p->deck->hash;
	proto_copy_text(me.session, sizeof me.session, t->p->o.session ? t->p->o.session : "");
	if (t->p->follow)
		follow_hello(t->p, &me);
	t->p->client = session_client_new(path, &me, NULL, t->p->now_ms);
	int rc = run_console(t);
	session_client_free(t->p->client);
	t->p->client = NULL;
	free(t->pfds);
	stop_curses();
	if (t->p->ended)
		text_printf(stdout, "lectern: %s\n",
			    t->p->lost[0] ? t->p->lost : "the presentation ended");
	return rc;
}
