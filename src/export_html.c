/* HTML export: the deck as one self-contained HTML5 page, a handout to read
 * on any screen or print to PDF.
 *
 * The page has no script, no external file, font or URL: one inline style
 * sheet, then a header with the deck's title, subtitle, "author ·
 * affiliation" and "event · date", then one <section class="slide"> per
 * slide (backup slides only with o->backup): its number ("3 / 27", with
 * "· backup"), the name of its part of the talk (its section) when it has
 * one, its id, its title (h2) and subtitle, and every item with all
 * reveal steps shown: text as <p>, bullets as nested <ul>, a figure as a
 * <figure> with its caption, a quote as a <blockquote> in a <figure> with
 * the attribution as caption, a chart as a <table> of label, bar and value
 * (the bar a CSS box as long as layout_bar_share() says, hidden from
 * screen readers, the value as text), a table as a <table> with its
 * header row as <th scope="col"> cells, and a code block as a
 * <figure class="code"> holding its language tag (a <figcaption>) and
 * <pre><code class="language-TAG"> with the lines as written (tabs kept,
 * no word joiner: the code copies out unchanged; the class keeps only the
 * tag's letters, digits and "+-_.#"), and an agenda as an <ol> of the
 * deck's sections numbered as on the screen ("03"), the slide's own marked
 * with "▸" and aria-current. With o->notes the speaker notes follow in an
 * <aside class="notes">. Before the first slide shown of each of the
 * deck's sections comes its number and name ("03 / 06 芯片") as a heading
 * of its own (<div class="part" role="heading" aria-level="2">, so that a
 * slide's h2 stays its title); a divider slide (layout = section) is
 * centred. Slides are numbered like the text export: N of every slide of
 * the deck. The style sheet's rules for tables, code, the agenda and
 * sections are written only when the deck has one of them, so that the
 * page of a deck without them is what it was.
 *
 * Every string from the deck goes through the sanitising writer with
 * TEXT_HTML (textclass.h): & < > " ' become character references and a
 * control or bidirectional character becomes the placeholder the screen
 * shows, so no deck can add markup, script or a raw control byte. The
 * html element's lang comes from [deck] language, so that the browser
 * breaks lines by the language's own rules; the style sheet asks for
 * line-break: strict, and a word joiner (U+2060) holds each character
 * lectern's kinsoku keeps off the start or the end of a line to its
 * neighbour when one of the two is not ASCII (UAX #14 already keeps
 * "1,000" or "why?" whole), so the browser breaks where the screen would.
 * A table column is never narrowed by breaking a word (a table too wide
 * for a phone scrolls in its own box, as a code block does). Elsewhere an
 * unbreakable run may wrap anywhere rather than overflow (as the layout's
 * hard split), which keeps the page within a 360-pixel phone screen. The
 * print style sheet puts the header and each slide on pages of their own. */
#include "export.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "textclass.h"
#include "utf8.h"

/* The style sheet: system fonts with CJK fallbacks (Simplified Chinese
 * first for zh, Traditional for zh-Hant/TW/HK, Japanese for ja), no
 * external font. */
