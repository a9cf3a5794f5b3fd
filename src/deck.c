/* The deck builder: turns the sections and keys of an INI file (read with
 * exact positions by ini.c) into the deck model, validating every value
 * against the schema of deck and slide keys. The deck is returned only when
 * no error was found anywhere.
 */
#include "deck.h"

#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "deck_md.h"
#include "ini.h"
#include "smap.h"

/* A slide's `section` key: the slide starts that section. */
struct section_start {
	size_t slide;
	const struct ini_key *key;
};

struct builder {
	const char *name;
	const struct ini_file *f;
	struct diag_list *diags;
	struct arena *arena;
	bool partial; /* f is what could be read of a file with errors */
	/* gathered while the slides are built, for the deck's checks */
	struct section_start *starts; /* in slide order */
	size_t nstarts, startcap;
	const struct ini_key **agendas; /* every agenda.N key */
	size_t nagendas, agendacap;
};

static void report(struct builder *l, unsigned line, unsigned col, enum severity sev,
		   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void report(struct builder *l, unsigned line, unsigned col, enum severity sev,
		   const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vadd(l->diags, l->name, line, col, sev, fmt, ap);
	va_end(ap);
}

/* ---- durations ---- */

int deck_parse_duration(const char *s, unsigned *out_s)
{
	uint64_t total = 0;
	const char *p = s;
	int parts = 0, over60 = DURATION_OK;
	char last_unit = 0;
	*out_s = 0;
	if (!*p)
		return DURATION_EMPTY;
	while (*p) {
		if (*p < '0' || *p > '9')
			return DURATION_SYNTAX;
		uint64_t n = 0;
		while (*p >= '0' && *p <= '9') {
			n = n * 10 + (uint64_t)(*p - '0');
			if (n > DECK_DURATION_MAX_S)
				n = DECK_DURATION_MAX_S + 1; /* saturates: too large */
			p++;
		}
		char unit = *p;
		if (unit == '\0') {
			if (parts)
				return DURATION_SYNTAX; /* "1m30" is ambiguous */
			total = n;
			break;
		}
		uint64_t mul;
		if (unit == 'h' && !last_unit)
			mul = 3600;
		else if (unit == 'm' && (last_unit == 0 || last_unit == 'h'))
			mul = 60;
		else if (unit == 's' && last_unit != 's')
			mul = 1;
		else
			return DURATION_SYNTAX;
		if (last_unit && n >= 60 && !over60)
			over60 = unit == 'm' ? DURATION_MINUTES_OVER : DURATION_SECONDS_OVER;
		last_unit = unit;
		total += n * mul;
		parts++;
		p++;
	}
	if (total > DECK_DURATION_MAX_S)
		return DURATION_TOO_LARGE;
	if (over60) {
		*out_s = (unsigned)total; /* for the hint */
		return over60;
	}
	if (total == 0)
		return DURATION_ZERO;
	*out_s = (unsigned)total;
	return DURATION_OK;
}

/* s seconds the way a deck writes them: "2h39m", "45s". */
static void format_hms(unsigned s, char buf[32])
{
	unsigned h = s / 3600, m = s / 60 % 60, sec = s % 60;
	int n = 0;
	buf[0] = '\0';
	if (h)
		n += snprintf(buf + n, 32 - (size_t)n, "%uh", h);
	if (m)
		n += snprintf(buf + n, 32 - (size_t)n, "%um", m);
	if (sec || n == 0)
		snprintf(buf + n, 32 - (size_t)n, "%us", sec);
}

char *deck_duration_message(const char *what, const char *s, int rc)
{
	unsigned t = 0;
	char hint[32];
	const char *examples = strcmp(what, "time") == 0 ? "45s, 2m or 1m30s" : "15m or 1h10m";
	switch (rc) {
	case DURATION_EMPTY:
		return xasprintf("'%s' is empty; write a duration such as %s", what, examples);
	case DURATION_ZERO:
		return xasprintf("%s '%s' is zero; leave '%s' out if there is no planned time",
				 what, s, what);
	case DURATION_TOO_LARGE:
		return xasprintf("%s '%s' is too long; the limit is 1000h", what, s);
	case DURATION_MINUTES_OVER:
	case DURATION_SECONDS_OVER:
		deck_parse_duration(s, &t);
		format_hms(t, hint);
		return xasprintf(
			"%s '%s' has 60 %s or more after the %s (did you mean '%s'?)", what, s,
			rc == DURATION_MINUTES_OVER ? "minutes" : "seconds",
			rc == DURATION_MINUTES_OVER || !strchr(s, 'm') ? "hours" : "minutes", hint);
	default: return xasprintf("%s '%s' is not a duration such as %s", what, s, examples);
	}
}

void deck_format_duration(uint64_t s, char buf[DECK_DURATION_LEN])
{
	if (s >= 3600)
		snprintf(buf, DECK_DURATION_LEN, "%" PRIu64 ":%02u:%02u", s / 3600,
			 (unsigned)(s / 60 % 60), (unsigned)(s % 60));
	else
		snprintf(buf, DECK_DURATION_LEN, "%u:%02u", (unsigned)(s / 60), (unsigned)(s % 60));
}

/* ---- pass 3: build ---- */

/* deck.h. strtod() alone would take "0x10", "inf", "-0" and leading
 * blanks, and call an underflow such as 1e-320 an error without saying
 * so. */
char *deck_bar_value(const char *num, double *out)
{
	const char *p = num;
	*out = 0;
	if (*p == '+')
		p++;
	size_t digits = strspn(p, "0123456789");
	p += digits;
	if (*p == '.') {
		size_t frac = strspn(p + 1, "0123456789");
		digits += frac;
		p += 1 + frac;
	}
	if (digits && (*p == 'e' || *p == 'E')) {
		const char *e = p + 1 + (p[1] == '+' || p[1] == '-');
		size_t exp = strspn(e, "0123456789");
		p = exp ? e + exp : p;
	}
	if (!digits || *p) {
		const char *q = num + (*num == '+');
		char *end;
		double hex = strtod(num, &end);
		if (q[0] == '0' && (q[1] == 'x' || q[1] == 'X') && end > q + 2 && !*end &&
		    isfinite(hex))
			return xasprintf("bar value '%s' is hexadecimal; write it in decimal "
					 "(%.17g)",
					 num, hex);
		return xasprintf("bar value '%s' is not a number of 0 or more", num);
	}
	errno = 0;
	double v = strtod(num, NULL);
	if (errno == ERANGE && !isfinite(v))
		return xasprintf("bar value '%s' is too large (the limit is about 1.8e308)", num);
	if (errno == ERANGE || (v != 0 && v < DBL_MIN))
		return xasprintf("bar value '%s' is too small to be represented (the smallest "
				 "is about 2.2e-308); write 0 for an empty bar",
				 num);
	*out = v;
	return NULL;
}

/* Reads k's value as a duration into *out, or reports why it is not one. */
static void duration_value(struct builder *l, const struct ini_key *k, const char *what,
			   unsigned *out)
{
	int rc = deck_parse_duration(k->value, out);
	if (rc != DURATION_OK) {
		char *msg = deck_duration_message(what, k->value, rc);
		report(l, k->line, k->vcol, SEV_ERROR, "%s", msg);
		free(msg);
		*out = 0;
	}
}

static const char *const deck_keys[] = { "title", "subtitle", "author",   "affiliation", "event",
					 "date",  "language", "duration", "id",          NULL };
static const char *const slide_keys[] = { "title",  "subtitle", "time", "backup",
					  "layout", "section",  NULL };
static const char *const item_keys[] = { "text",  "bullet", "sub",    "figure", "chart", "bar",
					 "scale", "quote",  "pause",  "note",   "table", "row",
					 "code",  "line",   "agenda", NULL };

/* Reports k as unknown; returns the known key it suggests instead, or
 * NULL. */
static const char *unknown_key(struct builder *l, const struct ini_key *k, int in_deck)
{
	const char *known[32];
	size_t n = 0;
	const char *dot = strchr(k->name, '.');
	char base[64];
	snprintf(base, sizeof base, "%.*s", dot ? (int)(dot - k->name) : (int)strlen(k->name),
		 k->name);
	if (in_deck) {
		for (size_t i = 0; deck_keys[i]; i++)
			known[n++] = deck_keys[i];
	} else {
		for (size_t i = 0; slide_keys[i]; i++)
			known[n++] = slide_keys[i];
		for (size_t i = 0; item_keys[i]; i++)
			known[n++] = item_keys[i];
	}
	known[n] = NULL;
	const char *near = ini_closest(dot ? base : k->name, known);
	if (in_deck) {
		for (size_t i = 0; slide_keys[i]; i++)
			if (strcmp(base, slide_keys[i]) == 0 && strcmp(base, "title") != 0 &&
			    strcmp(base, "subtitle") != 0) {
				report(l, k->line, k->col, SEV_ERROR,
				       "'%s' is a slide key, not a [deck] key", k->name);
				return NULL;
			}
	}
	if (!in_deck && !near) {
		for (size_t i = 0; deck_keys[i]; i++)
			if (strcmp(base, deck_keys[i]) == 0) {
				report(l, k->line, k->col, SEV_ERROR,
				       "'%s' is a [deck] key, not a slide key", k->name);
				return NULL;
			}
	}
	if (near && dot)
		report(l, k->line, k->col, SEV_ERROR, "unknown key '%s' (did you mean '%s%s'?)",
		       k->name, near, dot);
	else if (near)
		report(l, k->line, k->col, SEV_ERROR, "unknown key '%s' (did you mean '%s'?)",
		       k->name, near);
	else if (in_deck)
		report(l, k->line, k->col, SEV_ERROR, "unknown key '%s' in [deck]", k->name);
	else
		report(l, k->line, k->col, SEV_ERROR, "unknown key '%s' in slide '%s'", k->name,
		       l->f->secs[k->sec].name);
	return near;
}

/* Splits "A | B" at the first '|': *a and *b are trimmed copies in the
 * arena; *b is NULL when there is no '|'. */
static void split_bar(struct builder *l, const char *v, const char **a, const char **b)
{
	const char *bar = strchr(v, '|');
	size_t an = bar ? (size_t)(bar - v) : strlen(v);
	while (an && ini_is_space(v[an - 1]))
		an--;
	*a = arena_strndup(l->arena, v, an);
	*b = NULL;
	if (bar) {
		const char *s = bar + 1;
		while (ini_is_space(*s))
			s++;
		size_t bn = strlen(s);
		while (bn && ini_is_space(s[bn - 1]))
			bn--;
		*b = arena_strndup(l->arena, s, bn);
	}
}

#define FULLWIDTH_BAR "\xEF\xBD\x9C" /* '｜' U+FF5C, an input method's '|' */

/* The column of byte off of k's value. */
static unsigned value_col(const struct ini_key *k, size_t off)
{
	return k->vcol + (k->quoted ? 1u : 0u) + ini_column(k->value, off) - 1;
}

/* When part (a field of k's value, or all of it) holds a full-width '｜'
 * where an ASCII '|' separates fields, reports it (an error, or a warning
 * when the value is still valid as written) and returns 1; else 0. */
static int fullwidth_bar(struct builder *l, const struct ini_key *k, const char *part,
			 enum severity sev)
{
	const char *fw = strstr(part, FULLWIDTH_BAR);
	if (!fw)
		return 0;
	/* the same text in the value: part may be a trimmed copy */
	const char *at = strstr(k->value, FULLWIDTH_BAR);
	if (!at)
		return 0;
	report(l, k->line, value_col(k, (size_t)(at - k->value)), sev,
	       "full-width '｜' (U+FF5C) in '%s'%s; fields are separated by the ASCII '|'", k->name,
	       sev == SEV_WARNING ? " is taken as text" : "");
	return 1;
}

/* Growable arrays for one slide under construction. */
struct slide_build {
	struct item *items;
	size_t nitems, itemcap;
	const char **notes;
	size_t nnotes, notecap;
	long chart; /* index of the chart bars attach to, or -1 */
	struct bar *bars;
	size_t nbars, barcap;
	unsigned chart_line;
	long table; /* index of the table rows attach to, or -1 */
	const struct ini_key *table_key;
	const char **cells; /* the open table's cells, header first */
	size_t ncells, cellcap;
	long code; /* index of the code block lines attach to, or -1 */
	const struct ini_key *code_key;
	const char **lines;
	size_t nlines, linecap;
};

static void close_chart(struct builder *l, struct slide_build *b)
{
	if (b->chart < 0)
		return;
	struct item *it = &b->items[b->chart];
	if (b->nbars == 0) {
		report(l, b->chart_line, 0, SEV_ERROR,
		       "chart has no bars; add 'bar.1 = LABEL | VALUE' lines after it");
	} else {
		if (it->log_scale)
			for (size_t i = 0; i < b->nbars; i++)
				if (!(b->bars[i].value > 0)) {
					report(l, b->chart_line, 0, SEV_ERROR,
					       "a log-scale chart needs values above 0; bar '%s' "
					       "is %g",
					       b->bars[i].label, b->bars[i].value);
					break;
				}
		it->bars = xmalloc(b->nbars * sizeof *it->bars);
		memcpy(it->bars, b->bars, b->nbars * sizeof *it->bars);
		it->nbars = b->nbars;
	}
	b->chart = -1;
	b->nbars = 0;
}

static void close_table(struct builder *l, struct slide_build *b)
{
	if (b->table < 0)
		return;
	struct item *it = &b->items[b->table];
	if (b->ncells == it->ncols) /* the header only */
		report(l, b->table_key->line, b->table_key->col, SEV_ERROR,
		       "table '%s' has no rows; add lines such as 'row.1 = CELL | CELL' after "
		       "it, with as many cells as its header",
		       b->table_key->name);
	it->cells = xmalloc(b->ncells * sizeof *it->cells);
	memcpy(it->cells, b->cells, b->ncells * sizeof *it->cells);
	it->nrows = b->ncells / it->ncols;
	b->table = -1;
	b->ncells = 0;
}

static void close_code(struct builder *l, struct slide_build *b)
{
	if (b->code < 0)
		return;
	struct item *it = &b->items[b->code];
	if (b->nlines == 0) {
		report(l, b->code_key->line, b->code_key->col, SEV_ERROR,
		       "code block '%s' has no lines; add 'line.1 = |TEXT' lines after it "
		       "(what follows the '|' is kept as written)",
		       b->code_key->name);
	} else {
		it->lines = xmalloc(b->nlines * sizeof *it->lines);
		memcpy(it->lines, b->lines, b->nlines * sizeof *it->lines);
		it->nlines = b->nlines;
	}
	b->code = -1;
	b->nlines = 0;
}

/* Where the cells of the table row v lie: cell i is v[at[i], at[i + 1] - 1)
 * (at[n] is strlen(v) + 1). Cells are separated by '|'; "\|" is a literal
 * '|'. Returns the number of cells n; at[0 .. min(n, cap)] is filled when
 * cap > 0 (at may be NULL when cap is 0). */
static size_t cell_bounds(const char *v, size_t *at, size_t cap)
{
	size_t n = 0, i = 0;
	if (cap)
		at[0] = 0;
	for (; v[i]; i++) {
		if (v[i] == '\\' && v[i + 1] == '|') {
			i++;
		} else if (v[i] == '|') {
			n++;
			if (n <= cap)
				at[n] = i + 1;
		}
	}
	n++;
	if (n <= cap)
		at[n] = i + 1;
	return n;
}

/* The cell v[from, to) trimmed, "\|" made '|', copied into the arena. */
static const char *cell_text(struct builder *l, const char *v, size_t from, size_t to)
{
	while (from < to && ini_is_space(v[from]))
		from++;
	while (to > from && ini_is_space(v[to - 1]))
		to--;
	char *c = arena_strndup(l->arena, v + from, to - from), *o = c;
	for (const char *p = c; *p; p++) {
		if (p[0] == '\\' && p[1] == '|')
			p++;
		*o++ = *p;
	}
	*o = '\0';
	return c;
}

/* Reports a full-width '｜' in the table row or header k (an error, or a
 * warning when the row is valid as written) and returns 1; else 0. */
static int fullwidth_cell(struct builder *l, const struct ini_key *k, enum severity sev)
{
	const char *at = strstr(k->value, FULLWIDTH_BAR);
	if (!at)
		return 0;
	report(l, k->line, value_col(k, (size_t)(at - k->value)), sev,
	       "full-width '｜' (U+FF5C) in '%s'%s; cells are separated by the ASCII '|'", k->name,
	       sev == SEV_WARNING ? " is taken as text" : "");
	return 1;
}

/* Reads the table header or row k into b->cells: a header sets the
 * table's ncols, a row must have as many cells. */
static void table_row(struct builder *l, struct slide_build *b, const struct ini_key *k,
		      bool header)
{
	const char *v = k->value;
	struct item *it = &b->items[b->table];
	size_t want = it->ncols; /* 0 for the header, which sets it */
	size_t n = cell_bounds(v, NULL, 0);
	if (!header && n != want) {
		if (fullwidth_cell(l, k, SEV_ERROR))
			return;
		if (n > want) {
			size_t *at = xmalloc((want + 1) * sizeof *at);
			cell_bounds(v, at, want);
			size_t off = at[want];
			free(at);
			while (v[off] && ini_is_space(v[off]))
				off++;
			report(l, k->line, value_col(k, off), SEV_ERROR,
			       "row '%s' has %zu cells, but the table's header has %zu; a '|' "
			       "inside a cell is written '\\|'%s",
			       k->name, n, want,
			       v[0] == '|' || v[strlen(v) - 1] == '|'
				       ? "; leave out the '|' at the start and end of the row"
				       : "");
		} else {
			report(l, k->line, value_col(k, strlen(v)), SEV_ERROR,
			       "row '%s' has %zu cell%s, but the table's header has %zu; add "
			       "the missing cells (an empty cell is nothing between two '|')",
			       k->name, n, n == 1 ? "" : "s", want);
		}
		return;
	}
	fullwidth_cell(l, k, SEV_WARNING);
	size_t *at = xmalloc((n + 1) * sizeof *at);
	cell_bounds(v, at, n);
	xgrow((void **)&b->cells, &b->cellcap, b->ncells + n, sizeof *b->cells);
	for (size_t i = 0; i < n; i++)
		b->cells[b->ncells++] = cell_text(l, v, at[i], at[i + 1] - 1);
	free(at);
	if (header)
		it->ncols = n;
}

static struct item *new_item(struct slide_build *b, enum item_kind kind, unsigned step,
			     const struct ini_key *k, const char *text)
{
	xgrow((void **)&b->items, &b->itemcap, b->nitems + 1, sizeof *b->items);
	struct item *it = &b->items[b->nitems++];
	*it = (struct item){ .kind = kind, .step = step, .line = k->line, .text = text };
	return it;
}

static void build_item(struct builder *l, struct slide_build *b, const struct ini_key *k,
		       const char *base, unsigned *step)
{
	const char *v = k->value;
	int chart_part = strcmp(base, "bar") == 0 || strcmp(base, "scale") == 0;
	int is_note = strcmp(base, "note") == 0;
	if (!chart_part && !is_note)
		close_chart(l, b);
	if (strcmp(base, "row") != 0 && !is_note)
		close_table(l, b);
	if (strcmp(base, "line") != 0 && !is_note)
		close_code(l, b);
	if (strcmp(base, "row") == 0) {
		if (b->table < 0)
			report(l, k->line, k->col, SEV_ERROR,
			       "'%s' must follow a table (a 'table.N' key or its rows)", k->name);
		else
			table_row(l, b, k, false);
		return;
	}
	if (strcmp(base, "line") == 0) {
		if (b->code < 0) {
			report(l, k->line, k->col, SEV_ERROR,
			       "'%s' must follow a code block (a 'code.N' key or its lines)",
			       k->name);
			return;
		}
		xgrow((void **)&b->lines, &b->linecap, b->nlines + 1, sizeof *b->lines);
		b->lines[b->nlines++] = k->raw ? k->raw : v;
		return;
	}
	if (strcmp(base, "code") == 0) {
		new_item(b, ITEM_CODE, *step, k, v);
		b->code = (long)b->nitems - 1;
		b->code_key = k;
		return;
	}
	if (strcmp(base, "agenda") == 0) {
		if (*v)
			report(l, k->line, k->vcol, SEV_ERROR,
			       "'%s' takes no value; it lists the deck's sections, so leave it "
			       "empty",
			       k->name);
		new_item(b, ITEM_AGENDA, *step, k, "");
		xgrow((void **)&l->agendas, &l->agendacap, l->nagendas + 1, sizeof *l->agendas);
		l->agendas[l->nagendas++] = k;
		return;
	}
	if (is_note) {
		if (!*v) {
			report(l, k->line, k->vcol, SEV_ERROR, "empty note");
			return;
		}
		xgrow((void **)&b->notes, &b->notecap, b->nnotes + 1, sizeof *b->notes);
		b->notes[b->nnotes++] = v;
		return;
	}
	if (strcmp(base, "pause") == 0) {
		if (*v)
			report(l, k->line, k->vcol, SEV_ERROR,
			       "'%s' takes no value; the items after it appear one step later",
			       k->name);
		(*step)++;
		return;
	}
	if (chart_part) {
		if (b->chart < 0) {
			report(l, k->line, k->col, SEV_ERROR,
			       "'%s' must follow a chart (a 'chart.N' key or its bars)", k->name);
			return;
		}
		if (strcmp(base, "scale") == 0) {
			if (strcmp(v, "log") == 0)
				b->items[b->chart].log_scale = true;
			else if (strcmp(v, "linear") == 0)
				b->items[b->chart].log_scale = false;
			else
				report(l, k->line, k->vcol, SEV_ERROR,
				       "scale must be 'log' or 'linear', not '%s'", v);
			return;
		}
		const char *label, *rest;
		split_bar(l, v, &label, &rest);
		if (!rest && fullwidth_bar(l, k, v, SEV_ERROR))
			return;
		if (!rest || !*label) {
			report(l, k->line, k->vcol, SEV_ERROR,
			       "a bar is written 'LABEL | VALUE' or 'LABEL | VALUE | SHOWN'");
			return;
		}
		const char *num, *shown;
		char *tmp = xstrdup(rest);
		split_bar(l, tmp, &num, &shown);
		free(tmp);
		if (fullwidth_bar(l, k, num, SEV_ERROR))
			return;
		double val;
		char *why = deck_bar_value(num, &val);
		if (why) {
			const char *bar = strchr(v, '|');
			report(l, k->line, k->vcol + (unsigned)ini_column(v, (size_t)(bar - v)),
			       SEV_ERROR, "%s", why);
			free(why);
			return;
		}
		xgrow((void **)&b->bars, &b->barcap, b->nbars + 1, sizeof *b->bars);
		b->bars[b->nbars++] = (struct bar){ label, val, shown && *shown ? shown : num };
		return;
	}
	if (!*v) {
		if (strcmp(base, "table") == 0)
			report(l, k->line, k->vcol, SEV_ERROR,
			       "'%s' is empty; write the table's header row, '%s = CELL | CELL'",
			       k->name, k->name);
		else
			report(l, k->line, k->vcol, SEV_ERROR, "'%s' is empty", k->name);
		return;
	}
	if (strcmp(base, "table") == 0) {
		new_item(b, ITEM_TABLE, *step, k, "");
		b->table = (long)b->nitems - 1;
		b->table_key = k;
		table_row(l, b, k, true);
	} else if (strcmp(base, "text") == 0) {
		new_item(b, ITEM_TEXT, *step, k, v);
	} else if (strcmp(base, "bullet") == 0) {
		new_item(b, ITEM_BULLET, *step, k, v);
	} else if (strcmp(base, "sub") == 0) {
		new_item(b, ITEM_SUB, *step, k, v);
	} else if (strcmp(base, "figure") == 0 || strcmp(base, "quote") == 0) {
		const char *a, *c;
		split_bar(l, v, &a, &c);
		if (!c)
			fullwidth_bar(l, k, v, SEV_WARNING);
		if (!*a) {
			report(l, k->line, k->vcol, SEV_ERROR, "'%s' has no text before '|'",
			       k->name);
			return;
		}
		struct item *it =
			new_item(b, base[0] == 'f' ? ITEM_FIGURE : ITEM_QUOTE, *step, k, a);
		it->caption = c && *c ? c : NULL;
	} else if (strcmp(base, "chart") == 0) {
		new_item(b, ITEM_CHART, *step, k, v);
		b->chart = (long)b->nitems - 1;
		b->chart_line = k->line;
	}
}

static int is_item_key(const char *name, char *base, size_t basecap)
{
	const char *dot = strchr(name, '.');
	size_t n = dot ? (size_t)(dot - name) : strlen(name);
	if (n >= basecap || (dot && !dot[1]))
		return 0;
	memcpy(base, name, n);
	base[n] = '\0';
	for (size_t i = 0; item_keys[i]; i++)
		if (strcmp(base, item_keys[i]) == 0)
			return 1;
	return 0;
}

/* A misspelt [deck]: a name close to "deck" holding a key only [deck] has. */
static int looks_like_deck(const struct ini_section *sec)
{
	if (ini_distance(sec->name, "deck") > 2)
		return 0;
	for (size_t i = 0; i < sec->nkeys; i++)
		for (size_t j = 0; deck_keys[j]; j++)
			if (strcmp(sec->keys[i].name, deck_keys[j]) == 0 &&
			    strcmp(deck_keys[j], "title") != 0 &&
			    strcmp(deck_keys[j], "subtitle") != 0)
				return 1;
	return 0;
}

static void build_slide(struct builder *l, const struct ini_section *sec, struct slide *s,
			size_t index)
{
	*s = (struct slide){ .id = sec->name, .line = sec->line, .nsteps = 1 };
	struct slide_build b = { .chart = -1, .table = -1, .code = -1 };
	const struct ini_key *layout_key = NULL;
	bool starts = false;
	unsigned step = 0;
	bool has_time = false;
	/* a misspelt title or time, or a line with an error, already explains
	 * why the slide lacks it */
	bool title_said = sec->damaged, time_said = sec->damaged;
	if (looks_like_deck(sec)) {
		report(l, sec->line, sec->col, SEV_ERROR,
		       "unknown section '[%s]' (did you mean '[deck]'?)", sec->name);
		return;
	}
	for (size_t i = 0; i < sec->nkeys; i++) {
		const struct ini_key *k = &sec->keys[i];
		const char *v = k->value;
		char base[32];
		if (strcmp(k->name, "title") == 0) {
			if (*v)
				s->title = v;
		} else if (strcmp(k->name, "subtitle") == 0) {
			s->subtitle = *v ? v : NULL;
		} else if (strcmp(k->name, "time") == 0) {
			has_time = true;
			duration_value(l, k, "time", &s->time_s);
		} else if (strcmp(k->name, "backup") == 0) {
			if (ini_parse_bool(v, &s->backup) != 0)
				report(l, k->line, k->vcol, SEV_ERROR,
				       "backup must be 'yes' or 'no', not '%s'", v);
		} else if (strcmp(k->name, "layout") == 0) {
			layout_key = k;
			if (strcmp(v, "title") == 0)
				s->layout = LAYOUT_TITLE;
			else if (strcmp(v, "default") == 0)
				s->layout = LAYOUT_DEFAULT;
			else if (strcmp(v, "section") == 0)
				s->layout = LAYOUT_SECTION;
			else if (strcmp(v, "top") == 0)
				s->layout = LAYOUT_TOP;
			else
				report(l, k->line, k->vcol, SEV_ERROR,
				       "layout must be 'default', 'title', 'section' or 'top', not "
				       "'%s'",
				       v);
		} else if (strcmp(k->name, "section") == 0) {
			starts = true;
			if (!*v) {
				report(l, k->line, k->vcol, SEV_ERROR,
				       "empty section name; write the name of the section this "
				       "slide starts ('section = NAME'), or leave the key out");
				continue;
			}
			xgrow((void **)&l->starts, &l->startcap, l->nstarts + 1, sizeof *l->starts);
			l->starts[l->nstarts++] = (struct section_start){ index, k };
		} else if (is_item_key(k->name, base, sizeof base)) {
			build_item(l, &b, k, base, &step);
		} else {
			const char *near = unknown_key(l, k, 0);
			if (near && strcmp(near, "title") == 0)
				title_said = true;
			if (near && strcmp(near, "time") == 0)
				time_said = true;
		}
	}
	close_chart(l, &b);
	close_table(l, &b);
	close_code(l, &b);
	if (s->layout == LAYOUT_SECTION && !starts)
		report(l, layout_key->line, layout_key->vcol, SEV_WARNING,
		       "layout 'section' on slide '%s', which starts no section; add "
		       "'section = NAME' to it (the divider shows that name)",
		       sec->name);
	if (!s->title) {
		if (!title_said)
			report(l, sec->line, sec->col, SEV_ERROR, "slide '%s' has no title",
			       sec->name);
		s->title = "";
	}
	if (!has_time && !time_said)
		report(l, sec->line, sec->col, SEV_WARNING, "slide '%s' has no planned time",
		       sec->name);
	if (b.nitems && step > b.items[b.nitems - 1].step && !sec->damaged)
		report(l, sec->line, sec->col, SEV_WARNING,
		       "slide '%s' ends with a pause that reveals nothing", sec->name);
	s->items = b.items;
	s->nitems = b.nitems;
	s->notes = b.notes;
	s->nnotes = b.nnotes;
	s->nsteps = step + 1;
	free(b.bars);
	free((void *)b.cells);
	free((void *)b.lines);
}

static const char *default_id(struct builder *l, const char *name)
{
	const char *base = strrchr(name, '/');
	base = base ? base + 1 : name;
	size_t n = strlen(base);
	static const char *const ext[] = { ".ini", ".md", ".markdown" };
	for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
		size_t e = strlen(ext[i]);
		if (n > e && strcmp(base + n - e, ext[i]) == 0) {
			n -= e;
			break;
		}
	}
	return arena_strndup(l->arena, base, n);
}

