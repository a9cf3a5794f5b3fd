/* The INI scanner: one linear pass over a file's bytes.
 *
 * Every physical line is checked for what iniparser would lose or refuse
 * (BOM, NUL, lone CR, invalid UTF-8, lines over 1022 bytes), then physical
 * lines are joined into logical lines the way iniparser joins them (a
 * trailing backslash continues the line without a separator) and classified
 * as section, key, comment or error. The scan records, for every section
 * and key, its line and column and the span of bytes it came from, which
 * iniparser's dictionary does not keep, and reports duplicates, keys before
 * the first section, unquoted ';' or '#', full-width punctuation an input
 * method typed for the ASCII one, and control characters in what iniparser
 * keeps (not in a comment or after a closing quote). A verbatim line
 * (ini.h, ini_verbatim_key(): a deck's code line) keeps its text after the
 * '|' as written in ini_key.raw. Before it, a file
 * that is not UTF-8 at all (UTF-16, UTF-32, GB18030) is recognised and
 * reported once.
 */
#define _GNU_SOURCE 1
#include "ini_internal.h"

#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "textclass.h"
#include "utf8.h"

enum { LINE_MAX_BYTES = 1022 };

static uint64_t hash_name(size_t sec, const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull ^ (sec * 0x9e3779b97f4a7c15ull);
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ull;
	}
	return h;
}

/* Looks name (in section sec; sec is ignored for the section index) up.
 * Returns the slot that holds it or the empty slot where it would go. */
static size_t *hindex_slot(const struct ini_loader *l, const struct ini_hindex *h, int of_keys,
			   size_t sec, const char *name)
{
	size_t mask = h->cap - 1;
	size_t i = (size_t)hash_name(of_keys ? sec : 0, name) & mask;
	for (;; i = (i + 1) & mask) {
		size_t v = h->slot[i];
		if (!v)
			return &h->slot[i];
		if (of_keys) {
			const struct ini_key *k = &l->keys[v - 1];
			if (k->sec == sec && strcmp(k->name, name) == 0)
				return &h->slot[i];
		} else if (strcmp(l->secs[v - 1].name, name) == 0) {
			return &h->slot[i];
		}
	}
}

/* Adds index idx (of name) to h, growing it to stay at most half full. */
static void hindex_add(struct ini_loader *l, struct ini_hindex *h, int of_keys, size_t sec,
		       const char *name, size_t idx)
{
	if (2 * (h->n + 1) > h->cap) {
		struct ini_hindex old = *h;
		h->cap = old.cap ? old.cap * 2 : 64;
		h->slot = xcalloc(h->cap, sizeof *h->slot);
		h->n = 0;
		for (size_t i = 0; i < old.cap; i++) {
			size_t v = old.slot[i];
			if (!v)
				continue;
			const char *nm = of_keys ? l->keys[v - 1].name : l->secs[v - 1].name;
			size_t sc = of_keys ? l->keys[v - 1].sec : 0;
			*hindex_slot(l, h, of_keys, sc, nm) = v;
			h->n++;
		}
		free(old.slot);
	}
	*hindex_slot(l, h, of_keys, sec, name) = idx + 1;
	h->n++;
}

/* Index of the named section or key, or -1. */
static long hindex_find(const struct ini_loader *l, const struct ini_hindex *h, int of_keys,
			size_t sec, const char *name)
{
	if (!h->cap)
		return -1;
	size_t v = *hindex_slot(l, h, of_keys, sec, name);
	return v ? (long)v - 1 : -1;
}

void ini_report(struct ini_loader *l, unsigned line, unsigned col, enum severity sev,
		const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vadd(l->diags, l->name, line, col, sev, fmt, ap);
	va_end(ap);
}

