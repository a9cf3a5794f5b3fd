/* Sections in the layout and the text export, on hand-built decks: the
 * divider of a LAYOUT_SECTION slide (composed, one line each, plain in the
 * export), the agenda item (the slide's own section marked), at every size
 * from 1x1, with hostile section names; the export's section headings
 * (export.c), one before the first printed slide of each section, the same
 * from one thread or two. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "layout.h"
#include "rowtext.h"
#include "tap.h"

static int find_row(const struct frame *f, const char *text)
{
	for (unsigned r = 0; r < f->nrows; r++)
		if (strstr(row_text(f, r), text))
			return (int)r;
	return -1;
}

static int count_rows(const struct frame *f, const char *text)
{
	int n = 0;
	for (unsigned r = 0; r < f->nrows; r++)
		n += strstr(row_text(f, r), text) != NULL;
	return n;
}

/* The style of the run holding text, or STYLE_COUNT. */
static enum style style_of(const struct frame *f, const char *text)
{
	size_t n = strlen(text);
	for (size_t k = 0; k < f->nruns; k++)
		for (size_t b = 0; b + n <= f->runs[k].len; b++)
			if (memcmp(f->runs[k].text + b, text, n) == 0)
				return f->runs[k].style;
	return STYLE_COUNT;
}

/* Rows within rows (when limited), runs within the columns, no control
 * byte in any run. */
static bool fits(const struct frame *f, unsigned cols, unsigned rows)
{
	if (rows && f->nrows > rows)
		return false;
	for (unsigned r = 0; r < f->nrows; r++)
		for (size_t k = f->rows[r].first; k < f->rows[r].first + f->rows[r].n; k++) {
			const struct run *run = &f->runs[k];
			if (run->col + run->width > cols)
				return false;
			for (size_t b = 0; b < run->len; b++)
				if ((unsigned char)run->text[b] < 0x20 ||
				    (unsigned char)run->text[b] == 0x7f)
					return false;
		}
	return true;
}

static struct item agenda_item = { .kind = ITEM_AGENDA, .text = "" };
static struct item bullet = { .kind = ITEM_BULLET, .text = "一万张卡" };

/* slides: 0 agenda (no section), 1 divider of 需求 (title = name),
 * 2 a slide of 需求, 3 divider of 芯片 (title differs, subtitle),
 * 4 agenda inside 芯片, 5 divider of the hostile section */
static struct slide slides[6];
static struct section sections[3];
static struct deck deck;

static void build(void)
{
	sections[0] = (struct section){ "需求", 1, 2, 10 };
	sections[1] = (struct section){ "芯片", 3, 2, 20 };
	sections[2] = (struct section){ "Esc\x1b[31mred\x07", 5, 1, 30 };
	slides[0] = (struct slide){
		.id = "agenda", .title = "议程", .items = &agenda_item, .nitems = 1, .nsteps = 1
	};
	slides[1] = (struct slide){ .id = "need",
				    .title = "需求",
				    .layout = LAYOUT_SECTION,
				    .nsteps = 1,
				    .section = &sections[0] };
	slides[2] = (struct slide){ .id = "need2",
				    .title = "训练",
				    .items = &bullet,
				    .nitems = 1,
				    .nsteps = 1,
				    .section = &sections[0] };
	slides[3] = (struct slide){ .id = "chips",
				    .title = "国产芯片的机会",
				    .subtitle = "从训练到推理",
				    .layout = LAYOUT_SECTION,
				    .nsteps = 1,
				    .section = &sections[1] };
	slides[4] = (struct slide){ .id = "agenda2",
				    .title = "议程",
				    .items = &agenda_item,
				    .nitems = 1,
				    .nsteps = 1,
				    .section = &sections[1] };
	slides[5] = (struct slide){ .id = "bad",
				    .title = "Bad",
				    .layout = LAYOUT_SECTION,
				    .nsteps = 1,
				    .section = &sections[2] };
	deck = (struct deck){ .path = "t.ini",
			      .meta = { .id = "t", .title = "T" },
			      .slides = slides,
			      .nslides = 6,
			      .sections = sections,
			      .nsections = 3 };
}

static struct frame *lay(size_t i, enum view v, unsigned cols, unsigned rows)
{
	struct layout_opts o = { .cols = cols, .rows = rows, .view = v, .deck = &deck };
	return layout_slide(&slides[i], &o);
}

static void test_numbers(void)
{
	char buf[LAYOUT_SECTION_LABEL_LEN];
	is_int(layout_section_number(&deck, &sections[1]), 2, "the second section is number 2");
	is_int(layout_section_number(&deck, NULL), 0, "no section, no number");
	struct section other = sections[1];
	is_int(layout_section_number(&deck, &other), 0, "a section not of the deck has none");
	layout_section_label(&deck, &sections[1], buf);
	is_str(buf, "02 / 03", "the label pads to two digits");
	layout_section_label(NULL, &sections[1], buf);
	is_str(buf, "", "no deck, no label");
}

