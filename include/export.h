#ifndef LECTERN_EXPORT_H
#define LECTERN_EXPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "deck.h"

/* Plain-text export: every slide laid out by the layout engine (VIEW_EXPORT)
 * and printed as UTF-8 text without escape sequences. */

struct export_opts {
	unsigned width; /* columns, >= 1 */
	bool notes;     /* include speaker notes */
	bool backup;    /* include backup slides */
};

/* Writes the export of d to out. Returns 0, or -1 on a write error (errno
 * set). */
int export_deck(const struct deck *d, const struct export_opts *o, FILE *out);

#endif
