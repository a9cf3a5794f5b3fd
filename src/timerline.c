/* The presenter's timer line: formats the timer's readings into styled
 * pieces of text for the front end to place. */
#include "timerline.h"

#include <stdarg.h>
#include <stdio.h>

void timerline_add(struct timerline *tl, unsigned rank, enum style st, const char *fmt, ...)
{
	if (tl->n >= TIMERLINE_MAX_PARTS)
		return;
	struct timerline_part *p = &tl->parts[tl->n++];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->text, sizeof p->text, fmt, ap);
	va_end(ap);
	p->style = st;
	p->rank = rank;
}

enum style timerline_pace_style(enum pace p)
{
	switch (p) {
	case PACE_ON_PLAN: return STYLE_PACE_ON_PLAN;
	case PACE_SLIGHTLY_BEHIND: return STYLE_PACE_BEHIND;
	case PACE_FAR_BEHIND: return STYLE_PACE_FAR;
	case PACE_OVERTIME: return STYLE_PACE_OVER;
	}
	return STYLE_PACE_ON_PLAN;
}

static void add_slide(struct timerline *tl, const struct timerline_view *v)
{
	char on[TIMER_FMT_LEN], plan[TIMER_FMT_LEN];
	timer_format_ms((int64_t)v->slide_ms, on);
	if (!v->planned_s) {
		timerline_add(tl, TIMERLINE_RANK_SLIDE, STYLE_HEADER, "slide %s", on);
		return;
	}
	timer_format_ms((int64_t)v->planned_s * 1000, plan);
	if (v->pace.slide_over)
		timerline_add(tl, TIMERLINE_RANK_SLIDE, STYLE_WARNING, "slide %s/%s over", on,
			      plan);
	else
		timerline_add(tl, TIMERLINE_RANK_SLIDE, STYLE_HEADER, "slide %s/%s", on, plan);
}

static void add_pace(struct timerline *tl, const struct timer_pace *p)
{
	enum style st = timerline_pace_style(p->state);
	int64_t ms = p->behind_ms;
	uint64_t mag = ms < 0 ? (uint64_t)(-(ms + 1)) + 1u : (uint64_t)ms;
	uint64_t s = timer_whole_s(mag);
	const char *dir = ms > 0 ? "behind" : "ahead";
	char buf[TIMER_FMT_LEN];
	if (s == 0) {
		timerline_add(tl, TIMERLINE_RANK_PACE, st, "on plan");
	} else if (s < 60u) {
		timerline_add(tl, TIMERLINE_RANK_PACE, st, "%s by %u s", dir, (unsigned)s);
	} else {
		timer_format_ms((int64_t)(s * 1000u), buf);
		timerline_add(tl, TIMERLINE_RANK_PACE, st, "%s by %s", dir, buf);
	}
}

void timerline_add_view(struct timerline *tl, const struct timerline_view *v,
			const struct timerline_opts *o)
{
	uint32_t day_s = o->local_day_ms / 1000u % 86400u;
	timerline_add(tl, TIMERLINE_RANK_CLOCK, STYLE_HEADER, "%02u:%02u:%02u", day_s / 3600u,
		      day_s / 60u % 60u, day_s % 60u);
	char buf[TIMER_FMT_LEN];
	timer_format_ms((int64_t)v->elapsed_ms, buf);
	timerline_add(tl, TIMERLINE_RANK_ELAPSED, STYLE_HEADER, "elapsed %s", buf);
	if (v->state == TIMER_PAUSED)
		timerline_add(tl, TIMERLINE_RANK_PAUSED, STYLE_WARNING, "PAUSED");
	add_slide(tl, v);
	if (v->has_remaining) {
		int64_t rem = v->remaining_ms;
		timer_format_ms(rem < 0 ? -rem : rem, buf);
		if (rem < 0)
			timerline_add(tl, TIMERLINE_RANK_LEFT, STYLE_PACE_OVER, "over %s", buf);
		else
			timerline_add(tl, TIMERLINE_RANK_LEFT, STYLE_HEADER, "left %s", buf);
	}
	if (v->pace.planned && v->state != TIMER_IDLE)
		add_pace(tl, &v->pace);
	if (o->auto_advance)
		timerline_add(tl, TIMERLINE_RANK_AUTO, STYLE_DIM, "auto");
}

void timerline_build(struct timerline *tl, const struct timer *t, uint64_t now_ms, uint64_t wall_ms,
		     const struct timerline_opts *o)
{
	struct timerline_view v = {
		.state = t->state,
		.elapsed_ms = timer_elapsed_ms(t, now_ms),
		.slide_ms = t->cur < t->nslides ? timer_slide_ms(t, t->cur, now_ms) : 0,
		.planned_s = t->cur < t->nslides ? t->slides[t->cur].planned_s : 0,
		.pace = timer_pace(t, now_ms, wall_ms),
	};
	v.has_remaining = timer_remaining_ms(t, now_ms, wall_ms, &v.remaining_ms);
	tl->n = 0;
	timerline_add_view(tl, &v, o);
}

void timerline_countdown(uint64_t left_ms, char buf[TIMERLINE_COUNTDOWN_LEN])
{
	char f[TIMER_FMT_LEN];
	timer_format_ms((int64_t)((left_ms + 999u) / 1000u * 1000u), f);
	snprintf(buf, TIMERLINE_COUNTDOWN_LEN, "starts in %s", f);
}
