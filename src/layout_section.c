/* Sections in the slide layout (layout.h): the divider of a LAYOUT_SECTION
 * slide and the ITEM_AGENDA item, both laid out into the frame of one
 * layout_slide() call (layout_internal.h).
 *
 * The divider, on the audience screen when it has room (at least
 * SECTION_FULL_COLS content columns and SECTION_FULL_ROWS rows, or no row
 * limit): the section's number "03 / 06" (STYLE_CAPTION), a blank row, the
 * name (STYLE_TITLE, wrapped), a thin rule under it (STYLE_DIM), and the
 * slide's title and subtitle when they differ from the name, all centred;
 * layout.c centres the block vertically (L->centre). Smaller, in the
 * preview and in the export: one line each, "03 / 06 · 芯片" then the
 * title and subtitle that differ, no rule; on the screen these lines are cut
 * with "…", in the export wrapped (the export keeps every character).
 *
 * The agenda: one row per section of o->deck, "▸ 03  芯片" for the slide's
 * own section (STYLE_FIGURE) and "  01  需求" for the others (STYLE_TEXT, the
 * number STYLE_DIM); names wrap in their column when there is room and are
 * cut with "…" on one line each when there is not. No deck or no sections:
 * one "(no sections)" row in STYLE_DIM. Both are linear in the sections. */
#include "layout.h"
#include "layout_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	SECTION_FULL_COLS = 16, /* content columns for the composed divider */
	SECTION_FULL_ROWS = 10, /* screen rows for the composed divider */
	AGENDA_WRAP_COLS = 16,  /* content columns for wrapped agenda names */
};

static const char agenda_mark[] = "▸";

size_t layout_section_number(const struct deck *d, const struct section *sec)
{
	if (!d || !sec || d->nsections == 0)
		return 0;
	uintptr_t p = (uintptr_t)sec, a = (uintptr_t)d->sections;
	uintptr_t e = (uintptr_t)(d->sections + d->nsections);
	if (p < a || p >= e || (p - a) % sizeof *sec)
		return 0;
	return (size_t)(sec - d->sections) + 1;
}

/* Decimal digits of n, at least 2 ("03"). */
static int section_digits(size_t n)
{
	int k = 1;
	while (n >= 10) {
		n /= 10;
		k++;
	}
	return k < 2 ? 2 : k;
}

/* n in decimal, zero-padded to width digits (at most 20), into buf. */
static void put_number(char buf[24], size_t n, int width)
{
	char t[24];
	int len = snprintf(t, sizeof t, "%zu", n), pad = width > len ? width - len : 0;
	if (pad > 20 - len)
		pad = 20 - len > 0 ? 20 - len : 0;
	memset(buf, '0', (size_t)pad);
	memcpy(buf + pad, t, (size_t)len + 1);
}

void layout_section_label(const struct deck *d, const struct section *sec,
			  char buf[LAYOUT_SECTION_LABEL_LEN])
{
	size_t k = layout_section_number(d, sec);
	buf[0] = '\0';
	if (k) {
		char a[24], b[24];
		put_number(a, k, section_digits(d->nsections));
		put_number(b, d->nsections, section_digits(d->nsections));
		snprintf(buf, LAYOUT_SECTION_LABEL_LEN, "%s / %s", a, b);
	}
}

/* A copy of s that lives as long as the frame (runs borrow their text). */
static const char *frame_keep(struct lay *L, const char *s)
{
	return arena_strdup(&L->f->own, s);
}

static bool same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* One line of text in [L->left, L->left + L->cw): cut with "…" on the
 * screen, wrapped in the export (which keeps all the text). Returns the
 * rows taken (at least 1 for a non-empty text, 0 for NULL or ""). */
static unsigned line_or_wrap(struct lay *L, unsigned row, const char *text, enum style st,
			     enum frame_align al)
{
	if (!text || !*text)
		return 0;
	if (L->view == VIEW_EXPORT || L->view == VIEW_NOTES)
		return lay_text(L, row, L->left, L->cw, text, st, al);
	unsigned w = layout_width(text, strlen(text));
	unsigned x = L->left;
	if (al == FRAME_CENTRE && w < L->cw)
		x += (L->cw - w) / 2;
	frame_put_cut(L->f, row, x, text, strlen(text), L->cw - (x - L->left), st);
	return 1;
}

