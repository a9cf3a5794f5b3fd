#ifndef LECTERN_TIMERLINE_H
#define LECTERN_TIMERLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "layout.h"
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
 *   "auto"                   automatic advance is on (STYLE_DIM) */

/* Which pieces go first when the line is too narrow: the highest rank. */
enum timerline_rank {
	TIMERLINE_RANK_PAUSED,
	TIMERLINE_RANK_PACE,
	TIMERLINE_RANK_SLIDE,
	TIMERLINE_RANK_ELAPSED,
	TIMERLINE_RANK_LEFT,
	TIMERLINE_RANK_CLOCK,
	TIMERLINE_RANK_AUTO,
};

#define TIMERLINE_PART_LEN 48
#define TIMERLINE_MAX_PARTS 8

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

/* The style of a pace state (STYLE_PACE_ON_PLAN ... STYLE_PACE_OVER). */
enum style timerline_pace_style(enum pace p);

#endif
