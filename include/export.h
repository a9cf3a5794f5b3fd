#ifndef LECTERN_EXPORT_H
#define LECTERN_EXPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "deck.h"

/* Plain-text export: every slide laid out by the layout engine (VIEW_EXPORT)
 * and printed as UTF-8 text without escape sequences. The text is: the deck
 * header (title, subtitle, "author · affiliation", "event · date") and a
 * rule of "═"; then per slide a blank line, a rule "── N/TOTAL ───" (with
 * " · backup" for backup slides; N counts every slide of the deck), the
 * slide with all reveal steps, and with notes a blank line, "Notes:" and the
 * notes indented by 4 columns (0 below width 12). No line is wider than
 * width columns or ends in a space. Deterministic. */

struct export_opts {
	unsigned width; /* columns, >= 1 */
	bool notes;     /* include speaker notes */
	bool backup;    /* include backup slides */
	bool one_thread; /* lay out in this thread only (a large deck's second
			  * half is otherwise laid out by a helper thread; the
			  * output is the same either way) */
};

/* Writes the export of d to out. Returns 0, or -1 on a write error (errno
 * set). */
int export_deck(const struct deck *d, const struct export_opts *o, FILE *out);

#endif
