/* Themes: role names, the built-in themes, style specs and their exact
 * diagnostics, user themes from the config file, --color, and the man
 * page listing every role with its help. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "diagtext.h"
#include "tap.h"
#include "theme.h"

/* ---- style specs ---- */

/* Parses spec at line 3, column 9 of "t.ini"; returns the diagnostics
 * joined by newlines (caller frees), *rc gets the parser's result. */
static char *parse(const char *spec, struct theme_style *st, int *rc)
{
	struct diag_list dl;
	diag_list_init(&dl);
	struct theme_where w = { "t.ini", 3, 9 };
	*rc = theme_parse_style(spec, st, &w, &dl);
	char *out = diag_text(&dl, NULL);
	diag_list_release(&dl);
	return out;
}

static void good(const char *spec, short fg, short bg, unsigned attrs)
{
	struct theme_style st;
	int rc;
	char *d = parse(spec, &st, &rc);
	char what[160];
	snprintf(what, sizeof what, "'%s' parses", spec);
	ok(rc == 0 && d[0] == '\0', what);
	snprintf(what, sizeof what, "'%s': colours and attributes", spec);
	ok(st.fg == fg && st.bg == bg && st.attrs == attrs, what);
	if (st.fg != fg || st.bg != bg || st.attrs != attrs)
		printf("#   got fg %d bg %d attrs %u\n", st.fg, st.bg, st.attrs);
	free(d);
}

static void bad(const char *spec, const char *want)
{
	struct theme_style st;
	int rc;
	char *d = parse(spec, &st, &rc);
	char what[160];
	snprintf(what, sizeof what, "'%s' is reported", spec);
	is_str(d, want, what);
	is_int(rc, -1, "and fails");
	free(d);
}

static void test_specs(void)
{
	good("yellow bold", 3, THEME_DEFAULT, THEME_BOLD);
	good("black on white", 0, 7, 0);
	good("  Bright-Red   on color17 underline italic ", 9, 17, THEME_UNDERLINE | THEME_ITALIC);
	good("bold on blue", THEME_DEFAULT, 4, THEME_BOLD);
	good("normal", THEME_DEFAULT, THEME_DEFAULT, 0);
	good("default on default reverse dim", THEME_DEFAULT, THEME_DEFAULT,
	     THEME_REVERSE | THEME_DIM);
	good("colour255 bold bold", 255, THEME_DEFAULT, THEME_BOLD);
	good("\tcyan\t", 6, THEME_DEFAULT, 0);

	bad("yelow bold",
	    "t.ini:3:9: error: unknown colour or attribute 'yelow' (did you mean 'yellow'?)");
	bad("red bld",
	    "t.ini:3:13: error: unknown colour or attribute 'bld' (did you mean 'bold'?)");
	bad("bright-whte", "t.ini:3:9: error: unknown colour or attribute 'bright-whte' "
			   "(did you mean 'bright-white'?)");
	bad("sparkly", "t.ini:3:9: error: unknown colour or attribute 'sparkly'");
	bad("red blue", "t.ini:3:13: error: a second foreground colour 'blue' (the first is at "
			"column 9; use 'on blue' for a background)");
	bad("red on", "t.ini:3:13: error: 'on' needs a colour after it");
	bad("red on bold", "t.ini:3:13: error: 'on' needs a colour, not 'bold'");
	bad("on red on blue", "t.ini:3:16: error: a second background colour");
	bad("color256", "t.ini:3:9: error: colour number in 'color256' out of range (0 to 255)");
	bad("", "t.ini:3:9: error: empty style (give colours and attributes, e.g. 'yellow "
		"bold', or 'normal')");
	bad("yelow on blu bld",
	    "t.ini:3:9: error: unknown colour or attribute 'yelow' (did you mean 'yellow'?)\n"
	    "t.ini:3:18: error: unknown colour or attribute 'blu' (did you mean 'blue'?)\n"
	    "t.ini:3:22: error: unknown colour or attribute 'bld' (did you mean 'bold'?)");
	/* columns count characters, not bytes */
	struct theme_style st;
	int rc;
	struct diag_list dl;
	diag_list_init(&dl);
	struct theme_where w = { "t.ini", 1, 1 };
	theme_parse_style("red \xc3\xa9", &st, &w, &dl);
	is_int(dl.n, 1, "a non-ASCII word is one error");
	is_int(dl.n ? dl.v[0].col : 0, 5, "at its character column");
	diag_list_release(&dl);
	(void)rc;

	char buf[64];
	struct theme_style s1 = { 11, 0, THEME_BOLD | THEME_UNDERLINE };
	theme_format_style(&s1, buf, sizeof buf);
	is_str(buf, "bright-yellow on black bold underline", "a style formats back as a spec");
	char *d = parse(buf, &st, &rc);
	ok(rc == 0 && st.fg == 11 && st.bg == 0 && st.attrs == s1.attrs,
	   "and the spec parses to the same style");
	free(d);
	struct theme_style s2 = { THEME_DEFAULT, THEME_DEFAULT, 0 };
	theme_format_style(&s2, buf, sizeof buf);
	is_str(buf, "normal", "an empty style formats as normal");
	theme_format_style(&s1, buf, 8);
	is_str(buf, "bright-", "formatting truncates to the buffer");
	struct theme_style s3 = { 0, 7, THEME_BOLD };
	is_int(theme_mono_of(&s3), THEME_BOLD | THEME_REVERSE,
	       "without colour, a background becomes reverse video");
	is_int(theme_mono_of(&s1), THEME_BOLD | THEME_UNDERLINE | THEME_REVERSE,
	       "any background does");
}

