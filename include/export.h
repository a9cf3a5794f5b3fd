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
	unsigned width;  /* columns, >= 1 */
	bool notes;      /* include speaker notes */
	bool backup;     /* include backup slides */
	bool one_thread; /* lay out in this thread only (a large deck's second
			  * half is otherwise laid out by a helper thread; the
			  * output is the same either way) */
};

/* Writes the export of d to out. Returns 0, or -1 on a write error (errno
 * set). */
int export_deck(const struct deck *d, const struct export_opts *o, FILE *out);

/* The options of struct export_opts a format reads (the "honours" and
 * "defaults" columns below). */
enum {
	EXPORT_WIDTH = 1,  /* --width */
	EXPORT_NOTES = 2,  /* --notes / --no-notes */
	EXPORT_BACKUP = 4, /* --backup / --no-backup */
};

/* The export formats, one row each; `lectern export --format NAME` looks
 * the name up here and never asks for a format by name otherwise. Adding a
 * format is one writer in its own file and one row.
 * X(NAME, WRITER, HONOURS, DEFAULTS, HELP)
 *   NAME      the --format value
 *   WRITER    int WRITER(const struct deck *, const struct export_opts *,
 *             FILE *): writes the whole export, returns 0, or -1 on a
 *             write error (errno set); deterministic
 *   HONOURS   the EXPORT_* options it reads; giving another is a usage
 *             error
 *   DEFAULTS  the EXPORT_NOTES / EXPORT_BACKUP it turns on unless --no-...
 *   HELP      its line in --help, at most 48 columns */
#define EXPORT_FORMAT_LIST(X)                                                                      \
	X("text", export_deck, EXPORT_WIDTH | EXPORT_NOTES | EXPORT_BACKUP, 0,                     \
	  "plain text laid out like the screen (default)")                                         \
	X("markdown", markdown_export, EXPORT_NOTES | EXPORT_BACKUP, EXPORT_NOTES | EXPORT_BACKUP, \
	  "Markdown for mdp, patat, presenterm, import")                                           \
	X("html", html_export, EXPORT_NOTES | EXPORT_BACKUP, 0,                                    \
	  "one self-contained page to read or print")

/* Every writer of the list (markdown_export is markdown.h's, written in
 * src/export_md.c; html_export src/export_html.c's). */
#define EXPORT_WRITER_DECL_(name, writer, honours, defaults, help) \
	int writer(const struct deck *d, const struct export_opts *o, FILE *out);
EXPORT_FORMAT_LIST(EXPORT_WRITER_DECL_)
#undef EXPORT_WRITER_DECL_

struct export_format {
	const char *name;
	int (*write)(const struct deck *d, const struct export_opts *o, FILE *out);
	unsigned honours, defaults; /* EXPORT_* */
	const char *help;
};

/* The formats in list order (the first is the default), and their number. */
extern const struct export_format export_formats[];
extern const size_t export_nformats;

/* The format called name (exact, case-sensitive), or NULL. */
const struct export_format *export_format_find(const char *name);

#endif
