/* Rehearsal records: writing, the atomic never-overwrite save, and a strict
 * reader that treats every file as untrusted input (a file in the state
 * folder may be truncated, foreign or hostile). The reader checks every
 * field and either builds a whole record or none, with one warning. */
#include "record.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unistr.h>

#include "atomic.h"
#include "clock.h"
#include "smap.h"
#include "textclass.h"
#include "xalloc.h"

#define MAGIC "lectern-rehearsal "
#define MAX_MS UINT64_C(10000000000000) /* about 317 years */

/* Writes s with backslash, TAB, LF and CR escaped. */
static void buf_escaped(struct strbuf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '\\': strbuf_adds(b, "\\\\"); break;
		case '\t': strbuf_adds(b, "\\t"); break;
		case '\n': strbuf_adds(b, "\\n"); break;
		case '\r': strbuf_adds(b, "\\r"); break;
		default: strbuf_add(b, s, 1);
		}
	}
}

/* A copy of s with every invalid UTF-8 sequence replaced by U+FFFD. */
static char *utf8_clean(const char *s)
{
	struct strbuf b = { 0 };
	size_t n = strlen(s);
	const uint8_t *p = (const uint8_t *)s, *end = p + n;
	strbuf_add(&b, "", 0);
	while (p < end) {
		ucs4_t c;
		int k = u8_mbtoucr(&c, p, (size_t)(end - p));
		if (k > 0) {
			strbuf_add(&b, (const char *)p, (size_t)k);
			p += k;
		} else {
			strbuf_adds(&b, "\xEF\xBF\xBD");
			p++;
		}
	}
	return strbuf_take(&b);
}

bool record_complete(const struct timer *t, bool interrupted)
{
	return !interrupted && timer_reached_end(t);
}

void record_from_timer(struct record *r, const struct timer *t, uint64_t now_ms, bool interrupted)
{
	memset(r, 0, sizeof *r);
	r->deck_id = utf8_clean(t->deck_id ? t->deck_id : "");
	r->deck_path = utf8_clean(t->deck_path ? t->deck_path : "");
	r->deck_hash = t->deck_hash;
	r->start_s = (int64_t)(t->start_wall_ms / 1000u);
	r->total_ms = timer_elapsed_ms(t, now_ms);
	r->complete = record_complete(t, interrupted);
	r->nslides = t->nslides;
	r->slides = xcalloc(t->nslides ? t->nslides : 1, sizeof *r->slides);
	for (size_t i = 0; i < t->nslides; i++) {
		struct record_slide *s = &r->slides[i];
		s->id = utf8_clean(t->slides[i].id);
		s->title = utf8_clean(t->slides[i].title);
		s->planned_s = t->slides[i].planned_s;
		s->actual_ms = timer_slide_ms(t, i, now_ms);
		s->visits = t->slides[i].visits;
	}
}

void record_release(struct record *r)
{
	for (size_t i = 0; i < r->nslides; i++) {
		free(r->slides[i].id);
		free(r->slides[i].title);
	}
	free(r->slides);
	free(r->deck_id);
	free(r->deck_path);
	free(r->file);
	memset(r, 0, sizeof *r);
}

char *record_dir(struct diag_list *diags)
{
	const char *x = getenv("XDG_STATE_HOME");
	if (x && x[0] == '/')
		return xasprintf("%s/lectern", x);
	const char *h = getenv("HOME");
	if (h && h[0])
		return xasprintf("%s/.local/state/lectern", h);
	diag_add(diags, "lectern", 0, 0, SEV_ERROR,
		 "no place for rehearsal records: neither XDG_STATE_HOME nor HOME is set");
	return NULL;
}

