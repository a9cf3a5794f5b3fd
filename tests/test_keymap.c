/* Key map: the generated action tables, key names, the default table of the
 * issue's key set, contexts and rebinding. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keymap.h"
#include "tap.h"

static struct keymap km;

static struct key k(const char *name)
{
	struct key out = { KEYSYM_NONE, 0 };
	if (key_parse(name, strlen(name), &out) != 0)
		printf("# cannot parse key '%s'\n", name);
	return out;
}

static void expect(const char *keys, enum action a, enum keyctx ctx)
{
	char *copy = strdup(keys), *save = NULL;
	for (char *t = strtok_r(copy, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
		char what[96];
		snprintf(what, sizeof what, "'%s' is %s", t, action_name(a));
		is_int(keymap_lookup(&km, k(t), ctx), a, what);
	}
	free(copy);
}

static void test_tables(void)
{
	for (int a = 1; a < ACTION_COUNT; a++) {
		const char *name = action_name((enum action)a);
		char what[96];
		snprintf(what, sizeof what, "action %d has a name, help and keys (%s)", a, name);
		char *keys = keymap_keys_text(&km, (enum action)a);
		ok(name[0] && action_help((enum action)a)[0] && keys[0], what);
		free(keys);
		snprintf(what, sizeof what, "'%s' names its action", name);
		is_int(action_from_name(name), a, what);
		for (int b = 1; b < a; b++)
			if (strcmp(name, action_name((enum action)b)) == 0)
				ok(0, "action names are unique");
	}
	is_int(action_from_name("bogus"), ACTION_NONE, "unknown name");
	is_str(action_name(ACTION_NONE), "none", "ACTION_NONE name");
	int dups = 0;
	for (size_t i = 0; i < km.n; i++)
		for (size_t j = 0; j < i; j++)
			if (key_equal(km.v[i].key, km.v[j].key) &&
			    action_context(km.v[i].action) == action_context(km.v[j].action))
				dups++;
	is_int(dups, 0, "no key is bound twice in one context");
	is_int(action_context(ACTION_SEARCH_NEXT), KEYCTX_SEARCH, "search-next context");
	is_int(action_context(ACTION_OPEN), KEYCTX_OVERVIEW, "open context");
}

static void test_defaults(void)
{
	expect("Right l j Down Space Enter PageDown n", ACTION_NEXT, KEYCTX_GLOBAL);
	expect("Left h k Up Backspace PageUp p", ACTION_PREV, KEYCTX_GLOBAL);
	expect("Home g", ACTION_FIRST, KEYCTX_GLOBAL);
	expect("End G", ACTION_LAST, KEYCTX_GLOBAL);
	expect(":", ACTION_GOTO, KEYCTX_GLOBAL);
	expect("o Tab", ACTION_OVERVIEW, KEYCTX_GLOBAL);
	expect("/", ACTION_SEARCH, KEYCTX_GLOBAL);
	expect("s", ACTION_NOTES, KEYCTX_GLOBAL);
	expect("P", ACTION_PRESENTER, KEYCTX_GLOBAL);
	expect("t", ACTION_TIMER, KEYCTX_GLOBAL);
	expect("T", ACTION_RESTART, KEYCTX_GLOBAL);
	expect("J WheelDown", ACTION_SCROLL_DOWN, KEYCTX_GLOBAL);
	expect("K WheelUp", ACTION_SCROLL_UP, KEYCTX_GLOBAL);
	expect("<", ACTION_SCROLL_LEFT, KEYCTX_GLOBAL);
	expect(">", ACTION_SCROLL_RIGHT, KEYCTX_GLOBAL);
	expect("b", ACTION_BLACK, KEYCTX_GLOBAL);
	expect("w", ACTION_WHITE, KEYCTX_GLOBAL);
	expect("r", ACTION_RELOAD, KEYCTX_GLOBAL);
	expect("q C-c", ACTION_QUIT, KEYCTX_GLOBAL);
	expect("? F1", ACTION_HELP, KEYCTX_GLOBAL);
	expect("Escape", ACTION_CLOSE, KEYCTX_GLOBAL);
	expect("C-z", ACTION_SUSPEND, KEYCTX_GLOBAL);
	expect("C-l", ACTION_REDRAW, KEYCTX_GLOBAL);
	expect("N x 5", ACTION_NONE, KEYCTX_GLOBAL);
	expect("n", ACTION_SEARCH_NEXT, KEYCTX_SEARCH);
	expect("N", ACTION_SEARCH_PREV, KEYCTX_SEARCH);
	expect("l Space", ACTION_NEXT, KEYCTX_SEARCH);
	expect("Enter", ACTION_OPEN, KEYCTX_OVERVIEW);
	expect("j Down", ACTION_NEXT, KEYCTX_OVERVIEW);
	expect("Escape", ACTION_CLOSE, KEYCTX_OVERVIEW);
	char *t = keymap_keys_text(&km, ACTION_NEXT);
	is_str(t, "Right, l, j, Down, Space, Enter, PageDown, n", "keys of next in table order");
	free(t);
}

static void test_key_names(void)
{
	struct key out;
	for (int s = KEYSYM_CHAR + 1; s < KEYSYM_COUNT; s++) {
		char buf[16];
		key_format(key_sym((enum keysym)s), buf);
		char what[64];
		snprintf(what, sizeof what, "'%s' parses back", buf);
		ok(key_parse(buf, strlen(buf), &out) == 0 && out.sym == (enum keysym)s, what);
	}
	ok(key_parse("pagedown", 8, &out) == 0 && out.sym == KEYSYM_PAGEDOWN,
	   "names are case-insensitive");
	ok(key_parse("C-c", 3, &out) == 0 && key_equal(out, key_char(3)), "C-c");
	ok(key_parse("Ctrl-C", 6, &out) == 0 && key_equal(out, key_char(3)), "Ctrl-C");
	ok(key_parse("^C", 2, &out) == 0 && key_equal(out, key_char(3)), "^C");
	ok(key_parse("space", 5, &out) == 0 && key_equal(out, key_char(' ')), "space");
	ok(key_parse("Comma", 5, &out) == 0 && key_equal(out, key_char(',')), "Comma");
	ok(key_parse("中", strlen("中"), &out) == 0 && key_equal(out, key_char(0x4e2d)),
	   "a Chinese character");
	ok(key_parse("G", 1, &out) == 0 && key_equal(out, key_char('G')), "letters keep case");
	is_int(key_parse("xyz", 3, &out), -1, "not a key");
	is_int(key_parse("", 0, &out), -1, "empty");
	is_int(key_parse("\xff", 1, &out), -1, "invalid UTF-8");
	/* overlong forms of each length, at the largest value they can hide */
	is_int(key_parse("\xc1\xbf", 2, &out), -1, "overlong 2-byte U+007F");
	is_int(key_parse("\xe0\x9f\xbf", 3, &out), -1, "overlong 3-byte U+07FF");
	is_int(key_parse("\xf0\x8f\xbf\xbf", 4, &out), -1, "overlong 4-byte U+FFFF");
	ok(key_parse("\xf0\x90\x80\x80", 4, &out) == 0 && key_equal(out, key_char(0x10000)),
	   "U+10000 is a key");
	is_int(key_parse("\xed\xa0\x80", 3, &out), -1, "a surrogate");
	is_int(key_parse("\xf4\x90\x80\x80", 4, &out), -1, "above U+10FFFF");
	is_int(key_parse("C-", 2, &out), -1, "C- alone");
	char buf[16];
	key_format(key_char(3), buf);
	is_str(buf, "C-c", "format Ctrl-C");
	key_format(key_char(' '), buf);
	is_str(buf, "Space", "format Space");
	key_format(key_char(0x4e2d), buf);
	is_str(buf, "中", "format a Chinese character");
	key_format(key_char(0x1f600), buf);
	is_str(buf, "\xf0\x9f\x98\x80", "format a 4-byte character");
}

