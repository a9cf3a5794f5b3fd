/* lectern plan: proposals from each source (incomplete and skipped
 * rehearsals, slides added since), --fit with an exact total, the notes
 * estimate (Chinese, English, mixed, pauses), the byte-preserving rewrite
 * (comments, quoting, CRLF, continuation lines, missing time keys, a
 * Chinese deck), its diff, and the refusals of the write (the file changed
 * since it was read, an unwritable folder): nothing lost. */
#define _GNU_SOURCE 1
#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "plan.h"
#include "tap.h"

static const char *notes_cn[] = { "一二三四五", "one two" };
static struct slide slides[] = {
	{ .id = "cover",
	  .title = "封面",
	  .time_s = 20,
	  .nsteps = 1,
	  .notes = notes_cn,
	  .nnotes = 2 },
	{ .id = "problem", .title = "Problem", .time_s = 60, .nsteps = 1 },
	{ .id = "result", .title = "成果", .time_s = 90, .nsteps = 1 },
	{ .id = "extra", .title = "Backup", .time_s = 30, .backup = true, .nsteps = 1 },
	{ .id = "skip", .title = "Skip", .time_s = 40, .nsteps = 1 },
	{ .id = "new", .title = "New", .time_s = 30, .nsteps = 1 },
};
static struct deck deck = { .path = "talk.ini",
			    .meta = { .id = "talk", .title = "Talk" },
			    .slides = slides,
			    .nslides = 6 };

/* Record slides are deliberately not in deck order. */
static struct record_slide s0[] = {
	{ "result", "", 90, 80000, 1 },
	{ "cover", "", 20, 25000, 1 },
	{ "problem", "", 60, 70000, 1 },
	{ "skip", "", 40, 0, 0 },
};
static struct record_slide s1[] = {
	{ "cover", "", 20, 99000, 1 },
	{ "problem", "", 60, 99000, 1 },
	{ "result", "", 90, 99000, 1 },
	{ "skip", "", 40, 0, 0 },
};
static struct record_slide s2[] = {
	{ "cover", "", 20, 18000, 1 },   { "problem", "", 60, 62400, 1 },
	{ "result", "", 90, 100000, 2 }, { "skip", "", 40, 0, 0 },
	{ "extra", "", 30, 9000, 1 },
};
static struct record_slide s3[] = {
	{ "cover", "", 20, 21000, 1 },
	{ "problem", "", 60, 50000, 1 },
	{ "result", "", 90, 0, 0 },
	{ "skip", "", 40, 0, 0 },
};
static struct record recs[] = {
	{ "talk", "talk.ini", 1, 100, 185000, true, s0, 4, NULL },
	{ "talk", "talk.ini", 1, 200, 396000, false, s1, 4, NULL },
	{ "talk", "talk.ini", 1, 300, 180400, true, s2, 5, NULL },
	{ "talk", "talk.ini", 1, 400, 71000, true, s3, 4, NULL },
};

static struct plan_opts opts(enum plan_source from, unsigned last)
{
	return (struct plan_opts){ from, last, false, 0, { PLAN_RATE_HAN, PLAN_RATE_WORDS } };
}

/* "id=proposed/status ..." for the rows of p. */
static char *rows(const struct plan *p)
{
	struct strbuf b = { 0 };
	for (size_t i = 0; i < p->nrows; i++)
		strbuf_printf(&b, "%s%s=%u/%d", i ? " " : "", deck.slides[p->rows[i].slide].id,
			      p->rows[i].proposed_s, (int)p->rows[i].status);
	return strbuf_take(&b);
}

static void check_plan(const struct plan_opts *o, size_t n, const char *want, uint64_t total,
		       const char *what)
{
	struct plan p;
	struct diag_list dl;
	diag_list_init(&dl);
	int rc = plan_propose(&p, &deck, recs, n, o, &dl);
	is_int(rc, 0, what);
	char *got = rows(&p);
	is_str(got, want, what);
	is_int(p.proposed_s, total, what);
	free(got);
	plan_release(&p);
	diag_list_release(&dl);
}

