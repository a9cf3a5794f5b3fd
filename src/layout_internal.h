#ifndef LECTERN_LAYOUT_INTERNAL_H
#define LECTERN_LAYOUT_INTERNAL_H

/* Inside the slide layout (layout.h): the state one layout_slide() call
 * builds a frame with, shared by the files that lay out one kind of item
 * each (layout.c and the layout_*.c beside it). Not for other modules. */

#include <stdbool.h>

#include "layout.h"

struct lay {
	const struct layout_opts *o; /* what layout_slide() was asked */
	struct frame *f;
	struct tl_text wb;
	const struct slide *s;
	enum view view;
	unsigned left, cw;         /* content columns [left, left + cw) */
	unsigned row;              /* next free row */
	bool compact;              /* preview: no blank rows, no boxes */
	bool centre;               /* title layout on the audience screen */
	bool centre_boxes;         /* figures centred (audience screen) */
	unsigned step_r0, step_r1; /* rows of the items of the step shown last */
	bool has_step_rows;
	unsigned claim; /* the width an item laid out since centre_block() was
			 * last asked claims beyond its runs' (a clipped code
			 * block: all of cw, shifted or not), so that a block
			 * does not move when its rows shrink */
};

/* Wraps text (NULL: nothing) into [x, x + width) from row on, in style st;
 * returns the rows it took (0 for an empty text). */
unsigned lay_text(struct lay *L, unsigned row, unsigned x, unsigned width, const char *text,
		  enum style st, enum frame_align al);

/* Shifts every run of rows [r0, r1) right so that the block, as wide as
 * its widest row or L->claim, is centred in the content width
 * [L->left, L->left + L->cw). */
void centre_block(struct lay *L, unsigned r0, unsigned r1);

/* layout_section.c: the divider of a LAYOUT_SECTION slide (its section's
 * number and name, the title and subtitle that differ from it) from
 * L->row on, in place of the title; on the audience screen it sets
 * L->centre, so that the slide is centred like a title slide. */
void lay_section(struct lay *L);

/* layout_section.c: an ITEM_AGENDA item, the sections of L->o->deck with
 * L->s's own marked, from L->row on. */
void lay_agenda(struct lay *L, const struct item *it);

/* A table and a code block at L->row, advancing it (src/layout_block.c). */
void lay_table(struct lay *L, const struct item *it);
void lay_code(struct lay *L, const struct item *it);

#endif
