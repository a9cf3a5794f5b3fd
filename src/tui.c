/* The full-screen presenter: the only core-facing file that includes curses.
 *
 * It is a thin loop: sample the monotonic clock, poll the deck file when
 * watching, redraw when the navigation state, the size or the second
 * changed, then wait for one key with a timeout so the clock keeps ticking.
 * A key becomes a struct key, nav_input() turns it into state changes and
 * REACT_* flags, and the flags decide about reloading, suspending and
 * quitting. Drawing asks the layout engine for frames (slides, notes,
 * previews) or builds them with frame_put()/frame_wrap() (status line,
 * help, overview, messages) and copies their runs to the screen: nothing
 * here measures or wraps text. Every redraw is erase() + draw + refresh(),
 * so ncurses sends only the cells that changed; what a change costs on the
 * wire is kept small without changing what is shown: blanks share the
 * text role's colour pair, a gap between two runs of one role is filled in
 * that role, a chart bar is spaces on a background (one erase), and
 * attribute changes leave out the character-set switch.
 *
 * The timer runs in every presentation; each pass of the loop samples the
 * monotonic and the wall clock once, and everything in that pass (the key
 * read at the end of the previous pass, --auto, drawing) uses those
 * samples. `lectern rehearse` is the same loop in the presenter layout that
 * saves a rehearsal record after the terminal is restored.
 *
 * Two terminals: present and rehearse serve their deck on a Unix socket
 * (session.h) and `lectern console` follows it. The wait at the end of each
 * pass is one poll() over the terminal and the sockets; what it reported
 * is handled at the start of the next pass with that pass's clock sample:
 * a console's NAV goes through console_apply() like a key, and after every
 * change of slide, step, blackout or timer state the presenter broadcasts
 * a STATE. A console draws the presenter layout from its own copy of the
 * deck, following the STATEs; its movement keys become NAVs and move
 * nothing locally, so both screens move when the STATE comes back.
 *
 * Signals: SIGTERM, SIGHUP and SIGINT set a flag the loop checks at least
 * once a second; resize arrives as KEY_RESIZE from ncurses' own SIGWINCH
 * handler; a crash signal restores the terminal as best it can and
 * re-raises. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <errno.h>
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
#include "builtin.h"
#include "cli.h"
#include "clock.h"
#include "config.h"
#include "ini.h"
#include "console.h"
#include "keymap.h"
#include "layout.h"
#include "nav.h"
#include "record.h"
#include "session.h"
#include "textclass.h"
#include "theme.h"
#include "timer.h"
#include "timerline.h"

enum { MIN_COLS = 24, MIN_ROWS = 8 };
enum { WATCH_POLL_MS = 500 };

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
	"  -h, --help         show this help\n"
	"\n"
	"Keys: t pauses and resumes the timer, T restarts the rehearsal from zero\n"
	"(asks first, y confirms), q ends it; ? lists every key.\n"
	"\n"
	"Exit status: 0 ok, 1 deck errors, 2 usage errors, 3 the record could not be\n"
	"saved, 128+N ended by signal N.\n";

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

struct present_opts {
	const char *cmd;  /* "present" or "rehearse", for messages */
	const char *path; /* NULL: the built-in talk */
	const char *lang;
	const char *goto_target;
	const char *duration, *end; /* as given; parsed into the fields below */
	const char *theme;    /* --theme NAME, or NULL for the config's */
	const char *start_at; /* --start-at HH:MM, or NULL */
	bool clock, watch, presenter, auto_adv, rehearse;
	const char *session; /* --session NAME, or NULL */
	bool no_listen;      /* --no-listen */
	bool console, list, exit_with; /* lectern console, --list, --exit-with */
	unsigned duration_s;  /* --duration; 0 = the deck's plan */
	uint32_t end_day_s;   /* --end, seconds after local midnight */
	bool has_end;
	uint32_t start_day_s; /* --start-at, seconds after local midnight */
	bool has_start;
};

struct tui {
	struct present_opts o;
	struct config cfg;
	struct theme theme;     /* --theme, else [display] theme */
	struct deck *deck;
	struct nav nav;
	bool clock;             /* status-line clock */
	attr_t attr[STYLE_COUNT];
	bool quiet[STYLE_COUNT]; /* a space in the role looks like a blank */
	chtype black, white;    /* fill cells of the blackouts */
	chtype bar;             /* a cell of a chart bar (a full block) */
	struct clock mono, wall;
	uint64_t now_ms;        /* monotonic time, sampled once per pass */
	uint64_t wall_ms;       /* wall time, sampled with now_ms */
	struct timer timer;     /* runs in every presentation */
	bool auto_adv;          /* --auto, until a key takes control back */
	bool resume_timer;      /* resume at the next pass (after Ctrl-Z) */
	bool interrupted;       /* ended by Ctrl-C or a signal */
	uint64_t next_poll_ms;  /* watch: next stat() of the deck file */
	struct stat st;         /* watch: the file as last loaded */
	bool have_st;
	/* present and rehearse: the consoles' server, NULL without one */
	struct session_server *srv;
	struct proto_state sent; /* the last STATE broadcast */
	bool have_sent;
	bool force_state;        /* broadcast even if nothing differs */
	/* console: the connection to the presentation, NULL when presenting */
	struct session_client *client;
	bool ever_connected;     /* a presenter's HELLO came at least once */
	bool ended;              /* --exit-with: the presentation ended */
	char lost[PROTO_TEXT_MAX + 64]; /* why the last connection ended */
	char *deck_file; /* console: the deck file a presenter named (o.path) */
	char *found_session; /* console: the session found running (o.session) */
	/* the last poll(): [0] is the terminal, then the sockets; npfds is 0
	 * once the results have been handled */
	struct pollfd *pfds;
	size_t npfds, pfdcap;
	bool typeahead;          /* the last read got a key: read again at once */
	bool started;            /* finish_start() ran: keys decoded, server open */
	/* a large deck's start: the head shown while the rest loads */
	char *pending;           /* the file's bytes, not loaded yet; NULL after */
	size_t pending_len;
	size_t nslides_hint;     /* the slide count shown until the full load */
};

/* Set from signal handlers only; read by the loop. */
static volatile sig_atomic_t got_signal;
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

/* ---- glyph strings borrowed by frames ---- */

#define R4(s) s s s s
#define R16(s) R4(R4(s))
#define R64(s) R4(R16(s))
static const char rule_glyphs[] = R64("─");
static const char bar_glyphs[] = R64("━");
static const char spaces[] = R64(" ");

/* Puts count copies of a glyph from a repeat string of 64 glyphs of gbytes
 * bytes each. */
static void put_repeat(struct frame *f, unsigned row, unsigned col, const char *rep,
		       size_t gbytes, unsigned count, enum style st)
{
	while (count) {
		unsigned n = count < 64 ? count : 64;
		unsigned w = frame_put(f, row, col, rep, gbytes * n, n, st);
		if (w == 0)
			return;
		col += w;
		count -= n;
	}
}

/* ---- time ---- */

/* The once-per-pass sample of both clocks. */
static void sample_time(struct tui *t)
{
	t->now_ms = clock_now(&t->mono);
	t->wall_ms = clock_now(&t->wall);
}

/* --start-at: starts the idle timer on the current slide, now that the
 * start time came or the speaker moved first; says why in the status
 * line. */
static bool begin_talk(struct tui *t, const char *why, bool force)
{
	if (!timer_start_due(&t->timer, t->nav.cur, t->now_ms, t->wall_ms, force))
		return false;
	t->force_state = true;
	nav_message(&t->nav, false, "%s", why);
	return true;
}

/* "starts in 4:59" for this process's timer. */
#define COUNTDOWN_LEN TIMERLINE_COUNTDOWN_LEN
static void countdown_text(const struct tui *t, char buf[COUNTDOWN_LEN])
{
	timerline_countdown(timer_wait_left_ms(&t->timer, t->wall_ms), buf);
}

static void toggle_timer(struct tui *t)
{
	if (timer_waiting(&t->timer)) {
		begin_talk(t, "timer started", true);
		return;
	}
	timer_toggle(&t->timer, t->now_ms);
	if (t->timer.state == TIMER_PAUSED)
		nav_message(&t->nav, false, "timer paused (t resumes)");
	else
		nav_message(&t->nav, false, "timer running");
}

static void restart_timer(struct tui *t)
{
	timer_restart(&t->timer, t->now_ms, t->wall_ms);
	nav_message(&t->nav, false, t->o.rehearse ? "rehearsal restarted" : "timer restarted");
}

/* ---- terminal setup ---- */

