/* Key map: the action tables generated from ACTION_LIST, key names, and the
 * default {key, action} table that config files edit. */
#include "keymap.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "xalloc.h"

struct action_info {
	const char *name;
	enum keyctx ctx;
	bool remote;
	const char *help;
};

/* The values of ACTION_LIST's where column. */
#define ACTION_WHERE_REMOTE true
#define ACTION_WHERE_LOCAL false

static const struct action_info actions[ACTION_COUNT] = {
	[ACTION_NONE] = { "none", KEYCTX_GLOBAL, false, "" },
#define INFO(e, name, ctx, where, help) [ACTION_##e] = { name, ctx, ACTION_WHERE_##where, help },
	ACTION_LIST(INFO)
#undef INFO
};

static const char *const keysym_names[KEYSYM_COUNT] = { [KEYSYM_NONE] = "None",
							[KEYSYM_CHAR] = "Char",
#define NAME(e, name) [KEYSYM_##e] = name,
							KEYSYM_LIST(NAME)
#undef NAME
};

const char *action_name(enum action a)
{
	return (unsigned)a < ACTION_COUNT ? actions[a].name : "none";
}

const char *action_help(enum action a)
{
	return (unsigned)a < ACTION_COUNT ? actions[a].help : "";
}

enum keyctx action_context(enum action a)
{
	return (unsigned)a < ACTION_COUNT ? actions[a].ctx : KEYCTX_GLOBAL;
}

bool action_remote(enum action a)
{
	return (unsigned)a < ACTION_COUNT && actions[a].remote;
}

enum action action_from_name(const char *name)
{
	for (int a = 1; a < ACTION_COUNT; a++)
		if (strcmp(actions[a].name, name) == 0)
			return (enum action)a;
	return ACTION_NONE;
}

char *action_help_line(enum action a)
{
	return xasprintf("%s [%s]", action_help(a), action_name(a));
}

char *action_names_text(void)
{
	size_t len = 1;
	for (int a = 1; a < ACTION_COUNT; a++)
		len += strlen(actions[a].name) + 2;
	char *s = xmalloc(len);
	s[0] = '\0';
	for (int a = 1; a < ACTION_COUNT; a++) {
		if (a > 1)
			strcat(s, ", ");
		strcat(s, actions[a].name);
	}
	return s;
}

bool key_equal(struct key a, struct key b)
{
	return a.sym == b.sym && a.ch == b.ch;
}

bool key_is_ctrl_c(struct key k)
{
	return k.sym == KEYSYM_CHAR && k.ch == 3;
}

/* Decodes one UTF-8 character spanning exactly len bytes; -1 otherwise. */
static long utf8_single(const unsigned char *s, size_t len)
{
	if (len == 1)
		return s[0] < 0x80 ? s[0] : -1;
	size_t need = s[0] >= 0xf0 && s[0] < 0xf5 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 ? 2 : 0;
	if (need != len || s[0] >= 0xf5)
		return -1;
	long c = s[0] & (0x7f >> len);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		c = (c << 6) | (s[i] & 0x3f);
	}
	static const long min[5] = { 0, 0, 0x80, 0x800, 0x10000 };
	if (c < min[len] || c > 0x10ffff || (c >= 0xd800 && c < 0xe000))
		return -1;
	return c;
}

