/* Runs one command and reports its wall time and peak RSS, for bench/run.
 *
 * Usage: rusage RESULT PROG [ARG...]
 * Forks, execs PROG with this process's standard streams, waits, and writes
 * one line "NANOSECONDS MAXRSS_KIB STATUS" to the file RESULT (STATUS is the
 * exit code, or 128 + the signal). Exits 0 when the result was written.
 *
 * Why a C helper: Linux carries the parent's resident-set high-water mark
 * across exec into the child's ru_maxrss, so a child forked (or vforked by
 * posix_spawn) from the Python harness reports at least Python's own RSS
 * (about 13 MiB). Forked from this small process, the floor is about 1 MiB,
 * well below any figure measured. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static unsigned long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ull + (unsigned long long)ts.tv_nsec;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fputs("usage: rusage RESULT PROG [ARG...]\n", stderr);
		return 2;
	}
	unsigned long long t0 = now_ns();
	pid_t pid = fork();
	if (pid < 0) {
		perror("rusage: fork");
		return 3;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		perror("rusage: exec");
		_exit(127);
	}
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) < 0) {
		perror("rusage: wait4");
		return 3;
	}
	unsigned long long t1 = now_ns();
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	FILE *out = fopen(argv[1], "w");
	if (!out) {
		perror("rusage: result file");
		return 3;
	}
	fprintf(out, "%llu %ld %d\n", t1 - t0, ru.ru_maxrss, code);
	return fclose(out) == 0 ? 0 : 3;
}