char *record_format(const struct record *r)
{
	struct strbuf b = { 0 };
	char iso[CLOCK_ISO_LEN];
	clock_format_iso8601(r->start_s, iso);
	strbuf_printf(&b, MAGIC "%d\n", RECORD_VERSION);
	strbuf_adds(&b, "deck-id\t");
	buf_escaped(&b, r->deck_id ? r->deck_id : "");
	strbuf_adds(&b, "\ndeck-path\t");
	buf_escaped(&b, r->deck_path ? r->deck_path : "");
	strbuf_printf(&b, "\ndeck-hash\t%016llx\nstart\t%s\ntotal-ms\t%llu\ncomplete\t%s\n",
		      (unsigned long long)r->deck_hash, iso, (unsigned long long)r->total_ms,
		      r->complete ? "yes" : "no");
	for (size_t i = 0; i < r->nslides; i++) {
		const struct record_slide *s = &r->slides[i];
		strbuf_adds(&b, "slide\t");
		buf_escaped(&b, s->id);
		strbuf_printf(&b, "\t%u\t%llu\t%u\t", s->planned_s,
			      (unsigned long long)s->actual_ms, s->visits);
		buf_escaped(&b, s->title);
		strbuf_adds(&b, "\n");
	}
	strbuf_adds(&b, "end\n");
	return strbuf_take(&b);
}

/* --- saving --- */

