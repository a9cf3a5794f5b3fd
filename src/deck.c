/* The deck loader.
 *
 * Loading runs in three passes over the file's bytes:
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
 *    and its values are matched to the scanned keys. iniparser's own error
 *    messages are caught by the one static sink (STYLE rule 11).
 * 3. build: the values are validated against the schema of deck and slide
 *    keys and turned into the model. The deck is returned only when no
 *    error was found anywhere.
 */
#define _GNU_SOURCE 1
#include "deck.h"

#include <errno.h>
#include <fcntl.h>
#include <iniparser/iniparser.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unistr.h>

enum { LINE_MAX_BYTES = 1022, MAX_DIAGS = 200, CHUNK_KEYS = 256 };

struct scan_sec {
	char *name; /* lower-cased, as iniparser stores it */
	unsigned line, col;
	size_t byte_start, byte_end; /* the section's lines in the file */
	size_t first_key, nkeys;     /* its keys in scan.keys */
};

struct scan_key {
	char *name; /* lower-cased */
	unsigned line, col, vcol; /* key line/column, value column */
	size_t sec;
	const char *value; /* from iniparser, owned by the deck arena */
};

struct loader {
	const char *name; /* file name in diagnostics */
	const char *bytes;
	size_t len;
	struct diag_list *diags;
	size_t ndiags; /* diagnostics added by this load */
	struct scan_sec *secs;
	size_t nsecs, seccap;
	struct scan_key *keys;
	size_t nkeys, keycap;
	struct arena *arena;
};

static void report(struct loader *l, unsigned line, unsigned col, enum severity sev,
		   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void report(struct loader *l, unsigned line, unsigned col, enum severity sev,
		   const char *fmt, ...)
{
	if (l->ndiags == MAX_DIAGS) {
		diag_add(l->diags, l->name, 0, 0, SEV_ERROR,
			 "too many problems; stopping after %d", MAX_DIAGS);
		l->ndiags++;
	}
	if (l->ndiags > MAX_DIAGS) {
		if (sev == SEV_ERROR)
			l->diags->nerrors++; /* still counts, so the load fails */
		return;
	}
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	diag_add(l->diags, l->name, line, col, sev, "%s", buf);
	l->ndiags++;
}

/* ---- small text helpers ---- */

static int is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

/* Characters (counting every byte that does not continue a UTF-8 sequence)
 * in s[0..n), plus 1: the column of the byte at s + n. */
static unsigned column_of(const char *s, size_t n)
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

static size_t edit_distance(const char *a, const char *b)
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
static const char *closest(const char *word, const char *const *names)
{
	const char *best = NULL;
	size_t bestd = 3;
	size_t len = strlen(word);
	for (size_t i = 0; names[i]; i++) {
		size_t d = edit_distance(word, names[i]);
		if (d < bestd && d < len) {
			bestd = d;
			best = names[i];
		}
	}
	return best;
}

/* ---- durations ---- */

int deck_parse_duration(const char *s, unsigned *out_s)
{
	unsigned long total = 0;
	const char *p = s;
	int parts = 0;
	char last_unit = 0;
	if (!*p)
		return -1;
	while (*p) {
		if (*p < '0' || *p > '9')
			return -1;
		unsigned long n = 0;
		while (*p >= '0' && *p <= '9') {
			n = n * 10 + (unsigned long)(*p - '0');
			if (n > 1000000)
				return -1;
			p++;
		}
		char unit = *p;
		if (unit == '\0') {
			if (parts)
				return -1; /* "1m30" is ambiguous */
			total = n;
			break;
		}
		unsigned long mul;
		if (unit == 'h' && !last_unit)
			mul = 3600;
		else if (unit == 'm' && (last_unit == 0 || last_unit == 'h'))
			mul = 60;
		else if (unit == 's' && last_unit != 's')
			mul = 1;
		else
			return -1;
		last_unit = unit;
		total += n * mul;
		parts++;
		p++;
	}
	if (total > 24ul * 3600)
		return -1;
	*out_s = (unsigned)total;
	return 0;
}

void deck_format_duration(unsigned s, char buf[16])
{
	if (s >= 3600)
		snprintf(buf, 16, "%u:%02u:%02u", s / 3600 % 1000, s / 60 % 60, s % 60);
	else
		snprintf(buf, 16, "%u:%02u", s / 60, s % 60);
}

/* ---- pass 1: scan ---- */

static void check_controls(struct loader *l, const char *s, size_t n, unsigned lineno)
{
	size_t i = 0;
	while (i < n) {
		ucs4_t c;
		int k = u8_mbtouc(&c, (const uint8_t *)s + i, n - i);
		if (k <= 0)
			return;
		int bad = (c < 0x20 && c != '\t') || c == 0x7F || (c >= 0x80 && c <= 0x9F);
		int bidi = (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
		if (bad || bidi)
			report(l, lineno, column_of(s, i), SEV_WARNING,
			       "%s U+%04X in text; it is shown as a placeholder",
			       bidi ? "bidirectional control" : "control character", (unsigned)c);
		i += (size_t)k;
	}
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
		report(l, lineno, column_of(s, (size_t)(nul - s)), SEV_ERROR, "NUL byte in the file");
		ok = -1;
	}
	const char *cr = memchr(s, '\r', n);
	if (cr && (size_t)(cr - s) != n - 1) {
		report(l, lineno, column_of(s, (size_t)(cr - s)), SEV_ERROR,
		       "carriage return inside a line; save the file with LF or CRLF line ends");
		ok = -1;
	}
	const uint8_t *bad = u8_check((const uint8_t *)s, n);
	if (bad) {
		report(l, lineno, column_of(s, (size_t)((const char *)bad - s)), SEV_ERROR,
		       "invalid UTF-8 (byte 0x%02X); the file must be UTF-8", *bad);
		ok = -1;
	}
	return ok;
}

static int valid_id(const char *s)
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
			unsigned col, size_t byte_start)
{
	char *lname = lower_dup(l->arena, name, nlen);
	for (size_t i = 0; i < l->nsecs; i++)
		if (strcmp(l->secs[i].name, lname) == 0) {
			report(l, lineno, col, SEV_ERROR,
			       "section '%s' appears twice (first at line %u); give the slide "
			       "another id",
			       lname, l->secs[i].line);
			break;
		}
	if (l->nsecs)
		l->secs[l->nsecs - 1].byte_end = byte_start;
	xgrow((void **)&l->secs, &l->seccap, l->nsecs + 1, sizeof *l->secs);
	l->secs[l->nsecs++] = (struct scan_sec){ lname, lineno, col, byte_start, l->len,
						 l->nkeys, 0 };
}

