#ifndef LECTERN_CONFIG_H
#define LECTERN_CONFIG_H

#include <stdbool.h>

#include "diag.h"
#include "keymap.h"
#include "theme.h"

/* The user's settings, from $XDG_CONFIG_HOME/lectern/config.ini (default
 * ~/.config/lectern/config.ini), an INI file:
 *
 *   [display]
 *   clock = yes          ; wall clock in the status line (yes|no)
 *   color = no           ; attributes only, as with NO_COLOR (yes|no)
 *   theme = light        ; dark (default), light, high-contrast or a user theme
 *
 *   [theme-mine]         ; a user theme (theme.h has the style specs)
 *   base = light         ; start from this theme (default dark)
 *   title = red bold     ; role = style spec, one key per role to change
 *
 *   [keys]
 *   next = l, Right      ; action name = comma-separated key names
 *
 *   [speech]             ; speaking rates for the notes estimate (plan.h)
 *   han-per-minute = 190 ; Chinese characters per minute
 *   words-per-minute = 150
 *
 * Every key is declared once in the schema table of config.c; the [keys]
 * section accepts the action names of keymap.h and replaces all default
 * keys of each action it names. A key given to an action is taken away from
 * any other action of the same context. A theme name must not be a built-in
 * one, and [display] theme may name a theme defined later in the file.
 * Problems are reported like deck
 * problems, FILE:LINE:COL, unknown names with a did-you-mean. */

struct config {
	bool clock;
	bool color;
	struct keymap keys;
	char theme[THEME_NAME_MAX]; /* [display] theme: the theme's name */
	struct theme *themes;       /* user themes, in file order; owned */
	size_t nthemes;
	unsigned han_per_min, words_per_min; /* [speech] */
	bool han_set, words_set;             /* [speech]: given in the file */
};

/* Fills c (uninitialised) with the defaults; release with config_release. */
void config_init(struct config *c);
void config_release(struct config *c);

/* Reads path over the settings in c. A missing file is not an error:
 * returns 0 and changes nothing. Returns 0 on success (warnings may be in
 * diags), -1 when the file has errors or cannot be read; then c is left as
 * it was and diags holds every problem found. */
int config_load(struct config *c, const char *path, struct diag_list *diags);

/* config_load() of len bytes of INI text already read, called name in
 * diagnostics. */
int config_load_buffer(struct config *c, const char *name, const char *buf, size_t len,
		       struct diag_list *diags);

/* The theme called name: a user theme of c or a built-in one (copied into
 * *buf). Returns a pointer to it (into c or to buf), or NULL when there is
 * no such theme. */
const struct theme *config_theme(const struct config *c, const char *name, struct theme *buf);

/* For a message about an unknown theme name: the closest theme name (or
 * NULL), and every theme name as "dark, light, ..." (a new string the
 * caller frees). */
const char *config_theme_closest(const struct config *c, const char *name);
char *config_theme_names(const struct config *c);

/* True when INI text looks like a config file rather than a deck: its first
 * section is one of the config's ([display], [keys], [theme-NAME]), for
 * lectern check, which then checks it as a config. Reads only up to that
 * section header. */
bool config_text_is_config(const char *bytes, size_t len);

/* The config file's path from the values of XDG_CONFIG_HOME and HOME
 * (either may be NULL or empty; a relative XDG_CONFIG_HOME is ignored as
 * the XDG spec says). Returns a new string, or NULL when neither gives a
 * place. */
char *config_default_path(const char *xdg_config_home, const char *home);

#endif
