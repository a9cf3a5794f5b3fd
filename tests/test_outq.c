/* The output queue (outq.h): its limit at exactly max bytes and one byte
 * over, all or nothing, the limit counting only what is still pending
 * after a partial write, flushing in order through a real socket, and a
 * closed peer. Then the policy the presenter builds on it: a console whose
 * first two messages (HELLO and STATE, queued before any write) take
 * exactly queue_max bytes is served, one byte less and it is dropped as
 * slow. SIGPIPE is left at its default, so a write without MSG_NOSIGNAL
 * would kill the test. */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "outq.h"
#include "proto.h"
#include "session.h"
#include "tap.h"

static bool same(const struct outq *q, const char *want)
{
	size_t n = strlen(want);
	return outq_pending(q) == n && (n == 0 || memcmp(q->buf + q->off, want, n) == 0);
}

static void test_limit(void)
{
	struct outq q = { 0 };
	is_int(outq_pending(&q), 0, "a zeroed queue is empty");
	ok(outq_push(&q, "abc", 3, 3), "3 bytes fit a limit of 3 exactly");
	ok(same(&q, "abc"), "and are pending");
	ok(!outq_push(&q, "d", 1, 3), "one byte over the limit is refused");
	ok(same(&q, "abc"), "and the queue is unchanged");
	ok(outq_push(&q, "", 0, 3), "nothing more still fits a full queue");
	ok(outq_push(&q, "d", 1, 4), "the limit is the push's: 4 takes one more");
	ok(same(&q, "abcd"), "appended after the rest");
	outq_release(&q);
	ok(q.buf == NULL && outq_pending(&q) == 0, "released: empty, no buffer");

	ok(!outq_push(&q, "abcd", 4, 3), "a message longer than the limit is refused whole");
	ok(q.buf == NULL && outq_pending(&q) == 0, "nothing of it is kept");
	ok(outq_push(&q, "ab", 2, 3) && !outq_push(&q, "cd", 2, 3),
	   "2 + 2 over a limit of 3: the second is refused");
	ok(same(&q, "ab"), "never half a message");
	outq_clear(&q);
	ok(outq_pending(&q) == 0 && outq_push(&q, "xyz", 3, 3), "cleared: the whole limit again");
	outq_release(&q);
}

/* Reads what is there on fd (non-blocking) onto got. */
static size_t drain(int fd, char *got, size_t have, size_t cap)
{
	for (;;) {
		if (have == cap)
			return have;
		ssize_t r = recv(fd, got + have, cap - have, MSG_DONTWAIT);
		if (r <= 0)
			return have;
		have += (size_t)r;
	}
}

static void test_flush(void)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) {
		ok(0, "a socket pair");
		return;
	}
	struct outq q = { 0 };
	outq_push(&q, "hello\n", 6, 64);
	is_int(outq_flush(&q, sv[0]), 0, "flush to a reading socket");
	is_int(outq_pending(&q), 0, "everything went");
	char got[8] = { 0 };
	ok(drain(sv[1], got, 0, sizeof got) == 6 && memcmp(got, "hello\n", 6) == 0,
	   "the peer reads it");

	/* a socket that takes only part: the limit counts what is pending */
	enum { BIG = 1 << 20 };
	char *blob = malloc(BIG + 1);
	char *back = malloc(2 * BIG);
	for (size_t i = 0; i <= BIG; i++)
		blob[i] = (char)('a' + i % 23);
	int small = 4096;
	setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &small, sizeof small);
	ok(outq_push(&q, blob, BIG, BIG), "1 MiB queued within a 1 MiB limit");
	is_int(outq_flush(&q, sv[0]), 0, "flush to a full socket is not an error");
	size_t left = outq_pending(&q);
	ok(left > 0 && left < BIG, "part was written, the rest waits");
	printf("# %zu of %d bytes still pending\n", left, (int)BIG);
	size_t room = BIG - left;
	ok(outq_push(&q, blob, room, BIG), "what was written is room again, exactly");
	is_int(outq_pending(&q), BIG, "the queue is at its limit");
	ok(!outq_push(&q, blob + room, 1, BIG), "and one byte more is refused");
	size_t have = 0;
	for (int i = 0; i < 100000 && outq_pending(&q) > 0; i++) {
		if (outq_flush(&q, sv[0]) < 0)
			break;
		have = drain(sv[1], back, have, 2 * BIG);
	}
	have = drain(sv[1], back, have, 2 * BIG);
	is_int(have, BIG - left + BIG, "every byte arrived once");
	ok(have == 2 * BIG - left && memcmp(back, blob, BIG) == 0 &&
		   memcmp(back + BIG, blob, room) == 0,
	   "in order, across the buffer's reuse");
	is_int(outq_pending(&q), 0, "nothing pending");

	/* a peer that went away */
	close(sv[1]);
	outq_push(&q, "bye\n", 4, 64);
	errno = 0;
	ok(outq_flush(&q, sv[0]) == -1 && errno == EPIPE, "a closed peer: -1, EPIPE, no SIGPIPE");
	ok(same(&q, "bye\n"), "what was not sent stays queued");
	outq_release(&q);
	close(sv[0]);
	free(blob);
	free(back);
}

