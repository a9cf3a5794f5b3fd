/* Rehearsal records: the text format (escaping, Chinese titles), the
 * strict reader on bad input, saving (atomic, never overwriting, short
 * rehearsals not saved, incomplete ones kept) and reading a state folder
 * that holds foreign and unreadable files. Folders are mkdtemp() under
 * /tmp; XDG_STATE_HOME points there. */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "record.h"
#include "report.h"
#include "tap.h"
#include "timer.h"
#include "xalloc.h"

#define S 1000u

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *b = xmalloc(1 << 16);
	size_t n = fread(b, 1, (1 << 16) - 1, f);
	b[n] = '\0';
	fclose(f);
	return b;
}

static void spit(const char *dir, const char *name, const char *text)
{
	char *p = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(p, "wb");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
	free(p);
}

/* Number of directory entries of dir, "." and ".." not counted; names
 * starting with prefix only, when prefix is not NULL. */
static int count_files(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	int n = 0;
	struct dirent *e;
	if (!d)
		return -1;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (!prefix || strncmp(e->d_name, prefix, strlen(prefix)) == 0)
			n++;
	}
	closedir(d);
	return n;
}

/* Removes path and everything under it (symlinks are not followed). */
static void rm_tree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		struct dirent *e;
		while (d && (e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			char *sub = xasprintf("%s/%s", path, e->d_name);
			rm_tree(sub);
			free(sub);
		}
		if (d)
			closedir(d);
		rmdir(path);
	} else {
		unlink(path);
	}
}

static struct record_slide sample_slides[] = {
	{ "cover", "封面：新一代AIGC算力底座", 20, 25300, 1 },
	{ "tabs", "a\tb\nc\\d\re", 60, 0, 0 },
	{ "problem", "算力需求 — “每年翻倍”", 0, 61000, 3 },
};

static struct record sample(void)
{
	struct record r = { 0 };
	r.deck_id = "talk";
	r.deck_path = "slides/talk\t1.ini";
	r.deck_hash = 0x00ff00ff12345678u;
	r.start_s = 1714555800;
	r.total_ms = 86300;
	r.complete = true;
	r.slides = sample_slides;
	r.nslides = 3;
	return r;
}

static const char sample_text[] = "lectern-rehearsal 1\n"
				  "deck-id\ttalk\n"
				  "deck-path\tslides/talk\\t1.ini\n"
				  "deck-hash\t00ff00ff12345678\n"
				  "start\t2024-05-01T09:30:00Z\n"
				  "total-ms\t86300\n"
				  "complete\tyes\n"
				  "slide\tcover\t20\t25300\t1\t封面：新一代AIGC算力底座\n"
				  "slide\ttabs\t60\t0\t0\ta\\tb\\nc\\\\d\\re\n"
				  "slide\tproblem\t0\t61000\t3\t算力需求 — “每年翻倍”\n"
				  "end\n";

static void test_format_parse(void)
{
	struct record r = sample();
	char *text = record_format(&r);
	is_str(text, sample_text, "the format, escapes included");

	struct diag_list dl;
	diag_list_init(&dl);
	struct record b;
	is_int(record_parse(&b, "x.rehearsal", text, strlen(text), &dl), 0, "parses back");
	is_int(dl.n, 0, "without diagnostics");
	is_str(b.deck_id, "talk", "deck id");
	is_str(b.deck_path, "slides/talk\t1.ini", "path with a tab");
	ok(b.deck_hash == r.deck_hash, "hash");
	is_int(b.start_s, 1714555800, "start");
	is_int(b.total_ms, 86300, "total");
	ok(b.complete, "complete");
	is_int(b.nslides, 3, "3 slides");
	is_str(b.slides[0].title, "封面：新一代AIGC算力底座", "Chinese title");
	is_str(b.slides[1].title, "a\tb\nc\\d\re", "tab, newline, backslash, CR unescaped");
	is_str(b.slides[2].title, "算力需求 — “每年翻倍”", "punctuation");
	is_int(b.slides[0].planned_s, 20, "planned");
	is_int(b.slides[0].actual_ms, 25300, "actual");
	is_int(b.slides[2].visits, 3, "visits");
	is_str(b.file, "x.rehearsal", "the file name is kept");
	char *again = record_format(&b);
	is_str(again, text, "read back equals written");
	free(again);
	record_release(&b);
	record_release(&b);
	ok(b.slides == NULL && b.deck_id == NULL, "release twice is harmless");

	/* CRLF line ends and an unknown key are accepted */
	const char crlf[] =
		"lectern-rehearsal 1\r\ndeck-id\tt\r\ndeck-path\t\r\n"
		"deck-hash\t0000000000000000\r\nstart\t2024-05-01T09:30:00Z\r\n"
		"total-ms\t9000\r\ncomplete\tno\r\nmood\tgood\r\nslide\ta\t0\t9000\t1\tA\r\n"
		"end";
	is_int(record_parse(&b, "crlf", crlf, strlen(crlf), &dl), 0,
	       "CRLF, an unknown key and no final newline are fine");
	ok(!b.complete, "incomplete read back");
	is_str(b.deck_path, "", "empty path");
	record_release(&b);
	is_int(dl.n, 0, "still no diagnostics");
	free(text);
	diag_list_release(&dl);
}