static void on_signal(int sig)
{
	got_signal = sig;
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
	static const attr_t bit[] = { A_STANDOUT, A_UNDERLINE, A_REVERSE, A_BLINK, A_DIM,
				      A_BOLD,	  A_INVIS,     A_PROTECT, A_ALTCHARSET, A_ITALIC };
	int ncv = tigetnum("ncv");
	attr_t a = 0;
	for (size_t i = 0; ncv > 0 && i < sizeof bit / sizeof bit[0]; i++)
		if (ncv & (1 << i))
			a |= bit[i];
	return a;
}

/* Maps t->theme to attributes and colour pairs: pair s + 1 for role s;
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
	const struct theme *th = &t->theme;
	t->black = ' ';
	t->white = ' ' | A_REVERSE;
	const attr_t shown_on_space = A_UNDERLINE | A_REVERSE | A_STANDOUT | A_BLINK;
	for (int s = 0; s < STYLE_COUNT; s++) {
		t->attr[s] = curses_attrs(th->mono[s]);
		t->quiet[s] = !(t->attr[s] & shown_on_space);
	}
	t->bar = ' ' | t->attr[STYLE_CHART] | A_REVERSE;
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

static int start_curses(struct tui *t)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "lectern: %s needs a terminal%s\n", t->o.console ? "console" : "present",
			t->o.console ? "" : " (try 'lectern export')");
		return -1;
	}
	have_saved_modes = tcgetattr(STDIN_FILENO, &saved_modes) == 0;
	if (!newterm(NULL, stdout, stdin)) {
		text_printf(stderr, "lectern: cannot use terminal type '%s'\n",
			getenv("TERM") ? getenv("TERM") : "(unset)");
		return -1;
	}
	curses_active = 1;
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
	const char *nc = getenv("NO_COLOR");
	setup_colours(t, t->cfg.color && !(nc && nc[0]));
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

/* Copies rows [first, first + maxrows) of f to the screen at (y, x),
 * each run in the attribute of its style, clipped to the screen. Cells
 * between runs look blank, whatever attributes they get. */
static void blit(const struct tui *t, const struct frame *f, unsigned first, int y, int x,
		 int maxrows)
{
	for (unsigned r = first; r < f->nrows && (int)(r - first) < maxrows; r++) {
		int yy = y + (int)(r - first);
		if (yy < 0 || yy >= LINES)
			break;
		const struct frame_row *row = &f->rows[r];
		int end = -1; /* where the last run drawn on the row ended */
		enum style last = STYLE_TEXT;
		for (size_t i = row->first; i < row->first + row->n; i++) {
			const struct run *run = &f->runs[i];
			int xx = x + (int)run->col;
			if (xx < 0 || xx + (int)run->width > COLS || run->len == 0)
				continue;
			/* a gap between two runs of one role whose spaces look
			 * like blanks is filled in that role: no switch to the
			 * blank's attributes and back */
			if (end >= 0 && xx > end && run->style == last && t->quiet[last])
				mvhline(yy, end, ' ' | t->attr[last], xx - end);
			end = xx + (int)run->width;
			last = run->style;
			if (run->style == STYLE_CHART && full_blocks(run)) {
				/* a bar of full blocks is drawn as spaces on the
				 * bar's colour: the same cells, which ncurses can
				 * send as one erase */
				mvhline(yy, xx, t->bar, (int)run->width);
				continue;
			}
			attrset(t->attr[run->style]);
			mvaddnstr(yy, xx, run->text, (int)run->len);
		}
	}
	attrset(A_NORMAL);
}

/* Lays out slide s into the rectangle and draws it; *scroll is clamped to
 * what the layout accepted. */
static void draw_view(const struct tui *t, const struct slide *s, enum view v, unsigned step,
		      unsigned *scroll, int y, int x, int rows, int cols)
{
	if (rows <= 0 || cols <= 0)
		return;
	struct layout_opts o = { (unsigned)cols, (unsigned)rows, step, v, scroll ? *scroll : 0 };
	struct frame *f = layout_slide(s, &o);
	if (scroll)
		*scroll = f->scroll;
	blit(t, f, 0, y, x, rows);
	frame_free(f);
}

/* One row: a label in STYLE_HEADER followed by a rule to the width. */
static void draw_label(const struct tui *t, int y, int x, int cols, const char *label,
		       const char *extra)
{
	if (cols <= 0 || y < 0)
		return;
	struct frame *f = frame_new((unsigned)cols, 1);
	unsigned c = frame_put(f, 0, 0, label, strlen(label), (unsigned)cols, STYLE_HEADER);
	if (extra && extra[0]) {
		c += frame_put(f, 0, c, " ", 1, (unsigned)cols, STYLE_HEADER);
		c += frame_put(f, 0, c, extra, strlen(extra), (unsigned)cols, STYLE_DIM);
	}
	if (c < (unsigned)cols) {
		c += frame_put(f, 0, c, " ", 1, 1, STYLE_DIM);
		put_repeat(f, 0, c, rule_glyphs, 3, (unsigned)cols - c, STYLE_DIM);
	}
	blit(t, f, 0, y, x, 1);
	frame_free(f);
}

static void draw_notes_pane(struct tui *t, int y, int x, int rows, int cols)
{
	struct nav *n = &t->nav;
	const struct slide *s = &n->deck->slides[n->cur];
	draw_label(t, y, x, cols, "Notes", NULL);
	draw_view(t, s, VIEW_NOTES, 0, &n->notes_scroll, y + 1, x, rows - 1, cols);
}

static void draw_preview_pane(struct tui *t, int y, int x, int rows, int cols)
{
	const struct nav *n = &t->nav;
	const struct slide *cur = &n->deck->slides[n->cur];
	unsigned steps = cur->nsteps ? cur->nsteps : 1;
	if (n->step + 1 < steps) {
		char what[64];
		snprintf(what, sizeof what, "step %u of %u", n->step + 2, steps);
		draw_label(t, y, x, cols, "Next:", what);
		draw_view(t, cur, VIEW_PREVIEW, n->step + 1, NULL, y + 1, x, rows - 1, cols);
		return;
	}
	long j = nav_peek(n, 1);
	if (j < 0) {
		draw_label(t, y, x, cols, "Next:", "end of the talk");
		return;
	}
	const struct slide *s = &n->deck->slides[j];
	draw_label(t, y, x, cols, "Next:", s->title);
	draw_view(t, s, VIEW_PREVIEW, s->nsteps ? s->nsteps - 1 : 0, NULL, y + 1, x, rows - 1,
		  cols);
}

/* Places the kept pieces in order, two columns apart, starting a new row
 * when one does not fit; pos[i] = row * cols + col. Returns the rows
 * needed. */
static unsigned place_pieces(const unsigned w[], const bool keep[], size_t n, unsigned cols,
			     unsigned pos[])
{
	unsigned row = 0, col = 0;
	bool any = false;
	for (size_t i = 0; i < n; i++) {
		if (!keep[i])
			continue;
		if (any && col + 2 + w[i] > cols) {
			row++;
			col = 0;
		} else if (any) {
			col += 2;
		}
		pos[i] = row * cols + col;
		col += w[i];
		any = true;
	}
	return any ? row + 1 : 0;
}

/* Which pieces of tl fit in rows rows of cols columns, and where: while
 * they do not, the piece of highest rank is left out. */
static void fit_timer_line(const struct timerline *tl, unsigned cols, unsigned rows, bool keep[],
			   unsigned pos[])
{
	unsigned w[TIMERLINE_MAX_PARTS];
	for (size_t i = 0; i < tl->n; i++) {
		keep[i] = true;
		w[i] = layout_width(tl->parts[i].text, strlen(tl->parts[i].text));
		if (w[i] > cols)
			keep[i] = false;
	}
	while (place_pieces(w, keep, tl->n, cols, pos) > rows) {
		size_t drop = tl->n;
		for (size_t i = 0; i < tl->n; i++)
			if (keep[i] && (drop == tl->n || tl->parts[i].rank > tl->parts[drop].rank))
				drop = i;
		keep[drop] = false;
	}
}

/* A console's times as of this pass: extrapolated while it is connected
 * and the timer runs. NULL st means nothing came yet. */
static struct console_times follow_times(const struct tui *t, const struct proto_state **st)
{
	static const struct console_times none = { 0 };
	*st = session_client_state(t->client);
	if (!*st)
		return none;
	bool live = session_client_peer(t->client) != NULL;
	return console_times(*st, live, session_client_state_ms(t->client), t->now_ms);
}

/* Why a console shows no live talk, into buf. */
static void follow_waiting(const struct tui *t, char *buf, size_t cap)
{
	const char *why = session_client_reason(t->client);
	if (t->ever_connected)
		snprintf(buf, cap, "%s — waiting for it to come back",
			 t->lost[0] ? t->lost : "the presentation ended");
	else
		snprintf(buf, cap, "waiting for '%s' to be presented%s%s", t->deck->meta.id,
			 why[0] ? ": " : "", why);
}

