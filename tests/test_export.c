/* Property tests of layout and export over the built-in talk and a synthetic
 * stress slide, at every width from 10 to 200:
 *  - every row fits: runs ordered, col + width <= cols, the sum of run widths
 *    <= cols, and the row re-measured with u8_strwidth <= cols;
 *  - start/end rules: within one paragraph no row starts with a character of
 *    NOSTART or ends with one of NOEND, unless the rule could not be kept:
 *    every cluster boundary inside the earlier row would break it too (a row
 *    made only of punctuation, a tiny width);
 *  - nothing is lost or duplicated: the runs of an item's style, read back
 *    in order, equal its source text once whitespace is removed.
 * Tests run with the working directory tests/. */
/* The fixtures below are written positionally and leave the model's
 * trailing fields (tables, code, sections) zero, as a loaded deck without
 * them has them. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include <stdlib.h>
#include <string.h>
#include <unigbrk.h>
#include <unistr.h>
#include <uniwidth.h>

#include "export.h"
#include "layout.h"
#include "tap.h"

static const char NOSTART[] =
	",.;:!?)]}%°·—―’”…‰℃⋯、。〉》」』】〕〗〙〛〞〟・！％），．：；？］｝｡｣､";
static const char NOEND[] = "([{‘“〈《「『【〔〖〘〚〝（［｛｢";

static int in_set(const char *set, ucs4_t c)
{
	const uint8_t *u = (const uint8_t *)set;
	while (*u) {
		ucs4_t d;
		u += u8_mbtouc(&d, u, strlen((const char *)u));
		if (d == c)
			return 1;
	}
	return 0;
}

static int is_ws(ucs4_t c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* Appends s[0..n) to buf without whitespace (and without box-drawing
 * characters when strip_box). */
static void squeeze(char *buf, size_t cap, const char *s, size_t n, int strip_box)
{
	size_t len = strlen(buf);
	const uint8_t *u = (const uint8_t *)s, *end = u + n;
	while (u < end) {
		ucs4_t c;
		int l = u8_mbtouc(&c, u, (size_t)(end - u));
		if (!is_ws(c) && !(strip_box && c >= 0x2500 && c <= 0x257f) && len + l < cap) {
			memcpy(buf + len, u, (size_t)l);
			len += (size_t)l;
		}
		u += l;
	}
	buf[len] = '\0';
}

static char failure[512];

static int fail(const char *fmt, const char *a, unsigned w)
{
	if (!failure[0])
		snprintf(failure, sizeof failure, fmt, a, w);
	return 0;
}

/* Row r as text (gaps as spaces, trailing spaces trimmed) into buf. */
static void row_text(const struct frame *f, unsigned r, char *buf, size_t cap)
{
	size_t n = 0;
	unsigned col = 0;
	for (size_t k = f->rows[r].first; k < f->rows[r].first + f->rows[r].n; k++) {
		const struct run *run = &f->runs[k];
		for (; col < run->col && n + 1 < cap; col++)
			buf[n++] = ' ';
		if (n + run->len + 1 < cap) {
			memcpy(buf + n, run->text, run->len);
			n += run->len;
		}
		col = run->col + run->width;
	}
	while (n && buf[n - 1] == ' ')
		n--;
	buf[n] = '\0';
}

static int frame_fits(const struct frame *f, const char *what)
{
	char buf[8192];
	size_t first = 0;
	for (unsigned r = 0; r < f->nrows; r++) {
		const struct frame_row *fr = &f->rows[r];
		if (fr->first != first)
			return fail("%s: rows not contiguous at width %u", what, f->cols);
		first += fr->n;
		unsigned end = 0, sum = 0;
		for (size_t k = fr->first; k < fr->first + fr->n; k++) {
			const struct run *run = &f->runs[k];
			if (run->col < end || run->col + run->width > f->cols)
				return fail("%s: run overlaps or passes the edge at width %u", what,
					    f->cols);
			for (size_t b = 0; b < run->len; b++)
				if ((unsigned char)run->text[b] < 0x20 || run->text[b] == 0x7f)
					return fail("%s: control byte in a run at width %u", what,
						    f->cols);
			end = run->col + run->width;
			sum += run->width;
		}
		row_text(f, r, buf, sizeof buf);
		int w = u8_strwidth((const uint8_t *)buf, "UTF-8");
		if (sum > f->cols || w < 0 || (unsigned)w > f->cols)
			return fail("%s: a row is wider than %u", what, f->cols);
	}
	return 1;
}

