/* The presenting side of the console transport (see include/session.h).
 *
 * Every console is a non-blocking socket with a proto_decoder for input
 * and a bounded output queue (outq.h) for output, and is watched through
 * one epoll set (level-triggered EPOLLIN, data.ptr = the peer), so the
 * caller polls three descriptors however many peers there are. A peer
 * with output to write sits on the to-write list (s->wl) and is written
 * by the next session_server_handle(); only a peer whose socket is full
 * asks for EPOLLOUT, and it comes back on the list when that fires, so a
 * broadcast to peers that keep up costs no epoll_ctl. A console whose
 * queue would pass queue_max is dropped as too slow. A peer lives through
 * three states: accepted (waiting for HELLO, with a deadline), ready (gets
 * every broadcast), dead (out of the epoll set and closed, freed and taken
 * off the list at the end of the call that killed it, so no event and no
 * list entry ever names a freed peer). */
#define _GNU_SOURCE /* struct ucred, accept4 */
#include "session_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <grp.h>
#include <sys/resource.h>

#include "follow.h"
#include "xalloc.h"

#define READS_PER_CALL 4 /* per peer and call, so one flooder cannot starve others */
#define ACCEPTS_PER_CALL 64
#define ACCEPT_RETRY_MS 1000   /* a paused accept is tried again after this */
#define AUDIENCE_FD_RESERVE 64 /* descriptors kept for everything but followers */
#define PUMPS_PER_CALL 16      /* deck chunks' rounds per peer and call */
/* followers written per call: a key waits behind at most this many writes
 * (about 5 us each); the rest stay on the to-write list for the next call */
#define FOLLOWER_WRITES_PER_CALL 128
#define EVENTS_PER_WAIT 256 /* epoll events taken per epoll_wait() */
#define WAITS_PER_CALL 4    /* epoll_wait()s per call while each fills its batch */

enum peer_state { PEER_HELLO, PEER_READY, PEER_DEAD };

struct peer {
	int fd;
	enum peer_state st;
	uint64_t since_ms;   /* accepted at */
	uint64_t partial_ms; /* when the pending partial line began */
	struct outq out;
	struct proto_decoder dec;
	bool audience;      /* came through the audience socket */
	bool follower;      /* said role=follower: never a NAV, no timer */
	bool want_deck;     /* asked for the deck text */
	bool want_captions; /* a follower that asked for CAPTIONs */
	bool deck_sending;  /* chunks of deck text deck_gen wait */
	size_t deck_off;
	uint64_t deck_gen;
	bool listed;   /* on s->wl */
	bool want_out; /* EPOLLOUT asked for: the socket was full */
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
	int spare;          /* held in reserve to turn a console away when out of fds; -1: none */
	bool accept_paused; /* out of fds: the listening socket is not polled */
	uint64_t accept_retry_ms;
	bool freed; /* a peer's descriptor was closed since the last accept */
	int ep;     /* the epoll set of every peer's socket */
	/* the to-write list: peers with output for a socket that was not full
	 * (the order of the next writes, oldest first), each once (->listed);
	 * entries that died or wait for EPOLLOUT meanwhile are skipped */
	struct peer **wl;
	size_t nwl, wlcap;
	/* the audience socket (session_server_open_audience), -1 without */
	int afd;
	char *apath;
	dev_t adev;
	ino_t aino;
	size_t amax; /* followers through it at once */
	/* the deck text for followers without a deck (follow.h), made when
	 * the first of them asks after each deck; none for the built-in talk */
	char *deck_file; /* absolute, NULL without a file */
	char *deck_text;
	size_t deck_len;
	uint64_t deck_gen;
	bool deck_stale;
	/* the live caption shown (session_server_caption), "" for none */
	char caption[PROTO_CAPTION_MAX];
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

/* Probes an existing socket file: 0 = a live listener, ECONNREFUSED =
 * stale, other = errno. */
static int probe_socket(const char *path)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return errno;
	int e = session_connect_path(fd, path);
	close(fd);
	if (e == EAGAIN || e == EINPROGRESS)
		return 0; /* a live listener with a full backlog */
	return e;
}

/* A name beside path for binding before the socket is put in place
 * ("DIR/.lectern-PID-N.sock"), or NULL when it would not fit in a socket
 * address. The caller frees it. */
static char *temp_beside(const char *path)
{
	static unsigned n;
	const char *slash = strrchr(path, '/');
	int dir = slash ? (int)(slash - path) : 1;
	char *t = xasprintf("%.*s/.lectern-%ld-%u.sock", dir, slash ? path : ".", (long)getpid(),
			    n++);
	if (strlen(t) >= sizeof((struct sockaddr_un *)0)->sun_path) {
		free(t);
		return NULL;
	}
	return t;
}