/* The console's top rows while it is not connected: why, in the warning
 * style. */
static void draw_waiting(struct tui *t, int y, int cols, int rows)
{
	char msg[PROTO_TEXT_MAX + 192];
	follow_waiting(t, msg, sizeof msg);
	struct frame *f = frame_new((unsigned)cols, 0);
	frame_wrap(f, 0, 0, (unsigned)cols, msg, strlen(msg), STYLE_WARNING);
	blit(t, f, 0, y, 0, rows);
	frame_free(f);
}

/* The presenter's timer rows (rows of them at y): the pieces of
 * timerline_build() that fit; in a console, built from the STATE, or why
 * there is none. */
static void draw_timer_line(struct tui *t, int y, int cols, int rows)
{
	struct timerline tl;
	if (t->client) {
		const struct proto_state *st;
		struct console_times tm = follow_times(t, &st);
		if (!st || !session_client_peer(t->client)) {
			draw_waiting(t, y, cols, rows);
			return;
		}
		console_timerline(&tl, st, t->deck, &tm, clock_local_day_ms(t->wall_ms));
	} else {
		struct timerline_opts o = { clock_local_day_ms(t->wall_ms), t->auto_adv };
		timerline_build(&tl, &t->timer, t->now_ms, t->wall_ms, &o);
		if (timer_waiting(&t->timer)) {
			char cd[COUNTDOWN_LEN];
			countdown_text(t, cd);
			timerline_add(&tl, TIMERLINE_RANK_PAUSED, STYLE_WARNING, "%s", cd);
		}
	}
	bool keep[TIMERLINE_MAX_PARTS];
	unsigned pos[TIMERLINE_MAX_PARTS];
	fit_timer_line(&tl, (unsigned)cols, (unsigned)rows, keep, pos);
	struct frame *f = frame_new((unsigned)cols, (unsigned)rows);
	for (size_t i = 0; i < tl.n; i++) {
		if (!keep[i])
			continue;
		const char *text = tl.parts[i].text;
		unsigned row = pos[i] / (unsigned)cols, col = pos[i] % (unsigned)cols;
		frame_put(f, row, col, text, strlen(text), (unsigned)cols - col, tl.parts[i].style);
	}
	blit(t, f, 0, y, 0, rows);
	frame_free(f);
}

static void draw_presenter(struct tui *t, int body)
{
	struct nav *n = &t->nav;
	const struct slide *s = &n->deck->slides[n->cur];
	int top = COLS >= 60 ? 1 : 2, rows = body - top;
	draw_timer_line(t, 0, COLS, top);
	if (COLS >= 80) {
		int lw = COLS * 3 / 5, rx = lw + 1, rw = COLS - lw - 1;
		draw_view(t, s, VIEW_SLIDE, n->step, &n->scroll, top, 0, rows, lw);
		for (int y = top; y < top + rows; y++)
			mvaddstr(y, lw, "│");
		int prev_rows = rows * 2 / 5;
		draw_preview_pane(t, top, rx, prev_rows, rw);
		draw_notes_pane(t, top + prev_rows, rx, rows - prev_rows, rw);
		return;
	}
	int srows = rows * 2 / 5, nrows = rows * 2 / 5;
	draw_view(t, s, VIEW_SLIDE, n->step, &n->scroll, top, 0, srows, COLS);
	draw_notes_pane(t, top + srows, 0, nrows, COLS);
	draw_preview_pane(t, top + srows + nrows, 0, rows - srows - nrows, COLS);
}

static void draw_slide_screen(struct tui *t, int body)
{
	struct nav *n = &t->nav;
	const struct slide *s = &n->deck->slides[n->cur];
	if (!n->notes) {
		draw_view(t, s, VIEW_SLIDE, n->step, &n->scroll, 0, 0, body, COLS);
		return;
	}
	int nrows = body / 3 > 3 ? body / 3 : 3;
	int srows = body - nrows;
	draw_view(t, s, VIEW_SLIDE, n->step, &n->scroll, 0, 0, srows, COLS);
	draw_notes_pane(t, srows, 0, nrows, COLS);
}

static const char *const ctx_titles[KEYCTX_COUNT] = {
	[KEYCTX_GLOBAL] = "Keys",
	[KEYCTX_SEARCH] = "While a search is active",
	[KEYCTX_OVERVIEW] = "In the overview",
};

static void draw_help(struct tui *t, int body)
{
	static const char title[] = "lectern help (Escape closes, j/k scroll)";
	static const char digits_keys[] = "0-9";
	static const char digits_help[] =
		"a count: digits then Enter go to that slide; before next/prev move that many "
		"slides, before g/G go to that slide";
	unsigned cols = (unsigned)COLS;
	unsigned kw = cols >= 72 ? 24 : cols / 3;
	unsigned hx = kw + 3, hw = cols > hx + 1 ? cols - hx - 1 : 1;
	struct frame *f = frame_new(cols, 0);
	char *keys[ACTION_COUNT] = { 0 };
	unsigned row = 0;
	frame_put(f, row, 1, title, sizeof title - 1, cols - 1, STYLE_TITLE);
	row += 2;
	for (int ctx = 0; ctx < KEYCTX_COUNT; ctx++) {
		if (ctx > 0)
			row++;
		frame_put(f, row++, 1, ctx_titles[ctx], strlen(ctx_titles[ctx]), cols - 1,
			  STYLE_HEADER);
		for (int a = 1; a < ACTION_COUNT; a++) {
			if ((int)action_context((enum action)a) != ctx)
				continue;
			keys[a] = keymap_keys_text(&t->cfg.keys, (enum action)a);
			const char *k = keys[a][0] ? keys[a] : "(unbound)";
			const char *h = action_help((enum action)a);
			unsigned r1 = frame_wrap(f, row, 2, kw, k, strlen(k), STYLE_BULLET);
			unsigned r2 = frame_wrap(f, row, hx, hw, h, strlen(h), STYLE_TEXT);
			row += r1 > r2 ? r1 : r2 ? r2 : 1;
		}
		if (ctx == KEYCTX_GLOBAL) {
			unsigned r1 = frame_wrap(f, row, 2, kw, digits_keys, sizeof digits_keys - 1,
						 STYLE_BULLET);
			unsigned r2 = frame_wrap(f, row, hx, hw, digits_help,
						 sizeof digits_help - 1, STYLE_TEXT);
			row += r1 > r2 ? r1 : r2;
		}
	}
	unsigned maxs = f->nrows > (unsigned)body ? f->nrows - (unsigned)body : 0;
	if (t->nav.help_scroll > maxs)
		t->nav.help_scroll = maxs;
	blit(t, f, t->nav.help_scroll, 0, 0, body);
	frame_free(f);
	for (int a = 0; a < ACTION_COUNT; a++)
		free(keys[a]);
}

static void draw_overview(struct tui *t, int body)
{
	struct nav *n = &t->nav;
	const struct deck *d = n->deck;
	static const char title[] = "Slides (Enter opens, Escape closes)";
	unsigned cols = (unsigned)COLS;
	struct frame *f = frame_new(cols, (unsigned)body);
	frame_put(f, 0, 1, title, sizeof title - 1, cols - 1, STYLE_TITLE);
	size_t vis = body > 2 ? (size_t)body - 2 : 1;
	size_t top = n->sel > vis / 2 ? n->sel - vis / 2 : 0;
	if (top + vis > d->nslides)
		top = d->nslides > vis ? d->nslides - vis : 0;
	char(*nums)[32] = xcalloc(vis, sizeof *nums);
	char(*times)[DECK_DURATION_LEN + 16] = xcalloc(vis, sizeof *times); /* "backup " dur */
	int digits = snprintf(NULL, 0, "%zu", d->nslides);
	for (size_t i = top; i < d->nslides && i - top < vis; i++) {
		const struct slide *s = &d->slides[i];
		unsigned row = (unsigned)(i - top) + 2;
		bool sel = i == n->sel;
		enum style st = sel ? STYLE_STATUS : s->backup ? STYLE_DIM : STYLE_TEXT;
		char *num = nums[i - top], *tm = times[i - top];
		snprintf(num, 32, "%s%*zu ", i == n->cur ? ">" : " ", digits, i + 1);
		char dur[DECK_DURATION_LEN] = "";
		if (s->time_s)
			deck_format_duration(s->time_s, dur);
		snprintf(tm, sizeof *times, "%s%s%s ", s->backup ? "backup" : "", s->backup && dur[0] ? " " : "",
			 dur);
		unsigned tw = layout_width(tm, strlen(tm));
		unsigned c = frame_put(f, row, 0, num, strlen(num), cols, st);
		unsigned right = cols > tw ? cols - tw : 0;
		if (right > c + 1) {
			c += frame_put(f, row, c, s->title, strlen(s->title), right - c - 1, st);
			if (sel && c < right)
				c += frame_put(f, row, c, spaces, right - c < 64 ? right - c : 64,
					       right - c, st);
			frame_put(f, row, right, tm, strlen(tm), tw, st);
		}
	}
	blit(t, f, 0, 0, 0, body);
	frame_free(f);
	free(nums);
	free(times);
}