/* First and last non-space code points of a string. */
static ucs4_t first_cp(const char *s)
{
	const uint8_t *u = (const uint8_t *)s;
	while (*u) {
		ucs4_t c;
		u += u8_mbtouc(&c, u, strlen((const char *)u));
		if (!is_ws(c))
			return c;
	}
	return 0;
}

static ucs4_t last_cp(const char *s, size_t n)
{
	ucs4_t last = 0;
	const uint8_t *u = (const uint8_t *)s, *end = u + n;
	while (u < end) {
		ucs4_t c;
		u += u8_mbtouc(&c, u, (size_t)(end - u));
		if (!is_ws(c))
			last = c;
	}
	return last;
}

/* True if every cluster boundary inside row a (trimmed) would break the
 * start or end rule, i.e. no hard split could have kept the rules. */
static int unavoidable(const char *a)
{
	size_t n = strlen(a);
	char gb[8192];
	if (n >= sizeof gb)
		return 0;
	u8_grapheme_breaks((const uint8_t *)a, n, gb);
	for (size_t p = 1; p < n; p++) {
		if (!gb[p])
			continue;
		ucs4_t next = first_cp(a + p), prev = last_cp(a, p);
		if (prev == 0)
			continue; /* only blanks before p: no split there */
		if (!(next && in_set(NOSTART, next)) && !in_set(NOEND, prev))
			return 0;
	}
	return 1;
}

/* Checks the rows of style st of f (one paragraph, or several kept apart by
 * rows without st) against the start/end rules, and returns their text
 * squeezed into out. */
static int check_style(const struct frame *f, enum style st, int strip_box, const char *what,
		       char *out, size_t cap)
{
	char prev[8192] = "", cur[8192];
	int have_prev = 0;
	out[0] = '\0';
	for (unsigned r = 0; r < f->nrows; r++) {
		size_t n = 0;
		int any = 0;
		for (size_t k = f->rows[r].first; k < f->rows[r].first + f->rows[r].n; k++) {
			const struct run *run = &f->runs[k];
			if (run->style != st || n + run->len + 1 >= sizeof cur)
				continue;
			if (strip_box && run->len == 3 && (unsigned char)run->text[0] == 0xe2 &&
			    ((unsigned char)run->text[1] == 0x94 ||
			     (unsigned char)run->text[1] == 0x95))
				continue;
			memcpy(cur + n, run->text, run->len);
			n += run->len;
			any = 1;
		}
		cur[n] = '\0';
		if (!any) {
			have_prev = 0;
			continue;
		}
		squeeze(out, cap, cur, n, strip_box);
		if (have_prev) {
			ucs4_t s0 = first_cp(cur), e0 = last_cp(prev, strlen(prev));
			if ((in_set(NOSTART, s0) || in_set(NOEND, e0)) && !unavoidable(prev))
				return fail("%s: start/end rule broken at width %u", what, f->cols);
		}
		memcpy(prev, cur, n + 1);
		have_prev = 1;
	}
	return 1;
}

