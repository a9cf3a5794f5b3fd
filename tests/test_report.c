/* The rehearsal report on a hand-made deck and a hand-made pair of records:
 * exact text, TSV and JSON, slides matched by id (one added since, one
 * removed), display-width alignment with Chinese titles, no escapes
 * without colour. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "frame.h"
#include "report.h"
#include "tap.h"
#include "xalloc.h"

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
	{ "cover", "封面", 20, 18000, 1 },    { "problem", "Where the time went", 60, 62400, 1 },
	{ "result", "成果", 90, 100000, 1 },  { "old", "Old \"slide\"", 15, 12000, 1 },
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

/* The title "New\tslide" shows as the screen shows it (frame_put, the one
 * rule of textclass.h and the frame): the tab advances to the next stop of
 * 8 columns. Before the report drew through frames it showed the tab as
 * "␉" (the one-line writers' rule), unlike the overview and --list. */
static const char text_two[] =
	"Rehearsal report for 'talk' (talk.ini)\n"
	"Last rehearsal: 2024-05-02 10:00 UTC, 3:12 of 3:20, incomplete (interrupted)\n"
	"\n"
	"#  slide                planned  actual     diff  trend\n"
	"1  封面                    0:20    0:18    -0:02  █▆     ███▌\n"
	"2  Where the time went     1:00    1:02    +0:02  ██     ████████████▍\n"
	"3  成果：一个季度          1:30    1:40    +0:10  ▇█     ████████████████████\n"
	"5  New     slide           0:30       -    added\n"
	"-  Old \"slide\"             0:15    0:12  removed  ▇█     ██▍\n"
	"   total                   3:20    3:12    -0:08  ██\n"
	"\n"
	"Most over plan:  成果：一个季度 +0:10, Where the time went +0:02\n"
	"Most under plan: 封面 -0:02\n"
	"Most varied:     成果：一个季度 1:20-1:40, Where the time went 1:02-1:10, 封面 0:18-0:25\n"
	"Rate of speech: not measured (too little rehearsed time on slides with notes)\n"
	"\n"
	"Totals of the last 2 rehearsals, oldest first: 3:05 3:12 (incomplete)\n"
	"\n"
	"Total of each rehearsal, oldest first:\n"
	"  2024-05-01 09:30 UTC   3:05  ██████████████████▌\n"
	"  2024-05-02 10:00 UTC   3:12  ███████████████████▏  incomplete\n"
	"  plan                   3:20  ████████████████████\n"
	"\n"
	"Suggestion: the rehearsals give 3 slides a new time (planned 3:20, proposed 3:25): "
	"'lectern plan talk.ini' shows them, with --write it saves them.\n";

static const char text_one[] =
	"Rehearsal report for 'talk' (talk.ini)\n"
	"Last rehearsal: 2024-05-01 09:30 UTC, 3:05 of 3:20, complete\n"
	"The deck has changed since; slides are matched by id.\n"
	"\n"
	"#  slide                planned  actual     diff\n"
	"1  封面                    0:20    0:25    +0:05  █████▌\n"
	"2  Where the time went     1:00    1:10    +0:10  ███████████████▌\n"
	"3  成果：一个季度          1:30    1:20    -0:10  █████████████████▊\n"
	"5  New     slide           0:30       -    added\n"
	"-  Old \"slide\"             0:15    0:10  removed  ██▏\n"
	"   total                   3:20    3:05    -0:15\n"
	"\n"
	"Most over plan:  Where the time went +0:10, 封面 +0:05\n"
	"Most under plan: 成果：一个季度 -0:10\n"
	"Rate of speech: not measured (too little rehearsed time on slides with notes)\n"
	"\n"
	"Suggestion: the rehearsals give 3 slides a new time (planned 3:20, proposed 3:25): "
	"'lectern plan talk.ini' shows them, with --write it saves them.\n";

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
		{ .id = "bk2",
		  .title = "Unused backup",
		  .time_s = 10,
		  .backup = true,
		  .nsteps = 1 },
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
	       "Last rehearsal: 1970-01-01 00:00 UTC, 0:25 of 1:00, incomplete\n"
	       "Never reached: slide 4 (1 of 2 slides)\n"
	       "\n"
	       "#  slide   planned  actual     diff\n"
	       "1  Alpha      0:30    0:20    -0:10  █████████████▎\n"
	       "2  Backup     0:10    0:05    -0:05  ███▎\n"
	       "4  Beta       0:30    0:00  skipped\n"
	       "   total      1:00    0:25    -0:35\n"
	       "\n"
	       "Most over plan:  none\n"
	       "Most under plan: Alpha -0:10, Backup -0:05\n"
	       "Rate of speech: not measured (no complete rehearsal)\n"
	       "\n"
	       "Suggestion: the rehearsals give 1 slide a new time (planned 1:00, proposed 0:50): "
	       "'lectern plan s.ini --include-incomplete' shows them, with --write it saves them.\n",
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