/* The divider's small lines: "03 / 06 · name", title, subtitle. */
static void lay_divider_lines(struct lay *L, const struct section *sec, const char *label)
{
	const struct slide *s = L->s;
	enum frame_align al = L->centre ? FRAME_CENTRE : FRAME_LEFT;
	if (sec) {
		const char *head = sec->name;
		if (label[0]) {
			char *both = xasprintf("%s · %s", label, sec->name);
			head = frame_keep(L, both);
			free(both);
		}
		L->row += line_or_wrap(L, L->row, head, STYLE_TITLE, al);
	}
	if (!sec || !same(s->title, sec->name))
		L->row += line_or_wrap(L, L->row, s->title, sec ? STYLE_SUBTITLE : STYLE_TITLE, al);
	if (s->subtitle && (!sec || !same(s->subtitle, sec->name)))
		L->row += line_or_wrap(L, L->row, s->subtitle, STYLE_SUBTITLE, al);
}

/* The composed divider (see the top of the file). */
static void lay_divider_full(struct lay *L, const struct section *sec, const char *label)
{
	const struct slide *s = L->s;
	struct frame *f = L->f;
	if (label[0]) {
		L->row += lay_text(L, L->row, L->left, L->cw, frame_keep(L, label), STYLE_CAPTION,
				   FRAME_CENTRE);
		L->row++;
	}
	L->row += lay_text(L, L->row, L->left, L->cw, sec->name, STYLE_TITLE, FRAME_CENTRE);
	unsigned name_w = layout_width(sec->name, strlen(sec->name));
	unsigned rw = (name_w < 8 ? 8 : name_w) + 4;
	if (rw > L->cw)
		rw = L->cw;
	frame_repeat(f, L->row, L->left + (L->cw - rw) / 2, "─", rw, STYLE_DIM);
	L->row++;
	bool gap = true;
	if (!same(s->title, sec->name)) {
		L->row += gap;
		gap = false;
		L->row +=
			lay_text(L, L->row, L->left, L->cw, s->title, STYLE_SUBTITLE, FRAME_CENTRE);
	}
	if (s->subtitle && *s->subtitle && !same(s->subtitle, sec->name)) {
		L->row += gap;
		L->row += lay_text(L, L->row, L->left, L->cw, s->subtitle, STYLE_CAPTION,
				   FRAME_CENTRE);
	}
}

void lay_section(struct lay *L)
{
	const struct slide *s = L->s;
	const struct section *sec = s->section;
	char label[LAYOUT_SECTION_LABEL_LEN];
	layout_section_label(L->o->deck, sec, label);
	if (L->view == VIEW_SLIDE)
		L->centre = true;
	unsigned R = L->o->rows;
	bool full = L->view == VIEW_SLIDE && !L->compact && sec && L->cw >= SECTION_FULL_COLS &&
		    (R == 0 || R >= SECTION_FULL_ROWS);
	if (full)
		lay_divider_full(L, sec, label);
	else
		lay_divider_lines(L, sec, label);
}

void lay_agenda(struct lay *L, const struct item *it)
{
	(void)it;
	const struct deck *d = L->o->deck;
	if (!d || d->nsections == 0) {
		static const char none[] = "(no sections)";
		frame_put(L->f, L->row, L->left, none, sizeof none - 1, L->cw, STYLE_DIM);
		L->row++;
		return;
	}
	int dg = section_digits(d->nsections);
	/* "▸ " + digits + "  " before the name, when it leaves room for one */
	unsigned pre = 2u + (unsigned)dg + 2u;
	bool numbers = L->cw >= pre + 4;
	unsigned x = numbers ? pre : (L->cw >= 4 ? 2u : 0u);
	bool wrap = L->view == VIEW_EXPORT || (!L->compact && L->cw >= AGENDA_WRAP_COLS);
	for (size_t k = 0; k < d->nsections; k++) {
		const struct section *sec = &d->sections[k];
		bool cur = sec == L->s->section;
		enum style st = cur ? STYLE_FIGURE : STYLE_TEXT;
		unsigned r = L->row;
		if (cur && x >= 2)
			frame_add_run(L->f, r, L->left, agenda_mark, sizeof agenda_mark - 1, 1,
				      STYLE_FIGURE);
		if (numbers) {
			char num[24];
			put_number(num, k + 1, dg);
			frame_put(L->f, r, L->left + 2, frame_keep(L, num), strlen(num),
				  (unsigned)dg, cur ? STYLE_FIGURE : STYLE_DIM);
		}
		const char *name = sec->name;
		unsigned n;
		if (x == 0 && cur) {
			/* too narrow for a column of marks: the mark leads the name */
			char *m = xasprintf("%s%s", agenda_mark, name);
			name = frame_keep(L, m);
			free(m);
		}
		if (wrap) {
			n = lay_text(L, r, L->left + x, L->cw - x, name, st, FRAME_LEFT);
		} else {
			frame_put_cut(L->f, r, L->left + x, name, strlen(name), L->cw - x, st);
			n = 1;
		}
		L->row += n ? n : 1;
	}
}