/* mkdir -p with mode 0700 for the parts it creates. */
static int make_dirs(const char *dir, struct diag_list *diags)
{
	if (!dir[0]) {
		diag_add(diags, "lectern", 0, 0, SEV_ERROR, "empty folder name for records");
		return -1;
	}
	char *p = xstrdup(dir);
	for (char *s = p + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST) {
			diag_add(diags, p, 0, 0, SEV_ERROR, "cannot create folder: %s",
				 strerror(errno));
			free(p);
			return -1;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	free(p);
	struct stat st;
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		diag_add(diags, dir, 0, 0, SEV_ERROR, "not a folder");
		return -1;
	}
	return 0;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t k = write(fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/* Gives the written temporary file tmp (registered, atomic.h) the name
 * name unless name exists: link() where the file system has hard links,
 * else an O_EXCL reservation followed by rename(). Returns 0 when placed
 * (tmp is gone), 1 when name is taken, -1 on another error (errno set). */
static int place(const char *tmp, const char *name)
{
	if (link(tmp, name) == 0) {
		atomic_temp_remove(tmp);
		return 0;
	}
	if (errno == EEXIST)
		return 1;
	if (errno != EPERM && errno != ENOTSUP && errno != EOPNOTSUPP && errno != ENOSYS &&
	    errno != EMLINK)
		return -1;
	/* no signal between the reservation and the rename: an empty record
	 * must not be left behind */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	int rc = 0, fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		rc = errno == EEXIST ? 1 : -1;
	} else {
		close(fd);
		if (rename(tmp, name) != 0) {
			int e = errno;
			unlink(name);
			errno = e;
			rc = -1;
		}
	}
	int e = errno;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	errno = e;
	if (rc == 0)
		atomic_temp_done(tmp);
	return rc;
}

/* The deck id as a file-name part: ASCII letters, digits, '-', '_' and
 * '.', anything else as '_', at most 64 bytes, never starting with '.'. */
static char *name_part(const char *id)
{
	size_t n = strlen(id);
	if (n > 64)
		n = 64;
	char *s = xmalloc(n + 5);
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		char c = id[i];
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			 (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
		s[j++] = ok ? c : '_';
	}
	s[j] = '\0';
	if (j == 0)
		strcpy(s, "deck");
	if (s[0] == '.')
		s[0] = '_';
	return s;
}

/* The file name of r without its folder, e.g.
 * "talk-20240501T093000Z.rehearsal", or with "-K" before the extension
 * when k > 1. Returns a new string. */
static char *record_name(const struct record *r, unsigned k)
{
	char iso[CLOCK_ISO_LEN], stamp[CLOCK_ISO_LEN];
	clock_format_iso8601(r->start_s, iso);
	size_t j = 0;
	for (const char *s = iso; *s; s++)
		if (*s != '-' && *s != ':')
			stamp[j++] = *s;
	stamp[j] = '\0';
	char *base = name_part(r->deck_id ? r->deck_id : "");
	char *name = k == 1 ? xasprintf("%s-%s.rehearsal", base, stamp)
			    : xasprintf("%s-%s-%u.rehearsal", base, stamp, k);
	free(base);
	return name;
}

int record_save(struct record *r, const char *dir, struct diag_list *diags)
{
	if (r->total_ms < RECORD_MIN_MS)
		return 0;
	if (make_dirs(dir, diags) != 0)
		return -1;
	char *text = record_format(r);
	char *tmp = xasprintf("%s/.tmp-rehearsal-XXXXXX", dir);
	int fd = atomic_temp_open(tmp);
	if (fd < 0) {
		diag_add(diags, dir, 0, 0, SEV_ERROR, "cannot create a file: %s", strerror(errno));
		free(tmp);
		free(text);
		return -1;
	}
	int werr = write_all(fd, text, strlen(text)) != 0 || fsync(fd) != 0 ? errno : 0;
	free(text);
	if (close(fd) != 0 && !werr)
		werr = errno;
	if (werr) {
		diag_add(diags, dir, 0, 0, SEV_ERROR, "cannot write the rehearsal record: %s",
			 strerror(werr));
		atomic_temp_remove(tmp);
		free(tmp);
		return -1;
	}

	char *name = NULL;
	int rc = 1;
	for (unsigned k = 1; rc == 1 && k <= 10000; k++) {
		free(name);
		char *file = record_name(r, k);
		name = xasprintf("%s/%s", dir, file);
		free(file);
		rc = place(tmp, name);
	}
	if (rc != 0) {
		diag_add(diags, dir, 0, 0, SEV_ERROR, "cannot save the rehearsal record: %s",
			 rc < 0 ? strerror(errno) : "too many records with this name");
		atomic_temp_remove(tmp);
		free(tmp);
		free(name);
		return -1;
	}
	free(tmp);
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	free(r->file);
	r->file = name;
	return 1;
}

void record_saved_release(struct record_saved *o)
{
	free(o->path);
	free(o->dir);
	free(o->name);
	free(o->text);
	memset(o, 0, sizeof *o);
}

int record_save_timer(const struct timer *t, uint64_t now_ms, bool interrupted,
		      struct record_saved *out, struct diag_list *diags)
{
	memset(out, 0, sizeof *out);
	struct record r;
	record_from_timer(&r, t, now_ms, interrupted);
	timer_format_ms((int64_t)r.total_ms, out->total);
	for (size_t i = 0; i < r.nslides; i++)
		out->visited += r.slides[i].visits > 0;
	out->complete = r.complete;
	if (r.total_ms < RECORD_MIN_MS) {
		record_release(&r);
		return 0;
	}
	out->dir = record_dir(diags);
	out->name = record_name(&r, 1);
	if (out->dir && record_save(&r, out->dir, diags) == 1) {
		out->path = r.file;
		r.file = NULL;
		record_release(&r);
		return 1;
	}
	/* the fallbacks, each said clearly by the caller */
	char cwd[PATH_MAX];
	const char *run = getenv("XDG_RUNTIME_DIR");
	const char *alt[2] = { getcwd(cwd, sizeof cwd) ? cwd : ".",
			       run && run[0] == '/' ? run : NULL };
	for (int i = 0; i < 2; i++) {
		if (alt[i] && record_save(&r, alt[i], diags) == 1) {
			out->path = r.file;
			out->where = i == 0 ? RECORD_IN_CWD : RECORD_IN_RUNTIME;
			r.file = NULL;
			record_release(&r);
			return 2;
		}
	}
	/* for a terminal: the format escapes TAB, LF, CR and backslash in its
	 * text fields, so the TABs and LFs left are its own; the placeholders
	 * of the rest are ordinary UTF-8, so the copy still reads back */
	char *text = record_format(&r);
	struct strbuf b = { 0 };
	strbuf_add(&b, "", 0);
	text_sanitize(&b, text, strlen(text), TEXT_KEEP_TAB | TEXT_KEEP_NL);
	out->text = strbuf_take(&b);
	free(text);
	record_release(&r);
	return -1;
}

/* --- reading --- */

struct parser {
	const char *file;
	unsigned line;
	struct diag_list *diags;
};

static int fail(struct parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct parser *p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	diag_add(p->diags, p->file, p->line, 0, SEV_WARNING, "%s; record skipped", msg);
	free(msg);
	return -1;
}

/* A field of a line: n bytes at s, not NUL-terminated. */
struct field {
	const char *s;
	size_t n;
};

/* Splits s[0..n) at TABs into at most max fields; returns the count, or
 * max + 1 when there are more. */
static size_t split(const char *s, size_t n, struct field *f, size_t max)
{
	size_t k = 0;
	const char *end = s + n;
	for (;;) {
		const char *tab = memchr(s, '\t', (size_t)(end - s));
		if (k == max)
			return max + 1;
		f[k].s = s;
		f[k].n = tab ? (size_t)(tab - s) : (size_t)(end - s);
		k++;
		if (!tab)
			return k;
		s = tab + 1;
	}
}

static int field_is(struct field f, const char *word)
{
	return f.n == strlen(word) && memcmp(f.s, word, f.n) == 0;
}

/* Undoes the escaping into a new string; fails on a bad escape, invalid
 * UTF-8 or (when nonempty) an empty result. */
static int unescape(struct parser *p, struct field f, const char *what, int nonempty, char **out)
{
	char *s = xmalloc(f.n + 1);
	size_t j = 0;
	for (size_t i = 0; i < f.n; i++) {
		char c = f.s[i];
		if (c == '\\') {
			char e = i + 1 < f.n ? f.s[++i] : '\0';
			c = e == '\\'  ? '\\'
			    : e == 't' ? '\t'
			    : e == 'n' ? '\n'
			    : e == 'r' ? '\r'
				       : 0;
			if (!c) {
				free(s);
				return fail(p, "bad escape in %s", what);
			}
		}
		s[j++] = c;
	}
	s[j] = '\0';
	if (u8_check((const uint8_t *)s, j) != NULL) {
		free(s);
		return fail(p, "invalid UTF-8 in %s", what);
	}
	if (nonempty && j == 0) {
		free(s);
		return fail(p, "empty %s", what);
	}
	*out = s;
	return 0;
}

/* Reads f as a decimal number of at most max into *out (0 on failure). */
static int parse_u64(struct parser *p, struct field f, const char *what, uint64_t max,
		     uint64_t *out)
{
	uint64_t v = 0;
	*out = 0; /* defined on every path, failure included */
	if (f.n == 0 || f.n > 20)
		return fail(p, "bad number for %s", what);
	for (size_t i = 0; i < f.n; i++) {
		if (f.s[i] < '0' || f.s[i] > '9')
			return fail(p, "bad number for %s", what);
		unsigned d = (unsigned)(f.s[i] - '0');
		if (v > (max - d) / 10u)
			return fail(p, "number too large for %s", what);
		v = v * 10u + d;
	}
	*out = v;
	return 0;
}

static int parse_hash(struct parser *p, struct field f, uint64_t *out)
{
	uint64_t v = 0;
	if (f.n != 16)
		return fail(p, "bad 'deck-hash' (want 16 hex digits)");
	for (size_t i = 0; i < 16; i++) {
		char c = f.s[i];
		unsigned d;
		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (unsigned)(c - 'A' + 10);
		else
			return fail(p, "bad 'deck-hash' (want 16 hex digits)");
		v = v << 4 | d;
	}
	*out = v;
	return 0;
}

enum { K_ID, K_PATH, K_HASH, K_START, K_TOTAL, K_COMPLETE, K_COUNT };
static const char *const key_names[K_COUNT] = { "deck-id", "deck-path", "deck-hash",
						"start",   "total-ms",  "complete" };

static int parse_header(struct parser *p, struct record *r, int k, struct field v)
{
	uint64_t u;
	char *s;
	switch (k) {
	case K_ID: return unescape(p, v, "'deck-id'", 1, &r->deck_id);
	case K_PATH: return unescape(p, v, "'deck-path'", 0, &r->deck_path);
	case K_HASH: return parse_hash(p, v, &r->deck_hash);
	case K_START:
		s = xstrndup(v.s, v.n);
		if (clock_parse_iso8601(s, &r->start_s) != 0) {
			free(s);
			return fail(p, "bad 'start' (want a time like 2024-05-01T09:30:00Z)");
		}
		free(s);
		return 0;
	case K_TOTAL:
		if (parse_u64(p, v, "'total-ms'", MAX_MS, &u) != 0)
			return -1;
		r->total_ms = u;
		return 0;
	case K_COMPLETE:
		if (field_is(v, "yes") || field_is(v, "no")) {
			r->complete = field_is(v, "yes");
			return 0;
		}
		return fail(p, "bad 'complete' (want yes or no)");
	}
	bug("unknown header key");
}

/* ids maps every slide id read so far to its index, so that a repeated id
 * is found in O(1) and a record of n slides is read in O(n). */
static int parse_slide(struct parser *p, struct record *r, size_t *cap, struct smap *ids,
		       const struct field *f)
{
	struct record_slide s = { 0 };
	uint64_t planned, actual, visits;
	if (parse_u64(p, f[2], "the planned time", UINT32_MAX, &planned) ||
	    parse_u64(p, f[3], "the actual time", MAX_MS, &actual) ||
	    parse_u64(p, f[4], "the visits", UINT32_MAX, &visits) ||
	    unescape(p, f[1], "the slide id", 1, &s.id))
		return -1;
	if (unescape(p, f[5], "the slide title", 0, &s.title) != 0) {
		free(s.id);
		return -1;
	}
	size_t idlen = strlen(s.id);
	if (smap_get(ids, s.id, idlen)) {
		fail(p, "slide '%s' listed twice", s.id);
		free(s.id);
		free(s.title);
		return -1;
	}
	smap_put(ids, s.id, idlen, r->nslides); /* the key lives as long as r */
	s.planned_s = (unsigned)planned;
	s.actual_ms = actual;
	s.visits = (unsigned)visits;
	xgrow((void **)&r->slides, cap, r->nslides + 1, sizeof *r->slides);
	r->slides[r->nslides++] = s;
	return 0;
}

/* Parses the lines after the magic line; p->line is kept current. */
static int parse_lines(struct parser *p, struct record *r, struct smap *ids, const char *s,
		       const char *end)
{
	bool seen[K_COUNT] = { false };
	bool in_slides = false, ended = false;
	size_t cap = 0;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *eol = nl ? nl : end;
		size_t n = (size_t)(eol - s);
		p->line++;
		if (n > 0 && s[n - 1] == '\r')
			n--;
		const char *line = s;
		s = nl ? nl + 1 : end;
		if (n == 0)
			continue;
		if (ended)
			return fail(p, "text after 'end'");
		struct field f[6] = { { NULL, 0 } }; /* split() fills only nf of them */
		size_t nf = split(line, n, f, 6);
		if (field_is(f[0], "end") && nf == 1) {
			ended = true;
			continue;
		}
		if (field_is(f[0], "slide")) {
			if (nf != 6)
				return fail(p, "a slide line needs 6 fields, not %zu", nf);
			if (parse_slide(p, r, &cap, ids, f) != 0)
				return -1;
			in_slides = true;
			continue;
		}
		int k = 0;
		while (k < K_COUNT && !field_is(f[0], key_names[k]))
			k++;
		if (k == K_COUNT)
			continue; /* a key from a later writer of version 1 */
		if (in_slides)
			return fail(p, "'%s' after the slide lines", key_names[k]);
		if (seen[k])
			return fail(p, "'%s' given twice", key_names[k]);
		if (nf != 2)
			return fail(p, "'%s' needs exactly one value", key_names[k]);
		seen[k] = true;
		if (parse_header(p, r, k, f[1]) != 0)
			return -1;
	}
	if (!ended)
		return fail(p, "no 'end' line (the record is truncated)");
	for (int k = 0; k < K_COUNT; k++)
		if (!seen[k])
			return fail(p, "no '%s'", key_names[k]);
	return 0;
}