/* A nine-slide deck rehearsed up to slide 2, as in issue 15. */
static struct slide nine[] = {
	{ .id = "s1", .title = "One", .time_s = 60, .nsteps = 1 },
	{ .id = "s2", .title = "Two", .time_s = 60, .nsteps = 1 },
	{ .id = "s3", .title = "Three", .time_s = 60, .nsteps = 1 },
	{ .id = "s4", .title = "Four", .time_s = 60, .nsteps = 1 },
	{ .id = "s5", .title = "Five", .time_s = 60, .nsteps = 1 },
	{ .id = "s6", .title = "Six", .time_s = 60, .nsteps = 1 },
	{ .id = "bk", .title = "Backup", .time_s = 60, .backup = true, .nsteps = 1 },
	{ .id = "s7", .title = "Seven", .time_s = 60, .nsteps = 1 },
	{ .id = "s8", .title = "Eight", .time_s = 60, .nsteps = 1 },
	{ .id = "s9", .title = "Nine", .time_s = 60, .nsteps = 1 },
};
static struct deck nine_deck = {
	.path = "short.ini", .meta = { .id = "short" }, .slides = nine, .nslides = 10, .hash = 9
};

static void nine_record(struct record_slide *rs, struct record *r, bool complete)
{
	for (size_t i = 0; i < 10; i++)
		rs[i] = (struct record_slide){ (char *)nine[i].id, (char *)nine[i].title, 60, 0,
					       0 };
	rs[0].actual_ms = 4000;
	rs[0].visits = 1;
	rs[1].actual_ms = 3661;
	rs[1].visits = 1;
	rs[4].actual_ms = 0;
	*r = (struct record){ "short", "short.ini", 9, 1714555800, 7661, complete, rs, 10, NULL };
}

static char *render_one(const struct deck *d, const struct record *r, size_t n,
			enum report_format f)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	struct report_opts o = { f, 5, false };
	if (!out)
		return NULL;
	if (report_write(out, d, r, n, &o) != 0)
		fputs("<write error>", out);
	fclose(out);
	return buf;
}

/* q on slide 2 of 9: incomplete, with the slides never reached, even for a
 * record written before the rule (complete = yes). */
static void test_never_reached(void)
{
	struct record_slide rs[10];
	struct record r;
	for (int old = 0; old < 2; old++) {
		nine_record(rs, &r, old == 1);
		char *s = render_one(&nine_deck, &r, 1, REPORT_TEXT);
		const char *want =
			"Last rehearsal: 2024-05-01 09:30 UTC, 0:07 of 9:00, incomplete\n"
			"Never reached: slides 3-6, 8-10 (7 of 9 slides)\n\n";
		ok(s && strstr(s, want),
		   old ? "a record saved as complete before the rule: "
			 "incomplete, never reached 3-6, 8-10"
		       : "q on slide 2 of 9: incomplete, never reached 3-6, 8-10");
		if (s && !strstr(s, want))
			printf("# %s", s);
		free(s);
		s = render_one(&nine_deck, &r, 1, REPORT_TSV);
		ok(s && strstr(s, "\tno\ts1\t") && !strstr(s, "\tyes\t"), "tsv: complete is no");
		free(s);
		s = render_one(&nine_deck, &r, 1, REPORT_JSON);
		ok(s && strstr(s, "\"complete\": false"), "json: complete is false");
		free(s);
	}
	for (size_t i = 2; i < 10; i++)
		rs[i].visits = i != 6;
	r.complete = true;
	char *s = render_one(&nine_deck, &r, 1, REPORT_TEXT);
	ok(s && strstr(s, ", 0:07 of 9:00, complete\n\n"), "every main slide reached: complete");
	ok(s && !strstr(s, "Never reached"),
	   "and nothing never reached (the backup is not missed)");
	free(s);
}