/* Puts the socket bound at tmp (NULL: none, fd is unbound) in place at
 * path: link(2) when there is a tmp, so that the name appears only once the
 * socket listens and never replaces another file, else bind(2). Returns 0
 * or the errno (EEXIST / EADDRINUSE when something is at path). */
static int place_at(int fd, const char *tmp, const char *path)
{
	if (!tmp)
		return bind_path(fd, path);
	return link(tmp, path) < 0 ? errno : 0;
}

/* Binds a new listening socket at path (mode, group gid unless -1),
 * replacing a stale one; fills *lfd, *dev and *ino. The socket is bound
 * and listening under a temporary name beside path before it is linked to
 * path, so that nobody who finds path finds it refusing connections (a
 * listener that looks stale to console --list, or that a second presenter
 * would take for stale and remove). */
static enum session_err listen_at(struct session_server *s, const char *path, const char *deck_id,
				  mode_t mode, gid_t gid, int *lfd, dev_t *dev, ino_t *ino,
				  struct diag_list *diags)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		diag_add(diags, path, 0, 0, SEV_ERROR, "cannot create a socket: %s",
			 strerror(errno));
		return SESSION_ERR_SYSTEM;
	}
	char *tmp = temp_beside(path);
	bool early = tmp != NULL; /* mode, group and listen set before the link */
	int e = 0;
	if (tmp && (e = bind_path(fd, tmp)) != 0) {
		diag_add(diags, path, 0, 0, SEV_ERROR, "cannot bind the socket: %s", strerror(e));
		close(fd);
		free(tmp);
		return SESSION_ERR_SYSTEM;
	}
	if (tmp && ((gid != (gid_t)-1 && chown(tmp, (uid_t)-1, gid) < 0) || chmod(tmp, mode) < 0 ||
		    listen(fd, SOMAXCONN) < 0)) {
		diag_add(diags, path, 0, 0, SEV_ERROR, "cannot set up the socket: %s",
			 strerror(errno));
		unlink(tmp);
		close(fd);
		free(tmp);
		return SESSION_ERR_SYSTEM;
	}
	e = place_at(fd, tmp, path);
	if (e == EADDRINUSE || e == EEXIST) {
		struct stat st;
		enum session_err why = SESSION_OK;
		if (lstat(path, &st) == 0 && !S_ISSOCK(st.st_mode)) {
			diag_add(diags, path, 0, 0, SEV_ERROR,
				 "a file that is not a socket is in the way; remove it");
			why = SESSION_ERR_IN_WAY;
		}
		int p = why ? 0 : probe_socket(path);
		if (!why && p == 0) {
			diag_add(diags, path, 0, 0, SEV_ERROR,
				 "deck '%s' is already being presented here; to present it twice, "
				 "give this one another --session NAME",
				 deck_id);
			why = SESSION_ERR_PRESENTED;
		} else if (!why && p != ECONNREFUSED && p != ENOENT) {
			diag_add(diags, path, 0, 0, SEV_ERROR, "cannot probe the old socket: %s",
				 strerror(p));
			why = SESSION_ERR_SYSTEM;
		} else if (!why && unlink(path) < 0 && errno != ENOENT) {
			diag_add(diags, path, 0, 0, SEV_ERROR, "cannot remove the stale socket: %s",
				 strerror(errno));
			why = SESSION_ERR_SYSTEM;
		}
		if (why) {
			if (tmp)
				unlink(tmp);
			close(fd);
			free(tmp);
			return why;
		}
		s->stats.replaced_stale = true;
		e = place_at(fd, tmp, path);
	}
	if (tmp)
		unlink(tmp); /* path holds the socket now, or nothing does */
	free(tmp);
	if (e != 0) {
		diag_add(diags, path, 0, 0, SEV_ERROR, "cannot bind the socket: %s", strerror(e));
		close(fd);
		return SESSION_ERR_SYSTEM;
	}
	struct stat st;
	if ((!early && ((gid != (gid_t)-1 && chown(path, (uid_t)-1, gid) < 0) ||
			chmod(path, mode) < 0 || listen(fd, SOMAXCONN) < 0)) ||
	    lstat(path, &st) < 0) {
		diag_add(diags, path, 0, 0, SEV_ERROR, "cannot set up the socket: %s",
			 strerror(errno));
		unlink(path);
		close(fd);
		return SESSION_ERR_SYSTEM;
	}
	*dev = st.st_dev;
	*ino = st.st_ino;
	*lfd = fd;
	return SESSION_OK;
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

