#ifndef LECTERN_INI_H
#define LECTERN_INI_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "xalloc.h"

/* INI files read with iniparser, with what iniparser does not give: the
 * line and column of every section and key, and a diagnostic for every
 * trap of its format (see docs/deck-format.md and LIBRARIES.md) instead of
 * silent loss. Decks and the config file are both read through here. */

struct ini_key {
	const char *name;   /* lower-cased, as iniparser stores it */
	const char *value;  /* the value as iniparser reads it, never NULL */
	unsigned line, col; /* of the key */
	unsigned vcol;      /* of the value (its opening quote, if quoted) */
	int quoted;         /* the value was written in quotes */
	size_t sec;         /* index of its section */
	/* A verbatim line (ini_verbatim_key()): the text after the value's
	 * leading '|' as written, ';', '#', quotes and leading blanks kept,
	 * trailing blanks and CR dropped (in the arena with value); NULL for
	 * every other key. */
	const char *raw;
};

struct ini_section {
	const char *name; /* lower-cased */
	unsigned line, col;
	const struct ini_key *keys; /* its keys in file order */
	size_t nkeys;
	bool damaged; /* a line in it had an error: a check for what is missing
		       * (a title, say) would only repeat that error */
};

struct ini_file {
	struct ini_section *secs;
	size_t nsecs;
	struct ini_key *keys; /* all keys, section by section */
	size_t nkeys;
	bool partial; /* the file has errors: this is what could still be read */
};

/* Parses len bytes of INI text called name (in diagnostics). Strings are
 * copied into arena and live as long as it does; the arrays of f are freed
 * by ini_release(). Returns 0 with f filled (warnings may be in diags), or
 * -1 with every problem in diags. After -1, f is either empty or, when
 * f->partial, holds the sections and keys that could still be read (lines
 * with errors left out, a repeated key's first value, a repeated section as
 * a section of its own, keys after an unreadable section header dropped), so
 * that a caller can validate them too and report every problem in one run;
 * it must not use them otherwise, and releases f in both cases. Section
 * names must be ids (ASCII letters, digits, '-', '_'). */
int ini_parse(struct ini_file *f, const char *name, const char *bytes, size_t len,
	      struct arena *arena, struct diag_list *diags);
void ini_release(struct ini_file *f);

/* Reads a whole regular file of at most max bytes into a new NUL-terminated
 * buffer the caller frees; *len gets its size. Refuses directories, FIFOs
 * and devices (without blocking on them) and files over max (without
 * reading them). Returns NULL with a diagnostic naming path on failure. */
char *ini_read_file(const char *path, size_t max, size_t *len, struct diag_list *diags);

/* True for the ASCII white space iniparser trims (space, \t \n \v \f \r). */
int ini_is_space(int c);
/* Column (characters from 1) of the byte s + n on its line starting at s. */
unsigned ini_column(const char *s, size_t n);
/* Levenshtein distance of two short ASCII words (99 when longer than 32). */
size_t ini_distance(const char *a, const char *b);
/* The name in the NULL-terminated names closest to word, or NULL when none
 * is within 2 edits: for "did you mean" hints. */
const char *ini_closest(const char *word, const char *const *names);
/* Parses yes/no, true/false, on/off, 1/0 (any case). Returns 0, or -1 when
 * v is none of them. */
int ini_parse_bool(const char *v, bool *out);
/* True when the key named name[0..n) (any case) holds verbatim lines:
 * a deck's code lines, `line.N`. Such a key whose unquoted value starts
 * with '|' gets ini_key.raw, and no warning for its ';' or '#'; a '\' at
 * the end of it, which would join the next line, is an error. */
bool ini_verbatim_key(const char *name, size_t n);
/* 1 when s is a valid id: lower-case ASCII letters, digits, '-' and '_'. */
int ini_valid_id(const char *s);

#endif
