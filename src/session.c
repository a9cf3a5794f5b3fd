/* The console transport (see include/session.h).
 *
 * Every peer, on either side, is a non-blocking socket with a proto_decoder
 * for input and a bounded byte queue for output. Output is written at once
 * as far as the socket takes it; the rest waits for POLLOUT. A server peer
 * lives through three states: accepted (waiting for HELLO, with a
 * deadline), ready (gets every broadcast), dead (closed, removed from the
 * table at the end of the call that killed it, so poll results that still
 * name its descriptor are skipped safely). Poll entries are matched to
 * peers by descriptor, trying the position session_server_pollfds() gave
 * first, so a caller may merge our entries into a larger array. */
#define _GNU_SOURCE /* struct ucred, accept4 */
#include "session.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "xalloc.h"

#define DEFAULT_MAX_CLIENTS 256
#define DEFAULT_QUEUE_MAX (64u * 1024u)
#define DEFAULT_PARTIAL_MS 5000
#define DEFAULT_HELLO_MS 5000
#define DEFAULT_PROBE_MS 1000
#define BACKOFF_MIN_MS 100
#define BACKOFF_MAX_MS 2000
#define READ_CHUNK 4096
#define READS_PER_CALL 4   /* per peer and call, so one flooder cannot starve others */
#define ACCEPTS_PER_CALL 64
#define ACCEPT_RETRY_MS 1000 /* a paused accept is tried again after this */
#define DIR_MAX 80         /* longest folder that still leaves room for a name */

/* ---- folder and names ---- */

int session_check_dir(const char *dir, struct diag_list *diags)
{
	struct stat st;
	if (lstat(dir, &st) < 0) {
		diag_add(diags, dir, 0, 0, SEV_ERROR, "cannot use the socket folder: %s",
			 strerror(errno));
		return -1;
	}
	if (S_ISLNK(st.st_mode)) {
		diag_add(diags, dir, 0, 0, SEV_ERROR,
			 "socket folder is a symbolic link; refusing to follow it");
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		diag_add(diags, dir, 0, 0, SEV_ERROR, "socket folder is not a directory");
		return -1;
	}
	if (st.st_uid != geteuid()) {
		diag_add(diags, dir, 0, 0, SEV_ERROR,
			 "socket folder is owned by uid %u, not by you (uid %u); "
			 "refusing to use it",
			 (unsigned)st.st_uid, (unsigned)geteuid());
		return -1;
	}
	if (st.st_mode & 077) {
		diag_add(diags, dir, 0, 0, SEV_ERROR,
			 "socket folder is open to group or others (mode %04o); refusing to use "
			 "it (chmod 700 fixes it)",
			 (unsigned)(st.st_mode & 07777));
		return -1;
	}
	return 0;
}

char *session_dir(struct diag_list *diags)
{
	const char *xdg = getenv("XDG_RUNTIME_DIR");
	char *dir;
	if (xdg && xdg[0] == '/')
		dir = xasprintf("%s/lectern", xdg);
	else
		dir = xasprintf("/tmp/lectern-%u", (unsigned)geteuid());
	if (mkdir(dir, 0700) == 0) {
		if (chmod(dir, 0700) < 0) {
			diag_add(diags, dir, 0, 0, SEV_ERROR, "cannot set the folder's mode: %s",
				 strerror(errno));
			free(dir);
			return NULL;
		}
	} else if (errno != EEXIST) {
		diag_add(diags, dir, 0, 0, SEV_ERROR, "cannot create the socket folder: %s",
			 strerror(errno));
		free(dir);
		return NULL;
	}
	if (session_check_dir(dir, diags) < 0) {
		free(dir);
		return NULL;
	}
	return dir;
}

int session_check_name(const char *name, struct diag_list *diags)
{
	size_t n = strlen(name);
	if (n == 0 || n > SESSION_NAME_MAX) {
		diag_add(diags, "lectern", 0, 0, SEV_ERROR,
			 "session name must have 1 to %u characters", (unsigned)SESSION_NAME_MAX);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];
		if (c <= 0x20 || c >= 0x7f || c == '/') {
			diag_add(diags, "lectern", 0, 0, SEV_ERROR,
				 "session name '%s' may only hold printable ASCII without "
				 "spaces or '/'",
				 name);
			return -1;
		}
	}
	return 0;
}

static void esc_append(char *out, size_t *len, size_t cap, const char *s, bool first)
{
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; s[i]; i++) {
		unsigned char c = (unsigned char)s[i];
		bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    (c >= '0' && c <= '9') || c == '-' || c == '_' ||
			    (c == '.' && !(first && i == 0));
		if (keep && *len + 1 < cap) {
			out[(*len)++] = (char)c;
		} else if (!keep && *len + 3 < cap) {
			out[(*len)++] = '%';
			out[(*len)++] = hex[c >> 4];
			out[(*len)++] = hex[c & 15];
		} else {
			break;
		}
	}
	out[*len] = '\0';
}

