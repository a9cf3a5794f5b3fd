#ifndef LECTERN_PLAIN_H
#define LECTERN_PLAIN_H

/* Plain text for screen readers, braille displays, pipes and logs: one
 * slide, or one caption, as linear UTF-8 lines, with no cursor addressing,
 * no colour and no escape sequence. Every line is a frame row printed by
 * frame_print() (through the sanitising writer, textclass.h), so nothing
 * of the deck or of a caption reaches the output raw; no line is wider
 * than the width asked for or ends in a space. Used by `present --plain`
 * (and, with notes off, by a follower's plain mode).
 *
 * A slide is written as:
 *   its header, wrapped to the width:
 *     "Slide 3 of 25 · 场景 · Title"  (main slides, counted as nav.h does)
 *     "Backup slide 1 of 2 · Title"   (backup slides)
 *   with " · step 2 of 3" after the number when the slide has several
 *   reveal steps, and the section's name only when the slide is in one;
 *   a blank line;
 *   the body: the text `lectern export` writes for the slide (the layout's
 *   VIEW_EXPORT), limited to what the reveal step shows: the items whose
 *   step is at most the step shown (items are in step order, so this is a
 *   prefix of the export's text, title first);
 *   with notes, and only when the write starts at step 0: a blank line,
 *   "Notes:" and the notes indented by 4 columns (0 below width 12), as the
 *   export writes them.
 * A write from a later step (from_step > 0: a reveal, what came before was
 * written already) has the header and then only the items revealed at
 * steps from_step .. step, without the title. */

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "deck.h"

struct plain_opts {
	unsigned width;     /* columns; 0 is taken as 1 */
	unsigned step;      /* the reveal step shown; clamped to the slide's last */
	unsigned from_step; /* the first step whose items are written (0: the
			     * whole slide up to step, title and notes too);
			     * clamped to step */
	bool notes;         /* write the speaker notes (present --plain) */
};

/* Writes slide idx (< d->nslides) of d to out as above. Returns 0, or -1
 * on a write error (errno set). */
int plain_write_slide(FILE *out, const struct deck *d, size_t idx, const struct plain_opts *o);

/* Writes a caption as "caption: TEXT", wrapped to width (0 taken as 1)
 * with the slides' line breaking; text is len bytes of any content
 * (sanitised on the way). Returns 0, or -1 on a write error. */
int plain_write_caption(FILE *out, const char *text, size_t len, unsigned width);

/* Writes len bytes of text wrapped to width (0 taken as 1), a newline
 * in it ending a line (the help, lists). Returns 0, or -1 on a write
 * error. */
int plain_write_text(FILE *out, const char *text, size_t len, unsigned width);

/* Writes a message of the player as "lectern: MSG", wrapped like a
 * caption (a status-line message, the answer to a command). Returns 0, or
 * -1 on a write error. */
int plain_write_message(FILE *out, const char *msg, unsigned width);

/* The width plain text is written at: stdout's terminal's, else $COLUMNS
 * (1 to 10000), else 80. Used by present --plain and follow --plain. */
unsigned plain_width(void);

#endif
