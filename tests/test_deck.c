/* Loader tests: every fixture in data/diag/ against its .expect file (the
 * exact diagnostics, without the file name), plus the model built from a
 * complete deck. Runs with the working directory tests/. */
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "deck.h"
#include "export.h"
#include "tap.h"

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	size_t r;
	while ((r = fread(buf + n, 1, cap - n - 1, f)) > 0) {
		n += r;
		if (n + 1 == cap)
			buf = realloc(buf, cap *= 2);
	}
	fclose(f);
	buf[n] = '\0';
	return buf;
}

/* The diagnostics as check prints them, less the "FILE:" prefix. */
static char *render(const struct diag_list *l)
{
	size_t cap = 1, n = 0;
	char *out = calloc(1, 1);
	for (size_t i = 0; i < l->n; i++) {
		char *s = diag_format(&l->v[i]);
		const char *p = s + strlen(l->v[i].file) + 1;
		while (*p == ' ')
			p++;
		size_t len = strlen(p);
		out = realloc(out, cap = n + len + 2);
		memcpy(out + n, p, len);
		n += len;
		out[n++] = '\n';
		out[n] = '\0';
		free(s);
	}
	return out;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The number of .ini fixtures in dir (fixtures() makes three checks of each). */
static int count_fixtures(const char *dir)
{
	DIR *d = opendir(dir);
	int n = 0;
	struct dirent *e;
	while (d && (e = readdir(d))) {
		size_t len = strlen(e->d_name);
		n += len > 4 && strcmp(e->d_name + len - 4, ".ini") == 0;
	}
	if (d)
		closedir(d);
	return n;
}

static void fixtures(void)
{
	DIR *dir = opendir("data/diag");
	ok(dir != NULL, "fixture folder data/diag opens");
	if (!dir)
		return;
	char *names[256];
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(dir)) && n < 256) {
		size_t len = strlen(e->d_name);
		if (len > 4 && strcmp(e->d_name + len - 4, ".ini") == 0)
			names[n++] = strdup(e->d_name);
	}
	closedir(dir);
	qsort(names, n, sizeof *names, by_name);
	ok(n >= 25, "at least 25 diagnostic fixtures");
	for (size_t i = 0; i < n; i++) {
		char path[512], expect_path[512], what[600];
		snprintf(path, sizeof path, "data/diag/%s", names[i]);
		snprintf(expect_path, sizeof expect_path, "data/diag/%.*s.expect",
			 (int)strlen(names[i]) - 4, names[i]);
		char *want = slurp(expect_path);
		snprintf(what, sizeof what, "%s has an .expect file", names[i]);
		ok(want != NULL, what);
		if (!want)
			continue;
		struct diag_list diags;
		diag_list_init(&diags);
		struct deck *d =
			deck_load(&(struct deck_load_opts){ .from = DECK_FROM_PATH, .name = path },
				  NULL, &diags);
		char *got = render(&diags);
		snprintf(what, sizeof what, "%s: exact diagnostics", names[i]);
		is_str(got, want, what);
		int want_error = strstr(want, "error:") != NULL;
		snprintf(what, sizeof what, "%s: %s", names[i],
			 want_error ? "no deck is built" : "the deck loads");
		ok(want_error ? d == NULL : d != NULL, what);
		deck_free(d);
		diag_list_release(&diags);
		free(got);
		free(want);
		free(names[i]);
	}
}

static const char good[] = "[deck]\n"
			   "title = 算力之问\n"
			   "author = Someone\n"
			   "duration = 1m40s\n"
			   "id = q\n"
			   "\n"
			   "[Intro]\n"
			   "layout = title\n"
			   "title = 开场\n"
			   "time = 10s\n"
			   "note.1 = first note\n"
			   "note.2 = second note\n"
			   "\n"
			   "[data]\n"
			   "title = Growth\n"
			   "subtitle = 2012-2018\n"
			   "time = 1m30s\n"
			   "text.1 = \"C# ; kept\"\n"
			   "bullet.1 = one\n"
			   "sub.1 = one-a\n"
			   "pause.1 =\n"
			   "figure.1 = 3640 PF-days | 训练算力\n"
			   "chart.1 = 增长（倍）\n"
			   "scale.1 = log\n"
			   "bar.1 = AI训练算力 | 300000 | 30万倍\n"
			   "bar.2 = 通用计算 | 7\n"
			   "pause.2 =\n"
			   "quote.1 = Less is more | Mies\n"
			   "note.1 = a long note joined \\\n"
			   "  across lines\n"
			   "\n"
			   "[spare]\n"
			   "title = Backup\n"
			   "backup = yes\n"
			   "time = 30s\n";