static void test_rebind(void)
{
	struct keymap m;
	keymap_init_default(&m);
	keymap_bind(&m, key_char('j'), ACTION_QUIT);
	is_int(keymap_lookup(&m, key_char('j'), KEYCTX_GLOBAL), ACTION_QUIT, "j rebound to quit");
	char *t = keymap_keys_text(&m, ACTION_NEXT);
	is_str(t, "Right, l, Down, Space, Enter, PageDown, n", "and taken from next");
	free(t);
	keymap_bind(&m, key_char('n'), ACTION_SEARCH_PREV);
	is_int(keymap_lookup(&m, key_char('n'), KEYCTX_SEARCH), ACTION_SEARCH_PREV,
	       "a search key rebinds within its context");
	is_int(keymap_lookup(&m, key_char('n'), KEYCTX_GLOBAL), ACTION_NEXT,
	       "leaving the global n alone");
	keymap_unbind_action(&m, ACTION_NEXT);
	t = keymap_keys_text(&m, ACTION_NEXT);
	is_str(t, "", "unbind removes every key of an action");
	free(t);
	keymap_unbind_action(&m, ACTION_QUIT);
	t = keymap_keys_text(&m, ACTION_QUIT);
	is_str(t, "C-c", "unbinding quit removes every key but Ctrl-C");
	free(t);
	is_int(keymap_lookup(&m, key_char('q'), KEYCTX_GLOBAL), ACTION_NONE, "q unbound");
	is_int(keymap_lookup(&m, key_char(3), KEYCTX_GLOBAL), ACTION_QUIT, "Ctrl-C still quits");
	keymap_release(&m);
	keymap_release(&m);
	ok(m.n == 0 && m.v == NULL, "release twice is harmless");
}

