/* Themes as data: the role names from STYLE_LIST, one table per built-in
 * theme, and the parser of style specs for user themes. */
#include "theme.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ini.h"
#include "xalloc.h"

static const char *const role_names[STYLE_COUNT] = {
#define ROLE_NAME_(e, name, help) [STYLE_##e] = name,
	STYLE_LIST(ROLE_NAME_)
#undef ROLE_NAME_
};

static const char *const role_helps[STYLE_COUNT] = {
#define ROLE_HELP_(e, name, help) [STYLE_##e] = help,
	STYLE_LIST(ROLE_HELP_)
#undef ROLE_HELP_
};

const char *theme_role_name(enum style s)
{
	return (unsigned)s < STYLE_COUNT ? role_names[s] : NULL;
}

const char *theme_role_help(enum style s)
{
	return (unsigned)s < STYLE_COUNT ? role_helps[s] : NULL;
}

int theme_role_from_name(const char *name)
{
	for (int s = 0; s < STYLE_COUNT; s++)
		if (strcmp(role_names[s], name) == 0)
			return s;
	return -1;
}

/* ---- the built-in themes ---- */

enum { BLACK, RED, GREEN, YELLOW, BLUE, MAGENTA, CYAN, WHITE, BRIGHT = 8, DEF = THEME_DEFAULT };
enum { B = THEME_BOLD, D = THEME_DIM, U = THEME_UNDERLINE, I = THEME_ITALIC, R = THEME_REVERSE };

/* One role of a built-in theme: colours and attributes with colour, and
 * the attributes without. */
struct role_def {
	short fg, bg;
	unsigned attrs, mono;
};

struct builtin {
	const char *name;
	struct role_def r[STYLE_COUNT];
};

/* dark is the look lectern always had; light avoids yellow and cyan text,
 * which vanish on white; high-contrast uses bright white on black, one
 * accent (bright yellow), bold, and no dim text. */