enum session_err session_server_open_err(struct session_server **out, const struct deck *d,
					 const struct session_opts *o, struct diag_list *diags)
{
	static const struct session_opts none;
	*out = NULL;
	if (!o)
		o = &none;
	const char *session = o->session ? o->session : "";
	enum session_err e;
	if (session[0] && (e = session_check_name_err(session, diags)) != SESSION_OK)
		return e;
	char *dir;
	if (o->dir) {
		if ((e = session_check_dir_err(o->dir, diags)) != SESSION_OK)
			return e;
		dir = xstrdup(o->dir);
	} else if ((e = session_dir_err(&dir, diags)) != SESSION_OK) {
		return e;
	}
	char *path = session_socket_path(dir, d->meta.id, session);
	if (!path) {
		diag_add(diags, dir, 0, 0, SEV_ERROR,
			 "socket folder path is too long for a socket (over %u bytes)",
			 SESSION_DIR_MAX);
		free(dir);
		return SESSION_ERR_DIR_TOO_LONG;
	}
	free(dir);

	struct session_server *s = xcalloc(1, sizeof *s);
	s->ep = -1;
	s->lfd = -1;
	s->afd = -1;
	s->spare = -1;
	s->path = path;
	s->max_clients = session_or_default(o->max_clients, SESSION_DEFAULT_MAX_CLIENTS);
	s->queue_max = session_or_default(o->queue_max, SESSION_DEFAULT_QUEUE_MAX);
	s->partial_ms = session_or_default(o->partial_ms, SESSION_DEFAULT_PARTIAL_MS);
	s->hello_ms = session_or_default(o->hello_ms, SESSION_DEFAULT_HELLO_MS);
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
	s->deck_file = s->me.path[0] ? xstrdup(s->me.path) : NULL;
	s->deck_stale = true;
	if ((e = listen_at(s, s->path, d->meta.id, 0600, (gid_t)-1, &s->lfd, &s->dev, &s->ino,
			   diags)) != SESSION_OK) {
		free(s->deck_file);
		free(s->path);
		free(s);
		return e;
	}
	/* after the socket, which takes the lowest free descriptor */
	s->ep = epoll_create1(EPOLL_CLOEXEC);
	if (s->ep < 0) {
		diag_add(diags, s->path, 0, 0, SEV_ERROR, "cannot create an epoll set: %s",
			 strerror(errno));
		session_server_free(s);
		return SESSION_ERR_SYSTEM;
	}
	s->spare = open("/dev/null", O_RDONLY | O_CLOEXEC);
	*out = s;
	return SESSION_OK;
}

struct session_server *session_server_open(const struct deck *d, const struct session_opts *o,
					   struct diag_list *diags)
{
	struct session_server *s;
	session_server_open_err(&s, d, o, diags);
	return s;
}

/* Takes p's socket out of s's epoll set and closes it: out of the set
 * first, since a child may share the descriptor and the set would still
 * report events for it. */
static void peer_close(struct session_server *s, struct peer *p)
{
	epoll_ctl(s->ep, EPOLL_CTL_DEL, p->fd, NULL);
	close(p->fd);
	p->fd = -1;
}

static void peer_free(struct session_server *s, struct peer *p)
{
	if (p->fd >= 0)
		peer_close(s, p);
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
			outq_flush(&p->out, p->fd);
			session_say_bye(p->fd, &p->out, "the presentation ended");
		}
		peer_free(s, p);
	}
	free(s->peers);
	free(s->wl);
	if (s->ep >= 0)
		close(s->ep);
	struct stat st;
	if (s->lfd >= 0) {
		if (lstat(s->path, &st) == 0 && st.st_dev == s->dev && st.st_ino == s->ino)
			unlink(s->path);
		close(s->lfd);
	}
	if (s->afd >= 0) {
		if (lstat(s->apath, &st) == 0 && st.st_dev == s->adev && st.st_ino == s->aino)
			unlink(s->apath);
		close(s->afd);
	}
	if (s->spare >= 0)
		close(s->spare);
	free(s->apath);
	free(s->deck_file);
	free(s->deck_text);
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
	(void)s;
	return 3;
}

