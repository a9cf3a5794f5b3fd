/* Markdown import: tables (md_internal.h). A table shaped like lectern's
 * chart export becomes a chart; any other is kept as preformatted text. */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>
#include <uniwidth.h>

#include "md_internal.h"
#include "xalloc.h"

/* Splits a table row into trimmed raw cells. */
static size_t table_cells(const struct line *l, char ***cells)
{
	size_t n;
	const char *s = md_skip_ws(l, &n);
	if (n && s[0] == '|') {
		s++;
		n--;
	}
	if (n && s[n - 1] == '|' && !(n >= 2 && s[n - 2] == '\\'))
		n--;
	size_t count = 0, cap = 0;
	*cells = NULL;
	size_t start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] == '\\') {
			i++;
			continue;
		}
		if (i == n || s[i] == '|') {
			xgrow((void **)cells, &cap, count + 1, sizeof **cells);
			(*cells)[count++] = md_trim_dup(s + start, i - start);
			start = i + 1;
		}
	}
	return count;
}

static void free_cells(char **c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(c[i]);
	free(c);
}

static char *cell_text(struct importer *im, const char *raw, unsigned line)
{
	return md_inline_text(im, raw, strlen(raw), line);
}

/* A lectern chart table: "| caption | value [(log)] [| shown] |". */
static bool chart_table(struct importer *im, size_t a, size_t b)
{
	char **h;
	size_t nh = table_cells(&im->lines[a], &h);
	unsigned line = im->lines[a].no;
	bool ok = (nh == 2 || nh == 3) && b - a > 2;
	bool log = false;
	if (ok) {
		char *v = cell_text(im, h[1], line);
		ok = strcmp(v, "value") == 0 || strcmp(v, "value (log)") == 0;
		log = strcmp(v, "value (log)") == 0;
		free(v);
	}
	if (ok && nh == 3) {
		char *v = cell_text(im, h[2], line);
		ok = strcmp(v, "shown") == 0;
		free(v);
	}
	for (size_t r = a + 2; ok && r < b; r++) {
		char **c;
		size_t nc = table_cells(&im->lines[r], &c);
		char *v = nc >= 2 ? cell_text(im, c[1], line) : NULL;
		/* a value the deck loader takes: finite, in range, above 0 on
		 * a log scale */
		char *end = NULL;
		errno = 0;
		double x = v && *v ? strtod(v, &end) : -1;
		ok = nc == nh && end && !*end && !errno && isfinite(x) && (log ? x > 0 : x >= 0);
		free(v);
		free_cells(c, nc);
	}
	if (!ok) {
		free_cells(h, nh);
		return false;
	}
	char *cap = cell_text(im, h[0], line);
	if (!*cap) {
		free(cap);
		cap = xstrdup("Chart");
	}
	md_add_item(im, K_CHART, cap, line);
	for (size_t r = a + 2; r < b; r++) {
		char **c;
		size_t nc = table_cells(&im->lines[r], &c);
		unsigned rl = im->lines[r].no;
		char *label = cell_text(im, c[0], rl), *val = cell_text(im, c[1], rl);
		char *shown = nc == 3 ? cell_text(im, c[2], rl) : NULL;
		if (strchr(label, '|') || !*label) {
			md_warn(im, rl, "bar label '%s' cannot be kept; written as 'bar'", label);
			free(label);
			label = xstrdup("bar");
		}
		char *bar = shown && *shown && strcmp(shown, val) != 0
				    ? xasprintf("%s | %s | %s", label, val, shown)
				    : xasprintf("%s | %s", label, val);
		md_add_item(im, K_BAR, bar, rl);
		free(label);
		free(val);
		free(shown);
		free_cells(c, nc);
	}
	if (log)
		md_add_item(im, K_SCALE, xstrdup("log"), line);
	free_cells(h, nh);
	return true;
}

enum { TABLE_GRID_MAX = 160 }; /* display columns of a table drawn as a grid */

/* Appends cell t (w columns) padded to width columns as align says
 * ('l', 'r' or 'c'). */