static void test_sources(void)
{
	/* statuses: 0 proposed, 1 skipped, 2 unseen, 3 no notes */
	struct plan_opts o = opts(PLAN_FROM_LAST, 1);
	check_plan(&o, 4, "cover=20/0 problem=50/0 result=90/1 skip=40/1 new=30/2", 230,
		   "last: the newest complete rehearsal; skipped and added slides keep their time");
	o = opts(PLAN_FROM_LAST, 1);
	check_plan(&o, 2, "cover=25/0 problem=70/0 result=80/0 skip=40/1 new=30/2", 245,
		   "last: an incomplete newest rehearsal is passed over");
	o.include_incomplete = true;
	check_plan(&o, 2, "cover=100/0 problem=100/0 result=100/0 skip=40/1 new=30/2", 370,
		   "last --include-incomplete: the incomplete one is used");
	o = opts(PLAN_FROM_MEDIAN, 3);
	check_plan(&o, 4, "cover=20/0 problem=60/0 result=90/0 skip=40/1 new=30/2", 240,
		   "median of 3 complete: middle values; an even count takes the mean");
	o.include_incomplete = true;
	check_plan(&o, 4, "cover=20/0 problem=60/0 result=100/0 skip=40/1 new=30/2", 250,
		   "median with the incomplete rehearsal among the last 3");
	o = opts(PLAN_FROM_MEDIAN, 2);
	check_plan(&o, 4, "cover=20/0 problem=55/0 result=100/0 skip=40/1 new=30/2", 245,
		   "median of 2: the mean of the two, rounded to 5 s");
	o = opts(PLAN_FROM_NOTES, 1);
	check_plan(&o, 0, "cover=5/0 problem=60/3 result=90/3 skip=40/3 new=30/3", 225,
		   "notes: slides without notes keep their time; no records needed");

	struct plan p;
	struct diag_list dl;
	diag_list_init(&dl);
	o = opts(PLAN_FROM_MEDIAN, 3);
	is_int(plan_propose(&p, &deck, recs, 0, &o, &dl), -1, "no rehearsal: refused");
	ok(dl.n == 1 && strstr(dl.v[0].msg, "no rehearsal of deck 'talk'"), "  saying so");
	diag_list_release(&dl);
	diag_list_init(&dl);
	is_int(plan_propose(&p, &deck, recs + 1, 1, &o, &dl), -1, "only incomplete: refused");
	ok(dl.n == 1 && strstr(dl.v[0].msg, "--include-incomplete"), "  with the hint");
	diag_list_release(&dl);

	/* the report's rule: a rehearsal that skipped the last main slide is
	 * incomplete, whatever its record says */
	struct deck short_deck = deck;
	short_deck.nslides = 5; /* ... extra (backup), skip: the last main slide */
	diag_list_init(&dl);
	is_int(plan_propose(&p, &short_deck, recs, 1, &o, &dl), -1,
	       "a 'complete' record that skipped the last slide is incomplete");
	ok(dl.n == 1 && strstr(dl.v[0].msg, "(1 incomplete;"), "  and counted so");
	diag_list_release(&dl);
}

static void test_fit(void)
{
	struct plan_opts o = opts(PLAN_FROM_MEDIAN, 3);
	/* kept 70 s; 230 s = 46 units over 21000 : 62400 : 90000 ms */
	o.fit_s = 300;
	check_plan(&o, 4, "cover=30/0 problem=85/0 result=115/0 skip=40/1 new=30/2", 300,
		   "--fit 5m: 5 s units by largest remainder, the total exact");
	o.fit_s = 302;
	check_plan(&o, 4, "cover=30/0 problem=85/0 result=117/0 skip=40/1 new=30/2", 302,
		   "--fit 5m2s: the 2 s that make no unit go to the longest slide");
	o.fit_s = 85;
	check_plan(&o, 4, "cover=5/0 problem=5/0 result=5/0 skip=40/1 new=30/2", 85,
		   "--fit at the minimum: 5 s each");

	struct plan p;
	struct diag_list dl;
	diag_list_init(&dl);
	o.fit_s = 84;
	is_int(plan_propose(&p, &deck, recs, 4, &o, &dl), -1, "--fit too short: refused");
	ok(dl.n == 1 && strstr(dl.v[0].msg, "cannot fit the plan into 1:24"), "  saying so");
	diag_list_release(&dl);

	/* every target from 85 s to 20 min: exact total, 5 s steps, at least 5 s */
	int bad = 0;
	for (uint64_t t = 85; t <= 1200; t++) {
		o.fit_s = t;
		diag_list_init(&dl);
		if (plan_propose(&p, &deck, recs, 4, &o, &dl) != 0) {
			bad++;
			diag_list_release(&dl);
			continue;
		}
		unsigned odd = 0;
		for (size_t i = 0; i < p.nrows; i++)
			odd += p.rows[i].status == PLAN_PROPOSED &&
			       (p.rows[i].proposed_s % 5 != 0 || p.rows[i].proposed_s < 5);
		if (p.proposed_s != t || odd > (t % 5 ? 1u : 0u))
			bad++;
		plan_release(&p);
		diag_list_release(&dl);
	}
	is_int(bad, 0, "--fit 85 s .. 20 min: every total exact, every slide a 5 s step");
}