static uint64_t fnv1a(uint64_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ull;
	}
	return h;
}

char *session_socket_path(const char *dir, const char *deck_id, const char *session)
{
	size_t dlen = strlen(dir);
	if (dlen > DIR_MAX)
		return NULL;
	if (!session)
		session = "";
	struct sockaddr_un sa;
	char name[3 * (PROTO_ID_MAX + PROTO_NAME_MAX) + 16];
	size_t len = 0;
	esc_append(name, &len, sizeof name, deck_id, true);
	if (session[0]) {
		name[len++] = '@';
		esc_append(name, &len, sizeof name, session, false);
	}
	/* room for the name: dir, '/', ".sock", NUL */
	size_t room = sizeof sa.sun_path - dlen - 1 - 5 - 1;
	if (len > room) {
		uint64_t h = fnv1a(14695981039346656037ull, deck_id, strlen(deck_id) + 1);
		h = fnv1a(h, session, strlen(session));
		size_t keep = room - 17;
		while (keep > 0 && name[keep - 1] == '%')
			keep--;
		if (keep >= 2 && name[keep - 2] == '%')
			keep -= 2;
		char tail[20];
		snprintf(tail, sizeof tail, "~%016llx", (unsigned long long)h);
		memcpy(name + keep, tail, 17);
		len = keep + 17;
		name[len] = '\0';
	}
	return xasprintf("%s/%s.sock", dir, name);
}

/* ---- output queue ---- */

struct outq {
	char *buf;
	size_t off, len, cap; /* bytes [off, len) are pending */
};

static size_t outq_pending(const struct outq *q)
{
	return q->len - q->off;
}

/* Appends n bytes unless that would make more than max pending. */
static bool outq_push(struct outq *q, const char *data, size_t n, size_t max)
{
	if (outq_pending(q) + n > max)
		return false;
	if (q->off > 0 && q->len + n > q->cap) {
		memmove(q->buf, q->buf + q->off, q->len - q->off);
		q->len -= q->off;
		q->off = 0;
	}
	if (q->len + n > q->cap)
		xgrow((void **)&q->buf, &q->cap, q->len + n, 1);
	memcpy(q->buf + q->len, data, n);
	q->len += n;
	return true;
}

/* Writes what the socket takes. Returns 0, or -1 on a socket error. */
static int outq_flush(int fd, struct outq *q)
{
	while (q->off < q->len) {
		ssize_t w = send(fd, q->buf + q->off, q->len - q->off,
				 MSG_NOSIGNAL | MSG_DONTWAIT);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return 0;
			return -1;
		}
		q->off += (size_t)w;
	}
	q->off = q->len = 0;
	return 0;
}

static void outq_release(struct outq *q)
{
	free(q->buf);
	memset(q, 0, sizeof *q);
}

static bool push_msg(struct outq *q, const struct proto_msg *m, size_t max)
{
	char line[PROTO_LINE_MAX];
	size_t n = proto_encode(m, line);
	return outq_push(q, line, n, max);
}

/* Sends BYE directly when nothing else is pending (so it cannot land in
 * the middle of a line); best effort. */
static void say_bye(int fd, const struct outq *q, const char *reason)
{
	if (q && outq_pending(q) > 0)
		return;
	struct proto_msg m = { .type = PROTO_BYE };
	proto_copy_text(m.u.bye.reason, sizeof m.u.bye.reason, reason);
	char line[PROTO_LINE_MAX];
	size_t n = proto_encode(&m, line);
	(void)!send(fd, line, n, MSG_NOSIGNAL | MSG_DONTWAIT);
}

static uint64_t or_default(uint64_t v, uint64_t def)
{
	return v ? v : def;
}

/* ---- server ---- */

enum peer_state { PEER_HELLO, PEER_READY, PEER_DEAD };

struct peer {
	int fd;
	enum peer_state st;
	uint64_t since_ms;   /* accepted at */
	uint64_t partial_ms; /* when the pending partial line began */
	struct outq out;
	struct proto_decoder dec;
};

struct session_server {
	int lfd;
	char *path;
	dev_t dev;
	ino_t ino;
	struct proto_hello me;
	struct peer **peers;
	size_t npeers, cap;
	bool has_state;
	struct proto_state state;
	uint64_t seq;
	struct proto_nav navs[SESSION_NAV_MAX];
	size_t nav_head, nav_n;
	struct session_stats stats;
	size_t max_clients, queue_max;
	uint64_t partial_ms, hello_ms;
	uid_t uid;
	int spare; /* held in reserve to turn a console away when out of fds; -1: none */
	bool accept_paused; /* out of fds: the listening socket is not polled */
	uint64_t accept_retry_ms;
	bool freed; /* a peer's descriptor was closed since the last accept */
};

/* Binds fd to path; returns 0 or the errno. */
static int bind_path(int fd, const char *path)
{
	struct sockaddr_un sa;
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, path, strlen(path) + 1);
	return bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0 ? errno : 0;
}