static char *lower_dup(struct arena *a, const char *s, size_t n)
{
	char *d = arena_strndup(a, s, n);
	for (char *p = d; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return d;
}

/* ---- pass 1: scan ---- */

/* Warns about each character of a line already known to be valid UTF-8
 * that textclass.h says must not reach a terminal (tab is allowed). */
static void check_controls(struct ini_loader *l, const char *s, size_t n, unsigned lineno)
{
	const uint8_t *p = (const uint8_t *)s;
	unsigned col = 1; /* ini_column(s, i), kept up as i moves: linear in n */
	for (size_t i = 0; i < n;) {
		uint32_t c;
		int k = utf8_decode(&c, p + i, n - i);
		if (k < 1)
			k = 1;
		enum text_class tc = c == '\t' ? TEXT_PLAIN : text_class(c);
		if (tc != TEXT_PLAIN)
			ini_report(l, lineno, col, SEV_WARNING,
				   "%s U+%04X in text; it is shown as a placeholder",
				   tc == TEXT_BIDI        ? "bidirectional control"
				   : tc == TEXT_SEPARATOR ? "line or paragraph separator"
							  : "control character",
				   (unsigned)c);
		col += ini_column(s + i, (size_t)k) - 1;
		i += (size_t)k;
	}
}

/* True when s[0..n) is valid UTF-8 with no character that check_physical()
 * or check_controls() would report (tab is allowed): the common case,
 * decided with a cheap decode of the 1- to 3-byte characters. False means
 * "look closer", not "bad": 4-byte sequences and the rarer 3-byte leads are
 * left to the full checks. */
static bool line_plain(const char *s, size_t n)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t i = 0;
	while (i < n) {
		uint8_t b = p[i];
		uint32_t c;
		if (b < 0x80) {
			c = b;
			i++;
		} else if (b >= 0xE2 && b <= 0xEF && b != 0xED) {
			/* E2..EC, EE, EF: any two continuation bytes are valid */
			if (i + 2 >= n || (p[i + 1] & 0xC0) != 0x80 || (p[i + 2] & 0xC0) != 0x80)
				return false;
			c = (uint32_t)(b & 0x0F) << 12 | (uint32_t)(p[i + 1] & 0x3F) << 6 |
			    (p[i + 2] & 0x3F);
			i += 3;
		} else if (b >= 0xC2 && b <= 0xDF) {
			if (i + 1 >= n || (p[i + 1] & 0xC0) != 0x80)
				return false;
			c = (uint32_t)(b & 0x1F) << 6 | (p[i + 1] & 0x3F);
			i += 2;
		} else {
			return false;
		}
		if (c != '\t' && text_unsafe(c))
			return false;
	}
	return true;
}

/* Checks one physical line (without its '\n'); returns 0 when the line is
 * clean enough to parse, -1 otherwise (the error is reported). */
static int check_physical(struct ini_loader *l, const char *s, size_t n, unsigned lineno)
{
	int ok = 0;
	if (n > LINE_MAX_BYTES) {
		ini_report(l, lineno, 0, SEV_ERROR,
			   "line is %zu bytes long, over the limit of %d (about 340 Chinese "
			   "characters); split the text into several keys such as note.1, note.2",
			   n, LINE_MAX_BYTES);
		ok = -1;
	}
	const char *nul = memchr(s, '\0', n);
	if (nul) {
		ini_report(l, lineno, ini_column(s, (size_t)(nul - s)), SEV_ERROR,
			   "NUL byte in the file");
		ok = -1;
	}
	const char *cr = memchr(s, '\r', n);
	if (cr && (size_t)(cr - s) != n - 1) {
		ini_report(
			l, lineno, ini_column(s, (size_t)(cr - s)), SEV_ERROR,
			"carriage return inside a line; save the file with LF or CRLF line ends");
		ok = -1;
	}
	const uint8_t *bad = utf8_check((const uint8_t *)s, n);
	if (bad) {
		ini_report(l, lineno, ini_column(s, (size_t)((const char *)bad - s)), SEV_ERROR,
			   "invalid UTF-8 (byte 0x%02X); the file must be UTF-8", *bad);
		ok = -1;
	}
	return ok;
}

/* A line of the section being scanned could not be read: marks it
 * damaged, since its checks for what is missing would only repeat the
 * error. */
static void damage(struct ini_loader *l)
{
	if (l->nsecs && !l->lost)
		l->secs[l->nsecs - 1].damaged = true;
}

/* A physical line that could not be read at all: it damages its section,
 * or, when it may have been a section header (it starts with '[', or no
 * section came before it), the keys after it belong to no known section. */
static void lose_line(struct ini_loader *l, const char *s, size_t n)
{
	size_t a = 0;
	while (a < n && ini_is_space(s[a]))
		a++;
	if (!l->nsecs || (a < n && s[a] == '['))
		l->lost = true;
	else
		damage(l);
}

