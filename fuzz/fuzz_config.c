/* libFuzzer target: the config reader (config.ini). Every input is either
 * taken without an error, and then the display theme it names exists, or
 * refused with at least one error; the settings a refused file would have
 * changed stay the defaults. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The defaults, made once and kept to the end (reachable, so no leak):
 * config_init is deterministic, and making them again for every input took
 * a fifth of the target's time. */
static const struct config *defaults(void)
{
	static struct config def;
	static int made;
	if (!made) {
		config_init(&def);
		made = 1;
	}
	return &def;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct config *def = defaults();
	struct config c;
	config_init(&c);
	struct diag_list diags;
	diag_list_init(&diags);
	int rc = config_load_buffer(&c, "fuzz.ini", (const char *)data, size, &diags);
	struct theme buf;
	if (rc == 0 && (diags.nerrors != 0 || !config_theme(&c, c.theme, &buf)))
		abort();
	if (rc != 0 &&
	    (diags.nerrors == 0 || c.clock != def->clock || c.color != def->color ||
	     strcmp(c.theme, def->theme) != 0 || c.nthemes != 0 || c.keys.n != def->keys.n))
		abort();
	free(config_theme_names(&c));
	config_release(&c);
	diag_list_release(&diags);
	return 0;
}