/* The status line while a prompt is open: its question and the input. */
static void draw_prompt(struct tui *t, struct frame *f, unsigned w)
{
	const struct nav *n = &t->nav;
	const char *p = " search: ";
	if (n->prompt == PROMPT_GOTO)
		p = " go to slide (number or id): ";
	else if (n->prompt == PROMPT_RESTART)
		p = t->o.rehearse ? " restart the rehearsal from zero? (y/n) "
				  : " restart the timer from zero? (y/n) ";
	unsigned c = frame_put(f, 0, 0, p, strlen(p), w, STYLE_STATUS);
	if (n->prompt != PROMPT_RESTART)
		c += frame_put(f, 0, c, n->input, n->input_len, w - c, STYLE_STATUS);
	frame_put(f, 0, c, "_", 1, w > c ? w - c : 0, STYLE_STATUS);
}

static void draw_status(struct tui *t)
{
	const struct nav *n = &t->nav;
	int y = LINES - 1;
	unsigned w = (unsigned)COLS - 1; /* never the bottom-right cell */
	attrset(t->attr[STYLE_STATUS]);
	mvhline(y, 0, ' ', COLS);
	attrset(A_NORMAL);
	struct frame *f = frame_new(w, 1);
	char left[64], right[96] = "", clock[CLOCK_HHMM_LEN];
	if (n->prompt != PROMPT_NONE) {
		draw_prompt(t, f, w);
		blit(t, f, 0, y, 0, 1);
		frame_free(f);
		return;
	}
	const struct slide *s = &n->deck->slides[n->cur];
	unsigned steps = s->nsteps ? s->nsteps : 1;
	size_t total = t->nslides_hint ? t->nslides_hint : n->deck->nslides;
	snprintf(left, sizeof left, " %zu/%zu%s ", n->cur + 1, total, s->backup ? " backup" : "");
	int rl = 0;
	if (n->has_count)
		rl += snprintf(right + rl, sizeof right - (size_t)rl, "%u_ ", n->count);
	if (steps > 1)
		rl += snprintf(right + rl, sizeof right - (size_t)rl, "step %u/%u ", n->step + 1,
			       steps);
	if (n->searching && n->query)
		rl += snprintf(right + rl, sizeof right - (size_t)rl, "/%.24s %zu/%zu ", n->query,
			       nav_search_pos(n), n->nhits);
	if (timer_waiting(&t->timer) && !t->nav.presenter) {
		char cd[COUNTDOWN_LEN];
		countdown_text(t, cd);
		rl += snprintf(right + rl, sizeof right - (size_t)rl, "%s ", cd);
	}
	if (t->clock) {
		clock_format_hhmm(t->wall_ms, clock);
		snprintf(right + rl, sizeof right - (size_t)rl, "%s%s ",
			 t->timer.state == TIMER_PAUSED ? "paused " : "", clock);
	}
	unsigned c = frame_put(f, 0, 0, left, strlen(left), w, STYLE_STATUS);
	unsigned bw = w >= 100 ? 20 : w >= 60 ? 12 : w >= 40 ? 6 : 0;
	if (bw && c + bw + 2 < w) {
		unsigned done = (unsigned)(((n->cur + 1) * bw + total - 1) / total);
		put_repeat(f, 0, c, bar_glyphs, 3, done, STYLE_CHART);
		put_repeat(f, 0, c + done, rule_glyphs, 3, bw - done, STYLE_DIM);
		c += bw;
		c += frame_put(f, 0, c, " ", 1, 1, STYLE_STATUS);
	}
	unsigned rw = layout_width(right, strlen(right));
	unsigned rx = w > rw ? w - rw : w;
	if (rx > c + 1) {
		const char *mid = n->msg[0] ? n->msg : n->deck->meta.title;
		enum style st = n->msg[0] && n->msg_warn ? STYLE_WARNING : STYLE_STATUS;
		c += frame_put(f, 0, c, " ", 1, 1, STYLE_STATUS);
		frame_put(f, 0, c, mid, strlen(mid), rx - c - 1, st);
	}
	if (rw <= w)
		frame_put(f, 0, rx, right, strlen(right), rw, STYLE_STATUS);
	blit(t, f, 0, y, 0, 1);
	frame_free(f);
}

static void draw_too_small(const struct tui *t)
{
	char msg[96];
	snprintf(msg, sizeof msg, "terminal too small, need at least %dx%d", MIN_COLS, MIN_ROWS);
	struct frame *f = frame_new((unsigned)COLS, 0);
	frame_wrap(f, 0, 0, (unsigned)COLS, msg, strlen(msg), STYLE_WARNING);
	blit(t, f, 0, 0, 0, LINES);
	frame_free(f);
}

static void draw_blank(const struct tui *t)
{
	chtype fill = t->nav.blank == BLANK_WHITE ? t->white : t->black;
	for (int y = 0; y < LINES; y++)
		mvhline(y, 0, fill, COLS);
}

static void draw(struct tui *t)
{
	erase();
	if (COLS < MIN_COLS || LINES < MIN_ROWS) {
		draw_too_small(t);
	} else if (t->nav.blank != BLANK_NONE) {
		draw_blank(t);
	} else {
		int body = LINES - 1;
		if (t->nav.overlay == OVERLAY_HELP)
			draw_help(t, body);
		else if (t->nav.overlay == OVERLAY_OVERVIEW)
			draw_overview(t, body);
		else if (t->nav.presenter)
			draw_presenter(t, body);
		else
			draw_slide_screen(t, body);
		draw_status(t);
	}
	refresh();
}

/* ---- input ---- */

/* Translates one get_wch() result; false for input the core does not
 * handle (unknown function keys, mouse clicks). */
