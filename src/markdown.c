/* Markdown interchange: export of a deck as Markdown, import of a Markdown
 * deck into INI text.
 *
 * Export writes one block per item and escapes every character of deck
 * text that Markdown (or the importer) would interpret, so that import
 * gives the same text back; the whole text then goes through the
 * sanitising writer (textclass.h), so no control character gets out.
 *
 * Import works in three passes. (1) The file is cut into lines, checked
 * for UTF-8, and the front matter (YAML "---" block or mdp "%key:" lines)
 * is read. (2) The lines are split into slides: at thematic breaks that are
 * not setext underlines and at "<!-- end_slide -->", or, in a file without
 * any, before every heading of the top level used. (3) Each slide's lines
 * are read block by block (headings, paragraphs, lists, quotes, tables,
 * comments, code) into a small model of INI keys; inline markup is then
 * reduced to plain text (emphasis removed, escapes and entities decoded,
 * links reduced to their text, images dropped). Finally the model is
 * written as INI: ids made unique, values quoted where ';', '#' or quotes
 * would be misread, long paragraphs split below the 1022-byte line limit.
 * Every loss is a warning naming the Markdown line. */
#include "markdown.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistr.h>
#include <uniwidth.h>

#include "ini.h"
#include "smap.h"
#include "textclass.h"
#include "utf8.h"
#include "xalloc.h"

/* ---- shared helpers ---- */

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

static bool is_blank_str(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return false;
	return true;
}

/* ---- export ---- */

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

/* A text that starts with blanks (a line of code or of a table, as the
 * importer keeps them) as a fenced code block of one line, which a
 * paragraph could not be: its leading blanks would be lost. The fence is
 * longer than any run of backticks in the text. */
static void export_preformatted(struct strbuf *b, const char *text)
{
	size_t run = 0, longest = 0;
	for (const char *p = text; *p; p++) {
		run = *p == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	size_t fence = longest >= 3 ? longest + 1 : 3;
	for (size_t k = 0; k < fence; k++)
		strbuf_addc(b, '`');
	strbuf_addc(b, '\n');
	strbuf_adds(b, text);
	strbuf_addc(b, '\n');
	for (size_t k = 0; k < fence; k++)
		strbuf_addc(b, '`');
	strbuf_addc(b, '\n');
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
	case ITEM_CHART:
		export_chart(b, it);
		break;
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
	}
}