int key_parse(const char *name, size_t len, struct key *out)
{
	if (len == 0)
		return -1;
	long c = utf8_single((const unsigned char *)name, len);
	if (c >= 0x20 && c != 0x7f) {
		*out = key_char((uint32_t)c);
		return 0;
	}
	for (int s = KEYSYM_CHAR + 1; s < KEYSYM_COUNT; s++)
		if (strlen(keysym_names[s]) == len &&
		    strncasecmp(keysym_names[s], name, len) == 0) {
			*out = key_sym((enum keysym)s);
			return 0;
		}
	if (len == 5 && strncasecmp(name, "space", 5) == 0) {
		*out = key_char(' ');
		return 0;
	}
	if (len == 5 && strncasecmp(name, "comma", 5) == 0) {
		*out = key_char(',');
		return 0;
	}
	size_t pre = 0;
	if (len == 3 && (strncasecmp(name, "C-", 2) == 0))
		pre = 2;
	else if (len == 6 && strncasecmp(name, "Ctrl-", 5) == 0)
		pre = 5;
	else if (len == 2 && name[0] == '^')
		pre = 1;
	if (pre) {
		char l = name[pre];
		if (l >= 'a' && l <= 'z')
			l = (char)(l - 'a' + 'A');
		if (l >= '@' && l <= '_') {
			*out = key_char((uint32_t)(l - '@'));
			return 0;
		}
	}
	return -1;
}