/* Fills m from the [deck] section; *dur_key is set to the duration key. */
static void build_meta(struct builder *l, const struct ini_section *sec, struct deck_meta *m,
		       const struct ini_key **dur_key)
{
	for (size_t i = 0; i < sec->nkeys; i++) {
		const struct ini_key *k = &sec->keys[i];
		const char *v = *k->value ? k->value : NULL;
		if (strcmp(k->name, "title") == 0)
			m->title = v;
		else if (strcmp(k->name, "subtitle") == 0)
			m->subtitle = v;
		else if (strcmp(k->name, "author") == 0)
			m->author = v;
		else if (strcmp(k->name, "affiliation") == 0)
			m->affiliation = v;
		else if (strcmp(k->name, "event") == 0)
			m->event = v;
		else if (strcmp(k->name, "date") == 0)
			m->date = v;
		else if (strcmp(k->name, "language") == 0)
			m->language = v;
		else if (strcmp(k->name, "id") == 0) {
			if (v && ini_valid_id(v))
				m->id = v;
			else
				report(l, k->line, k->vcol, SEV_ERROR,
				       "deck id '%s' may only contain lower-case ASCII letters, "
				       "digits, '-' and '_'",
				       k->value);
		} else if (strcmp(k->name, "duration") == 0) {
			*dur_key = k;
			duration_value(l, k, "duration", &m->duration_s);
		} else
			unknown_key(l, k, 1);
	}
}

