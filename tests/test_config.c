/* Config file: defaults, a missing file, overrides, and the exact
 * diagnostics (file, line, column, text) of invalid files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "diagtext.h"
#include "tap.h"

static char dir[] = "/tmp/lectern-test-config-XXXXXX";
static char path[128];

static void write_file(const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
}

/* Loads text and returns every diagnostic joined by newlines, with the
 * directory replaced by "DIR" (caller frees). *rc gets config_load's. */
static char *load(struct config *c, const char *text, int *rc)
{
	write_file(text);
	struct diag_list dl;
	diag_list_init(&dl);
	*rc = config_load(c, path, &dl);
	char *out = diag_text(&dl, dir);
	diag_list_release(&dl);
	return out;
}

static void check(const char *text, const char *want, const char *what)
{
	struct config c;
	config_init(&c);
	int rc;
	char *got = load(&c, text, &rc);
	is_str(got, want, what);
	is_int(rc, -1, "and the load fails");
	ok(!c.clock && keymap_lookup(&c.keys, key_char('l'), KEYCTX_GLOBAL) == ACTION_NEXT,
	   "leaving the config untouched");
	free(got);
	config_release(&c);
}

static void test_defaults_and_missing(void)
{
	struct config c;
	config_init(&c);
	ok(!c.clock, "clock off by default");
	ok(c.color, "colour on by default");
	struct diag_list dl;
	diag_list_init(&dl);
	is_int(config_load(&c, "/nonexistent/lectern/config.ini", &dl), 0,
	       "a missing file is not an error");
	is_int(dl.n, 0, "and says nothing");
	diag_list_release(&dl);
	config_release(&c);

	char *p = config_default_path("/x/cfg", "/home/u");
	is_str(p, "/x/cfg/lectern/config.ini", "XDG_CONFIG_HOME wins");
	free(p);
	p = config_default_path("relative", "/home/u");
	is_str(p, "/home/u/.config/lectern/config.ini", "a relative XDG path is ignored");
	free(p);
	p = config_default_path(NULL, "/home/u");
	is_str(p, "/home/u/.config/lectern/config.ini", "default under HOME");
	free(p);
	ok(config_default_path("", "") == NULL, "nowhere to look");
}

static void test_comment_warning(void)
{
	struct config c;
	config_init(&c);
	int rc;
	char *got = load(&c, "[keys]\nsearch = / ; the rest\n", &rc);
	is_str(got,
	       "DIR/config.ini:2:12: warning: ';' starts a comment, so the rest of the line is "
	       "dropped; put the value in quotes to keep it",
	       "a ';' in a value starts a comment, with a warning");
	is_int(rc, 0, "a warning does not fail the load");
	free(got);
	config_release(&c);
}

static void test_overrides(void)
{
	struct config c;
	config_init(&c);
	int rc;
	char *got = load(&c,
			 "; my settings\n"
			 "[display]\n"
			 "clock = yes\n"
			 "Color = no\n"
			 "\n"
			 "[KEYS]\n"
			 "next = x, Right\n"
			 "; no more q\n"
			 "quit = Q, C-c\n"
			 "search-next = \"Comma\"\n"
			 "help = 中\n",
			 &rc);
	is_str(got, "", "a valid file has no diagnostics");
	is_int(rc, 0, "and loads");
	ok(c.clock, "clock = yes");
	ok(!c.color, "Color = no (keys are case-insensitive)");
	is_int(keymap_lookup(&c.keys, key_char('x'), KEYCTX_GLOBAL), ACTION_NEXT, "x is next");
	is_int(keymap_lookup(&c.keys, key_sym(KEYSYM_RIGHT), KEYCTX_GLOBAL), ACTION_NEXT,
	       "Right is next");
	is_int(keymap_lookup(&c.keys, key_char('l'), KEYCTX_GLOBAL), ACTION_NONE,
	       "l is no longer next");
	is_int(keymap_lookup(&c.keys, key_char('Q'), KEYCTX_GLOBAL), ACTION_QUIT, "Q quits");
	is_int(keymap_lookup(&c.keys, key_char('q'), KEYCTX_GLOBAL), ACTION_NONE, "q does not");
	is_int(keymap_lookup(&c.keys, key_char(','), KEYCTX_SEARCH), ACTION_SEARCH_NEXT,
	       "a quoted key name");
	is_int(keymap_lookup(&c.keys, key_char('n'), KEYCTX_SEARCH), ACTION_NONE,
	       "n is free: search-next moved and next lost its default keys");
	is_int(keymap_lookup(&c.keys, key_char('N'), KEYCTX_SEARCH), ACTION_SEARCH_PREV,
	       "N keeps its default");
	is_int(keymap_lookup(&c.keys, key_char(0x4e2d), KEYCTX_GLOBAL), ACTION_HELP,
	       "a Chinese key");
	is_int(keymap_lookup(&c.keys, key_char('?'), KEYCTX_GLOBAL), ACTION_NONE, "? unbound");
	free(got);

	got = load(&c, "[keys]\nprev = x\n", &rc);
	is_int(rc, 0, "a second file loads over the first");
	is_int(keymap_lookup(&c.keys, key_char('x'), KEYCTX_GLOBAL), ACTION_PREV,
	       "taking x from next");
	free(got);
	config_release(&c);
}

