/* The built-in talk: both decks in slides/ load cleanly, are complete (title,
 * notes and planned time on every slide), agree with each other slide by
 * slide, and are exactly what the binary embeds; the check that a deck's
 * notes can be spoken in its slides' planned times (times_misfits()) is
 * proved on small decks written here. Runs with the working directory
 * tests/, so the decks are ../slides/. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "deck.h"
#include "diag.h"
#include "export.h"
#include "ini.h"
#include "plan.h"
#include "tap.h"
#include "xalloc.h"

#define ZH_PATH "../slides/talk.zh.ini"
#define EN_PATH "../slides/talk.en.ini"

/* Reads a whole file into a new buffer the caller frees; *len gets its size.
 * Returns NULL if the file cannot be read. */
static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0, got;

	if (!f)
		return NULL;
	do {
		if (cap - n < 4096) {
			cap = cap ? cap * 2 : 65536;
			buf = xrealloc(buf, cap);
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	if (ferror(f)) {
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	*len = n;
	return buf;
}

/* Loads a deck and reports whether it had no diagnostics at all; prints
 * them as TAP comments otherwise. Returns the deck or NULL. */
static struct deck *load_clean(const char *path)
{
	struct diag_list diags;
	struct deck *d;
	char what[128];

	diag_list_init(&diags);
	d = deck_load(&(struct deck_load_opts){ .from = DECK_FROM_PATH, .name = path }, NULL,
		      &diags);
	snprintf(what, sizeof what, "%s loads", path);
	ok(d != NULL, what);
	snprintf(what, sizeof what, "%s has no errors", path);
	is_int(diags.nerrors, 0, what);
	snprintf(what, sizeof what, "%s has no warnings", path);
	is_int(diags.nwarnings, 0, what);
	for (size_t i = 0; i < diags.n; i++) {
		char *line = diag_format(&diags.v[i]);
		printf("# %s\n", line);
		free(line);
	}
	diag_list_release(&diags);
	return d;
}

/* Every slide has a non-empty title, at least one non-empty note and a
 * planned time; the deck's duration is the sum of the planned times. */
static void check_complete(const struct deck *d, const char *lang)
{
	size_t no_title = 0, no_notes = 0, no_time = 0, dividers = 0;
	char what[128];

	for (size_t i = 0; i < d->nslides; i++) {
		const struct slide *s = &d->slides[i];
		int has_note = 0;

		if (!s->title || !*s->title)
			no_title++;
		for (size_t j = 0; j < s->nnotes; j++)
			if (s->notes[j] && *s->notes[j])
				has_note = 1;
		if (!has_note) {
			no_notes++;
			printf("# %s: slide '%s' has no notes\n", lang, s->id);
		}
		if (s->time_s == 0) {
			no_time++;
			printf("# %s: slide '%s' has no planned time\n", lang, s->id);
		}
		dividers += s->layout == LAYOUT_SECTION;
	}
	snprintf(what, sizeof what, "%s: 16 to 20 slides besides the part dividers (issue 19)",
		 lang);
	ok(d->nslides - dividers >= 16 && d->nslides - dividers <= 20, what);
	snprintf(what, sizeof what, "%s: every slide has a title", lang);
	is_int(no_title, 0, what);
	snprintf(what, sizeof what, "%s: every slide has notes", lang);
	is_int(no_notes, 0, what);
	snprintf(what, sizeof what, "%s: every slide has a planned time", lang);
	is_int(no_time, 0, what);
	snprintf(what, sizeof what, "%s: duration is given", lang);
	ok(d->meta.duration_s > 0, what);
	snprintf(what, sizeof what, "%s: duration equals the sum of slide times", lang);
	is_int(d->meta.duration_s, deck_planned_s(d), what);
	snprintf(what, sizeof what, "%s: language", lang);
	is_str(d->meta.language, lang, what);
	snprintf(what, sizeof what, "%s: first slide is a title slide", lang);
	ok(d->nslides > 0 && d->slides[0].layout == LAYOUT_TITLE, what);
	snprintf(what, sizeof what, "%s: last slide is a title slide", lang);
	ok(d->nslides > 0 && d->slides[d->nslides - 1].layout == LAYOUT_TITLE, what);
}

/* The speaker's frame (issue 19): six parts, each opened by a divider
 * (layout = section) of 10 to 15 s, and no divider inside a part. */
static void check_parts(const struct deck *d, const char *lang)
{
	size_t no_divider = 0, bad_time = 0, inside = 0;
	char what[128];

	for (size_t k = 0; k < d->nsections; k++) {
		const struct slide *s = &d->slides[d->sections[k].first];
		if (s->layout != LAYOUT_SECTION) {
			no_divider++;
			printf("# %s: part '%s' opens with '%s', not a divider\n", lang,
			       d->sections[k].name, s->id);
		} else if (s->time_s < 10 || s->time_s > 15) {
			bad_time++;
			printf("# %s: divider '%s' is planned %u s\n", lang, s->id, s->time_s);
		}
	}
	for (size_t i = 0; i < d->nslides; i++) {
		const struct slide *s = &d->slides[i];
		if (s->layout == LAYOUT_SECTION &&
		    (!s->section || &d->slides[s->section->first] != s)) {
			inside++;
			printf("# %s: divider '%s' does not open a part\n", lang, s->id);
		}
	}
	snprintf(what, sizeof what, "%s: six parts", lang);
	is_int(d->nsections, 6, what);
	snprintf(what, sizeof what, "%s: every part opens with a divider", lang);
	is_int(no_divider, 0, what);
	snprintf(what, sizeof what, "%s: every divider is planned 10 to 15 s", lang);
	is_int(bad_time, 0, what);
	snprintf(what, sizeof what, "%s: every divider opens a part", lang);
	is_int(inside, 0, what);
}

/* The pauses the notes of s mark, in ms (plan_count_text()). */
static uint64_t pause_ms(const struct slide *s)
{
	struct plan_count c = { 0, 0, 0 };
	for (size_t j = 0; j < s->nnotes; j++)
		plan_count_text(&c, s->notes[j], strlen(s->notes[j]));
	return c.pause_ms;
}

/* Whether slides a and b hold the same items: the same kinds in the same
 * order, on the same reveal steps, with the same chart values and scales
 * and tables of the same shape (the words differ by language). */
static int same_items(const struct slide *a, const struct slide *b)
{
	if (a->nitems != b->nitems || a->nsteps != b->nsteps)
		return 0;
	for (size_t j = 0; j < a->nitems; j++) {
		const struct item *x = &a->items[j], *y = &b->items[j];
		if (x->kind != y->kind || x->step != y->step || x->nbars != y->nbars ||
		    x->log_scale != y->log_scale || x->nrows != y->nrows || x->ncols != y->ncols)
			return 0;
		for (size_t k = 0; k < x->nbars; k++)
			if (x->bars[k].value != y->bars[k].value)
				return 0;
	}
	return 1;
}

/* Counts the items of a kind whose text is want (NULL: any text) and, for
 * charts, that use a log scale. */
static size_t count_items(const struct deck *d, enum item_kind kind, const char *want)
{
	size_t n = 0;

	for (size_t i = 0; i < d->nslides; i++)
		for (size_t j = 0; j < d->slides[i].nitems; j++) {
			const struct item *it = &d->slides[i].items[j];
			if (it->kind != kind)
				continue;
			if (want && strcmp(it->text, want) != 0)
				continue;
			if (kind == ITEM_CHART && (!it->log_scale || it->nbars != 2))
				continue;
			n++;
		}
	return n;
}

/* The two decks are the same talk: same slides in the same order, with the
 * same planned times, backup flags and layouts. */
static void check_parallel(const struct deck *zh, const struct deck *en)
{
	size_t n = zh->nslides < en->nslides ? zh->nslides : en->nslides;
	size_t id_diff = 0, time_diff = 0, backup_diff = 0, layout_diff = 0, pause_diff = 0;
	size_t section_diff = 0, item_diff = 0;

	is_int(zh->nslides, en->nslides, "zh and en have the same number of slides");
	for (size_t i = 0; i < n; i++) {
		const struct slide *a = &zh->slides[i], *b = &en->slides[i];

		if (strcmp(a->id, b->id) != 0) {
			id_diff++;
			printf("# slide %zu: zh '%s', en '%s'\n", i + 1, a->id, b->id);
		}
		if (a->time_s != b->time_s) {
			time_diff++;
			printf("# slide '%s': zh %us, en %us\n", a->id, a->time_s, b->time_s);
		}
		if (pause_ms(a) != pause_ms(b)) {
			pause_diff++;
			printf("# slide '%s': zh pauses %llu ms, en %llu ms\n", a->id,
			       (unsigned long long)pause_ms(a), (unsigned long long)pause_ms(b));
		}
		if (!same_items(a, b)) {
			item_diff++;
			printf("# slide '%s': zh and en items differ\n", a->id);
		}
		backup_diff += a->backup != b->backup;
		layout_diff += a->layout != b->layout;
		section_diff += (a->section ? a->section->first : n) !=
				(b->section ? b->section->first : n);
	}
	is_int(id_diff, 0, "zh and en have the same slide ids in the same order");
	is_int(time_diff, 0, "zh and en have the same planned times");
	is_int(backup_diff, 0, "zh and en have the same backup flags");
	is_int(layout_diff, 0, "zh and en have the same layouts");
	is_int(pause_diff, 0, "zh and en notes mark the same pauses on every slide");
	is_int(section_diff, 0, "zh and en have the same parts, starting at the same slides");
	is_int(item_diff, 0,
	       "zh and en have the same items on every slide, steps, chart values and tables too");
	is_int(zh->meta.duration_s, en->meta.duration_s, "zh and en have the same duration");
	ok(strcmp(zh->meta.id, en->meta.id) != 0, "zh and en have different deck ids");
}

/* The number of figures whose text is want and whose caption holds in. */
static size_t count_figures(const struct deck *d, const char *want, const char *in)
{
	size_t n = 0;

	for (size_t i = 0; i < d->nslides; i++)
		for (size_t j = 0; j < d->slides[i].nitems; j++) {
			const struct item *it = &d->slides[i].items[j];
			if (it->kind == ITEM_FIGURE && strcmp(it->text, want) == 0 &&
			    (!in || (it->caption && strstr(it->caption, in))))
				n++;
		}
	return n;
}

/* The speaker's key figures are on the slides, as highlighted figures and
 * as the two log-scale growth charts. Since the merge of training-cost and
 * compute-drives, the relatable 10,000 A100s is the headline and the
 * 3640 PF-days it stands for its caption, beside Musk's 10,000 GPUs. */
static void check_figures(const struct deck *d, const char *lang)
{
	int zh = strcmp(lang, "zh") == 0;
	char what[128];

	snprintf(what, sizeof what, "%s: figure 10,000 A100s, captioned 3640 PF-days", lang);
	is_int(count_figures(d, zh ? "1万张A100" : "10,000 A100s", "3640 PF-days"), 1, what);
	snprintf(what, sizeof what, "%s: figure 10,000 GPUs (Musk)", lang);
	is_int(count_figures(d, zh ? "1万张GPU" : "10,000 GPUs", zh ? "马斯克" : "Musk"), 1, what);
	snprintf(what, sizeof what, "%s: figure 1,000+ cards (Enflame)", lang);
	is_int(count_figures(d, zh ? "1000+卡" : "1,000+ cards", NULL), 1, what);
	snprintf(what, sizeof what, "%s: figure 63%%", lang);
	is_int(count_items(d, ITEM_FIGURE, "63%"), 1, what);
	snprintf(what, sizeof what, "%s: two log-scale growth charts", lang);
	is_int(count_items(d, ITEM_CHART, NULL), 2, what);
}

/* Appends text and a newline to the growing string *buf (*len bytes). */
static void add_text(char **buf, size_t *len, const char *text)
{
	size_t n = text ? strlen(text) : 0;
	*buf = xrealloc(*buf, *len + n + 2);
	memcpy(*buf + *len, text ? text : "", n);
	(*buf)[*len + n] = '\n';
	*len += n + 1;
	(*buf)[*len] = '\0';
}

/* Every field of d as written (titles, items, captions, bars, table cells,
 * notes), one a line, into a new string the caller frees: a fact is
 * searched for unwrapped. */
static char *deck_text(const struct deck *d)
{
	char *buf = NULL;
	size_t len = 0;

	add_text(&buf, &len, d->meta.title);
	for (size_t i = 0; i < d->nslides; i++) {
		const struct slide *s = &d->slides[i];
		add_text(&buf, &len, s->title);
		add_text(&buf, &len, s->subtitle);
		for (size_t j = 0; j < s->nitems; j++) {
			const struct item *it = &s->items[j];
			add_text(&buf, &len, it->text);
			add_text(&buf, &len, it->caption);
			for (size_t b = 0; b < it->nbars; b++) {
				add_text(&buf, &len, it->bars[b].label);
				add_text(&buf, &len, it->bars[b].shown);
			}
			if (it->kind == ITEM_TABLE)
				for (size_t c = 0; c < it->nrows * it->ncols; c++)
					add_text(&buf, &len, it->cells[c]);
		}
		for (size_t j = 0; j < s->nnotes; j++)
			add_text(&buf, &len, s->notes[j]);
	}
	return buf;
}

/* Every figure, year and name the transcript gives, in each deck's words,
 * is on a slide or in its notes (issue 19: rebuilt decks carry the facts
 * over even where the sentences changed). */
static const char *const zh_facts[] = {
	"2017",      "2020",       "2022",   "2023", "2012",       "2018",       "3640",
	"1万张A100", "一万张GPU",  "30万倍", "7倍",  "9万倍",      "30倍",       "63%",
	"7nm",       "E级",        "H100",   "千卡", "第二代训练", "第二代推理", "Transformer",
	"Attention", "ChatGPT",    "OpenAI", "谷歌", "马斯克",     "英伟达",     "AMD",
	"英特尔",    "BAT",        "上海",   "液冷", "智慧城市",   "金融",       "泛互联网",
	"NLP",       "CV",         "DSA",    "GPU",  "超算",       "摩尔定律",   "芯粒",
	"端侧",      "模型即服务", "研究生",
};
static const char *const en_facts[] = {
	"2017",
	"2020",
	"2022",
	"2023",
	"2012",
	"2018",
	"3640",
	"10,000 A100s",
	"ten thousand GPUs",
	"300,000",
	"7×",
	"90,000",
	"30×",
	"63%",
	"7 nm",
	"exascale",
	"H100",
	"thousand cards",
	"second-generation training",
	"second-generation inference",
	"Transformer",
	"attention",
	"ChatGPT",
	"OpenAI",
	"Google",
	"Musk",
	"NVIDIA",
	"AMD",
	"Intel",
	"BAT",
	"Shanghai",
	"liquid-cooled",
	"smart cities",
	"finance",
	"internet",
	"NLP",
	"computer vision",
	"DSA",
	"GPU",
	"supercomputing",
	"Moore's law",
	"chiplets",
	"devices",
	"Model as a service",
	"graduate",
};
#define NFACTS (sizeof zh_facts / sizeof *zh_facts)
_Static_assert(sizeof en_facts / sizeof *en_facts == NFACTS, "the same facts in both languages");

static void check_facts(const struct deck *d, const char *lang)
{
	const char *const *facts = strcmp(lang, "zh") == 0 ? zh_facts : en_facts;
	char *text = deck_text(d), what[128];
	size_t missing = 0;

	for (size_t k = 0; k < NFACTS; k++)
		if (!strstr(text, facts[k])) {
			missing++;
			printf("# %s: '%s' is on no slide and in no note\n", lang, facts[k]);
		}
	snprintf(what, sizeof what, "%s: the transcript's %zu figures, years and names are there",
		 lang, NFACTS);
	is_int(missing, 0, what);
	free(text);
}

/* Exports d with notes and backup slides into a new string the caller
 * frees. */
static char *export_all(const struct deck *d)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	struct export_opts o = { .width = 100, .notes = true, .backup = true };
	if (!f)
		return NULL;
	export_deck(d, &o, f);
	fclose(f);
	return buf;
}

/* Equal fingerprints and equal exports, notes and backup slides included. */
static int same_deck(const struct deck *a, const struct deck *b)
{
	char *x = export_all(a), *y = export_all(b);
	int same = a->hash == b->hash && a->nslides == b->nslides && x && y && strcmp(x, y) == 0;
	free(x);
	free(y);
	return same;
}

/* The built-in deck for lang was embedded from the file at path, byte for
 * byte, and is the deck that file loads into. */
static void check_builtin(const char *lang, const char *path)
{
	struct builtin_deck b;
	struct diag_list diags;
	const char *src;
	size_t len = 0, srclen = 0;
	char *file = read_all(path, &len);
	char what[128];

	snprintf(what, sizeof what, "%s can be read", path);
	ok(file != NULL, what);
	snprintf(what, sizeof what, "built-in deck '%s' exists", lang);
	ok(builtin_find(lang, &b) == 0 && builtin_source(lang, &src, &srclen) == 0, what);
	if (!file || builtin_find(lang, &b) != 0 || builtin_source(lang, &src, &srclen) != 0) {
		free(file);
		return;
	}
	snprintf(what, sizeof what, "built-in '%s' has the file's length", lang);
	is_int(srclen, len, what);
	snprintf(what, sizeof what, "built-in '%s' is byte-identical to %s", lang, path);
	ok(srclen == len && memcmp(src, file, len) == 0, what);
	snprintf(what, sizeof what, "built-in '%s' is NUL-terminated", lang);
	ok(src[srclen] == '\0', what);
	snprintf(what, sizeof what, "built-in '%s' has language '%s'", lang, lang);
	is_str(b.lang, lang, what);

	diag_list_init(&diags);
	struct deck *d = deck_load(
		&(struct deck_load_opts){
			.from = DECK_FROM_BUFFER, .name = b.name, .bytes = src, .len = srclen },
		NULL, &diags);
	snprintf(what, sizeof what, "built-in '%s' loads from memory without diagnostics", lang);
	ok(d != NULL && diags.n == 0, what);
	struct ini_file f;
	builtin_ini(&b, &f);
	struct deck *e = deck_load(
		&(struct deck_load_opts){
			.from = DECK_FROM_INI, .name = b.name, .ini = &f, .hash = b.hash },
		NULL, &diags);
	snprintf(what, sizeof what, "built-in '%s' as read at build time loads cleanly", lang);
	ok(e != NULL && diags.n == 0, what);
	snprintf(what, sizeof what, "built-in '%s' as read at build time is the file's deck", lang);
	ok(d && e && same_deck(d, e), what);
	deck_free(e);
	ini_release(&f);
	deck_free(d);
	diag_list_release(&diags);
	free(file);
}

/* The speaking-time check of issue 19: how many ways the deck d (called
 * what in TAP comments) fails to fit its time plan. Each slide's notes, at
 * PLAN_RATE_HAN characters and PLAN_RATE_WORDS words a minute plus the
 * pauses they mark (plan_estimate_slide_ms(), the estimator of `lectern
 * check`), must take no longer than the slide's planned time (a backup
 * slide's too; a slide without a time fits only without notes): one misfit
 * per slide that does not. The planned times of the main slides must add
 * up to [deck] duration (0 when not given): one misfit otherwise. Each
 * misfit is named in a TAP comment with its figures. */
static size_t times_misfits(const struct deck *d, const char *what)
{
	const struct plan_rates r = { PLAN_RATE_HAN, PLAN_RATE_WORDS };
	size_t bad = 0;

	for (size_t i = 0; i < d->nslides; i++) {
		const struct slide *s = &d->slides[i];
		uint64_t est = plan_estimate_slide_ms(s, &r), plan = (uint64_t)s->time_s * 1000u;
		if (est <= plan)
			continue;
		bad++;
		printf("# %s: slide '%s': its notes take %llu.%llu s to speak, planned %u s\n",
		       what, s->id, (unsigned long long)(est / 1000u),
		       (unsigned long long)(est % 1000u / 100u), s->time_s);
	}
	if (d->meta.duration_s != deck_planned_s(d)) {
		bad++;
		printf("# %s: duration %llu s, the main slides' planned times add up to %llu s\n",
		       what, (unsigned long long)d->meta.duration_s,
		       (unsigned long long)deck_planned_s(d));
	}
	return bad;
}

/* Loads the deck text src (called name) or fails the test run. */
static struct deck *load_text(const char *name, const char *src)
{
	struct diag_list diags;
	diag_list_init(&diags);
	struct deck *d = deck_load(
		&(struct deck_load_opts){
			.from = DECK_FROM_BUFFER, .name = name, .bytes = src, .len = strlen(src) },
		NULL, &diags);
	for (size_t i = 0; i < diags.n; i++) {
		char *line = diag_format(&diags.v[i]);
		printf("# %s\n", line);
		free(line);
	}
	diag_list_release(&diags);
	if (!d) {
		printf("Bail out! %s does not load\n", name);
		exit(1);
	}
	return d;
}

/* One small deck for times_misfits() and the misfits it must find. */
struct times_case {
	const char *name, *src;
	size_t misfits;
};

/* At 190 a minute 19 Han characters take exactly 6 s and 20 take 6.3 s; at
 * 150 a minute 25 words take exactly 10 s and 26 take 10.4 s. A pause
 * without a length is 2 s. */
#define HAN19 "一二三四五六七八九十一二三四五六七八九"
#define HAN10 "一二三四五六七八九十"
#define WORDS25                                                                               \
	"one two three four five six seven eight nine ten one two three four five six seven " \
	"eight nine ten one two three four five"
static const struct times_case times_cases[] = {
	{ "fits.ini",
	  "[deck]\nduration = 16s\n"
	  "[a]\ntitle = A\ntime = 6s\nnote.1 = " HAN19 "。\n"
	  "[b]\ntitle = B\ntime = 10s\nnote.1 = " WORDS25 ".\n"
	  "[c]\ntitle = C\ntime = 20s\nbackup = yes\nnote.1 = " HAN10 "\n",
	  0 },
	{ "long-zh.ini",
	  "[deck]\nduration = 6s\n[a]\ntitle = A\ntime = 6s\nnote.1 = " HAN19 "\nnote.2 = 十\n",
	  1 },
	{ "long-en.ini",
	  "[deck]\nduration = 10s\n[b]\ntitle = B\ntime = 10s\nnote.1 = " WORDS25 " six\n", 1 },
	{ "long-backup.ini",
	  "[deck]\nduration = 6s\n[a]\ntitle = A\ntime = 6s\nnote.1 = " HAN10 "\n"
	  "[c]\ntitle = C\ntime = 6s\nbackup = yes\nnote.1 = " HAN19 "十\n",
	  1 },
	{ "pause-fits.ini",
	  "[deck]\nduration = 6s\n[a]\ntitle = A\ntime = 6s\nnote.1 = " HAN10 "（停顿）\n", 0 },
	{ "pause-long.ini",
	  "[deck]\nduration = 6s\n[a]\ntitle = A\ntime = 6s\nnote.1 = " HAN10 "[停顿 3s]\n", 1 },
	{ "pause-long-en.ini",
	  "[deck]\nduration = 10s\n[b]\ntitle = B\ntime = 10s\n"
	  "note.1 = one two three. [pause 7s] Four five six seven eight.\n",
	  1 },
	{ "duration.ini",
	  "[deck]\nduration = 10s\n[a]\ntitle = A\ntime = 6s\nnote.1 = " HAN10 "\n"
	  "[c]\ntitle = C\ntime = 4s\nbackup = yes\n",
	  1 },
	{ "no-duration.ini", "[a]\ntitle = A\ntime = 6s\nnote.1 = " HAN10 "\n", 1 },
	{ "no-time.ini",
	  "[deck]\nduration = 6s\n[a]\ntitle = A\ntime = 6s\n[b]\ntitle = B\nnote.1 = 一\n", 1 },
};
#define NTIMES_CASES (sizeof times_cases / sizeof times_cases[0])

/* times_misfits() on each small deck: it finds exactly the misfits each was
 * written with. */
static void check_times_cases(void)
{
	for (size_t i = 0; i < NTIMES_CASES; i++) {
		const struct times_case *c = &times_cases[i];
		struct deck *d = load_text(c->name, c->src);
		char what[128];
		snprintf(what, sizeof what, "speaking time: %s has %zu misfit(s)", c->name,
			 c->misfits);
		is_int(times_misfits(d, c->name), c->misfits, what);
		deck_free(d);
	}
}

/* Both built-in decks can be spoken in their time plan (times_misfits()). */
static void check_builtin_times(const struct deck *d, const char *lang)
{
	char what[128];
	snprintf(what, sizeof what,
		 "%s: every slide's notes fit its planned time, duration is their sum", lang);
	is_int(times_misfits(d, lang), 0, what);
}

int main(void)
{
	tap_plan(75 + (int)NTIMES_CASES);
	struct deck *zh = load_clean(ZH_PATH);
	struct deck *en = load_clean(EN_PATH);
	struct builtin_deck def;

	if (zh) {
		check_complete(zh, "zh");
		check_parts(zh, "zh");
		check_figures(zh, "zh");
		check_facts(zh, "zh");
		check_builtin_times(zh, "zh");
	}
	if (en) {
		check_complete(en, "en");
		check_parts(en, "en");
		check_figures(en, "en");
		check_facts(en, "en");
		check_builtin_times(en, "en");
	}
	if (zh && en)
		check_parallel(zh, en);
	check_times_cases();

	check_builtin("zh", ZH_PATH);
	check_builtin("en", EN_PATH);
	ok(builtin_find(NULL, &def) == 0 && strcmp(def.lang, "zh") == 0,
	   "the default built-in deck is Chinese");

	deck_free(zh);
	deck_free(en);
	return tap_done();
}