static int parse_body(struct parser *p, struct record *r, const char *s, const char *end)
{
	struct smap ids = { 0 }; /* slide id -> index; keys are the record's ids */
	int rc = parse_lines(p, r, &ids, s, end);
	smap_release(&ids);
	return rc;
}

int record_parse(struct record *r, const char *file, const char *bytes, size_t len,
		 struct diag_list *diags)
{
	struct parser p = { file, 1, diags };
	memset(r, 0, sizeof *r);
	const char *nul = memchr(bytes, '\0', len);
	if (nul) {
		for (const char *q = bytes; q < nul; q++)
			p.line += *q == '\n';
		return fail(&p, "NUL byte");
	}
	const char *end = bytes + len;
	const char *nl = memchr(bytes, '\n', len);
	const char *eol = nl ? nl : end;
	size_t n = (size_t)(eol - bytes);
	if (n > 0 && bytes[n - 1] == '\r')
		n--;
	size_t m = strlen(MAGIC);
	if (n < m || memcmp(bytes, MAGIC, m) != 0)
		return fail(&p, "not a lectern rehearsal record");
	struct field ver = { bytes + m, n - m };
	if (!field_is(ver, "1")) {
		bool number = ver.n > 0 && ver.n < 10;
		for (size_t i = 0; i < ver.n; i++)
			number &= ver.s[i] >= '0' && ver.s[i] <= '9';
		if (number)
			return fail(&p, "unsupported record version '%.*s'", (int)ver.n, ver.s);
		return fail(&p, "unsupported record version");
	}
	if (parse_body(&p, r, nl ? nl + 1 : end, end) != 0) {
		record_release(r);
		return -1;
	}
	r->file = xstrdup(file);
	return 0;
}