struct bad {
	const char *text;
	unsigned line;
	const char *msg;
};

#define HDR                                                                            \
	"lectern-rehearsal 1\ndeck-id\tt\ndeck-path\tp\ndeck-hash\t0000000000000000\n" \
	"start\t2024-05-01T09:30:00Z\ntotal-ms\t9000\ncomplete\tyes\n"

static const struct bad bads[] = {
	{ "", 1, "not a lectern rehearsal record" },
	{ "hello world\n", 1, "not a lectern rehearsal record" },
	{ "\x89PNG\r\n\x1a\n", 1, "not a lectern rehearsal record" },
	{ "lectern-rehearsal 2\nwhatever\n", 1, "unsupported record version '2'" },
	{ "lectern-rehearsal 1x\n", 1, "unsupported record version" },
	{ HDR, 7, "no 'end' line (the record is truncated)" },
	{ HDR "slide\ta\t1\t2\t3\tA\n", 8, "no 'end' line (the record is truncated)" },
	{ HDR "end\nslide\ta\t1\t2\t3\tA\n", 9, "text after 'end'" },
	{ HDR "slide\ta\t1\t2\t3\n"
	      "end\n",
	  8, "a slide line needs 6 fields, not 5" },
	{ HDR "slide\ta\t1\t2\t3\tA\tB\n"
	      "end\n",
	  8, "a slide line needs 6 fields, not 7" },
	{ HDR "slide\ta\tx\t2\t3\tA\nend\n", 8, "bad number for the planned time" },
	{ HDR "slide\ta\t-1\t2\t3\tA\nend\n", 8, "bad number for the planned time" },
	{ HDR "slide\ta\t4294967296\t2\t3\tA\nend\n", 8, "number too large for the planned time" },
	{ HDR "slide\ta\t1\t99999999999999999999\t3\tA\nend\n", 8,
	  "number too large for the actual time" },
	{ HDR "slide\ta\t1\t\t3\tA\nend\n", 8, "bad number for the actual time" },
	{ HDR "slide\t\t1\t2\t3\tA\nend\n", 8, "empty the slide id" },
	{ HDR "slide\ta\t1\t2\t3\tbad \\q escape\nend\n", 8, "bad escape in the slide title" },
	{ HDR "slide\ta\t1\t2\t3\ttrailing \\\nend\n", 8, "bad escape in the slide title" },
	{ HDR "slide\ta\t1\t2\t3\t\xff\xfe\nend\n", 8, "invalid UTF-8 in the slide title" },
	{ HDR "slide\ta\t1\t2\t3\tA\nslide\ta\t1\t2\t3\tB\nend\n", 9, "slide 'a' listed twice" },
	{ HDR "slide\ta\t1\t2\t3\tA\ntotal-ms\t5\nend\n", 9, "'total-ms' after the slide lines" },
	{ HDR "deck-id\tu\nend\n", 8, "'deck-id' given twice" },
	{ "lectern-rehearsal 1\ndeck-id\tt\tu\n", 2, "'deck-id' needs exactly one value" },
	{ "lectern-rehearsal 1\ndeck-id\t\n", 2, "empty 'deck-id'" },
	{ "lectern-rehearsal 1\ndeck-hash\t123\n", 2, "bad 'deck-hash' (want 16 hex digits)" },
	{ "lectern-rehearsal 1\ndeck-hash\t000000000000000g\n", 2,
	  "bad 'deck-hash' (want 16 hex digits)" },
	{ "lectern-rehearsal 1\nstart\tyesterday\n", 2,
	  "bad 'start' (want a time like 2024-05-01T09:30:00Z)" },
	{ "lectern-rehearsal 1\ncomplete\tmaybe\n", 2, "bad 'complete' (want yes or no)" },
	{ "lectern-rehearsal 1\ntotal-ms\t1e9\n", 2, "bad number for 'total-ms'" },
	{ "lectern-rehearsal 1\ndeck-id\tt\nend\n", 3, "no 'deck-path'" },
};

