/* Markdown import: HTML comments and pandoc divs (md_internal.h): pauses,
 * agendas, lectern's per-slide marker, presenterm's speaker_note and commands,
 * pandoc's notes divs; any other comment is a speaker note. */
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "deck.h"
#include "ini.h"
#include "md_internal.h"
#include "xalloc.h"

/* ---- comments ---- */

static const char *const presenterm_commands[] = {
	"end_slide", "jump_to_middle", "new_line",  "newline",      "new_lines",
	"newlines",  "column_layout",  "column",    "reset_layout", "incremental_lists",
	"no_footer", "font_size",      "alignment", "skip_slide",   "list_item_newlines",
	"include",   "snippet_output", NULL,
};

/* Adds notes from free text: one note per paragraph (blank-line separated),
 * lines joined. */
static void notes_from_text(struct importer *im, const char *s, size_t n, unsigned line)
{
	struct strbuf para = { 0 };
	unsigned pline = line, l = line;
	size_t i = 0;
	while (i <= n) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - s) : n;
		if (md_is_blank_str(s + i, e - i)) {
			if (para.len)
				md_add_note(im, strbuf_take(&para), pline);
			pline = l + 1;
		} else {
			if (!para.len)
				pline = l;
			md_join_line(&para, s + i, e - i);
		}
		i = e + 1;
		l++;
	}
	if (para.len)
		md_add_note(im, strbuf_take(&para), pline);
	free(para.s);
}

/* The lectern marker block: "lectern" then "key: value" lines. */
static void lectern_marker(struct importer *im, const char *s, size_t n, unsigned line)
{
	struct islide *sl = im->cur;
	size_t i = 0;
	unsigned l = line;
	while (i < n) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - s) : n;
		const char *colon = memchr(s + i, ':', e - i);
		if (colon) {
			char *key = md_trim_dup(s + i, (size_t)(colon - (s + i)));
			char *val = md_yaml_scalar(colon + 1, (size_t)(s + e - colon - 1));
			unsigned t;
			bool yes;
			if (strcmp(key, "id") == 0) {
				for (char *p = val; *p; p++)
					*p = (char)tolower((unsigned char)*p);
				if (ini_valid_id(val) && strcmp(val, "deck") != 0) {
					free(sl->id);
					sl->id = xstrdup(val);
				} else {
					md_warn(im, l,
						"slide id '%s' is not an id; a new one "
						"is made",
						val);
				}
			} else if (strcmp(key, "time") == 0) {
				int rc = deck_parse_duration(val, &t);
				if (rc == DURATION_OK) {
					free(sl->time);
					sl->time = xstrdup(val);
				} else {
					char *msg = deck_duration_message("time", val, rc);
					md_warn(im, l, "%s; dropped", msg);
					free(msg);
				}
			} else if (strcmp(key, "layout") == 0) {
				static const char *const names[] = { "default", "title", "section",
								     "top", NULL };
				size_t k = 0;
				while (names[k] && strcmp(val, names[k]) != 0)
					k++;
				if (names[k]) {
					sl->layout = (enum ilayout)k;
					sl->layout_set = true;
				} else {
					md_warn(im, l,
						"layout '%s' is not 'default', 'title', "
						"'section' or 'top'; dropped",
						val);
				}
			} else if (strcmp(key, "section") == 0) {
				if (*val) {
					free(sl->section);
					sl->section = xstrdup(val);
					sl->section_line = l;
				} else {
					md_warn(im, l, "empty section name dropped");
				}
			} else if (strcmp(key, "backup") == 0) {
				if (ini_parse_bool(val, &yes) == 0)
					sl->backup = yes;
				else
					md_warn(im, l, "backup '%s' is not yes or no; dropped",
						val);
			} else {
				md_warn(im, l, "unknown lectern key '%s' dropped", key);
			}
			free(key);
			free(val);
		} else if (!md_is_blank_str(s + i, e - i) && l != line) {
			md_warn(im, l, "line '%.*s' of a lectern comment dropped", (int)(e - i),
				s + i);
		}
		i = e + 1;
		l++;
	}
}

/* presenterm's speaker_note: a scalar, or a block scalar ('|' or '>') on
 * the following lines. */
static void speaker_note(struct importer *im, const char *v, size_t n, unsigned line)
{
	while (n && (*v == ' ' || *v == '\t')) {
		v++;
		n--;
	}
	if (n == 0)
		return;
	const char *nl = memchr(v, '\n', n);
	size_t first = nl ? (size_t)(nl - v) : n;
	if (first && (v[0] == '|' || v[0] == '>') && nl) {
		notes_from_text(im, nl + 1, n - first - 1, line + 1);
		return;
	}
	if (v[0] == '"' || v[0] == '\'') {
		md_add_note(im, md_yaml_scalar(v, n), line);
		return;
	}
	notes_from_text(im, v, n, line);
}

