/* Unit tests of tables and code blocks in the layout (src/layout_block.c),
 * on hand-built slides: column widths in display columns, the header and
 * its rule, wrapping inside a column, minimum and fair widths, stacking,
 * tab expansion, clipping marks, the horizontal shift, the language tag,
 * and that every frame fits its width from 1 column on. */
#include <stdlib.h>
#include <string.h>
#include <unistr.h>
#include <uniwidth.h>

#include "export.h"
#include "layout.h"
#include "rowtext.h"
#include "tap.h"

/* Every row fits: runs in order, not overlapping, inside the width, their
 * widths what u8_width measures, no control byte. */
static int frame_fits(const struct frame *f)
{
	size_t first = 0;
	for (unsigned r = 0; r < f->nrows; r++) {
		const struct frame_row *fr = &f->rows[r];
		if (fr->first != first)
			return 0;
		first += fr->n;
		unsigned end = 0;
		for (size_t k = fr->first; k < fr->first + fr->n; k++) {
			const struct run *run = &f->runs[k];
			if (run->col < end || run->col + run->width > f->cols)
				return 0;
			for (size_t b = 0; b < run->len; b++)
				if ((unsigned char)run->text[b] < 0x20 || run->text[b] == 0x7f)
					return 0;
			int w = u8_width((const uint8_t *)run->text, run->len, "UTF-8");
			if (w < 0 || (unsigned)w != run->width)
				return 0;
			end = run->col + run->width;
		}
	}
	return 1;
}

static struct slide slide_of(struct item *items, size_t n)
{
	return (struct slide){ .id = "s", .title = "T", .items = items, .nitems = n, .nsteps = 1 };
}

static struct item table_item(const char **cells, size_t ncols, size_t nrows)
{
	return (struct item){
		.kind = ITEM_TABLE, .text = "", .cells = cells, .ncols = ncols, .nrows = nrows
	};
}

static struct item code_item(const char *tag, const char **lines, size_t n)
{
	return (struct item){ .kind = ITEM_CODE, .text = tag, .lines = lines, .nlines = n };
}

static struct frame *lay(const struct slide *s, enum view v, unsigned cols, unsigned hscroll)
{
	struct layout_opts o = { .cols = cols, .view = v, .hscroll = hscroll };
	return layout_slide(s, &o);
}

/* A table as the screen draws it, a grid whose cells wrap in their
 * columns (the export stacks such a table): the preview, which sets the
 * table right under the title, with one blank row on top for the one the
 * export leaves under it, so that rows count as they do in the export. */
static struct frame *lay_grid(const struct slide *s, unsigned cols)
{
	struct frame *f = lay(s, VIEW_PREVIEW, cols, 0);
	frame_pad_top(f, 1);
	return f;
}

/* The style of the run that starts with text on row r, or -1. */
static int style_at(const struct frame *f, unsigned r, const char *text)
{
	if (r >= f->nrows)
		return -1;
	size_t n = strlen(text);
	for (size_t k = f->rows[r].first; k < f->rows[r].first + f->rows[r].n; k++)
		if (f->runs[k].len >= n && memcmp(f->runs[k].text, text, n) == 0)
			return (int)f->runs[k].style;
	return -1;
}

/* The display width of row r as shown. */
static unsigned row_width(const struct frame *f, unsigned r)
{
	const char *t = row_text(f, r);
	int w = u8_strwidth((const uint8_t *)t, "UTF-8");
	return w < 0 ? 9999 : (unsigned)w;
}

static const char *cjk_cells[] = {
	"指标", "训练", "推理",     /* header */
	"精度", "FP32", "INT8",     /* */
	"😀",    "千卡", "单卡 x86", /* emoji: 2 columns */
};

static void test_table_widths(void)
{
	struct item it = table_item(cjk_cells, 3, 3);
	struct slide s = slide_of(&it, 1);
	struct frame *f = lay(&s, VIEW_EXPORT, 80, 0);
	/* rows: 0 title, 1 blank, 2 header, 3 rule, 4.. body */
	is_str(row_text(f, 2), "指标 │ 训练 │ 推理",
	       "header: CJK cells 4 columns wide, ' │ ' between");
	is_str(row_text(f, 3), "─────┼──────┼─────────",
	       "a rule under the header, crossed at the separators");
	is_str(row_text(f, 4), "精度 │ FP32 │ INT8", "a body row lines up under the header");
	is_str(row_text(f, 5), "😀   │ 千卡 │ 单卡 x86",
	       "an emoji counts 2 columns; the widest cell sets the column");
	is_int(style_at(f, 2, "指标"), STYLE_HEADER, "the header row is set apart in STYLE_HEADER");
	is_int(style_at(f, 4, "精度"), STYLE_TEXT, "body cells in STYLE_TEXT");
	is_int(style_at(f, 3, "─"), STYLE_DIM, "the rule is dim");
	is_int(f->nrows, 6, "nothing after the last row");
	frame_free(f);
}

