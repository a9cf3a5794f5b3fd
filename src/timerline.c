/* The presenter's timer line: formats the timer's readings into styled
 * pieces of text for the front end to place. */
#include "timerline.h"

#include <stdarg.h>
#include <stdio.h>

enum { RANK_PAUSED, RANK_PACE, RANK_SLIDE, RANK_ELAPSED, RANK_LEFT, RANK_CLOCK, RANK_AUTO };

static void add(struct timerline *tl, unsigned rank, enum style st, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void add(struct timerline *tl, unsigned rank, enum style st, const char *fmt, ...)
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
	case PACE_ON_PLAN:
		return STYLE_PACE_ON_PLAN;
	case PACE_SLIGHTLY_BEHIND:
		return STYLE_PACE_BEHIND;
	case PACE_FAR_BEHIND:
		return STYLE_PACE_FAR;
	case PACE_OVERTIME:
		return STYLE_PACE_OVER;
	}
	return STYLE_PACE_ON_PLAN;
}

static void add_slide(struct timerline *tl, const struct timer *t, uint64_t now_ms, bool over)
{
	char on[TIMER_FMT_LEN], plan[TIMER_FMT_LEN];
	timer_format_ms((int64_t)timer_slide_ms(t, t->cur, now_ms), on);
	unsigned planned = t->cur < t->nslides ? t->slides[t->cur].planned_s : 0;
	if (!planned) {
		add(tl, RANK_SLIDE, STYLE_HEADER, "slide %s", on);
		return;
	}
	timer_format_ms((int64_t)planned * 1000, plan);
	if (over)
		add(tl, RANK_SLIDE, STYLE_WARNING, "slide %s/%s over", on, plan);
	else
		add(tl, RANK_SLIDE, STYLE_HEADER, "slide %s/%s", on, plan);
}

static void add_pace(struct timerline *tl, const struct timer_pace *p)
{
	enum style st = timerline_pace_style(p->state);
	int64_t s = p->behind_ms / 1000;
	if (s > 0)
		add(tl, RANK_PACE, st, "behind by %lld s", (long long)s);
	else if (s < 0)
		add(tl, RANK_PACE, st, "ahead by %lld s", -(long long)s);
	else
		add(tl, RANK_PACE, st, "on plan");
}

void timerline_build(struct timerline *tl, const struct timer *t, uint64_t now_ms,
		     uint64_t wall_ms, const struct timerline_opts *o)
{
	tl->n = 0;
	uint32_t day_s = o->local_day_ms / 1000u % 86400u;
	add(tl, RANK_CLOCK, STYLE_HEADER, "%02u:%02u:%02u", day_s / 3600u, day_s / 60u % 60u,
	    day_s % 60u);
	char buf[TIMER_FMT_LEN];
	timer_format_ms((int64_t)timer_elapsed_ms(t, now_ms), buf);
	add(tl, RANK_ELAPSED, STYLE_HEADER, "elapsed %s", buf);
	if (t->state == TIMER_PAUSED)
		add(tl, RANK_PAUSED, STYLE_WARNING, "PAUSED");
	struct timer_pace p = timer_pace(t, now_ms, wall_ms);
	add_slide(tl, t, now_ms, p.slide_over);
	int64_t rem;
	if (timer_remaining_ms(t, now_ms, wall_ms, &rem)) {
		timer_format_ms(rem < 0 ? -rem : rem, buf);
		if (rem < 0)
			add(tl, RANK_LEFT, STYLE_PACE_OVER, "over %s", buf);
		else
			add(tl, RANK_LEFT, STYLE_HEADER, "left %s", buf);
	}
	if (p.planned && t->state != TIMER_IDLE)
		add_pace(tl, &p);
	if (o->auto_advance)
		add(tl, RANK_AUTO, STYLE_DIM, "auto");
}