static void test_estimate(void)
{
	struct plan_count c = { 0, 0, 0 };
	const char *zh = "我们今天讲算力。";
	plan_count_text(&c, zh, strlen(zh));
	ok(c.han == 7 && c.words == 0 && c.pause_ms == 0, "Chinese: one per character");
	struct plan_rates r = { 190, 150 };
	struct plan_count k = { 190, 150, 0 };
	is_int(plan_count_ms(&k, &r), 120000, "190 字 and 150 words take a minute each");

	struct plan_count e = { 0, 0, 0 };
	const char *en = "Hello, world! It's a well-known test.";
	plan_count_text(&e, en, strlen(en));
	ok(e.han == 0 && e.words == 6, "English: words, with inner ' and -");

	struct plan_count m = { 0, 0, 0 };
	const char *mix = "GPT-3 用了 3640 PF-days 的算力";
	plan_count_text(&m, mix, strlen(mix));
	ok(m.han == 5 && m.words == 3, "mixed: Han characters and Latin words together");

	struct plan_count p = { 0, 0, 0 };
	const char *ps = "Hello [pause 5s] world [pause]（停顿3秒）(停顿)[停顿 1m][Pause 2s]";
	plan_count_text(&p, ps, strlen(ps));
	ok(p.words == 2 && p.han == 0, "pause markers are not counted as words");
	is_int(p.pause_ms, 5000 + 2000 + 3000 + 2000 + 60000 + 2000, "pauses add their time");

	struct plan_count q = { 0, 0, 0 };
	const char *np = "[paused] [pause 5 minutes] (停顿很久)";
	plan_count_text(&q, np, strlen(np));
	ok(q.pause_ms == 0 && q.words == 4 && q.han == 4,
	   "text that only looks like a pause is text");

	struct plan_count bad = { 0, 0, 0 };
	plan_count_text(&bad,
			"ab\xff\xfe"
			"cd",
			6);
	is_int(bad.words, 2, "invalid bytes count as nothing and end a word");

	is_int(plan_estimate_slide_ms(&slides[0], &r), 1579 + 800,
	       "a slide: all its notes (5 字 + 2 words)");
	is_int(plan_estimate_slide_ms(&slides[1], &r), 0, "no notes: 0");
}

static char *han_text(size_t n)
{
	struct strbuf b = { 0 };
	for (size_t i = 0; i < n; i++)
		strbuf_adds(&b, "字");
	return strbuf_take(&b);
}

