#ifndef LECTERN_THEME_H
#define LECTERN_THEME_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "layout.h"

/* Themes: what colours and attributes each semantic role (enum style) gets,
 * as plain data without curses; src/tui.c maps a theme to colour pairs.
 * There are three built-in themes, "dark" (the default), "light" and
 * "high-contrast"; user themes come from the config file (config.h) as
 * [theme-NAME] sections with one key per role, whose value is a style spec:
 *
 *   title = yellow bold          foreground, attributes
 *   status = black on white      foreground on background
 *   chart = color208             one of the 256 colours
 *
 * Words, in any order, separated by spaces: at most one foreground colour,
 * at most one "on COLOUR", any of the attributes bold, dim, underline,
 * italic, reverse, and "normal" (no attribute, for an otherwise empty
 * spec). Colours: default (the terminal's), black, red, green, yellow,
 * blue, magenta, cyan, white, the same with "bright-" (8 to 15), and
 * colorN / colourN for N from 0 to 255. Names are case-insensitive.
 *
 * A theme has two sets of looks per role: with colour, and attributes only
 * (NO_COLOR, "[display] color = no", a terminal without colours). */

/* A colour: THEME_DEFAULT, or 0 to 255 (0-7 the ANSI colours in the order
 * of the names above, 8-15 their bright forms). */
enum { THEME_DEFAULT = -1 };

enum theme_attr {
	THEME_BOLD = 1u << 0,
	THEME_DIM = 1u << 1,
	THEME_UNDERLINE = 1u << 2,
	THEME_ITALIC = 1u << 3,
	THEME_REVERSE = 1u << 4,
};

struct theme_style {
	short fg, bg;   /* colours */
	unsigned attrs; /* enum theme_attr bits */
};

#define THEME_NAME_MAX 64

struct theme {
	char name[THEME_NAME_MAX];
	struct theme_style color[STYLE_COUNT]; /* with colour */
	unsigned mono[STYLE_COUNT];            /* attributes only */
};

/* The role names ("title", "pace-over", ...) and their one-line help,
 * generated from STYLE_LIST; NULL for a value out of range. */
const char *theme_role_name(enum style s);
const char *theme_role_help(enum style s);
/* The role named name (exact, lower case), or -1. */
int theme_role_from_name(const char *name);

/* The built-in themes: i from 0 to theme_builtin_count() - 1, in the order
 * dark, light, high-contrast. theme_builtin_find() returns the one named
 * name, or NULL. Both fill *out (any contents) and return out. */
size_t theme_builtin_count(void);
struct theme *theme_builtin(size_t i, struct theme *out);
struct theme *theme_builtin_find(const char *name, struct theme *out);
/* The name of built-in theme i (NULL when out of range). */
const char *theme_builtin_name(size_t i);

/* Where a style spec was written, for diagnostics: col is the column of
 * the spec's first character on line. */
struct theme_where {
	const char *file;
	unsigned line, col;
};

/* Parses a style spec (see above) into *out. Returns 0, or -1 with every
 * problem added to diags as an error at its word's column (unknown words
 * with a did-you-mean); *out is then unspecified. */
int theme_parse_style(const char *spec, struct theme_style *out, const struct theme_where *w,
		      struct diag_list *diags);

/* The attributes a role of a user theme gets without colour: its own,
 * plus reverse when it has a background colour (so "black on white" stays
 * visible). */
unsigned theme_mono_of(const struct theme_style *s);

/* The look of role s drawn inside the status line (the progress bar, a
 * warning): the role's own, but on the status line's background when the
 * role keeps the default one, so a status line with a background colour
 * has no hole where another role is drawn on it. */
struct theme_style theme_on_status(const struct theme *th, enum style s);

/* Formats a style back as a spec ("yellow on blue bold"; "normal" when
 * it sets nothing) into buf of cap bytes. */
void theme_format_style(const struct theme_style *s, char *buf, size_t cap);

/* --color for the text outputs. */
enum theme_color_mode {
	THEME_COLOR_AUTO,   /* on a terminal, unless NO_COLOR or TERM=dumb */
	THEME_COLOR_ALWAYS, /* always, even into a pipe or with NO_COLOR */
	THEME_COLOR_NEVER,
};

/* Parses "auto", "always" or "never". Returns 0, or -1 for anything else. */
int theme_color_mode_parse(const char *s, enum theme_color_mode *out);

/* Whether a text output uses colour: mode, whether the stream is a
 * terminal, and the values of NO_COLOR and TERM (either may be NULL).
 * NO_COLOR counts when it is set and not empty. */
bool theme_color_wanted(enum theme_color_mode mode, bool is_tty, const char *no_color,
			const char *term);

#endif
