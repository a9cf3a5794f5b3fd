/* The iniparser adapter: reads the values of the keys the scanner found.
 *
 * iniparser 4.1 reads the scanned keys (also after errors of the scan: the
 * values of what could still be read are validated too) in chunks of at
 * most CHUNK_KEYS (so its quadratic dictionary stays small) from an
 * in-memory file; each chunk is the keys' own bytes under "[N]" lines, its
 * dictionary is walked once, in order, and its values are matched to the
 * scanned keys. A large file's second half is read by a
 * second thread. iniparser's own error messages are caught by the one
 * static sink (STYLE rule 11) and mapped back to the file's lines.
 */
#define _GNU_SOURCE 1
#include "ini_internal.h"

#include <errno.h>
#include <iniparser/iniparser.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "atomic.h"

enum { CHUNK_KEYS = 64 };

struct ini_sink {
	struct ini_loader *l;
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
	ini_report(ini_sink->l, line && line <= ini_sink->nlines ? ini_sink->linemap[line - 1] : 0,
		   0, SEV_ERROR, "the INI reader refused this line (%s)", buf);
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

/* Each run of a section's keys goes to iniparser under the header "[N]",
 * N the section's index in l->secs, not under the section's own name: a
 * repeated section stays apart from the first one without a chunk of its
 * own, and no name the scanner already refused reaches iniparser. The
 * dictionary's keys are then "N:key". */

/* The section index that dictionary key k ("N:key") starts with, its key
 * name in *name; -1 when k is not of that form. */
static long key_section(const struct ini_loader *l, const char *k, const char **name)
{
	size_t sec = 0, i = 0;
	for (; k[i] >= '0' && k[i] <= '9' && i < 19; i++) /* no overflow */
		sec = sec * 10 + (size_t)(k[i] - '0');
	if (i == 0 || k[i] != ':' || sec >= l->nsecs)
		return -1;
	*name = k + i + 1;
	return (long)sec;
}

/* Matches the dictionary of the chunk holding keys[k0..k1) to those keys.
 * iniparser keeps entries in the order it read them, so the j-th key entry
 * is normally keys[k0 + j]; anything else is looked up in its section. */
static void take_values(struct ini_loader *l, dictionary *d, size_t k0, size_t k1)
{
	size_t next = k0;
	for (int i = 0; i < d->n; i++) {
		const char *k = d->key[i], *name;
		if (!k || !strchr(k, ':'))
			continue; /* a section entry */
		long sec = key_section(l, k, &name);
		struct ini_key *sk = NULL;
		if (sec < 0)
			; /* not a key of a chunk header: reported below */
		else if (next < k1 && l->keys[next].sec == (size_t)sec &&
			 strcmp(l->keys[next].name, name) == 0)
			sk = &l->keys[next++];
		else
			sk = ini_key_in(l, (size_t)sec, name);
		if (!sk) {
			if (sec < 0)
				ini_report(l, 0, 0, SEV_ERROR,
					   "the INI reader found key '%s' that lectern could not "
					   "place",
					   k);
			else
				ini_report(
					l, 0, 0, SEV_ERROR,
					"the INI reader found key '%s' in [%s] that lectern could "
					"not place",
					name, l->secs[sec].name);
			continue;
		}
		sk->value = arena_strdup(l->arena, d->val[i] ? d->val[i] : "");
	}
}

/* One chunk of keys rewritten for iniparser: a "[N]" line before each run
 * of keys of section N, then the keys' own lines. linemap[i] is
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
static int read_range(struct ini_loader *l, size_t k0, size_t k1)
{
	char path[4096];
	int fd = open_scratch(path, sizeof path);
	if (fd < 0) {
		ini_report(l, 0, 0, SEV_ERROR, "cannot create a scratch file: %s", strerror(errno));
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
				char hdr[32];
				int hn = snprintf(hdr, sizeof hdr, "[%zu]\n", sec);
				chunk_append(&c, hdr, (size_t)hn, l->secs[sec].line, 0);
			}
			const struct ini_span *sp = &l->spans[k];
			chunk_append(&c, l->bytes + sp->from, sp->to - sp->from, sp->line, 1);
		}
		if (ftruncate(fd, 0) != 0 || lseek(fd, 0, SEEK_SET) != 0 ||
		    write_all(fd, c.buf, c.len) != 0) {
			ini_report(l, 0, 0, SEV_ERROR, "cannot write a scratch file: %s",
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
	struct ini_loader l; /* a copy sharing the scan, with its own arena and diags */
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
int ini_read_values(struct ini_loader *l)
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
			ini_report(l, l->keys[i].line, l->keys[i].col, SEV_ERROR,
				   "the INI reader lost key '%s'", l->keys[i].name);
			rc = -1;
		}
	return rc;
}