static const char *wrap_cells[] = {
	"项目", "说明", "A", "a long cell that has to wrap inside its own column", "B", "短",
};

static void test_table_wrap(void)
{
	struct item it = table_item(wrap_cells, 2, 3);
	struct slide s = slide_of(&it, 1);
	struct frame *f = lay_grid(&s, 24);
	/* column 0: natural 4; column 1 gets 24 - 4 - 3 = 17 */
	is_str(row_text(f, 2), "项目 │ 说明", "narrow: the header");
	is_str(row_text(f, 4), "A    │ a long cell that",
	       "the long cell wraps at a space inside its column");
	is_str(row_text(f, 5), "     │ has to wrap",
	       "its next line stays in the column, the separator repeated");
	is_str(row_text(f, 6), "     │ inside its own", "and the next");
	is_str(row_text(f, 7), "     │ column", "the row is as tall as its tallest cell");
	is_str(row_text(f, 8), "B    │ 短", "the next row starts below it");
	unsigned wmax = 0;
	for (unsigned r = 0; r < f->nrows; r++)
		wmax = row_width(f, r) > wmax ? row_width(f, r) : wmax;
	ok(wmax <= 24, "no row wider than the width");
	frame_free(f);

	/* the export keeps this grid: its wrapped cell is the last of its row,
	 * so the lines still read in order */
	f = lay(&s, VIEW_EXPORT, 24, 0);
	is_str(row_text(f, 5), "     │ has to wrap",
	       "export: a grid whose lines read in order stays");
	frame_free(f);
	/* but stacks one whose lines would interleave two cells */
	static const char *mid[] = {
		"项目", "说明", "备注", "A", "a long cell that has to wrap inside its own column",
		"x",    "B",    "短",   ""
	};
	struct item it3 = table_item(mid, 3, 3);
	struct slide s3 = slide_of(&it3, 1);
	f = lay_grid(&s3, 24);
	ok(strstr(row_text(f, 4), "│ x") && strstr(row_text(f, 5), "│ cell that"),
	   "on the screen the middle cell wraps beside 'x'");
	frame_free(f);
	f = lay(&s3, VIEW_EXPORT, 24, 0);
	is_str(row_text(f, 2), "项目", "export: that table is stacked");
	is_str(row_text(f, 3), "  说明", "a row's later cells indented by 2");
	is_str(row_text(f, 5), "────────────────────────", "a rule under the header");
	is_str(row_text(f, 6), "A", "then each body row, its first cell at the left");
	is_str(row_text(f, 7), "  a long cell that has", "its next cell wrapped in the indent");
	bool bar = false;
	for (unsigned r = 0; r < f->nrows; r++)
		bar |= strstr(row_text(f, r), "│") != NULL;
	ok(!bar, "no column separator in the stacked table");
	frame_free(f);

	/* Chinese text wraps between ideographs, never before '，' */
	static const char *zh[] = { "甲", "乙", "一二三四五六七八九十，十一", "x" };
	struct item it2 = table_item(zh, 2, 2);
	struct slide s2 = slide_of(&it2, 1);
	f = lay_grid(&s2, 15);
	/* natural 26 + 3 + 2 > 15: minimums 4 and 2, the extra 15 - 3 - 6 = 6
	 * to column 0 (the only demand left): 10 columns */
	is_str(row_text(f, 4), "一二三四五 │ x", "a CJK cell wraps between ideographs");
	is_str(row_text(f, 5), "六七八九   │", "and keeps '，' with the character before it");
	is_str(row_text(f, 6), "十，十一   │", "(kinsoku, as in text)");
	frame_free(f);
}

static const char *fair_cells[] = {
	"k", "long header one",          "long header two two two",
	"1", "aaaa bbbb cccc dddd eeee", "ffff gggg hhhh iiii jjjj kkkk",
};

