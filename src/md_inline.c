/* Markdown import: inline markup reduced to plain text (md_internal.h). */
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "md_internal.h"
#include "smap.h"
#include "xalloc.h"

#define NONE SIZE_MAX /* no index */

/* ---- inline markup ---- */

/* Inline text is read once, from left to right. A link's text is read in
 * place, between its brackets (a stack of ranges instead of recursion, so
 * that nesting costs no C stack), and every search ahead that a plain
 * reader would repeat from each candidate is answered from what was found
 * once for the whole text: the ']' or ')' matching a bracket (struct
 * pairs), the next backtick run of a length (struct ticks), the next '>'
 * and "-->" (cursors: the reader never moves back, so neither do they).
 * Each answer is the one a scan from the candidate to the end of the
 * enclosing link text would give, so the result is that of the plain
 * reader at a cost of O(n log n) for any text. */

struct delim {
	size_t pos, len; /* in the output */
	char c;
	bool open, close;
};

/* The openers of one kind of bracket that have a match, as a scan from the
 * opener counting depth finds it ('\' escapes the byte after it): sorted by
 * position, each with the index just past its closer. */
struct pair {
	size_t at, end;
};

struct pairs {
	struct pair *v;
	size_t n;
};

/* The maximal runs of '`' in order; for each the next run of the same
 * length and the next run one shorter (NONE when there is none). */
struct tick {
	size_t start, len, same, shorter;
};

struct ticks {
	struct tick *v;
	size_t n, cur; /* cur: the run the reader has reached */
};

struct inl {
	struct importer *im;
	unsigned line;
	const char *s; /* the whole text */
	size_t n;
	struct strbuf out;
	struct delim *d;
	size_t nd, dcap;
	bool *gone; /* per output byte: a removed delimiter */
	struct pairs brackets, parens;
	struct ticks ticks;
	size_t gt, cc; /* the next '>', the '>' of the next "-->" (n: none) */
	bool gt_known, cc_known;
};

/* The text between a link's brackets, read before going on at resume. */
struct range {
	size_t from, limit, resume;
};

static bool is_punct(int c)
{
	return c > 0x20 && c < 0x7f && !isalnum(c);
}

/* Whether s[i] is escaped: an odd run of '\' just before it. */
static bool escaped(const char *s, size_t i)
{
	size_t k = 0;
	while (k < i && s[i - 1 - k] == '\\')
		k++;
	return k % 2 == 1;
}

/* Pairs o and c in s[0..n) in one pass from the right: each opener takes
 * the nearest closer not taken by an opener after it, which is the closer
 * a depth-counting scan from the opener stops at. */
static void pairs_find(struct pairs *p, const char *s, size_t n, char o, char c)
{
	size_t *stack = NULL, top = 0, scap = 0, cap = 0;
	*p = (struct pairs){ 0 };
	for (size_t i = n; i-- > 0;) {
		if ((s[i] != o && s[i] != c) || escaped(s, i))
			continue;
		if (s[i] == c) {
			xgrow((void **)&stack, &scap, top + 1, sizeof *stack);
			stack[top++] = i;
		} else if (top) {
			xgrow((void **)&p->v, &cap, p->n + 1, sizeof *p->v);
			p->v[p->n++] = (struct pair){ i, stack[--top] + 1 };
		}
	}
	for (size_t a = 0, b = p->n; a + 1 < b; a++, b--) {
		struct pair t = p->v[a];
		p->v[a] = p->v[b - 1];
		p->v[b - 1] = t;
	}
	free(stack);
}

/* Index just past the closer matching the opener at i when the closer
 * lies before limit, or 0. */
static size_t pairs_end(const struct pairs *p, size_t i, size_t limit)
{
	size_t lo = 0, hi = p->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (p->v[mid].at < i)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < p->n && p->v[lo].at == i && p->v[lo].end <= limit)
		return p->v[lo].end;
	return 0;
}

static void ticks_find(struct ticks *t, const char *s, size_t n)
{
	size_t cap = 0;
	*t = (struct ticks){ 0 };
	for (size_t i = 0; i < n;) {
		const char *p = memchr(s + i, '`', n - i);
		if (!p)
			break;
		size_t a = (size_t)(p - s), e = a;
		while (e < n && s[e] == '`')
			e++;
		xgrow((void **)&t->v, &cap, t->n + 1, sizeof *t->v);
		t->v[t->n++] = (struct tick){ a, e - a, NONE, NONE };
		i = e;
	}
	/* from the right, the nearest run of each length so far: runs are
	 * keyed by their own bytes, so equal keys are equal lengths */
	struct smap later = { 0 };
	for (size_t r = t->n; r-- > 0;) {
		struct tick *k = &t->v[r];
		size_t *v = smap_get(&later, s + k->start, k->len);
		k->same = v ? *v : NONE;
		v = k->len > 1 ? smap_get(&later, s + k->start, k->len - 1) : NULL;
		k->shorter = v ? *v : NONE;
		smap_put(&later, s + k->start, k->len, r);
	}
	smap_release(&later);
}

