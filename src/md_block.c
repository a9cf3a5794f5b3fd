/* Markdown import: the block structure of a slide (md_internal.h).
 * Line classifiers, then one reader per kind of block; md_read_blocks()
 * picks the reader from a slide's next line. */
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistr.h>
#include <uniwidth.h>

#include "md_internal.h"
#include "xalloc.h"

/* ---- block structure ---- */

bool md_is_break(const struct line *l)
{
	if (md_indent_of(l) > 3)
		return false;
	size_t n;
	const char *s = md_skip_ws(l, &n);
	if (n < 3 || (s[0] != '-' && s[0] != '*' && s[0] != '_'))
		return false;
	size_t count = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == s[0])
			count++;
		else if (s[i] != ' ' && s[i] != '\t')
			return false;
	}
	return count >= 3;
}

/* A setext underline: "===" (level 1) or "---" (level 2); 0 if not. */
int md_setext_level(const struct line *l)
{
	if (md_indent_of(l) > 3)
		return 0;
	size_t n;
	const char *s = md_skip_ws(l, &n);
	if (n == 0 || (s[0] != '=' && s[0] != '-'))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] != s[0])
			return 0;
	return s[0] == '=' ? 1 : 2;
}

/* An ATX heading: its level and text; 0 if not one. */
int md_atx_level(const struct line *l, const char **text, size_t *tn)
{
	if (md_indent_of(l) > 3)
		return 0;
	size_t n;
	const char *s = md_skip_ws(l, &n);
	int lv = 0;
	while ((size_t)lv < n && s[lv] == '#')
		lv++;
	if (lv == 0 || lv > 6 || ((size_t)lv < n && s[lv] != ' ' && s[lv] != '\t'))
		return 0;
	const char *t = s + lv;
	size_t k = n - (size_t)lv;
	while (k && (*t == ' ' || *t == '\t')) {
		t++;
		k--;
	}
	/* a closing sequence of '#' after a space */
	size_t e = k;
	while (e && t[e - 1] == '#')
		e--;
	if (e == 0 || t[e - 1] == ' ' || t[e - 1] == '\t') {
		if (!(e && t[e - 1] == '\\'))
			k = e;
	}
	while (k && (t[k - 1] == ' ' || t[k - 1] == '\t'))
		k--;
	*text = t;
	*tn = k;
	return lv;
}

bool md_is_fence(const struct line *l, char *ch, size_t *len)
{
	if (md_indent_of(l) > 3)
		return false;
	size_t n;
	const char *s = md_skip_ws(l, &n);
	if (n < 3 || (s[0] != '`' && s[0] != '~'))
		return false;
	size_t k = 0;
	while (k < n && s[k] == s[0])
		k++;
	if (k < 3)
		return false;
	*ch = s[0];
	*len = k;
	return true;
}

bool md_closes_fence(const struct line *l, char ch, size_t len)
{
	char c2;
	size_t l2;
	if (!md_is_fence(l, &c2, &l2) || c2 != ch || l2 < len)
		return false;
	size_t n;
	const char *s = md_skip_ws(l, &n);
	return md_is_blank_str(s + l2, n - l2);
}

bool md_fenced(struct md_fence *f, const struct line *l)
{
	if (f->in) {
		f->in = !md_closes_fence(l, f->ch, f->len);
		return true;
	}
	if (md_is_fence(l, &f->ch, &f->len)) {
		f->in = true;
		return true;
	}
	return false;
}

bool md_starts_comment(const struct line *l)
{
	size_t n;
	const char *s = md_skip_ws(l, &n);
	return md_indent_of(l) <= 3 && n >= 4 && memcmp(s, "<!--", 4) == 0;
}

/* List item: returns the indent and sets the text start; -1 if not one.
 * *ordered is set for "1." and "1)". */
static long list_item(const struct line *l, const char **text, size_t *tn, bool *ordered)
{
	size_t ind = md_indent_of(l);
	size_t n;
	const char *s = md_skip_ws(l, &n);
	size_t k = 0;
	*ordered = false;
	if (n && (s[0] == '-' || s[0] == '*' || s[0] == '+')) {
		k = 1;
	} else {
		while (k < n && k < 9 && isdigit((unsigned char)s[k]))
			k++;
		if (k == 0 || k >= n || (s[k] != '.' && s[k] != ')'))
			return -1;
		k++;
		*ordered = true;
	}
	if (k < n && s[k] != ' ' && s[k] != '\t')
		return -1;
	while (k < n && (s[k] == ' ' || s[k] == '\t'))
		k++;
	*text = s + k;
	*tn = n - k;
	return (long)ind;
}