/* The total said when a rehearsal is saved (timer_format_ms) and the
 * report's agree: 15.661 s is 0:15 in both (issue 15). */
static void test_one_rounding(void)
{
	struct record_slide rs[10];
	struct record r;
	nine_record(rs, &r, false);
	r.total_ms = 15661;
	rs[0].actual_ms = 15661;
	char saved[TIMER_FMT_LEN];
	timer_format_ms(15661, saved);
	is_str(saved, "0:15", "the rehearsal is saved as 0:15");
	char *s = render_one(&nine_deck, &r, 1, REPORT_TEXT);
	ok(s && strstr(s, "UTC, 0:15 of 9:00"), "the report's total is 0:15 too");
	ok(s && strstr(s, "\n 1  One       1:00    0:15    -0:45"), "and so is the slide's");
	ok(s && strstr(s, "\n    total     9:00    0:15    -8:45\n"), "and the total row");
	free(s);
	is_int(timer_whole_s(15999), 15, "whole seconds round toward zero");
}

/* A deck of two sections with slides before the first, a backup slide in
 * the first and a second never reached: the section block totals each
 * part from the record, the sum of the milliseconds rounded once. */
static struct section parts[2];
static struct slide parted[] = {
	{ .id = "p0", .title = "Cover", .time_s = 10, .nsteps = 1 },
	{ .id = "p1", .title = "Need", .time_s = 60, .nsteps = 1, .section = &parts[0] },
	{ .id = "p2", .title = "Need 2", .time_s = 30, .nsteps = 1, .section = &parts[0] },
	{ .id = "p3",
	  .title = "Extra",
	  .time_s = 20,
	  .backup = true,
	  .nsteps = 1,
	  .section = &parts[0] },
	{ .id = "p4", .title = "Chips", .time_s = 90, .nsteps = 1, .section = &parts[1] },
};
static struct deck parted_deck = { .path = "parts.ini",
				   .meta = { .id = "parts" },
				   .slides = parted,
				   .nslides = 5,
				   .sections = parts,
				   .nsections = 2,
				   .hash = 5 };

/* "M:SS" of whole seconds s. */
static void mss(uint64_t s, char out[16])
{
	snprintf(out, 16, "%u:%02u", (unsigned)(s / 60 % 1000), (unsigned)(s % 60));
}

static void test_sections(void)
{
	parts[0] = (struct section){ "需求 demand", 1, 3, 1 };
	parts[1] = (struct section){ "芯片", 4, 1, 1 };
	const uint64_t ms[5] = { 12000, 61500, 29600, 4000, 0 };
	struct record_slide rs[5];
	for (size_t i = 0; i < 5; i++)
		rs[i] = (struct record_slide){ (char *)parted[i].id, (char *)parted[i].title,
					       parted[i].time_s, ms[i], i < 4 };
	struct record r = { "parts", "parts.ini", 5, 1714555800, 107100, false, rs, 5, NULL };
	/* the expected totals, computed: planned without the backup slide,
	 * actual with it, each part's milliseconds summed, then rounded */
	uint64_t plan0 = parted[0].time_s, plan1 = parted[1].time_s + parted[2].time_s;
	uint64_t act0 = timer_whole_s(ms[0]), act1 = timer_whole_s(ms[1] + ms[2] + ms[3]);
	ok(act1 != timer_whole_s(ms[1]) + timer_whole_s(ms[2]) + timer_whole_s(ms[3]),
	   "the data tells a rounded sum from a sum of rounded rows");
	char p0[16], a0[16], p1[16], a1[16], p2[16], d0[16], d1[16];
	mss(plan0, p0);
	mss(act0, a0);
	mss(plan1, p1);
	mss(act1, a1);
	mss(parted[4].time_s, p2);
	snprintf(d0, sizeof d0, "+0:%02u", (unsigned)(act0 - plan0));
	snprintf(d1, sizeof d1, "+0:%02u", (unsigned)(act1 - plan1));
	char want[512];
	snprintf(want, sizeof want,
		 " #  section      planned  actual     diff\n"
		 " -  (before 01)  %7s  %6s  %7s\n"
		 "01  需求 demand  %7s  %6s  %7s\n"
		 "02  芯片         %7s  %6s  %7s\n"
		 "\n"
		 "Most over plan:",
		 p0, a0, d0, p1, a1, d1, p2, "0:00", "skipped");
	char *s = render_one(&parted_deck, &r, 1, REPORT_TEXT);
	ok(s && strstr(s, want), "the section block: planned and actual per section");
	if (s && !strstr(s, want))
		printf("# want:\n%s\n# got:\n%s", want, s);
	const char *tbl = s ? strstr(s, "   total") : NULL;
	ok(tbl && strstr(tbl, " #  section"), "after the slide table");
	free(s);
	s = render_one(&nine_deck, &r, 1, REPORT_TEXT);
	ok(s && !strstr(s, "section"), "a deck without sections has no block");
	free(s);
	parts[1].name = "\x1b]0;x\x07芯片\xe2\x80\xae";
	s = render_one(&parted_deck, &r, 1, REPORT_TEXT);
	ok(s && strstr(s, "02  ␛]0;x␇芯片�") && !strchr(s, '\x1b') && !strchr(s, '\x07') &&
		   !strstr(s, "\xe2\x80\xae"),
	   "a hostile section name is shown with its controls replaced");
	free(s);
}