static void test_divider(void)
{
	struct frame *f = lay(3, VIEW_SLIDE, 120, 40);
	int num = find_row(f, "02 / 03"), name = find_row(f, "芯片");
	ok(num >= 0 && name > num, "the divider shows the number, then the name");
	is_int(style_of(f, "02 / 03"), STYLE_CAPTION, "the number is small");
	is_int(style_of(f, "芯片"), STYLE_TITLE, "the name in the title style");
	ok(strstr(row_text(f, (unsigned)name + 1), "────") != NULL, "a rule under the name");
	ok(find_row(f, "国产芯片的机会") > name, "the title that differs, under it");
	ok(find_row(f, "从训练到推理") > find_row(f, "国产芯片的机会"), "and the subtitle");
	ok(num > 12, "centred vertically on the screen");
	const char *r = row_text(f, (unsigned)name);
	size_t lead = strspn(r, " ");
	ok(lead > 50 && lead < 60, "and the name centred across it");
	ok(fits(f, 120, 40), "within 120x40");
	frame_free(f);

	f = lay(1, VIEW_SLIDE, 80, 24);
	is_int(count_rows(f, "需求"), 1, "a title equal to the name shows once");
	frame_free(f);

	f = lay(3, VIEW_SLIDE, 12, 6);
	ok(find_row(f, "02 / 03 · 芯片") == 0 || find_row(f, "02 / 03 ·") >= 0,
	   "small: number and name on one line");
	ok(find_row(f, "────") < 0, "no rule when small");
	ok(fits(f, 12, 6), "within 12x6");
	frame_free(f);

	f = lay(3, VIEW_PREVIEW, 40, 5);
	ok(find_row(f, "02 / 03 · 芯片") >= 0, "the preview: one line");
	frame_free(f);

	f = lay(3, VIEW_EXPORT, 30, 0);
	is_str(row_text(f, 0), "02 / 03 · 芯片", "the export: the plain heading line");
	is_str(row_text(f, 1), "国产芯片的机会", "then the title");
	is_str(row_text(f, 2), "从训练到推理", "and the subtitle");
	frame_free(f);
	f = lay(3, VIEW_EXPORT, 8, 0);
	ok(find_row(f, "…") < 0 && find_row(f, "机会") >= 0, "a narrow export wraps, cuts none");
	frame_free(f);

	struct layout_opts o = { .cols = 60, .rows = 20, .view = VIEW_SLIDE };
	f = layout_slide(&slides[3], &o);
	ok(find_row(f, "芯片") >= 0 && find_row(f, " / ") < 0, "no deck: the name, no number");
	frame_free(f);
}

static void test_agenda(void)
{
	struct frame *f = lay(4, VIEW_SLIDE, 80, 24);
	int a = find_row(f, "需求"), b = find_row(f, "芯片"), c = find_row(f, "Esc");
	ok(a >= 0 && b > a && c > b, "the agenda lists the sections in order");
	ok(strstr(row_text(f, (unsigned)b), "▸ 02  芯片") != NULL, "the slide's own marked");
	ok(strstr(row_text(f, (unsigned)a), "▸") == NULL &&
		   strstr(row_text(f, (unsigned)a), "01  需求"),
	   "another plain, numbered");
	is_int(style_of(f, "芯片"), STYLE_FIGURE, "the marked one in the figure style");
	is_int(style_of(f, "需求"), STYLE_TEXT, "the others in the text style");
	ok(fits(f, 80, 24), "within 80x24");
	frame_free(f);

	f = lay(0, VIEW_SLIDE, 80, 24);
	ok(find_row(f, "▸") < 0, "a slide before the first section marks none");
	frame_free(f);

	f = lay(4, VIEW_EXPORT, 40, 0);
	ok(find_row(f, "▸ 02  芯片") >= 0, "the export keeps the mark");
	frame_free(f);

	f = lay(4, VIEW_SLIDE, 6, 0);
	is_int(count_rows(f, "需") + count_rows(f, "芯") + count_rows(f, "Es"), 3,
	       "tiny: one line a section");
	ok(find_row(f, "▸ 芯") >= 0, "the mark in its column, no number");
	frame_free(f);
	f = lay(4, VIEW_SLIDE, 3, 0);
	is_int(find_row(f, "▸…"), find_row(f, "需…") + 1,
	       "the mark leads the (cut) name without a column for it");
	frame_free(f);

	struct layout_opts o = { .cols = 40, .rows = 10, .view = VIEW_SLIDE };
	f = layout_slide(&slides[4], &o);
	ok(find_row(f, "(no sections)") >= 0, "no deck: says there are no sections");
	frame_free(f);
}