/* ---- roles and built-in themes ---- */

static void test_roles(void)
{
	is_str(theme_role_name(STYLE_TITLE), "title", "the title role's name");
	is_str(theme_role_name(STYLE_PACE_ON_PLAN), "pace-on-plan", "names use hyphens");
	ok(theme_role_name(STYLE_COUNT) == NULL, "no name past the list");
	int unique = 1, round = 1;
	for (int s = 0; s < STYLE_COUNT; s++) {
		round &= theme_role_from_name(theme_role_name((enum style)s)) == s;
		round &= theme_role_help((enum style)s) && theme_role_help((enum style)s)[0];
		for (int u = 0; u < s; u++)
			unique &= strcmp(theme_role_name((enum style)s),
					 theme_role_name((enum style)u)) != 0;
	}
	ok(unique, "role names are unique");
	ok(round, "every role has help and its name finds it");
	is_int(theme_role_from_name("titel"), -1, "an unknown role is -1");
	is_int(theme_role_from_name("Title"), -1,
	       "role names are exact (the INI reader "
	       "lower-cases keys)");
}

static int is_yellow_or_cyan(short c)
{
	return c == 3 || c == 6 || c == 11 || c == 14;
}

static void test_builtins(void)
{
	struct theme t;
	is_int(theme_builtin_count(), 3, "three built-in themes");
	is_str(theme_builtin_name(0), "dark", "dark first (the default)");
	is_str(theme_builtin_name(1), "light", "then light");
	is_str(theme_builtin_name(2), "high-contrast", "then high-contrast");
	ok(theme_builtin_name(3) == NULL, "and no more");
	ok(theme_builtin_find("nope", &t) == NULL, "an unknown built-in is NULL");

	theme_builtin_find("dark", &t);
	is_str(t.name, "dark", "dark is named");
	ok(t.color[STYLE_TITLE].fg == 3 && t.color[STYLE_TITLE].attrs == THEME_BOLD,
	   "dark: yellow bold titles, as always");
	ok(t.mono[STYLE_STATUS] == THEME_REVERSE, "dark without colour: reverse status line");

	theme_builtin_find("light", &t);
	int clean = 1;
	for (int s = 0; s < STYLE_COUNT; s++)
		clean &= !is_yellow_or_cyan(t.color[s].fg) && t.color[s].bg == THEME_DEFAULT;
	ok(clean, "light: no yellow or cyan text, the terminal's own background");
	ok(t.color[STYLE_TITLE].fg == 4, "light: blue titles");

	theme_builtin_find("high-contrast", &t);
	int palette = 1, bold_status = 1;
	short accent = -2;
	for (int s = 0; s < STYLE_COUNT; s++) {
		short c[2] = { t.color[s].fg, t.color[s].bg };
		for (int k = 0; k < 2; k++) {
			if (c[k] == 0 || c[k] == 7 || c[k] == 15)
				continue;
			if (accent == -2)
				accent = c[k];
			palette &= c[k] == accent;
		}
		palette &= !(t.color[s].attrs & THEME_DIM);
	}
	bold_status = (t.color[STYLE_STATUS].attrs & THEME_BOLD) &&
		      t.color[STYLE_STATUS].bg == 15 && (t.mono[STYLE_STATUS] & THEME_REVERSE);
	ok(palette && accent != -2, "high-contrast: black, white and one accent, never dim");
	ok(bold_status, "high-contrast: a bold status line on white (reverse without colour)");
	ok(t.color[STYLE_TEXT].bg == 0, "high-contrast: a black background behind the text");
}