static void export_slide(struct strbuf *b, const struct slide *s, bool notes)
{
	strbuf_printf(b, "<!-- lectern\nid: %s\n", s->id);
	if (s->layout == LAYOUT_TITLE)
		strbuf_adds(b, "layout: title\n");
	if (s->time_s) {
		char t[32];
		format_time(s->time_s, t);
		strbuf_printf(b, "time: %s\n", t);
	}
	if (s->backup)
		strbuf_adds(b, "backup: yes\n");
	strbuf_adds(b, "-->\n\n# ");
	md_escape(b, s->title, true);
	strbuf_addc(b, '\n');
	if (s->subtitle) {
		strbuf_adds(b, "\n## ");
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
	strbuf_adds(&b, "options:\n  end_slide_shorthand: true\n---\n");
	bool first = true;
	for (size_t i = 0; i < d->nslides; i++) {
		if (d->slides[i].backup && !o->backup)
			continue;
		strbuf_adds(&b, first ? "\n" : "\n---\n\n");
		first = false;
		export_slide(&b, &d->slides[i], o->notes);
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

/* ---- import: the model ---- */

/* K_CODE: a line of a code block or a table, kept as preformatted text (a
 * "text" key numbered with the paragraphs) whose leading spaces stay. */
enum ikind { K_TEXT, K_BULLET, K_SUB, K_FIGURE, K_CHART, K_BAR, K_SCALE, K_QUOTE, K_PAUSE, K_CODE };

static const char *const kind_keys[] = { "text", "bullet", "sub",   "figure", "chart",
					 "bar",  "scale",  "quote", "pause",  "text" };

struct iitem {
	enum ikind kind;
	char *value; /* the whole INI value */
	unsigned line;
};

struct inote {
	char *text;
	unsigned line;
};

struct islide {
	unsigned line; /* first line of the slide */
	char *id, *title, *subtitle;
	unsigned title_line;
	char *time; /* as written, already checked */
	bool title_layout, backup;
	struct iitem *items;
	size_t nitems, itemcap;
	struct inote *notes;
	size_t nnotes, notecap;
};

enum { META_TITLE, META_SUBTITLE, META_AUTHOR, META_AFFILIATION, META_EVENT, META_DATE,
       META_LANGUAGE, META_DURATION, META_ID, META_COUNT };

static const char *const meta_keys[META_COUNT] = { "title", "subtitle", "author", "affiliation",
						   "event", "date",     "language", "duration",
						   "id" };

struct line {
	const char *s;
	size_t n; /* without the line end */
	unsigned no;
};

struct importer {
	const char *name;
	struct diag_list *diags;
	struct line *lines;
	size_t nlines;
	char *meta[META_COUNT];
	unsigned meta_line[META_COUNT];
	struct islide *slides;
	size_t nslides, slidecap;
	struct islide *cur; /* the slide being read */
	bool title_just_read; /* the last block of cur was its title */
	unsigned title_level;
	unsigned slide_level;     /* patat's slideLevel from the front matter, 0: none */
	bool end_slide_shorthand; /* presenterm's option: '---' ends a slide */
	bool *centred;            /* per line: mdp's "-> ... <-" was removed */
};

static void warn(struct importer *im, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void warn(struct importer *im, unsigned line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vadd(im->diags, im->name, line, 0, SEV_WARNING, fmt, ap);
	va_end(ap);
}

/* Takes value; an empty one is dropped (except for a pause). */
static void add_item(struct importer *im, enum ikind kind, char *value, unsigned line)
{
	struct islide *s = im->cur;
	if (!*value && kind != K_PAUSE) {
		free(value);
		return;
	}
	xgrow((void **)&s->items, &s->itemcap, s->nitems + 1, sizeof *s->items);
	s->items[s->nitems++] = (struct iitem){ kind, value, line };
	im->title_just_read = false;
}

static void add_note(struct importer *im, char *text, unsigned line)
{
	struct islide *s = im->cur;
	if (!*text) {
		free(text);
		return;
	}
	xgrow((void **)&s->notes, &s->notecap, s->nnotes + 1, sizeof *s->notes);
	s->notes[s->nnotes++] = (struct inote){ text, line };
}

/* ---- import: text helpers ---- */

static size_t indent_of(const struct line *l)
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
static const char *skip_ws(const struct line *l, size_t *n)
{
	size_t i = 0;
	while (i < l->n && (l->s[i] == ' ' || l->s[i] == '\t'))
		i++;
	size_t e = l->n;
	while (e > i && (l->s[e - 1] == ' ' || l->s[e - 1] == '\t'))
		e--;
	*n = e - i;
	return l->s + i;
}

static bool line_blank(const struct line *l)
{
	return is_blank_str(l->s, l->n);
}

static char *trim_dup(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
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
static bool break_vanishes(ucs4_t p, ucs4_t n)
{
	return (cjk_cp(p) && (cjk_cp(n) || cjk_punct(n))) || (cjk_punct(p) && cjk_cp(n));
}

/* Appends a line to a paragraph being joined: a space between the two,
 * except where break_vanishes(). */
static void join_line(struct strbuf *b, const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n && s[n - 1] == '\\' && (n < 2 || s[n - 2] != '\\'))
		n--; /* a hard line break */
	if (!n)
		return;
	if (b->len) {
		ucs4_t pc = 0, nc = 0;
		u8_prev(&pc, (const uint8_t *)b->s + b->len, (const uint8_t *)b->s);
		u8_mbtouc(&nc, (const uint8_t *)s, n);
		if (!break_vanishes(pc, nc))
			strbuf_addc(b, ' ');
	}
	strbuf_add(b, s, n);
}

/* ---- import: a map from strings to numbers (smap.h) ---- */

#define NONE SIZE_MAX /* no index */

/* ---- import: inline markup ---- */

/* Inline text is read once, from left to right. A link's text is read in
 * place, between its brackets (a stack of ranges instead of recursion, so
 * that nesting costs no C stack), and every search ahead that a plain
 * reader would repeat from each candidate is answered from what was found
 * once for the whole text: the ']' or ')' matching a bracket (struct
 * pairs), the next backtick run of a length (struct ticks), the next '>'
 * and "-->" (cursors: the reader never moves back, so neither do they).
 * Each answer is the one a scan from the candidate to the end of the
 * enclosing link text would give, so the result is that of the plain
 * reader at a cost of O(n log n) for any text. */

struct delim {
	size_t pos, len; /* in the output */
	char c;
	bool open, close;
};

/* The openers of one kind of bracket that have a match, as a scan from the
 * opener counting depth finds it ('\' escapes the byte after it): sorted by
 * position, each with the index just past its closer. */
struct pair {
	size_t at, end;
};

struct pairs {
	struct pair *v;
	size_t n;
};

/* The maximal runs of '`' in order; for each the next run of the same
 * length and the next run one shorter (NONE when there is none). */
struct tick {
	size_t start, len, same, shorter;
};

struct ticks {
	struct tick *v;
	size_t n, cur; /* cur: the run the reader has reached */
};

struct inl {
	struct importer *im;
	unsigned line;
	const char *s; /* the whole text */
	size_t n;
	struct strbuf out;
	struct delim *d;
	size_t nd, dcap;
	bool *gone; /* per output byte: a removed delimiter */
	struct pairs brackets, parens;
	struct ticks ticks;
	size_t gt, cc; /* the next '>', the '>' of the next "-->" (n: none) */
	bool gt_known, cc_known;
};

/* The text between a link's brackets, read before going on at resume. */
struct range {
	size_t from, limit, resume;
};

static bool is_punct(int c)
{
	return c > 0x20 && c < 0x7f && !isalnum(c);
}

/* Whether s[i] is escaped: an odd run of '\' just before it. */
static bool escaped(const char *s, size_t i)
{
	size_t k = 0;
	while (k < i && s[i - 1 - k] == '\\')
		k++;
	return k % 2 == 1;
}

/* Pairs o and c in s[0..n) in one pass from the right: each opener takes
 * the nearest closer not taken by an opener after it, which is the closer
 * a depth-counting scan from the opener stops at. */
static void pairs_find(struct pairs *p, const char *s, size_t n, char o, char c)
{
	size_t *stack = NULL, top = 0, scap = 0, cap = 0;
	*p = (struct pairs){ 0 };
	for (size_t i = n; i-- > 0;) {
		if ((s[i] != o && s[i] != c) || escaped(s, i))
			continue;
		if (s[i] == c) {
			xgrow((void **)&stack, &scap, top + 1, sizeof *stack);
			stack[top++] = i;
		} else if (top) {
			xgrow((void **)&p->v, &cap, p->n + 1, sizeof *p->v);
			p->v[p->n++] = (struct pair){ i, stack[--top] + 1 };
		}
	}
	for (size_t a = 0, b = p->n; a + 1 < b; a++, b--) {
		struct pair t = p->v[a];
		p->v[a] = p->v[b - 1];
		p->v[b - 1] = t;
	}
	free(stack);
}

/* Index just past the closer matching the opener at i when the closer
 * lies before limit, or 0. */
static size_t pairs_end(const struct pairs *p, size_t i, size_t limit)
{
	size_t lo = 0, hi = p->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (p->v[mid].at < i)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < p->n && p->v[lo].at == i && p->v[lo].end <= limit)
		return p->v[lo].end;
	return 0;
}

static void ticks_find(struct ticks *t, const char *s, size_t n)
{
	size_t cap = 0;
	*t = (struct ticks){ 0 };
	for (size_t i = 0; i < n;) {
		const char *p = memchr(s + i, '`', n - i);
		if (!p)
			break;
		size_t a = (size_t)(p - s), e = a;
		while (e < n && s[e] == '`')
			e++;
		xgrow((void **)&t->v, &cap, t->n + 1, sizeof *t->v);
		t->v[t->n++] = (struct tick){ a, e - a, NONE, NONE };
		i = e;
	}
	/* from the right, the nearest run of each length so far: runs are
	 * keyed by their own bytes, so equal keys are equal lengths */
	struct smap later = { 0 };
	for (size_t r = t->n; r-- > 0;) {
		struct tick *k = &t->v[r];
		size_t *v = smap_get(&later, s + k->start, k->len);
		k->same = v ? *v : NONE;
		v = k->len > 1 ? smap_get(&later, s + k->start, k->len - 1) : NULL;
		k->shorter = v ? *v : NONE;
		smap_put(&later, s + k->start, k->len, r);
	}
	smap_release(&later);
}

/* Start of the run closing a code span opened by the run of '`' at i (to
 * its end), if it starts before limit; else 0. */
static size_t ticks_close(struct ticks *t, size_t i, size_t limit)
{
	while (t->cur < t->n && t->v[t->cur].start + t->v[t->cur].len <= i)
		t->cur++;
	if (t->cur == t->n || t->v[t->cur].start > i)
		bug("a backtick run the scan did not find");
	const struct tick *k = &t->v[t->cur];
	/* the reader enters a run at its start, or one byte in after "\`" */
	size_t next = i == k->start ? k->same : i == k->start + 1 ? k->shorter : NONE;
	if (i > k->start + 1)
		bug("a backtick run entered past its second byte");
	return next != NONE && t->v[next].start < limit ? t->v[next].start : 0;
}

/* The first '>' at or after i, or x->n. */
static size_t next_gt(struct inl *x, size_t i)
{
	if (!x->gt_known || x->gt < i) {
		const char *p = memchr(x->s + i, '>', x->n - i);
		x->gt = p ? (size_t)(p - x->s) : x->n;
		x->gt_known = true;
	}
	return x->gt;
}

/* The '>' of the first "-->" starting at or after i, or x->n. */
static size_t next_cc(struct inl *x, size_t i)
{
	if (!x->cc_known || x->cc < i + 2) {
		size_t j = i + 2;
		x->cc = x->n;
		while (j < x->n) {
			const char *p = memchr(x->s + j, '>', x->n - j);
			if (!p)
				break;
			j = (size_t)(p - x->s);
			if (x->s[j - 1] == '-' && x->s[j - 2] == '-') {
				x->cc = j;
				break;
			}
			j++;
		}
		x->cc_known = true;
	}
	return x->cc;
}

/* The destination of a link whose "(...)" spans s[i..end): *url / *ulen
 * get it without a title. */
static void link_dest(const char *s, size_t i, size_t end, const char **url, size_t *ulen)
{
	const char *u = s + i + 1;
	size_t k = 0, len = end - i - 2;
	while (k < len && u[k] == ' ')
		k++;
	u += k;
	len -= k;
	if (len && *u == '<') {
		const char *gt = memchr(u, '>', len);
		*url = u + 1;
		*ulen = gt ? (size_t)(gt - u - 1) : len - 1;
	} else {
		size_t e = 0;
		while (e < len && u[e] != ' ')
			e++;
		*url = u;
		*ulen = e;
	}
}

static void put_cp(struct strbuf *b, unsigned long cp)
{
	uint8_t tmp[6];
	if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		cp = 0xfffd;
	int k = u8_uctomb(tmp, (ucs4_t)cp, sizeof tmp);
	if (k > 0)
		strbuf_add(b, (const char *)tmp, (size_t)k);
}

/* Decodes an entity at s[i] == '&'; returns its length, or 0. */
static size_t entity(struct strbuf *b, const char *s, size_t n, size_t i)
{
	static const struct {
		const char *name, *text;
	} named[] = { { "amp", "&" },      { "lt", "<" },    { "gt", ">" },     { "quot", "\"" },
		      { "apos", "'" },     { "nbsp", " " },  { "mdash", "—" },  { "ndash", "–" },
		      { "hellip", "…" },   { "copy", "©" },  { "times", "×" } };
	const char *semi = memchr(s + i, ';', n - i < 34 ? n - i : 34);
	if (!semi)
		return 0;
	size_t len = (size_t)(semi - (s + i)) + 1;
	if (s[i + 1] == '#') {
		const char *p = s + i + 2;
		int base = 10;
		if (*p == 'x' || *p == 'X') {
			base = 16;
			p++;
		}
		char *end;
		unsigned long cp = strtoul(p, &end, base);
		if (end != semi || end == p)
			return 0;
		put_cp(b, cp);
		return len;
	}
	for (size_t k = 0; k < sizeof named / sizeof named[0]; k++)
		if (strlen(named[k].name) == len - 2 &&
		    memcmp(s + i + 1, named[k].name, len - 2) == 0) {
			strbuf_adds(b, named[k].text);
			return len;
		}
	return 0;
}

/* Handles '<' at s[i] (before limit n): autolinks keep their text, HTML
 * tags and comments are dropped. Returns the length consumed, or 0 for a
 * literal '<'. */
static size_t angle(struct inl *x, size_t n, size_t i)
{
	const char *s = x->s;
	if (n - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
		size_t cc = next_cc(x, i + 4);
		if (cc < n) {
			warn(x->im, x->line, "inline comment dropped");
			return cc + 1 - i;
		}
		return 0;
	}
	size_t gt = next_gt(x, i);
	if (gt >= n)
		return 0;
	size_t len = gt - i + 1;
	const char *in = s + i + 1;
	size_t inn = len - 2;
	if (inn == 0 || memchr(in, '<', inn))
		return 0;
	if (!memchr(in, ' ', inn) && (memchr(in, ':', inn) || memchr(in, '@', inn))) {
		strbuf_add(&x->out, in, inn);
		return len;
	}
	if (isalpha((unsigned char)in[0]) ||
	    (in[0] == '/' && inn > 1 && isalpha((unsigned char)in[1]))) {
		warn(x->im, x->line, "HTML tag '%.*s' dropped", (int)len, s + i);
		return len;
	}
	return 0;
}

/* Handles '[' or '![' at s[i] (before limit n): links become their text,
 * images are dropped. Returns the length consumed, or 0 for a literal
 * bracket; for a link, *text gets the range of its text, to be read
 * before what follows the link. */
static size_t bracket(struct inl *x, size_t n, size_t i, struct range *text)
{
	const char *s = x->s;
	bool image = s[i] == '!';
	size_t open = image ? i + 1 : i;
	size_t close = pairs_end(&x->brackets, open, n);
	if (!close)
		return 0;
	const char *url = NULL;
	size_t ulen = 0, end = 0;
	if (close < n && s[close] == '(') {
		end = pairs_end(&x->parens, close, n);
		if (end)
			link_dest(s, close, end, &url, &ulen);
	} else if (close < n && s[close] == '[') {
		size_t e = pairs_end(&x->brackets, close, n);
		if (e) {
			end = e;
			url = s + close;
			ulen = e - close;
		}
	}
	if (!end)
		return 0;
	if (image) {
		warn(x->im, x->line, "image '%.*s' dropped", (int)ulen, url);
		text->from = text->limit = 0;
	} else {
		warn(x->im, x->line, "link '%.*s' reduced to its text", (int)ulen, url);
		*text = (struct range){ open + 1, close - 1, end };
	}
	return end - i;
}

/* A run of len delimiters at s[i], in the text s[from..n). */
static void push_delim(struct inl *x, size_t from, size_t n, size_t i, size_t len)
{
	const char *s = x->s;
	char c = s[i];
	int prev = i > from ? (unsigned char)s[i - 1] : ' ';
	int next = i + len < n ? (unsigned char)s[i + len] : ' ';
	bool left = !isspace(next), right = !isspace(prev);
	bool open = left, close = right;
	if (c == '_') {
		open = left && !isalnum(prev);
		close = right && !isalnum(next);
	}
	if (c == '~' && len != 2)
		open = close = false;
	xgrow((void **)&x->d, &x->dcap, x->nd + 1, sizeof *x->d);
	x->d[x->nd++] = (struct delim){ x->out.len, len, c, open, close };
	strbuf_add(&x->out, s + i, len);
}

/* A code span opened by the run of '`' at s[i] (before limit n); returns
 * the length consumed. */
static size_t code_span(struct inl *x, size_t n, size_t i)
{
	const char *s = x->s;
	size_t run = 0;
	while (i + run < n && s[i + run] == '`')
		run++;
	size_t found = ticks_close(&x->ticks, i, n);
	if (!found) {
		strbuf_add(&x->out, s + i, run);
		return run;
	}
	const char *code = s + i + run;
	size_t cn = found - i - run;
	if (cn >= 2 && code[0] == ' ' && code[cn - 1] == ' ' && !is_blank_str(code, cn)) {
		code++;
		cn -= 2;
	}
	strbuf_add(&x->out, code, cn);
	return found + run - i;
}

/* Whether inline_run() may treat c as anything but plain text. */
static bool starts_markup(char c)
{
	switch (c) {
	case '\\':
	case '`':
	case '[':
	case '!':
	case '<':
	case '&':
	case '*':
	case '_':
	case '~':
		return true;
	default:
		return false;
	}
}

static void inline_run(struct inl *x)
{
	const char *s = x->s;
	size_t i = 0, from = 0, n = x->n; /* reading s[from..n) */
	struct range *stack = NULL;
	size_t nr = 0, rcap = 0;
	for (;;) {
		if (i >= n) {
			if (!nr)
				break;
			struct range r = stack[--nr];
			i = r.resume;
			from = r.from;
			n = r.limit;
			continue;
		}
		char c = s[i];
		size_t k;
		struct range text = { 0 };
		if (c == '\\' && i + 1 < n && is_punct((unsigned char)s[i + 1])) {
			strbuf_addc(&x->out, s[i + 1]);
			i += 2;
		} else if (c == '`') {
			i += code_span(x, n, i);
		} else if ((c == '[' || (c == '!' && i + 1 < n && s[i + 1] == '[')) &&
			   (k = bracket(x, n, i, &text))) {
			if (text.limit > text.from) {
				xgrow((void **)&stack, &rcap, nr + 1, sizeof *stack);
				stack[nr++] = (struct range){ from, n, text.resume };
				from = text.from;
				n = text.limit;
				i = text.from;
			} else {
				i += k;
			}
		} else if (c == '<' && (k = angle(x, n, i))) {
			i += k;
		} else if (c == '&' && (k = entity(&x->out, s, n, i))) {
			i += k;
		} else if (c == '*' || c == '_' || c == '~') {
			size_t run = 0;
			while (i + run < n && s[i + run] == c)
				run++;
			push_delim(x, from, n, i, run);
			i += run;
		} else {
			size_t e = i + 1; /* up to the next byte that may start markup */
			while (e < n && !starts_markup(s[e]))
				e++;
			strbuf_add(&x->out, s + i, e - i);
			i = e;
		}
	}
	free(stack);
}

static int delim_kind(char c)
{
	return c == '*' ? 0 : c == '_' ? 1 : 2;
}

/* Pairs emphasis delimiters and marks the paired ones gone: a closer takes
 * the nearest opener of its kind on the stack, and every opener above that
 * one leaves the stack. Each stack entry links to the next one of its kind
 * below it, so finding that opener costs no scan. */
static void match_emphasis(struct inl *x)
{
	size_t *stack = xmalloc((x->nd + 1) * sizeof *stack);
	size_t *below = xmalloc((x->nd + 1) * sizeof *below);
	size_t nearest[3] = { NONE, NONE, NONE };
	size_t top = 0;
	for (size_t i = 0; i < x->nd; i++) {
		struct delim *c = &x->d[i];
		int kind = delim_kind(c->c);
		for (size_t k = c->close ? nearest[kind] : NONE; k != NONE;
		     k = below[k]) {
			struct delim *o = &x->d[stack[k]];
			if (o->len == 0 || (c->c == '~' && o->len != c->len))
				continue;
			size_t use = o->len < c->len ? o->len : c->len;
			for (size_t b = 0; b < use; b++) {
				x->gone[o->pos + o->len - 1 - b] = true;
				x->gone[c->pos + b] = true;
			}
			o->len -= use;
			c->pos += use;
			c->len -= use;
			for (size_t t = o->len ? k + 1 : k; top > t;) {
				top--;
				nearest[delim_kind(x->d[stack[top]].c)] = below[top];
			}
			break;
		}
		if (c->open && c->len) {
			stack[top] = i;
			below[top] = nearest[kind];
			nearest[kind] = top++;
		}
	}
	free(below);
	free(stack);
}

/* Plain text of the inline Markdown s[0..n): a new string. */
static char *inline_text(struct importer *im, const char *s, size_t n, unsigned line)
{
	struct inl x = { .im = im, .line = line, .s = s, .n = n };
	if (n && memchr(s, '[', n)) {
		pairs_find(&x.brackets, s, n, '[', ']');
		pairs_find(&x.parens, s, n, '(', ')');
	}
	if (n && memchr(s, '`', n))
		ticks_find(&x.ticks, s, n);
	inline_run(&x);
	x.gone = xcalloc(x.out.len + 1, 1);
	match_emphasis(&x);
	struct strbuf r = { 0 };
	for (size_t i = 0, e; i < x.out.len; i = e) {
		while (i < x.out.len && x.gone[i])
			i++;
		for (e = i; e < x.out.len && !x.gone[e]; e++)
			;
		strbuf_add(&r, x.out.s + i, e - i);
	}
	free(x.gone);
	free(x.d);
	free(x.out.s);
	free(x.brackets.v);
	free(x.parens.v);
	free(x.ticks.v);
	char *t = strbuf_take(&r);
	char *tr = trim_dup(t, strlen(t));
	free(t);
	return tr;
}

/* ---- import: block structure ---- */

static bool is_break(const struct line *l)
{
	if (indent_of(l) > 3)
		return false;
	size_t n;
	const char *s = skip_ws(l, &n);
	if (n < 3 || (s[0] != '-' && s[0] != '*' && s[0] != '_'))
		return false;
	size_t count = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == s[0])
			count++;
		else if (s[i] != ' ' && s[i] != '\t')
			return false;
	}
	return count >= 3;
}

/* A setext underline: "===" (level 1) or "---" (level 2); 0 if not. */
static int setext_level(const struct line *l)
{
	if (indent_of(l) > 3)
		return 0;
	size_t n;
	const char *s = skip_ws(l, &n);
	if (n == 0 || (s[0] != '=' && s[0] != '-'))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] != s[0])
			return 0;
	return s[0] == '=' ? 1 : 2;
}

