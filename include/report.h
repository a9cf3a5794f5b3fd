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
 * the planned time their record gave them. A record is reported complete
 * when it says so and did not skip the deck's last slide that is not a
 * backup slide (records written before record_complete() are judged
 * again). Times are whole seconds by timer_whole_s(); the text report's
 * start is local time with its zone, tsv's and json's UTC. A deck with
 * sections gets, in the text report, a table of sections after the table
 * of slides: planned (the non-backup slides' times) and actual (the newest
 * rehearsal's milliseconds on all the section's slides, summed, then
 * rounded) per section, and for the slides before the first section. */

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

/* Whether record r of deck d counts as complete, the rule the report shows
 * (and lectern plan uses): recorded so, and the deck's last slide that is
 * not a backup slide was not skipped in it. */
bool report_complete(const struct deck *d, const struct record *r);

/* For a deck with no records: the deck id under which records v[0..n) (of
 * every deck, oldest first) hold this deck's history under another name,
 * as after a renamed deck file. A record matches when at least four in
 * five of d's slide ids are among its slide ids and four in five of its
 * slide ids are d's; the id of the record sharing the most ids wins (the
 * newer on a tie). Records of d's own id are ignored. Returns that id
 * (pointing into v) and sets *count to how many of v have it, or returns
 * NULL. Linear in the records' slides, times log of d's. */
const char *report_find_renamed(const struct deck *d, const struct record *v, size_t n,
				size_t *count);

/* Writes the hint for report_find_renamed()'s answer: that count
 * rehearsals are recorded under old_id with the same slides, and that
 * "id = OLD" in the [deck] section of d's file carries them over. Ids and
 * the path are shown with control characters replaced. Returns 0, or -1
 * on a write error. */
int report_write_renamed(FILE *out, const struct deck *d, const char *old_id, size_t count);

#endif