/* Connects fd to path; returns 0 or the errno. */
static int connect_path(int fd, const char *path)
{
	struct sockaddr_un sa;
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, path, strlen(path) + 1);
	for (;;) {
		if (connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0)
			return 0;
		if (errno != EINTR)
			return errno;
	}
}

/* Probes an existing socket file: 0 = a live listener, ECONNREFUSED =
 * stale, other = errno. */
static int probe_socket(const char *path)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return errno;
	int e = connect_path(fd, path);
	close(fd);
	if (e == EAGAIN || e == EINPROGRESS)
		return 0; /* a live listener with a full backlog */
	return e;
}

/* Binds a new listening socket at path, replacing a stale one. */
static int listen_at(struct session_server *s, const char *deck_id, struct diag_list *diags)
{
	const char *path = s->path;
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		diag_add(diags, path, 0, 0, SEV_ERROR, "cannot create a socket: %s",
			 strerror(errno));
		return -1;
	}
	int e = bind_path(fd, path);
	if (e == EADDRINUSE) {
		struct stat st;
		if (lstat(path, &st) == 0 && !S_ISSOCK(st.st_mode)) {
			diag_add(diags, path, 0, 0, SEV_ERROR,
				 "a file that is not a socket is in the way; remove it");
			close(fd);
			return -1;
		}
		int p = probe_socket(path);
		if (p == 0) {
			diag_add(diags, path, 0, 0, SEV_ERROR,
				 "deck '%s' is already being presented here; to present it twice, "
				 "give this one another --session NAME",
				 deck_id);
			close(fd);
			return -1;
		}
		if (p != ECONNREFUSED && p != ENOENT) {
			diag_add(diags, path, 0, 0, SEV_ERROR, "cannot probe the old socket: %s",
				 strerror(p));
			close(fd);
			return -1;
		}
		if (unlink(path) < 0 && errno != ENOENT) {
			diag_add(diags, path, 0, 0, SEV_ERROR,
				 "cannot remove the stale socket: %s", strerror(errno));
			close(fd);
			return -1;
		}
		s->stats.replaced_stale = true;
		e = bind_path(fd, path);
	}
	if (e != 0) {
		diag_add(diags, path, 0, 0, SEV_ERROR, "cannot bind the socket: %s", strerror(e));
		close(fd);
		return -1;
	}
	struct stat st;
	if (chmod(path, 0600) < 0 || lstat(path, &st) < 0 || listen(fd, SOMAXCONN) < 0) {
		diag_add(diags, path, 0, 0, SEV_ERROR, "cannot set up the socket: %s",
			 strerror(errno));
		unlink(path);
		close(fd);
		return -1;
	}
	s->dev = st.st_dev;
	s->ino = st.st_ino;
	s->lfd = fd;
	return 0;
}

/* The deck file's absolute path into h->path; left empty without a file,
 * when it cannot be resolved or when it does not fit. */
static void set_deck_file(struct proto_hello *h, const char *file)
{
	h->path[0] = '\0';
	char *abs = file ? realpath(file, NULL) : NULL;
	if (abs && strlen(abs) < sizeof h->path)
		memcpy(h->path, abs, strlen(abs) + 1);
	free(abs);
}

struct session_server *session_server_open(const struct deck *d, const struct session_opts *o,
					   struct diag_list *diags)
{
	static const struct session_opts none;
	if (!o)
		o = &none;
	const char *session = o->session ? o->session : "";
	if (session[0] && session_check_name(session, diags) < 0)
		return NULL;
	char *dir;
	if (o->dir) {
		if (session_check_dir(o->dir, diags) < 0)
			return NULL;
		dir = xstrdup(o->dir);
	} else if (!(dir = session_dir(diags))) {
		return NULL;
	}
	char *path = session_socket_path(dir, d->meta.id, session);
	if (!path) {
		diag_add(diags, dir, 0, 0, SEV_ERROR,
			 "socket folder path is too long for a socket (over %u bytes)", DIR_MAX);
		free(dir);
		return NULL;
	}
	free(dir);

	struct session_server *s = xcalloc(1, sizeof *s);
	s->lfd = -1;
	s->spare = -1;
	s->path = path;
	s->max_clients = or_default(o->max_clients, DEFAULT_MAX_CLIENTS);
	s->queue_max = or_default(o->queue_max, DEFAULT_QUEUE_MAX);
	s->partial_ms = or_default(o->partial_ms, DEFAULT_PARTIAL_MS);
	s->hello_ms = or_default(o->hello_ms, DEFAULT_HELLO_MS);
	s->uid = o->peer_uid_set ? o->peer_uid : geteuid();
	s->me.version = PROTO_VERSION;
	s->me.role = PROTO_ROLE_PRESENTER;
	proto_copy_text(s->me.deck, sizeof s->me.deck, d->meta.id);
	s->me.has_hash = true;
	s->me.hash = d->hash;
	proto_copy_text(s->me.session, sizeof s->me.session, session);
	proto_copy_text(s->me.title, sizeof s->me.title, d->meta.title ? d->meta.title : "");
	s->me.nslides = d->nslides > UINT32_MAX ? UINT32_MAX : (uint32_t)d->nslides;
	set_deck_file(&s->me, o->deck_file);
	if (listen_at(s, d->meta.id, diags) < 0) {
		free(s->path);
		free(s);
		return NULL;
	}
	s->spare = open("/dev/null", O_RDONLY | O_CLOEXEC);
	return s;
}