static void free_slides(struct slide *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < s[i].nitems; j++) {
			free(s[i].items[j].bars);
			free((void *)s[i].items[j].cells);
			free((void *)s[i].items[j].lines);
		}
		free(s[i].items);
		free((void *)s[i].notes);
	}
	free(s);
}

/* Makes d's sections from the slides' section keys, points every slide
 * to its own and reports a name started twice. Then the agendas: a deck
 * without sections gives them nothing to list. */
static void build_sections(struct builder *l, struct deck *d)
{
	d->nsections = l->nstarts;
	d->sections = l->nstarts ? xmalloc(l->nstarts * sizeof *d->sections) : NULL;
	struct smap first = { 0 };
	for (size_t i = 0; i < l->nstarts; i++) {
		const struct ini_key *k = l->starts[i].key;
		size_t end = i + 1 < l->nstarts ? l->starts[i + 1].slide : d->nslides;
		d->sections[i] = (struct section){ .name = k->value,
						   .first = l->starts[i].slide,
						   .nslides = end - l->starts[i].slide,
						   .line = k->line };
		size_t len = strlen(k->value), *seen = smap_get(&first, k->value, len);
		if (seen)
			report(l, k->line, k->vcol, SEV_WARNING,
			       "section '%s' is started again (first at line %u); the slides "
			       "between are its part, so give each section a name of its own",
			       k->value, d->sections[*seen].line);
		else
			smap_put(&first, k->value, len, i);
	}
	smap_release(&first);
	size_t next = 0;
	const struct section *cur = NULL;
	for (size_t i = 0; i < d->nslides; i++) {
		while (next < d->nsections && d->sections[next].first == i)
			cur = &d->sections[next++];
		d->slides[i].section = cur;
	}
	if (d->nsections == 0 && !l->partial)
		for (size_t i = 0; i < l->nagendas; i++)
			report(l, l->agendas[i]->line, l->agendas[i]->col, SEV_WARNING,
			       "'%s' lists the deck's sections, but it has none; add "
			       "'section = NAME' to the slides that start them",
			       l->agendas[i]->name);
}

