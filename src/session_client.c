/* The console side of the transport (see include/session.h): one
 * connection to a presenter, made again with backoff whenever it is lost.
 * The connection is DOWN (reason and err say why), WAIT_HELLO (our HELLO
 * sent) or READY (the presenter's HELLO arrived; STATEs follow). */
#include "session_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "xalloc.h"

#define BACKOFF_MIN_MS 100
#define BACKOFF_MAX_MS 2000

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
	/* a follower's deck text: the DECK chunks of generation rx_gen so far
	 * (rx_len of rx_size bytes), then, complete, rx_done until taken */
	char *rx;
	size_t rx_len, rx_size;
	uint64_t rx_gen;
	bool rx_on, rx_done;
	char caption[PROTO_CAPTION_MAX]; /* the last CAPTION's text, "" for none */
	enum session_err err;            /* the kind of reason */
	char reason[PROTO_TEXT_MAX + 64];
};

static void client_down(struct session_client *c, uint64_t now_ms, enum session_err err,
			const char *reason)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	c->st = CLIENT_DOWN;
	c->has_peer = false;
	c->rx_on = false;
	c->caption[0] = '\0';
	outq_clear(&c->out);
	proto_decoder_init(&c->dec);
	c->err = err;
	snprintf(c->reason, sizeof c->reason, "%s", reason);
	c->next_try = now_ms + c->backoff;
	c->backoff = c->backoff * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : c->backoff * 2;
}

static unsigned client_connect(struct session_client *c, uint64_t now_ms)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int e = fd < 0 ? errno : session_connect_path(fd, c->path);
	if (e != 0) {
		if (fd >= 0)
			close(fd);
		const char *why;
		enum session_err err;
		char buf[128];
		if (e == ENOENT) {
			why = "no presentation is running";
			err = SESSION_ERR_NOT_RUNNING;
		} else if (e == ECONNREFUSED) {
			why = "the presentation is not running (stale socket)";
			err = SESSION_ERR_STALE;
		} else if (e == EAGAIN) {
			why = "the presentation is busy";
			err = SESSION_ERR_BUSY;
		} else {
			why = (snprintf(buf, sizeof buf, "cannot connect: %s", strerror(e)), buf);
			err = SESSION_ERR_SYSTEM;
		}
		client_down(c, now_ms, err, why);
		return 0;
	}
	c->fd = fd;
	c->st = CLIENT_WAIT_HELLO;
	struct proto_msg m = { .type = PROTO_HELLO };
	m.u.hello = c->me;
	session_queue_msg(&c->out, &m, c->queue_max);
	if (outq_flush(&c->out, fd) < 0) {
		client_down(c, now_ms, SESSION_ERR_ENDED, "the presentation closed the connection");
		return 0;
	}
	c->err = SESSION_OK;
	c->reason[0] = '\0';
	return SESSION_EV_CONNECTED;
}

static struct session_client *client_make(const char *path, const struct proto_hello *me,
					  const struct session_opts *o, uint64_t now_ms, bool probe)
{
	struct session_client *c = xcalloc(1, sizeof *c);
	c->path = xstrdup(path);
	c->me = *me;
	c->me.version = PROTO_VERSION;
	c->probe = probe;
	c->fd = -1;
	c->queue_max = session_or_default(o ? o->queue_max : 0, SESSION_DEFAULT_QUEUE_MAX);
	c->backoff = BACKOFF_MIN_MS;
	proto_decoder_init(&c->dec);
	client_connect(c, now_ms);
	return c;
}

struct session_client *session_client_new(const char *path, const struct proto_hello *me,
					  const struct session_opts *o, uint64_t now_ms)
{
	return client_make(path, me, o, now_ms, false);
}

struct session_client *session_client_new_probe(const char *path, const struct proto_hello *me,
						const struct session_opts *o, uint64_t now_ms)
{
	return client_make(path, me, o, now_ms, true);
}

void session_client_free(struct session_client *c)
{
	if (!c)
		return;
	if (c->fd >= 0) {
		outq_flush(&c->out, c->fd);
		session_say_bye(c->fd, &c->out, "console closed");
		close(c->fd);
	}
	outq_release(&c->out);
	free(c->rx);
	free(c->path);
	free(c);
}

