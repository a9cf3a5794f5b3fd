/* Markdown import (markdown.h), the driver and the model.
 *
 * Import works in three passes. (1) The file is cut into lines, checked
 * for UTF-8, and the front matter (YAML "---" block or mdp "%key:" lines)
 * is read (md_yaml.c). (2) The lines are split into slides: at thematic
 * breaks that are not setext underlines and at "<!-- end_slide -->", or,
 * in a file without any, before every heading of the top level used.
 * (3) Each slide's lines are read block by block (md_block.c, with
 * md_comment.c and md_table.c) into a small model of INI keys
 * (md_internal.h); inline markup is then reduced to plain text
 * (md_inline.c: emphasis removed, escapes and entities decoded, links
 * reduced to their text, images dropped). Finally the model is written as
 * INI (md_ini.c): ids made unique, values quoted where ';', '#' or quotes
 * would be misread, long paragraphs split below the 1022-byte line limit,
 * and the Markdown line of every INI line recorded (markdown_map, for the
 * loader's diagnostics of a .md deck, deck_md.h). Every loss is a warning
 * naming the Markdown line. */
#include "markdown.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "ini.h"
#include "md_internal.h"
#include "xalloc.h"

bool md_is_blank_str(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return false;
	return true;
}

void md_warn(struct importer *im, unsigned line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vadd(im->diags, im->name, line, 0, SEV_WARNING, fmt, ap);
	va_end(ap);
}

/* Takes value; an empty one is dropped (except for a pause). */
void md_add_item(struct importer *im, enum ikind kind, char *value, unsigned line)
{
	struct islide *s = im->cur;
	if (!*value && (kind == K_TEXT || kind == K_BULLET || kind == K_SUB || kind == K_FIGURE ||
			kind == K_CHART || kind == K_BAR || kind == K_SCALE || kind == K_QUOTE)) {
		free(value);
		return;
	}
	xgrow((void **)&s->items, &s->itemcap, s->nitems + 1, sizeof *s->items);
	s->items[s->nitems++] = (struct iitem){ kind, value, line };
	im->title_just_read = false;
}

void md_add_note(struct importer *im, char *text, unsigned line)
{
	struct islide *s = im->cur;
	if (!*text) {
		free(text);
		return;
	}
	xgrow((void **)&s->notes, &s->notecap, s->nnotes + 1, sizeof *s->notes);
	s->notes[s->nnotes++] = (struct inote){ text, line };
}
/* ---- text helpers ---- */

size_t md_indent_of(const struct line *l)
{
	size_t col = 0;
	for (size_t i = 0; i < l->n; i++) {
		if (l->s[i] == ' ')
			col++;
		else if (l->s[i] == '\t')
			col += 4 - col % 4;
		else
			break;
	}
	return col;
}

/* The line without leading blanks, and its length. */
const char *md_skip_ws(const struct line *l, size_t *n)
{
	const char *s = l->s;
	*n = l->n;
	md_trim(&s, n);
	return s;
}

bool md_line_blank(const struct line *l)
{
	return md_is_blank_str(l->s, l->n);
}

void md_trim(const char **s, size_t *n)
{
	while (*n && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*n)--;
	}
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
		(*n)--;
}

char *md_trim_dup(const char *s, size_t n)
{
	md_trim(&s, &n);
	return xstrndup(s, n);
}

/* Characters between which a line break vanishes when lines are joined
 * (as CSS and pandoc's east_asian_line_breaks do): ideographs, kana, CJK
 * and full-width punctuation. Hangul is not among them: Korean puts
 * spaces between words. */
