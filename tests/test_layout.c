/* Unit tests of the layout engine on hand-built slides (no loader). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>
#include <uniwidth.h>

#include "bigfont.h"
#include "layout.h"
#include "rowtext.h"
#include "tap.h"

/* ---- helpers ---- */

static int has_forbidden_bytes(const char *s, size_t len)
{
	const uint8_t *u = (const uint8_t *)s, *end = u + len;
	while (u < end) {
		ucs4_t c;
		int l = u8_mbtouc(&c, u, (size_t)(end - u));
		if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) ||
		    (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
			return 1;
		u += l;
	}
	return 0;
}

/* Every structural invariant of a frame; returns 1 if all hold. */
static int frame_sane(const struct frame *f)
{
	size_t expect_first = 0;
	for (unsigned r = 0; r < f->nrows; r++) {
		const struct frame_row *fr = &f->rows[r];
		if (fr->first != expect_first)
			return 0;
		expect_first += fr->n;
		unsigned end = 0, sum = 0;
		for (size_t k = fr->first; k < fr->first + fr->n; k++) {
			const struct run *run = &f->runs[k];
			if (run->col < end || run->col + run->width > f->cols)
				return 0;
			if ((unsigned)u8_width((const uint8_t *)run->text, run->len, "UTF-8") !=
			    run->width)
				return 0;
			if (u8_check((const uint8_t *)run->text, run->len))
				return 0;
			if (has_forbidden_bytes(run->text, run->len))
				return 0;
			end = run->col + run->width;
			sum += run->width;
		}
		if (sum > f->cols)
			return 0;
	}
	return expect_first == f->nruns;
}

/* Concatenation of the text of every run of style st. */
static const char *runs_of(const struct frame *f, enum style st)
{
	static char buf[65536];
	size_t n = 0;
	for (size_t k = 0; k < f->nruns; k++)
		if (f->runs[k].style == st && n + f->runs[k].len < sizeof buf - 1) {
			memcpy(buf + n, f->runs[k].text, f->runs[k].len);
			n += f->runs[k].len;
		}
	buf[n] = '\0';
	return buf;
}

static const struct run *first_run(const struct frame *f, unsigned r)
{
	return r < f->nrows && f->rows[r].n ? &f->runs[f->rows[r].first] : NULL;
}

static struct item item(enum item_kind k, const char *text)
{
	struct item it;
	memset(&it, 0, sizeof it);
	it.kind = k;
	it.text = text;
	return it;
}

static struct slide slide(const char *title, struct item *items, size_t n)
{
	struct slide s;
	memset(&s, 0, sizeof s);
	s.id = "t";
	s.title = title;
	s.items = items;
	s.nitems = n;
	s.nsteps = 1;
	return s;
}

/* Wraps text alone at width w into a fresh frame. */
static struct frame *wrap(const char *text, unsigned w)
{
	struct frame *f = frame_new(w, 0);
	frame_wrap(f, 0, 0, w, text, strlen(text), STYLE_TEXT);
	return f;
}

static int max_row_width(const struct frame *f)
{
	unsigned m = 0;
	for (unsigned r = 0; r < f->nrows; r++) {
		const char *t = row_text(f, r);
		unsigned w = (unsigned)u8_strwidth((const uint8_t *)t, "UTF-8");
		m = w > m ? w : m;
	}
	return (int)m;
}

/* ---- tests ---- */

static void test_ascii(void)
{
	struct frame *f = wrap("The quick brown fox jumps over the lazy dog", 10);
	ok(frame_sane(f), "ascii: frame sane");
	is_int(f->nrows, 5, "ascii: 5 rows at 10");
	is_str(row_text(f, 0), "The quick", "ascii: row 0");
	is_str(row_text(f, 1), "brown fox", "ascii: row 1");
	is_str(row_text(f, 2), "jumps over", "ascii: row 2 exactly 10");
	is_str(row_text(f, 4), "dog", "ascii: last row");
	frame_free(f);

	f = wrap("Hello, world.  Trailing   ", 7);
	is_str(row_text(f, 0), "Hello,", "ascii: comma stays on its line");
	ok(f->runs[f->rows[0].first].width == 6, "ascii: trailing space trimmed from run");
	is_str(row_text(f, 1), "world.", "ascii: second row");
	is_str(row_text(f, 2), "Trailin", "ascii: long word hard split");
	frame_free(f);
}

static void test_chinese(void)
{
	struct frame *f = wrap("你好世界你好世界", 6);
	ok(frame_sane(f), "zh: frame sane");
	is_int(f->nrows, 3, "zh: 3 rows");
	is_str(row_text(f, 0), "你好世", "zh: row 0 is 6 columns");
	is_str(row_text(f, 1), "界你好", "zh: row 1");
	is_str(row_text(f, 2), "世界", "zh: row 2");
	frame_free(f);

	f = wrap("你好世界你好世界", 7);
	is_str(row_text(f, 0), "你好世", "zh: odd width leaves a column free");
	frame_free(f);

	/* mixed: 2012-2018, A100, 30万倍 and 2023年 are never broken */
	const char *mixed = "从2012-2018年，A100算力增长了30万倍以上，2023年更多";
	int whole = 1, fits = 1, sane = 1;
	for (unsigned w = 13; w <= 40; w++) {
		f = wrap(mixed, w);
		sane &= frame_sane(f);
		fits &= max_row_width(f) <= (int)w;
		for (unsigned r = 0; r < f->nrows; r++) {
			const char *t = row_text(f, r);
			if ((strstr(t, "A1") && !strstr(t, "A100")) ||
			    (strstr(t, "30") && !strstr(t, "30万倍")) ||
			    (strstr(t, "2012") && !strstr(t, "2012-2018年")) ||
			    (strstr(t, "2023") && !strstr(t, "2023年")))
				whole = 0;
		}
		frame_free(f);
	}
	ok(sane, "mixed: sane at 13..40");
	ok(whole, "mixed: 2012-2018年, A100, 30万倍, 2023年 stay whole at 13..40");
	ok(fits, "mixed: fits at 13..40");
}

static void test_punctuation(void)
{
	/* "一二三" fills 6 columns; "，" may not start the next row */
	struct frame *f = wrap("一二三，四五", 6);
	ok(frame_sane(f), "punct: sane");
	is_str(row_text(f, 0), "一二", "punct: the char before ， moves down");
	is_str(row_text(f, 1), "三，四", "punct: ， follows its char");
	frame_free(f);

	f = wrap("一二三。", 6);
	is_str(row_text(f, 0), "一二", "punct: 。 at the end pulls one char");
	is_str(row_text(f, 1), "三。", "punct: 。 row");
	frame_free(f);

	/* opening bracket may not end a row */
	f = wrap("一二（三四）五", 6);
	ok(frame_sane(f), "punct: brackets sane");
	int bad = 0;
	for (unsigned r = 0; r < f->nrows; r++) {
		const char *t = row_text(f, r);
		size_t n = strlen(t);
		if (n >= 3 && strcmp(t + n - 3, "（") == 0)
			bad = 1;
		if (strncmp(t, "）", 3) == 0)
			bad = 1;
	}
	ok(!bad, "punct: no row ends with （ or starts with ）");
	is_str(row_text(f, 0), "一二", "punct: （ moves down with what follows");
	frame_free(f);

	f = wrap("他说：“你好。”然后走了", 8);
	bad = 0;
	for (unsigned r = 1; r < f->nrows; r++) {
		const char *t = row_text(f, r);
		if (!strncmp(t, "”", 3) || !strncmp(t, "。", 3) || !strncmp(t, "：", 3))
			bad = 1;
	}
	for (unsigned r = 0; r < f->nrows; r++) {
		const char *t = row_text(f, r);
		size_t n = strlen(t);
		if (n >= 3 && !strcmp(t + n - 3, "“"))
			bad = 1;
	}
	ok(!bad, "punct: quotes obey start and end rules");
	ok(max_row_width(f) <= 8, "punct: quotes fit 8");
	frame_free(f);

	/* ASCII closers too */
	f = wrap("abcdefghij!", 10);
	is_str(row_text(f, 0), "abcdefghi", "punct: ASCII ! takes a letter along");
	is_str(row_text(f, 1), "j!", "punct: ASCII ! row");
	frame_free(f);

	/* only punctuation: the rule cannot hold, the width must */
	f = wrap("，，，，，，", 2);
	ok(frame_sane(f), "punct: all-punctuation run sane");
	is_int(f->nrows, 6, "punct: one per row at width 2");
	frame_free(f);
}

static void test_combining(void)
{
	const char *s = "e\xcc\x81"
			"e\xcc\x81"
			"e\xcc\x81"
			"e\xcc\x81";
	struct frame *f = wrap(s, 3);
	ok(frame_sane(f), "combining: sane");
	is_int(f->nrows, 2, "combining: marks are width 0");
	is_int(strlen(row_text(f, 0)), 9, "combining: three whole clusters on row 0");
	is_int(layout_width(s, strlen(s)), 4, "combining: width 4");
	frame_free(f);
}

