/* The presentation controller (present.h). */
#include <stdlib.h>
#include <sys/stat.h>

#include "deck.h"
#include "nav.h"
#include "present.h"
#include "session.h"
#include "timer.h"

void present_note_warnings(struct present *p, size_t nwarnings)
{
	if (nwarnings)
		nav_note(&p->nav, false, "the deck has %zu warnings: see 'lectern check'",
			 nwarnings);
}

void present_remember_file(struct present *p)
{
	p->have_st = p->o.path && stat(p->o.path, &p->st) == 0;
}
