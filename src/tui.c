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
#include "present.h"
#include "record.h"
#include "session.h"
#include "textclass.h"
#include "theme.h"
#include "timer.h"
#include "timerline.h"
#include "tui.h"

enum { MIN_COLS = 24, MIN_ROWS = 8 };

struct tui {
	struct present *p;       /* the presentation shown (borrowed) */
	attr_t attr[STYLE_COUNT];
	attr_t on_status[STYLE_COUNT]; /* the roles drawn on the status line */
	bool quiet[STYLE_COUNT]; /* a space in the role looks like a blank */
	chtype black, white;    /* fill cells of the blackouts */
	chtype bar;             /* a cell of a chart bar (a full block) */
	struct clock mono, wall;
	/* the last poll(): [0] is the terminal, then the sockets; npfds is 0
	 * once the results have been handled */
	struct pollfd *pfds;
	size_t npfds, pfdcap;
	bool typeahead;          /* the last read got a key: read again at once */
	bool started;            /* finish_start() ran: keys decoded, server open */
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
	present_clock(t->p, clock_now(&t->mono), clock_now(&t->wall));
}

/* "starts in 4:59" for this process's timer. */
#define COUNTDOWN_LEN TIMERLINE_COUNTDOWN_LEN
static void countdown_text(const struct tui *t, char buf[COUNTDOWN_LEN])
{
	timerline_countdown(timer_wait_left_ms(&t->p->timer, t->p->wall_ms), buf);
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
	curses_active = 1;
	const char *cup = tigetstr("cup");
	if (!cup || cup == (char *)-1) {
		/* without cursor addressing curses draws nothing but the last
		 * line: never a blank screen, say why and what works */
		stop_curses();
		fprintf(stderr,
			"lectern: the terminal type '%s' cannot move the cursor, so 'lectern %s' "
			"cannot draw a screen on it\n"
			"lectern: run it in a terminal that can (e.g. TERM=xterm-256color), or "
			"print the deck as text with 'lectern export%s'\n",
			term_name(), t->p->o.console ? "console" : t->p->o.cmd, t->p->o.path ? " DECK" : "");
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
	const char *nc = getenv("NO_COLOR");
	setup_colours(t, t->p->cfg.color && !(nc && nc[0]));
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
 * each run in the attribute attr[] gives its style, clipped to the screen.
 * Cells between runs look blank, whatever attributes they get. */
static void blit_in(const struct tui *t, const attr_t attr[STYLE_COUNT], const struct frame *f,
		    unsigned first, int y, int x, int maxrows)
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
				mvhline(yy, end, ' ' | attr[last], xx - end);
			end = xx + (int)run->width;
			last = run->style;
			if (run->style == STYLE_CHART && full_blocks(run)) {
				/* a bar of full blocks is drawn as spaces on the
				 * bar's colour: the same cells, which ncurses can
				 * send as one erase */
				mvhline(yy, xx, t->bar, (int)run->width);
				continue;
			}
			attrset(attr[run->style]);
			mvaddnstr(yy, xx, run->text, (int)run->len);
		}
	}
	attrset(A_NORMAL);
}

static void blit(const struct tui *t, const struct frame *f, unsigned first, int y, int x,
		 int maxrows)
{
	blit_in(t, t->attr, f, first, y, x, maxrows);
}

/* Lays out slide s into the rectangle and draws it; *scroll is clamped to
 * what the layout accepted. */
static void draw_view(const struct tui *t, const struct slide *s, enum view v, unsigned step,
		      unsigned *scroll, int y, int x, int rows, int cols)
{
	if (rows <= 0 || cols <= 0)
		return;
	const struct nav *n = &t->p->nav;
	bool mark = n->searching && n->query && (v == VIEW_SLIDE || v == VIEW_NOTES);
	struct layout_opts o = { (unsigned)cols, (unsigned)rows, step, v, scroll ? *scroll : 0,
				 v == VIEW_SLIDE && n->reveal, mark ? n->query : NULL };
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
	struct nav *n = &t->p->nav;
	const struct slide *s = &n->deck->slides[n->cur];
	draw_label(t, y, x, cols, "Notes", NULL);
	draw_view(t, s, VIEW_NOTES, 0, &n->notes_scroll, y + 1, x, rows - 1, cols);
}

