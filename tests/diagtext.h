#ifndef LECTERN_TESTS_DIAGTEXT_H
#define LECTERN_TESTS_DIAGTEXT_H

/* For tests: every diagnostic of a list as check prints it, joined by
 * newlines; when dir is not NULL, a leading dir (a mkdtemp folder) is
 * replaced by "DIR" so the expected text is fixed. The caller frees it. */

#include <stdlib.h>
#include <string.h>

#include "diag.h"

static inline char *diag_text(const struct diag_list *dl, const char *dir)
{
	size_t cap = 1;
	char *out = calloc(1, cap);
	for (size_t i = 0; i < dl->n; i++) {
		char *line = diag_format(&dl->v[i]);
		int strip = dir && strncmp(line, dir, strlen(dir)) == 0;
		const char *rest = strip ? line + strlen(dir) : line;
		cap += strlen(rest) + 8;
		out = realloc(out, cap);
		if (i)
			strcat(out, "\n");
		if (dir)
			strcat(out, "DIR");
		strcat(out, rest);
		free(line);
	}
	return out;
}

#endif
