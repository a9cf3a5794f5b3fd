/* Followers at scale (issue #21): a presenter process with an audience
 * socket, and a second process holding N followers (session_client,
 * role=follower) on it. Once every follower has said HELLO, the presenter
 * moves M times (a STATE broadcast every GAP microseconds, as a held-down
 * key would), and the followers' process notes when the last of its
 * followers has each move. Printed: presenter move -> last follower
 * updated, median and p99 over the moves, and the presenter's own time in
 * the broadcast per move (median and p99): that time is spent between its
 * key and its frame (present_publish() runs before the redraw), so with N
 * followers against 0 it is what they add to the key-to-frame latency;
 * and its time in session_server_handle() between two moves, where the
 * followers' copies are written (after the frame), in all and in its
 * longest single call (a key that comes meanwhile waits for that call).
 *
 * Build and run (bench/follow-scale does both, at 100 and 1,000):
 *   cc -std=c11 -O2 -D_GNU_SOURCE -Iinclude bench/followers.c \
 *      build/liblectern-core.a -lunistring -liniparser -lncursesw -o followers
 *   ./followers N [MOVES] [GAP_US]
 *   ./followers --text N
 *   ./followers --attach N PATH   (see attach(); bench/follow-keys)
 * times follow_deck_text() (the deck text a follower is sent) over a deck
 * of N and 10N slides, each with a title, a text, a continued note and a
 * comment, best of 5 in CPU time, and prints the ratio (linear: about 10).
 * Times are CLOCK_MONOTONIC, shared by both processes (one machine). */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "follow.h"
#include "session.h"
#include "xalloc.h"

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

#define PROCS_MAX 16

struct shared {
	volatile int ready[PROCS_MAX];  /* process p: each of its followers has the HELLO */
	volatile int done[PROCS_MAX];   /* process p: its followers saw every move */
	uint64_t sent[1024];            /* presenter: when move k was broadcast */
	uint64_t seen[PROCS_MAX][1024]; /* process p: when its last follower had move k */
	uint64_t bcast_ns[1024];        /* presenter: its time in the broadcast of move k */
	uint64_t write_ns[1024];        /* presenter: its time in session_server_handle()
					 * after move k, before move k + 1 (the writes) */
	uint64_t call_ns[1024];         /* presenter: its longest single call of
					 * session_server_handle() in that time: how
					 * long a key could wait behind the writes */
};

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static void stats(const char *what, uint64_t *v, size_t n)
{
	qsort(v, n, sizeof *v, cmp_u64);
	size_t p99 = (n * 99 + 99) / 100 - 1;
	printf("%-40s median %8.3f ms   p99 %8.3f ms   max %8.3f ms\n", what, v[n / 2] / 1e6,
	       v[p99 < n ? p99 : n - 1] / 1e6, v[n - 1] / 1e6);
}

static struct proto_state move_state(uint32_t k)
{
	struct proto_state st;
	memset(&st, 0, sizeof st);
	st.nslides = 1000;
	st.slide = k % 1000;
	snprintf(st.slide_id, sizeof st.slide_id, "slide-%u", (unsigned)st.slide);
	st.nsteps = 1;
	return st;
}

/* Notes that follower i has the state c holds: every move up to it counts
 * as seen by i (a follower may skip states it was never sent). Returns the
 * moves that this made complete for the whole process. */
static size_t note_state(const struct session_client *c, size_t i, uint32_t *last, size_t *have,
			 size_t n, size_t moves, struct shared *sh, int proc)
{
	const struct proto_state *st = session_client_state(c);
	if (!st)
		return 0;
	size_t finished = 0;
	uint32_t k = (uint32_t)st->seq;
	for (uint32_t j = last[i] + 1; j <= k && j <= moves; j++)
		if (++have[j] == n) {
			sh->seen[proc][j - 1] = now_ns();
			finished++;
		}
	last[i] = k > last[i] ? k : last[i];
	return finished;
}

static uint32_t epoll_events(const struct pollfd *pfd)
{
	return (pfd->events & POLLIN ? EPOLLIN : 0u) | (pfd->events & POLLOUT ? EPOLLOUT : 0u);
}

/* Hands follower c the epoll event e for its entry *pfd (registered with
 * the events *want) and updates the registration to what c wants next.
 * Returns session_client_handle()'s events. */