/* A whole comment, body = between "<!--" and "-->". */
static void comment(struct importer *im, const char *body, size_t n, unsigned line)
{
	while (n && isspace((unsigned char)*body)) {
		if (*body == '\n')
			line++;
		body++;
		n--;
	}
	while (n && isspace((unsigned char)body[n - 1]))
		n--;
	if (n == 0)
		return;
	bool multi = memchr(body, '\n', n) != NULL;
	if (n == 5 && memcmp(body, "pause", 5) == 0) {
		md_add_item(im, K_PAUSE, xstrdup(""), line);
		return;
	}
	if (n == 6 && memcmp(body, "agenda", 6) == 0) {
		md_add_item(im, K_AGENDA, xstrdup(""), line);
		return;
	}
	if (n >= 7 && memcmp(body, "lectern", 7) == 0 && (n == 7 || body[7] == '\n')) {
		lectern_marker(im, body, n, line);
		return;
	}
	if (n > 13 && memcmp(body, "speaker_note:", 13) == 0) {
		speaker_note(im, body + 13, n - 13, line);
		return;
	}
	if (!multi) {
		size_t w = 0;
		while (w < n && (isalnum((unsigned char)body[w]) || body[w] == '_'))
			w++;
		for (size_t k = 0; presenterm_commands[k]; k++)
			if (strlen(presenterm_commands[k]) == w &&
			    memcmp(body, presenterm_commands[k], w) == 0 &&
			    (w == n || body[w] == ':' || body[w] == ' ')) {
				md_warn(im, line, "presenterm command '%.*s' dropped", (int)n,
					body);
				return;
			}
		if (n > 7 && memcmp(body, "config:", 7) == 0) {
			md_warn(im, line, "patat configuration dropped");
			return;
		}
	}
	notes_from_text(im, body, n, line);
}

/* The comment starting on line i (before b); returns the line after it. */
size_t md_read_comment(struct importer *im, size_t i, size_t b)
{
	size_t n, j = i;
	const char *from = md_skip_ws(&im->lines[i], &n) + 4;
	size_t rest = n - 4;
	struct strbuf body = { 0 };
	const char *close = NULL;
	for (;;) {
		for (size_t k = 0; k + 3 <= rest && !close; k++)
			if (memcmp(from + k, "-->", 3) == 0)
				close = from + k;
		strbuf_add(&body, from, close ? (size_t)(close - from) : rest);
		if (close || ++j >= b)
			break;
		strbuf_addc(&body, '\n');
		from = im->lines[j].s;
		rest = im->lines[j].n;
	}
	unsigned line = im->lines[i].no;
	if (!close) {
		md_warn(im, line, "comment without '-->' runs to the end of the slide");
	} else {
		const struct line *last = &im->lines[j];
		if (!md_is_blank_str(close + 3, (size_t)(last->s + last->n - close - 3)))
			md_warn(im, last->no, "text after '-->' dropped");
	}
	/* a note between title and subtitle keeps the subtitle one */
	bool keep = im->title_just_read;
	size_t before = im->cur->nitems;
	comment(im, body.s ? body.s : "", body.len, line);
	if (im->cur->nitems == before)
		im->title_just_read = keep;
	free(body.s);
	return j < b ? j + 1 : b;
}

/* Whether line l is a pandoc div fence (":::" and more colons), and its
 * attributes (what follows the colons, trimmed) in *attr, *an. */
static bool div_fence(const struct line *l, const char **attr, size_t *an)
{
	size_t n;
	const char *s = md_skip_ws(l, &n);
	if (md_indent_of(l) > 3 || n < 3 || memcmp(s, ":::", 3) != 0)
		return false;
	size_t k = 3;
	while (k < n && s[k] == ':')
		k++;
	while (k < n && (s[k] == ' ' || s[k] == '\t'))
		k++;
	size_t e = n;
	while (e > k && s[e - 1] == ':')
		e--; /* "::: notes :::" */
	while (e > k && (s[e - 1] == ' ' || s[e - 1] == '\t'))
		e--;
	*attr = s + k;
	*an = e - k;
	return true;
}

/* A pandoc div from line i: "::: notes" (or "{.notes}") up to a closing
 * ":::" is speaker notes, as pandoc's slide formats read it; the fences
 * of any other div are dropped and its content read as usual. Returns
 * the next line to read. */
size_t md_read_div(struct importer *im, size_t i, size_t b)
{
	const char *attr;
	size_t an;
	div_fence(&im->lines[i], &attr, &an);
	bool notes = (an == 5 && memcmp(attr, "notes", 5) == 0) ||
		     (an == 8 && memcmp(attr, "{.notes}", 8) == 0);
	if (!notes) {
		if (an)
			md_warn(im, im->lines[i].no, "pandoc div '%.*s' dropped; its content kept",
				(int)an, attr);
		return i + 1;
	}
	struct strbuf body = { 0 };
	size_t j = i + 1;
	for (; j < b; j++) {
		const char *a2;
		size_t n2;
		if (div_fence(&im->lines[j], &a2, &n2) && n2 == 0)
			break;
		strbuf_add(&body, im->lines[j].s, im->lines[j].n);
		strbuf_addc(&body, '\n');
	}
	if (j == b)
		md_warn(im, im->lines[i].no,
			"notes without a closing ':::' run to the end of the "
			"slide");
	bool keep = im->title_just_read;
	notes_from_text(im, body.s ? body.s : "", body.len, im->lines[i].no + 1);
	im->title_just_read = keep;
	free(body.s);
	return j < b ? j + 1 : b;
}