/* Finds a key by name among the current section's keys; linear, but only
 * over one section. */
static struct scan_key *find_key(struct loader *l, size_t sec, const char *name)
{
	struct scan_sec *s = &l->secs[sec];
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
			report(l, lineno, column_of(line, (size_t)(v - line)), SEV_WARNING,
			       "unterminated quote; the value runs to the end of the line");
			return;
		}
		const char *rest = close + 1;
		while (rest < v + n && is_space(*rest))
			rest++;
		if (rest < v + n && *rest != ';' && *rest != '#')
			report(l, lineno, column_of(line, (size_t)(rest - line)), SEV_WARNING,
			       "text after the closing quote is dropped");
		return;
	}
	for (size_t i = 0; i < n; i++)
		if (v[i] == ';' || v[i] == '#') {
			report(l, lineno, column_of(line, (size_t)(v + i - line)), SEV_WARNING,
			       "'%c' starts a comment, so the rest of the line is dropped; put "
			       "the value in quotes to keep it",
			       v[i]);
			return;
		}
}

/* Classifies one logical line (continuations joined, no newline). lineno
 * and line are those of its first physical line, for columns. */
static void scan_logical(struct loader *l, const char *s, size_t n, unsigned lineno,
			 size_t byte_start)
{
	size_t a = 0;
	while (a < n && is_space(s[a]))
		a++;
	while (n > a && is_space(s[n - 1]))
		n--;
	if (a == n || s[a] == ';' || s[a] == '#')
		return;
	unsigned col = column_of(s, a);
	if (s[a] == '[') {
		const char *close = memchr(s + a, ']', n - a);
		if (!close) {
			report(l, lineno, col, SEV_ERROR, "section header without ']'");
			return;
		}
		size_t after = (size_t)(close - s) + 1;
		while (after < n && is_space(s[after]))
			after++;
		if (after < n) {
			report(l, lineno, column_of(s, after), SEV_ERROR,
			       "text after ']' in a section header; put comments on a line of "
			       "their own");
			return;
		}
		size_t na = a + 1, nb = (size_t)(close - s);
		while (na < nb && is_space(s[na]))
			na++;
		while (nb > na && is_space(s[nb - 1]))
			nb--;
		if (na == nb) {
			report(l, lineno, col, SEV_ERROR, "empty section name");
			return;
		}
		char *lname = lower_dup(l->arena, s + na, nb - na);
		if (!valid_id(lname)) {
			report(l, lineno, column_of(s, na), SEV_ERROR,
			       "section name '%s' may only contain ASCII letters, digits, '-' and '_'",
			       lname);
		}
		add_section(l, s + na, nb - na, lineno, col, byte_start);
		return;
	}
	const char *eq = memchr(s + a, '=', n - a);
	if (!eq) {
		report(l, lineno, col, SEV_ERROR,
		       "expected 'key = value', a [section] or a comment");
		return;
	}
	size_t kb = (size_t)(eq - s);
	while (kb > a && is_space(s[kb - 1]))
		kb--;
	if (kb == a) {
		report(l, lineno, col, SEV_ERROR, "missing key name before '='");
		return;
	}
	size_t va = (size_t)(eq - s) + 1;
	while (va < n && is_space(s[va]))
		va++;
	scan_value(l, s + va, n - va, s, lineno);
	if (l->nsecs == 0) {
		report(l, lineno, col, SEV_ERROR,
		       "key '%.*s' before the first section; put it under [deck] or a slide",
		       (int)(kb - a), s + a);
		return;
	}
	char *lname = lower_dup(l->arena, s + a, kb - a);
	size_t sec = l->nsecs - 1;
	struct scan_key *dup = find_key(l, sec, lname);
	if (dup) {
		report(l, lineno, col, SEV_ERROR,
		       "key '%s' appears twice in [%s] (first at line %u); only the last would "
		       "be kept, so number them: '%s.1', '%s.2'",
		       lname, l->secs[sec].name, dup->line, lname, lname);
		return;
	}
	xgrow((void **)&l->keys, &l->keycap, l->nkeys + 1, sizeof *l->keys);
	l->keys[l->nkeys++] = (struct scan_key){ lname, lineno, col, column_of(s, va), sec, NULL };
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
		int bad = check_physical(l, p, n, lineno);
		if (!bad)
			check_controls(l, p, n && p[n - 1] == '\r' ? n - 1 : n, lineno);
		size_t t = n;
		while (t > 0 && is_space(p[t - 1]))
			t--;
		int cont = t > 0 && p[t - 1] == '\\';
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
			while (a < jlen && is_space(join[a]))
				a++;
			if (a < jlen && (join[a] == ';' || join[a] == '#'))
				report(l, lineno, column_of(p, t - 1), SEV_ERROR,
				       "comment ends with '\\', which joins the next line to the "
				       "comment");
		}
		if (jlen > LINE_MAX_BYTES && cont) {
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
			report(l, lineno, column_of(p - n - (nl ? 1 : 0), t - 1), SEV_ERROR,
			       "'\\' on the last line continues nothing; the key would be lost");
			jbad = 1;
		}
		joining = 0;
		if (!jbad)
			scan_logical(l, join, jlen, jline, jstart);
	}
	free(join);
}