void record_list_init(struct record_list *l)
{
	l->v = NULL;
	l->n = l->cap = 0;
}

void record_list_release(struct record_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		record_release(&l->v[i]);
	free(l->v);
	record_list_init(l);
}

/* Reads a whole regular file of at most RECORD_MAX_BYTES. Returns 1 with
 * the bytes, 0 when it is not a regular file (ignored), -1 with a warning. */
static int slurp(const char *path, char **out, size_t *len, struct diag_list *diags)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		diag_add(diags, path, 0, 0, SEV_WARNING, "cannot read: %s; record skipped",
			 strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return 0;
	}
	if ((uint64_t)st.st_size > RECORD_MAX_BYTES) {
		diag_add(diags, path, 0, 0, SEV_WARNING, "larger than %u bytes; record skipped",
			 RECORD_MAX_BYTES);
		close(fd);
		return -1;
	}
	size_t cap = (size_t)st.st_size + 1, n = 0;
	char *b = xmalloc(cap);
	for (;;) {
		if (n == cap) {
			if (cap > RECORD_MAX_BYTES) {
				diag_add(diags, path, 0, 0, SEV_WARNING,
					 "larger than %u bytes; record skipped", RECORD_MAX_BYTES);
				free(b);
				close(fd);
				return -1;
			}
			b = xrealloc(b, cap *= 2);
		}
		ssize_t k = read(fd, b + n, cap - n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			diag_add(diags, path, 0, 0, SEV_WARNING, "cannot read: %s; record skipped",
				 strerror(errno));
			free(b);
			close(fd);
			return -1;
		}
		if (k == 0)
			break;
		n += (size_t)k;
	}
	close(fd);
	*out = b;
	*len = n;
	return 1;
}

