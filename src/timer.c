/* The rehearsal timer. Time is kept as closed segments plus one open
 * segment that started at seg_start while the timer runs: every event
 * (pause, slide change, rebind) first closes the open segment, adding its
 * length to the talk, to the current slide and to the current visit, then
 * changes state. Queries add the open segment on the fly and never modify
 * the timer. A clock that appears to run backwards counts as no time. */
#include "timer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smap.h"
#include "xalloc.h"

static uint64_t open_ms(const struct timer *t, uint64_t now_ms)
{
	if (t->state != TIMER_RUNNING || now_ms < t->seg_start)
		return 0;
	return now_ms - t->seg_start;
}

static void close_segment(struct timer *t, uint64_t now_ms)
{
	uint64_t d = open_ms(t, now_ms);
	t->done_ms += d;
	t->visit_ms += d;
	if (t->cur < t->nslides)
		t->slides[t->cur].ms += d;
	if (t->state == TIMER_RUNNING && now_ms > t->seg_start)
		t->seg_start = now_ms;
}

static uint64_t deck_plan_ms(const struct deck *d)
{
	if (d->meta.duration_s)
		return (uint64_t)d->meta.duration_s * 1000u;
	uint64_t sum = 0;
	for (size_t i = 0; i < d->nslides; i++)
		if (!d->slides[i].backup)
			sum += (uint64_t)d->slides[i].time_s * 1000u;
	return sum;
}

static void free_slides(struct timer_slide *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].id);
		free(v[i].title);
	}
	free(v);
}

static void copy_deck_facts(struct timer *t, const struct deck *d)
{
	free(t->deck_id);
	free(t->deck_path);
	t->deck_id = xstrdup(d->meta.id ? d->meta.id : "");
	t->deck_path = xstrdup(d->path ? d->path : "");
	t->deck_hash = d->hash;
	if (!t->duration_set)
		t->planned_ms = deck_plan_ms(d);
}

void timer_init(struct timer *t, const struct deck *d)
{
	memset(t, 0, sizeof *t);
	t->state = TIMER_IDLE;
	t->limits = PACE_LIMITS_DEFAULT;
	t->nslides = d->nslides;
	t->slides = xcalloc(d->nslides ? d->nslides : 1, sizeof *t->slides);
	for (size_t i = 0; i < d->nslides; i++) {
		const struct slide *s = &d->slides[i];
		t->slides[i].id = xstrdup(s->id ? s->id : "");
		t->slides[i].title = xstrdup(s->title ? s->title : "");
		t->slides[i].planned_s = s->time_s;
		t->slides[i].backup = s->backup;
	}
	copy_deck_facts(t, d);
}

void timer_release(struct timer *t)
{
	free_slides(t->slides, t->nslides);
	free(t->deck_id);
	free(t->deck_path);
	memset(t, 0, sizeof *t);
}

void timer_set_duration(struct timer *t, uint64_t ms)
{
	t->planned_ms = ms;
	t->duration_set = true;
}

void timer_set_end(struct timer *t, uint64_t end_wall_ms)
{
	t->end_wall_ms = end_wall_ms;
}

uint64_t timer_end_from_day_s(uint64_t wall_ms, uint32_t local_day_ms, uint32_t end_day_s)
{
	uint64_t day = UINT64_C(86400000);
	uint64_t now_in_day = local_day_ms % day;
	uint64_t end_in_day = ((uint64_t)end_day_s * 1000u) % day;
	uint64_t ahead = (end_in_day + day - now_in_day) % day;
	if (ahead > 20u * 3600u * 1000u) {
		uint64_t behind = day - ahead;
		return wall_ms > behind ? wall_ms - behind : 0;
	}
	return wall_ms + ahead;
}

static size_t clamp_index(const struct timer *t, size_t i)
{
	if (t->nslides == 0)
		return 0;
	return i < t->nslides ? i : t->nslides - 1;
}

void timer_start(struct timer *t, size_t slide, uint64_t now_ms, uint64_t wall_ms)
{
	for (size_t i = 0; i < t->nslides; i++) {
		t->slides[i].ms = 0;
		t->slides[i].visits = 0;
	}
	t->cur = clamp_index(t, slide);
	if (t->cur < t->nslides)
		t->slides[t->cur].visits = 1;
	t->done_ms = t->visit_ms = 0;
	t->seg_start = now_ms;
	t->start_wall_ms = wall_ms;
	t->state = TIMER_RUNNING;
}

