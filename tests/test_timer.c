/* The rehearsal timer and the clock helpers, driven by a fake clock: start,
 * pause and resume, revisits adding up, pace states, overtime, end-time
 * mode across midnight, restart, deck reload, and the formatting and
 * parsing helpers of clock.c. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "tap.h"
#include "timer.h"
#include "timerline.h"

#define S 1000u
#define MIN (60u * S)
#define HOUR (60u * MIN)

static struct slide slides[] = {
	{ .id = "intro", .title = "Welcome", .time_s = 60, .nsteps = 1 },
	{ .id = "problem", .title = "问题在哪里", .time_s = 120, .nsteps = 1 },
	{ .id = "extra", .title = "Raw numbers", .time_s = 30, .backup = true, .nsteps = 1 },
	{ .id = "result", .title = "Result", .time_s = 60, .nsteps = 1 },
};
static struct deck deck = { .path = "talk.ini",
			    .meta = { .id = "talk", .title = "Talk" },
			    .slides = slides,
			    .nslides = 4,
			    .hash = 0x0123456789abcdefu };

/* A wall time whose local time of day the tests pass in themselves. */
#define WALL0 UINT64_C(1714555800000)

static void test_fake_clock(void)
{
	struct fake_clock f = { 500 };
	struct clock c = clock_fake(&f);
	is_int(clock_now(&c), 500, "fake clock reads its value");
	clock_fake_advance(&f, 1500);
	is_int(clock_now(&c), 2000, "fake clock advances");
	clock_fake_set(&f, 7);
	is_int(clock_now(&c), 7, "fake clock can be set back");
	struct clock m = clock_monotonic();
	uint64_t a = clock_now(&m), b = clock_now(&m);
	ok(b >= a, "monotonic clock does not go back");
}

static void test_idle_start_pause(void)
{
	struct timer t;
	struct fake_clock f = { 1000 };
	struct clock c = clock_fake(&f);
	timer_init(&t, &deck);
	is_int(t.state, TIMER_IDLE, "a new timer is idle");
	is_int(t.planned_ms, 240 * S, "plan is the sum of non-backup slide times");
	clock_fake_advance(&f, 5 * S);
	is_int(timer_elapsed_ms(&t, clock_now(&c)), 0, "idle timer counts nothing");
	timer_enter_slide(&t, 1, clock_now(&c));
	is_int(t.slides[1].visits, 0, "entering a slide while idle is no visit");
	timer_enter_slide(&t, 0, clock_now(&c));

	timer_start(&t, 0, clock_now(&c), WALL0);
	is_int(t.slides[0].visits, 1, "start makes the first visit");
	is_int(t.start_wall_ms, WALL0, "start remembers the wall time");
	clock_fake_advance(&f, 10 * S);
	is_int(timer_elapsed_ms(&t, clock_now(&c)), 10 * S, "10 s elapsed");
	is_int(timer_on_slide_ms(&t, clock_now(&c)), 10 * S, "10 s on the slide");

	timer_pause(&t, clock_now(&c));
	is_int(t.state, TIMER_PAUSED, "paused");
	clock_fake_advance(&f, 30 * S);
	is_int(timer_elapsed_ms(&t, clock_now(&c)), 10 * S, "time stands still while paused");
	is_int(timer_slide_ms(&t, 0, clock_now(&c)), 10 * S, "slide time too");
	timer_pause(&t, clock_now(&c));
	is_int(timer_elapsed_ms(&t, clock_now(&c)), 10 * S, "pausing twice changes nothing");

	timer_toggle(&t, clock_now(&c));
	is_int(t.state, TIMER_RUNNING, "toggle resumes");
	clock_fake_advance(&f, 5 * S);
	is_int(timer_elapsed_ms(&t, clock_now(&c)), 15 * S, "counting again after resume");
	timer_resume(&t, clock_now(&c));
	clock_fake_advance(&f, 1 * S);
	is_int(timer_elapsed_ms(&t, clock_now(&c)), 16 * S, "resume while running is a no-op");
	timer_toggle(&t, clock_now(&c));
	is_int(t.state, TIMER_PAUSED, "toggle pauses");
	timer_release(&t);
}