static void peer_free(struct peer *p)
{
	if (p->fd >= 0)
		close(p->fd);
	outq_release(&p->out);
	free(p);
}

void session_server_free(struct session_server *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->npeers; i++) {
		struct peer *p = s->peers[i];
		if (p->st != PEER_DEAD) {
			outq_flush(p->fd, &p->out);
			say_bye(p->fd, &p->out, "the presentation ended");
		}
		peer_free(p);
	}
	free(s->peers);
	struct stat st;
	if (s->lfd >= 0) {
		if (lstat(s->path, &st) == 0 && st.st_dev == s->dev && st.st_ino == s->ino)
			unlink(s->path);
		close(s->lfd);
	}
	if (s->spare >= 0)
		close(s->spare);
	free(s->path);
	free(s);
}

const char *session_server_path(const struct session_server *s)
{
	return s->path;
}

size_t session_server_nclients(const struct session_server *s)
{
	size_t n = 0;
	for (size_t i = 0; i < s->npeers; i++)
		n += s->peers[i]->st != PEER_DEAD;
	return n;
}

const struct session_stats *session_server_stats(const struct session_server *s)
{
	return &s->stats;
}

const struct proto_state *session_server_state(const struct session_server *s)
{
	return s->has_state ? &s->state : NULL;
}

size_t session_server_npollfds(const struct session_server *s)
{
	return 1 + s->npeers;
}

size_t session_server_pollfds(const struct session_server *s, struct pollfd *fds, size_t cap)
{
	size_t n = 0;
	if (n < cap)
		fds[n++] = (struct pollfd){ s->accept_paused ? -1 : s->lfd, POLLIN, 0 };
	for (size_t i = 0; i < s->npeers && n < cap; i++) {
		const struct peer *p = s->peers[i];
		if (p->st == PEER_DEAD)
			continue;
		short ev = POLLIN;
		if (outq_pending(&p->out) > 0)
			ev |= POLLOUT;
		fds[n++] = (struct pollfd){ p->fd, ev, 0 };
	}
	return n;
}

static uint64_t peer_deadline(const struct session_server *s, const struct peer *p)
{
	uint64_t d = UINT64_MAX;
	if (p->st == PEER_HELLO)
		d = p->since_ms + s->hello_ms;
	if (proto_decoder_pending(&p->dec) > 0 && p->partial_ms + s->partial_ms < d)
		d = p->partial_ms + s->partial_ms;
	return d;
}

int session_server_timeout(const struct session_server *s, uint64_t now_ms)
{
	uint64_t d = UINT64_MAX;
	for (size_t i = 0; i < s->npeers; i++) {
		const struct peer *p = s->peers[i];
		if (p->st == PEER_DEAD)
			continue;
		uint64_t pd = peer_deadline(s, p);
		if (pd < d)
			d = pd;
	}
	if (s->accept_paused && s->accept_retry_ms < d)
		d = s->accept_retry_ms;
	if (d == UINT64_MAX)
		return -1;
	if (d <= now_ms)
		return 0;
	return d - now_ms > INT32_MAX ? INT32_MAX : (int)(d - now_ms);
}

static void peer_kill(struct peer *p, size_t *counter, const char *reason)
{
	if (p->st == PEER_DEAD)
		return;
	if (reason)
		say_bye(p->fd, &p->out, reason);
	close(p->fd);
	p->fd = -1;
	p->st = PEER_DEAD;
	if (counter)
		(*counter)++;
}

static void compact(struct session_server *s)
{
	size_t j = 0;
	for (size_t i = 0; i < s->npeers; i++) {
		if (s->peers[i]->st == PEER_DEAD) {
			peer_free(s->peers[i]);
			s->freed = true;
		} else
			s->peers[j++] = s->peers[i];
	}
	s->npeers = j;
}

static void flush_peer(struct session_server *s, struct peer *p)
{
	if (outq_flush(p->fd, &p->out) < 0)
		peer_kill(p, &s->stats.closed, NULL);
}

static void welcome(struct session_server *s, struct peer *p)
{
	struct proto_msg m = { .type = PROTO_HELLO };
	m.u.hello = s->me;
	bool ok = push_msg(&p->out, &m, s->queue_max);
	if (ok && s->has_state) {
		m.type = PROTO_STATE;
		m.u.state = s->state;
		ok = push_msg(&p->out, &m, s->queue_max);
	}
	if (!ok) {
		peer_kill(p, &s->stats.dropped_slow, NULL);
		return;
	}
	p->st = PEER_READY;
	flush_peer(s, p);
}