/* Start of the run closing a code span opened by the run of '`' at i (to
 * its end), if it starts before limit; else 0. */
static size_t ticks_close(struct ticks *t, size_t i, size_t limit)
{
	while (t->cur < t->n && t->v[t->cur].start + t->v[t->cur].len <= i)
		t->cur++;
	if (t->cur == t->n || t->v[t->cur].start > i)
		bug("a backtick run the scan did not find");
	const struct tick *k = &t->v[t->cur];
	/* the reader enters a run at its start, or one byte in after "\`" */
	size_t next = i == k->start ? k->same : i == k->start + 1 ? k->shorter : NONE;
	if (i > k->start + 1)
		bug("a backtick run entered past its second byte");
	return next != NONE && t->v[next].start < limit ? t->v[next].start : 0;
}

/* The first '>' at or after i, or x->n. */
static size_t next_gt(struct inl *x, size_t i)
{
	if (!x->gt_known || x->gt < i) {
		const char *p = memchr(x->s + i, '>', x->n - i);
		x->gt = p ? (size_t)(p - x->s) : x->n;
		x->gt_known = true;
	}
	return x->gt;
}

/* The '>' of the first "-->" starting at or after i, or x->n. */
static size_t next_cc(struct inl *x, size_t i)
{
	if (!x->cc_known || x->cc < i + 2) {
		size_t j = i + 2;
		x->cc = x->n;
		while (j < x->n) {
			const char *p = memchr(x->s + j, '>', x->n - j);
			if (!p)
				break;
			j = (size_t)(p - x->s);
			if (x->s[j - 1] == '-' && x->s[j - 2] == '-') {
				x->cc = j;
				break;
			}
			j++;
		}
		x->cc_known = true;
	}
	return x->cc;
}

/* The destination of a link whose "(...)" spans s[i..end): *url / *ulen
 * get it without a title. */
static void link_dest(const char *s, size_t i, size_t end, const char **url, size_t *ulen)
{
	const char *u = s + i + 1;
	size_t k = 0, len = end - i - 2;
	while (k < len && u[k] == ' ')
		k++;
	u += k;
	len -= k;
	if (len && *u == '<') {
		const char *gt = memchr(u, '>', len);
		*url = u + 1;
		*ulen = gt ? (size_t)(gt - u - 1) : len - 1;
	} else {
		size_t e = 0;
		while (e < len && u[e] != ' ')
			e++;
		*url = u;
		*ulen = e;
	}
}

void md_put_cp(struct strbuf *b, unsigned long cp)
{
	uint8_t tmp[6];
	if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		cp = 0xfffd;
	int k = u8_uctomb(tmp, (ucs4_t)cp, sizeof tmp);
	if (k > 0)
		strbuf_add(b, (const char *)tmp, (size_t)k);
}

/* Decodes an entity at s[i] == '&'; returns its length, or 0. */
static size_t entity(struct strbuf *b, const char *s, size_t n, size_t i)
{
	static const struct {
		const char *name, *text;
	} named[] = { { "amp", "&" },    { "lt", "<" },   { "gt", ">" },    { "quot", "\"" },
		      { "apos", "'" },   { "nbsp", " " }, { "mdash", "—" }, { "ndash", "–" },
		      { "hellip", "…" }, { "copy", "©" }, { "times", "×" } };
	const char *semi = memchr(s + i, ';', n - i < 34 ? n - i : 34);
	if (!semi)
		return 0;
	size_t len = (size_t)(semi - (s + i)) + 1;
	if (s[i + 1] == '#') {
		const char *p = s + i + 2;
		int base = 10;
		if (*p == 'x' || *p == 'X') {
			base = 16;
			p++;
		}
		char *end;
		unsigned long cp = strtoul(p, &end, base);
		if (end != semi || end == p)
			return 0;
		md_put_cp(b, cp);
		return len;
	}
	for (size_t k = 0; k < sizeof named / sizeof named[0]; k++)
		if (strlen(named[k].name) == len - 2 &&
		    memcmp(s + i + 1, named[k].name, len - 2) == 0) {
			strbuf_adds(b, named[k].text);
			return len;
		}
	return 0;
}