static void pad_cell(struct strbuf *b, const char *t, size_t w, size_t width, char align)
{
	size_t gap = width > w ? width - w : 0;
	size_t left = align == 'r' ? gap : align == 'c' ? gap / 2 : 0;
	for (size_t k = 0; k < left; k++)
		strbuf_addc(b, ' ');
	strbuf_adds(b, t);
	for (size_t k = left; k < gap; k++)
		strbuf_addc(b, ' ');
}

/* A table that is not a chart, kept as preformatted text: one text item
 * per row, the cells in columns padded to their display width and aligned
 * as the delimiter row says, a rule under the header. A table wider than
 * TABLE_GRID_MAX columns is not padded (cells joined by " | "), so that
 * the text stays linear in the table's size. */
void md_table(struct importer *im, size_t a, size_t b)
{
	if (chart_table(im, a, b))
		return;
	size_t nrows = b - a - 1, ncols = 0, cap = 0;
	struct trow {
		char **cell;
		size_t *width;
		size_t n;
		unsigned line;
	} *rows = xcalloc(nrows, sizeof *rows);
	size_t *width = NULL;
	for (size_t r = a, k = 0; r < b; r++) {
		if (r == a + 1)
			continue;
		struct trow *t = &rows[k++];
		char **raw;
		t->line = im->lines[r].no;
		t->n = table_cells(&im->lines[r], &raw);
		t->cell = xcalloc(t->n ? t->n : 1, sizeof *t->cell);
		t->width = xcalloc(t->n ? t->n : 1, sizeof *t->width);
		for (size_t c = 0; c < t->n; c++) {
			t->cell[c] = cell_text(im, raw[c], t->line);
			md_clean_controls(im, t->cell[c], t->line);
			t->width[c] = (size_t)u8_strwidth((const uint8_t *)t->cell[c], "UTF-8");
		}
		free_cells(raw, t->n);
		if (t->n > ncols) {
			xgrow((void **)&width, &cap, t->n, sizeof *width);
			memset(width + ncols, 0, (t->n - ncols) * sizeof *width);
			ncols = t->n;
		}
		for (size_t c = 0; c < t->n; c++)
			if (t->width[c] > width[c])
				width[c] = t->width[c];
	}
	size_t total = 0;
	for (size_t c = 0; c < ncols && total <= TABLE_GRID_MAX; c++)
		total += width[c] + (c ? 3 : 0);
	bool grid = total <= TABLE_GRID_MAX;
	char **dcell;
	size_t nd = table_cells(&im->lines[a + 1], &dcell);
	for (size_t k = 0; k < nrows; k++) {
		struct trow *t = &rows[k];
		struct strbuf row = { 0 };
		size_t n = grid ? ncols : t->n;
		for (size_t c = 0; c < n; c++) {
			const char *d = c < nd ? dcell[c] : "";
			size_t dl = strlen(d);
			char align = dl > 1 && d[dl - 1] == ':' ? (d[0] == ':' ? 'c' : 'r') : 'l';
			if (c)
				strbuf_adds(&row, " | ");
			const char *text = c < t->n ? t->cell[c] : "";
			size_t w = c < t->n ? t->width[c] : 0;
			if (grid)
				pad_cell(&row, text, w, width[c], align);
			else
				strbuf_adds(&row, text);
		}
		while (row.len && row.s[row.len - 1] == ' ')
			row.len--;
		if (row.s)
			row.s[row.len] = '\0';
		md_add_item(im, K_CODE, row.s ? strbuf_take(&row) : xstrdup(""), t->line);
		if (k == 0) {
			struct strbuf rule = { 0 };
			for (size_t c = 0; c < ncols; c++) {
				if (c)
					strbuf_adds(&rule, grid ? "-+-" : " | ");
				size_t w = grid ? width[c] : 3;
				for (size_t m = 0; m < (w ? w : 1); m++)
					strbuf_addc(&rule, '-');
			}
			if (rule.len)
				md_add_item(im, K_CODE, strbuf_take(&rule), t->line);
			free(rule.s);
		}
		free(row.s);
		for (size_t c = 0; c < t->n; c++)
			free(t->cell[c]);
		free(t->cell);
		free(t->width);
	}
	free_cells(dcell, nd);
	free(width);
	free(rows);
	md_warn(im, im->lines[a].no,
		"table of %zu rows kept as text items, one per row (lectern has no table item "
		"yet)",
		nrows);
	im->title_just_read = false;
}
