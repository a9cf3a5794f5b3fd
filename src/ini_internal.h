/* Internal to the INI reader (ini.c, ini_scan.c, ini_read.c): what the
 * scanner finds and the iniparser adapter reads back. Not a public header. */
#ifndef LECTERN_INI_INTERNAL_H
#define LECTERN_INI_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "ini.h"
#include "xalloc.h"

struct ini_scan_sec {
	char *name; /* lower-cased, as iniparser stores it */
	unsigned line, col;
	size_t first_key, nkeys; /* its keys in keys[] */
	bool damaged;            /* a line in it had an error */
};

/* Where a key's logical line lies in the file: bytes [from, to), first
 * physical line. */
struct ini_span {
	size_t from, to;
	unsigned line;
};

/* An open-addressing hash index from names to positions in an array;
 * slot value 0 is empty, else index + 1. */
struct ini_hindex {
	size_t *slot;
	size_t cap, n;
};

struct ini_loader {
	const char *name; /* file name in diagnostics */
	const char *bytes;
	size_t len;
	struct diag_list *diags;
	struct ini_scan_sec *secs;
	size_t nsecs, seccap;
	struct ini_key *keys;
	size_t nkeys, keycap;
	struct ini_span *spans; /* parallel to keys */
	size_t spancap;
	struct ini_hindex sec_index; /* section name -> secs[] */
	struct ini_hindex key_index; /* key name -> keys[], current section only */
	bool lost;                   /* after a section header that could not be read: its keys
		    * belong to no section and are not recorded */
	struct arena *arena;
};

/* Adds a diagnostic at line:col of l's file (0 for none). */
void ini_report(struct ini_loader *l, unsigned line, unsigned col, enum severity sev,
		const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* The key called name in section sec, by a walk over that section's keys
 * (for the rare dictionary entry that is not where it was expected), or
 * NULL. */
struct ini_key *ini_key_in(struct ini_loader *l, size_t sec, const char *name);

/* Recognises a file saved as UTF-16, UTF-32 or GB18030 and reports it once
 * (every line of it would be an error of its own). Returns -1 when it
 * reported, else 0. */
int ini_check_encoding(struct ini_loader *l);

/* Pass 1: scans l->bytes, filling l's sections, keys and spans and adding
 * every structural diagnostic. Allocates l->secs, l->keys, l->spans and
 * the indexes; the caller frees them. */
void ini_scan(struct ini_loader *l);

/* Pass 2: reads every scanned key's value with iniparser into l->arena.
 * Returns 0, or -1 after reporting (a refused line, a lost key, a failed
 * system call). */
int ini_read_values(struct ini_loader *l);

#endif
