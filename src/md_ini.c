/* Markdown import: the model written as INI text (md_internal.h). */
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "md_internal.h"
#include "smap.h"
#include "textclass.h"
#include "utf8.h"
#include "xalloc.h"

static const char *const kind_keys[K_COUNT] = { "text", "bullet", "sub",   "figure", "chart",
						"bar",  "scale",  "quote", "pause",  "code",
						"line", "table",  "row",   "agenda" };

static const char *const meta_keys[META_COUNT] = { "title",       "subtitle", "author",
						   "affiliation", "event",    "date",
						   "language",    "duration", "id" };

enum { VALUE_MAX = MD_VALUE_MAX };

/* How many of the n bytes of s fit in a value of VALUE_MAX bytes as
 * put_kv() may write it: a '"' may become the 3-byte '＂' there, so it
 * counts 3. */
static size_t value_room(const char *s, size_t n)
{
	size_t cost = 0, i = 0;
	for (; i < n; i++) {
		cost += s[i] == '"' ? 3 : 1;
		if (cost > VALUE_MAX)
			break;
	}
	return i;
}

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
		static const char *const ends[] = { ". ", "。", "！", "？", "! ",
						    "? ", "；", "; ", NULL };
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
 * becomes a space, a newline a space or nothing as md_break_vanishes() says),
 * warning once. */
static void clean_controls(struct importer *im, char *s, unsigned line, bool keep_tab)
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
			if (!md_break_vanishes(pc, nc))
				*w++ = ' ';
		} else if (c == '\t') {
			*w++ = keep_tab ? '\t' : ' ';
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
		md_warn(im, line, "control characters dropped");
}

void md_clean_controls(struct importer *im, char *s, unsigned line)
{
	clean_controls(im, s, line, false);
}

void md_clean_code(struct importer *im, char *s, unsigned line)
{
	clean_controls(im, s, line, true);
}

/* Accounts the INI lines of b written since the last call to Markdown
 * line `line` (im->inimap). Linear in the INI text over all calls. */
static void map_lines(struct importer *im, const struct strbuf *b, unsigned line)
{
	for (size_t i = im->inimap_scanned; i < b->len; i++)
		if (b->s[i] == '\n') {
			xgrow((void **)&im->inimap, &im->inimapcap, im->ninimap + 1,
			      sizeof *im->inimap);
			im->inimap[im->ninimap++] = line;
		}
	im->inimap_scanned = b->len;
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
	strbuf_adds(b, *v ? " = " : " =");
	if (!need) {
		strbuf_adds(b, v);
	} else if (!strchr(v, '"') || !strchr(v, '\'')) {
		const char *q = strchr(v, '"') ? "'" : "\"";
		strbuf_adds(b, q);
		strbuf_adds(b, v);
		strbuf_adds(b, q);
	} else {
		md_warn(im, line, "a value with both kinds of quotes: '\"' written as '＂'");
		strbuf_addc(b, '"');
		for (const char *p = v; *p; p++)
			if (*p == '"')
				strbuf_adds(b, "＂");
			else
				strbuf_addc(b, *p);
		strbuf_addc(b, '"');
	}
	strbuf_addc(b, '\n');
	map_lines(im, b, line);
}

/* Writes a line of code as "key = |line", verbatim (docs/deck-format.md):
 * cut when too long; a '\' at its end, which the INI reader would take for
 * a continuation, is dropped with a warning. */
static void put_code_line(struct importer *im, struct strbuf *b, const char *key, char *v,
			  unsigned line)
{
	md_clean_code(im, v, line);
	size_t n = strlen(v);
	if (n > VALUE_MAX) {
		size_t cut = cut_point(v, n, VALUE_MAX, false);
		md_warn(im, line, "code line cut to %zu of its %zu bytes (the line limit is 1022)",
			cut, n);
		n = cut;
	}
	size_t e = n, dropped = 0;
	for (;;) {
		while (e && (v[e - 1] == ' ' || v[e - 1] == '\t'))
			e--;
		if (!e || v[e - 1] != '\\')
			break;
		e--;
		dropped++;
	}
	if (dropped)
		md_warn(im, line,
			"'\\' at the end of a code line dropped (an INI line cannot end in "
			"one)");
	v[e] = '\0';
	strbuf_printf(b, "%s = |%s\n", key, v);
	map_lines(im, b, line);
}

