#ifndef LECTERN_BUILTIN_H
#define LECTERN_BUILTIN_H

#include <stddef.h>
#include <stdint.h>

#include "ini.h"

/* The built-in talk, embedded from slides/ at build time, together with
 * what the deck loader read from it then (tools/embed.c): presenting it
 * parses nothing at run time. */

/* A section and a key of an embedded deck; names and values are offsets
 * into the deck's string table (no pointers: no relocations at start-up). */
struct builtin_ini_sec {
	uint32_t name, line, col, first_key, nkeys;
};
struct builtin_ini_key {
	uint32_t name, value, line, col, vcol, quoted, sec;
	uint32_t raw; /* ini_key.raw's offset + 1; 0 for NULL */
};

struct builtin_deck {
	const char *name; /* e.g. "talk.zh.ini", used in diagnostics */
	const char *lang; /* "zh" or "en" */
	uint64_t hash;    /* the deck's fingerprint (deck.h) */
	const char *str;  /* the string table of secs and keys */
	const struct builtin_ini_sec *secs;
	size_t nsecs;
	const struct builtin_ini_key *keys;
	size_t nkeys;
};

/* Fills *out with the built-in deck for a language ("zh", "en"; NULL means
 * the default, Chinese). Returns 0, or -1 when there is no such deck. */
int builtin_find(const char *lang, struct builtin_deck *out);

/* Sets *bytes and *len to the exact bytes (NUL-terminated) of the file the
 * built-in deck for lang was read from. Returns 0, or -1 when there is no
 * such deck. For tests and benchmarks: the player does not link them. */
int builtin_source(const char *lang, const char **bytes, size_t *len);

/* Fills *f with b's sections and keys as ini_parse() read them at build
 * time; the strings are b's own (static), the arrays are freed with
 * ini_release(). */
void builtin_ini(const struct builtin_deck *b, struct ini_file *f);

#endif