/* All properties of one slide at one width. */
static int check_slide(const struct slide *s, unsigned w, const char *what)
{
	static char got[65536], want[65536];
	struct layout_opts o = { .cols = w, .view = VIEW_EXPORT };
	struct frame *f = layout_slide(s, &o);
	int okk = frame_fits(f, what);
	frame_free(f);
	if (!okk)
		return 0;
	o.view = VIEW_SLIDE;
	o.step = s->nsteps ? s->nsteps - 1 : 0;
	f = layout_slide(s, &o);
	okk = frame_fits(f, what);
	frame_free(f);
	if (!okk)
		return 0;

	/* title alone */
	struct slide one = *s;
	one.nitems = 0;
	one.subtitle = NULL;
	o.view = VIEW_EXPORT;
	f = layout_slide(&one, &o);
	/* a divider's title line is its section's name; the slide's own title,
	 * when it differs, follows it as a subtitle (layout_section.c) */
	const char *name = s->layout == LAYOUT_SECTION && s->section ? s->section->name : NULL;
	okk = check_style(f, STYLE_TITLE, 0, what, got, sizeof got);
	want[0] = '\0';
	squeeze(want, sizeof want, name ? name : s->title, strlen(name ? name : s->title), 0);
	if (okk && strcmp(got, want))
		okk = fail("%s: title text lost at width %u", what, w);
	if (okk && name && strcmp(name, s->title)) {
		okk = check_style(f, STYLE_SUBTITLE, 0, what, got, sizeof got);
		want[0] = '\0';
		squeeze(want, sizeof want, s->title, strlen(s->title), 0);
		if (okk && strcmp(got, want))
			okk = fail("%s: divider's title text lost at width %u", what, w);
	}
	frame_free(f);
	if (!okk)
		return 0;

	/* notes */
	o.view = VIEW_NOTES;
	f = layout_slide(s, &o);
	okk = frame_fits(f, what) && check_style(f, STYLE_NOTES, 0, what, got, sizeof got);
	want[0] = '\0';
	for (size_t k = 0; k < s->nnotes; k++)
		squeeze(want, sizeof want, s->notes[k], strlen(s->notes[k]), 0);
	if (okk && strcmp(got, want))
		okk = fail("%s: notes text lost at width %u", what, w);
	frame_free(f);
	if (!okk)
		return 0;

	/* each item alone, title empty */
	one.title = "";
	one.nitems = 1;
	o.view = VIEW_EXPORT;
	for (size_t k = 0; k < s->nitems; k++) {
		const struct item *it = &s->items[k];
		one.items = (struct item *)it;
		f = layout_slide(&one, &o);
		enum style st = STYLE_TEXT;
		if (it->kind == ITEM_FIGURE)
			st = STYLE_FIGURE;
		else if (it->kind == ITEM_QUOTE)
			st = STYLE_QUOTE;
		want[0] = '\0';
		if (it->kind == ITEM_CHART)
			for (size_t b = 0; b < it->nbars; b++)
				squeeze(want, sizeof want, it->bars[b].label,
					strlen(it->bars[b].label), 0);
		else if (it->kind == ITEM_TABLE)
			for (size_t c = it->ncols; c < it->nrows * it->ncols; c++)
				squeeze(want, sizeof want, it->cells[c], strlen(it->cells[c]), 0);
		else
			squeeze(want, sizeof want, it->text, strlen(it->text), 0);
		okk = check_style(f, st, it->kind == ITEM_FIGURE, what, got, sizeof got);
		/* a table's body cells in order: the export stacks a table whose
		 * cells would wrap, so that they never interleave */
		if (okk && strcmp(got, want))
			okk = fail("%s: item text lost or duplicated at width %u", what, w);
		if (okk && (it->caption || it->kind == ITEM_CHART)) {
			char cw[4096] = "";
			if (it->kind == ITEM_CHART) {
				squeeze(cw, sizeof cw, it->text, strlen(it->text), 0);
				for (size_t b = 0; b < it->nbars; b++)
					squeeze(cw, sizeof cw, it->bars[b].shown,
						strlen(it->bars[b].shown), 0);
			} else {
				if (it->kind == ITEM_QUOTE)
					squeeze(cw, sizeof cw, "—", 3, 0);
				squeeze(cw, sizeof cw, it->caption, strlen(it->caption), 0);
			}
			okk = check_style(f, STYLE_CAPTION, 0, what, got, sizeof got);
			/* the quote dash may be doubled for CJK attributions */
			const char *g = got;
			if (it->kind == ITEM_QUOTE && !strncmp(g, "——", 6))
				g += 3;
			if (okk && strcmp(g, cw))
				okk = fail("%s: caption lost at width %u", what, w);
		}
		frame_free(f);
		if (!okk)
			return 0;
	}
	return 1;
}

