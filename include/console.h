#ifndef LECTERN_CONSOLE_H
#define LECTERN_CONSOLE_H

#include <stdbool.h>
#include <stdint.h>

#include "deck.h"
#include "keymap.h"
#include "nav.h"
#include "proto.h"
#include "timer.h"
#include "timerline.h"

/* The pure part of the two-terminal mode: what the presenting process puts
 * in a STATE and how it applies a console's NAV, and how a console follows
 * a STATE, turns its keys into NAVs and shows the timer from a STATE.
 * Nothing here touches a socket, the terminal or a clock: times come in as
 * arguments (monotonic milliseconds). The transport is session.h, the wire
 * format proto.h. */

/* Whether a console may trigger action a on the presentation: the where
 * column of ACTION_LIST (keymap.h) says REMOTE. Those are movement (next,
 * prev, first, last), goto with a slide index (ACTION_GOTO), the
 * blackouts and pausing or resuming the timer. Quitting, reloading,
 * suspending, restarting the timer and every overlay stay with the
 * terminal they were pressed in. */
bool console_remote_allowed(enum action a);

/* ---- the presenting side ---- */

/* Fills *st (seq left 0) with what the presentation shows: n's slide, step
 * and blackout, and t's readings at now_ms / wall_ms. slide_ms is the time
 * on the current slide over all its visits, as the timer line shows it;
 * pace is PROTO_PACE_NONE unless some slide has a planned time and the
 * timer has started. */
void console_state_make(struct proto_state *st, const struct nav *n, const struct timer *t,
			uint64_t now_ms, uint64_t wall_ms);

/* True when a and b differ in anything but their times and seq: the slide,
 * its id, step, slide and step counts, the timer state or the blackout.
 * The presenting process broadcasts when this says so (times need no
 * broadcast: consoles extrapolate them). */
bool console_state_differs(const struct proto_state *a, const struct proto_state *b);

/* Applies a console's NAV to the presentation's navigation state, as a key
 * would: an action console_remote_allowed() refuses, an unknown name or a
 * goto past the deck does nothing (REACT_NONE). Movement ends a blackout
 * without moving (like any key) and closes the help or the overview so the
 * audience sees the slide; a count being typed in the presenting terminal
 * is kept for its next key. Returns REACT_REDRAW, with REACT_TIMER for the
 * timer action; never REACT_QUIT, REACT_END or any other flag. */
unsigned console_apply(struct nav *n, const struct proto_nav *m);

/* ---- the console side ---- */

/* Moves n to the slide and step st shows: by index when the slide there has
 * st's id, else by id, else the index clamped to n's deck; the step is
 * clamped to the slide. Scroll offsets reset when the slide changes. The
 * blackout is not copied (the console always shows the slide). Returns
 * true when the slide or the step changed. */
bool console_follow(struct nav *n, const struct proto_state *st);

/* One key pressed in the console. Keys of the actions a console may
 * trigger, and any key that would move the local view (a count, the goto
 * prompt, search hits, the overview's Enter), are not applied to n: they
 * fill *out with the NAV to send (the action by name, or "goto" with the
 * slide's index for moves that are not a single action) and set *send.
 * Everything else (help, notes scrolling, prompts, quit, suspend) is n's
 * own. n's slide, step and blackout stay as they were. Returns the REACT_*
 * flags to act on locally; REACT_RELOAD, REACT_TIMER, REACT_RESTART and
 * REACT_END never come back (a message in n says where to reload or
 * restart). */
unsigned console_input(struct nav *n, const struct keymap *km, struct key k, struct proto_nav *out,
		       bool *send);

/* A NAV the console could not send (it is not connected): says so in n's
 * status line, "not connected: 'next' was not sent", as a warning. */
void console_not_sent(struct nav *n, const struct proto_nav *m);

/* The console is connected again: a message of console_not_sent() is out
 * of date and is cleared; any other message stays. */
void console_reconnected(struct nav *n);

/* A STATE's times as of now_ms: while live is true, the --start-at
 * countdown goes down by now_ms - recv_ms (the moment the STATE arrived),
 * not below 0, and while the timer also runs the times advance by as much;
 * otherwise they stay as sent. */
struct console_times {
	uint64_t elapsed_ms, slide_ms;
	bool has_remaining;
	int64_t remaining_ms;
	bool has_starts_in; /* the presenter's timer waits for --start-at */
	uint64_t starts_in_ms;
};
struct console_times console_times(const struct proto_state *st, bool live, uint64_t recv_ms,
				   uint64_t now_ms);

/* The timer line of a console, with the pieces and ranks of timerline.h:
 * clock, elapsed, PAUSED, slide time against the planned time of slide
 * st->slide in d (when d has that slide), left or over, the pace computed
 * from d's plan with PACE_LIMITS_DEFAULT, and "BLACK SCREEN" / "WHITE
 * SCREEN" (STYLE_WARNING, rank 0) while the audience screen is blanked,
 * and "starts in M:SS" (STYLE_WARNING, rank 0) while the presenter's timer
 * waits for --start-at. Fills tl (it owns no memory); never fails. */
void console_timerline(struct timerline *tl, const struct proto_state *st, const struct deck *d,
		       const struct console_times *tm, uint32_t local_day_ms);

#endif
