/* The presenter's timer line: formats the timer's readings into styled
 * pieces of text for the front end to place. */
#include "timerline.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "plan.h"
#include "xalloc.h"

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

/* ---- coaching from the rehearsal history ---- */

void timerline_history_build(struct timerline_history *h, const struct deck *d,
			     const struct record *v, size_t n)
{
	memset(h, 0, sizeof *h);
	h->nslides = d->nslides;
	h->slide_ms = xcalloc(d->nslides + 1, sizeof *h->slide_ms);
	h->rest_ms = xcalloc(d->nslides + 1, sizeof *h->rest_ms);
	struct plan_opts o = { .from = PLAN_FROM_MEDIAN, .last = TIMERLINE_HISTORY_LAST };
	struct plan p = { 0 };
	struct diag_list quiet; /* no history is not an error here */
	diag_list_init(&quiet);
	int rc = n ? plan_propose(&p, d, v, n, &o, &quiet) : -1;
	if (rc != 0 && n) {
		o.include_incomplete = true;
		rc = plan_propose(&p, d, v, n, &o, &quiet);
	}
	diag_list_release(&quiet);
	if (rc == 0) {
		h->nused = p.nused;
		for (size_t i = 0; i < p.nrows; i++)
			if (p.rows[i].status == PLAN_PROPOSED)
				h->slide_ms[p.rows[i].slide] = p.rows[i].measured_ms;
	}
	plan_release(&p);
	for (size_t i = d->nslides; i-- > 0;) {
		const struct slide *s = &d->slides[i];
		uint64_t own = h->slide_ms[i] ? h->slide_ms[i] : (uint64_t)s->time_s * 1000u;
		h->rest_ms[i] = h->rest_ms[i + 1] + (s->backup ? 0 : own);
	}
}

void timerline_history_release(struct timerline_history *h)
{
	free(h->slide_ms);
	free(h->rest_ms);
	memset(h, 0, sizeof *h);
}

struct timerline_coach timerline_coach_of(const struct timer *t, uint64_t now_ms, uint64_t wall_ms)
{
	struct timerline_coach c = {
		.state = t->state,
		.slide = t->cur,
		.slide_ms = t->cur < t->nslides ? timer_slide_ms(t, t->cur, now_ms) : 0,
		.local_day_ms = clock_local_day_ms(wall_ms),
	};
	c.has_remaining = timer_remaining_ms(t, now_ms, wall_ms, &c.remaining_ms);
	return c;
}

void timerline_add_coach(struct timerline *tl, const struct timerline_history *h,
			 const struct timerline_coach *c)
{
	if (!h || h->nused == 0 || c->state == TIMER_IDLE || c->slide >= h->nslides)
		return;
	uint64_t med = h->slide_ms[c->slide];
	char buf[TIMER_FMT_LEN];
	if (med) {
		timer_format_ms((int64_t)med, buf);
		timerline_add(tl, TIMERLINE_RANK_REHEARSED,
			      timer_whole_s(c->slide_ms) > timer_whole_s(med) ? STYLE_WARNING
									      : STYLE_HEADER,
			      "rehearsed %s", buf);
	}
	/* this slide as rehearsed (else as planned), less the time on it */
	uint64_t here = h->rest_ms[c->slide] - h->rest_ms[c->slide + 1];
	if (!here)
		here = med;
	uint64_t rest = (here > c->slide_ms ? here - c->slide_ms : 0) + h->rest_ms[c->slide + 1];
	uint64_t end_min = ((uint64_t)c->local_day_ms + rest + 30000u) / 60000u % (24u * 60u);
	unsigned hh = (unsigned)(end_min / 60u), mm = (unsigned)(end_min % 60u);
	if (!c->has_remaining) {
		timerline_add(tl, TIMERLINE_RANK_ENDS, STYLE_HEADER, "ends %02u:%02u", hh, mm);
		return;
	}
	int64_t diff = (int64_t)rest - c->remaining_ms;
	uint64_t mag = timer_whole_s(diff < 0 ? (uint64_t)(-(diff + 1)) + 1u : (uint64_t)diff);
	if (mag == 0) {
		timerline_add(tl, TIMERLINE_RANK_ENDS, STYLE_HEADER, "ends %02u:%02u, on time", hh,
			      mm);
		return;
	}
	timer_format_ms((int64_t)(mag * 1000u), buf);
	if (diff > 0)
		timerline_add(tl, TIMERLINE_RANK_ENDS, STYLE_PACE_OVER, "ends %02u:%02u, %s over",
			      hh, mm, buf);
	else
		timerline_add(tl, TIMERLINE_RANK_ENDS, STYLE_HEADER, "ends %02u:%02u, %s early", hh,
			      mm, buf);
}
