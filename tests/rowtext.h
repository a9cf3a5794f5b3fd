#ifndef LECTERN_TESTS_ROWTEXT_H
#define LECTERN_TESTS_ROWTEXT_H

/* Frame rows as plain text for the layout tests: the runs' bytes as the
 * layout put them (not through frame_row_text's sanitising writer, so that
 * a test sees exactly what a run holds). */

#include <string.h>

#include "frame.h"

/* Row r as text: gaps as spaces, trailing spaces removed; "<no row>" past
 * the last row. The buffer is static: valid until the next call. Every
 * test that includes this uses it (a plain static, so that gcc does not
 * inline it into callers' snprintf and warn about its buffer's size). */
static const char *row_text(const struct frame *f, unsigned r)
{
	static char buf[65536];
	size_t n = 0;
	unsigned col = 0;
	if (r >= f->nrows)
		return "<no row>";
	for (size_t k = f->rows[r].first; k < f->rows[r].first + f->rows[r].n; k++) {
		const struct run *run = &f->runs[k];
		for (; col < run->col && n < sizeof buf - 1; col++)
			buf[n++] = ' ';
		if (n + run->len < sizeof buf - 1) {
			memcpy(buf + n, run->text, run->len);
			n += run->len;
		}
		col = run->col + run->width;
	}
	while (n && buf[n - 1] == ' ')
		n--;
	buf[n] = '\0';
	return buf;
}

#endif