/* Writes a value that must fit on one line: cut when too long. */
static void put_short(struct importer *im, struct strbuf *b, const char *key, char *v,
		      unsigned line)
{
	md_clean_controls(im, v, line);
	size_t n = strlen(v);
	size_t room = value_room(v, n);
	if (room < n) {
		size_t cut = cut_point(v, n, room, false);
		md_warn(im, line, "'%s' cut to %zu of its %zu bytes (the line limit is 1022)", key,
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
	md_clean_controls(im, v, line);
	size_t n = strlen(v);
	const char *p = v;
	unsigned parts = 0;
	while (n) {
		size_t cut = cut_point(p, n, value_room(p, n), true);
		char *part = md_trim_dup(p, cut);
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
		md_warn(im, line,
			"%s of %zu bytes split into %u '%s' keys (the line limit is 1022)",
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
		md_warn(im, s->line, "slide id '%s' used twice; a new one is made", s->id);
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
	static const char *const layouts[] = { "default", "title", "section", "top" };
	strbuf_printf(b, "\n[%s]\n", s->id);
	map_lines(im, b, s->line);
	put_short(im, b, "title", s->title, s->title_line);
	if (s->subtitle)
		put_short(im, b, "subtitle", s->subtitle, s->title_line);
	if (s->section)
		put_short(im, b, "section", s->section, s->section_line);
	if (s->layout != IL_DEFAULT)
		strbuf_printf(b, "layout = %s\n", layouts[s->layout]);
	if (s->time)
		strbuf_printf(b, "time = %s\n", s->time);
	if (s->backup)
		strbuf_adds(b, "backup = yes\n");
	map_lines(im, b, s->line);
	unsigned num[K_COUNT];
	for (size_t k = 0; k < K_COUNT; k++)
		num[k] = 1;
	for (size_t i = 0; i < s->nitems; i++) {
		struct iitem *it = &s->items[i];
		const char *base = kind_keys[it->kind];
		if (it->kind == K_TEXT) {
			put_long(im, b, base, &num[it->kind], it->value, it->line);
			continue;
		}
		char key[32];
		snprintf(key, sizeof key, "%s.%u", base, num[it->kind]++);
		if (it->kind == K_PAUSE || it->kind == K_AGENDA) {
			strbuf_printf(b, "%s =\n", key);
			map_lines(im, b, it->line);
		} else if (it->kind == K_LINE) {
			put_code_line(im, b, key, it->value, it->line);
		} else {
			put_short(im, b, key, it->value, it->line);
		}
	}
	unsigned nn = 1;
	for (size_t i = 0; i < s->nnotes; i++)
		put_long(im, b, "note", &nn, s->notes[i].text, s->notes[i].line);
}

/* Cleans a string of control characters and trims it in place. */
static void clean_trim(struct importer *im, char *v, unsigned line)
{
	md_clean_controls(im, v, line);
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
	if (s->section) {
		clean_trim(im, s->section, s->section_line);
		if (!*s->section) {
			free(s->section);
			s->section = NULL;
		}
	}
	size_t j = 0;
	for (size_t i = 0; i < s->nitems; i++) {
		struct iitem it = s->items[i];
		if (it.kind == K_LINE) {
			s->items[j++] = it; /* put_code_line() cleans it */
			continue;
		}
		clean_trim(im, it.value, it.line);
		bool headless = it.value[0] == '|';
		if (headless && it.kind == K_BAR) {
			char *v = xasprintf("?%s", it.value);
			free(it.value);
			it.value = v;
		} else if (headless && (it.kind == K_FIGURE || it.kind == K_QUOTE)) {
			md_warn(im, it.line, "%s without text dropped",
				it.kind == K_FIGURE ? "figure" : "quote");
			free(it.value);
			continue;
		} else if (!*it.value && it.kind == K_CHART) {
			free(it.value);
			it.value = xstrdup("Chart");
		} else if (!*it.value && it.kind != K_PAUSE && it.kind != K_CODE &&
			   it.kind != K_AGENDA && it.kind != K_TABLE && it.kind != K_ROW) {
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
		bool drop =
			it->kind == K_PAUSE && (!content || (j && s->items[j - 1].kind == K_PAUSE));
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

char *md_write_ini(struct importer *im)
{
	struct strbuf b = { 0 };
	/* the name sanitised and on one line: a byte of it that is not UTF-8
	 * would make the deck unloadable, a newline would start an INI line */
	strbuf_adds(&b, "; converted from ");
	text_sanitize(&b, im->name, strlen(im->name), 0);
	strbuf_adds(&b, " by lectern import\n");
	map_lines(im, &b, 0);
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
			md_warn(im, s->line, "slide without a heading; called '%s'", s->title);
		}
		tidy_pauses(s);
		make_id(im, &ids, i);
	}
	smap_release(&ids);
	for (size_t i = 0; i < im->nslides; i++)
		write_slide(im, &b, &im->slides[i]);
	map_lines(im, &b, 0);
	return strbuf_take(&b);
}