static const struct builtin builtins[] = {
	{ "dark",
	  {
		  [STYLE_TEXT] = { DEF, DEF, 0, 0 },
		  [STYLE_TITLE] = { YELLOW, DEF, B, B },
		  [STYLE_SUBTITLE] = { CYAN, DEF, 0, 0 },
		  [STYLE_BULLET] = { CYAN, DEF, B, B },
		  [STYLE_FIGURE] = { MAGENTA, DEF, B, B },
		  [STYLE_CAPTION] = { DEF, DEF, D, D },
		  [STYLE_CHART] = { GREEN, DEF, 0, 0 },
		  [STYLE_QUOTE] = { CYAN, DEF, I, I },
		  [STYLE_NOTES] = { DEF, DEF, 0, 0 },
		  [STYLE_HEADER] = { BLUE, DEF, B, B | U },
		  [STYLE_PLACEHOLDER] = { RED, DEF, 0, R },
		  [STYLE_MORE] = { DEF, DEF, D, D },
		  [STYLE_STATUS] = { DEF, DEF, R, R },
		  [STYLE_WARNING] = { RED, DEF, B | R, B | R },
		  [STYLE_MATCH] = { BLACK, YELLOW, 0, R },
		  [STYLE_DIM] = { DEF, DEF, D, D },
		  [STYLE_PACE_ON_PLAN] = { GREEN, DEF, B, 0 },
		  [STYLE_PACE_BEHIND] = { YELLOW, DEF, B, B },
		  [STYLE_PACE_FAR] = { RED, DEF, B, B | U },
		  [STYLE_PACE_OVER] = { RED, DEF, B | R, B | R },
	  } },
	{ "light",
	  {
		  [STYLE_TEXT] = { DEF, DEF, 0, 0 },
		  [STYLE_TITLE] = { BLUE, DEF, B, B },
		  [STYLE_SUBTITLE] = { MAGENTA, DEF, 0, 0 },
		  [STYLE_BULLET] = { BLUE, DEF, B, B },
		  [STYLE_FIGURE] = { MAGENTA, DEF, B, B },
		  [STYLE_CAPTION] = { DEF, DEF, D, D },
		  [STYLE_CHART] = { GREEN, DEF, 0, 0 },
		  [STYLE_QUOTE] = { MAGENTA, DEF, I, I },
		  [STYLE_NOTES] = { DEF, DEF, 0, 0 },
		  [STYLE_HEADER] = { BLUE, DEF, B | U, B | U },
		  [STYLE_PLACEHOLDER] = { RED, DEF, 0, R },
		  [STYLE_MORE] = { DEF, DEF, D, D },
		  [STYLE_STATUS] = { DEF, DEF, R, R },
		  [STYLE_WARNING] = { RED, DEF, B | R, B | R },
		  [STYLE_MATCH] = { DEF, DEF, B | R, B | R },
		  [STYLE_DIM] = { DEF, DEF, D, D },
		  [STYLE_PACE_ON_PLAN] = { GREEN, DEF, B, 0 },
		  [STYLE_PACE_BEHIND] = { MAGENTA, DEF, B, B },
		  [STYLE_PACE_FAR] = { RED, DEF, B | U, B | U },
		  [STYLE_PACE_OVER] = { RED, DEF, B | R, B | R },
	  } },
	{ "high-contrast",
	  {
		  [STYLE_TEXT] = { WHITE + BRIGHT, BLACK, 0, 0 },
		  [STYLE_TITLE] = { WHITE + BRIGHT, BLACK, B | U, B | U },
		  [STYLE_SUBTITLE] = { WHITE + BRIGHT, BLACK, B, B },
		  [STYLE_BULLET] = { YELLOW + BRIGHT, BLACK, B, B },
		  [STYLE_FIGURE] = { YELLOW + BRIGHT, BLACK, B, B | U },
		  [STYLE_CAPTION] = { WHITE + BRIGHT, BLACK, 0, 0 },
		  [STYLE_CHART] = { YELLOW + BRIGHT, BLACK, B, B },
		  [STYLE_QUOTE] = { WHITE + BRIGHT, BLACK, I, I },
		  [STYLE_NOTES] = { WHITE + BRIGHT, BLACK, 0, 0 },
		  [STYLE_HEADER] = { WHITE + BRIGHT, BLACK, B | U, B | U },
		  [STYLE_PLACEHOLDER] = { BLACK, YELLOW + BRIGHT, B, R },
		  [STYLE_MORE] = { WHITE + BRIGHT, BLACK, B, B },
		  [STYLE_STATUS] = { BLACK, WHITE + BRIGHT, B, B | R },
		  [STYLE_WARNING] = { BLACK, YELLOW + BRIGHT, B, B | R },
		  [STYLE_MATCH] = { BLACK, YELLOW + BRIGHT, B, B | R },
		  [STYLE_DIM] = { WHITE, BLACK, 0, 0 },
		  [STYLE_PACE_ON_PLAN] = { WHITE + BRIGHT, BLACK, B, B },
		  [STYLE_PACE_BEHIND] = { YELLOW + BRIGHT, BLACK, B, B | U },
		  [STYLE_PACE_FAR] = { YELLOW + BRIGHT, BLACK, B | U, B | U | R },
		  [STYLE_PACE_OVER] = { BLACK, YELLOW + BRIGHT, B, B | R },
	  } },
};

#define NBUILTINS (sizeof builtins / sizeof builtins[0])

size_t theme_builtin_count(void)
{
	return NBUILTINS;
}

const char *theme_builtin_name(size_t i)
{
	return i < NBUILTINS ? builtins[i].name : NULL;
}

struct theme *theme_builtin(size_t i, struct theme *out)
{
	if (i >= NBUILTINS)
		bug("no such built-in theme");
	const struct builtin *b = &builtins[i];
	memset(out, 0, sizeof *out);
	snprintf(out->name, sizeof out->name, "%s", b->name);
	for (int s = 0; s < STYLE_COUNT; s++) {
		out->color[s] = (struct theme_style){ b->r[s].fg, b->r[s].bg, b->r[s].attrs };
		out->mono[s] = b->r[s].mono;
	}
	return out;
}

struct theme *theme_builtin_find(const char *name, struct theme *out)
{
	for (size_t i = 0; i < NBUILTINS; i++)
		if (strcmp(builtins[i].name, name) == 0)
			return theme_builtin(i, out);
	return NULL;
}

/* ---- style specs ---- */

static const char *const colour_names[] = { "black", "red",     "green", "yellow",
					    "blue",  "magenta", "cyan",  "white" };