static void test_emoji(void)
{
	const char *fam =
		"\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7";
	is_int(layout_width(fam, strlen(fam)), 6, "emoji: ZWJ family measures 6 like u8_width");
	struct frame *f = wrap(fam, 6);
	is_str(row_text(f, 0), fam, "emoji: family whole at 6");
	frame_free(f);
	f = wrap(fam, 4);
	ok(frame_sane(f), "emoji: narrow sane");
	is_int(f->nrows, 1, "emoji: family never split");
	is_str(runs_of(f, STYLE_PLACEHOLDER), "▯", "emoji: too wide becomes one placeholder");
	frame_free(f);

	const char *flags = "🇨🇳🇺🇸🇯🇵";
	f = wrap(flags, 3);
	ok(frame_sane(f), "flags: sane");
	is_int(f->nrows, 3, "flags: one flag per row at width 3");
	is_str(row_text(f, 1), "🇺🇸", "flags: pairs never split");
	frame_free(f);

	char text[256];
	snprintf(text, sizeof text, "家庭%s旅行🇨🇳很开心", fam);
	f = wrap(text, 7);
	ok(frame_sane(f), "emoji: mixed sane");
	is_str(runs_of(f, STYLE_TEXT), text, "emoji: nothing lost when it fits");
	frame_free(f);
}

static void test_tabs(void)
{
	struct frame *f = wrap("a\tb\tc", 40);
	ok(frame_sane(f), "tabs: sane");
	is_int(f->rows[0].n, 3, "tabs: three runs");
	is_int(f->runs[1].col, 8, "tabs: b at column 8");
	is_int(f->runs[2].col, 16, "tabs: c at column 16");
	frame_free(f);

	f = wrap("abc\tdef", 10);
	is_int(f->nrows, 2, "tabs: a tab past the width breaks the line");
	is_str(row_text(f, 1), "def", "tabs: no leading blank after the break");
	frame_free(f);

	struct item it[] = { item(ITEM_BULLET, "x\ty") };
	struct slide s = slide("T", it, 1);
	struct layout_opts o = { .cols = 40, .view = VIEW_EXPORT };
	f = layout_slide(&s, &o);
	const struct run *x = NULL, *y = NULL;
	for (size_t k = 0; k < f->nruns; k++) {
		if (!strncmp(f->runs[k].text, "x", 1) && f->runs[k].len == 1)
			x = &f->runs[k];
		if (!strncmp(f->runs[k].text, "y", 1) && f->runs[k].len == 1)
			y = &f->runs[k];
	}
	ok(x && y && y->col - x->col == 8, "tabs: stops counted from the item's text start");
	frame_free(f);

	unsigned w = layout_width("ab\tc", 4);
	is_int(w, 9, "tabs: layout_width expands tabs");
}

static void test_controls(void)
{
	const char *s = "a\x1b[31mb\x07"
			"c\x7f"
			"d\xc2\x85"
			"e\xe2\x80\xae"
			"f\xe2\x81\xa6"
			"g";
	struct frame *f = wrap(s, 80);
	ok(frame_sane(f), "controls: sane (no control byte in any run)");
	is_str(row_text(f, 0), "a␛[31mb␇c␡d�e�f�g", "controls: visible placeholders");
	is_str(runs_of(f, STYLE_PLACEHOLDER), "␛␇␡���", "controls: placeholder style");
	is_int(layout_width(s, strlen(s)), 17, "controls: placeholders are 1 column");
	frame_free(f);

	f = frame_new(20, 1);
	unsigned used = frame_put(f, 0, 0, "x\ny\rz\x00", 6, 20, STYLE_STATUS);
	is_int(used, 6, "controls: frame_put counts placeholders");
	is_str(row_text(f, 0), "x␊y␍z␀", "controls: frame_put replaces newline, CR, NUL");
	ok(frame_sane(f), "controls: frame_put sane");
	frame_free(f);

	/* invalid UTF-8 from a caller */
	f = frame_new(20, 1);
	frame_put(f, 0, 0,
		  "a\xff\xfe"
		  "b",
		  4, 20, STYLE_TEXT);
	ok(frame_sane(f), "controls: invalid bytes never reach a run");
	frame_free(f);

	/* through a slide */
	struct item it[] = { item(ITEM_TEXT, "evil\x1b]0;pwned\x07 text") };
	struct slide sl = slide("t\x1b[2J", it, 1);
	struct layout_opts o = { .cols = 30, .rows = 10, .view = VIEW_SLIDE };
	f = layout_slide(&sl, &o);
	ok(frame_sane(f), "controls: slide frame sane");
	ok(strstr(runs_of(f, STYLE_PLACEHOLDER), "␛␛␇") != NULL, "controls: slide placeholders");
	frame_free(f);
}

static void test_unbreakable(void)
{
	const char *url = "https://example.com/a/very/long/path/that/never/breaks/anywhere.html";
	struct frame *f = wrap(url, 20);
	ok(frame_sane(f), "url: sane");
	ok(max_row_width(f) <= 20, "url: every row fits 20");
	is_str(runs_of(f, STYLE_TEXT), url, "url: nothing lost or duplicated");
	frame_free(f);

	const char *digits = "1234567890123456789012345678901234567890";
	f = wrap(digits, 15);
	is_int(f->nrows, 3, "digits: 3 rows");
	is_str(row_text(f, 0), "123456789012345", "digits: row 0 full");
	is_str(row_text(f, 2), "1234567890", "digits: row 2 rest");
	frame_free(f);

	const char *circ = "“①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳”";
	f = wrap(circ, 7);
	ok(frame_sane(f), "circled: sane");
	ok(max_row_width(f) <= 7, "circled: fits 7");
	is_str(runs_of(f, STYLE_TEXT), circ, "circled: nothing lost");
	ok(strncmp(row_text(f, f->nrows - 1), "”", 3) != 0, "circled: ” does not start a row");
	frame_free(f);

	f = wrap("中文中文中文中文中文", 5);
	int odd = 1;
	for (unsigned r = 0; r < f->nrows; r++)
		if (strlen(row_text(f, r)) != 6)
			odd = 0;
	ok(odd, "zh: at odd width two chars a row, no wide char split");
	frame_free(f);
}

static void test_extreme_widths(void)
{
	struct frame *f = wrap("中a文", 1);
	ok(frame_sane(f), "w1: sane");
	is_int(f->nrows, 3, "w1: three rows");
	is_str(row_text(f, 0), "▯", "w1: a wide char becomes a placeholder");
	is_str(row_text(f, 1), "a", "w1: narrow char kept");
	is_int(max_row_width(f), 1, "w1: nothing wider than 1");
	frame_free(f);

	struct item it[] = { item(ITEM_BULLET, "中文项目符号，很长很长的文字"),
			     item(ITEM_SUB, "sub level text"), item(ITEM_QUOTE, "引用") };
	it[2].caption = "某人";
	struct slide s = slide("标题很长很长", it, 3);
	for (unsigned cols = 1; cols <= 6; cols++)
		for (unsigned rows = 0; rows <= 4; rows++)
			for (int v = 0; v < 4; v++) {
				struct layout_opts o = { .cols = cols,
							 .rows = rows,
							 .view = (enum view)v,
							 .scroll = 3 };
				f = layout_slide(&s, &o);
				if (!frame_sane(f) ||
				    (rows && o.view != VIEW_EXPORT && f->nrows > rows)) {
					ok(0, "tiny sizes: frame sane and within size");
					printf("#   at %ux%u view %d\n", cols, rows, v);
					frame_free(f);
					return;
				}
				frame_free(f);
			}
	ok(1, "tiny sizes: every frame from 1x0 to 6x4 is sane and within size");

	struct layout_opts o = { .cols = 0, .rows = 5, .view = VIEW_SLIDE };
	f = layout_slide(&s, &o);
	is_int(f->nruns, 0, "w0: empty frame");
	frame_free(f);

	f = wrap("a b c 中文 end", 100000);
	is_int(f->nrows, 1, "huge width: one row");
	is_str(row_text(f, 0), "a b c 中文 end", "huge width: text intact");
	frame_free(f);
}

static void test_bullets(void)
{
	struct item it[] = {
		item(ITEM_BULLET, "alpha beta gamma delta epsilon"),
		item(ITEM_SUB, "one two three four five six"),
		item(ITEM_BULLET, "中文项目符号的续行应该对齐到文字下面"),
	};
	struct slide s = slide("T", it, 3);
	struct layout_opts o = { .cols = 16, .view = VIEW_EXPORT };
	struct frame *f = layout_slide(&s, &o);
	ok(frame_sane(f), "bullets: sane");
	/* rows: 0 title, 1 blank, then the list */
	is_str(row_text(f, 2), "• alpha beta", "bullets: first row");
	const struct run *r = first_run(f, 3);
	ok(r && r->col == 2 && !strncmp(r->text, "gamma", 5), "bullets: hanging indent 2");
	unsigned row = 2;
	while (row < f->nrows && strncmp(row_text(f, row), "  ◦", 5))
		row++;
	is_str(row_text(f, row), "  ◦ one two", "bullets: sub bullet at 2, text at 4");
	r = first_run(f, row + 1);
	ok(r && r->col == 4, "bullets: sub continuation under its text");
	while (row < f->nrows && strncmp(row_text(f, row), "•", 3))
		row++;
	ok(row < f->nrows, "bullets: chinese bullet found");
	r = first_run(f, row + 1);
	ok(r && r->col == 2 && r->style == STYLE_TEXT, "bullets: chinese hanging indent");
	is_int(max_row_width(f), 16, "bullets: zh rows fill exactly 16 = 2 + 7*2");
	frame_free(f);
}

