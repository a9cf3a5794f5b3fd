/* The screen composer (screen.h). Every part of the screen is laid out
 * into a frame of its own (the layout engine's for slides, notes and
 * previews; frame_put()/frame_wrap() for the rest), which paste() copies
 * into the screen's frame at its place, clipped to its rectangle and to
 * the screen: nothing here measures or wraps text itself. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caption.h"
#include "clock.h"
#include "console.h"
#include "deck.h"
#include "keymap.h"
#include "layout.h"
#include "nav.h"
#include "present.h"
#include "screen.h"
#include "session.h"
#include "timer.h"
#include "timerline.h"
#include "xalloc.h"

/* What the parts of one composition share: the state shown, the screen
 * being filled and its size. */
struct compose {
	const struct present *p;
	struct screen *sc;
	int cols, rows;
	struct placed *placed; /* the runs pasted so far, in paste order */
	size_t nplaced, placedcap;
};

/* A run pasted at its row of the screen; seq keeps the paste order among
 * runs that start in the same cell (zero-width ones). */
struct placed {
	unsigned row;
	size_t seq;
	struct run run;
};

/* A block of copied text; blocks never move, so runs can point into them. */
struct screen_text {
	struct screen_text *next;
	size_t used, cap;
	char bytes[];
};
enum { TEXT_BLOCK = 16 * 1024 };

/* A copy of len bytes of text that lives as long as the screen. */
static const char *keep_text(struct screen *sc, const char *text, size_t len)
{
	struct screen_text *b = sc->text;
	if (!b || b->cap - b->used < len) {
		size_t cap = len > TEXT_BLOCK ? len : TEXT_BLOCK;
		b = xmalloc(sizeof *b + cap);
		b->next = sc->text;
		b->used = 0;
		b->cap = cap;
		sc->text = b;
	}
	char *p = b->bytes + b->used;
	if (len)
		memcpy(p, text, len);
	b->used += len;
	return p;
}

/* Copies rows [first, first + maxrows) of f into the screen at (y, x),
 * clipped to the screen, with copies of their text (f may borrow from the
 * caller's stack). The parts of a screen never overlap, so the runs are
 * kept as they are (measured once, by whoever laid them out) and put in
 * order by build_frame(). */
static void paste(struct compose *cx, const struct frame *f, unsigned first, int y, int x,
		  int maxrows)
{
	for (unsigned r = first; r < f->nrows && (int)(r - first) < maxrows; r++) {
		int yy = y + (int)(r - first);
		if (yy < 0 || yy >= cx->rows)
			break;
		const struct frame_row *row = &f->rows[r];
		for (size_t i = row->first; i < row->first + row->n; i++) {
			const struct run *run = &f->runs[i];
			int xx = x + (int)run->col;
			if (xx < 0 || xx + (int)run->width > cx->cols || run->len == 0)
				continue;
			xgrow((void **)&cx->placed, &cx->placedcap, cx->nplaced + 1,
			      sizeof *cx->placed);
			struct placed *pl = &cx->placed[cx->nplaced];
			pl->row = (unsigned)yy;
			pl->seq = cx->nplaced++;
			pl->run = *run;
			pl->run.text = keep_text(cx->sc, run->text, run->len);
			pl->run.col = (unsigned)xx;
		}
	}
}

/* "starts in 4:59" for this process's timer. */
#define COUNTDOWN_LEN TIMERLINE_COUNTDOWN_LEN
static void countdown_text(struct compose *cx, char buf[COUNTDOWN_LEN])
{
	timerline_countdown(timer_wait_left_ms(&cx->p->timer, cx->p->wall_ms), buf);
}

/* Lays out slide s into the rectangle and draws it; *scroll is clamped to
 * what the layout accepted. */
