#include "cli.h"

#include <stdarg.h>
#include <stdio.h>

#include "builtin.h"

struct deck *cli_load_deck(const char *path, const char *lang, struct diag_list *diags)
{
	if (path)
		return deck_load_file(path, diags);
	struct builtin_deck b;
	if (builtin_find(lang, &b) != 0) {
		diag_add(diags, "lectern", 0, 0, SEV_ERROR,
			 "no built-in talk in language '%s' (there are 'zh' and 'en')", lang);
		return NULL;
	}
	return deck_load_buffer(b.name, b.bytes, b.len, diags);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fputs("lectern: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (cmd)
		fprintf(stderr, "\nTry 'lectern %s --help'.\n", cmd);
	else
		fputs("\nTry 'lectern --help'.\n", stderr);
	return EXIT_USAGE;
}