static void add_section(struct ini_loader *l, const char *name, size_t nlen, unsigned lineno,
			unsigned col)
{
	char *lname = lower_dup(l->arena, name, nlen);
	long first = hindex_find(l, &l->sec_index, 0, 0, lname);
	if (first >= 0)
		ini_report(l, lineno, col, SEV_ERROR,
			   "section '%s' appears twice (first at line %u); only one is allowed",
			   lname, l->secs[first].line);
	xgrow((void **)&l->secs, &l->seccap, l->nsecs + 1, sizeof *l->secs);
	/* a repeated section is read as one of its own, but what it lacks may
	 * well be in the first one: it counts as damaged */
	l->secs[l->nsecs++] = (struct ini_scan_sec){ lname, lineno, col, l->nkeys, 0, first >= 0 };
	l->lost = false;
	if (first < 0)
		hindex_add(l, &l->sec_index, 0, 0, lname, l->nsecs - 1);
	/* keys are unique per section: start the key index afresh, small
	 * (a table grown by one huge section is dropped, not cleared again
	 * for every section after it) */
	struct ini_hindex *k = &l->key_index;
	if (k->cap > 64) {
		free(k->slot);
		*k = (struct ini_hindex){ 0 };
	} else if (k->n) {
		memset(k->slot, 0, k->cap * sizeof *k->slot);
		k->n = 0;
	}
}

/* The key called name in the section being scanned (sec), or NULL. */
static struct ini_key *find_key(struct ini_loader *l, size_t sec, const char *name)
{
	long i = hindex_find(l, &l->key_index, 1, sec, name);
	return i < 0 ? NULL : &l->keys[i];
}

/* The key called name in any section sec, by a walk over its keys: only
 * for the rare dictionary entry that is not where it was expected. */
struct ini_key *ini_key_in(struct ini_loader *l, size_t sec, const char *name)
{
	const struct ini_scan_sec *s = &l->secs[sec];
	for (size_t i = s->first_key; i < s->first_key + s->nkeys; i++)
		if (strcmp(l->keys[i].name, name) == 0)
			return &l->keys[i];
	return NULL;
}

/* The offset of the '|' that starts a verbatim value (ini.h,
 * ini_verbatim_key()) in the key line s[0..n), or n when s is not one. */
static size_t verbatim_bar(const char *s, size_t n)
{
	size_t a = 0;
	while (a < n && ini_is_space(s[a]))
		a++;
	const char *eq = memchr(s + a, '=', n - a);
	if (!eq)
		return n;
	size_t kb = (size_t)(eq - s), v = kb + 1;
	while (kb > a && ini_is_space(s[kb - 1]))
		kb--;
	if (!ini_verbatim_key(s + a, kb - a))
		return n;
	while (v < n && ini_is_space(s[v]))
		v++;
	return v < n && s[v] == '|' ? v : n;
}

/* Warns about what iniparser would drop of the value v[0..n) of a key
 * line; a verbatim value (ini_verbatim_key()) loses nothing. */
static void scan_value(struct ini_loader *l, const char *v, size_t n, const char *line,
		       unsigned lineno, bool verbatim)
{
	if (n == 0 || verbatim)
		return;
	if (v[0] == '"' || v[0] == '\'') {
		if (n == 2 && v[1] == v[0])
			return; /* "" or '' : empty */
		const char *close = memchr(v + 1, v[0], n - 1);
		if (!close) {
			ini_report(l, lineno, ini_column(line, (size_t)(v - line)), SEV_WARNING,
				   "unterminated quote; the value runs to the end of the line");
			return;
		}
		const char *rest = close + 1;
		while (rest < v + n && ini_is_space(*rest))
			rest++;
		if (rest < v + n && *rest != ';' && *rest != '#')
			ini_report(l, lineno, ini_column(line, (size_t)(rest - line)), SEV_WARNING,
				   "text after the closing quote is dropped");
		return;
	}
	const char *semi = memchr(v, ';', n), *hash = memchr(v, '#', n);
	const char *c = !semi ? hash : !hash ? semi : semi < hash ? semi : hash;
	if (c)
		ini_report(l, lineno, ini_column(line, (size_t)(c - line)), SEV_WARNING,
			   "'%c' starts a comment, so the rest of the line is dropped; put "
			   "the value in quotes to keep it",
			   *c);
}

