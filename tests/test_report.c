/* The rehearsal report on a hand-made deck and a hand-made pair of records:
 * exact text, TSV and JSON, slides matched by id (one added since, one
 * removed), display-width alignment with Chinese titles, no escapes
 * without colour. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "tap.h"

static struct slide slides[] = {
	{ .id = "cover", .title = "封面", .time_s = 20, .nsteps = 1 },
	{ .id = "problem", .title = "Where the time went", .time_s = 60, .nsteps = 1 },
	{ .id = "result", .title = "成果：一个季度", .time_s = 90, .nsteps = 1 },
	{ .id = "extra", .title = "Raw numbers", .time_s = 30, .backup = true, .nsteps = 1 },
	{ .id = "new", .title = "New\tslide", .time_s = 30, .nsteps = 1 },
};
static struct deck deck = { .path = "talk.ini",
			    .meta = { .id = "talk", .title = "Talk" },
			    .slides = slides,
			    .nslides = 5,
			    .hash = 2 };

static struct record_slide slides_a[] = {
	{ "cover", "封面", 20, 25000, 1 },
	{ "problem", "Where the time went", 60, 70000, 1 },
	{ "result", "成果", 90, 80000, 2 },
	{ "old", "Old \"slide\"", 15, 10000, 1 },
};
static struct record_slide slides_b[] = {
	{ "cover", "封面", 20, 18000, 1 },
	{ "problem", "Where the time went", 60, 62400, 1 },
	{ "result", "成果", 90, 100000, 1 },
	{ "old", "Old \"slide\"", 15, 12000, 1 },
	{ "extra", "Raw numbers", 30, 0, 0 },
};
static struct record recs[] = {
	{ "talk", "talk.ini", 1, 1714555800, 185000, true, slides_a, 4, NULL },
	{ "talk", "talk.ini", 2, 1714644000, 192400, false, slides_b, 5, NULL },
};

static char *render(size_t n, enum report_format f, unsigned last, bool color)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	struct report_opts o = { f, last, color };
	if (!out)
		return NULL;
	if (report_write(out, &deck, recs, n, &o) != 0)
		fputs("<write error>", out);
	fclose(out);
	return buf;
}

static const char text_two[] =
	"Rehearsal report for 'talk' (talk.ini)\n"
	"Last rehearsal: 2024-05-02 10:00 UTC, 3:12 of 3:20, incomplete (interrupted)\n"
	"\n"
	"#  slide                planned  actual     diff  trend\n"
	"1  封面                    0:20    0:18    -0:02  █▆     ███▌\n"
	"2  Where the time went     1:00    1:02    +0:02  ██     ████████████▍\n"
	"3  成果：一个季度          1:30    1:40    +0:10  ▇█     ████████████████████\n"
	"5  New\xEF\xBF\xBDslide               0:30       -    added\n"
	"-  Old \"slide\"             0:15    0:12  removed  ▇█     ██▍\n"
	"   total                   3:20    3:12    -0:08  ██\n"
	"\n"
	"Most over plan:  成果：一个季度 +0:10, Where the time went +0:02\n"
	"Most under plan: 封面 -0:02\n"
	"\n"
	"Totals of the last 2 rehearsals, oldest first: 3:05 3:12 (incomplete)\n";

static const char text_one[] =
	"Rehearsal report for 'talk' (talk.ini)\n"
	"Last rehearsal: 2024-05-01 09:30 UTC, 3:05 of 3:20, complete\n"
	"The deck has changed since; slides are matched by id.\n"
	"\n"
	"#  slide                planned  actual     diff\n"
	"1  封面                    0:20    0:25    +0:05  █████▌\n"
	"2  Where the time went     1:00    1:10    +0:10  ███████████████▌\n"
	"3  成果：一个季度          1:30    1:20    -0:10  █████████████████▊\n"
	"5  New\xEF\xBF\xBDslide               0:30       -    added\n"
	"-  Old \"slide\"             0:15    0:10  removed  ██▏\n"
	"   total                   3:20    3:05    -0:15\n"
	"\n"
	"Most over plan:  Where the time went +0:10, 封面 +0:05\n"
	"Most under plan: 成果：一个季度 -0:10\n";

static const char tsv_two[] =
	"rehearsal\tstart\tcomplete\tslide\ttitle\tstatus\tplanned_s\tactual_ms\tdiff_ms\tvisits\n"
	"1\t2024-05-01T09:30:00Z\tyes\tcover\t封面\tok\t20\t25000\t5000\t1\n"
	"1\t2024-05-01T09:30:00Z\tyes\tproblem\tWhere the time went\tok\t60\t70000\t10000\t1\n"
	"1\t2024-05-01T09:30:00Z\tyes\tresult\t成果：一个季度\tok\t90\t80000\t-10000\t2\n"
	"1\t2024-05-01T09:30:00Z\tyes\tnew\tNew\\tslide\tadded\t30\t\t\t\n"
	"1\t2024-05-01T09:30:00Z\tyes\told\tOld \"slide\"\tremoved\t15\t10000\t-5000\t1\n"
	"2\t2024-05-02T10:00:00Z\tno\tcover\t封面\tok\t20\t18000\t-2000\t1\n"
	"2\t2024-05-02T10:00:00Z\tno\tproblem\tWhere the time went\tok\t60\t62400\t2400\t1\n"
	"2\t2024-05-02T10:00:00Z\tno\tresult\t成果：一个季度\tok\t90\t100000\t10000\t1\n"
	"2\t2024-05-02T10:00:00Z\tno\tnew\tNew\\tslide\tadded\t30\t\t\t\n"
	"2\t2024-05-02T10:00:00Z\tno\told\tOld \"slide\"\tremoved\t15\t12000\t-3000\t1\n";

static const char json_two[] =
	"{\n"
	"  \"deck\": {\"id\": \"talk\", \"path\": \"talk.ini\", \"hash\": \"0000000000000002\","
	" \"planned_s\": 200},\n"
	"  \"rehearsals\": [\n"
	"    {\"file\": null, \"start\": \"2024-05-01T09:30:00Z\", \"complete\": true,"
	" \"deck_changed\": true, \"total_ms\": 185000,\n"
	"     \"slides\": [\n"
	"      {\"id\": \"cover\", \"title\": \"封面\", \"status\": \"ok\", \"planned_s\": 20,"
	" \"actual_ms\": 25000, \"diff_ms\": 5000, \"visits\": 1},\n"
	"      {\"id\": \"problem\", \"title\": \"Where the time went\", \"status\": \"ok\","
	" \"planned_s\": 60, \"actual_ms\": 70000, \"diff_ms\": 10000, \"visits\": 1},\n"
	"      {\"id\": \"result\", \"title\": \"成果：一个季度\", \"status\": \"ok\","
	" \"planned_s\": 90, \"actual_ms\": 80000, \"diff_ms\": -10000, \"visits\": 2},\n"
	"      {\"id\": \"new\", \"title\": \"New\\tslide\", \"status\": \"added\","
	" \"planned_s\": 30, \"actual_ms\": null, \"diff_ms\": null, \"visits\": null},\n"
	"      {\"id\": \"old\", \"title\": \"Old \\\"slide\\\"\", \"status\": \"removed\","
	" \"planned_s\": 15, \"actual_ms\": 10000, \"diff_ms\": -5000, \"visits\": 1}\n"
	"     ]},\n"
	"    {\"file\": null, \"start\": \"2024-05-02T10:00:00Z\", \"complete\": false,"
	" \"deck_changed\": false, \"total_ms\": 192400,\n"
	"     \"slides\": [\n"
	"      {\"id\": \"cover\", \"title\": \"封面\", \"status\": \"ok\", \"planned_s\": 20,"
	" \"actual_ms\": 18000, \"diff_ms\": -2000, \"visits\": 1},\n"
	"      {\"id\": \"problem\", \"title\": \"Where the time went\", \"status\": \"ok\","
	" \"planned_s\": 60, \"actual_ms\": 62400, \"diff_ms\": 2400, \"visits\": 1},\n"
	"      {\"id\": \"result\", \"title\": \"成果：一个季度\", \"status\": \"ok\","
	" \"planned_s\": 90, \"actual_ms\": 100000, \"diff_ms\": 10000, \"visits\": 1},\n"
	"      {\"id\": \"new\", \"title\": \"New\\tslide\", \"status\": \"added\","
	" \"planned_s\": 30, \"actual_ms\": null, \"diff_ms\": null, \"visits\": null},\n"
	"      {\"id\": \"old\", \"title\": \"Old \\\"slide\\\"\", \"status\": \"removed\","
	" \"planned_s\": 15, \"actual_ms\": 12000, \"diff_ms\": -3000, \"visits\": 1}\n"
	"     ]}\n"
	"  ]\n"
	"}\n";

static void test_text(void)
{
	char *s = render(2, REPORT_TEXT, 5, false);
	is_str(s, text_two, "text report of two rehearsals");
	ok(s && !strchr(s, '\033'), "no escape sequences without colour");
	free(s);
	s = render(2, REPORT_TEXT, 1, false);
	ok(s && !strstr(s, "trend") && !strstr(s, "Totals"), "--last 1: no trend");
	free(s);
	s = render(1, REPORT_TEXT, 5, false);
	is_str(s, text_one, "text report of one rehearsal, deck changed since");
	free(s);
	s = render(0, REPORT_TEXT, 5, false);
	is_str(s, "No rehearsal of 'talk' recorded yet: run 'lectern rehearse'.\n",
	       "no rehearsal yet");
	free(s);
	s = render(2, REPORT_TEXT, 5, true);
	ok(s && strstr(s, "\033[31m+0:10\033[0m"), "colour: over plan in red");
	ok(s && strstr(s, "\033[32m-0:02\033[0m"), "colour: under plan in green");
	free(s);
}

static void test_tsv_json(void)
{
	char *s = render(2, REPORT_TSV, 5, false);
	is_str(s, tsv_two, "tsv of two rehearsals");
	free(s);
	s = render(0, REPORT_TSV, 5, false);
	is_str(s,
	       "rehearsal\tstart\tcomplete\tslide\ttitle\tstatus\tplanned_s\tactual_ms\tdiff_ms"
	       "\tvisits\n",
	       "tsv without rehearsals: the header");
	free(s);
	s = render(2, REPORT_JSON, 5, false);
	is_str(s, json_two, "json of two rehearsals");
	free(s);
	s = render(0, REPORT_JSON, 5, false);
	is_str(s,
	       "{\n  \"deck\": {\"id\": \"talk\", \"path\": \"talk.ini\", \"hash\": "
	       "\"0000000000000002\", \"planned_s\": 200},\n  \"rehearsals\": []\n}\n",
	       "json without rehearsals");
	free(s);
}

/* An interrupted rehearsal: slides never reached are "skipped", not under
 * plan; a backup slide with time shows up in the table. */