/* ---- user themes in the config file ---- */

static char dir[] = "/tmp/lectern-test-theme-XXXXXX";
static char path[128];

static char *load(struct config *c, const char *text, int *rc)
{
	FILE *f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
	struct diag_list dl;
	diag_list_init(&dl);
	*rc = config_load(c, path, &dl);
	char *out = diag_text(&dl, dir);
	diag_list_release(&dl);
	return out;
}

static void config_bad(const char *text, const char *want, const char *what)
{
	struct config c;
	config_init(&c);
	int rc;
	char *got = load(&c, text, &rc);
	is_str(got, want, what);
	ok(rc == -1 && c.nthemes == 0 && strcmp(c.theme, "dark") == 0,
	   "and the load fails, leaving the config as it was");
	free(got);
	config_release(&c);
}

static void test_config_themes(void)
{
	struct config c;
	config_init(&c);
	is_str(c.theme, "dark", "the default theme is dark");
	is_int(c.nthemes, 0, "no user themes by default");
	struct theme buf;
	const struct theme *t = config_theme(&c, "light", &buf);
	ok(t == &buf && strcmp(t->name, "light") == 0, "config_theme finds a built-in theme");
	ok(config_theme(&c, "mine", &buf) == NULL, "and not an undefined one");

	int rc;
	char *d = load(&c,
		       "[display]\n"
		       "theme = mine\n"
		       "\n"
		       "[theme-mine]\n"
		       "base = light\n"
		       "title = red bold\n"
		       "status = black on white\n"
		       "pace-over = \"bright-yellow on red\"\n"
		       "[theme-other]\n"
		       "base = mine\n"
		       "chart = color208\n",
		       &rc);
	is_str(d, "", "a config with two user themes loads without a word");
	is_int(rc, 0, "and succeeds");
	free(d);
	is_str(c.theme, "mine", "[display] theme names a theme defined after it");
	is_int(c.nthemes, 2, "both user themes are kept");
	t = config_theme(&c, "mine", &buf);
	ok(t && t != &buf, "config_theme finds the user theme");
	ok(t && t->color[STYLE_TITLE].fg == 1 && t->color[STYLE_TITLE].attrs == THEME_BOLD,
	   "title = red bold");
	ok(t && t->color[STYLE_STATUS].fg == 0 && t->color[STYLE_STATUS].bg == 7,
	   "status = black on white");
	ok(t && t->mono[STYLE_STATUS] == THEME_REVERSE, "which is reverse without colour");
	ok(t && t->color[STYLE_PACE_OVER].fg == 11 && t->color[STYLE_PACE_OVER].bg == 1,
	   "a quoted spec");
	ok(t && t->color[STYLE_SUBTITLE].fg == 5, "a role not given comes from the base (light)");
	const struct theme *o = config_theme(&c, "other", &buf);
	ok(o && o->color[STYLE_TITLE].fg == 1 && o->color[STYLE_CHART].fg == 208,
	   "a base may be an earlier user theme");
	char *names = config_theme_names(&c);
	is_str(names, "dark, light, high-contrast, mine, other", "every theme name, for messages");
	free(names);
	is_str(config_theme_closest(&c, "mien"), "mine", "did-you-mean covers user themes");
	config_release(&c);

	config_bad("[display]\ntheme = lihgt\n",
		   "DIR/config.ini:2:9: error: unknown theme 'lihgt' (did you mean 'light'?)",
		   "an unknown theme in [display]");
	config_bad("[display]\ntheme = solarized\n",
		   "DIR/config.ini:2:9: error: unknown theme 'solarized' (there are dark, light, "
		   "high-contrast)",
		   "an unknown theme without a near name lists them");
	config_bad("[theme-dark]\ntitle = red\n",
		   "DIR/config.ini:1:1: error: theme 'dark' is built in: give yours another name "
		   "and 'base = dark'",
		   "a user theme may not take a built-in name");
	config_bad("[theme-x]\ntitel = red\nstatus = yelow on blue\n",
		   "DIR/config.ini:2:1: error: unknown theme role 'titel' (did you mean 'title'?)\n"
		   "DIR/config.ini:3:10: error: unknown colour or attribute 'yelow' (did you mean "
		   "'yellow'?)",
		   "an unknown role and a bad spec, each at its line and column");
	config_bad("[theme-x]\n  chart =   \"red bld\"\n",
		   "DIR/config.ini:2:18: error: unknown colour or attribute 'bld' (did you mean "
		   "'bold'?)",
		   "columns inside a quoted, indented value");
	config_bad("[theme-x]\nbase = lihgt\n",
		   "DIR/config.ini:2:8: error: unknown base theme 'lihgt' (did you mean 'light'?)",
		   "an unknown base theme");
	config_bad("[theme-]\ntitle = red\n",
		   "DIR/config.ini:1:1: error: a theme section needs a name: '[theme-NAME]'",
		   "a theme section without a name");
	config_bad("[themes]\ntitle = red\n",
		   "DIR/config.ini:1:1: error: unknown section '[themes]' (did you mean "
		   "'[theme-NAME]'? themes are sections '[theme-NAME]')",
		   "a near miss of a theme section");
}