/* Full-width punctuation an input method types for the ASCII one. */
enum fw_kind {
	FW_OPEN,  /* '【' U+3010, '［' U+FF3B for '[' */
	FW_CLOSE, /* '】' U+3011, '］' U+FF3D for ']' */
	FW_KEY,   /* '＝' U+FF1D, '：' U+FF1A for '=', and the full-width space U+3000 */
};

/* True when s[0..n) starts with a full-width character of kind k. */
static bool fullwidth_at(const char *s, size_t n, enum fw_kind k)
{
	static const char *const chars[][3] = {
		[FW_OPEN] = { "\xE3\x80\x90", "\xEF\xBC\xBB", NULL },
		[FW_CLOSE] = { "\xE3\x80\x91", "\xEF\xBC\xBD", NULL },
		[FW_KEY] = { "\xEF\xBC\x9D", "\xEF\xBC\x9A", "\xE3\x80\x80" },
	};
	/* every one of them starts with the byte E3 or EF */
	if (n < 3 || ((uint8_t)s[0] != 0xE3 && (uint8_t)s[0] != 0xEF))
		return false;
	for (size_t i = 0; i < 3 && chars[k][i]; i++)
		if (memcmp(s, chars[k][i], 3) == 0)
			return true;
	return false;
}

/* The code point of the three-byte UTF-8 character at s. */
static uint32_t fullwidth_code(const char *s)
{
	const uint8_t *u = (const uint8_t *)s;
	return (uint32_t)(u[0] & 0x0F) << 12 | (uint32_t)(u[1] & 0x3F) << 6 | (u[2] & 0x3F);
}

/* The first ']' or full-width closing bracket in s[0..n), its length in
 * *len; NULL when there is none. */
static const char *find_close(const char *s, size_t n, size_t *len)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == ']') {
			*len = 1;
			return s + i;
		}
		if (fullwidth_at(s + i, n - i, FW_CLOSE)) {
			*len = 3;
			return s + i;
		}
	}
	return NULL;
}

/* Classifies one logical line (continuations joined, no newline). lineno
 * and line are those of its first physical line, for columns. */
