#ifndef LECTERN_NAV_H
#define LECTERN_NAV_H

#include <stdbool.h>
#include <stddef.h>

#include "deck.h"
#include "keymap.h"

/* Navigation state of the player: which slide and reveal step is shown,
 * which overlay is open, the pending count, the prompt being typed, the
 * search and its hits. It is a plain value: nothing here draws, reads the
 * terminal or the clock. Keys come in through nav_input(), actions through
 * nav_apply(); both return REACT_* flags telling the main loop what to do.
 *
 * Slides are numbered as the speaker sees them: the main slides from 1 in
 * file order, the backup slides apart from B1 ("4", "B1"), the same in the
 * status line, the overview, goto, counts and `present --list`. next and
 * prev skip backup slides; goto, search and the overview reach them. */

enum {
	REACT_NONE = 0,
	REACT_REDRAW = 1 << 0,  /* state changed: lay out and draw again */
	REACT_RELOAD = 1 << 1,  /* reload the deck file, then nav_reload() */
	REACT_QUIT = 1 << 2,    /* leave the player */
	REACT_CLEAR = 1 << 3,   /* repaint every cell, not just the changes */
	REACT_SUSPEND = 1 << 4, /* suspend the process (Ctrl-Z) */
	REACT_TIMER = 1 << 5,   /* pause or resume the timer */
	REACT_RESTART = 1 << 6, /* restart the timer: the user confirmed it */
	REACT_END = 1 << 7,     /* next was asked for past the end of the talk */
	REACT_HLEFT = 1 << 8,   /* scroll code blocks left: the controller's (present.h) */
	REACT_HRIGHT = 1 << 9,  /* scroll code blocks right */
};

/* OVERLAY_MESSAGES lists the last status-line messages in full. */
enum overlay { OVERLAY_NONE, OVERLAY_HELP, OVERLAY_OVERVIEW, OVERLAY_MESSAGES };
enum blank { BLANK_NONE, BLANK_BLACK, BLANK_WHITE };
/* PROMPT_RESTART asks "restart the timer? (y/n)": y answers REACT_RESTART,
 * any other key cancels. */
enum prompt { PROMPT_NONE, PROMPT_GOTO, PROMPT_SEARCH, PROMPT_RESTART };

#define NAV_INPUT_MAX 256 /* bytes of a prompt's input, NUL included */
#define NAV_MSG_MAX 512
#define NAV_LOG_MAX 16 /* status-line messages kept for OVERLAY_MESSAGES */
#define NAV_COUNT_MAX 999999u

struct nav {
	const struct deck *deck; /* borrowed; replaced by nav_reload() */
	size_t cur;              /* index of the slide shown */
	unsigned step;           /* reveal step shown, < the slide's nsteps */
	unsigned count;          /* pending count typed as digits */
	bool has_count;          /* digits were typed (count may be 0) */

	enum overlay overlay;
	size_t sel;            /* overview: selected slide */
	unsigned help_scroll;  /* help, messages: first row shown */
	enum blank blank;      /* blackout: the next key ends it */
	bool notes;            /* notes pane below the slide */
	bool captions_off;     /* the captions key hid the live captions */
	bool presenter;        /* presenter layout */
	unsigned scroll;       /* slide: first content row shown */
	unsigned notes_scroll; /* notes: first content row shown */
	bool reveal;           /* the last move revealed a step: the slide's layout
				* brings it into view (layout_opts.show_step) until
				* the slide changes or is scrolled */

	enum prompt prompt; /* a prompt is being typed in the status line */
	char input[NAV_INPUT_MAX];
	size_t input_len;

	bool searching; /* search mode: hits exist, n/N move between them */
	char *query;    /* last search; owned, NULL when none */
	size_t *hits;   /* slide indices matching query, ascending; owned */
	size_t nhits, hitcap;

	char msg[NAV_MSG_MAX]; /* one-line message for the status line, or "" */
	bool msg_warn;         /* msg is a warning or an error */
	bool msg_speaker;      /* msg is for the speaker only (nav_note) */

	/* the last NAV_LOG_MAX messages, oldest first from log_first */
	struct nav_logged {
		char text[NAV_MSG_MAX];
		bool warn;
	} log[NAV_LOG_MAX];
	unsigned log_first, nlog;
};

/* Starts on the first slide (backup or not) of d, at step 0, nothing open.
 * d must have at least one slide and outlive its use by n. */