static void test_revisits(void)
{
	struct timer t;
	uint64_t now = 0;
	timer_init(&t, &deck);
	timer_start(&t, 0, now, WALL0);
	now += 10 * S;
	timer_enter_slide(&t, 1, now);
	is_int(timer_on_slide_ms(&t, now), 0, "a new slide starts at 0");
	now += 20 * S;
	timer_enter_slide(&t, 1, now);
	is_int(t.slides[1].visits, 1, "entering the current slide again is no new visit");
	is_int(timer_on_slide_ms(&t, now), 20 * S, "nor does it reset the slide time");
	timer_enter_slide(&t, 0, now);
	now += 7 * S;
	is_int(t.slides[0].visits, 2, "a revisit counts");
	is_int(timer_on_slide_ms(&t, now), 7 * S, "time in this visit");
	is_int(timer_slide_ms(&t, 0, now), 17 * S, "revisits add up");
	is_int(timer_slide_ms(&t, 1, now), 20 * S, "the other slide keeps its time");
	timer_pause(&t, now);
	now += 60 * S;
	timer_enter_slide(&t, 3, now);
	timer_resume(&t, now);
	now += 3 * S;
	is_int(timer_slide_ms(&t, 0, now), 17 * S, "no time goes to a slide left while paused");
	is_int(timer_slide_ms(&t, 3, now), 3 * S, "the new slide counts after resume");
	is_int(t.slides[3].visits, 1, "moving while paused still counts a visit");
	is_int(timer_elapsed_ms(&t, now), 40 * S, "elapsed is the sum of the slides");
	is_int(timer_slide_ms(&t, 99, now), 0, "out of range slide has no time");
	timer_enter_slide(&t, 99, now);
	is_int(t.cur, 3, "an index past the end is clamped to the last slide");
	is_int(timer_elapsed_ms(&t, now - 10 * S), 37 * S, "a clock going back counts no time");
	timer_release(&t);
}

static void test_pace(void)
{
	struct timer t;
	uint64_t now = 0;
	struct timer_pace p;
	timer_init(&t, &deck);
	timer_start(&t, 0, now, WALL0);
	now += 30 * S;
	p = timer_pace(&t, now, WALL0 + now);
	ok(p.planned, "the deck has a plan");
	is_int(p.behind_ms, 0, "within the slide's time: on plan");
	is_int(p.state, PACE_ON_PLAN, "on plan");
	ok(!p.slide_over, "slide not over yet");

	timer_enter_slide(&t, 1, now);
	p = timer_pace(&t, now, WALL0 + now);
	is_int(p.behind_ms, -30 * (int64_t)S, "left slide 1 after 30 of 60 s: 30 s ahead");
	is_int(p.state, PACE_ON_PLAN, "ahead is on plan");
	timer_enter_slide(&t, 0, now);

	now += 50 * S; /* 80 s on slide 0, planned 60 */
	p = timer_pace(&t, now, WALL0 + now);
	is_int(p.behind_ms, 20 * S, "20 s past the slide's plan: 20 s behind");
	is_int(p.state, PACE_SLIGHTLY_BEHIND, "slightly behind");
	ok(p.slide_over, "slide is over its planned time");

	timer_enter_slide(&t, 1, now);
	now += 150 * S; /* 230 s; plan to the end of slide 1 is 180 */
	p = timer_pace(&t, now, WALL0 + now);
	is_int(p.behind_ms, 50 * S, "50 s behind");
	is_int(p.state, PACE_SLIGHTLY_BEHIND, "50 s is still slightly behind");
	now += 5 * S;
	p = timer_pace(&t, now, WALL0 + now);
	is_int(p.state, PACE_SLIGHTLY_BEHIND, "55 s is under the default 60 s limit");
	t.limits = (struct pace_limits){ 10 * S, 40 * S };
	p = timer_pace(&t, now, WALL0 + now);
	is_int(p.state, PACE_FAR_BEHIND, "with a 40 s limit 55 s is far behind");
	t.limits = PACE_LIMITS_DEFAULT;

	timer_enter_slide(&t, 3, now);
	p = timer_pace(&t, now, WALL0 + now);
	is_int(p.behind_ms, 55 * S, "the backup slide before does not count in the plan");
	int64_t rem = 0;
	ok(timer_remaining_ms(&t, now, WALL0 + now, &rem), "remaining is known");
	is_int(rem, 5 * S, "5 s remaining of 240");
	now += 10 * S;
	ok(timer_remaining_ms(&t, now, WALL0 + now, &rem), "remaining still known");
	is_int(rem, -5 * (int64_t)S, "5 s over");
	p = timer_pace(&t, now, WALL0 + now);
	is_int(p.state, PACE_OVERTIME, "past the planned length: overtime");

	timer_set_duration(&t, 20 * MIN);
	ok(timer_remaining_ms(&t, now, WALL0 + now, &rem), "remaining with --duration");
	is_int(rem, 20 * MIN - 245 * S, "--duration overrides the deck's plan");
	p = timer_pace(&t, now, WALL0 + now);
	ok(p.state != PACE_OVERTIME, "no overtime within the longer duration");
	timer_release(&t);
}

