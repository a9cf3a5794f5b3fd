#ifndef LECTERN_DIAG_H
#define LECTERN_DIAG_H

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

struct diag_list {
	struct diag *v;
	size_t n, cap;
	size_t nerrors, nwarnings;
};

void diag_list_init(struct diag_list *l);
/* Frees every diagnostic; the list may be reused after diag_list_init. */
void diag_list_release(struct diag_list *l);
/* Appends a diagnostic; file and the formatted message are copied. */
void diag_add(struct diag_list *l, const char *file, unsigned line, unsigned col,
	      enum severity sev, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Moves every diagnostic of src to the end of dst; src is left empty. */
void diag_list_move(struct diag_list *dst, struct diag_list *src);
/* Formats one diagnostic as a single line without a newline; caller frees. */
char *diag_format(const struct diag *d);
/* Prints every diagnostic, one a line, in the order they were added. With
 * strict, warnings print as errors. */
void diag_print(const struct diag_list *l, FILE *out, int strict);

#endif
