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

/* Appends the plain text of raw cell c to b with every '|' written '\|',
 * as a table key's value wants it. */
static void put_cell(struct importer *im, struct strbuf *b, const char *c, unsigned line)
{
	char *t = cell_text(im, c, line);
	for (const char *p = t; *p; p++) {
		if (*p == '|')
			strbuf_addc(b, '\\');
		strbuf_addc(b, *p);
	}
	free(t);
}

/* A table that is not a chart: a table item, its header row and then a
 * row per line, each of the header's number of cells (as GFM reads a
 * table: a short row gets empty cells, the cells past the header's are
 * dropped, with a warning). The delimiter row's alignment is not kept. A
 * header without rows is a line of text. */
void md_table(struct importer *im, size_t a, size_t b)
{
	if (chart_table(im, a, b))
		return;
	char **h, **d;
	size_t nh = table_cells(&im->lines[a], &h), nd = table_cells(&im->lines[a + 1], &d);
	unsigned line = im->lines[a].no;
	struct strbuf v = { 0 };
	for (size_t c = 0; c < nh; c++) {
		if (c)
			strbuf_adds(&v, " | ");
		put_cell(im, &v, h[c], line);
	}
	bool aligned = false;
	for (size_t c = 0; c < nd; c++)
		aligned |= strchr(d[c], ':') != NULL;
	free_cells(d, nd);
	if (b - a <= 2) {
		md_warn(im, line, "table without rows kept as a line of text");
		md_add_item(im, K_TEXT, v.s ? strbuf_take(&v) : xstrdup(""), line);
		free_cells(h, nh);
		return;
	}
	if (aligned)
		md_warn(im, im->lines[a + 1].no, "table column alignment dropped");
	md_add_item(im, K_TABLE, v.s ? strbuf_take(&v) : xstrdup(""), line);
	for (size_t r = a + 2; r < b; r++) {
		char **c;
		size_t nc = table_cells(&im->lines[r], &c);
		unsigned rl = im->lines[r].no;
		struct strbuf row = { 0 };
		for (size_t k = 0; k < nh; k++) {
			if (k)
				strbuf_adds(&row, " | ");
			if (k < nc)
				put_cell(im, &row, c[k], rl);
		}
		if (nc > nh)
			md_warn(im, rl, "row has %zu cells, the header %zu: the last %zu dropped",
				nc, nh, nc - nh);
		md_add_item(im, K_ROW, row.s ? strbuf_take(&row) : xstrdup(""), rl);
		free_cells(c, nc);
	}
	free_cells(h, nh);
	im->title_just_read = false;
}