/* The widths a row's cells got: the columns where each separator stands. */
static void seps_of(const struct frame *f, unsigned r, unsigned *cols, size_t cap, size_t *n)
{
	*n = 0;
	for (size_t k = f->rows[r].first; k < f->rows[r].first + f->rows[r].n && *n < cap; k++)
		if (f->runs[k].len == 3 && memcmp(f->runs[k].text, "│", 3) == 0)
			cols[(*n)++] = f->runs[k].col;
}

static void test_table_fair(void)
{
	struct item it = table_item(fair_cells, 3, 2);
	struct slide s = slide_of(&it, 1);
	struct frame *f = lay_grid(&s, 40);
	unsigned sp[4];
	size_t n;
	seps_of(f, 2, sp, 4, &n);
	is_int(n, 2, "three columns, two separators");
	/* avail 40 - 6 = 34: 'k' keeps 1, the others share 33: 16 and 17 */
	is_int(n == 2 ? sp[0] : 0, 2, "the 1-column column keeps its natural width");
	is_int(n == 2 ? sp[1] - sp[0] - 3 : 0, 16,
	       "the two long columns share the rest fairly (16)");
	is_int(n == 2 ? 40 - (sp[1] + 2) : 0, 17, "and 17: the remainder to the wider demand");
	ok(frame_fits(f), "the fair table fits");
	frame_free(f);

	/* minimum: at 14 columns ' │ ' separators would leave 8 for minimums
	 * of 1 + 4 + 4: the bare '│' is used, leaving 12: 1, then 5 and 6 */
	f = lay_grid(&s, 14);
	seps_of(f, 2, sp, 4, &n);
	is_int(n, 2, "14 columns: still two separators");
	is_int(n == 2 ? sp[1] - sp[0] : 0, 6, "bare '│': the long columns 5 and 6");
	ok(n == 2 && sp[1] - sp[0] - 1 >= 4 && 14 - sp[1] - 1 >= 4,
	   "no column below its minimum of 4");
	ok(frame_fits(f), "and it fits");
	frame_free(f);

	/* too narrow for columns: stacked, every cell on its own line */
	f = lay(&s, VIEW_EXPORT, 6, 0);
	ok(frame_fits(f), "6 columns: a stacked table fits");
	is_str(row_text(f, 2), "k", "stacked: the first header cell");
	is_int(style_at(f, 2, "k"), STYLE_HEADER, "in the header's style");
	frame_free(f);
}

static void test_code_tabs(void)
{
	static const char *lines[] = { "ab\tc", "中\tx", "\t\ty", "    four", "" };
	struct item it = code_item("", lines, 5);
	struct slide s = slide_of(&it, 1);
	struct frame *f = lay(&s, VIEW_EXPORT, 40, 0);
	is_str(row_text(f, 2), "ab      c", "a tab after 2 columns goes to column 8");
	is_str(row_text(f, 3), "中      x", "a CJK character counts 2 before a tab: 6 spaces");
	is_str(row_text(f, 4), "                y", "two tabs: column 16");
	is_str(row_text(f, 5), "    four", "leading spaces kept");
	is_str(row_text(f, 6), "", "an empty line is an empty row");
	is_int(f->nrows, 7, "one row per line: nothing wrapped");
	frame_free(f);
}

static void test_code_clip(void)
{
	static const char *lines[] = { "0123456789abcdefghij", "short",
				       "中文中文中文中文中文中文" };
	struct item it = code_item("", lines, 3);
	struct slide s = slide_of(&it, 1);
	struct frame *f = lay(&s, VIEW_EXPORT, 12, 0);
	is_str(row_text(f, 2), "0123456789a→",
	       "a long line is clipped with '→' in the last column");
	is_int(style_at(f, 2, "→"), STYLE_MORE, "the mark in STYLE_MORE");
	is_str(row_text(f, 3), "short", "a short line is not marked");
	is_str(row_text(f, 4), "中文中文中 →",
	       "a wide character that does not fit before the mark is left out");
	for (unsigned r = 0; r < f->nrows; r++)
		ok(row_width(f, r) <= 12, "no exported row wider than 12");
	frame_free(f);
}