static void test_title(void)
{
	struct slide s = slide("Hi", NULL, 0);
	struct layout_opts o = { .cols = 20, .view = VIEW_SLIDE };
	struct frame *f = layout_slide(&s, &o);
	const struct run *r = first_run(f, 0);
	ok(r && r->col == 9 && r->style == STYLE_TITLE, "title: centred by width");
	frame_free(f);

	s.title = "中文标题";
	f = layout_slide(&s, &o);
	r = first_run(f, 0);
	ok(r && r->col == 6, "title: wide chars centred by display width");
	frame_free(f);

	s.title = "一个非常非常长的中文标题需要换行";
	f = layout_slide(&s, &o);
	ok(frame_sane(f), "title: long sane");
	ok(f->nrows >= 2, "title: wraps");
	frame_free(f);

	/* title layout: centred vertically */
	struct item it[] = { item(ITEM_TEXT, "sub") };
	s = slide("Cover", it, 1);
	s.layout = LAYOUT_TITLE;
	o.rows = 11;
	f = layout_slide(&s, &o);
	/* 3 content rows (title, blank, text) in 11: the optical centre puts
	 * 2/5 of the 8 free rows (3) above */
	is_int(f->content_rows, 3, "title layout: content rows");
	ok(first_run(f, 3) && first_run(f, 3)->style == STYLE_TITLE,
	   "title layout: at the optical centre vertically");
	r = first_run(f, 5);
	ok(r && r->col == 8, "title layout: text centred horizontally");
	frame_free(f);
}

static void test_overflow(void)
{
	static struct item it[30];
	static char texts[30][16];
	for (int k = 0; k < 30; k++) {
		snprintf(texts[k], sizeof texts[k], "bullet %d", k);
		it[k] = item(ITEM_BULLET, texts[k]);
	}
	struct slide s = slide("Long", it, 30);
	struct layout_opts o = { .cols = 40, .rows = 10, .view = VIEW_SLIDE };
	struct frame *f = layout_slide(&s, &o);
	ok(frame_sane(f), "overflow: sane");
	is_int(f->content_rows, 32, "overflow: content rows = title + blank + 30");
	is_int(f->nrows, 10, "overflow: frame cut to 10 rows");
	ok(!f->more_above && f->more_below, "overflow: more below only");
	is_str(row_text(f, 9), "                                  ▼ more",
	       "overflow: marker right-aligned on the last row");
	is_int(f->runs[f->rows[9].first].style, STYLE_MORE, "overflow: marker style");
	frame_free(f);

	o.scroll = 5;
	f = layout_slide(&s, &o);
	ok(f->more_above && f->more_below, "scroll: both markers");
	is_int(f->scroll, 5, "scroll: kept when valid");
	ok(strstr(row_text(f, 0), "▲ more") != NULL, "scroll: top marker");
	/* the block (11 columns wide) centred in the 36-column measure */
	is_str(row_text(f, 1), "              • bullet 3",
	       "scroll: first row shown is content row 5");
	frame_free(f);

	o.scroll = 1000;
	f = layout_slide(&s, &o);
	is_int(f->scroll, 32 - 9, "scroll: clamped so the last row is on screen");
	ok(f->more_above && !f->more_below, "scroll: at the end only more above");
	ok(strstr(row_text(f, 9), "bullet 29") != NULL, "scroll: last bullet visible");
	frame_free(f);

	o.rows = 2;
	o.scroll = 0;
	f = layout_slide(&s, &o);
	ok(f->nrows <= 2 && f->more_below, "overflow: 2 rows still marked");
	frame_free(f);

	o.rows = 40;
	f = layout_slide(&s, &o);
	ok(!f->more_above && !f->more_below, "overflow: none when it fits");
	frame_free(f);
}

static void test_steps(void)
{
	struct item it[] = { item(ITEM_BULLET, "first"), item(ITEM_BULLET, "second"),
			     item(ITEM_BULLET, "third") };
	it[1].step = 1;
	it[2].step = 2;
	struct slide s = slide("Steps", it, 3);
	s.nsteps = 3;
	struct layout_opts o = { .cols = 40, .rows = 20, .view = VIEW_SLIDE };
	struct frame *f = layout_slide(&s, &o);
	ok(strstr(runs_of(f, STYLE_TEXT), "first") && !strstr(runs_of(f, STYLE_TEXT), "second"),
	   "steps: step 0 shows the first only");
	unsigned rows0 = f->content_rows;
	unsigned title_row0 = 0;
	while (title_row0 < f->nrows && !f->rows[title_row0].n)
		title_row0++;
	frame_free(f);
	o.step = 1;
	f = layout_slide(&s, &o);
	ok(strstr(runs_of(f, STYLE_TEXT), "second") && !strstr(runs_of(f, STYLE_TEXT), "third"),
	   "steps: step 1 shows two");
	ok(f->content_rows == rows0 + 1, "steps: one more row");
	unsigned title_row1 = 0;
	while (title_row1 < f->nrows && !f->rows[title_row1].n)
		title_row1++;
	is_int(title_row1, title_row0, "steps: the title does not move on reveal");
	frame_free(f);
	o.view = VIEW_EXPORT;
	o.step = 0;
	f = layout_slide(&s, &o);
	is_str(runs_of(f, STYLE_TEXT), "firstsecondthird", "steps: export merges every step");
	frame_free(f);
}

/* issue 15: a reveal step below the bottom of the window is scrolled into
 * view, by as little as it takes, and only when show_step asks. */
static void test_reveal_into_view(void)
{
	struct item it[14];
	static const char *const words[] = { "one",    "two",    "three",    "four", "five",
					     "six",    "seven",  "eight",    "nine", "ten",
					     "eleven", "twelve", "REVEALED", "LAST" };
	for (int i = 0; i < 14; i++)
		it[i] = item(ITEM_BULLET, words[i]);
	it[12].step = 1;
	it[13].step = 2;
	struct slide s = slide("Long list", it, 14);
	s.nsteps = 3;
	struct layout_opts o = { .cols = 40, .rows = 10, .step = 1, .view = VIEW_SLIDE };
	struct frame *f = layout_slide(&s, &o);
	ok(!strstr(runs_of(f, STYLE_TEXT), "REVEALED"), "reveal: without show_step it stays below");
	ok(f->more_below, "reveal: with a marker below");
	frame_free(f);
	o.show_step = true;
	f = layout_slide(&s, &o);
	ok(frame_sane(f), "reveal: the frame is sane");
	ok(strstr(runs_of(f, STYLE_TEXT), "REVEALED") != NULL,
	   "reveal: show_step scrolls it into view");
	ok(strstr(row_text(f, f->nrows - 1), "REVEALED") != NULL,
	   "reveal: by as little as it takes: the revealed item is on the last row");
	ok(f->more_above && !f->more_below, "reveal: more above, nothing below");
	unsigned s1 = f->scroll;
	frame_free(f);
	o.step = 2;
	o.scroll = s1;
	f = layout_slide(&s, &o);
	ok(strstr(row_text(f, f->nrows - 1), "LAST") != NULL, "reveal: the next step too");
	is_int(f->scroll, s1 + 1, "reveal: one more row down");
	frame_free(f);
	/* already in view: nothing moves */
	o.rows = 40;
	o.scroll = 0;
	f = layout_slide(&s, &o);
	is_int(f->scroll, 0, "reveal: nothing moves when it fits");
	frame_free(f);
	/* a step taller than the window shows its top */
	struct item tall[2] = { item(ITEM_TEXT, "intro"),
				item(ITEM_TEXT,
				     "TOPWORD a b c d e f g h i j k l m n o p q r s t "
				     "u v w x y z a b c d e f g h i j k l m n o p q r") };
	tall[1].step = 1;
	struct slide st = slide("T", tall, 2);
	st.nsteps = 2;
	struct layout_opts o2 = {
		.cols = 10, .rows = 6, .step = 1, .view = VIEW_SLIDE, .show_step = true
	};
	f = layout_slide(&st, &o2);
	ok(strstr(runs_of(f, STYLE_TEXT), "TOPWORD") != NULL,
	   "reveal: a step taller than the window shows its first row");
	frame_free(f);
	/* scrolled below the step: back up to its first row */
	o.rows = 10;
	o.step = 1;
	o.scroll = 100;
	f = layout_slide(&s, &o);
	ok(strstr(runs_of(f, STYLE_TEXT), "REVEALED") != NULL, "reveal: from below too");
	frame_free(f);
}

/* issue 15: search matches are their own runs in STYLE_MATCH, on the slide
 * and in the notes, at the columns the text had. */
