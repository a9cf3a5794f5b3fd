#ifndef LECTERN_PLAIN_TUI_H
#define LECTERN_PLAIN_TUI_H

/* The plain front end of present and rehearse (`--plain`, for a blind
 * speaker, a screen reader or a braille display, a pipe or a log): no
 * curses, no TERM, no cursor addressing. It runs the controller's loop
 * (present.h) like the terminal front end and writes, through plain.h, the
 * slide whenever what is shown changes (the start, a move, a reveal: the
 * revealed items only, a reload), each status-line message as
 * "lectern: ...", each live caption as "caption: ...", the help, the
 * slide list and the messages when their keys ask.
 *
 * Input: when stdin is a terminal, single keys (no echo, no Enter needed),
 * looked up in the key map as in the full-screen player; otherwise lines,
 * one command each:
 *   ""              Enter: the next step or slide
 *   one character   that key ("n", "p", "q", "?", "t", ...)
 *   a number, or "g N", "goto N"   go to slide N (or B1, or an id)
 *   "/TEXT", "search TEXT"         search
 *   an action name  ("next", "prev", "timer", "reload", "captions", "help",
 *                   ... as in [keys] of the config): the first key bound
 *                   to it
 * The end of stdin quits (it ends a rehearsal). The width is the terminal's
 * when stdout is one, else $COLUMNS, else 80. */

#include <stdbool.h>
#include <termios.h>

#include "present.h"

/* Puts a terminal on stdin into single-key mode (no line discipline, no
 * echo) and saves its modes in *saved. Returns whether it did (false when
 * stdin is not a terminal or its modes cannot be read or set); the caller
 * restores *saved with tcsetattr() when it did. Used by present --plain and
 * follow --plain. */
bool plain_keys_raw(struct termios *saved);

/* Runs the presentation p (filled and its nav initialised by the command,
 * the whole deck loaded) until quit, the end of stdin, the end of a
 * rehearsal or a signal (SIGINT, SIGTERM, SIGHUP). Starts the timer
 * (p->timer_on) and the consoles' server. Returns EXIT_OK, EXIT_INTERNAL
 * when the output cannot be written, 128 + N after signal N. */
int plain_present(struct present *p);

#endif