/* The warning of check: 20% of the plan, at least 10 s, strictly more. */
static void test_check_estimates(void)
{
	char *t63 = han_text(63), *t64 = han_text(64), *t380 = han_text(380), *t381 = han_text(381);
	const char *n63[] = { t63 }, *n64[] = { t64 }, *n380[] = { t380 }, *n381[] = { t381 };
	struct slide sl[] = {
		{ .id = "a", .title = "A", .time_s = 10, .notes = n63, .nnotes = 1, .line = 3 },
		{ .id = "b", .title = "B", .time_s = 10, .notes = n64, .nnotes = 1, .line = 7 },
		{ .id = "c", .title = "C", .time_s = 100, .notes = n380, .nnotes = 1, .line = 9 },
		{ .id = "d", .title = "D", .time_s = 100, .notes = n381, .nnotes = 1, .line = 12 },
		{ .id = "e", .title = "E", .time_s = 0, .notes = n381, .nnotes = 1, .line = 15 },
	};
	struct deck dk = { .path = "e.ini", .meta = { .id = "e" }, .slides = sl, .nslides = 5 };
	struct plan_rates r = { 190, 150 };
	struct diag_list dl;
	diag_list_init(&dl);
	plan_check_estimates(&dk, &r, &dl);
	is_int(dl.n, 2, "estimates: warnings only past the margin, none without a plan");
	ok(dl.n == 2 && dl.v[0].line == 7 && dl.v[0].sev == SEV_WARNING &&
		   strstr(dl.v[0].msg, "slide 'b': its notes take about 0:20 to speak, but its "
				       "planned time is 0:10"),
	   "  64 字 in 10 s: past the 10 s minimum, naming the slide and both times");
	ok(dl.n == 2 && dl.v[1].line == 12 && strstr(dl.v[1].msg, "slide 'd'") &&
		   strstr(dl.v[1].msg, "about 2:00") && strstr(dl.v[1].msg, "is 1:40"),
	   "  381 字 in 100 s: past 20%");
	diag_list_release(&dl);
	struct strbuf tb = { 0 };
	plan_times_table(&tb, &dk, &r);
	ok(tb.s && strstr(tb.s, "\nb          0:10      0:20      +0:10\n") &&
		   strstr(tb.s, "\ne             -      2:00\n") &&
		   strstr(tb.s, "\ntotal      3:40      6:40\n"),
	   "check --times: plan, estimate, difference, totals");
	if (tb.s && !strstr(tb.s, "total      3:40      6:40"))
		printf("# %s", tb.s);
	free(tb.s);
	free(t63);
	free(t64);
	free(t380);
	free(t381);
}

static void test_format(void)
{
	char b[PLAN_TIME_LEN];
	plan_format_time(90, b);
	is_str(b, "1m30s", "90 s");
	plan_format_time(120, b);
	is_str(b, "2m", "120 s");
	plan_format_time(3905, b);
	is_str(b, "1h5m5s", "3905 s");
	plan_format_time(45, b);
	is_str(b, "45s", "45 s");
	is_int(plan_round5(2499), 5, "round5: never 0");
	is_int(plan_round5(62400), 60, "round5: nearest");
	is_int(plan_round5(62500), 65, "round5: halves up");
}

static const char deck_a[] = "; 演讲：计划测试 (comments stay)\n"
			     "[deck]\n"
			     "title    = 算力底座\n"
			     "duration = 3m\n"
			     "\n"
			     "[cover]\n"
			     "layout = title\n"
			     "title  = '封面; 标题'\n"
			     "note.1 = 开场。\n"
			     "\n"
			     "# a comment between slides\n"
			     "[intro]\n"
			     "title = Intro \\\n"
			     " continued\n"
			     "time    =   \"1m\"   ; quoted, spaced\n"
			     "note.1  = first \\\n"
			     "  second\n"
			     "\n"
			     "[cont]\n"
			     "title = 续 \\\n"
			     "页\n"
			     "note.1 = x\n"
			     "\n"
			     "[body]\n"
			     "\ttitle = 正文\n"
			     "\ttime = 45s\n"
			     "\ttext.1 = 内容\n"
			     "[last]\n"
			     "title = The end";

static const char deck_a_new[] = "; 演讲：计划测试 (comments stay)\n"
				 "[deck]\n"
				 "title    = 算力底座\n"
				 "duration = 3m\n"
				 "\n"
				 "[cover]\n"
				 "layout = title\n"
				 "title  = '封面; 标题'\n"
				 "time   = 20s\n"
				 "note.1 = 开场。\n"
				 "\n"
				 "# a comment between slides\n"
				 "[intro]\n"
				 "title = Intro \\\n"
				 " continued\n"
				 "time    =   \"1m30s\"   ; quoted, spaced\n"
				 "note.1  = first \\\n"
				 "  second\n"
				 "\n"
				 "[cont]\n"
				 "title = 续 \\\n"
				 "页\n"
				 "time = 10s\n"
				 "note.1 = x\n"
				 "\n"
				 "[body]\n"
				 "\ttitle = 正文\n"
				 "\ttime = 45s\n"
				 "\ttext.1 = 内容\n"
				 "[last]\n"
				 "title = The end\n"
				 "time = 15s";