static void build(struct builder *l, struct deck *d)
{
	size_t nslides = 0;
	for (size_t i = 0; i < l->f->nsecs; i++)
		nslides += strcmp(l->f->secs[i].name, "deck") != 0;
	const struct ini_key *dur_key = NULL;
	/* [deck] once; a repeated one (an error already) is read as [deck] too */
	for (size_t i = 0; i < l->f->nsecs; i++)
		if (strcmp(l->f->secs[i].name, "deck") == 0)
			build_meta(l, &l->f->secs[i], &d->meta, &dur_key);
	d->slides = xcalloc(nslides ? nslides : 1, sizeof *d->slides);
	for (size_t i = 0; i < l->f->nsecs; i++)
		if (strcmp(l->f->secs[i].name, "deck") != 0) {
			build_slide(l, &l->f->secs[i], &d->slides[d->nslides], d->nslides);
			d->nslides++;
		}
	build_sections(l, d);
	if (!d->meta.id)
		d->meta.id = default_id(l, l->name);
	if (!d->meta.title)
		d->meta.title = d->meta.id;
	if (l->partial)
		return; /* what is missing may be in the lines that could not be read */
	if (nslides == 0) {
		report(l, 0, 0, SEV_ERROR, "the deck has no slides");
		return;
	}
	uint64_t planned = deck_planned_s(d);
	size_t main_slides = 0;
	for (size_t i = 0; i < d->nslides; i++)
		main_slides += !d->slides[i].backup;
	if (main_slides == 0)
		report(l, 0, 0, SEV_ERROR, "every slide is a backup slide; nothing to present");
	if (d->meta.duration_s && planned && planned != d->meta.duration_s) {
		char a[DECK_DURATION_LEN], b[DECK_DURATION_LEN];
		deck_format_duration(planned, a);
		deck_format_duration(d->meta.duration_s, b);
		report(l, dur_key->line, dur_key->vcol, SEV_WARNING,
		       "the slides' planned times add up to %s, but duration is %s", a, b);
	}
}