/* Acts on one message from a peer; returns false when the peer was killed. */
static bool peer_message(struct session_server *s, struct peer *p, const struct proto_msg *m)
{
	if (p->st == PEER_HELLO) {
		if (m->type != PROTO_HELLO) {
			peer_kill(p, &s->stats.dropped_malformed, "expected HELLO first");
			return false;
		}
		if (m->u.hello.role == PROTO_ROLE_PRESENTER) {
			peer_kill(p, &s->stats.dropped_malformed,
				  "a console cannot be a presenter");
			return false;
		}
		welcome(s, p);
		return p->st != PEER_DEAD;
	}
	switch (m->type) {
	case PROTO_NAV:
		if (s->nav_n == SESSION_NAV_MAX) {
			s->stats.navs_discarded++;
			return true;
		}
		s->navs[(s->nav_head + s->nav_n++) % SESSION_NAV_MAX] = m->u.nav;
		s->stats.navs++;
		return true;
	case PROTO_BYE:
		peer_kill(p, &s->stats.closed, NULL);
		return false;
	default:
		peer_kill(p, &s->stats.dropped_malformed, "unexpected message");
		return false;
	}
}

static void peer_decode_error(struct session_server *s, struct peer *p, int r)
{
	char reason[PROTO_TEXT_MAX];
	snprintf(reason, sizeof reason, "%s: %s", proto_strerror(r), p->dec.detail);
	peer_kill(p, r == PROTO_E_OVERSIZED ? &s->stats.dropped_oversized
					    : &s->stats.dropped_malformed,
		  reason);
}