static void draw_view(struct compose *cx, const struct slide *s, enum view v, unsigned step,
		      unsigned *scroll, int y, int x, int rows, int cols)
{
	if (rows <= 0 || cols <= 0)
		return;
	const struct nav *n = &cx->p->nav;
	bool mark = n->searching && n->query && (v == VIEW_SLIDE || v == VIEW_NOTES);
	struct layout_opts o = { .cols = (unsigned)cols,
				 .rows = (unsigned)rows,
				 .step = step,
				 .view = v,
				 .scroll = scroll ? *scroll : 0,
				 .show_step = v == VIEW_SLIDE && n->reveal,
				 .highlight = mark ? n->query : NULL,
				 .deck = cx->p->deck,
				 .no_big = cx->p->colourless,
				 .hscroll = v == VIEW_SLIDE ? present_hscroll(cx->p) : 0 };
	struct frame *f = layout_slide(s, &o);
	if (scroll)
		*scroll = f->scroll;
	paste(cx, f, 0, y, x, rows);
	frame_free(f);
}

/* One row: a label in STYLE_HEADER followed by a rule to the width. */
static void draw_label(struct compose *cx, int y, int x, int cols, const char *label,
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
		frame_repeat(f, 0, c, "─", (unsigned)cols - c, STYLE_DIM);
	}
	paste(cx, f, 0, y, x, 1);
	frame_free(f);
}

static void draw_notes_pane(struct compose *cx, int y, int x, int rows, int cols)
{
	const struct nav *n = &cx->p->nav;
	const struct slide *s = &n->deck->slides[n->cur];
	draw_label(cx, y, x, cols, "Notes", NULL);
	draw_view(cx, s, VIEW_NOTES, 0, &cx->sc->notes_scroll, y + 1, x, rows - 1, cols);
}