static void model(void)
{
	struct diag_list diags;
	diag_list_init(&diags);
	struct deck *d = deck_load(&(struct deck_load_opts){ .from = DECK_FROM_BUFFER,
							     .name = "good.ini",
							     .bytes = good,
							     .len = sizeof good - 1 },
				   NULL, &diags);
	ok(d != NULL, "a complete deck loads");
	is_int(diags.n, 0, "without diagnostics");
	if (!d)
		return;
	is_str(d->meta.title, "算力之问", "deck title");
	is_str(d->meta.id, "q", "deck id");
	is_int(d->meta.duration_s, 100, "duration 1m40s");
	is_int(d->nslides, 3, "three slides");
	is_int(deck_planned_s(d), 100, "planned time leaves out backup slides");
	const struct slide *s0 = &d->slides[0], *s1 = &d->slides[1];
	is_str(s0->id, "intro", "ids are folded to lower case");
	is_int(s0->layout, LAYOUT_TITLE, "layout title");
	is_int(s0->nnotes, 2, "two notes");
	is_str(s0->notes[1], "second note", "notes keep file order");
	is_str(s1->subtitle, "2012-2018", "subtitle");
	is_int(s1->nitems, 6, "six items");
	is_int(s1->nsteps, 3, "two pauses make three steps");
	is_str(s1->items[0].text, "C# ; kept", "quoted value keeps ';' and '#'");
	is_int(s1->items[2].kind, ITEM_SUB, "sub bullet");
	is_int(s1->items[2].step, 0, "before the first pause: step 0");
	is_int(s1->items[3].kind, ITEM_FIGURE, "figure");
	is_int(s1->items[3].step, 1, "after the first pause: step 1");
	is_str(s1->items[3].text, "3640 PF-days", "figure text");
	is_str(s1->items[3].caption, "训练算力", "figure caption");
	const struct item *c = &s1->items[4];
	is_int(c->kind, ITEM_CHART, "chart");
	ok(c->log_scale, "log scale");
	is_int(c->nbars, 2, "two bars");
	if (c->nbars == 2) {
		is_str(c->bars[0].label, "AI训练算力", "bar label");
		ok(c->bars[0].value == 300000.0, "bar value");
		is_str(c->bars[0].shown, "30万倍", "bar shown text");
		is_str(c->bars[1].shown, "7", "shown defaults to the value");
	}
	is_int(s1->items[5].step, 2, "quote after the second pause");
	is_str(s1->items[5].caption, "Mies", "quote attribution");
	is_str(s1->notes[0], "a long note joined   across lines",
	       "continuation as iniparser joins it");
	ok(d->slides[2].backup, "backup slide");
	is_int(deck_find(d, "DATA"), 1, "deck_find is case-insensitive");
	is_int(deck_find(d, "nope"), -1, "deck_find misses");
	deck_free(d);
	diag_list_release(&diags);
}