/* An ATX heading: its level and text; 0 if not one. */
static int atx_level(const struct line *l, const char **text, size_t *tn)
{
	if (indent_of(l) > 3)
		return 0;
	size_t n;
	const char *s = skip_ws(l, &n);
	int lv = 0;
	while ((size_t)lv < n && s[lv] == '#')
		lv++;
	if (lv == 0 || lv > 6 || ((size_t)lv < n && s[lv] != ' ' && s[lv] != '\t'))
		return 0;
	const char *t = s + lv;
	size_t k = n - (size_t)lv;
	while (k && (*t == ' ' || *t == '\t')) {
		t++;
		k--;
	}
	/* a closing sequence of '#' after a space */
	size_t e = k;
	while (e && t[e - 1] == '#')
		e--;
	if (e == 0 || t[e - 1] == ' ' || t[e - 1] == '\t') {
		if (!(e && t[e - 1] == '\\'))
			k = e;
	}
	while (k && (t[k - 1] == ' ' || t[k - 1] == '\t'))
		k--;
	*text = t;
	*tn = k;
	return lv;
}

static bool is_fence(const struct line *l, char *ch, size_t *len)
{
	if (indent_of(l) > 3)
		return false;
	size_t n;
	const char *s = skip_ws(l, &n);
	if (n < 3 || (s[0] != '`' && s[0] != '~'))
		return false;
	size_t k = 0;
	while (k < n && s[k] == s[0])
		k++;
	if (k < 3)
		return false;
	*ch = s[0];
	*len = k;
	return true;
}

static bool closes_fence(const struct line *l, char ch, size_t len)
{
	char c2;
	size_t l2;
	if (!is_fence(l, &c2, &l2) || c2 != ch || l2 < len)
		return false;
	size_t n;
	const char *s = skip_ws(l, &n);
	return is_blank_str(s + l2, n - l2);
}

static bool starts_comment(const struct line *l)
{
	size_t n;
	const char *s = skip_ws(l, &n);
	return indent_of(l) <= 3 && n >= 4 && memcmp(s, "<!--", 4) == 0;
}

/* List item: returns the indent and sets the text start; -1 if not one.
 * *ordered is set for "1." and "1)". */
static long list_item(const struct line *l, const char **text, size_t *tn, bool *ordered)
{
	size_t ind = indent_of(l);
	size_t n;
	const char *s = skip_ws(l, &n);
	size_t k = 0;
	*ordered = false;
	if (n && (s[0] == '-' || s[0] == '*' || s[0] == '+')) {
		k = 1;
	} else {
		while (k < n && k < 9 && isdigit((unsigned char)s[k]))
			k++;
		if (k == 0 || k >= n || (s[k] != '.' && s[k] != ')'))
			return -1;
		k++;
		*ordered = true;
	}
	if (k < n && s[k] != ' ' && s[k] != '\t')
		return -1;
	while (k < n && (s[k] == ' ' || s[k] == '\t'))
		k++;
	*text = s + k;
	*tn = n - k;
	return (long)ind;
}

