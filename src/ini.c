/* INI reading with exact positions.
 *
 * Reading runs in two passes over the file's bytes:
 *
 * 1. scan: every physical line is checked for what iniparser would lose or
 *    refuse (BOM, NUL, lone CR, invalid UTF-8, lines over 1022 bytes), then
 *    physical lines are joined into logical lines the way iniparser joins
 *    them (a trailing backslash continues the line without a separator) and
 *    classified as section, key, comment or error. The scan records, for
 *    every section and key, its line and column, which iniparser's
 *    dictionary does not keep, and reports duplicates, keys before the first
 *    section, unquoted ';' or '#', and control characters.
 * 2. read: only if the scan found no error, iniparser reads the file in
 *    chunks of whole sections (so its quadratic dictionary stays small) from
 *    an in-memory file; each chunk's dictionary is walked once, in order,
 *    and its values are matched to the scanned keys. A large file's second
 *    half is read by a second thread. iniparser's own error
 *    messages are caught by the one static sink (STYLE rule 11).
 */
#define _GNU_SOURCE 1
#include "ini.h"

#include <errno.h>
#include <fcntl.h>
#include <iniparser/iniparser.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"
#include "textclass.h"
#include "utf8.h"

enum { LINE_MAX_BYTES = 1022, CHUNK_KEYS = 64 };

struct scan_sec {
	char *name; /* lower-cased, as iniparser stores it */
	unsigned line, col;
	size_t first_key, nkeys; /* its keys in keys[] */
};

/* Where a key's logical line lies in the file: bytes [from, to), first
 * physical line. */
struct span {
	size_t from, to;
	unsigned line;
};

/* An open-addressing hash index from names to positions in an array;
 * slot value 0 is empty, else index + 1. */
struct hindex {
	size_t *slot;
	size_t cap, n;
};