static int by_start(const void *a, const void *b)
{
	const struct record *x = a, *y = b;
	if (x->start_s != y->start_s)
		return x->start_s < y->start_s ? -1 : 1;
	/* saved in the same second: "NAME.rehearsal" before "NAME-2.rehearsal"
	 * before "NAME-10.rehearsal" */
	size_t a_len = strlen(x->file), b_len = strlen(y->file);
	if (a_len != b_len)
		return a_len < b_len ? -1 : 1;
	return strcmp(x->file, y->file);
}

int record_list_load(struct record_list *l, const char *dir, const char *deck_id,
		     struct diag_list *diags)
{
	DIR *d = opendir(dir);
	if (!d) {
		if (errno == ENOENT)
			return 0;
		diag_add(diags, dir, 0, 0, SEV_ERROR, "cannot list the rehearsal records: %s",
			 strerror(errno));
		return -1;
	}
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char *path = xasprintf("%s/%s", dir, e->d_name);
		char *bytes;
		size_t len;
		struct record r;
		if (slurp(path, &bytes, &len, diags) == 1) {
			if (record_parse(&r, path, bytes, len, diags) == 0) {
				if (!deck_id || strcmp(r.deck_id, deck_id) == 0) {
					xgrow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v);
					l->v[l->n++] = r;
				} else {
					record_release(&r);
				}
			}
			free(bytes);
		}
		free(path);
	}
	closedir(d);
	if (l->n > 1)
		qsort(l->v, l->n, sizeof *l->v, by_start);
	return 0;
}