/* Ctrl-C always quits, and an action left without a key is warned about
 * (issue 15). */
static void test_quit_and_unbound(void)
{
	struct config c;
	config_init(&c);
	int rc;
	char *got = load(&c, "[keys]\nquit = Q\n", &rc);
	is_str(got, "", "quit = Q has no diagnostics");
	is_int(rc, 0, "and loads");
	is_int(keymap_lookup(&c.keys, key_char('Q'), KEYCTX_GLOBAL), ACTION_QUIT, "Q quits");
	is_int(keymap_lookup(&c.keys, key_char('q'), KEYCTX_GLOBAL), ACTION_NONE, "q does not");
	is_int(keymap_lookup(&c.keys, key_char(3), KEYCTX_GLOBAL), ACTION_QUIT,
	       "Ctrl-C still quits");
	free(got);
	got = load(&c, "[keys]\nquit =\n", &rc);
	is_int(keymap_lookup(&c.keys, key_char(3), KEYCTX_GLOBAL), ACTION_QUIT,
	       "quit with no keys still quits with Ctrl-C");
	is_str(got, "", "so it is not left without a key");
	free(got);
	config_release(&c);

	config_init(&c);
	got = load(&c, "[keys]\nblack =\n", &rc);
	is_str(got,
	       "DIR/config.ini:2:1: warning: action 'black' is left without any key; nothing can "
	       "trigger it",
	       "an action given no key is warned about");
	is_int(rc, 0, "a warning does not fail the load");
	free(got);
	config_release(&c);

	config_init(&c);
	got = load(&c, "[keys]\n; w is white's only key\nclose = Escape, w\n", &rc);
	is_str(got,
	       "DIR/config.ini:3:1: warning: action 'white' is left without any key: its last, "
	       "'w', is given to 'close' here",
	       "an action whose last key another takes is warned about");
	is_int(keymap_lookup(&c.keys, key_char('w'), KEYCTX_GLOBAL), ACTION_CLOSE,
	       "and the key is taken");
	free(got);
	config_release(&c);
}

/* lectern check tells a config file from a deck by its first section. */
static void test_recognise(void)
{
	static const char cfg[] = "; my settings\n\n  [ Keys ]\nquit = Q\n";
	ok(config_text_is_config(cfg, sizeof cfg - 1), "a file starting with [keys] is a config");
	ok(config_text_is_config("[display]\n", 10), "so is one starting with [display]");
	ok(config_text_is_config("[theme-stage]\nbase = light\n", 27), "and with [theme-NAME]");
	ok(!config_text_is_config("[deck]\ntitle = x\n[keys]\n", 24), "a [deck] first is a deck");
	ok(!config_text_is_config("[intro]\ntitle = x\n", 18), "so is a slide first");
	ok(!config_text_is_config("; nothing\n", 10), "and a file without sections");
}

