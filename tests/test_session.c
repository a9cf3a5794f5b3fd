/* Tests of the console transport over real Unix sockets in a private
 * mkdtemp folder (XDG_RUNTIME_DIR is pointed at it). Servers and clients
 * live in this one process and are driven by poll loops; time is a number
 * the test advances. Loops are bounded by iteration counts, never by the
 * wall clock; SIGPIPE is left at its default so any write without
 * MSG_NOSIGNAL would kill the test. */
#include <dirent.h>
#include <errno.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "follow.h"
#include "session.h"
#include "tap.h"
#include "xalloc.h"

#define MAXC 128
#define MAXS 4

struct world {
	struct session_server *srv[MAXS];
	struct session_client *cl[MAXC];
	unsigned ev[MAXC]; /* events seen since the last reset */
	size_t ncl;
	uint64_t now;
};

static char tmpdir[64];

/* One poll round over every server and client: all descriptors in one
 * array, as a front end would merge them with its own. */
static int step(struct world *w, int timeout)
{
	size_t cap = w->ncl + 1;
	for (int s = 0; s < MAXS; s++)
		if (w->srv[s])
			cap += session_server_npollfds(w->srv[s]);
	struct pollfd *fds = xcalloc(cap, sizeof *fds);
	long *map = xcalloc(w->ncl + 1, sizeof *map);
	size_t n = 0;
	for (int s = 0; s < MAXS; s++)
		if (w->srv[s])
			n += session_server_pollfds(w->srv[s], fds + n, cap - n);
	for (size_t i = 0; i < w->ncl; i++) {
		map[i] = -1;
		if (w->cl[i] && session_client_pollfd(w->cl[i], &fds[n]))
			map[i] = (long)n++;
	}
	int r = poll(fds, n, timeout);
	for (int s = 0; s < MAXS; s++)
		if (w->srv[s])
			session_server_handle(w->srv[s], fds, n, w->now);
	for (size_t i = 0; i < w->ncl; i++)
		if (w->cl[i])
			w->ev[i] |= session_client_handle(
				w->cl[i], map[i] >= 0 ? &fds[map[i]] : NULL, w->now);
	free(fds);
	free(map);
	return r;
}

/* Steps until cond holds, at most max rounds; returns whether it held. */
static bool run_until(struct world *w, bool (*cond)(struct world *, void *), void *arg, int max)
{
	for (int i = 0; i < max; i++) {
		if (cond(w, arg))
			return true;
		step(w, 10);
	}
	return cond(w, arg);
}

static bool all_have_seq(struct world *w, void *arg)
{
	uint64_t seq = *(uint64_t *)arg;
	for (size_t i = 0; i < w->ncl; i++) {
		const struct proto_state *st = w->cl[i] ? session_client_state(w->cl[i]) : NULL;
		if (w->cl[i] && (!st || st->seq != seq))
			return false;
	}
	return true;
}

static bool all_hello(struct world *w, void *arg)
{
	(void)arg;
	for (size_t i = 0; i < w->ncl; i++)
		if (w->cl[i] && !session_client_peer(w->cl[i]))
			return false;
	return true;
}

static bool got_hello_hash(struct world *w, void *arg)
{
	uint64_t hash = *(const uint64_t *)arg;
	for (size_t i = 0; i < w->ncl; i++) {
		const struct proto_hello *h = w->cl[i] ? session_client_peer(w->cl[i]) : NULL;
		if (w->cl[i] && (!h || h->hash != hash))
			return false;
	}
	return true;
}

static bool srv0_has_nav(struct world *w, void *arg)
{
	(void)arg;
	return session_server_handle(w->srv[0], NULL, 0, w->now) > 0;
}

struct count_cond {
	const size_t *counter;
	size_t want;
};

static bool counter_reaches(struct world *w, void *arg)
{
	(void)w;
	struct count_cond *c = arg;
	return *c->counter >= c->want;
}

static bool client_lost(struct world *w, void *arg)
{
	size_t i = *(size_t *)arg;
	return (w->ev[i] & SESSION_EV_LOST) != 0;
}

static bool got_state(struct world *w, void *arg)
{
	size_t i = *(size_t *)arg;
	return (w->ev[i] & SESSION_EV_STATE) != 0;
}

static struct deck make_deck(const char *id, uint64_t hash)
{
	struct deck d;
	memset(&d, 0, sizeof d);
	d.meta.id = id;
	d.meta.title = "A talk";
	d.nslides = 5;
	d.hash = hash;
	return d;
}

static struct proto_state make_state(uint32_t slide)
{
	struct proto_state st;
	memset(&st, 0, sizeof st);
	st.slide = slide;
	st.nslides = 5;
	snprintf(st.slide_id, sizeof st.slide_id, "s%u", (unsigned)slide);
	st.nsteps = 1;
	st.timer = PROTO_TIMER_RUNNING;
	st.elapsed_ms = 1000u * slide;
	return st;
}

static struct proto_hello console_hello(void)
{
	struct proto_hello h;
	memset(&h, 0, sizeof h);
	h.role = PROTO_ROLE_CONSOLE;
	strcpy(h.deck, "talk");
	return h;
}

static size_t add_client(struct world *w, const char *path)
{
	struct proto_hello h = console_hello();
	size_t i = w->ncl++;
	w->cl[i] = session_client_new(path, &h, NULL, w->now);
	w->ev[i] = 0;
	return i;
}

static void free_clients(struct world *w)
{
	for (size_t i = 0; i < w->ncl; i++)
		session_client_free(w->cl[i]);
	w->ncl = 0;
}

