/* STUB: replaced by the ncurses presenter. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <stdio.h>

#include "cli.h"

int cmd_present(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "lectern: 'present' is not implemented yet\n");
	return EXIT_USAGE;
}