static void test_pace_limits_exact(void)
{
	struct timer t;
	timer_init(&t, &deck);
	timer_start(&t, 0, 0, WALL0);
	struct timer_pace p = timer_pace(&t, 75 * S, WALL0);
	is_int(p.behind_ms, 15 * S, "15 s behind");
	is_int(p.state, PACE_ON_PLAN, "exactly at the slight limit is on plan");
	p = timer_pace(&t, 75 * S + 1, WALL0);
	is_int(p.state, PACE_SLIGHTLY_BEHIND, "1 ms past it is slightly behind");
	p = timer_pace(&t, 120 * S, WALL0);
	is_int(p.state, PACE_SLIGHTLY_BEHIND, "exactly 60 s behind is slightly behind");
	p = timer_pace(&t, 120 * S + 1, WALL0);
	is_int(p.state, PACE_FAR_BEHIND, "1 ms more is far behind");
	timer_release(&t);
}

static void test_no_plan(void)
{
	struct slide bare[] = { { .id = "a", .title = "A", .nsteps = 1 },
				{ .id = "b", .title = "B", .nsteps = 1 } };
	struct deck d = {
		.path = "bare.ini", .meta = { .id = "bare" }, .slides = bare, .nslides = 2
	};
	struct timer t;
	timer_init(&t, &d);
	timer_start(&t, 0, 0, WALL0);
	int64_t rem = 42;
	ok(!timer_remaining_ms(&t, HOUR, WALL0, &rem), "no plan: no remaining time");
	is_int(rem, 42, "and *out is left alone");
	struct timer_pace p = timer_pace(&t, HOUR, WALL0);
	ok(!p.planned, "no plan");
	is_int(p.behind_ms, 0, "no pace without a plan");
	is_int(p.state, PACE_ON_PLAN, "never behind without a plan");
	ok(!p.slide_over, "no slide is over without a plan");
	timer_release(&t);
}