static void test_bad_input(void)
{
	for (size_t i = 0; i < sizeof bads / sizeof bads[0]; i++) {
		struct diag_list dl;
		struct record r;
		diag_list_init(&dl);
		char what[64];
		snprintf(what, sizeof what, "bad record %zu is refused", i);
		is_int(record_parse(&r, "bad.rehearsal", bads[i].text, strlen(bads[i].text), &dl),
		       -1, what);
		ok(r.deck_id == NULL && r.slides == NULL && r.file == NULL, "and r is empty");
		is_int(dl.n, 1, "with one diagnostic");
		if (dl.n == 1) {
			char *want = xasprintf("bad.rehearsal:%u: warning: %s; record skipped",
					       bads[i].line, bads[i].msg);
			char *got = diag_format(&dl.v[0]);
			is_str(got, want, "exact diagnostic");
			free(got);
			free(want);
		}
		diag_list_release(&dl);
	}

	struct diag_list dl;
	struct record r;
	diag_list_init(&dl);
	const char nul[] = "lectern-rehearsal 1\ndeck-id\tt\0x\n";
	is_int(record_parse(&r, "nul", nul, sizeof nul - 1, &dl), -1, "a NUL byte is refused");
	char *got = dl.n ? diag_format(&dl.v[0]) : NULL;
	is_str(got, "nul:2: warning: NUL byte; record skipped", "NUL byte names its line");
	free(got);
	diag_list_release(&dl);
}

/* Every prefix of a valid record is parsed without reading past its
 * length; only the two that contain the whole "end" line succeed. */
static void test_truncations(void)
{
	struct record r = sample();
	char *text = record_format(&r);
	size_t len = strlen(text), okc = 0;
	for (size_t n = 0; n <= len; n++) {
		char *copy = xmalloc(n ? n : 1);
		memcpy(copy, text, n);
		struct diag_list dl;
		struct record b;
		diag_list_init(&dl);
		if (record_parse(&b, "t", copy, n, &dl) == 0)
			okc++;
		record_release(&b);
		diag_list_release(&dl);
		free(copy);
	}
	is_int(okc, 2, "only the whole record (with or without the last LF) parses");
	free(text);
}

static void test_from_timer(void)
{
	struct slide sl[] = {
		{ .id = "a", .title = "第一", .time_s = 10, .nsteps = 1 },
		{ .id = "b", .title = "Second", .time_s = 20, .nsteps = 1 },
		{ .id = "c", .title = "Never shown", .time_s = 5, .nsteps = 1 },
	};
	struct deck d = { .path = "d\xff.ini",
			  .meta = { .id = "demo" },
			  .slides = sl,
			  .nslides = 3,
			  .hash = 77 };
	struct timer t;
	timer_init(&t, &d);
	timer_start(&t, 0, 1000, UINT64_C(1714555800999));
	timer_enter_slide(&t, 1, 3000);
	timer_enter_slide(&t, 0, 4000);
	struct record r;
	record_from_timer(&r, &t, 4500, false);
	is_str(r.deck_id, "demo", "deck id from the timer");
	is_str(r.deck_path, "d\xEF\xBF\xBD.ini", "invalid UTF-8 in the path is replaced");
	is_int(r.deck_hash, 77, "hash");
	is_int(r.start_s, 1714555800, "start in whole seconds");
	is_int(r.total_ms, 3500, "total");
	ok(!r.complete, "slide c never reached: incomplete though not interrupted");
	is_int(r.nslides, 3, "every slide, visited or not");
	is_int(r.slides[0].actual_ms, 2500, "revisits add up in the record");
	is_int(r.slides[0].visits, 2, "two visits");
	is_int(r.slides[1].actual_ms, 1000, "second slide");
	is_int(r.slides[2].visits, 0, "never shown");
	is_str(r.slides[0].title, "第一", "title");
	is_int(r.slides[1].planned_s, 20, "planned");
	record_release(&r);
	timer_release(&t);
}

/* Complete means the last slide of the planned run was reached and the
 * rehearsal was not interrupted (issue 15: q on slide 2 of 9 was recorded
 * as complete). */