void timer_restart(struct timer *t, uint64_t now_ms, uint64_t wall_ms)
{
	t->start_at_wall_ms = 0;
	timer_start(t, t->cur, now_ms, wall_ms);
}

void timer_pause(struct timer *t, uint64_t now_ms)
{
	if (t->state != TIMER_RUNNING)
		return;
	close_segment(t, now_ms);
	t->state = TIMER_PAUSED;
}

void timer_resume(struct timer *t, uint64_t now_ms)
{
	if (t->state != TIMER_PAUSED)
		return;
	t->seg_start = now_ms;
	t->state = TIMER_RUNNING;
}

void timer_toggle(struct timer *t, uint64_t now_ms)
{
	if (t->state == TIMER_RUNNING)
		timer_pause(t, now_ms);
	else
		timer_resume(t, now_ms);
}

void timer_enter_slide(struct timer *t, size_t index, uint64_t now_ms)
{
	index = clamp_index(t, index);
	if (index == t->cur)
		return;
	close_segment(t, now_ms);
	t->cur = index;
	t->visit_ms = 0;
	if (t->state != TIMER_IDLE && index < t->nslides)
		t->slides[index].visits++;
}

uint64_t timer_elapsed_ms(const struct timer *t, uint64_t now_ms)
{
	return t->done_ms + open_ms(t, now_ms);
}

uint64_t timer_on_slide_ms(const struct timer *t, uint64_t now_ms)
{
	return t->visit_ms + open_ms(t, now_ms);
}

uint64_t timer_slide_ms(const struct timer *t, size_t i, uint64_t now_ms)
{
	if (i >= t->nslides)
		return 0;
	return t->slides[i].ms + (i == t->cur ? open_ms(t, now_ms) : 0);
}

bool timer_slide_due(const struct timer *t, uint64_t now_ms)
{
	if (t->state != TIMER_RUNNING || t->cur >= t->nslides || !t->slides[t->cur].planned_s)
		return false;
	return timer_on_slide_ms(t, now_ms) >= (uint64_t)t->slides[t->cur].planned_s * 1000u;
}

bool timer_remaining_ms(const struct timer *t, uint64_t now_ms, uint64_t wall_ms, int64_t *out)
{
	if (t->end_wall_ms) {
		*out = (int64_t)t->end_wall_ms - (int64_t)wall_ms;
		return true;
	}
	if (t->planned_ms) {
		*out = (int64_t)t->planned_ms - (int64_t)timer_elapsed_ms(t, now_ms);
		return true;
	}
	return false;
}

struct timer_pace timer_pace_of(bool planned, uint64_t before_ms, uint64_t here_plan_ms,
				uint64_t elapsed_ms, uint64_t slide_ms, bool overtime,
				const struct pace_limits *lim)
{
	struct timer_pace p = { 0, PACE_ON_PLAN, false, planned };
	if (planned) {
		uint64_t should = before_ms + (slide_ms < here_plan_ms ? slide_ms : here_plan_ms);
		p.behind_ms = (int64_t)elapsed_ms - (int64_t)should;
		p.slide_over = here_plan_ms > 0 && slide_ms > here_plan_ms;
	}
	if (overtime)
		p.state = PACE_OVERTIME;
	else if (p.behind_ms <= (int64_t)lim->slightly_ms)
		p.state = PACE_ON_PLAN;
	else if (p.behind_ms <= (int64_t)lim->far_ms)
		p.state = PACE_SLIGHTLY_BEHIND;
	else
		p.state = PACE_FAR_BEHIND;
	return p;
}

struct timer_pace timer_pace(const struct timer *t, uint64_t now_ms, uint64_t wall_ms)
{
	bool planned = false;
	uint64_t before = 0, here_plan = 0;
	for (size_t i = 0; i < t->nslides; i++) {
		if (t->slides[i].planned_s)
			planned = true;
		if (i < t->cur && !t->slides[i].backup)
			before += (uint64_t)t->slides[i].planned_s * 1000u;
	}
	if (t->cur < t->nslides)
		here_plan = (uint64_t)t->slides[t->cur].planned_s * 1000u;
	else
		planned = false;
	int64_t rem;
	bool over =
		timer_remaining_ms(t, now_ms, wall_ms, &rem) && rem < 0 && t->state != TIMER_IDLE;
	return timer_pace_of(planned, before, here_plan, timer_elapsed_ms(t, now_ms),
			     t->cur < t->nslides ? timer_slide_ms(t, t->cur, now_ms) : 0, over,
			     &t->limits);
}