static void check_deck_widths(const struct deck *d, const char *name)
{
	int all = 1;
	failure[0] = '\0';
	for (unsigned w = 10; w <= 200 && all; w++)
		for (size_t i = 0; i < d->nslides && all; i++)
			all = check_slide(&d->slides[i], w, d->slides[i].id);
	char what[128];
	snprintf(what, sizeof what, "%s: every slide fits, keeps the rules, loses nothing, 10..200",
		 name);
	ok(all, what);
	if (!all)
		printf("#   %s\n", failure);
}

/* ---- the synthetic stress slide ---- */

#define FAM "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7"

static const char *stress_notes[] = {
	"讲稿第一段：先说结论——算力是大模型的“发动机”！再说原因（三点）：第一，数据；第二，模型；"
	"第三，算力……最后总结。Speaker notes in English, with a URL "
	"https://example.org/a/really/long/path/to/some/resource?with=query&and=more and 40 "
	"digits 1234567890123456789012345678901234567890.",
	"“引号开头的段落”，然后是《书名号》和【方括号】、〔六角括号〕。？！？！……——结束。",
};

static struct bar stress_bars[] = {
	{ "AI训练算力（2012–2018）", 300000, "30万倍" },
	{ "摩尔定律", 7, "7倍" },
	{ "A very long English label that needs wrapping", 1500, "1,500×" },
};

static struct item stress_items[] = {
	{ ITEM_TEXT, 0, 0,
	  "这是一个很长的段落，混合了中文和English words、标点符号！？……以及“引号”和（括号）。"
	  "从2012到2018年，AI训练算力增长了30万倍；摩尔定律只有7倍。网址 "
	  "https://www.example.com/path/to/a/very/long/resource/name.html 不能随便断开。"
	  "数字1234567890123456789012345678901234567890也不能。①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳。"
	  "表情" FAM "和国旗🇨🇳🇺🇸都不能拆开，e\xcc\x81"
	  "t\xcc\x81"
	  "e\xcc\x81"
	  " 带组合符号。",
	  NULL, NULL, 0, false },
	{ ITEM_BULLET, 0, 0, "项目符号：“他说：‘你好！’”然后离开了。」』》）】〕——！？。，、；：……",
	  NULL, NULL, 0, false },
	{ ITEM_SUB, 0, 0,
	  "Second level, English: supercalifragilisticexpialidocious (and more), "
	  "\"quoted\" text; punctuation: yes!",
	  NULL, NULL, 0, false },
	{ ITEM_BULLET, 1, 0,
	  "（（（（《《《「「「『『『“““开头的一串开括号，和结尾的一串闭括号”””』』』」」」》》》）"
	  "）））",
	  NULL, NULL, 0, false },
	{ ITEM_QUOTE, 1, 0,
	  "大模型离不开大算力，新一代算力底座要靠系统级创新。——这句话说了很多次。",
	  "姚建国（燧原科技，上海交通大学）", NULL, 0, false },
	{ ITEM_FIGURE, 1, 0, "3640 PF-days（千万亿次浮点运算·天）",
	  "GPT-3 的训练算力，OpenAI 公开文献", NULL, 0, false },
	{ ITEM_CHART, 2, 0, "增长对比（对数刻度）", NULL, stress_bars, 3, true },
	{ ITEM_TEXT, 2, 0, "Tabs\tbetween\twords and 中文\t标点，。", NULL, NULL, 0, false },
};

static struct slide stress_slide = {
	"stress",
	"压力测试：一个很长很长的标题，包含English、数字2023和标点符号！",
	"副标题",
	60,
	false,
	LAYOUT_DEFAULT,
	stress_items,
	sizeof stress_items / sizeof stress_items[0],
	3,
	stress_notes,
	2,
	1,
};

