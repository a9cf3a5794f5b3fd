#ifndef LECTERN_FOLLOW_H
#define LECTERN_FOLLOW_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>

#include "deck.h"
#include "diag.h"
#include "keymap.h"
#include "nav.h"
#include "present.h"
#include "proto.h"

/* The read-only follower (`lectern follow`) and what the presenting side
 * sends it. Pure but for follow_deck_file(), which reads the deck file: no
 * terminal, no socket, no clock (the connection is p->client, session.h).
 *
 * A follower shows the audience view of the slide the presenter shows,
 * found by slide id in its own deck (which may be another language's), the
 * reveal step and the blackout; it never shows speaker notes (the notes of
 * its deck are dropped when it is loaded) nor the presenter's timer, and
 * it sends nothing: its keys are its own (help, scrolling, its status
 * line, quitting). The drawing of a slide is the composer's (screen.h);
 * a plain-text follower replaces that call and keeps everything here. */

/* The deck text a follower without a deck file gets: the INI text ini of
 * len bytes with every note.N key (continuation lines included), every
 * comment line and every blank line left out, and CRs before line ends
 * dropped; the other lines byte for byte. A new NUL-terminated string the
 * caller frees; *out_len gets its length. Linear. */
char *follow_deck_text(const char *ini, size_t len, size_t *out_len);

/* follow_deck_text() of the deck file at path (a Markdown deck goes
 * through the importer first). NULL with a diagnostic naming path when it
 * cannot be read or imported, or when the text would pass PROTO_DECK_MAX. */
char *follow_deck_file(const char *path, size_t *out_len, struct diag_list *diags);

/* Drops every slide's speaker notes from d (a follower never shows them,
 * whatever deck it was given). */
void follow_strip_notes(struct deck *d);

/* A one-slide deck that says the follower waits for the presenter's deck,
 * shown until the first DECK text has arrived. Never fails. */
struct deck *follow_waiting_deck(void);

/* Loads a deck text a presenter sent (owned, len bytes; taken over and
 * freed in any case), named "the presenter's deck" in diagnostics, without
 * notes. NULL with the problems in diags. */
struct deck *follow_load_text(char *text, size_t len, struct diag_list *diags);

/* The built-in talk (either language) whose deck id is id, without
 * notes, or NULL. */
struct deck *follow_builtin(const char *id);

/* What follow_state() did. */
enum follow_match {
	FOLLOW_SAME,    /* nothing moved */
	FOLLOW_MOVED,   /* the slide, the step or the blackout changed */
	FOLLOW_MISSING, /* the presenter's slide id is not in n's deck: n stays */
};

/* Moves n to the slide of st's id (the index when the slide there has
 * that id, else deck_find()), its step clamped to the slide, and copies
 * the blackout. A slide id n's deck does not have leaves the slide as it
 * is (the blackout is still copied). */
enum follow_match follow_state(struct nav *n, const struct proto_state *st);

/* One key in a follower (p->follow): help, scrolling, the messages,
 * redraw, quitting and suspending act on its own view; the key 's' shows
 * or hides its status line (p->follow_no_status), the captions key (c)
 * its live captions (nav.captions_off; the presenter is not told and
 * still shows them); every other key,
 * movement included, sends nothing and the first of them says, once, that
 * this is a follower. Returns REACT_*. */
unsigned follow_key(struct present *p, struct key k);

/* Handles the poll result of the follower's connection (pfd NULL: none),
 * like present_follow(): a STATE moves the view (follow_state(); a slide
 * id without a counterpart is said in the status line), a DECK text that
 * arrived replaces the deck, a CAPTION becomes p->caption (shown above
 * the status line by the composer, as on the presenter's audience
 * screen; a lost connection drops it), a HELLO with another deck reloads the
 * follower's own deck file (p->o.path), and a follower without a deck whose
 * presenter shows a built-in talk takes that talk (it is never sent).
 * Returns REACT_*; REACT_QUIT when
 * --exit-with and the presentation ended. */
unsigned follow_handle(struct present *p, const struct pollfd *pfd);

/* The HELLO a follower sends: role follower, p's deck id and hash, the
 * session, want=deck when p->follow_want_deck, and captions=1. */
void follow_hello(const struct present *p, struct proto_hello *me);

/* The plain-text follower (`lectern follow --plain`): p filled as for
 * tui_console() (deck, nav, options), path the presenter's socket. No
 * curses, no TERM. Connects, and whenever the presenter's slide or step
 * changes writes the slide to stdout with plain_write_slide() (never the
 * notes; a reveal writes only the new items), at plain_width(); the
 * blackout, its end and the status messages (following, lost, waiting)
 * as "lectern: ..." lines, and each live caption when it comes as one
 * "caption: ..." line (plain_write_caption(); nothing when it clears). Follows moves, reloads and a deck sent like
 * the full-screen follower (follow_handle()). Reads stdin only when it is
 * a terminal: q or its end quits. Returns EXIT_OK after q, the end of a
 * terminal's input, --exit-with and the end of the presentation, or when
 * stdout's reader went away (EPIPE: nothing more is written);
 * EXIT_INTERNAL, said on stderr, when stdout cannot be written otherwise;
 * 128 + N after SIGINT, SIGTERM or SIGHUP. */
int follow_plain(struct present *p, const char *path);

/* The audience's copy of a state: the presenter's timer left out (idle,
 * times 0, no plan, no countdown); the slide, step and blackout kept. */
void follow_public_state(struct proto_state *out, const struct proto_state *st);

#endif
