/* The presenter's timer line, built from a timer driven by hand-picked
 * times: wall clock, elapsed, slide time against its plan and the slide
 * warning, remaining and overtime, pace ahead/behind with its styles,
 * the paused marker, end-time mode, decks without planned times, the
 * auto marker and the ranks that decide what a narrow line leaves out. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "timerline.h"

#define S 1000u
#define MIN (60u * S)

static struct slide slides[] = {
	{ .id = "intro", .title = "Welcome", .time_s = 60, .nsteps = 1 },
	{ .id = "problem", .title = "问题在哪里", .time_s = 120, .nsteps = 1 },
	{ .id = "extra", .title = "Raw numbers", .time_s = 30, .backup = true, .nsteps = 1 },
	{ .id = "result", .title = "Result", .time_s = 60, .nsteps = 1 },
};
static struct deck deck = { .path = "talk.ini",
			    .meta = { .id = "talk", .title = "Talk" },
			    .slides = slides,
			    .nslides = 4 };

static struct slide bare_slides[] = {
	{ .id = "a", .title = "A", .nsteps = 1 },
	{ .id = "b", .title = "B", .nsteps = 1 },
};
static struct deck bare = { .path = "bare.ini",
			    .meta = { .id = "bare", .title = "Bare" },
			    .slides = bare_slides,
			    .nslides = 2 };

#define WALL0 UINT64_C(1714555800000)
/* 14:05:09 local, as the front end would pass it in. */
#define DAY0 ((14u * 3600u + 5u * 60u + 9u) * 1000u)

/* The parts joined by " | ", as one string to compare. */
static const char *joined(const struct timerline *tl, char *buf, size_t cap)
{
	size_t len = 0;
	buf[0] = 0;
	for (size_t i = 0; i < tl->n && len + 4 < cap; i++) {
		int w = snprintf(buf + len, cap - len, "%s%s", i ? " | " : "", tl->parts[i].text);
		if (w < 0)
			break;
		len += (size_t)w;
	}
	return buf;
}

/* The style of the part whose text starts with prefix; -1 when none. */
static int style_of(const struct timerline *tl, const char *prefix)
{
	for (size_t i = 0; i < tl->n; i++)
		if (strncmp(tl->parts[i].text, prefix, strlen(prefix)) == 0)
			return (int)tl->parts[i].style;
	return -1;
}

static void build(struct timerline *tl, const struct timer *t, uint64_t now, uint32_t day_ms,
		  bool auto_adv)
{
	struct timerline_opts o = { day_ms, auto_adv };
	timerline_build(tl, t, now, WALL0 + now, &o);
}

static void test_on_plan_and_slide_over(void)
{
	struct timer t;
	struct timerline tl;
	char buf[512];
	timer_init(&t, &deck);
	timer_start(&t, 0, 0, WALL0);
	build(&tl, &t, 45 * S, DAY0, false);
	is_str(joined(&tl, buf, sizeof buf),
	       "14:05:09 | elapsed 0:45 | slide 0:45/1:00 | left 3:15 | on plan",
	       "on plan: clock, elapsed, slide against plan, remaining, pace");
	is_int(style_of(&tl, "14:05:09"), STYLE_HEADER, "the clock is a header");
	is_int(style_of(&tl, "slide"), STYLE_HEADER, "the slide time before its plan is a header");
	is_int(style_of(&tl, "left"), STYLE_HEADER, "remaining time is a header");
	is_int(style_of(&tl, "on plan"), STYLE_PACE_ON_PLAN, "on plan in its style");

	build(&tl, &t, 75 * S, DAY0, false);
	is_str(joined(&tl, buf, sizeof buf),
	       "14:05:09 | elapsed 1:15 | slide 1:15/1:00 over | left 2:45 | behind by 15 s",
	       "past the slide's plan: the slide warns, the pace is behind");
	is_int(style_of(&tl, "slide"), STYLE_WARNING, "the slide warning is a warning");
	is_int(style_of(&tl, "behind"), STYLE_PACE_ON_PLAN, "15 s behind is still on plan");

	build(&tl, &t, 80 * S, DAY0, false);
	is_str(tl.parts[tl.n - 1].text, "behind by 20 s", "20 s behind");
	is_int(style_of(&tl, "behind"), STYLE_PACE_BEHIND, "20 s behind is slightly behind");

	build(&tl, &t, 200 * S, DAY0, false);
	is_str(tl.parts[tl.n - 1].text, "behind by 2:20", "140 s behind: above a minute, M:SS");
	is_int(style_of(&tl, "behind"), STYLE_PACE_FAR, "140 s behind is far behind");
	timer_release(&t);
}