void nav_init(struct nav *n, const struct deck *d);
/* Frees the search; n may be re-initialised afterwards. */
void nav_release(struct nav *n);

/* The key context for keymap_lookup(): overview, search or global. */
enum keyctx nav_context(const struct nav *n);

/* Handles one key: ends a blackout, edits an open prompt, collects count
 * digits (unless the key map binds the digit), ends digits with Enter as a
 * goto, else looks the key up in km and applies the action with the
 * pending count. Clears the previous message first. */
unsigned nav_input(struct nav *n, const struct keymap *km, struct key k);

/* Applies one action with the pending count (n->count when n->has_count),
 * which it consumes. With a count, next/prev move that many slides and
 * first/last go to slide N. Returns REACT_* flags. */
unsigned nav_apply(struct nav *n, enum action a);

/* Goes to main slide number num (1-based, backup slides not counted),
 * step 0. Returns 0, or -1 with a message set when there is no such
 * slide. */
int nav_goto_number(struct nav *n, unsigned long num);
/* Goes to a slide by number ("12", a main slide), backup number ("B2",
 * "b2") or id ("intro", case-insensitive; an id wins over a backup
 * number). Returns 0, or -1 with a message when nothing matches. */
int nav_goto(struct nav *n, const char *target);
/* Goes to the slide at index idx (file order, from 0; < nslides), step 0. */
void nav_goto_index(struct nav *n, size_t idx);

/* Where slide idx stands in the numbering above: num of total main
 * slides, or of total backup slides when backup. */
struct nav_pos {
	size_t num, total;
	bool backup;
};
struct nav_pos nav_position(const struct deck *d, size_t idx);
#define NAV_LABEL_MAX 24
/* The number of slide idx as shown: "4", or "B1" for a backup slide. */
void nav_label(const struct deck *d, size_t idx, char buf[NAV_LABEL_MAX]);
/* The index of main slide num (1-based), or of backup slide num when
 * backup; -1 when there is none. */
long nav_index_of(const struct deck *d, unsigned long num, bool backup);

/* Searches titles, subtitles, items, bar labels and notes for query
 * (case-insensitive for ASCII letters, byte-exact otherwise) and goes to
 * the first hit after the current slide, wrapping around; the hit slide is
 * shown fully revealed. Returns the number of slides that match; with 0
 * the position is kept, search mode is off and a message says so. */
size_t nav_search(struct nav *n, const char *query);
/* Moves to the next (dir > 0) or previous hit, wrapping around, and says
 * where it is ("match 2 of 3", ", in the notes" when only they match).
 * Returns 0, or -1 when there is no search with hits. */
int nav_search_step(struct nav *n, int dir);
/* Whether the search matches the current slide only in its notes, not in
 * anything the audience sees. */
bool nav_hit_in_notes_only(const struct nav *n);
/* 1-based position of the current slide among the hits, 0 when it is not
 * a hit. */
size_t nav_search_pos(const struct nav *n);

/* Replaces the deck after a reload: stays on the slide with the same id,
 * else on the first later (then earlier) slide of the old deck that still
 * exists, else at the same index clamped to the new deck. The step is
 * clamped, the search is run again, scroll offsets reset. old must still be
 * alive during the call; n borrows d afterwards. */
void nav_reload(struct nav *n, const struct deck *d);

/* Number of slides that are not backup slides. */
size_t nav_main_count(const struct nav *n);
/* Index of the slide next/prev would go to from the current one, or -1
 * when there is none. Reveal steps are ignored. */
long nav_peek(const struct nav *n, int dir);

/* Sets the status-line message (printf format, truncated) and keeps it in
 * the log (a repeat of the newest entry is not logged twice). */
void nav_message(struct nav *n, bool warn, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The same for a message meant for the speaker only (deck warnings,
 * reloads, the timer): see nav_message_shown(). */
void nav_note(struct nav *n, bool warn, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Whether the status line of this screen shows n->msg: not when it is
 * for the speaker only and the screen is the audience's while the speaker
 * has another (console_attached: a console follows this presentation);
 * the presenter layout is the speaker's own screen. */
bool nav_message_shown(const struct nav *n, bool console_attached);
/* Log entry i, 0 the oldest, i < n->nlog. */
const struct nav_logged *nav_log_entry(const struct nav *n, unsigned i);

#endif