static void test_complete(void)
{
	struct slide sl[] = {
		{ .id = "a", .title = "A", .time_s = 10, .nsteps = 1 },
		{ .id = "b", .title = "B", .time_s = 10, .nsteps = 1 },
		{ .id = "c", .title = "C", .time_s = 10, .nsteps = 1 },
		{ .id = "bk", .title = "Backup", .time_s = 10, .backup = true, .nsteps = 1 },
	};
	struct deck d = { .path = "c.ini", .meta = { .id = "c" }, .slides = sl, .nslides = 4 };
	struct timer t;
	struct record r;
	timer_init(&t, &d);
	ok(!record_complete(&t, false), "an idle timer is not complete");
	timer_start(&t, 0, 0, UINT64_C(1714555800000));
	timer_enter_slide(&t, 1, 3000);
	record_from_timer(&r, &t, 7000, false);
	ok(!r.complete, "q on slide 2 of 3: incomplete");
	record_release(&r);
	timer_enter_slide(&t, 3, 8000);
	ok(!record_complete(&t, false), "jumping to the backup slide is not the end");
	timer_enter_slide(&t, 2, 9000);
	ok(record_complete(&t, false), "the last main slide reached: complete");
	timer_enter_slide(&t, 3, 10000);
	record_from_timer(&r, &t, 12000, false);
	ok(r.complete, "ended on a backup slide after the last main slide: complete");
	record_release(&r);
	record_from_timer(&r, &t, 12000, true);
	ok(!r.complete, "interrupted by a signal: incomplete");
	record_release(&r);
	timer_restart(&t, 13000, UINT64_C(1714555900000));
	ok(!record_complete(&t, false), "a restart forgets the visits");
	timer_release(&t);
}

static void test_save(void)
{
	char tmpl[] = "/tmp/lectern-test-record-XXXXXX";
	char *base = mkdtemp(tmpl);
	ok(base != NULL, "temporary folder");
	if (!base)
		return;
	char *state = xasprintf("%s/state", base);
	setenv("XDG_STATE_HOME", state, 1);
	struct diag_list dl;
	diag_list_init(&dl);
	char *dir = record_dir(&dl);
	char *want_dir = xasprintf("%s/lectern", state);
	is_str(dir, want_dir, "records live in $XDG_STATE_HOME/lectern");

	struct record r = sample();
	r.file = NULL;
	is_int(record_save(&r, dir, &dl), 1, "saved");
	char *want = xasprintf("%s/talk-20240501T093000Z.rehearsal", dir);
	is_str(r.file, want, "named from the deck id and the start time");
	char *first = r.file;
	struct stat st;
	ok(stat(dir, &st) == 0 && (st.st_mode & 0777) == 0700, "the folder is created 0700");
	ok(stat(state, &st) == 0 && (st.st_mode & 0777) == 0700, "its parent too");
	ok(stat(first, &st) == 0 && (st.st_mode & 0777) == 0600, "the record is 0600");
	char *text = slurp(first);
	is_str(text, sample_text, "the file holds the record");
	free(text);

	r.file = NULL;
	r.total_ms = 99999;
	is_int(record_save(&r, dir, &dl), 1, "a second record in the same second is saved");
	char *want2 = xasprintf("%s/talk-20240501T093000Z-2.rehearsal", dir);
	is_str(r.file, want2, "under the next free name");
	text = slurp(first);
	is_str(text, sample_text, "the first record is not overwritten");
	free(text);
	free(r.file);
	r.file = NULL;
	r.complete = false;
	is_int(record_save(&r, dir, &dl), 1, "an incomplete record is saved");
	char *want3 = xasprintf("%s/talk-20240501T093000Z-3.rehearsal", dir);
	is_str(r.file, want3, "third name");
	free(r.file);
	r.file = NULL;

	r.total_ms = RECORD_MIN_MS - 1;
	is_int(record_save(&r, dir, &dl), 0, "a rehearsal under 5 s is not saved");
	ok(r.file == NULL, "and has no file");
	is_int(count_files(dir, NULL), 3, "three files, no temporary left behind");
	is_int(dl.n, 0, "no diagnostics");

	struct record_list l;
	record_list_init(&l);
	is_int(record_list_load(&l, dir, "talk", &dl), 0, "the folder reads");
	is_int(l.n, 3, "three records");
	if (l.n == 3) {
		is_str(l.v[0].file, first, "same start: ordered by file name");
		ok(l.v[0].complete && l.v[1].complete && !l.v[2].complete,
		   "the incomplete one is kept and read back as incomplete");
		is_int(l.v[1].total_ms, 99999, "second total");
	}
	record_list_release(&l);

	/* record_save_timer: one call from the front end */
	struct slide sl[] = { { .id = "only", .title = "Only", .time_s = 10, .nsteps = 1 } };
	struct deck d = { .path = "x.ini", .meta = { .id = "x" }, .slides = sl, .nslides = 1 };
	struct timer t;
	timer_init(&t, &d);
	timer_start(&t, 0, 0, UINT64_C(1714555800000));
	struct record_saved saved;
	is_int(record_save_timer(&t, 4999, true, &saved, &dl), 0, "4.999 s is too short");
	ok(saved.path == NULL, "no path for an unsaved rehearsal");
	record_saved_release(&saved);
	is_int(record_save_timer(&t, 6000, false, &saved, &dl), 1, "6 s is saved");
	char *want4 = xasprintf("%s/x-20240501T093000Z.rehearsal", dir);
	is_str(saved.path, want4, "its path is returned");
	ok(saved.where == RECORD_IN_STATE && saved.text == NULL, "in the state folder");
	record_saved_release(&saved);
	/* the total said when a rehearsal is saved is the one its report
	 * shows (issue 15: 15.661 s was said as 0:15 and reported as 0:16) */
	is_int(record_save_timer(&t, 15661, false, &saved, &dl), 1, "15.661 s is saved");
	is_str(saved.total, "0:15", "and said to be 0:15");
	ok(saved.visited == 1 && saved.complete, "over its 1 slide, complete");
	struct record_list rl;
	record_list_init(&rl);
	is_int(record_list_load(&rl, dir, "x", &dl), 0, "the records of x read back");
	const struct record *back = NULL;
	for (size_t i = 0; i < rl.n; i++)
		if (saved.path && strcmp(rl.v[i].file, saved.path) == 0)
			back = &rl.v[i];
	char *rep = NULL;
	size_t replen = 0;
	FILE *mem = open_memstream(&rep, &replen);
	struct report_opts ro = { REPORT_TEXT, 5, false };
	if (back && mem)
		report_write(mem, &d, back, 1, &ro);
	if (mem)
		fclose(mem);
	ok(rep && strstr(rep, ", 0:15 of 0:10, complete\n"), "its report says 0:15 too");
	free(rep);
	record_list_release(&rl);
	record_saved_release(&saved);
	is_int(record_save_timer(&t, 4999, true, &saved, &dl), 0, "4.999 s again: not saved");
	ok(strcmp(saved.total, "0:04") == 0 && !saved.complete,
	   "but said: 0:04, incomplete (interrupted)");
	record_saved_release(&saved);
	timer_release(&t);

	/* an unusable folder: a file where the folder should be */
	char *blocked = xasprintf("%s/blocked", base);
	spit(base, "blocked", "x");
	struct record r2 = sample();
	r2.file = NULL;
	is_int(record_save(&r2, blocked, &dl), -1, "a file in the way is an error");
	is_int(dl.nerrors, 1, "reported");
	diag_list_release(&dl);

	rm_tree(base);
	ok(access(base, F_OK) != 0, "temporary folder removed");
	free(blocked);
	free(want);
	free(want2);
	free(want3);
	free(want4);
	free(first);
	free(dir);
	free(want_dir);
	free(state);
}

