#ifndef LECTERN_CLOCK_H
#define LECTERN_CLOCK_H

#include <stdint.h>

/* Clocks and wall-time helpers. A clock is a function the main loop samples
 * once per iteration; the core never reads the time itself, it takes the
 * value as an argument. src/clock.c is the only file that calls
 * clock_gettime(). All wall times are milliseconds since 1970-01-01 UTC. */

struct clock {
	uint64_t (*now_ms)(void *ctx);
	void *ctx;
};

/* The time of c in milliseconds. */
static inline uint64_t clock_now(const struct clock *c)
{
	return c->now_ms(c->ctx);
}

/* CLOCK_MONOTONIC in milliseconds: for elapsed times; never goes back. */
struct clock clock_monotonic(void);

/* CLOCK_REALTIME in milliseconds since the epoch: for wall-clock display,
 * end-time mode and the start time of rehearsal records. */
struct clock clock_wall(void);

/* A settable clock for tests. The fake clock reads f->ms; f is owned by
 * the caller and must outlive the returned clock. */
struct fake_clock {
	uint64_t ms;
};
struct clock clock_fake(struct fake_clock *f);
void clock_fake_set(struct fake_clock *f, uint64_t ms);
void clock_fake_advance(struct fake_clock *f, uint64_t ms);

#define MS_PER_DAY 86400000u

/* Milliseconds since local midnight at wall time wall_ms, in the process's
 * time zone (TZ). Returns 0 if the time cannot be converted. */
uint32_t clock_local_day_ms(uint64_t wall_ms);

/* Formats wall_ms as local "HH:MM" into buf. */
#define CLOCK_HHMM_LEN 8
void clock_format_hhmm(uint64_t wall_ms, char buf[CLOCK_HHMM_LEN]);

/* Parses "H:MM" or "HH:MM" (00:00 to 23:59) into seconds since midnight.
 * Returns 0, or -1 if s is not such a time. */
int clock_parse_hhmm(const char *s, uint32_t *day_s);

/* Formats epoch seconds as ISO 8601 UTC, "2024-05-01T09:30:00Z", into buf.
 * Pure arithmetic, no time-zone database. Times before 1970 or after 9999
 * are clamped to those years. */
#define CLOCK_ISO_LEN 24
void clock_format_iso8601(int64_t epoch_s, char buf[CLOCK_ISO_LEN]);

/* Formats epoch seconds as local time with its zone, "2024-05-01 17:30
 * CST", in the process's time zone (TZ) into buf; the zone is the
 * abbreviation, or the offset ("+0800") when the zone has none. Falls back
 * to "2024-05-01 09:30 UTC" when the time cannot be converted. */
#define CLOCK_LOCAL_LEN 48
void clock_format_local(int64_t epoch_s, char buf[CLOCK_LOCAL_LEN]);

/* Parses exactly the format clock_format_iso8601() writes (years 1970 to
 * 9999, a valid calendar date, the trailing Z). Returns 0, or -1 if s is
 * anything else. */
int clock_parse_iso8601(const char *s, int64_t *epoch_s);

#endif
