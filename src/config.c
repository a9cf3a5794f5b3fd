/* The user config file. ini.c reads it (with iniparser, every trap of the
 * format reported with its line and column, exactly as for decks); this
 * module walks the sections and keys against the schema table, validating
 * each value into a copy of the config, which replaces the caller's only
 * when no error was found. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "ini.h"
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

void config_init(struct config *c)
{
	for (size_t i = 0; i < NFIELDS; i++) {
		void *p = (char *)c + schema[i].offset;
		if (schema[i].type == CFG_BOOL) {
			bool b = false;
			if (ini_parse_bool(schema[i].def, &b) != 0)
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

/* ---- helpers for the messages ---- */

struct loader {
	const char *path;
	struct diag_list *diags;
};

static void report(struct loader *l, unsigned line, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void report(struct loader *l, unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vadd(l->diags, l->path, line, col, SEV_ERROR, fmt, ap);
	va_end(ap);
}

static int is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* The closest action name to word, or NULL. */
static const char *closest_action(const char *word)
{
	const char *names[ACTION_COUNT + 1];
	size_t n = 0;
	for (int a = 1; a < ACTION_COUNT; a++)
		names[n++] = action_name((enum action)a);
	names[n] = NULL;
	return ini_closest(word, names);
}

/* The special key name closest to name, copied into out; false when none is
 * close enough. */
static bool suggest_key(const char *name, char out[16])
{
	char bufs[KEYSYM_COUNT][16];
	const char *names[KEYSYM_COUNT + 1];
	size_t n = 0;
	for (int sym = KEYSYM_CHAR; sym < KEYSYM_COUNT; sym++) {
		if (sym == KEYSYM_CHAR)
			strcpy(bufs[n], "Space");
		else
			key_format(key_sym((enum keysym)sym), bufs[n]);
		names[n] = bufs[n];
		n++;
	}
	names[n] = NULL;
	const char *best = ini_closest(name, names);
	if (best)
		snprintf(out, 16, "%s", best);
	return best != NULL;
}

/* ---- pass 3: validate against the schema ---- */

struct pending_key {
	struct key key;
	enum action action;
	unsigned line;
};

static void bind_keys(struct loader *l, struct config *c, const struct ini_key *e,
		      struct pending_key **pk, size_t *npk, size_t *pkcap)
{
	enum action a = action_from_name(e->name);
	if (a == ACTION_NONE) {
		const char *s = closest_action(e->name);
		if (s)
			report(l, e->line, e->col, "unknown action '%s' (did you mean '%s'?)",
			       e->name, s);
		else
			report(l, e->line, e->col, "unknown action '%s'", e->name);
		return;
	}
	keymap_unbind_action(&c->keys, a);
	const char *v = e->value;
	unsigned vcol = e->vcol + (e->quoted ? 1 : 0);
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
		unsigned col = vcol + ini_column(v, a0) - 1;
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

static const struct field *schema_section(const char *name)
{
	for (size_t f = 0; f < NFIELDS; f++)
		if (strcmp(schema[f].section, name) == 0)
			return &schema[f];
	return NULL;
}

static void unknown_section(struct loader *l, const struct ini_section *s)
{
	const char *names[NFIELDS + 1];
	size_t n = 0;
	for (size_t f = 0; f < NFIELDS; f++)
		if (f == 0 || strcmp(schema[f].section, schema[f - 1].section) != 0)
			names[n++] = schema[f].section;
	names[n] = NULL;
	const char *near = ini_closest(s->name, names);
	if (near)
		report(l, s->line, s->col, "unknown section '[%s]' (did you mean '[%s]'?)",
		       s->name, near);
	else
		report(l, s->line, s->col, "unknown section '[%s]'", s->name);
}

static void set_field(struct loader *l, struct config *c, const struct ini_section *s,
		      const struct ini_key *e)
{
	const char *names[NFIELDS + 1];
	size_t n = 0;
	const struct field *fd = NULL;
	for (size_t f = 0; f < NFIELDS; f++) {
		if (strcmp(schema[f].section, s->name) != 0 || !schema[f].key)
			continue;
		names[n++] = schema[f].key;
		if (strcmp(schema[f].key, e->name) == 0)
			fd = &schema[f];
	}
	names[n] = NULL;
	if (!fd) {
		const char *near = ini_closest(e->name, names);
		if (near)
			report(l, e->line, e->col, "unknown key '%s' (did you mean '%s'?)", e->name,
			       near);
		else
			report(l, e->line, e->col, "unknown key '%s' in section '[%s]'", e->name,
			       s->name);
		return;
	}
	bool b;
	if (ini_parse_bool(e->value, &b) != 0)
		report(l, e->line, e->vcol, "invalid value '%s' for '%s' (expected yes or no)",
		       e->value, e->name);
	else
		*(bool *)((char *)c + fd->offset) = b;
}

static void validate(struct loader *l, const struct ini_file *f, struct config *c)
{
	struct pending_key *pk = NULL;
	size_t npk = 0, pkcap = 0;
	for (size_t i = 0; i < f->nsecs; i++) {
		const struct ini_section *s = &f->secs[i];
		const struct field *sec = schema_section(s->name);
		if (!sec) {
			unknown_section(l, s);
			continue;
		}
		for (size_t k = 0; k < s->nkeys; k++) {
			if (sec->type == CFG_KEYS)
				bind_keys(l, c, &s->keys[k], &pk, &npk, &pkcap);
			else
				set_field(l, c, s, &s->keys[k]);
		}
	}
	free(pk);
}

int config_load(struct config *c, const char *path, struct diag_list *diags)
{
	struct stat st;
	if (stat(path, &st) != 0 && errno == ENOENT)
		return 0;
	size_t len = 0;
	char *buf = ini_read_file(path, CONFIG_MAX_BYTES, &len, diags);
	if (!buf)
		return -1;
	struct arena arena;
	arena_init(&arena);
	struct ini_file f;
	struct loader l = { path, diags };
	size_t errors0 = diags->nerrors;
	struct config tmp = *c;
	tmp.keys.v = xmalloc((c->keys.n ? c->keys.n : 1) * sizeof *c->keys.v);
	memcpy(tmp.keys.v, c->keys.v, c->keys.n * sizeof *c->keys.v);
	tmp.keys.cap = c->keys.n ? c->keys.n : 1;
	if (ini_parse(&f, path, buf, len, &arena, diags) == 0) {
		validate(&l, &f, &tmp);
		ini_release(&f);
	}
	int rc = diags->nerrors == errors0 ? 0 : -1;
	if (rc == 0) {
		keymap_release(&c->keys);
		*c = tmp;
	} else {
		keymap_release(&tmp.keys);
	}
	arena_release(&arena);
	free(buf);
	return rc;
}