static void test_highlight(void)
{
	struct item it[] = { item(ITEM_BULLET, "compute Compute 算力需求"),
			     item(ITEM_TEXT, "nothing here") };
	struct slide s = slide("Compute power", it, 2);
	const char *notes[] = { "课后作业 and COMPUTE" };
	s.notes = notes;
	s.nnotes = 1;
	struct layout_opts o = { .cols = 60, .rows = 20, .view = VIEW_SLIDE };
	struct frame *plain = layout_slide(&s, &o);
	is_str(runs_of(plain, STYLE_MATCH), "", "highlight: nothing without a search");
	o.highlight = "compute";
	struct frame *f = layout_slide(&s, &o);
	ok(frame_sane(f), "highlight: the frame is sane");
	is_str(runs_of(f, STYLE_MATCH), "ComputecomputeCompute",
	       "highlight: every match, title and bullet, without case");
	int same = f->nrows == plain->nrows;
	for (unsigned r = 0; same && r < f->nrows; r++)
		same = strcmp(row_text(f, r), row_text(plain, r)) == 0;
	ok(same, "highlight: the text stays where it was");
	frame_free(f);
	frame_free(plain);
	o.highlight = "算力";
	f = layout_slide(&s, &o);
	is_str(runs_of(f, STYLE_MATCH), "算力", "highlight: Chinese");
	frame_free(f);
	o.view = VIEW_NOTES;
	o.highlight = "作业";
	f = layout_slide(&s, &o);
	is_str(runs_of(f, STYLE_MATCH), "作业", "highlight: in the notes");
	const struct run *m = NULL;
	for (size_t k = 0; k < f->nruns; k++)
		if (f->runs[k].style == STYLE_MATCH)
			m = &f->runs[k];
	ok(m && m->col == 4 && m->width == 4, "highlight: at its columns, 2 per ideograph");
	frame_free(f);
}

static unsigned bar_width(const struct frame *f, unsigned row)
{
	unsigned w = 0;
	for (size_t k = f->rows[row].first; k < f->rows[row].first + f->rows[row].n; k++)
		if (f->runs[k].style == STYLE_CHART)
			w += f->runs[k].width;
	return w;
}

static unsigned bar_col(const struct frame *f, unsigned row)
{
	for (size_t k = f->rows[row].first; k < f->rows[row].first + f->rows[row].n; k++)
		if (f->runs[k].style == STYLE_CHART)
			return f->runs[k].col;
	return 0;
}

static void test_charts(void)
{
	struct bar bars[] = { { "January", 41, "41" }, { "March", 6.3, "6.3" } };
	struct item it[] = { item(ITEM_CHART, "Median build, minutes") };
	it[0].bars = bars;
	it[0].nbars = 2;
	struct slide s = slide("Chart", it, 1);
	struct layout_opts o = { .cols = 40, .view = VIEW_EXPORT };
	struct frame *f = layout_slide(&s, &o);
	ok(frame_sane(f), "chart: sane");
	/* rows: 0 title, 1 blank, 2 caption, 3 and 4 bars */
	is_str(row_text(f, 2), "Median build, minutes", "chart: caption");
	/* label column 7, bar area 40 - 7 - 3 - 2 = 28 */
	is_int(bar_width(f, 3), 28, "chart: the largest bar fills the bar area");
	is_int(bar_width(f, 4), 5, "chart: linear 6.3/41 of 28 columns");
	is_int(bar_col(f, 3), bar_col(f, 4), "chart: bars start in one column");
	ok(strstr(row_text(f, 4), "▎ 6.3") != NULL, "chart: eighth block then the value");
	is_str(runs_of(f, STYLE_CAPTION), "Median build, minutes416.3", "chart: values shown");
	frame_free(f);

	struct bar zb[] = { { "AI训练算力", 300000, "30万倍" }, { "摩尔定律", 7, "7倍" } };
	it[0].bars = zb;
	it[0].log_scale = true;
	it[0].text = "算力增长";
	f = layout_slide(&s, &o);
	ok(frame_sane(f), "log chart: sane");
	unsigned big = bar_width(f, 3), small = bar_width(f, 4);
	ok(big > 0 && small > 0, "log chart: both bars visible");
	ok(small < big && small * 8 > big, "log chart: the small bar is shorter but not lost");
	is_int(bar_col(f, 3), bar_col(f, 4), "log chart: chinese labels aligned by width");
	is_int(bar_col(f, 3), 11, "log chart: bars after the 10-column label");
	is_str(runs_of(f, STYLE_TEXT), "（对数刻度）AI训练算力摩尔定律",
	       "log chart: the scale named after the caption, labels intact");
	frame_free(f);

	it[0].log_scale = false;
	f = layout_slide(&s, &o);
	ok(bar_width(f, 4) == 1, "linear chart: 7 of 300000 still gets one cell");
	frame_free(f);

	for (unsigned cols = 1; cols <= 30; cols++) {
		o.cols = cols;
		f = layout_slide(&s, &o);
		if (!frame_sane(f)) {
			printf("# chart not sane at %u\n", cols);
			break;
		}
		frame_free(f);
		f = NULL;
	}
	ok(f == NULL, "chart: sane at every width 1..30");
	frame_free(f);
}

static void test_figure_quote(void)
{
	struct item it[] = { item(ITEM_FIGURE, "3640 PF-days"), item(ITEM_QUOTE, "Stay hungry.") };
	it[0].caption = "compute to train GPT-3";
	it[1].caption = "Steve Jobs";
	struct slide s = slide("Fig", it, 2);
	struct layout_opts o = { .cols = 40, .view = VIEW_EXPORT };
	struct frame *f = layout_slide(&s, &o);
	ok(frame_sane(f), "figure: sane");
	is_str(row_text(f, 2), "┏━━━━━━━━━━━━━━━━┓", "figure: box top");
	is_str(row_text(f, 3), "┃  3640 PF-days  ┃", "figure: text inside");
	is_str(row_text(f, 4), "┗━━━━━━━━━━━━━━━━┛", "figure: box bottom");
	is_str(row_text(f, 5), "compute to train GPT-3", "figure: caption below");
	is_str(row_text(f, 7), "│ Stay hungry.", "quote: bar then text");
	is_str(row_text(f, 8), "                            — Steve Jobs",
	       "quote: attribution right-aligned");
	frame_free(f);

	it[1].caption = "乔布斯";
	f = layout_slide(&s, &o);
	ok(strstr(row_text(f, 8), "—— 乔布斯") != NULL, "quote: chinese attribution dash");
	frame_free(f);

	o.view = VIEW_SLIDE;
	o.rows = 24;
	o.no_big = true;
	f = layout_slide(&s, &o);
	ok(frame_sane(f), "figure: slide sane");
	/* the block's widest row is the caption (22) before the quote's right-
	 * aligned attribution takes the measure (36 columns from column 2): no
	 * shift, the box at the block's left */
	int at_left = 0;
	for (unsigned r = 0; r < f->nrows; r++) {
		const struct run *fr = first_run(f, r);
		if (fr && !strncmp(fr->text, "┏", 3))
			at_left = fr->col == 2;
	}
	ok(at_left, "figure: box at the block's left edge (no_big)");
	frame_free(f);

	it[0].text = "这是一个非常长的数字说明，需要在框里换行才能放下的内容";
	o.view = VIEW_EXPORT;
	o.cols = 20;
	f = layout_slide(&s, &o);
	ok(frame_sane(f), "figure: wrapping inside the box sane");
	is_str(runs_of(f, STYLE_FIGURE) + 0, runs_of(f, STYLE_FIGURE), "figure: runs readable");
	frame_free(f);
}

static void test_views(void)
{
	const char *notes[] = { "第一段讲稿，内容比较长，需要换行显示在讲稿面板里。", "second" };
	struct item it[] = { item(ITEM_TEXT, "body text"), item(ITEM_BULLET, "point") };
	struct slide s = slide("Views", it, 2);
	s.notes = notes;
	s.nnotes = 2;
	struct layout_opts o = { .cols = 20, .rows = 0, .view = VIEW_NOTES };
	struct frame *f = layout_slide(&s, &o);
	ok(frame_sane(f), "notes: sane");
	is_str(runs_of(f, STYLE_NOTES), "第一段讲稿，内容比较长，需要换行显示在讲稿面板里。second",
	       "notes: every paragraph, nothing else");
	ok(strstr(runs_of(f, STYLE_TEXT), "body") == NULL, "notes: slide text not in notes view");
	frame_free(f);

	s.nnotes = 0;
	f = layout_slide(&s, &o);
	is_str(row_text(f, 0), "(no notes)", "notes: says when there are none");
	frame_free(f);

	o.view = VIEW_PREVIEW;
	o.rows = 3;
	f = layout_slide(&s, &o);
	ok(frame_sane(f), "preview: sane");
	is_str(row_text(f, 0), "Views", "preview: title left, top row");
	is_str(row_text(f, 1), "body text", "preview: no blank rows");
	is_str(row_text(f, 2), "• point", "preview: bullet");
	ok(!f->more_below, "preview: fits 3 rows");
	frame_free(f);
}

