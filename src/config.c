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
#include "plan.h"
#include "xalloc.h"

enum cfg_type {
	CFG_BOOL,       /* yes|no (also true|false, on|off, 1|0) */
	CFG_KEYS,       /* every action name of keymap.h = comma-separated key names */
	CFG_THEME_NAME, /* the name of a built-in or user theme */
	CFG_THEME,      /* [theme-NAME]: role names of theme.h = style specs */
	CFG_RATE,       /* a speaking rate per minute, 1 to PLAN_RATE_MAX (plan.h) */
};

struct field {
	const char *section; /* CFG_THEME: the prefix of the section names */
	const char *key;     /* NULL: the section's keys are the action names */
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
	{ "display", "theme", CFG_THEME_NAME, offsetof(struct config, theme), "dark",
	  "the theme: dark, light, high-contrast or the NAME of a [theme-NAME]" },
	{ "speech", "han-per-minute", CFG_RATE, offsetof(struct config, han_per_min), "190",
	  "Chinese (Han characters, kana, Hangul) spoken per minute, for the notes estimate" },
	{ "speech", "words-per-minute", CFG_RATE, offsetof(struct config, words_per_min), "150",
	  "words of other scripts spoken per minute, for the notes estimate" },
	{ "keys", NULL, CFG_KEYS, offsetof(struct config, keys), NULL,
	  "ACTION = KEY, KEY, ...: the keys that trigger an action" },
	{ "theme-", NULL, CFG_THEME, offsetof(struct config, themes), NULL,
	  "ROLE = STYLE: a user theme; base = THEME picks the theme it changes" },
};

#define THEME_PREFIX "theme-"
#define THEME_PREFIX_LEN (sizeof THEME_PREFIX - 1)

#define NFIELDS (sizeof schema / sizeof schema[0])
#define CONFIG_MAX_BYTES (1u << 20)

void config_init(struct config *c)
{
	c->themes = NULL;
	c->nthemes = 0;
	c->han_set = c->words_set = false;
	for (size_t i = 0; i < NFIELDS; i++) {
		void *p = (char *)c + schema[i].offset;
		if (schema[i].type == CFG_BOOL) {
			bool b = false;
			if (ini_parse_bool(schema[i].def, &b) != 0)
				bug("bad default in the config schema");
			*(bool *)p = b;
		} else if (schema[i].type == CFG_THEME_NAME) {
			snprintf(p, THEME_NAME_MAX, "%s", schema[i].def);
		} else if (schema[i].type == CFG_KEYS) {
			keymap_init_default(p);
		} else if (schema[i].type == CFG_RATE) {
			*(unsigned *)p = (unsigned)strtoul(schema[i].def, NULL, 10);
		}
	}
}

void config_release(struct config *c)
{
	keymap_release(&c->keys);
	free(c->themes);
	c->themes = NULL;
	c->nthemes = 0;
}

static const struct theme *user_theme(const struct config *c, const char *name)
{
	for (size_t i = 0; i < c->nthemes; i++)
		if (strcmp(c->themes[i].name, name) == 0)
			return &c->themes[i];
	return NULL;
}

const struct theme *config_theme(const struct config *c, const char *name, struct theme *buf)
{
	const struct theme *t = user_theme(c, name);
	return t ? t : theme_builtin_find(name, buf);
}

/* Every theme name into a new NULL-terminated array (borrowing the names). */
static const char **theme_name_list(const struct config *c)
{
	size_t nb = theme_builtin_count();
	const char **v = xmalloc((nb + c->nthemes + 1) * sizeof *v);
	size_t n = 0;
	for (size_t i = 0; i < nb; i++)
		v[n++] = theme_builtin_name(i);
	for (size_t i = 0; i < c->nthemes; i++)
		v[n++] = c->themes[i].name;
	v[n] = NULL;
	return v;
}

const char *config_theme_closest(const struct config *c, const char *name)
{
	const char **v = theme_name_list(c);
	const char *best = ini_closest(name, v);
	free(v);
	return best;
}

char *config_theme_names(const struct config *c)
{
	const char **v = theme_name_list(c);
	size_t len = 1;
	for (size_t i = 0; v[i]; i++)
		len += strlen(v[i]) + 2;
	char *out = xmalloc(len);
	out[0] = '\0';
	for (size_t i = 0; v[i]; i++) {
		if (i)
			strcat(out, ", ");
		strcat(out, v[i]);
	}
	free(v);
	return out;
}