static void durations(void)
{
	static const struct {
		const char *s;
		int rc;
		unsigned want;
	} cases[] = {
		{ "45s", DURATION_OK, 45 },
		{ "2m", DURATION_OK, 120 },
		{ "1m30s", DURATION_OK, 90 },
		{ "1h", DURATION_OK, 3600 },
		{ "1h15m", DURATION_OK, 4500 },
		{ "90", DURATION_OK, 90 },
		{ "90m", DURATION_OK, 5400 },
		{ "1h59m59s", DURATION_OK, 7199 },
		{ "1000h", DURATION_OK, 3600000 },
		{ "3600000", DURATION_OK, 3600000 },
		{ "", DURATION_EMPTY, 0 },
		{ "1m30", DURATION_SYNTAX, 0 },
		{ "30s1m", DURATION_SYNTAX, 0 },
		{ "5 minutes", DURATION_SYNTAX, 0 },
		{ "m", DURATION_SYNTAX, 0 },
		{ "-5s", DURATION_SYNTAX, 0 },
		{ "1h1h", DURATION_SYNTAX, 0 },
		{ "0x10", DURATION_SYNTAX, 0 },
		{ "1.5h", DURATION_SYNTAX, 0 },
		{ "0s", DURATION_ZERO, 0 },
		{ "0", DURATION_ZERO, 0 },
		{ "0h0m0s", DURATION_ZERO, 0 },
		{ "1001h", DURATION_TOO_LARGE, 0 },
		{ "1000h1s", DURATION_TOO_LARGE, 0 },
		{ "3600001", DURATION_TOO_LARGE, 0 },
		{ "596522h", DURATION_TOO_LARGE, 0 },
		{ "99999999999999999999999s", DURATION_TOO_LARGE, 0 },
		{ "1h99999999999999999999m", DURATION_TOO_LARGE, 0 },
		{ "1h99m", DURATION_MINUTES_OVER, 9540 },
		{ "1h60m", DURATION_MINUTES_OVER, 7200 },
		{ "1m75s", DURATION_SECONDS_OVER, 135 },
		{ "1h60s", DURATION_SECONDS_OVER, 3660 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		unsigned got = 12345;
		char what[80];
		snprintf(what, sizeof what, "duration '%s'", cases[i].s);
		int rc = deck_parse_duration(cases[i].s, &got);
		is_int(rc, cases[i].rc, what);
		is_int(got, cases[i].want, what);
	}
	static const struct {
		const char *what, *s, *msg;
	} msgs[] = {
		{ "time", "0s", "time '0s' is zero; leave 'time' out if there is no planned time" },
		{ "time", "596522h", "time '596522h' is too long; the limit is 1000h" },
		{ "duration", "1h99m",
		  "duration '1h99m' has 60 minutes or more after the hours (did you mean "
		  "'2h39m'?)" },
		{ "time", "1m75s",
		  "time '1m75s' has 60 seconds or more after the minutes (did you mean '2m15s'?)" },
		{ "time", "1h60s",
		  "time '1h60s' has 60 seconds or more after the hours (did you mean '1h1m'?)" },
		{ "time", "0x10", "time '0x10' is not a duration such as 45s, 2m or 1m30s" },
		{ "duration", "", "'duration' is empty; write a duration such as 15m or 1h10m" },
	};
	for (size_t i = 0; i < sizeof msgs / sizeof *msgs; i++) {
		unsigned t;
		char *m = deck_duration_message(msgs[i].what, msgs[i].s,
						deck_parse_duration(msgs[i].s, &t));
		is_str(m, msgs[i].msg, msgs[i].msg);
		free(m);
	}
	char buf[DECK_DURATION_LEN];
	deck_format_duration(840, buf);
	is_str(buf, "14:00", "format 14:00");
	deck_format_duration(3725, buf);
	is_str(buf, "1:02:05", "format 1:02:05");
	deck_format_duration(DECK_DURATION_MAX_S, buf);
	is_str(buf, "1000:00:00", "1000 h is not printed modulo 1000");
	deck_format_duration(UINT64_MAX, buf);
	is_str(buf, "5124095576030431:00:15", "the largest total fits the buffer");
}

/* 1,194 slides of 1000 h add up to more than 2^32 seconds. */
static void big_total(void)
{
	enum { N = 1194 };
	size_t cap = 64 + (size_t)N * 48, n = 0;
	char *src = malloc(cap);
	n += (size_t)snprintf(src + n, cap - n, "[deck]\ntitle = long\n");
	for (int i = 0; i < N; i++)
		n += (size_t)snprintf(src + n, cap - n, "[s%d]\ntitle = x\ntime = 1000h\n", i);
	struct diag_list diags;
	diag_list_init(&diags);
	struct deck *d = deck_load(
		&(struct deck_load_opts){
			.from = DECK_FROM_BUFFER, .name = "long.ini", .bytes = src, .len = n },
		NULL, &diags);
	ok(d != NULL, "1,194 slides of 1000h load");
	if (d) {
		ok(deck_planned_s(d) == (uint64_t)N * 3600000u,
		   "their total is 4,298,400,000 s, past 2^32");
		char buf[DECK_DURATION_LEN];
		deck_format_duration(deck_planned_s(d), buf);
		is_str(buf, "1194000:00:00", "and prints as 1194000:00:00");
	}
	deck_free(d);
	diag_list_release(&diags);
	free(src);
}

static void files(void)
{
	struct diag_list diags;
	diag_list_init(&diags);
	ok(deck_load(&(struct deck_load_opts){ .from = DECK_FROM_PATH, .name = "data/diag" }, NULL,
		     &diags) == NULL,
	   "a directory is refused");
	ok(diags.n == 1 && strstr(diags.v[0].msg, "directory"), "and the message says so");
	diag_list_release(&diags);
	ok(deck_load(&(struct deck_load_opts){ .from = DECK_FROM_PATH,
					       .name = "data/no-such-deck.ini" },
		     NULL, &diags) == NULL,
	   "a missing file is refused");
	ok(diags.n == 1 && strstr(diags.v[0].msg, "No such file"), "with strerror's words");
	diag_list_release(&diags);
}

static void many_sections(void)
{
	/* more sections than one iniparser chunk holds */
	size_t cap = 1 << 20, n = 0;
	char *buf = malloc(cap);
	for (int i = 0; i < 700; i++)
		n += (size_t)snprintf(
			buf + n, cap - n,
			"[s%d]\ntitle = slide %d\ntime = 1s\nbullet.1 = a\nnote.1 = n%d\n", i, i,
			i);
	struct diag_list diags;
	diag_list_init(&diags);
	struct deck *d = deck_load(
		&(struct deck_load_opts){
			.from = DECK_FROM_BUFFER, .name = "many.ini", .bytes = buf, .len = n },
		NULL, &diags);
	ok(d && d->nslides == 700, "700 slides load across chunks");
	if (d) {
		is_str(d->slides[699].notes[0], "n699", "the last slide's note is its own");
		is_str(d->slides[350].title, "slide 350", "a middle slide's title");
		/* 3,500 keys are read by two threads: every value must still land
		 * on its own key, on both sides of the split */
		size_t wrong = 0;
		char want[32];
		for (size_t i = 0; i < d->nslides; i++) {
			snprintf(want, sizeof want, "slide %zu", i);
			wrong += strcmp(d->slides[i].title, want) != 0;
			snprintf(want, sizeof want, "n%zu", i);
			wrong += d->slides[i].nnotes != 1 ||
				 strcmp(d->slides[i].notes[0], want) != 0;
		}
		is_int(wrong, 0, "every slide's title and note are its own");
	}
	struct deck *again = deck_load(
		&(struct deck_load_opts){
			.from = DECK_FROM_BUFFER, .name = "many.ini", .bytes = buf, .len = n },
		NULL, &diags);
	ok(d && again && again->hash == d->hash, "the same bytes give the same fingerprint");
	deck_free(again);
	buf[n - 2] = 'X';
	again = deck_load(
		&(struct deck_load_opts){
			.from = DECK_FROM_BUFFER, .name = "many.ini", .bytes = buf, .len = n },
		NULL, &diags);
	ok(d && again && again->hash != d->hash, "one changed byte changes the fingerprint");
	deck_free(again);
	deck_free(d);
	diag_list_release(&diags);
	free(buf);
}

static void head(void)
{
	static const char deck[] =
		"[deck]\ntitle = Big\nduration = 3s\n\n"
		"[one]\ntitle = First\ntime = 1s\nbullet.1 = a \\\n[not a header]\n"
		"  [ Two ]\ntitle = Second\ntime = 1s\n"
		"\v[three]\ntitle = Third\ntime = 1s\n";
	struct diag_list diags;
	diag_list_init(&diags);
	struct deck_rest rest;
	struct deck_load_opts o = { .from = DECK_FROM_BUFFER,
				    .name = "big.ini",
				    .bytes = deck,
				    .len = strlen(deck),
				    .head_first = true,
				    .head_min = 1 };
	struct deck *d = deck_load(&o, &rest, &diags);
	ok(d != NULL && rest.pending, "the head of a deck loads");
	if (d) {
		is_int(d->nslides, 1, "the head holds the first slide only");
		is_str(d->slides[0].title, "First", "and it is the first slide");
		is_str(d->slides[0].items[0].text, "a [not a header]",
		       "a continued line is not taken for a header");
		is_str(d->meta.title, "Big", "with the deck's title");
	}
	is_int(rest.nslides_guess, 3,
	       "the guess counts headers after any blank iniparser trims, "
	       "not continued lines");
	deck_rest_release(&rest);
	deck_free(d);

	static const char late[] = "[one]\ntitle = x\n[deck]\ntitle = y\n[two]\ntitle = z\n";
	o.name = "late.ini";
	o.bytes = late;
	o.len = strlen(late);
	d = deck_load(&o, &rest, &diags);
	ok(!rest.pending && d && d->nslides == 2,
	   "no head when [deck] does not come first: the whole deck");
	is_int(rest.nslides_guess, 0, "and no guess");
	deck_free(d);
	static const char bad[] = "[deck]\ntitle = y\n[one]\nbogus = 1\n[two]\ntitle = z\n";
	o.name = "bad.ini";
	o.bytes = bad;
	o.len = strlen(bad);
	size_t errors = diags.nerrors;
	d = deck_load(&o, &rest, &diags);
	ok(!d && !rest.pending && diags.nerrors > errors,
	   "no head when the first slide has an error: the full load reports it");
	static const char badtail[] = "[deck]\ntitle = y\n[one]\ntitle = z\n[two]\nbogus = 1\n";
	o.name = "tail.ini";
	o.bytes = badtail;
	o.len = strlen(badtail);
	errors = diags.nerrors;
	d = deck_load(&o, &rest, &diags);
	ok(d != NULL && rest.pending && rest.nslides_guess == 2 && diags.nerrors == errors,
	   "an error after the head is left to the full load");
	struct deck *whole = rest.pending ? deck_load_rest(&rest, &diags) : NULL;
	ok(!whole && diags.nerrors == errors + 2 && diags.v[diags.n - 1].line == 6 &&
		   strstr(diags.v[diags.n - 1].msg, "bogus"),
	   "a broken rest reports its error, at its line");
	ok(d && !rest.pending && strcmp(d->slides[0].title, "z") == 0,
	   "and the head is still the caller's, the rest released");
	deck_free(d);
	diag_list_release(&diags);
}

/* A deck of about 80 KB: [deck], a first slide without a planned time (a
 * warning), n more slides with notes, every fifth a backup. */
static char *big_deck(size_t n, const char *last_key, size_t *len)
{
	size_t cap = 200 + n * 200, k = 0;
	char *buf = malloc(cap);
	k += (size_t)snprintf(buf + k, cap - k, "[deck]\ntitle = Big\n\n[first]\ntitle = One\n");
	for (size_t i = 0; i < n; i++)
		k += (size_t)snprintf(buf + k, cap - k,
				      "[s%zu]\ntitle = slide %zu\ntime = 1s\nbullet.1 = a point "
				      "of slide %zu, long enough\nnote.1 = note %zu\n%s",
				      i, i, i, i, i % 5 == 4 ? "backup = yes\n" : "");
	k += (size_t)snprintf(buf + k, cap - k, "%s", last_key);
	*len = k;
	return buf;
}

/* The plain-text export of d with notes and backup slides: the whole
 * model, as one string (caller frees). */
static char *exported(const struct deck *d)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);
	struct export_opts eo = { .width = 60, .notes = true, .backup = true, .one_thread = true };
	export_deck(d, &eo, f);
	fclose(f);
	return s;
}