/* Handles '<' at s[i] (before limit n): autolinks keep their text, HTML
 * tags and comments are dropped. Returns the length consumed, or 0 for a
 * literal '<'. */
static size_t angle(struct inl *x, size_t n, size_t i)
{
	const char *s = x->s;
	if (n - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
		size_t cc = next_cc(x, i + 4);
		if (cc < n) {
			md_warn(x->im, x->line, "inline comment dropped");
			return cc + 1 - i;
		}
		return 0;
	}
	size_t gt = next_gt(x, i);
	if (gt >= n)
		return 0;
	size_t len = gt - i + 1;
	const char *in = s + i + 1;
	size_t inn = len - 2;
	if (inn == 0 || memchr(in, '<', inn))
		return 0;
	if (!memchr(in, ' ', inn) && (memchr(in, ':', inn) || memchr(in, '@', inn))) {
		strbuf_add(&x->out, in, inn);
		return len;
	}
	if (isalpha((unsigned char)in[0]) ||
	    (in[0] == '/' && inn > 1 && isalpha((unsigned char)in[1]))) {
		md_warn(x->im, x->line, "HTML tag '%.*s' dropped", (int)len, s + i);
		return len;
	}
	return 0;
}

/* Handles '[' or '![' at s[i] (before limit n): links become their text,
 * images are dropped. Returns the length consumed, or 0 for a literal
 * bracket; for a link, *text gets the range of its text, to be read
 * before what follows the link. */
static size_t bracket(struct inl *x, size_t n, size_t i, struct range *text)
{
	const char *s = x->s;
	bool image = s[i] == '!';
	size_t open = image ? i + 1 : i;
	size_t close = pairs_end(&x->brackets, open, n);
	if (!close)
		return 0;
	const char *url = NULL;
	size_t ulen = 0, end = 0;
	if (close < n && s[close] == '(') {
		end = pairs_end(&x->parens, close, n);
		if (end)
			link_dest(s, close, end, &url, &ulen);
	} else if (close < n && s[close] == '[') {
		size_t e = pairs_end(&x->brackets, close, n);
		if (e) {
			end = e;
			url = s + close;
			ulen = e - close;
		}
	}
	if (!end)
		return 0;
	if (image) {
		md_warn(x->im, x->line, "image '%.*s' dropped", (int)ulen, url);
		text->from = text->limit = 0;
	} else {
		md_warn(x->im, x->line, "link '%.*s' reduced to its text", (int)ulen, url);
		*text = (struct range){ open + 1, close - 1, end };
	}
	return end - i;
}

/* A run of len delimiters at s[i], in the text s[from..n). */
static void push_delim(struct inl *x, size_t from, size_t n, size_t i, size_t len)
{
	const char *s = x->s;
	char c = s[i];
	int prev = i > from ? (unsigned char)s[i - 1] : ' ';
	int next = i + len < n ? (unsigned char)s[i + len] : ' ';
	bool left = !isspace(next), right = !isspace(prev);
	bool open = left, close = right;
	if (c == '_') {
		open = left && !isalnum(prev);
		close = right && !isalnum(next);
	}
	if (c == '~' && len != 2)
		open = close = false;
	xgrow((void **)&x->d, &x->dcap, x->nd + 1, sizeof *x->d);
	x->d[x->nd++] = (struct delim){ x->out.len, len, c, open, close };
	strbuf_add(&x->out, s + i, len);
}

/* A code span opened by the run of '`' at s[i] (before limit n); returns
 * the length consumed. */
static size_t code_span(struct inl *x, size_t n, size_t i)
{
	const char *s = x->s;
	size_t run = 0;
	while (i + run < n && s[i + run] == '`')
		run++;
	size_t found = ticks_close(&x->ticks, i, n);
	if (!found) {
		strbuf_add(&x->out, s + i, run);
		return run;
	}
	const char *code = s + i + run;
	size_t cn = found - i - run;
	if (cn >= 2 && code[0] == ' ' && code[cn - 1] == ' ' && !md_is_blank_str(code, cn)) {
		code++;
		cn -= 2;
	}
	strbuf_add(&x->out, code, cn);
	return found + run - i;
}

/* Whether inline_run() may treat c as anything but plain text. */
static bool starts_markup(char c)
{
	switch (c) {
	case '\\':
	case '`':
	case '[':
	case '!':
	case '<':
	case '&':
	case '*':
	case '_':
	case '~': return true;
	default: return false;
	}
}