static void scan_logical(struct ini_loader *l, const char *s, size_t n, unsigned lineno,
			 struct ini_span where)
{
	size_t a = 0;
	while (a < n && ini_is_space(s[a]))
		a++;
	while (n > a && ini_is_space(s[n - 1]))
		n--;
	if (a == n || s[a] == ';' || s[a] == '#')
		return;
	unsigned col = ini_column(s, a);
	size_t olen = s[a] == '[' ? 1 : fullwidth_at(s + a, n - a, FW_OPEN) ? 3 : 0;
	if (olen) {
		size_t clen = 0;
		const char *close = find_close(s + a + olen, n - a - olen, &clen);
		if (!close) {
			ini_report(l, lineno, col, SEV_ERROR, "section header without ']'");
			l->lost = true;
			return;
		}
		size_t after = (size_t)(close - s) + clen;
		while (after < n && ini_is_space(s[after]))
			after++;
		bool hdr_error = after < n;
		if (hdr_error)
			ini_report(l, lineno, ini_column(s, after), SEV_ERROR,
				   "text after ']' in a section header; put comments on a line of "
				   "their own");
		size_t na = a + olen, nb = (size_t)(close - s);
		while (na < nb && ini_is_space(s[na]))
			na++;
		while (nb > na && ini_is_space(s[nb - 1]))
			nb--;
		if (na == nb) {
			ini_report(l, lineno, col, SEV_ERROR, "empty section name");
			l->lost = true;
			return;
		}
		if (olen == 3 || clen == 3) {
			/* an input method's brackets: read as the ASCII ones */
			const char *fw = olen == 3 ? s + a : close;
			ini_report(l, lineno, ini_column(s, (size_t)(fw - s)), SEV_ERROR,
				   "full-width '%.3s' (U+%04X) in a section header; write it with "
				   "the ASCII brackets: '[%.*s]'",
				   fw, fullwidth_code(fw), (int)(nb - na), s + na);
			hdr_error = true;
		}
		char *lname = lower_dup(l->arena, s + na, nb - na);
		if (!ini_valid_id(lname)) {
			ini_report(l, lineno, ini_column(s, na), SEV_ERROR,
				   "section name '%s' may only contain ASCII letters, digits, '-' "
				   "and '_'",
				   lname);
			hdr_error = true;
		}
		add_section(l, s + na, nb - na, lineno, col);
		if (hdr_error)
			damage(l); /* its header is wrong: what it lacks is a detail */
		return;
	}
	const char *eq = memchr(s + a, '=', n - a);
	/* an input method's '＝' or '：' (or a full-width space) where the key
	 * ends: the line cannot be read, but the cause is plain */
	size_t keyend = eq ? (size_t)(eq - s) : n;
	for (size_t i = a; i + 3 <= keyend; i++) {
		if (!fullwidth_at(s + i, keyend - i, FW_KEY))
			continue;
		uint32_t c = fullwidth_code(s + i);
		if (c == 0x3000)
			ini_report(l, lineno, ini_column(s, i), SEV_ERROR,
				   "full-width space (U+3000) in a key name; use an ASCII space");
		else
			ini_report(
				l, lineno, ini_column(s, i), SEV_ERROR,
				"full-width '%.3s' (U+%04X) between key and value; use the ASCII "
				"'='",
				s + i, c);
		damage(l);
		return;
	}
	if (!eq) {
		const char *colon = memchr(s + a, ':', n - a);
		if (colon)
			ini_report(l, lineno, ini_column(s, (size_t)(colon - s)), SEV_ERROR,
				   "expected 'key = value': ':' does not separate a key from its "
				   "value; use '='");
		else
			ini_report(l, lineno, col, SEV_ERROR,
				   "expected 'key = value', a [section] or a comment");
		damage(l);
		return;
	}
	size_t kb = (size_t)(eq - s);
	while (kb > a && ini_is_space(s[kb - 1]))
		kb--;
	if (kb == a) {
		ini_report(l, lineno, col, SEV_ERROR, "missing key name before '='");
		damage(l);
		return;
	}
	size_t va = (size_t)(eq - s) + 1;
	while (va < n && ini_is_space(s[va]))
		va++;
	bool verbatim = va < n && s[va] == '|' && ini_verbatim_key(s + a, kb - a);
	scan_value(l, s + va, n - va, s, lineno, verbatim);
	if (l->lost)
		return;
	if (l->nsecs == 0) {
		ini_report(l, lineno, col, SEV_ERROR, "key '%.*s' before the first section",
			   (int)(kb - a), s + a);
		return;
	}
	char *lname = lower_dup(l->arena, s + a, kb - a);
	size_t sec = l->nsecs - 1;
	struct ini_key *dup = find_key(l, sec, lname);
	if (dup) {
		ini_report(l, lineno, col, SEV_ERROR,
			   "key '%s' appears twice in [%s] (first at line %u); only the last would "
			   "be kept",
			   lname, l->secs[sec].name, dup->line);
		return;
	}
	xgrow((void **)&l->keys, &l->keycap, l->nkeys + 1, sizeof *l->keys);
	l->keys[l->nkeys++] =
		(struct ini_key){ .name = lname,
				  .line = lineno,
				  .col = col,
				  .vcol = ini_column(s, va),
				  .sec = sec,
				  .quoted = va < n && (s[va] == '"' || s[va] == '\''),
				  .raw = verbatim ? arena_strndup(l->arena, s + va + 1, n - va - 1)
						  : NULL };
	xgrow((void **)&l->spans, &l->spancap, l->nkeys, sizeof *l->spans);
	l->spans[l->nkeys - 1] = where;
	hindex_add(l, &l->key_index, 1, sec, lname, l->nkeys - 1);
	l->secs[sec].nkeys++;
}

/* How many bytes at the start of the logical line s[0..n) iniparser keeps
 * in a section or key: all but a comment (a whole line, or an unquoted
 * value's tail from ';' or '#') and what follows a value's closing quote.
 * A line that is neither (an error) counts as kept, so that what it holds
 * is reported too. Only what is kept can reach the screen. */