/* The text report shows local time with its zone; tsv and json keep UTC. */
static void test_local_time(void)
{
	struct record_slide rs[10];
	struct record r;
	nine_record(rs, &r, false);
	setenv("TZ", "Asia/Shanghai", 1);
	tzset();
	char *s = render_one(&nine_deck, &r, 1, REPORT_TEXT);
	ok(s && strstr(s, "Last rehearsal: 2024-05-01 17:30 CST, "), "TZ=Asia/Shanghai: 17:30 CST");
	free(s);
	setenv("TZ", "EST5EDT,M3.2.0,M11.1.0", 1);
	tzset();
	s = render_one(&nine_deck, &r, 1, REPORT_TEXT);
	ok(s && strstr(s, "Last rehearsal: 2024-05-01 05:30 EDT, "), "a POSIX TZ: 05:30 EDT");
	free(s);
	s = render_one(&nine_deck, &r, 1, REPORT_TSV);
	ok(s && strstr(s, "\t2024-05-01T09:30:00Z\t"), "tsv keeps UTC");
	free(s);
	s = render_one(&nine_deck, &r, 1, REPORT_JSON);
	ok(s && strstr(s, "\"start\": \"2024-05-01T09:30:00Z\""), "json keeps UTC");
	free(s);
	setenv("TZ", "UTC", 1);
	tzset();
}