static void inline_run(struct inl *x)
{
	const char *s = x->s;
	size_t i = 0, from = 0, n = x->n; /* reading s[from..n) */
	struct range *stack = NULL;
	size_t nr = 0, rcap = 0;
	for (;;) {
		if (i >= n) {
			if (!nr)
				break;
			struct range r = stack[--nr];
			i = r.resume;
			from = r.from;
			n = r.limit;
			continue;
		}
		char c = s[i];
		size_t k;
		struct range text = { 0 };
		if (c == '\\' && i + 1 < n && is_punct((unsigned char)s[i + 1])) {
			strbuf_addc(&x->out, s[i + 1]);
			i += 2;
		} else if (c == '`') {
			i += code_span(x, n, i);
		} else if ((c == '[' || (c == '!' && i + 1 < n && s[i + 1] == '[')) &&
			   (k = bracket(x, n, i, &text))) {
			if (text.limit > text.from) {
				xgrow((void **)&stack, &rcap, nr + 1, sizeof *stack);
				stack[nr++] = (struct range){ from, n, text.resume };
				from = text.from;
				n = text.limit;
				i = text.from;
			} else {
				i += k;
			}
		} else if (c == '<' && (k = angle(x, n, i))) {
			i += k;
		} else if (c == '&' && (k = entity(&x->out, s, n, i))) {
			i += k;
		} else if (c == '*' || c == '_' || c == '~') {
			size_t run = 0;
			while (i + run < n && s[i + run] == c)
				run++;
			push_delim(x, from, n, i, run);
			i += run;
		} else {
			size_t e = i + 1; /* up to the next byte that may start markup */
			while (e < n && !starts_markup(s[e]))
				e++;
			strbuf_add(&x->out, s + i, e - i);
			i = e;
		}
	}
	free(stack);
}

static int delim_kind(char c)
{
	return c == '*' ? 0 : c == '_' ? 1 : 2;
}

/* Pairs emphasis delimiters and marks the paired ones gone: a closer takes
 * the nearest opener of its kind on the stack, and every opener above that
 * one leaves the stack. Each stack entry links to the next one of its kind
 * below it, so finding that opener costs no scan. */
static void match_emphasis(struct inl *x)
{
	size_t *stack = xmalloc((x->nd + 1) * sizeof *stack);
	size_t *below = xmalloc((x->nd + 1) * sizeof *below);
	size_t nearest[3] = { NONE, NONE, NONE };
	size_t top = 0;
	for (size_t i = 0; i < x->nd; i++) {
		struct delim *c = &x->d[i];
		int kind = delim_kind(c->c);
		for (size_t k = c->close ? nearest[kind] : NONE; k != NONE; k = below[k]) {
			struct delim *o = &x->d[stack[k]];
			if (o->len == 0 || (c->c == '~' && o->len != c->len))
				continue;
			size_t use = o->len < c->len ? o->len : c->len;
			for (size_t b = 0; b < use; b++) {
				x->gone[o->pos + o->len - 1 - b] = true;
				x->gone[c->pos + b] = true;
			}
			o->len -= use;
			c->pos += use;
			c->len -= use;
			for (size_t t = o->len ? k + 1 : k; top > t;) {
				top--;
				nearest[delim_kind(x->d[stack[top]].c)] = below[top];
			}
			break;
		}
		if (c->open && c->len) {
			stack[top] = i;
			below[top] = nearest[kind];
			nearest[kind] = top++;
		}
	}
	free(below);
	free(stack);
}

/* Plain text of the inline Markdown s[0..n): a new string. */
char *md_inline_text(struct importer *im, const char *s, size_t n, unsigned line)
{
	struct inl x = { .im = im, .line = line, .s = s, .n = n };
	if (n && memchr(s, '[', n)) {
		pairs_find(&x.brackets, s, n, '[', ']');
		pairs_find(&x.parens, s, n, '(', ')');
	}
	if (n && memchr(s, '`', n))
		ticks_find(&x.ticks, s, n);
	inline_run(&x);
	x.gone = xcalloc(x.out.len + 1, 1);
	match_emphasis(&x);
	struct strbuf r = { 0 };
	for (size_t i = 0, e; i < x.out.len; i = e) {
		while (i < x.out.len && x.gone[i])
			i++;
		for (e = i; e < x.out.len && !x.gone[e]; e++)
			;
		strbuf_add(&r, x.out.s + i, e - i);
	}
	free(x.gone);
	free(x.d);
	free(x.out.s);
	free(x.brackets.v);
	free(x.parens.v);
	free(x.ticks.v);
	char *t = strbuf_take(&r);
	char *tr = md_trim_dup(t, strlen(t));
	free(t);
	return tr;
}