static bool is_delim_row(const struct line *l)
{
	size_t n;
	const char *s = md_skip_ws(l, &n);
	bool dash = false, pipe = false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '-')
			dash = true;
		else if (s[i] == '|')
			pipe = true;
		else if (s[i] != ':' && s[i] != ' ' && s[i] != '\t')
			return false;
	}
	return dash && (pipe || n >= 3);
}

static bool has_pipe(const struct line *l)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->s[i] == '|' && (i == 0 || l->s[i - 1] != '\\'))
			return true;
	return false;
}

/* Whether line i starts a block that ends a paragraph. */
static bool starts_block(const struct importer *im, size_t i)
{
	const struct line *l = &im->lines[i];
	const char *t;
	size_t tn;
	char ch;
	size_t fl;
	bool ord;
	size_t n;
	const char *s = md_skip_ws(l, &n);
	if (md_atx_level(l, &t, &tn) || md_is_fence(l, &ch, &fl) || md_starts_comment(l) ||
	    md_is_break(l))
		return true;
	if (n && s[0] == '>' && md_indent_of(l) <= 3)
		return true;
	if (n >= 3 && memcmp(s, ":::", 3) == 0 && md_indent_of(l) <= 3)
		return true; /* a pandoc div fence */
	if (list_item(l, &t, &tn, &ord) >= 0 && tn > 0)
		return true;
	return false;
}

/* ---- blocks ---- */

static void heading(struct importer *im, int level, const char *t, size_t tn, unsigned line)
{
	struct islide *s = im->cur;
	char *text = md_inline_text(im, t, tn, line);
	if (!*text) {
		free(text);
		return;
	}
	if (!s->title) {
		s->title = text;
		s->title_line = line;
		s->title_level = (unsigned)level;
		im->title_level = (unsigned)level;
		im->title_just_read = true;
		return;
	}
	if (im->title_just_read && !s->subtitle && (unsigned)level > im->title_level) {
		s->subtitle = text;
		im->title_just_read = false;
		return;
	}
	md_warn(im, line, "heading '%s' turned into a paragraph", text);
	md_add_item(im, K_TEXT, text, line);
}

/* text, which it takes, with every '|' (which would end the INI value's
 * first part) replaced by '｜', warning that it was in a `what`. */
static char *no_bar(struct importer *im, char *text, const char *what, unsigned line)
{
	if (!strchr(text, '|'))
		return text;
	md_warn(im, line, "'|' in a %s replaced by '｜'", what);
	struct strbuf b = { 0 };
	for (char *p = text; *p; p++)
		if (*p == '|')
			strbuf_adds(&b, "｜");
		else
			strbuf_addc(&b, *p);
	free(text);
	return strbuf_take(&b);
}

/* A paragraph's raw text: a figure "**X** — caption", else text. */
static void paragraph(struct importer *im, const char *raw, unsigned line)
{
	size_t n = strlen(raw);
	if (n > 4 && raw[0] == '*' && raw[1] == '*' && raw[2] != '*') {
		size_t i = 2;
		while (i + 1 < n && !(raw[i] == '*' && raw[i + 1] == '*')) {
			if (raw[i] == '\\')
				i++;
			i++;
		}
		static const char dash[] = " — ";
		size_t dl = sizeof dash - 1;
		if (i + 1 < n && i > 2 &&
		    (i + 2 == n || (n - i - 2 > dl && memcmp(raw + i + 2, dash, dl) == 0))) {
			char *fig = md_inline_text(im, raw + 2, i - 2, line);
			char *val;
			fig = no_bar(im, fig, "figure", line);
			if (i + 2 < n) {
				const char *c0 = raw + i + 2 + dl;
				char *cap = md_inline_text(im, c0, (size_t)(raw + n - c0), line);
				val = xasprintf("%s | %s", fig, cap);
				free(cap);
			} else {
				val = xstrdup(fig);
			}
			free(fig);
			md_add_item(im, K_FIGURE, val, line);
			return;
		}
	}
	char *text = md_inline_text(im, raw, n, line);
	if (*text)
		md_add_item(im, K_TEXT, text, line);
	else
		free(text);
}

