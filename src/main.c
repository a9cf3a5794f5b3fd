/* lectern: entry point. Picks the subcommand and hands over its argv; every
 * subcommand parses its own options and returns the exit status. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "ini.h"

static const char usage[] =
	"Usage: lectern [present] [DECK] [OPTIONS]\n"
	"       lectern COMMAND [ARGS]\n"
	"\n"
	"A terminal slide-deck player. With no DECK, presents the built-in talk\n"
	"(新一代AIGC算力底座, WISE2023).\n"
	"\n"
	"Commands:\n"
	"  present [DECK]     present full-screen (the default command)\n"
	"  rehearse [DECK]    present with the rehearsal timer and record timings\n"
	"  export [DECK]      print the deck as plain text or Markdown\n"
	"  import FILE.md     convert a Markdown deck (mdp, patat, presenterm) to INI\n"
	"  check DECK...      validate decks without opening the terminal\n"
	"  report [DECK]      show the rehearsal history\n"
	"  plan DECK          plan slide times from rehearsals or notes\n"
	"  console [DECK]     presenter console following a running presentation\n"
	"  follow [DECK]      read-only follower of a running presentation (audience)\n"
	"  help [COMMAND]     show this help, or a command's\n"
	"\n"
	"Options:\n"
	"  -h, --help         show this help (or a command's: lectern CMD --help)\n"
	"  -V, --version      show the version\n"
	"\n"
	"Exit status: 0 ok, 1 deck errors, 2 usage errors, 3 I/O or internal errors.\n"
	"The deck format is described in docs/deck-format.md.\n";

/* The subcommands, as main() dispatches them. */
static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
} commands[] = {
	{ "present", cmd_present }, { "rehearse", cmd_rehearse }, { "export", cmd_export },
	{ "import", cmd_import },   { "check", cmd_check },       { "report", cmd_report },
	{ "plan", cmd_plan },       { "console", cmd_console },   { "follow", cmd_follow },
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

static long find_command(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return (long)i;
	return -1;
}

/* True when word holds only printable ASCII, as every command name does. */
static int plain_word(const char *word)
{
	for (const char *p = word; *p; p++)
		if (*p <= ' ' || *p > '~')
			return 0;
	return 1;
}

/* Reports word as an unknown command, with the closest one; returns
 * EXIT_USAGE. */
static int unknown_command(const char *word)
{
	if (!plain_word(word))
		return cli_usage_error(NULL, "unknown command: a command name is a word such as "
					     "'check'");
	const char *names[NCOMMANDS + 2];
	for (size_t i = 0; i < NCOMMANDS; i++)
		names[i] = commands[i].name;
	names[NCOMMANDS] = "help";
	names[NCOMMANDS + 1] = NULL;
	const char *near = ini_closest(word, names);
	if (near)
		return cli_usage_error(NULL, "unknown command '%s' (did you mean '%s'?)", word,
				       near);
	return cli_usage_error(NULL, "unknown command '%s', and no file of that name", word);
}

/* True when word, where a command is expected, may be the DECK of
 * "lectern DECK": a file that exists, a word that looks like a path, or one
 * with a byte no command name has (beyond printable ASCII: the deck loader
 * then says it cannot open it, quoting it escaped). */
static int may_be_deck(const char *word)
{
	struct stat st;
	return !plain_word(word) || stat(word, &st) == 0 || strchr(word, '/') || strchr(word, '.');
}

/* lectern help [COMMAND]: the usage, or the command's own --help. */
static int help(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "help") == 0) {
		fputs(usage, stdout);
		return EXIT_OK;
	}
	if (argc > 2)
		return cli_usage_error(NULL, "help takes one COMMAND, not '%s' too", argv[2]);
	long c = find_command(argv[1]);
	if (c < 0)
		return unknown_command(argv[1]);
	char *hargv[] = { argv[1], (char *)"--help", NULL };
	return commands[c].run(2, hargv);
}

int main(int argc, char **argv)
{
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		fputs(usage, stdout);
		return EXIT_OK;
	}
	if (argc >= 2 && (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0)) {
		printf("lectern %s\n", LECTERN_VERSION);
		return EXIT_OK;
	}
	if (argc < 2)
		return cmd_present(argc, argv);
	const char *cmd = argv[1];
	long c = find_command(cmd);
	if (c >= 0)
		return commands[c].run(argc - 1, argv + 1);
	if (strcmp(cmd, "help") == 0)
		return help(argc - 1, argv + 1);
	if (cmd[0] != '-' && !may_be_deck(cmd))
		return unknown_command(cmd);
	/* no command: "lectern DECK" or "lectern --lang en" presents */
	return cmd_present(argc, argv);
}