static const char css[] =
	":root{--fg:#1b1d22;--muted:#5c6370;--line:#d6d9e0;--card:#fff;--bg:#f3f4f7;"
	"--accent:#1f5fa8;--bar:#3b78c2;--notes:#fbf6e6;--notes-line:#d9b64a}\n"
	"@media (prefers-color-scheme:dark){:root{--fg:#e6e8ec;--muted:#a0a7b4;--line:#3a3f4a;"
	"--card:#1e2127;--bg:#15171b;--accent:#7fb0f0;--bar:#5b93d8;--notes:#2a2619;"
	"--notes-line:#a88a2c}}\n"
	"*,*::before,*::after{box-sizing:border-box}\n"
	"html{-webkit-text-size-adjust:100%;text-size-adjust:100%}\n"
	"body{margin:0;background:var(--bg);color:var(--fg);line-height:1.6;"
	"font-family:-apple-system,BlinkMacSystemFont,\"Segoe UI\",Roboto,\"Helvetica Neue\","
	"Arial,\"PingFang SC\",\"Hiragino Sans GB\",\"Microsoft YaHei\",\"Noto Sans CJK SC\","
	"\"Source Han Sans SC\",\"WenQuanYi Zen Hei\",\"WenQuanYi Micro Hei\",sans-serif;"
	"line-break:strict;word-break:normal;overflow-wrap:anywhere}\n"
	":lang(zh-Hant),:lang(zh-TW),:lang(zh-HK){font-family:-apple-system,"
	"BlinkMacSystemFont,\"Segoe UI\",Roboto,Arial,\"PingFang TC\",\"Microsoft JhengHei\","
	"\"Noto Sans CJK TC\",\"Source Han Sans TC\",\"WenQuanYi Zen Hei\",sans-serif}\n"
	":lang(ja){font-family:-apple-system,BlinkMacSystemFont,\"Segoe UI\",Roboto,Arial,"
	"\"Hiragino Sans\",\"Yu Gothic\",\"Meiryo\",\"Noto Sans CJK JP\",\"Source Han Sans JP\","
	"sans-serif}\n"
	"main,body>header{max-width:56rem;margin:0 auto;padding:0 1rem}\n"
	"body>header{padding-top:2rem;padding-bottom:1rem}\n"
	"h1{font-size:1.9rem;line-height:1.3;margin:0 0 .4rem}\n"
	"body>header p{margin:.2rem 0;color:var(--muted)}\n"
	"body>header .subtitle{font-size:1.2rem;color:var(--fg)}\n"
	".slide{background:var(--card);border:1px solid var(--line);border-radius:.6rem;"
	"padding:1rem 1.25rem 1.25rem;margin:0 0 1.25rem}\n"
	".num{margin:0;font-size:.85rem;color:var(--muted)}\n"
	".num .id{font-family:ui-monospace,\"DejaVu Sans Mono\",monospace}\n"
	"h2{font-size:1.5rem;line-height:1.35;margin:.2rem 0 .6rem;color:var(--accent)}\n"
	".slide>.subtitle{font-size:1.15rem;margin:-.3rem 0 .6rem}\n"
	".layout-title{text-align:center}\n"
	".layout-title ul{text-align:start;display:inline-block}\n"
	"ul{margin:.4rem 0;padding-inline-start:1.4rem}\n"
	"ul ul{margin:.1rem 0;list-style-type:circle}\n"
	"li.bare{list-style:none}\n"
	"figure{margin:.8rem 0}\n"
	".fig .value{display:inline-block;margin:0;padding:.3rem 1rem;font-size:1.6rem;"
	"font-weight:700;border:2px solid var(--accent);border-radius:.4rem}\n"
	"figcaption{color:var(--muted);font-size:.95rem}\n"
	"blockquote{margin:0;padding:.1rem 0 .1rem 1rem;border-inline-start:3px solid var(--line);"
	"font-style:italic}\n"
	"blockquote p{margin:.2rem 0}\n"
	".quote figcaption{text-align:end}\n"
	".quote figcaption::before{content:\"\\2014\\00A0\"}\n"
	".quote figcaption:lang(zh)::before,.quote figcaption:lang(ja)::before"
	"{content:\"\\2014\\2014\"}\n"
	".chart table{width:100%;table-layout:fixed;border-collapse:collapse;margin-top:.3rem}\n"
	".chart th{width:35%;text-align:start;font-weight:400;padding:.15rem .6rem .15rem 0;"
	"vertical-align:middle}\n"
	".chart td{padding:.15rem 0}\n"
	".chart .cell{display:flex;align-items:center;gap:.5rem}\n"
	".chart .track{flex:1 1 auto;min-width:0}\n"
	".chart .bar{display:block;height:1rem;min-width:2px;background:var(--bar);"
	"border-radius:2px;-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
	".chart .bar.zero{min-width:0}\n"
	".chart .val{flex:0 1 auto;max-width:45%;font-variant-numeric:tabular-nums}\n"
	".scale{font-size:.85rem}\n"
	".notes{margin-top:1rem;padding:.6rem .9rem;background:var(--notes);"
	"border-inline-start:4px solid var(--notes-line);border-radius:.3rem;font-size:.95rem;"
	"text-align:start}\n"
	".notes h3{margin:0 0 .2rem;font-size:.8rem;text-transform:uppercase;letter-spacing:.05em;"
	"color:var(--muted)}\n"
	".notes p{margin:.3rem 0}\n"
	"@media (max-width:30rem){body{font-size:15px}h1{font-size:1.5rem}h2{font-size:1.25rem}"
	".slide{padding:.8rem .8rem 1rem}.chart th{width:40%}}\n"
	"@media print{:root{--fg:#000;--muted:#444;--card:#fff;--bg:#fff}"
	"body{background:#fff;font-size:12pt}main,body>header{max-width:none;padding:0}"
	"body>header{break-after:page;page-break-after:always}"
	".slide{border:0;border-radius:0;padding:0;margin:0;break-after:page;"
	"page-break-after:always}.slide:last-child{break-after:auto;page-break-after:auto}"
	".notes{break-inside:avoid;page-break-inside:avoid;background:none}}\n"
	"@page{margin:15mm}\n";