static size_t kept_part(const char *s, size_t n)
{
	size_t a = 0;
	while (a < n && ini_is_space(s[a]))
		a++;
	if (a == n || s[a] == ';' || s[a] == '#')
		return 0;
	const char *eq = memchr(s + a, '=', n - a);
	if (s[a] == '[' || !eq)
		return n;
	size_t v = (size_t)(eq - s) + 1;
	while (v < n && ini_is_space(s[v]))
		v++;
	if (v < n && s[v] == '|' && verbatim_bar(s, n) == v)
		return n; /* a verbatim line keeps everything */
	if (v < n && (s[v] == '"' || s[v] == '\'')) {
		const char *close = memchr(s + v + 1, s[v], n - v - 1);
		return close ? (size_t)(close - s) + 1 : n;
	}
	for (; v < n; v++)
		if (s[v] == ';' || s[v] == '#')
			return v;
	return n;
}

/* A physical line of a logical line being joined whose characters are yet
 * to be checked: it starts at p and is off bytes into the joined line. */
struct piece {
	const char *p;
	size_t len, off;
	unsigned line;
};

void ini_scan(struct ini_loader *l)
{
	const char *p = l->bytes, *end = l->bytes + l->len;
	unsigned lineno = 0;
	if (l->len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
		ini_report(l, 1, 1, SEV_ERROR,
			   "the file starts with a byte order mark (U+FEFF); save it as UTF-8 "
			   "without BOM");
		p += 3;
	}
	/* the logical line being joined */
	char *join = NULL;
	size_t jlen = 0, jcap = 0;
	unsigned jline = 0;
	size_t jstart = 0;
	int joining = 0, jbad = 0;
	/* the joined line's physical lines with characters to check */
	struct piece *pieces = NULL;
	size_t npieces = 0, piececap = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		lineno++;
		int bad = 0, look = 0; /* look: it may hold control characters */
		if (n > LINE_MAX_BYTES || !line_plain(p, n)) {
			bad = check_physical(l, p, n, lineno);
			if (!bad)
				look = 1;
			else
				lose_line(l, p, n);
		}
		size_t t = n;
		while (t > 0 && ini_is_space(p[t - 1]))
			t--;
		int cont = t > 0 && p[t - 1] == '\\';
		size_t cn = n && p[n - 1] == '\r' ? n - 1 : n; /* without a CRLF's CR */
		if (!joining && !cont) {
			/* a line of its own: classified in place, not copied */
			const char *line = p;
			p = nl ? nl + 1 : end;
			if (look) {
				size_t keep = kept_part(line, cn);
				check_controls(l, line, keep < cn ? keep : cn, lineno);
			}
			if (!bad)
				scan_logical(l, line, n, lineno,
					     (struct ini_span){ (size_t)(line - l->bytes),
								(size_t)(p - l->bytes), lineno });
			continue;
		}
		if (!joining) {
			jlen = 0;
			jline = lineno;
			jstart = (size_t)(p - l->bytes);
			jbad = 0;
			npieces = 0;
		}
		jbad |= bad;
		size_t take = cont ? t - 1 : n;
		if (look) {
			xgrow((void **)&pieces, &piececap, npieces + 1, sizeof *pieces);
			pieces[npieces++] = (struct piece){ p, cont ? take : cn, jlen, lineno };
		}
		xgrow((void **)&join, &jcap, jlen + take + 1, 1);
		memcpy(join + jlen, p, take);
		jlen += take;
		if (cont && !joining) {
			size_t a = 0;
			while (a < jlen && ini_is_space(join[a]))
				a++;
			if (a < jlen && (join[a] == ';' || join[a] == '#')) {
				ini_report(
					l, lineno, ini_column(p, t - 1), SEV_ERROR,
					"comment ends with '\\', which joins the next line to the "
					"comment");
				damage(l);
			} else if (nl && nl + 1 < end && verbatim_bar(join, jlen) < jlen) {
				ini_report(l, lineno, ini_column(p, t - 1), SEV_ERROR,
					   "a code line cannot end in '\\', which joins the next "
					   "line to it; end the line with another character (a "
					   "comment of its language, say)");
				damage(l);
			}
		}
		if (jlen > LINE_MAX_BYTES && jlen - take <= LINE_MAX_BYTES && cont) {
			ini_report(
				l, jline, 0, SEV_ERROR,
				"lines joined with '\\' are over %d bytes together; split the text "
				"into several keys",
				LINE_MAX_BYTES);
			jbad = 1;
			damage(l);
		}
		p = nl ? nl + 1 : end;
		if (cont && p < end) {
			joining = 1;
			continue;
		}
		if (cont) {
			ini_report(
				l, lineno, ini_column(p - n - (nl ? 1 : 0), t - 1), SEV_ERROR,
				"'\\' on the last line continues nothing; the key would be lost");
			jbad = 1;
			damage(l);
		}
		joining = 0;
		/* what a comment swallows of the lines after it is not checked */
		size_t keep = kept_part(join, jlen);
		for (size_t i = 0; i < npieces; i++) {
			const struct piece *pc = &pieces[i];
			size_t room = keep > pc->off ? keep - pc->off : 0;
			check_controls(l, pc->p, room < pc->len ? room : pc->len, pc->line);
		}
		if (!jbad)
			scan_logical(l, join, jlen, jline,
				     (struct ini_span){ jstart, (size_t)(p - l->bytes), jline });
	}
	free(join);
	free(pieces);
}