static bool translate(int rc, wint_t ch, struct key *k)
{
	if (rc == OK) {
		switch (ch) {
		case 27:
			*k = key_sym(KEYSYM_ESCAPE);
			break;
		case '\r':
		case '\n':
			*k = key_sym(KEYSYM_ENTER);
			break;
		case '\t':
			*k = key_sym(KEYSYM_TAB);
			break;
		case 8:
		case 127:
			*k = key_sym(KEYSYM_BACKSPACE);
			break;
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
		{ KEY_UP, KEYSYM_UP },	       { KEY_DOWN, KEYSYM_DOWN },
		{ KEY_LEFT, KEYSYM_LEFT },     { KEY_RIGHT, KEYSYM_RIGHT },
		{ KEY_HOME, KEYSYM_HOME },     { KEY_END, KEYSYM_END },
		{ KEY_PPAGE, KEYSYM_PAGEUP },  { KEY_NPAGE, KEYSYM_PAGEDOWN },
		{ KEY_ENTER, KEYSYM_ENTER },   { KEY_BACKSPACE, KEYSYM_BACKSPACE },
		{ KEY_DC, KEYSYM_DELETE },     { KEY_IC, KEYSYM_INSERT },
		{ KEY_BTAB, KEYSYM_BACKTAB },  { KEY_F(1), KEYSYM_F1 },
		{ KEY_F(2), KEYSYM_F2 },       { KEY_F(3), KEYSYM_F3 },
		{ KEY_F(4), KEYSYM_F4 },       { KEY_F(5), KEYSYM_F5 },
		{ KEY_F(6), KEYSYM_F6 },       { KEY_F(7), KEYSYM_F7 },
		{ KEY_F(8), KEYSYM_F8 },       { KEY_F(9), KEYSYM_F9 },
		{ KEY_F(10), KEYSYM_F10 },     { KEY_F(11), KEYSYM_F11 },
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

/* ---- deck file ---- */

static void remember_file(struct tui *t)
{
	t->have_st = t->o.path && stat(t->o.path, &t->st) == 0;
}

static bool file_changed(const struct tui *t)
{
	struct stat st;
	if (!t->o.path || stat(t->o.path, &st) != 0)
		return false;
	if (!t->have_st)
		return true;
	return st.st_mtim.tv_sec != t->st.st_mtim.tv_sec ||
	       st.st_mtim.tv_nsec != t->st.st_mtim.tv_nsec || st.st_size != t->st.st_size ||
	       st.st_ino != t->st.st_ino;
}

/* Reloads the deck; on errors the old deck stays and the first error is
 * shown in the status line. */
static void reload(struct tui *t)
{
	struct diag_list dl;
	diag_list_init(&dl);
	remember_file(t);
	struct deck *d = cli_load_deck(t->o.path, t->o.lang, &dl);
	if (!d) {
		const struct diag *first = NULL;
		for (size_t i = 0; i < dl.n && !first; i++)
			if (dl.v[i].sev == SEV_ERROR)
				first = &dl.v[i];
		char *s = first ? diag_format(first) : xstrdup("the deck cannot be loaded");
		nav_message(&t->nav, true, "not reloaded: %s", s);
		free(s);
	} else {
		nav_reload(&t->nav, d);
		timer_rebind(&t->timer, d, t->now_ms);
		timer_enter_slide(&t->timer, t->nav.cur, t->now_ms);
		deck_free(t->deck);
		t->deck = d;
		if (t->srv) {
			session_server_set_deck(t->srv, d);
			t->force_state = true;
		}
		if (dl.nwarnings)
			nav_message(&t->nav, false, "reloaded, %zu warnings (lectern check)",
				    dl.nwarnings);
		else
			nav_message(&t->nav, false, "reloaded");
	}
	diag_list_release(&dl);
}

/* ---- consoles ---- */

/* Presenting: broadcasts a STATE when what the consoles show changed since
 * the last one (or force_state asks). */
static void publish(struct tui *t)
{
	if (!t->srv)
		return;
	struct proto_state st;
	console_state_make(&st, &t->nav, &t->timer, t->now_ms, t->wall_ms);
	if (t->have_sent && !t->force_state && !console_state_differs(&st, &t->sent))
		return;
	session_server_broadcast(t->srv, &st);
	t->sent = st;
	t->have_sent = true;
	t->force_state = false;
}

/* Presenting: handles the last poll's results for the server (new
 * consoles, their input, deadlines) and applies the NAVs that came, like
 * keys: a move takes control back from --auto, the timer follows the slide.
 * Returns REACT_* flags. */
static unsigned serve_step(struct tui *t)
{
	if (!t->srv)
		return REACT_NONE;
	session_server_handle(t->srv, t->npfds ? t->pfds : NULL, t->npfds, t->now_ms);
	t->npfds = 0;
	unsigned react = REACT_NONE;
	struct proto_nav m;
	while (session_server_next_nav(t->srv, &m)) {
		unsigned r = console_apply(&t->nav, &m);
		if (r == REACT_NONE)
			continue;
		if (!(r & REACT_TIMER))
			begin_talk(t, "timer started", true);
		if (r & REACT_TIMER) {
			toggle_timer(t);
		} else if (t->auto_adv) {
			t->auto_adv = false;
			nav_message(&t->nav, false, "automatic advance off");
		}
		timer_enter_slide(&t->timer, t->nav.cur, t->now_ms);
		react |= r & REACT_REDRAW;
	}
	return react;
}

/* Presenting: opens the consoles' server unless --no-listen; a failure
 * (the deck is already presented, an unsafe socket folder) only costs the
 * consoles and is said once in the status line. */
static void open_server(struct tui *t)
{
	if (t->o.no_listen)
		return;
	struct diag_list dl;
	diag_list_init(&dl);
	struct session_opts so;
	memset(&so, 0, sizeof so);
	so.session = t->o.session;
	so.deck_file = t->o.path;
	t->srv = session_server_open(t->deck, &so, &dl);
	if (!t->srv && dl.n) {
		const struct diag *d = &dl.v[0];
		if (strstr(d->msg, "--session"))
			nav_message(&t->nav, true,
				    "'%s' is already presented: consoles need --session",
				    t->deck->meta.id);
		else
			nav_message(&t->nav, true, "no console can follow: %s (%s)", d->msg, d->file);
	}
	diag_list_release(&dl);
}

/* Console: handles the last poll's result for the connection (and
 * reconnects when due). A new STATE moves the view; the presenter's HELLO
 * is checked against the deck shown. Returns REACT_* flags; REACT_QUIT when
 * --exit-with and the presentation ended. */
static unsigned follow_step(struct tui *t)
{
	const struct pollfd *pfd = t->npfds > 1 ? &t->pfds[1] : NULL;
	unsigned ev = session_client_handle(t->client, pfd, t->now_ms);
	t->npfds = 0;
	if (!ev)
		return REACT_NONE;
	const struct proto_hello *h = session_client_peer(t->client);
	if ((ev & SESSION_EV_HELLO) && h) {
		t->ever_connected = true;
		console_reconnected(&t->nav);
		if (h->has_hash && h->hash != t->deck->hash && t->o.path) {
			reload(t);
			nav_message(&t->nav, false, "connected; the deck changed and was reloaded");
		}
		if (h->has_hash && h->hash != t->deck->hash)
			nav_message(&t->nav, true,
				    "this deck differs from the one presented: slides may not match");
	}
	const struct proto_state *st = session_client_state(t->client);
	if ((ev & SESSION_EV_STATE) && st)
		console_follow(&t->nav, st);
	if (ev & SESSION_EV_LOST)
		snprintf(t->lost, sizeof t->lost, "%s", session_client_reason(t->client));
	if ((ev & SESSION_EV_LOST) && t->o.exit_with && t->ever_connected) {
		t->ended = true;
		return REACT_QUIT;
	}
	return REACT_REDRAW;
}

static void suspend(struct tui *t);

/* Console: one key. What moves the talk is sent to the presentation; the
 * rest acts on the console's own view. */
static unsigned console_key(struct tui *t, struct key k)
{
	struct proto_nav m;
	bool send;
	unsigned r = console_input(&t->nav, &t->cfg.keys, k, &m, &send);
	t->nav.presenter = true;
	if (send && session_client_send_nav(t->client, &m) != 0)
		console_not_sent(&t->nav, &m);
	if (r & REACT_SUSPEND)
		suspend(t);
	return r;
}

/* Ctrl-Z: the timer stops while the process is suspended and resumes at
 * the next pass, which has a fresh clock sample. */
static void suspend(struct tui *t)
{
	if (t->timer.state == TIMER_RUNNING) {
		timer_pause(&t->timer, t->now_ms);
		t->resume_timer = true;
	}
	publish(t);
	endwin();
	kill(getpid(), SIGSTOP);
	/* resumed by fg: refresh() restores the program's terminal modes */
	reset_charset();
	refresh();
}

/* ---- main loop ---- */

/* One key: any key takes control back from --auto; the navigation state
 * applies it; the timer follows the slide shown. Returns REACT_* flags. */
static unsigned handle_key(struct tui *t, struct key k)
{
	bool was_auto = t->auto_adv;
	t->auto_adv = false;
	size_t cur = t->nav.cur;
	unsigned step = t->nav.step;
	unsigned r = nav_input(&t->nav, &t->cfg.keys, k);
	if (t->nav.cur != cur || t->nav.step != step)
		begin_talk(t, "timer started", true);
	if ((r & REACT_QUIT) && k.sym == KEYSYM_CHAR && k.ch == 3)
		t->interrupted = true;
	if (r & REACT_RELOAD)
		reload(t);
	if (r & REACT_TIMER)
		toggle_timer(t);
	if (r & REACT_RESTART)
		restart_timer(t);
	if (r & (REACT_RESTART | REACT_RELOAD))
		t->force_state = true;
	if (t->o.rehearse && !t->nav.presenter) {
		t->nav.presenter = true;
		nav_message(&t->nav, false, "a rehearsal keeps the presenter layout");
	}
	timer_enter_slide(&t->timer, t->nav.cur, t->now_ms);
	if (was_auto && !t->nav.msg[0])
		nav_message(&t->nav, false, "automatic advance off");
	if (r & REACT_SUSPEND)
		suspend(t);
	return r;
}

/* --auto: when the slide's planned time is up, shows the next slide fully
 * revealed; past the last slide a rehearsal ends (REACT_END) and a
 * presentation stops advancing. */
static unsigned auto_step(struct tui *t)
{
	if (!t->auto_adv || !timer_slide_due(&t->timer, t->now_ms))
		return REACT_NONE;
	struct nav *n = &t->nav;
	long j = nav_peek(n, 1);
	if (j < 0) {
		t->auto_adv = false;
		nav_message(n, false, "end of the talk: automatic advance off");
		return REACT_REDRAW | REACT_END;
	}
	nav_goto_number(n, (unsigned long)j + 1);
	const struct slide *s = &n->deck->slides[n->cur];
	n->step = s->nsteps ? s->nsteps - 1 : 0;
	timer_enter_slide(&t->timer, n->cur, t->now_ms);
	return REACT_REDRAW;
}

/* --watch: reloads when the deck file changed, at most every
 * WATCH_POLL_MS. */
static unsigned watch_step(struct tui *t)
{
	if (!t->o.watch || t->now_ms < t->next_poll_ms)
		return REACT_NONE;
	t->next_poll_ms = t->now_ms + WATCH_POLL_MS;
	if (!file_changed(t))
		return REACT_NONE;
	reload(t);
	t->force_state = true;
	return REACT_REDRAW;
}

/* The whole seconds on screen: the wall clock, the talk time and the time
 * on the slide each tick in their own phase. */
struct shown_secs {
	uint64_t wall, elapsed, slide;
};

/* The talk time and the time on the slide as shown now (a console's from
 * its STATE), and whether they are counting. */
static bool shown_times(const struct tui *t, uint64_t *elapsed, uint64_t *slide)
{
	if (t->client) {
		const struct proto_state *st;
		struct console_times tm = follow_times(t, &st);
		*elapsed = tm.elapsed_ms;
		*slide = tm.slide_ms;
		return st && st->timer == PROTO_TIMER_RUNNING && session_client_peer(t->client);
	}
	const struct timer *tm = &t->timer;
	*elapsed = timer_elapsed_ms(tm, t->now_ms);
	*slide = timer_slide_ms(tm, tm->cur, t->now_ms);
	return tm->state == TIMER_RUNNING;
}

static struct shown_secs shown_secs(const struct tui *t)
{
	uint64_t e, s;
	shown_times(t, &e, &s);
	return (struct shown_secs){ t->wall_ms / 1000u, e / 1000u, s / 1000u };
}

/* Milliseconds until the next of the shown seconds changes. */
static int next_tick_ms(const struct tui *t)
{
	uint64_t wait = 1000u - t->wall_ms % 1000u, el, sl;
	if (shown_times(t, &el, &sl)) {
		uint64_t e = 1000u - el % 1000u;
		uint64_t s = 1000u - sl % 1000u;
		wait = e < wait ? e : wait;
		wait = s < wait ? s : wait;
	}
	return (int)wait;
}

/* How long to wait for a key: until a shown second changes, the next
 * watch poll or the moment --auto is due. */
static int wait_ms(const struct tui *t)
{
	int wait = next_tick_ms(t) + 5;
	if (t->o.watch && wait > WATCH_POLL_MS)
		wait = WATCH_POLL_MS;
	const struct timer *tm = &t->timer;
	if (t->auto_adv && tm->state == TIMER_RUNNING && tm->cur < tm->nslides &&
	    tm->slides[tm->cur].planned_s) {
		uint64_t plan = (uint64_t)tm->slides[tm->cur].planned_s * 1000u;
		uint64_t on = timer_on_slide_ms(tm, t->now_ms);
		uint64_t left = on < plan ? plan - on + 5 : 5;
		if (left < (uint64_t)wait)
			wait = (int)left;
	}
	return wait;
}

/* Fills t->pfds with the terminal and the sockets; returns how many. */
static size_t fill_pollfds(struct tui *t)
{
	size_t want = 1 + (t->srv ? session_server_npollfds(t->srv) : 0) + (t->client ? 1 : 0);
	if (want > t->pfdcap) {
		t->pfds = xrealloc(t->pfds, want * sizeof *t->pfds);
		t->pfdcap = want;
	}
	t->pfds[0] = (struct pollfd){ .fd = STDIN_FILENO, .events = POLLIN };
	size_t n = 1;
	if (t->srv)
		n += session_server_pollfds(t->srv, t->pfds + 1, want - 1);
	if (t->client && session_client_pollfd(t->client, &t->pfds[n]))
		n++;
	return n;
}

/* Waits (one poll() over the terminal and the sockets) for a key, a
 * socket, a deadline of the sockets or the next tick; true with *k set
 * when a key came. A resize asks for a redraw through *react. The poll
 * results stay in t->pfds for the next pass. Keys ncurses has already
 * buffered are read without waiting. */
static bool read_key(struct tui *t, struct key *k, unsigned *react)
{
	int wait = t->typeahead ? 0 : wait_ms(t);
	int st = t->srv ? session_server_timeout(t->srv, t->now_ms)
		 : t->client ? session_client_timeout(t->client, t->now_ms)
			     : -1;
	if (st >= 0 && st < wait)
		wait = st;
	size_t n = fill_pollfds(t);
	t->npfds = poll(t->pfds, (nfds_t)n, wait) < 0 ? 0 : n;
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

/* The loop: each pass samples the clocks, handles the key read at the end
 * of the previous pass, lets --auto and --watch act, redraws when needed
 * and waits for the next key. Returns the exit status: EXIT_OK after quit
 * (or, rehearsing, after the end of the talk), 128 + N after signal N. */
/* Draws when react asks or a shown second changed since *last. */
static void update_screen(struct tui *t, unsigned react, struct shown_secs *last)
{
	bool ticking = t->clock || t->nav.presenter || timer_waiting(&t->timer);
	struct shown_secs now = shown_secs(t);
	bool tick = now.wall != last->wall || now.elapsed != last->elapsed ||
		    now.slide != last->slide;
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
	if (t->o.console)
		return REACT_NONE;
	open_server(t);
	return t->srv || t->o.no_listen ? REACT_NONE : REACT_REDRAW;
}

static int run(struct tui *t)
{
	unsigned react = REACT_REDRAW;
	struct shown_secs last = { 0, 0, 0 };
	bool have_key = false;
	struct key k;
	for (;;) {
		sample_time(t);
		if (got_signal) {
			t->interrupted = true;
			return 128 + got_signal;
		}
		if (t->resume_timer) {
			timer_resume(&t->timer, t->now_ms);
			t->resume_timer = false;
		}
		if (begin_talk(t, "the talk starts now", false))
			react |= REACT_REDRAW;
		react |= serve_step(t);
		if (have_key)
			react |= handle_key(t, k);
		react |= auto_step(t);
		react |= watch_step(t);
		if ((react & REACT_QUIT) || ((react & REACT_END) && t->o.rehearse))
			return EXIT_OK;
		publish(t);
		update_screen(t, react, &last);
		react = REACT_NONE;
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
	struct shown_secs last = { 0, 0, 0 };
	bool have_key = false;
	struct key k;
	for (;;) {
		sample_time(t);
		if (got_signal)
			return 128 + got_signal;
		react |= follow_step(t);
		if (have_key)
			react |= console_key(t, k);
		if (react & REACT_QUIT)
			return EXIT_OK;
		update_screen(t, react, &last);
		react = REACT_NONE;
		if (!t->started)
			react = finish_start(t);
		have_key = read_key(t, &k, &react);
	}
}

/* ---- command line ---- */

/* The options a command takes: flags set a bool, value options a string,
 * each a field of struct present_opts. */
struct opt {
	const char *name;
	size_t off;
};
#define OPT(name, field) { name, offsetof(struct present_opts, field) }

static const struct opt present_flags[] = {
	OPT("--clock", clock),	       OPT("--watch", watch), OPT("--presenter", presenter),
	OPT("--auto", auto_adv),       OPT("--no-listen", no_listen), OPT("--list", list),
	{ NULL, 0 },
};
static const struct opt present_values[] = {
	OPT("--lang", lang),	   OPT("--goto", goto_target), OPT("--duration", duration),
	OPT("--end", end),	   OPT("--session", session),  OPT("--theme", theme),
	OPT("--start-at", start_at), { NULL, 0 },
};
static const struct opt console_flags[] = {
	OPT("--list", list),
	OPT("--exit-with", exit_with),
	{ NULL, 0 },
};
static const struct opt console_values[] = {
	OPT("--session", session),
	OPT("--lang", lang),
	OPT("--theme", theme),
	{ NULL, 0 },
};

/* The value option a names ("--lang" or "--lang=x"), or NULL; *namelen
 * gets the length of its name. */
static const char **value_slot(struct present_opts *o, const struct opt *t, const char *a,
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
static bool set_flag(struct present_opts *o, const struct opt *t, const char *a)
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
static int scan_args(int argc, char **argv, struct present_opts *o, const struct opt *flags,
		     const struct opt *values, const char *help)
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
static int check_session(const struct present_opts *o)
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

/* Checks the option values and parses the timer's; returns -1 when they
 * are fine, else the exit status. */
static int check_opts(struct present_opts *o)
{
	if (o->lang && strcmp(o->lang, "zh") != 0 && strcmp(o->lang, "en") != 0)
		return cli_usage_error(o->cmd, "unknown language '%s' (there are 'zh' and 'en')",
				       o->lang);
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
	return check_session(o);
}

/* Parses argv (argv[0] is the subcommand or the program); returns -1 to go
 * on, else the exit status. */
static int parse_args(int argc, char **argv, struct present_opts *o)
{
	int rc = scan_args(argc, argv, o, present_flags, present_values,
			   o->rehearse ? rehearse_usage : usage);
	return rc != -1 ? rc : check_opts(o);
}

static int load_config(struct config *cfg)
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
static int pick_theme(struct tui *t)
{
	const char *name = t->o.theme ? t->o.theme : t->cfg.theme;
	struct theme buf;
	const struct theme *th = config_theme(&t->cfg, name, &buf);
	if (th) {
		t->theme = *th;
		return -1;
	}
	const char *near = config_theme_closest(&t->cfg, name);
	char *all = config_theme_names(&t->cfg);
	int rc = near ? cli_usage_error(t->o.cmd, "unknown theme '%s' (did you mean '%s'?)", name,
					near)
		      : cli_usage_error(t->o.cmd, "unknown theme '%s' (there are %s)", name, all);
	free(all);
	return rc;
}

/* present --list, rehearse --list: the slides, without a terminal. */
static int list_slides(const struct present_opts *o)
{
	struct diag_list dl;
	diag_list_init(&dl);
	struct deck *d = cli_load_deck(o->path, o->lang, &dl);
	diag_print(&dl, stderr, 0);
	diag_list_release(&dl);
	if (!d)
		return EXIT_DECK;
	cli_list_slides(stdout, d);
	deck_free(d);
	return fflush(stdout) == 0 && !ferror(stdout) ? EXIT_OK : EXIT_INTERNAL;
}

/* Sets up the timer from the options and starts it on the current slide. */
static void start_timer(struct tui *t)
{
	sample_time(t);
	timer_init(&t->timer, t->deck);
	if (t->o.duration_s)
		timer_set_duration(&t->timer, (uint64_t)t->o.duration_s * 1000u);
	if (t->o.has_end)
		timer_set_end(&t->timer, timer_end_from_day_s(t->wall_ms,
							       clock_local_day_ms(t->wall_ms),
							       t->o.end_day_s));
	t->auto_adv = t->o.auto_adv;
	if (t->o.has_start)
		timer_start_at(&t->timer,
			       timer_end_from_day_s(t->wall_ms, clock_local_day_ms(t->wall_ms),
						    t->o.start_day_s),
			       t->nav.cur, t->now_ms, t->wall_ms);
	else
		timer_start(&t->timer, t->nav.cur, t->now_ms, t->wall_ms);
}

/* After the terminal is restored: saves the rehearsal record and says
 * where it went: in the state folder; else, after why that failed, in the
 * fallback folder it went to; else the record itself on stderr, to be
 * saved by hand. Returns rc, or EXIT_INTERNAL when the state folder could
 * not take it. */
static int finish_rehearsal(struct tui *t, int rc)
{
	struct diag_list dl;
	diag_list_init(&dl);
	struct record_saved out;
	int saved = record_save_timer(&t->timer, t->now_ms, t->interrupted, &out, &dl);
	char total[TIMER_FMT_LEN];
	timer_format_ms((int64_t)timer_elapsed_ms(&t->timer, t->now_ms), total);
	size_t visited = 0;
	for (size_t i = 0; i < t->timer.nslides; i++)
		visited += t->timer.slides[i].visits > 0;
	const char *plural = visited == 1 ? "" : "s";
	const char *incomplete = record_complete(&t->timer, t->interrupted) ? "" : " as incomplete";
	if (saved == 1) {
		text_printf(stdout, "rehearsal recorded%s: %s (%s over %zu slide%s)\n",
			    incomplete, out.path, total, visited, plural);
	} else if (saved == 0) {
		printf("rehearsal shorter than %u s (%s), not recorded\n", RECORD_MIN_MS / 1000u,
		       total);
	} else if (saved == 2) {
		diag_add(&dl, out.path, 0, 0, SEV_WARNING,
			 "rehearsal recorded%s here instead, in %s (%s over %zu slide%s); move "
			 "it to %s for 'lectern report'",
			 incomplete,
			 out.where == RECORD_IN_CWD ? "the current folder"
						    : "$XDG_RUNTIME_DIR, which is emptied at logout",
			 total, visited, plural, out.dir ? out.dir : "the state folder");
		diag_print(&dl, stderr, 0);
		rc = EXIT_INTERNAL;
	} else {
		diag_add(&dl, "lectern", 0, 0, SEV_ERROR,
			 "the rehearsal record (%s over %zu slide%s) could not be saved in any "
			 "folder; here it is, from 'lectern-rehearsal' to 'end': save it by hand "
			 "as %s%s%s",
			 total, visited, plural, out.dir ? out.dir : "", out.dir ? "/" : "", out.name);
		diag_print(&dl, stderr, 0);
		fputs(out.text, stderr);
		rc = EXIT_INTERNAL;
	}
	fflush(stdout);
	record_saved_release(&out);
	diag_list_release(&dl);
	return rc;
}

/* The terminal part of present and rehearse: curses, the loop, and the
 * record. Returns the exit status. */
/* Tells in the status line that the deck just loaded has warnings. */
static void note_warnings(struct nav *n, const struct diag_list *dl)
{
	if (dl->nwarnings)
		nav_message(n, false, "the deck has %zu warnings: see 'lectern check'",
			    dl->nwarnings);
}

/* A large deck's start: draws the head's first slide at once, then loads
 * the whole deck from t->pending before any key is read, and goes on with
 * it. Returns 0, or EXIT_DECK with the terminal restored and every
 * diagnostic printed when the whole deck does not load: a broken deck is
 * never presented, even if its first slide was. */
static int finish_load(struct tui *t)
{
	struct shown_secs last = { 0, 0, 0 };
	sample_time(t);
	update_screen(t, REACT_REDRAW, &last);
	struct diag_list dl;
	diag_list_init(&dl);
	struct deck *full = deck_load_owned(t->o.path, t->pending, t->pending_len, &dl);
	t->pending = NULL;
	if (!full) {
		stop_curses();
		diag_print(&dl, stderr, 0);
		diag_list_release(&dl);
		return EXIT_DECK;
	}
	nav_reload(&t->nav, full);
	deck_free(t->deck);
	t->deck = full;
	t->nslides_hint = 0;
	note_warnings(&t->nav, &dl);
	diag_list_release(&dl);
	return 0;
}

static int present_deck(struct tui *t)
{
	setup_locale();
	install_signals();
	if (start_curses(t) != 0)
		return EXIT_INTERNAL;
	if (t->pending) {
		int rc = finish_load(t);
		if (rc != 0)
			return rc;
	}
	start_timer(t);
	int rc = run(t);
	session_server_free(t->srv);
	t->srv = NULL;
	free(t->pfds);
	stop_curses();
	if (t->o.rehearse)
		rc = finish_rehearsal(t, rc);
	timer_release(&t->timer);
	return rc;
}

/* Files from this size on start from their head (deck_load_head): below
 * it the whole deck loads faster than a frame is drawn. */
enum { HEAD_MIN_BYTES = 64 * 1024 };

/* Loads t->o.path for the audience view: a large file's head, with the
 * rest left in t->pending for finish_load(); a small one whole. NULL with
 * diagnostics when it cannot. */
static struct deck *load_head(struct tui *t, struct diag_list *dl)
{
	size_t len;
	char *bytes = ini_read_file(t->o.path, DECK_MAX_BYTES, &len, dl);
	if (!bytes)
		return NULL;
	if (len >= HEAD_MIN_BYTES) {
		struct deck *head = deck_load_head(t->o.path, bytes, len, &t->nslides_hint);
		if (head) {
			t->pending = bytes;
			t->pending_len = len;
			return head;
		}
	}
	return deck_load_owned(t->o.path, bytes, len, dl);
}

/* present and rehearse: options, config, deck, then present_deck(). */
static int present_main(int argc, char **argv, bool rehearse)
{
	struct tui t;
	memset(&t, 0, sizeof t);
	t.o.cmd = rehearse ? "rehearse" : "present";
	t.o.rehearse = rehearse;
	int rc = parse_args(argc, argv, &t.o);
	if (rc >= 0)
		return rc;
	if (t.o.list)
		return list_slides(&t.o);
	config_init(&t.cfg);
	if (load_config(&t.cfg) != 0) {
		config_release(&t.cfg);
		return EXIT_DECK;
	}
	if ((rc = pick_theme(&t)) >= 0) {
		config_release(&t.cfg);
		return rc;
	}
	struct diag_list dl;
	diag_list_init(&dl);
	remember_file(&t);
	if (t.o.path && !rehearse && !t.o.presenter && !t.o.goto_target && isatty(STDOUT_FILENO))
		t.deck = load_head(&t, &dl);
	else
		t.deck = cli_load_deck(t.o.path, t.o.lang, &dl);
	if (!t.deck) {
		diag_print(&dl, stderr, 0);
		diag_list_release(&dl);
		config_release(&t.cfg);
		return EXIT_DECK;
	}
	nav_init(&t.nav, t.deck);
	note_warnings(&t.nav, &dl);
	diag_list_release(&dl);
	rc = EXIT_OK;
	if (t.o.goto_target && nav_goto(&t.nav, t.o.goto_target) != 0) {
		text_printf(stderr, "lectern: %s\n", t.nav.msg);
		rc = EXIT_USAGE;
	}
	t.nav.presenter = t.o.presenter || rehearse;
	t.clock = t.o.clock || t.cfg.clock;
	t.mono = clock_monotonic();
	t.wall = clock_wall();
	if (rc == EXIT_OK)
		rc = present_deck(&t);
	nav_release(&t.nav);
	deck_free(t.deck);
	free(t.pending);
	config_release(&t.cfg);
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

/* ---- lectern console ---- */

/* Parses the console's argv; returns -1 to go on, else the exit status. */
static int parse_console_args(int argc, char **argv, struct present_opts *o)
{
	int rc = scan_args(argc, argv, o, console_flags, console_values, console_usage);
	if (rc != -1)
		return rc;
	if (o->lang && strcmp(o->lang, "zh") != 0 && strcmp(o->lang, "en") != 0)
		return cli_usage_error(o->cmd, "unknown language '%s' (there are 'zh' and 'en')",
				       o->lang);
	if (o->list && o->path)
		return cli_usage_error(o->cmd, "--list takes no DECK");
	return check_session(o);
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

/* One line of --list (also used when a DECK must be chosen). */
static void print_entry(FILE *out, const struct session_entry *e)
{
	char slide[32];
	if (e->live && e->has_state)
		snprintf(slide, sizeof slide, "%u/%u", (unsigned)e->state.slide + 1,
			 (unsigned)e->state.nslides);
	else
		snprintf(slide, sizeof slide, "%s",
			 e->stale ? "stale" : e->live ? "?" : "no answer");
	/* ids from file names and a peer's hello: through the sanitising writer */
	char *deck = text_safe(e->live && e->hello.deck[0] ? e->hello.deck : "-");
	char *session = text_safe(e->live && e->hello.session[0] ? e->hello.session : "-");
	char *path = text_safe(e->path);
	fprintf(out, "%-28s %-12s %-9s %s\n", deck, session, slide, path);
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

/* The built-in talk whose deck id is id, or NULL. */
static struct deck *builtin_by_id(const char *id, const char **lang)
{
	static const char *const langs[] = { "zh", "en" };
	for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++) {
		struct diag_list dl;
		diag_list_init(&dl);
		struct deck *d = cli_load_deck(NULL, langs[i], &dl);
		diag_list_release(&dl);
		if (d && strcmp(d->meta.id, id) == 0) {
			*lang = langs[i];
			return d;
		}
		deck_free(d);
	}
	return NULL;
}

/* The deck a running presentation shows, for a console that was given
 * none (or only its id): the built-in talk of that id, else the file the
 * presenter named in its HELLO. Sets t->deck (and t->o.lang or t->o.path);
 * returns -1 to go on, else the exit status. */
static int deck_of_entry(struct tui *t, const struct session_entry *e, struct diag_list *dl)
{
	const char *lang = NULL;
	t->deck = builtin_by_id(e->hello.deck, &lang);
	if (t->deck) {
		t->o.lang = lang;
		t->o.path = NULL;
		return -1;
	}
	if (!e->hello.path[0]) {
		text_printf(stderr,
			"lectern: the running presentation of '%s' does not say where its deck "
			"is; give its file: 'lectern console FILE'\n",
			e->hello.deck);
		return EXIT_USAGE;
	}
	t->deck_file = xstrdup(e->hello.path);
	t->o.path = t->deck_file;
	t->deck = cli_load_deck(t->o.path, NULL, dl);
	return t->deck ? -1 : EXIT_DECK;
}

/* Finds the running presentation to follow among those of deck id `id`
 * (any deck when NULL) in the --session given (any session without one).
 * One: its socket goes in *path and, unless t->deck is set already, its
 * deck is loaded (deck_of_entry). Several: the one in the default session
 * when a deck was named and one of them is there (as before sessions were
 * looked for), else they are listed and the user is asked to choose.
 * None: *path stays NULL. Returns -1 to go on, else the exit status. */
static int find_running(struct tui *t, const char *id, char **path, struct diag_list *dl)
{
	struct session_list *l = probe_presentations(dl);
	if (!l)
		return EXIT_INTERNAL;
	size_t n;
	session_list_entries(l, &n);
	const struct session_entry **v = xcalloc(n ? n : 1, sizeof *v);
	size_t live = session_list_match(l, id, t->o.session, v, n);
	const struct session_entry *pick = live == 1 ? v[0] : NULL;
	for (size_t i = 0; live > 1 && id && !t->o.session && i < live; i++)
		if (!v[i]->hello.session[0])
			pick = v[i];
	int rc = -1;
	if (live > 1 && !pick) {
		text_printf(stderr,
			"lectern: %zu presentations%s%s%s are running; say which one with %s:\n",
			live, id ? " of '" : "", id ? v[0]->hello.deck : "", id ? "'" : "",
			id ? "--session NAME" : "'lectern console DECK' (and --session NAME)");
		fprintf(stderr, "%-28s %-12s %-9s %s\n", "DECK", "SESSION", "SLIDE", "SOCKET");
		for (size_t i = 0; i < live; i++)
			print_entry(stderr, v[i]);
		rc = EXIT_USAGE;
	} else if (pick) {
		if (!t->deck)
			rc = deck_of_entry(t, pick, dl);
		if (rc < 0) {
			*path = xstrdup(pick->path);
			if (pick->hello.session[0] && !t->o.session)
				t->o.session = t->found_session = xstrdup(pick->hello.session);
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
static int console_target(struct tui *t, char **path)
{
	struct diag_list dl;
	diag_list_init(&dl);
	int rc = -1;
	bool by_id = t->o.path && !names_file(t->o.path);
	if (!t->o.path || by_id)
		rc = find_running(t, by_id ? t->o.path : NULL, path, &dl);
	if (rc < 0 && !t->deck) {
		t->deck = cli_load_deck(t->o.path, t->o.lang, &dl);
		if (!t->deck)
			rc = EXIT_DECK;
		if (by_id && !t->deck)
			diag_add(&dl, "lectern", 0, 0, SEV_WARNING,
				 "no running presentation has the id '%s' either (see 'lectern "
				 "console --list')",
				 t->o.path);
	}
	if (rc < 0 && t->o.path && !by_id && !t->o.session)
		/* a deck file, no --session: it may run under a session name */
		rc = find_running(t, t->deck->meta.id, path, &dl);
	if (rc < 0 && !*path) {
		char *dir = session_dir(&dl);
		*path = dir ? session_socket_path(dir, t->deck->meta.id, t->o.session) : NULL;
		if (dir && !*path)
			diag_add(&dl, dir, 0, 0, SEV_ERROR, "socket folder path is too long");
		if (!*path)
			rc = EXIT_INTERNAL;
		free(dir);
	}
	diag_print(&dl, stderr, 0);
	diag_list_release(&dl);
	return rc;
}

/* The terminal part of the console. */
static int console_run(struct tui *t, const char *path)
{
	setup_locale();
	install_signals();
	if (start_curses(t) != 0)
		return EXIT_INTERNAL;
	sample_time(t);
	struct proto_hello me;
	memset(&me, 0, sizeof me);
	me.role = PROTO_ROLE_CONSOLE;
	proto_copy_text(me.deck, sizeof me.deck, t->deck->meta.id);
	me.has_hash = true;
	me.hash = t->deck->hash;
	proto_copy_text(me.session, sizeof me.session, t->o.session ? t->o.session : "");
	t->client = session_client_new(path, &me, NULL, t->now_ms);
	int rc = run_console(t);
	session_client_free(t->client);
	t->client = NULL;
	free(t->pfds);
	stop_curses();
	if (t->ended)
		text_printf(stdout, "lectern: %s\n", t->lost[0] ? t->lost : "the presentation ended");
	return rc;
}

int cmd_console(int argc, char **argv)
{
	struct tui t;
	memset(&t, 0, sizeof t);
	t.o.cmd = "console";
	t.o.console = true;
	int rc = parse_console_args(argc, argv, &t.o);
	if (rc >= 0)
		return rc;
	if (t.o.list)
		return list_main();
	config_init(&t.cfg);
	if (load_config(&t.cfg) != 0) {
		config_release(&t.cfg);
		return EXIT_DECK;
	}
	if ((rc = pick_theme(&t)) >= 0) {
		config_release(&t.cfg);
		return rc;
	}
	char *path = NULL;
	rc = console_target(&t, &path);
	if (rc < 0) {
		remember_file(&t);
		nav_init(&t.nav, t.deck);
		t.nav.presenter = true;
		t.mono = clock_monotonic();
		t.wall = clock_wall();
		timer_init(&t.timer, t.deck);
		rc = console_run(&t, path);
		timer_release(&t.timer);
		nav_release(&t.nav);
	}
	free(path);
	deck_free(t.deck);
	free(t.deck_file);
	free(t.found_session);
	config_release(&t.cfg);
	return rc;
}