static bool same_deck(const struct deck *a, const struct deck *b)
{
	if (!a || !b || a->hash != b->hash || a->nslides != b->nslides ||
	    strcmp(a->path, b->path) != 0)
		return false;
	char *x = exported(a), *y = exported(b);
	bool same = strcmp(x, y) == 0;
	free(x);
	free(y);
	return same;
}

static void head_first(void)
{
	size_t len;
	char *src = big_deck(800, "", &len);
	struct diag_list full_dl, dl;
	diag_list_init(&full_dl);
	diag_list_init(&dl);
	struct deck_load_opts o = {
		.from = DECK_FROM_BUFFER, .name = "big.ini", .bytes = src, .len = len
	};
	struct deck *full = deck_load(&o, NULL, &full_dl);
	ok(full && len >= DECK_HEAD_MIN_BYTES && full_dl.nwarnings == 1,
	   "a deck over DECK_HEAD_MIN_BYTES loads whole, with one warning");

	struct deck_rest rest;
	o.head_first = true;
	struct deck *head = deck_load(&o, &rest, &dl);
	ok(head && rest.pending && head->nslides == 1, "head first: the head alone");
	is_int(dl.n, 0, "the head reports nothing: its warning waits for the rest");
	is_int(rest.nslides_guess, (full ? full->nslides : 0), "the guess is the slide count");
	struct deck *whole = rest.pending ? deck_load_rest(&rest, &dl) : NULL;
	ok(same_deck(whole, full), "the rest loaded gives the deck a full load gives");
	ok(dl.n == full_dl.n && dl.n == 1 && dl.v[0].line == full_dl.v[0].line,
	   "with the full load's diagnostics");
	ok(!rest.pending && !rest.name, "the rest is released");
	deck_free(whole);
	deck_free(head);

	/* from a file, under a name the caller does not keep */
	char path[64];
	snprintf(path, sizeof path, "%s/lectern-head-%ld.ini",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (long)getpid());
	FILE *f = fopen(path, "wb");
	fwrite(src, 1, len, f);
	fclose(f);
	char name[64];
	snprintf(name, sizeof name, "%s", path);
	struct deck_load_opts po = { .from = DECK_FROM_PATH, .name = name, .head_first = true };
	diag_list_release(&dl);
	head = deck_load(&po, &rest, &dl);
	memset(name, 'x', sizeof name - 1);
	whole = rest.pending ? deck_load_rest(&rest, &dl) : NULL;
	ok(head && whole && strcmp(whole->path, path) == 0 && whole->nslides == full->nslides,
	   "a file loads head first; the rest keeps its own copy of the name");
	deck_free(whole);
	deck_free(head);
	po.name = path;
	head = deck_load(&po, &rest, &dl);
	deck_rest_release(&rest);
	ok(head && !rest.pending, "a rest not wanted is released");
	deck_free(head);
	remove(path);

	/* a small deck, and a broken rest */
	static const char small[] = "[deck]\ntitle = S\n[a]\ntitle = A\n[b]\ntitle = B\n";
	struct deck_load_opts so = { .from = DECK_FROM_BUFFER,
				     .name = "small.ini",
				     .bytes = small,
				     .len = sizeof small - 1,
				     .head_first = true };
	memset(&rest, 0xff, sizeof rest); /* deck_load() fills it whatever it held */
	head = deck_load(&so, &rest, &dl);
	ok(head && !rest.pending && head->nslides == 2,
	   "below DECK_HEAD_MIN_BYTES head first loads the whole deck");
	deck_free(head);
	free(src);
	src = big_deck(800, "bogus = 1\n", &len);
	char *owned = src;
	struct deck_load_opts bo = { .from = DECK_FROM_OWNED,
				     .name = "broken.ini",
				     .owned = owned,
				     .len = len,
				     .head_first = true };
	diag_list_release(&dl);
	head = deck_load(&bo, &rest, &dl);
	ok(head && rest.pending && dl.nerrors == 0,
	   "a deck broken at its end starts from its head");
	whole = rest.pending ? deck_load_rest(&rest, &dl) : NULL;
	ok(!whole && dl.nerrors == 1 && dl.v[dl.n - 1].line == full->slides[800].line + 6,
	   "its rest reports the error at its line, and no deck");
	ok(head && strcmp(head->slides[0].title, "One") == 0, "the head is kept");
	deck_free(head);
	deck_free(full);
	diag_list_release(&dl);
	diag_list_release(&full_dl);
}