static void test_end_time(void)
{
	uint32_t at_2350 = 23u * HOUR + 50u * MIN;
	is_int(timer_end_from_day_s(WALL0, at_2350, 10 * 60), WALL0 + 20 * MIN,
	       "23:50 -> 00:10 is 20 min ahead, across midnight");
	is_int(timer_end_from_day_s(WALL0, at_2350, 23 * 3600 + 55 * 60), WALL0 + 5 * MIN,
	       "23:50 -> 23:55 is 5 min ahead");
	is_int(timer_end_from_day_s(WALL0, at_2350, 23 * 3600 + 40 * 60), WALL0 - 10 * MIN,
	       "23:50 -> 23:40 passed 10 min ago");
	is_int(timer_end_from_day_s(WALL0, 9 * HOUR, 10 * 3600), WALL0 + HOUR,
	       "09:00 -> 10:00 is an hour ahead");
	is_int(timer_end_from_day_s(WALL0, 14 * HOUR, 5 * 3600), WALL0 + 15 * HOUR,
	       "14:00 -> 05:00 is tomorrow morning");
	is_int(timer_end_from_day_s(WALL0, 4 * HOUR, 0), WALL0 + 20 * HOUR,
	       "exactly 20 h ahead is still ahead");
	is_int(timer_end_from_day_s(WALL0, 4 * HOUR - 1, 0), WALL0 + 1 - 4 * HOUR,
	       "a hair over 20 h ahead means it passed almost 4 h ago");
	is_int(timer_end_from_day_s(WALL0, 9 * HOUR, 9 * 3600), WALL0,
	       "an end equal to now is now");

	/* A talk from 23:50 with --end 00:10, through midnight. */
	struct timer t;
	uint64_t now = 5000, wall = WALL0;
	timer_init(&t, &deck);
	timer_set_end(&t, timer_end_from_day_s(wall, at_2350, 10 * 60));
	timer_start(&t, 0, now, wall);
	int64_t rem = 0;
	ok(timer_remaining_ms(&t, now, wall, &rem), "end-time mode has a remaining time");
	is_int(rem, 20 * MIN, "20 min to go at 23:50");
	timer_pause(&t, now);
	now += 15 * MIN;
	wall += 15 * MIN; /* 00:05 */
	ok(timer_remaining_ms(&t, now, wall, &rem), "remaining after midnight");
	is_int(rem, 5 * MIN, "5 min to go at 00:05, paused or not");
	is_int(timer_elapsed_ms(&t, now), 0, "talk time did not count while paused");
	struct timer_pace p = timer_pace(&t, now, wall);
	ok(p.state != PACE_OVERTIME, "not over time before the end");
	now += 10 * MIN;
	wall += 10 * MIN; /* 00:15 */
	ok(timer_remaining_ms(&t, now, wall, &rem), "remaining after the end");
	is_int(rem, -5 * (int64_t)MIN, "5 min over at 00:15");
	p = timer_pace(&t, now, wall);
	is_int(p.state, PACE_OVERTIME, "past the end time: overtime");
	timer_set_end(&t, 0);
	ok(timer_remaining_ms(&t, now, wall, &rem), "back to the plan");
	is_int(rem, 240 * S, "without the end time remaining follows the plan");
	timer_release(&t);
}

static void test_restart(void)
{
	struct timer t;
	uint64_t now = 0;
	timer_init(&t, &deck);
	timer_start(&t, 0, now, WALL0);
	now += 30 * S;
	timer_enter_slide(&t, 1, now);
	now += 30 * S;
	timer_restart(&t, now, WALL0 + 2 * MIN);
	is_int(timer_elapsed_ms(&t, now), 0, "restart: elapsed back to 0");
	is_int(t.cur, 1, "restart keeps the current slide");
	is_int(t.slides[1].visits, 1, "the current slide has one visit");
	is_int(t.slides[0].visits, 0, "other visits are forgotten");
	is_int(timer_slide_ms(&t, 0, now), 0, "other times are forgotten");
	is_int(t.start_wall_ms, WALL0 + 2 * MIN, "the start time is the restart");
	is_int(t.state, TIMER_RUNNING, "restart runs");
	now += 4 * S;
	is_int(timer_slide_ms(&t, 1, now), 4 * S, "counting from the restart");
	timer_pause(&t, now);
	timer_restart(&t, now + S, WALL0);
	is_int(t.state, TIMER_RUNNING, "restart from pause runs");
	timer_release(&t);
}

/* --start-at: idle and waiting until the start time, then running from
 * it; moving first starts it early; a start time already past starts at
 * once; a restart forgets the wait. */
