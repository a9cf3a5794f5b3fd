/* Markdown export (markdown.h): one block per item, every character of
 * deck text that Markdown (or the importer) would interpret escaped, so
 * that import gives the same text back; the whole text then goes through
 * the sanitising writer (textclass.h), so no control character gets out.
 * A writer of export.h's format table. */
#include "markdown.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ini.h"
#include "textclass.h"
#include "utf8.h"
#include "xalloc.h"

/* "45s", "2m", "1m30s", "1h5m": the form deck_parse_duration() reads. */
static void format_time(unsigned s, char buf[32])
{
	unsigned h = s / 3600, m = s / 60 % 60, sec = s % 60;
	size_t n = 0;
	buf[0] = '\0';
	if (h)
		n += (size_t)snprintf(buf + n, 32 - n, "%uh", h);
	if (m)
		n += (size_t)snprintf(buf + n, 32 - n, "%um", m);
	if (sec || n == 0)
		snprintf(buf + n, 32 - n, "%us", sec);
}

/* The shortest "%.Ng" that reads back as v. */
static void format_number(double v, char buf[40])
{
	if (v > -1e15 && v < 1e15 && v == (double)(long long)v) {
		snprintf(buf, 40, "%.0f", v);
		return;
	}
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(buf, 40, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			return;
	}
}

/* Writes text with every character escaped that Markdown would read as
 * markup. at_start: text begins a line (block markers are escaped too);
 * heading: '#' anywhere is escaped (a closing sequence would be cut). */
static void md_escape(struct strbuf *b, const char *s, bool heading)
{
	for (const char *p = s; *p; p++) {
		char c = *p;
		bool start = p == s;
		if (strchr("\\`*_[]<>|~", c) ||
		    (c == '&' && (isalnum((unsigned char)p[1]) || p[1] == '#')) ||
		    (c == '#' && (start || heading)) || (start && strchr("-+=.", c))) {
			strbuf_addc(b, '\\');
			strbuf_addc(b, c);
		} else if (start && isdigit((unsigned char)c)) {
			while (isdigit((unsigned char)*p))
				strbuf_addc(b, *p++);
			if ((*p == '.' || *p == ')') && (p[1] == ' ' || p[1] == '\0'))
				strbuf_addc(b, '\\');
			p--;
		} else {
			strbuf_addc(b, c);
		}
	}
}

/* A YAML double-quoted scalar; also safe inside an HTML comment. Every
 * character textclass.h calls unsafe is written as a YAML escape ("\\x1b",
 * "\\x9b", "\\u202e"), which the importer reads back; an invalid byte
 * becomes U+FFFD. */
static void yaml_quote(struct strbuf *b, const char *s)
{
	strbuf_addc(b, '"');
	size_t n = strlen(s);
	const uint8_t *u = (const uint8_t *)s;
	for (size_t i = 0; i < n;) {
		uint32_t c;
		int k = utf8_decode(&c, u + i, n - i);
		if (k < 1) {
			strbuf_adds(b, TEXT_PLACEHOLDER_BAD);
			i++;
			continue;
		}
		if (c == '"' || c == '\\') {
			strbuf_addc(b, '\\');
			strbuf_addc(b, (char)c);
		} else if (c == '>' && i >= 2 && s[i - 1] == '-' && s[i - 2] == '-') {
			strbuf_adds(b, "\\x3e");
		} else if (text_unsafe(c)) {
			strbuf_printf(b, c < 0x100 ? "\\x%02x" : "\\u%04x", (unsigned)c);
		} else {
			strbuf_add(b, s + i, (size_t)k);
		}
		i += (size_t)k;
	}
	strbuf_addc(b, '"');
}

static void yaml_field(struct strbuf *b, const char *key, const char *value)
{
	if (!value || !*value)
		return;
	strbuf_printf(b, "%s: ", key);
	yaml_quote(b, value);
	strbuf_addc(b, '\n');
}

/* Whether every bar's shown text is its value written as a number, so the
 * table needs no third column. */
static bool bars_plain(const struct item *it)
{
	for (size_t i = 0; i < it->nbars; i++) {
		const char *s = it->bars[i].shown;
		char *end;
		if (!s || !*s || isspace((unsigned char)*s))
			return false;
		double v = strtod(s, &end);
		if (*end || v != it->bars[i].value)
			return false;
	}
	return true;
}