static void test_folder(void)
{
	char tmpl[] = "/tmp/lectern-test-folder-XXXXXX";
	char *dir = mkdtemp(tmpl);
	ok(dir != NULL, "temporary folder");
	if (!dir)
		return;
	struct diag_list dl;
	diag_list_init(&dl);
	struct record r = sample();
	r.file = NULL;
	r.start_s += 100;
	record_save(&r, dir, &dl);
	free(r.file);
	r.file = NULL;
	r.start_s -= 50;
	record_save(&r, dir, &dl);
	free(r.file);
	r.file = NULL;
	r.deck_id = "other";
	record_save(&r, dir, &dl);
	free(r.file);

	spit(dir, "notes.txt", "my notes\n");
	spit(dir, "talk-old.rehearsal", "lectern-rehearsal 9\n");
	spit(dir, "cut.rehearsal", HDR "slide\ta\t1\t2\t3\tA\n");
	spit(dir, ".hidden", "ignored\n");
	char *sub = xasprintf("%s/subdir", dir);
	mkdir(sub, 0700);
	char *link = xasprintf("%s/dangling.rehearsal", dir);
	ok(symlink("/nonexistent/lectern/nothing", link) == 0, "a dangling link");

	struct record_list l;
	record_list_init(&l);
	is_int(record_list_load(&l, dir, "talk", &dl), 0, "the folder reads");
	is_int(l.n, 2, "two records of the deck, the other deck's left out");
	if (l.n == 2) {
		ok(l.v[0].start_s < l.v[1].start_s, "oldest first");
		is_int(l.v[1].start_s, 1714555800 + 100, "newest last");
	}
	is_int(dl.n, 4, "four files skipped with a warning");
	is_int(dl.nwarnings, 4, "all warnings");
	const char *expect[] = {
		"notes.txt:1: warning: not a lectern rehearsal record; record skipped",
		"talk-old.rehearsal:1: warning: unsupported record version '9'; record skipped",
		"cut.rehearsal:8: warning: no 'end' line (the record is truncated); record skipped",
		"dangling.rehearsal: warning: cannot read: No such file or directory; record skipped",
	};
	for (size_t k = 0; k < 4; k++) {
		int found = 0;
		char *w = xasprintf("%s/%s", dir, expect[k]);
		for (size_t i = 0; i < dl.n; i++) {
			char *s = diag_format(&dl.v[i]);
			found |= strcmp(s, w) == 0;
			free(s);
		}
		ok(found, expect[k]);
		free(w);
	}
	record_list_release(&l);
	diag_list_release(&dl);

	record_list_init(&l);
	is_int(record_list_load(&l, dir, NULL, &dl), 0, "all decks");
	is_int(l.n, 3, "three records in all");
	record_list_release(&l);
	diag_list_release(&dl);

	char *missing = xasprintf("%s/nope", dir);
	record_list_init(&l);
	is_int(record_list_load(&l, missing, "talk", &dl), 0, "a missing folder is no error");
	is_int(l.n, 0, "and holds no records");
	is_int(dl.n, 0, "without a diagnostic");
	record_list_release(&l);
	diag_list_release(&dl);

	setenv("XDG_STATE_HOME", "relative/path", 1);
	setenv("HOME", "/home/someone", 1);
	char *d = record_dir(&dl);
	is_str(d, "/home/someone/.local/state/lectern", "a relative XDG_STATE_HOME is ignored");
	free(d);
	unsetenv("XDG_STATE_HOME");
	unsetenv("HOME");
	d = record_dir(&dl);
	ok(d == NULL, "no HOME, no XDG_STATE_HOME: no folder");
	is_int(dl.nerrors, 1, "reported as an error");
	diag_list_release(&dl);

	/* a rehearsal too short to record needs no folder: no error then */
	struct slide sl[] = { { .id = "only", .title = "Only", .time_s = 10, .nsteps = 1 } };
	struct deck dk = { .path = "x.ini", .meta = { .id = "x" }, .slides = sl, .nslides = 1 };
	struct timer t;
	timer_init(&t, &dk);
	timer_start(&t, 0, 0, UINT64_C(1714555800000));
	struct record_saved saved;
	diag_list_init(&dl);
	is_int(record_save_timer(&t, 4999, true, &saved, &dl), 0,
	       "no folder: a 4.999 s rehearsal is simply not recorded");
	is_int(dl.n, 0, "and nothing is reported");
	record_saved_release(&saved);
	diag_list_release(&dl);
	timer_release(&t);

	rm_tree(dir);
	ok(access(dir, F_OK) != 0, "temporary folder removed");
	free(missing);
	free(sub);
	free(link);
}