/* ---- --color ---- */

/* issue 15: the roles drawn on a status line with a background take its
 * background, so the progress bar leaves no hole. */
static void test_on_status(void)
{
	struct theme th;
	theme_builtin_find("dark", &th);
	struct theme_style st = theme_on_status(&th, STYLE_CHART);
	ok(st.fg == th.color[STYLE_CHART].fg && st.bg == th.color[STYLE_CHART].bg &&
		   st.attrs == th.color[STYLE_CHART].attrs,
	   "on_status: a status line without a background changes nothing");
	struct theme_where w = { "c.ini", 1, 1 };
	struct diag_list dl;
	diag_list_init(&dl);
	theme_parse_style("white on blue", &th.color[STYLE_STATUS], &w, &dl);
	theme_parse_style("green bold", &th.color[STYLE_CHART], &w, &dl);
	theme_parse_style("red on black", &th.color[STYLE_WARNING], &w, &dl);
	is_int(dl.n, 0, "on_status: the specs parse");
	diag_list_release(&dl);
	st = theme_on_status(&th, STYLE_CHART);
	is_int(st.bg, 4, "on_status: the chart role takes the status line's blue background");
	is_int(st.fg, 2, "on_status: and keeps its green");
	is_int(st.attrs, THEME_BOLD, "on_status: and its bold");
	st = theme_on_status(&th, STYLE_DIM);
	is_int(st.bg, 4, "on_status: the rest of the bar (dim) too");
	st = theme_on_status(&th, STYLE_WARNING);
	is_int(st.bg, 0, "on_status: a role with its own background keeps it");
}

