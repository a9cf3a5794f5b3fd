/* Prints the key table of the help overlay, one action a line:
 * "CONTEXT<TAB>KEYS<TAB>HELP", from the default key map (what a user
 * without a config file sees); with --actions, "NAME<TAB>HELP", the action
 * names of [keys] in the config file. tests/unix.sh compares both with
 * lectern.1. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keymap.h"

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--actions") == 0) {
		for (int a = 1; a < ACTION_COUNT; a++)
			printf("%s\t%s\n", action_name((enum action)a),
			       action_help((enum action)a));
		return 0;
	}
	static const char *const ctx[KEYCTX_COUNT] = { "global", "search", "overview" };
	struct keymap km;
	keymap_init_default(&km);
	for (int a = 1; a < ACTION_COUNT; a++) {
		char *keys = keymap_keys_text(&km, (enum action)a);
		printf("%s\t%s\t%s\n", ctx[action_context((enum action)a)],
		       keys[0] ? keys : "(unbound)", action_help((enum action)a));
		free(keys);
	}
	keymap_release(&km);
	return 0;
}