static void test_hostile_sizes(void)
{
	struct frame *f = lay(5, VIEW_SLIDE, 60, 20);
	ok(find_row(f, "red") >= 0 && fits(f, 60, 20),
	   "a hostile name shows, its controls replaced");
	frame_free(f);
	f = lay(4, VIEW_EXPORT, 60, 0);
	ok(fits(f, 60, 0), "and in the agenda's export");
	frame_free(f);
	bool all = true;
	enum view views[] = { VIEW_SLIDE, VIEW_PREVIEW, VIEW_EXPORT };
	for (size_t i = 0; i < 6; i++)
		for (size_t v = 0; v < 3; v++)
			for (unsigned c = 1; c <= 30; c++)
				for (unsigned r = 1; r <= 14; r++) {
					f = lay(i, views[v], c, r);
					all &= fits(f, c, views[v] == VIEW_EXPORT ? 0 : r);
					frame_free(f);
				}
	ok(all, "every slide in every view from 1x1 to 30x14 fits");
}

static char *export_text(const struct deck *d, const struct export_opts *o)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	if (!out)
		return NULL;
	if (export_deck(d, o, out) != 0)
		fputs("<write error>", out);
	fclose(out);
	return buf;
}

static int count_of(const char *s, const char *what)
{
	int n = 0;
	for (const char *p = s; p && (p = strstr(p, what)); p += strlen(what))
		n++;
	return n;
}

/* The widest line of s in display columns. */
static unsigned widest(const char *s)
{
	unsigned w = 0;
	while (s && *s) {
		const char *e = strchr(s, '\n');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		unsigned lw = layout_width(s, n);
		w = lw > w ? lw : w;
		s = e ? e + 1 : s + n;
	}
	return w;
}

static void test_export(void)
{
	char *t = export_text(&deck, &(struct export_opts){ .width = 40 });
	const char *h1 = t ? strstr(t, "\n══ 01 · 需求 ═") : NULL;
	const char *r2 = t ? strstr(t, "── 2/6 ") : NULL;
	ok(h1 && r2 && h1 < r2 && strstr(t, "── 1/6 ") < h1,
	   "a heading before a section's first slide");
	ok(h1 && strncmp(strchr(h1 + 1, '\n'), "\n\n── 2/6 ", 12) == 0,
	   "then a blank line and the slide");
	is_int(count_of(t, "══ 0"), 3, "one heading a section");
	ok(t && strstr(t, "══ 02 · 芯片 ═") < strstr(t, "── 4/6 "), "the second before slide 4");
	ok(t && !strchr(t, '\x1b') && !strchr(t, '\x07'), "a hostile name's controls replaced");
	ok(t && strstr(t, "▸ 02  芯片"), "the agenda marks its section in the export");
	free(t);
	t = export_text(&deck, &(struct export_opts){ .width = 10 });
	ok(t && widest(t) <= 10, "at 10 columns no line is wider");
	ok(t && strstr(t, "\n══ 01 · …\n"), "the heading cut to the width");
	free(t);

	/* 600 slides, a section every 7th from slide 3, every 5th slide a
	 * backup: the second thread's half starts inside a section */
	enum { N = 600 };
	struct slide *ss = calloc(N, sizeof *ss);
	struct section *sc = calloc(N / 7 + 1, sizeof *sc);
	size_t ns = 0;
	char(*names)[16] = calloc(N, sizeof *names);
	for (size_t i = 0; i < N; i++) {
		if (i >= 3 && (i - 3) % 7 == 0) {
			snprintf(names[ns], sizeof *names, "S%zu", ns);
			sc[ns] = (struct section){ names[ns], i, 7, 1 };
			ns++;
		}
		ss[i] = (struct slide){ .id = "x",
					.title = "slide",
					.nsteps = 1,
					.backup = i % 5 == 4,
					.section = ns ? &sc[ns - 1] : NULL };
	}
	sc[ns - 1].nslides = N - sc[ns - 1].first;
	struct deck big = { .path = "big.ini",
			    .meta = { .id = "big", .title = "Big" },
			    .slides = ss,
			    .nslides = N,
			    .sections = sc,
			    .nsections = ns };
	char *one = export_text(&big, &(struct export_opts){ .width = 30, .one_thread = true });
	char *two = export_text(&big, &(struct export_opts){ .width = 30 });
	ok(one && two && strcmp(one, two) == 0, "600 slides: two threads write what one does");
	is_int(count_of(one, "\n══ "), (long long)ns, "a heading for every section");
	free(one);
	free(two);
	/* a section whose first slide is a backup slide left out: its heading
	 * moves to the first slide printed */
	ss[3].backup = true;
	one = export_text(&big, &(struct export_opts){ .width = 30, .one_thread = true });
	const char *hh = one ? strstr(one, "══ 01 · S0") : NULL;
	ok(hh && strncmp(strchr(hh, '\n'), "\n\n── 6/600 ", 14) == 0,
	   "left-out first slides: the heading before the first printed");
	free(one);
	free(ss);
	free(sc);
	free(names);
}

int main(void)
{
	tap_plan(50);
	build();
	test_numbers();
	test_divider();
	test_agenda();
	test_hostile_sizes();
	test_export();
	return tap_done();
}