static const char deck_b[] =
	"[deck]\r\nid = crlf\r\n\r\n[a]\r\ntitle = A\r\ntime = 10s ; was\r\n\r\n"
	"[b]\r\ntitle=B\r\n";
static const char deck_b_new[] =
	"[deck]\r\nid = crlf\r\n\r\n[a]\r\ntitle = A\r\ntime = 30s ; was\r\n"
	"\r\n[b]\r\ntitle=B\r\ntime=20s\r\n";

static void test_rewrite(void)
{
	struct diag_list dl;
	diag_list_init(&dl);
	struct plan_edit ea[] = {
		{ "cover", 20 }, { "intro", 90 }, { "cont", 10 }, { "body", 45 }, { "last", 15 }
	};
	struct plan_rewrite w;
	int rc = plan_rewrite(&w, "a.ini", deck_a, strlen(deck_a), ea, 5, &dl);
	is_int(rc, 0, "rewrite: comments, quotes, continuations, tabs, Chinese, no final newline");
	is_str(rc == 0 ? w.bytes : NULL, deck_a_new, "  only the time values change or are added");
	is_int(w.len, strlen(deck_a_new), "  length");
	is_int(w.nchanges, 4, "  four changes (body's time is already 45 s)");
	struct diag_list ld;
	diag_list_init(&ld);
	struct deck *d = deck_load(
		&(struct deck_load_opts){
			.from = DECK_FROM_BUFFER, .name = "a.ini", .bytes = w.bytes, .len = w.len },
		NULL, &ld);
	ok(d && ld.n == 0, "  the result loads without a warning (times add up to duration)");
	ok(d && d->slides[0].time_s == 20 && d->slides[1].time_s == 90 &&
		   d->slides[2].time_s == 10 && d->slides[3].time_s == 45 &&
		   d->slides[4].time_s == 15,
	   "  with the new times");
	ok(d && strcmp(d->slides[0].title, "封面; 标题") == 0 &&
		   strcmp(d->slides[2].title, "续 页") == 0,
	   "  and the titles as they were");
	deck_free(d);
	diag_list_release(&ld);
	plan_rewrite_release(&w);

	struct plan_edit eb[] = { { "a", 30 }, { "b", 20 } };
	rc = plan_rewrite(&w, "b.ini", deck_b, strlen(deck_b), eb, 2, &dl);
	is_str(rc == 0 ? w.bytes : NULL, deck_b_new,
	       "CRLF and an unquoted comment: kept, the added line ends in CRLF too");
	struct strbuf df = { 0 };
	plan_diff(&df, "b.ini", deck_b, strlen(deck_b), &w, 1);
	is_str(df.s,
	       "--- b.ini\n+++ b.ini\n"
	       "@@ -5,3 +5,3 @@\n title = A\n-time = 10s ; was\n+time = 30s ; was\n \n"
	       "@@ -9,1 +9,2 @@\n title=B\n+time=20s\n",
	       "diff, 1 line of context: two hunks");
	free(df.s);
	df = (struct strbuf){ 0 };
	plan_diff(&df, "b.ini", deck_b, strlen(deck_b), &w, 2);
	is_str(df.s,
	       "--- b.ini\n+++ b.ini\n"
	       "@@ -4,6 +4,7 @@\n [a]\n title = A\n-time = 10s ; was\n+time = 30s ; was\n \n [b]\n "
	       "title=B\n"
	       "+time=20s\n",
	       "diff, 2 lines of context: the hunks merge");
	free(df.s);
	df = (struct strbuf){ 0 };
	plan_diff(&df, "b\n+++ x\n@@ -1,1 +1,1 @@\n.ini", deck_b, strlen(deck_b), &w, 1);
	const char *head =
		"--- b\xe2\x90\x8a+++ x\xe2\x90\x8a@@ -1,1 +1,1 @@\xe2\x90\x8a.ini\n"
		"+++ b\xe2\x90\x8a+++ x\xe2\x90\x8a@@ -1,1 +1,1 @@\xe2\x90\x8a.ini\n@@ -5,3";
	ok(df.s && strncmp(df.s, head, strlen(head)) == 0 && strstr(df.s, "\n@@ -1,1") == NULL,
	   "diff of a deck whose name holds newlines: the name stays on its header lines");
	free(df.s);
	plan_rewrite_release(&w);
	is_int(dl.n, 0, "no diagnostics so far");

	const char crlf_end[] = "[a]\r\ntitle = A\r\n\r\n[b]\r\ntitle = B";
	struct plan_edit ee[] = { { "b", 20 } };
	rc = plan_rewrite(&w, "e.ini", crlf_end, strlen(crlf_end), ee, 1, &dl);
	is_str(rc == 0 ? w.bytes : NULL, "[a]\r\ntitle = A\r\n\r\n[b]\r\ntitle = B\r\ntime = 20s",
	       "CRLF, no line end at the end: the title's line gets CRLF");
	plan_rewrite_release(&w);

	const char cont[] = "[a]\ntitle = A\ntime = 1\\\n0s\n";
	struct plan_edit ec[] = { { "a", 30 } };
	is_int(plan_rewrite(&w, "c.ini", cont, strlen(cont), ec, 1, &dl), -1,
	       "a time continued over lines: refused");
	ok(dl.n == 1 && dl.v[0].line == 3 && strstr(dl.v[0].msg, "join it"), "  naming its line");
	diag_list_release(&dl);
	diag_list_init(&dl);
	struct plan_edit ez[] = { { "zzz", 30 } };
	is_int(plan_rewrite(&w, "b.ini", deck_b, strlen(deck_b), ez, 1, &dl), -1,
	       "a slide not in the file: refused");
	diag_list_release(&dl);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t cap = 0;
	FILE *m = open_memstream(&buf, &cap);
	int c;
	while ((c = fgetc(f)) != EOF)
		fputc(c, m);
	fclose(f);
	fclose(m);
	*len = cap;
	return buf;
}