/* data/diag/controls.ini: the control characters its .expect warns about
 * are in the values (shown as placeholders), not in a dropped comment. */
static void controls_kept(void)
{
	struct diag_list diags;
	diag_list_init(&diags);
	struct deck *d = deck_load(&(struct deck_load_opts){ .from = DECK_FROM_PATH,
							     .name = "data/diag/controls.ini" },
				   NULL, &diags);
	ok(d && d->nslides == 1 && d->slides[0].nitems == 5, "controls.ini: one slide, five texts");
	if (d && d->nslides == 1 && d->slides[0].nitems == 5) {
		is_str(d->slides[0].title, "x\033]0;pwned\007",
		       "controls.ini: ESC and BEL in the title");
		is_str(d->slides[0].items[0].text, "a\302\205b", "controls.ini: NEL in text.1");
		is_str(d->slides[0].items[1].text, "abc\342\200\256def",
		       "controls.ini: RLO in text.2");
		is_str(d->slides[0].items[4].text, "\347\256\227\302\205b\302\205",
		       "controls.ini: two NELs after an ideograph in text.5");
	}
	deck_free(d);
	diag_list_release(&diags);
}

/* data/diag/comment-controls.ini: a control character is warned about
 * exactly when it is in a value that loads; those in a comment, whole-line
 * or trailing (also one a continuation joins), and after a closing quote
 * are dropped with the text around them and not warned about. */