static unsigned handle_event(struct session_client *c, struct pollfd *pfd, uint32_t *want, int ep,
			     const struct epoll_event *e, uint64_t t)
{
	struct pollfd got = *pfd;
	got.revents =
		(short)((e->events & EPOLLIN ? POLLIN : 0) | (e->events & EPOLLOUT ? POLLOUT : 0) |
			(e->events & EPOLLHUP ? POLLHUP : 0) |
			(e->events & EPOLLERR ? POLLERR : 0));
	unsigned ev = session_client_handle(c, &got, t);
	session_client_pollfd(c, pfd);
	if (pfd->fd >= 0 && epoll_events(pfd) != *want) {
		*want = epoll_events(pfd);
		struct epoll_event m = { .events = *want, .data.u64 = e->data.u64 };
		epoll_ctl(ep, EPOLL_CTL_MOD, pfd->fd, &m);
	}
	return ev;
}

/* n follower clients of the audience socket at path, each sending its
 * HELLO as a follower; owned by the caller (session_client_free each). */
static struct session_client **new_followers(const char *path, size_t n)
{
	struct session_client **c = xcalloc(n, sizeof *c);
	struct proto_hello me;
	memset(&me, 0, sizeof me);
	me.role = PROTO_ROLE_FOLLOWER;
	for (size_t i = 0; i < n; i++)
		c[i] = session_client_new(path, &me, NULL, 1);
	return c;
}

/* Adds each of the n clients' sockets to the epoll set ep (data: its
 * index), asking for what its pollfd in fds[] asks (kept in want[]). */
static void watch_followers(int ep, struct session_client **c, size_t n, struct pollfd *fds,
			    uint32_t *want)
{
	for (size_t i = 0; i < n && ep >= 0; i++) {
		session_client_pollfd(c[i], &fds[i]);
		want[i] = epoll_events(&fds[i]);
		struct epoll_event e = { .events = want[i], .data.u64 = i };
		if (fds[i].fd >= 0)
			epoll_ctl(ep, EPOLL_CTL_ADD, fds[i].fd, &e);
	}
}

/* The followers' process: n followers, each woken only for its own socket
 * (epoll), as n separate follower processes would be; poll(2) over all n
 * would make every wake-up cost n and measure the bench, not the presenter.
 * Until every follower has the HELLO (not measured) a plain poll loop. */
static void followers(const char *path, size_t n, size_t moves, struct shared *sh, int proc)
{
	struct session_client **c = new_followers(path, n);
	struct pollfd *fds = xcalloc(n, sizeof *fds);
	size_t *have = xcalloc(moves + 2, sizeof *have); /* followers at move k */
	uint64_t t = 1;
	size_t hellos = 0, finished = n ? 0 : moves;
	uint32_t *last = xcalloc(n, sizeof *last);
	while (hellos < n) {
		for (size_t i = 0; i < n; i++)
			session_client_pollfd(c[i], &fds[i]);
		if (poll(fds, n, 1000) < 0 && errno != EINTR)
			break;
		t++;
		for (size_t i = 0; i < n; i++) {
			unsigned ev = session_client_handle(c[i], &fds[i], t);
			if (ev & SESSION_EV_HELLO)
				hellos++;
			if (ev & SESSION_EV_STATE)
				finished += note_state(c[i], i, last, have, n, moves, sh, proc);
		}
	}
	int ep = epoll_create1(EPOLL_CLOEXEC);
	uint32_t *want = xcalloc(n, sizeof *want);
	watch_followers(ep, c, n, fds, want);
	sh->ready[proc] = 1;
	struct epoll_event evs[256];
	while (ep >= 0 && finished < moves) {
		int r = epoll_wait(ep, evs, 256, 1000);
		if (r < 0 && errno != EINTR)
			break;
		t++;
		for (int e = 0; e < r; e++) {
			size_t i = (size_t)evs[e].data.u64;
			unsigned ev = handle_event(c[i], &fds[i], &want[i], ep, &evs[e], t);
			if (ev & SESSION_EV_STATE)
				finished += note_state(c[i], i, last, have, n, moves, sh, proc);
		}
	}
	if (ep >= 0)
		close(ep);
	sh->ready[proc] = 1;
	sh->done[proc] = 1;
	for (size_t i = 0; i < n; i++)
		session_client_free(c[i]);
	free(c);
	free(fds);
	free(have);
	free(last);
	free(want);
}

/* --attach N PATH: N followers on the audience socket PATH, for a real
 * presenter under a pty (bench/follow-keys). Prints "ready N" once each has
 * the HELLO, follows until its standard input ends, then prints "seq MIN
 * MAX": the lowest and highest state sequence its followers ended at (equal
 * when every follower is in step). Returns 0, or 3 when some never joined. */