/* ---- pass 2: read with iniparser ---- */

struct ini_sink {
	struct loader *l;
	unsigned line_offset;
};

/* The only mutable global of the core: iniparser's error callback has no
 * context argument. Set only for the duration of one iniparser_load(). */
static struct ini_sink *ini_sink;

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
	report(ini_sink->l, line ? ini_sink->line_offset + line - 1 : 0, 0, SEV_ERROR,
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
	return mkstemp(path);
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

/* Matches a chunk's dictionary to the scanned keys of sections
 * [s0, s1). */
static void take_values(struct loader *l, dictionary *d, size_t s0, size_t s1)
{
	size_t sec = s0;
	for (int i = 0; i < d->n; i++) {
		const char *k = d->key[i];
		if (!k)
			continue;
		const char *colon = strchr(k, ':');
		if (!colon) {
			while (sec < s1 && strcmp(l->secs[sec].name, k) != 0)
				sec++;
			if (sec == s1)
				bug("iniparser section not found by the scan");
			continue;
		}
		struct scan_key *sk = find_key(l, sec, colon + 1);
		if (!sk) {
			report(l, l->secs[sec].line, 0, SEV_ERROR,
			       "the INI reader found key '%s' that lectern could not place",
			       colon + 1);
			continue;
		}
		sk->value = arena_strdup(l->arena, d->val[i] ? d->val[i] : "");
	}
}

static int read_values(struct loader *l)
{
	char path[4096];
	int fd = open_scratch(path, sizeof path);
	if (fd < 0) {
		report(l, 0, 0, SEV_ERROR, "cannot create a scratch file: %s", strerror(errno));
		return -1;
	}
	int memfd = strncmp(path, "/proc/", 6) == 0;
	struct ini_sink sink = { l, 0 };
	iniparser_set_error_callback(ini_error);
	int rc = 0;
	size_t s0 = 0;
	while (s0 < l->nsecs && rc == 0) {
		size_t s1 = s0, keys = 0;
		while (s1 < l->nsecs && (s1 == s0 || keys + l->secs[s1].nkeys <= CHUNK_KEYS))
			keys += l->secs[s1++].nkeys;
		const char *from = l->bytes + l->secs[s0].byte_start;
		const char *to = l->bytes + l->secs[s1 - 1].byte_end;
		if (ftruncate(fd, 0) != 0 || lseek(fd, 0, SEEK_SET) != 0 ||
		    write_all(fd, from, (size_t)(to - from)) != 0) {
			report(l, 0, 0, SEV_ERROR, "cannot write a scratch file: %s",
			       strerror(errno));
			rc = -1;
			break;
		}
		sink.line_offset = l->secs[s0].line;
		ini_sink = &sink;
		dictionary *d = iniparser_load(path);
		ini_sink = NULL;
		if (!d) {
			rc = -1;
			break;
		}
		take_values(l, d, s0, s1);
		iniparser_freedict(d);
		s0 = s1;
	}
	close(fd);
	if (!memfd)
		unlink(path);
	for (size_t i = 0; rc == 0 && i < l->nkeys; i++)
		if (!l->keys[i].value) {
			report(l, l->keys[i].line, l->keys[i].col, SEV_ERROR,
			       "the INI reader lost key '%s'", l->keys[i].name);
			rc = -1;
		}
	return rc;
}

/* ---- pass 3: build ---- */

static const char *const deck_keys[] = { "title",    "subtitle", "author", "affiliation",
					 "event",    "date",     "language", "duration",
					 "id",       NULL };
static const char *const slide_keys[] = { "title", "subtitle", "time", "backup", "layout", NULL };
static const char *const item_keys[] = { "text", "bullet", "sub",   "figure", "chart",
					 "bar",  "scale",  "quote", "pause",  "note",  NULL };

static void unknown_key(struct loader *l, const struct scan_key *k, int in_deck)
{
	const char *known[32];
	size_t n = 0;
	const char *dot = strchr(k->name, '.');
	char base[64];
	snprintf(base, sizeof base, "%.*s", dot ? (int)(dot - k->name) : (int)strlen(k->name),
		 k->name);
	if (in_deck) {
		for (size_t i = 0; deck_keys[i]; i++)
			known[n++] = deck_keys[i];
	} else {
		for (size_t i = 0; slide_keys[i]; i++)
			known[n++] = slide_keys[i];
		for (size_t i = 0; item_keys[i]; i++)
			known[n++] = item_keys[i];
	}
	known[n] = NULL;
	const char *near = closest(dot ? base : k->name, known);
	if (!in_deck && !near) {
		for (size_t i = 0; deck_keys[i]; i++)
			if (strcmp(base, deck_keys[i]) == 0) {
				report(l, k->line, k->col, SEV_ERROR,
				       "'%s' is a [deck] key, not a slide key", k->name);
				return;
			}
	}
	if (near && dot)
		report(l, k->line, k->col, SEV_ERROR, "unknown key '%s' (did you mean '%s%s'?)",
		       k->name, near, dot);
	else if (near)
		report(l, k->line, k->col, SEV_ERROR, "unknown key '%s' (did you mean '%s'?)",
		       k->name, near);
	else if (in_deck)
		report(l, k->line, k->col, SEV_ERROR, "unknown key '%s' in [deck]", k->name);
	else
		report(l, k->line, k->col, SEV_ERROR, "unknown key '%s' in slide '%s'", k->name,
		       l->secs[k->sec].name);
}

/* Splits "A | B" at the first '|': *a and *b are trimmed copies in the
 * arena; *b is NULL when there is no '|'. */
static void split_bar(struct loader *l, const char *v, const char **a, const char **b)
{
	const char *bar = strchr(v, '|');
	size_t an = bar ? (size_t)(bar - v) : strlen(v);
	while (an && is_space(v[an - 1]))
		an--;
	*a = arena_strndup(l->arena, v, an);
	*b = NULL;
	if (bar) {
		const char *s = bar + 1;
		while (is_space(*s))
			s++;
		size_t bn = strlen(s);
		while (bn && is_space(s[bn - 1]))
			bn--;
		*b = arena_strndup(l->arena, s, bn);
	}
}

static int parse_bool(const char *v, bool *out)
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

/* Growable arrays for one slide under construction. */
struct slide_build {
	struct item *items;
	size_t nitems, itemcap;
	const char **notes;
	size_t nnotes, notecap;
	long chart; /* index of the chart bars attach to, or -1 */
	struct bar *bars;
	size_t nbars, barcap;
	unsigned chart_line;
};

static void close_chart(struct loader *l, struct slide_build *b)
{
	if (b->chart < 0)
		return;
	struct item *it = &b->items[b->chart];
	if (b->nbars == 0) {
		report(l, b->chart_line, 0, SEV_ERROR,
		       "chart has no bars; add 'bar.1 = LABEL | VALUE' lines after it");
	} else {
		if (it->log_scale)
			for (size_t i = 0; i < b->nbars; i++)
				if (!(b->bars[i].value > 0)) {
					report(l, b->chart_line, 0, SEV_ERROR,
					       "a log-scale chart needs values above 0; bar '%s' "
					       "is %g",
					       b->bars[i].label, b->bars[i].value);
					break;
				}
		it->bars = xmalloc(b->nbars * sizeof *it->bars);
		memcpy(it->bars, b->bars, b->nbars * sizeof *it->bars);
		it->nbars = b->nbars;
	}
	b->chart = -1;
	b->nbars = 0;
}

static struct item *new_item(struct slide_build *b, enum item_kind kind, unsigned step,
			     const struct scan_key *k, const char *text)
{
	xgrow((void **)&b->items, &b->itemcap, b->nitems + 1, sizeof *b->items);
	struct item *it = &b->items[b->nitems++];
	*it = (struct item){ .kind = kind, .step = step, .line = k->line, .text = text };
	return it;
}

static void build_item(struct loader *l, struct slide_build *b, const struct scan_key *k,
		       const char *base, unsigned *step)
{
	const char *v = k->value;
	int chart_part = strcmp(base, "bar") == 0 || strcmp(base, "scale") == 0;
	if (!chart_part && strcmp(base, "note") != 0)
		close_chart(l, b);
	if (strcmp(base, "note") == 0) {
		if (!*v) {
			report(l, k->line, k->vcol, SEV_ERROR, "empty note");
			return;
		}
		xgrow((void **)&b->notes, &b->notecap, b->nnotes + 1, sizeof *b->notes);
		b->notes[b->nnotes++] = v;
		return;
	}
	if (strcmp(base, "pause") == 0) {
		if (*v)
			report(l, k->line, k->vcol, SEV_ERROR,
			       "'%s' takes no value; the items after it appear one step later",
			       k->name);
		(*step)++;
		return;
	}
	if (chart_part) {
		if (b->chart < 0) {
			report(l, k->line, k->col, SEV_ERROR,
			       "'%s' must follow a chart (a 'chart.N' key or its bars)", k->name);
			return;
		}
		if (strcmp(base, "scale") == 0) {
			if (strcmp(v, "log") == 0)
				b->items[b->chart].log_scale = true;
			else if (strcmp(v, "linear") == 0)
				b->items[b->chart].log_scale = false;
			else
				report(l, k->line, k->vcol, SEV_ERROR,
				       "scale must be 'log' or 'linear', not '%s'", v);
			return;
		}
		const char *label, *rest;
		split_bar(l, v, &label, &rest);
		if (!rest || !*label) {
			report(l, k->line, k->vcol, SEV_ERROR,
			       "a bar is written 'LABEL | VALUE' or 'LABEL | VALUE | SHOWN'");
			return;
		}
		const char *num, *shown;
		char *tmp = xstrdup(rest);
		split_bar(l, tmp, &num, &shown);
		free(tmp);
		char *endp;
		errno = 0;
		double val = strtod(num, &endp);
		if (!*num || *endp || errno || !isfinite(val) || val < 0) {
			const char *bar = strchr(v, '|');
			report(l, k->line, k->vcol + (unsigned)column_of(v, (size_t)(bar - v)),
			       SEV_ERROR, "bar value '%s' is not a number of 0 or more", num);
			return;
		}
		xgrow((void **)&b->bars, &b->barcap, b->nbars + 1, sizeof *b->bars);
		b->bars[b->nbars++] = (struct bar){ label, val, shown && *shown ? shown : num };
		return;
	}
	if (!*v) {
		report(l, k->line, k->vcol, SEV_ERROR, "'%s' is empty", k->name);
		return;
	}
	if (strcmp(base, "text") == 0) {
		new_item(b, ITEM_TEXT, *step, k, v);
	} else if (strcmp(base, "bullet") == 0) {
		new_item(b, ITEM_BULLET, *step, k, v);
	} else if (strcmp(base, "sub") == 0) {
		new_item(b, ITEM_SUB, *step, k, v);
	} else if (strcmp(base, "figure") == 0 || strcmp(base, "quote") == 0) {
		const char *a, *c;
		split_bar(l, v, &a, &c);
		if (!*a) {
			report(l, k->line, k->vcol, SEV_ERROR, "'%s' has no text before '|'",
			       k->name);
			return;
		}
		struct item *it = new_item(b, base[0] == 'f' ? ITEM_FIGURE : ITEM_QUOTE, *step,
					   k, a);
		it->caption = c && *c ? c : NULL;
	} else if (strcmp(base, "chart") == 0) {
		new_item(b, ITEM_CHART, *step, k, v);
		b->chart = (long)b->nitems - 1;
		b->chart_line = k->line;
	}
}

static int is_item_key(const char *name, char *base, size_t basecap)
{
	const char *dot = strchr(name, '.');
	size_t n = dot ? (size_t)(dot - name) : strlen(name);
	if (n >= basecap || (dot && !dot[1]))
		return 0;
	memcpy(base, name, n);
	base[n] = '\0';
	for (size_t i = 0; item_keys[i]; i++)
		if (strcmp(base, item_keys[i]) == 0)
			return 1;
	return 0;
}

/* A misspelt [deck]: a name close to "deck" holding a key only [deck] has. */
static int looks_like_deck(const struct loader *l, const struct scan_sec *sec)
{
	if (edit_distance(sec->name, "deck") > 2)
		return 0;
	for (size_t i = sec->first_key; i < sec->first_key + sec->nkeys; i++)
		for (size_t j = 0; deck_keys[j]; j++)
			if (strcmp(l->keys[i].name, deck_keys[j]) == 0 &&
			    strcmp(deck_keys[j], "title") != 0 && strcmp(deck_keys[j], "subtitle") != 0)
				return 1;
	return 0;
}

static void build_slide(struct loader *l, const struct scan_sec *sec, struct slide *s)
{
	*s = (struct slide){ .id = sec->name, .line = sec->line, .nsteps = 1 };
	struct slide_build b = { .chart = -1 };
	unsigned step = 0;
	bool has_time = false;
	if (looks_like_deck(l, sec)) {
		report(l, sec->line, sec->col, SEV_ERROR,
		       "unknown section '[%s]' (did you mean '[deck]'?)", sec->name);
		return;
	}
	for (size_t i = sec->first_key; i < sec->first_key + sec->nkeys; i++) {
		const struct scan_key *k = &l->keys[i];
		const char *v = k->value;
		char base[32];
		if (strcmp(k->name, "title") == 0) {
			if (*v)
				s->title = v;
		} else if (strcmp(k->name, "subtitle") == 0) {
			s->subtitle = *v ? v : NULL;
		} else if (strcmp(k->name, "time") == 0) {
			has_time = true;
			if (deck_parse_duration(v, &s->time_s) != 0 || s->time_s == 0)
				report(l, k->line, k->vcol, SEV_ERROR,
				       "time '%s' is not a duration such as 45s, 2m or 1m30s", v);
		} else if (strcmp(k->name, "backup") == 0) {
			if (parse_bool(v, &s->backup) != 0)
				report(l, k->line, k->vcol, SEV_ERROR,
				       "backup must be 'yes' or 'no', not '%s'", v);
		} else if (strcmp(k->name, "layout") == 0) {
			if (strcmp(v, "title") == 0)
				s->layout = LAYOUT_TITLE;
			else if (strcmp(v, "default") == 0)
				s->layout = LAYOUT_DEFAULT;
			else
				report(l, k->line, k->vcol, SEV_ERROR,
				       "layout must be 'default' or 'title', not '%s'", v);
		} else if (is_item_key(k->name, base, sizeof base)) {
			build_item(l, &b, k, base, &step);
		} else {
			unknown_key(l, k, 0);
		}
	}
	close_chart(l, &b);
	if (!s->title) {
		report(l, sec->line, sec->col, SEV_ERROR, "slide '%s' has no title", sec->name);
		s->title = "";
	}
	if (!has_time)
		report(l, sec->line, sec->col, SEV_WARNING, "slide '%s' has no planned time",
		       sec->name);
	if (b.nitems && step > b.items[b.nitems - 1].step)
		report(l, sec->line, sec->col, SEV_WARNING,
		       "slide '%s' ends with a pause that reveals nothing", sec->name);
	s->items = b.items;
	s->nitems = b.nitems;
	s->notes = b.notes;
	s->nnotes = b.nnotes;
	s->nsteps = step + 1;
	free(b.bars);
}

static const char *default_id(struct loader *l, const char *name)
{
	const char *base = strrchr(name, '/');
	base = base ? base + 1 : name;
	size_t n = strlen(base);
	if (n > 4 && strcmp(base + n - 4, ".ini") == 0)
		n -= 4;
	return arena_strndup(l->arena, base, n);
}

/* Fills m from the [deck] section; *dur_key is set to the duration key. */
static void build_meta(struct loader *l, const struct scan_sec *sec, struct deck_meta *m,
		       const struct scan_key **dur_key)
{
	for (size_t i = sec->first_key; i < sec->first_key + sec->nkeys; i++) {
		const struct scan_key *k = &l->keys[i];
		const char *v = *k->value ? k->value : NULL;
		if (strcmp(k->name, "title") == 0)
			m->title = v;
		else if (strcmp(k->name, "subtitle") == 0)
			m->subtitle = v;
		else if (strcmp(k->name, "author") == 0)
			m->author = v;
		else if (strcmp(k->name, "affiliation") == 0)
			m->affiliation = v;
		else if (strcmp(k->name, "event") == 0)
			m->event = v;
		else if (strcmp(k->name, "date") == 0)
			m->date = v;
		else if (strcmp(k->name, "language") == 0)
			m->language = v;
		else if (strcmp(k->name, "id") == 0) {
			if (v && valid_id(v))
				m->id = v;
			else
				report(l, k->line, k->vcol, SEV_ERROR,
				       "deck id '%s' may only contain lower-case ASCII letters, "
				       "digits, '-' and '_'",
				       k->value);
		} else if (strcmp(k->name, "duration") == 0) {
			*dur_key = k;
			if (!v || deck_parse_duration(v, &m->duration_s) != 0 || !m->duration_s)
				report(l, k->line, k->vcol, SEV_ERROR,
				       "duration '%s' is not a duration such as 15m or 1h10m",
				       k->value);
		} else
			unknown_key(l, k, 1);
	}
}

static void free_slides(struct slide *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < s[i].nitems; j++)
			free(s[i].items[j].bars);
		free(s[i].items);
		free((void *)s[i].notes);
	}
	free(s);
}