static bool is_delim_row(const struct line *l)
{
	size_t n;
	const char *s = skip_ws(l, &n);
	bool dash = false, pipe = false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '-')
			dash = true;
		else if (s[i] == '|')
			pipe = true;
		else if (s[i] != ':' && s[i] != ' ' && s[i] != '\t')
			return false;
	}
	return dash && (pipe || n >= 3);
}

static bool has_pipe(const struct line *l)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->s[i] == '|' && (i == 0 || l->s[i - 1] != '\\'))
			return true;
	return false;
}

/* Whether line i starts a block that ends a paragraph. */
static bool starts_block(const struct importer *im, size_t i)
{
	const struct line *l = &im->lines[i];
	const char *t;
	size_t tn;
	char ch;
	size_t fl;
	bool ord;
	size_t n;
	const char *s = skip_ws(l, &n);
	if (atx_level(l, &t, &tn) || is_fence(l, &ch, &fl) || starts_comment(l) || is_break(l))
		return true;
	if (n && s[0] == '>' && indent_of(l) <= 3)
		return true;
	if (n >= 3 && memcmp(s, ":::", 3) == 0 && indent_of(l) <= 3)
		return true; /* a pandoc div fence */
	if (list_item(l, &t, &tn, &ord) >= 0 && tn > 0)
		return true;
	return false;
}

/* ---- import: comments ---- */

static const char *const presenterm_commands[] = {
	"end_slide",     "jump_to_middle", "new_line",      "newline",        "new_lines",
	"newlines",      "column_layout",  "column",        "reset_layout",   "incremental_lists",
	"no_footer",     "font_size",      "alignment",     "skip_slide",     "list_item_newlines",
	"include",       "snippet_output", NULL,
};

/* A line break at s[i] inside a quoted YAML scalar: the blanks around it
 * go, the break stays as '\n' for clean_controls() to join; returns the
 * index of the last byte consumed. */
static size_t yaml_fold(struct strbuf *b, const char *s, size_t n, size_t i)
{
	while (b->len && (b->s[b->len - 1] == ' ' || b->s[b->len - 1] == '\t'))
		b->len--;
	while (i + 1 < n && (s[i + 1] == ' ' || s[i + 1] == '\t'))
		i++;
	strbuf_addc(b, '\n');
	if (b->s)
		b->s[b->len] = '\0';
	return i;
}

/* Whether s[0..n) starts with w hex digits. */
static bool hex_run(const char *s, size_t n, size_t w)
{
	if (n < w)
		return false;
	for (size_t k = 0; k < w; k++)
		if (!isxdigit((unsigned char)s[k]))
			return false;
	return true;
}

/* Unquotes a YAML scalar s[0..n) (plain, '...' or "..."): a new string.
 * \xHH, \uHHHH and \UHHHHHHHH with fewer digits than that are not
 * escapes and stay as written. */
static char *yaml_scalar(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	struct strbuf b = { 0 };
	if (n >= 1 && s[0] == '"') {
		for (size_t i = 1; i < n && s[i] != '"'; i++) {
			if (s[i] == '\n') {
				i = yaml_fold(&b, s, n, i);
				continue;
			}
			if (s[i] != '\\' || i + 1 >= n) {
				size_t j = i + 1; /* up to the next quote, escape or line end */
				while (j < n && s[j] != '"' && s[j] != '\\' && s[j] != '\n')
					j++;
				strbuf_add(&b, s + i, j - i);
				i = j - 1;
				continue;
			}
			char e = s[++i];
			size_t w = e == 'x' ? 2 : e == 'u' ? 4 : e == 'U' ? 8 : 0;
			if (w && hex_run(s + i + 1, n - i - 1, w)) {
				char hex[9] = { 0 };
				memcpy(hex, s + i + 1, w);
				put_cp(&b, strtoul(hex, NULL, 16));
				i += w;
			} else if (w) {
				/* not an escape: kept as written, so no byte of a
				 * character after it is taken as a digit */
				strbuf_addc(&b, '\\');
				strbuf_addc(&b, e);
			} else if (e == 'n') {
				strbuf_addc(&b, '\n'); /* clean_controls() joins the lines */
			} else if (e == 't') {
				strbuf_addc(&b, ' ');
			} else {
				strbuf_addc(&b, e);
			}
		}
	} else if (n >= 1 && s[0] == '\'') {
		for (size_t i = 1; i < n; i++) {
			if (s[i] == '\'') {
				if (i + 1 < n && s[i + 1] == '\'') {
					strbuf_addc(&b, '\'');
					i++;
					continue;
				}
				break;
			}
			if (s[i] == '\n') {
				i = yaml_fold(&b, s, n, i);
				continue;
			}
			strbuf_addc(&b, s[i]);
		}
	} else {
		const char *hash = NULL;
		for (size_t i = 1; i < n; i++)
			if (s[i] == '#' && (s[i - 1] == ' ' || s[i - 1] == '\t')) {
				hash = s + i;
				break;
			}
		size_t k = hash ? (size_t)(hash - s) : n;
		while (k && (s[k - 1] == ' ' || s[k - 1] == '\t'))
			k--;
		strbuf_add(&b, s, k);
	}
	return strbuf_take(&b);
}

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
		if (is_blank_str(s + i, e - i)) {
			if (para.len)
				add_note(im, strbuf_take(&para), pline);
			pline = l + 1;
		} else {
			if (!para.len)
				pline = l;
			join_line(&para, s + i, e - i);
		}
		i = e + 1;
		l++;
	}
	if (para.len)
		add_note(im, strbuf_take(&para), pline);
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
			char *key = trim_dup(s + i, (size_t)(colon - (s + i)));
			char *val = yaml_scalar(colon + 1, (size_t)(s + e - colon - 1));
			unsigned t;
			bool yes;
			if (strcmp(key, "id") == 0) {
				for (char *p = val; *p; p++)
					*p = (char)tolower((unsigned char)*p);
				if (ini_valid_id(val) && strcmp(val, "deck") != 0) {
					free(sl->id);
					sl->id = xstrdup(val);
				} else {
					warn(im, l, "slide id '%s' is not an id; a new one "
						    "is made", val);
				}
			} else if (strcmp(key, "time") == 0) {
				int rc = deck_parse_duration(val, &t);
				if (rc == DURATION_OK) {
					free(sl->time);
					sl->time = xstrdup(val);
				} else {
					char *msg = deck_duration_message("time", val, rc);
					warn(im, l, "%s; dropped", msg);
					free(msg);
				}
			} else if (strcmp(key, "layout") == 0) {
				if (strcmp(val, "title") == 0 || strcmp(val, "default") == 0)
					sl->title_layout = strcmp(val, "title") == 0;
				else
					warn(im, l, "layout '%s' is not 'title' or "
						    "'default'; dropped", val);
			} else if (strcmp(key, "backup") == 0) {
				if (ini_parse_bool(val, &yes) == 0)
					sl->backup = yes;
				else
					warn(im, l, "backup '%s' is not yes or no; dropped", val);
			} else {
				warn(im, l, "unknown lectern key '%s' dropped", key);
			}
			free(key);
			free(val);
		} else if (!is_blank_str(s + i, e - i) && l != line) {
			warn(im, l, "line '%.*s' of a lectern comment dropped", (int)(e - i),
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
		add_note(im, yaml_scalar(v, n), line);
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
		add_item(im, K_PAUSE, xstrdup(""), line);
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
				warn(im, line, "presenterm command '%.*s' dropped", (int)n, body);
				return;
			}
		if (n > 7 && memcmp(body, "config:", 7) == 0) {
			warn(im, line, "patat configuration dropped");
			return;
		}
	}
	notes_from_text(im, body, n, line);
}

/* ---- import: blocks ---- */

static void heading(struct importer *im, int level, const char *t, size_t tn, unsigned line)
{
	struct islide *s = im->cur;
	char *text = inline_text(im, t, tn, line);
	if (!*text) {
		free(text);
		return;
	}
	if (!s->title) {
		s->title = text;
		s->title_line = line;
		im->title_level = (unsigned)level;
		im->title_just_read = true;
		return;
	}
	if (im->title_just_read && !s->subtitle && (unsigned)level > im->title_level) {
		s->subtitle = text;
		im->title_just_read = false;
		return;
	}
	warn(im, line, "heading '%s' turned into a paragraph", text);
	add_item(im, K_TEXT, text, line);
}

/* A paragraph's raw text: a figure "**X** — caption", else text. */
static void paragraph(struct importer *im, const char *raw, unsigned line)
{
	size_t n = strlen(raw);
	if (n > 4 && raw[0] == '*' && raw[1] == '*' && raw[2] != '*') {
		size_t i = 2;
		while (i + 1 < n && !(raw[i] == '*' && raw[i + 1] == '*')) {
			if (raw[i] == '\\')
				i++;
			i++;
		}
		static const char dash[] = " — ";
		size_t dl = sizeof dash - 1;
		if (i + 1 < n && i > 2 &&
		    (i + 2 == n || (n - i - 2 > dl && memcmp(raw + i + 2, dash, dl) == 0))) {
			char *fig = inline_text(im, raw + 2, i - 2, line);
			char *val;
			if (strchr(fig, '|')) {
				warn(im, line, "'|' in a figure replaced by '｜'");
				struct strbuf b = { 0 };
				for (char *p = fig; *p; p++)
					if (*p == '|')
						strbuf_adds(&b, "｜");
					else
						strbuf_addc(&b, *p);
				free(fig);
				fig = strbuf_take(&b);
			}
			if (i + 2 < n) {
				const char *c0 = raw + i + 2 + dl;
				char *cap = inline_text(im, c0, (size_t)(raw + n - c0), line);
				val = xasprintf("%s | %s", fig, cap);
				free(cap);
			} else {
				val = xstrdup(fig);
			}
			free(fig);
			add_item(im, K_FIGURE, val, line);
			return;
		}
	}
	char *text = inline_text(im, raw, n, line);
	if (*text)
		add_item(im, K_TEXT, text, line);
	else
		free(text);
}