static void test_start_at(void)
{
	struct timer t;
	uint64_t now = 0, wall = WALL0;
	timer_init(&t, &deck);
	timer_start_at(&t, WALL0 + 5 * MIN, 0, now, wall);
	ok(timer_waiting(&t), "start-at ahead: waiting");
	is_int(t.state, TIMER_IDLE, "and idle");
	is_int(timer_wait_left_ms(&t, wall), 5 * MIN, "five minutes left");
	now += 4 * MIN;
	wall += 4 * MIN;
	ok(!timer_start_due(&t, 0, now, wall, false), "not due a minute before");
	is_int(timer_elapsed_ms(&t, now), 0, "nothing counts while waiting");
	is_int(timer_wait_left_ms(&t, wall), MIN, "one minute left");
	now += MIN;
	wall += MIN;
	ok(timer_start_due(&t, 0, now, wall, false), "due at the start time itself");
	ok(!timer_waiting(&t), "no longer waiting");
	is_int(t.state, TIMER_RUNNING, "running");
	now += 10 * S;
	is_int(timer_elapsed_ms(&t, now), 10 * S, "counting from the start time");
	ok(!timer_start_due(&t, 0, now, wall, true), "a started timer does not start again");
	timer_release(&t);

	timer_init(&t, &deck);
	now = 0;
	wall = WALL0;
	timer_start_at(&t, WALL0 + 5 * MIN, 0, now, wall);
	now += 30 * S;
	wall += 30 * S;
	ok(timer_start_due(&t, 2, now, wall, true), "moving first starts it early");
	is_int(t.cur, 2, "on the slide the speaker moved to");
	is_int(timer_wait_left_ms(&t, wall), 0, "nothing left to wait");
	timer_release(&t);

	timer_init(&t, &deck);
	timer_start_at(&t, WALL0 - MIN, 0, 0, WALL0);
	ok(!timer_waiting(&t) && t.state == TIMER_RUNNING,
	   "a start time already past starts at once");
	timer_release(&t);

	timer_init(&t, &deck);
	timer_start_at(&t, WALL0 + MIN, 0, 0, WALL0);
	timer_restart(&t, S, WALL0 + S);
	ok(!timer_waiting(&t) && t.state == TIMER_RUNNING, "a restart forgets the wait");
	timer_release(&t);
}

static void test_rebind(void)
{
	struct timer t;
	uint64_t now = 0;
	timer_init(&t, &deck);
	timer_start(&t, 0, now, WALL0);
	now += 10 * S;
	timer_enter_slide(&t, 1, now);
	now += 20 * S;
	timer_enter_slide(&t, 3, now);
	now += 5 * S;
	/* edited deck: "problem" removed, "result" first, a new slide */
	struct slide edited[] = {
		{ .id = "result", .title = "Result v2", .time_s = 90, .nsteps = 1 },
		{ .id = "intro", .title = "Welcome", .time_s = 60, .nsteps = 1 },
		{ .id = "new", .title = "New", .time_s = 30, .nsteps = 1 },
	};
	struct deck d2 = deck;
	d2.slides = edited;
	d2.nslides = 3;
	d2.hash = 42;
	timer_rebind(&t, &d2, now);
	is_int(t.nslides, 4, "3 slides plus the removed one that has time");
	is_str(t.slides[0].id, "result", "deck order");
	is_str(t.slides[0].title, "Result v2", "new title");
	is_int(t.slides[0].planned_s, 90, "new planned time");
	is_int(timer_slide_ms(&t, 0, now), 5 * S, "time follows the id");
	is_int(t.cur, 0, "current slide follows its id");
	is_int(timer_slide_ms(&t, 1, now), 10 * S, "intro keeps its time");
	is_int(t.slides[2].visits, 0, "a new slide has no visits");
	is_str(t.slides[3].id, "problem", "the removed slide is kept at the end");
	ok(t.slides[3].backup, "as a backup slide, outside the plan");
	is_int(timer_slide_ms(&t, 3, now), 20 * S, "with its time");
	is_int(t.deck_hash, 42, "deck facts re-read");
	is_int(t.planned_ms, 180 * S, "plan re-read");
	now += S;
	is_int(timer_elapsed_ms(&t, now), 36 * S, "elapsed unchanged by the rebind");
	timer_release(&t);
}

static void test_slide_due(void)
{
	struct timer t;
	timer_init(&t, &deck);
	ok(!timer_slide_due(&t, 0), "an idle timer is never due");
	timer_start(&t, 0, 0, WALL0);
	ok(!timer_slide_due(&t, 60 * S - 1), "not due before the slide's 60 s");
	ok(timer_slide_due(&t, 60 * S), "due at 60 s");
	timer_pause(&t, 60 * S);
	ok(!timer_slide_due(&t, 90 * S), "a paused timer is never due");
	timer_resume(&t, 90 * S);
	timer_enter_slide(&t, 1, 90 * S);
	ok(!timer_slide_due(&t, 100 * S), "a new slide starts its own wait");
	timer_enter_slide(&t, 0, 100 * S);
	ok(!timer_slide_due(&t, 101 * S), "a revisit waits its full time again");
	timer_release(&t);
}

