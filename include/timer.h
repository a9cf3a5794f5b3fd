#ifndef LECTERN_TIMER_H
#define LECTERN_TIMER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "deck.h"

/* The rehearsal timer: elapsed talk time, time per slide and visits, pause,
 * remaining time against the plan or an end time, and pace. It never reads
 * a clock: every function that depends on time takes now_ms (monotonic
 * milliseconds, from clock_monotonic()) and, where wall time matters,
 * wall_ms (milliseconds since the epoch, from clock_wall()). Time counts
 * only while the timer runs (started and not paused). A timer is a value:
 * embed it, timer_init() it, timer_release() it. */

enum timer_state {
	TIMER_IDLE, /* not started: every time reads 0 */
	TIMER_RUNNING,
	TIMER_PAUSED,
};

/* How the talk is going, for colouring the timer. */
enum pace {
	PACE_ON_PLAN,         /* ahead, or behind by at most limits.slightly_ms */
	PACE_SLIGHTLY_BEHIND, /* behind by at most limits.far_ms */
	PACE_FAR_BEHIND,      /* behind by more than limits.far_ms */
	PACE_OVERTIME,        /* past the planned duration or the end time */
};

/* Thresholds between the pace states, in milliseconds behind the plan. */
struct pace_limits {
	uint64_t slightly_ms;
	uint64_t far_ms;
};
#define PACE_LIMITS_DEFAULT ((struct pace_limits){ 15000, 60000 })

/* One slide as the timer knows it: a copy of the deck's id, title and
 * planned time, plus the time attributed to it. */
struct timer_slide {
	char *id, *title;   /* owned by the timer */
	unsigned planned_s; /* 0 = none */
	bool backup;        /* not part of the planned run */
	uint64_t ms;        /* time in closed segments (see timer_slide_ms) */
	unsigned visits;
};

struct timer {
	enum timer_state state;
	struct timer_slide *slides;
	size_t nslides;
	size_t cur;                /* current slide index */
	uint64_t planned_ms;       /* planned length of the talk; 0 = none */
	uint64_t end_wall_ms;      /* end-time mode when nonzero */
	struct pace_limits limits; /* may be changed by the caller at any time */
	uint64_t start_wall_ms;    /* wall time of the last start or restart */
	char *deck_id, *deck_path; /* owned copies, for the record */
	uint64_t deck_hash;
	/* private: */
	uint64_t done_ms;          /* elapsed time in closed segments */
	uint64_t visit_ms;         /* closed segments of the current visit */
	uint64_t seg_start;        /* start of the open segment while RUNNING */
	bool duration_set;         /* planned_ms came from timer_set_duration() */
	uint64_t start_at_wall_ms; /* timer_start_at(): idle until then; 0 = none */
};

/* Sets up an idle timer for d: copies of the slides' ids, titles and
 * planned times, planned_ms from the deck's duration (or the sum of the
 * non-backup slide times), no end time, PACE_LIMITS_DEFAULT. The timer
 * does not keep a pointer to d. Release with timer_release(). */
void timer_init(struct timer *t, const struct deck *d);
void timer_release(struct timer *t);

/* Overrides the planned length (--duration); 0 means none. */
void timer_set_duration(struct timer *t, uint64_t ms);

/* End-time mode (--end HH:MM): the talk should end at wall time
 * end_wall_ms; 0 turns the mode off. Remaining time then follows the wall
 * clock, paused or not. */
void timer_set_end(struct timer *t, uint64_t end_wall_ms);

/* The wall time of the end "HH:MM" (end_day_s seconds after local
 * midnight), seen at wall time wall_ms whose local time of day is
 * local_day_ms (clock_local_day_ms(wall_ms)): the next such time, across
 * midnight if need be (23:50 -> 00:10 is 20 minutes ahead), unless that is
 * more than 20 hours ahead, in which case the end passed less than 4 hours
 * ago and the result lies in the past (the talk is over time). */
uint64_t timer_end_from_day_s(uint64_t wall_ms, uint32_t local_day_ms, uint32_t end_day_s);

/* --start-at: the talk starts at wall time start_wall_ms. If that is still
 * ahead of wall_ms the timer stays idle and waiting until then (see
 * timer_start_due); otherwise it starts now on slide. */
void timer_start_at(struct timer *t, uint64_t start_wall_ms, size_t slide, uint64_t now_ms,
		    uint64_t wall_ms);
/* True while a start time set by timer_start_at() is still ahead. */
bool timer_waiting(const struct timer *t);
/* Milliseconds until the start time, 0 when not waiting. */
uint64_t timer_wait_left_ms(const struct timer *t, uint64_t wall_ms);
/* Starts a waiting timer on slide when force is true (the speaker moved or
 * pressed t) or its start time has come. Returns true when it started. */
