/* Discovery for lectern console --list and for a console given only a
 * deck (see include/session.h): every socket in the folder is probed at
 * once by a console that never reconnects, and each entry keeps what its
 * probe heard (the presenter's HELLO and first STATE) or why it heard
 * nothing (a stale socket). */
#include "session_int.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "xalloc.h"

struct session_list {
	struct session_entry *v;
	struct session_client **probes; /* NULL once finished */
	size_t n, cap;
	uint64_t deadline;
};

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct session_entry *)a)->path,
		      ((const struct session_entry *)b)->path);
}

/* Adds the sockets of folder d (audience: an audience folder) to l. */
static void add_sockets(struct session_list *l, const char *d, DIR *dh, bool audience)
{
	struct dirent *de;
	while ((de = readdir(dh))) {
		size_t nl = strlen(de->d_name);
		if (nl <= 5 || strcmp(de->d_name + nl - 5, ".sock") != 0)
			continue;
		char *path = xasprintf("%s/%s", d, de->d_name);
		struct stat st;
		if (lstat(path, &st) < 0 || !S_ISSOCK(st.st_mode)) {
			free(path);
			continue;
		}
		xgrow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v);
		memset(&l->v[l->n], 0, sizeof l->v[l->n]);
		l->v[l->n].audience = audience;
		l->v[l->n++].path = path;
	}
}

/* Sorts the entries and starts a probe of each. */
static void start_probes(struct session_list *l, const struct session_opts *o, uint64_t now_ms)
{
	if (l->n)
		qsort(l->v, l->n, sizeof *l->v, cmp_entry);
	l->probes = xcalloc(l->n ? l->n : 1, sizeof *l->probes);
	struct proto_hello me;
	memset(&me, 0, sizeof me);
	me.role = PROTO_ROLE_PROBE;
	for (size_t i = 0; i < l->n; i++) {
		struct session_client *c = session_client_new_probe(l->v[i].path, &me, o, now_ms);
		if (!session_client_connected(c)) {
			l->v[i].stale = session_client_err(c) == SESSION_ERR_STALE;
			session_client_free(c);
			c = NULL;
		}
		l->probes[i] = c;
	}
}

enum session_err session_list_new_err(struct session_list **out, const char *dir,
				      const struct session_opts *o, uint64_t now_ms,
				      struct diag_list *diags)
{
	*out = NULL;
	char *d;
	enum session_err e;
	if (dir) {
		d = xstrdup(dir);
	} else if ((e = session_dir_err(&d, diags)) != SESSION_OK) {
		return e;
	}
	struct session_list *l = xcalloc(1, sizeof *l);
	l->deadline = now_ms + session_or_default(o ? o->probe_ms : 0, SESSION_DEFAULT_PROBE_MS);
	DIR *dh = opendir(d);
	if (!dh) {
		if (errno != ENOENT) {
			diag_add(diags, d, 0, 0, SEV_ERROR, "cannot read the socket folder: %s",
				 strerror(errno));
			free(d);
			free(l);
			return SESSION_ERR_NO_DIR;
		}
		free(d);
		*out = l;
		return SESSION_OK;
	}
	if ((e = session_check_dir_err(d, diags)) != SESSION_OK) {
		closedir(dh);
		free(d);
		free(l);
		return e;
	}
	add_sockets(l, d, dh, false);
	closedir(dh);
	free(d);
	start_probes(l, o, now_ms);
	*out = l;
	return SESSION_OK;
}

/* Whether an audience folder can be trusted: a real directory that only
 * its owner may write to, owned by uid (any owner when uid is -1). */
static bool audience_dir_ok(const char *d, uid_t uid)
{
	struct stat st;
	return lstat(d, &st) == 0 && S_ISDIR(st.st_mode) && (st.st_mode & 022) == 0 &&
	       (uid == (uid_t)-1 || st.st_uid == uid);
}

/* Adds the audience folder d when it can be trusted and read. */
static void add_audience_dir(struct session_list *l, const char *d, uid_t uid)
{
	if (!audience_dir_ok(d, uid))
		return;
	DIR *dh = opendir(d);
	if (!dh)
		return;
	add_sockets(l, d, dh, true);
	closedir(dh);
}

