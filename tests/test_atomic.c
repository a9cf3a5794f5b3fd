/* Temporary files (atomic.h): a fatal signal unlinks every registered one
 * and still ends the process with that signal; a signal the program
 * ignores is left alone; removal and hand-over forget a file; the table
 * refuses more files than it holds rather than leave one unregistered;
 * atomic_write() never makes a temporary name longer than the folder
 * allows. Folders are mkdtemp() under /tmp. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "atomic.h"
#include "tap.h"
#include "xalloc.h"

/* Entries of dir, "." and ".." not counted. */
static int count_files(const char *dir)
{
	DIR *d = opendir(dir);
	int n = 0;
	struct dirent *e;
	if (!d)
		return -1;
	while ((e = readdir(d)) != NULL)
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

/* In a child: sets sig's disposition to SIG_IGN when ignore, else SIG_DFL
 * (never the one inherited: a job started in the background by a shell
 * without job control inherits SIGINT and SIGQUIT ignored), registers two
 * temporary files in dir, then raises sig. Returns the child's wait status. */
static int child_raises(const char *dir, int sig, bool ignore)
{
	pid_t pid = fork();
	if (pid == 0) {
		signal(sig, ignore ? SIG_IGN : SIG_DFL);
		char *a = xasprintf("%s/.a.XXXXXX", dir), *b = xasprintf("%s/.b.XXXXXX", dir);
		if (atomic_temp_open(a) < 0 || atomic_temp_open(b) < 0)
			_exit(70);
		raise(sig);
		_exit(71); /* only when the signal is ignored */
	}
	int st = 0;
	waitpid(pid, &st, 0);
	return st;
}

static void test_signals(const char *dir)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGABRT };
	for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
		int st = child_raises(dir, sigs[i], false);
		char *what = xasprintf("%s ends the process with that signal", strsignal(sigs[i]));
		ok(WIFSIGNALED(st) && WTERMSIG(st) == sigs[i], what);
		free(what);
		is_int(count_files(dir), 0, "and unlinks every live temporary file");
	}
	int st = child_raises(dir, SIGTERM, true);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 71, "an ignored SIGTERM stays ignored");
	is_int(count_files(dir), 2, "and the process's files are its own business");
	char *rm = xasprintf("rm -f %s/.a.* %s/.b.*", dir, dir);
	ok(system(rm) == 0, "cleared");
	free(rm);
}

static void test_table(const char *dir)
{
	char *t = xasprintf("%s/.t.XXXXXX", dir);
	int fd = atomic_temp_open(t);
	ok(fd >= 0 && strstr(t, "XXXXXX") == NULL, "the template is filled in");
	close(fd);
	atomic_temp_remove(t);
	ok(access(t, F_OK) != 0, "atomic_temp_remove unlinks it");

	/* hand-over: after atomic_temp_done the cleanup leaves the name alone */
	free(t);
	t = xasprintf("%s/.t.XXXXXX", dir);
	fd = atomic_temp_open(t);
	close(fd);
	atomic_temp_done(t);
	atomic_temp_cleanup();
	ok(access(t, F_OK) == 0, "a file handed over is not unlinked by the cleanup");
	unlink(t);
	free(t);

	/* a full table: refused, nothing created */
	char *v[64];
	int n = 0;
	for (; n < 64; n++) {
		v[n] = xasprintf("%s/.f.XXXXXX", dir);
		fd = atomic_temp_open(v[n]);
		if (fd < 0)
			break;
		close(fd);
	}
	ok(n > 2 && n < 64 && errno == EMFILE, "a full table refuses with EMFILE");
	is_int(count_files(dir), n, "without creating the refused file");
	atomic_temp_cleanup();
	is_int(count_files(dir), 0, "atomic_temp_cleanup unlinks every live one");
	for (int i = 0; i <= n && i < 64; i++) {
		atomic_temp_done(v[i]);
		free(v[i]);
	}
	char *x = xasprintf("%s/.x.XXXXXX", dir);
	fd = atomic_temp_open(x);
	ok(fd >= 0, "released slots are free again");
	close(fd);
	atomic_temp_remove(x);
	free(x);
}

static int write_hello(FILE *out, void *ctx)
{
	(void)ctx;
	return fputs("hello\n", out) == EOF ? -1 : 0;
}

static void test_names(const char *dir)
{
	long max = pathconf(dir, _PC_NAME_MAX);
	ok(max >= 14, "the folder's NAME_MAX");
	char *name = xmalloc((size_t)max + 1);
	memset(name, 'n', (size_t)max);
	name[max] = '\0';
	char *path = xasprintf("%s/%s", dir, name);
	is_int(atomic_write(path, false, write_hello, NULL), ATOMIC_OK,
	       "a name of NAME_MAX bytes is written");
	is_int(atomic_write(path, true, write_hello, NULL), ATOMIC_OK, "and replaced");
	is_int(count_files(dir), 1, "no temporary file left");
	unlink(path);
	free(path);
	free(name);
}

int main(void)
{
	tap_plan(28);
	char tmpl[] = "/tmp/lectern-test-atomic-XXXXXX";
	char *dir = mkdtemp(tmpl);
	ok(dir != NULL, "temporary folder");
	if (!dir)
		return tap_done();
	test_signals(dir);
	test_table(dir);
	test_names(dir);
	ok(rmdir(dir) == 0, "temporary folder removed");
	return tap_done();
}