static void test_ahead_and_revisits(void)
{
	struct timer t;
	struct timerline tl;
	char buf[512];
	timer_init(&t, &deck);
	timer_start(&t, 0, 0, WALL0);
	timer_enter_slide(&t, 1, 10 * S);
	build(&tl, &t, 20 * S, DAY0, false);
	is_str(joined(&tl, buf, sizeof buf),
	       "14:05:09 | elapsed 0:20 | slide 0:10/2:00 | left 3:40 | ahead by 50 s",
	       "moving on early: ahead");
	is_int(style_of(&tl, "ahead"), STYLE_PACE_ON_PLAN, "ahead is on plan");
	timer_enter_slide(&t, 0, 20 * S);
	timer_enter_slide(&t, 1, 25 * S);
	build(&tl, &t, 30 * S, DAY0, false);
	is_str(tl.parts[2].text, "slide 0:15/2:00", "the slide time adds up every visit");
	timer_release(&t);
}

static void test_paused(void)
{
	struct timer t;
	struct timerline tl;
	char buf[512];
	timer_init(&t, &deck);
	timer_start(&t, 0, 0, WALL0);
	timer_toggle(&t, 10 * S);
	build(&tl, &t, 50 * S, DAY0, false);
	is_str(joined(&tl, buf, sizeof buf),
	       "14:05:09 | elapsed 0:10 | PAUSED | slide 0:10/1:00 | left 3:50 | on plan",
	       "paused: a marker, and the times stand still");
	is_int(style_of(&tl, "PAUSED"), STYLE_WARNING, "the paused marker is a warning");
	static const unsigned ranks[] = { 5, 3, 0, 2, 4, 1 };
	for (size_t i = 0; i < tl.n && i < 6; i++) {
		char what[96];
		snprintf(what, sizeof what, "'%s' has rank %u", tl.parts[i].text, ranks[i]);
		is_int(tl.parts[i].rank, ranks[i], what);
	}
	timer_toggle(&t, 50 * S);
	build(&tl, &t, 55 * S, DAY0, false);
	is_str(joined(&tl, buf, sizeof buf),
	       "14:05:09 | elapsed 0:15 | slide 0:15/1:00 | left 3:45 | on plan",
	       "resumed: no marker, counting again");
	timer_release(&t);
}

static void test_overtime(void)
{
	struct timer t;
	struct timerline tl;
	char buf[512];
	timer_init(&t, &deck);
	timer_set_duration(&t, 1 * MIN);
	timer_start(&t, 0, 0, WALL0);
	build(&tl, &t, 90 * S, DAY0, false);
	is_str(joined(&tl, buf, sizeof buf),
	       "14:05:09 | elapsed 1:30 | slide 1:30/1:00 over | over 0:30 | behind by 30 s",
	       "past the planned duration: over");
	is_int(style_of(&tl, "over"), STYLE_PACE_OVER, "overtime in its style");
	is_int(style_of(&tl, "behind"), STYLE_PACE_OVER, "the pace shows overtime");
	timer_release(&t);
}

static void test_end_time(void)
{
	struct timer t;
	struct timerline tl;
	timer_init(&t, &deck);
	timer_set_end(&t, WALL0 + 10 * MIN);
	timer_start(&t, 0, 0, WALL0);
	timer_toggle(&t, 1 * MIN);
	build(&tl, &t, 4 * MIN, DAY0 + 4 * MIN, false);
	is_str(tl.parts[0].text, "14:09:09", "the clock follows the wall time");
	is_str(tl.parts[4].text, "left 6:00",
	       "end-time mode counts down to the end, paused or not");
	timer_release(&t);
}

