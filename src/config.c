/* The user config file. Loading is three passes:
 * 1. scan the raw bytes line by line, recording every section and key with
 *    its line and column (iniparser keeps no positions) and reporting what
 *    iniparser would reject or silently merge: bad lines, over-long lines,
 *    invalid UTF-8, keys before any section, duplicates;
 * 2. only when the scan is clean, let iniparser read the values, with its
 *    error printer silenced, and attach them to the scanned keys;
 * 3. walk the scanned keys against the schema table, validating each value
 *    into a copy of the config, which replaces the caller's only when no
 *    error was found. */
#include "config.h"

#include <errno.h>
#include <iniparser/iniparser.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistr.h>

#include "xalloc.h"

enum cfg_type {
	CFG_BOOL, /* yes|no (also true|false, on|off, 1|0) */
	CFG_KEYS, /* every action name of keymap.h = comma-separated key names */
};

struct field {
	const char *section;
	const char *key; /* NULL: the section's keys are the action names */
	enum cfg_type type;
	size_t offset; /* into struct config */
	const char *def;
	const char *help;
};

static const struct field schema[] = {
	{ "display", "clock", CFG_BOOL, offsetof(struct config, clock), "no",
	  "show the wall clock in the status line" },
	{ "display", "color", CFG_BOOL, offsetof(struct config, color), "yes",
	  "use colours; no means attributes only, as with NO_COLOR" },
	{ "keys", NULL, CFG_KEYS, offsetof(struct config, keys), NULL,
	  "ACTION = KEY, KEY, ...: the keys that trigger an action" },
};

#define NFIELDS (sizeof schema / sizeof schema[0])
#define CONFIG_MAX_BYTES (1u << 20)
#define LINE_MAX_BYTES 1022