/* ---- before the scan: a file that is not UTF-8 at all ---- */

/* How much of the file is looked at for a sign of another encoding; the
 * whole file is decoded only when this part shows one. */
enum { SNIFF_BYTES = 64 * 1024 };

/* What a decode found: characters of the CJK blocks (ideographs, their
 * punctuation, kana, full-width forms), other non-ASCII ones, and the INI
 * syntax characters '[', '=' and newline. */
struct decoded {
	size_t cjk, other, syntax;
};

/* Decodes bytes[0..len) from enc with iconv(3) and returns 0 when all of it
 * is valid in enc, -1 otherwise (or when iconv lacks enc); counts in *d. */
static int decodes_as(const char *enc, const char *bytes, size_t len, struct decoded *d)
{
	iconv_t cd = iconv_open("UTF-32LE", enc);
	if (cd == (iconv_t)-1)
		return -1;
	*d = (struct decoded){ 0, 0, 0 };
	char *in = (char *)bytes;
	size_t left = len;
	int rc = 0;
	while (left) {
		uint8_t buf[4096];
		char *out = (char *)buf;
		size_t room = sizeof buf;
		size_t r = iconv(cd, &in, &left, &out, &room);
		if (r == (size_t)-1 && errno != E2BIG) {
			rc = -1;
			break;
		}
		for (const uint8_t *q = buf; q + 4 <= (const uint8_t *)out; q += 4) {
			uint32_t c = (uint32_t)q[0] | (uint32_t)q[1] << 8 | (uint32_t)q[2] << 16 |
				     (uint32_t)q[3] << 24;
			if (c == '[' || c == '=' || c == '\n')
				d->syntax++;
			if (c < 0x80 || c == 0xFEFF)
				continue;
			if ((c >= 0x3000 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x9FFF) ||
			    (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF00 && c <= 0xFFEF) ||
			    (c >= 0x20000 && c <= 0x3FFFF))
				d->cjk++;
			else
				d->other++;
		}
	}
	iconv_close(cd);
	return rc;
}

/* The file name for a shell command line: as it is when it holds only
 * harmless characters, else in single quotes. A new string. */
static char *shell_word(const char *s)
{
	bool plain = *s != '\0';
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || strchr("._/+-,:@%", *p) ||
		      (unsigned char)*p >= 0x80))
			plain = false;
	if (plain)
		return xstrdup(s);
	size_t n = 3;
	for (const char *p = s; *p; p++)
		n += *p == '\'' ? 4 : 1;
	char *out = xmalloc(n), *o = out;
	*o++ = '\'';
	for (const char *p = s; *p; p++) {
		if (*p == '\'') {
			memcpy(o, "'\\''", 4);
			o += 4;
		} else {
			*o++ = *p;
		}
	}
	*o++ = '\'';
	*o = '\0';
	return out;
}

/* Reports, once, that the file is in encoding what and how to convert it
 * with iconv -f from. */
static void report_encoding(struct ini_loader *l, const char *what, const char *from)
{
	size_t n = strlen(l->name);
	char *target = n > 4 && strcmp(l->name + n - 4, ".ini") == 0
			       ? xasprintf("%.*s.utf8.ini", (int)(n - 4), l->name)
			       : xasprintf("%s.utf8", l->name);
	char *src = shell_word(l->name), *dst = shell_word(target);
	ini_report(l, 0, 0, SEV_ERROR,
		   "the file is %s, not UTF-8; convert it with: iconv -f %s -t UTF-8 %s > %s", what,
		   from, src, dst);
	free(src);
	free(dst);
	free(target);
}