static void export_chart(struct strbuf *b, const struct item *it)
{
	bool plain = bars_plain(it);
	strbuf_adds(b, "| ");
	md_escape(b, it->text, false);
	strbuf_adds(b, it->log_scale ? " | value (log) |" : " | value |");
	strbuf_adds(b, plain ? "\n| --- | ---: |\n" : " shown |\n| --- | ---: | --- |\n");
	for (size_t i = 0; i < it->nbars; i++) {
		const struct bar *bar = &it->bars[i];
		strbuf_adds(b, "| ");
		md_escape(b, bar->label, false);
		strbuf_adds(b, " | ");
		if (plain) {
			md_escape(b, bar->shown, false);
		} else {
			char num[40];
			format_number(bar->value, num);
			strbuf_adds(b, num);
			strbuf_adds(b, " | ");
			md_escape(b, bar->shown ? bar->shown : "", false);
		}
		strbuf_adds(b, " |\n");
	}
}

/* A fence of backticks longer than any run of them in the n strings of
 * text (three at least), so that no line of the text closes it. */
static size_t fence_length(const char *const *text, size_t n)
{
	size_t longest = 0;
	for (size_t i = 0; i < n; i++) {
		size_t run = 0;
		for (const char *p = text[i]; *p; p++) {
			run = *p == '`' ? run + 1 : 0;
			if (run > longest)
				longest = run;
		}
	}
	return longest >= 3 ? longest + 1 : 3;
}

static void put_fence(struct strbuf *b, size_t len)
{
	for (size_t k = 0; k < len; k++)
		strbuf_addc(b, '`');
}

/* A code block: its lines verbatim in a fenced block, the language tag as
 * the info string. */
static void export_code(struct strbuf *b, const char *lang, const char *const *lines, size_t n)
{
	size_t fence = fence_length(lines, n);
	put_fence(b, fence);
	strbuf_adds(b, lang);
	strbuf_addc(b, '\n');
	for (size_t i = 0; i < n; i++) {
		strbuf_adds(b, lines[i]);
		strbuf_addc(b, '\n');
	}
	put_fence(b, fence);
	strbuf_addc(b, '\n');
}

/* A text that starts with blanks, which a paragraph could not keep, as a
 * fenced code block of one line. */
static void export_preformatted(struct strbuf *b, const char *text)
{
	export_code(b, "", &text, 1);
}

/* One row of a pipe table: every cell escaped (a '|' in it as '\|'). In
 * a header of two or three cells, a second cell "value" or "value (log)"
 * (and a third "shown") would make the table read back as a chart: its
 * 'v' (and 's') is written as a character reference. */
static void table_row(struct strbuf *b, const char *const *cells, size_t n, bool header)
{
	bool chartlike = header && (n == 2 || n == 3) &&
			 (!strcmp(cells[1], "value") || !strcmp(cells[1], "value (log)"));
	strbuf_addc(b, '|');
	for (size_t c = 0; c < n; c++) {
		strbuf_addc(b, ' ');
		if (chartlike && c == 1) {
			strbuf_adds(b, "&#118;");
			md_escape(b, cells[c] + 1, false);
		} else if (chartlike && c == 2 && !strcmp(cells[c], "shown")) {
			strbuf_adds(b, "&#115;hown");
		} else {
			md_escape(b, cells[c], false);
		}
		strbuf_adds(b, " |");
	}
	strbuf_addc(b, '\n');
}

/* A table: the header row, a delimiter row, the body rows. */
static void export_table(struct strbuf *b, const struct item *it)
{
	table_row(b, it->cells, it->ncols, true);
	strbuf_addc(b, '|');
	for (size_t c = 0; c < it->ncols; c++)
		strbuf_adds(b, " --- |");
	strbuf_addc(b, '\n');
	for (size_t r = 1; r < it->nrows; r++)
		table_row(b, it->cells + r * it->ncols, it->ncols, false);
}

static void export_item(struct strbuf *b, const struct item *it)
{
	switch (it->kind) {
	case ITEM_TEXT:
		if (it->text[0] == ' ' || it->text[0] == '\t') {
			export_preformatted(b, it->text);
			break;
		}
		md_escape(b, it->text, false);
		strbuf_addc(b, '\n');
		break;
	case ITEM_BULLET:
	case ITEM_SUB:
		strbuf_adds(b, it->kind == ITEM_SUB ? "  - " : "- ");
		md_escape(b, it->text, false);
		strbuf_addc(b, '\n');
		break;
	case ITEM_FIGURE:
		strbuf_adds(b, "**");
		md_escape(b, it->text, false);
		strbuf_adds(b, "**");
		if (it->caption) {
			strbuf_adds(b, " — ");
			md_escape(b, it->caption, false);
		}
		strbuf_addc(b, '\n');
		break;
	case ITEM_CHART: export_chart(b, it); break;
	case ITEM_QUOTE:
		strbuf_adds(b, "> ");
		md_escape(b, it->text, false);
		strbuf_addc(b, '\n');
		if (it->caption) {
			strbuf_adds(b, "> — ");
			md_escape(b, it->caption, false);
			strbuf_addc(b, '\n');
		}
		break;
	case ITEM_TABLE: export_table(b, it); break;
	case ITEM_CODE: export_code(b, it->text, it->lines, it->nlines); break;
	case ITEM_AGENDA: strbuf_adds(b, "<!-- agenda -->\n"); break;
	}
}