static void comment_controls(void)
{
	static const char *const want[] = { "kept\007", "quoted\007", "a", "b\007 c\007", "d" };
	struct diag_list diags;
	diag_list_init(&diags);
	struct deck *d =
		deck_load(&(struct deck_load_opts){ .from = DECK_FROM_PATH,
						    .name = "data/diag/comment-controls.ini" },
			  NULL, &diags);
	ok(d && d->nslides == 1 && d->slides[0].nitems == 5,
	   "comment-controls.ini: one slide, five texts");
	for (size_t i = 0; i < 5; i++) {
		char what[80];
		snprintf(what, sizeof what, "comment-controls.ini: text.%zu is '%s'", i + 1,
			 want[i]);
		is_str(d && d->nslides == 1 && d->slides[0].nitems == 5 ? d->slides[0].items[i].text
									: "",
		       want[i], what);
	}
	size_t bels = 0;
	for (size_t i = 0; i < diags.n; i++)
		bels += strstr(diags.v[i].msg, "U+0007") != NULL;
	is_int(bels, 4, "comment-controls.ini: one warning for each of the four BELs kept");
	deck_free(d);
	diag_list_release(&diags);
}

/* Every spelling of yes and no that backup takes. */
static void booleans(void)
{
	static const char src[] = "[a]\ntitle = A\ntime = 1s\n"
				  "[b]\ntitle = B\ntime = 1s\nbackup = 1\n"
				  "[c]\ntitle = C\ntime = 1s\nbackup = 0\n"
				  "[d]\ntitle = D\ntime = 1s\nbackup = On\n"
				  "[e]\ntitle = E\ntime = 1s\nbackup = off\n"
				  "[f]\ntitle = F\ntime = 1s\nbackup = TRUE\n"
				  "[g]\ntitle = G\ntime = 1s\nbackup = false\n"
				  "[h]\ntitle = H\ntime = 1s\nbackup = yes\n"
				  "[i]\ntitle = I\ntime = 1s\nbackup = No\n";
	struct diag_list diags;
	diag_list_init(&diags);
	struct deck *d = deck_load(&(struct deck_load_opts){ .from = DECK_FROM_BUFFER,
							     .name = "b.ini",
							     .bytes = src,
							     .len = sizeof src - 1 },
				   NULL, &diags);
	char got[16] = "";
	for (size_t i = 0; d && i < d->nslides && i + 1 < sizeof got; i++)
		got[i] = d->slides[i].backup ? 'y' : 'n';
	is_str(got, "nynynynyn", "backup: 1 On TRUE yes are yes, 0 off false No are no");
	is_int(diags.n, 0, "backup: no diagnostic");
	deck_free(d);
	diag_list_release(&diags);
}