static bool cjk_cp(ucs4_t c)
{
	return (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xf900 && c <= 0xfaff) ||
	       (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
	       (c >= 0x20000 && c <= 0x3fffd);
}

/* Punctuation of Chinese text that is not wide: quotes, ellipsis, dashes,
 * middle dot. A break next to one vanishes only when the other side is
 * CJK. */
static bool cjk_punct(ucs4_t c)
{
	return c == 0x00b7 || c == 0x2014 || c == 0x2015 || c == 0x2018 || c == 0x2019 ||
	       c == 0x201c || c == 0x201d || c == 0x2025 || c == 0x2026;
}

/* Whether a line break between p and n is dropped rather than read as a
 * space. */
bool md_break_vanishes(ucs4_t p, ucs4_t n)
{
	return (cjk_cp(p) && (cjk_cp(n) || cjk_punct(n))) || (cjk_punct(p) && cjk_cp(n));
}

/* Appends a line to a paragraph being joined: a space between the two,
 * except where md_break_vanishes(). */
void md_join_line(struct strbuf *b, const char *s, size_t n)
{
	md_trim(&s, &n);
	if (n && s[n - 1] == '\\' && (n < 2 || s[n - 2] != '\\'))
		n--; /* a hard line break */
	if (!n)
		return;
	if (b->len) {
		ucs4_t pc = 0, nc = 0;
		u8_prev(&pc, (const uint8_t *)b->s + b->len, (const uint8_t *)b->s);
		u8_mbtouc(&nc, (const uint8_t *)s, n);
		if (!md_break_vanishes(pc, nc))
			strbuf_addc(b, ' ');
	}
	strbuf_add(b, s, n);
}

static void new_slide(struct importer *im, unsigned line)
{
	xgrow((void **)&im->slides, &im->slidecap, im->nslides + 1, sizeof *im->slides);
	im->cur = &im->slides[im->nslides++];
	*im->cur = (struct islide){ .line = line };
	im->title_just_read = false;
}

static bool slide_empty(const struct islide *s)
{
	return !s->title && s->nitems == 0;
}

static void free_slide(struct islide *s)
{
	free(s->id);
	free(s->title);
	free(s->subtitle);
	free(s->time);
	free(s->section);
	for (size_t i = 0; i < s->nitems; i++)
		free(s->items[i].value);
	free(s->items);
	for (size_t i = 0; i < s->nnotes; i++)
		free(s->notes[i].text);
	free(s->notes);
}

static void read_slide(struct importer *im, size_t a, size_t b)
{
	if (a >= b)
		return;
	size_t f = a;
	while (f + 1 < b && md_line_blank(&im->lines[f]))
		f++;
	new_slide(im, im->lines[f].no);
	md_read_blocks(im, a, b);
	struct islide *s = im->cur;
	/* a slide whose every line mdp centres is a title slide */
	size_t lines = 0, centred = 0;
	for (size_t i = a; i < b; i++)
		if (!md_line_blank(&im->lines[i])) {
			lines++;
			centred += im->centred[i];
		}
	if (lines && centred == lines && !s->layout_set)
		s->layout = IL_TITLE;
	/* patat: a heading above the slide level starts a section, and its
	 * slide is the section's divider */
	if (s->title && s->title_level && s->title_level < im->section_level && !s->section) {
		s->section = xstrdup(s->title);
		s->section_line = s->title_line;
		if (!s->layout_set)
			s->layout = IL_SECTION;
	}
	if (slide_empty(s)) {
		if (s->nnotes)
			md_warn(im, s->notes[0].line, "notes outside any slide dropped");
		free_slide(s);
		im->nslides--;
		im->cur = NULL;
	}
}

/* Whether "-->" occurs in s[0..n). */
static bool has_comment_end(const char *s, size_t n)
{
	for (size_t k = 0; k + 3 <= n; k++)
		if (memcmp(s + k, "-->", 3) == 0)
			return true;
	return false;
}

/* Whether line i (a thematic break) separates slides rather than being a
 * setext underline of the line above. */
static bool is_separator(const struct importer *im, size_t i, size_t first)
{
	const struct line *l = &im->lines[i];
	if (!md_is_break(l))
		return false;
	if (i == first || md_setext_level(l) != 2)
		return true;
	const struct line *p = &im->lines[i - 1];
	const char *t;
	size_t tn;
	if (md_line_blank(p) || md_atx_level(p, &t, &tn) || md_is_break(p))
		return true;
	size_t n;
	const char *s = md_skip_ws(p, &n);
	return n >= 3 && memcmp(s + n - 3, "-->", 3) == 0;
}

/* Marks the separator lines of [first, nlines) in sep (SEP_END for
 * presenterm's "<!-- end_slide -->", SEP_BREAK for a thematic break);
 * returns how many there are of each in *ends and *breaks. */
enum { SEP_NONE, SEP_END, SEP_BREAK };

static void find_separators(struct importer *im, size_t first, unsigned char *sep, size_t *ends,
			    size_t *breaks)
{
	struct md_fence fence = { 0 };
	bool in_comment = false;
	*ends = *breaks = 0;
	for (size_t i = first; i < im->nlines; i++) {
		const struct line *l = &im->lines[i];
		if (!in_comment && md_fenced(&fence, l))
			continue;
		if (in_comment) {
			in_comment = !has_comment_end(l->s, l->n);
			continue;
		}
		size_t n;
		const char *s = md_skip_ws(l, &n);
		if (md_starts_comment(l)) {
			bool closed = n >= 4 && has_comment_end(s + 4, n - 4);
			in_comment = !closed;
			if (closed && n >= 7 && memcmp(s + n - 3, "-->", 3) == 0) {
				char *body = md_trim_dup(s + 4, n - 7);
				if (strcmp(body, "end_slide") == 0) {
					sep[i] = SEP_END;
					(*ends)++;
				}
				free(body);
			}
			continue;
		}
		if (is_separator(im, i, first)) {
			sep[i] = SEP_BREAK;
			(*breaks)++;
		}
	}
}

/* Without separators, as patat (and pandoc) split: the slide level is
 * patat's slideLevel, or else the least level of a heading followed by
 * something other than a heading (comments, which are notes, do not
 * count); a heading of that level starts a slide, a heading above it is a
 * title slide of its own (with the notes after it), a deeper one stays in
 * its slide. Marks start[i] START_SLIDE or START_TITLE. */
enum { START_NONE, START_SLIDE, START_TITLE };
enum { LN_BLANK, LN_NOTE, LN_HEADING, LN_UNDERLINE, LN_CONTENT };

static void split_at_headings(struct importer *im, size_t first, unsigned char *start)
{
	size_t nl = im->nlines;
	unsigned char *kind = xcalloc(nl + 1, 1), *level = xcalloc(nl + 1, 1);
	struct md_fence fence = { 0 };
	bool in_comment = false;
	for (size_t i = first; i < nl; i++) {
		const struct line *l = &im->lines[i];
		const char *t;
		size_t tn;
		if (!in_comment && md_fenced(&fence, l)) {
			kind[i] = LN_CONTENT;
			continue;
		}
		if (in_comment || md_starts_comment(l)) {
			size_t k0 = in_comment ? 0 : (size_t)(md_skip_ws(l, &tn) - l->s) + 4;
			in_comment = !has_comment_end(l->s + k0, l->n - k0);
			kind[i] = LN_NOTE;
			continue;
		}
		if (kind[i] == LN_UNDERLINE)
			continue;
		if (md_line_blank(l)) {
			kind[i] = LN_BLANK;
			continue;
		}
		int lv = md_atx_level(l, &t, &tn);
		bool para_start = i == first || kind[i - 1] == LN_BLANK || kind[i - 1] == LN_NOTE ||
				  kind[i - 1] == LN_HEADING || kind[i - 1] == LN_UNDERLINE;
		if (!lv && i + 1 < nl && para_start &&
		    (lv = md_setext_level(&im->lines[i + 1])) != 0)
			kind[i + 1] = LN_UNDERLINE;
		kind[i] = lv ? LN_HEADING : LN_CONTENT;
		level[i] = (unsigned char)lv;
	}
	unsigned L = im->slide_level;
	if (!L) {
		L = 6;
		unsigned char next = LN_BLANK; /* the next line that is not blank nor a note */
		for (size_t i = nl; i-- > first;) {
			if (kind[i] == LN_HEADING && next == LN_CONTENT && level[i] < L)
				L = level[i];
			if (kind[i] == LN_HEADING || kind[i] == LN_CONTENT)
				next = kind[i];
		}
	}
	for (size_t i = first; i < nl; i++) {
		if (kind[i] != LN_HEADING || level[i] > L)
			continue;
		if (level[i] == L) {
			start[i] = START_SLIDE;
			continue;
		}
		start[i] = START_TITLE;
		size_t j = i + 1;
		while (j < nl &&
		       (kind[j] == LN_UNDERLINE || kind[j] == LN_BLANK || kind[j] == LN_NOTE))
			j++;
		if (j < nl && !(kind[j] == LN_HEADING && level[j] <= L))
			start[j] = START_SLIDE;
	}
	/* sections only under a level some heading has: else a heading above
	 * the default level 6 is a title slide */
	im->section_level = 0;
	for (size_t i = first; i < nl && !im->section_level; i++)
		if (kind[i] == LN_HEADING && level[i] == L)
			im->section_level = L;
	free(kind);
	free(level);
}

/* Cuts bytes into lines; errors for invalid UTF-8 and NUL. */
static int cut_lines(struct importer *im, const char *bytes, size_t len)
{
	size_t cap = 0;
	unsigned no = 1;
	int bad = 0;
	if (len >= 3 && memcmp(bytes, "\xef\xbb\xbf", 3) == 0) {
		bytes += 3;
		len -= 3;
	}
	size_t i = 0;
	while (i < len || (i == len && len == 0)) {
		const char *nl = memchr(bytes + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - bytes) : len;
		size_t n = e - i;
		if (n && bytes[i + n - 1] == '\r')
			n--;
		const uint8_t *badp = u8_check((const uint8_t *)bytes + i, n);
		if (badp) {
			diag_add(im->diags, im->name, no,
				 ini_column(bytes + i, (size_t)((const char *)badp - (bytes + i))),
				 SEV_ERROR, "invalid UTF-8");
			bad = 1;
		} else if (memchr(bytes + i, '\0', n)) {
			diag_add(im->diags, im->name, no, 0, SEV_ERROR, "NUL byte");
			bad = 1;
		}
		xgrow((void **)&im->lines, &cap, im->nlines + 1, sizeof *im->lines);
		im->lines[im->nlines++] = (struct line){ bytes + i, n, no++ };
		if (!nl)
			break;
		i = e + 1;
	}
	return bad ? -1 : 0;
}

/* mdp centres a line written "-> text <-": the markers are removed from
 * the line (so that "-> # Title <-" is a heading), and im->centred says
 * which lines had them. Lines of fenced code are left alone. */
static void strip_centring(struct importer *im, size_t first)
{
	struct md_fence fence = { 0 };
	im->centred = xcalloc(im->nlines + 1, sizeof *im->centred);
	for (size_t i = first; i < im->nlines; i++) {
		struct line *l = &im->lines[i];
		if (md_fenced(&fence, l))
			continue;
		size_t n;
		const char *s = md_skip_ws(l, &n);
		if (n < 4 || memcmp(s, "->", 2) != 0 || memcmp(s + n - 2, "<-", 2) != 0)
			continue;
		l->s = s + 2;
		l->n = n - 4;
		while (l->n && (*l->s == ' ' || *l->s == '\t')) {
			l->s++;
			l->n--;
		}
		while (l->n && (l->s[l->n - 1] == ' ' || l->s[l->n - 1] == '\t'))
			l->n--;
		im->centred[i] = true;
	}
}

/* Skips the front matter (YAML or mdp "%key:" lines); returns the first
 * line of the body. */
static size_t read_header(struct importer *im)
{
	size_t first = 0;
	if (im->nlines && im->lines[0].n == 3 && memcmp(im->lines[0].s, "---", 3) == 0) {
		for (size_t i = 1; i < im->nlines; i++) {
			const struct line *l = &im->lines[i];
			if (l->n == 3 &&
			    (memcmp(l->s, "---", 3) == 0 || memcmp(l->s, "...", 3) == 0)) {
				const struct line *f = &im->lines[1];
				if (i > 1 && memchr(f->s, ':', f->n)) {
					md_front_matter(im, 1, i);
					return i + 1;
				}
				break;
			}
		}
	}
	/* mdp's "%title: T" lines, or pandoc's title block "% T", "% A", "% D" */
	static const char *const pandoc_keys[] = { "title", "author", "date" };
	while (first < im->nlines && im->lines[first].n > 1 && im->lines[first].s[0] == '%') {
		const struct line *l = &im->lines[first];
		size_t w = 1;
		while (w < l->n && isalpha((unsigned char)l->s[w]))
			w++;
		char *key, *val;
		if (w > 1 && w < l->n && l->s[w] == ':') {
			key = xstrndup(l->s + 1, w - 1);
			val = md_trim_dup(l->s + w + 1, l->n - w - 1);
		} else if (first < 3) {
			key = xstrdup(pandoc_keys[first]);
			val = md_trim_dup(l->s + 1, l->n - 1);
		} else {
			break;
		}
		if (*val)
			md_front_key(im, key, val, l->no);
		else
			free(val);
		free(key);
		first++;
	}
	return first;
}
/* Sorts the diagnostics from index from on by line, keeping the order of
 * those on the same line. */
static void sort_diags(struct diag_list *l, size_t from)
{
	for (size_t i = from + 1; i < l->n; i++) {
		struct diag d = l->v[i];
		size_t j = i;
		while (j > from && l->v[j - 1].line > d.line) {
			l->v[j] = l->v[j - 1];
			j--;
		}
		l->v[j] = d;
	}
}

char *markdown_import(const char *name, const char *bytes, size_t len, struct diag_list *diags)
{
	return markdown_import_mapped(name, bytes, len, diags, NULL);
}

char *markdown_import_mapped(const char *name, const char *bytes, size_t len,
			     struct diag_list *diags, struct markdown_map *map)
{
	struct importer im = { .name = name, .diags = diags };
	size_t first_diag = diags->n;
	char *ini = NULL;
	if (cut_lines(&im, bytes, len) != 0)
		goto done;
	size_t first = read_header(&im);
	strip_centring(&im, first);
	unsigned char *sep = xcalloc(im.nlines + 1, 1);
	size_t ends, breaks;
	find_separators(&im, first, sep, &ends, &breaks);
	im.section_level = im.slide_level;
	if (ends && breaks && !im.end_slide_shorthand) {
		/* presenterm: '---' ends a slide only with end_slide_shorthand */
		for (size_t i = first; i < im.nlines; i++)
			if (sep[i] == SEP_BREAK)
				sep[i] = SEP_NONE;
		breaks = 0;
	}
	if (ends + breaks > 0) {
		size_t a = first;
		for (size_t i = first; i <= im.nlines; i++)
			if (i == im.nlines || sep[i]) {
				read_slide(&im, a, i);
				a = i + 1;
			}
	} else {
		split_at_headings(&im, first, sep);
		size_t a = first;
		bool title = first < im.nlines && sep[first] == START_TITLE;
		for (size_t i = first; i <= im.nlines; i++)
			if (i == im.nlines || (sep[i] && i > a)) {
				size_t before = im.nslides;
				read_slide(&im, a, i);
				struct islide *s =
					im.nslides > before ? &im.slides[im.nslides - 1] : NULL;
				if (title && s && !s->section && !s->layout_set)
					s->layout = IL_TITLE;
				a = i;
				title = i < im.nlines && sep[i] == START_TITLE;
			}
	}
	free(sep);
	if (im.nslides == 0) {
		diag_add(diags, name, 0, 0, SEV_ERROR, "no slides found");
		goto done;
	}
	size_t nmain = 0;
	for (size_t i = 0; i < im.nslides; i++)
		nmain += !im.slides[i].backup;
	if (nmain == 0) {
		/* the deck loader refuses such a deck: say so here, not after */
		diag_add(diags, name, 0, 0, SEV_ERROR,
			 "every slide is a backup slide; nothing to present (take 'backup: true' "
			 "off one)");
		goto done;
	}
	ini = md_write_ini(&im);
	sort_diags(diags, first_diag);
done:
	for (size_t i = 0; i < im.nslides; i++)
		free_slide(&im.slides[i]);
	free(im.slides);
	for (int k = 0; k < META_COUNT; k++)
		free(im.meta[k]);
	free(im.lines);
	free(im.centred);
	if (map && ini) {
		map->md_line = im.inimap;
		map->n = im.ninimap;
	} else {
		free(im.inimap);
	}
	return ini;
}

unsigned markdown_map_line(const struct markdown_map *map, unsigned line)
{
	return line && line <= map->n ? map->md_line[line - 1] : 0;
}

void markdown_map_release(struct markdown_map *map)
{
	free(map->md_line);
	*map = (struct markdown_map){ 0 };
}
