/* The two-terminal mode's pure part. The presenting process is the only
 * owner of the navigation and the timer: a console keeps a navigation
 * state of its own only for what stays local (help, prompts, notes scroll)
 * and for drawing, and moves it only when a STATE says so. A console's
 * keys either become NAVs (sent, never applied locally) or act on its own
 * view; console_input() decides by running the key through nav_input() on
 * the console's state and undoing any move it made. */
#include "console.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Ranks as in timerline.h; the blackout marker goes first. */

bool console_remote_allowed(enum action a)
{
	return action_remote(a);
}

static unsigned slide_steps(const struct slide *s)
{
	return s->nsteps ? s->nsteps : 1;
}

/* ---- the presenting side ---- */

static enum proto_pace proto_pace_of(enum pace p)
{
	switch (p) {
	case PACE_ON_PLAN: return PROTO_PACE_ON_PLAN;
	case PACE_SLIGHTLY_BEHIND: return PROTO_PACE_SLIGHTLY_BEHIND;
	case PACE_FAR_BEHIND: return PROTO_PACE_FAR_BEHIND;
	case PACE_OVERTIME: return PROTO_PACE_OVERTIME;
	}
	return PROTO_PACE_NONE;
}

void console_state_make(struct proto_state *st, const struct nav *n, const struct timer *t,
			uint64_t now_ms, uint64_t wall_ms)
{
	memset(st, 0, sizeof *st);
	const struct deck *d = n->deck;
	const struct slide *s = &d->slides[n->cur];
	st->slide = (uint32_t)n->cur;
	st->nslides = (uint32_t)d->nslides;
	proto_copy_text(st->slide_id, sizeof st->slide_id, s->id ? s->id : "");
	st->step = n->step;
	st->nsteps = slide_steps(s);
	st->timer = t->state == TIMER_RUNNING  ? PROTO_TIMER_RUNNING
		    : t->state == TIMER_PAUSED ? PROTO_TIMER_PAUSED
					       : PROTO_TIMER_IDLE;
	st->elapsed_ms = timer_elapsed_ms(t, now_ms);
	st->slide_ms = timer_slide_ms(t, t->cur, now_ms);
	int64_t rem;
	if (timer_remaining_ms(t, now_ms, wall_ms, &rem)) {
		st->has_remaining = true;
		st->remaining_ms = rem;
	}
	struct timer_pace p = timer_pace(t, now_ms, wall_ms);
	st->pace = p.planned && t->state != TIMER_IDLE ? proto_pace_of(p.state) : PROTO_PACE_NONE;
	st->blank = n->blank == BLANK_BLACK   ? PROTO_BLANK_BLACK
		    : n->blank == BLANK_WHITE ? PROTO_BLANK_WHITE
					      : PROTO_BLANK_NONE;
	if (timer_waiting(t)) {
		st->has_starts_in = true;
		st->starts_in_ms = timer_wait_left_ms(t, wall_ms);
	}
}

bool console_state_differs(const struct proto_state *a, const struct proto_state *b)
{
	return a->slide != b->slide || a->nslides != b->nslides || a->step != b->step ||
	       a->nsteps != b->nsteps || a->timer != b->timer || a->blank != b->blank ||
	       a->has_starts_in != b->has_starts_in || strcmp(a->slide_id, b->slide_id) != 0;
}

unsigned console_apply(struct nav *n, const struct proto_nav *m)
{
	bool is_goto = strcmp(m->action, "goto") == 0;
	enum action a = is_goto ? ACTION_GOTO : action_from_name(m->action);
	if (!console_remote_allowed(a) || (a == ACTION_GOTO && !(is_goto && m->has_index)))
		return REACT_NONE;
	if (a == ACTION_GOTO && m->index >= n->deck->nslides)
		return REACT_NONE;
	n->msg[0] = 0;
	n->msg_warn = false;
	n->msg_speaker = false;
	if (a == ACTION_TIMER)
		return REACT_REDRAW | REACT_TIMER;
	if (n->blank != BLANK_NONE) {
		n->blank = BLANK_NONE;
		return REACT_REDRAW;
	}
	bool has = n->has_count;
	unsigned count = n->count;
	n->has_count = false;
	n->count = 0;
	n->overlay = OVERLAY_NONE;
	unsigned r;
	if (a == ACTION_GOTO) {
		nav_goto_index(n, m->index);
		r = REACT_REDRAW;
	} else {
		r = nav_apply(n, a);
	}
	n->has_count = has;
	n->count = count;
	return r & REACT_REDRAW;
}

/* ---- the console side ---- */

bool console_follow(struct nav *n, const struct proto_state *st)
{
	const struct deck *d = n->deck;
	size_t idx;
	if (st->slide < d->nslides && d->slides[st->slide].id &&
	    strcasecmp(d->slides[st->slide].id, st->slide_id) == 0) {
		idx = st->slide;
	} else {
		long j = deck_find(d, st->slide_id);
		idx = j >= 0 ? (size_t)j : st->slide < d->nslides ? st->slide : d->nslides - 1;
	}
	unsigned last = slide_steps(&d->slides[idx]) - 1;
	unsigned step = st->step > last ? last : st->step;
	bool changed = idx != n->cur || step != n->step;
	if (idx != n->cur) {
		n->scroll = 0;
		n->notes_scroll = 0;
		n->reveal = false;
	} else if (step > n->step) {
		n->reveal = true;
	}
	n->cur = idx;
	n->step = step;
	return changed;
}

static void set_action(struct proto_nav *out, enum action a)
{
	proto_copy_text(out->action, sizeof out->action, action_name(a));
}