/* One slide. In a deck with sections (which the front matter gives
 * patat's slideLevel 2), a slide's title is a "##" heading, and a section's
 * divider (a slide of layout section titled with its section's name) is a
 * "#" heading, which is how patat starts a section; a section that starts
 * at another kind of slide is named in the lectern comment. */
static void export_slide(struct strbuf *b, const struct deck *d, size_t index, bool notes)
{
	const struct slide *s = &d->slides[index];
	bool starts = s->section && s->section->first == index;
	bool divider = starts && s->layout == LAYOUT_SECTION && !strcmp(s->title, s->section->name);
	strbuf_printf(b, "<!-- lectern\nid: %s\n", s->id);
	if (starts && !divider) {
		strbuf_adds(b, "section: ");
		yaml_quote(b, s->section->name);
		strbuf_addc(b, '\n');
	}
	if (s->layout == LAYOUT_TITLE)
		strbuf_adds(b, "layout: title\n");
	else if (s->layout == LAYOUT_SECTION && !divider)
		strbuf_adds(b, "layout: section\n");
	else if (s->layout == LAYOUT_TOP)
		strbuf_adds(b, "layout: top\n");
	if (s->time_s) {
		char t[32];
		format_time(s->time_s, t);
		strbuf_printf(b, "time: %s\n", t);
	}
	if (s->backup)
		strbuf_adds(b, "backup: yes\n");
	const char *level = d->nsections && !divider ? "##" : "#";
	strbuf_printf(b, "-->\n\n%s ", level);
	md_escape(b, s->title, true);
	strbuf_addc(b, '\n');
	if (s->subtitle) {
		strbuf_printf(b, "\n%s# ", level);
		md_escape(b, s->subtitle, true);
		strbuf_addc(b, '\n');
	}
	unsigned step = 0;
	bool in_list = false;
	for (size_t i = 0; i < s->nitems; i++) {
		const struct item *it = &s->items[i];
		bool list = it->kind == ITEM_BULLET || it->kind == ITEM_SUB;
		for (; step < it->step; step++) {
			strbuf_adds(b, "\n<!-- pause -->\n");
			in_list = false;
		}
		if (!(list && in_list))
			strbuf_addc(b, '\n');
		export_item(b, it);
		in_list = list;
	}
	for (; step + 1 < s->nsteps; step++)
		strbuf_adds(b, "\n<!-- pause -->\n");
	if (!notes)
		return;
	for (size_t i = 0; i < s->nnotes; i++) {
		strbuf_adds(b, "\n<!-- speaker_note: ");
		yaml_quote(b, s->notes[i]);
		strbuf_adds(b, " -->\n");
	}
}

int markdown_export(const struct deck *d, const struct export_opts *o, FILE *out)
{
	const struct deck_meta *m = &d->meta;
	struct strbuf b = { 0 };
	strbuf_adds(&b, "---\n");
	yaml_field(&b, "title", m->title);
	yaml_field(&b, "subtitle", m->subtitle);
	yaml_field(&b, "author", m->author);
	yaml_field(&b, "affiliation", m->affiliation);
	yaml_field(&b, "event", m->event);
	yaml_field(&b, "date", m->date);
	yaml_field(&b, "language", m->language);
	if (m->duration_s) {
		char t[32];
		format_time(m->duration_s, t);
		yaml_field(&b, "duration", t);
	}
	if (ini_valid_id(m->id))
		yaml_field(&b, "id", m->id);
	if (d->nsections)
		strbuf_adds(&b, "patat:\n  slideLevel: 2\n");
	strbuf_adds(&b, "options:\n  end_slide_shorthand: true\n---\n");
	bool first = true;
	for (size_t i = 0; i < d->nslides; i++) {
		if (d->slides[i].backup && !o->backup)
			continue;
		strbuf_adds(&b, first ? "\n" : "\n---\n\n");
		first = false;
		export_slide(&b, d, i, o->notes);
	}
	/* deck text in headings, text, bullets and quotes (and whatever the
	 * escaper left) reaches the file only through the sanitising writer */
	if (b.len)
		text_write(out, b.s, b.len, TEXT_KEEP_NL | TEXT_KEEP_TAB);
	free(b.s);
	if (fflush(out) != 0 || ferror(out))
		return -1;
	return 0;
}