/* The rules for tables, code blocks, the agenda and section headings and
 * dividers (blocks_css). */
static const char blocks_css[] =
	".part{font-size:1.05rem;font-weight:700;letter-spacing:.04em;color:var(--muted);"
	"margin:1.6rem 0 .5rem;padding-bottom:.2rem;border-bottom:2px solid var(--line)}\n"
	".part .n{font-weight:400;margin-inline-end:.4em;font-variant-numeric:tabular-nums}\n"
	".num .sec{font-weight:700}\n"
	".layout-section{text-align:center}\n"
	".layout-section h2{font-size:1.8rem;margin:1rem 0}\n"
	".agenda{list-style:none;margin:.4rem 0;padding-inline-start:0}\n"
	".agenda li{margin:.15rem 0}\n"
	".agenda .mark{display:inline-block;width:1.3em;color:var(--accent)}\n"
	".agenda .n{margin-inline-end:.6em;color:var(--muted);font-variant-numeric:tabular-nums}\n"
	".agenda .here{font-weight:700;color:var(--accent)}\n"
	".agenda .here .n{color:inherit}\n"
	".data{width:100%;border-collapse:collapse;margin:.6rem 0;display:block;"
	"overflow-x:auto}\n"
	".data th,.data td{text-align:start;vertical-align:top;padding:.25rem .7rem .25rem 0;"
	"border-bottom:1px solid var(--line);overflow-wrap:break-word}\n"
	".data th{border-bottom:2px solid var(--fg);font-weight:700}\n"
	".data caption{caption-side:bottom;text-align:start;color:var(--muted);"
	"font-size:.95rem}\n"
	".code figcaption{text-align:end;font-size:.8rem;margin-bottom:.1rem}\n"
	".code pre{margin:0;padding:.6rem .8rem;overflow-x:auto;background:var(--bg);"
	"border:1px solid var(--line);border-radius:.3rem;line-height:1.45;tab-size:8;"
	"-moz-tab-size:8;overflow-wrap:normal;word-break:normal;line-break:auto}\n"
	".code code{font-family:ui-monospace,\"DejaVu Sans Mono\",\"Noto Sans Mono CJK SC\","
	"monospace;white-space:pre}\n"
	"@media print{.code pre{white-space:pre-wrap}.code code{white-space:pre-wrap}"
	".part{break-after:avoid;page-break-after:avoid}}\n";

/* Whether d has a table, a code block, an agenda or a section: blocks_css
 * is needed. */