static void draw_preview_pane(struct tui *t, int y, int x, int rows, int cols)
{
	const struct nav *n = &t->p->nav;
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

/* Why a console shows no live talk, into buf. */
static void follow_waiting(const struct tui *t, char *buf, size_t cap)
{
	const char *why = session_client_reason(t->p->client);
	if (t->p->ever_connected)
		snprintf(buf, cap, "%s — waiting for it to come back",
			 t->p->lost[0] ? t->p->lost : "the presentation ended");
	else
		snprintf(buf, cap, "waiting for '%s' to be presented%s%s", t->p->deck->meta.id,
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
	if (t->p->client) {
		const struct proto_state *st;
		struct console_times tm = present_follow_times(t->p, &st);
		if (!st || !session_client_peer(t->p->client)) {
			draw_waiting(t, y, cols, rows);
			return;
		}
		console_timerline(&tl, st, t->p->deck, &tm, clock_local_day_ms(t->p->wall_ms));
	} else {
		struct timerline_opts o = { clock_local_day_ms(t->p->wall_ms), t->p->auto_adv };
		timerline_build(&tl, &t->p->timer, t->p->now_ms, t->p->wall_ms, &o);
		if (timer_waiting(&t->p->timer)) {
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
	struct nav *n = &t->p->nav;
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
	struct nav *n = &t->p->nav;
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
	[KEYCTX_GLOBAL] = "Keys ([ACTION]: the name [keys] in the config file takes)",
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
	char *keys[ACTION_COUNT] = { 0 }, *helps[ACTION_COUNT] = { 0 };
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
			keys[a] = keymap_keys_text(&t->p->cfg.keys, (enum action)a);
			const char *k = keys[a][0] ? keys[a] : "(unbound)";
			/* with the action's name: it is what [keys] takes */
			helps[a] = action_help_line((enum action)a);
			const char *h = helps[a];
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
	if (t->p->nav.help_scroll > maxs)
		t->p->nav.help_scroll = maxs;
	blit(t, f, t->p->nav.help_scroll, 0, 0, body);
	frame_free(f);
	for (int a = 0; a < ACTION_COUNT; a++) {
		free(keys[a]);
		free(helps[a]);
	}
}

static void draw_overview(struct tui *t, int body)
{
	struct nav *n = &t->p->nav;
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
	int digits = snprintf(NULL, 0, "B%zu", d->nslides);
	/* main and backup slides before top, numbered on from there */
	struct nav_pos p0 = nav_position(d, top);
	size_t before = p0.num - 1;
	size_t nm = p0.backup ? top - before : before, nb = p0.backup ? before : top - before;
	for (size_t i = top; i < d->nslides && i - top < vis; i++) {
		const struct slide *s = &d->slides[i];
		unsigned row = (unsigned)(i - top) + 2;
		bool sel = i == n->sel;
		enum style st = sel ? STYLE_STATUS : s->backup ? STYLE_DIM : STYLE_TEXT;
		char *num = nums[i - top], *tm = times[i - top];
		size_t k = s->backup ? ++nb : ++nm;
		char label[NAV_LABEL_MAX];
		snprintf(label, sizeof label, "%s%zu", s->backup ? "B" : "", k);
		snprintf(num, 32, "%s%*s ", i == n->cur ? ">" : " ", digits, label);
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

/* The last status-line messages, in full, oldest first; opens on the
 * newest. */
static void draw_messages(struct tui *t, int body)
{
	static const char title[] = "Messages, newest last (Escape closes, j/k scroll)";
	static const char none[] = "(no messages yet)";
	const struct nav *n = &t->p->nav;
	unsigned cols = (unsigned)COLS;
	struct frame *f = frame_new(cols, 0);
	frame_put(f, 0, 1, title, sizeof title - 1, cols - 1, STYLE_TITLE);
	unsigned row = 2;
	if (n->nlog == 0)
		frame_put(f, row++, 2, none, sizeof none - 1, cols - 2, STYLE_DIM);
	for (unsigned i = 0; i < n->nlog; i++) {
		const struct nav_logged *e = nav_log_entry(n, i);
		unsigned r = frame_wrap(f, row, 2, cols > 3 ? cols - 3 : 1, e->text, strlen(e->text),
					e->warn ? STYLE_WARNING : STYLE_TEXT);
		row += r ? r : 1;
	}
	unsigned maxs = f->nrows > (unsigned)body ? f->nrows - (unsigned)body : 0;
	if (t->p->nav.help_scroll > maxs)
		t->p->nav.help_scroll = maxs;
	blit(t, f, t->p->nav.help_scroll, 0, 0, body);
	frame_free(f);
}

/* The status line while a prompt is open: its question and the input. */
static void draw_prompt(struct tui *t, struct frame *f, unsigned w)
{
	const struct nav *n = &t->p->nav;
	const char *p = " search: ";
	if (n->prompt == PROMPT_GOTO)
		p = " go to slide (number or id): ";
	else if (n->prompt == PROMPT_RESTART)
		p = t->p->o.rehearse ? " restart the rehearsal from zero? (y/n) "
				  : " restart the timer from zero? (y/n) ";
	unsigned c = frame_put(f, 0, 0, p, strlen(p), w, STYLE_STATUS);
	if (n->prompt != PROMPT_RESTART)
		c += frame_put(f, 0, c, n->input, n->input_len, w - c, STYLE_STATUS);
	frame_put(f, 0, c, "_", 1, w > c ? w - c : 0, STYLE_STATUS);
}

/* Puts text on row 0 from col in at most maxw columns; text that does not
 * fit is cut one column short and ends with "…", so a cut shows. */
static void put_cut(struct frame *f, unsigned col, const char *text, unsigned maxw,
		    enum style st)
{
	size_t len = strlen(text);
	if (layout_width(text, len) <= maxw) {
		frame_put(f, 0, col, text, len, maxw, st);
		return;
	}
	if (maxw == 0)
		return;
	unsigned c = frame_put(f, 0, col, text, len, maxw - 1, st);
	frame_put(f, 0, col + c, "…", strlen("…"), 1, st);
}

static void draw_status(struct tui *t)
{
	const struct nav *n = &t->p->nav;
	int y = LINES - 1;
	unsigned w = (unsigned)COLS - 1; /* never the bottom-right cell */
	attrset(t->attr[STYLE_STATUS]);
	mvhline(y, 0, ' ', COLS);
	attrset(A_NORMAL);
	struct frame *f = frame_new(w, 1);
	char left[64], right[96] = "", clock[CLOCK_HHMM_LEN];
	if (n->prompt != PROMPT_NONE) {
		draw_prompt(t, f, w);
		blit_in(t, t->on_status, f, 0, y, 0, 1);
		frame_free(f);
		return;
	}
	const struct slide *s = &n->deck->slides[n->cur];
	unsigned steps = s->nsteps ? s->nsteps : 1;
	/* the position among the main slides, a backup slide's among the
	 * backup slides; while a large deck loads, among the slides so far */
	struct nav_pos pos = nav_position(n->deck, n->cur);
	if (t->p->nslides_hint)
		pos = (struct nav_pos){ n->cur + 1, t->p->nslides_hint, false };
	snprintf(left, sizeof left, " %s%zu/%zu ", pos.backup ? "B" : "", pos.num, pos.total);
	/* the bar shows the main slides done; a backup slide's is full */
	size_t done_of = pos.backup ? 1 : pos.total, done_num = pos.backup ? 1 : pos.num;
	int rl = 0;
	if (n->has_count)
		rl += snprintf(right + rl, sizeof right - (size_t)rl, "%u_ ", n->count);
	if (steps > 1)
		rl += snprintf(right + rl, sizeof right - (size_t)rl, "step %u/%u ", n->step + 1,
			       steps);
	if (n->searching && n->query)
		rl += snprintf(right + rl, sizeof right - (size_t)rl, "/%.24s %zu/%zu%s ", n->query,
			       nav_search_pos(n), n->nhits,
			       nav_hit_in_notes_only(n) ? " in notes" : "");
	if (timer_waiting(&t->p->timer) && !t->p->nav.presenter) {
		char cd[COUNTDOWN_LEN];
		countdown_text(t, cd);
		rl += snprintf(right + rl, sizeof right - (size_t)rl, "%s ", cd);
	}
	if (t->p->clock) {
		clock_format_hhmm(t->p->wall_ms, clock);
		snprintf(right + rl, sizeof right - (size_t)rl, "%s%s ",
			 t->p->timer.state == TIMER_PAUSED ? "paused " : "", clock);
	}
	unsigned c = frame_put(f, 0, 0, left, strlen(left), w, STYLE_STATUS);
	unsigned bw = w >= 100 ? 20 : w >= 60 ? 12 : w >= 40 ? 6 : 0;
	if (bw && c + bw + 2 < w) {
		unsigned done = (unsigned)((done_num * bw + done_of - 1) / done_of);
		put_repeat(f, 0, c, bar_glyphs, 3, done, STYLE_CHART);
		put_repeat(f, 0, c + done, rule_glyphs, 3, bw - done, STYLE_DIM);
		c += bw;
		c += frame_put(f, 0, c, " ", 1, 1, STYLE_STATUS);
	}
	unsigned rw = layout_width(right, strlen(right));
	unsigned rx = w > rw ? w - rw : w;
	if (rx > c + 1) {
		bool msg = nav_message_shown(n, t->p->console_attached);
		const char *mid = msg ? n->msg : n->deck->meta.title;
		enum style st = msg && n->msg_warn ? STYLE_WARNING : STYLE_STATUS;
		c += frame_put(f, 0, c, " ", 1, 1, STYLE_STATUS);
		put_cut(f, c, mid, rx - c - 1, st);
	}
	if (rw <= w)
		frame_put(f, 0, rx, right, strlen(right), rw, STYLE_STATUS);
	blit_in(t, t->on_status, f, 0, y, 0, 1);
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
	chtype fill = t->p->nav.blank == BLANK_WHITE ? t->white : t->black;
	for (int y = 0; y < LINES; y++)
		mvhline(y, 0, fill, COLS);
}

static void draw(struct tui *t)
{
	erase();
	if (COLS < MIN_COLS || LINES < MIN_ROWS) {
		draw_too_small(t);
	} else if (t->p->nav.blank != BLANK_NONE) {
		draw_blank(t);
	} else {
		int body = LINES - 1;
		if (t->p->nav.overlay == OVERLAY_HELP)
			draw_help(t, body);
		else if (t->p->nav.overlay == OVERLAY_OVERVIEW)
			draw_overview(t, body);
		else if (t->p->nav.overlay == OVERLAY_MESSAGES)
			draw_messages(t, body);
		else if (t->p->nav.presenter)
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

/* Fills t->pfds with the terminal and the sockets; returns how many. */
static size_t fill_pollfds(struct tui *t)
{
	size_t want = 1 + (t->p->srv ? session_server_npollfds(t->p->srv) : 0) + (t->p->client ? 1 : 0);
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
	int st = t->p->srv ? session_server_timeout(t->p->srv, t->p->now_ms)
		 : t->p->client ? session_client_timeout(t->p->client, t->p->now_ms)
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
		react |= present_serve(p, t->pfds, t->npfds);
		t->npfds = 0;
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
 * the whole deck from t->p->pending before any key is read, and goes on with
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
	if (t->p->pending) {
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
	t->p->client = session_client_new(path, &me, NULL, t->p->now_ms);
	int rc = run_console(t);
	session_client_free(t->p->client);
	t->p->client = NULL;
	free(t->pfds);
	stop_curses();
	if (t->p->ended)
		text_printf(stdout, "lectern: %s\n", t->p->lost[0] ? t->p->lost : "the presentation ended");
	return rc;
}

