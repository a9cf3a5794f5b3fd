#ifndef LECTERN_MARKDOWN_H
#define LECTERN_MARKDOWN_H

#include <stddef.h>
#include <stdio.h>

#include "deck.h"
#include "diag.h"
#include "export.h"

/* Markdown interchange with mdp, patat and presenterm (the conventions are
 * documented in lectern-deck(5), docs/lectern-deck.5, section MARKDOWN):
 *
 *   ---                                front matter: title, subtitle, author,
 *   title: "..."                       affiliation, event, date, language,
 *   ---                                duration, id (YAML, double-quoted)
 *   <!-- lectern                       per slide: id, section, layout, time, backup
 *   id: cover                          (a multi-line comment, which presenterm
 *   time: 20s                          ignores)
 *   -->
 *   # Title                            the slide title; "## " the subtitle
 *   - bullet / "  - " sub-bullet       paragraphs for text
 *   **FIGURE** — caption               a figure
 *   | caption | value |                a chart: one table row per bar
 *   | a | b | (not a chart)            a table; ```lang fenced code
 *   patat: slideLevel: 2, "# NAME"     a section and its divider slide
 *   <!-- agenda -->                    an agenda
 *   > text / > — who                   a quote
 *   <!-- pause -->                     a reveal step
 *   <!-- speaker_note: "..." -->       one speaker-note paragraph
 *   ---                                between slides
 *
 * Text is escaped so that it comes back unchanged through
 * markdown_import() (a text that starts with blanks, such as a line of
 * code the importer kept, is written as a one-line fenced code block), with
 * one exception: a character that must not reach a
 * terminal (textclass.h) is written as a YAML escape in the front matter
 * and the speaker notes (and so comes back), and as its visible
 * placeholder everywhere else (it comes back as the placeholder). No raw
 * control or bidirectional character is ever written.
 *
 * The exporter is src/export_md.c (a row of export.h's format table); the
 * importer is src/md_import.c and the parts src/md_internal.h lists. */

/* Writes d as Markdown to out: notes only with o->notes, backup slides only
 * with o->backup (o->width is not used). Returns 0, or -1 on a write error
 * (errno set). Deterministic. */
int markdown_export(const struct deck *d, const struct export_opts *o, FILE *out);

/* Converts len bytes of Markdown called name (in diagnostics) into the text
 * of an INI deck (docs/deck-format.md). Slides are split at presenterm's
 * "<!-- end_slide -->" and at thematic breaks ("---" after a blank line;
 * in a file with end_slide, only with presenterm's end_slide_shorthand)
 * or, when there are none, at headings as patat does (its slideLevel, or
 * the least level of a heading followed by content; a heading above that
 * level starts a section and is its divider slide). mdp's "-> text <-" is
 * read as the text; a slide centred throughout gets the title layout.
 * Code blocks become code items (code.N, line.N), tables that are not
 * charts table items (table.N, row.N). Whatever is approximated or cannot
 * be carried over (images, links reduced to their text, raw HTML, a
 * table's alignment, ...) is reported as a warning naming the Markdown
 * line. Returns a new NUL-terminated
 * string the caller frees, or NULL with errors in diags (invalid UTF-8, a
 * NUL byte, no slide at all). */
char *markdown_import(const char *name, const char *bytes, size_t len, struct diag_list *diags);

/* Which Markdown line each line of an import's INI text came from:
 * md_line[k] for INI line k + 1 (0: from none, such as the first comment),
 * n entries. Owned by the caller: markdown_map_release(). */
struct markdown_map {
	unsigned *md_line;
	size_t n;
};

/* markdown_import(), also filling *map when it returns the INI text (map
 * is left zero when it returns NULL). */
char *markdown_import_mapped(const char *name, const char *bytes, size_t len,
			     struct diag_list *diags, struct markdown_map *map);

/* The Markdown line of INI line `line` of map (0 for 0 and lines past the
 * end). */
unsigned markdown_map_line(const struct markdown_map *map, unsigned line);

/* Frees what map holds and zeroes it; accepts a zero map. */
void markdown_map_release(struct markdown_map *map);

#endif
