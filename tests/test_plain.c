/* plain.h: the header, the reveal steps, notes on and off, the body as the
 * export lays it out, every width from 20 to 200 on both built-in talks
 * (CJK wrapping), and hostile deck text, which must never reach the output
 * as raw escape, C1 or bidi bytes. Tests run with the working directory
 * tests/. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>
#include <uniwidth.h>

#include "deck.h"
#include "diag.h"
#include "layout.h"
#include "plain.h"
#include "tap.h"

static struct deck *load_path(const char *path)
{
	struct diag_list dl;
	diag_list_init(&dl);
	struct deck *d = deck_load(&(struct deck_load_opts){ .from = DECK_FROM_PATH, .name = path },
				   NULL, &dl);
	diag_list_release(&dl);
	return d;
}

static struct deck *load_text(const char *text)
{
	struct diag_list dl;
	diag_list_init(&dl);
	struct deck *d = deck_load(&(struct deck_load_opts){ .from = DECK_FROM_BUFFER,
							     .name = "test.ini",
							     .bytes = text,
							     .len = strlen(text) },
				   NULL, &dl);
	diag_list_release(&dl);
	return d;
}

/* The plain text of slide idx; caller frees. */
static char *plain(const struct deck *d, size_t idx, unsigned width, unsigned step, unsigned from,
		   bool notes)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	struct plain_opts o = { .width = width, .step = step, .from_step = from, .notes = notes };
	int rc = plain_write_slide(m, d, idx, &o);
	fclose(m);
	if (rc != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

static char *first_line(const char *s)
{
	const char *nl = strchr(s, '\n');
	return strndup(s, nl ? (size_t)(nl - s) : strlen(s));
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

/* NULL when every line of s is at most w columns, ends in no space and s
 * is valid UTF-8 with no C0 (but the newline), DEL, C1 or bidi control;
 * else what is wrong. */
static const char *bad_text(const char *s, unsigned w)
{
	size_t n = strlen(s);
	if (u8_check((const uint8_t *)s, n))
		return "invalid UTF-8";
	const uint8_t *u = (const uint8_t *)s, *end = u + n;
	while (u < end) {
		ucs4_t c;
		u += u8_mbtouc(&c, u, (size_t)(end - u));
		if ((c < 0x20 && c != '\n') || (c >= 0x7f && c <= 0x9f))
			return "a C0, DEL or C1 control";
		if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x2028 ||
		    c == 0x2029)
			return "a bidi control or a separator";
	}
	for (const char *line = s; *line;) {
		const char *nl = strchr(line, '\n');
		size_t ln = nl ? (size_t)(nl - line) : strlen(line);
		if ((unsigned)u8_width((const uint8_t *)line, ln, "UTF-8") > w)
			return "a line wider than the width";
		if (ln && line[ln - 1] == ' ')
			return "a line ending in a space";
		line += ln + (nl != NULL);
	}
	return NULL;
}

/* Appends s without white space to buf. */
static void squeeze(struct strbuf *b, const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\n')
			strbuf_addc(b, *s);
}

static void test_header_and_steps(const struct deck *d)
{
	char *t = plain(d, 0, 80, 0, 0, false);
	char *h = t ? first_line(t) : NULL;
	is_str(h, "Slide 1 of 5 · Alpha intro", "header: slide n of N and the title");
	ok(t && strstr(t, "\n\nAlpha intro\n") && strstr(t, "First slide text"),
	   "the body follows a blank line: title and text");
	free(h);
	free(t);

	t = plain(d, 3, 80, 0, 0, false);
	h = t ? first_line(t) : NULL;
	is_str(h, "Backup slide 1 of 1 · Delta backup", "a backup slide's header");
	free(h);
	free(t);

	t = plain(d, 1, 80, 0, 0, true);
	h = t ? first_line(t) : NULL;
	is_str(h, "Slide 2 of 5 · step 1 of 2 · Bravo steps",
	       "header: the step of a stepped slide");
	ok(t && strstr(t, "bravo one") && !strstr(t, "bravo two revealed"),
	   "step 0 shows the first step's items only");
	ok(t && strstr(t, "NOTE-BRAVO"), "notes with the slide's first write");
	free(h);
	free(t);

	t = plain(d, 1, 80, 1, 0, false);
	ok(t && strstr(t, "bravo one") && strstr(t, "bravo two revealed"),
	   "step 1 shows both steps");
	ok(t && strstr(t, "step 2 of 2"), "the header says step 2 of 2");
	free(t);

	t = plain(d, 1, 80, 1, 1, true);
	ok(t && strstr(t, "bravo two revealed") && !strstr(t, "bravo one"),
	   "a reveal writes the revealed items only");
	ok(t && count(t, "Bravo steps") == 1, "a reveal's body has no title (the header has it)");
	ok(t && !strstr(t, "NOTE-BRAVO"), "a reveal writes no notes");
	ok(t && strstr(t, " · Bravo steps\n\n• bravo two") != NULL,
	   "the revealed items follow the header's blank line, no blank rows of the title");
	free(t);

	t = plain(d, 1, 80, 7, 9, false);
	ok(t && strstr(t, "step 2 of 2") && strstr(t, "bravo two revealed") &&
		   !strstr(t, "bravo one"),
	   "a step past the last is clamped, from_step to it");
	free(t);
}

static void test_notes(const struct deck *d)
{
	char *with = plain(d, 0, 80, 0, 0, true), *without = plain(d, 0, 80, 0, 0, false);
	ok(with && strstr(with, "\n\nNotes:\n    NOTE-ALPHA greet the room\n"),
	   "notes: a blank line, Notes: and the notes indented by 4");
	ok(without && !strstr(without, "NOTE-ALPHA") && !strstr(without, "Notes:"),
	   "without notes no note and no Notes: label");
	free(with);
	free(without);
	char *narrow = plain(d, 0, 11, 0, 0, true);
	ok(narrow && strstr(narrow, "\nNOTE-ALPHA") && !strstr(narrow, " NOTE-ALPHA"),
	   "below width 12 the notes are not indented");
	free(narrow);
}

/* The body of a fully revealed slide is the export's layout of it. */
static void test_body_is_export(const struct deck *d)
{
	int same = 1;
	for (size_t i = 0; i < d->nslides; i++) {
		const struct slide *s = &d->slides[i];
		char *t = plain(d, i, 60, s->nsteps, 0, false);
		struct layout_opts lo = { .cols = 60, .view = VIEW_EXPORT, .deck = d };
		struct frame *f = layout_slide(s, &lo);
		char *e = NULL;
		size_t elen = 0;
		FILE *m = open_memstream(&e, &elen);
		frame_print(m, f, NULL);
		fclose(m);
		frame_free(f);
		const char *body = t ? strstr(t, "\n\n") : NULL;
		if (!body || strcmp(body + 2, e) != 0) {
			printf("# slide %zu: body differs from the export\n", i + 1);
			same = 0;
		}
		free(t);
		free(e);
	}
	ok(same, "a fully revealed slide's body is its export text");
}

/* Every slide of both talks, fully revealed with notes and at its first
 * step, at every width from 20 to 200: lines fit, no control character. */
static void test_widths(void)
{
	const char *paths[] = { "../slides/talk.zh.ini", "../slides/talk.en.ini" };
	for (int k = 0; k < 2; k++) {
		struct deck *d = load_path(paths[k]);
		if (!d) {
			tap_missed(1, "the built-in talk did not load");
			continue;
		}
		const char *why = NULL;
		unsigned at = 0;
		size_t slide = 0;
		for (unsigned w = 20; w <= 200 && !why; w++)
			for (size_t i = 0; i < d->nslides && !why; i++) {
				char *a = plain(d, i, w, d->slides[i].nsteps, 0, true);
				char *b = plain(d, i, w, 0, 0, false);
				why = !a || !b ? "a write failed" : bad_text(a, w);
				if (!why)
					why = bad_text(b, w);
				at = w;
				slide = i + 1;
				free(a);
				free(b);
			}
		if (why)
			printf("# %s, slide %zu, width %u: %s\n", paths[k], slide, at, why);
		ok(!why, k == 0 ? "talk.zh: every slide fits every width 20..200"
				: "talk.en: every slide fits every width 20..200");
		deck_free(d);
	}
}

static void test_cjk(void)
{
	static const char para[] = "大语言模型的推理成本在两年里下降了两个数量级，"
				   "而需求却增长得更快。这意味着算力仍然是瓶颈。";
	char text[1024];
	snprintf(text, sizeof text,
		 "[deck]\ntitle = 中文\n\n[a]\ntitle = 成本与需求\ntext.1 = %s\n", para);
	struct deck *d = load_text(text);
	if (!d) {
		tap_missed(3, "the CJK deck did not load");
		return;
	}
	char *t = plain(d, 0, 20, 0, 0, false);
	const char *body = t ? strstr(t, "\n\n") : NULL;
	ok(t && !bad_text(t, 20), "CJK text at width 20: every line fits");
	int starts_bad = 0, lines = 0;
	for (const char *l = body ? body + 2 : ""; *l; lines++) {
		if (strncmp(l, "，", 3) == 0 || strncmp(l, "。", 3) == 0)
			starts_bad = 1;
		const char *nl = strchr(l, '\n');
		l = nl ? nl + 1 : l + strlen(l);
	}
	ok(lines >= 5 && !starts_bad, "CJK text wraps on several lines, none starts with ， or 。");
	struct strbuf got = { 0 };
	squeeze(&got, body ? body + 2 : "");
	struct strbuf want = { 0 };
	squeeze(&want, "成本与需求");
	squeeze(&want, para);
	is_str(got.s, want.s, "the wrapped CJK body loses and repeats nothing");
	free(got.s);
	free(want.s);
	free(t);
	deck_free(d);
}

static void test_hostile(void)
{
	DIR *dir = opendir("data/hostile");
	if (!dir) {
		tap_missed(2, "no tests/data/hostile");
		return;
	}
	struct dirent *e;
	int decks = 0;
	const char *why = NULL;
	char where[512] = "";
	while ((e = readdir(dir))) {
		size_t n = strlen(e->d_name);
		if (n < 5 || strcmp(e->d_name + n - 4, ".ini") != 0)
			continue;
		char path[300];
		snprintf(path, sizeof path, "data/hostile/%s", e->d_name);
		struct deck *d = load_path(path);
		if (!d)
			continue;
		decks++;
		for (size_t i = 0; i < d->nslides && !why; i++)
			for (unsigned w = 20; w <= 120 && !why; w += 50) {
				char *t = plain(d, i, w, d->slides[i].nsteps, 0, true);
				why = t ? bad_text(t, w) : "a write failed";
				if (why)
					snprintf(where, sizeof where, "%s slide %zu width %u", path,
						 i + 1, w);
				free(t);
			}
		deck_free(d);
	}
	closedir(dir);
	if (why)
		printf("# %s: %s\n", where, why);
	printf("# %d hostile decks loaded\n", decks);
	ok(decks >= 10 && !why, "hostile decks: no raw control, C1 or bidi byte in the plain text");

	static const char evil[] = "say \x1b[2J\x1b]52;c;eA==\x07 \xc2\x9b"
				   "31m \xe2\x80\xae"
				   "dlrow \xe2\x81\xa6x\xe2\x81\xa9 \xff\xfe end";
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	plain_write_caption(m, evil, sizeof evil - 1, 30);
	plain_write_message(m, evil, 30);
	fclose(m);
	const char *bad = buf ? bad_text(buf, 30) : "no output";
	if (bad)
		printf("# %s\n", bad);
	ok(!bad && strncmp(buf, "caption: say ␛[2J", strlen("caption: say ␛[2J")) == 0 &&
		   strstr(buf, "lectern: say"),
	   "hostile caption and message: placeholders, never the raw bytes");
	free(buf);
}

int main(void)
{
	tap_plan(24);
	struct deck *d = load_path("data/present.ini");
	if (!d) {
		tap_missed(17, "data/present.ini did not load");
	} else {
		test_header_and_steps(d);
		test_notes(d);
		test_body_is_export(d);
		deck_free(d);
	}
	test_widths();
	test_cjk();
	test_hostile();
	return tap_done();
}