/* A line of a code block as preformatted text: indent columns of
 * leading blanks removed (tabs at stops of 4, as Markdown measures
 * indentation), the other tabs expanded to the next multiple of 8 display
 * columns, trailing blanks dropped. A blank line adds nothing: text items
 * are spaced apart already. */
static void code_line(struct importer *im, const struct line *l, size_t indent)
{
	size_t i = 0, col = 0;
	while (i < l->n && col < indent && (l->s[i] == ' ' || l->s[i] == '\t')) {
		size_t w = l->s[i] == '\t' ? 4 - col % 4 : 1;
		if (col + w > indent)
			break; /* a tab across the indent: its rest is kept below */
		col += w;
		i++;
	}
	struct strbuf b = { 0 };
	size_t out = 0; /* display columns written */
	if (i < l->n && l->s[i] == '\t' && col < indent) {
		size_t rest = 4 - col % 4 - (indent - col);
		for (; rest; rest--, out++)
			strbuf_addc(&b, ' ');
		i++;
	}
	while (i < l->n) {
		ucs4_t c;
		int k = u8_mbtouc(&c, (const uint8_t *)l->s + i, l->n - i);
		if (k < 1)
			k = 1;
		if (c == '\t') {
			do {
				strbuf_addc(&b, ' ');
				out++;
			} while (out % 8);
		} else {
			int w = uc_width(c, "UTF-8");
			strbuf_add(&b, l->s + i, (size_t)k);
			out += w > 0 ? (size_t)w : 0;
		}
		i += (size_t)k;
	}
	while (b.len && b.s[b.len - 1] == ' ')
		b.len--;
	if (!b.len) {
		free(b.s);
		return;
	}
	b.s[b.len] = '\0';
	add_item(im, K_CODE, strbuf_take(&b), l->no);
}

/* Lines [a, b) of a code block, each without indent columns. */
static void code_block(struct importer *im, size_t a, size_t b, size_t indent, unsigned line)
{
	size_t before = im->cur->nitems;
	for (size_t i = a; i < b; i++)
		code_line(im, &im->lines[i], indent);
	size_t kept = im->cur->nitems - before;
	if (kept)
		warn(im, line,
		     "code block of %zu lines kept as %zu text items, one per line (lectern has "
		     "no code item yet)",
		     b - a, kept);
	else if (b > a)
		warn(im, line, "code block of %zu blank lines dropped", b - a);
	im->title_just_read = false;
}

/* Splits a table row into trimmed raw cells. */
static size_t table_cells(const struct line *l, char ***cells)
{
	size_t n;
	const char *s = skip_ws(l, &n);
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
			(*cells)[count++] = trim_dup(s + start, i - start);
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
	return inline_text(im, raw, strlen(raw), line);
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
	add_item(im, K_CHART, cap, line);
	for (size_t r = a + 2; r < b; r++) {
		char **c;
		size_t nc = table_cells(&im->lines[r], &c);
		unsigned rl = im->lines[r].no;
		char *label = cell_text(im, c[0], rl), *val = cell_text(im, c[1], rl);
		char *shown = nc == 3 ? cell_text(im, c[2], rl) : NULL;
		if (strchr(label, '|') || !*label) {
			warn(im, rl, "bar label '%s' cannot be kept; written as 'bar'", label);
			free(label);
			label = xstrdup("bar");
		}
		char *bar = shown && *shown && strcmp(shown, val) != 0
				    ? xasprintf("%s | %s | %s", label, val, shown)
				    : xasprintf("%s | %s", label, val);
		add_item(im, K_BAR, bar, rl);
		free(label);
		free(val);
		free(shown);
		free_cells(c, nc);
	}
	if (log)
		add_item(im, K_SCALE, xstrdup("log"), line);
	free_cells(h, nh);
	return true;
}

static void clean_controls(struct importer *im, char *s, unsigned line);

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
static void table(struct importer *im, size_t a, size_t b)
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
			clean_controls(im, t->cell[c], t->line);
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
		add_item(im, K_CODE, row.s ? strbuf_take(&row) : xstrdup(""), t->line);
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
				add_item(im, K_CODE, strbuf_take(&rule), t->line);
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
	warn(im, im->lines[a].no,
	     "table of %zu rows kept as text items, one per row (lectern has no table item "
	     "yet)",
	     nrows);
	im->title_just_read = false;
}

/* The length of the dash that makes s[0..n) the attribution line of a
 * quote, blanks after it included, or 0: one or more "—" (U+2014) or "―"
 * (U+2015), or "--" or "–" (U+2013) and a blank; some text must follow. */
static size_t attribution_dash(const char *s, size_t n)
{
	size_t k = 0;
	bool blank_needed = false;
	while (k + 3 <= n && (memcmp(s + k, "—", 3) == 0 || memcmp(s + k, "―", 3) == 0))
		k += 3;
	if (!k && n >= 3 && memcmp(s, "–", 3) == 0) {
		k = 3;
		blank_needed = true;
	}
	if (!k && n >= 2 && s[0] == '-' && s[1] == '-') {
		k = 2;
		blank_needed = true;
	}
	if (!k || (blank_needed && (k >= n || (s[k] != ' ' && s[k] != '\t'))))
		return 0;
	while (k < n && (s[k] == ' ' || s[k] == '\t'))
		k++;
	return k < n ? k : 0;
}

/* A block quote of lines [a, b): an attribution_dash() line last is the
 * attribution. */
static void quote(struct importer *im, size_t a, size_t b)
{
	struct strbuf raw = { 0 };
	char *who = NULL;
	for (size_t i = a; i < b; i++) {
		size_t n;
		const char *s = skip_ws(&im->lines[i], &n);
		if (n && *s == '>') { /* else a lazy continuation line */
			s++;
			n--;
		}
		if (n && *s == ' ') {
			s++;
			n--;
		}
		size_t dl = i == b - 1 && i > a ? attribution_dash(s, n) : 0;
		if (dl) {
			who = inline_text(im, s + dl, n - dl, im->lines[i].no);
			break;
		}
		join_line(&raw, s, n);
	}
	unsigned line = im->lines[a].no;
	char *text = inline_text(im, raw.s ? raw.s : "", raw.len, line);
	free(raw.s);
	if (!*text) {
		free(text);
		free(who);
		return;
	}
	if (strchr(text, '|')) {
		warn(im, line, "'|' in a quote replaced by '｜'");
		struct strbuf b2 = { 0 };
		for (char *p = text; *p; p++)
			if (*p == '|')
				strbuf_adds(&b2, "｜");
			else
				strbuf_addc(&b2, *p);
		free(text);
		text = strbuf_take(&b2);
	}
	char *val = who && *who ? xasprintf("%s | %s", text, who) : xstrdup(text);
	free(text);
	free(who);
	add_item(im, K_QUOTE, val, line);
}

/* Reads a list from line i; returns the first line after it. */
static size_t list(struct importer *im, size_t i, size_t end)
{
	const char *t;
	size_t tn;
	bool ord;
	long sub_indent = -1;
	bool warned_ord = false, warned_deep = false;
	struct strbuf text = { 0 };
	enum ikind kind = K_BULLET;
	unsigned line = 0;
	bool in_item = false, blank = false;
	while (i < end) {
		const struct line *l = &im->lines[i];
		long ind = list_item(l, &t, &tn, &ord);
		if (line_blank(l)) {
			blank = true;
			i++;
			continue;
		}
		if (ind >= 0 && !is_break(l)) {
			if (in_item) {
				add_item(im, kind, inline_text(im, text.s, text.len, line), line);
				text.len = 0;
			}
			if (ind < 2) {
				kind = K_BULLET;
			} else {
				kind = K_SUB;
				if (sub_indent < 0)
					sub_indent = ind;
				if (ind > sub_indent + 1 && !warned_deep) {
					warn(im, l->no, "list item nested deeper than two levels "
							"made a second-level bullet");
					warned_deep = true;
				}
			}
			if (ord && !warned_ord) {
				warn(im, l->no, "numbered list turned into bullets");
				warned_ord = true;
			}
			line = l->no;
			in_item = true;
			blank = false;
			xgrow((void **)&text.s, &text.cap, 1, 1);
			text.s[0] = '\0';
			join_line(&text, t, tn);
			i++;
			continue;
		}
		/* continuation: a lazy line right after, or an indented one */
		if (in_item && ((!blank && !starts_block(im, i)) ||
				(blank && indent_of(l) >= 2))) {
			if (blank) {
				char fence;
				size_t fl;
				if (is_fence(l, &fence, &fl))
					break;
			}
			size_t n;
			const char *s = skip_ws(l, &n);
			join_line(&text, s, n);
			blank = false;
			i++;
			continue;
		}
		break;
	}
	if (in_item)
		add_item(im, kind, inline_text(im, text.s, text.len, line), line);
	free(text.s);
	return i;
}

/* A line that starts an HTML block: a block-level tag, or a line that is
 * one tag and nothing else. */
static bool html_block_start(const char *s, size_t n)
{
	static const char *const names[] = { "address", "article", "aside",  "blockquote",
					     "center",  "details", "div",    "dl",
					     "figure",  "footer",  "form",   "h1",
					     "h2",      "h3",      "header", "hr",
					     "iframe",  "img",     "li",     "nav",
					     "ol",      "p",       "pre",    "script",
					     "section", "style",   "table",  "ul",
					     "video",   NULL };
	if (n < 3 || s[0] != '<')
		return false;
	size_t i = s[1] == '/' ? 2 : 1, w = i;
	while (w < n && isalnum((unsigned char)s[w]))
		w++;
	if (w == i || (w < n && s[w] != ' ' && s[w] != '>' && s[w] != '/'))
		return false;
	for (size_t k = 0; names[k]; k++)
		if (strlen(names[k]) == w - i && strncasecmp(names[k], s + i, w - i) == 0)
			return true;
	const char *gt = memchr(s, '>', n);
	return gt && gt == s + n - 1;
}

