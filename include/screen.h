#ifndef LECTERN_SCREEN_H
#define LECTERN_SCREEN_H

/* The screen composer: a pure function from the controller's state and a
 * terminal size to what the whole screen shows, as one frame: the slide
 * screen (with the notes pane), the presenter layout (timer rows, slide,
 * next-slide preview, notes), the overview, the help, the messages, the
 * status line or its prompt, "terminal too small", and the blackouts. It
 * reads the state and writes nothing back: what the layouts clamped
 * (scroll positions) is returned for present_accept(). No curses. */

#include <stdbool.h>

#include "layout.h"
#include "nav.h"
#include "present.h"

enum { SCREEN_MIN_COLS = 24, SCREEN_MIN_ROWS = 8 };

struct screen_text; /* the copies of the text the frame shows */

struct screen {
	struct frame *f;          /* cols x rows, owned; its runs borrow from text */
	struct screen_text *text; /* owned */
	unsigned cols, rows;
	bool too_small;   /* f says the terminal is too small */
	enum blank blank; /* a blackout fills the screen (f is empty) */
	bool status;      /* row rows - 1 is the status line: a background
			       * of STYLE_STATUS across the row, its roles in
			       * their on-the-status-line looks */
	/* the presenter layout's divider: a "│" at divider_col on rows
	 * [divider_top, divider_top + divider_rows); no gap between two runs
	 * is filled across it */
	unsigned divider_col, divider_top, divider_rows;
	/* the scroll positions as the layouts accepted them */
	unsigned scroll, notes_scroll, help_scroll;
};

/* Composes the screen of p at cols x rows (any size; below
 * SCREEN_MIN_COLS x SCREEN_MIN_ROWS it says so). Release with
 * screen_release(); it borrows nothing from p. */
void screen_compose(struct screen *sc, const struct present *p, unsigned cols, unsigned rows);
void screen_release(struct screen *sc);

/* Takes back what the screen's layouts clamped (the slide's, the notes'
 * and the help's scroll positions), so that scrolling on from there moves
 * at once. */
void present_accept(struct present *p, const struct screen *sc);

#endif