/* A line of a code block, verbatim but for indent columns of leading
 * blanks removed (tabs at stops of 4, as Markdown measures indentation; a
 * tab across the indent leaves its rest as spaces) and trailing blanks. */
static void code_line(struct importer *im, const struct line *l, size_t indent)
{
	size_t i = 0, col = 0;
	while (i < l->n && col < indent && (l->s[i] == ' ' || l->s[i] == '\t')) {
		size_t w = l->s[i] == '\t' ? 4 - col % 4 : 1;
		if (col + w > indent)
			break;
		col += w;
		i++;
	}
	struct strbuf b = { 0 };
	if (i < l->n && l->s[i] == '\t' && col < indent) {
		for (size_t rest = 4 - col % 4 - (indent - col); rest; rest--)
			strbuf_addc(&b, ' ');
		i++;
	}
	size_t e = l->n;
	while (e > i && (l->s[e - 1] == ' ' || l->s[e - 1] == '\t'))
		e--;
	strbuf_add(&b, l->s + i, e - i);
	md_add_item(im, K_LINE, b.s ? strbuf_take(&b) : xstrdup(""), l->no);
}

/* The language tag of a fence's info string s[0..n): its first word
 * ("rust" of "rust +exec"), or the first class of pandoc's attributes ("c"
 * of "{.c .numberLines}"); the rest is reported as dropped. A new string. */
static char *fence_language(struct importer *im, const char *s, size_t n, unsigned line)
{
	md_trim(&s, &n);
	const char *w = s;
	size_t k = n;
	bool attrs = n && s[0] == '{';
	if (attrs) {
		w++;
		k--;
		if (k && w[k - 1] == '}')
			k--;
		md_trim(&w, &k);
	}
	size_t wn = 0;
	while (wn < k && w[wn] != ' ' && w[wn] != '\t')
		wn++;
	const char *rest = w + wn;
	size_t rn = k - wn;
	md_trim(&rest, &rn);
	if (attrs && !(wn > 1 && w[0] == '.')) {
		if (n > 2)
			md_warn(im, line, "code block attributes '%.*s' dropped", (int)n, s);
		return xstrdup("");
	}
	if (rn)
		md_warn(im, line, "code block attributes '%.*s' dropped", (int)rn, rest);
	return attrs ? xstrndup(w + 1, wn - 1) : xstrndup(w, wn);
}

/* Lines [a, b) of a code block, each without indent columns, as a code
 * item with language tag lang, which it takes. A block without lines is
 * dropped. */
static void code_block(struct importer *im, size_t a, size_t b, size_t indent, char *lang,
		       unsigned line)
{
	if (a >= b) {
		md_warn(im, line, "empty code block dropped");
		free(lang);
		im->title_just_read = false;
		return;
	}
	md_add_item(im, K_CODE, lang, line);
	for (size_t i = a; i < b; i++)
		code_line(im, &im->lines[i], indent);
}

/* The length of the dash that makes s[0..n) the attribution line of a
 * quote, blanks after it included, or 0: one or more "—" (U+2014) or "―"
 * (U+2015), or "--" or "–" (U+2013) and a blank; some text must follow. */
static size_t attribution_dash(const char *s, size_t n)
{
	size_t k = 0;
	bool blank_needed = false;
	while (k + 3 <= n && (memcmp(s + k, "—", 3) == 0 || memcmp(s + k, "―", 3) == 0))
		k += 3;
	if (!k && n >= 3 && memcmp(s, "–", 3) == 0) {
		k = 3;
		blank_needed = true;
	}
	if (!k && n >= 2 && s[0] == '-' && s[1] == '-') {
		k = 2;
		blank_needed = true;
	}
	if (!k || (blank_needed && (k >= n || (s[k] != ' ' && s[k] != '\t'))))
		return 0;
	while (k < n && (s[k] == ' ' || s[k] == '\t'))
		k++;
	return k < n ? k : 0;
}

/* A block quote of lines [a, b): an attribution_dash() line last is the
 * attribution. */
