#ifndef LECTERN_CLI_H
#define LECTERN_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "deck.h"
#include "diag.h"

/* Pieces of the command line shared by the subcommands. Exit statuses are
 * the same everywhere: */
enum {
	EXIT_OK = 0,
	EXIT_DECK = 1,     /* a deck (or config) has errors */
	EXIT_USAGE = 2,    /* bad command line */
	EXIT_INTERNAL = 3, /* I/O failure or internal error */
};

/* Loads the deck a subcommand was given: path, or the built-in talk in
 * lang ("zh" or "en"; NULL = "zh") when path is NULL. Returns a new deck or
 * NULL with the problems in diags. */
struct deck *cli_load_deck(const char *path, const char *lang, struct diag_list *diags);

/* The built-in talk, in either language, whose deck id is id, and in
 * *lang ("zh" or "en", static) its language; NULL when neither has that
 * id. The caller frees the deck. */
struct deck *cli_builtin_by_id(const char *id, const char **lang);

/* cli_load_deck() for a command that only reports the problems: prints
 * every diagnostic to stderr. Returns a new deck, or NULL when it has
 * errors (the command then exits EXIT_DECK). */
struct deck *cli_open_deck(const char *path, const char *lang);

/* present --list, rehearse --list: one line per slide of d to out, as
 * "NUM  ID  TIME  KIND  TITLE" in aligned columns: the slide number as the
 * player shows it (main slides from 1, backup slides from B1, nav.h),
 * its id, its planned time (M:SS, "-" for none), "backup" or "-", and the
 * title with control characters shown as the layout shows them. */
void cli_list_slides(FILE *out, const struct deck *d);

/* Writes what write(out, ctx) produces to path, atomically and refusing an
 * existing file unless force (see atomic.h), or to standard output when
 * path is NULL or "-". what names the content in messages ("the export").
 * Returns EXIT_OK, EXIT_DECK for an existing file (or a symbolic link or
 * anything but a regular file, refused even with force), EXIT_INTERNAL for
 * an I/O error, after printing why. */
int cli_write_output(const char *path, bool force, const char *what,
		     int (*write)(FILE *out, void *ctx), void *ctx);

/* Refuses -o output when it is the same file as input (compared by device
 * and inode, so another path to it, a hard link or a symbolic link counts):
 * prints why, naming both, and returns EXIT_DECK; what names the input
 * ("the deck being exported"). Returns EXIT_OK when output or input is NULL,
 * output is "-", or either does not exist. */
int cli_check_output(const char *output, const char *input, const char *what);

/* The value of option name at argv[*i], as "--name=V" or "--name V"
 * (then *i moves past V); NULL when argv[*i] is not that option. Sets
 * *missing when the value is absent. The value is borrowed from argv. */
const char *cli_opt_value(int argc, char **argv, int *i, const char *name, int *missing);

/* Prints "lectern: " and the message to stderr, through the sanitising
 * writer (textclass.h: an argument quoted in it cannot reach the terminal
 * raw), with a hint to run "lectern CMD --help"; returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Subcommands; each takes its own argv (argv[0] is the subcommand name) and
 * returns an exit status. */
int cmd_check(int argc, char **argv);
int cmd_export(int argc, char **argv);
/* import: a Markdown deck converted to the INI format (src/cmd_import.c). */
int cmd_import(int argc, char **argv);
/* report: the rehearsal history of a deck (src/cmd_report.c). */
int cmd_report(int argc, char **argv);
/* plan: planned times from rehearsals or notes, written back on request
 * (src/cmd_plan.c). */
int cmd_plan(int argc, char **argv);
struct plan_rate_config;
struct plan_rate_choice;
/* The config file's [speech] rates (plan.h defaults, not set, without a
 * file). Returns 0, or -1 after printing the config file's errors (c then
 * holds the defaults). */
int cli_speech_config(struct plan_rate_config *c);
/* The rates of the notes estimate for deck d (plan_choose_rates): measured
 * from the newest PLAN_MEASURE_LAST complete rehearsals of d in the state
 * folder (record.h), else cfg's, else the defaults. Records that cannot be
 * read are left out silently. */
void cli_speech_rates(const struct deck *d, const struct plan_rate_config *cfg,
		      struct plan_rate_choice *out);
/* present: the full-screen player (src/cmd_present.c, src/tui.c). */
int cmd_present(int argc, char **argv);
/* rehearse: present in the presenter layout and record the timings
 * (src/cmd_present.c). */
int cmd_rehearse(int argc, char **argv);
/* console: the presenter console following a presentation in another
 * terminal; console --list lists the running presentations (src/cmd_console.c). */
int cmd_console(int argc, char **argv);
/* lectern follow: a read-only follower of a running presentation
 * (src/cmd_follow.c). */
int cmd_follow(int argc, char **argv);

#endif