/* Recognises a file saved as UTF-16 or UTF-32 (by its byte order mark or
 * by the NUL bytes that ASCII characters leave in every other byte, and
 * then a valid decode of the whole file), or as GB18030/GBK (not UTF-8, but a valid GB18030 decode
 * that is mostly Chinese), and reports it once: every line of it would be
 * an error of its own. Returns -1 when it reported, else 0. Only the first
 * SNIFF_BYTES are looked at unless they show a sign of another encoding. */
int ini_check_encoding(struct ini_loader *l)
{
	const uint8_t *b = (const uint8_t *)l->bytes;
	size_t len = l->len, head = len < SNIFF_BYTES ? len : SNIFF_BYTES;
	struct decoded d;
	static const struct {
		const char *bom;
		size_t n;
		const char *what, *from;
	} boms[] = {
		/* UTF-32LE first: its mark starts like UTF-16LE's */
		{ "\xFF\xFE\0\0", 4, "UTF-32 (little-endian, with a byte order mark)", "UTF-32" },
		{ "\0\0\xFE\xFF", 4, "UTF-32 (big-endian, with a byte order mark)", "UTF-32" },
		{ "\xFF\xFE", 2, "UTF-16 (little-endian, with a byte order mark)", "UTF-16" },
		{ "\xFE\xFF", 2, "UTF-16 (big-endian, with a byte order mark)", "UTF-16" },
	};
	for (size_t i = 0; i < sizeof boms / sizeof boms[0]; i++)
		if (len >= boms[i].n && memcmp(b, boms[i].bom, boms[i].n) == 0) {
			if (decodes_as(boms[i].from, l->bytes, len, &d) != 0 || !d.syntax)
				break; /* no such file after all: the scan says what is wrong */
			report_encoding(l, boms[i].what, boms[i].from);
			return -1;
		}
	if (memchr(b, '\0', head)) {
		/* ASCII in UTF-16LE is "c 0", in UTF-16BE "0 c" */
		size_t zero[2] = { 0, 0 };
		for (size_t i = 0; i < head; i++)
			zero[i & 1] += b[i] == 0;
		size_t pairs = head / 2;
		int odd = zero[1] > 0 && zero[0] * 8 <= zero[1] && zero[1] * 8 >= pairs;
		int even = zero[0] > 0 && zero[1] * 8 <= zero[0] && zero[0] * 8 >= pairs;
		if (len % 2 == 0 && odd && decodes_as("UTF-16LE", l->bytes, len, &d) == 0 &&
		    d.syntax) {
			report_encoding(l, "UTF-16 (little-endian, without a byte order mark)",
					"UTF-16LE");
			return -1;
		}
		if (len % 2 == 0 && even && decodes_as("UTF-16BE", l->bytes, len, &d) == 0 &&
		    d.syntax) {
			report_encoding(l, "UTF-16 (big-endian, without a byte order mark)",
					"UTF-16BE");
			return -1;
		}
		return 0;
	}
	if (!utf8_check(b, head))
		return 0;
	/* not UTF-8: GB18030 when more of its bytes are outside UTF-8 sequences
	 * than there are UTF-8 characters, and all of them decode as GB18030 to
	 * mostly Chinese. A GB18030 character often reads as a UTF-8 one by
	 * chance (a third of those of a short line of the talk do), so the bad
	 * bytes outnumber those only about three to one; a UTF-8 file with a
	 * few stray bytes has more characters than stray bytes and is reported
	 * line by line. */
	size_t good = 0, bad = 0;
	for (size_t i = 0; i < head;) {
		if (b[i] < 0x80) {
			i++;
			continue;
		}
		uint32_t c;
		int k = utf8_decode(&c, b + i, head - i);
		if (k > 0) {
			good++;
			i += (size_t)k;
		} else {
			bad++;
			i++;
		}
	}
	if (bad >= 8 && bad > good && decodes_as("GB18030", l->bytes, len, &d) == 0 && d.cjk >= 4 &&
	    d.cjk > 2 * d.other) {
		report_encoding(l, "GB18030 (or GBK) Chinese text", "GB18030");
		return -1;
	}
	return 0;
}
