#ifndef LECTERN_BUILTIN_H
#define LECTERN_BUILTIN_H

#include <stddef.h>

/* The built-in talk, embedded from slides/ at build time. */

struct builtin_deck {
	const char *name;  /* e.g. "talk.zh.ini", used in diagnostics */
	const char *lang;  /* "zh" or "en" */
	const char *bytes; /* the file's exact bytes, NUL-terminated */
	size_t len;
};

/* Fills *out with the built-in deck for a language ("zh", "en"; NULL means
 * the default, Chinese). Returns 0, or -1 when there is no such deck. */
int builtin_find(const char *lang, struct builtin_deck *out);

#endif