static void build(struct loader *l, struct deck *d)
{
	size_t nslides = 0;
	const struct scan_sec *decksec = NULL;
	for (size_t i = 0; i < l->nsecs; i++) {
		if (strcmp(l->secs[i].name, "deck") == 0)
			decksec = &l->secs[i];
		else
			nslides++;
	}
	const struct scan_key *dur_key = NULL;
	if (decksec)
		build_meta(l, decksec, &d->meta, &dur_key);
	d->slides = xcalloc(nslides ? nslides : 1, sizeof *d->slides);
	for (size_t i = 0; i < l->nsecs; i++)
		if (&l->secs[i] != decksec)
			build_slide(l, &l->secs[i], &d->slides[d->nslides++]);
	if (!d->meta.id)
		d->meta.id = default_id(l, l->name);
	if (!d->meta.title)
		d->meta.title = d->meta.id;
	if (nslides == 0) {
		report(l, 0, 0, SEV_ERROR, "the deck has no slides");
		return;
	}
	unsigned planned = deck_planned_s(d);
	size_t main_slides = 0;
	for (size_t i = 0; i < d->nslides; i++)
		main_slides += !d->slides[i].backup;
	if (main_slides == 0)
		report(l, 0, 0, SEV_ERROR, "every slide is a backup slide; nothing to present");
	if (d->meta.duration_s && planned && planned != d->meta.duration_s) {
		char a[16], b[16];
		deck_format_duration(planned, a);
		deck_format_duration(d->meta.duration_s, b);
		report(l, dur_key->line, dur_key->vcol, SEV_WARNING,
		       "the slides' planned times add up to %s, but duration is %s", a, b);
	}
}