/* A renamed deck file: records under the old id with the same slide ids. */
static void test_renamed(void)
{
	struct record_slide a[10], b[10], c[3];
	struct record v[4];
	nine_record(a, &v[0], false);
	v[0].deck_id = "old-name";
	nine_record(b, &v[1], false);
	v[1].deck_id = "old-name";
	for (size_t i = 0; i < 3; i++)
		c[i] = a[i];
	v[2] = (struct record){ "other", "other.ini", 1, 1714555900, 9000, true, c, 3, NULL };
	nine_record(b, &v[3], false);
	v[3].deck_id = "short"; /* the deck's own id: left alone */
	size_t count = 99;
	const char *id = report_find_renamed(&nine_deck, v, 3, &count);
	is_str(id, "old-name", "the old id with the same slides is found");
	is_int(count, 2, "with its two records");
	ok(!report_find_renamed(&nine_deck, v + 2, 2, &count),
	   "3 shared slides of 10 do not match");
	is_int(count, 0, "no count without a match");
	/* one slide renamed since: 9 of 10 still match */
	a[4].id = "renamed";
	id = report_find_renamed(&nine_deck, v, 1, &count);
	is_str(id, "old-name", "a deck edited a little since still matches");
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	if (out) {
		report_write_renamed(out, &nine_deck, "old\033name", 2);
		fclose(out);
	}
	is_str(buf,
	       "2 rehearsals of a deck with the same slides are recorded under the id "
	       "'old\xE2\x90\x9Bname'.\n"
	       "If 'short' was renamed from it, add 'id = old\xE2\x90\x9Bname' to the [deck] "
	       "section of short.ini to keep that history.\n",
	       "the hint names the old id and the key to set, without control characters");
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

/* Whole seconds toward zero, a time of exactly an hour, and slides on
 * plan, which are neither over nor under it. */
/* Deck text in the text report is drawn as the screen draws it: the title
 * cell and the "Most over plan" line hold exactly what frame_put makes of
 * the title (textclass.h's placeholders, a tab to its stop), and the id in
 * the first line likewise. */
static void test_screen_rule(void)
{
	static char title[] = "a\033[31mb\tc\nd\xe2\x80\xae"
			      "e\x7f";
	struct slide sl[] = { { .id = "x", .title = title, .time_s = 10, .nsteps = 1 } };
	struct deck d = { .path = "h.ini", .meta = { .id = "i\td" }, .slides = sl, .nslides = 1 };
	struct record_slide rs[] = { { "x", title, 10, 20000, 1 } };
	struct record r = { "i\td", "h.ini", 0, 0, 20000, true, rs, 1, NULL };
	char *buf = render_one(&d, &r, 1, REPORT_TEXT);
	struct frame *f = frame_new(FRAME_UNBOUNDED, 2);
	struct strbuf shown = { 0 }, id = { 0 };
	frame_put(f, 0, 0, title, strlen(title), FRAME_UNBOUNDED, STYLE_TEXT);
	frame_put(f, 1, 0, "i\td", 3, FRAME_UNBOUNDED, STYLE_TEXT);
	frame_row_text(f, 0, NULL, &shown);
	frame_row_text(f, 1, NULL, &id);
	struct strbuf want = { 0 };
	strbuf_printf(&want, "1  %s  ", shown.s);
	ok(buf && strstr(buf, want.s), "screen rule: the title cell is what frame_put draws");
	want.len = 0;
	strbuf_printf(&want, "Most over plan:  %s +0:10\n", shown.s);
	ok(buf && strstr(buf, want.s), "screen rule: so is the title in the extremes");
	want.len = 0;
	strbuf_printf(&want, "Rehearsal report for '%s' (h.ini)\n", id.s);
	ok(buf && strstr(buf, want.s), "screen rule: and the deck id");
	ok(buf && !strchr(buf, '\033') && !strchr(buf, '\t') && !strchr(buf, 0x7f),
	   "screen rule: no control byte in the report");
	free(want.s);
	free(shown.s);
	free(id.s);
	frame_free(f);
	free(buf);
}

static void test_edges(void)
{
	struct slide sl[] = {
		{ .id = "a", .title = "Alpha", .time_s = 10, .nsteps = 1 },
		{ .id = "b", .title = "Beta", .time_s = 3600, .nsteps = 1 },
		{ .id = "c", .title = "Gamma", .time_s = 10, .nsteps = 1 },
		{ .id = "d", .title = "Delta", .time_s = 10, .nsteps = 1 },
		{ .id = "e", .title = "Eps", .time_s = 10, .nsteps = 1 },
	};
	struct deck d = { .path = "e.ini", .meta = { .id = "e" }, .slides = sl, .nslides = 5 };
	struct record_slide rs[] = {
		{ "a", "Alpha", 10, 10000, 1 }, { "b", "Beta", 3600, 3600000, 1 },
		{ "c", "Gamma", 10, 10999, 1 }, { "d", "Delta", 10, 9999, 1 },
		{ "e", "Eps", 10, 11000, 1 },
	};
	struct record r = { "e", "e.ini", 0, 0, 3651998, true, rs, 5, NULL };
	char *buf = render_one(&d, &r, 1, REPORT_TEXT);
	char a[16];
	is_str(actual_of(buf, "3  Gamma", a), "0:10", "edges: 10.999 s reads 0:10");
	is_str(actual_of(buf, "4  Delta", a), "0:09", "edges: 9.999 s reads 0:09");
	is_str(actual_of(buf, "5  Eps", a), "0:11", "edges: 11 s reads 0:11");
	is_str(actual_of(buf, "2  Beta", a), "1:00:00", "edges: an hour reads 1:00:00");
	ok(buf && strstr(buf, "Most over plan:  Eps +0:01\n"),
	   "edges: slides on plan are not over it");
	ok(buf && strstr(buf, "Most under plan: Delta -0:01\n"), "edges: nor under it");
	free(buf);
}

/* Matching at scale: a deck of 3,000 slides and three records that list
 * its slides in reverse, each missing every seventh (a different seventh
 * in each), with slides removed from the deck (some in every record, some
 * in one). The TSV must be what the matching rule gives, row by row; it
 * is built here from the rule, not from the report's code. */
#define BIG 3000u
#define GONE 10u
static void test_big_matching(void)
{
	struct slide *ds = calloc(BIG, sizeof *ds);
	for (size_t i = 0; i < BIG; i++) {
		ds[i].id = xasprintf("s%zu", i);
		ds[i].title = xasprintf("Slide %zu", i);
		ds[i].time_s = 10;
		ds[i].nsteps = 1;
	}
	struct deck d = { .path = "big.ini",
			  .meta = { .id = "big", .title = "Big" },
			  .slides = ds,
			  .nslides = BIG,
			  .hash = 9 };
	struct record rv[3];
	for (size_t k = 0; k < 3; k++) {
		struct record *r = &rv[k];
		*r = (struct record){ xstrdup("big"),
				      xstrdup("big.ini"),
				      9,
				      1714555800 + (int64_t)k * 86400,
				      600000,
				      true,
				      NULL,
				      0,
				      NULL };
		r->slides = calloc(BIG + 5 + GONE, sizeof *r->slides);
		for (size_t j = BIG; j-- > 0;) {
			if (j % 7 == k)
				continue;
			struct record_slide *e = &r->slides[r->nslides++];
			e->id = xasprintf("s%zu", j);
			e->title = xasprintf("Old title %zu", j);
			e->planned_s = 10;
			e->actual_ms = j % 11 == 0 ? 0 : (uint64_t)j * 1000u + k;
			e->visits = j % 11 == 0 ? 0 : 1;
		}
		for (size_t j = 0; j < 5 + GONE; j++) {
			struct record_slide *e = &r->slides[r->nslides++];
			e->id = j < 5 ? xasprintf("old-shared-%zu", j)
				      : xasprintf("old-%zu-%zu", k, j);
			e->title = xasprintf("Gone %zu/%zu", k, j);
			e->actual_ms = 500u + j;
			e->visits = 1;
		}
	}
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	struct report_opts o = { REPORT_TSV, 3, false };
	is_int(report_write(out, &d, rv, 3, &o), 0, "the report of 3 x 3,000 slides is written");
	fclose(out);

	struct strbuf want = { 0 };
	strbuf_adds(&want, "rehearsal\tstart\tcomplete\tslide\ttitle\tstatus\tplanned_s\tactual_ms"
			   "\tdiff_ms\tvisits\n");
	static const char *const iso[3] = { "2024-05-01T09:30:00Z", "2024-05-02T09:30:00Z",
					    "2024-05-03T09:30:00Z" };
	for (size_t k = 0; k < 3; k++) {
		for (size_t i = 0; i < BIG; i++) {
			strbuf_printf(&want, "%zu\t%s\tyes\ts%zu\tSlide %zu\t", k + 1, iso[k], i,
				      i);
			if (i % 7 == k) {
				strbuf_adds(&want, "added\t10\t\t\t\n");
				continue;
			}
			uint64_t ms = i % 11 == 0 ? 0 : (uint64_t)i * 1000u + k;
			strbuf_printf(&want, "%s\t10\t%llu\t%lld\t%u\n",
				      i % 11 == 0 ? "skipped" : "ok", (unsigned long long)ms,
				      (long long)ms - 10000, i % 11 == 0 ? 0u : 1u);
		}
		/* removed slides: the rows of the newest record first, then the older */
		for (size_t j = 0; j < 5; j++)
			strbuf_printf(
				&want,
				"%zu\t%s\tyes\told-shared-%zu\tGone 2/%zu\tremoved\t\t%zu\t\t1\n",
				k + 1, iso[k], j, j, 500u + j);
		for (size_t kk = 3; kk-- > 0;)
			for (size_t j = 5; kk == k && j < 5 + GONE; j++)
				strbuf_printf(&want,
					      "%zu\t%s\tyes\told-%zu-%zu\tGone "
					      "%zu/%zu\tremoved\t\t%zu\t\t1\n",
					      k + 1, iso[k], k, j, k, j, 500u + j);
	}
	is_str(buf, want.s, "every slide matched by id: ok, skipped, added and removed rows");
	free(want.s);
	free(buf);

	size_t count = 99;
	ok(report_find_renamed(&d, rv, 3, &count) == NULL && count == 0,
	   "records of the deck's own id are no rename");
	for (size_t k = 0; k < 3; k++) {
		free(rv[k].deck_id);
		rv[k].deck_id = xstrdup("older");
	}
	const char *old = report_find_renamed(&d, rv, 3, &count);
	ok(old && strcmp(old, "older") == 0 && count == 3,
	   "3,000 shared slide ids make a renamed deck");
	for (size_t k = 0; k < 3; k++)
		record_release(&rv[k]);
	for (size_t i = 0; i < BIG; i++) {
		free((char *)ds[i].id);
		free((char *)ds[i].title);
	}
	free(ds);
}

/* The report's coaching lines on a deck with Chinese and English notes:
 * the rate of speech per language (pauses taken off the time), the most
 * varied slide (a hostile title shown through the frame), and the
 * suggestion only when lectern plan would change a time. */
static void test_coaching_lines(void)
{
	static char zh_note[] = "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十"
				"一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十"
				"一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十"
				"一二三四五六七八九十[pause 4s]";
	static char en_note[] = "one two three four five six seven eight nine ten "
				"one two three four five six seven eight nine ten "
				"one two three four five six seven eight nine ten "
				"one two three four five six seven eight nine ten "
				"one two three four five six seven eight nine ten";
	const char *zh_notes[] = { zh_note, zh_note }, *en_notes[] = { en_note };
	struct slide sl[] = {
		{ .id = "zh",
		  .title = "\x1b[31m讲\x07",
		  .time_s = 40,
		  .nsteps = 1,
		  .notes = zh_notes,
		  .nnotes = 2 },
		{ .id = "en",
		  .title = "English",
		  .time_s = 30,
		  .nsteps = 1,
		  .notes = en_notes,
		  .nnotes = 1 },
	};
	struct deck d = {
		.path = "c\x1b]0;x\x07.ini", .meta = { .id = "c" }, .slides = sl, .nslides = 2
	};
	struct record_slide ra[] = { { "zh", "t", 40, 40000, 1 },
				     { "en", "English", 30, 30000, 1 } };
	struct record_slide rb[] = { { "zh", "t", 40, 44000, 1 },
				     { "en", "English", 30, 30000, 1 } };
	struct record r[] = {
		{ "c", "c.ini", 0, 1714555800, 70000, true, ra, 2, NULL },
		{ "c", "c.ini", 0, 1714642200, 74000, true, rb, 2, NULL },
	};
	struct report_opts o = { REPORT_TEXT, 5, false };
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	ok(out && report_write(out, &d, r, 2, &o) == 0, "coaching: report written");
	if (out)
		fclose(out);
	const char *t = buf ? buf : "";
	/* 200 Han characters a rehearsal, 400 in 40 + 44 s less 4 x 4 s of
	 * pause: 353 a minute; 50 words a rehearsal, 100 in 60 s: 100 a minute */
	ok(strstr(t, "\nRate of speech: 353 字/min (Chinese notes, 1:08 rehearsed), 100 words/min "
		     "(other notes, 1:00 rehearsed), over 2 complete rehearsals\n") != NULL,
	   "the rate of speech per language, the marked pauses taken off");
	ok(strstr(t, "\nMost varied:     ␛[31m讲␇ 0:40-0:44\n") != NULL,
	   "the most varied slide, its title through the frame");
	ok(!strchr(t, '\x1b') && !strchr(t, '\x07'), "no control byte of the title or path");
	ok(!strstr(t, "Suggestion"), "no suggestion while the plan matches the rehearsals");
	free(buf);

	sl[0].time_s = 60;
	buf = NULL;
	out = open_memstream(&buf, &len);
	ok(out && report_write(out, &d, r, 2, &o) == 0, "coaching: report written again");
	if (out)
		fclose(out);
	t = buf ? buf : "";
	ok(strstr(t,
		  "\nSuggestion: the rehearsals give 1 slide a new time (planned 1:30, proposed "
		  "1:10): 'lectern plan c␛]0;x␇.ini' shows them, with --write it saves them.\n") !=
		   NULL,
	   "a slide planned longer than rehearsed: the suggestion names lectern plan and the deck");
	free(buf);
}

int main(void)
{
	tap_plan(58 + 7);
	/* the text report shows local time: the expected texts are in UTC */
	setenv("TZ", "UTC", 1);
	tzset();
	test_never_reached();
	test_one_rounding();
	test_sections();
	test_local_time();
	test_renamed();
	test_skipped();
	test_edges();
	test_screen_rule();
	test_text();
	test_tsv_json();
	test_big_matching();
	test_coaching_lines();
	return tap_done();
}