static void test_code_hscroll(void)
{
	static const char *lines[] = { "0123456789abcdefghijklmnop", "xy", "\tTAB" };
	struct item it = code_item("", lines, 3);
	struct slide s = slide_of(&it, 1);
	/* VIEW_SLIDE at 32 columns: margins of 2, content 28 */
	struct frame *f = lay(&s, VIEW_SLIDE, 16, 0);
	/* 16 columns: left margin 1, content 14 */
	const char *r0 = NULL;
	unsigned base = 0;
	for (unsigned r = 0; r < f->nrows; r++)
		if (strstr(row_text(f, r), "0123")) {
			base = r;
			r0 = row_text(f, r);
			break;
		}
	is_str(r0, " 0123456789abc→", "slide: unshifted, clipped on the right");
	frame_free(f);
	f = lay(&s, VIEW_SLIDE, 16, 8);
	is_str(row_text(f, base), " ←9abcdefghijk→",
	       "shifted by 8: '←' on the left, then column 9 on");
	is_str(row_text(f, base + 1), " ←", "a line wholly on the left shows only the mark");
	is_str(row_text(f, base + 2), " TAB", "a tab to column 8 hides only blanks: no mark");
	frame_free(f);
	f = lay(&s, VIEW_SLIDE, 16, 1000);
	is_str(row_text(f, base), " ←p",
	       "a shift past the widest line stops where its last column shows");
	frame_free(f);
	f = lay(&s, VIEW_EXPORT, 16, 8);
	is_str(row_text(f, 2), "0123456789abcde→", "the export ignores the shift");
	frame_free(f);

	/* a block that fits is never shifted */
	static const char *fit[] = { "fits" };
	struct item it2 = code_item("", fit, 1);
	struct slide s2 = slide_of(&it2, 1);
	f = lay(&s2, VIEW_SLIDE, 16, 8);
	ok(strstr(row_text(f, base), "fits") != NULL, "a block that fits stays put when shifted");
	frame_free(f);
}

static void test_code_tag(void)
{
	static const char *lines[] = { "int x;", "a much longer line of code" };
	struct item it = code_item("c", lines, 2);
	struct slide s = slide_of(&it, 1);
	struct frame *f = lay(&s, VIEW_EXPORT, 30, 0);
	is_str(row_text(f, 2),
	       "int x;"
	       "                      c",
	       "the tag on the first line's row, 2 columns past the widest line (26)");
	is_int(style_at(f, 2, "c"), STYLE_DIM, "dim");
	frame_free(f);
	static const char *wide[] = { "0123456789012345678901234567" };
	struct item it2 = code_item("python", wide, 1);
	struct slide s2 = slide_of(&it2, 1);
	f = lay(&s2, VIEW_EXPORT, 30, 0);
	is_str(row_text(f, 2), "                        python",
	       "no room beside the first line: a row of its own");
	is_str(row_text(f, 3), "0123456789012345678901234567", "the code below it");
	frame_free(f);
}

static void test_hostile(void)
{
	static const char *cells[] = { "a\x1b[31mb", "<&>",
				       "\xc2\x9b"
				       "c1",
				       "\xe2\x80\xae"
				       "rlo" };
	static const char *lines[] = { "x\x1b]0;t\x07y", "\xc2\x85\xe2\x81\xa6z" };
	struct item it[2] = { table_item(cells, 2, 2), code_item("\x1b[1m", lines, 2) };
	struct slide s = slide_of(it, 2);
	int fits = 1;
	for (unsigned w = 1; w <= 40; w++) {
		struct frame *f = lay(&s, VIEW_EXPORT, w, 0);
		fits &= frame_fits(f);
		frame_free(f);
	}
	ok(fits, "controls in cells, code and tag: placeholders, every row fits");
	struct frame *f = lay(&s, VIEW_EXPORT, 40, 0);
	ok(strstr(row_text(f, 2), "␛") != NULL, "ESC in a cell shows as ␛");
	frame_free(f);
}

/* The raw bytes a page must never hold: C0 but newline and tab, DEL, C1
 * (as UTF-8) and the bidi controls; returns the first found, or NULL. */