static const struct field *schema_section(const char *name);

bool config_text_is_config(const char *bytes, size_t len)
{
	const char *p = bytes, *end = bytes + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		while (p < le && ini_is_space((unsigned char)*p))
			p++;
		if (p < le && *p == '[') {
			p++;
			while (p < le && ini_is_space((unsigned char)*p))
				p++;
			const char *q = p;
			while (q < le && *q != ']' && !ini_is_space((unsigned char)*q))
				q++;
			char name[32];
			size_t n = (size_t)(q - p) < sizeof name - 1 ? (size_t)(q - p)
								     : sizeof name - 1;
			for (size_t i = 0; i < n; i++)
				name[i] = (char)(p[i] >= 'A' && p[i] <= 'Z' ? p[i] - 'A' + 'a'
									    : p[i]);
			name[n] = '\0';
			return schema_section(name) != NULL;
		}
		p = nl ? nl + 1 : end;
	}
	return false;
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
	const struct ini_key *theme_key; /* [display] theme, checked at the end */
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

/* What [keys] took from each action, for the warning about an action left
 * without any key: the entry that did it, and the action it gave the last
 * key to (ACTION_NONE: the action's own entry unbound it). */
struct key_loss {
	const struct ini_key *entry;
	enum action to;
	struct key key;
};

static void bind_keys(struct loader *l, struct config *c, const struct ini_key *e,
		      struct key_loss *loss)
{
	enum action a = action_from_name(e->name);
	if (a == ACTION_NONE) {
		const char *s = closest_action(e->name);
		char *all = action_names_text();
		if (s)
			report(l, e->line, e->col,
			       "unknown action '%s' (did you mean '%s'?); the actions are %s",
			       e->name, s, all);
		else
			report(l, e->line, e->col, "unknown action '%s'; the actions are %s",
			       e->name, all);
		free(all);
		return;
	}
	keymap_unbind_action(&c->keys, a);
	loss[a] = (struct key_loss){ e, ACTION_NONE, { KEYSYM_NONE, 0 } };
	const char *v = e->value;
	unsigned vcol = e->vcol + (e->quoted ? 1 : 0);
	size_t i = 0, vl = strlen(v), at = 0;
	unsigned at_col = 1; /* ini_column(v, at), kept as i moves on: one pass */
	while (i <= vl) {
		size_t j = i;
		while (j < vl && v[j] != ',')
			j++;
		size_t a0 = i, b0 = j;
		while (a0 < b0 && ini_is_space(v[a0]))
			a0++;
		while (b0 > a0 && ini_is_space(v[b0 - 1]))
			b0--;
		at_col += ini_column(v + at, a0 - at) - 1;
		at = a0;
		unsigned col = vcol + at_col - 1;
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
			const struct binding *was = keymap_binding(&c->keys, k, action_context(a));
			enum action from = was ? was->action : ACTION_NONE;
			bool twice = was && was->line;
			if (twice) {
				char kn[16];
				key_format(k, kn);
				report(l, e->line, col,
				       "key '%s' is already bound to '%s' on line %u", kn,
				       action_name(was->action), was->line);
			}
			if (keymap_bind_line(&c->keys, k, a, e->line) != 0) {
				report(l, e->line, col,
				       "C-c always quits; it cannot be bound to '%s'",
				       action_name(a));
			} else {
				if (twice && from != ACTION_NONE)
					loss[from].entry = NULL; /* the error says it */
				else if (from != ACTION_NONE && from != a)
					loss[from] = (struct key_loss){ e, a, k };
			}
		}
		i = j + 1;
	}
}