static void test_bare_and_auto(void)
{
	struct timer t;
	struct timerline tl;
	char buf[512];
	timer_init(&t, &bare);
	timer_start(&t, 0, 0, WALL0);
	build(&tl, &t, 5 * S, 0, true);
	is_str(joined(&tl, buf, sizeof buf), "00:00:00 | elapsed 0:05 | slide 0:05 | auto",
	       "no planned times: no plan, no remaining, no pace; the auto marker");
	is_int(style_of(&tl, "auto"), STYLE_DIM, "the auto marker is dim");
	build(&tl, &t, 5 * S, 86399999u, false);
	is_str(tl.parts[0].text, "23:59:59", "the last second of the day");
	timer_release(&t);

	timer_init(&t, &deck);
	build(&tl, &t, 5 * S, DAY0, false);
	is_str(joined(&tl, buf, sizeof buf),
	       "14:05:09 | elapsed 0:00 | slide 0:00/1:00 | left 4:00",
	       "an idle timer shows no pace");
	timer_release(&t);
}

/* The pace reads seconds below a minute and M:SS from a minute on, ahead
 * and behind alike (issue 15: "ahead by 444 s"). */
static void test_pace_text(void)
{
	static const struct {
		int64_t behind_ms;
		const char *want;
	} cases[] = {
		{ 999, "on plan" },           { -999, "on plan" },
		{ 59999, "behind by 59 s" },  { -59999, "ahead by 59 s" },
		{ 60000, "behind by 1:00" },  { -444000, "ahead by 7:24" },
		{ -444999, "ahead by 7:24" }, { 3725000, "behind by 1:02:05" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct timerline tl = { .n = 0 };
		struct timerline_view v = { .state = TIMER_RUNNING };
		v.pace.planned = true;
		v.pace.behind_ms = cases[i].behind_ms;
		struct timerline_opts o = { DAY0, false };
		timerline_add_view(&tl, &v, &o);
		char what[64];
		snprintf(what, sizeof what, "pace of %lld ms", (long long)cases[i].behind_ms);
		is_str(tl.n ? tl.parts[tl.n - 1].text : "", cases[i].want, what);
	}
}

static void test_pace_styles(void)
{
	is_int(timerline_pace_style(PACE_ON_PLAN), STYLE_PACE_ON_PLAN, "on plan");
	is_int(timerline_pace_style(PACE_SLIGHTLY_BEHIND), STYLE_PACE_BEHIND, "slightly behind");
	is_int(timerline_pace_style(PACE_FAR_BEHIND), STYLE_PACE_FAR, "far behind");
	is_int(timerline_pace_style(PACE_OVERTIME), STYLE_PACE_OVER, "overtime");
}

/* ---- coaching from the rehearsal history ---- */

/* A record of deck `deck` with times (ms) for intro, problem, extra
 * (backup), result; UINT64_MAX: the slide was never reached. */
static void make_record(struct record *r, struct record_slide *rs, bool complete,
			const uint64_t ms[4])
{
	memset(r, 0, sizeof *r);
	r->deck_id = "talk";
	r->complete = complete;
	r->slides = rs;
	r->nslides = 4;
	for (size_t i = 0; i < 4; i++) {
		bool never = ms[i] == UINT64_MAX;
		rs[i] = (struct record_slide){ .id = (char *)slides[i].id,
					       .title = (char *)slides[i].title,
					       .planned_s = slides[i].time_s,
					       .actual_ms = never ? 0 : ms[i],
					       .visits = never ? 0 : 1 };
		r->total_ms += never ? 0 : ms[i];
	}
}

static void coach_line(struct timerline *tl, const struct timerline_history *h, size_t slide,
		       uint64_t slide_ms, bool has_rem, int64_t rem_ms)
{
	struct timerline_coach c = { .state = TIMER_RUNNING,
				     .slide = slide,
				     .slide_ms = slide_ms,
				     .has_remaining = has_rem,
				     .remaining_ms = rem_ms,
				     .local_day_ms = DAY0 };
	tl->n = 0;
	timerline_add_coach(tl, h, &c);
}

static void test_coach(void)
{
	struct record v[5];
	struct record_slide rs[5][4];
	/* intro 50 70 60 -> 60; problem 130 150 140 -> 140; result 70, 50,
	 * never reached (r3 is then incomplete), 60 -> 60 of the complete ones;
	 * the incomplete r4 (600 s on intro) is left out while complete ones exist */
	make_record(&v[0], rs[0], true, (uint64_t[]){ 50 * S, 130 * S, 0, 70 * S });
	make_record(&v[1], rs[1], true, (uint64_t[]){ 70 * S, 150 * S, 0, 50 * S });
	make_record(&v[2], rs[2], true, (uint64_t[]){ 65 * S, 100 * S, 0, UINT64_MAX });
	make_record(&v[3], rs[3], true, (uint64_t[]){ 60 * S, 140 * S, 5 * S, 60 * S });
	make_record(&v[4], rs[4], false, (uint64_t[]){ 600 * S, 140 * S, 0, 1 * S });
	struct timerline_history h;
	timerline_history_build(&h, &deck, v, 5);
	is_int(h.nused, 3, "three complete rehearsals used (r3 skipped the last slide)");
	ok(h.slide_ms[0] == 60 * S && h.slide_ms[1] == 140 * S && h.slide_ms[3] == 60 * S,
	   "medians per slide: intro 1:00, problem 2:20, result 1:00");
	is_int(h.slide_ms[2], 0, "a backup slide has no median");
	is_int(h.rest_ms[0], 260 * S, "the talk as rehearsed: 4:20 (backup slide not counted)");

	struct timerline tl;
	char buf[512];
	/* on problem after 1:40, 1:40 left: 0:40 of it and 1:00 of result */
	coach_line(&tl, &h, 1, 100 * S, true, 100 * S);
	is_str(joined(&tl, buf, sizeof buf), "rehearsed 2:20 | ends 14:07, on time",
	       "the median on this slide, the end projected from 14:05:09");
	is_int(style_of(&tl, "rehearsed"), STYLE_HEADER, "below the median: header style");
	coach_line(&tl, &h, 1, 100 * S, true, 40 * S);
	is_str(joined(&tl, buf, sizeof buf), "rehearsed 2:20 | ends 14:07, 1:00 over",
	       "over the time left");
	is_int(style_of(&tl, "ends"), STYLE_PACE_OVER, "over: the overtime style");
	coach_line(&tl, &h, 1, 100 * S, true, 180 * S);
	is_str(joined(&tl, buf, sizeof buf), "rehearsed 2:20 | ends 14:07, 1:20 early",
	       "early against the time left");
	coach_line(&tl, &h, 1, 150 * S, false, 0);
	is_str(joined(&tl, buf, sizeof buf), "rehearsed 2:20 | ends 14:06",
	       "past the median: the rest is the later slides; no plan, no comparison");
	is_int(style_of(&tl, "rehearsed"), STYLE_WARNING, "past the median: warning style");
	coach_line(&tl, &h, 2, 10 * S, true, 60 * S);
	is_str(joined(&tl, buf, sizeof buf), "ends 14:06, on time",
	       "on a backup slide: no median, the rest as rehearsed");

	struct timerline_coach idle = { .state = TIMER_IDLE, .slide = 0, .local_day_ms = DAY0 };
	tl.n = 0;
	timerline_add_coach(&tl, &h, &idle);
	is_int(tl.n, 0, "nothing before the timer starts");
	timerline_history_release(&h);

	timerline_history_build(&h, &deck, v + 4, 1);
	is_int(h.nused, 1, "only incomplete rehearsals: they are used");
	is_int(h.slide_ms[0], 600 * S, "the incomplete rehearsal's time");
	timerline_history_release(&h);

	timerline_history_build(&h, &deck, NULL, 0);
	coach_line(&tl, &h, 0, 10 * S, true, 60 * S);
	is_int(tl.n, 0, "no rehearsal: no coaching pieces");
	timerline_history_release(&h);
}

int main(void)
{
	tap_plan(45 + 16);
	test_on_plan_and_slide_over();
	test_ahead_and_revisits();
	test_paused();
	test_overtime();
	test_end_time();
	test_bare_and_auto();
	test_pace_text();
	test_pace_styles();
	test_coach();
	return tap_done();
}
