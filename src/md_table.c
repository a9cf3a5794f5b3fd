/* Markdown import: tables (md_internal.h). A table shaped like lectern's
 * chart export becomes a chart; any other pipe table a table item. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>
#include <uniwidth.h>

#include "deck.h"
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
		/* "\|" and the like; a '\' that ends the line is a character of
		 * the last cell (skipping past it lost that cell: a header of
		 * no cells, a division by zero) */
		if (i + 1 < n && s[i] == '\\') {
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

/* Whether s, a cell with its control characters dropped (key_cell), is
 * empty to the INI reader, which trims spaces and tabs: "|\t\x19|" is a
 * header cell that table_cells does not trim and the deck reads as "". */
static bool blank(const char *s)
{
	return s[strspn(s, " \t")] == '\0';
}

/* A lectern chart table: "| caption | value [(log)] [| shown] |". */
static bool chart_table(struct importer *im, size_t a, size_t b)
{
	char **h;
	size_t nh = table_cells(&im->lines[a], &h);
	unsigned line = im->lines[a].no;
	bool ok = (nh == 2 || nh == 3) && b - a > 2;
	bool log = false;
	/* the header as written, not its text: a table item whose header
	 * says "value" is exported as "&#118;alue" so that it stays a table */
	if (ok) {
		ok = strcmp(h[1], "value") == 0 || strcmp(h[1], "value (log)") == 0;
		log = strcmp(h[1], "value (log)") == 0;
	}
	if (ok && nh == 3)
		ok = strcmp(h[2], "shown") == 0;
	for (size_t r = a + 2; ok && r < b; r++) {
		char **c;
		size_t nc = table_cells(&im->lines[r], &c);
		char *v = nc >= 2 ? cell_text(im, c[1], line) : NULL;
		/* a value the deck loader takes, above 0 on a log scale */
		double x = 0;
		char *why = v ? deck_bar_value(v, &x) : xstrdup("");
		ok = nc == nh && !why && (!log || x > 0);
		free(why);
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

/* The plain text of raw cell c with every '|' written '\|', as a table
 * key's value wants it: a new string. */
static char *key_cell(struct importer *im, const char *c, unsigned line)
{
	char *t = cell_text(im, c, line);
	md_clean_controls(im, t, line); /* as the INI writer would: see blank() */
	struct strbuf b = { 0 };
	for (const char *p = t; *p; p++) {
		if (*p == '|')
			strbuf_addc(&b, '\\');
		strbuf_addc(&b, *p);
	}
	free(t);
	return b.s ? strbuf_take(&b) : xstrdup("");
}

/* Bytes s takes in an INI value ('"' counts 3, see MD_VALUE_MAX). */
static size_t value_cost(const char *s)
{
	size_t c = 0;
	for (; *s; s++)
		c += *s == '"' ? 3 : 1;
	return c;
}

/* Cuts s in place to at most max cost, at a character boundary and not
 * inside a "\|"; returns whether it cut. */
static bool cut_cell(char *s, size_t max)
{
	size_t c = 0, i = 0, keep = 0;
	while (s[i]) {
		size_t k = 1;
		while (((unsigned char)s[i + k] & 0xc0) == 0x80)
			k++;
		if (s[i] == '\\' && s[i + 1] == '|')
			k = 2;
		size_t w = s[i] == '"' ? 3 : k;
		if (c + w > max)
			break;
		c += w;
		i += k;
		keep = i;
	}
	if (!s[i])
		return false;
	s[keep] = '\0';
	return true;
}

static char *join_cells(char **cells, size_t n)
{
	struct strbuf b = { 0 };
	for (size_t c = 0; c < n; c++) {
		if (c)
			strbuf_adds(&b, " | ");
		strbuf_adds(&b, cells[c]);
	}
	return b.s ? strbuf_take(&b) : xstrdup("");
}

/* A table that is not a chart: a table item, its header row and then a
 * row per line, each of the header's number of cells (as GFM reads a
 * table: a short row gets empty cells, the cells past the header's are
 * dropped, with a warning). The delimiter row's alignment is not kept.
 * Every row must fit in one INI value: when one would not, every cell is
 * cut to an equal share, and a table too wide for even that (some 250
 * columns) is kept as a line of text per row. A header without rows is a
 * line of text, and so is each row of one column whose header is empty
 * (a table's header may not be empty in the deck). */
void md_table(struct importer *im, size_t a, size_t b)
{
	if (chart_table(im, a, b))
		return;
	char **h, **d;
	size_t nh = table_cells(&im->lines[a], &h), nd = table_cells(&im->lines[a + 1], &d);
	unsigned line = im->lines[a].no;
	size_t nrows = b - a - 1; /* the header and the body rows */
	char ***rows = xcalloc(nrows, sizeof *rows);
	size_t widest = 0;
	for (size_t r = 0; r < nrows; r++) {
		size_t src = r ? a + 1 + r : a;
		char **c = h;
		size_t nc = nh;
		if (r)
			nc = table_cells(&im->lines[src], &c);
		unsigned rl = im->lines[src].no;
		rows[r] = xcalloc(nh, sizeof **rows);
		size_t cost = 3 * (nh - 1);
		for (size_t k = 0; k < nh; k++) {
			rows[r][k] = k < nc ? key_cell(im, c[k], rl) : xstrdup("");
			cost += value_cost(rows[r][k]);
		}
		if (cost > widest)
			widest = cost;
		if (nc > nh)
			md_warn(im, rl, "row has %zu cells, the header %zu: the last %zu dropped",
				nc, nh, nc - nh);
		if (r)
			free_cells(c, nc);
	}
	bool aligned = false;
	for (size_t c = 0; c < nd; c++)
		aligned |= strchr(d[c], ':') != NULL;
	free_cells(d, nd);
	bool as_text = nrows == 1;
	if (as_text) {
		md_warn(im, line, "table without rows kept as a line of text");
	} else if (nh == 1 && blank(rows[0][0])) {
		/* a table item's header is its key's value, which may not be
		 * empty: a lone column without a heading is its lines */
		as_text = true;
		md_warn(im, line, "one-column table without a header kept as lines of text");
	} else if (widest > MD_VALUE_MAX) {
		size_t room = 3 * (nh - 1) < MD_VALUE_MAX ? MD_VALUE_MAX - 3 * (nh - 1) : 0;
		size_t share = room / nh;
		if (share < 4) {
			as_text = true;
			md_warn(im, line,
				"table of %zu columns too wide for a table item (a row must fit on "
				"one INI line); kept as a line of text per row",
				nh);
		} else {
			bool cut = false;
			for (size_t r = 0; r < nrows; r++)
				for (size_t k = 0; k < nh; k++)
					cut |= cut_cell(rows[r][k], share);
			if (cut)
				md_warn(im, line,
					"table cells cut to %zu bytes so that each row fits on one "
					"INI line (the limit is 1022)",
					share);
		}
	}
	if (aligned && !as_text)
		md_warn(im, im->lines[a + 1].no, "table column alignment dropped");
	for (size_t r = 0; r < nrows; r++) {
		unsigned rl = im->lines[r ? a + 1 + r : a].no;
		enum ikind kind = as_text ? K_TEXT : r ? K_ROW : K_TABLE;
		md_add_item(im, kind, join_cells(rows[r], nh), rl);
		free_cells(rows[r], nh);
	}
	free(rows);
	free_cells(h, nh);
	im->title_just_read = false;
}