static const struct field *schema_section(const char *name)
{
	for (size_t f = 0; f < NFIELDS; f++) {
		if (schema[f].type == CFG_THEME) {
			if (strncmp(name, schema[f].section, strlen(schema[f].section)) == 0)
				return &schema[f];
		} else if (strcmp(schema[f].section, name) == 0) {
			return &schema[f];
		}
	}
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
	if (strncmp(s->name, "them", 4) == 0 || (near && strcmp(near, THEME_PREFIX) == 0))
		report(l, s->line, s->col,
		       "unknown section '[%s]' (did you mean '[theme-%s]'? themes are "
		       "sections '[theme-NAME]')",
		       s->name, strchr(s->name, '-') ? strchr(s->name, '-') + 1 : "NAME");
	else if (near)
		report(l, s->line, s->col, "unknown section '[%s]' (did you mean '[%s]'?)", s->name,
		       near);
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
	if (fd->type == CFG_THEME_NAME) {
		if (strlen(e->value) >= THEME_NAME_MAX || !e->value[0])
			report(l, e->line, e->vcol, "invalid theme name '%s'", e->value);
		else
			snprintf((char *)c + fd->offset, THEME_NAME_MAX, "%s", e->value);
		l->theme_key = e;
		return;
	}
	if (fd->type == CFG_RATE) {
		char *end;
		const char *v = e->value;
		unsigned long r = strtoul(v, &end, 10);
		if (*v < '0' || *v > '9' || *end || r < 1 || r > PLAN_RATE_MAX)
			report(l, e->line, e->vcol,
			       "invalid value '%s' for '%s' (expected a number from 1 to %u per "
			       "minute)",
			       v, e->name, PLAN_RATE_MAX);
		else {
			*(unsigned *)((char *)c + fd->offset) = (unsigned)r;
			if (fd->offset == offsetof(struct config, han_per_min))
				c->han_set = true;
			else
				c->words_set = true;
		}
		return;
	}
	bool b;
	if (ini_parse_bool(e->value, &b) != 0)
		report(l, e->line, e->vcol, "invalid value '%s' for '%s' (expected yes or no)",
		       e->value, e->name);
	else
		*(bool *)((char *)c + fd->offset) = b;
}

/* The key of a theme section that is no role: the closest role name (or
 * base) for the message. */
static void unknown_role(struct loader *l, const struct ini_key *e)
{
	const char *names[STYLE_COUNT + 2];
	size_t n = 0;
	for (int s = 0; s < STYLE_COUNT; s++)
		names[n++] = theme_role_name((enum style)s);
	names[n++] = "base";
	names[n] = NULL;
	const char *near = ini_closest(e->name, names);
	if (near)
		report(l, e->line, e->col, "unknown theme role '%s' (did you mean '%s'?)", e->name,
		       near);
	else
		report(l, e->line, e->col,
		       "unknown theme role '%s' (roles are the names listed in lectern(1), "
		       "THEMES)",
		       e->name);
}

/* The theme a [theme-NAME] section starts from: its base key (a built-in
 * theme or a user theme defined before), else dark. */
static void theme_base(struct loader *l, const struct config *c, const struct ini_section *s,
		       struct theme *out)
{
	theme_builtin(0, out);
	for (size_t k = 0; k < s->nkeys; k++) {
		const struct ini_key *e = &s->keys[k];
		if (strcmp(e->name, "base") != 0)
			continue;
		struct theme buf;
		const struct theme *b = config_theme(c, e->value, &buf);
		if (b) {
			*out = *b;
			continue;
		}
		const char *near = config_theme_closest(c, e->value);
		char *all = config_theme_names(c);
		if (near)
			report(l, e->line, e->vcol, "unknown base theme '%s' (did you mean '%s'?)",
			       e->value, near);
		else
			report(l, e->line, e->vcol, "unknown base theme '%s' (there are %s)",
			       e->value, all);
		free(all);
	}
}

/* A [theme-NAME] section: a new user theme in c. */
static void read_theme(struct loader *l, struct config *c, const struct ini_section *s)
{
	const char *name = s->name + THEME_PREFIX_LEN;
	struct theme scratch;
	if (!name[0]) {
		report(l, s->line, s->col, "a theme section needs a name: '[theme-NAME]'");
		return;
	}
	if (strlen(name) >= THEME_NAME_MAX) {
		report(l, s->line, s->col, "theme name '%s' is too long (at most %d bytes)", name,
		       THEME_NAME_MAX - 1);
		return;
	}
	if (theme_builtin_find(name, &scratch)) {
		report(l, s->line, s->col,
		       "theme '%s' is built in: give yours another name and 'base = %s'", name,
		       name);
		return;
	}
	struct theme t;
	theme_base(l, c, s, &t);
	snprintf(t.name, sizeof t.name, "%s", name);
	for (size_t k = 0; k < s->nkeys; k++) {
		const struct ini_key *e = &s->keys[k];
		if (strcmp(e->name, "base") == 0)
			continue;
		int role = theme_role_from_name(e->name);
		if (role < 0) {
			unknown_role(l, e);
			continue;
		}
		struct theme_where w = { l->path, e->line, e->vcol + (e->quoted ? 1 : 0) };
		struct theme_style st;
		if (theme_parse_style(e->value, &st, &w, l->diags) == 0) {
			t.color[role] = st;
			t.mono[role] = theme_mono_of(&st);
		}
	}
	struct theme *old = (struct theme *)user_theme(c, name);
	if (old) {
		*old = t;
		return;
	}
	c->themes = xrealloc(c->themes, (c->nthemes + 1) * sizeof *c->themes);
	c->themes[c->nthemes++] = t;
}