struct loader {
	const char *name; /* file name in diagnostics */
	const char *bytes;
	size_t len;
	struct diag_list *diags;
	struct scan_sec *secs;
	size_t nsecs, seccap;
	struct ini_key *keys;
	size_t nkeys, keycap;
	struct span *spans; /* parallel to keys */
	size_t spancap;
	struct hindex sec_index; /* section name -> secs[] */
	struct hindex key_index; /* key name -> keys[], current section only */
	struct arena *arena;
};

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
static size_t *hindex_slot(const struct loader *l, const struct hindex *h, int of_keys,
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
static void hindex_add(struct loader *l, struct hindex *h, int of_keys, size_t sec,
		       const char *name, size_t idx)
{
	if (2 * (h->n + 1) > h->cap) {
		struct hindex old = *h;
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
static long hindex_find(const struct loader *l, const struct hindex *h, int of_keys, size_t sec,
			const char *name)
{
	if (!h->cap)
		return -1;
	size_t v = *hindex_slot(l, h, of_keys, sec, name);
	return v ? (long)v - 1 : -1;
}

static void report(struct loader *l, unsigned line, unsigned col, enum severity sev,
		   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void report(struct loader *l, unsigned line, unsigned col, enum severity sev,
		   const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vadd(l->diags, l->name, line, col, sev, fmt, ap);
	va_end(ap);
}

/* ---- small text helpers ---- */

int ini_is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

/* Characters (counting every byte that does not continue a UTF-8 sequence)
 * in s[0..n), plus 1: the column of the byte at s + n. */
unsigned ini_column(const char *s, size_t n)
{
	unsigned col = 1;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			col++;
	return col;
}

static char *lower_dup(struct arena *a, const char *s, size_t n)
{
	char *d = arena_strndup(a, s, n);
	for (char *p = d; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return d;
}

size_t ini_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 32 || lb > 32)
		return 99;
	size_t row[33];
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
			size_t best = diag + cost;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			if (up + 1 < best)
				best = up + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

/* The closest of names to word, or NULL when none is close enough. */
const char *ini_closest(const char *word, const char *const *names)
{
	const char *best = NULL;
	size_t bestd = 3;
	size_t len = strlen(word);
	for (size_t i = 0; names[i]; i++) {
		size_t d = ini_distance(word, names[i]);
		if (d < bestd && d < len) {
			bestd = d;
			best = names[i];
		}
	}
	return best;
}

/* ---- pass 1: scan ---- */

/* Warns about each character of a line already known to be valid UTF-8
 * that textclass.h says must not reach a terminal (tab is allowed). */
static void check_controls(struct loader *l, const char *s, size_t n, unsigned lineno)
{
	const uint8_t *p = (const uint8_t *)s;
	for (size_t i = 0; i < n;) {
		uint32_t c;
		int k = utf8_decode(&c, p + i, n - i);
		if (k < 1)
			k = 1;
		enum text_class tc = c == '\t' ? TEXT_PLAIN : text_class(c);
		if (tc != TEXT_PLAIN)
			report(l, lineno, ini_column(s, i), SEV_WARNING,
			       "%s U+%04X in text; it is shown as a placeholder",
			       tc == TEXT_BIDI	       ? "bidirectional control"
			       : tc == TEXT_SEPARATOR ? "line or paragraph separator"
						      : "control character",
			       (unsigned)c);
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
static int check_physical(struct loader *l, const char *s, size_t n, unsigned lineno)
{
	int ok = 0;
	if (n > LINE_MAX_BYTES) {
		report(l, lineno, 0, SEV_ERROR,
		       "line is %zu bytes long, over the limit of %d (about 340 Chinese "
		       "characters); split the text into several keys such as note.1, note.2",
		       n, LINE_MAX_BYTES);
		ok = -1;
	}
	const char *nul = memchr(s, '\0', n);
	if (nul) {
		report(l, lineno, ini_column(s, (size_t)(nul - s)), SEV_ERROR, "NUL byte in the file");
		ok = -1;
	}
	const char *cr = memchr(s, '\r', n);
	if (cr && (size_t)(cr - s) != n - 1) {
		report(l, lineno, ini_column(s, (size_t)(cr - s)), SEV_ERROR,
		       "carriage return inside a line; save the file with LF or CRLF line ends");
		ok = -1;
	}
	const uint8_t *bad = utf8_check((const uint8_t *)s, n);
	if (bad) {
		report(l, lineno, ini_column(s, (size_t)((const char *)bad - s)), SEV_ERROR,
		       "invalid UTF-8 (byte 0x%02X); the file must be UTF-8", *bad);
		ok = -1;
	}
	return ok;
}

int ini_parse_bool(const char *v, bool *out)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(v, yes[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcasecmp(v, no[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	return -1;
}

int ini_valid_id(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' ||
		      *s == '_'))
			return 0;
	return 1;
}

static void add_section(struct loader *l, const char *name, size_t nlen, unsigned lineno,
			unsigned col)
{
	char *lname = lower_dup(l->arena, name, nlen);
	long first = hindex_find(l, &l->sec_index, 0, 0, lname);
	if (first >= 0)
		report(l, lineno, col, SEV_ERROR,
		       "section '%s' appears twice (first at line %u); only one is allowed",
		       lname, l->secs[first].line);
	xgrow((void **)&l->secs, &l->seccap, l->nsecs + 1, sizeof *l->secs);
	l->secs[l->nsecs++] = (struct scan_sec){ lname, lineno, col, l->nkeys, 0 };
	if (first < 0)
		hindex_add(l, &l->sec_index, 0, 0, lname, l->nsecs - 1);
	/* keys are unique per section: start the key index afresh, small
	 * (a table grown by one huge section is dropped, not cleared again
	 * for every section after it) */
	struct hindex *k = &l->key_index;
	if (k->cap > 64) {
		free(k->slot);
		*k = (struct hindex){ 0 };
	} else if (k->n) {
		memset(k->slot, 0, k->cap * sizeof *k->slot);
		k->n = 0;
	}
}

/* The key called name in the section being scanned (sec), or NULL. */
static struct ini_key *find_key(struct loader *l, size_t sec, const char *name)
{
	long i = hindex_find(l, &l->key_index, 1, sec, name);
	return i < 0 ? NULL : &l->keys[i];
}

/* The key called name in any section sec, by a walk over its keys: only
 * for the rare dictionary entry that is not where it was expected. */
static struct ini_key *find_key_slow(struct loader *l, size_t sec, const char *name)
{
	const struct scan_sec *s = &l->secs[sec];
	for (size_t i = s->first_key; i < s->first_key + s->nkeys; i++)
		if (strcmp(l->keys[i].name, name) == 0)
			return &l->keys[i];
	return NULL;
}

static void scan_value(struct loader *l, const char *v, size_t n, const char *line,
		       unsigned lineno)
{
	if (n == 0)
		return;
	if (v[0] == '"' || v[0] == '\'') {
		if (n == 2 && v[1] == v[0])
			return; /* "" or '' : empty */
		const char *close = memchr(v + 1, v[0], n - 1);
		if (!close) {
			report(l, lineno, ini_column(line, (size_t)(v - line)), SEV_WARNING,
			       "unterminated quote; the value runs to the end of the line");
			return;
		}
		const char *rest = close + 1;
		while (rest < v + n && ini_is_space(*rest))
			rest++;
		if (rest < v + n && *rest != ';' && *rest != '#')
			report(l, lineno, ini_column(line, (size_t)(rest - line)), SEV_WARNING,
			       "text after the closing quote is dropped");
		return;
	}
	const char *semi = memchr(v, ';', n), *hash = memchr(v, '#', n);
	const char *c = !semi ? hash : !hash ? semi : semi < hash ? semi : hash;
	if (c)
		report(l, lineno, ini_column(line, (size_t)(c - line)), SEV_WARNING,
		       "'%c' starts a comment, so the rest of the line is dropped; put "
		       "the value in quotes to keep it",
		       *c);
}

/* Classifies one logical line (continuations joined, no newline). lineno
 * and line are those of its first physical line, for columns. */
static void scan_logical(struct loader *l, const char *s, size_t n, unsigned lineno,
			 struct span where)
{
	size_t a = 0;
	while (a < n && ini_is_space(s[a]))
		a++;
	while (n > a && ini_is_space(s[n - 1]))
		n--;
	if (a == n || s[a] == ';' || s[a] == '#')
		return;
	unsigned col = ini_column(s, a);
	if (s[a] == '[') {
		const char *close = memchr(s + a, ']', n - a);
		if (!close) {
			report(l, lineno, col, SEV_ERROR, "section header without ']'");
			return;
		}
		size_t after = (size_t)(close - s) + 1;
		while (after < n && ini_is_space(s[after]))
			after++;
		if (after < n) {
			report(l, lineno, ini_column(s, after), SEV_ERROR,
			       "text after ']' in a section header; put comments on a line of "
			       "their own");
			return;
		}
		size_t na = a + 1, nb = (size_t)(close - s);
		while (na < nb && ini_is_space(s[na]))
			na++;
		while (nb > na && ini_is_space(s[nb - 1]))
			nb--;
		if (na == nb) {
			report(l, lineno, col, SEV_ERROR, "empty section name");
			return;
		}
		char *lname = lower_dup(l->arena, s + na, nb - na);
		if (!ini_valid_id(lname)) {
			report(l, lineno, ini_column(s, na), SEV_ERROR,
			       "section name '%s' may only contain ASCII letters, digits, '-' and '_'",
			       lname);
		}
		add_section(l, s + na, nb - na, lineno, col);
		return;
	}
	const char *eq = memchr(s + a, '=', n - a);
	if (!eq) {
		report(l, lineno, col, SEV_ERROR,
		       "expected 'key = value', a [section] or a comment");
		return;
	}
	size_t kb = (size_t)(eq - s);
	while (kb > a && ini_is_space(s[kb - 1]))
		kb--;
	if (kb == a) {
		report(l, lineno, col, SEV_ERROR, "missing key name before '='");
		return;
	}
	size_t va = (size_t)(eq - s) + 1;
	while (va < n && ini_is_space(s[va]))
		va++;
	scan_value(l, s + va, n - va, s, lineno);
	if (l->nsecs == 0) {
		report(l, lineno, col, SEV_ERROR,
		       "key '%.*s' before the first section",
		       (int)(kb - a), s + a);
		return;
	}
	char *lname = lower_dup(l->arena, s + a, kb - a);
	size_t sec = l->nsecs - 1;
	struct ini_key *dup = find_key(l, sec, lname);
	if (dup) {
		report(l, lineno, col, SEV_ERROR,
		       "key '%s' appears twice in [%s] (first at line %u); only the last would "
		       "be kept",
		       lname, l->secs[sec].name, dup->line);
		return;
	}
	xgrow((void **)&l->keys, &l->keycap, l->nkeys + 1, sizeof *l->keys);
	l->keys[l->nkeys++] = (struct ini_key){ .name = lname, .line = lineno, .col = col,
						 .vcol = ini_column(s, va), .sec = sec,
						 .quoted = va < n && (s[va] == '"' || s[va] == '\'') };
	xgrow((void **)&l->spans, &l->spancap, l->nkeys, sizeof *l->spans);
	l->spans[l->nkeys - 1] = where;
	hindex_add(l, &l->key_index, 1, sec, lname, l->nkeys - 1);
	l->secs[sec].nkeys++;
}

static void scan(struct loader *l)
{
	const char *p = l->bytes, *end = l->bytes + l->len;
	unsigned lineno = 0;
	if (l->len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
		report(l, 1, 1, SEV_ERROR,
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
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		lineno++;
		int bad = 0;
		if (n > LINE_MAX_BYTES || !line_plain(p, n)) {
			bad = check_physical(l, p, n, lineno);
			if (!bad)
				check_controls(l, p, n && p[n - 1] == '\r' ? n - 1 : n, lineno);
		}
		size_t t = n;
		while (t > 0 && ini_is_space(p[t - 1]))
			t--;
		int cont = t > 0 && p[t - 1] == '\\';
		if (!joining && !cont) {
			/* a line of its own: classified in place, not copied */
			const char *line = p;
			p = nl ? nl + 1 : end;
			if (!bad)
				scan_logical(l, line, n, lineno,
					     (struct span){ (size_t)(line - l->bytes),
							    (size_t)(p - l->bytes), lineno });
			continue;
		}
		if (!joining) {
			jlen = 0;
			jline = lineno;
			jstart = (size_t)(p - l->bytes);
			jbad = 0;
		}
		jbad |= bad;
		size_t take = cont ? t - 1 : n;
		xgrow((void **)&join, &jcap, jlen + take + 1, 1);
		memcpy(join + jlen, p, take);
		jlen += take;
		if (cont && !joining) {
			size_t a = 0;
			while (a < jlen && ini_is_space(join[a]))
				a++;
			if (a < jlen && (join[a] == ';' || join[a] == '#'))
				report(l, lineno, ini_column(p, t - 1), SEV_ERROR,
				       "comment ends with '\\', which joins the next line to the "
				       "comment");
		}
		if (jlen > LINE_MAX_BYTES && jlen - take <= LINE_MAX_BYTES && cont) {
			report(l, jline, 0, SEV_ERROR,
			       "lines joined with '\\' are over %d bytes together; split the text "
			       "into several keys",
			       LINE_MAX_BYTES);
			jbad = 1;
		}
		p = nl ? nl + 1 : end;
		if (cont && p < end) {
			joining = 1;
			continue;
		}
		if (cont) {
			report(l, lineno, ini_column(p - n - (nl ? 1 : 0), t - 1), SEV_ERROR,
			       "'\\' on the last line continues nothing; the key would be lost");
			jbad = 1;
		}
		joining = 0;
		if (!jbad)
			scan_logical(l, join, jlen, jline,
				     (struct span){ jstart, (size_t)(p - l->bytes), jline });
	}
	free(join);
}

/* ---- pass 2: read with iniparser ---- */

struct ini_sink {
	struct loader *l;
	const unsigned *linemap; /* chunk line - 1 -> file line */
	size_t nlines;
};

/* The only mutable global of the core: iniparser's error callback has no
 * context argument. Set only for the duration of one iniparser_load(), by
 * the thread calling it (each reading thread has its own). */
static _Thread_local struct ini_sink *ini_sink;

static int ini_error(const char *fmt, ...)
{
	if (!ini_sink)
		return 0;
	char buf[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	unsigned line = 0;
	const char *paren = strrchr(buf, '(');
	if (paren)
		sscanf(paren, "(%u)", &line);
	char *nl = strchr(buf, '\n');
	if (nl)
		*nl = '\0';
	report(ini_sink->l, line && line <= ini_sink->nlines ? ini_sink->linemap[line - 1] : 0, 0,
	       SEV_ERROR,
	       "the INI reader refused this line (%s)", buf);
	return 0;
}

static int open_scratch(char *path, size_t pathlen)
{
	int fd = memfd_create("lectern-deck", MFD_CLOEXEC);
	if (fd >= 0) {
		snprintf(path, pathlen, "/proc/self/fd/%d", fd);
		if (access(path, R_OK) == 0)
			return fd;
		close(fd);
	}
	const char *tmp = getenv("TMPDIR");
	snprintf(path, pathlen, "%s/lectern-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	return atomic_temp_open(path);
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* True when dictionary key k ("section:key") names scanned key sk. */
static int names_key(const struct loader *l, const char *k, const struct ini_key *sk)
{
	const char *sec = l->secs[sk->sec].name;
	size_t n = strlen(sec);
	return strncmp(k, sec, n) == 0 && k[n] == ':' && strcmp(k + n + 1, sk->name) == 0;
}

/* Matches the dictionary of the chunk holding keys[k0..k1) to those keys.
 * iniparser keeps entries in the order it read them, so the j-th key entry
 * is normally keys[k0 + j]; anything else is looked up by name. */
static void take_values(struct loader *l, dictionary *d, size_t k0, size_t k1)
{
	size_t next = k0;
	for (int i = 0; i < d->n; i++) {
		const char *k = d->key[i];
		const char *colon = k ? strchr(k, ':') : NULL;
		if (!colon)
			continue; /* a section entry */
		struct ini_key *sk = NULL;
		if (next < k1 && names_key(l, k, &l->keys[next])) {
			sk = &l->keys[next++];
		} else {
			char *secname = xstrndup(k, (size_t)(colon - k));
			long sec = hindex_find(l, &l->sec_index, 0, 0, secname);
			free(secname);
			sk = sec < 0 ? NULL : find_key_slow(l, (size_t)sec, colon + 1);
		}
		if (!sk) {
			report(l, 0, 0, SEV_ERROR,
			       "the INI reader found key '%s' that lectern could not place", k);
			continue;
		}
		sk->value = arena_strdup(l->arena, d->val[i] ? d->val[i] : "");
	}
}

/* One chunk of keys rewritten for iniparser: a "[section]" line before
 * each run of keys of one section, then the keys' own lines. linemap[i] is
 * the file line of the chunk's line i + 1. */
struct chunk {
	char *buf;
	size_t len, cap;
	unsigned *linemap;
	size_t nlines, linecap;
};

static void chunk_append(struct chunk *c, const char *p, size_t n, unsigned first_line,
			 int end_line)
{
	xgrow((void **)&c->buf, &c->cap, c->len + n + 1, 1);
	memcpy(c->buf + c->len, p, n);
	c->len += n;
	unsigned line = first_line;
	for (const char *q = p, *end = p + n; (q = memchr(q, '\n', (size_t)(end - q))); q++) {
		xgrow((void **)&c->linemap, &c->linecap, c->nlines + 1, sizeof *c->linemap);
		c->linemap[c->nlines++] = line++;
	}
	if (end_line && n && p[n - 1] != '\n') {
		c->buf[c->len++] = '\n';
		xgrow((void **)&c->linemap, &c->linecap, c->nlines + 1, sizeof *c->linemap);
		c->linemap[c->nlines++] = line;
	}
}

/* Reads the values of keys [k0, k1) of l, chunk by chunk, through its own
 * scratch file. Writes only those keys' values (into l->arena) and l's
 * diagnostics, so two calls on disjoint ranges with their own arenas and
 * diagnostic lists may run at once. Returns 0, or -1 after reporting. */
static int read_range(struct loader *l, size_t k0, size_t k1)
{
	char path[4096];
	int fd = open_scratch(path, sizeof path);
	if (fd < 0) {
		report(l, 0, 0, SEV_ERROR, "cannot create a scratch file: %s", strerror(errno));
		return -1;
	}
	int memfd = strncmp(path, "/proc/", 6) == 0;
	struct ini_sink sink = { l, NULL, 0 };
	struct chunk c = { 0 };
	int rc = 0;
	while (k0 < k1 && rc == 0) {
		size_t ke = k0 + CHUNK_KEYS < k1 ? k0 + CHUNK_KEYS : k1;
		c.len = c.nlines = 0;
		for (size_t k = k0; k < ke; k++) {
			size_t sec = l->keys[k].sec;
			if (k == k0 || l->keys[k - 1].sec != sec) {
				const struct scan_sec *s = &l->secs[sec];
				chunk_append(&c, "[", 1, s->line, 0);
				chunk_append(&c, s->name, strlen(s->name), s->line, 0);
				chunk_append(&c, "]\n", 2, s->line, 0);
			}
			const struct span *sp = &l->spans[k];
			chunk_append(&c, l->bytes + sp->from, sp->to - sp->from, sp->line, 1);
		}
		if (ftruncate(fd, 0) != 0 || lseek(fd, 0, SEEK_SET) != 0 ||
		    write_all(fd, c.buf, c.len) != 0) {
			report(l, 0, 0, SEV_ERROR, "cannot write a scratch file: %s",
			       strerror(errno));
			rc = -1;
			break;
		}
		sink.linemap = c.linemap;
		sink.nlines = c.nlines;
		ini_sink = &sink;
		dictionary *d = iniparser_load(path);
		ini_sink = NULL;
		if (!d) {
			rc = -1;
			break;
		}
		take_values(l, d, k0, ke);
		iniparser_freedict(d);
		k0 = ke;
	}
	free(c.buf);
	free(c.linemap);
	close(fd);
	if (!memfd)
		atomic_temp_remove(path);
	return rc;
}

/* The second half of a large file's keys, read by a helper thread. */
struct half {
	struct loader l; /* a copy sharing the scan, with its own arena and diags */
	struct arena arena;
	struct diag_list diags;
	size_t k0, k1;
	int rc;
};

static void *read_half(void *arg)
{
	struct half *h = arg;
	h->rc = read_range(&h->l, h->k0, h->k1);
	return NULL;
}

/* Below this many keys one thread reads them all: a thread costs more
 * than it saves. */
enum { PARALLEL_KEYS = 1024 };

/* Reads every key's value. iniparser's per-line cost dominates loading a
 * large deck, so from PARALLEL_KEYS keys a second thread reads the second
 * half while this one reads the first; the outcome (values, diagnostics
 * and their order) is the same as reading in one thread, and if the thread
 * cannot start, this one reads both halves. */
static int read_values(struct loader *l)
{
	iniparser_set_error_callback(ini_error);
	int rc;
	struct half h = { .k0 = l->nkeys / 2, .k1 = l->nkeys };
	pthread_t tid;
	if (l->nkeys >= PARALLEL_KEYS) {
		h.l = *l;
		arena_init(&h.arena);
		diag_list_init(&h.diags);
		h.l.arena = &h.arena;
		h.l.diags = &h.diags;
	}
	if (l->nkeys >= PARALLEL_KEYS && pthread_create(&tid, NULL, read_half, &h) == 0) {
		rc = read_range(l, 0, h.k0);
		pthread_join(tid, NULL);
		arena_adopt(l->arena, &h.arena);
		diag_list_move(l->diags, &h.diags);
		diag_list_release(&h.diags);
		if (h.rc != 0)
			rc = -1;
	} else {
		if (l->nkeys >= PARALLEL_KEYS)
			diag_list_release(&h.diags);
		rc = read_range(l, 0, l->nkeys);
	}
	for (size_t i = 0; rc == 0 && i < l->nkeys; i++)
		if (!l->keys[i].value) {
			report(l, l->keys[i].line, l->keys[i].col, SEV_ERROR,
			       "the INI reader lost key '%s'", l->keys[i].name);
			rc = -1;
		}
	return rc;
}

int ini_parse(struct ini_file *f, const char *name, const char *bytes, size_t len,
	      struct arena *arena, struct diag_list *diags)
{
	struct loader l = { .name = name, .bytes = bytes, .len = len, .diags = diags,
			    .arena = arena };
	size_t errors0 = diags->nerrors;
	*f = (struct ini_file){ 0 };
	scan(&l);
	if (diags->nerrors == errors0 && read_values(&l) != 0 && diags->nerrors == errors0)
		report(&l, 0, 0, SEV_ERROR, "the file could not be read");
	free(l.spans);
	free(l.sec_index.slot);
	free(l.key_index.slot);
	if (diags->nerrors != errors0) {
		free(l.secs);
		free(l.keys);
		return -1;
	}
	f->keys = l.keys;
	f->nkeys = l.nkeys;
	f->secs = xcalloc(l.nsecs ? l.nsecs : 1, sizeof *f->secs);
	f->nsecs = l.nsecs;
	for (size_t i = 0; i < l.nsecs; i++)
		f->secs[i] = (struct ini_section){ l.secs[i].name, l.secs[i].line, l.secs[i].col,
						   l.secs[i].nkeys ? l.keys + l.secs[i].first_key : NULL,
						   l.secs[i].nkeys };
	free(l.secs);
	return 0;
}

void ini_release(struct ini_file *f)
{
	free(f->secs);
	free(f->keys);
	*f = (struct ini_file){ 0 };
}

char *ini_read_file(const char *path, size_t max, size_t *len, struct diag_list *diags)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		diag_add(diags, path, 0, 0, SEV_ERROR, "cannot open: %s", strerror(errno));
		return NULL;
	}
	struct stat st;
	if (fstat(fd, &st) != 0) {
		diag_add(diags, path, 0, 0, SEV_ERROR, "cannot stat: %s", strerror(errno));
		close(fd);
		return NULL;
	}
	if (S_ISDIR(st.st_mode) || !S_ISREG(st.st_mode)) {
		diag_add(diags, path, 0, 0, SEV_ERROR, "not a regular file%s",
			 S_ISDIR(st.st_mode) ? " (it is a directory)" : "");
		close(fd);
		return NULL;
	}
	if ((unsigned long long)st.st_size > max) {
		diag_add(diags, path, 0, 0, SEV_ERROR,
			 "the file is %lld bytes, over the limit of %zu bytes; refusing to read it",
			 (long long)st.st_size, max);
		close(fd);
		return NULL;
	}
	size_t cap = (size_t)st.st_size + 1, n = 0;
	char *buf = xmalloc(cap);
	for (;;) {
		if (n == cap) {
			if (cap > max) {
				diag_add(diags, path, 0, 0, SEV_ERROR,
					 "the file grew over the limit of %zu bytes while reading",
					 max);
				free(buf);
				close(fd);
				return NULL;
			}
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		ssize_t r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			diag_add(diags, path, 0, 0, SEV_ERROR, "cannot read: %s", strerror(errno));
			free(buf);
			close(fd);
			return NULL;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	buf[n] = '\0';
	*len = n;
	return buf;
}