static void draw_preview_pane(struct compose *cx, int y, int x, int rows, int cols)
{
	const struct nav *n = &cx->p->nav;
	const struct slide *cur = &n->deck->slides[n->cur];
	unsigned steps = cur->nsteps ? cur->nsteps : 1;
	if (n->step + 1 < steps) {
		char what[64];
		snprintf(what, sizeof what, "step %u of %u", n->step + 2, steps);
		draw_label(cx, y, x, cols, "Next:", what);
		draw_view(cx, cur, VIEW_PREVIEW, n->step + 1, NULL, y + 1, x, rows - 1, cols);
		return;
	}
	long j = nav_peek(n, 1);
	if (j < 0) {
		draw_label(cx, y, x, cols, "Next:", "end of the talk");
		return;
	}
	const struct slide *s = &n->deck->slides[j];
	if (s->section && s->section != cur->section) {
		/* the talk crosses into a section: say so before the title */
		bool same = strcmp(s->title, s->section->name) == 0;
		char *what = xasprintf("§ %s%s%s", s->section->name, same ? "" : " · ",
				       same ? "" : s->title);
		draw_label(cx, y, x, cols, "Next:", what);
		free(what);
	} else {
		draw_label(cx, y, x, cols, "Next:", s->title);
	}
	draw_view(cx, s, VIEW_PREVIEW, s->nsteps ? s->nsteps - 1 : 0, NULL, y + 1, x, rows - 1,
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
static void follow_waiting(struct compose *cx, char *buf, size_t cap)
{
	const char *why = session_client_reason(cx->p->client);
	if (cx->p->ever_connected)
		snprintf(buf, cap, "%s — waiting for it to come back",
			 cx->p->lost[0] ? cx->p->lost : "the presentation ended");
	else
		snprintf(buf, cap, "waiting for '%s' to be presented%s%s", cx->p->deck->meta.id,
			 why[0] ? ": " : "", why);
}

/* The console's top rows while it is not connected: why, in the warning
 * style. */
static void draw_waiting(struct compose *cx, int y, int cols, int rows)
{
	char msg[PROTO_TEXT_MAX + 192];
	follow_waiting(cx, msg, sizeof msg);
	struct frame *f = frame_new((unsigned)cols, 0);
	frame_wrap(f, 0, 0, (unsigned)cols, msg, strlen(msg), STYLE_WARNING);
	paste(cx, f, 0, y, 0, rows);
	frame_free(f);
}

/* The presenter's timer rows (rows of them at y): the pieces of
 * timerline_build() that fit; in a console, built from the STATE, or why
 * there is none. */
static void draw_timer_line(struct compose *cx, int y, int cols, int rows)
{
	struct timerline tl;
	if (cx->p->client) {
		const struct proto_state *st;
		struct console_times tm = present_follow_times(cx->p, &st);
		if (!st || !session_client_peer(cx->p->client)) {
			draw_waiting(cx, y, cols, rows);
			return;
		}
		console_timerline(&tl, st, cx->p->deck, &tm, clock_local_day_ms(cx->p->wall_ms));
	} else {
		struct timerline_opts o = { clock_local_day_ms(cx->p->wall_ms), cx->p->auto_adv };
		timerline_build(&tl, &cx->p->timer, cx->p->now_ms, cx->p->wall_ms, &o);
		if (timer_waiting(&cx->p->timer)) {
			char cd[COUNTDOWN_LEN];
			countdown_text(cx, cd);
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
	paste(cx, f, 0, y, 0, rows);
	frame_free(f);
}

static void draw_presenter(struct compose *cx, int body)
{
	const struct nav *n = &cx->p->nav;
	const struct slide *s = &n->deck->slides[n->cur];
	int top = cx->cols >= 60 ? 1 : 2, rows = body - top;
	draw_timer_line(cx, 0, cx->cols, top);
	if (cx->cols >= 80) {
		int lw = cx->cols * 3 / 5, rx = lw + 1, rw = cx->cols - lw - 1;
		draw_view(cx, s, VIEW_SLIDE, n->step, &cx->sc->scroll, top, 0, rows, lw);
		if (rows > 0) {
			cx->sc->divider_col = (unsigned)lw;
			cx->sc->divider_top = (unsigned)top;
			cx->sc->divider_rows = (unsigned)rows;
		}
		int prev_rows = rows * 2 / 5;
		draw_preview_pane(cx, top, rx, prev_rows, rw);
		draw_notes_pane(cx, top + prev_rows, rx, rows - prev_rows, rw);
		return;
	}
	int srows = rows * 2 / 5, nrows = rows * 2 / 5;
	draw_view(cx, s, VIEW_SLIDE, n->step, &cx->sc->scroll, top, 0, srows, cx->cols);
	draw_notes_pane(cx, top + srows, 0, nrows, cx->cols);
	draw_preview_pane(cx, top + srows + nrows, 0, rows - srows - nrows, cx->cols);
}

static void draw_slide_screen(struct compose *cx, int body)
{
	const struct nav *n = &cx->p->nav;
	const struct slide *s = &n->deck->slides[n->cur];
	if (!n->notes) {
		draw_view(cx, s, VIEW_SLIDE, n->step, &cx->sc->scroll, 0, 0, body, cx->cols);
		return;
	}
	int nrows = body / 3 > 3 ? body / 3 : 3;
	int srows = body - nrows;
	draw_view(cx, s, VIEW_SLIDE, n->step, &cx->sc->scroll, 0, 0, srows, cx->cols);
	draw_notes_pane(cx, srows, 0, nrows, cx->cols);
}

static const char *const ctx_titles[KEYCTX_COUNT] = {
	[KEYCTX_GLOBAL] = "Keys ([ACTION]: the name [keys] in the config file takes)",
	[KEYCTX_SEARCH] = "While a search is active",
	[KEYCTX_OVERVIEW] = "In the overview",
};

static void draw_help(struct compose *cx, int body)
{
	static const char title[] = "lectern help (Escape closes, j/k scroll)";
	static const char digits_keys[] = "0-9";
	static const char digits_help[] =
		"a count: digits then Enter go to that slide; before next/prev move that many "
		"slides, before g/G go to that slide";
	unsigned cols = (unsigned)cx->cols;
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
			keys[a] = keymap_keys_text(&cx->p->cfg.keys, (enum action)a);
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
	if (cx->sc->help_scroll > maxs)
		cx->sc->help_scroll = maxs;
	paste(cx, f, cx->sc->help_scroll, 0, 0, body);
	frame_free(f);
	for (int a = 0; a < ACTION_COUNT; a++) {
		free(keys[a]);
		free(helps[a]);
	}
}

/* The overview's rows: the slides in deck order, each section's name on
 * a row of its own before its first slide. Row of slide i: i plus the
 * headers up to its section's. */
static size_t overview_row(const struct deck *d, size_t i)
{
	return i + layout_section_number(d, d->slides[i].section);
}

/* Whether slide i is the first of a section (its header row is before it). */
static bool starts_section(const struct deck *d, size_t i)
{
	const struct section *sec = d->slides[i].section;
	return layout_section_number(d, sec) && sec->first == i;
}

/* A section's header row of the overview: "03 / 06  芯片", then a rule. */
static void overview_header(struct frame *f, unsigned row, const struct deck *d,
			    const struct section *sec, char label[LAYOUT_SECTION_LABEL_LEN])
{
	unsigned cols = f->cols;
	layout_section_label(d, sec, label);
	unsigned c = 1 + frame_put(f, row, 1, label, strlen(label), cols - 1, STYLE_DIM);
	c += frame_put(f, row, c, "  ", 2, cols - c, STYLE_HEADER);
	c += frame_put_cut(f, row, c, sec->name, strlen(sec->name), cols - c, STYLE_HEADER);
	if (c + 1 < cols)
		frame_repeat(f, row, c + 1, "─", cols - c - 1, STYLE_DIM);
}

static void draw_overview(struct compose *cx, int body)
{
	const struct nav *n = &cx->p->nav;
	const struct deck *d = n->deck;
	static const char title[] = "Slides (Enter opens, Escape closes)";
	unsigned cols = (unsigned)cx->cols;
	struct frame *f = frame_new(cols, (unsigned)body);
	frame_put(f, 0, 1, title, sizeof title - 1, cols - 1, STYLE_TITLE);
	size_t vis = body > 2 ? (size_t)body - 2 : 1;
	/* the window over the rows (slides and section headers) that keeps
	 * the selected slide's row in the middle */
	size_t total = d->nslides ? overview_row(d, d->nslides - 1) + 1 : 0;
	size_t selr = d->nslides ? overview_row(d, n->sel) : 0;
	size_t toprow = selr > vis / 2 ? selr - vis / 2 : 0;
	if (toprow + vis > total)
		toprow = total > vis ? total - vis : 0;
	/* the first slide whose row is at or after toprow: rows grow with i */
	size_t lo = 0, hi = d->nslides;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (overview_row(d, mid) < toprow)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t top = lo;
	bool header = top < d->nslides && overview_row(d, top) > toprow;
	char(*nums)[32] = xcalloc(vis, sizeof *nums);
	char(*times)[DECK_DURATION_LEN + 16] = xcalloc(vis, sizeof *times); /* "backup " dur */
	char(*labels)[LAYOUT_SECTION_LABEL_LEN] = xcalloc(vis, sizeof *labels);
	int digits = snprintf(NULL, 0, "B%zu", d->nslides);
	/* main and backup slides before top, numbered on from there */
	struct nav_pos p0 = top < d->nslides ? nav_position(d, top) : (struct nav_pos){ 1, 0, 0 };
	size_t before = p0.num - 1;
	size_t nm = p0.backup ? top - before : before, nb = p0.backup ? before : top - before;
	for (size_t i = top, k = 0; i < d->nslides && k < vis; k++) {
		const struct slide *s = &d->slides[i];
		unsigned row = (unsigned)k + 2;
		if (header) {
			overview_header(f, row, d, s->section, labels[k]);
			header = false;
			continue;
		}
		bool sel = i == n->sel;
		enum style st = sel ? STYLE_STATUS : s->backup ? STYLE_DIM : STYLE_TEXT;
		char *num = nums[k], *tm = times[k];
		size_t sk = s->backup ? ++nb : ++nm;
		char label[NAV_LABEL_MAX];
		snprintf(label, sizeof label, "%s%zu", s->backup ? "B" : "", sk);
		snprintf(num, 32, "%s%*s ", i == n->cur ? ">" : " ", digits, label);
		char dur[DECK_DURATION_LEN] = "";
		if (s->time_s)
			deck_format_duration(s->time_s, dur);
		snprintf(tm, sizeof *times, "%s%s%s ", s->backup ? "backup" : "",
			 s->backup && dur[0] ? " " : "", dur);
		unsigned tw = layout_width(tm, strlen(tm));
		unsigned c = frame_put(f, row, 0, num, strlen(num), cols, st);
		unsigned right = cols > tw ? cols - tw : 0;
		if (right > c + 1) {
			c += frame_put(f, row, c, s->title, strlen(s->title), right - c - 1, st);
			if (sel && c < right)
				c += frame_repeat(f, row, c, " ", right - c, st);
			frame_put(f, row, right, tm, strlen(tm), tw, st);
		}
		i++;
		header = i < d->nslides && starts_section(d, i);
	}
	paste(cx, f, 0, 0, 0, body);
	frame_free(f);
	free(nums);
	free(times);
	free(labels);
}

/* The last status-line messages, in full, oldest first; opens on the
 * newest. */
static void draw_messages(struct compose *cx, int body)
{
	static const char title[] = "Messages, newest last (Escape closes, j/k scroll)";
	static const char none[] = "(no messages yet)";
	const struct nav *n = &cx->p->nav;
	unsigned cols = (unsigned)cx->cols;
	struct frame *f = frame_new(cols, 0);
	frame_put(f, 0, 1, title, sizeof title - 1, cols - 1, STYLE_TITLE);
	unsigned row = 2;
	if (n->nlog == 0)
		frame_put(f, row++, 2, none, sizeof none - 1, cols - 2, STYLE_DIM);
	for (unsigned i = 0; i < n->nlog; i++) {
		const struct nav_logged *e = nav_log_entry(n, i);
		unsigned r = frame_wrap(f, row, 2, cols > 3 ? cols - 3 : 1, e->text,
					strlen(e->text), e->warn ? STYLE_WARNING : STYLE_TEXT);
		row += r ? r : 1;
	}
	unsigned maxs = f->nrows > (unsigned)body ? f->nrows - (unsigned)body : 0;
	if (cx->sc->help_scroll > maxs)
		cx->sc->help_scroll = maxs;
	paste(cx, f, cx->sc->help_scroll, 0, 0, body);
	frame_free(f);
}

/* The status line while a prompt is open: its question and the input. */
static void draw_prompt(struct compose *cx, struct frame *f, unsigned w)
{
	const struct nav *n = &cx->p->nav;
	const char *p = " search: ";
	if (n->prompt == PROMPT_GOTO)
		p = " go to slide (number or id): ";
	else if (n->prompt == PROMPT_RESTART)
		p = cx->p->o.rehearse ? " restart the rehearsal from zero? (y/n) "
				      : " restart the timer from zero? (y/n) ";
	unsigned c = frame_put(f, 0, 0, p, strlen(p), w, STYLE_STATUS);
	if (n->prompt != PROMPT_RESTART)
		c += frame_put(f, 0, c, n->input, n->input_len, w - c, STYLE_STATUS);
	frame_put(f, 0, c, "_", 1, w > c ? w - c : 0, STYLE_STATUS);
}

/* The current section after the slide number, "· 芯片 ", from column c
 * of the status line, before column rx (where the right part starts): cut
 * with "…" to a third of the columns left, and left out when fewer than 4
 * are. Returns the columns used. */
static unsigned put_status_section(struct frame *f, unsigned c, unsigned rx,
				   const struct section *sec)
{
	static const char dot[] = "· ";
	if (!sec || rx < c + 2 + 4)
		return 0;
	unsigned room = rx - c - 2, cap = room / 3 > 8 ? room / 3 : room < 8 ? room : 8;
	unsigned x = c + frame_put(f, 0, c, dot, sizeof dot - 1, 2, STYLE_STATUS);
	x += frame_put_cut(f, 0, x, sec->name, strlen(sec->name), cap, STYLE_STATUS);
	x += frame_put(f, 0, x, " ", 1, 1, STYLE_STATUS);
	return x - c;
}

static void draw_status(struct compose *cx)
{
	const struct nav *n = &cx->p->nav;
	int y = cx->rows - 1;
	unsigned w = (unsigned)cx->cols - 1; /* never the bottom-right cell */
	cx->sc->status = true;
	struct frame *f = frame_new(w, 1);
	char left[64], right[96] = "", clock[CLOCK_HHMM_LEN];
	if (n->prompt != PROMPT_NONE) {
		draw_prompt(cx, f, w);
		paste(cx, f, 0, y, 0, 1);
		frame_free(f);
		return;
	}
	const struct slide *s = &n->deck->slides[n->cur];
	unsigned steps = s->nsteps ? s->nsteps : 1;
	/* the position among the main slides, a backup slide's among the
	 * backup slides; while a large deck loads, among the slides so far */
	struct nav_pos pos = nav_position(n->deck, n->cur);
	if (cx->p->rest.pending)
		pos = (struct nav_pos){ n->cur + 1, cx->p->rest.nslides_guess, false };
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
	if (timer_waiting(&cx->p->timer) && !cx->p->nav.presenter) {
		char cd[COUNTDOWN_LEN];
		countdown_text(cx, cd);
		rl += snprintf(right + rl, sizeof right - (size_t)rl, "%s ", cd);
	}
	if (cx->p->clock) {
		clock_format_hhmm(cx->p->wall_ms, clock);
		snprintf(right + rl, sizeof right - (size_t)rl, "%s%s ",
			 cx->p->timer.state == TIMER_PAUSED ? "paused " : "", clock);
	}
	unsigned rw = layout_width(right, strlen(right));
	unsigned rx = w > rw ? w - rw : w;
	unsigned c = frame_put(f, 0, 0, left, strlen(left), w, STYLE_STATUS);
	c += put_status_section(f, c, rx, s->section);
	unsigned bw = w >= 100 ? 20 : w >= 60 ? 12 : w >= 40 ? 6 : 0;
	if (bw && c + bw + 2 < w) {
		unsigned done = (unsigned)((done_num * bw + done_of - 1) / done_of);
		frame_repeat(f, 0, c, "━", done, STYLE_CHART);
		frame_repeat(f, 0, c + done, "─", bw - done, STYLE_DIM);
		c += bw;
		c += frame_put(f, 0, c, " ", 1, 1, STYLE_STATUS);
	}
	if (rx > c + 1) {
		bool msg = nav_message_shown(n, cx->p->console_attached);
		const char *mid = msg ? n->msg : n->deck->meta.title;
		enum style st = msg && n->msg_warn ? STYLE_WARNING : STYLE_STATUS;
		c += frame_put(f, 0, c, " ", 1, 1, STYLE_STATUS);
		frame_put_cut(f, 0, c, mid, strlen(mid), rx - c - 1, st);
	}
	if (rw <= w)
		frame_put(f, 0, rx, right, strlen(right), rw, STYLE_STATUS);
	paste(cx, f, 0, y, 0, 1);
	frame_free(f);
}

/* The live caption (caption.h), unless the captions key hid it: its last
 * rows as wrapped (at most 2, the newest words), centred in STYLE_CAPTION
 * on the rows just above the status line, when the body keeps at least
 * half of its rows. Returns the rows it took from the body. */
static int draw_caption(struct compose *cx, int body)
{
	const struct present *p = cx->p;
	size_t len;
	const char *text = caption_text(&p->caption, p->now_ms, &len);
	if (!text || p->nav.captions_off)
		return 0;
	unsigned w = (unsigned)cx->cols - 2;
	struct frame *f = frame_new(w, 0);
	struct tl_text t = { 0 };
	unsigned n = frame_wrap_in(f, &t, 0, 0, w, text, len, STYLE_CAPTION, FRAME_CENTRE);
	tl_release(&t);
	int rows = n > 2 ? 2 : (int)n;
	if (rows * 2 > body)
		rows = 0;
	paste(cx, f, n - (unsigned)rows, body - rows, 1, rows);
	frame_free(f);
	return rows;
}

static void draw_too_small(struct compose *cx)
{
	char msg[96];
	snprintf(msg, sizeof msg, "terminal too small, need at least %dx%d", SCREEN_MIN_COLS,
		 SCREEN_MIN_ROWS);
	struct frame *f = frame_new((unsigned)cx->cols, 0);
	frame_wrap(f, 0, 0, (unsigned)cx->cols, msg, strlen(msg), STYLE_WARNING);
	paste(cx, f, 0, 0, 0, cx->rows);
	frame_free(f);
}

static int placed_cmp(const void *a, const void *b)
{
	const struct placed *x = a, *y = b;
	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	if (x->run.col != y->run.col)
		return x->run.col < y->run.col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Fills the screen's frame with the pasted runs, ordered by row and
 * column. */
static void build_frame(struct compose *cx)
{
	struct frame *f = cx->sc->f;
	if (cx->nplaced) /* placed is NULL when nothing was pasted (a blackout) */
		qsort(cx->placed, cx->nplaced, sizeof *cx->placed, placed_cmp);
	free(f->runs);
	f->runs = xcalloc(cx->nplaced ? cx->nplaced : 1, sizeof *f->runs);
	f->runcap = cx->nplaced ? cx->nplaced : 1;
	f->nruns = cx->nplaced;
	size_t i = 0;
	for (unsigned r = 0; r < f->nrows; r++) {
		f->rows[r].first = i;
		while (i < cx->nplaced && cx->placed[i].row == r) {
			f->runs[i] = cx->placed[i].run;
			i++;
		}
		f->rows[r].n = i - f->rows[r].first;
	}
	free(cx->placed);
	cx->placed = NULL;
}

/* The screen of p, its runs still to be put in order (build_frame()). */
static void compose(struct compose *cx)
{
	const struct present *p = cx->p;
	struct screen *sc = cx->sc;
	if (cx->cols < SCREEN_MIN_COLS || cx->rows < SCREEN_MIN_ROWS) {
		sc->too_small = true;
		draw_too_small(cx);
		return;
	}
	if (p->nav.blank != BLANK_NONE) {
		sc->blank = p->nav.blank;
		return;
	}
	int body = cx->rows - 1;
	if (p->nav.overlay == OVERLAY_NONE)
		body -= draw_caption(cx, body);
	if (p->nav.overlay == OVERLAY_HELP)
		draw_help(cx, body);
	else if (p->nav.overlay == OVERLAY_OVERVIEW)
		draw_overview(cx, body);
	else if (p->nav.overlay == OVERLAY_MESSAGES)
		draw_messages(cx, body);
	else if (p->nav.presenter)
		draw_presenter(cx, body);
	else
		draw_slide_screen(cx, body);
	draw_status(cx);
}

void screen_compose(struct screen *sc, const struct present *p, unsigned cols, unsigned rows)
{
	memset(sc, 0, sizeof *sc);
	sc->cols = cols;
	sc->rows = rows;
	sc->f = frame_new(cols, rows);
	sc->scroll = p->nav.scroll;
	sc->notes_scroll = p->nav.notes_scroll;
	sc->help_scroll = p->nav.help_scroll;
	struct compose c = { p, sc, (int)cols, (int)rows, NULL, 0, 0 };
	compose(&c);
	build_frame(&c);
}

void screen_release(struct screen *sc)
{
	frame_free(sc->f);
	sc->f = NULL;
	while (sc->text) {
		struct screen_text *next = sc->text->next;
		free(sc->text);
		sc->text = next;
	}
}

void present_accept(struct present *p, const struct screen *sc)
{
	p->nav.scroll = sc->scroll;
	p->nav.notes_scroll = sc->notes_scroll;
	p->nav.help_scroll = sc->help_scroll;
}