static int attach(size_t n, const char *path)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	struct session_client **c = new_followers(path, n);
	struct pollfd *fds = xcalloc(n + 1, sizeof *fds);
	uint64_t t = 1;
	size_t hellos = 0;
	bool ready = false, in = true;
	int ep = -1;
	uint32_t *want = xcalloc(n, sizeof *want);
	struct epoll_event evs[256];
	while (in) {
		if (!ready) { /* joining: a plain poll loop, not measured */
			for (size_t i = 0; i < n; i++)
				session_client_pollfd(c[i], &fds[i]);
			fds[n] = (struct pollfd){ 0, POLLIN, 0 };
			if (poll(fds, n + 1, 100) < 0 && errno != EINTR)
				break;
			t++;
			if (fds[n].revents)
				break;
			for (size_t i = 0; i < n; i++)
				if (session_client_handle(c[i], &fds[i], t) & SESSION_EV_HELLO)
					hellos++;
			if (hellos < n)
				continue;
			ready = true;
			ep = epoll_create1(EPOLL_CLOEXEC);
			struct epoll_event e0 = { .events = EPOLLIN, .data.u64 = n };
			epoll_ctl(ep, EPOLL_CTL_ADD, 0, &e0);
			watch_followers(ep, c, n, fds, want);
			printf("ready %zu\n", n);
			fflush(stdout);
			continue;
		}
		int r = epoll_wait(ep, evs, 256, 1000);
		if (r < 0 && errno != EINTR)
			break;
		t++;
		for (int e = 0; e < r; e++) {
			size_t i = (size_t)evs[e].data.u64;
			if (i == n) {
				in = false;
				continue;
			}
			handle_event(c[i], &fds[i], &want[i], ep, &evs[e], t);
		}
	}
	uint64_t lo = UINT64_MAX, hi = 0;
	for (size_t i = 0; i < n; i++) {
		const struct proto_state *st = session_client_state(c[i]);
		uint64_t q = st ? st->seq : 0;
		lo = q < lo ? q : lo;
		hi = q > hi ? q : hi;
		session_client_free(c[i]);
	}
	printf("seq %llu %llu\n", (unsigned long long)(n ? lo : 0), (unsigned long long)hi);
	if (ep >= 0)
		close(ep);
	free(c);
	free(fds);
	free(want);
	return ready ? 0 : 3;
}