/* The keys of issue #18: sections, layouts, agenda, tables and code. */
static const char keynote[] = "[deck]\n"
			      "title = K\n"
			      "[cover]\n"
			      "title = 封面\n"
			      "time = 5s\n"
			      "[chips]\n"
			      "title = 芯片\n"
			      "section = 芯片\n"
			      "layout = section\n"
			      "time = 5s\n"
			      "[agenda]\n"
			      "title = 议程\n"
			      "layout = top\n"
			      "agenda.1 =\n"
			      "time = 5s\n"
			      "[compare]\n"
			      "title = 训练与推理\n"
			      "section = 系统\n"
			      "table.1  = 指标 | 训练 | 推理\n"
			      "row.1    = 精度 | FP32/BF16 | INT8\n"
			      "note.1 = rows may have notes between them\n"
			      "row.2    =  规模|千卡 \\| 万卡|  \n"
			      "pause.1 =\n"
			      "code.1 = c\n"
			      "line.1 = |#include <stdio.h>\n"
			      "line.2 = |\tprintf(\"it's %d; #1\\n\", 42);  \r\n"
			      "line.3 = |\n"
			      "line.4 =   |  two spaces; 'q' \"qq\" # kept\n"
			      "line.5 = plain value\n"
			      "line.6 = \"|quoted\"\n"
			      "code.2 =\n"
			      "line.7 = |x\n"
			      "time = 5s\n"
			      "[spare]\n"
			      "title = Spare\n"
			      "backup = yes\n"
			      "time = 5s\n";

static void keynote_keys(void)
{
	struct diag_list diags;
	diag_list_init(&diags);
	struct deck *d = deck_load(&(struct deck_load_opts){ .from = DECK_FROM_BUFFER,
							     .name = "keynote.ini",
							     .bytes = keynote,
							     .len = sizeof keynote - 1 },
				   NULL, &diags);
	ok(d != NULL, "keynote: the deck loads");
	is_int(diags.n, 0, "keynote: without diagnostics");
	if (!d || d->nslides != 5 || d->nsections != 2) {
		ok(0, "keynote: five slides, two sections");
		tap_missed(31, "keynote: the deck did not load as expected");
		deck_free(d);
		diag_list_release(&diags);
		return;
	}
	ok(1, "keynote: five slides, two sections");
	const struct section *s0 = &d->sections[0], *s1 = &d->sections[1];
	is_str(s0->name, "芯片", "section name");
	ok(s0->first == 1 && s0->nslides == 2 && s0->line == 8,
	   "section 1: first slide 1, two slides, line 8");
	ok(s1->first == 3 && s1->nslides == 2 && s1->line == 18,
	   "section 2 runs to the end, the backup slide included");
	ok(d->slides[0].section == NULL, "a slide before the first section has none");
	ok(d->slides[1].section == s0 && d->slides[2].section == s0,
	   "the slides of section 1 point to it");
	ok(d->slides[3].section == s1 && d->slides[4].section == s1,
	   "the slides of section 2 point to it");
	is_int(d->slides[1].layout, LAYOUT_SECTION, "layout = section");
	is_int(d->slides[2].layout, LAYOUT_TOP, "layout = top");
	ok(d->slides[2].nitems == 1 && d->slides[2].items[0].kind == ITEM_AGENDA &&
		   strcmp(d->slides[2].items[0].text, "") == 0,
	   "agenda.1: an agenda item with empty text");
	const struct slide *c = &d->slides[3];
	is_int(c->nitems, 3, "compare: a table and two code blocks");
	const struct item *t = &c->items[0];
	ok(t->kind == ITEM_TABLE && t->ncols == 3 && t->nrows == 3 && t->step == 0,
	   "table: 3 columns, header and 2 rows, step 0");
	if (t->kind == ITEM_TABLE && t->ncols == 3 && t->nrows == 3) {
		is_str(t->text, "", "table text is empty");
		ok(t->caption == NULL, "table: no caption");
		is_str(t->cells[0], "指标", "header cell 0");
		is_str(t->cells[2], "推理", "header cell 2, trimmed");
		is_str(t->cells[4], "FP32/BF16", "row 1 cell 1");
		is_str(t->cells[6], "规模", "row 2 cell 0, no blanks");
		is_str(t->cells[7], "千卡 | 万卡", "'\\|' is a literal bar in a cell");
		is_str(t->cells[8], "", "an empty last cell");
	} else {
		tap_missed(8, "table cells: the table is not as expected");
	}
	is_int(c->nnotes, 1, "a note between rows is a note");
	const struct item *k = &c->items[1];
	ok(k->kind == ITEM_CODE && k->nlines == 6 && k->step == 1,
	   "code: six lines, after the pause");
	if (k->kind == ITEM_CODE && k->nlines == 6) {
		is_str(k->text, "c", "code language tag");
		is_str(k->lines[0], "#include <stdio.h>", "'#' after '|' is kept");
		is_str(k->lines[1], "\tprintf(\"it's %d; #1\\n\", 42);",
		       "tab, quotes and ';' kept; trailing blanks and CR dropped");
		is_str(k->lines[2], "", "'line.N = |' is an empty line");
		is_str(k->lines[3], "  two spaces; 'q' \"qq\" # kept",
		       "leading spaces after '|' kept");
		is_str(k->lines[4], "plain value", "a line without '|' is the INI value");
		is_str(k->lines[5], "|quoted", "a quoted line is the INI value");
	} else {
		tap_missed(7, "code lines: the code block is not as expected");
	}
	ok(c->items[2].kind == ITEM_CODE && strcmp(c->items[2].text, "") == 0 &&
		   c->items[2].nlines == 1,
	   "code.2 with no tag and one line");
	deck_free(d);
	diag_list_release(&diags);
}