size_t session_server_pollfds(const struct session_server *s, struct pollfd *fds, size_t cap)
{
	size_t n = 0;
	if (n < cap)
		fds[n++] = (struct pollfd){ s->accept_paused ? -1 : s->lfd, POLLIN, 0 };
	if (n < cap)
		fds[n++] = (struct pollfd){ s->accept_paused ? -1 : s->afd, POLLIN, 0 };
	if (n < cap)
		fds[n++] = (struct pollfd){ s->ep, POLLIN, 0 };
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
	if (s->nwl > 0)
		return 0; /* writes the budget left for the next call */
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

static void peer_kill(struct session_server *s, struct peer *p, size_t *counter, const char *reason)
{
	if (p->st == PEER_DEAD)
		return;
	if (reason)
		session_say_bye(p->fd, &p->out, reason);
	peer_close(s, p);
	p->st = PEER_DEAD;
	if (counter)
		(*counter)++;
}

/* Frees the dead peers, after taking them off the to-write list. */
static void compact(struct session_server *s)
{
	size_t j = 0;
	for (size_t i = 0; i < s->nwl; i++) {
		if (s->wl[i]->st == PEER_DEAD)
			s->wl[i]->listed = false;
		else
			s->wl[j++] = s->wl[i];
	}
	s->nwl = j;
	j = 0;
	for (size_t i = 0; i < s->npeers; i++) {
		if (s->peers[i]->st == PEER_DEAD) {
			peer_free(s, s->peers[i]);
			s->freed = true;
		} else
			s->peers[j++] = s->peers[i];
	}
	s->npeers = j;
}

static void flush_peer(struct session_server *s, struct peer *p)
{
	if (outq_flush(&p->out, p->fd) < 0)
		peer_kill(s, p, &s->stats.closed, NULL);
}

/* The deck text for followers, made again after a new deck (none without
 * a deck file, or when it cannot be read: followers without a deck then
 * wait). */
static void ensure_deck_text(struct session_server *s)
{
	if (!s->deck_stale)
		return;
	s->deck_stale = false;
	free(s->deck_text);
	s->deck_text = NULL;
	s->deck_len = 0;
	s->deck_gen++;
	if (!s->deck_file)
		return;
	struct diag_list dl;
	diag_list_init(&dl);
	s->deck_text = follow_deck_file(s->deck_file, &s->deck_len, &dl);
	diag_list_release(&dl);
}

/* Starts sending the deck text to a follower that asked for it. */
static void start_deck(struct session_server *s, struct peer *p)
{
	if (!p->want_deck)
		return;
	ensure_deck_text(s);
	p->deck_sending = s->deck_text != NULL;
	p->deck_off = 0;
	p->deck_gen = s->deck_gen;
}

/* Queues deck chunks while the queue is under half full, so that a STATE
 * always finds room beside them. */
static void feed_deck(struct session_server *s, struct peer *p)
{
	while (p->deck_sending && outq_pending(&p->out) < s->queue_max / 2) {
		if (p->deck_gen != s->deck_gen) { /* a reload: its HELLO restarts it */
			p->deck_sending = false;
			return;
		}
		struct proto_msg m = { .type = PROTO_DECK };
		struct proto_deck *d = &m.u.deck;
		size_t left = s->deck_len - p->deck_off, n = left;
		if (n > PROTO_CHUNK_MAX) {
			n = PROTO_CHUNK_MAX;
			/* end on a character boundary: back over continuation bytes */
			while (n > PROTO_CHUNK_MAX - 3 &&
			       ((unsigned char)s->deck_text[p->deck_off + n] & 0xc0) == 0x80)
				n--;
		}
		d->gen = s->deck_gen;
		d->size = (uint32_t)s->deck_len;
		d->off = (uint32_t)p->deck_off;
		d->len = (uint32_t)n;
		memcpy(d->data, s->deck_text + p->deck_off, n);
		d->data[n] = '\0';
		if (!session_queue_msg(&p->out, &m, s->queue_max))
			return;
		p->deck_off += n;
		if (p->deck_off == s->deck_len)
			p->deck_sending = false;
	}
}

/* Puts p at the end of the to-write list, unless it is on it, waits for
 * EPOLLOUT or is dead. */
static void list_add(struct session_server *s, struct peer *p)
{
	if (p->listed || p->want_out || p->st == PEER_DEAD)
		return;
	xgrow((void **)&s->wl, &s->wlcap, s->nwl + 1, sizeof *s->wl);
	s->wl[s->nwl++] = p;
	p->listed = true;
}

/* Asks for EPOLLOUT on p's socket (on) or stops asking; a peer the set
 * cannot be changed for would never be written again, and is dropped. */
static void set_out(struct session_server *s, struct peer *p, bool on)
{
	if (p->want_out == on || p->st == PEER_DEAD)
		return;
	struct epoll_event ev = { .events = EPOLLIN | (on ? EPOLLOUT : 0u), .data.ptr = p };
	if (epoll_ctl(s->ep, EPOLL_CTL_MOD, p->fd, &ev) < 0) {
		peer_kill(s, p, &s->stats.closed, NULL);
		return;
	}
	p->want_out = on;
}

/* Writes what the socket takes, topping the queue up with deck chunks;
 * then what is left decides: bytes still queued (the socket is full) wait
 * for EPOLLOUT, deck chunks still to send go on the to-write list. */
static void pump(struct session_server *s, struct peer *p)
{
	for (int k = 0; k < PUMPS_PER_CALL && p->st != PEER_DEAD; k++) {
		feed_deck(s, p);
		flush_peer(s, p);
		if (!p->deck_sending || outq_pending(&p->out) > 0)
			break;
	}
	if (p->st == PEER_DEAD)
		return;
	set_out(s, p, outq_pending(&p->out) > 0);
	if (p->deck_sending)
		list_add(s, p);
}

/* Writes the to-write list: every console on it and the first
 * FOLLOWER_WRITES_PER_CALL followers. Followers left over keep their
 * place at the front; a peer written that still has output goes to the
 * end, behind them, so none waits for long. */
static void write_listed(struct session_server *s)
{
	size_t n = s->nwl, keep = 0, fwrites = 0;
	for (size_t i = 0; i < n; i++) {
		struct peer *p = s->wl[i];
		if (p->st != PEER_DEAD && !p->want_out && p->follower &&
		    fwrites >= FOLLOWER_WRITES_PER_CALL) {
			s->wl[keep++] = p;
			continue;
		}
		p->listed = false;
		if (p->st == PEER_DEAD || p->want_out)
			continue;
		fwrites += p->follower;
		pump(s, p); /* may put p back, at s->wl[s->nwl] */
	}
	if (s->nwl > n) /* (s->wl is NULL before the first peer is listed) */
		memmove(s->wl + keep, s->wl + n, (s->nwl - n) * sizeof *s->wl);
	s->nwl = keep + (s->nwl - n);
}

/* What a follower is told: no deck file's path through the audience
 * socket, no presenter's timer (follow_public_state()). */
static void for_follower(struct proto_msg *out, const struct proto_msg *m, bool audience)
{
	*out = *m;
	if (m->type == PROTO_STATE)
		follow_public_state(&out->u.state, &m->u.state);
	if (m->type == PROTO_HELLO && audience)
		out->u.hello.path[0] = '\0';
}

static void welcome(struct session_server *s, struct peer *p)
{
	struct proto_msg m = { .type = PROTO_HELLO }, f;
	m.u.hello = s->me;
	for_follower(&f, &m, p->audience);
	bool ok = session_queue_msg(&p->out, p->follower ? &f : &m, s->queue_max);
	if (ok && s->has_state) {
		m.type = PROTO_STATE;
		m.u.state = s->state;
		for_follower(&f, &m, p->audience);
		ok = session_queue_msg(&p->out, p->follower ? &f : &m, s->queue_max);
	}
	if (ok && p->want_captions && s->caption[0]) {
		/* a late follower is current at once: the caption shown */
		m.type = PROTO_CAPTION;
		memcpy(m.u.caption.text, s->caption, sizeof s->caption);
		ok = session_queue_msg(&p->out, &m, s->queue_max);
	}
	if (!ok) {
		peer_kill(s, p, &s->stats.dropped_slow, NULL);
		return;
	}
	p->st = PEER_READY;
	start_deck(s, p);
	pump(s, p);
}

/* Acts on one message from a peer; returns false when the peer was killed. */
static bool peer_message(struct session_server *s, struct peer *p, const struct proto_msg *m)
{
	if (p->st == PEER_HELLO) {
		if (m->type != PROTO_HELLO) {
			peer_kill(s, p, &s->stats.dropped_malformed, "expected HELLO first");
			return false;
		}
		if (m->u.hello.role == PROTO_ROLE_PRESENTER) {
			peer_kill(s, p, &s->stats.dropped_malformed,
				  "a console cannot be a presenter");
			return false;
		}
		if (p->audience && m->u.hello.role != PROTO_ROLE_FOLLOWER &&
		    m->u.hello.role != PROTO_ROLE_PROBE) {
			peer_kill(s, p, &s->stats.dropped_malformed,
				  "the audience socket serves followers only");
			return false;
		}
		p->follower = p->audience || m->u.hello.role == PROTO_ROLE_FOLLOWER;
		p->want_deck = p->follower && m->u.hello.want_deck;
		p->want_captions = p->follower && m->u.hello.want_captions;
		welcome(s, p);
		return p->st != PEER_DEAD;
	}
	switch (m->type) {
	case PROTO_NAV:
		if (p->follower) {
			peer_kill(s, p, &s->stats.dropped_follower_nav,
				  "a follower cannot move the presentation");
			return false;
		}
		if (s->nav_n == SESSION_NAV_MAX) {
			s->stats.navs_discarded++;
			return true;
		}
		s->navs[(s->nav_head + s->nav_n++) % SESSION_NAV_MAX] = m->u.nav;
		s->stats.navs++;
		return true;
	case PROTO_BYE: peer_kill(s, p, &s->stats.closed, NULL); return false;
	default: peer_kill(s, p, &s->stats.dropped_malformed, "unexpected message"); return false;
	}
}

static void peer_decode_error(struct session_server *s, struct peer *p, int r)
{
	char reason[PROTO_TEXT_MAX];
	snprintf(reason, sizeof reason, "%s: %s", proto_strerror(r), p->dec.detail);
	peer_kill(s, p,
		  r == PROTO_E_OVERSIZED ? &s->stats.dropped_oversized
					 : &s->stats.dropped_malformed,
		  reason);
}

static void peer_read(struct session_server *s, struct peer *p, uint64_t now_ms)
{
	char buf[SESSION_READ_CHUNK];
	for (int k = 0; k < READS_PER_CALL && p->st != PEER_DEAD; k++) {
		ssize_t n = recv(p->fd, buf, sizeof buf, MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (n <= 0) {
			peer_kill(s, p, &s->stats.closed, NULL);
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
static int refuse_one(struct session_server *s, int lfd, bool audience)
{
	if (s->spare < 0)
		s->spare = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (s->spare < 0)
		return -1;
	close(s->spare);
	int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	int e = errno;
	if (fd >= 0) {
		if (!audience && !peer_uid_ok(s, fd)) {
			s->stats.refused_uid++;
		} else {
			s->stats.refused_fds++;
			session_say_bye(fd, NULL,
					"the presenter is out of file descriptors; try again "
					"when another console has left");
		}
		close(fd);
	}
	s->spare = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (fd >= 0)
		return 1;
	return e == EAGAIN || e == EWOULDBLOCK ? 0 : -1;
}

/* Followers connected through the audience socket. */
static size_t naudience(const struct session_server *s)
{
	size_t n = 0;
	for (size_t i = 0; i < s->npeers; i++)
		n += s->peers[i]->st != PEER_DEAD && s->peers[i]->audience;
	return n;
}

static void accept_all(struct session_server *s, int lfd, bool audience, uint64_t now_ms)
{
	size_t nconsoles = session_server_nclients(s) - naudience(s);
	size_t nfollowers = naudience(s);
	for (int k = 0; k < ACCEPTS_PER_CALL; k++) {
		int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if (errno != EMFILE && errno != ENFILE && errno != ENOBUFS &&
			    errno != ENOMEM)
				return; /* EAGAIN: nobody else is waiting */
			int r = refuse_one(s, lfd, audience);
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
		if (!audience && !peer_uid_ok(s, fd)) {
			s->stats.refused_uid++;
			close(fd);
			continue;
		}
		if (audience ? nfollowers >= s->amax : nconsoles >= s->max_clients) {
			s->stats.refused_full++;
			session_say_bye(fd, NULL,
					audience ? "too many followers" : "too many consoles");
			close(fd);
			continue;
		}
		if (audience)
			nfollowers++;
		else
			nconsoles++;
		struct peer *p = xcalloc(1, sizeof *p);
		struct epoll_event ev = { .events = EPOLLIN, .data.ptr = p };
		if (epoll_ctl(s->ep, EPOLL_CTL_ADD, fd, &ev) < 0) {
			s->stats.refused_fds++;
			session_say_bye(fd, NULL,
					"the presenter cannot watch another console now; try "
					"again later");
			close(fd);
			free(p);
			continue;
		}
		p->audience = audience;
		p->fd = fd;
		p->st = PEER_HELLO;
		p->since_ms = now_ms;
		proto_decoder_init(&p->dec);
		xgrow((void **)&s->peers, &s->cap, s->npeers + 1, sizeof *s->peers);
		s->peers[s->npeers++] = p;
		s->stats.accepted++;
	}
}

/* Acts on one epoll event of a peer's socket. */
static void peer_event(struct session_server *s, struct peer *p, uint32_t ev, uint64_t now_ms)
{
	if (p->st == PEER_DEAD)
		return;
	if (ev & (EPOLLIN | EPOLLHUP | EPOLLERR))
		peer_read(s, p, now_ms);
	if ((ev & EPOLLOUT) && p->st != PEER_DEAD) {
		/* room again: written from the list, with the followers' budget */
		set_out(s, p, false);
		list_add(s, p);
	}
}

size_t session_server_handle(struct session_server *s, const struct pollfd *fds, size_t nfds,
			     uint64_t now_ms)
{
	bool do_accept = false;
	for (size_t i = 0; fds && i < nfds; i++)
		if (fds[i].fd >= 0 && fds[i].revents &&
		    (fds[i].fd == s->lfd || fds[i].fd == s->afd))
			do_accept = true;
	/* whether or not the caller's poll saw our epoll entry: a caller that
	 * merged our entries into others' loses nothing, and a wait that
	 * finds nothing is cheap */
	struct epoll_event evs[EVENTS_PER_WAIT];
	for (int w = 0; fds && w < WAITS_PER_CALL; w++) {
		int n = epoll_wait(s->ep, evs, EVENTS_PER_WAIT, 0);
		for (int k = 0; k < n; k++)
			peer_event(s, evs[k].data.ptr, evs[k].events, now_ms);
		if (n < EVENTS_PER_WAIT)
			break;
	}
	if (fds)
		write_listed(s);
	for (size_t i = 0; i < s->npeers; i++) {
		struct peer *p = s->peers[i];
		if (p->st != PEER_DEAD && peer_deadline(s, p) <= now_ms)
			peer_kill(s, p, &s->stats.dropped_partial,
				  p->st == PEER_HELLO ? "no HELLO in time"
						      : "message not completed in time");
	}
	compact(s);
	if (s->accept_paused && (s->freed || now_ms >= s->accept_retry_ms)) {
		s->accept_paused = false;
		do_accept = true; /* whoever waited meanwhile is still queued */
	}
	s->freed = false;
	if (do_accept) {
		accept_all(s, s->lfd, false, now_ms);
		if (s->afd >= 0)
			accept_all(s, s->afd, true, now_ms);
	}
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
	/* one encoding per kind of peer: consoles, followers of the console
	 * socket, followers of the audience socket */
	char line[3][PROTO_LINE_MAX];
	size_t len[3];
	struct proto_msg f;
	len[0] = proto_encode(m, line[0]);
	for_follower(&f, m, false);
	len[1] = proto_encode(&f, line[1]);
	for_follower(&f, m, true);
	len[2] = proto_encode(&f, line[2]);
	for (size_t i = 0; i < s->npeers; i++) {
		struct peer *p = s->peers[i];
		if (p->st != PEER_READY)
			continue;
		int k = !p->follower ? 0 : p->audience ? 2 : 1;
		if (!outq_push(&p->out, line[k], len[k], s->queue_max)) {
			peer_kill(s, p, &s->stats.dropped_slow, NULL);
			continue;
		}
		if (m->type == PROTO_HELLO)
			start_deck(s, p);
		/* a follower's copy waits on the to-write list: the next
		 * session_server_handle() writes it, after the caller has drawn
		 * its frame, so a thousand followers cost the presenter's key
		 * no thousand writes */
		if (!p->follower)
			pump(s, p);
		else
			list_add(s, p);
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

void session_server_caption(struct session_server *s, const char *text)
{
	struct proto_msg m = { .type = PROTO_CAPTION };
	proto_copy_text(m.u.caption.text, sizeof m.u.caption.text, text);
	memcpy(s->caption, m.u.caption.text, sizeof s->caption);
	char line[PROTO_LINE_MAX];
	size_t len = proto_encode(&m, line);
	for (size_t i = 0; i < s->npeers; i++) {
		struct peer *p = s->peers[i];
		if (p->st != PEER_READY || !p->want_captions)
			continue;
		/* written from the to-write list, like every follower's copy
		 * (send_all) */
		if (!outq_push(&p->out, line, len, s->queue_max))
			peer_kill(s, p, &s->stats.dropped_slow, NULL);
		list_add(s, p); /* a no-op for a peer just killed */
	}
	compact(s);
}

void session_server_set_deck(struct session_server *s, const struct deck *d)
{
	s->deck_stale = true;
	s->me.has_hash = true;
	s->me.hash = d->hash;
	proto_copy_text(s->me.title, sizeof s->me.title, d->meta.title ? d->meta.title : "");
	s->me.nslides = d->nslides > UINT32_MAX ? UINT32_MAX : (uint32_t)d->nslides;
	struct proto_msg m = { .type = PROTO_HELLO };
	m.u.hello = s->me;
	send_all(s, &m);
}

/* ---- the audience socket ---- */

char *session_audience_dir(void)
{
	const char *env = getenv("LECTERN_AUDIENCE_DIR");
	if (env && env[0] == '/')
		return xstrdup(env);
	return xasprintf("/tmp/lectern-audience-%lu", (unsigned long)geteuid());
}

/* Makes or checks the audience folder: a real directory of the effective
 * uid that nobody else may write to, mode 0755 (0750 and group gid with a
 * group). */
static enum session_err audience_folder(const char *dir, gid_t gid, struct diag_list *diags)
{
	if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
		diag_add(diags, dir, 0, 0, SEV_ERROR, "cannot create the audience folder: %s",
			 strerror(errno));
		return SESSION_ERR_NO_DIR;
	}
	struct stat st;
	if (lstat(dir, &st) < 0) {
		diag_add(diags, dir, 0, 0, SEV_ERROR, "cannot look at the audience folder: %s",
			 strerror(errno));
		return SESSION_ERR_NO_DIR;
	}
	if (S_ISLNK(st.st_mode)) {
		diag_add(diags, dir, 0, 0, SEV_ERROR, "the audience folder is a symbolic link");
		return SESSION_ERR_DIR_LINK;
	}
	if (!S_ISDIR(st.st_mode)) {
		diag_add(diags, dir, 0, 0, SEV_ERROR, "the audience folder is not a directory");
		return SESSION_ERR_DIR_NOT_DIR;
	}
	if (st.st_uid != geteuid()) {
		diag_add(diags, dir, 0, 0, SEV_ERROR,
			 "the audience folder belongs to another user (uid %lu)",
			 (unsigned long)st.st_uid);
		return SESSION_ERR_DIR_OWNER;
	}
	mode_t mode = gid == (gid_t)-1 ? 0755 : 0750;
	if ((gid != (gid_t)-1 && chown(dir, (uid_t)-1, gid) < 0) || chmod(dir, mode) < 0) {
		diag_add(diags, dir, 0, 0, SEV_ERROR, "cannot set up the audience folder: %s",
			 strerror(errno));
		return SESSION_ERR_NO_DIR;
	}
	return SESSION_OK;
}

/* Raises the soft RLIMIT_NOFILE as far as the hard limit allows, to hold
 * want followers besides AUDIENCE_FD_RESERVE other descriptors; returns
 * how many followers the limit now leaves room for (at most want). */
static size_t raise_nofile(size_t want)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		return want;
	rlim_t need = (rlim_t)want + AUDIENCE_FD_RESERVE + SESSION_DEFAULT_MAX_CLIENTS;
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < need) {
		rlim_t to = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > need ? need : rl.rlim_max;
		struct rlimit nr = { to, rl.rlim_max };
		if (setrlimit(RLIMIT_NOFILE, &nr) == 0)
			rl.rlim_cur = to;
	}
	if (rl.rlim_cur == RLIM_INFINITY)
		return want;
	rlim_t room = rl.rlim_cur > AUDIENCE_FD_RESERVE ? rl.rlim_cur - AUDIENCE_FD_RESERVE : 1;
	return room < (rlim_t)want ? (size_t)room : want;
}

enum session_err session_server_open_audience(struct session_server *s,
					      const struct session_audience_opts *o,
					      struct diag_list *diags)
{
	if (s->afd >= 0)
		bug("the audience socket is open already");
	gid_t gid = (gid_t)-1;
	if (o->group && o->group[0]) {
		struct group *g = getgrnam(o->group);
		if (!g) {
			diag_add(diags, "--audience", 0, 0, SEV_ERROR, "no group is called '%s'",
				 o->group);
			return SESSION_ERR_NAME;
		}
		gid = g->gr_gid;
	}
	char *dir = o->dir ? xstrdup(o->dir) : session_audience_dir();
	enum session_err e = audience_folder(dir, gid, diags);
	char *path = e == SESSION_OK ? session_socket_path(dir, s->me.deck, s->me.session) : NULL;
	if (e == SESSION_OK && !path) {
		diag_add(diags, dir, 0, 0, SEV_ERROR,
			 "audience folder path is too long for a socket (over %u bytes)",
			 SESSION_DIR_MAX);
		e = SESSION_ERR_DIR_TOO_LONG;
	}
	free(dir);
	if (e != SESSION_OK)
		return e;
	mode_t mode = gid == (gid_t)-1 ? 0666 : 0660;
	e = listen_at(s, path, s->me.deck, mode, gid, &s->afd, &s->adev, &s->aino, diags);
	if (e != SESSION_OK) {
		free(path);
		return e;
	}
	s->apath = path;
	size_t want = o->max ? o->max : SESSION_DEFAULT_AUDIENCE_MAX;
	s->amax = raise_nofile(want);
	return SESSION_OK;
}

const char *session_server_audience_path(const struct session_server *s)
{
	return s->apath;
}

size_t session_server_audience_max(const struct session_server *s)
{
	return s->afd >= 0 ? s->amax : 0;
}

size_t session_server_nfollowers(const struct session_server *s)
{
	size_t n = 0;
	for (size_t i = 0; i < s->npeers; i++)
		n += s->peers[i]->st != PEER_DEAD && s->peers[i]->follower;
	return n;
}