/* The timer line's "slide ..." piece for t at now, or "" when it has none. */
static const char *slide_piece(const struct timer *t, uint64_t now, struct timerline *tl)
{
	struct timerline_opts o = { 0, true };
	timerline_build(tl, t, now, WALL0 + now, &o);
	for (size_t i = 0; i < tl->n; i++)
		if (strncmp(tl->parts[i].text, "slide ", 6) == 0)
			return tl->parts[i].text;
	return "";
}

/* The time on a slide survives a pause: "slide m:ss" goes on from where it
 * stood, and --auto (timer_slide_due) still fires once the running time on
 * the slide reaches its plan, however long the pauses were. */
static void test_pause_keeps_slide_time(void)
{
	struct timer t;
	struct timerline tl;
	struct fake_clock f = { 5000 };
	struct clock c = clock_fake(&f);
	timer_init(&t, &deck);
	timer_start(&t, 0, clock_now(&c), WALL0);
	clock_fake_advance(&f, 25 * S);
	is_str(slide_piece(&t, clock_now(&c), &tl), "slide 0:25/1:00", "pause: 25 s on the slide");
	timer_pause(&t, clock_now(&c));
	clock_fake_advance(&f, 100 * S);
	is_int(timer_on_slide_ms(&t, clock_now(&c)), 25 * S, "pause: the visit keeps its 25 s");
	is_str(slide_piece(&t, clock_now(&c), &tl), "slide 0:25/1:00",
	       "pause: the line still shows 0:25 while paused");
	ok(!timer_slide_due(&t, clock_now(&c)), "pause: 125 s later, paused, not due");
	timer_resume(&t, clock_now(&c));
	is_int(timer_on_slide_ms(&t, clock_now(&c)), 25 * S, "pause: resume starts from 25 s");
	clock_fake_advance(&f, 20 * S);
	is_int(timer_on_slide_ms(&t, clock_now(&c)), 45 * S, "pause: 45 s on the visit");
	is_int(timer_slide_ms(&t, 0, clock_now(&c)), 45 * S, "pause: 45 s on the slide");
	is_str(slide_piece(&t, clock_now(&c), &tl), "slide 0:45/1:00", "pause: the line goes on");
	/* a second pause, by toggle */
	timer_toggle(&t, clock_now(&c));
	clock_fake_advance(&f, 7 * S);
	timer_toggle(&t, clock_now(&c));
	clock_fake_advance(&f, 14 * S);
	is_int(timer_on_slide_ms(&t, clock_now(&c)), 59 * S, "pause: 59 s after two pauses");
	ok(!timer_slide_due(&t, clock_now(&c)), "pause: not due at 59 s of running time");
	clock_fake_advance(&f, 1 * S);
	ok(timer_slide_due(&t, clock_now(&c)), "pause: --auto due at 60 s of running time");
	is_str(slide_piece(&t, clock_now(&c), &tl), "slide 1:00/1:00", "pause: the line at 1:00");
	is_int(timer_elapsed_ms(&t, clock_now(&c)), 60 * S, "pause: talk time 60 s");

	/* a revisit paused: the visit and the slide's total both carry over */
	timer_enter_slide(&t, 1, clock_now(&c));
	clock_fake_advance(&f, 10 * S);
	timer_enter_slide(&t, 0, clock_now(&c));
	clock_fake_advance(&f, 30 * S);
	timer_pause(&t, clock_now(&c));
	clock_fake_advance(&f, 50 * S);
	timer_resume(&t, clock_now(&c));
	clock_fake_advance(&f, 29 * S);
	is_int(timer_on_slide_ms(&t, clock_now(&c)), 59 * S, "pause: the revisit's 59 s");
	is_str(slide_piece(&t, clock_now(&c), &tl), "slide 1:59/1:00 over",
	       "pause: the line shows both visits");
	ok(!timer_slide_due(&t, clock_now(&c)), "pause: the revisit is not due at 59 s");
	clock_fake_advance(&f, 1 * S);
	ok(timer_slide_due(&t, clock_now(&c)), "pause: the revisit is due at 60 s");
	is_int(timer_elapsed_ms(&t, clock_now(&c)), 130 * S, "pause: talk time 130 s");
	timer_release(&t);
}