struct session_list *session_list_new_follow(const struct session_opts *o, uint64_t now_ms)
{
	struct session_list *l = xcalloc(1, sizeof *l);
	l->deadline = now_ms + session_or_default(o ? o->probe_ms : 0, SESSION_DEFAULT_PROBE_MS);
	struct diag_list dl;
	diag_list_init(&dl);
	char *d = NULL;
	if (session_dir_err(&d, &dl) == SESSION_OK) {
		DIR *dh = opendir(d);
		if (dh && session_check_dir_err(d, &dl) == SESSION_OK)
			add_sockets(l, d, dh, false);
		if (dh)
			closedir(dh);
	}
	free(d);
	diag_list_release(&dl);
	const char *env = getenv("LECTERN_AUDIENCE_DIR");
	if (env && env[0] == '/') {
		add_audience_dir(l, env, (uid_t)-1);
	} else {
		static const char prefix[] = "lectern-audience-";
		DIR *tmp = opendir("/tmp");
		struct dirent *de;
		while (tmp && (de = readdir(tmp))) {
			if (strncmp(de->d_name, prefix, sizeof prefix - 1) != 0)
				continue;
			const char *num = de->d_name + sizeof prefix - 1;
			char *endp;
			unsigned long uid = strtoul(num, &endp, 10);
			if (!*num || *endp || num[0] == '-' || num[0] == '+')
				continue;
			char *path = xasprintf("/tmp/%s", de->d_name);
			add_audience_dir(l, path, (uid_t)uid);
			free(path);
		}
		if (tmp)
			closedir(tmp);
	}
	start_probes(l, o, now_ms);
	return l;
}

struct session_list *session_list_new(const char *dir, const struct session_opts *o,
				      uint64_t now_ms, struct diag_list *diags)
{
	struct session_list *l;
	session_list_new_err(&l, dir, o, now_ms, diags);
	return l;
}

void session_list_free(struct session_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++) {
		if (l->probes)
			session_client_free(l->probes[i]);
		free(l->v[i].path);
	}
	free(l->probes);
	free(l->v);
	free(l);
}

size_t session_list_npollfds(const struct session_list *l)
{
	return l->n;
}

size_t session_list_pollfds(const struct session_list *l, struct pollfd *fds, size_t cap)
{
	size_t n = 0;
	for (size_t i = 0; i < l->n && n < cap; i++)
		if (l->probes[i] && session_client_pollfd(l->probes[i], &fds[n]))
			n++;
	return n;
}

int session_list_timeout(const struct session_list *l, uint64_t now_ms)
{
	if (l->deadline <= now_ms)
		return 0;
	uint64_t d = l->deadline - now_ms;
	return d > INT32_MAX ? INT32_MAX : (int)d;
}

/* By descriptor, then by place in the array (equal descriptors keep the
 * order a scan of the array would meet them in). */
static int cmp_pollfd(const void *a, const void *b)
{
	const struct pollfd *p = *(const struct pollfd *const *)a;
	const struct pollfd *q = *(const struct pollfd *const *)b;
	if (p->fd != q->fd)
		return p->fd < q->fd ? -1 : 1;
	return p < q ? -1 : p > q;
}

/* The first of v[0..n) (sorted by cmp_pollfd) with descriptor fd, or n. */
static size_t first_fd(const struct pollfd *const *v, size_t n, int fd)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid]->fd < fd)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

bool session_list_handle(struct session_list *l, const struct pollfd *fds, size_t nfds,
			 uint64_t now_ms)
{
	bool done = true;
	/* fds sorted by descriptor once, so that every probe finds its own in
	 * log n: a folder of n sockets costs n log n, not n * n */
	const struct pollfd **by_fd = xmalloc((fds && nfds ? nfds : 1) * sizeof *by_fd);
	size_t nby = 0;
	for (size_t k = 0; fds && k < nfds; k++)
		by_fd[nby++] = &fds[k];
	qsort(by_fd, nby, sizeof *by_fd, cmp_pollfd);
	for (size_t i = 0; i < l->n; i++) {
		struct session_client *c = l->probes[i];
		if (!c)
			continue;
		struct pollfd mine;
		int fd = session_client_pollfd(c, &mine) ? mine.fd : -1;
		for (size_t k = fd >= 0 ? first_fd(by_fd, nby, fd) : nby;
		     k < nby && session_client_connected(c) && by_fd[k]->fd == fd; k++)
			session_client_handle(c, by_fd[k], now_ms);
		const struct proto_hello *peer = session_client_peer(c);
		if (peer) {
			l->v[i].live = true;
			l->v[i].hello = *peer;
		}
		const struct proto_state *st = session_client_state(c);
		if (st) {
			l->v[i].has_state = true;
			l->v[i].state = *st;
		}
		if (st || !session_client_connected(c) || now_ms >= l->deadline) {
			session_client_free(c);
			l->probes[i] = NULL;
		} else {
			done = false;
		}
	}
	free(by_fd);
	return done;
}

const struct session_entry *session_list_entries(const struct session_list *l, size_t *n)
{
	*n = l->n;
	return l->v;
}

size_t session_list_match(const struct session_list *l, const char *deck_id, const char *session,
			  const struct session_entry **out, size_t cap)
{
	size_t n = 0;
	for (size_t i = 0; i < l->n; i++) {
		const struct session_entry *e = &l->v[i];
		if (!e->live || (deck_id && strcmp(e->hello.deck, deck_id) != 0) ||
		    (session && strcmp(e->hello.session, session) != 0))
			continue;
		if (n < cap)
			out[n] = e;
		n++;
	}
	return n;
}