static void peer_read(struct session_server *s, struct peer *p, uint64_t now_ms)
{
	char buf[READ_CHUNK];
	for (int k = 0; k < READS_PER_CALL && p->st != PEER_DEAD; k++) {
		ssize_t n = recv(p->fd, buf, sizeof buf, MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (n <= 0) {
			peer_kill(p, &s->stats.closed, NULL);
			return;
		}
		size_t before = proto_decoder_pending(&p->dec);
		const char *data = buf;
		size_t len = (size_t)n;
		struct proto_msg m;
		int r;
		while ((r = proto_decoder_next(&p->dec, &data, &len, &m)) == PROTO_MSG) {
			before = 0;
			if (!peer_message(s, p, &m))
				return;
		}
		if (r < 0) {
			peer_decode_error(s, p, r);
			return;
		}
		if (before == 0 && proto_decoder_pending(&p->dec) > 0)
			p->partial_ms = now_ms;
		if ((size_t)n < sizeof buf)
			return;
	}
}

static struct peer *find_peer(struct session_server *s, int fd, size_t hint)
{
	if (hint < s->npeers && s->peers[hint]->fd == fd)
		return s->peers[hint];
	for (size_t i = 0; i < s->npeers; i++)
		if (s->peers[i]->fd == fd)
			return s->peers[i];
	return NULL;
}

static bool peer_uid_ok(const struct session_server *s, int fd)
{
	struct ucred cred;
	socklen_t len = sizeof cred;
	return getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0 && cred.uid == s->uid;
}

/* Out of descriptors: closes the spare to accept one waiting console, says
 * why it cannot stay, closes it and takes the spare back. Returns 1 when a
 * console was turned away, 0 when none was waiting, -1 when even the spare
 * gave no descriptor. */
static int refuse_one(struct session_server *s)
{
	if (s->spare < 0)
		s->spare = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (s->spare < 0)
		return -1;
	close(s->spare);
	int fd = accept4(s->lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	int e = errno;
	if (fd >= 0) {
		if (!peer_uid_ok(s, fd)) {
			s->stats.refused_uid++;
		} else {
			s->stats.refused_fds++;
			say_bye(fd, NULL, "the presenter is out of file descriptors; try again "
					  "when another console has left");
		}
		close(fd);
	}
	s->spare = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (fd >= 0)
		return 1;
	return e == EAGAIN || e == EWOULDBLOCK ? 0 : -1;
}

static void accept_all(struct session_server *s, uint64_t now_ms)
{
	for (int k = 0; k < ACCEPTS_PER_CALL; k++) {
		int fd = accept4(s->lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if (errno != EMFILE && errno != ENFILE && errno != ENOBUFS &&
			    errno != ENOMEM)
				return; /* EAGAIN: nobody else is waiting */
			int r = refuse_one(s);
			if (r > 0)
				continue;
			if (r < 0) {
				/* a readable listener we cannot serve would wake
				 * every poll: stop watching it for a while */
				s->accept_paused = true;
				s->accept_retry_ms = now_ms + ACCEPT_RETRY_MS;
				s->stats.accept_pauses++;
			}
			return;
		}
		if (!peer_uid_ok(s, fd)) {
			s->stats.refused_uid++;
			close(fd);
			continue;
		}
		if (session_server_nclients(s) >= s->max_clients) {
			s->stats.refused_full++;
			say_bye(fd, NULL, "too many consoles");
			close(fd);
			continue;
		}
		struct peer *p = xcalloc(1, sizeof *p);
		p->fd = fd;
		p->st = PEER_HELLO;
		p->since_ms = now_ms;
		proto_decoder_init(&p->dec);
		xgrow((void **)&s->peers, &s->cap, s->npeers + 1, sizeof *s->peers);
		s->peers[s->npeers++] = p;
		s->stats.accepted++;
	}
}

size_t session_server_handle(struct session_server *s, const struct pollfd *fds, size_t nfds,
			     uint64_t now_ms)
{
	bool do_accept = false;
	for (size_t i = 0; fds && i < nfds; i++) {
		if (fds[i].fd < 0 || fds[i].revents == 0)
			continue;
		if (fds[i].fd == s->lfd) {
			do_accept = true;
			continue;
		}
		struct peer *p = find_peer(s, fds[i].fd, i > 0 ? i - 1 : 0);
		if (!p || p->st == PEER_DEAD)
			continue;
		short rev = fds[i].revents;
		if (rev & POLLNVAL) {
			peer_kill(p, &s->stats.closed, NULL);
			continue;
		}
		if (rev & (POLLIN | POLLHUP | POLLERR))
			peer_read(s, p, now_ms);
		if (p->st != PEER_DEAD && (rev & POLLOUT))
			flush_peer(s, p);
	}
	for (size_t i = 0; i < s->npeers; i++) {
		struct peer *p = s->peers[i];
		if (p->st != PEER_DEAD && peer_deadline(s, p) <= now_ms)
			peer_kill(p, &s->stats.dropped_partial,
				  p->st == PEER_HELLO ? "no HELLO in time"
						      : "message not completed in time");
	}
	compact(s);
	if (s->accept_paused && (s->freed || now_ms >= s->accept_retry_ms)) {
		s->accept_paused = false;
		do_accept = true; /* whoever waited meanwhile is still queued */
	}
	s->freed = false;
	if (do_accept)
		accept_all(s, now_ms);
	return s->nav_n;
}

bool session_server_next_nav(struct session_server *s, struct proto_nav *out)
{
	if (s->nav_n == 0)
		return false;
	*out = s->navs[s->nav_head];
	s->nav_head = (s->nav_head + 1) % SESSION_NAV_MAX;
	s->nav_n--;
	return true;
}

/* Queues m for every console past HELLO and writes what the sockets take;
 * a console whose queue would overflow is dropped. */
static void send_all(struct session_server *s, const struct proto_msg *m)
{
	char line[PROTO_LINE_MAX];
	size_t n = proto_encode(m, line);
	for (size_t i = 0; i < s->npeers; i++) {
		struct peer *p = s->peers[i];
		if (p->st != PEER_READY)
			continue;
		if (!outq_push(&p->out, line, n, s->queue_max)) {
			peer_kill(p, &s->stats.dropped_slow, NULL);
			continue;
		}
		flush_peer(s, p);
	}
	compact(s);
}

void session_server_broadcast(struct session_server *s, const struct proto_state *st)
{
	s->state = *st;
	s->state.seq = ++s->seq;
	s->has_state = true;
	struct proto_msg m = { .type = PROTO_STATE };
	m.u.state = s->state;
	send_all(s, &m);
}

void session_server_set_deck(struct session_server *s, const struct deck *d)
{
	s->me.has_hash = true;
	s->me.hash = d->hash;
	proto_copy_text(s->me.title, sizeof s->me.title, d->meta.title ? d->meta.title : "");
	s->me.nslides = d->nslides > UINT32_MAX ? UINT32_MAX : (uint32_t)d->nslides;
	struct proto_msg m = { .type = PROTO_HELLO };
	m.u.hello = s->me;
	send_all(s, &m);
}

/* ---- client ---- */

enum client_state { CLIENT_DOWN, CLIENT_WAIT_HELLO, CLIENT_READY };

struct session_client {
	char *path;
	struct proto_hello me;
	bool probe; /* --list: no reconnection */
	int fd;
	enum client_state st;
	struct proto_decoder dec;
	struct outq out;
	size_t queue_max;
	bool has_peer, has_state;
	struct proto_hello peer;
	struct proto_state state;
	uint64_t state_ms;
	uint64_t next_try, backoff;
	int last_errno; /* of the last failed connect */
	char reason[PROTO_TEXT_MAX + 64];
};

static void client_down(struct session_client *c, uint64_t now_ms, const char *reason)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	c->st = CLIENT_DOWN;
	c->has_peer = false;
	c->out.off = c->out.len = 0;
	proto_decoder_init(&c->dec);
	snprintf(c->reason, sizeof c->reason, "%s", reason);
	c->next_try = now_ms + c->backoff;
	c->backoff = c->backoff * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : c->backoff * 2;
}

static unsigned client_connect(struct session_client *c, uint64_t now_ms)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int e = fd < 0 ? errno : connect_path(fd, c->path);
	c->last_errno = e;
	if (e != 0) {
		if (fd >= 0)
			close(fd);
		const char *why;
		char buf[128];
		if (e == ENOENT)
			why = "no presentation is running";
		else if (e == ECONNREFUSED)
			why = "the presentation is not running (stale socket)";
		else if (e == EAGAIN)
			why = "the presentation is busy";
		else
			why = (snprintf(buf, sizeof buf, "cannot connect: %s", strerror(e)), buf);
		client_down(c, now_ms, why);
		return 0;
	}
	c->fd = fd;
	c->st = CLIENT_WAIT_HELLO;
	struct proto_msg m = { .type = PROTO_HELLO };
	m.u.hello = c->me;
	push_msg(&c->out, &m, c->queue_max);
	if (outq_flush(fd, &c->out) < 0) {
		client_down(c, now_ms, "the presentation closed the connection");
		return 0;
	}
	c->reason[0] = '\0';
	return SESSION_EV_CONNECTED;
}