static void test_skipped(void)
{
	struct slide sl[] = {
		{ .id = "a", .title = "Alpha", .time_s = 30, .nsteps = 1 },
		{ .id = "bk", .title = "Backup", .time_s = 10, .backup = true, .nsteps = 1 },
		{ .id = "bk2", .title = "Unused backup", .time_s = 10, .backup = true, .nsteps = 1 },
		{ .id = "b", .title = "Beta", .time_s = 30, .nsteps = 1 },
	};
	struct deck d = { .path = "s.ini", .meta = { .id = "s" }, .slides = sl, .nslides = 4 };
	struct record_slide rs[] = {
		{ "a", "Alpha", 30, 20000, 1 },
		{ "bk", "Backup", 10, 5000, 1 },
		{ "bk2", "Unused backup", 10, 0, 0 },
		{ "b", "Beta", 30, 0, 0 },
	};
	struct record r = { "s", "s.ini", 0, 0, 25000, false, rs, 4, NULL };
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	struct report_opts o = { REPORT_TEXT, 5, false };
	ok(out && report_write(out, &d, &r, 1, &o) == 0, "report written");
	if (out)
		fclose(out);
	is_str(buf,
	       "Rehearsal report for 's' (s.ini)\n"
	       "Last rehearsal: 1970-01-01 00:00 UTC, 0:25 of 1:00, incomplete (interrupted)\n"
	       "\n"
	       "#  slide   planned  actual     diff\n"
	       "1  Alpha      0:30    0:20    -0:10  █████████████▎\n"
	       "2  Backup     0:10    0:05    -0:05  ███▎\n"
	       "4  Beta       0:30    0:00  skipped\n"
	       "   total      1:00    0:25    -0:35\n"
	       "\n"
	       "Most over plan:  none\n"
	       "Most under plan: Alpha -0:10, Backup -0:05\n",
	       "skipped slides, backup slide with time");
	free(buf);
	buf = NULL;
	out = open_memstream(&buf, &len);
	o.format = REPORT_TSV;
	ok(out && report_write(out, &d, &r, 1, &o) == 0, "tsv written");
	if (out)
		fclose(out);
	ok(buf && strstr(buf, "\tb\tBeta\tskipped\t30\t0\t-30000\t0\n"), "tsv says skipped");
	ok(buf && !strstr(buf, "bk2"), "an unused backup slide is left out");
	free(buf);
}

