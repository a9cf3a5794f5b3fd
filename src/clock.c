/* Clocks. The only file of lectern that reads the system time. Calendar
 * conversion for ISO 8601 is done with plain day arithmetic on the
 * proleptic Gregorian calendar (days counted in 400-year eras), so records
 * read the same in every time zone. */
#include "clock.h"

#include <stdio.h>
#include <time.h>

static uint64_t read_clock(clockid_t id)
{
	struct timespec ts;
	if (clock_gettime(id, &ts) != 0)
		return 0;
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static uint64_t monotonic_now(void *ctx)
{
	(void)ctx;
	return read_clock(CLOCK_MONOTONIC);
}

static uint64_t wall_now(void *ctx)
{
	(void)ctx;
	return read_clock(CLOCK_REALTIME);
}

static uint64_t fake_now(void *ctx)
{
	return ((const struct fake_clock *)ctx)->ms;
}

struct clock clock_monotonic(void)
{
	return (struct clock){ monotonic_now, NULL };
}

struct clock clock_wall(void)
{
	return (struct clock){ wall_now, NULL };
}

struct clock clock_fake(struct fake_clock *f)
{
	return (struct clock){ fake_now, f };
}

void clock_fake_set(struct fake_clock *f, uint64_t ms)
{
	f->ms = ms;
}

void clock_fake_advance(struct fake_clock *f, uint64_t ms)
{
	f->ms += ms;
}

static int local_tm(uint64_t wall_ms, struct tm *tm)
{
	time_t t = (time_t)(wall_ms / 1000u);
	return localtime_r(&t, tm) ? 0 : -1;
}

uint32_t clock_local_day_ms(uint64_t wall_ms)
{
	struct tm tm;
	if (local_tm(wall_ms, &tm) != 0)
		return 0;
	uint32_t s = (uint32_t)tm.tm_hour * 3600u + (uint32_t)tm.tm_min * 60u;
	/* a leap second (tm_sec 60) is folded into the last second of the day */
	s += tm.tm_sec > 59 ? 59u : (uint32_t)tm.tm_sec;
	return s * 1000u + (uint32_t)(wall_ms % 1000u);
}

void clock_format_hhmm(uint64_t wall_ms, char buf[CLOCK_HHMM_LEN])
{
	struct tm tm;
	if (local_tm(wall_ms, &tm) != 0) {
		snprintf(buf, CLOCK_HHMM_LEN, "--:--");
		return;
	}
	snprintf(buf, CLOCK_HHMM_LEN, "%02d:%02d", tm.tm_hour % 100, tm.tm_min % 100);
}

static int digit(char c)
{
	return c >= '0' && c <= '9';
}

int clock_parse_hhmm(const char *s, uint32_t *day_s)
{
	unsigned h = 0;
	int nh = 0;
	while (digit(*s) && nh < 2) {
		h = h * 10u + (unsigned)(*s++ - '0');
		nh++;
	}
	if (nh == 0 || *s++ != ':')
		return -1;
	if (!digit(s[0]) || !digit(s[1]) || s[2] != '\0')
		return -1;
	unsigned m = (unsigned)(s[0] - '0') * 10u + (unsigned)(s[1] - '0');
	if (h > 23 || m > 59)
		return -1;
	*day_s = h * 3600u + m * 60u;
	return 0;
}

/* Days since 1970-01-01 of a Gregorian date (m 1..12). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (int64_t)(m > 2 ? m - 3 : m + 9) + 2) / 5 + (int64_t)d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* 9999-12-31T23:59:59Z */
#define ISO_MAX_S INT64_C(253402300799)

void clock_format_iso8601(int64_t epoch_s, char buf[CLOCK_ISO_LEN])
{
	if (epoch_s < 0)
		epoch_s = 0;
	if (epoch_s > ISO_MAX_S)
		epoch_s = ISO_MAX_S;
	int64_t days = epoch_s / 86400, rest = epoch_s % 86400;
	int64_t y;
	unsigned m, d;
	civil_from_days(days, &y, &m, &d);
	snprintf(buf, CLOCK_ISO_LEN, "%04d-%02u-%02uT%02d:%02d:%02dZ", (int)y, m % 100u, d % 100u,
		 (int)(rest / 3600), (int)(rest / 60 % 60), (int)(rest % 60));
}

void clock_format_local(int64_t epoch_s, char buf[CLOCK_LOCAL_LEN])
{
	struct tm tm;
	time_t t = (time_t)(epoch_s < 0 ? 0 : epoch_s);
	if (localtime_r(&t, &tm) && strftime(buf, CLOCK_LOCAL_LEN, "%Y-%m-%d %H:%M %Z", &tm) > 17)
		return;
	if (localtime_r(&t, &tm) && strftime(buf, CLOCK_LOCAL_LEN, "%Y-%m-%d %H:%M %z", &tm) > 17)
		return;
	char iso[CLOCK_ISO_LEN];
	clock_format_iso8601(epoch_s, iso);
	snprintf(buf, CLOCK_LOCAL_LEN, "%.10s %.5s UTC", iso, iso + 11);
}

/* Reads n digits at s into *v; returns -1 unless all n are digits. */
static int fixed_digits(const char *s, int n, unsigned *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (!digit(s[i]))
			return -1;
		*v = *v * 10u + (unsigned)(s[i] - '0');
	}
	return 0;
}

int clock_parse_iso8601(const char *s, int64_t *epoch_s)
{
	static const unsigned mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	unsigned y, mo, d, h, mi, se;
	if (fixed_digits(s, 4, &y) || s[4] != '-' || fixed_digits(s + 5, 2, &mo) || s[7] != '-' ||
	    fixed_digits(s + 8, 2, &d) || s[10] != 'T' || fixed_digits(s + 11, 2, &h) ||
	    s[13] != ':' || fixed_digits(s + 14, 2, &mi) || s[16] != ':' ||
	    fixed_digits(s + 17, 2, &se) || s[19] != 'Z' || s[20] != '\0')
		return -1;
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 || mi > 59 ||
	    se > 59)
		return -1;
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (mo == 2 && d == 29 && !leap)
		return -1;
	*epoch_s = days_from_civil(y, mo, d) * 86400 + (int64_t)h * 3600 + mi * 60 + se;
	return 0;
}
