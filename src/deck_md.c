/* A Markdown file read as a deck (deck_md.h). */
#include "deck_md.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "xalloc.h"

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n > k && strcasecmp(s + n - k, suffix) == 0;
}

bool deck_md_named(const char *name)
{
	return name && (ends_with(name, ".md") || ends_with(name, ".markdown"));
}

char *deck_md_convert(struct deck_md *md, const char *name, const char *bytes, size_t len,
		      struct diag_list *diags)
{
	*md = (struct deck_md){ .from = diags->n };
	char *ini = markdown_import_mapped(name, bytes, len, diags, &md->map);
	md->first = diags->n;
	return ini;
}

void deck_md_finish(struct deck_md *md, struct deck *d, struct diag_list *diags)
{
	for (size_t i = 0; d && i < d->nslides; i++) {
		struct slide *s = &d->slides[i];
		s->line = markdown_map_line(&md->map, s->line);
		for (size_t k = 0; k < s->nitems; k++)
			s->items[k].line = markdown_map_line(&md->map, s->items[k].line);
	}
	for (size_t i = 0; d && i < d->nsections; i++)
		d->sections[i].line = markdown_map_line(&md->map, d->sections[i].line);
	for (size_t i = md->first; i < diags->n; i++) {
		struct diag *d = &diags->v[i];
		if (!d->line)
			continue;
		unsigned ini_line = d->line;
		d->line = markdown_map_line(&md->map, ini_line);
		d->col = 0; /* a column of the INI text says nothing of the Markdown */
		char *msg = xasprintf("%s (line %u of what 'lectern import' makes of it)", d->msg,
				      ini_line);
		free(d->msg);
		d->msg = msg;
	}
	diag_sort_lines(diags, md->from);
	markdown_map_release(&md->map);
}