static void test_format(void)
{
	char b[TIMER_FMT_LEN];
	timer_format_ms(0, b);
	is_str(b, "0:00", "zero");
	timer_format_ms(59999, b);
	is_str(b, "0:59", "rounded toward zero");
	timer_format_ms(61000, b);
	is_str(b, "1:01", "minutes");
	timer_format_ms(3723000, b);
	is_str(b, "1:02:03", "hours");
	timer_format_ms(-1500, b);
	is_str(b, "-0:01", "negative");
	timer_format_ms(-999, b);
	is_str(b, "0:00", "less than a second negative is 0:00");
	timer_format_ms(-(int64_t)HOUR, b);
	is_str(b, "-1:00:00", "an hour over");
	timer_format_ms((int64_t)1194 * 1000 * HOUR, b);
	is_str(b, "1194000:00:00", "1,194 slides of 1000 h: hours are not taken modulo anything");
	timer_format_ms(INT64_MIN, b);
	is_str(b, "-2562047788015:12:55", "the most negative time fits the buffer");
}

static void test_clock_text(void)
{
	char b[CLOCK_ISO_LEN];
	int64_t s = -1;
	clock_format_iso8601(0, b);
	is_str(b, "1970-01-01T00:00:00Z", "the epoch");
	clock_format_iso8601(1714555800, b);
	is_str(b, "2024-05-01T09:30:00Z", "a date in 2024");
	clock_format_iso8601(1709251199, b);
	is_str(b, "2024-02-29T23:59:59Z", "a leap day");
	clock_format_iso8601(INT64_MAX, b);
	is_str(b, "9999-12-31T23:59:59Z", "clamped to 9999");
	is_int(clock_parse_iso8601("2024-05-01T09:30:00Z", &s), 0, "parse");
	is_int(s, 1714555800, "parse value");
	is_int(clock_parse_iso8601("2000-03-01T00:00:00Z", &s), 0, "parse 2000");
	is_int(s, 951868800, "parse 2000 value");
	is_int(clock_parse_iso8601("2024-02-29T00:00:00Z", &s), 0, "leap day parses");
	is_int(clock_parse_iso8601("2023-02-29T00:00:00Z", &s), -1, "no leap day in 2023");
	is_int(clock_parse_iso8601("2024-04-31T00:00:00Z", &s), -1, "April has 30 days");
	is_int(clock_parse_iso8601("2024-05-01 09:30:00Z", &s), -1, "the T is required");
	is_int(clock_parse_iso8601("2024-05-01T09:30:00", &s), -1, "the Z is required");
	is_int(clock_parse_iso8601("2024-05-01T09:30:00Zx", &s), -1, "nothing after Z");
	is_int(clock_parse_iso8601("2024-05-01T24:00:00Z", &s), -1, "hour 24");
	is_int(clock_parse_iso8601("1969-12-31T23:59:59Z", &s), -1, "before 1970");
	is_int(clock_parse_iso8601("", &s), -1, "empty");
	is_int(clock_parse_iso8601("2024-05", &s), -1, "short");

	uint32_t d = 0;
	is_int(clock_parse_hhmm("14:30", &d), 0, "14:30 parses");
	is_int(d, 14 * 3600 + 30 * 60, "14:30 value");
	is_int(clock_parse_hhmm("9:05", &d), 0, "9:05 parses");
	is_int(d, 9 * 3600 + 5 * 60, "9:05 value");
	is_int(clock_parse_hhmm("00:00", &d), 0, "midnight parses");
	is_int(d, 0, "midnight value");
	is_int(clock_parse_hhmm("24:00", &d), -1, "24:00 is refused");
	is_int(clock_parse_hhmm("12:60", &d), -1, "minute 60 is refused");
	is_int(clock_parse_hhmm("1:5", &d), -1, "one minute digit is refused");
	is_int(clock_parse_hhmm("12:345", &d), -1, "three minute digits are refused");
	is_int(clock_parse_hhmm("123:45", &d), -1, "three hour digits are refused");
	is_int(clock_parse_hhmm(":30", &d), -1, "no hour is refused");
	is_int(clock_parse_hhmm("", &d), -1, "empty is refused");

	char hm[CLOCK_HHMM_LEN];
	clock_format_hhmm(WALL0, hm);
	is_int(strlen(hm), 5, "HH:MM is 5 characters");
	is_int(hm[2], ':', "with a colon");
	uint32_t ld = clock_local_day_ms(WALL0 + 123);
	is_int(ld % 1000, 123, "local day time keeps the milliseconds");
	ok(ld < MS_PER_DAY, "local day time is within a day");
}