uint64_t timer_whole_s(uint64_t ms)
{
	return ms / 1000u;
}

bool timer_reached_end(const struct timer *t)
{
	for (size_t i = t->nslides; i-- > 0;)
		if (!t->slides[i].backup)
			return t->state != TIMER_IDLE && t->slides[i].visits > 0;
	return false;
}

void timer_format_ms(int64_t ms, char buf[TIMER_FMT_LEN])
{
	const char *sign = ms < 0 ? "-" : "";
	/* the magnitude, computed without overflow for INT64_MIN */
	uint64_t mag = ms < 0 ? (uint64_t)(-(ms + 1)) + 1u : (uint64_t)ms;
	uint64_t s = timer_whole_s(mag);
	if (s == 0)
		sign = "";
	if (s >= 3600u)
		snprintf(buf, TIMER_FMT_LEN, "%s%llu:%02u:%02u", sign,
			 (unsigned long long)(s / 3600u), (unsigned)(s / 60u % 60u),
			 (unsigned)(s % 60u));
	else
		snprintf(buf, TIMER_FMT_LEN, "%s%u:%02u", sign, (unsigned)(s / 60u),
			 (unsigned)(s % 60u));
}

void timer_rebind(struct timer *t, const struct deck *d, uint64_t now_ms)
{
	close_segment(t, now_ms);
	size_t cap = d->nslides + t->nslides;
	struct timer_slide *v = xcalloc(cap ? cap : 1, sizeof *v);
	bool *taken = xcalloc(t->nslides ? t->nslides : 1, sizeof *taken);
	size_t n = 0, cur = 0;
	bool cur_found = false;
	struct smap old = { 0 }; /* the timer's slide ids -> index, the first of each */
	for (size_t j = 0; j < t->nslides; j++) {
		size_t len = strlen(t->slides[j].id);
		if (!smap_get(&old, t->slides[j].id, len))
			smap_put(&old, t->slides[j].id, len, j);
	}
	for (size_t i = 0; i < d->nslides; i++, n++) {
		const struct slide *s = &d->slides[i];
		v[n].id = xstrdup(s->id ? s->id : "");
		v[n].title = xstrdup(s->title ? s->title : "");
		v[n].planned_s = s->time_s;
		v[n].backup = s->backup;
		const size_t *hit = smap_get(&old, v[n].id, strlen(v[n].id));
		if (hit && !taken[*hit]) {
			size_t j = *hit;
			taken[j] = true;
			v[n].ms = t->slides[j].ms;
			v[n].visits = t->slides[j].visits;
			if (j == t->cur) {
				cur = n;
				cur_found = true;
			}
		}
	}
	smap_release(&old);
	for (size_t j = 0; j < t->nslides; j++) {
		if (taken[j] || (t->slides[j].ms == 0 && t->slides[j].visits == 0))
			continue;
		v[n] = t->slides[j];
		v[n].id = xstrdup(t->slides[j].id);
		v[n].title = xstrdup(t->slides[j].title);
		v[n].backup = true;
		v[n].planned_s = 0;
		n++;
	}
	free(taken);
	free_slides(t->slides, t->nslides);
	t->slides = v;
	t->nslides = n;
	t->cur = cur;
	if (!cur_found)
		t->visit_ms = 0;
	copy_deck_facts(t, d);
}

void timer_start_at(struct timer *t, uint64_t start_wall_ms, size_t slide, uint64_t now_ms,
		    uint64_t wall_ms)
{
	if (start_wall_ms > wall_ms) {
		t->start_at_wall_ms = start_wall_ms;
		return;
	}
	t->start_at_wall_ms = 0;
	timer_start(t, slide, now_ms, wall_ms);
}

bool timer_waiting(const struct timer *t)
{
	return t->start_at_wall_ms != 0;
}

uint64_t timer_wait_left_ms(const struct timer *t, uint64_t wall_ms)
{
	return t->start_at_wall_ms > wall_ms ? t->start_at_wall_ms - wall_ms : 0;
}

bool timer_start_due(struct timer *t, size_t slide, uint64_t now_ms, uint64_t wall_ms, bool force)
{
	if (!t->start_at_wall_ms || (!force && wall_ms < t->start_at_wall_ms))
		return false;
	t->start_at_wall_ms = 0;
	timer_start(t, slide, now_ms, wall_ms);
	return true;
}
