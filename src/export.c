#include "export.h"

#include "layout.h"

int export_deck(const struct deck *d, const struct export_opts *o, FILE *out)
{
	(void)o;
	for (size_t i = 0; i < d->nslides; i++)
		fprintf(out, "%zu. %s\n", i + 1, d->slides[i].title);
	return ferror(out) ? -1 : 0;
}
