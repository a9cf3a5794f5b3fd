/* STUB: replaced by the layout engine. */
#include "layout.h"

#include <stdlib.h>

struct frame *frame_new(unsigned cols, unsigned rows)
{
	(void)rows;
	struct frame *f = xcalloc(1, sizeof *f);
	f->cols = cols;
	return f;
}

void frame_free(struct frame *f)
{
	if (!f)
		return;
	free(f->rows);
	free(f->runs);
	free(f);
}

struct frame *layout_slide(const struct slide *s, const struct layout_opts *o)
{
	(void)s;
	return frame_new(o->cols, o->rows);
}