/* The comment starting on line i (before b); returns the line after it. */
static size_t read_comment(struct importer *im, size_t i, size_t b)
{
	size_t n, j = i;
	const char *from = skip_ws(&im->lines[i], &n) + 4;
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
		warn(im, line, "comment without '-->' runs to the end of the slide");
	} else {
		const struct line *last = &im->lines[j];
		if (!is_blank_str(close + 3, (size_t)(last->s + last->n - close - 3)))
			warn(im, last->no, "text after '-->' dropped");
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
	const char *s = skip_ws(l, &n);
	if (indent_of(l) > 3 || n < 3 || memcmp(s, ":::", 3) != 0)
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
static size_t read_div(struct importer *im, size_t i, size_t b)
{
	const char *attr;
	size_t an;
	div_fence(&im->lines[i], &attr, &an);
	bool notes = (an == 5 && memcmp(attr, "notes", 5) == 0) ||
		     (an == 8 && memcmp(attr, "{.notes}", 8) == 0);
	if (!notes) {
		if (an)
			warn(im, im->lines[i].no, "pandoc div '%.*s' dropped; its content kept",
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
		warn(im, im->lines[i].no, "notes without a closing ':::' run to the end of the "
					  "slide");
	bool keep = im->title_just_read;
	notes_from_text(im, body.s ? body.s : "", body.len, im->lines[i].no + 1);
	im->title_just_read = keep;
	free(body.s);
	return j < b ? j + 1 : b;
}

/* Lines [a, b) of one slide. */
static void read_blocks(struct importer *im, size_t a, size_t b)
{
	size_t i = a;
	bool prev_blank = true;
	while (i < b) {
		const struct line *l = &im->lines[i];
		const char *t;
		size_t tn, n, fl;
		char fch;
		bool ord;
		const char *s = skip_ws(l, &n);
		if (n == 0) {
			prev_blank = true;
			i++;
			continue;
		}
		bool was_blank = prev_blank;
		prev_blank = false;
		int lv;
		if (is_fence(l, &fch, &fl)) {
			size_t j = i + 1;
			while (j < b && !closes_fence(&im->lines[j], fch, fl))
				j++;
			code_block(im, i + 1, j, indent_of(l), l->no);
			i = j < b ? j + 1 : b;
		} else if (indent_of(l) >= 4 && was_blank) {
			size_t j = i;
			while (j < b &&
			       (line_blank(&im->lines[j]) || indent_of(&im->lines[j]) >= 4))
				j++;
			while (j > i && line_blank(&im->lines[j - 1]))
				j--;
			code_block(im, i, j, 4, l->no);
			i = j;
		} else if (n >= 3 && memcmp(s, ":::", 3) == 0 && indent_of(l) <= 3) {
			i = read_div(im, i, b);
		} else if (starts_comment(l)) {
			i = read_comment(im, i, b);
		} else if ((lv = atx_level(l, &t, &tn)) > 0) {
			heading(im, lv, t, tn, l->no);
			i++;
		} else if (is_break(l)) {
			warn(im, l->no, "horizontal rule dropped");
			i++;
		} else if (s[0] == '>' && indent_of(l) <= 3) {
			size_t j = i;
			while (j < b) {
				size_t n2;
				const char *s2 = skip_ws(&im->lines[j], &n2);
				if (!n2)
					break;
				/* a lazy continuation: a line of the quote's paragraph
				 * without '>' */
				bool lazy = s2[0] != '>' && !starts_block(im, j) &&
					    !is_delim_row(&im->lines[j]);
				if (!lazy && (s2[0] != '>' || indent_of(&im->lines[j]) > 3))
					break;
				if (lazy) {
					size_t n3;
					const char *s3 = skip_ws(&im->lines[j - 1], &n3);
					if (n3 && s3[0] == '>' && is_blank_str(s3 + 1, n3 - 1))
						break; /* after an empty '>' line: a paragraph */
				}
				j++;
			}
			quote(im, i, j);
			i = j;
		} else if (list_item(l, &t, &tn, &ord) >= 0 && (tn > 0 || !ord)) {
			i = list(im, i, b);
		} else if (has_pipe(l) && i + 1 < b && is_delim_row(&im->lines[i + 1])) {
			size_t j = i + 2;
			while (j < b && !line_blank(&im->lines[j]) && has_pipe(&im->lines[j]))
				j++;
			table(im, i, j);
			i = j;
		} else if (n == 5 && memcmp(s, ". . .", 5) == 0) {
			add_item(im, K_PAUSE, xstrdup(""), l->no);
			i++;
		} else if (html_block_start(s, n) && was_blank) {
			size_t j = i;
			while (j < b && !line_blank(&im->lines[j]))
				j++;
			warn(im, l->no, "HTML block of %zu lines dropped", j - i);
			i = j;
		} else {
			struct strbuf raw = { 0 };
			unsigned line = l->no;
			size_t j = i;
			int setext = 0;
			while (j < b && !line_blank(&im->lines[j])) {
				if (j > i && (setext = setext_level(&im->lines[j])) != 0)
					break;
				if (j > i && starts_block(im, j))
					break;
				join_line(&raw, im->lines[j].s, im->lines[j].n);
				j++;
			}
			if (setext) {
				heading(im, setext, raw.s, raw.len, line);
				j++;
			} else {
				paragraph(im, raw.s ? raw.s : "", line);
			}
			free(raw.s);
			i = j;
		}
	}
}

/* ---- import: front matter and slides ---- */

static void set_meta(struct importer *im, int k, char *v, unsigned line)
{
	free(im->meta[k]);
	im->meta[k] = v;
	im->meta_line[k] = line;
}

static void front_key(struct importer *im, const char *key, char *val, unsigned line)
{
	static const struct {
		const char *key;
		int meta;
	} map[] = { { "title", META_TITLE },       { "subtitle", META_SUBTITLE },
		    { "sub_title", META_SUBTITLE }, { "author", META_AUTHOR },
		    { "authors", META_AUTHOR },     { "affiliation", META_AFFILIATION },
		    { "institute", META_AFFILIATION }, { "event", META_EVENT },
		    { "date", META_DATE },           { "language", META_LANGUAGE },
		    { "lang", META_LANGUAGE },       { "duration", META_DURATION },
		    { "id", META_ID } };
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
		if (strcmp(map[i].key, key) != 0)
			continue;
		unsigned t;
		int rc = map[i].meta == META_DURATION ? deck_parse_duration(val, &t) : DURATION_OK;
		if (rc != DURATION_OK) {
			char *msg = deck_duration_message("duration", val, rc);
			warn(im, line, "%s; dropped", msg);
			free(msg);
			free(val);
		} else if (map[i].meta == META_ID && !ini_valid_id(val)) {
			warn(im, line, "deck id '%s' is not an id; dropped", val);
			free(val);
		} else {
			set_meta(im, map[i].meta, val, line);
		}
		return;
	}
	if (strcmp(key, "options") != 0)
		warn(im, line, "front matter key '%s' dropped", key);
	free(val);
}

/* The settings the split of slides depends on, in lines [a, b) of the
 * map under key: patat's slideLevel, presenterm's end_slide_shorthand.
 * patat's other settings are reported as dropped; presenterm's options
 * silently (they are about presenterm's own display). */
static void front_settings(struct importer *im, const char *key, size_t a, size_t b)
{
	bool patat = strcmp(key, "patat") == 0;
	size_t ind = 0;
	for (size_t i = a; i < b; i++) {
		const struct line *l = &im->lines[i];
		size_t n;
		const char *s = skip_ws(l, &n);
		const char *colon = memchr(s, ':', n);
		if (!n || s[0] == '#')
			continue;
		if (!ind)
			ind = indent_of(l);
		if (indent_of(l) != ind || !colon)
			continue; /* deeper: part of a setting already seen */
		char *k = trim_dup(s, (size_t)(colon - s));
		char *v = yaml_scalar(colon + 1, (size_t)(s + n - colon - 1));
		if (patat && strcmp(k, "slideLevel") == 0) {
			char *end;
			long lv = strtol(v, &end, 10);
			if (*v && !*end && lv >= 1 && lv <= 6)
				im->slide_level = (unsigned)lv;
			else
				warn(im, l->no, "patat slideLevel '%s' is not a level from 1 to 6; "
						"ignored", v);
		} else if (!patat && strcmp(k, "end_slide_shorthand") == 0) {
			im->end_slide_shorthand = strcmp(v, "true") == 0;
		} else if (patat) {
			warn(im, l->no, "patat setting '%s' dropped", k);
		}
		free(k);
		free(v);
	}
}

/* Reads YAML front matter lines [a, b): "key: scalar", with block scalars
 * and lists of scalars joined. */
static void front_matter(struct importer *im, size_t a, size_t b)
{
	for (size_t i = a; i < b;) {
		const struct line *l = &im->lines[i];
		const char *colon = memchr(l->s, ':', l->n);
		if (indent_of(l) > 0 || line_blank(l) || !colon || l->s[0] == '#') {
			i++;
			continue;
		}
		char *key = trim_dup(l->s, (size_t)(colon - l->s));
		const char *v = colon + 1;
		size_t vn = (size_t)(l->s + l->n - v);
		size_t j = i + 1;
		while (j < b && (indent_of(&im->lines[j]) > 0 || line_blank(&im->lines[j])))
			j++;
		char *val;
		if (is_blank_str(v, vn) || (vn && (v[vn - 1] == '|' || v[vn - 1] == '>') &&
					    is_blank_str(v, vn - 1))) {
			bool seq = false, map = false;
			struct strbuf b2 = { 0 };
			for (size_t k = i + 1; k < j; k++) {
				size_t n2;
				const char *s2 = skip_ws(&im->lines[k], &n2);
				if (!n2)
					continue;
				if (n2 >= 2 && s2[0] == '-' && s2[1] == ' ') {
					char *item = yaml_scalar(s2 + 2, n2 - 2);
					if (b2.len)
						strbuf_adds(&b2, ", ");
					strbuf_adds(&b2, item);
					free(item);
					seq = true;
				} else if (!is_blank_str(v, vn)) {
					join_line(&b2, s2, n2);
				} else {
					map = true;
				}
			}
			(void)seq;
			if (map && (strcmp(key, "patat") == 0 || strcmp(key, "options") == 0))
				front_settings(im, key, i + 1, j);
			else if (map)
				warn(im, l->no, "front matter key '%s' dropped", key);
			if (map) {
				free(b2.s);
				free(key);
				i = j;
				continue;
			}
			val = strbuf_take(&b2);
		} else {
			val = yaml_scalar(v, vn);
		}
		if (*val)
			front_key(im, key, val, l->no);
		else
			free(val);
		free(key);
		i = j;
	}
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
	while (f + 1 < b && line_blank(&im->lines[f]))
		f++;
	new_slide(im, im->lines[f].no);
	read_blocks(im, a, b);
	struct islide *s = im->cur;
	/* a slide whose every line mdp centres is a title slide */
	size_t lines = 0, centred = 0;
	for (size_t i = a; i < b; i++)
		if (!line_blank(&im->lines[i])) {
			lines++;
			centred += im->centred[i];
		}
	if (lines && centred == lines)
		s->title_layout = true;
	if (slide_empty(s)) {
		if (s->nnotes)
			warn(im, s->notes[0].line, "notes outside any slide dropped");
		free_slide(s);
		im->nslides--;
		im->cur = NULL;
	}
}

/* Whether line i (a thematic break) separates slides rather than being a
 * setext underline of the line above. */
static bool is_separator(const struct importer *im, size_t i, size_t first)
{
	const struct line *l = &im->lines[i];
	if (!is_break(l))
		return false;
	if (i == first || setext_level(l) != 2)
		return true;
	const struct line *p = &im->lines[i - 1];
	const char *t;
	size_t tn;
	if (line_blank(p) || atx_level(p, &t, &tn) || is_break(p))
		return true;
	size_t n;
	const char *s = skip_ws(p, &n);
	return n >= 3 && memcmp(s + n - 3, "-->", 3) == 0;
}

/* Marks the separator lines of [first, nlines) in sep (SEP_END for
 * presenterm's "<!-- end_slide -->", SEP_BREAK for a thematic break);
 * returns how many there are of each in *ends and *breaks. */
enum { SEP_NONE, SEP_END, SEP_BREAK };

static void find_separators(struct importer *im, size_t first, unsigned char *sep, size_t *ends,
			    size_t *breaks)
{
	char fch = 0;
	size_t fl = 0;
	bool in_fence = false, in_comment = false;
	*ends = *breaks = 0;
	for (size_t i = first; i < im->nlines; i++) {
		const struct line *l = &im->lines[i];
		if (in_fence) {
			if (closes_fence(l, fch, fl))
				in_fence = false;
			continue;
		}
		if (in_comment) {
			for (size_t k = 0; k + 3 <= l->n; k++)
				if (memcmp(l->s + k, "-->", 3) == 0)
					in_comment = false;
			continue;
		}
		if (is_fence(l, &fch, &fl)) {
			in_fence = true;
			continue;
		}
		size_t n;
		const char *s = skip_ws(l, &n);
		if (starts_comment(l)) {
			bool closed = false;
			for (size_t k = 4; k + 3 <= n; k++)
				if (memcmp(s + k, "-->", 3) == 0)
					closed = true;
			in_comment = !closed;
			if (closed && n >= 7 && memcmp(s + n - 3, "-->", 3) == 0) {
				char *body = trim_dup(s + 4, n - 7);
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
	bool in_fence = false, in_comment = false;
	char fch = 0;
	size_t fl = 0;
	for (size_t i = first; i < nl; i++) {
		const struct line *l = &im->lines[i];
		const char *t;
		size_t tn;
		if (in_fence) {
			in_fence = !closes_fence(l, fch, fl);
			kind[i] = LN_CONTENT;
			continue;
		}
		if (in_comment || starts_comment(l)) {
			size_t k0 = in_comment ? 0 : (size_t)(skip_ws(l, &tn) - l->s) + 4;
			in_comment = true;
			for (size_t k = k0; k + 3 <= l->n; k++)
				if (memcmp(l->s + k, "-->", 3) == 0)
					in_comment = false;
			kind[i] = LN_NOTE;
			continue;
		}
		if (kind[i] == LN_UNDERLINE)
			continue;
		if (line_blank(l)) {
			kind[i] = LN_BLANK;
			continue;
		}
		if (is_fence(l, &fch, &fl)) {
			in_fence = true;
			kind[i] = LN_CONTENT;
			continue;
		}
		int lv = atx_level(l, &t, &tn);
		bool para_start = i == first || kind[i - 1] == LN_BLANK || kind[i - 1] == LN_NOTE ||
				  kind[i - 1] == LN_HEADING || kind[i - 1] == LN_UNDERLINE;
		if (!lv && i + 1 < nl && para_start && (lv = setext_level(&im->lines[i + 1])) != 0)
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
		while (j < nl && (kind[j] == LN_UNDERLINE || kind[j] == LN_BLANK || kind[j] == LN_NOTE))
			j++;
		if (j < nl && !(kind[j] == LN_HEADING && level[j] <= L))
			start[j] = START_SLIDE;
	}
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
	bool in_fence = false;
	char fch = 0;
	size_t fl = 0;
	im->centred = xcalloc(im->nlines + 1, sizeof *im->centred);
	for (size_t i = first; i < im->nlines; i++) {
		struct line *l = &im->lines[i];
		if (in_fence) {
			in_fence = !closes_fence(l, fch, fl);
			continue;
		}
		if (is_fence(l, &fch, &fl)) {
			in_fence = true;
			continue;
		}
		size_t n;
		const char *s = skip_ws(l, &n);
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
					front_matter(im, 1, i);
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
			val = trim_dup(l->s + w + 1, l->n - w - 1);
		} else if (first < 3) {
			key = xstrdup(pandoc_keys[first]);
			val = trim_dup(l->s + 1, l->n - 1);
		} else {
			break;
		}
		if (*val)
			front_key(im, key, val, l->no);
		else
			free(val);
		free(key);
		first++;
	}
	return first;
}

/* ---- import: writing the INI ---- */

enum { VALUE_MAX = 1000 }; /* bytes of a value, well under the 1022-byte line */

/* Cuts s at most max bytes into a UTF-8 boundary; prefers a sentence end,
 * then a space. Returns the length of the first part. */
static size_t cut_point(const char *s, size_t n, size_t max, bool prefer_sentence)
{
	if (n <= max)
		return n;
	size_t cut = max;
	while (cut && ((unsigned char)s[cut] & 0xc0) == 0x80)
		cut--;
	if (prefer_sentence) {
		static const char *const ends[] = { ". ", "。", "！", "？", "! ", "? ", "；", "; ",
						    NULL };
		size_t best = 0;
		for (size_t k = 0; ends[k]; k++) {
			size_t el = strlen(ends[k]);
			for (size_t i = cut; i >= el && i > max / 2; i--)
				if (memcmp(s + i - el, ends[k], el) == 0) {
					if (i > best)
						best = i;
					break;
				}
		}
		if (best)
			return best;
	}
	for (size_t i = cut; i > max / 2; i--)
		if (s[i] == ' ')
			return i;
	return cut;
}

/* Drops, in place, every character textclass.h calls unsafe (a tab
 * becomes a space, a newline a space or nothing as break_vanishes() says),
 * warning once. */
static void clean_controls(struct importer *im, char *s, unsigned line)
{
	char *start = s;
	while (*s >= 0x20 && *s < 0x7f)
		s++; /* printable ASCII needs no decoding */
	char *w = s;
	bool dropped = false;
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t c;
		int k = utf8_decode(&c, (const uint8_t *)s + i, n - i);
		if (k < 1)
			k = 1; /* the importer checked the UTF-8: not reached */
		if (c == '\n') {
			ucs4_t pc = 0, nc = 0;
			if (w > start)
				u8_prev(&pc, (const uint8_t *)w, (const uint8_t *)start);
			if (i + 1 < n)
				u8_mbtouc(&nc, (const uint8_t *)s + i + 1, n - i - 1);
			if (!break_vanishes(pc, nc))
				*w++ = ' ';
		} else if (c == '\t') {
			*w++ = ' ';
		} else if (text_unsafe(c)) {
			dropped = true;
		} else {
			memmove(w, s + i, (size_t)k);
			w += k;
		}
		i += (size_t)k;
	}
	*w = '\0';
	if (dropped)
		warn(im, line, "control characters dropped");
}

/* Writes "key = value", quoting the value when ';', '#', a leading quote
 * or space, or a trailing backslash would be misread. */
static void put_kv(struct importer *im, struct strbuf *b, const char *key, const char *v,
		   unsigned line)
{
	size_t e = strlen(v);
	while (e && (v[e - 1] == ' ' || v[e - 1] == '\t'))
		e--; /* the INI reader trims them before it looks for a '\\' */
	bool need = strpbrk(v, ";#") || v[0] == '"' || v[0] == '\'' || v[0] == ' ' ||
		    (e && v[e - 1] == '\\');
	strbuf_adds(b, key);
	strbuf_adds(b, " = ");
	if (!need) {
		strbuf_adds(b, v);
	} else if (!strchr(v, '"') || !strchr(v, '\'')) {
		const char *q = strchr(v, '"') ? "'" : "\"";
		strbuf_adds(b, q);
		strbuf_adds(b, v);
		strbuf_adds(b, q);
	} else {
		warn(im, line, "a value with both kinds of quotes: '\"' written as '＂'");
		strbuf_addc(b, '"');
		for (const char *p = v; *p; p++)
			if (*p == '"')
				strbuf_adds(b, "＂");
			else
				strbuf_addc(b, *p);
		strbuf_addc(b, '"');
	}
	strbuf_addc(b, '\n');
}

/* Writes a value that must fit on one line: cut when too long. */
static void put_short(struct importer *im, struct strbuf *b, const char *key, char *v,
		      unsigned line)
{
	clean_controls(im, v, line);
	size_t n = strlen(v);
	if (n > VALUE_MAX) {
		size_t cut = cut_point(v, n, VALUE_MAX, false);
		warn(im, line, "'%s' cut to %zu of its %zu bytes (the line limit is 1022)", key,
		     cut, n);
		v[cut] = '\0';
	}
	put_kv(im, b, key, v, line);
}

/* Writes a paragraph as one or more numbered keys of kind base; *num is
 * the next number to use. */
static void put_long(struct importer *im, struct strbuf *b, const char *base, unsigned *num,
		     char *v, unsigned line)
{
	clean_controls(im, v, line);
	size_t n = strlen(v);
	const char *p = v;
	unsigned parts = 0;
	while (n) {
		size_t cut = cut_point(p, n, VALUE_MAX, true);
		char *part = trim_dup(p, cut);
		char key[32];
		snprintf(key, sizeof key, "%s.%u", base, (*num)++);
		put_kv(im, b, key, part, line);
		free(part);
		p += cut;
		n -= cut;
		while (n && *p == ' ') {
			p++;
			n--;
		}
		parts++;
	}
	if (parts > 1)
		warn(im, line, "%s of %zu bytes split into %u '%s' keys (the line limit is 1022)",
		     strcmp(base, "note") == 0 ? "note" : "paragraph", strlen(v), parts, base);
}

/* An id from a title: lower-case ASCII words joined by '-', at most 32
 * bytes; "" when the title has no ASCII letters or digits. */
static char *slug(const char *title)
{
	struct strbuf b = { 0 };
	bool dash = false;
	for (const char *p = title; *p && b.len < 32; p++) {
		unsigned char c = (unsigned char)*p;
		if (isalnum(c) && c < 0x80) {
			if (dash && b.len)
				strbuf_addc(&b, '-');
			strbuf_addc(&b, (char)tolower(c));
			dash = false;
		} else if (c != '\'') {
			dash = true;
		}
	}
	return strbuf_take(&b);
}

/* Gives slide i an id unique among slides 0..i. ids holds the ids of slides
 * 0..i-1 and "deck", each with the first number worth trying when it is the
 * base of a new id ("intro" -> "intro-2", "intro-3", ...): ids are only
 * ever added, so the numbers below it stay taken and none is tried twice. */
static void make_id(struct importer *im, struct smap *ids, size_t i)
{
	struct islide *s = &im->slides[i];
	if (s->id && !smap_get(ids, s->id, strlen(s->id))) {
		smap_put(ids, s->id, strlen(s->id), 2);
		return;
	}
	if (s->id)
		warn(im, s->line, "slide id '%s' used twice; a new one is made", s->id);
	char *base = s->id ? xstrdup(s->id) : slug(s->title);
	if (!*base) {
		free(base);
		base = xasprintf("slide-%zu", i + 1);
	}
	char *id = base;
	size_t *next = smap_get(ids, base, strlen(base));
	if (next) {
		unsigned k = (unsigned)*next;
		for (;; k++) {
			id = xasprintf("%s-%u", base, k);
			if (!smap_get(ids, id, strlen(id)))
				break;
			free(id);
		}
		*next = (size_t)k + 1;
		free(base);
	}
	free(s->id);
	s->id = id;
	smap_put(ids, id, strlen(id), 2);
}

static void write_slide(struct importer *im, struct strbuf *b, struct islide *s)
{
	strbuf_printf(b, "\n[%s]\n", s->id);
	put_short(im, b, "title", s->title, s->title_line);
	if (s->subtitle)
		put_short(im, b, "subtitle", s->subtitle, s->title_line);
	if (s->title_layout)
		strbuf_adds(b, "layout = title\n");
	if (s->time)
		strbuf_printf(b, "time = %s\n", s->time);
	if (s->backup)
		strbuf_adds(b, "backup = yes\n");
	unsigned num[sizeof kind_keys / sizeof kind_keys[0]];
	for (size_t k = 0; k < sizeof num / sizeof num[0]; k++)
		num[k] = 1;
	for (size_t i = 0; i < s->nitems; i++) {
		struct iitem *it = &s->items[i];
		const char *base = kind_keys[it->kind];
		if (it->kind == K_CODE) {
			char key[32];
			snprintf(key, sizeof key, "text.%u", num[K_TEXT]++);
			put_short(im, b, key, it->value, it->line);
			continue;
		}
		if (it->kind == K_TEXT) {
			put_long(im, b, base, &num[it->kind], it->value, it->line);
			continue;
		}
		char key[32];
		snprintf(key, sizeof key, "%s.%u", base, num[it->kind]++);
		if (it->kind == K_PAUSE)
			strbuf_printf(b, "%s =\n", key);
		else
			put_short(im, b, key, it->value, it->line);
	}
	unsigned nn = 1;
	for (size_t i = 0; i < s->nnotes; i++)
		put_long(im, b, "note", &nn, s->notes[i].text, s->notes[i].line);
}

/* Cleans a string of control characters and trims it in place. */
static void clean_trim(struct importer *im, char *v, unsigned line)
{
	clean_controls(im, v, line);
	size_t a = 0, n = strlen(v);
	while (a < n && v[a] == ' ')
		a++;
	while (n > a && v[n - 1] == ' ')
		n--;
	memmove(v, v + a, n - a);
	v[n - a] = '\0';
}

/* Removes control characters everywhere, then whatever that left empty:
 * an empty title or subtitle is unset, an empty item or note dropped, a
 * figure or quote without text dropped, a bar without label named '?'. */
static void clean_slide(struct importer *im, struct islide *s)
{
	if (s->title) {
		clean_trim(im, s->title, s->title_line);
		if (!*s->title) {
			free(s->title);
			s->title = NULL;
		}
	}
	if (s->subtitle) {
		clean_trim(im, s->subtitle, s->title_line);
		if (!*s->subtitle) {
			free(s->subtitle);
			s->subtitle = NULL;
		}
	}
	size_t j = 0;
	for (size_t i = 0; i < s->nitems; i++) {
		struct iitem it = s->items[i];
		if (it.kind == K_CODE) {
			clean_controls(im, it.value, it.line); /* leading spaces stay */
			size_t e = strlen(it.value);
			while (e && it.value[e - 1] == ' ')
				it.value[--e] = '\0';
		} else {
			clean_trim(im, it.value, it.line);
		}
		bool headless = it.value[0] == '|';
		if (headless && it.kind == K_BAR) {
			char *v = xasprintf("?%s", it.value);
			free(it.value);
			it.value = v;
		} else if (headless && (it.kind == K_FIGURE || it.kind == K_QUOTE)) {
			warn(im, it.line, "%s without text dropped",
			     it.kind == K_FIGURE ? "figure" : "quote");
			free(it.value);
			continue;
		} else if (!*it.value && it.kind == K_CHART) {
			free(it.value);
			it.value = xstrdup("Chart");
		} else if (!*it.value && it.kind != K_PAUSE) {
			free(it.value);
			continue;
		}
		s->items[j++] = it;
	}
	s->nitems = j;
	j = 0;
	for (size_t i = 0; i < s->nnotes; i++) {
		clean_trim(im, s->notes[i].text, s->notes[i].line);
		if (*s->notes[i].text)
			s->notes[j++] = s->notes[i];
		else
			free(s->notes[i].text);
	}
	s->nnotes = j;
}

/* Drops pauses that reveal nothing (leading, trailing or doubled). */
static void tidy_pauses(struct islide *s)
{
	size_t j = 0;
	bool content = false;
	for (size_t i = 0; i < s->nitems; i++) {
		struct iitem *it = &s->items[i];
		bool drop = it->kind == K_PAUSE &&
			    (!content || (j && s->items[j - 1].kind == K_PAUSE));
		if (drop) {
			free(it->value);
			continue;
		}
		content = true;
		s->items[j++] = *it;
	}
	while (j && s->items[j - 1].kind == K_PAUSE)
		free(s->items[--j].value);
	s->nitems = j;
}

static char *write_ini(struct importer *im)
{
	struct strbuf b = { 0 };
	strbuf_printf(&b, "; converted from %s by lectern import\n", im->name);
	bool any = false;
	for (int k = 0; k < META_COUNT; k++)
		any |= im->meta[k] != NULL;
	if (any) {
		strbuf_adds(&b, "\n[deck]\n");
		for (int k = 0; k < META_COUNT; k++)
			if (im->meta[k])
				put_short(im, &b, meta_keys[k], im->meta[k], im->meta_line[k]);
	}
	struct smap ids = { 0 }; /* keys: the slides' ids, alive until the end */
	smap_put(&ids, "deck", 4, 2);
	for (size_t i = 0; i < im->nslides; i++) {
		struct islide *s = &im->slides[i];
		clean_slide(im, s);
		if (!s->title) {
			s->title = xasprintf("Slide %zu", i + 1);
			s->title_line = s->line;
			warn(im, s->line, "slide without a heading; called '%s'", s->title);
		}
		tidy_pauses(s);
		make_id(im, &ids, i);
	}
	smap_release(&ids);
	for (size_t i = 0; i < im->nslides; i++)
		write_slide(im, &b, &im->slides[i]);
	return strbuf_take(&b);
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
				if (title && im.nslides > before)
					im.slides[im.nslides - 1].title_layout = true;
				a = i;
				title = i < im.nlines && sep[i] == START_TITLE;
			}
	}
	free(sep);
	if (im.nslides == 0) {
		diag_add(diags, name, 0, 0, SEV_ERROR, "no slides found");
		goto done;
	}
	ini = write_ini(&im);
	sort_diags(diags, first_diag);
done:
	for (size_t i = 0; i < im.nslides; i++)
		free_slide(&im.slides[i]);
	free(im.slides);
	for (int k = 0; k < META_COUNT; k++)
		free(im.meta[k]);
	free(im.lines);
	free(im.centred);
	return ini;
}