static bool has_blocks(const struct deck *d)
{
	if (d->nsections)
		return true;
	for (size_t i = 0; i < d->nslides; i++)
		for (size_t k = 0; k < d->slides[i].nitems; k++)
			if (d->slides[i].items[k].kind == ITEM_TABLE ||
			    d->slides[i].items[k].kind == ITEM_CODE ||
			    d->slides[i].items[k].kind == ITEM_AGENDA)
				return true;
	return false;
}

/* U+2060 WORD JOINER: no line break here, in every browser. */
static const char word_joiner[] = "\xE2\x81\xA0";

/* The code point at p[0..n) (n >= 1), its length in *k; an invalid byte
 * is U+FFFD of length 1. */
static uint32_t next_char(const uint8_t *p, size_t n, int *k)
{
	uint32_t c = p[0];
	*k = 1;
	if (c >= 0x80) {
		*k = utf8_decode(&c, p, n);
		if (*k < 0) {
			*k = 1;
			c = 0xFFFD;
		}
	}
	return c;
}

/* Whether a word joiner goes between the characters a and b (a line must
 * not start with b or end with a, by lectern's kinsoku). Not next to a
 * space, where the break is the writer's own, and not between two ASCII
 * characters, which UAX #14 never breaks at such a place ("1,000",
 * "why?", "(see"), so that English text stays as written for copying and
 * searching. */
static bool joins(uint32_t a, uint32_t b)
{
	if (a == ' ' || a == '\t' || b == ' ' || b == '\t' || (a < 0x80 && b < 0x80))
		return false;
	return layout_no_line_start(b) || layout_no_line_end(a);
}

/* Appends the string s sanitised and escaped for HTML, with a word joiner
 * wherever joins() says: browsers allow a break before "——", "…" or "·"
 * next to an ideograph, and a break at quotation marks in CJK text, which
 * lectern's kinsoku does not. Linear in the length of s. */
static void put_text(struct strbuf *b, const char *s)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t n = strlen(s), i = 0, seg = 0; /* s[seg..i) waits to be written */
	uint32_t prev = 0;
	while (i < n) {
		int k;
		uint32_t c = next_char(p + i, n - i, &k);
		if (i > 0 && joins(prev, c)) {
			text_sanitize(b, s + seg, i - seg, TEXT_HTML | TEXT_KEEP_TAB);
			strbuf_adds(b, word_joiner);
			seg = i;
		}
		prev = c;
		i += (size_t)k;
	}
	text_sanitize(b, s + seg, n - seg, TEXT_HTML | TEXT_KEEP_TAB);
}

/* Appends s sanitised and escaped, without word joiners: for attribute
 * values and the page's <title>, which are never broken into lines. */
static void put_plain(struct strbuf *b, const char *s)
{
	text_sanitize(b, s, strlen(s), TEXT_HTML);
}

/* Appends open, the escaped s and close. */
static void put_elem(struct strbuf *b, const char *open, const char *s, const char *close)
{
	strbuf_adds(b, open);
	put_text(b, s);
	strbuf_adds(b, close);
}

static bool set(const char *s)
{
	return s && *s;
}

/* "a · b", or whichever is set, as a <p class=cls>; nothing if neither. */
static void put_pair(struct strbuf *b, const char *cls, const char *a, const char *c)
{
	if (!set(a) && !set(c))
		return;
	strbuf_printf(b, "<p class=\"%s\">", cls);
	if (set(a))
		put_text(b, a);
	if (set(a) && set(c))
		strbuf_adds(b, " · ");
	if (set(c))
		put_text(b, c);
	strbuf_adds(b, "</p>\n");
}