bool timer_start_due(struct timer *t, size_t slide, uint64_t now_ms, uint64_t wall_ms, bool force);

/* Starts the timer from zero on slide (clamped to the deck), forgetting
 * every time and visit counted so far; the slide gets its first visit.
 * wall_ms is remembered as the rehearsal's start time. */
void timer_start(struct timer *t, size_t slide, uint64_t now_ms, uint64_t wall_ms);

/* timer_start() on the current slide: the "restart rehearsal" command. */
void timer_restart(struct timer *t, uint64_t now_ms, uint64_t wall_ms);

/* Pause stops every count; resume continues them. Each is a no-op in the
 * wrong state; toggle switches between the two (and does nothing when
 * idle). */
void timer_pause(struct timer *t, uint64_t now_ms);
void timer_resume(struct timer *t, uint64_t now_ms);
void timer_toggle(struct timer *t, uint64_t now_ms);

/* The presenter moved to slide index (clamped to the deck). Time so far
 * goes to the slide being left; the new slide gets a visit (when the timer
 * has started). Entering the current slide again does nothing, so the
 * main loop may call this after every action. */
void timer_enter_slide(struct timer *t, size_t index, uint64_t now_ms);

/* Talk time so far. */
uint64_t timer_elapsed_ms(const struct timer *t, uint64_t now_ms);

/* Time in the current visit of the current slide. */
uint64_t timer_on_slide_ms(const struct timer *t, uint64_t now_ms);

/* Time attributed to slide i over all its visits, the open visit included;
 * 0 when i is out of range. */
uint64_t timer_slide_ms(const struct timer *t, size_t i, uint64_t now_ms);

/* Remaining time: to the end time in end-time mode (from wall_ms), else
 * planned_ms minus elapsed. Negative when over. Returns false (and leaves
 * *out alone) when there is neither a plan nor an end time. */
bool timer_remaining_ms(const struct timer *t, uint64_t now_ms, uint64_t wall_ms, int64_t *out);

/* For --auto: true when the timer runs, the current slide has a planned
 * time and the current visit has lasted at least that long. */
bool timer_slide_due(const struct timer *t, uint64_t now_ms);

struct timer_pace {
	/* elapsed minus where the plan says we should be: the planned times of
	 * the non-backup slides before the current one plus min(time on this
	 * slide, its planned time). > 0 behind, < 0 ahead; 0 when no slide has
	 * a planned time. */
	int64_t behind_ms;
	enum pace state;
	bool slide_over; /* the current slide's time is past its planned time */
	bool planned;    /* some slide has a planned time (behind_ms means something) */
};

struct timer_pace timer_pace(const struct timer *t, uint64_t now_ms, uint64_t wall_ms);

/* The pace from plain numbers, for whoever holds them (timer_pace() for
 * the presenting process, the console for a STATE it received): planned
 * says whether any slide has a planned time, before_ms is the planned time
 * of the non-backup slides before the current one, here_plan_ms the
 * current slide's; overtime means the talk is past its planned length or
 * end time. Pure. */
struct timer_pace timer_pace_of(bool planned, uint64_t before_ms, uint64_t here_plan_ms,
				uint64_t elapsed_ms, uint64_t slide_ms, bool overtime,
				const struct pace_limits *lim);

/* The one rounding rule for times shown to people, on screen, when a
 * rehearsal is saved and in the report: whole seconds, rounded toward zero,
 * as a running clock shows them (15.661 s is 0:15 everywhere). */
uint64_t timer_whole_s(uint64_t ms);

/* Formats ms as "M:SS" or "H:MM:SS" (timer_whole_s() of its magnitude),
 * with a leading '-' when negative, into buf. */
#define TIMER_FMT_LEN 24
void timer_format_ms(int64_t ms, char buf[TIMER_FMT_LEN]);

/* True when the last slide of the planned run (the last slide that is not
 * a backup slide) has been visited since the timer started: the rehearsal
 * reached the end of the talk. False before the start. */
bool timer_reached_end(const struct timer *t);

/* After a deck reload: re-reads ids, titles and planned times from d and
 * carries the time and visits of every slide over by id. Slides that are no
 * longer in d but have time keep it, as backup slides after d's slides, so
 * the record loses nothing. The current slide follows its id (or becomes
 * slide 0, without a visit); time so far goes to the slide it was on. The
 * planned length is re-read from d unless timer_set_duration() set one. */
void timer_rebind(struct timer *t, const struct deck *d, uint64_t now_ms);

#endif