/* ---- the presenter's policy on top ---- */

static void serve(struct session_server *s, uint64_t *now, int rounds)
{
	for (int i = 0; i < rounds; i++) {
		struct pollfd fds[8];
		size_t n = session_server_pollfds(s, fds, 8);
		poll(fds, n, 5);
		session_server_handle(s, fds, n, *now);
		*now += 1;
	}
}

/* Opens a server with queue limit max, connects a raw console, says HELLO
 * and collects what the server sends until two lines came or it closed.
 * Returns the bytes received; *kept says whether the server still counts
 * the console, *slow how many it dropped as slow. */
static size_t welcome_with(const char *dir, size_t max, bool *kept, size_t *slow)
{
	struct deck d;
	memset(&d, 0, sizeof d);
	d.meta.id = "queue";
	d.meta.title = "A talk about queues";
	d.nslides = 3;
	d.hash = 42;
	struct session_opts o = { .dir = dir, .queue_max = max };
	struct diag_list dl;
	diag_list_init(&dl);
	struct session_server *s = session_server_open(&d, &o, &dl);
	diag_list_release(&dl);
	*kept = false;
	*slow = 0;
	if (!s)
		return 0;
	struct proto_state st;
	memset(&st, 0, sizeof st);
	st.slide = 1;
	st.nslides = 3;
	snprintf(st.slide_id, sizeof st.slide_id, "middle");
	st.nsteps = 1;
	session_server_broadcast(s, &st);

	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un sa;
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", session_server_path(s));
	size_t got = 0;
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0) {
		struct proto_msg m = { .type = PROTO_HELLO };
		m.u.hello.version = PROTO_VERSION;
		m.u.hello.role = PROTO_ROLE_CONSOLE;
		char line[PROTO_LINE_MAX];
		size_t n = proto_encode(&m, line);
		(void)!send(fd, line, n, MSG_NOSIGNAL);
		uint64_t now = 1000;
		char buf[2 * PROTO_LINE_MAX];
		int lines = 0;
		for (int i = 0; i < 200 && lines < 2; i++) {
			serve(s, &now, 1);
			ssize_t r = recv(fd, buf + got, sizeof buf - got, MSG_DONTWAIT);
			if (r == 0)
				break;
			if (r > 0) {
				for (ssize_t k = 0; k < r; k++)
					lines += buf[got + (size_t)k] == '\n';
				got += (size_t)r;
			}
		}
		serve(s, &now, 2);
	}
	*kept = session_server_nclients(s) == 1;
	*slow = session_server_stats(s)->dropped_slow;
	close(fd);
	session_server_free(s);
	return got;
}

static void test_server_policy(void)
{
	char dir[] = "/tmp/lectern-outq-XXXXXX";
	if (!mkdtemp(dir)) {
		ok(0, "a private folder");
		return;
	}
	bool kept;
	size_t slow;
	size_t n = welcome_with(dir, 64 * 1024, &kept, &slow);
	ok(n > 0 && kept && slow == 0, "a roomy queue: HELLO and STATE arrive");
	printf("# the welcome takes %zu bytes\n", n);
	size_t m = welcome_with(dir, n, &kept, &slow);
	is_int(m, n, "a limit of exactly those bytes: all of them arrive");
	ok(kept && slow == 0, "and the console is served");
	m = welcome_with(dir, n - 1, &kept, &slow);
	is_int(m, 0, "one byte less: nothing is sent");
	ok(!kept && slow == 1, "and the console is dropped as slow");
	rmdir(dir);
}

int main(void)
{
	tap_plan(33);
	test_limit();
	test_flush();
	test_server_policy();
	return tap_done();
}
