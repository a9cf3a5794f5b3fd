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

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <termios.h>

#include "nav.h"
#include "present.h"

/* Puts a terminal on stdin into single-key mode (no line discipline, no
 * echo) and saves its modes in *saved. Returns whether it did (false when
 * stdin is not a terminal or its modes cannot be read or set); the caller
 * restores *saved with tcsetattr() when it did. Used by present --plain and
 * follow --plain. */
bool plain_keys_raw(struct termios *saved);

/* What a plain front end (present --plain, follow --plain) wrote last, so
 * that each change of what is shown is written once, whoever made it.
 * Zeroed: nothing written yet. */
struct plain_written {
	bool shown;              /* a slide was written: which one, below */
	const struct deck *deck; /* its deck (and the deck's hash) */
	uint64_t hash;
	size_t cur; /* its index and reveal step */
	unsigned step;
	enum blank blank;          /* the blackout last written */
	char msg[NAV_MSG_MAX];     /* the status message last seen */
	unsigned long caption_seq; /* p->caption.seq of the caption last seen */
};

/* Writes to stdout the slide p->nav shows, with its notes when notes is
 * true, unless *w says it is the one written last; force writes it whole
 * all the same (after a reload). When only a later step of the same slide
 * is new, it writes only what the steps since add. Every slide but the
 * first is preceded by a blank line. Updates *w. Returns 0, or -1 on a
 * write error (errno set). */
int plain_write_shown(struct plain_written *w, const struct present *p, bool notes, bool force);

/* Writes p's status message when it is not empty and is new since *w
 * (again: even when it is the one seen last, as after a key), then p's
 * caption when it is new since *w and captions are not off in p->nav.
 * Updates *w. Returns 0, or -1 on a write error. */
int plain_write_news(struct plain_written *w, const struct present *p, bool again);

/* Blocks SIGINT, SIGTERM and SIGHUP (the mask before is put in *old) and
 * returns a signalfd (non-blocking, close-on-exec) that reads them; -1,
 * with the mask restored and errno set, when it cannot be made. The
 * caller closes it and restores *old. */
int plain_signals_open(sigset_t *old);

/* The number of the ending signal waiting on a plain_signals_open() fd,
 * 0 for none. */
int plain_signal_read(int fd);

/* Runs the presentation p (filled and its nav initialised by the command,
 * the whole deck loaded) until quit, the end of stdin, the end of a
 * rehearsal or a signal (SIGINT, SIGTERM, SIGHUP). Starts the timer
 * (p->timer_on) and the consoles' server. Returns EXIT_OK, EXIT_INTERNAL
 * when the output cannot be written, 128 + N after signal N. */
int plain_present(struct present *p);

#endif