struct session_client *session_client_new(const char *path, const struct proto_hello *me,
					  const struct session_opts *o, uint64_t now_ms)
{
	struct session_client *c = xcalloc(1, sizeof *c);
	c->path = xstrdup(path);
	c->me = *me;
	c->me.version = PROTO_VERSION;
	c->fd = -1;
	c->queue_max = or_default(o ? o->queue_max : 0, DEFAULT_QUEUE_MAX);
	c->backoff = BACKOFF_MIN_MS;
	proto_decoder_init(&c->dec);
	client_connect(c, now_ms);
	return c;
}

void session_client_free(struct session_client *c)
{
	if (!c)
		return;
	if (c->fd >= 0) {
		outq_flush(c->fd, &c->out);
		say_bye(c->fd, &c->out, "console closed");
		close(c->fd);
	}
	outq_release(&c->out);
	free(c->path);
	free(c);
}

bool session_client_pollfd(const struct session_client *c, struct pollfd *pfd)
{
	pfd->fd = c->fd;
	pfd->events = POLLIN;
	if (outq_pending(&c->out) > 0)
		pfd->events |= POLLOUT;
	pfd->revents = 0;
	return c->fd >= 0;
}

int session_client_timeout(const struct session_client *c, uint64_t now_ms)
{
	if (c->fd >= 0 || c->probe)
		return -1;
	if (c->next_try <= now_ms)
		return 0;
	uint64_t d = c->next_try - now_ms;
	return d > INT32_MAX ? INT32_MAX : (int)d;
}

/* Acts on one message from the presenter; returns event flags, or -1 when
 * the connection was closed. */
static int client_message(struct session_client *c, const struct proto_msg *m, uint64_t now_ms)
{
	char why[sizeof c->reason];
	switch (m->type) {
	case PROTO_HELLO:
		/* a second HELLO on a live connection says the deck was reloaded */
		if (c->st == CLIENT_DOWN || m->u.hello.role != PROTO_ROLE_PRESENTER) {
			client_down(c, now_ms,
				    "protocol error: unexpected HELLO from the presenter");
			return -1;
		}
		c->peer = m->u.hello;
		c->has_peer = true;
		c->st = CLIENT_READY;
		c->backoff = BACKOFF_MIN_MS;
		return SESSION_EV_HELLO;
	case PROTO_STATE:
		if (c->st != CLIENT_READY) {
			client_down(c, now_ms, "protocol error: STATE before HELLO");
			return -1;
		}
		c->state = m->u.state;
		c->has_state = true;
		c->state_ms = now_ms;
		return SESSION_EV_STATE;
	case PROTO_BYE:
		if (m->u.bye.reason[0])
			snprintf(why, sizeof why, "%s", m->u.bye.reason);
		else
			snprintf(why, sizeof why, "the presentation ended");
		client_down(c, now_ms, why);
		return -1;
	default:
		client_down(c, now_ms, "protocol error: unexpected message from the presenter");
		return -1;
	}
}

