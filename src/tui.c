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
 * so ncurses sends only the cells that changed.
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
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"
#include "keymap.h"
#include "layout.h"
#include "nav.h"

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
	"  -h, --help         show this help\n"
	"\n"
	"Keys: press ? while presenting. Key bindings: $XDG_CONFIG_HOME/lectern/config.ini\n"
	"(default ~/.config/lectern/config.ini), section [keys], e.g. 'next = l, Right'.\n";

struct present_opts {
	const char *path; /* NULL: the built-in talk */
	const char *lang;
	const char *goto_target;
	bool clock, watch, presenter;
};

struct tui {
	struct present_opts o;
	struct config cfg;
	struct deck *deck;
	struct nav nav;
	bool clock;             /* status-line clock */
	attr_t attr[STYLE_COUNT];
	chtype black, white;    /* fill cells of the blackouts */
	uint64_t start_ms;      /* monotonic time the talk started */
	uint64_t next_poll_ms;  /* watch: next stat() of the deck file */
	struct stat st;         /* watch: the file as last loaded */
	bool have_st;
};

/* Set from signal handlers only; read by the loop. */
static volatile sig_atomic_t got_signal;
/* Whether curses owns the terminal, for the crash handler. */
static volatile sig_atomic_t curses_active;

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

static uint64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void wall_clock(char buf[16], bool seconds)
{
	time_t now = time(NULL);
	struct tm tm;
	if (!localtime_r(&now, &tm) || !strftime(buf, 16, seconds ? "%H:%M:%S" : "%H:%M", &tm))
		strcpy(buf, "--:--");
}

/* ---- terminal setup ---- */

static void on_signal(int sig)
{
	got_signal = sig;
}

static void on_crash(int sig)
{
	if (curses_active)
		endwin();
	signal(sig, SIG_DFL);
	raise(sig);
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
}

/* The decks are UTF-8 whatever the environment says: without a UTF-8
 * LC_CTYPE ncurses would print mojibake, so fall back to C.UTF-8. */
static void setup_locale(void)
{
	setlocale(LC_ALL, "");
	const char *cs = nl_langinfo(CODESET);
	if (cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0))
		return;
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "C.utf8");
}

static void setup_colours(struct tui *t, bool colour)
{
	static const struct {
		short fg;
		attr_t mono, col;
	} roles[STYLE_COUNT] = {
		[STYLE_TEXT] = { -1, A_NORMAL, A_NORMAL },
		[STYLE_TITLE] = { COLOR_YELLOW, A_BOLD, A_BOLD },
		[STYLE_SUBTITLE] = { COLOR_CYAN, A_NORMAL, A_NORMAL },
		[STYLE_BULLET] = { COLOR_CYAN, A_BOLD, A_BOLD },
		[STYLE_FIGURE] = { COLOR_MAGENTA, A_BOLD, A_BOLD },
		[STYLE_CAPTION] = { -1, A_DIM, A_DIM },
		[STYLE_CHART] = { COLOR_GREEN, A_NORMAL, A_NORMAL },
		[STYLE_QUOTE] = { COLOR_CYAN, A_ITALIC, A_ITALIC },
		[STYLE_NOTES] = { -1, A_NORMAL, A_NORMAL },
		[STYLE_HEADER] = { COLOR_BLUE, A_BOLD | A_UNDERLINE, A_BOLD },
		[STYLE_PLACEHOLDER] = { COLOR_RED, A_REVERSE, A_NORMAL },
		[STYLE_MORE] = { -1, A_DIM, A_DIM },
		[STYLE_STATUS] = { -1, A_REVERSE, A_REVERSE },
		[STYLE_WARNING] = { COLOR_RED, A_BOLD | A_REVERSE, A_BOLD | A_REVERSE },
		[STYLE_DIM] = { -1, A_DIM, A_DIM },
	};
	t->black = ' ';
	t->white = ' ' | A_REVERSE;
	for (int s = 0; s < STYLE_COUNT; s++)
		t->attr[s] = roles[s].mono;
	if (!colour || !has_colors() || start_color() == ERR)
		return;
	use_default_colors();
	for (int s = 0; s < STYLE_COUNT; s++) {
		if (roles[s].fg < 0) {
			t->attr[s] = roles[s].col;
			continue;
		}
		init_pair((short)(s + 1), roles[s].fg, -1);
		t->attr[s] = roles[s].col | COLOR_PAIR(s + 1);
	}
	short bright = COLORS >= 16 ? 15 : COLOR_WHITE;
	init_pair(STYLE_COUNT + 1, COLOR_BLACK, COLOR_BLACK);
	init_pair(STYLE_COUNT + 2, bright, bright);
	t->black = ' ' | COLOR_PAIR(STYLE_COUNT + 1);
	t->white = ' ' | COLOR_PAIR(STYLE_COUNT + 2);
}

