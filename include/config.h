#ifndef LECTERN_CONFIG_H
#define LECTERN_CONFIG_H

#include <stdbool.h>

#include "diag.h"
#include "keymap.h"

/* The user's settings, from $XDG_CONFIG_HOME/lectern/config.ini (default
 * ~/.config/lectern/config.ini), an INI file:
 *
 *   [display]
 *   clock = yes          ; wall clock in the status line (yes|no)
 *   color = no           ; attributes only, as with NO_COLOR (yes|no)
 *
 *   [keys]
 *   next = l, Right      ; action name = comma-separated key names
 *
 * Every key is declared once in the schema table of config.c; the [keys]
 * section accepts the action names of keymap.h and replaces all default
 * keys of each action it names. A key given to an action is taken away from
 * any other action of the same context. Problems are reported like deck
 * problems, FILE:LINE:COL, unknown names with a did-you-mean. */

struct config {
	bool clock;
	bool color;
	struct keymap keys;
};

/* Fills c (uninitialised) with the defaults; release with config_release. */
void config_init(struct config *c);
void config_release(struct config *c);

/* Reads path over the settings in c. A missing file is not an error:
 * returns 0 and changes nothing. Returns 0 on success (warnings may be in
 * diags), -1 when the file has errors or cannot be read; then c is left as
 * it was and diags holds every problem found. */
int config_load(struct config *c, const char *path, struct diag_list *diags);

/* The config file's path from the values of XDG_CONFIG_HOME and HOME
 * (either may be NULL or empty; a relative XDG_CONFIG_HOME is ignored as
 * the XDG spec says). Returns a new string, or NULL when neither gives a
 * place. */
char *config_default_path(const char *xdg_config_home, const char *home);

#endif