static void test_errors(void)
{
	check("[display]\nclok = yes\n",
	      "DIR/config.ini:2:1: error: unknown key 'clok' (did you mean 'clock'?)",
	      "unknown key with a suggestion");
	check("[display]\n  clock =   maybe\n",
	      "DIR/config.ini:2:13: error: invalid value 'maybe' for 'clock' (expected yes or no)",
	      "bad boolean, column of the value");
	check("[keyz]\nnext = x\n",
	      "DIR/config.ini:1:1: error: unknown section '[keyz]' (did you mean '[keys]'?)",
	      "unknown section");
	check("[them-dark]\nbase = dark\n",
	      "DIR/config.ini:1:1: error: unknown section '[them-dark]' (did you mean "
	      "'[theme-dark]'? themes are sections '[theme-NAME]')",
	      "a misspelt theme section");
	check("[keys]\nnxet = x\n",
	      "DIR/config.ini:2:1: error: unknown action 'nxet' (did you mean 'next'?); the "
	      "actions are next, prev, first, last, goto, overview, search, notes, presenter, "
	      "timer, restart, scroll-down, scroll-up, scroll-left, scroll-right, black, white, captions, reload, help, messages, "
	      "close, "
	      "redraw, suspend, quit, search-next, search-prev, open",
	      "unknown action, with every action name");
	check("[keys]\nzzzzzz = x\n",
	      "DIR/config.ini:2:1: error: unknown action 'zzzzzz'; the actions are next, prev, "
	      "first, last, goto, overview, search, notes, presenter, timer, restart, "
	      "scroll-down, scroll-up, scroll-left, scroll-right, black, white, captions, reload, help, messages, close, redraw, "
	      "suspend, quit, "
	      "search-next, search-prev, open",
	      "an action nothing is close to gets the list too");
	check("[keys]\nnext = l, C-c\n",
	      "DIR/config.ini:2:11: error: C-c always quits; it cannot be bound to 'next'",
	      "Ctrl-C cannot be given to another action");
	check("[keys]\nnext = x\nnext = y\nnxet = z\n[display]\nclok = yes\n",
	      "DIR/config.ini:3:1: error: key 'next' appears twice in [keys] (first at line 2); "
	      "only the last would be kept\n"
	      "DIR/config.ini:4:1: error: unknown action 'nxet' (did you mean 'next'?); the "
	      "actions are next, prev, first, last, goto, overview, search, notes, presenter, "
	      "timer, restart, scroll-down, scroll-up, scroll-left, scroll-right, black, white, captions, reload, help, messages, "
	      "close, "
	      "redraw, suspend, quit, search-next, search-prev, open\n"
	      "DIR/config.ini:6:1: error: unknown key 'clok' (did you mean 'clock'?)",
	      "a structural error does not hide the others");
	check("[keys]\nnext = l, Rigth, j\n",
	      "DIR/config.ini:2:11: error: unknown key name 'Rigth' (did you mean 'Right'?)",
	      "unknown key name, column inside the list");
	check("[keys]\n# 中文注释\nprev = 中, zzzz\n",
	      "DIR/config.ini:3:11: error: unknown key name 'zzzz'",
	      "columns count characters, not bytes");
	check("[keys]\nnext = x\nquit = y, x\n",
	      "DIR/config.ini:3:11: error: key 'x' is already bound to 'next' on line 2",
	      "one key for two actions");
	check("[keys]\nnext = x\nNext = y\n",
	      "DIR/config.ini:3:1: error: key 'next' appears twice in [keys] (first at line 2); "
	      "only the last would be kept",
	      "duplicate key");
	check("[display]\n[display]\n",
	      "DIR/config.ini:2:1: error: section 'display' appears twice (first at line 1); only "
	      "one is allowed",
	      "duplicate section");
	check("clock = yes\n[display]\n",
	      "DIR/config.ini:1:1: error: key 'clock' before the first section",
	      "key before a section");
	check("[display]\nclock\n",
	      "DIR/config.ini:2:1: error: expected 'key = value', a [section] or a comment",
	      "a line that is nothing");
	check("[display] x\n",
	      "DIR/config.ini:1:11: error: text after ']' in a section header; put comments on a "
	      "line of their own",
	      "text after ]");
	check("[display]\nclock = \xff\n",
	      "DIR/config.ini:2:9: error: invalid UTF-8 (byte 0xFF); the file must be UTF-8",
	      "invalid UTF-8");
	check("[display]\nclok = yes\ncolor = 2\n",
	      "DIR/config.ini:2:1: error: unknown key 'clok' (did you mean 'clock'?)\n"
	      "DIR/config.ini:3:9: error: invalid value '2' for 'color' (expected yes or no)",
	      "every problem is reported in one run");
}

int main(void)
{
	tap_plan(97);
	if (!mkdtemp(dir)) {
		printf("Bail out! mkdtemp\n");
		return 1;
	}
	snprintf(path, sizeof path, "%s/config.ini", dir);
	test_defaults_and_missing();
	test_comment_warning();
	test_overrides();
	test_quit_and_unbound();
	test_recognise();
	test_errors();
	unlink(path);
	rmdir(dir);
	return tap_done();
}
