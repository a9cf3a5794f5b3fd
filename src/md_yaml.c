/* Markdown import: YAML front matter and scalars (md_internal.h). Only
 * what decks use is read: "key: scalar" lines, block scalars and lists of
 * scalars joined, patat's and presenterm's settings maps. */
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "deck.h"
#include "ini.h"
#include "md_internal.h"
#include "xalloc.h"

/* A line break at s[i] inside a quoted YAML scalar: the blanks around it
 * go, the break stays as '\n' for md_clean_controls() to join; returns the
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
char *md_yaml_scalar(const char *s, size_t n)
{
	md_trim(&s, &n);
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
				md_put_cp(&b, strtoul(hex, NULL, 16));
				i += w;
			} else if (w) {
				/* not an escape: kept as written, so no byte of a
				 * character after it is taken as a digit */
				strbuf_addc(&b, '\\');
				strbuf_addc(&b, e);
			} else if (e == 'n') {
				strbuf_addc(&b, '\n'); /* md_clean_controls() joins the lines */
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

/* ---- front matter ---- */

static void set_meta(struct importer *im, int k, char *v, unsigned line)
{
	free(im->meta[k]);
	im->meta[k] = v;
	im->meta_line[k] = line;
}

void md_front_key(struct importer *im, const char *key, char *val, unsigned line)
{
	static const struct {
		const char *key;
		int meta;
	} map[] = { { "title", META_TITLE },
		    { "subtitle", META_SUBTITLE },
		    { "sub_title", META_SUBTITLE },
		    { "author", META_AUTHOR },
		    { "authors", META_AUTHOR },
		    { "affiliation", META_AFFILIATION },
		    { "institute", META_AFFILIATION },
		    { "event", META_EVENT },
		    { "date", META_DATE },
		    { "language", META_LANGUAGE },
		    { "lang", META_LANGUAGE },
		    { "duration", META_DURATION },
		    { "id", META_ID } };
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
		if (strcmp(map[i].key, key) != 0)
			continue;
		unsigned t;
		int rc = map[i].meta == META_DURATION ? deck_parse_duration(val, &t) : DURATION_OK;
		if (rc != DURATION_OK) {
			char *msg = deck_duration_message("duration", val, rc);
			md_warn(im, line, "%s; dropped", msg);
			free(msg);
			free(val);
		} else if (map[i].meta == META_ID && !ini_valid_id(val)) {
			md_warn(im, line, "deck id '%s' is not an id; dropped", val);
			free(val);
		} else {
			set_meta(im, map[i].meta, val, line);
		}
		return;
	}
	if (strcmp(key, "options") != 0)
		md_warn(im, line, "front matter key '%s' dropped", key);
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
		const char *s = md_skip_ws(l, &n);
		const char *colon = memchr(s, ':', n);
		if (!n || s[0] == '#')
			continue;
		if (!ind)
			ind = md_indent_of(l);
		if (md_indent_of(l) != ind || !colon)
			continue; /* deeper: part of a setting already seen */
		char *k = md_trim_dup(s, (size_t)(colon - s));
		char *v = md_yaml_scalar(colon + 1, (size_t)(s + n - colon - 1));
		if (patat && strcmp(k, "slideLevel") == 0) {
			char *end;
			long lv = strtol(v, &end, 10);
			if (*v && !*end && lv >= 1 && lv <= 6)
				im->slide_level = (unsigned)lv;
			else
				md_warn(im, l->no,
					"patat slideLevel '%s' is not a level from 1 to 6; "
					"ignored",
					v);
		} else if (!patat && strcmp(k, "end_slide_shorthand") == 0) {
			im->end_slide_shorthand = strcmp(v, "true") == 0;
		} else if (patat) {
			md_warn(im, l->no, "patat setting '%s' dropped", k);
		}
		free(k);
		free(v);
	}
}

/* Reads YAML front matter lines [a, b): "key: scalar", with block scalars
 * and lists of scalars joined. */
void md_front_matter(struct importer *im, size_t a, size_t b)
{
	for (size_t i = a; i < b;) {
		const struct line *l = &im->lines[i];
		const char *colon = memchr(l->s, ':', l->n);
		if (md_indent_of(l) > 0 || md_line_blank(l) || !colon || l->s[0] == '#') {
			i++;
			continue;
		}
		char *key = md_trim_dup(l->s, (size_t)(colon - l->s));
		const char *v = colon + 1;
		size_t vn = (size_t)(l->s + l->n - v);
		size_t j = i + 1;
		while (j < b && (md_indent_of(&im->lines[j]) > 0 || md_line_blank(&im->lines[j])))
			j++;
		char *val;
		if (md_is_blank_str(v, vn) ||
		    (vn && (v[vn - 1] == '|' || v[vn - 1] == '>') && md_is_blank_str(v, vn - 1))) {
			bool seq = false, map = false;
			struct strbuf b2 = { 0 };
			for (size_t k = i + 1; k < j; k++) {
				size_t n2;
				const char *s2 = md_skip_ws(&im->lines[k], &n2);
				if (!n2)
					continue;
				if (n2 >= 2 && s2[0] == '-' && s2[1] == ' ') {
					char *item = md_yaml_scalar(s2 + 2, n2 - 2);
					if (b2.len)
						strbuf_adds(&b2, ", ");
					strbuf_adds(&b2, item);
					free(item);
					seq = true;
				} else if (!md_is_blank_str(v, vn)) {
					md_join_line(&b2, s2, n2);
				} else {
					map = true;
				}
			}
			(void)seq;
			if (map && (strcmp(key, "patat") == 0 || strcmp(key, "options") == 0))
				front_settings(im, key, i + 1, j);
			else if (map)
				md_warn(im, l->no, "front matter key '%s' dropped", key);
			if (map) {
				free(b2.s);
				free(key);
				i = j;
				continue;
			}
			val = strbuf_take(&b2);
		} else {
			val = md_yaml_scalar(v, vn);
		}
		if (*val)
			md_front_key(im, key, val, l->no);
		else
			free(val);
		free(key);
		i = j;
	}
}