static void test_frame_put(void)
{
	struct frame *f = frame_new(10, 2);
	is_int(f->nrows, 2, "put: frame_new makes the rows");
	unsigned n = frame_put(f, 0, 0, "中文中文中文", strlen("中文中文中文"), 5, STYLE_STATUS);
	is_int(n, 4, "put: a wide char that does not fit is left out whole");
	n = frame_put(f, 0, 5, "abcdefgh", 8, 100, STYLE_STATUS);
	is_int(n, 5, "put: clipped to the frame");
	is_str(row_text(f, 0), "中文 abcde", "put: row text");
	n = frame_put(f, 3, 0, "x", 1, 10, STYLE_TEXT);
	is_int(f->nrows, 4, "put: adds rows");
	n = frame_put(f, 1, 9, "中", 3, 10, STYLE_TEXT);
	is_int(n, 0, "put: wide char at the last column left out");
	n = frame_put(f, 0, 2, "zz", 2, 10, STYLE_TEXT);
	ok(frame_sane(f), "put: overlapping put keeps the frame sane");
	frame_put(f, 1, 5, "right", 5, 10, STYLE_TEXT);
	frame_put(f, 1, 0, "left", 4, 10, STYLE_TEXT);
	is_str(row_text(f, 1), "left right", "put: out-of-order puts are sorted");
	ok(frame_sane(f), "put: sane after out-of-order puts");
	frame_free(f);

	f = frame_new(1, 0);
	n = frame_put(f, 0, 0, "中", 3, 1, STYLE_TEXT);
	is_int(n, 0, "put: width-2 char in a 1-column frame left out");
	frame_free(f);
	frame_free(NULL);

	is_int(layout_width("中文abc", strlen("中文abc")), 7, "width: mixed");
	int agree = 1;
	for (ucs4_t c = 0x20; c < 0x30000 && agree; c++) {
		uint8_t buf[8];
		int l = u8_uctomb(buf, c, sizeof buf);
		int uw = uc_width(c, "UTF-8");
		if (l <= 0 || uw < 0 || (c >= 0x202a && c <= 0x202e) ||
		    (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029)
			continue;
		if (layout_width((const char *)buf, (size_t)l) != (unsigned)uw) {
			printf("#   U+%04X: %u vs uc_width %d\n", (unsigned)c,
			       layout_width((const char *)buf, (size_t)l), uw);
			agree = 0;
		}
	}
	ok(agree, "width: every printable code point up to U+2FFFF measures like uc_width");
	is_int(layout_width("“①”", strlen("“①”")), 3, "width: ambiguous chars are 1 (UTF-8)");
}

/* ---- kinsoku: every entry of every table, through the path that consults
 * it. The lists below are the reference, written independently of
 * src/layout.c; each case is built so that the entry alone decides where the
 * break falls: without it the rows come out differently. ---- */

/* Appends the UTF-8 of c to buf at *n. */
static void put_cp(char *buf, size_t *n, ucs4_t c)
{
	int l = u8_uctomb((uint8_t *)buf + *n, c, 8);
	*n += l > 0 ? (size_t)l : 0;
	buf[*n] = '\0';
}

/* Wraps pre + c + post at width w and checks that the text comes out as
 * exactly two rows, want0 and want1 (NULL: the text of c, with wpre before
 * it and wpost after it). Prints a diagnostic and returns 0 on a mismatch. */
static int kinsoku_case(const char *pre, ucs4_t c, const char *post, unsigned w, const char *want0,
			const char *wpre, const char *wpost)
{
	char text[64], want1[64];
	size_t n = 0, m = 0;
	text[0] = want1[0] = '\0';
	memcpy(text, pre, strlen(pre) + 1);
	n = strlen(pre);
	put_cp(text, &n, c);
	memcpy(text + n, post, strlen(post) + 1);
	memcpy(want1, wpre, strlen(wpre) + 1);
	m = strlen(wpre);
	put_cp(want1, &m, c);
	memcpy(want1 + m, wpost, strlen(wpost) + 1);
	struct frame *f = wrap(text, w);
	char r0[64], r1[64];
	snprintf(r0, sizeof r0, "%s", row_text(f, 0));
	snprintf(r1, sizeof r1, "%s", row_text(f, 1));
	int good = f->nrows == 2 && !strcmp(r0, want0) && !strcmp(r1, want1);
	if (!good)
		printf("#   U+%04X in '%s' at %u: rows %u '%s' | '%s', want '%s' | '%s'\n",
		       (unsigned)c, text, w, f->nrows, r0, r1, want0, want1);
	frame_free(f);
	return good;
}

static unsigned cp_cols(ucs4_t c)
{
	return (unsigned)uc_width(c, "UTF-8");
}

static void test_kinsoku(void)
{
	/* may not start a line */
	static const ucs4_t nostart[] = {
		',',
		'.',
		';',
		':',
		'!',
		'?',
		')',
		']',
		'}',
		'%',
		0x00B0 /* ° */,
		0x00B7 /* · */,
		0x2014 /* — */,
		0x2015 /* ― */,
		0x2019 /* ’ */,
		0x201D /* ” */,
		0x2026 /* … */,
		0x2030 /* ‰ */,
		0x2103 /* ℃ */,
		0x22EF /* ⋯ */,
		0x3001 /* 、 */,
		0x3002 /* 。 */,
		0x3009 /* 〉 */,
		0x300B /* 》 */,
		0x300D /* 」 */,
		0x300F /* 』 */,
		0x3011 /* 】 */,
		0x3015 /* 〕 */,
		0x3017 /* 〗 */,
		0x3019 /* 〙 */,
		0x301B /* 〛 */,
		0x301E /* 〞 */,
		0x301F /* 〟 */,
		0x30FB /* ・ */,
		0xFF01 /* ！ */,
		0xFF05 /* ％ */,
		0xFF09 /* ） */,
		0xFF0C /* ， */,
		0xFF0E /* ． */,
		0xFF1A /* ： */,
		0xFF1B /* ； */,
		0xFF1F /* ？ */,
		0xFF3D /* ］ */,
		0xFF5D /* ｝ */,
		0xFF61 /* ｡ */,
		0xFF63 /* ｣ */,
		0xFF64 /* ､ */,
	};
	/* may not end a line */
	static const ucs4_t noend[] = {
		'(',
		'[',
		'{',
		0x2018 /* ‘ */,
		0x201C /* “ */,
		0x3008 /* 〈 */,
		0x300A /* 《 */,
		0x300C /* 「 */,
		0x300E /* 『 */,
		0x3010 /* 【 */,
		0x3014 /* 〔 */,
		0x3016 /* 〖 */,
		0x3018 /* 〘 */,
		0x301A /* 〚 */,
		0x301D /* 〝 */,
		0xFF08 /* （ */,
		0xFF3B /* ［ */,
		0xFF5B /* ｛ */,
		0xFF62 /* ｢ */,
	};
	/* a number keeps them: 十 百 千 万 亿 兆 */
	static const ucs4_t mult[] = { 0x5341, 0x767E, 0x5343, 0x4E07, 0x4EBF, 0x5146 };
	/* the edges of the ideograph ranges a number keeps as its unit */
	static const ucs4_t unit[] = { 0x3400, 0x4DBF, 0x4E00,  0x9FFF,
				       0xF900, 0xFAFF, 0x20000, 0x3134F };
	int good = 1;

	/* "aaaa" + c at 4: c overflows, letters offer no break, so the line is
	 * split hard and moved back one letter (UAX #14 allows a break before
	 * — and ―: there the soft break is refused) */
	for (size_t i = 0; i < sizeof nostart / sizeof *nostart; i++)
		good &= kinsoku_case("aaaa", nostart[i], "", 4, "aaa", "a", "");
	ok(good, "kinsoku: no entry of the no-line-start set starts a hard-split line");
	/* invalid UTF-8 breaks after blanks only: "ab c" at 4 offers the break
	 * before c alone, which c refuses, so the line is split before b */
	good = 1;
	for (size_t i = 0; i < sizeof nostart / sizeof *nostart; i++)
		good &= kinsoku_case("\xff"
				     "ab ",
				     nostart[i], "", 4, "�a", "b ", "");
	ok(good, "kinsoku: no entry of the no-line-start set takes a soft break before it");

	/* "aa" NBSP c "bbb": no break anywhere (UAX #14 joins around NBSP and
	 * after an opening mark); the hard split after c moves back before it */
	good = 1;
	for (size_t i = 0; i < sizeof noend / sizeof *noend; i++)
		good &= kinsoku_case("aa\u00a0", noend[i], "bbb", 3 + cp_cols(noend[i]), "aa\u00a0",
				     "", "bbb");
	ok(good, "kinsoku: no entry of the no-line-end set ends a hard-split line");
	/* invalid UTF-8: breaks before c and before "bbb"; c refuses the
	 * second, so the line breaks before c */
	good = 1;
	for (size_t i = 0; i < sizeof noend / sizeof *noend; i++)
		good &= kinsoku_case("\xff"
				     "a ",
				     noend[i], " bbb", 5 + cp_cols(noend[i]), "�a", "", " bbb");
	ok(good, "kinsoku: no entry of the no-line-end set takes a soft break after it");

	/* "一二" digit "万": UAX #14 allows "一二3|万"; a digit keeps its multiplier */
	good = 1;
	for (ucs4_t d = '0'; d <= '9'; d++)
		good &= kinsoku_case("一二", d, "万", 5, "一二", "", "万");
	for (ucs4_t d = 0xFF10; d <= 0xFF19; d++)
		good &= kinsoku_case("一二", d, "万", 6, "一二", "", "万");
	ok(good, "kinsoku: every digit, ASCII and full-width, keeps the multiplier after it");

	/* "一二3" m "倍": a multiplier keeps the unit after it too */
	good = 1;
	for (size_t i = 0; i < sizeof mult / sizeof *mult; i++)
		good &= kinsoku_case("一二3", mult[i], "倍", 7, "一二", "3", "倍");
	ok(good, "kinsoku: every multiplier keeps its number's unit");

	/* "一二3" u: UAX #14 allows "3|u"; a number keeps one ideograph */
	good = 1;
	for (size_t i = 0; i < sizeof unit / sizeof *unit; i++)
		good &= kinsoku_case("一二3", unit[i], "", 5, "一二", "3", "");
	ok(good, "kinsoku: a number keeps an ideograph of every range as its unit");
	/* and only one: "3年后" breaks after 年 */
	struct frame *f = wrap("一3年后", 6);
	is_str(row_text(f, 0), "一3年", "kinsoku: a number keeps one unit, not two");
	frame_free(f);
}

/* ---- composition, big figures, honest charts (issue 18) ---- */

/* Where a frame's content sits: first and last rows with a run, the
 * leftmost column of any run, and the widest row's extent (last column
 * + 1 - first column). */
struct place {
	int first, last;
	unsigned left, widest;
};

static struct place place_of(const struct frame *f, unsigned from_row)
{
	struct place p = { -1, -1, UINT32_MAX, 0 };
	for (unsigned r = from_row; r < f->nrows; r++) {
		const struct frame_row *fr = &f->rows[r];
		if (!fr->n || f->runs[fr->first].style == STYLE_MORE)
			continue;
		const struct run *a = &f->runs[fr->first], *z = &f->runs[fr->first + fr->n - 1];
		if (p.first < 0)
			p.first = (int)r;
		p.last = (int)r;
		if (a->col < p.left)
			p.left = a->col;
		if (z->col + z->width - a->col > p.widest)
			p.widest = z->col + z->width - a->col;
	}
	return p;
}

/* The first row at or after from whose first run has style st, or -1. */
static int row_of_style(const struct frame *f, unsigned from, enum style st)
{
	for (unsigned r = from; r < f->nrows; r++)
		if (f->rows[r].n && f->runs[f->rows[r].first].style == st)
			return (int)r;
	return -1;
}

static void test_composition(void)
{
	/* a short slide: title and three bullets, 2 + 11 = 13 columns wide */
	struct item it[] = { item(ITEM_BULLET, "alpha"), item(ITEM_BULLET, "beta"),
			     item(ITEM_BULLET, "gamma delta") };
	struct slide s = slide("Short", it, 3);
	/* the screen gives the slide all rows but the status line */
	struct layout_opts o = { .cols = 80, .rows = 23, .view = VIEW_SLIDE };
	struct frame *f = layout_slide(&s, &o);
	ok(frame_sane(f), "compose 80x24: sane");
	/* 6 content rows (title, 2 blank, 3 bullets) in 23: 2/5 of 17 above */
	struct place p = place_of(f, 0);
	is_int(p.first, 6, "compose 80x24 short: the title at the optical centre, row 6");
	is_int(p.last, 11, "compose 80x24 short: the last bullet on row 11");
	is_int(row_of_style(f, 7, STYLE_BULLET), 9,
	       "compose 80x24 short: two blank rows under the title");
	/* measure 70 (margins 5); block 13 wide: (70 - 13) / 2 = 28 in */
	is_int(row_of_style(f, 7, STYLE_BULLET) >= 0 ? first_run(f, 9)->col : 0, 5 + 28,
	       "compose 80x24 short: the bullets' block centred, column 33");
	is_int(first_run(f, 6)->col, 5 + (70 - 5) / 2, "compose 80x24 short: the title centred");
	is_int(place_of(f, 7).widest, 13, "compose 80x24 short: the widest row is 13");
	frame_free(f);

	o.cols = 120;
	o.rows = 39;
	f = layout_slide(&s, &o);
	p = place_of(f, 0);
	/* 2/5 of 33 free rows: 13 */
	is_int(p.first, 13, "compose 120x40 short: the title on row 13");
	is_int(p.last, 18, "compose 120x40 short: the last bullet on row 18");
	/* measure 80 from column 20; block 13 wide: 20 + 33 */
	is_int(place_of(f, 14).left, 53, "compose 120x40 short: the block from column 53");
	is_int(place_of(f, 14).widest, 13, "compose 120x40 short: 13 wide");
	frame_free(f);

	/* layout = top keeps the block at the top, one row down */
	s.layout = LAYOUT_TOP;
	f = layout_slide(&s, &o);
	is_int(place_of(f, 0).first, 1, "compose layout=top: the title on row 1");
	frame_free(f);
	s.layout = LAYOUT_DEFAULT;

	/* an overflowing slide: 50 bullets, top-aligned and scrolled */
	static struct item many[50];
	static char texts[50][24];
	for (int k = 0; k < 50; k++) {
		snprintf(texts[k], sizeof texts[k], "point number %d", k);
		many[k] = item(ITEM_BULLET, texts[k]);
	}
	many[49].text = "the last point is the widest of them all";
	struct slide big = slide("Overflow", many, 50);
	unsigned sizes[2][2] = { { 80, 23 }, { 120, 39 } };
	for (int z = 0; z < 2; z++) {
		o.cols = sizes[z][0];
		o.rows = sizes[z][1];
		o.scroll = 0;
		f = layout_slide(&big, &o);
		char what[96];
		p = place_of(f, 0);
		unsigned cw = o.cols == 80 ? 70 : 80, left = o.cols == 80 ? 5 : 20;
		unsigned bw = 2 + 40; /* the widest bullet */
		snprintf(what, sizeof what, "compose %ux%u overflow: the title on the top row",
			 o.cols, o.rows + 1);
		is_int(p.first, 0, what);
		snprintf(what, sizeof what, "compose %ux%u overflow: cut to the rows, marked below",
			 o.cols, o.rows + 1);
		ok(f->nrows == o.rows && f->more_below && !f->more_above &&
			   strstr(row_text(f, o.rows - 1), "▼ more"),
		   what);
		snprintf(what, sizeof what, "compose %ux%u overflow: last content row %u", o.cols,
			 o.rows + 1, o.rows - 2);
		is_int(p.last, (int)o.rows - 2, what);
		snprintf(what, sizeof what,
			 "compose %ux%u overflow: the block (widest row of all, %u) centred",
			 o.cols, o.rows + 1, bw);
		is_int(place_of(f, 1).left, left + (cw - bw) / 2, what);
		frame_free(f);
		o.scroll = 1000;
		f = layout_slide(&big, &o);
		snprintf(what, sizeof what,
			 "compose %ux%u overflow: scrolled to the end, same column", o.cols,
			 o.rows + 1);
		ok(f->more_above && strstr(row_text(f, o.rows - 1), "the last point") &&
			   first_run(f, o.rows - 1)->col == left + (cw - bw) / 2,
		   what);
		frame_free(f);
	}
	o.scroll = 0;

	/* a reveal moves nothing: the rows of step 0 are the same at step 1,
	 * though the revealed item is the widest and the tallest */
	struct item st[] = { item(ITEM_TEXT, "intro"), item(ITEM_BULLET, "one"),
			     item(ITEM_BULLET, "a much wider bullet revealed later, wrapping "
					       "over more than one row of the measure at 80") };
	st[2].step = 1;
	struct slide rs = slide("Reveal", st, 3);
	rs.nsteps = 2;
	for (int z = 0; z < 2; z++) {
		o.cols = sizes[z][0];
		o.rows = sizes[z][1];
		o.step = 0;
		struct frame *f0 = layout_slide(&rs, &o);
		o.step = 1;
		struct frame *f1 = layout_slide(&rs, &o);
		int same = f0->nrows <= f1->nrows;
		char a[512];
		for (unsigned r = 0; same && r < f0->nrows; r++) {
			snprintf(a, sizeof a, "%s", row_text(f0, r));
			same = !strcmp(a, row_text(f1, r));
		}
		int more = strstr(runs_of(f1, STYLE_TEXT), "revealed later") &&
			   !strstr(runs_of(f0, STYLE_TEXT), "revealed later");
		char what[96];
		snprintf(what, sizeof what, "compose %ux%u: a reveal moves nothing", o.cols,
			 o.rows + 1);
		ok(same && more, what);
		frame_free(f0);
		frame_free(f1);
	}
	o.step = 0;

	/* the measure: never more than LAYOUT_MEASURE columns, at any width */
	struct item lng[] = { item(ITEM_TEXT,
				   "A paragraph long enough to fill any measure we might choose, "
				   "written in plain words so that it breaks at spaces, and then "
				   "some more words, and again more, to be sure of it.") };
	struct slide ls = slide("Measure", lng, 1);
	int all = 1;
	for (unsigned c = 1; c <= 250 && all; c++)
		for (unsigned r = 1; r <= 70 && all; r += (r < 12 ? 1 : 29)) {
			o.cols = c;
			o.rows = r;
			f = layout_slide(&ls, &o);
			p = place_of(f, 0);
			all = frame_sane(f) && f->nrows <= r &&
			      (p.first < 0 || p.widest <= LAYOUT_MEASURE);
			if (c >= 16 && p.first >= 0)
				all = all && p.left >= c / 16;
			if (!all)
				printf("#   at %ux%u: widest %u from %u\n", c, r, p.widest, p.left);
			frame_free(f);
		}
	ok(all, "compose: every size 1x1..250x70 fits, margins c/16, measure <= 80");
}

/* Rows [r, r + BIGFONT_ROWS) of f read as bigfont draws text at col. */
static int big_rows_are(const struct frame *f, unsigned r, unsigned col, const char *text)
{
	struct frame *g = frame_new(f->cols, 0);
	bigfont_draw(g, 0, col, text, strlen(text), STYLE_FIGURE);
	struct strbuf a = { 0 }, b = { 0 };
	int same = g->nrows == BIGFONT_ROWS;
	for (unsigned k = 0; same && k < BIGFONT_ROWS; k++) {
		a.len = b.len = 0;
		frame_row_text(f, r + k, NULL, &a);
		frame_row_text(g, k, NULL, &b);
		same = a.len == b.len && !memcmp(a.s, b.s, a.len);
	}
	free(a.s);
	free(b.s);
	frame_free(g);
	return same;
}

static int has_box(const struct frame *f)
{
	return strstr(runs_of(f, STYLE_FIGURE), "┏") != NULL;
}

static int has_blocks(const struct frame *f)
{
	const char *t = runs_of(f, STYLE_FIGURE);
	return strstr(t, "▀") || strstr(t, "▄");
}

static void test_big_figure(void)
{
	struct item it[] = { item(ITEM_FIGURE, "63%"), item(ITEM_BULLET, "a point") };
	it[0].caption = "of the energy moves data";
	struct slide s = slide("Energy", it, 2);
	struct layout_opts o = { .cols = 120, .rows = 39, .view = VIEW_SLIDE };
	struct frame *f = layout_slide(&s, &o);
	ok(frame_sane(f), "big figure: sane");
	int r = row_of_style(f, 0, STYLE_FIGURE);
	ok(r >= 0 && big_rows_are(f, (unsigned)r, first_run(f, (unsigned)r)->col, "63%"),
	   "big figure: '63%' drawn big, its rows read back as bigfont draws them");
	ok(!has_box(f), "big figure: no box");
	ok(r >= 0 && strstr(row_text(f, (unsigned)r + BIGFONT_ROWS), "of the energy"),
	   "big figure: the caption at text size under it");
	frame_free(f);

	o.no_big = true;
	f = layout_slide(&s, &o);
	ok(has_box(f) && !has_blocks(f), "big figure: no_big draws today's box");
	frame_free(f);
	o.no_big = false;

	o.view = VIEW_PREVIEW;
	o.rows = 10;
	f = layout_slide(&s, &o);
	ok(!has_blocks(f), "big figure: the preview keeps the figure at text size");
	frame_free(f);
	o.view = VIEW_EXPORT;
	o.rows = 0;
	f = layout_slide(&s, &o);
	ok(has_box(f) && !has_blocks(f) && strstr(runs_of(f, STYLE_FIGURE), "63%"),
	   "big figure: the export keeps the plain figure in its box");
	frame_free(f);

	/* Chinese units at text size beside the big parts, on their baseline */
	it[0].text = "1万张A100";
	o.view = VIEW_SLIDE;
	o.rows = 39;
	f = layout_slide(&s, &o);
	r = row_of_style(f, 0, STYLE_FIGURE);
	ok(r >= 0 && strstr(row_text(f, (unsigned)r + BIGFONT_ROWS - 1), "万张") &&
		   !strstr(row_text(f, (unsigned)r), "万张"),
	   "big figure: '万张' at text size on the big glyphs' last row");
	ok(r >= 0 && strstr(row_text(f, (unsigned)r), "▄▀▀▀▄") != NULL,
	   "big figure: 'A100' drawn big beside it");
	frame_free(f);

	/* too wide for all of it big: the number big, the unit beside */
	it[0].text = "3640 PF-days";
	o.cols = 40;
	f = layout_slide(&s, &o);
	r = row_of_style(f, 0, STYLE_FIGURE);
	ok(r >= 0 && strstr(row_text(f, (unsigned)r + BIGFONT_ROWS - 1), "PF-days") &&
		   has_blocks(f),
	   "big figure: at 40 columns '3640' big, 'PF-days' at text size");
	frame_free(f);
	o.cols = 24; /* measure 22: "3640" is 23 wide */
	f = layout_slide(&s, &o);
	ok(has_box(f) && !has_blocks(f),
	   "big figure: boxed when the number is wider than the measure");
	frame_free(f);
	/* the slide would not fit its rows with the figure big */
	o.cols = 120;
	o.rows = 8;
	f = layout_slide(&s, &o);
	ok(has_box(f) && !has_blocks(f) && !f->more_below,
	   "big figure: boxed when big it would overflow the slide");
	frame_free(f);
	o.rows = 10;
	f = layout_slide(&s, &o);
	ok(has_blocks(f) && !f->more_below, "big figure: big once it fits");
	frame_free(f);

	/* hostile text beside the big glyphs goes through the frame's put */
	it[0].text = "63%\x1b[31m\xe2\x80\xae\xff万";
	o.rows = 39;
	f = layout_slide(&s, &o);
	r = row_of_style(f, 0, STYLE_FIGURE);
	ok(frame_sane(f) && has_blocks(f) && strstr(runs_of(f, STYLE_PLACEHOLDER), "␛"),
	   "big figure: controls, a bidi override and a bad byte beside it made safe");
	frame_free(f);
}

/* The Han ideographs of s, in order, appended to out. */
static void han_of(const char *s, size_t n, char *out, size_t cap)
{
	size_t len = strlen(out);
	const uint8_t *u = (const uint8_t *)s, *end = u + n;
	while (u < end) {
		ucs4_t c;
		int l = u8_mbtouc(&c, u, (size_t)(end - u));
		if (((c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) ||
		     (c >= 0xf900 && c <= 0xfaff) || (c >= 0x20000 && c <= 0x3134f)) &&
		    len + (size_t)l < cap) {
			memcpy(out + len, u, (size_t)l);
			len += (size_t)l;
		}
		u += l;
	}
	out[len] = '\0';
}

/* The Han text of a frame, row by row, and whether every row fits. */
static int frame_han(const struct frame *f, char *out, size_t cap)
{
	out[0] = '\0';
	int fits = 1;
	for (unsigned r = 0; r < f->nrows; r++) {
		const char *t = row_text(f, r);
		han_of(t, strlen(t), out, cap);
		fits = fits && u8_strwidth((const uint8_t *)t, "UTF-8") <= (int)f->cols;
	}
	return fits;
}

/* The Han text of a slide as written: title, subtitle, items in order
 * (a chart: caption, then each bar's label and shown value). A divider
 * (layout = section) starts with its section's name, then the title and
 * subtitle that differ from it (layout_section.c). */
static void slide_han(const struct slide *s, char *out, size_t cap)
{
	out[0] = '\0';
	const char *name = s->layout == LAYOUT_SECTION && s->section ? s->section->name : NULL;
	if (name)
		han_of(name, strlen(name), out, cap);
	if (!name || strcmp(s->title, name))
		han_of(s->title, strlen(s->title), out, cap);
	if (s->subtitle && (!name || strcmp(s->subtitle, name)))
		han_of(s->subtitle, strlen(s->subtitle), out, cap);
	for (size_t k = 0; k < s->nitems; k++) {
		const struct item *it = &s->items[k];
		han_of(it->text, strlen(it->text), out, cap);
		if (it->caption)
			han_of(it->caption, strlen(it->caption), out, cap);
		for (size_t b = 0; b < it->nbars; b++) {
			han_of(it->bars[b].label, strlen(it->bars[b].label), out, cap);
			if (it->bars[b].shown)
				han_of(it->bars[b].shown, strlen(it->bars[b].shown), out, cap);
		}
		for (size_t c = 0; c < it->nrows * it->ncols; c++)
			han_of(it->cells[c], strlen(it->cells[c]), out, cap);
	}
}

/* Every slide of s[0..n) exports at every width 20..200 with its Han text
 * in order, as written, and no row wider than the width. */
/* A table drawn alone as a grid at width w (the preview, like the screen:
 * the export stacks a table whose cells wrap) keeps each column's Han text
 * in order: the pieces of every row between its "│" separators, read down
 * column c, are the Han text of cells[0][c], cells[1][c], ... as written
 * (a cell wraps inside its column, so rows interleave the columns). */
static int table_han_in_order(const struct item *it, unsigned w)
{
	static char want[16384], got[16384];
	struct slide one = { .id = "table", .title = "", .items = (struct item *)it, .nitems = 1 };
	struct layout_opts o = { .cols = w, .view = VIEW_PREVIEW };
	struct frame *f = layout_slide(&one, &o);
	int good = 1;
	for (size_t c = 0; c < it->ncols && good; c++) {
		want[0] = got[0] = '\0';
		for (size_t r = 0; r < it->nrows; r++) {
			const char *cell = it->cells[r * it->ncols + c];
			han_of(cell, strlen(cell), want, sizeof want);
		}
		for (unsigned r = 0; r < f->nrows; r++) {
			const char *t = row_text(f, r), *p = t;
			for (size_t k = 0; k < c && p; k++)
				p = (p = strstr(p, "│")) ? p + 3 : NULL;
			if (!p)
				continue;
			const char *e = strstr(p, "│");
			han_of(p, e ? (size_t)(e - p) : strlen(p), got, sizeof got);
		}
		good = strcmp(got, want) == 0;
	}
	frame_free(f);
	return good;
}

static int han_in_order(const struct slide *s, size_t n, char *why, size_t cap)
{
	static char want[65536], got[65536];
	for (size_t i = 0; i < n; i++) {
		slide_han(&s[i], want, sizeof want);
		for (unsigned w = 20; w <= 200; w++) {
			struct layout_opts o = { .cols = w, .view = VIEW_EXPORT };
			struct frame *f = layout_slide(&s[i], &o);
			int fits = frame_han(f, got, sizeof got), tables = 1;
			frame_free(f);
			/* and on the screen's grid, each column in order */
			for (size_t k = 0; k < s[i].nitems && tables; k++)
				if (s[i].items[k].kind == ITEM_TABLE)
					tables = table_han_in_order(&s[i].items[k], w);
			if (!fits || strcmp(got, want) || !tables) {
				snprintf(why, cap, "slide '%s' at %u: %s", s[i].id, w,
					 !fits    ? "a row too wide"
					 : tables ? "Han text out of order"
						  : "a table's Han text out of column order");
				return 0;
			}
		}
	}
	return 1;
}

static void test_honest_charts(void)
{
	struct bar zb[] = { { "AI 训练算力", 300000, "30万倍" }, { "通用计算", 7, "7倍" } };
	struct item it[] = { item(ITEM_CHART, "2012–2018年的增长（对数刻度）") };
	it[0].bars = zb;
	it[0].nbars = 2;
	it[0].log_scale = true;
	struct slide s = slide("智能算力的增长", it, 1);
	struct layout_opts o = { .cols = 60, .view = VIEW_EXPORT };
	struct frame *f = layout_slide(&s, &o);
	ok(frame_sane(f), "log axis: sane");
	/* rows: 0 title, 1 blank, 2 caption, 3 and 4 bars, 5 rule, 6 labels */
	is_str(runs_of(f, STYLE_TEXT), "AI 训练算力通用计算",
	       "log axis: a caption naming the scale gets no second name");
	char rule[1024];
	snprintf(rule, sizeof rule, "%s", row_text(f, 5));
	int ticks = 0;
	for (const char *p = rule; (p = strstr(p, "┬")); p += 3)
		ticks++;
	is_int(ticks, 6, "log axis: a tick for each power of ten 1 .. 100k");
	char labels[256];
	snprintf(labels, sizeof labels, "%s", row_text(f, 6));
	const char *p1 = strstr(labels, " 1 "), *p2 = strstr(labels, "10 "),
		   *p3 = strstr(labels, "100 "), *p4 = strstr(labels, "1k"),
		   *p5 = strstr(labels, "10k"), *p6 = strstr(labels, "100k");
	ok(p1 && p2 && p3 && p4 && p5 && p6 && p1 < p2 && p2 < p3 && p3 < p4 && p4 < p5 && p5 < p6,
	   "log axis: labelled 1 10 100 1k 10k 100k in order");
	frame_free(f);
	/* the tick of 10^5 on the last cell of a bar of 100000, at every width */
	struct bar tb[] = { zb[0], { "十万", 100000, "" }, zb[1] };
	it[0].bars = tb;
	it[0].nbars = 3;
	int at_end = 1;
	for (unsigned w = 30; w <= 120 && at_end; w++) {
		o.cols = w;
		f = layout_slide(&s, &o);
		/* rows: 3..5 bars, 6 the rule */
		unsigned end = bar_col(f, 4) + bar_width(f, 4) - 1, col = 0;
		char rl[1024];
		snprintf(rl, sizeof rl, "%s", row_text(f, 6));
		const char *last = NULL;
		for (const char *p = rl; (p = strstr(p, "┬")); p += 3)
			last = p;
		for (const char *q = rl; last && q < last; col++)
			q += (*q & 0x80) ? 3 : 1; /* spaces and rule glyphs: 1 column each */
		at_end = last && col == end;
		if (!at_end)
			printf("#   at %u the last tick is at %u, the bar of 100000 ends at %u\n",
			       w, col, end);
		frame_free(f);
	}
	ok(at_end, "log axis: the 100k tick on the last cell of a bar of 100000, widths 30..120");
	it[0].bars = zb;
	it[0].nbars = 2;
	o.cols = 60;
	f = layout_slide(&s, &o);
	ok(strstr(row_text(f, 4), "7倍") != NULL && bar_width(f, 4) > 0,
	   "log axis: 7 still drawn, read against the axis");
	frame_free(f);

	/* a caption that does not name the scale: the deck's language names it */
	it[0].text = "2012–2018年的增长";
	f = layout_slide(&s, &o);
	is_str(row_text(f, 2), "2012–2018年的增长（对数刻度）",
	       "log scale: named in Chinese for a Chinese caption");
	is_int(first_run(f, 2)->style, STYLE_CAPTION, "log scale: the caption keeps its style");
	is_int(f->runs[f->rows[2].first + f->rows[2].n - 1].style, STYLE_TEXT,
	       "log scale: the name not faint");
	frame_free(f);
	struct deck d;
	memset(&d, 0, sizeof d);
	d.meta.language = "en";
	o.deck = &d;
	f = layout_slide(&s, &o);
	is_str(row_text(f, 2), "2012–2018年的增长 (log scale)",
	       "log scale: in English when the deck's language is en");
	frame_free(f);
	d.meta.language = "zh-CN";
	it[0].text = "Growth";
	f = layout_slide(&s, &o);
	is_str(row_text(f, 2), "Growth（对数刻度）", "log scale: in Chinese for a zh-CN deck");
	frame_free(f);
	o.deck = NULL;
	it[0].text = "Growth from 2012 to 2018 (log scale)";
	f = layout_slide(&s, &o);
	is_str(row_text(f, 2), "Growth from 2012 to 2018 (log scale)",
	       "log scale: not named twice");
	frame_free(f);
	it[0].text = "Growth";
	it[0].log_scale = false;
	f = layout_slide(&s, &o);
	ok(!strstr(runs_of(f, STYLE_DIM), "┬") && !strstr(row_text(f, 2), "log"),
	   "linear chart: no log axis, no scale name");
	frame_free(f);
	it[0].log_scale = true;

	/* reading order: a label wider than the label column goes above its
	 * bar, never wraps beside it */
	struct bar lb[] = { { "AI 训练算力（2012–2018 年，按 OpenAI 的统计）", 300000, "30万倍" },
			    { "通用计算", 7, "7倍" } };
	it[0].bars = lb;
	it[0].text = "增长（对数刻度）";
	o.cols = 40;
	f = layout_slide(&s, &o);
	/* rows: 0 title, 1 blank, 2 caption, 3.. the long label, then its bar */
	int lr = row_of_style(f, 3, STYLE_TEXT), br = -1;
	for (unsigned r = 3; r < f->nrows && br < 0; r++)
		if (bar_width(f, r))
			br = (int)r;
	ok(lr == 3 && br > lr && !strstr(row_text(f, (unsigned)br), "算力"),
	   "chart labels: a long label on its own rows above its bar");
	is_int(bar_col(f, (unsigned)br), bar_col(f, (unsigned)br + 1),
	       "chart labels: its bar still starts with the others");
	ok(strstr(row_text(f, (unsigned)br + 1), "通用计算") != NULL,
	   "chart labels: a short label stays beside its bar");
	frame_free(f);

	char why[256] = "";
	struct slide both[2] = { s, s };
	both[1].items = (struct item[]){ it[0] };
	it[0].bars = zb;
	int good = han_in_order(both, 2, why, sizeof why);
	ok(good, "charts: Han text in order and rows fit in the export at every width 20..200");
	if (!good)
		printf("#   %s\n", why);

	/* the built-in talks */
	static const char *const talks[] = { "../slides/talk.zh.ini", "../slides/talk.en.ini" };
	for (int t = 0; t < 2; t++) {
		struct diag_list dl;
		diag_list_init(&dl);
		struct deck *dk = deck_load(
			&(struct deck_load_opts){ .from = DECK_FROM_PATH, .name = talks[t] }, NULL,
			&dl);
		diag_list_release(&dl);
		why[0] = '\0';
		good = dk && han_in_order(dk->slides, dk->nslides, why, sizeof why);
		char what[128];
		snprintf(what, sizeof what, "%s: Han text in order, rows fit, every width 20..200",
			 talks[t]);
		ok(good, what);
		if (!good)
			printf("#   %s\n", why);
		deck_free(dk);
	}
}

int main(void)
{
	tap_plan(253);
	test_ascii();
	test_chinese();
	test_punctuation();
	test_combining();
	test_emoji();
	test_tabs();
	test_controls();
	test_unbreakable();
	test_extreme_widths();
	test_bullets();
	test_title();
	test_overflow();
	test_steps();
	test_reveal_into_view();
	test_highlight();
	test_charts();
	test_figure_quote();
	test_views();
	test_frame_put();
	test_kinsoku();
	test_composition();
	test_big_figure();
	test_honest_charts();
	return tap_done();
}