char *session_client_take_deck(struct session_client *c, size_t *len)
{
	if (!c->rx_done)
		return NULL;
	char *t = c->rx;
	*len = c->rx_len;
	c->rx = NULL;
	c->rx_len = c->rx_size = 0;
	c->rx_done = false;
	return t;
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

/* One DECK chunk: a chunk at offset 0 starts a text (of any generation),
 * the others must go on from where the text of their generation stands.
 * Only a follower that asked for the deck takes them. Returns event
 * flags (SESSION_EV_DECK when the text is complete), or -1 when the
 * connection was closed. */
static int client_deck(struct session_client *c, const struct proto_deck *d, uint64_t now_ms)
{
	if (c->st != CLIENT_READY || !c->me.want_deck) {
		client_down(c, now_ms, SESSION_ERR_PROTOCOL,
			    "protocol error: a deck nobody asked for");
		return -1;
	}
	if (d->off == 0) {
		free(c->rx);
		c->rx = xmalloc((size_t)d->size + 1);
		c->rx_size = d->size;
		c->rx_len = 0;
		c->rx_gen = d->gen;
		c->rx_on = true;
	} else if (!c->rx_on || d->gen != c->rx_gen || d->off != c->rx_len ||
		   d->size != c->rx_size) {
		client_down(c, now_ms, SESSION_ERR_PROTOCOL,
			    "protocol error: a deck chunk out of order");
		return -1;
	}
	memcpy(c->rx + c->rx_len, d->data, d->len);
	c->rx_len += d->len;
	if (c->rx_len < c->rx_size)
		return 0;
	c->rx[c->rx_len] = '\0';
	c->rx_on = false;
	c->rx_done = true;
	return SESSION_EV_DECK;
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
			client_down(c, now_ms, SESSION_ERR_PROTOCOL,
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
			client_down(c, now_ms, SESSION_ERR_PROTOCOL,
				    "protocol error: STATE before HELLO");
			return -1;
		}
		c->state = m->u.state;
		c->has_state = true;
		c->state_ms = now_ms;
		return SESSION_EV_STATE;
	case PROTO_DECK: return client_deck(c, &m->u.deck, now_ms);
	case PROTO_CAPTION:
		if (c->st != CLIENT_READY || !c->me.want_captions) {
			client_down(c, now_ms, SESSION_ERR_PROTOCOL,
				    "protocol error: a caption nobody asked for");
			return -1;
		}
		memcpy(c->caption, m->u.caption.text, sizeof c->caption);
		return SESSION_EV_CAPTION;
	case PROTO_BYE:
		if (m->u.bye.reason[0])
			snprintf(why, sizeof why, "%s", m->u.bye.reason);
		else
			snprintf(why, sizeof why, "the presentation ended");
		client_down(c, now_ms, SESSION_ERR_ENDED, why);
		return -1;
	default:
		client_down(c, now_ms, SESSION_ERR_PROTOCOL,
			    "protocol error: unexpected message from the presenter");
		return -1;
	}
}

static unsigned client_read(struct session_client *c, uint64_t now_ms)
{
	unsigned ev = 0;
	char buf[SESSION_READ_CHUNK];
	for (int k = 0; k < 16; k++) {
		ssize_t n = recv(c->fd, buf, sizeof buf, MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return ev;
		if (n <= 0) {
			client_down(c, now_ms, SESSION_ERR_ENDED, "the presentation ended");
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
			client_down(c, now_ms, SESSION_ERR_PROTOCOL, why);
			return ev | SESSION_EV_LOST;
		}
	}
	return ev;
}

unsigned session_client_handle(struct session_client *c, const struct pollfd *pfd, uint64_t now_ms)
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
	if ((pfd->revents & POLLOUT) && outq_flush(&c->out, c->fd) < 0) {
		client_down(c, now_ms, SESSION_ERR_ENDED, "the presentation ended");
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
	if (!session_queue_msg(&c->out, &m, c->queue_max))
		return -1;
	if (outq_flush(&c->out, c->fd) < 0)
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

const char *session_client_caption(const struct session_client *c)
{
	return c->caption;
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

enum session_err session_client_err(const struct session_client *c)
{
	return c->err;
}