static void builder_release(struct builder *l)
{
	free(l->starts);
	free((void *)l->agendas);
}

/* The deck's fingerprint (deck.h): eight bytes per multiply, so hashing
 * a large deck costs a fraction of reading it. Stable across runs and
 * machines of either byte order: words are assembled little-endian. */
static uint64_t source_hash(const char *p, size_t n)
{
	const uint64_t k = 0x9E3779B97F4A7C15ull;
	uint64_t h = 0x6C65637465726E31ull ^ (n * k);
	const unsigned char *u = (const unsigned char *)p;
	while (n) {
		size_t take = n < 8 ? n : 8;
		uint64_t w = 0;
		if (take == 8) {
			memcpy(&w, u, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
			w = __builtin_bswap64(w);
#endif
		} else {
			for (size_t i = 0; i < take; i++)
				w |= (uint64_t)u[i] << (8 * i);
		}
		h = (h ^ w) * k;
		h ^= h >> 29;
		u += take;
		n -= take;
	}
	h *= 0xBF58476D1CE4E5B9ull;
	return h ^ (h >> 32);
}

/* Loads from bytes; when owned is not NULL it is the heap buffer holding
 * them, freed as soon as the INI reader is done with it, before the model
 * is built, so a large deck's text is not held twice. */
static struct deck *load(const char *name, const char *bytes, size_t len, char *owned,
			 struct diag_list *diags)
{
	struct deck *d = xcalloc(1, sizeof *d);
	arena_init(&d->arena);
	size_t errors0 = diags->nerrors, diags0 = diags->n;
	d->path = arena_strdup(&d->arena, name);
	d->hash = source_hash(bytes, len);
	struct ini_file f;
	if (len > DECK_MAX_BYTES) {
		diag_add(diags, name, 0, 0, SEV_ERROR,
			 "the file is %zu bytes, over the limit of %u", len, DECK_MAX_BYTES);
		free(owned);
	} else if (ini_parse(&f, name, bytes, len, &d->arena, diags) == 0 || f.partial) {
		free(owned);
		struct builder b = { .name = name,
				     .f = &f,
				     .diags = diags,
				     .arena = &d->arena,
				     .partial = f.partial };
		build(&b, d);
		builder_release(&b);
		ini_release(&f);
	} else {
		free(owned);
		ini_release(&f);
	}
	diag_sort_lines(diags, diags0);
	if (diags->nerrors != errors0) {
		deck_free(d);
		return NULL;
	}
	return d;
}

/* The deck built from an INI file already read, f borrowed. */
static struct deck *load_ini(const char *name, const struct ini_file *f, uint64_t hash,
			     struct diag_list *diags)
{
	struct deck *d = xcalloc(1, sizeof *d);
	arena_init(&d->arena);
	size_t errors0 = diags->nerrors;
	d->path = arena_strdup(&d->arena, name);
	d->hash = hash;
	struct builder b = { .name = name, .f = f, .diags = diags, .arena = &d->arena };
	build(&b, d);
	builder_release(&b);
	if (diags->nerrors != errors0) {
		deck_free(d);
		return NULL;
	}
	return d;
}

/* True when the header line [q, le) names section name: '[', blanks,
 * name in any case, blanks, ']'. */
static int header_names(const char *q, const char *le, const char *name)
{
	q++;
	while (q < le && ini_is_space((unsigned char)*q))
		q++;
	size_t n = strlen(name);
	if ((size_t)(le - q) < n || strncasecmp(q, name, n) != 0)
		return 0;
	q += n;
	while (q < le && ini_is_space((unsigned char)*q))
		q++;
	return q < le && *q == ']';
}

/* The head of a deck (deck.h, deck_load() with head_first): [deck] and the
 * first slide, the bytes before the third section header; *nslides_guess
 * the number of headers after [deck]. NULL, with no diagnostic, when the
 * bytes do not start with [deck] or the head does not load cleanly. */
static struct deck *load_head(const char *name, const char *bytes, size_t len,
			      size_t *nslides_guess)
{
	const char *p = bytes, *end = bytes + len;
	size_t nsec = 0, cut = len;
	int deck_first = 0, cont = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		if (!cont) {
			const char *q = p;
			while (q < le && ini_is_space((unsigned char)*q))
				q++;
			if (q < le && *q == '[') {
				nsec++;
				if (nsec == 1)
					deck_first = header_names(q, le, "deck");
				else if (nsec == 3)
					cut = (size_t)(p - bytes);
			}
		}
		const char *t = le;
		while (t > p && ini_is_space((unsigned char)t[-1]))
			t--;
		cont = t > p && t[-1] == '\\';
		p = nl ? nl + 1 : end;
	}
	if (!deck_first || nsec < 2)
		return NULL;
	struct diag_list dl;
	diag_list_init(&dl);
	struct deck *d = load(name, bytes, cut, NULL, &dl);
	diag_list_release(&dl);
	if (d)
		*nslides_guess = nsec - 1;
	return d;
}