/* True when a and b have the same sections, and their slides point to the
 * same ones (by index). */
static bool same_sections(const struct deck *a, const struct deck *b)
{
	if (!a || !b || a->nsections != b->nsections || a->nslides != b->nslides)
		return false;
	for (size_t i = 0; i < a->nsections; i++) {
		const struct section *x = &a->sections[i], *y = &b->sections[i];
		if (strcmp(x->name, y->name) != 0 || x->first != y->first ||
		    x->nslides != y->nslides || x->line != y->line)
			return false;
	}
	for (size_t i = 0; i < a->nslides; i++) {
		const struct section *x = a->slides[i].section, *y = b->slides[i].section;
		if ((x == NULL) != (y == NULL) || (x && x - a->sections != y - b->sections))
			return false;
	}
	return true;
}

/* A deck over DECK_HEAD_MIN_BYTES with a section every 7 slides, from the
 * first: head first and then the rest gives the sections a whole load
 * gives. */
static void head_first_sections(void)
{
	size_t cap = 1 << 20, k = 0, n = 700;
	char *src = malloc(cap);
	k += (size_t)snprintf(src + k, cap - k, "[deck]\ntitle = S\n");
	for (size_t i = 0; i < n; i++)
		k += (size_t)snprintf(src + k, cap - k,
				      "[s%zu]\ntitle = slide %zu\ntime = 1s\n%s%s"
				      "bullet.1 = a point of slide %zu, long enough to count\n",
				      i, i, i % 7 == 0 ? "section = 第" : "",
				      i % 7 == 0 ? "部分\nlayout = section\n" : "", i);
	struct deck_load_opts o = {
		.from = DECK_FROM_BUFFER, .name = "sec.ini", .bytes = src, .len = k
	};
	struct diag_list dl;
	diag_list_init(&dl);
	struct deck *full = deck_load(&o, NULL, &dl);
	ok(full && k >= DECK_HEAD_MIN_BYTES && full->nsections == 100 &&
		   full->sections[99].first == 693 && full->sections[99].nslides == 7,
	   "sections: 100 sections over DECK_HEAD_MIN_BYTES");
	is_int(dl.nwarnings, 99, "sections: each name repeated is a warning");
	struct deck_rest rest;
	o.head_first = true;
	struct diag_list hl;
	diag_list_init(&hl);
	struct deck *head = deck_load(&o, &rest, &hl);
	ok(head && rest.pending && head->nsections == 1 && head->sections[0].nslides == 1 &&
		   head->slides[0].section == &head->sections[0],
	   "sections: the head has the first slide's section");
	struct deck *whole = rest.pending ? deck_load_rest(&rest, &hl) : NULL;
	ok(same_sections(whole, full), "sections: the rest has the sections of a whole load");
	deck_free(whole);
	deck_free(head);
	deck_free(full);
	diag_list_release(&dl);
	diag_list_release(&hl);
	free(src);
}

/* A deck without [deck] id is called by its file name without .ini, .md
 * or .markdown, so that an imported deck keeps its records. 4 checks. */
static void test_default_id(void)
{
	static const char ini[] = "[a]\ntitle = A\n";
	static const char md[] = "# A\n\ntext\n";
	static const struct {
		const char *name, *bytes, *id;
	} cases[] = {
		{ "talks/talk.ini", ini, "talk" },
		{ "talks/talk.md", md, "talk" },
		{ "talk.markdown", md, "talk" },
		{ "talk.ini.bak", ini, "talk.ini.bak" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct diag_list dl;
		diag_list_init(&dl);
		struct deck *d =
			deck_load(&(struct deck_load_opts){ .from = DECK_FROM_BUFFER,
							    .name = cases[i].name,
							    .bytes = cases[i].bytes,
							    .len = strlen(cases[i].bytes) },
				  NULL, &dl);
		is_str(d ? d->meta.id : NULL, cases[i].id, cases[i].name);
		deck_free(d);
		diag_list_release(&dl);
	}
}

int main(void)
{
	tap_plan(203 + 3 * count_fixtures("data/diag"));
	fixtures();
	controls_kept();
	comment_controls();
	booleans();
	model();
	keynote_keys();
	durations();
	big_total();
	files();
	many_sections();
	head();
	head_first();
	head_first_sections();
	test_default_id();
	return tap_done();
}