static void quote(struct importer *im, size_t a, size_t b)
{
	struct strbuf raw = { 0 };
	char *who = NULL;
	for (size_t i = a; i < b; i++) {
		size_t n;
		const char *s = md_skip_ws(&im->lines[i], &n);
		if (n && *s == '>') { /* else a lazy continuation line */
			s++;
			n--;
		}
		if (n && *s == ' ') {
			s++;
			n--;
		}
		size_t dl = i == b - 1 && i > a ? attribution_dash(s, n) : 0;
		if (dl) {
			who = md_inline_text(im, s + dl, n - dl, im->lines[i].no);
			break;
		}
		md_join_line(&raw, s, n);
	}
	unsigned line = im->lines[a].no;
	char *text = md_inline_text(im, raw.s ? raw.s : "", raw.len, line);
	free(raw.s);
	if (!*text) {
		free(text);
		free(who);
		return;
	}
	text = no_bar(im, text, "quote", line);
	char *val = who && *who ? xasprintf("%s | %s", text, who) : xstrdup(text);
	free(text);
	free(who);
	md_add_item(im, K_QUOTE, val, line);
}

/* Reads a list from line i; returns the first line after it. */
static size_t list(struct importer *im, size_t i, size_t end)
{
	const char *t;
	size_t tn;
	bool ord;
	long sub_indent = -1;
	bool warned_ord = false, warned_deep = false;
	struct strbuf text = { 0 };
	enum ikind kind = K_BULLET;
	unsigned line = 0;
	bool in_item = false, blank = false;
	while (i < end) {
		const struct line *l = &im->lines[i];
		long ind = list_item(l, &t, &tn, &ord);
		if (md_line_blank(l)) {
			blank = true;
			i++;
			continue;
		}
		if (ind >= 0 && !md_is_break(l)) {
			if (in_item) {
				md_add_item(im, kind, md_inline_text(im, text.s, text.len, line),
					    line);
				text.len = 0;
			}
			if (ind < 2) {
				kind = K_BULLET;
			} else {
				kind = K_SUB;
				if (sub_indent < 0)
					sub_indent = ind;
				if (ind > sub_indent + 1 && !warned_deep) {
					md_warn(im, l->no,
						"list item nested deeper than two levels "
						"made a second-level bullet");
					warned_deep = true;
				}
			}
			if (ord && !warned_ord) {
				md_warn(im, l->no, "numbered list turned into bullets");
				warned_ord = true;
			}
			line = l->no;
			in_item = true;
			blank = false;
			xgrow((void **)&text.s, &text.cap, 1, 1);
			text.s[0] = '\0';
			md_join_line(&text, t, tn);
			i++;
			continue;
		}
		/* continuation: a lazy line right after, or an indented one */
		if (in_item &&
		    ((!blank && !starts_block(im, i)) || (blank && md_indent_of(l) >= 2))) {
			if (blank) {
				char fence;
				size_t fl;
				if (md_is_fence(l, &fence, &fl))
					break;
			}
			size_t n;
			const char *s = md_skip_ws(l, &n);
			md_join_line(&text, s, n);
			blank = false;
			i++;
			continue;
		}
		break;
	}
	if (in_item)
		md_add_item(im, kind, md_inline_text(im, text.s, text.len, line), line);
	free(text.s);
	return i;
}

/* A line that starts an HTML block: a block-level tag, or a line that is
 * one tag and nothing else. */
static bool html_block_start(const char *s, size_t n)
{
	static const char *const names[] = { "address", "article", "aside", "blockquote", "center",
					     "details", "div",     "dl",    "figure",     "footer",
					     "form",    "h1",      "h2",    "h3",         "header",
					     "hr",      "iframe",  "img",   "li",         "nav",
					     "ol",      "p",       "pre",   "script",     "section",
					     "style",   "table",   "ul",    "video",      NULL };
	if (n < 3 || s[0] != '<')
		return false;
	size_t i = s[1] == '/' ? 2 : 1, w = i;
	while (w < n && isalnum((unsigned char)s[w]))
		w++;
	if (w == i || (w < n && s[w] != ' ' && s[w] != '>' && s[w] != '/'))
		return false;
	for (size_t k = 0; names[k]; k++)
		if (strlen(names[k]) == w - i && strncasecmp(names[k], s + i, w - i) == 0)
			return true;
	const char *gt = memchr(s, '>', n);
	return gt && gt == s + n - 1;
}

