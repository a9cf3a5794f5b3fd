#ifndef LECTERN_TUI_H
#define LECTERN_TUI_H

/* The terminal front end (src/tui.c, the only file that includes curses):
 * sets up and restores the terminal, runs the loop of one presentation or
 * console, and copies the screens to the terminal. */

#include "present.h"

/* present and rehearse: p is filled and its nav initialised (by the
 * command); starts the terminal, finishes a large deck's load, starts the
 * timer (p->timer_on), runs until quit, the end of a rehearsal or a
 * signal, and restores the terminal. Returns the exit status: EXIT_OK,
 * EXIT_DECK (the whole deck did not load; diagnostics printed),
 * EXIT_INTERNAL (no usable terminal; said why), 128 + N after signal N. */
int tui_present(struct present *p);

/* console: follows the presentation whose socket is path with p's deck
 * (p's nav and timer initialised). Returns the exit status like
 * tui_present(); with --exit-with, prints why it ended. */
int tui_console(struct present *p, const char *path);

#endif
