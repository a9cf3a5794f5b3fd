#include <stdio.h>

#include "cli.h"
#include "export.h"

int cmd_export(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : NULL;
	struct diag_list diags;
	diag_list_init(&diags);
	struct deck *d = cli_load_deck(path, NULL, &diags);
	diag_print(&diags, stderr, 0);
	diag_list_release(&diags);
	if (!d)
		return EXIT_DECK;
	struct export_opts o = { 80, false, false };
	int rc = export_deck(d, &o, stdout);
	deck_free(d);
	return rc ? EXIT_INTERNAL : EXIT_OK;
}
