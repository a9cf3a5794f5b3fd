/* INI reading with exact positions: the entry point and the small text
 * helpers the config and deck loaders share. Reading runs in two passes
 * over the file's bytes: the scan (ini_scan.c), then the read of the keys
 * it found with iniparser (ini_read.c).
 */
#include "ini_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

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
		/* the distance is at least the difference in length */
		size_t n = strlen(names[i]);
		if ((n > len ? n - len : len - n) >= bestd)
			continue;
		size_t d = ini_distance(word, names[i]);
		if (d < bestd && d < len) {
			bestd = d;
			best = names[i];
		}
	}
	return best;
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

bool ini_verbatim_key(const char *name, size_t n)
{
	return n > 5 && strncasecmp(name, "line.", 5) == 0;
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

int ini_parse(struct ini_file *f, const char *name, const char *bytes, size_t len,
	      struct arena *arena, struct diag_list *diags)
{
	struct ini_loader l = {
		.name = name, .bytes = bytes, .len = len, .diags = diags, .arena = arena
	};
	size_t errors0 = diags->nerrors;
	*f = (struct ini_file){ 0 };
	if (ini_check_encoding(&l) != 0)
		return -1;
	ini_scan(&l);
	size_t scan_errors = diags->nerrors;
	int read = ini_read_values(&l);
	if (read != 0 && diags->nerrors == errors0)
		ini_report(&l, 0, 0, SEV_ERROR, "the file could not be read");
	free(l.spans);
	free(l.sec_index.slot);
	free(l.key_index.slot);
	/* after errors of the scan, what could be read is still handed out, for
	 * the diagnostics; when the reader failed too, nothing is */
	if (read != 0 || diags->nerrors != scan_errors) {
		free(l.secs);
		free(l.keys);
		return -1;
	}
	f->keys = l.keys;
	f->nkeys = l.nkeys;
	f->secs = xcalloc(l.nsecs ? l.nsecs : 1, sizeof *f->secs);
	f->nsecs = l.nsecs;
	for (size_t i = 0; i < l.nsecs; i++)
		f->secs[i] = (struct ini_section){
			l.secs[i].name,  l.secs[i].line,
			l.secs[i].col,   l.secs[i].nkeys ? l.keys + l.secs[i].first_key : NULL,
			l.secs[i].nkeys, l.secs[i].damaged
		};
	free(l.secs);
	f->partial = diags->nerrors != errors0;
	return f->partial ? -1 : 0;
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