static uint64_t cpu_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Best of 5 follow_deck_text() runs over a deck of n slides, in ns of CPU
 * time (a loaded machine's preemptions left out). */
static uint64_t time_text(size_t n)
{
	size_t cap = n * 160 + 64, len = 0;
	char *ini = xmalloc(cap);
	len += (size_t)snprintf(ini + len, cap - len, "[deck]\nid = big\n");
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(
			ini + len, cap - len,
			"; slide %zu\n[s%zu]\ntitle = Slide %zu\ntext.1 = some text\n"
			"note.1 = a note that goes \\\n  on\n\n",
			i, i, i);
	uint64_t best = UINT64_MAX;
	for (int r = 0; r < 5; r++) {
		uint64_t t0 = cpu_ns();
		size_t out;
		free(follow_deck_text(ini, len, &out));
		uint64_t t = cpu_ns() - t0;
		best = t < best ? t : best;
	}
	free(ini);
	return best;
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "--attach") == 0)
		return attach(strtoul(argv[2], NULL, 10), argv[3]);
	if (argc == 3 && strcmp(argv[1], "--text") == 0) {
		size_t n = strtoul(argv[2], NULL, 10);
		uint64_t a = time_text(n), b = time_text(10 * n);
		printf("follow_deck_text: %zu slides %.3f ms, %zu slides %.3f ms, ratio %.2f\n", n,
		       a / 1e6, 10 * n, b / 1e6, (double)b / (double)a);
		return 0;
	}
	if (argc < 2) {
		fprintf(stderr, "usage: followers N [MOVES] [GAP_US]\n");
		return 2;
	}
	size_t n = strtoul(argv[1], NULL, 10);
	size_t moves = argc > 2 ? strtoul(argv[2], NULL, 10) : 100;
	long gap_us = argc > 3 ? strtol(argv[3], NULL, 10) : 2000;
	if (moves == 0 || moves > 1024)
		moves = 100;
	char dir[] = "/tmp/lectern-bench-XXXXXX";
	if (!mkdtemp(dir))
		return 3;
	setenv("XDG_RUNTIME_DIR", dir, 1);
	struct shared *sh =
		mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		return 3;
	memset(sh, 0, sizeof *sh);
	struct deck d;
	memset(&d, 0, sizeof d);
	d.meta.id = "bench";
	d.meta.title = "bench";
	d.nslides = 1000;
	struct diag_list dl;
	diag_list_init(&dl);
	struct session_opts so;
	memset(&so, 0, sizeof so);
	struct session_server *s = session_server_open(&d, &so, &dl);
	char adir[64];
	snprintf(adir, sizeof adir, "%s/audience", dir);
	struct session_audience_opts ao = { NULL, n + 16, adir };
	if (!s || session_server_open_audience(s, &ao, &dl) != SESSION_OK) {
		for (size_t i = 0; i < dl.n; i++)
			fprintf(stderr, "%s: %s\n", dl.v[i].file, dl.v[i].msg);
		return 3;
	}
	if (session_server_audience_max(s) < n) {
		fprintf(stderr, "RLIMIT_NOFILE leaves room for %zu followers only\n",
			session_server_audience_max(s));
		return 3;
	}
	char *apath = xstrdup(session_server_audience_path(s));
	/* the followers over several processes, as many as cores would run */
	int procs = n >= 800 ? 8 : n >= 100 ? 4 : 1;
	pid_t pids[PROCS_MAX];
	for (int p = 0; p < procs; p++) {
		size_t share = n / (size_t)procs + ((size_t)p < n % (size_t)procs);
		pids[p] = fork();
		if (pids[p] == 0) {
			followers(apath, share, moves, sh, p);
			_exit(0);
		}
	}
	struct pollfd *fds = NULL;
	size_t cap = 0;
	uint64_t t = 1;
	size_t k = 0;
	uint64_t next = 0;
	for (;;) {
		int ready = 1, done = 1;
		for (int p = 0; p < procs; p++) {
			ready &= sh->ready[p];
			done &= sh->done[p];
		}
		if (done && k == moves)
			break;
		size_t want = session_server_npollfds(s);
		if (want > cap) {
			fds = xrealloc(fds, want * sizeof *fds);
			cap = want;
		}
		size_t m = session_server_pollfds(s, fds, want);
		/* a presenter sleeps until its next key: here, the next move */
		uint64_t now = now_ns();
		uint64_t wait_ns = !ready || k >= moves ? 5000000u : next > now ? next - now : 0;
		/* 0: writes the followers' budget left for the next call (the
		 * other values are in the fake clock's units: not waited for) */
		if (session_server_timeout(s, t) == 0)
			wait_ns = 0;
		struct timespec ts = { (time_t)(wait_ns / 1000000000u),
				       (long)(wait_ns % 1000000000u) };
		ppoll(fds, m, &ts, NULL);
		uint64_t h0 = now_ns();
		session_server_handle(s, fds, m, ++t);
		if (k > 0) {
			uint64_t took = now_ns() - h0;
			sh->write_ns[k - 1] += took;
			if (took > sh->call_ns[k - 1])
				sh->call_ns[k - 1] = took;
		}
		if (ready && k < moves && now_ns() >= next) {
			struct proto_state st = move_state((uint32_t)k);
			uint64_t t0 = now_ns();
			sh->sent[k] = t0;
			session_server_broadcast(s, &st);
			sh->bcast_ns[k] = now_ns() - t0;
			k++;
			next = t0 + (uint64_t)gap_us * 1000u;
		}
	}
	for (int p = 0; p < procs; p++)
		waitpid(pids[p], NULL, 0);
	const struct session_stats *ss = session_server_stats(s);
	printf("followers %zu (in %d processes), moves %zu, %ld us apart; dropped slow %zu, "
	       "refused %zu\n",
	       n, procs, moves, gap_us, ss->dropped_slow, ss->refused_full);
	uint64_t *lat = xcalloc(moves, sizeof *lat);
	for (size_t i = 0; i < moves && n; i++) {
		uint64_t last = 0;
		for (int p = 0; p < procs; p++)
			last = sh->seen[p][i] > last ? sh->seen[p][i] : last;
		lat[i] = last - sh->sent[i];
	}
	if (n)
		stats("move -> last follower updated", lat, moves);
	stats("presenter's time in the broadcast", (uint64_t *)sh->bcast_ns, moves);
	stats("presenter's time writing, per move", (uint64_t *)sh->write_ns, moves);
	stats("presenter's longest call, per move", (uint64_t *)sh->call_ns, moves);
	session_server_free(s);
	free(apath);
	free(lat);
	free(fds);
	char cmd[96];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) != 0;
}