static void utf8_put(uint32_t c, char *buf)
{
	unsigned char *b = (unsigned char *)buf;
	if (c < 0x80) {
		b[0] = (unsigned char)c;
		b[1] = 0;
	} else if (c < 0x800) {
		b[0] = (unsigned char)(0xc0 | (c >> 6));
		b[1] = (unsigned char)(0x80 | (c & 0x3f));
		b[2] = 0;
	} else if (c < 0x10000) {
		b[0] = (unsigned char)(0xe0 | (c >> 12));
		b[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
		b[2] = (unsigned char)(0x80 | (c & 0x3f));
		b[3] = 0;
	} else {
		b[0] = (unsigned char)(0xf0 | (c >> 18));
		b[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3f));
		b[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
		b[3] = (unsigned char)(0x80 | (c & 0x3f));
		b[4] = 0;
	}
}

void key_format(struct key k, char buf[16])
{
	if (k.sym != KEYSYM_CHAR) {
		const char *n = (unsigned)k.sym < KEYSYM_COUNT ? keysym_names[k.sym] : "None";
		strcpy(buf, n);
	} else if (k.ch == ' ') {
		strcpy(buf, "Space");
	} else if (k.ch == ',') {
		strcpy(buf, "Comma");
	} else if (k.ch < 0x20) {
		buf[0] = 'C';
		buf[1] = '-';
		buf[2] = (char)(k.ch >= 1 && k.ch <= 26 ? 'a' + k.ch - 1 : '@' + k.ch);
		buf[3] = 0;
	} else if (k.ch == 0x7f || k.ch > 0x10ffff) {
		strcpy(buf, "C-?");
	} else {
		utf8_put(k.ch, buf);
	}
}

/* The default table, in the order the help overlay lists keys. */
static const struct {
	enum keysym sym;
	uint32_t ch;
	enum action action;
} defaults[] = {
	{ KEYSYM_RIGHT, 0, ACTION_NEXT },
	{ KEYSYM_CHAR, 'l', ACTION_NEXT },
	{ KEYSYM_CHAR, 'j', ACTION_NEXT },
	{ KEYSYM_DOWN, 0, ACTION_NEXT },
	{ KEYSYM_CHAR, ' ', ACTION_NEXT },
	{ KEYSYM_ENTER, 0, ACTION_NEXT },
	{ KEYSYM_PAGEDOWN, 0, ACTION_NEXT },
	{ KEYSYM_CHAR, 'n', ACTION_NEXT },
	{ KEYSYM_LEFT, 0, ACTION_PREV },
	{ KEYSYM_CHAR, 'h', ACTION_PREV },
	{ KEYSYM_CHAR, 'k', ACTION_PREV },
	{ KEYSYM_UP, 0, ACTION_PREV },
	{ KEYSYM_BACKSPACE, 0, ACTION_PREV },
	{ KEYSYM_PAGEUP, 0, ACTION_PREV },
	{ KEYSYM_CHAR, 'p', ACTION_PREV },
	{ KEYSYM_HOME, 0, ACTION_FIRST },
	{ KEYSYM_CHAR, 'g', ACTION_FIRST },
	{ KEYSYM_END, 0, ACTION_LAST },
	{ KEYSYM_CHAR, 'G', ACTION_LAST },
	{ KEYSYM_CHAR, ':', ACTION_GOTO },
	{ KEYSYM_CHAR, 'o', ACTION_OVERVIEW },
	{ KEYSYM_TAB, 0, ACTION_OVERVIEW },
	{ KEYSYM_CHAR, '/', ACTION_SEARCH },
	{ KEYSYM_CHAR, 's', ACTION_NOTES },
	{ KEYSYM_CHAR, 'P', ACTION_PRESENTER },
	{ KEYSYM_CHAR, 't', ACTION_TIMER },
	{ KEYSYM_CHAR, 'T', ACTION_RESTART },
	{ KEYSYM_CHAR, 'J', ACTION_SCROLL_DOWN },
	{ KEYSYM_WHEELDOWN, 0, ACTION_SCROLL_DOWN },
	{ KEYSYM_CHAR, 'K', ACTION_SCROLL_UP },
	{ KEYSYM_WHEELUP, 0, ACTION_SCROLL_UP },
	{ KEYSYM_CHAR, '<', ACTION_SCROLL_LEFT },
	{ KEYSYM_CHAR, '>', ACTION_SCROLL_RIGHT },
	{ KEYSYM_CHAR, 'b', ACTION_BLACK },
	{ KEYSYM_CHAR, 'w', ACTION_WHITE },
	{ KEYSYM_CHAR, 'c', ACTION_CAPTIONS },
	{ KEYSYM_CHAR, 'r', ACTION_RELOAD },
	{ KEYSYM_CHAR, '?', ACTION_HELP },
	{ KEYSYM_F1, 0, ACTION_HELP },
	{ KEYSYM_CHAR, 'm', ACTION_MESSAGES },
	{ KEYSYM_ESCAPE, 0, ACTION_CLOSE },
	{ KEYSYM_CHAR, 12, ACTION_REDRAW },
	{ KEYSYM_CHAR, 26, ACTION_SUSPEND },
	{ KEYSYM_CHAR, 'q', ACTION_QUIT },
	{ KEYSYM_CHAR, 3, ACTION_QUIT },
	{ KEYSYM_CHAR, 'n', ACTION_SEARCH_NEXT },
	{ KEYSYM_CHAR, 'N', ACTION_SEARCH_PREV },
	{ KEYSYM_ENTER, 0, ACTION_OPEN },
};

static size_t key_hash(struct key k, enum keyctx ctx)
{
	uint64_t h =
		((uint64_t)k.sym * 0x9E3779B97F4A7C15u) ^ ((uint64_t)k.ch << 8) ^ (uint64_t)ctx;
	h ^= h >> 29;
	h *= 0xBF58476D1CE4E5B9u;
	return (size_t)(h ^ (h >> 32));
}

/* The index slot of (k, ctx): the one holding its binding, or the empty
 * one where it would go. The index is never full (nslot > 2 * n). */
static size_t *find_slot(const struct keymap *km, struct key k, enum keyctx ctx)
{
	size_t mask = km->nslot - 1, i = key_hash(k, ctx) & mask;
	for (;; i = (i + 1) & mask) {
		size_t *sl = &km->slot[i];
		if (*sl == 0)
			return sl;
		const struct binding *b = &km->v[*sl - 1];
		if (key_equal(b->key, k) && action_context(b->action) == ctx)
			return sl;
	}
}

/* Drops the bindings taken back and rebuilds the index for room to grow:
 * O(n). */
static void reindex(struct keymap *km)
{
	size_t j = 0;
	for (size_t i = 0; i < km->n; i++)
		if (km->v[i].action != ACTION_NONE)
			km->v[j++] = km->v[i];
	km->n = km->live = j;
	size_t want = 16;
	while (want <= 4 * (j + 1))
		want *= 2;
	free(km->slot);
	km->slot = xcalloc(want, sizeof *km->slot);
	km->nslot = want;
	for (size_t i = 0; i < km->n; i++)
		*find_slot(km, km->v[i].key, action_context(km->v[i].action)) = i + 1;
}

void keymap_init_default(struct keymap *km)
{
	*km = (struct keymap){ 0 };
	reindex(km);
	for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; i++) {
		struct key k = { defaults[i].sym, defaults[i].ch };
		keymap_bind(km, k, defaults[i].action);
	}
}