static int parse_bool(const char *v, bool *out)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(v, yes[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcasecmp(v, no[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	return -1;
}

void config_init(struct config *c)
{
	for (size_t i = 0; i < NFIELDS; i++) {
		void *p = (char *)c + schema[i].offset;
		if (schema[i].type == CFG_BOOL) {
			bool b = false;
			if (parse_bool(schema[i].def, &b) != 0)
				bug("bad default in the config schema");
			*(bool *)p = b;
		} else {
			keymap_init_default(p);
		}
	}
}

void config_release(struct config *c)
{
	keymap_release(&c->keys);
}

char *config_default_path(const char *xdg, const char *home)
{
	if (xdg && xdg[0] == '/')
		return xasprintf("%s/lectern/config.ini", xdg);
	if (home && home[0])
		return xasprintf("%s/.config/lectern/config.ini", home);
	return NULL;
}

/* ---- pass 1: scan ---- */

struct entry {
	char *section; /* lower case */
	char *key;     /* lower case; NULL for the section header itself */
	unsigned line, col;
	const char *raw;     /* the physical line in the file buffer */
	size_t value_off;    /* byte offset of the value in raw */
	const char *value;   /* from iniparser; NULL until pass 2 */
};

struct loader {
	const char *path;
	struct diag_list *diags;
	struct entry *v;
	size_t n, cap;
};

/* Column (characters from 1) of byte offset off in line. */
static unsigned char_col(const char *line, size_t off)
{
	unsigned col = 1;
	for (size_t i = 0; i < off; i++)
		col += ((unsigned char)line[i] & 0xc0) != 0x80;
	return col;
}

static void report(struct loader *l, unsigned line, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void report(struct loader *l, unsigned line, unsigned col, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	diag_add(l->diags, l->path, line, col, SEV_ERROR, "%s", msg);
}

static char *lower_dup(const char *s, size_t n)
{
	char *d = xstrndup(s, n);
	for (char *p = d; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return d;
}

static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 64 || lb > 64)
		return 64;
	size_t row[65];
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t cost = (a[i - 1] | 0x20) == (b[j - 1] | 0x20) ? 0 : 1;
			size_t best = diag + cost;
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

/* The closest of n candidates (got through name(i)) to word, or NULL when
 * none is close enough to suggest. */
static const char *closest(const char *word, const char *(*name)(size_t), size_t n)
{
	const char *best = NULL;
	size_t bestd = 3, wl = strlen(word);
	for (size_t i = 0; i < n; i++) {
		const char *c = name(i);
		if (!c)
			continue;
		size_t d = edit_distance(word, c);
		if (d < bestd && d < wl) {
			best = c;
			bestd = d;
		}
	}
	return best;
}

static const char *section_name(size_t i)
{
	if (i >= NFIELDS || (i > 0 && strcmp(schema[i].section, schema[i - 1].section) == 0))
		return NULL;
	return schema[i].section;
}

static const char *action_name_at(size_t i)
{
	return i >= 1 && i < ACTION_COUNT ? action_name((enum action)i) : NULL;
}

/* The special key name closest to name, copied into out; false when none is
 * close enough. */
static bool suggest_key(const char *name, char out[16])
{
	size_t bestd = 3, nl = strlen(name);
	for (int sym = KEYSYM_CHAR; sym < KEYSYM_COUNT; sym++) {
		char buf[16];
		if (sym == KEYSYM_CHAR)
			strcpy(buf, "Space");
		else
			key_format(key_sym((enum keysym)sym), buf);
		size_t d = edit_distance(name, buf);
		if (d < bestd && d < nl) {
			bestd = d;
			strcpy(out, buf);
		}
	}
	return bestd < 3;
}

static struct entry *add_entry(struct loader *l)
{
	xgrow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v);
	struct entry *e = &l->v[l->n++];
	memset(e, 0, sizeof *e);
	return e;
}

static const struct entry *find_entry(const struct loader *l, const char *sec, const char *key)
{
	for (size_t i = 0; i < l->n; i++) {
		const struct entry *e = &l->v[i];
		if (strcmp(e->section, sec) == 0 &&
		    ((!key && !e->key) || (key && e->key && strcmp(e->key, key) == 0)))
			return e;
	}
	return NULL;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

static void scan_line(struct loader *l, const char *line, size_t len, unsigned lineno,
		      char **section)
{
	size_t i = 0;
	while (i < len && is_space(line[i]))
		i++;
	if (i == len || line[i] == ';' || line[i] == '#')
		return;
	if (line[i] == '[') {
		const char *close = memchr(line + i, ']', len - i);
		if (!close) {
			report(l, lineno, char_col(line, i), "missing ']' after the section name");
			return;
		}
		size_t a = i + 1, b = (size_t)(close - line);
		while (a < b && is_space(line[a]))
			a++;
		while (b > a && is_space(line[b - 1]))
			b--;
		size_t after = (size_t)(close - line) + 1;
		while (after < len && is_space(line[after]))
			after++;
		if (after < len) {
			report(l, lineno, char_col(line, after), "text after ']'");
			return;
		}
		if (a == b) {
			report(l, lineno, char_col(line, i), "empty section name");
			return;
		}
		char *name = lower_dup(line + a, b - a);
		const struct entry *dup = find_entry(l, name, NULL);
		if (dup) {
			report(l, lineno, char_col(line, i),
			       "section '[%s]' written twice (first on line %u)", name, dup->line);
			free(name);
			return;
		}
		struct entry *e = add_entry(l);
		e->section = name;
		e->line = lineno;
		e->col = char_col(line, a);
		e->raw = line;
		free(*section);
		*section = xstrdup(name);
		return;
	}
	const char *eq = memchr(line + i, '=', len - i);
	if (!eq) {
		report(l, lineno, char_col(line, i),
		       "expected 'key = value', '[section]' or a comment");
		return;
	}
	size_t b = (size_t)(eq - line);
	while (b > i && is_space(line[b - 1]))
		b--;
	if (b == i) {
		report(l, lineno, char_col(line, i), "missing key name before '='");
		return;
	}
	if (!*section) {
		report(l, lineno, char_col(line, i), "key before the first section");
		return;
	}
	char *key = lower_dup(line + i, b - i);
	const struct entry *dup = find_entry(l, *section, key);
	if (dup) {
		report(l, lineno, char_col(line, i), "key '%s' written twice (first on line %u)",
		       key, dup->line);
		free(key);
		return;
	}
	size_t v = (size_t)(eq - line) + 1;
	while (v < len && is_space(line[v]))
		v++;
	struct entry *e = add_entry(l);
	e->section = xstrdup(*section);
	e->key = key;
	e->line = lineno;
	e->col = char_col(line, i);
	e->raw = line;
	e->value_off = v;
}

static void scan(struct loader *l, const char *buf, size_t len)
{
	char *section = NULL;
	unsigned lineno = 0;
	bool cont = false;
	for (size_t pos = 0; pos < len;) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - buf) : len;
		const char *line = buf + pos;
		size_t n = end - pos;
		lineno++;
		pos = end + 1;
		if (n && line[n - 1] == '\r')
			n--;
		if (n > LINE_MAX_BYTES) {
			report(l, lineno, 0, "line is %zu bytes long (at most %u)", n,
			       LINE_MAX_BYTES);
			cont = false;
			continue;
		}
		const uint8_t *bad = u8_check((const uint8_t *)line, n);
		if (bad) {
			report(l, lineno, char_col(line, (size_t)((const char *)bad - line)),
			       "invalid UTF-8");
			continue;
		}
		if (memchr(line, '\0', n)) {
			report(l, lineno, 0, "NUL byte in the line");
			continue;
		}
		if (lineno == 1 && n >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0) {
			report(l, 1, 1, "byte order mark at the start of the file");
			continue;
		}
		bool was_cont = cont;
		cont = n && line[n - 1] == '\\';
		if (!was_cont)
			scan_line(l, line, n, lineno, &section);
	}
	free(section);
}

/* ---- pass 2: values from iniparser ---- */

static int ini_silent(const char *fmt, ...)
{
	(void)fmt;
	return 0;
}

static int read_values(struct loader *l)
{
	iniparser_set_error_callback(ini_silent);
	dictionary *d = iniparser_load(l->path);
	if (!d) {
		report(l, 0, 0, "the INI reader refused the file");
		return -1;
	}
	for (int i = 0; i < d->n; i++) {
		const char *k = d->key[i];
		const char *colon = k ? strchr(k, ':') : NULL;
		if (!colon)
			continue;
		char *sec = xstrndup(k, (size_t)(colon - k));
		const struct entry *e = find_entry(l, sec, colon + 1);
		free(sec);
		if (e)
			l->v[e - l->v].value = xstrdup(d->val[i] ? d->val[i] : "");
	}
	iniparser_freedict(d);
	return 0;
}

/* ---- pass 3: validate against the schema ---- */

struct pending_key {
	struct key key;
	enum action action;
	unsigned line;
};

static void bind_keys(struct loader *l, struct config *c, const struct entry *e,
		      struct pending_key **pk, size_t *npk, size_t *pkcap)
{
	enum action a = action_from_name(e->key);
	if (a == ACTION_NONE) {
		const char *s = closest(e->key, action_name_at, ACTION_COUNT);
		if (s)
			report(l, e->line, e->col, "unknown action '%s' (did you mean '%s'?)",
			       e->key, s);
		else
			report(l, e->line, e->col, "unknown action '%s'", e->key);
		return;
	}
	keymap_unbind_action(&c->keys, a);
	const char *v = e->value;
	size_t raw_off = e->value_off;
	if (e->raw[raw_off] == '"' || e->raw[raw_off] == '\'')
		raw_off++;
	size_t i = 0, vl = strlen(v);
	while (i <= vl) {
		size_t j = i;
		while (j < vl && v[j] != ',')
			j++;
		size_t a0 = i, b0 = j;
		while (a0 < b0 && is_space(v[a0]))
			a0++;
		while (b0 > a0 && is_space(v[b0 - 1]))
			b0--;
		unsigned col = char_col(e->raw, raw_off + a0);
		struct key k;
		if (a0 == b0) {
			if (vl > 0)
				report(l, e->line, col, "empty key name in the list");
		} else if (key_parse(v + a0, b0 - a0, &k) != 0) {
			char *name = xstrndup(v + a0, b0 - a0);
			char sug[16];
			if (suggest_key(name, sug))
				report(l, e->line, col,
				       "unknown key name '%s' (did you mean '%s'?)", name, sug);
			else
				report(l, e->line, col, "unknown key name '%s'", name);
			free(name);
		} else {
			for (size_t p = 0; p < *npk; p++) {
				const struct pending_key *q = &(*pk)[p];
				if (key_equal(q->key, k) &&
				    action_context(q->action) == action_context(a)) {
					char kn[16];
					key_format(k, kn);
					report(l, e->line, col,
					       "key '%s' is already bound to '%s' on line %u", kn,
					       action_name(q->action), q->line);
				}
			}
			xgrow((void **)pk, pkcap, *npk + 1, sizeof **pk);
			(*pk)[(*npk)++] = (struct pending_key){ k, a, e->line };
			keymap_bind(&c->keys, k, a);
		}
		i = j + 1;
	}
}

static void validate(struct loader *l, struct config *c)
{
	struct pending_key *pk = NULL;
	size_t npk = 0, pkcap = 0;
	for (size_t i = 0; i < l->n; i++) {
		const struct entry *e = &l->v[i];
		const struct field *sec = NULL;
		for (size_t f = 0; f < NFIELDS && !sec; f++)
			if (strcmp(schema[f].section, e->section) == 0)
				sec = &schema[f];
		if (!sec) {
			if (!e->key) {
				const char *s = closest(e->section, section_name, NFIELDS);
				if (s)
					report(l, e->line, e->col,
					       "unknown section '[%s]' (did you mean '[%s]'?)",
					       e->section, s);
				else
					report(l, e->line, e->col, "unknown section '[%s]'",
					       e->section);
			}
			continue;
		}
		if (!e->key)
			continue;
		if (!e->value) {
			report(l, e->line, e->col, "the INI reader lost key '%s'", e->key);
			continue;
		}
		if (sec->type == CFG_KEYS) {
			bind_keys(l, c, e, &pk, &npk, &pkcap);
			continue;
		}
		const struct field *fd = NULL;
		for (size_t f = 0; f < NFIELDS && !fd; f++)
			if (strcmp(schema[f].section, e->section) == 0 && schema[f].key &&
			    strcmp(schema[f].key, e->key) == 0)
				fd = &schema[f];
		if (!fd) {
			const char *best = NULL;
			size_t bestd = 3;
			for (size_t f = 0; f < NFIELDS; f++) {
				if (strcmp(schema[f].section, e->section) != 0 || !schema[f].key)
					continue;
				size_t dd = edit_distance(e->key, schema[f].key);
				if (dd < bestd && dd < strlen(e->key)) {
					bestd = dd;
					best = schema[f].key;
				}
			}
			if (best)
				report(l, e->line, e->col, "unknown key '%s' (did you mean '%s'?)",
				       e->key, best);
			else
				report(l, e->line, e->col, "unknown key '%s' in section '[%s]'",
				       e->key, e->section);
			continue;
		}
		bool b;
		if (parse_bool(e->value, &b) != 0)
			report(l, e->line, char_col(e->raw, e->value_off),
			       "invalid value '%s' for '%s' (expected yes or no)", e->value, e->key);
		else
			*(bool *)((char *)c + fd->offset) = b;
	}
	free(pk);
}

static char *read_file(const char *path, size_t *len, struct diag_list *diags, int *missing)
{
	*missing = 0;
	FILE *f = fopen(path, "rb");
	if (!f) {
		if (errno == ENOENT)
			*missing = 1;
		else
			diag_add(diags, path, 0, 0, SEV_ERROR, "cannot open: %s", strerror(errno));
		return NULL;
	}
	char *buf = xmalloc(CONFIG_MAX_BYTES + 1);
	size_t n = fread(buf, 1, CONFIG_MAX_BYTES + 1, f);
	int err = ferror(f) ? errno : 0;
	fclose(f);
	if (err) {
		diag_add(diags, path, 0, 0, SEV_ERROR, "cannot read: %s", strerror(err));
		free(buf);
		return NULL;
	}
	if (n > CONFIG_MAX_BYTES) {
		diag_add(diags, path, 0, 0, SEV_ERROR, "file is larger than %u bytes",
			 CONFIG_MAX_BYTES);
		free(buf);
		return NULL;
	}
	buf[n] = 0;
	*len = n;
	return buf;
}

int config_load(struct config *c, const char *path, struct diag_list *diags)
{
	size_t len = 0;
	int missing;
	char *buf = read_file(path, &len, diags, &missing);
	if (!buf)
		return missing ? 0 : -1;
	struct loader l = { path, diags, NULL, 0, 0 };
	size_t errors0 = diags->nerrors;
	scan(&l, buf, len);
	if (diags->nerrors == errors0)
		read_values(&l);
	struct config tmp = *c;
	tmp.keys.v = xmalloc((c->keys.n ? c->keys.n : 1) * sizeof *c->keys.v);
	memcpy(tmp.keys.v, c->keys.v, c->keys.n * sizeof *c->keys.v);
	tmp.keys.cap = c->keys.n ? c->keys.n : 1;
	if (diags->nerrors == errors0)
		validate(&l, &tmp);
	int rc = diags->nerrors == errors0 ? 0 : -1;
	if (rc == 0) {
		keymap_release(&c->keys);
		*c = tmp;
	} else {
		keymap_release(&tmp.keys);
	}
	for (size_t i = 0; i < l.n; i++) {
		free(l.v[i].section);
		free(l.v[i].key);
		free((char *)l.v[i].value);
	}
	free(l.v);
	free(buf);
	return rc;
}
