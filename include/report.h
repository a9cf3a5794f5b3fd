#ifndef LECTERN_REPORT_H
#define LECTERN_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "deck.h"
#include "record.h"

/* The rehearsal report: the last rehearsal of a deck against its current
 * plan, and the trend over the last few rehearsals. Slides are matched by
 * id: a slide of the deck missing from a record is "added" (since that
 * rehearsal), a slide of a record missing from the deck is "removed", a
 * slide the rehearsal never reached (no visit, no time) is "skipped". The
 * plan is the deck's (slide times, [deck] duration); removed slides keep
 * the planned time their record gave them. */

enum report_format {
	REPORT_TEXT, /* a table for people */
	REPORT_TSV,  /* one line per rehearsal and slide, for scripts */
	REPORT_JSON, /* one object, for scripts */
};

struct report_opts {
	enum report_format format;
	unsigned last; /* rehearsals in the trend (the newest ones), >= 1 */
	bool color;    /* text only: ANSI colours; never set when not a terminal */
};

/* Writes the report of deck d given its records v[0..n), oldest first (as
 * record_list_load() returns them; records of other decks must have been
 * left out). n may be 0. Text is UTF-8; without color it contains no
 * escape sequences, and control characters in titles are shown as U+FFFD.
 * Returns 0, or -1 on a write error. */
int report_write(FILE *out, const struct deck *d, const struct record *v, size_t n,
		 const struct report_opts *o);

#endif