static void test_stress(void)
{
	int all = 1;
	failure[0] = '\0';
	for (unsigned w = 10; w <= 200 && all; w++)
		all = check_slide(&stress_slide, w, "stress");
	ok(all, "stress: every width 10..200 fits, keeps the rules, loses nothing");
	if (!all)
		printf("#   %s\n", failure);

	stress_slide.layout = LAYOUT_TITLE;
	failure[0] = '\0';
	all = 1;
	for (unsigned w = 1; w <= 60 && all; w++)
		for (unsigned rows = 1; rows <= 30 && all; rows += 7) {
			struct layout_opts o = {
				.cols = w, .rows = rows, .step = 2, .view = VIEW_SLIDE, .scroll = 4
			};
			struct frame *f = layout_slide(&stress_slide, &o);
			all = frame_fits(f, "stress title layout") && f->nrows <= rows;
			frame_free(f);
		}
	stress_slide.layout = LAYOUT_DEFAULT;
	ok(all, "stress: title layout, widths 1..60, limited rows, all fit");
	if (!all)
		printf("#   %s\n", failure);
}

/* ---- export ---- */

static char *export_to_string(const struct deck *d, const struct export_opts *eo, size_t *len)
{
	char *buf = NULL;
	FILE *m = open_memstream(&buf, len);
	int rc = export_deck(d, eo, m);
	fclose(m);
	if (rc != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* Every line of text fits w columns and no byte is a control other than
 * the newline. */
static int lines_fit(const char *s, unsigned w)
{
	const char *p = s;
	while (*p) {
		const char *e = strchr(p, '\n');
		if (!e)
			return 0; /* every line ends with a newline */
		for (const char *q = p; q < e; q++)
			if ((unsigned char)*q < 0x20 || *q == 0x7f)
				return 0;
		if (u8_width((const uint8_t *)p, (size_t)(e - p), "UTF-8") > (int)w)
			return 0;
		p = e + 1;
	}
	return 1;
}

static void test_export_synthetic(void)
{
	struct slide slides[2];
	slides[0] = stress_slide;
	slides[1] = stress_slide;
	slides[1].backup = true;
	slides[1].title = "Backup slide title";
	struct deck d;
	memset(&d, 0, sizeof d);
	d.path = "synthetic";
	d.meta.id = "synthetic";
	d.meta.title = "Synthetic \x1b[31mdeck";
	d.meta.author = "Tester";
	d.meta.event = "Unit tests";
	d.meta.date = "2024-01-01";
	d.slides = slides;
	d.nslides = 2;

	struct export_opts eo = { .width = 40 };
	size_t len;
	char *s = export_to_string(&d, &eo, &len);
	ok(s != NULL, "export: returns 0");
	ok(s && strlen(s) == len, "export: no NUL bytes");
	ok(s && lines_fit(s, 40), "export: every line fits 40, no escape sequences");
	ok(s && strstr(s, "Synthetic ␛[31mdeck"), "export: control in the deck title shown");
	ok(s && strstr(s, "Tester · Unit tests") == NULL && strstr(s, "Unit tests · 2024-01-01"),
	   "export: event and date on one line");
	ok(s && strstr(s, "── 1/2 ───"), "export: slide header");
	ok(s && !strstr(s, "Backup slide title"), "export: backup slide left out by default");
	ok(s && !strstr(s, "Notes:"), "export: no notes by default");
	ok(s && strstr(s, "Tabs") && strstr(s, "增长对比"), "export: every step merged");
	free(s);

	eo.notes = true;
	eo.backup = true;
	s = export_to_string(&d, &eo, &len);
	ok(s && strstr(s, "── 2/2 · backup ───"), "export: backup slide marked");
	ok(s && strstr(s, "Backup slide title"), "export: backup included with --backup");
	ok(s && strstr(s, "\nNotes:\n    讲稿第一段"), "export: notes marked and indented");
	free(s);

	int all = 1;
	for (unsigned w = 1; w <= 200 && all; w++) {
		eo.width = w;
		s = export_to_string(&d, &eo, &len);
		all = s && lines_fit(s, w);
		if (!all)
			printf("#   export line too wide at %u\n", w);
		free(s);
	}
	ok(all, "export: every line fits at every width 1..200");

	eo.width = 80;
	char *a = export_to_string(&d, &eo, &len), *b = export_to_string(&d, &eo, &len);
	ok(a && b && !strcmp(a, b), "export: deterministic");
	free(a);
	free(b);
}

static void test_talk(const char *path, const char *name)
{
	struct diag_list diags;
	diag_list_init(&diags);
	struct deck *d = deck_load(&(struct deck_load_opts){ .from = DECK_FROM_PATH, .name = path },
				   NULL, &diags);
	char what[128];
	snprintf(what, sizeof what, "%s: loads without errors", name);
	ok(d != NULL && diags.nerrors == 0, what);
	if (!d) {
		diag_print(&diags, stdout, 0);
		diag_list_release(&diags);
		return;
	}
	diag_list_release(&diags);
	check_deck_widths(d, name);

	int all = 1;
	struct export_opts eo = { .notes = true, .backup = true };
	for (unsigned w = 10; w <= 200 && all; w++) {
		size_t len;
		eo.width = w;
		char *s = export_to_string(d, &eo, &len);
		all = s && lines_fit(s, w);
		free(s);
	}
	snprintf(what, sizeof what, "%s: export lines fit at every width 10..200", name);
	ok(all, what);

	/* the audience screen: fits 80x24 (the status line takes one row) */
	all = 1;
	for (size_t i = 0; i < d->nslides; i++) {
		const struct slide *s = &d->slides[i];
		struct layout_opts o = { .cols = 80,
					 .rows = 23,
					 .view = VIEW_SLIDE,
					 .step = s->nsteps ? s->nsteps - 1 : 0 };
		struct frame *f = layout_slide(s, &o);
		if (f->more_below || f->content_rows > 23) {
			printf("#   slide '%s' needs %u rows at 80 columns\n", s->id,
			       f->content_rows);
			all = 0;
		}
		frame_free(f);
	}
	snprintf(what, sizeof what, "%s: every slide fits 80x24 with no overflow", name);
	ok(all, what);
	deck_free(d);
}

/* A deck large enough for two threads exports byte for byte as one thread
 * does: same slides, same order, every width and option. */
static void test_export_threads(void)
{
	size_t cap = 1 << 20, n = 0;
	char *buf = malloc(cap);
	n += (size_t)snprintf(buf + n, cap - n, "[deck]\ntitle = 大\n");
	for (int i = 0; i < 600; i++)
		n += (size_t)snprintf(
			buf + n, cap - n,
			"[s%d]\ntitle = 第%d页\nbackup = %s\nbullet.1 = 算力%d倍，带宽"
			"与互联 %d\nnote.1 = 备注 %d\n",
			i, i, i % 7 == 3 ? "yes" : "no", i * 3, i, i);
	struct diag_list dl;
	diag_list_init(&dl);
	struct deck *d = deck_load(
		&(struct deck_load_opts){
			.from = DECK_FROM_BUFFER, .name = "threads.ini", .bytes = buf, .len = n },
		NULL, &dl);
	ok(d != NULL, "a 600-slide deck loads");
	static const unsigned widths[] = { 12, 40, 80 };
	size_t same = 0, tries = 0, total = 0;
	for (size_t w = 0; d && w < 3; w++)
		for (int opt = 0; opt < 4; opt++) {
			struct export_opts one = { .width = widths[w],
						   .notes = opt & 1,
						   .backup = opt & 2,
						   .one_thread = true };
			struct export_opts two = one;
			two.one_thread = false;
			size_t l1, l2;
			char *a = export_to_string(d, &one, &l1);
			char *b = export_to_string(d, &two, &l2);
			tries++;
			same += a && b && l1 == l2 && memcmp(a, b, l1) == 0;
			total += l1;
			free(a);
			free(b);
		}
	is_int(same, tries, "the export is the same with one thread or two");
	ok(total > 600 * 12 * 20, "and it holds every slide");
	deck_free(d);
	diag_list_release(&dl);
	free(buf);
}

/* The format table: looked up by exact name; the HTML writer's rows
 * (slides, numbers, lists, a chart's bar) from a small deck, exactly. */
static void test_formats(void)
{
	const struct export_format *t = export_format_find("text");
	const struct export_format *h = export_format_find("html");
	ok(t == &export_formats[0] && t->write == export_deck && (t->honours & EXPORT_WIDTH),
	   "the first format is text, the default, with --width");
	ok(h && h->write == html_export && !(h->honours & EXPORT_WIDTH) && h->defaults == 0,
	   "html is a row: its writer, no --width, notes and backup only when asked");
	ok(!export_format_find("HTML") && !export_format_find("") && !export_format_find("htm"),
	   "names are exact");
	static const char deck[] = "[deck]\ntitle = A<B\nlanguage = zh\n"
				   "[one]\ntitle = \"x & 'y'\"\nbullet.1 = b\nsub.1 = s\n"
				   "chart.1 = c\nbar.1 = p | 1 | one\nbar.2 = q | 4 | four\n"
				   "note.1 = n\n[two]\ntitle = t\nbackup = yes\n";
	struct diag_list dl;
	diag_list_init(&dl);
	struct deck *d = deck_load(&(struct deck_load_opts){ .from = DECK_FROM_BUFFER,
							     .name = "f.ini",
							     .bytes = deck,
							     .len = sizeof deck - 1 },
				   NULL, &dl);
	char *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);
	struct export_opts o = { .width = 80, .notes = true };
	int rc = d ? h->write(d, &o, m) : -1;
	fclose(m);
	ok(rc == 0 && strstr(out, "<html lang=\"zh\">") && strstr(out, "<title>A&lt;B</title>") &&
		   strstr(out, "<h2 id=\"t1\">x &amp; &#39;y&#39;</h2>") &&
		   strstr(out, "<ul>\n<li>b\n<ul>\n<li>s</li>\n</ul>\n</li>\n</ul>\n") &&
		   strstr(out,
			  "style=\"width:25.0%\"></span></span><span class=\"val\">one</span>") &&
		   strstr(out, "<aside class=\"notes\">") && !strstr(out, "slide-2"),
	   "html: lang, escaped title, nested list, a bar of 1/4, notes, no backup slide");
	free(out);
	deck_free(d);
	/* kinsoku's word joiners (U+2060) next to a non-ASCII character only,
	 * none in <title> */
	static const char cjk[] = "[deck]\ntitle = 甲——乙\n"
				  "[one]\ntitle = 一——二“三”，1,000 why? (see)\n";
	d = deck_load(&(struct deck_load_opts){ .from = DECK_FROM_BUFFER,
						.name = "k.ini",
						.bytes = cjk,
						.len = sizeof cjk - 1 },
		      NULL, &dl);
	out = NULL;
	m = open_memstream(&out, &len);
	rc = d ? h->write(d, &o, m) : -1;
	fclose(m);
#define WJ "\xE2\x81\xA0"
	ok(rc == 0 &&
		   strstr(out, "<h2 id=\"t1\">一" WJ "—" WJ "—二“" WJ "三" WJ "”" WJ
			       "，1,000 why? (see)</h2>") &&
		   strstr(out, "<title>甲——乙</title>") &&
		   strstr(out, "<h1>甲" WJ "—" WJ "—乙</h1>"),
	   "html: word joiners at kinsoku's places next to CJK, none in ASCII text or <title>");
#undef WJ
	free(out);
	deck_free(d);
	diag_list_release(&dl);
}

int main(void)
{
	tap_plan(32);
	test_formats();
	test_stress();
	test_export_synthetic();
	test_export_threads();
	test_talk("../slides/talk.zh.ini", "talk.zh");
	test_talk("../slides/talk.en.ini", "talk.en");
	return tap_done();
}