/* The actual-time column of the table row that starts with prefix, or ""
 * when there is none. */
static const char *actual_of(const char *report, const char *prefix, char out[16])
{
	char planned[16];
	const char *p = report ? strstr(report, prefix) : NULL;
	out[0] = '\0';
	if (p && sscanf(p + strlen(prefix), "%15s %15s", planned, out) != 2)
		out[0] = '\0';
	return out;
}

/* Rounding to the nearest second, a time of exactly an hour, and slides
 * on plan, which are neither over nor under it. */
static void test_edges(void)
{
	struct slide sl[] = {
		{ .id = "a", .title = "Alpha", .time_s = 10, .nsteps = 1 },
		{ .id = "b", .title = "Beta", .time_s = 3600, .nsteps = 1 },
		{ .id = "c", .title = "Gamma", .time_s = 10, .nsteps = 1 },
		{ .id = "d", .title = "Delta", .time_s = 10, .nsteps = 1 },
	};
	struct deck d = { .path = "e.ini", .meta = { .id = "e" }, .slides = sl, .nslides = 4 };
	struct record_slide rs[] = {
		{ "a", "Alpha", 10, 10000, 1 },
		{ "b", "Beta", 3600, 3600000, 1 },
		{ "c", "Gamma", 10, 10500, 1 },
		{ "d", "Delta", 10, 9499, 1 },
	};
	struct record r = { "e", "e.ini", 0, 0, 3629999, true, rs, 4, NULL };
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	struct report_opts o = { REPORT_TEXT, 5, false };
	ok(out && report_write(out, &d, &r, 1, &o) == 0, "edges: report written");
	if (out)
		fclose(out);
	char a[16];
	is_str(actual_of(buf, "3  Gamma", a), "0:11", "edges: 10.5 s rounds up to 0:11");
	is_str(actual_of(buf, "4  Delta", a), "0:09", "edges: 9.499 s rounds down to 0:09");
	is_str(actual_of(buf, "2  Beta", a), "1:00:00", "edges: an hour reads 1:00:00");
	ok(buf && strstr(buf, "Most over plan:  Gamma +0:01\n"),
	   "edges: slides on plan are not over it");
	ok(buf && strstr(buf, "Most under plan: Delta -0:01\n"),
	   "edges: nor under it");
	free(buf);
}

int main(void)
{
	tap_plan(22);
	test_skipped();
	test_edges();
	test_text();
	test_tsv_json();
	return tap_done();
}