static const char *raw_control(const char *s, size_t n)
{
	const uint8_t *u = (const uint8_t *)s, *end = u + n;
	while (u < end) {
		ucs4_t c;
		int l = u8_mbtouc(&c, u, (size_t)(end - u));
		if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f || (c >= 0x80 && c <= 0x9f) ||
		    (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
			return (const char *)u;
		u += l;
	}
	return NULL;
}

/* The HTML export of a hand-built deck with two sections, a table and a
 * code block, all holding ESC, C1, bidi, '<' and '&'. */
static void test_html(void)
{
	static const char *cells[] = { "h\x1b[31m1", "<b>&amp;",
				       "c\xc2\x9b"
				       "1",
				       "\xe2\x80\xae"
				       "rlo & <i>" };
	static const char *lines[] = { "if (a < b && c)\t{ \x1b]0;x\x07",
				       "\xc2\x85\xe2\x81\xa6</code>" };
	struct item it1[] = { table_item(cells, 2, 2) };
	struct item it2[] = { code_item("c\" onclick=\"x", lines, 2) };
	struct section secs[] = { { "Part <1> &", 0, 1, 1 }, { "Zwei \x1b[2J", 1, 2, 5 } };
	struct slide sl[3] = { slide_of(it1, 1), slide_of(it2, 1), slide_of(NULL, 0) };
	sl[0].section = &secs[0];
	sl[1].section = &secs[1];
	sl[2].section = &secs[1];
	sl[2].title = "U";
	struct deck d = {
		.path = "t.ini", .slides = sl, .nslides = 3, .sections = secs, .nsections = 2
	};
	d.meta.id = "t";
	d.meta.title = "T";
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	struct export_opts o = { .width = 80 };
	int rc = out ? html_export(&d, &o, out) : -1;
	if (out)
		fclose(out);
	is_int(rc, 0, "html: the export succeeds");
	const char *page = buf ? buf : "";
	ok(!raw_control(page, len), "html: no raw control or bidi character from a cell or a line");
	ok(strstr(page, "<th scope=\"col\">h␛[31m1</th>") != NULL,
	   "html: a header cell as <th>, ESC as ␛ (no word joiner between ASCII characters)");
	ok(strstr(page, "<th scope=\"col\">&lt;b&gt;&amp;amp;</th>") != NULL,
	   "html: '<' and '&' in a cell escaped");
	ok(strstr(page, "<td>c�1</td>") != NULL, "html: a C1 control in a cell as �");
	ok(strstr(page, "<td>�rlo &amp; &lt;i&gt;</td>") != NULL,
	   "html: a bidi override in a cell as �");
	ok(strstr(page, "<pre><code class=\"language-c--onclick--x\">") != NULL,
	   "html: the language as a class, quotes and spaces made '-'");
	ok(strstr(page, "<figcaption class=\"lang\">c&quot; onclick=&quot;x</figcaption>") != NULL,
	   "html: the language tag shown, escaped");
	ok(strstr(page, "if (a &lt; b &amp;&amp; c)&#9;{ ␛]0;x␇\n��&lt;/code&gt;</code></pre>") !=
		   NULL,
	   "html: code lines verbatim (tab as &#9;), escaped, controls as placeholders, no joiner");
	const char *p1 = strstr(
		page, "id=\"part-1\"><span class=\"n\">01 / 02</span> Part &lt;1&gt; &amp;</div>");
	const char *p2 = strstr(page, "id=\"part-2\"><span class=\"n\">02 / 02</span> Zwei ␛[");
	const char *s2 = strstr(page, "id=\"slide-2\"");
	const char *s3 = strstr(page, "id=\"slide-3\"");
	ok(p1 && p2 && s2 && s3 && p1 < p2 && p2 < s2,
	   "html: each section's heading, numbered, before its first slide");
	ok(s3 && !strstr(s2, "class=\"part\""),
	   "html: and only there (none before slide 3, of the same section)");
	ok(strstr(page, ".data th") != NULL, "html: the table and code rules in the style sheet");
	free(buf);
}

/* Every width from 1 to 60, every view: frames fit, nothing fails. */
static void test_all_widths(void)
{
	static const char *lines[] = { "\tint 中文 = 42; /* 😀 */", "" };
	struct item it[] = { table_item(cjk_cells, 3, 3), code_item("c", lines, 2),
			     table_item(fair_cells, 3, 2) };
	struct slide s = slide_of(it, 3);
	int fits = 1, rows = 1;
	for (unsigned w = 1; w <= 60; w++)
		for (int v = VIEW_SLIDE; v <= VIEW_EXPORT; v++)
			for (unsigned h = 0; h <= 40; h += 8) {
				struct frame *f = lay(&s, (enum view)v, w, h);
				fits &= frame_fits(f);
				rows &= f->nrows > 0;
				frame_free(f);
			}
	ok(fits, "widths 1..60, every view and shift: every row fits");
	ok(rows, "and every frame has rows");
}

int main(void)
{
	tap_plan(80);
	test_table_widths();
	test_table_wrap();
	test_table_fair();
	test_code_tabs();
	test_code_clip();
	test_code_hscroll();
	test_code_tag();
	test_hostile();
	test_all_widths();
	test_html();
	return tap_done();
}