static const struct {
	const char *name;
	unsigned bit;
} attr_names[] = {
	{ "bold", THEME_BOLD },     { "dim", THEME_DIM },         { "underline", THEME_UNDERLINE },
	{ "italic", THEME_ITALIC }, { "reverse", THEME_REVERSE },
};
#define NATTRS (sizeof attr_names / sizeof attr_names[0])

/* The colour named by word (lower case), or -2 when it is not one; -3
 * when it is colorN with N out of range. */
static int parse_colour(const char *word)
{
	if (strcmp(word, "default") == 0)
		return THEME_DEFAULT;
	const char *base = word;
	int bright = 0;
	if (strncmp(word, "bright-", 7) == 0) {
		base = word + 7;
		bright = BRIGHT;
	}
	for (int c = 0; c < 8; c++)
		if (strcmp(base, colour_names[c]) == 0)
			return c + bright;
	const char *num = NULL;
	if (strncmp(word, "color", 5) == 0)
		num = word + 5;
	else if (strncmp(word, "colour", 6) == 0)
		num = word + 6;
	if (!num || !*num || strlen(num) > 3)
		return -2;
	for (const char *p = num; *p; p++)
		if (!isdigit((unsigned char)*p))
			return -2;
	int n = atoi(num);
	return n <= 255 ? n : -3;
}

static int parse_attr(const char *word, unsigned *bit)
{
	for (size_t i = 0; i < NATTRS; i++)
		if (strcmp(word, attr_names[i].name) == 0) {
			*bit = attr_names[i].bit;
			return 0;
		}
	if (strcmp(word, "normal") == 0) {
		*bit = 0;
		return 0;
	}
	return -1;
}

/* The word a spec may hold closest to word, copied into out; false when
 * none is close enough. */
static bool closest_word(const char *word, char out[32])
{
	const char *names[8 * 2 + NATTRS + 8];
	char bright[8][16];
	size_t n = 0;
	for (int c = 0; c < 8; c++) {
		names[n++] = colour_names[c];
		snprintf(bright[c], sizeof bright[c], "bright-%s", colour_names[c]);
		names[n++] = bright[c];
	}
	for (size_t i = 0; i < NATTRS; i++)
		names[n++] = attr_names[i].name;
	names[n++] = "default";
	names[n++] = "normal";
	names[n++] = "on";
	names[n] = NULL;
	const char *best = ini_closest(word, names);
	if (best)
		snprintf(out, 32, "%s", best);
	return best != NULL;
}

struct spec_parser {
	const char *spec;
	const struct theme_where *w;
	struct diag_list *diags;
	int errors;
};