/* A raw client for misbehaving: a plain socket connected to path. */
static int raw_connect(const char *path)
{
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un sa;
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static void raw_send(int fd, const char *s, size_t n)
{
	(void)!send(fd, s, n, MSG_NOSIGNAL | MSG_DONTWAIT);
}

/* Reads what the server sent to a raw client until EOF (bounded): returns
 * true when the connection was closed, with the bytes in buf. */
static bool raw_closed(int fd, char *buf, size_t cap)
{
	size_t n = 0;
	for (int i = 0; i < 200; i++) {
		struct pollfd p = { fd, POLLIN, 0 };
		if (poll(&p, 1, 10) <= 0)
			continue;
		ssize_t r = recv(fd, buf + n, cap - 1 - n, MSG_DONTWAIT);
		if (r == 0 || (r < 0 && errno == ECONNRESET)) {
			buf[n] = '\0';
			return true;
		}
		if (r > 0)
			n += (size_t)r;
		if (n + 1 >= cap)
			n = 0;
	}
	buf[n] = '\0';
	return false;
}

static bool has_diag(const struct diag_list *l, const char *text)
{
	for (size_t i = 0; i < l->n; i++)
		if (strstr(l->v[i].msg, text))
			return true;
	return false;
}

static void print_diags(const struct diag_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		printf("#   diag: %s: %s\n", l->v[i].file, l->v[i].msg);
}

static void test_paths(void)
{
	struct diag_list dl;
	diag_list_init(&dl);
	char *dir = session_dir(&dl);
	char want[128];
	snprintf(want, sizeof want, "%s/lectern", tmpdir);
	is_str(dir, want, "socket folder under XDG_RUNTIME_DIR");
	struct stat st;
	ok(dir && lstat(dir, &st) == 0 && S_ISDIR(st.st_mode) && (st.st_mode & 0777) == 0700,
	   "created with mode 0700");
	char *p = session_socket_path(dir, "talk", NULL);
	snprintf(want, sizeof want, "%s/lectern/talk.sock", tmpdir);
	is_str(p, want, "default session path");
	free(p);
	p = session_socket_path(dir, "talk", "b");
	snprintf(want, sizeof want, "%s/lectern/talk@b.sock", tmpdir);
	is_str(p, want, "named session path");
	free(p);
	p = session_socket_path(dir, ".a b/中@", "x y");
	snprintf(want, sizeof want, "%s/lectern/%%2Ea%%20b%%2F%%E4%%B8%%AD%%40@x%%20y.sock",
		 tmpdir);
	is_str(p, want, "names are escaped");
	free(p);
	char longid[300];
	memset(longid, 'k', sizeof longid - 1);
	longid[sizeof longid - 1] = '\0';
	char *l1 = session_socket_path(dir, longid, NULL);
	longid[250] = 'j';
	char *l2 = session_socket_path(dir, longid, NULL);
	struct sockaddr_un sa;
	ok(strlen(l1) < sizeof sa.sun_path && strlen(l2) < sizeof sa.sun_path,
	   "long names fit in sun_path");
	ok(strcmp(l1, l2) != 0, "long names stay distinct");
	ok(strstr(l1, "~") && strstr(l1, ".sock"), "long name carries a hash");
	free(l1);
	free(l2);
	char longdir[100];
	memset(longdir, 'd', sizeof longdir - 1);
	longdir[0] = '/';
	longdir[sizeof longdir - 1] = '\0';
	ok(session_socket_path(longdir, "talk", NULL) == NULL, "too long folder refused");
	free(dir);

	is_int(session_check_name("stage-2", &dl), 0, "good session name");
	is_int(session_check_name("a/b", &dl), -1, "session name with '/'");
	is_int(session_check_name("a b", &dl), -1, "session name with space");
	is_int(session_check_name("", &dl), -1, "empty session name");
	diag_list_release(&dl);

	/* without XDG_RUNTIME_DIR: a private folder under /tmp */
	unsetenv("XDG_RUNTIME_DIR");
	dir = session_dir(&dl);
	snprintf(want, sizeof want, "/tmp/lectern-%u", (unsigned)geteuid());
	is_str(dir, want, "fallback folder under /tmp");
	ok(dir && lstat(dir, &st) == 0 && (st.st_mode & 077) == 0 && st.st_uid == geteuid(),
	   "fallback folder is private");
	free(dir);
	setenv("XDG_RUNTIME_DIR", tmpdir, 1);
	diag_list_release(&dl);
}

static void test_bad_folders(void)
{
	struct deck d = make_deck("talk", 1);
	struct diag_list dl;
	char x[128], sub[160];

	/* group/world accessible */
	snprintf(x, sizeof x, "%s/open", tmpdir);
	mkdir(x, 0700);
	snprintf(sub, sizeof sub, "%s/lectern", x);
	mkdir(sub, 0700);
	chmod(sub, 0755);
	setenv("XDG_RUNTIME_DIR", x, 1);
	diag_list_init(&dl);
	struct session_server *s = session_server_open(&d, NULL, &dl);
	ok(s == NULL, "folder with mode 0755 refused");
	ok(has_diag(&dl, "open to group or others (mode 0755)"), "with a clear message");
	print_diags(&dl);
	diag_list_release(&dl);
	session_server_free(s);

	/* a symbolic link */
	snprintf(x, sizeof x, "%s/link", tmpdir);
	mkdir(x, 0700);
	snprintf(sub, sizeof sub, "%s/link/lectern", tmpdir);
	char target[160];
	snprintf(target, sizeof target, "%s/lectern", tmpdir);
	(void)!symlink(target, sub);
	setenv("XDG_RUNTIME_DIR", x, 1);
	diag_list_init(&dl);
	s = session_server_open(&d, NULL, &dl);
	ok(s == NULL, "symlinked folder refused");
	ok(has_diag(&dl, "symbolic link"), "symlink named");
	diag_list_release(&dl);

	/* a file */
	snprintf(x, sizeof x, "%s/file", tmpdir);
	mkdir(x, 0700);
	snprintf(sub, sizeof sub, "%s/file/lectern", tmpdir);
	FILE *f = fopen(sub, "w");
	if (f)
		fclose(f);
	setenv("XDG_RUNTIME_DIR", x, 1);
	diag_list_init(&dl);
	s = session_server_open(&d, NULL, &dl);
	ok(s == NULL, "file instead of folder refused");
	ok(has_diag(&dl, "not a directory"), "file named");
	diag_list_release(&dl);

	/* owned by someone else: only checkable as root */
	snprintf(x, sizeof x, "%s/owner", tmpdir);
	mkdir(x, 0700);
	snprintf(sub, sizeof sub, "%s/owner/lectern", tmpdir);
	mkdir(sub, 0700);
	int chowned = geteuid() == 0 ? chown(sub, 12345, 12345) : -1;
	setenv("XDG_RUNTIME_DIR", x, 1);
	diag_list_init(&dl);
	s = session_server_open(&d, NULL, &dl);
	if (chowned == 0) {
		ok(s == NULL && has_diag(&dl, "owned by uid 12345"), "foreign owner refused");
	} else {
		/* not root: the folder is ours and usable */
		ok(s != NULL, "own folder accepted");
	}
	session_server_free(s);
	diag_list_release(&dl);
	setenv("XDG_RUNTIME_DIR", tmpdir, 1);
}

static void test_basic(struct world *w)
{
	struct deck d = make_deck("talk", 0xfeedull);
	struct diag_list dl;
	diag_list_init(&dl);
	w->srv[0] = session_server_open(&d, NULL, &dl);
	ok(w->srv[0] != NULL, "server opens");
	print_diags(&dl);
	const char *path = session_server_path(w->srv[0]);
	struct stat st;
	ok(lstat(path, &st) == 0 && S_ISSOCK(st.st_mode) && (st.st_mode & 0777) == 0600,
	   "socket file has mode 0600");
	ok(!session_server_stats(w->srv[0])->replaced_stale, "nothing stale replaced");

	/* the same deck again: refused with a hint */
	struct session_server *again = session_server_open(&d, NULL, &dl);
	ok(again == NULL, "second presenter of the same deck refused");
	ok(has_diag(&dl, "already being presented") && has_diag(&dl, "--session"),
	   "message suggests --session");
	struct session_opts o = { .session = "two" };
	again = session_server_open(&d, &o, &dl);
	ok(again != NULL, "second presenter with --session works");
	ok(again && strstr(session_server_path(again), "talk@two.sock"), "its own socket");
	w->srv[1] = again;
	diag_list_release(&dl);

	size_t c = add_client(w, path);
	ok(w->ev[c] == 0 && session_client_connected(w->cl[c]), "client connects");
	ok(run_until(w, all_hello, NULL, 200), "client gets the presenter's HELLO");
	const struct proto_hello *h = session_client_peer(w->cl[c]);
	ok(h && strcmp(h->deck, "talk") == 0 && h->has_hash && h->hash == 0xfeedull &&
		   h->nslides == 5 && strcmp(h->title, "A talk") == 0 &&
		   h->role == PROTO_ROLE_PRESENTER,
	   "HELLO carries deck id, hash, title and size");
	ok(session_client_state(w->cl[c]) == NULL, "no state before the first broadcast");
	is_int(session_server_nclients(w->srv[0]), 1, "one client");

	struct proto_state ps = make_state(1);
	session_server_broadcast(w->srv[0], &ps);
	uint64_t seq = 1;
	ok(run_until(w, all_have_seq, &seq, 200), "state arrives");
	ok(w->ev[c] & SESSION_EV_STATE, "as a STATE event");
	const struct proto_state *got = session_client_state(w->cl[c]);
	ok(got && got->slide == 1 && strcmp(got->slide_id, "s1") == 0 &&
		   got->timer == PROTO_TIMER_RUNNING && got->elapsed_ms == 1000,
	   "state content");
	is_int(session_client_state_ms(w->cl[c]), w->now, "receipt time recorded");

	/* the presenter reloads its deck: followers get the new HELLO */
	struct deck d2 = make_deck("talk", 0xbeefull);
	w->ev[c] = 0;
	session_server_set_deck(w->srv[0], &d2);
	ok(run_until(w, got_hello_hash, (void *)&d2.hash, 200),
	   "a reload sends the new deck's HELLO to a connected console");
	ok(w->ev[c] & SESSION_EV_HELLO, "as a HELLO event");
	ok(session_client_connected(w->cl[c]) && !(w->ev[c] & SESSION_EV_LOST),
	   "without dropping the connection");
}

static void test_many(struct world *w)
{
	const char *path = session_server_path(w->srv[0]);
	for (int i = 0; i < 59; i++)
		add_client(w, path);
	is_int(w->ncl, 60, "sixty clients");
	ok(run_until(w, all_hello, NULL, 500), "all sixty connected");
	uint64_t seq = 1;
	ok(run_until(w, all_have_seq, &seq, 500), "all sixty got the current state on joining");
	is_int(session_server_nclients(w->srv[0]), 60, "server counts sixty");

	/* a NAV from one console moves everyone */
	ok(session_client_send_action(w->cl[17], "next") == 0, "client sends NAV");
	ok(run_until(w, srv0_has_nav, NULL, 200), "server receives it");
	struct proto_nav nav;
	ok(session_server_next_nav(w->srv[0], &nav) && strcmp(nav.action, "next") == 0 &&
		   !nav.has_index,
	   "NAV next");
	ok(!session_server_next_nav(w->srv[0], &nav), "only one");
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct proto_state st = make_state(2);
	session_server_broadcast(w->srv[0], &st);
	seq = 2;
	bool all = run_until(w, all_have_seq, &seq, 500);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ok(all, "all sixty got the new state");
	size_t right = 0;
	for (size_t i = 0; i < w->ncl; i++)
		right += session_client_state(w->cl[i])->slide == 2;
	is_int(right, 60, "all show slide index 2");
	printf("# 60 clients: broadcast to all received in %ld us\n",
	       (long)((t1.tv_sec - t0.tv_sec) * 1000000 + (t1.tv_nsec - t0.tv_nsec) / 1000));

	ok(session_client_send_goto(w->cl[3], 4) == 0, "client sends goto");
	ok(run_until(w, srv0_has_nav, NULL, 200), "server receives goto");
	ok(session_server_next_nav(w->srv[0], &nav) && strcmp(nav.action, "goto") == 0 &&
		   nav.has_index && nav.index == 4,
	   "NAV goto 4");

	/* a late joiner gets the state in the same read as the HELLO */
	size_t late = add_client(w, path);
	ok(run_until(w, all_hello, NULL, 200), "late client connected");
	ok((w->ev[late] & (SESSION_EV_HELLO | SESSION_EV_STATE)) ==
		   (SESSION_EV_HELLO | SESSION_EV_STATE),
	   "late client has HELLO and STATE");
	const struct proto_state *ls = session_client_state(w->cl[late]);
	ok(ls && ls->seq == 2 && ls->slide == 2, "late client shows the current slide at once");
}

static void expect_drop(struct world *w, const char *what, const char *hello, const char *bad,
			size_t badlen, const size_t *counter, const char *bye)
{
	size_t before = *counter;
	int fd = raw_connect(session_server_path(w->srv[0]));
	ok(fd >= 0, "raw client connects");
	for (int i = 0; i < 20; i++)
		step(w, 5); /* accepted */
	if (hello)
		raw_send(fd, hello, strlen(hello));
	raw_send(fd, bad, badlen ? badlen : strlen(bad));
	struct count_cond cc = { counter, before + 1 };
	ok(run_until(w, counter_reaches, &cc, 200), what);
	char buf[16384];
	ok(raw_closed(fd, buf, sizeof buf), "its connection is closed");
	if (bye) {
		bool said = strstr(buf, bye) != NULL;
		ok(said, "it is told why");
		if (!said)
			printf("#   got '%.200s', want '%s'\n", buf, bye);
	}
	close(fd);
}

static void test_bad_clients(struct world *w)
{
	const struct session_stats *s = session_server_stats(w->srv[0]);
	const char *hello = "HELLO v=1 role=console\n";
	expect_drop(w, "garbage before HELLO dropped", NULL, "\x01\x02garbage\n", 10,
		    &s->dropped_malformed, "BYE reason=malformed%20message");
	expect_drop(w, "garbage after HELLO dropped", hello, "\xff\xfe\x1b[2J\n", 7,
		    &s->dropped_malformed, NULL);
	expect_drop(w, "unknown type dropped", hello, "JUMP slide=3\n", 13, &s->dropped_malformed,
		    "unknown%20message%20type");
	expect_drop(w, "bad version dropped", NULL, "HELLO v=2 role=console\n", 23,
		    &s->dropped_malformed, "unsupported%20protocol%20version");
	expect_drop(w, "NAV before HELLO dropped", NULL, "NAV action=next\n", 16,
		    &s->dropped_malformed, "expected%20HELLO");
	expect_drop(w, "a client claiming to present dropped", NULL, "HELLO v=1 role=presenter\n",
		    25, &s->dropped_malformed, NULL);
	expect_drop(w, "STATE from a client dropped", hello,
		    "STATE seq=1 slide=0 slides=1 id=x step=0 steps=1 timer=idle elapsed=0 "
		    "slide_ms=0 pace=none blank=none\n",
		    0, &s->dropped_malformed, "unexpected%20message");
	char *big = xmalloc(6000);
	memset(big, 'A', 6000);
	expect_drop(w, "oversized message dropped", hello, big, 6000, &s->dropped_oversized,
		    "oversized%20message");
	free(big);

	/* the others keep working */
	struct proto_state st = make_state(3);
	session_server_broadcast(w->srv[0], &st);
	uint64_t seq = 3;
	ok(run_until(w, all_have_seq, &seq, 500), "the others still follow");
	is_int(session_server_nclients(w->srv[0]), w->ncl, "only the bad ones went");
	size_t lost = 0;
	for (size_t i = 0; i < w->ncl; i++)
		lost += (w->ev[i] & SESSION_EV_LOST) != 0;
	is_int(lost, 0, "no good client lost its connection");
}

static void test_deadlines(struct world *w)
{
	const struct session_stats *s = session_server_stats(w->srv[0]);
	const char *path = session_server_path(w->srv[0]);
	/* never says HELLO */
	size_t before = s->dropped_partial;
	int fd = raw_connect(path);
	for (int i = 0; i < 10; i++)
		step(w, 5);
	int t = session_server_timeout(w->srv[0], w->now);
	is_int(t, 5000, "timeout is the HELLO deadline");
	w->now += 4999;
	step(w, 0);
	is_int(s->dropped_partial, before, "not yet dropped before the deadline");
	w->now += 1;
	session_server_handle(w->srv[0], NULL, 0, w->now);
	is_int(s->dropped_partial, before + 1, "dropped at the HELLO deadline");
	char buf[512];
	ok(raw_closed(fd, buf, sizeof buf) && strstr(buf, "no%20HELLO"), "told why");
	close(fd);

	/* a half-sent message */
	fd = raw_connect(path);
	raw_send(fd, "HELLO v=1 role=console\nNAV act", 30);
	for (int i = 0; i < 10; i++)
		step(w, 5);
	is_int(session_server_timeout(w->srv[0], w->now), 5000, "timeout is the partial deadline");
	w->now += 3000;
	raw_send(fd, "ion=ne", 6); /* more bytes do not reset the deadline */
	for (int i = 0; i < 10; i++)
		step(w, 5);
	is_int(s->dropped_partial, before + 1, "still there");
	w->now += 2000;
	step(w, 0);
	is_int(s->dropped_partial, before + 2, "half-sent message dropped at its deadline");
	ok(raw_closed(fd, buf, sizeof buf), "connection closed");
	close(fd);

	/* the good clients are not affected by time passing */
	struct proto_state st = make_state(4);
	session_server_broadcast(w->srv[0], &st);
	uint64_t seq = 4;
	ok(run_until(w, all_have_seq, &seq, 500), "the others still follow after deadlines");
	is_int(session_server_timeout(w->srv[0], w->now), -1, "no deadline pending");
}

static void test_slow(struct world *w)
{
	/* a separate server with a small queue */
	struct deck d = make_deck("slow", 7);
	struct session_opts o = { .queue_max = 4096 };
	struct diag_list dl;
	diag_list_init(&dl);
	struct session_server *srv = session_server_open(&d, &o, &dl);
	ok(srv != NULL, "server with small queues");
	diag_list_release(&dl);
	struct world v;
	memset(&v, 0, sizeof v);
	v.srv[0] = srv;
	v.now = w->now;
	size_t good = add_client(&v, session_server_path(srv));
	int fd = raw_connect(session_server_path(srv));
	int small = 4096;
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
	raw_send(fd, "HELLO v=1 role=console\n", 23);
	ok(run_until(&v, all_hello, NULL, 200), "good client connected");
	for (int i = 0; i < 10; i++)
		step(&v, 5);
	is_int(session_server_nclients(srv), 2, "two clients");
	const struct session_stats *s = session_server_stats(srv);
	int rounds = 0;
	while (s->dropped_slow == 0 && rounds < 100000) {
		struct proto_state st = make_state((uint32_t)(rounds % 5));
		session_server_broadcast(srv, &st);
		step(&v, 0);
		rounds++;
	}
	is_int(s->dropped_slow, 1, "the client that never reads is dropped");
	printf("# dropped after %d broadcasts\n", rounds);
	ok(rounds > 10, "only after its queue filled");
	uint64_t seq = session_server_state(srv)->seq;
	ok(run_until(&v, all_have_seq, &seq, 500), "the reading client has the latest state");
	ok(!(v.ev[good] & SESSION_EV_LOST), "and was never dropped");
	is_int(session_server_nclients(srv), 1, "one client left");
	close(fd);
	free_clients(&v);
	session_server_free(srv);
}

/* Entries of dir named like listen_at's temporary names (".lectern-*"). */
static int temp_names(const char *dir)
{
	DIR *dd = opendir(dir);
	int n = 0;
	struct dirent *e;
	while (dd && (e = readdir(dd)) != NULL)
		n += strncmp(e->d_name, ".lectern-", 9) == 0;
	if (dd)
		closedir(dd);
	return dd ? n : -1;
}

static void test_stale_and_refusals(struct world *w)
{
	struct diag_list dl;
	diag_list_init(&dl);
	char *dir = session_dir(&dl);
	/* a crashed presenter's socket: bound, then closed without unlink */
	char *path = session_socket_path(dir, "stale", NULL);
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un sa;
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
	ok(bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0, "leftover socket made");
	close(fd);
	struct deck d = make_deck("stale", 9);
	struct session_server *srv = session_server_open(&d, NULL, &dl);
	ok(srv != NULL, "stale socket replaced");
	ok(srv && session_server_stats(srv)->replaced_stale, "and reported as such");
	is_int(temp_names(dir), 0, "the name the socket was bound under first is gone");
	print_diags(&dl);
	struct world v;
	memset(&v, 0, sizeof v);
	v.srv[0] = srv;
	add_client(&v, path);
	ok(run_until(&v, all_hello, NULL, 200), "a console reaches the new presenter");
	free_clients(&v);
	session_server_free(srv);
	struct stat st;
	ok(lstat(path, &st) < 0 && errno == ENOENT, "socket removed when the server ends");
	free(path);

	/* a regular file in the way is not touched */
	path = session_socket_path(dir, "file", NULL);
	FILE *f = fopen(path, "w");
	if (f)
		fclose(f);
	d = make_deck("file", 9);
	srv = session_server_open(&d, NULL, &dl);
	ok(srv == NULL && has_diag(&dl, "not a socket"), "a file in the way is refused");
	ok(lstat(path, &st) == 0 && S_ISREG(st.st_mode), "and left alone");
	is_int(temp_names(dir), 0, "and the refused socket's first name is gone too");
	unlink(path);
	free(path);

	/* a peer of another uid is refused */
	d = make_deck("uid", 9);
	struct session_opts o = { .peer_uid_set = true, .peer_uid = geteuid() + 1 };
	srv = session_server_open(&d, &o, &dl);
	memset(&v, 0, sizeof v);
	v.srv[0] = srv;
	size_t c = add_client(&v, session_server_path(srv));
	ok(run_until(&v, client_lost, &c, 200), "peer of another uid loses the connection");
	is_int(session_server_stats(srv)->refused_uid, 1, "counted as refused");
	is_int(session_server_nclients(srv), 0, "not kept");
	ok(session_client_peer(v.cl[c]) == NULL, "never got a HELLO");
	free_clients(&v);
	session_server_free(srv);

	/* more than max_clients */
	d = make_deck("full", 9);
	struct session_opts o2 = { .max_clients = 3 };
	srv = session_server_open(&d, &o2, &dl);
	memset(&v, 0, sizeof v);
	v.srv[0] = srv;
	for (int i = 0; i < 3; i++)
		add_client(&v, session_server_path(srv));
	ok(run_until(&v, all_hello, NULL, 200), "three clients served");
	c = add_client(&v, session_server_path(srv));
	ok(run_until(&v, client_lost, &c, 200), "the fourth is turned away");
	is_str(session_client_reason(v.cl[c]), "too many consoles", "and told why");
	is_int(session_server_stats(srv)->refused_full, 1, "counted");
	free_clients(&v);
	session_server_free(srv);
	free(dir);
	diag_list_release(&dl);
	(void)w;
}

/* The lowest descriptor number free now. */
static int lowest_free_fd(void)
{
	int fd = dup(0);
	if (fd >= 0)
		close(fd);
	return fd;
}

/* Polls only srv's descriptors, rounds times (timeout ms each), handling
 * the results; returns how many polls woke up with something to do. A
 * server that cannot accept what is waiting and keeps its listening socket
 * in the poll set wakes every time. */
static int server_wakes(struct session_server *srv, uint64_t now, int rounds, int timeout)
{
	int wakes = 0;
	for (int i = 0; i < rounds; i++) {
		struct pollfd fds[MAXC + 1];
		size_t n = session_server_pollfds(srv, fds, MAXC + 1);
		if (poll(fds, n, timeout) > 0)
			wakes++;
		session_server_handle(srv, fds, n, now);
	}
	return wakes;
}

/* Out of file descriptors (RLIMIT_NOFILE lowered in this process): waiting
 * consoles are turned away with a reason, and the server's poll does not
 * spin while they wait; when even the reserve is out of reach, accepting
 * pauses and comes back once descriptors are there again. */
static void test_out_of_fds(void)
{
	struct rlimit old;
	ok(getrlimit(RLIMIT_NOFILE, &old) == 0, "descriptor limit read");
	struct diag_list dl;
	diag_list_init(&dl);
	struct deck d = make_deck("fds", 9);
	struct session_server *srv = session_server_open(&d, NULL, &dl);
	ok(srv != NULL, "server for the descriptor tests");
	print_diags(&dl);
	struct world v;
	memset(&v, 0, sizeof v);
	v.srv[0] = srv;
	v.now = 5000;
	enum { WAITING = 4 };
	for (int i = 0; i < WAITING; i++)
		add_client(&v, session_server_path(srv));
	/* no descriptor left: the next one the server would get is over the
	 * limit */
	struct rlimit low = old;
	low.rlim_cur = (rlim_t)lowest_free_fd();
	ok(setrlimit(RLIMIT_NOFILE, &low) == 0, "descriptor limit lowered to what is open");
	ok(dup(0) < 0 && errno == EMFILE, "no descriptor left");
	int wakes = server_wakes(srv, v.now, 20, 10);
	ok(wakes <= 2, "the server does not spin on consoles it cannot accept");
	printf("#   %d of 20 polls woke up\n", wakes);
	is_int(session_server_stats(srv)->refused_fds, WAITING, "each waiting console refused");
	bool told = true;
	for (size_t c = 0; c < WAITING; c++) {
		told &= run_until(&v, client_lost, &c, 200);
		told &= strcmp(session_client_reason(v.cl[c]),
			       "the presenter is out of file descriptors; try again when "
			       "another console has left") == 0;
		if (c == 0)
			printf("#   reason: '%s'\n", session_client_reason(v.cl[c]));
	}
	ok(told, "and told why");
	is_int(session_server_nclients(srv), 0, "none is kept");
	ok(setrlimit(RLIMIT_NOFILE, &old) == 0, "descriptor limit restored");
	free_clients(&v);
	size_t c = add_client(&v, session_server_path(srv));
	ok(run_until(&v, all_hello, NULL, 200), "with descriptors back a console is served");
	free_clients(&v);
	session_server_free(srv);

	/* the reserve is above the limit too: accepting has to pause */
	int first = lowest_free_fd();
	srv = session_server_open(&d, NULL, &dl);
	struct pollfd lp;
	ok(srv && session_server_pollfds(srv, &lp, 1) == 1 && lp.fd == first,
	   "the listening socket takes the lowest descriptor");
	v.srv[0] = srv;
	for (int i = 0; i < WAITING; i++)
		add_client(&v, session_server_path(srv));
	low.rlim_cur = (rlim_t)first + 1;
	ok(setrlimit(RLIMIT_NOFILE, &low) == 0, "descriptor limit below the reserve");
	wakes = server_wakes(srv, v.now, 20, 10);
	ok(wakes <= 2, "the server does not spin when it cannot even refuse");
	printf("#   %d of 20 polls woke up\n", wakes);
	is_int(session_server_stats(srv)->accept_pauses, 1, "accepting paused once");
	ok(session_server_pollfds(srv, &lp, 1) == 1 && lp.fd == -1,
	   "the listening socket is left out of the poll");
	is_int(session_server_timeout(srv, v.now), 1000, "a retry is due in a second");
	ok(setrlimit(RLIMIT_NOFILE, &old) == 0, "descriptor limit restored");
	v.now += 1000;
	session_server_handle(srv, NULL, 0, v.now);
	ok(session_server_pollfds(srv, &lp, 1) == 1 && lp.fd >= 0, "after it, accepting resumes");
	ok(run_until(&v, all_hello, NULL, 200), "and the consoles that waited are served");
	is_int(session_server_nclients(srv), WAITING, "all of them");
	free_clients(&v);
	session_server_free(srv);
	diag_list_release(&dl);
	(void)c;
}

static void test_reconnect(void)
{
	struct deck d = make_deck("again", 9);
	struct diag_list dl;
	diag_list_init(&dl);
	struct world v;
	memset(&v, 0, sizeof v);
	v.now = 1000;
	v.srv[0] = session_server_open(&d, NULL, &dl);
	char *path = xstrdup(session_server_path(v.srv[0]));
	size_t c = add_client(&v, path);
	ok(run_until(&v, all_hello, NULL, 200), "connected");
	struct proto_state st = make_state(3);
	session_server_broadcast(v.srv[0], &st);
	uint64_t seq = 1;
	ok(run_until(&v, all_have_seq, &seq, 200), "following");

	session_server_free(v.srv[0]);
	v.srv[0] = NULL;
	ok(run_until(&v, client_lost, &c, 200), "presenter gone: client notices");
	is_str(session_client_reason(v.cl[c]), "the presentation ended", "reason given");
	ok(!session_client_connected(v.cl[c]), "not connected");
	ok(session_client_state(v.cl[c]) && session_client_state(v.cl[c])->slide == 3,
	   "last state kept");
	is_int(session_client_timeout(v.cl[c], v.now), 100, "first retry after 100 ms");
	v.now += 100;
	step(&v, 0);
	is_str(session_client_reason(v.cl[c]), "no presentation is running", "retry fails");
	is_int(session_client_timeout(v.cl[c], v.now), 200, "backoff doubles");
	ok(session_client_send_action(v.cl[c], "next") < 0, "NAV refused while down");
	for (int i = 0; i < 6; i++) {
		v.now += (uint64_t)session_client_timeout(v.cl[c], v.now);
		step(&v, 0);
	}
	is_int(session_client_timeout(v.cl[c], v.now), 2000, "backoff capped at 2 s");

	v.srv[0] = session_server_open(&d, NULL, &dl);
	ok(v.srv[0] != NULL, "presenter back");
	v.ev[c] = 0;
	v.now += 2000;
	step(&v, 0);
	ok(v.ev[c] & SESSION_EV_CONNECTED, "client reconnects");
	ok(run_until(&v, all_hello, NULL, 200), "and gets HELLO");
	st = make_state(4);
	v.ev[c] = 0;
	session_server_broadcast(v.srv[0], &st);
	ok(run_until(&v, got_state, &c, 200), "and follows again");
	ok(session_client_state(v.cl[c])->slide == 4, "on the new slide");
	is_int(session_client_timeout(v.cl[c], v.now), -1, "no retry while connected");

	/* the console going away leaves the presenter fine */
	session_client_free(v.cl[c]);
	v.cl[c] = NULL;
	const struct session_stats *s = session_server_stats(v.srv[0]);
	struct count_cond cc = { &s->closed, 1 };
	ok(run_until(&v, counter_reaches, &cc, 200), "console BYE closes its connection");
	is_int(session_server_nclients(v.srv[0]), 0, "presenter has no clients");
	session_server_broadcast(v.srv[0], &st);
	ok(session_server_state(v.srv[0])->seq == 2, "presenter still broadcasts");
	session_server_free(v.srv[0]);
	free(path);
	diag_list_release(&dl);
}

static void test_list(struct world *w)
{
	struct diag_list dl;
	diag_list_init(&dl);
	/* a stale socket next to the two live presenters of test_basic */
	char *dir = session_dir(&dl);
	char *path = session_socket_path(dir, "dead", NULL);
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un sa;
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
	(void)!bind(fd, (struct sockaddr *)&sa, sizeof sa);
	close(fd);
	struct proto_state st = make_state(2);
	session_server_broadcast(w->srv[1], &st);

	struct session_list *l = session_list_new(NULL, NULL, w->now, &dl);
	ok(l != NULL, "list opens");
	bool done = false;
	for (int i = 0; i < 300 && !done; i++) {
		size_t cap = session_list_npollfds(l) + 8;
		for (int s = 0; s < MAXS; s++)
			if (w->srv[s])
				cap += session_server_npollfds(w->srv[s]);
		struct pollfd *fds = xcalloc(cap, sizeof *fds);
		size_t n = 0;
		for (int s = 0; s < MAXS; s++)
			if (w->srv[s])
				n += session_server_pollfds(w->srv[s], fds + n, cap - n);
		n += session_list_pollfds(l, fds + n, cap - n);
		poll(fds, n, 10);
		for (int s = 0; s < MAXS; s++)
			if (w->srv[s])
				session_server_handle(w->srv[s], fds, n, w->now);
		done = session_list_handle(l, fds, n, w->now);
		free(fds);
	}
	ok(done, "every probe finished");
	size_t n;
	const struct session_entry *e = session_list_entries(l, &n);
	is_int(n, 3, "three sockets");
	if (n == 3) {
		ok(strstr(e[0].path, "dead.sock") && e[0].stale && !e[0].live, "dead one is stale");
		ok(strstr(e[1].path, "talk.sock") && e[1].live && !e[1].stale &&
			   strcmp(e[1].hello.deck, "talk") == 0 && e[1].hello.session[0] == '\0',
		   "default session is live");
		ok(e[1].has_state && e[1].state.slide == 4 && e[1].hello.nslides == 5,
		   "with its slide");
		ok(strstr(e[2].path, "talk@two.sock") && e[2].live &&
			   strcmp(e[2].hello.session, "two") == 0,
		   "named session is live");
		ok(e[2].has_state && e[2].state.slide == 2, "with its own slide");
	}
	session_list_free(l);
	unlink(path);
	free(path);
	free(dir);
	diag_list_release(&dl);
}

/* Runs a --list probe to the end, serving w's servers and extra. */
static struct session_list *probe_all(struct world *w, struct session_server *extra)
{
	struct diag_list dl;
	diag_list_init(&dl);
	struct session_list *l = session_list_new(NULL, NULL, w->now, &dl);
	diag_list_release(&dl);
	bool done = false;
	for (int i = 0; l && i < 300 && !done; i++) {
		size_t cap = session_list_npollfds(l) + 8;
		for (int s = 0; s < MAXS; s++)
			if (w->srv[s])
				cap += session_server_npollfds(w->srv[s]);
		cap += session_server_npollfds(extra);
		struct pollfd *fds = xcalloc(cap, sizeof *fds);
		size_t n = 0;
		for (int s = 0; s < MAXS; s++)
			if (w->srv[s])
				n += session_server_pollfds(w->srv[s], fds + n, cap - n);
		n += session_server_pollfds(extra, fds + n, cap - n);
		n += session_list_pollfds(l, fds + n, cap - n);
		poll(fds, n, 10);
		for (int s = 0; s < MAXS; s++)
			if (w->srv[s])
				session_server_handle(w->srv[s], fds, n, w->now);
		session_server_handle(extra, fds, n, w->now);
		done = session_list_handle(l, fds, n, w->now);
		free(fds);
	}
	return l;
}

/* Discovery for `lectern console`: a deck presented only under a session
 * name is found by its id, the default session is told apart from named
 * ones, and the presenter's HELLO says where its deck file is (issue 15). */
static void test_discovery(struct world *w)
{
	struct diag_list dl;
	diag_list_init(&dl);
	char *file = xasprintf("%s/short.ini", tmpdir);
	FILE *f = fopen(file, "w");
	if (f)
		fclose(f);
	char *rel = xasprintf("%s/./short.ini", tmpdir);
	char *abs = realpath(file, NULL);
	struct deck d = make_deck("short", 0x5ull);
	struct session_opts o = { .session = "room1", .deck_file = rel };
	struct session_server *srv = session_server_open(&d, &o, &dl);
	ok(srv != NULL, "a deck presented under --session room1 only");
	print_diags(&dl);
	struct session_list *l = srv ? probe_all(w, srv) : NULL;
	ok(l != NULL, "listed");
	if (srv && l) {
		const struct session_entry *v[8];
		is_int(session_list_match(l, "short", NULL, v, 8), 1,
		       "found by its id, any session");
		ok(strcmp(v[0]->hello.session, "room1") == 0 &&
			   strcmp(v[0]->path, session_server_path(srv)) == 0,
		   "the one in room1, at its socket");
		is_str(v[0]->hello.path, abs, "its HELLO names the deck file, absolute");
		is_int(session_list_match(l, "short", "", v, 8), 0, "not in the default session");
		is_int(session_list_match(l, "short", "room1", v, 8), 1, "in room1");
		is_int(session_list_match(l, "talk", NULL, v, 8), 2,
		       "two presentations of 'talk' (default and 'two')");
		is_int(session_list_match(l, "talk", NULL, v, 1), 2,
		       "counted even beyond the room given");
		is_int(session_list_match(l, "talk", "", v, 8), 1, "one in the default session");
		ok(v[0]->hello.session[0] == '\0' && v[0]->hello.path[0] == '\0',
		   "the default one, opened without a deck file, names none");
		is_int(session_list_match(l, NULL, NULL, v, 8), 3, "three live presentations");
		is_int(session_list_match(l, NULL, "room1", v, 8), 1, "one in room1");
		is_int(session_list_match(l, "nothing", NULL, v, 8), 0,
		       "an unknown id matches none");
	}
	session_list_free(l);
	session_server_free(srv);
	unlink(file);
	free(file);
	free(rel);
	free(abs);
	diag_list_release(&dl);
}

static uint32_t rng(uint64_t *s)
{
	*s = *s * 6364136223846793005ull + 1442695040888963407ull;
	return (uint32_t)(*s >> 33);
}

/* Several raw clients write random bytes (sometimes a valid HELLO first,
 * sometimes valid lines among the junk) while good consoles send NAVs and
 * the server broadcasts. Dropped raw clients come back. The server must
 * account for every connection, deliver every good NAV and keep every good
 * console in step. */
static void test_random(void)
{
	struct deck d = make_deck("random", 3);
	struct diag_list dl;
	diag_list_init(&dl);
	struct world v;
	memset(&v, 0, sizeof v);
	v.srv[0] = session_server_open(&d, NULL, &dl);
	struct session_server *srv = v.srv[0];
	const char *path = session_server_path(srv);
	for (int i = 0; i < 8; i++)
		add_client(&v, path);
	ok(run_until(&v, all_hello, NULL, 200), "good consoles connected");
	int raw[6];
	for (int i = 0; i < 6; i++)
		raw[i] = raw_connect(path);
	uint64_t seed = 777;
	size_t sent = 0, got = 0, reconnects = 0;
	/* raw clients' NAVs say "prev", so the good consoles' "next" can be counted */
	const char *valid[] = { "HELLO v=1 role=console\n", "NAV action=prev\n", "BYE\n",
				"NAV action=goto index=1\n" };
	for (int iter = 0; iter < 3000; iter++) {
		uint32_t what = rng(&seed) % 10;
		if (what < 5) {
			int k = (int)(rng(&seed) % 6);
			char junk[600];
			size_t n;
			/* raw 0 only grows a line (oversized), raw 1 grows it slowly
			 * (half-sent past the deadline), the others mix */
			uint32_t kind = k < 2 ? 2 : rng(&seed) % 6;
			if (kind < 2) {
				const char *vline = valid[rng(&seed) % 4];
				n = strlen(vline);
				memcpy(junk, vline, n);
			} else if (kind == 2) {
				/* printable, no newline: grows a partial or oversized line */
				n = 1 + rng(&seed) % (k == 1 ? 8 : sizeof junk);
				for (size_t i = 0; i < n; i++)
					junk[i] = (char)('a' + rng(&seed) % 26);
			} else {
				n = 1 + rng(&seed) % sizeof junk;
				for (size_t i = 0; i < n; i++)
					junk[i] = (char)(rng(&seed) % 16 == 0 ? '\n' : rng(&seed));
			}
			if (raw[k] < 0 || send(raw[k], junk, n, MSG_NOSIGNAL | MSG_DONTWAIT) < 0) {
				if (raw[k] >= 0)
					close(raw[k]);
				raw[k] = raw_connect(path);
				reconnects++;
			}
		} else if (what < 8) {
			size_t c = rng(&seed) % v.ncl;
			if (session_client_send_action(v.cl[c], "next") == 0)
				sent++;
		} else {
			struct proto_state st = make_state(rng(&seed) % 5);
			session_server_broadcast(srv, &st);
		}
		if (iter % 97 == 0)
			v.now += 1000; /* let the deadlines bite now and then */
		step(&v, 0);
		struct proto_nav nav;
		while (session_server_next_nav(srv, &nav))
			got += strcmp(nav.action, "next") == 0;
	}
	for (int i = 0; i < 6; i++)
		if (raw[i] >= 0)
			close(raw[i]);
	for (int i = 0; i < 50; i++) {
		step(&v, 5);
		struct proto_nav nav;
		while (session_server_next_nav(srv, &nav))
			got += strcmp(nav.action, "next") == 0;
	}
	const struct session_stats *s = session_server_stats(srv);
	printf("# random: %zu accepted, %zu malformed, %zu oversized, %zu partial, %zu closed, "
	       "%zu reconnects, %zu/%zu navs\n",
	       s->accepted, s->dropped_malformed, s->dropped_oversized, s->dropped_partial,
	       s->closed, reconnects, got, sent);
	ok(s->dropped_malformed > 10, "many junk clients dropped");
	ok(s->dropped_oversized > 0, "some for oversized lines");
	ok(s->dropped_partial > 0, "some for half-sent lines");
	size_t ends = s->dropped_malformed + s->dropped_oversized + s->dropped_partial +
		      s->dropped_slow + s->closed;
	is_int(s->accepted, ends + session_server_nclients(srv), "every connection accounted for");
	is_int(session_server_nclients(srv), v.ncl, "only the good consoles remain");
	is_int(got, sent, "every NAV from a good console arrived");
	is_int(s->navs_discarded, 0, "none discarded");
	size_t lost = 0;
	for (size_t i = 0; i < v.ncl; i++)
		lost += (v.ev[i] & SESSION_EV_LOST) != 0;
	is_int(lost, 0, "no good console was dropped");
	struct proto_state st = make_state(1);
	session_server_broadcast(srv, &st);
	uint64_t seq = session_server_state(srv)->seq;
	ok(run_until(&v, all_have_seq, &seq, 200), "all good consoles in step at the end");
	free_clients(&v);
	session_server_free(srv);
	diag_list_release(&dl);
}

/* A peer that really runs as another user is refused: a server runs as
 * uid 65534 in a folder of its own, and this process, as root, connects
 * to it (root may enter that 0700 folder; no other user can). Changing
 * user takes root: as any other user the refusal is checked through
 * session_opts.peer_uid in test_stale_and_refusals(), and CI runs this
 * as root. */
static void test_other_user(void)
{
	if (geteuid() != 0) {
		tap_skip(3, "not root: a real other user cannot be tried");
		return;
	}
	const uid_t nobody = 65534;
	char dir[] = "/tmp/lectern-peer-XXXXXX";
	int ready[2];
	if (!mkdtemp(dir) || chown(dir, nobody, nobody) != 0 || pipe(ready) != 0) {
		ok(0, "a folder for uid 65534");
		return;
	}
	struct deck d = make_deck("peer", 9);
	pid_t pid = fork();
	if (pid == 0) {
		close(ready[0]);
		if (setgroups(0, NULL) != 0 || setgid(nobody) != 0 || setuid(nobody) != 0)
			_exit(3);
		struct session_opts o = { .dir = dir };
		struct diag_list dl;
		diag_list_init(&dl);
		struct world w;
		memset(&w, 0, sizeof w);
		w.srv[0] = session_server_open(&d, &o, &dl);
		if (!w.srv[0])
			_exit(4);
		if (write(ready[1], "r", 1) != 1)
			_exit(5);
		for (int i = 0; i < 500 && session_server_stats(w.srv[0])->refused_uid == 0; i++)
			step(&w, 10);
		_exit(session_server_stats(w.srv[0])->refused_uid == 1 &&
				      session_server_nclients(w.srv[0]) == 0
			      ? 0
			      : 6);
	}
	close(ready[1]);
	char c;
	ok(pid > 0 && read(ready[0], &c, 1) == 1, "a presentation runs as uid 65534");
	close(ready[0]);
	char *path = session_socket_path(dir, "peer", NULL);
	struct world v;
	memset(&v, 0, sizeof v);
	size_t i = add_client(&v, path);
	/* the server may close the connection before or after the client's
	 * HELLO is out, so the client may or may not report it as lost: the
	 * server's count is the judge */
	int status = 0;
	pid_t done = 0;
	for (int k = 0; k < 500 && pid > 0 && done == 0; k++) {
		step(&v, 10);
		done = waitpid(pid, &status, WNOHANG);
	}
	if (pid > 0 && done == 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
	}
	ok(done == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	   "root connecting to it is refused for its uid, and not kept");
	ok(session_client_peer(v.cl[i]) == NULL, "and never gets a HELLO");
	free_clients(&v);
	unlink(path);
	free(path);
	rmdir(dir);
}

/* The typed errors: every way the folder, a name, opening a server, a
 * console's connection and the listing fail has its own code, and the
 * code goes with the message the same call gives. */
static enum session_err dir_err(const char *dir)
{
	struct diag_list dl;
	diag_list_init(&dl);
	enum session_err e = session_check_dir_err(dir, &dl);
	if ((e == SESSION_OK) != (dl.n == 0))
		printf("# %s: code %d with %zu messages\n", dir, (int)e, dl.n);
	int classic = session_check_dir(dir, &dl);
	if (classic != (e == SESSION_OK ? 0 : -1))
		e = (enum session_err) - 1;
	diag_list_release(&dl);
	return e;
}

static enum session_err open_err(const struct deck *d, const struct session_opts *o,
				 struct session_server **out, struct diag_list *dl)
{
	diag_list_release(dl);
	diag_list_init(dl);
	return session_server_open_err(out, d, o, dl);
}

static void test_errors(void)
{
	char base[96], x[200];
	snprintf(base, sizeof base, "%s/errs", tmpdir);
	mkdir(base, 0700);
	struct diag_list dl;
	diag_list_init(&dl);

	is_int(session_check_name_err("stage-2", &dl), SESSION_OK, "good name: SESSION_OK");
	is_int(session_check_name_err("a b", &dl), SESSION_ERR_NAME, "bad name: SESSION_ERR_NAME");
	is_int(dir_err(base), SESSION_OK, "own private folder: SESSION_OK");
	snprintf(x, sizeof x, "%s/none", base);
	is_int(dir_err(x), SESSION_ERR_NO_DIR, "missing folder: SESSION_ERR_NO_DIR");
	snprintf(x, sizeof x, "%s/link", base);
	(void)!symlink(base, x);
	is_int(dir_err(x), SESSION_ERR_DIR_LINK, "symlink: SESSION_ERR_DIR_LINK");
	snprintf(x, sizeof x, "%s/file", base);
	FILE *f = fopen(x, "w");
	if (f)
		fclose(f);
	is_int(dir_err(x), SESSION_ERR_DIR_NOT_DIR, "file: SESSION_ERR_DIR_NOT_DIR");
	snprintf(x, sizeof x, "%s/open", base);
	mkdir(x, 0700);
	chmod(x, 0750);
	is_int(dir_err(x), SESSION_ERR_DIR_PERM, "mode 0750: SESSION_ERR_DIR_PERM");
	snprintf(x, sizeof x, "%s/owner", base);
	mkdir(x, 0700);
	if (geteuid() == 0 && chown(x, 12345, 12345) == 0)
		is_int(dir_err(x), SESSION_ERR_DIR_OWNER, "foreign owner: SESSION_ERR_DIR_OWNER");
	else
		tap_skip(1, "not root: no folder of another owner can be made");

	/* session_dir_err: a folder that cannot be created, a bad one */
	char *dir = (char *)"unset";
	setenv("XDG_RUNTIME_DIR", "/nonexistent-lectern-dir", 1);
	diag_list_release(&dl);
	diag_list_init(&dl);
	is_int(session_dir_err(&dir, &dl), SESSION_ERR_NO_DIR, "folder not creatable: NO_DIR");
	ok(dir == NULL && has_diag(&dl, "cannot create the socket folder"), "no folder, same text");
	setenv("XDG_RUNTIME_DIR", base, 1); /* base/lectern: make it open */
	snprintf(x, sizeof x, "%s/lectern", base);
	mkdir(x, 0700);
	chmod(x, 0755);
	is_int(session_dir_err(&dir, &dl), SESSION_ERR_DIR_PERM, "open folder: DIR_PERM");

	struct session_server *srv = (struct session_server *)&dl;
	struct deck d = make_deck("errs", 3);
	is_int(open_err(&d, NULL, &srv, &dl), SESSION_ERR_DIR_PERM,
	       "server in an open folder: DIR_PERM");
	ok(srv == NULL && has_diag(&dl, "open to group or others"), "no server, same text");
	chmod(x, 0700);
	struct session_opts bad = { .session = "a/b" };
	is_int(open_err(&d, &bad, &srv, &dl), SESSION_ERR_NAME, "server, bad --session: NAME");
	setenv("XDG_RUNTIME_DIR", tmpdir, 1);

	char longdir[120];
	snprintf(longdir, sizeof longdir, "%s/", base);
	size_t l = strlen(longdir);
	memset(longdir + l, 'd', 90 - l);
	longdir[90] = '\0';
	mkdir(longdir, 0700);
	struct session_opts lo = { .dir = longdir };
	is_int(open_err(&d, &lo, &srv, &dl), SESSION_ERR_DIR_TOO_LONG,
	       "folder too long for a socket: DIR_TOO_LONG");
	struct session_opts in = { .dir = base };
	char *sock = session_socket_path(base, "errs", NULL);
	f = fopen(sock, "w");
	if (f)
		fclose(f);
	is_int(open_err(&d, &in, &srv, &dl), SESSION_ERR_IN_WAY, "a file in the way: IN_WAY");
	unlink(sock);
	struct session_server *first = NULL;
	is_int(open_err(&d, &in, &first, &dl), SESSION_OK, "a good server: SESSION_OK");
	ok(first != NULL && dl.n == 0, "with the server and no message");
	is_int(open_err(&d, &in, &srv, &dl), SESSION_ERR_PRESENTED,
	       "the same deck again: SESSION_ERR_PRESENTED");
	ok(srv == NULL && has_diag(&dl, "--session"), "whose message suggests --session");

	/* a console's connection */
	struct world v;
	memset(&v, 0, sizeof v);
	v.now = 5000;
	v.srv[0] = first;
	size_t c = add_client(&v, sock);
	is_int(session_client_err(v.cl[c]), SESSION_OK, "console connected: SESSION_OK");
	ok(run_until(&v, all_hello, NULL, 200), "and welcomed");
	session_server_free(first);
	v.srv[0] = NULL;
	ok(run_until(&v, client_lost, &c, 200), "the presentation ends");
	is_int(session_client_err(v.cl[c]), SESSION_ERR_ENDED, "console: SESSION_ERR_ENDED");
	free_clients(&v);
	c = add_client(&v, sock);
	is_int(session_client_err(v.cl[c]), SESSION_ERR_NOT_RUNNING, "no socket: NOT_RUNNING");
	is_str(session_client_reason(v.cl[c]), "no presentation is running", "same reason");
	free_clients(&v);
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un sa;
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", sock);
	bool bound = bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0;
	close(fd);
	c = add_client(&v, sock);
	is_int(session_client_err(v.cl[c]), SESSION_ERR_STALE, "a leftover socket: STALE");
	free_clients(&v);
	unlink(sock);
	/* a presenter that speaks out of turn */
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	bound = bound && bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0 && listen(fd, 4) == 0;
	c = add_client(&v, sock);
	int peer = bound ? accept(fd, NULL, NULL) : -1;
	raw_send(peer, "STATE slide=0\n", 14);
	ok(run_until(&v, client_lost, &c, 200), "a STATE before HELLO ends the connection");
	is_int(session_client_err(v.cl[c]), SESSION_ERR_PROTOCOL, "console: SESSION_ERR_PROTOCOL");
	free_clients(&v);
	if (peer >= 0)
		close(peer);
	close(fd);
	unlink(sock);
	free(sock);

	/* the listing */
	struct session_list *ls = NULL;
	snprintf(x, sizeof x, "%s/open", base);
	diag_list_release(&dl);
	diag_list_init(&dl);
	is_int(session_list_new_err(&ls, x, NULL, 0, &dl), SESSION_ERR_DIR_PERM,
	       "listing an open folder: DIR_PERM");
	ok(ls == NULL && has_diag(&dl, "open to group or others"), "no list, same text");
	is_int(session_list_new_err(&ls, base, NULL, 0, &dl), SESSION_OK, "listing: SESSION_OK");
	session_list_free(ls);
	diag_list_release(&dl);
}

/* A follower client of path, asking for the deck text and captions or not. */
static size_t add_follower_asking(struct world *w, const char *path, bool want_deck,
				  bool want_captions)
{
	struct proto_hello h;
	memset(&h, 0, sizeof h);
	h.role = PROTO_ROLE_FOLLOWER;
	h.want_deck = want_deck;
	h.want_captions = want_captions;
	size_t i = w->ncl++;
	w->cl[i] = session_client_new(path, &h, NULL, w->now);
	w->ev[i] = 0;
	return i;
}

static size_t add_follower(struct world *w, const char *path, bool want_deck)
{
	return add_follower_asking(w, path, want_deck, false);
}

static bool got_deck(struct world *w, void *arg)
{
	size_t i = *(size_t *)arg;
	return (w->ev[i] & SESSION_EV_DECK) != 0;
}

/* Followers: through the audience socket (any uid, followers only) and the
 * console socket; the public state without the presenter's timer, no deck
 * path for the audience, no NAV accepted, the deck text without notes,
 * again after a reload, and the audience's own connection limit. */
static void test_followers(void)
{
	struct world w;
	memset(&w, 0, sizeof w);
	w.now = 5000000;
	char file[128], adir[128];
	snprintf(file, sizeof file, "%s/notes.ini", tmpdir);
	snprintf(adir, sizeof adir, "%s/audience", tmpdir);
	FILE *f = fopen(file, "w");
	fputs("[deck]\nid = fol\ntitle = Followed\n; a comment NOTE-SECRET-0\n"
	      "[one]\ntitle = First slide\nnote.1 = NOTE-SECRET-1 \\\n  continued NOTE-SECRET-2\n"
	      "text.1 = shown text\n\n[two]\ntitle = Second 第二\nNote.2 = NOTE-SECRET-3\n",
	      f);
	fclose(f);
	struct deck d = make_deck("fol", 0x77);
	struct session_opts o = { .deck_file = file };
	struct diag_list dl;
	diag_list_init(&dl);
	w.srv[0] = session_server_open(&d, &o, &dl);
	ok(w.srv[0] != NULL, "a presenter for followers opens");
	struct session_audience_opts ao = { NULL, 2, adir };
	ok(w.srv[0] && session_server_open_audience(w.srv[0], &ao, &dl) == SESSION_OK,
	   "its audience socket opens");
	print_diags(&dl);
	diag_list_release(&dl);
	if (!w.srv[0] || !session_server_audience_path(w.srv[0])) {
		tap_missed(14, "no audience socket");
		session_server_free(w.srv[0]);
		return;
	}
	struct stat st;
	const char *apath = session_server_audience_path(w.srv[0]);
	ok(lstat(apath, &st) == 0 && (st.st_mode & 0777) == 0666 && lstat(adir, &st) == 0 &&
		   (st.st_mode & 0777) == 0755,
	   "the audience socket is 0666 in a 0755 folder");
	is_int(session_server_audience_max(w.srv[0]), 2, "its limit is its own (2 here)");

	size_t a = add_follower(&w, apath, true);
	size_t c = add_client(&w, session_server_path(w.srv[0]));
	ok(run_until(&w, all_hello, NULL, 200), "a follower and a console say HELLO");
	const struct proto_hello *h = session_client_peer(w.cl[a]);
	ok(h && h->path[0] == '\0' && session_client_peer(w.cl[c])->path[0] == '/',
	   "the audience HELLO names no deck file; the console's does");
	struct proto_state ps = make_state(1);
	ps.has_remaining = true;
	ps.remaining_ms = 777;
	ps.pace = PROTO_PACE_FAR_BEHIND;
	ps.blank = PROTO_BLANK_BLACK;
	session_server_broadcast(w.srv[0], &ps);
	uint64_t seq = 1;
	ok(run_until(&w, all_have_seq, &seq, 200), "both get the state");
	const struct proto_state *fs = session_client_state(w.cl[a]);
	const struct proto_state *cs = session_client_state(w.cl[c]);
	ok(fs && fs->timer == PROTO_TIMER_IDLE && fs->elapsed_ms == 0 && !fs->has_remaining &&
		   fs->pace == PROTO_PACE_NONE && fs->slide == 1 && fs->blank == PROTO_BLANK_BLACK,
	   "the follower's state has the slide and the blackout, not the timer");
	ok(cs && cs->timer == PROTO_TIMER_RUNNING && cs->elapsed_ms == 1000 &&
		   cs->remaining_ms == 777,
	   "the console's has the timer");

	ok(run_until(&w, got_deck, &a, 400), "the follower that asked gets the deck text");
	size_t len = 0;
	char *text = session_client_take_deck(w.cl[a], &len);
	ok(text && strstr(text, "First slide") && strstr(text, "Second 第二") &&
		   !strstr(text, "NOTE-SECRET"),
	   "the text has the slides and no note or comment");
	diag_list_init(&dl);
	struct deck *got = text ? follow_load_text(text, len, &dl) : NULL;
	ok(got && got->nslides == 2 && strcmp(got->slides[0].title, "First slide") == 0,
	   "and loads as the deck");
	deck_free(got);
	diag_list_release(&dl);

	/* a reload sends the text again */
	w.ev[a] = 0;
	session_server_set_deck(w.srv[0], &d);
	ok(run_until(&w, got_deck, &a, 400), "after a reload the deck text comes again");
	free(session_client_take_deck(w.cl[a], &len));

	/* a follower's NAV is refused and costs it the connection */
	session_client_send_action(w.cl[a], "next");
	struct count_cond cc = { &session_server_stats(w.srv[0])->dropped_follower_nav, 1 };
	ok(run_until(&w, counter_reaches, &cc, 200) && !srv0_has_nav(&w, NULL),
	   "a follower's NAV is not taken and drops it");

	/* the audience socket takes followers only, and at most 2 */
	size_t k = add_client(&w, apath);
	ok(run_until(&w, client_lost, &k, 200) && !session_client_peer(w.cl[k]),
	   "a console on the audience socket is refused");
	size_t f1 = add_follower(&w, apath, false), f2 = add_follower(&w, apath, false);
	size_t f3 = add_follower(&w, apath, false);
	for (int i = 0; i < 100; i++)
		step(&w, 5);
	ok(session_client_peer(w.cl[f1]) && session_client_peer(w.cl[f2]) &&
		   !session_client_peer(w.cl[f3]) &&
		   strstr(session_client_reason(w.cl[f3]), "too many followers"),
	   "a third follower is turned away: 'too many followers'");
	free_clients(&w);
	session_server_free(w.srv[0]);
	ok(lstat(apath, &st) != 0, "the audience socket is removed at the end");

	/* --audience=GROUP: the folder and the socket for that group only */
	struct deck g = make_deck("grp", 1);
	char gdir[128];
	snprintf(gdir, sizeof gdir, "%s/audience-group", tmpdir);
	diag_list_init(&dl);
	struct session_opts go = { .session = "g" };
	struct session_server *gs = session_server_open(&g, &go, &dl);
	struct session_audience_opts gao = { "root", 0, gdir };
	ok(gs && session_server_open_audience(gs, &gao, &dl) == SESSION_OK &&
		   lstat(gdir, &st) == 0 && (st.st_mode & 0777) == 0750 && st.st_gid == 0 &&
		   lstat(session_server_audience_path(gs), &st) == 0 &&
		   (st.st_mode & 0777) == 0660 && st.st_gid == 0,
	   "--audience=root: folder 0750 and socket 0660 of group root");
	struct session_audience_opts bad = { "no-such-group-here", 0, gdir };
	struct session_server *gs2 = session_server_open(&g, &(struct session_opts){ 0 }, &dl);
	ok(gs2 && session_server_open_audience(gs2, &bad, &dl) == SESSION_ERR_NAME &&
		   has_diag(&dl, "no group is called 'no-such-group-here'") &&
		   !session_server_audience_path(gs2),
	   "an unknown group is an error, and no audience socket opens");
	session_server_free(gs2);
	session_server_free(gs);
	diag_list_release(&dl);
}

static size_t add_captioner(struct world *w, const char *path)
{
	return add_follower_asking(w, path, false, true);
}

static bool got_caption(struct world *w, void *arg)
{
	size_t i = *(size_t *)arg;
	return (w->ev[i] & SESSION_EV_CAPTION) != 0;
}

/* Live captions: only followers that said captions=1 get CAPTIONs
 * (through either socket), a late one gets the caption shown right after
 * its HELLO and STATE, "" clears it, and a CAPTION to a client that did
 * not ask is a protocol error. 10 checks. */
static void test_captions(void)
{
	struct world w;
	memset(&w, 0, sizeof w);
	w.now = 7000000;
	char adir[128];
	snprintf(adir, sizeof adir, "%s/audience-cap", tmpdir);
	struct deck d = make_deck("cap", 0x55);
	struct diag_list dl;
	diag_list_init(&dl);
	w.srv[0] = session_server_open(&d, NULL, &dl);
	struct session_audience_opts ao = { NULL, 0, adir };
	if (!w.srv[0] || session_server_open_audience(w.srv[0], &ao, &dl) != SESSION_OK) {
		print_diags(&dl);
		diag_list_release(&dl);
		tap_missed(10, "no audience socket");
		session_server_free(w.srv[0]);
		return;
	}
	diag_list_release(&dl);
	const char *apath = session_server_audience_path(w.srv[0]);
	struct proto_state ps = make_state(0);
	session_server_broadcast(w.srv[0], &ps);
	size_t a = add_captioner(&w, apath);
	size_t own = add_captioner(&w, session_server_path(w.srv[0]));
	size_t old = add_follower(&w, apath, false);
	size_t con = add_client(&w, session_server_path(w.srv[0]));
	ok(run_until(&w, all_hello, NULL, 200), "followers old and new and a console say HELLO");
	session_server_caption(w.srv[0], "live words 字幕");
	ok(run_until(&w, got_caption, &a, 200) && run_until(&w, got_caption, &own, 200),
	   "the followers that asked get the CAPTION, through either socket");
	is_str(session_client_caption(w.cl[a]), "live words 字幕", "with its text");
	for (int i = 0; i < 20; i++)
		step(&w, 5);
	ok(session_client_connected(w.cl[old]) && session_client_connected(w.cl[con]) &&
		   !(w.ev[old] & SESSION_EV_CAPTION) && !(w.ev[con] & SESSION_EV_CAPTION) &&
		   session_client_caption(w.cl[old])[0] == '\0',
	   "an old follower and a console get none and stay connected");
	size_t late = add_captioner(&w, apath);
	ok(run_until(&w, got_caption, &late, 200), "a late follower gets the caption shown");
	ok(session_client_peer(w.cl[late]) && session_client_state(w.cl[late]) &&
		   strcmp(session_client_caption(w.cl[late]), "live words 字幕") == 0,
	   "after its HELLO and STATE");
	w.ev[a] = 0;
	session_server_caption(w.srv[0], "");
	ok(run_until(&w, got_caption, &a, 200) && session_client_caption(w.cl[a])[0] == '\0',
	   "an empty caption clears it");
	size_t later = add_captioner(&w, apath);
	ok(run_until(&w, all_hello, NULL, 200), "a follower joining after the clear says HELLO");
	for (int i = 0; i < 20; i++)
		step(&w, 5);
	ok(!(w.ev[later] & SESSION_EV_CAPTION), "and gets no caption");
	free_clients(&w);
	session_server_free(w.srv[0]);

	/* a presenter that sends a caption nobody asked for */
	char *sock = xasprintf("%s/fake-cap.sock", tmpdir);
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un sa;
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", sock);
	bool bound = bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0 && listen(fd, 4) == 0;
	memset(&w, 0, sizeof w);
	size_t c = add_follower(&w, sock, false);
	int peer = bound ? accept(fd, NULL, NULL) : -1;
	static const char unasked[] = "HELLO v=1 role=presenter deck=x\nCAPTION text=hi\n";
	raw_send(peer, unasked, sizeof unasked - 1);
	ok(run_until(&w, client_lost, &c, 200) &&
		   session_client_err(w.cl[c]) == SESSION_ERR_PROTOCOL,
	   "a CAPTION to a follower that did not ask is a protocol error");
	free_clients(&w);
	if (peer >= 0)
		close(peer);
	close(fd);
	unlink(sock);
	free(sock);
}

/* What a fake presenter's DECK lines (after its HELLO) do to a follower
 * that asked for the deck: whether the connection was lost as a protocol
 * error, and the text handed over (NULL: none; the caller frees it). */
static char *fake_deck(const char *lines, bool *protocol_error)
{
	char *sock = xasprintf("%s/fake-deck.sock", tmpdir);
	unlink(sock);
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un sa;
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", sock);
	bool bound = bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0 && listen(fd, 4) == 0;
	struct world w;
	memset(&w, 0, sizeof w);
	size_t c = add_follower(&w, sock, true);
	int peer = bound ? accept(fd, NULL, NULL) : -1;
	static const char hello[] = "HELLO v=1 role=presenter deck=x\n";
	raw_send(peer, hello, sizeof hello - 1);
	raw_send(peer, lines, strlen(lines));
	for (int i = 0; i < 50 && !(w.ev[c] & SESSION_EV_LOST); i++)
		step(&w, 5);
	*protocol_error =
		(w.ev[c] & SESSION_EV_LOST) && session_client_err(w.cl[c]) == SESSION_ERR_PROTOCOL;
	size_t len;
	char *text = session_client_take_deck(w.cl[c], &len);
	free_clients(&w);
	if (peer >= 0)
		close(peer);
	close(fd);
	unlink(sock);
	free(sock);
	return text;
}

/* DECK chunks on the follower's side: each must go on exactly where the
 * text of its generation stands; a gap, a repeat, a chunk past the size,
 * another size or generation mid-text is refused as a protocol error and
 * hands over no text, half or whole. 12 checks. */
static void test_deck_chunks(void)
{
	static const struct {
		const char *lines, *why;
	} bad[] = {
		{ "DECK gen=1 size=6 off=0 data=abc\nDECK gen=1 size=6 off=4 data=ef\n",
		  "a chunk that skips an offset" },
		{ "DECK gen=1 size=6 off=0 data=abc\nDECK gen=1 size=6 off=2 data=cdef\n",
		  "a chunk that repeats an offset" },
		{ "DECK gen=1 size=6 off=0 data=abc\nDECK gen=1 size=6 off=3 data=defg\n",
		  "a chunk that passes the size" },
		{ "DECK gen=1 size=6 off=0 data=abc\nDECK gen=1 size=7 off=3 data=def\n",
		  "a chunk with another size" },
		{ "DECK gen=1 size=6 off=0 data=abc\nDECK gen=2 size=6 off=3 data=def\n",
		  "a chunk of another generation" },
		{ "DECK gen=1 size=6 off=3 data=def\n", "a first chunk not at offset 0" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		bool perr = false;
		char *text = fake_deck(bad[i].lines, &perr);
		char what[128];
		snprintf(what, sizeof what, "%s is a protocol error", bad[i].why);
		ok(perr, what);
		snprintf(what, sizeof what, "%s hands over no text", bad[i].why);
		ok(text == NULL, what);
		free(text);
	}
}

/* One server round: poll (no wait) and handle. */
static void server_round(struct session_server *srv, uint64_t now)
{
	size_t cap = session_server_npollfds(srv);
	struct pollfd *fds = xcalloc(cap, sizeof *fds);
	size_t n = session_server_pollfds(srv, fds, cap);
	(void)poll(fds, n, 0);
	session_server_handle(srv, fds, n, now);
	free(fds);
}

/* Reads what is waiting on each raw follower (never blocks); marks in got
 * which had bytes. Returns how many had. */
static size_t drain_raw(const int *fd, size_t n, bool *got)
{
	size_t had = 0;
	char buf[4096];
	for (size_t i = 0; i < n; i++) {
		bool any = false;
		while (fd[i] >= 0 && recv(fd[i], buf, sizeof buf, MSG_DONTWAIT) > 0)
			any = true;
		if (got)
			got[i] = got[i] || any;
		had += any;
	}
	return had;
}

/* An audience server (session NAME, deck d, audience folder
 * tmpdir/audience-NAME, room for n + 8) with n raw followers connected into
 * fd[] (-1 where a connect failed), each having sent its HELLO; `first`, if
 * not NULL, is broadcast before they connect. Returns NULL, after reporting
 * `missed` checks as missed, when the socket cannot take n followers; the
 * caller frees the server and releases dl. */
static struct session_server *audience_with_followers(struct deck *d, const char *name, size_t n,
						      const struct proto_state *first, int *fd,
						      uint64_t now, struct diag_list *dl,
						      unsigned missed)
{
	char adir[128], why[64];
	snprintf(adir, sizeof adir, "%s/audience-%s", tmpdir, name);
	struct session_server *srv =
		session_server_open(d, &(struct session_opts){ .session = name }, dl);
	struct session_audience_opts ao = { NULL, n + 8, adir };
	if (!srv || session_server_open_audience(srv, &ao, dl) != SESSION_OK ||
	    session_server_audience_max(srv) < n) {
		print_diags(dl);
		snprintf(why, sizeof why, "no audience socket for %zu followers", n);
		tap_missed(missed, why);
		session_server_free(srv);
		return NULL;
	}
	if (first)
		session_server_broadcast(srv, first);
	for (size_t i = 0; i < n; i++) {
		fd[i] = raw_connect(session_server_audience_path(srv));
		if (fd[i] >= 0)
			raw_send(fd[i], "HELLO v=1 role=follower\n", 24);
		if (i % 32 == 31)
			server_round(srv, now);
	}
	return srv;
}

/* The followers' writes per session_server_handle() call are bounded (128),
 * so a key never waits behind a thousand of them; the next call writes to
 * the ones left, and every follower gets the move. */
static void test_fanout_budget(void)
{
	enum { N = 300 };
	struct deck d = make_deck("fan", 7);
	struct diag_list dl;
	diag_list_init(&dl);
	uint64_t now = 9000000;
	struct proto_state st = make_state(1);
	int fd[N];
	struct session_server *srv = audience_with_followers(&d, "fan", N, &st, fd, now, &dl, 10);
	if (!srv) {
		diag_list_release(&dl);
		return;
	}
	size_t connected = 0;
	for (size_t i = 0; i < N; i++)
		connected += fd[i] >= 0;
	/* every follower has its HELLO and STATE: drained, nothing pending */
	size_t welcomed = 0;
	bool *got = xcalloc(N, sizeof *got);
	for (int r = 0; r < 50 && welcomed < connected; r++) {
		server_round(srv, now);
		drain_raw(fd, N, got);
		welcomed = 0;
		for (size_t i = 0; i < N; i++)
			welcomed += got[i];
	}
	is_int((long)welcomed, N, "300 followers welcomed (HELLO and STATE)");
	is_int(session_server_timeout(srv, now), -1, "nothing to write: no timeout");
	st = make_state(2);
	session_server_broadcast(srv, &st);
	is_int(session_server_timeout(srv, now), 0, "after a move to 300 followers: timeout 0");
	drain_raw(fd, N, NULL);
	memset(got, 0, N * sizeof *got);
	server_round(srv, now);
	size_t first = drain_raw(fd, N, got);
	is_int((long)first, 128, "one call writes the move to 128 followers, no more");
	is_int(session_server_timeout(srv, now), 0, "172 left: timeout still 0");
	server_round(srv, now);
	size_t second = drain_raw(fd, N, got);
	is_int((long)second, 128, "the next call writes to the next 128");
	is_int(session_server_timeout(srv, now), 0, "44 left: timeout still 0");
	server_round(srv, now);
	drain_raw(fd, N, got);
	is_int(session_server_timeout(srv, now), -1, "all written: no timeout again");
	size_t all = 0;
	for (size_t i = 0; i < N; i++)
		all += got[i];
	is_int((long)all, N, "the third call reaches the rest: every follower has the move");
	free(got);
	for (size_t i = 0; i < N; i++)
		if (fd[i] >= 0)
			close(fd[i]);
	/* more events than one epoll_wait() batch (256): one call takes them */
	server_round(srv, now);
	is_int((long)session_server_nfollowers(srv), 0, "300 hang-ups noticed in one call");
	session_server_free(srv);
	diag_list_release(&dl);
}

/* Reads what is waiting on fd (never blocks) into *acc (grown, kept
 * NUL-terminated); returns how many lines came. */
static size_t drain_lines(int fd, char **acc, size_t *len, size_t *cap)
{
	char buf[4096];
	ssize_t n;
	size_t lines = 0;
	while (fd >= 0 && (n = recv(fd, buf, sizeof buf, MSG_DONTWAIT)) > 0) {
		for (ssize_t i = 0; i < n; i++)
			lines += buf[i] == '\n';
		if (acc) {
			xgrow((void **)acc, cap, *len + (size_t)n + 1, 1);
			memcpy(*acc + *len, buf, (size_t)n);
			*len += (size_t)n;
			(*acc)[*len] = '\0';
		}
	}
	return lines;
}

/* Rounds until the server has nothing left to write (at most 10). */
static void rounds_until_written(struct session_server *srv, uint64_t now)
{
	for (int r = 0; r < 10 && session_server_timeout(srv, now) == 0; r++)
		server_round(srv, now);
}

/* Broadcasts st, rounds until it is written, and adds to lines[i] the
 * lines that came on fd[i], for i < n. */
static void move_and_drain(struct session_server *srv, uint64_t now, struct proto_state st,
			   const int *fd, size_t n, size_t *lines)
{
	session_server_broadcast(srv, &st);
	rounds_until_written(srv, now);
	for (size_t i = 0; i < n; i++)
		lines[i] += drain_lines(fd[i], NULL, NULL, NULL);
}

/* Every peer is in one epoll set: the caller polls three descriptors
 * however many followers there are; a follower that hangs up is noticed
 * through it; one whose socket is full waits for EPOLLOUT (off the
 * to-write list, so the timeout is not 0 for it), gets the rest when it
 * reads again, and is dropped when its queue would overflow, while the
 * others get every move. */
static void test_epoll_set(void)
{
	enum { N = 200, SLOW = 1 };
	struct deck d = make_deck("ep", 7);
	struct diag_list dl;
	diag_list_init(&dl);
	uint64_t now = 9500000;
	int fd[N];
	struct session_server *srv = audience_with_followers(&d, "ep", N, NULL, fd, now, &dl, 10);
	if (!srv) {
		diag_list_release(&dl);
		return;
	}
	for (int r = 0; r < 50 && session_server_nfollowers(srv) < N; r++)
		server_round(srv, now);
	rounds_until_written(srv, now);
	for (size_t i = 0; i < N; i++)
		drain_lines(fd[i], NULL, NULL, NULL);
	is_int((long)session_server_nfollowers(srv), N, "200 followers in");
	struct pollfd fds[8];
	is_int((long)session_server_npollfds(srv), 3, "200 followers: 3 poll entries asked for");
	is_int((long)session_server_pollfds(srv, fds, 8), 3, "200 followers: 3 poll entries given");

	close(fd[0]);
	fd[0] = -1;
	server_round(srv, now);
	is_int((long)session_server_nfollowers(srv), N - 1,
	       "a follower that hangs up is noticed with no broadcast");

	/* fd[SLOW] never reads while the moves fill its socket */
	size_t moves = 0, *lines = xcalloc(N, sizeof *lines);
	for (uint32_t k = 0; k < 400; k++) {
		move_and_drain(srv, now, make_state(k % 5), fd + SLOW + 1, N - SLOW - 1,
			       lines + SLOW + 1);
		moves++;
	}
	const struct session_stats *stats = session_server_stats(srv);
	bool slow_in = stats->dropped_slow == 0;
	is_int(session_server_timeout(srv, now), -1,
	       "a follower whose socket is full is not waited for (no timeout)");
	char *acc = NULL, want[32];
	size_t alen = 0, acap = 0;
	snprintf(want, sizeof want, "seq=%llu ",
		 (unsigned long long)session_server_state(srv)->seq);
	drain_lines(fd[SLOW], &acc, &alen, &acap);
	ok(slow_in && acc && !strstr(acc, want), "its socket held only part of the moves");
	for (int r = 0; r < 200 && !(acc && strstr(acc, want)); r++) {
		server_round(srv, now);
		drain_lines(fd[SLOW], &acc, &alen, &acap);
	}
	ok(slow_in && acc && strstr(acc, want), "when it reads again, the rest comes (EPOLLOUT)");
	free(acc);

	/* now it stops for good: its queue overflows */
	for (uint32_t k = 0; k < 5000 && stats->dropped_slow == 0; k++) {
		move_and_drain(srv, now, make_state(k % 5), fd + SLOW + 1, N - SLOW - 1,
			       lines + SLOW + 1);
		moves++;
	}
	is_int((long)stats->dropped_slow, 1,
	       "the follower that stopped reading is dropped as slow");
	size_t complete = 0;
	for (size_t i = SLOW + 1; i < N; i++)
		complete += lines[i] == moves;
	is_int((long)complete, N - 2, "every other follower got every move");
	printf("#   %zu moves\n", moves);
	is_int((long)session_server_nfollowers(srv), N - 2, "they are all still in");
	free(lines);
	for (size_t i = 0; i < N; i++)
		if (fd[i] >= 0)
			close(fd[i]);
	session_server_free(srv);
	diag_list_release(&dl);
}

int main(void)
{
	tap_plan(232 + 19 + 10 + 12 + 3 + 4 + 5 + 1 + 10);
	snprintf(tmpdir, sizeof tmpdir, "/tmp/lectern-test-XXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	setenv("XDG_RUNTIME_DIR", tmpdir, 1);
	struct world w;
	memset(&w, 0, sizeof w);
	w.now = 1000000;

	test_paths();
	test_bad_folders();
	test_basic(&w);
	test_many(&w);
	test_bad_clients(&w);
	test_deadlines(&w);
	test_slow(&w);
	test_stale_and_refusals(&w);
	test_out_of_fds();
	test_other_user();
	test_reconnect();
	test_list(&w);
	test_discovery(&w);
	test_random();
	test_errors();
	test_followers();
	test_captions();
	test_deck_chunks();
	{
		/* in order, and a new generation at offset 0 replacing a half
		 * text: the text comes whole and exact */
		bool perr = true;
		char *text = fake_deck("DECK gen=1 size=6 off=0 data=abc\n"
				       "DECK gen=2 size=5 off=0 data=vw\n"
				       "DECK gen=2 size=5 off=2 data=x\n"
				       "DECK gen=2 size=5 off=3 data=yz\n",
				       &perr);
		ok(!perr, "chunks in order are no error");
		is_str(text ? text : "(none)", "vwxyz", "the text is the new generation's, exact");
		free(text);
		text = fake_deck("DECK gen=4 size=0 off=0 data=\n", &perr);
		is_str(text ? text : "(none)", "", "an empty deck text is a text");
		free(text);
	}
	test_fanout_budget();
	test_epoll_set();

	free_clients(&w);
	for (int s = 0; s < MAXS; s++)
		session_server_free(w.srv[s]);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", tmpdir);
	return tap_done();
}