void keymap_release(struct keymap *km)
{
	free(km->v);
	free(km->slot);
	*km = (struct keymap){ 0 };
}

void keymap_copy(struct keymap *dst, const struct keymap *src)
{
	*dst = (struct keymap){ 0 };
	dst->cap = src->n ? src->n : 1;
	dst->v = xmalloc(dst->cap * sizeof *dst->v);
	memcpy(dst->v, src->v, src->n * sizeof *src->v);
	dst->n = src->n;
	for (size_t i = 0; i < dst->n; i++)
		dst->v[i].line = 0;
	reindex(dst);
}

const struct binding *keymap_binding(const struct keymap *km, struct key k, enum keyctx ctx)
{
	size_t sl = *find_slot(km, k, ctx);
	return sl ? &km->v[sl - 1] : NULL;
}

enum action keymap_lookup(const struct keymap *km, struct key k, enum keyctx ctx)
{
	const struct binding *b = keymap_binding(km, k, ctx);
	if (!b && ctx != KEYCTX_GLOBAL)
		b = keymap_binding(km, k, KEYCTX_GLOBAL);
	return b ? b->action : ACTION_NONE;
}

void keymap_unbind_action(struct keymap *km, enum action a)
{
	for (size_t i = 0; i < km->n; i++)
		if (km->v[i].action == a && !(a == ACTION_QUIT && key_is_ctrl_c(km->v[i].key)))
			km->v[i].action = ACTION_NONE;
	reindex(km);
}

enum action keymap_holder(const struct keymap *km, struct key k, enum keyctx ctx)
{
	const struct binding *b = keymap_binding(km, k, ctx);
	return b ? b->action : ACTION_NONE;
}

int keymap_bind(struct keymap *km, struct key k, enum action a)
{
	return keymap_bind_line(km, k, a, 0);
}

int keymap_bind_line(struct keymap *km, struct key k, enum action a, unsigned line)
{
	if (key_is_ctrl_c(k) && a != ACTION_QUIT)
		return -1;
	enum keyctx ctx = action_context(a);
	size_t *sl = find_slot(km, k, ctx);
	if (*sl) {
		km->v[*sl - 1].action = ACTION_NONE;
		km->live--;
	}
	xgrow((void **)&km->v, &km->cap, km->n + 1, sizeof *km->v);
	km->v[km->n++] = (struct binding){ k, a, line };
	km->live++;
	*sl = km->n;
	if (2 * km->n >= km->nslot || km->n > 2 * km->live + 16)
		reindex(km);
	return 0;
}

char *keymap_keys_text(const struct keymap *km, enum action a)
{
	if (a == ACTION_NONE)
		return xstrdup("");
	size_t cap = 1, len = 0;
	for (size_t i = 0; i < km->n; i++)
		if (km->v[i].action == a)
			cap += 16 + 2;
	char *s = xmalloc(cap);
	s[0] = 0;
	for (size_t i = 0; i < km->n; i++) {
		if (km->v[i].action != a)
			continue;
		char name[16];
		key_format(km->v[i].key, name);
		if (len) {
			memcpy(s + len, ", ", 3);
			len += 2;
		}
		size_t nl = strlen(name);
		memcpy(s + len, name, nl + 1);
		len += nl;
	}
	return s;
}