static int same_file(const char *path, const char *want)
{
	size_t n;
	char *got = slurp(path, &n);
	int r = got && n == strlen(want) && memcmp(got, want, n) == 0;
	free(got);
	return r;
}

static void put_file(const char *path, const char *s, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	if (fd >= 0) {
		if (write(fd, s, strlen(s)) < 0)
			perror(path);
		fchmod(fd, mode);
		close(fd);
	}
}

static int entries(const char *dir)
{
	DIR *d = opendir(dir);
	int n = 0;
	struct dirent *e;
	while (d && (e = readdir(d)))
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	if (d)
		closedir(d);
	return n;
}

/* The test's own fsync(), which the core's atomic writes call: when armed,
 * the first call rewrites that file, as another writer would between the
 * first comparison and the new file taking the deck's name. */
static const char *fsync_poke;

int fsync(int fd)
{
	if (fsync_poke) {
		const char *p = fsync_poke;
		fsync_poke = NULL;
		put_file(p, "theirs, meanwhile\n", 0644);
	}
	return (int)syscall(SYS_fsync, fd);
}

static void test_write(void)
{
	char dir[] = "/tmp/lectern-plan-XXXXXX";
	if (!mkdtemp(dir)) {
		ok(0, "a temporary folder");
		return;
	}
	char *deckp = xasprintf("%s/talk.ini", dir), *bak = xasprintf("%s/talk.ini~", dir);
	struct diag_list dl;
	diag_list_init(&dl);
	struct plan_file f;

	put_file(deckp, "old text\n", 0640);
	is_int(plan_file_read(&f, deckp, &dl), 0, "read");
	is_int(plan_file_write(&f, "new text\n", 9, bak, &dl), PLAN_WRITE_OK, "write");
	ok(same_file(deckp, "new text\n") && same_file(bak, "old text\n"),
	   "  the deck is new, the backup old");
	struct stat st, sb;
	ok(stat(deckp, &st) == 0 && (st.st_mode & 07777) == 0640 && stat(bak, &sb) == 0 &&
		   (sb.st_mode & 07777) == 0640,
	   "  both keep the deck's mode 0640");
	is_int(entries(dir), 2, "  no temporary file left");
	plan_file_release(&f);
	unlink(bak);

	/* another writer between read and write: a different size */
	put_file(deckp, "old text\n", 0644);
	plan_file_read(&f, deckp, &dl);
	put_file(deckp, "theirs, longer\n", 0644);
	is_int(plan_file_write(&f, "new text\n", 9, bak, &dl), PLAN_WRITE_CHANGED,
	       "changed since read (size): refused");
	ok(same_file(deckp, "theirs, longer\n") && access(bak, F_OK) != 0,
	   "  their text kept, no backup written");
	ok(dl.n == 1 && strstr(dl.v[0].msg, "changed since it was read"), "  saying so");
	plan_file_release(&f);

	/* same size, modification time put back: only the content tells */
	put_file(deckp, "old text\n", 0644);
	plan_file_read(&f, deckp, &dl);
	put_file(deckp, "OLD TEXT\n", 0644);
	struct timespec ts[2] = { f.st.st_atim, f.st.st_mtim };
	utimensat(AT_FDCWD, deckp, ts, 0);
	is_int(plan_file_write(&f, "new text\n", 9, bak, &dl), PLAN_WRITE_CHANGED,
	       "changed since read (same size and time): refused");
	ok(same_file(deckp, "OLD TEXT\n") && access(bak, F_OK) != 0, "  their text kept");
	plan_file_release(&f);
	diag_list_release(&dl);
	diag_list_init(&dl);

	/* another writer while the backup is being written: the second
	 * comparison, just before the rename, refuses */
	put_file(deckp, "old text\n", 0644);
	plan_file_read(&f, deckp, &dl);
	fsync_poke = deckp;
	is_int(plan_file_write(&f, "new text\n", 9, bak, &dl), PLAN_WRITE_CHANGED,
	       "changed while writing: refused before the rename");
	ok(fsync_poke == NULL && same_file(deckp, "theirs, meanwhile\n") &&
		   same_file(bak, "old text\n") && entries(dir) == 2,
	   "  their text kept, the backup holds what was read, no temporary file");
	plan_file_release(&f);
	unlink(bak);
	diag_list_release(&dl);
	diag_list_init(&dl);

	/* a symbolic link to the deck: refused, the link and its target kept */
	char *link = xasprintf("%s/link.ini", dir);
	put_file(deckp, "old text\n", 0644);
	if (symlink("talk.ini", link) != 0)
		perror(link);
	plan_file_read(&f, link, &dl);
	is_int(plan_file_write(&f, "new text\n", 9, bak, &dl), PLAN_WRITE_FAILED,
	       "a symbolic link: refused");
	struct stat lst;
	ok(lstat(link, &lst) == 0 && S_ISLNK(lst.st_mode) && same_file(deckp, "old text\n") &&
		   access(bak, F_OK) != 0 && dl.n == 1 && strstr(dl.v[0].msg, "symbolic link"),
	   "  the link and its target as they were, saying why");
	plan_file_release(&f);
	unlink(link);
	free(link);
	diag_list_release(&dl);
	diag_list_init(&dl);

	/* an unwritable folder: as uid 65534 when root, else a 0555 folder */
	put_file(deckp, "old text\n", 0644);
	int got = -99;
	if (geteuid() == 0) {
		chmod(dir, 0755);
		fflush(stdout); /* the child must not write the TAP lines again */
		pid_t pid = fork();
		if (pid == 0) {
			if (setgroups(0, NULL) != 0 || setgid(65534) != 0 || setuid(65534) != 0)
				_exit(90);
			struct plan_file cf;
			struct diag_list cd;
			diag_list_init(&cd);
			if (plan_file_read(&cf, deckp, &cd) != 0)
				_exit(91);
			int rc = plan_file_write(&cf, "new text\n", 9, bak, &cd);
			int st = rc == PLAN_WRITE_FAILED && cd.n == 1 &&
						 strstr(cd.v[0].msg, "Permission denied")
					 ? 0
					 : 92;
			plan_file_release(&cf);
			diag_list_release(&cd);
			diag_list_release(&dl);
			free(deckp);
			free(bak);
			_exit(st);
		}
		int status = 0;
		waitpid(pid, &status, 0);
		got = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	} else {
		chmod(dir, 0555);
		plan_file_read(&f, deckp, &dl);
		int rc = plan_file_write(&f, "new text\n", 9, bak, &dl);
		got = rc == PLAN_WRITE_FAILED && dl.n == 1 &&
				      strstr(dl.v[0].msg, "Permission denied")
			      ? 0
			      : 92;
		plan_file_release(&f);
		chmod(dir, 0700);
	}
	is_int(got, 0, "unwritable folder: refused, saying why");
	ok(same_file(deckp, "old text\n") && access(bak, F_OK) != 0 && entries(dir) == 1,
	   "  the deck as it was, nothing else in the folder");
	diag_list_release(&dl);
	unlink(deckp);
	rmdir(dir);
	free(deckp);
	free(bak);
}