static void spec_error(struct spec_parser *p, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void spec_error(struct spec_parser *p, size_t off, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	unsigned col = p->w->col + ini_column(p->spec, off) - 1;
	diag_vadd(p->diags, p->w->file, p->w->line, col, SEV_ERROR, fmt, ap);
	va_end(ap);
	p->errors++;
}

static void unknown_word(struct spec_parser *p, size_t off, const char *word)
{
	char near[32];
	if (closest_word(word, near))
		spec_error(p, off, "unknown colour or attribute '%s' (did you mean '%s'?)", word,
			   near);
	else
		spec_error(p, off, "unknown colour or attribute '%s'", word);
}

int theme_parse_style(const char *spec, struct theme_style *out, const struct theme_where *w,
		      struct diag_list *diags)
{
	struct spec_parser p = { spec, w, diags, 0 };
	*out = (struct theme_style){ THEME_DEFAULT, THEME_DEFAULT, 0 };
	bool have_fg = false, have_bg = false, any = false, want_bg = false;
	size_t fg_off = 0, on_off = 0;
	size_t i = 0, n = strlen(spec);
	while (i < n) {
		while (i < n && (spec[i] == ' ' || spec[i] == '\t'))
			i++;
		if (i >= n)
			break;
		size_t j = i;
		while (j < n && spec[j] != ' ' && spec[j] != '\t')
			j++;
		char *word = xstrndup(spec + i, j - i);
		for (char *c = word; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		any = true;
		int col = parse_colour(word);
		unsigned bit;
		if (strcmp(word, "on") == 0) {
			if (want_bg)
				spec_error(&p, i, "'on' twice in a row");
			else if (have_bg)
				spec_error(&p, i, "a second background colour");
			want_bg = true;
			on_off = i;
		} else if (col == -3) {
			spec_error(&p, i, "colour number in '%s' out of range (0 to 255)", word);
			want_bg = false;
		} else if (col >= THEME_DEFAULT && want_bg) {
			out->bg = (short)col;
			have_bg = true;
			want_bg = false;
		} else if (col >= THEME_DEFAULT) {
			if (have_fg)
				spec_error(&p, i,
					   "a second foreground colour '%s' (the first is at "
					   "column %u; use 'on %s' for a background)",
					   word, w->col + ini_column(spec, fg_off) - 1, word);
			out->fg = (short)col;
			have_fg = true;
			fg_off = i;
		} else if (parse_attr(word, &bit) == 0) {
			if (want_bg) {
				spec_error(&p, on_off, "'on' needs a colour, not '%s'", word);
				want_bg = false;
			}
			out->attrs |= bit;
		} else {
			unknown_word(&p, i, word);
			want_bg = false;
		}
		free(word);
		i = j;
	}
	if (want_bg)
		spec_error(&p, on_off, "'on' needs a colour after it");
	if (!any)
		spec_error(&p, 0,
			   "empty style (give colours and attributes, e.g. 'yellow bold', "
			   "or 'normal')");
	return p.errors ? -1 : 0;
}

unsigned theme_mono_of(const struct theme_style *s)
{
	return s->attrs | (s->bg != THEME_DEFAULT ? THEME_REVERSE : 0u);
}

struct theme_style theme_on_status(const struct theme *th, enum style s)
{
	struct theme_style st = th->color[s];
	if (st.bg == THEME_DEFAULT)
		st.bg = th->color[STYLE_STATUS].bg;
	return st;
}

static int colour_text(short c, char *buf, size_t cap)
{
	if (c == THEME_DEFAULT)
		return snprintf(buf, cap, "default");
	if (c < 8)
		return snprintf(buf, cap, "%s", colour_names[c]);
	if (c < 16)
		return snprintf(buf, cap, "bright-%s", colour_names[c - 8]);
	return snprintf(buf, cap, "color%d", c);
}

void theme_format_style(const struct theme_style *s, char *buf, size_t cap)
{
	char fg[24], bg[24];
	size_t o = 0;
	buf[0] = '\0';
#define APPEND_(...)                                                                   \
	do {                                                                           \
		int k_ = snprintf(buf + o, o < cap ? cap - o : 0, __VA_ARGS__);        \
		if (k_ > 0)                                                            \
			o = o + (size_t)k_ < cap ? o + (size_t)k_ : cap ? cap - 1 : 0; \
	} while (0)
	if (s->fg != THEME_DEFAULT || s->bg != THEME_DEFAULT) {
		colour_text(s->fg, fg, sizeof fg);
		APPEND_("%s", fg);
	}
	if (s->bg != THEME_DEFAULT) {
		colour_text(s->bg, bg, sizeof bg);
		APPEND_(" on %s", bg);
	}
	for (size_t i = 0; i < NATTRS; i++)
		if (s->attrs & attr_names[i].bit)
			APPEND_("%s%s", o ? " " : "", attr_names[i].name);
	if (o == 0)
		APPEND_("normal");
#undef APPEND_
}

/* ---- --color ---- */

int theme_color_mode_parse(const char *s, enum theme_color_mode *out)
{
	static const struct {
		const char *name;
		enum theme_color_mode mode;
	} modes[] = {
		{ "auto", THEME_COLOR_AUTO },
		{ "always", THEME_COLOR_ALWAYS },
		{ "never", THEME_COLOR_NEVER },
	};
	for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++)
		if (strcmp(s, modes[i].name) == 0) {
			*out = modes[i].mode;
			return 0;
		}
	return -1;
}

bool theme_color_wanted(enum theme_color_mode mode, bool is_tty, const char *no_color,
			const char *term)
{
	if (mode != THEME_COLOR_AUTO)
		return mode == THEME_COLOR_ALWAYS;
	if (!is_tty || (no_color && no_color[0]))
		return false;
	return !(term && strcmp(term, "dumb") == 0);
}