static unsigned client_read(struct session_client *c, uint64_t now_ms)
{
	unsigned ev = 0;
	char buf[READ_CHUNK];
	for (int k = 0; k < 16; k++) {
		ssize_t n = recv(c->fd, buf, sizeof buf, MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return ev;
		if (n <= 0) {
			client_down(c, now_ms, "the presentation ended");
			return ev | SESSION_EV_LOST;
		}
		const char *data = buf;
		size_t len = (size_t)n;
		struct proto_msg m;
		int r;
		while ((r = proto_decoder_next(&c->dec, &data, &len, &m)) == PROTO_MSG) {
			int e = client_message(c, &m, now_ms);
			if (e < 0)
				return ev | SESSION_EV_LOST;
			ev |= (unsigned)e;
		}
		if (r < 0) {
			char why[sizeof c->reason];
			snprintf(why, sizeof why, "protocol error from the presenter: %s: %s",
				 proto_strerror(r), c->dec.detail);
			client_down(c, now_ms, why);
			return ev | SESSION_EV_LOST;
		}
	}
	return ev;
}

unsigned session_client_handle(struct session_client *c, const struct pollfd *pfd,
			       uint64_t now_ms)
{
	if (c->fd < 0) {
		if (c->probe || now_ms < c->next_try)
			return 0;
		return client_connect(c, now_ms);
	}
	if (!pfd || pfd->fd != c->fd || pfd->revents == 0)
		return 0;
	unsigned ev = 0;
	if (pfd->revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL)) {
		ev |= client_read(c, now_ms);
		if (c->fd < 0)
			return ev;
	}
	if ((pfd->revents & POLLOUT) && outq_flush(c->fd, &c->out) < 0) {
		client_down(c, now_ms, "the presentation ended");
		ev |= SESSION_EV_LOST;
	}
	return ev;
}

int session_client_send_nav(struct session_client *c, const struct proto_nav *nav)
{
	if (c->fd < 0)
		return -1;
	struct proto_msg m = { .type = PROTO_NAV };
	m.u.nav = *nav;
	if (!push_msg(&c->out, &m, c->queue_max))
		return -1;
	if (outq_flush(c->fd, &c->out) < 0)
		return -1; /* the next handle() notices the closed socket */
	return 0;
}

int session_client_send_action(struct session_client *c, const char *action)
{
	struct proto_nav nav;
	memset(&nav, 0, sizeof nav);
	proto_copy_text(nav.action, sizeof nav.action, action);
	return session_client_send_nav(c, &nav);
}

int session_client_send_goto(struct session_client *c, uint32_t index)
{
	struct proto_nav nav;
	memset(&nav, 0, sizeof nav);
	proto_copy_text(nav.action, sizeof nav.action, "goto");
	nav.has_index = true;
	nav.index = index;
	return session_client_send_nav(c, &nav);
}

bool session_client_connected(const struct session_client *c)
{
	return c->fd >= 0;
}

const struct proto_hello *session_client_peer(const struct session_client *c)
{
	return c->has_peer ? &c->peer : NULL;
}

const struct proto_state *session_client_state(const struct session_client *c)
{
	return c->has_state ? &c->state : NULL;
}

uint64_t session_client_state_ms(const struct session_client *c)
{
	return c->state_ms;
}

const char *session_client_reason(const struct session_client *c)
{
	return c->reason;
}

/* ---- --list ---- */

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

struct session_list *session_list_new(const char *dir, const struct session_opts *o,
				      uint64_t now_ms, struct diag_list *diags)
{
	char *d;
	if (dir) {
		d = xstrdup(dir);
	} else if (!(d = session_dir(diags))) {
		return NULL;
	}
	struct session_list *l = xcalloc(1, sizeof *l);
	l->deadline = now_ms + or_default(o ? o->probe_ms : 0, DEFAULT_PROBE_MS);
	DIR *dh = opendir(d);
	if (!dh) {
		if (errno != ENOENT) {
			diag_add(diags, d, 0, 0, SEV_ERROR, "cannot read the socket folder: %s",
				 strerror(errno));
			free(d);
			free(l);
			return NULL;
		}
		free(d);
		return l;
	}
	if (session_check_dir(d, diags) < 0) {
		closedir(dh);
		free(d);
		free(l);
		return NULL;
	}
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
		l->v[l->n++].path = path;
	}
	closedir(dh);
	free(d);
	if (l->n)
		qsort(l->v, l->n, sizeof *l->v, cmp_entry);
	l->probes = xcalloc(l->n ? l->n : 1, sizeof *l->probes);
	struct proto_hello me;
	memset(&me, 0, sizeof me);
	me.role = PROTO_ROLE_PROBE;
	for (size_t i = 0; i < l->n; i++) {
		struct session_client *c = session_client_new(l->v[i].path, &me, o, now_ms);
		c->probe = true;
		if (c->fd < 0) {
			l->v[i].stale = c->last_errno == ECONNREFUSED;
			session_client_free(c);
			c = NULL;
		}
		l->probes[i] = c;
	}
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
		int fd = c->fd;
		for (size_t k = fd >= 0 ? first_fd(by_fd, nby, fd) : nby;
		     k < nby && c->fd >= 0 && by_fd[k]->fd == fd; k++)
			session_client_handle(c, by_fd[k], now_ms);
		if (c->has_peer) {
			l->v[i].live = true;
			l->v[i].hello = c->peer;
		}
		if (c->has_state) {
			l->v[i].has_state = true;
			l->v[i].state = c->state;
		}
		if (c->has_state || c->fd < 0 || now_ms >= l->deadline) {
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