static uint64_t fnv1a(const char *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

struct deck *deck_load_buffer(const char *name, const char *bytes, size_t len,
			      struct diag_list *diags)
{
	struct deck *d = xcalloc(1, sizeof *d);
	arena_init(&d->arena);
	struct loader l = { .name = name, .bytes = bytes, .len = len, .diags = diags,
			    .arena = &d->arena };
	size_t errors0 = diags->nerrors;
	d->path = arena_strdup(&d->arena, name);
	d->hash = fnv1a(bytes, len);
	if (len > DECK_MAX_BYTES) {
		report(&l, 0, 0, SEV_ERROR, "the file is %zu bytes, over the limit of %u", len,
		       DECK_MAX_BYTES);
	} else {
		scan(&l);
		if (diags->nerrors == errors0 && read_values(&l) == 0)
			build(&l, d);
		else if (diags->nerrors == errors0)
			report(&l, 0, 0, SEV_ERROR, "the deck could not be read");
	}
	free(l.secs);
	free(l.keys);
	if (diags->nerrors != errors0) {
		deck_free(d);
		return NULL;
	}
	return d;
}

struct deck *deck_load_file(const char *path, struct diag_list *diags)
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
	if ((unsigned long long)st.st_size > DECK_MAX_BYTES) {
		diag_add(diags, path, 0, 0, SEV_ERROR,
			 "the file is %lld bytes, over the limit of %u bytes; refusing to read it",
			 (long long)st.st_size, DECK_MAX_BYTES);
		close(fd);
		return NULL;
	}
	size_t cap = (size_t)st.st_size + 1, n = 0;
	char *buf = xmalloc(cap);
	for (;;) {
		if (n == cap) {
			if (cap > DECK_MAX_BYTES) {
				diag_add(diags, path, 0, 0, SEV_ERROR,
					 "the file grew over the limit of %u bytes while reading",
					 DECK_MAX_BYTES);
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
	struct deck *d = deck_load_buffer(path, buf, n, diags);
	free(buf);
	return d;
}

void deck_free(struct deck *d)
{
	if (!d)
		return;
	free_slides(d->slides, d->nslides);
	arena_release(&d->arena);
	free(d);
}

long deck_find(const struct deck *d, const char *id)
{
	for (size_t i = 0; i < d->nslides; i++)
		if (strcasecmp(d->slides[i].id, id) == 0)
			return (long)i;
	return -1;
}

unsigned deck_planned_s(const struct deck *d)
{
	unsigned total = 0;
	for (size_t i = 0; i < d->nslides; i++)
		if (!d->slides[i].backup)
			total += d->slides[i].time_s;
	return total;
}
