#ifndef LECTERN_TAP_H
#define LECTERN_TAP_H

/* A minimal TAP producer for unit tests. Each check prints "ok N - what" or
 * "not ok N - what" with the failing expression and location; tap_done()
 * prints the plan and returns the exit status. A test whose number of
 * checks is known declares it first with tap_plan(N), so that a check that
 * never runs fails the test; tap_skip() accounts for checks that cannot
 * run here, as TAP skips with the reason. */

#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed, tap_planned = -1;

static inline void tap_plan(int n)
{
	tap_planned = n;
	printf("1..%d\n", n);
}

/* Reports n checks that cannot run in this environment as skipped. */
static inline void tap_skip(int n, const char *why)
{
	for (int i = 0; i < n; i++)
		printf("ok %d # skip %s\n", ++tap_n, why);
}

/* Reports n checks that cannot run because what they inspect is missing
 * (an earlier check failed) as failures, so that they never pass as skips. */
static inline void tap_missed(int n, const char *why)
{
	for (int i = 0; i < n; i++) {
		printf("not ok %d - not run: %s\n", ++tap_n, why);
		tap_failed++;
	}
}

static inline void tap_result(int ok, const char *what, const char *expr, const char *file,
			      int line)
{
	tap_n++;
	printf("%sok %d - %s\n", ok ? "" : "not ", tap_n, what);
	if (!ok) {
		tap_failed++;
		printf("#   failed: %s\n#   at %s:%d\n", expr, file, line);
	}
}

#define ok(cond, what) tap_result(!!(cond), (what), #cond, __FILE__, __LINE__)

#define is_int(got, want, what)                                                      \
	do {                                                                         \
		long long g_ = (long long)(got), w_ = (long long)(want);             \
		tap_result(g_ == w_, (what), #got " == " #want, __FILE__, __LINE__); \
		if (g_ != w_)                                                        \
			printf("#   got %lld, want %lld\n", g_, w_);                 \
	} while (0)

#define is_str(got, want, what)                                                      \
	do {                                                                         \
		const char *g_ = (got), *w_ = (want);                                \
		int e_ = (g_ && w_) ? strcmp(g_, w_) == 0 : g_ == w_;                \
		tap_result(e_, (what), #got " eq " #want, __FILE__, __LINE__);       \
		if (!e_)                                                             \
			printf("#   got  '%s'\n#   want '%s'\n", g_ ? g_ : "(null)", \
			       w_ ? w_ : "(null)");                                  \
	} while (0)

static inline int tap_done(void)
{
	if (tap_planned < 0) {
		printf("1..%d\n", tap_n);
	} else if (tap_n != tap_planned) {
		printf("# ran %d checks of the %d planned\n", tap_n, tap_planned);
		return 1;
	}
	return tap_failed ? 1 : 0;
}

#endif