/* Ctrl-C always quits (issue 15): it cannot be unbound nor given away. */
static void test_ctrl_c(void)
{
	struct keymap m;
	keymap_init_default(&m);
	ok(key_is_ctrl_c(key_char(3)) && !key_is_ctrl_c(key_char('c')), "Ctrl-C is recognised");
	is_int(keymap_bind(&m, key_char(3), ACTION_NEXT), -1, "Ctrl-C cannot be bound to next");
	is_int(keymap_bind(&m, key_char(3), ACTION_SEARCH_NEXT), -1,
	       "nor to an action of another context");
	for (int ctx = 0; ctx < KEYCTX_COUNT; ctx++)
		is_int(keymap_lookup(&m, key_char(3), (enum keyctx)ctx), ACTION_QUIT,
		       "Ctrl-C quits in every context");
	is_int(keymap_bind(&m, key_char('Q'), ACTION_QUIT), 0, "Q can be bound to quit");
	is_int(keymap_holder(&m, key_char('Q'), KEYCTX_GLOBAL), ACTION_QUIT,
	       "keymap_holder names the action holding a key");
	is_int(keymap_holder(&m, key_char('n'), KEYCTX_SEARCH), ACTION_SEARCH_NEXT,
	       "in the context asked for");
	is_int(keymap_holder(&m, key_char('x'), KEYCTX_GLOBAL), ACTION_NONE, "or none");
	keymap_release(&m);
}

/* The names of the config file are shown and listed (issue 15). */
static void test_names_text(void)
{
	char *s = action_help_line(ACTION_SCROLL_DOWN);
	is_str(s, "scroll the notes (or the slide) down [scroll-down]",
	       "the help line ends with the action's config name");
	free(s);
	s = action_names_text();
	ok(strncmp(s, "next, prev, first, ", 19) == 0,
	   "the name list starts with next, prev, first");
	size_t commas = 0;
	for (const char *p = s; *p; p++)
		commas += *p == ',';
	is_int((long)commas, ACTION_COUNT - 2, "and holds every action once");
	for (int a = 1; a < ACTION_COUNT; a++) {
		char what[64];
		snprintf(what, sizeof what, "the name list holds '%s'",
			 action_name((enum action)a));
		ok(strstr(s, action_name((enum action)a)) != NULL, what);
	}
	free(s);
}

static void test_remote(void)
{
	ok(action_remote(ACTION_NEXT) && action_remote(ACTION_TIMER), "next, timer: REMOTE");
	ok(!action_remote(ACTION_QUIT) && !action_remote(ACTION_OPEN), "quit, open: LOCAL");
	ok(!action_remote(ACTION_NONE) && !action_remote(ACTION_COUNT), "none, past the end: no");
}

/* The index (issue 16): many keys, rebinding, copies. 8 checks. */
static void test_index(void)
{
	struct keymap m;
	keymap_init_default(&m);
	keymap_unbind_action(&m, ACTION_NEXT);
	keymap_unbind_action(&m, ACTION_PREV);
	enum { N = 20000, BASE = 0x4E00 };
	for (uint32_t i = 0; i < N; i++)
		keymap_bind_line(&m, key_char(BASE + i), i % 2 ? ACTION_PREV : ACTION_NEXT, 7);
	size_t right = 0;
	for (uint32_t i = 0; i < N; i++)
		right += keymap_lookup(&m, key_char(BASE + i), KEYCTX_GLOBAL) ==
			 (i % 2 ? ACTION_PREV : ACTION_NEXT);
	is_int((long)right, N, "20,000 keys bound, each found with its own action");
	for (uint32_t i = 0; i < N; i++)
		keymap_bind(&m, key_char(BASE + i), ACTION_FIRST);
	right = 0;
	for (uint32_t i = 0; i < N; i++)
		right += keymap_lookup(&m, key_char(BASE + i), KEYCTX_GLOBAL) == ACTION_FIRST;
	is_int((long)right, N, "rebound, each has the new action");
	char *t = keymap_keys_text(&m, ACTION_NEXT);
	is_str(t, "", "and the old action lists none of them");
	free(t);
	t = keymap_keys_text(&m, ACTION_LAST);
	is_str(t, "End, G", "an action no key left keeps its keys, in table order");
	free(t);
	is_int(keymap_lookup(&m, key_char('n'), KEYCTX_SEARCH), ACTION_SEARCH_NEXT,
	       "a search key is still found in its context");
	is_int(keymap_lookup(&m, key_char(BASE), KEYCTX_SEARCH), ACTION_FIRST,
	       "and a global key from the search context");
	struct keymap c;
	keymap_copy(&c, &m);
	keymap_bind(&c, key_char(BASE), ACTION_LAST);
	ok(keymap_lookup(&m, key_char(BASE), KEYCTX_GLOBAL) == ACTION_FIRST &&
		   keymap_lookup(&c, key_char(BASE), KEYCTX_GLOBAL) == ACTION_LAST,
	   "a copy changes on its own");
	const struct binding *b = keymap_binding(&c, key_char(BASE + 1), KEYCTX_GLOBAL);
	ok(b && b->action == ACTION_FIRST && b->line == 0, "a copy's bindings have no line");
	keymap_release(&c);
	keymap_release(&m);
}

int main(void)
{
	tap_plan(228);
	keymap_init_default(&km);
	test_tables();
	test_defaults();
	test_key_names();
	test_rebind();
	test_ctrl_c();
	test_names_text();
	test_remote();
	test_index();
	keymap_release(&km);
	return tap_done();
}