/* Rebinding at scale: 5,000 timed slides, then a deck that lists them in
 * reverse without every fifth and with 100 new ones. Every kept slide's
 * time follows its id, the removed ones with time follow at the end in
 * their old order, the current slide follows its id. */
#define MANY 5000u
static void test_rebind_many(void)
{
	struct slide *a = calloc(MANY, sizeof *a), *b = calloc(MANY + 100, sizeof *b);
	char(*ids)[16] = calloc(MANY + 100, sizeof *ids);
	for (size_t i = 0; i < MANY + 100; i++)
		snprintf(ids[i], sizeof ids[i], "s%zu", i);
	for (size_t i = 0; i < MANY; i++)
		a[i] = (struct slide){ .id = ids[i], .title = "A", .time_s = 10, .nsteps = 1 };
	struct deck d1 = deck, d2 = deck;
	d1.slides = a;
	d1.nslides = MANY;
	struct timer t;
	uint64_t now = 0;
	timer_init(&t, &d1);
	timer_start(&t, 0, now, WALL0);
	for (size_t i = 0; i < MANY; i++) {
		now += (uint64_t)(i % 7 + 1) * S; /* slide i gets (i % 7 + 1) s */
		timer_enter_slide(&t, i + 1 < MANY ? i + 1 : 1234, now);
	}
	size_t nb = 0;
	for (size_t i = MANY; i-- > 0;)
		if (i % 5 != 0)
			b[nb++] = (struct slide){
				.id = ids[i], .title = "B", .time_s = 10, .nsteps = 1
			};
	for (size_t i = MANY; i < MANY + 100; i++)
		b[nb++] = (struct slide){ .id = ids[i], .title = "new", .time_s = 10, .nsteps = 1 };
	d2.slides = b;
	d2.nslides = nb;
	timer_rebind(&t, &d2, now);
	is_int(t.nslides, nb + MANY / 5, "kept, new, and the removed slides that have time");
	bool good = true;
	for (size_t k = 0; good && k < nb; k++) {
		size_t i = (size_t)atol(t.slides[k].id + 1);
		/* s1234, the current slide, was entered again at the end, for 0 s */
		uint64_t want = i >= MANY ? 0 : (uint64_t)(i % 7 + 1) * S;
		good = strcmp(t.slides[k].id, b[k].id) == 0 && timer_slide_ms(&t, k, now) == want &&
		       t.slides[k].visits == (i >= MANY   ? 0u
					      : i == 1234 ? 2u
							  : 1u);
	}
	ok(good, "every kept slide's time and visits follow its id, in the new order");
	good = true;
	for (size_t k = nb, i = 0; good && k < t.nslides; k++, i += 5)
		good = strcmp(t.slides[k].id, ids[i]) == 0 && t.slides[k].backup &&
		       timer_slide_ms(&t, k, now) == (uint64_t)(i % 7 + 1) * S;
	ok(good, "the removed slides follow, in their old order, with their times");
	ok(t.cur < nb && strcmp(t.slides[t.cur].id, "s1234") == 0,
	   "the current slide follows its id");
	timer_release(&t);
	free(a);
	free(b);
	free(ids);
}

int main(void)
{
	tap_plan(197);
	test_fake_clock();
	test_idle_start_pause();
	test_pause_keeps_slide_time();
	test_revisits();
	test_pace();
	test_pace_limits_exact();
	test_no_plan();
	test_end_time();
	test_restart();
	test_start_at();
	test_rebind();
	test_rebind_many();
	test_slide_due();
	test_format();
	test_clock_text();
	return tap_done();
}