/* A record of many slides: every id distinct parses whole, in order; one
 * repeated id anywhere is found and named with its line; ids that differ
 * only in case, in length or in an escaped byte are not repeats. */
#define MANY 20000u
static void test_many_slides(void)
{
	struct record r = { 0 };
	r.deck_id = xstrdup("big");
	r.deck_path = xstrdup("big.ini");
	r.start_s = 1714555800;
	r.total_ms = 60000;
	r.complete = true;
	r.nslides = MANY + 4;
	r.slides = xcalloc(r.nslides, sizeof *r.slides);
	for (size_t i = 0; i < MANY; i++) {
		r.slides[i].id = xasprintf("s%zu", i);
		r.slides[i].title = xasprintf("Slide %zu", i);
		r.slides[i].planned_s = (unsigned)(i % 90);
		r.slides[i].actual_ms = i * 7u;
		r.slides[i].visits = (unsigned)(i % 3);
	}
	const char *near[4] = { "S1", "s1\t", "s1\\t", "s" }; /* none repeats "s1" */
	for (size_t i = 0; i < 4; i++) {
		r.slides[MANY + i].id = xstrdup(near[i]);
		r.slides[MANY + i].title = xstrdup("near");
	}
	char *text = record_format(&r);
	record_release(&r);

	struct diag_list dl;
	diag_list_init(&dl);
	struct record back;
	is_int(record_parse(&back, "big.rehearsal", text, strlen(text), &dl), 0,
	       "20,004 distinct slide ids are read");
	is_int(dl.n, 0, "without a diagnostic");
	ok(back.nslides == MANY + 4, "every slide is kept");
	bool same = back.nslides == MANY + 4;
	for (size_t i = 0; same && i < MANY; i++) {
		char id[32];
		snprintf(id, sizeof id, "s%zu", i);
		same = strcmp(back.slides[i].id, id) == 0 && back.slides[i].actual_ms == i * 7u &&
		       back.slides[i].visits == i % 3 && back.slides[i].planned_s == i % 90;
	}
	ok(same, "in file order, with their times");
	ok(same && strcmp(back.slides[MANY + 1].id, "s1\t") == 0 &&
		   strcmp(back.slides[MANY + 2].id, "s1\\t") == 0,
	   "an escaped TAB and a backslash-t are two ids");
	record_release(&back);

	/* the same record with one id repeated: late, in the middle, early */
	const char *repeat[3] = { "s19999", "s12345", "s0" };
	for (size_t k = 0; k < 3; k++) {
		size_t n = strlen(text);
		const char *endl = text + n - strlen("end\n");
		char *bad = xasprintf("%.*sslide\t%s\t1\t2\t1\tagain\nend\n", (int)(endl - text),
				      text, repeat[k]);
		diag_list_init(&dl);
		is_int(record_parse(&back, "big.rehearsal", bad, strlen(bad), &dl), -1,
		       "a repeated id among 20,000 is refused");
		char *want = xasprintf("big.rehearsal:%u: warning: slide '%s' listed twice; "
				       "record skipped",
				       8u + MANY + 4u, repeat[k]);
		char *got = dl.n == 1 ? diag_format(&dl.v[0]) : NULL;
		is_str(got, want, "named with the line of the repeat");
		ok(back.slides == NULL && back.nslides == 0, "and nothing is kept");
		free(got);
		free(want);
		free(bad);
		diag_list_release(&dl);
	}
	free(text);
}