static void test_color_mode(void)
{
	enum theme_color_mode m = THEME_COLOR_NEVER;
	ok(theme_color_mode_parse("auto", &m) == 0 && m == THEME_COLOR_AUTO, "auto parses");
	ok(theme_color_mode_parse("always", &m) == 0 && m == THEME_COLOR_ALWAYS, "always parses");
	ok(theme_color_mode_parse("never", &m) == 0 && m == THEME_COLOR_NEVER, "never parses");
	ok(theme_color_mode_parse("yes", &m) == -1, "anything else does not");
	ok(theme_color_mode_parse("", &m) == -1, "nor the empty string");
	ok(theme_color_wanted(THEME_COLOR_AUTO, true, NULL, "xterm"), "auto: colour on a terminal");
	ok(!theme_color_wanted(THEME_COLOR_AUTO, false, NULL, "xterm"), "auto: none into a pipe");
	ok(!theme_color_wanted(THEME_COLOR_AUTO, true, "1", "xterm"), "auto: none with NO_COLOR");
	ok(theme_color_wanted(THEME_COLOR_AUTO, true, "", "xterm"),
	   "auto: an empty NO_COLOR does not count");
	ok(!theme_color_wanted(THEME_COLOR_AUTO, true, NULL, "dumb"), "auto: none on TERM=dumb");
	ok(theme_color_wanted(THEME_COLOR_AUTO, true, NULL, NULL), "auto: TERM unset is fine");
	ok(theme_color_wanted(THEME_COLOR_ALWAYS, false, "1", "dumb"),
	   "always: colour whatever the environment says");
	ok(!theme_color_wanted(THEME_COLOR_NEVER, true, NULL, "xterm"), "never: none");
}

/* ---- the man page ---- */

/* The man page with "\-" as "-"; NULL when it cannot be read. */
static char *read_man(void)
{
	FILE *f = fopen("../docs/lectern.1", "r");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, n = 0;
	char *s = malloc(cap);
	int ch;
	while ((ch = fgetc(f)) != EOF) {
		if (n + 2 >= cap)
			s = realloc(s, cap *= 2);
		if (ch == '-' && n && s[n - 1] == '\\')
			n--;
		s[n++] = (char)ch;
	}
	s[n] = '\0';
	fclose(f);
	return s;
}

static void test_man_page(void)
{
	char *man = read_man();
	ok(man != NULL, "lectern.1 is readable from tests/");
	if (!man)
		return;
	const char *sec = strstr(man, "\n.SS Theme roles\n");
	ok(sec != NULL, "lectern.1 has a 'Theme roles' subsection");
	const char *end = sec ? strstr(sec + 1, "\n.S") : NULL;
	size_t len = sec ? (end ? (size_t)(end - sec) + 1 : strlen(sec)) : 0;
	char *part = sec ? strndup(sec, len) : strdup("");
	int all = 1;
	for (int s = 0; s < STYLE_COUNT; s++) {
		char want[256];
		snprintf(want, sizeof want, "\n.TP\n.B %s\n%s\n", theme_role_name((enum style)s),
			 theme_role_help((enum style)s));
		if (!strstr(part, want)) {
			all = 0;
			printf("#   lectern.1 lacks role '%s' with its help\n",
			       theme_role_name((enum style)s));
		}
	}
	ok(all, "lectern.1 lists every role with its help text");
	int items = 0;
	for (const char *p = part; (p = strstr(p, "\n.TP\n.B ")); p++)
		items++;
	is_int(items, STYLE_COUNT, "and no role the program lacks");
	for (size_t i = 0; i < theme_builtin_count(); i++) {
		char want[96];
		snprintf(want, sizeof want, "\\fB%s\\fR", theme_builtin_name(i));
		char what[128];
		snprintf(what, sizeof what, "lectern.1 names the built-in theme %s",
			 theme_builtin_name(i));
		ok(strstr(man, want) != NULL, what);
	}
	free(part);
	free(man);
}

int main(void)
{
	tap_plan(127);
	if (!mkdtemp(dir)) {
		printf("Bail out! mkdtemp\n");
		return 1;
	}
	snprintf(path, sizeof path, "%s/config.ini", dir);
	test_specs();
	test_roles();
	test_builtins();
	test_config_themes();
	test_on_status();
	test_color_mode();
	test_man_page();
	unlink(path);
	rmdir(dir);
	return tap_done();
}