/* [display] theme names a theme that exists (user themes may come after
 * it in the file). */
static void check_theme_name(struct loader *l, const struct config *c)
{
	const struct ini_key *e = l->theme_key;
	struct theme buf;
	if (!e || config_theme(c, c->theme, &buf))
		return;
	const char *near = config_theme_closest(c, e->value);
	char *all = config_theme_names(c);
	if (near)
		report(l, e->line, e->vcol, "unknown theme '%s' (did you mean '%s'?)", e->value,
		       near);
	else
		report(l, e->line, e->vcol, "unknown theme '%s' (there are %s)", e->value, all);
	free(all);
}

/* Warns about each action [keys] left without any key: nothing could
 * trigger it. */
static void check_unbound(struct loader *l, const struct config *c, const struct key_loss *loss)
{
	for (int a = 1; a < ACTION_COUNT; a++) {
		const struct key_loss *x = &loss[a];
		if (!x->entry)
			continue;
		char *keys = keymap_keys_text(&c->keys, (enum action)a);
		if (!keys[0]) {
			char kn[16];
			key_format(x->key, kn);
			if (x->to == ACTION_NONE)
				diag_add(l->diags, l->path, x->entry->line, x->entry->col,
					 SEV_WARNING,
					 "action '%s' is left without any key; nothing can "
					 "trigger it",
					 action_name((enum action)a));
			else
				diag_add(l->diags, l->path, x->entry->line, x->entry->col,
					 SEV_WARNING,
					 "action '%s' is left without any key: its last, '%s', "
					 "is given to '%s' here",
					 action_name((enum action)a), kn, action_name(x->to));
		}
		free(keys);
	}
}

static void validate(struct loader *l, const struct ini_file *f, struct config *c)
{
	struct key_loss loss[ACTION_COUNT] = { { 0 } };
	for (size_t i = 0; i < f->nsecs; i++) {
		const struct ini_section *s = &f->secs[i];
		const struct field *sec = schema_section(s->name);
		if (!sec) {
			unknown_section(l, s);
			continue;
		}
		if (sec->type == CFG_THEME) {
			read_theme(l, c, s);
			continue;
		}
		for (size_t k = 0; k < s->nkeys; k++) {
			if (sec->type == CFG_KEYS)
				bind_keys(l, c, &s->keys[k], loss);
			else
				set_field(l, c, s, &s->keys[k]);
		}
	}
	check_unbound(l, c, loss);
	check_theme_name(l, c);
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
	int rc = config_load_buffer(c, path, buf, len, diags);
	free(buf);
	return rc;
}

int config_load_buffer(struct config *c, const char *path, const char *buf, size_t len,
		       struct diag_list *diags)
{
	struct arena arena;
	arena_init(&arena);
	struct ini_file f;
	struct loader l = { path, diags, NULL };
	size_t errors0 = diags->nerrors;
	struct config tmp = *c;
	keymap_copy(&tmp.keys, &c->keys);
	tmp.themes = NULL;
	if (c->nthemes) {
		tmp.themes = xmalloc(c->nthemes * sizeof *c->themes);
		memcpy(tmp.themes, c->themes, c->nthemes * sizeof *c->themes);
	}
	/* a file with errors is validated as far as it could be read, so that
	 * every problem is reported at once */
	if (ini_parse(&f, path, buf, len, &arena, diags) == 0 || f.partial)
		validate(&l, &f, &tmp);
	ini_release(&f);
	int rc = diags->nerrors == errors0 ? 0 : -1;
	if (rc == 0) {
		config_release(c);
		*c = tmp;
	} else {
		config_release(&tmp);
	}
	arena_release(&arena);
	return rc;
}
