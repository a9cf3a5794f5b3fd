#ifndef LECTERN_TIMERLINE_H
#define LECTERN_TIMERLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "deck.h"
#include "layout.h"
#include "record.h"
#include "timer.h"

/* The presenter's timer line as text: the pieces the front end places in
 * order (two spaces apart) with frame_put(), each in its own semantic
 * style. Pure: every time comes in as an argument, nothing is measured
 * here. The pieces, in order, each present only when it applies:
 *
 *   "14:05:09"               wall clock (STYLE_HEADER)
 *   "elapsed 3:12"           talk time (STYLE_HEADER)
 *   "PAUSED"                 the timer is paused (STYLE_WARNING)
 *   "slide 0:45/1:00"        time on this slide, all visits, against its
 *                            planned time ("slide 0:45" without one);
 *                            "slide 1:15/1:00 over" in STYLE_WARNING once
 *                            past it (STYLE_HEADER before)
 *   "left 16:48"             remaining time (STYLE_HEADER), or
 *   "over 1:12"              past the plan or the end time (STYLE_PACE_OVER)
 *   "behind by 12 s"         pace, when some slide has a planned time and
 *   "ahead by 7:24"          the timer has started: seconds below a minute,
 *   "on plan"                M:SS from a minute on; "on plan" within a
 *                            second; STYLE_PACE_* by the pace state
 *   "auto"                   automatic advance is on (STYLE_DIM)
 *
 * and, appended by timerline_add_coach() when the speaker has rehearsed
 * the deck (struct timerline_history), once the timer has started:
 *
 *   "rehearsed 0:50"         the median of the past rehearsals on this
 *                            slide (STYLE_HEADER; STYLE_WARNING once the
 *                            time on the slide is past it)
 *   "ends 14:32, 2:10 over"  the projected end if the rest of the talk goes
 *   "ends 14:32, 0:40 early" as rehearsed (this slide's median less the time
 *   "ends 14:32, on time"    on it, then the medians of the main slides after
 *   "ends 14:32"             it; a slide never rehearsed counts its planned
 *                            time), against the time left (none: no
 *                            comparison); STYLE_PACE_OVER when over, else
 *                            STYLE_HEADER */

/* Which pieces go first when the line is too narrow: the highest rank. */
enum timerline_rank {
	TIMERLINE_RANK_PAUSED,
	TIMERLINE_RANK_PACE,
	TIMERLINE_RANK_SLIDE,
	TIMERLINE_RANK_ELAPSED,
	TIMERLINE_RANK_LEFT,
	TIMERLINE_RANK_CLOCK,
	TIMERLINE_RANK_ENDS,
	TIMERLINE_RANK_REHEARSED,
	TIMERLINE_RANK_AUTO,
};

#define TIMERLINE_PART_LEN 48
#define TIMERLINE_MAX_PARTS 12

struct timerline_part {
	char text[TIMERLINE_PART_LEN]; /* UTF-8, NUL-terminated */
	enum style style;
	unsigned rank; /* an enum timerline_rank */
};

struct timerline {
	struct timerline_part parts[TIMERLINE_MAX_PARTS];
	size_t n;
};

/* What the line shows besides the timer itself. */
struct timerline_opts {
	uint32_t local_day_ms; /* the wall clock's local time of day, from
				* clock_local_day_ms(wall_ms) */
	bool auto_advance;     /* --auto is on */
};

/* The numbers a timer line shows, wherever they come from: the presenting
 * process's timer or a console's last STATE. */
struct timerline_view {
	enum timer_state state;
	uint64_t elapsed_ms;
	uint64_t slide_ms;  /* time on the current slide, all visits */
	unsigned planned_s; /* the current slide's planned time; 0 = none */
	bool has_remaining;
	int64_t remaining_ms; /* < 0: over */
	struct timer_pace pace;
};

/* Fills tl (any contents; it owns no memory) with the pieces for timer t
 * at monotonic time now_ms and wall time wall_ms. Never fails. */
void timerline_build(struct timerline *tl, const struct timer *t, uint64_t now_ms, uint64_t wall_ms,
		     const struct timerline_opts *o);

/* Appends to tl the pieces for the numbers in v (timerline_build() is this
 * on the timer's numbers after emptying tl). */
void timerline_add_view(struct timerline *tl, const struct timerline_view *v,
			const struct timerline_opts *o);

/* Appends one piece; a full line ignores it. For callers with pieces of
 * their own (the console's "BLACK SCREEN"). */
void timerline_add(struct timerline *tl, unsigned rank, enum style st, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* "starts in 4:59": the time left until --start-at, rounded up to the
 * second so that it never reads 0:00 before the start. */
#define TIMERLINE_COUNTDOWN_LEN (TIMER_FMT_LEN + 16)
void timerline_countdown(uint64_t left_ms, char buf[TIMERLINE_COUNTDOWN_LEN]);

/* What the speaker's past rehearsals say, for the coaching pieces: read
 * once when a presentation or a console starts and again on a reload. */
struct timerline_history {
	uint64_t *slide_ms; /* per deck slide: the median rehearsed time; 0: none */
	uint64_t *rest_ms;  /* per deck slide i: what the main slides after i take
			     * as rehearsed (else as planned); nslides + 1 entries */
	size_t nslides;
	size_t nused; /* rehearsals the medians come from; 0: no history */
};

/* How many of the newest rehearsals the history takes. */
#define TIMERLINE_HISTORY_LAST 5u

/* Fills h (release with timerline_history_release) from deck d's records
 * v[0..n) (oldest first, of d only): per main slide, the median over the
 * newest TIMERLINE_HISTORY_LAST complete rehearsals that reached it
 * (report_complete(); the incomplete ones when there is no complete one),
 * as lectern plan's --from median computes it (plan_propose). A deck with
 * no usable record gets an empty history (nused 0). Linear in the records'
 * slides (times log). Never fails. */
void timerline_history_build(struct timerline_history *h, const struct deck *d,
			     const struct record *v, size_t n);
void timerline_history_release(struct timerline_history *h);

/* The numbers the coaching pieces need, from the presenting process's
 * timer or a console's last STATE. */
struct timerline_coach {
	enum timer_state state;
	size_t slide;       /* index of the slide shown */
	uint64_t slide_ms;  /* time on it, all visits */
	bool has_remaining; /* remaining_ms is known */
	int64_t remaining_ms;
	uint32_t local_day_ms; /* the wall clock's local time of day */
};

/* Appends to tl the coaching pieces above for c against h; nothing when h
 * is empty, the timer has not started or c->slide is not one of h's. */
void timerline_add_coach(struct timerline *tl, const struct timerline_history *h,
			 const struct timerline_coach *c);

/* The coaching numbers of timer t at now_ms, wall_ms. */
struct timerline_coach timerline_coach_of(const struct timer *t, uint64_t now_ms, uint64_t wall_ms);

/* The style of a pace state (STYLE_PACE_ON_PLAN ... STYLE_PACE_OVER). */
enum style timerline_pace_style(enum pace p);

#endif