static void put_head(struct strbuf *b, const struct deck *d)
{
	const struct deck_meta *m = &d->meta;
	strbuf_adds(b, "<!DOCTYPE html>\n<html");
	if (set(m->language)) {
		strbuf_adds(b, " lang=\"");
		put_plain(b, m->language);
		strbuf_adds(b, "\"");
	}
	strbuf_adds(b,
		    ">\n<head>\n<meta charset=\"utf-8\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
	strbuf_adds(b, "<title>");
	put_plain(b, m->title);
	strbuf_adds(b, "</title>\n");
	strbuf_adds(b, "<style>\n");
	strbuf_adds(b, css);
	if (has_blocks(d))
		strbuf_adds(b, blocks_css);
	strbuf_adds(b, "</style>\n</head>\n<body>\n<header>\n");
	put_elem(b, "<h1>", m->title, "</h1>\n");
	if (set(m->subtitle))
		put_elem(b, "<p class=\"subtitle\">", m->subtitle, "</p>\n");
	put_pair(b, "by", m->author, m->affiliation);
	put_pair(b, "at", m->event, m->date);
	strbuf_adds(b, "</header>\n<main>\n");
}

/* The list state between items: bullets and sub-bullets become nested
 * lists, closed by the first item of another kind. */
enum list { LIST_NONE, LIST_OPEN, LIST_SUB };

static void close_list(struct strbuf *b, enum list *l)
{
	if (*l == LIST_SUB)
		strbuf_adds(b, "</li>\n</ul>\n");
	if (*l != LIST_NONE)
		strbuf_adds(b, "</li>\n</ul>\n");
	*l = LIST_NONE;
}

static void put_bullet(struct strbuf *b, const struct item *it, enum list *l)
{
	if (it->kind == ITEM_BULLET) {
		if (*l == LIST_SUB)
			strbuf_adds(b, "</li>\n</ul>\n");
		strbuf_adds(b, *l == LIST_NONE ? "<ul>\n<li>" : "</li>\n<li>");
		*l = LIST_OPEN;
	} else {
		/* a sub-bullet with no bullet before it hangs from a bare item */
		if (*l == LIST_NONE)
			strbuf_adds(b, "<ul>\n<li class=\"bare\">");
		strbuf_adds(b, *l == LIST_SUB ? "</li>\n<li>" : "\n<ul>\n<li>");
		*l = LIST_SUB;
	}
	put_text(b, it->text);
}

static void put_chart(struct strbuf *b, const struct item *it)
{
	strbuf_adds(b, "<figure class=\"chart\">\n<figcaption>");
	put_text(b, it->text);
	if (it->log_scale)
		strbuf_adds(b, " <span class=\"scale\" lang=\"en\">(log scale)</span>");
	strbuf_adds(b, "</figcaption>\n<table>\n");
	for (size_t k = 0; k < it->nbars; k++) {
		const struct bar *bar = &it->bars[k];
		/* in tenths of a percent: no locale's decimal comma in the CSS */
		double share = layout_bar_share(it, bar->value);
		unsigned pm = (unsigned)(share * 1000 + 0.5);
		put_elem(b, "<tr><th scope=\"row\">", bar->label, "</th>");
		strbuf_printf(b,
			      "<td><span class=\"cell\"><span class=\"track\" aria-hidden=\"true\">"
			      "<span class=\"bar%s\" style=\"width:%u.%u%%\"></span></span>",
			      pm == 0 ? " zero" : "", pm / 10, pm % 10);
		put_elem(b, "<span class=\"val\">", bar->shown ? bar->shown : "", "</span>");
		strbuf_adds(b, "</span></td></tr>\n");
	}
	strbuf_adds(b, "</table>\n</figure>\n");
}

static void put_table(struct strbuf *b, const struct item *it)
{
	strbuf_adds(b, "<table class=\"data\">\n");
	if (set(it->caption))
		put_elem(b, "<caption>", it->caption, "</caption>\n");
	for (size_t r = 0; r < it->nrows; r++) {
		if (r == 0)
			strbuf_adds(b, "<thead>\n");
		else if (r == 1)
			strbuf_adds(b, "<tbody>\n");
		strbuf_adds(b, "<tr>");
		for (size_t c = 0; c < it->ncols; c++)
			put_elem(b, r == 0 ? "<th scope=\"col\">" : "<td>",
				 it->cells[r * it->ncols + c], r == 0 ? "</th>" : "</td>");
		strbuf_adds(b, "</tr>\n");
		if (r == 0)
			strbuf_adds(b, "</thead>\n");
	}
	if (it->nrows > 1)
		strbuf_adds(b, "</tbody>\n");
	strbuf_adds(b, "</table>\n");
}

/* The language tag as a class name: letters, digits and "+-_.#" kept,
 * anything else (spaces, quotes, controls, non-ASCII) as '-'. */
static void put_class(struct strbuf *b, const char *tag)
{
	for (const char *p = tag; *p; p++) {
		char c = *p;
		bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    (c >= '0' && c <= '9') || strchr("+-_.#", c);
		strbuf_add(b, keep ? p : "-", 1);
	}
}

static void put_code(struct strbuf *b, const struct item *it)
{
	strbuf_adds(b, "<figure class=\"code\">\n");
	if (set(it->text))
		put_elem(b, "<figcaption class=\"lang\">", it->text, "</figcaption>\n");
	strbuf_adds(b, "<pre><code");
	if (set(it->text)) {
		strbuf_adds(b, " class=\"language-");
		put_class(b, it->text);
		strbuf_adds(b, "\"");
	}
	strbuf_adds(b, ">");
	for (size_t k = 0; k < it->nlines; k++) {
		if (k > 0)
			strbuf_adds(b, "\n");
		text_sanitize(b, it->lines[k], strlen(it->lines[k]), TEXT_HTML | TEXT_KEEP_TAB);
	}
	strbuf_adds(b, "</code></pre>\n</figure>\n");
}

/* The agenda: the deck's sections as a list, each with its number as the
 * screen writes it ("03"), the slide's own marked with "▸" and
 * aria-current; "(no sections)" in a deck without them. */
static void put_agenda(struct strbuf *b, const struct deck *d, const struct slide *s)
{
	if (d->nsections == 0) {
		strbuf_adds(b, "<p class=\"agenda none\" lang=\"en\">(no sections)</p>\n");
		return;
	}
	strbuf_adds(b, "<ol class=\"agenda\">\n");
	for (size_t k = 0; k < d->nsections; k++) {
		const struct section *sec = &d->sections[k];
		char label[LAYOUT_SECTION_LABEL_LEN];
		layout_section_label(d, sec, label);
		/* "03 / 06": the number alone, as the agenda shows it */
		char *slash = strchr(label, ' ');
		if (slash)
			*slash = '\0';
		bool here = sec == s->section;
		strbuf_printf(b,
			      "<li%s><span class=\"mark\" aria-hidden=\"true\">%s</span>"
			      "<span class=\"n\">%s</span> ",
			      here ? " class=\"here\" aria-current=\"true\"" : "", here ? "▸" : "",
			      label);
		put_text(b, sec->name);
		strbuf_adds(b, "</li>\n");
	}
	strbuf_adds(b, "</ol>\n");
}

static void put_item(struct strbuf *b, const struct deck *d, const struct slide *s,
		     const struct item *it, enum list *l)
{
	if (it->kind == ITEM_BULLET || it->kind == ITEM_SUB) {
		put_bullet(b, it, l);
		return;
	}
	close_list(b, l);
	switch (it->kind) {
	case ITEM_TEXT: put_elem(b, "<p>", it->text, "</p>\n"); break;
	case ITEM_FIGURE:
		put_elem(b, "<figure class=\"fig\">\n<p class=\"value\">", it->text, "</p>\n");
		if (set(it->caption))
			put_elem(b, "<figcaption>", it->caption, "</figcaption>\n");
		strbuf_adds(b, "</figure>\n");
		break;
	case ITEM_QUOTE:
		put_elem(b, "<figure class=\"quote\">\n<blockquote><p>", it->text,
			 "</p></blockquote>\n");
		if (set(it->caption))
			put_elem(b, "<figcaption>", it->caption, "</figcaption>\n");
		strbuf_adds(b, "</figure>\n");
		break;
	case ITEM_CHART: put_chart(b, it); break;
	case ITEM_BULLET:
	case ITEM_SUB: break;
	case ITEM_TABLE: put_table(b, it); break;
	case ITEM_CODE: put_code(b, it); break;
	case ITEM_AGENDA: put_agenda(b, d, s); break;
	}
}

static void put_slide(struct strbuf *b, const struct deck *d, size_t i, bool notes)
{
	const struct slide *s = &d->slides[i];
	strbuf_printf(b, "<section class=\"slide%s\" id=\"slide-%zu\" aria-labelledby=\"t%zu\">\n",
		      s->layout == LAYOUT_TITLE     ? " layout-title"
		      : s->layout == LAYOUT_SECTION ? " layout-section"
						    : "",
		      i + 1, i + 1);
	strbuf_printf(b, "<p class=\"num\">%zu / %zu%s · ", i + 1, d->nslides,
		      s->backup ? " · backup" : "");
	if (s->section)
		put_elem(b, "<span class=\"sec\">", s->section->name, "</span> · ");
	strbuf_adds(b, "<span class=\"id\">");
	put_text(b, s->id);
	strbuf_adds(b, "</span></p>\n");
	strbuf_printf(b, "<h2 id=\"t%zu\">", i + 1);
	put_text(b, s->title);
	strbuf_adds(b, "</h2>\n");
	if (set(s->subtitle))
		put_elem(b, "<p class=\"subtitle\">", s->subtitle, "</p>\n");
	enum list l = LIST_NONE;
	for (size_t k = 0; k < s->nitems; k++)
		put_item(b, d, s, &s->items[k], &l);
	close_list(b, &l);
	if (notes && s->nnotes) {
		strbuf_adds(b, "<aside class=\"notes\">\n<h3 lang=\"en\">Notes</h3>\n");
		for (size_t k = 0; k < s->nnotes; k++)
			put_elem(b, "<p>", s->notes[k], "</p>\n");
		strbuf_adds(b, "</aside>\n");
	}
	strbuf_adds(b, "</section>\n");
}

/* Writes and empties b; -1 on a short write. */
static int flush(struct strbuf *b, FILE *out)
{
	int rc = fwrite(b->s, 1, b->len, out) == b->len ? 0 : -1;
	b->len = 0;
	return rc;
}

int html_export(const struct deck *d, const struct export_opts *o, FILE *out)
{
	struct strbuf b = { 0 };
	int rc = 0;
	put_head(&b, d);
	const struct section *part = NULL;
	for (size_t i = 0; i < d->nslides; i++) {
		if (d->slides[i].backup && !o->backup)
			continue;
		if (d->slides[i].section && d->slides[i].section != part) {
			part = d->slides[i].section;
			char label[LAYOUT_SECTION_LABEL_LEN];
			layout_section_label(d, part, label);
			strbuf_printf(&b,
				      "<div class=\"part\" role=\"heading\" aria-level=\"2\" "
				      "id=\"part-%zu\"><span class=\"n\">%s</span> ",
				      (size_t)(part - d->sections) + 1, label);
			put_text(&b, part->name);
			strbuf_adds(&b, "</div>\n");
		}
		put_slide(&b, d, i, o->notes);
		if (b.len >= 1 << 16 && flush(&b, out) != 0)
			rc = -1;
	}
	strbuf_adds(&b, "</main>\n</body>\n</html>\n");
	if (flush(&b, out) != 0)
		rc = -1;
	free(b.s);
	if (rc == 0 && (fflush(out) != 0 || ferror(out)))
		rc = -1;
	if (rc != 0 && errno == 0)
		errno = EIO;
	return rc;
}
