#ifndef LECTERN_PRESENT_CLI_H
#define LECTERN_PRESENT_CLI_H

/* What the command lines of present, rehearse (src/cmd_present.c) and
 * console (src/cmd_console.c) share: the option scanner over tables of
 * fields of struct present_opts, the --session check, the config file and
 * the theme. */

#include <stddef.h>

#include "config.h"
#include "present.h"

/* One option: a flag sets the bool, a value option the const char *, at
 * byte offset off in struct present_opts. A table ends with a NULL name. */
struct present_opt {
	const char *name;
	size_t off;
};
#define PRESENT_OPT(name, field)                           \
	{                                                  \
		name, offsetof(struct present_opts, field) \
	}

/* The option loop: DECK, "--", --help (prints help to stdout), and the
 * flags and value options of the tables. Returns -1 to go on, else the
 * exit status (a usage error is printed). */
int present_scan_args(int argc, char **argv, struct present_opts *o,
		      const struct present_opt *flags, const struct present_opt *values,
		      const char *help);

/* Checks --session NAME; returns -1 when it is fine (or not given), else
 * the exit status of a usage error. */
int present_check_session(const struct present_opts *o);

/* Checks --lang (a built-in talk: zh or en); returns -1 when it is fine
 * (or not given), else the exit status of a usage error. */
int present_check_lang(const struct present_opts *o);

/* Loads the user's config file into cfg (config_init()ed); prints its
 * diagnostics. Returns 0, or -1 when it has errors. */
int present_load_config(struct config *cfg);

/* Sets p->theme: --theme, else the config's. Returns -1 when it exists,
 * else the exit status of a usage error. */
int present_pick_theme(struct present *p);

/* config_init()s p->cfg, loads the config file and picks the theme.
 * Returns -1 when both worked, else the exit status (p->cfg released). */
int present_setup(struct present *p);

#endif
