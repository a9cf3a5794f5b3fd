/* Atomic file output through a temporary file, fsync and link/rename, and
 * the registry of live temporary files that a fatal signal cleans up.
 *
 * The registry is the core's second global (after the INI reader's error
 * sink), because signals are process-wide: a fixed table of slots, each
 * with its own copy of the path and an atomic state (free, being filled,
 * live). A slot is claimed and the file created with every signal blocked,
 * so no signal sees a file that is not yet registered; a slot is released
 * only after the name is gone, so a signal at any moment finds every file
 * that exists (at worst it unlinks a name that is already gone). The
 * handler reads the table with atomic loads and calls only unlink(),
 * signal() and raise(). */
#include "atomic.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xalloc.h"

/* Enough for an export, two INI reader threads and a record at once. */
enum { LIVE_MAX = 8 };
enum { SLOT_FREE, SLOT_FILLING, SLOT_LIVE };

static struct {
	atomic_int state;
	char path[PATH_MAX];
} live[LIVE_MAX];

static pthread_once_t handlers_once = PTHREAD_ONCE_INIT;

void atomic_temp_cleanup(void)
{
	int e = errno;
	for (int i = 0; i < LIVE_MAX; i++)
		if (atomic_load(&live[i].state) == SLOT_LIVE)
			unlink(live[i].path);
	errno = e;
}

static void on_fatal(int sig)
{
	atomic_temp_cleanup();
	signal(sig, SIG_DFL);
	raise(sig); /* delivered, with the default action, when this returns */
}

/* Every signal whose default action ends the process. */
static const int fatal_signals[] = {
	SIGHUP,  SIGINT,  SIGQUIT, SIGILL,  SIGTRAP, SIGABRT, SIGBUS,    SIGFPE,  SIGUSR1, SIGSEGV,
	SIGUSR2, SIGPIPE, SIGALRM, SIGTERM, SIGXCPU, SIGXFSZ, SIGVTALRM, SIGPROF, SIGSYS,
};

static void install_handlers(void)
{
	for (size_t i = 0; i < sizeof fatal_signals / sizeof *fatal_signals; i++) {
		struct sigaction old, sa;
		if (sigaction(fatal_signals[i], NULL, &old) != 0 || (old.sa_flags & SA_SIGINFO) ||
		    old.sa_handler != SIG_DFL)
			continue;
		memset(&sa, 0, sizeof sa);
		sigemptyset(&sa.sa_mask);
		sa.sa_handler = on_fatal;
		sa.sa_flags = SA_RESTART;
		sigaction(fatal_signals[i], &sa, NULL);
	}
}

int atomic_temp_open(char *tmpl)
{
	size_t n = strlen(tmpl);
	if (n >= PATH_MAX) {
		errno = ENAMETOOLONG;
		return -1;
	}
	pthread_once(&handlers_once, install_handlers);
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	int slot = -1;
	for (int i = 0; i < LIVE_MAX && slot < 0; i++) {
		int want = SLOT_FREE;
		if (atomic_compare_exchange_strong(&live[i].state, &want, SLOT_FILLING))
			slot = i;
	}
	int fd = -1, e = EMFILE;
	if (slot >= 0) {
		fd = mkstemp(tmpl);
		e = errno;
		if (fd >= 0) {
			fcntl(fd, F_SETFD, FD_CLOEXEC);
			memcpy(live[slot].path, tmpl, n + 1);
			atomic_store(&live[slot].state, SLOT_LIVE);
		} else {
			atomic_store(&live[slot].state, SLOT_FREE);
		}
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	errno = e;
	return fd;
}

void atomic_temp_done(const char *tmpl)
{
	for (int i = 0; i < LIVE_MAX; i++)
		if (atomic_load(&live[i].state) == SLOT_LIVE && strcmp(live[i].path, tmpl) == 0) {
			atomic_store(&live[i].state, SLOT_FREE);
			return;
		}
}

void atomic_temp_remove(const char *tmpl)
{
	int e = errno;
	unlink(tmpl);
	atomic_temp_done(tmpl);
	errno = e;
}

/* The temporary file's template next to path: ".NAME.XXXXXX" in path's
 * folder, NAME cut (at a UTF-8 character boundary) so that the whole name
 * fits the folder's NAME_MAX. */
static char *temp_template(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	char *dir =
		slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : xstrdup(".");
	long max = pathconf(dir, _PC_NAME_MAX);
	free(dir);
	if (max <= 0)
		max = NAME_MAX;
	size_t keep = strlen(base), room = max > 8 ? (size_t)max - 8 : 0;
	if (keep > room) {
		keep = room;
		while (keep > 0 && ((unsigned char)base[keep] & 0xC0) == 0x80)
			keep--;
	}
	return xasprintf("%.*s.%.*s.XXXXXX", (int)(base - path), path, (int)keep, base);
}

/* Moves tmp to path; without force, link() refuses a path that appeared
 * meanwhile (rename() is the fallback where links are not supported). */
static int put_in_place(const char *tmp, const char *path, bool force)
{
	if (force) {
		if (rename(tmp, path) != 0)
			return ATOMIC_FAILED;
		atomic_temp_done(tmp);
		return ATOMIC_OK;
	}
	if (link(tmp, path) == 0) {
		atomic_temp_remove(tmp);
		return ATOMIC_OK;
	}
	if (errno == EEXIST)
		return ATOMIC_EXISTS;
	struct stat st;
	if (lstat(path, &st) == 0)
		return ATOMIC_EXISTS;
	if (rename(tmp, path) != 0)
		return ATOMIC_FAILED;
	atomic_temp_done(tmp);
	return ATOMIC_OK;
}

int atomic_write(const char *path, bool force, int (*write)(FILE *out, void *ctx), void *ctx)
{
	struct stat st;
	bool replacing = lstat(path, &st) == 0;
	if (replacing && S_ISLNK(st.st_mode))
		return ATOMIC_SYMLINK;
	if (replacing && !S_ISREG(st.st_mode))
		return ATOMIC_NOT_FILE;
	if (replacing && !force)
		return ATOMIC_EXISTS;
	char *tmp = temp_template(path);
	int fd = atomic_temp_open(tmp);
	if (fd < 0) {
		free(tmp);
		return ATOMIC_FAILED;
	}
	mode_t mode;
	if (replacing) {
		mode = st.st_mode & 0777;
		if (st.st_uid != geteuid() || st.st_gid != getegid())
			(void)!fchown(fd, st.st_uid, st.st_gid); /* where allowed */
	} else {
		mode_t um = umask(0);
		umask(um);
		mode = 0666 & ~um;
	}
	int rc = ATOMIC_FAILED;
	FILE *out = NULL;
	if (fchmod(fd, mode) != 0 || !(out = fdopen(fd, "w"))) {
		close(fd);
		goto done;
	}
	if (write(out, ctx) != 0 || fflush(out) != 0 || fsync(fileno(out)) != 0) {
		int e = errno;
		fclose(out);
		errno = e;
		goto done;
	}
	if (fclose(out) != 0)
		goto done;
	rc = put_in_place(tmp, path, force);
done:
	if (rc != ATOMIC_OK)
		atomic_temp_remove(tmp);
	free(tmp);
	return rc;
}
