#ifndef LECTERN_DECK_MD_H
#define LECTERN_DECK_MD_H

#include <stdbool.h>
#include <stddef.h>

#include "deck.h"
#include "diag.h"
#include "markdown.h"

/* A Markdown file read as a deck (deck_load() of a file named *.md or
 * *.markdown): the bytes go through markdown_import() into INI text, which
 * the loader reads as it reads any deck, under the Markdown file's name.
 * The importer's warnings name Markdown lines; deck_md_finish() moves the
 * loader's diagnostics about the INI text onto the Markdown line that made
 * the INI line, saying which INI line it was (as `lectern import` writes
 * it), so that every diagnostic names the file the user edits. */

/* Whether name ends in ".md" or ".markdown" (any case). */
bool deck_md_named(const char *name);

/* What deck_md_convert() hands to deck_md_finish(). A plain value. */
struct deck_md {
	struct markdown_map map;
	size_t first; /* index in diags of the first diagnostic after the import */
	size_t from;  /* index in diags of the import's first diagnostic */
};

/* Converts bytes[0..len) of the Markdown file name into INI text: a new
 * string the caller hands to the loader, or NULL with errors in diags
 * (md is then released already). */
char *deck_md_convert(struct deck_md *md, const char *name, const char *bytes, size_t len,
		      struct diag_list *diags);

/* After the loader read the INI text into d (NULL when it failed): gives
 * its diagnostics (those added since deck_md_convert()) and the source
 * lines of d's slides, items and sections their Markdown lines (0 where
 * none), sorts all of the file's diagnostics by line, and releases md. */
void deck_md_finish(struct deck_md *md, struct deck *d, struct diag_list *diags);

#endif
