#ifndef LECTERN_DIAG_H
#define LECTERN_DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

/* Diagnostics about the user's input: file, line, column, severity and a
 * message, printed gcc style as "FILE:LINE:COL: error: message". Columns
 * count characters (code points) from 1; line 0 means "the whole file" and
 * prints as "FILE: error: message". */

enum severity { SEV_WARNING, SEV_ERROR };

struct diag {
	char *file;
	unsigned line, col;
	enum severity sev;
	char *msg;
};

/* A list keeps at most DIAG_MAX diagnostics; later ones are only counted
 * (in nerrors / nwarnings and dropped), so hostile input cannot flood the
 * output or the memory. */
#define DIAG_MAX 500

struct diag_list {
	struct diag *v;
	size_t n, cap;
	size_t nerrors, nwarnings;
	size_t dropped; /* counted but not kept */
};

void diag_list_init(struct diag_list *l);
/* Frees every diagnostic; the list may be reused after diag_list_init. */
void diag_list_release(struct diag_list *l);
/* Appends a diagnostic; file and the formatted message are copied through
 * the sanitising writer (textclass.h), so they print safely anywhere. */
void diag_add(struct diag_list *l, const char *file, unsigned line, unsigned col, enum severity sev,
	      const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void diag_vadd(struct diag_list *l, const char *file, unsigned line, unsigned col,
	       enum severity sev, const char *fmt, va_list ap)
	__attribute__((format(printf, 6, 0)));
/* Moves every diagnostic of src to the end of dst; src is left empty. */
void diag_list_move(struct diag_list *dst, struct diag_list *src);
/* Sorts the diagnostics from index from on by line, keeping the order of
 * those on one line, and those of the whole file (line 0) after the rest:
 * a loader that checks in several passes reports in file order. */
void diag_sort_lines(struct diag_list *l, size_t from);
/* Formats one diagnostic as a single line without a newline; caller frees. */
char *diag_format(const struct diag *d);
/* Prints every diagnostic, one a line, in the order they were added, then
 * how many were dropped, if any. With strict, warnings print as errors. */
void diag_print(const struct diag_list *l, FILE *out, int strict);
/* diag_print(), with color: the severity word in ANSI colours ("error" red
 * and bold, "warning" yellow), for a terminal or --color=always. */
void diag_print_color(const struct diag_list *l, FILE *out, int strict, int color);

#endif