struct deck *deck_load_markdown(const char *name, const char *bytes, size_t len, char **ini_text,
				struct diag_list *diags)
{
	struct deck_md md;
	char *ini = deck_md_convert(&md, name, bytes, len, diags);
	struct diag_list ld; /* the loader's: dropped for an import that loads */
	diag_list_init(&ld);
	/* the text borrowed when the caller takes it (the deck keeps no
	 * pointer into its source), else owned and freed by load() */
	struct deck *d = ini ? load(name, ini, strlen(ini), ini_text ? NULL : ini, &ld) : NULL;
	if (ini_text)
		*ini_text = ini;
	if (ini_text && d)
		diag_list_release(&ld);
	else
		diag_list_move(diags, &ld);
	deck_md_finish(&md, d, diags);
	return d;
}

/* Loads bytes[0..len) (owned: the heap buffer holding them, or NULL when
 * borrowed) as o asks: its head when o->head_first finds one, the rest
 * then left in *rest, else the whole deck. */
static struct deck *load_bytes(const struct deck_load_opts *o, const char *bytes, size_t len,
			       char *owned, struct deck_rest *rest, struct diag_list *diags)
{
	if (deck_md_named(o->name)) { /* a Markdown deck: its INI text, whole */
		struct deck *d = deck_load_markdown(o->name, bytes, len, NULL, diags);
		free(owned);
		return d;
	}
	size_t min = o->head_min ? o->head_min : DECK_HEAD_MIN_BYTES;
	if (o->head_first && len >= min && len <= DECK_MAX_BYTES) {
		size_t guess = 0;
		struct deck *head = load_head(o->name, bytes, len, &guess);
		if (head) {
			*rest = (struct deck_rest){ .pending = true,
						    .name = xstrdup(o->name),
						    .bytes = bytes,
						    .owned = owned,
						    .len = len,
						    .nslides_guess = guess };
			return head;
		}
	}
	return load(o->name, bytes, len, owned, diags);
}