/* A state folder that cannot take the record: the current folder, then
 * $XDG_RUNTIME_DIR, then the record itself for the caller to print. */
static void test_fallback(void)
{
	char tmpl[] = "/tmp/lectern-test-fallback-XXXXXX";
	char *base = mkdtemp(tmpl);
	ok(base != NULL, "temporary folder");
	if (!base)
		return;
	char *old_cwd = getcwd(NULL, 0);
	char *statefile = xasprintf("%s/state", base);
	char *work = xasprintf("%s/work", base);
	char *run = xasprintf("%s/run", base);
	char *gone = xasprintf("%s/gone", base);
	spit(base, "state", "a file where the state folder should be\n");
	mkdir(work, 0700);
	mkdir(run, 0700);
	setenv("XDG_STATE_HOME", statefile, 1);
	setenv("XDG_RUNTIME_DIR", run, 1);
	char *state_dir = xasprintf("%s/lectern", statefile);

	/* a title with ESC, BEL and an OSC 52 clipboard write, and a C1 CSI */
	struct slide sl[] = {
		{ .id = "evil",
		  .title = "pwn\033]52;c;SGVsbG8=\007 \302\233"
			   "2J",
		  .time_s = 10,
		  .nsteps = 1 },
		{ .id = "b", .title = "B", .time_s = 20, .nsteps = 1 },
	};
	struct deck d = { .path = "x.ini", .meta = { .id = "x" }, .slides = sl, .nslides = 2 };
	struct timer t;
	timer_init(&t, &d);
	timer_start(&t, 0, 0, UINT64_C(1714555800000));
	timer_enter_slide(&t, 1, 4000);
	struct diag_list dl;
	diag_list_init(&dl);
	struct record_saved out;

	ok(chdir(work) == 0, "in a writable current folder");
	is_int(record_save_timer(&t, 7000, false, &out, &dl), 2,
	       "a file in the way of the state folder: saved elsewhere");
	is_int(out.where, RECORD_IN_CWD, "in the current folder");
	char *want = xasprintf("%s/x-20240501T093000Z.rehearsal", work);
	is_str(out.path, want, "under its usual name");
	is_str(out.dir, state_dir, "the state folder is named");
	is_int(count_files(work, NULL), 1, "one file there, no temporary one");
	char *text = out.path ? slurp(out.path) : NULL;
	struct record r = { 0 };
	struct diag_list pl;
	diag_list_init(&pl);
	ok(text && record_parse(&r, "saved", text, strlen(text), &pl) == 0 && r.nslides == 2 &&
		   r.slides[0].actual_ms == 4000 && r.slides[1].actual_ms == 3000,
	   "it holds the timings");
	record_release(&r);
	free(text);
	is_int(dl.nerrors, 1, "one error");
	is_str(dl.n ? dl.v[0].file : NULL, state_dir, "naming the folder that failed");
	ok(dl.n && strstr(dl.v[0].msg, "Not a directory") != NULL, "and why");
	record_saved_release(&out);
	diag_list_release(&dl);

	/* the current folder is gone: $XDG_RUNTIME_DIR */
	mkdir(gone, 0700);
	ok(chdir(gone) == 0 && rmdir(gone) == 0, "in a current folder that was deleted");
	is_int(record_save_timer(&t, 7000, false, &out, &dl), 2, "saved in the runtime folder");
	is_int(out.where, RECORD_IN_RUNTIME, "said so");
	free(want);
	want = xasprintf("%s/x-20240501T093000Z.rehearsal", run);
	is_str(out.path, want, "there");
	is_int(dl.nerrors, 2, "the state and the current folder failed");
	record_saved_release(&out);
	diag_list_release(&dl);

	/* nowhere to write: the record comes back as text */
	unlink(want);
	rmdir(run);
	spit(base, "run", "x");
	is_int(record_save_timer(&t, 7000, true, &out, &dl), -1, "no folder can take it");
	ok(out.path == NULL, "no file");
	is_str(out.name, "x-20240501T093000Z.rehearsal", "the name to save it as");
	is_int(dl.nerrors, 3, "every folder that failed is reported");
	bool named = dl.n == 3;
	for (size_t i = 0; i < dl.n; i++)
		named &= strstr(dl.v[i].file, ".tmp-rehearsal") == NULL;
	ok(named, "each naming a folder, not a temporary file");
	ok(out.text != NULL, "the record is handed back");
	const char *txt = out.text ? out.text : "";
	bool clean = true;
	for (const unsigned char *p = (const unsigned char *)txt; *p; p++)
		clean &= *p >= 0x20 || *p == '\t' || *p == '\n';
	ok(clean && !strstr(txt, "\302\233"), "with no control byte in it");
	ok(strstr(txt, "pwn\xE2\x90\x9B]52;c;SGVsbG8=\xE2\x90\x87") != NULL,
	   "controls shown as the screen's placeholders");
	ok(record_parse(&r, "by hand", txt, strlen(txt), &pl) == 0 && r.nslides == 2 &&
		   !r.complete && r.total_ms == 7000 && r.slides[0].actual_ms == 4000 &&
		   r.slides[1].visits == 1,
	   "and it reads back as the record, timings and all");
	record_release(&r);
	is_int((int)pl.n, 0, "no warnings reading them back");
	diag_list_release(&pl);
	record_saved_release(&out);
	diag_list_release(&dl);
	timer_release(&t);

	/* a write that fails (a file size limit, like a full disk): the error
	 * names the folder and why, and no temporary file is left */
	char *small = xasprintf("%s/small", base);
	mkdir(small, 0700);
	struct record r3 = sample();
	r3.file = NULL;
	struct rlimit old_lim, lim;
	getrlimit(RLIMIT_FSIZE, &old_lim);
	lim = old_lim;
	lim.rlim_cur = 16;
	signal(SIGXFSZ, SIG_IGN);
	ok(setrlimit(RLIMIT_FSIZE, &lim) == 0, "files limited to 16 bytes");
	is_int(record_save(&r3, small, &dl), -1, "a record that cannot be written is an error");
	setrlimit(RLIMIT_FSIZE, &old_lim);
	signal(SIGXFSZ, SIG_DFL);
	is_int(dl.n, 1, "one diagnostic");
	is_str(dl.n ? dl.v[0].file : NULL, small, "naming the folder, not the temporary file");
	is_str(dl.n ? dl.v[0].msg : NULL, "cannot write the rehearsal record: File too large",
	       "and why");
	is_int(count_files(small, NULL), 0, "no temporary file left");
	diag_list_release(&dl);
	free(small);

	ok(chdir(old_cwd) == 0, "back");
	rm_tree(base);
	free(old_cwd);
	free(statefile);
	free(state_dir);
	free(work);
	free(run);
	free(gone);
	free(want);
}

int main(void)
{
	tap_plan(273);
	test_format_parse();
	test_bad_input();
	test_truncations();
	test_from_timer();
	test_complete();
	test_save();
	test_folder();
	test_fallback();
	test_many_slides();
	return tap_done();
}
