/* lectern: entry point. Picks the subcommand and hands over its argv; every
 * subcommand parses its own options and returns the exit status. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

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
	"\n"
	"Options:\n"
	"  -h, --help         show this help (or a command's: lectern CMD --help)\n"
	"  -V, --version      show the version\n"
	"\n"
	"Exit status: 0 ok, 1 deck errors, 2 usage errors, 3 I/O or internal errors.\n"
	"The deck format is described in docs/deck-format.md.\n";

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
	if (strcmp(cmd, "check") == 0)
		return cmd_check(argc - 1, argv + 1);
	if (strcmp(cmd, "export") == 0)
		return cmd_export(argc - 1, argv + 1);
	if (strcmp(cmd, "import") == 0)
		return cmd_import(argc - 1, argv + 1);
	if (strcmp(cmd, "present") == 0)
		return cmd_present(argc - 1, argv + 1);
	if (strcmp(cmd, "report") == 0)
		return cmd_report(argc - 1, argv + 1);
	if (strcmp(cmd, "plan") == 0)
		return cmd_plan(argc - 1, argv + 1);
	if (strcmp(cmd, "rehearse") == 0)
		return cmd_rehearse(argc - 1, argv + 1);
	if (strcmp(cmd, "console") == 0)
		return cmd_console(argc - 1, argv + 1);
	/* no command: "lectern DECK" or "lectern --lang en" presents */
	return cmd_present(argc, argv);
}