/* Lines [a, b) of one slide. */
void md_read_blocks(struct importer *im, size_t a, size_t b)
{
	size_t i = a;
	bool prev_blank = true;
	while (i < b) {
		const struct line *l = &im->lines[i];
		const char *t;
		size_t tn, n, fl;
		char fch;
		bool ord;
		const char *s = md_skip_ws(l, &n);
		if (n == 0) {
			prev_blank = true;
			i++;
			continue;
		}
		bool was_blank = prev_blank;
		prev_blank = false;
		int lv;
		if (md_is_fence(l, &fch, &fl)) {
			size_t j = i + 1;
			while (j < b && !md_closes_fence(&im->lines[j], fch, fl))
				j++;
			const char *info = s + fl;
			char *lang = fence_language(im, info, (size_t)(s + n - info), l->no);
			code_block(im, i + 1, j, md_indent_of(l), lang, l->no);
			i = j < b ? j + 1 : b;
		} else if (md_indent_of(l) >= 4 && was_blank) {
			size_t j = i;
			while (j < b &&
			       (md_line_blank(&im->lines[j]) || md_indent_of(&im->lines[j]) >= 4))
				j++;
			while (j > i && md_line_blank(&im->lines[j - 1]))
				j--;
			code_block(im, i, j, 4, xstrdup(""), l->no);
			i = j;
		} else if (n >= 3 && memcmp(s, ":::", 3) == 0 && md_indent_of(l) <= 3) {
			i = md_read_div(im, i, b);
		} else if (md_starts_comment(l)) {
			i = md_read_comment(im, i, b);
		} else if ((lv = md_atx_level(l, &t, &tn)) > 0) {
			heading(im, lv, t, tn, l->no);
			i++;
		} else if (md_is_break(l)) {
			md_warn(im, l->no, "horizontal rule dropped");
			i++;
		} else if (s[0] == '>' && md_indent_of(l) <= 3) {
			size_t j = i;
			while (j < b) {
				size_t n2;
				const char *s2 = md_skip_ws(&im->lines[j], &n2);
				if (!n2)
					break;
				/* a lazy continuation: a line of the quote's paragraph
				 * without '>' */
				bool lazy = s2[0] != '>' && !starts_block(im, j) &&
					    !is_delim_row(&im->lines[j]);
				if (!lazy && (s2[0] != '>' || md_indent_of(&im->lines[j]) > 3))
					break;
				if (lazy) {
					size_t n3;
					const char *s3 = md_skip_ws(&im->lines[j - 1], &n3);
					if (n3 && s3[0] == '>' && md_is_blank_str(s3 + 1, n3 - 1))
						break; /* after an empty '>' line: a paragraph */
				}
				j++;
			}
			quote(im, i, j);
			i = j;
		} else if (list_item(l, &t, &tn, &ord) >= 0 && (tn > 0 || !ord)) {
			i = list(im, i, b);
		} else if (has_pipe(l) && i + 1 < b && is_delim_row(&im->lines[i + 1])) {
			size_t j = i + 2;
			while (j < b && !md_line_blank(&im->lines[j]) && has_pipe(&im->lines[j]))
				j++;
			md_table(im, i, j);
			i = j;
		} else if (n == 5 && memcmp(s, ". . .", 5) == 0) {
			md_add_item(im, K_PAUSE, xstrdup(""), l->no);
			i++;
		} else if (html_block_start(s, n) && was_blank) {
			size_t j = i;
			while (j < b && !md_line_blank(&im->lines[j]))
				j++;
			md_warn(im, l->no, "HTML block of %zu lines dropped", j - i);
			i = j;
		} else {
			struct strbuf raw = { 0 };
			unsigned line = l->no;
			size_t j = i;
			int setext = 0;
			while (j < b && !md_line_blank(&im->lines[j])) {
				if (j > i && (setext = md_setext_level(&im->lines[j])) != 0)
					break;
				if (j > i && starts_block(im, j))
					break;
				md_join_line(&raw, im->lines[j].s, im->lines[j].n);
				j++;
			}
			if (setext) {
				heading(im, setext, raw.s, raw.len, line);
				j++;
			} else {
				paragraph(im, raw.s ? raw.s : "", line);
			}
			free(raw.s);
			i = j;
		}
	}
}