/* A Markdown deck: a quoted "time:" in a lectern comment, one unquoted
 * after other keys, a slide without a time under a setext heading and one
 * under an ATX heading in a CRLF file: only those bytes change, the result
 * loads with the new times, and the diff's hunks count the lines added. */
static const char md_a[] = "---\ntitle: \"讲\"\nid: mdt\n---\n\n"
			   "<!-- lectern\nid: intro\ntime: \"30s\"   \n-->\n# Intro\n\n- hello\n\n"
			   "---\n\n<!-- lectern\nid: two\nbackup: no\ntime:1m\n-->\n## 第二页\n\n"
			   "- 世界\n\n---\n\nThird\n=====\n\n- three\n";
static const char md_a_new[] =
	"---\ntitle: \"讲\"\nid: mdt\n---\n\n"
	"<!-- lectern\nid: intro\ntime: \"45s\"   \n-->\n# Intro\n\n- hello\n\n"
	"---\n\n<!-- lectern\nid: two\nbackup: no\ntime:1m30s\n-->\n## 第二页\n\n"
	"- 世界\n\n---\n\nThird\n=====\n<!-- lectern\ntime: 20s\n-->\n\n- three\n";

static void test_rewrite_md(void)
{
	struct diag_list dl;
	diag_list_init(&dl);
	struct plan_edit e[] = { { "intro", 45 }, { "two", 90 }, { "third", 20 } };
	struct plan_rewrite w;
	int rc = plan_rewrite(&w, "a.md", md_a, strlen(md_a), e, 3, &dl);
	is_int(rc, 0, "Markdown rewrite");
	is_str(rc == 0 ? w.bytes : NULL, md_a_new,
	       "  only the time values change, a comment added after a setext heading");
	struct diag_list ld;
	diag_list_init(&ld);
	struct deck *d = deck_load(
		&(struct deck_load_opts){
			.from = DECK_FROM_BUFFER, .name = "a.md", .bytes = w.bytes, .len = w.len },
		NULL, &ld);
	ok(d && d->nslides == 3 && d->slides[0].time_s == 45 && d->slides[1].time_s == 90 &&
		   d->slides[2].time_s == 20 && ld.nerrors == 0,
	   "  the result loads with the new times");
	deck_free(d);
	diag_list_release(&ld);
	struct strbuf df = { 0 };
	plan_diff(&df, "a.md", md_a, strlen(md_a), &w, 1);
	ok(df.s && strstr(df.s, "@@ -28,2 +28,5 @@\n =====\n+<!-- lectern\n+time: 20s\n+-->\n \n"),
	   "  the diff adds the comment's three lines");
	free(df.s);
	plan_rewrite_release(&w);

	const char crlf[] = "<!-- lectern\r\nid: a\r\n-->\r\n# A\r\n\r\n- x\r\n\r\n---\r\n\r\n# B";
	struct plan_edit ec[] = { { "a", 10 }, { "b", 15 } };
	rc = plan_rewrite(&w, "c.md", crlf, strlen(crlf), ec, 2, &dl);
	is_str(rc == 0 ? w.bytes : NULL,
	       "<!-- lectern\r\nid: a\r\n-->\r\n# A\r\n<!-- lectern\r\ntime: 10s\r\n-->\r\n\r\n"
	       "- x\r\n\r\n---\r\n\r\n# B\r\n<!-- lectern\r\ntime: 15s\r\n-->",
	       "CRLF Markdown: the added comments end their lines in CRLF, the last line too");
	plan_rewrite_release(&w);
	is_int(dl.n, 0, "no diagnostics");
	diag_list_release(&dl);
}

int main(void)
{
	tap_plan(92 + 6);
	test_sources();
	test_fit();
	test_estimate();
	test_format();
	test_check_estimates();
	test_rewrite();
	test_rewrite_md();
	test_write();
	return tap_done();
}