static int start_curses(struct tui *t)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "lectern: present needs a terminal (try 'lectern export')\n");
		return -1;
	}
	if (!newterm(NULL, stdout, stdin)) {
		fprintf(stderr, "lectern: cannot use terminal type '%s'\n",
			getenv("TERM") ? getenv("TERM") : "(unset)");
		return -1;
	}
	curses_active = 1;
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	mousemask(BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	mouseinterval(0);
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

/* Copies rows [first, first + maxrows) of f to the screen at (y, x),
 * each run in the attribute of its style, clipped to the screen. */
static void blit(const struct tui *t, const struct frame *f, unsigned first, int y, int x,
		 int maxrows)
{
	for (unsigned r = first; r < f->nrows && (int)(r - first) < maxrows; r++) {
		int yy = y + (int)(r - first);
		if (yy < 0 || yy >= LINES)
			break;
		const struct frame_row *row = &f->rows[r];
		for (size_t i = row->first; i < row->first + row->n; i++) {
			const struct run *run = &f->runs[i];
			int xx = x + (int)run->col;
			if (xx < 0 || xx + (int)run->width > COLS || run->len == 0)
				continue;
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

/* The presenter's info row: wall clock, time since start, planned times. */
static void draw_presenter_info(struct tui *t, int y, int cols, uint64_t now)
{
	const struct nav *n = &t->nav;
	char wall[16], el[16], plan[16], talk[16], text[128];
	wall_clock(wall, true);
	deck_format_duration((unsigned)((now - t->start_ms) / 1000u), el);
	const struct slide *s = &n->deck->slides[n->cur];
	int len = snprintf(text, sizeof text, "%s  elapsed %s", wall, el);
	if (s->time_s) {
		deck_format_duration(s->time_s, plan);
		len += snprintf(text + len, sizeof text - (size_t)len, "  slide %s", plan);
	}
	unsigned total = n->deck->meta.duration_s ? n->deck->meta.duration_s
						  : deck_planned_s(n->deck);
	if (total) {
		deck_format_duration(total, talk);
		snprintf(text + len, sizeof text - (size_t)len, "  talk %s", talk);
	}
	struct frame *f = frame_new((unsigned)cols, 1);
	frame_put(f, 0, 0, text, strlen(text), (unsigned)cols, STYLE_HEADER);
	blit(t, f, 0, y, 0, 1);
	frame_free(f);
}

static void draw_presenter(struct tui *t, int body, uint64_t now)
{
	struct nav *n = &t->nav;
	const struct slide *s = &n->deck->slides[n->cur];
	draw_presenter_info(t, 0, COLS, now);
	int top = 1, rows = body - 1;
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
	char(*times)[32] = xcalloc(vis, sizeof *times);
	int digits = snprintf(NULL, 0, "%zu", d->nslides);
	for (size_t i = top; i < d->nslides && i - top < vis; i++) {
		const struct slide *s = &d->slides[i];
		unsigned row = (unsigned)(i - top) + 2;
		bool sel = i == n->sel;
		enum style st = sel ? STYLE_STATUS : s->backup ? STYLE_DIM : STYLE_TEXT;
		char *num = nums[i - top], *tm = times[i - top];
		snprintf(num, 32, "%s%*zu ", i == n->cur ? ">" : " ", digits, i + 1);
		char dur[16] = "";
		if (s->time_s)
			deck_format_duration(s->time_s, dur);
		snprintf(tm, 32, "%s%s%s ", s->backup ? "backup" : "", s->backup && dur[0] ? " " : "",
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

static void draw_status(struct tui *t)
{
	const struct nav *n = &t->nav;
	int y = LINES - 1;
	unsigned w = (unsigned)COLS - 1; /* never the bottom-right cell */
	attrset(t->attr[STYLE_STATUS]);
	mvhline(y, 0, ' ', COLS);
	attrset(A_NORMAL);
	struct frame *f = frame_new(w, 1);
	char left[64], right[96] = "", clock[16];
	if (n->prompt != PROMPT_NONE) {
		const char *p = n->prompt == PROMPT_GOTO ? " go to slide (number or id): "
							 : " search: ";
		unsigned c = frame_put(f, 0, 0, p, strlen(p), w, STYLE_STATUS);
		c += frame_put(f, 0, c, n->input, n->input_len, w - c, STYLE_STATUS);
		frame_put(f, 0, c, "_", 1, w > c ? w - c : 0, STYLE_STATUS);
		blit(t, f, 0, y, 0, 1);
		frame_free(f);
		return;
	}
	const struct slide *s = &n->deck->slides[n->cur];
	unsigned steps = s->nsteps ? s->nsteps : 1;
	snprintf(left, sizeof left, " %zu/%zu%s ", n->cur + 1, n->deck->nslides,
		 s->backup ? " backup" : "");
	int rl = 0;
	if (n->has_count)
		rl += snprintf(right + rl, sizeof right - (size_t)rl, "%u_ ", n->count);
	if (steps > 1)
		rl += snprintf(right + rl, sizeof right - (size_t)rl, "step %u/%u ", n->step + 1,
			       steps);
	if (n->searching && n->query)
		rl += snprintf(right + rl, sizeof right - (size_t)rl, "/%.24s %zu/%zu ", n->query,
			       nav_search_pos(n), n->nhits);
	if (t->clock) {
		wall_clock(clock, false);
		snprintf(right + rl, sizeof right - (size_t)rl, "%s ", clock);
	}
	unsigned c = frame_put(f, 0, 0, left, strlen(left), w, STYLE_STATUS);
	unsigned bw = w >= 100 ? 20 : w >= 60 ? 12 : w >= 40 ? 6 : 0;
	if (bw && c + bw + 2 < w) {
		unsigned done = (unsigned)(((n->cur + 1) * bw + n->deck->nslides - 1) /
					   n->deck->nslides);
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

static void draw(struct tui *t, uint64_t now)
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
			draw_presenter(t, body, now);
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
		deck_free(t->deck);
		t->deck = d;
		if (dl.nwarnings)
			nav_message(&t->nav, false, "reloaded, %zu warnings (lectern check)",
				    dl.nwarnings);
		else
			nav_message(&t->nav, false, "reloaded");
	}
	diag_list_release(&dl);
}

static void suspend(void)
{
	endwin();
	kill(getpid(), SIGSTOP);
	/* resumed by fg: refresh() restores the program's terminal modes */
	refresh();
}

/* ---- main loop ---- */

static int run(struct tui *t)
{
	unsigned react = REACT_REDRAW;
	uint64_t last_sec = 0;
	for (;;) {
		if (got_signal)
			return 128 + got_signal;
		uint64_t now = mono_ms();
		if (t->o.watch && now >= t->next_poll_ms) {
			t->next_poll_ms = now + WATCH_POLL_MS;
			if (file_changed(t)) {
				reload(t);
				react |= REACT_REDRAW;
			}
		}
		bool ticking = t->clock || t->nav.presenter;
		if (react & REACT_CLEAR)
			clearok(curscr, TRUE);
		if ((react & (REACT_REDRAW | REACT_CLEAR)) || (ticking && now / 1000 != last_sec)) {
			draw(t, now);
			last_sec = now / 1000;
		}
		react = REACT_NONE;
		int wait = 1000 - (int)(now % 1000) + 5;
		if (t->o.watch && wait > WATCH_POLL_MS)
			wait = WATCH_POLL_MS;
		timeout(wait);
		wint_t ch;
		int rc = get_wch(&ch);
		if (rc == ERR)
			continue;
		if (rc == KEY_CODE_YES && ch == KEY_RESIZE) {
			react |= REACT_REDRAW;
			continue;
		}
		struct key k;
		if (!translate(rc, ch, &k))
			continue;
		unsigned r = nav_input(&t->nav, &t->cfg.keys, k);
		if (r & REACT_QUIT)
			return EXIT_OK;
		if (r & REACT_RELOAD)
			reload(t);
		if (r & REACT_SUSPEND)
			suspend();
		react |= r;
	}
}

/* ---- command line ---- */

/* Parses argv (argv[0] is "present" or the program); returns -1 to go on,
 * else the exit status. */
static int parse_args(int argc, char **argv, struct present_opts *o)
{
	bool opts_done = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **val = NULL;
		const char *name = NULL;
		if (!opts_done && strcmp(a, "--") == 0) {
			opts_done = true;
			continue;
		}
		if (opts_done || a[0] != '-' || a[1] == '\0') {
			if (o->path)
				return cli_usage_error("present", "more than one DECK: '%s' and '%s'",
						       o->path, a);
			o->path = a;
			continue;
		}
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(usage, stdout);
			return EXIT_OK;
		}
		if (strcmp(a, "--clock") == 0) {
			o->clock = true;
			continue;
		}
		if (strcmp(a, "--watch") == 0) {
			o->watch = true;
			continue;
		}
		if (strcmp(a, "--presenter") == 0) {
			o->presenter = true;
			continue;
		}
		if (strncmp(a, "--lang", 6) == 0 && (a[6] == '\0' || a[6] == '=')) {
			val = &o->lang;
			name = "--lang";
		} else if (strncmp(a, "--goto", 6) == 0 && (a[6] == '\0' || a[6] == '=')) {
			val = &o->goto_target;
			name = "--goto";
		} else {
			return cli_usage_error("present", "unknown option '%s'", a);
		}
		if (a[6] == '=') {
			*val = a + 7;
		} else if (i + 1 < argc) {
			*val = argv[++i];
		} else {
			return cli_usage_error("present", "option '%s' needs a value", name);
		}
		if (!**val)
			return cli_usage_error("present", "option '%s' needs a value", name);
	}
	if (o->lang && strcmp(o->lang, "zh") != 0 && strcmp(o->lang, "en") != 0)
		return cli_usage_error("present", "unknown language '%s' (there are 'zh' and 'en')",
				       o->lang);
	if (o->watch && !o->path)
		return cli_usage_error("present", "--watch needs a DECK file");
	return -1;
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

int cmd_present(int argc, char **argv)
{
	struct tui t;
	memset(&t, 0, sizeof t);
	int rc = parse_args(argc, argv, &t.o);
	if (rc >= 0)
		return rc;
	config_init(&t.cfg);
	if (load_config(&t.cfg) != 0) {
		config_release(&t.cfg);
		return EXIT_DECK;
	}
	struct diag_list dl;
	diag_list_init(&dl);
	remember_file(&t);
	t.deck = cli_load_deck(t.o.path, t.o.lang, &dl);
	if (!t.deck) {
		diag_print(&dl, stderr, 0);
		diag_list_release(&dl);
		config_release(&t.cfg);
		return EXIT_DECK;
	}
	nav_init(&t.nav, t.deck);
	if (dl.nwarnings)
		nav_message(&t.nav, false, "the deck has %zu warnings: see 'lectern check'",
			    dl.nwarnings);
	diag_list_release(&dl);
	rc = EXIT_OK;
	if (t.o.goto_target && nav_goto(&t.nav, t.o.goto_target) != 0) {
		fprintf(stderr, "lectern: %s\n", t.nav.msg);
		rc = EXIT_USAGE;
	}
	t.nav.presenter = t.o.presenter;
	t.clock = t.o.clock || t.cfg.clock;
	if (rc == EXIT_OK) {
		setup_locale();
		install_signals();
		if (start_curses(&t) != 0) {
			rc = EXIT_INTERNAL;
		} else {
			t.start_ms = mono_ms();
			rc = run(&t);
			stop_curses();
		}
	}
	nav_release(&t.nav);
	deck_free(t.deck);
	config_release(&t.cfg);
	return rc;
}