unsigned console_input(struct nav *n, const struct keymap *km, struct key k, struct proto_nav *out,
		       bool *send)
{
	*send = false;
	memset(out, 0, sizeof *out);
	if (n->prompt == PROMPT_NONE && !n->has_count && n->overlay == OVERLAY_NONE) {
		enum action a = keymap_lookup(km, k, nav_context(n));
		if (a != ACTION_GOTO && console_remote_allowed(a)) {
			n->msg[0] = 0;
			n->msg_warn = false;
			set_action(out, a);
			*send = true;
			return REACT_REDRAW;
		}
		if (a == ACTION_RESTART || a == ACTION_RELOAD) {
			nav_message(n, false, "%s in the presenting terminal",
				    a == ACTION_RESTART ? "restart the timer" : "reload the deck");
			return REACT_REDRAW;
		}
	}
	size_t cur = n->cur;
	unsigned step = n->step, scroll = n->scroll, notes_scroll = n->notes_scroll;
	unsigned r = nav_input(n, km, k);
	if (n->blank != BLANK_NONE) {
		set_action(out, n->blank == BLANK_WHITE ? ACTION_WHITE : ACTION_BLACK);
		n->blank = BLANK_NONE;
		*send = true;
	} else if (r & REACT_TIMER) {
		set_action(out, ACTION_TIMER);
		*send = true;
	} else if (n->cur != cur || n->step != step) {
		proto_copy_text(out->action, sizeof out->action, "goto");
		out->has_index = true;
		out->index = (uint32_t)n->cur;
		*send = true;
	}
	if (n->cur != cur || n->step != step) {
		n->cur = cur;
		n->step = step;
		n->scroll = scroll;
		n->notes_scroll = notes_scroll;
	}
	if (r & (REACT_RESTART | REACT_RELOAD))
		nav_message(n, false, "%s in the presenting terminal",
			    (r & REACT_RESTART) ? "restart the timer" : "reload the deck");
	return r & ~(unsigned)(REACT_RELOAD | REACT_TIMER | REACT_RESTART | REACT_END);
}

#define NOT_SENT "not connected: '"

void console_not_sent(struct nav *n, const struct proto_nav *m)
{
	nav_message(n, true, NOT_SENT "%s' was not sent", m->action);
}

void console_reconnected(struct nav *n)
{
	if (strncmp(n->msg, NOT_SENT, sizeof NOT_SENT - 1) == 0) {
		n->msg[0] = 0;
		n->msg_warn = false;
	}
}

struct console_times console_times(const struct proto_state *st, bool live, uint64_t recv_ms,
				   uint64_t now_ms)
{
	struct console_times tm = { st->elapsed_ms,   st->slide_ms,      st->has_remaining,
				    st->remaining_ms, st->has_starts_in, st->starts_in_ms };
	if (!live || now_ms <= recv_ms)
		return tm;
	uint64_t d = now_ms - recv_ms;
	if (tm.has_starts_in)
		tm.starts_in_ms = tm.starts_in_ms > d ? tm.starts_in_ms - d : 0;
	if (st->timer != PROTO_TIMER_RUNNING)
		return tm;
	tm.elapsed_ms += d;
	tm.slide_ms += d;
	if (tm.has_remaining)
		tm.remaining_ms -= (int64_t)d;
	return tm;
}

/* The pace as timer_pace() computes it, from d's plan and the times. */
static struct timer_pace pace_of(const struct proto_state *st, const struct deck *d,
				 const struct console_times *tm)
{
	bool planned = false;
	uint64_t before = 0;
	for (size_t i = 0; i < d->nslides; i++) {
		if (d->slides[i].time_s)
			planned = true;
		if (i < st->slide && !d->slides[i].backup)
			before += (uint64_t)d->slides[i].time_s * 1000u;
	}
	if (st->slide >= d->nslides)
		planned = false;
	uint64_t here = planned ? (uint64_t)d->slides[st->slide].time_s * 1000u : 0;
	bool over = tm->has_remaining && tm->remaining_ms < 0 && st->timer != PROTO_TIMER_IDLE;
	struct pace_limits lim = PACE_LIMITS_DEFAULT;
	return timer_pace_of(planned, before, here, tm->elapsed_ms, tm->slide_ms, over, &lim);
}

void console_timerline(struct timerline *tl, const struct proto_state *st, const struct deck *d,
		       const struct console_times *tm, uint32_t local_day_ms)
{
	tl->n = 0;
	if (st->blank != PROTO_BLANK_NONE)
		timerline_add(tl, TIMERLINE_RANK_PAUSED, STYLE_WARNING, "%s SCREEN",
			      st->blank == PROTO_BLANK_WHITE ? "WHITE" : "BLACK");
	struct timerline_view v = {
		.state = st->timer == PROTO_TIMER_PAUSED    ? TIMER_PAUSED
			 : st->timer == PROTO_TIMER_RUNNING ? TIMER_RUNNING
							    : TIMER_IDLE,
		.elapsed_ms = tm->elapsed_ms,
		.slide_ms = tm->slide_ms,
		.planned_s = st->slide < d->nslides ? d->slides[st->slide].time_s : 0,
		.has_remaining = tm->has_remaining,
		.remaining_ms = tm->remaining_ms,
		.pace = pace_of(st, d, tm),
	};
	struct timerline_opts o = { local_day_ms, false };
	timerline_add_view(tl, &v, &o);
	if (tm->has_starts_in) {
		char cd[TIMERLINE_COUNTDOWN_LEN];
		timerline_countdown(tm->starts_in_ms, cd);
		timerline_add(tl, TIMERLINE_RANK_PAUSED, STYLE_WARNING, "%s", cd);
	}
}