struct deck *deck_load(const struct deck_load_opts *o, struct deck_rest *rest,
		       struct diag_list *diags)
{
	if (o->head_first && !rest)
		bug("deck_load: head_first without a struct deck_rest");
	if (rest)
		*rest = (struct deck_rest){ 0 };
	switch (o->from) {
	case DECK_FROM_PATH: {
		size_t len;
		char *buf = ini_read_file(o->name, DECK_MAX_BYTES, &len, diags);
		if (!buf)
			return NULL;
		return load_bytes(o, buf, len, buf, rest, diags);
	}
	case DECK_FROM_BUFFER: return load_bytes(o, o->bytes, o->len, NULL, rest, diags);
	case DECK_FROM_OWNED: return load_bytes(o, o->owned, o->len, o->owned, rest, diags);
	case DECK_FROM_INI: return load_ini(o->name, o->ini, o->hash, diags);
	}
	bug("deck_load: unknown source");
}

struct deck *deck_load_rest(struct deck_rest *rest, struct diag_list *diags)
{
	if (!rest->pending)
		bug("deck_load_rest: nothing left to load");
	struct deck *d = load(rest->name, rest->bytes, rest->len, rest->owned, diags);
	rest->owned = NULL; /* load() freed it */
	deck_rest_release(rest);
	return d;
}

void deck_rest_release(struct deck_rest *rest)
{
	if (!rest)
		return;
	free(rest->name);
	free(rest->owned);
	*rest = (struct deck_rest){ 0 };
}

void deck_free(struct deck *d)
{
	if (!d)
		return;
	free_slides(d->slides, d->nslides);
	free(d->sections);
	arena_release(&d->arena);
	free(d);
}

long deck_find(const struct deck *d, const char *id)
{
	for (size_t i = 0; i < d->nslides; i++)
		if (strcasecmp(d->slides[i].id, id) == 0)
			return (long)i;
	return -1;
}

uint64_t deck_planned_s(const struct deck *d)
{
	uint64_t total = 0;
	for (size_t i = 0; i < d->nslides; i++)
		if (!d->slides[i].backup)
			total += d->slides[i].time_s;
	return total;
}
