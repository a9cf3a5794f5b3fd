/* The screen composer without a terminal: frames of the slide screen, the
 * presenter layout (wide and stacked), the overview, the help, the
 * messages, the prompts, the blackouts, the status line and "too small",
 * composed from a controller driven by keys on fake clocks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "present.h"
#include "present_fixture.h"
#include "screen.h"
#include "tap.h"

/* Row r of the screen as text, gaps as spaces; static storage of the
 * test. */
static const char *row_text(const struct screen *sc, unsigned r)
{
	static char buf[4096];
	size_t n = 0;
	unsigned col = 0;
	buf[0] = '\0';
	if (r >= sc->f->nrows)
		return buf;
	const struct frame_row *row = &sc->f->rows[r];
	for (size_t i = row->first; i < row->first + row->n; i++) {
		const struct run *run = &sc->f->runs[i];
		for (; col < run->col && n + 1 < sizeof buf; col++)
			buf[n++] = ' ';
		if (n + run->len + 1 >= sizeof buf)
			break;
		memcpy(buf + n, run->text, run->len);
		n += run->len;
		col += run->width;
	}
	buf[n] = '\0';
	return buf;
}

/* The first row holding text, or -1. */
static int find_row(const struct screen *sc, const char *text)
{
	for (unsigned r = 0; r < sc->f->nrows; r++)
		if (strstr(row_text(sc, r), text))
			return (int)r;
	return -1;
}

static bool has_style(const struct screen *sc, enum style st, const char *text)
{
	for (size_t i = 0; i < sc->f->nruns; i++) {
		const struct run *run = &sc->f->runs[i];
		if (run->style == st && run->len == strlen(text) &&
		    memcmp(run->text, text, run->len) == 0)
			return true;
	}
	return false;
}

static void test_slide_screen(void)
{
	struct present p;
	fx_open(&p, "data/present.ini", NULL);
	struct screen sc;
	screen_compose(&sc, &p, 80, 24);
	ok(!sc.too_small && sc.blank == BLANK_NONE, "a slide screen");
	ok(sc.status, "with a status line");
	ok(strncmp(row_text(&sc, 23), " 1/5 ", 5) == 0, "the status line counts main slides");
	ok(strstr(row_text(&sc, 23), "Test talk 测试") != NULL, "and names the deck");
	ok(find_row(&sc, "Alpha intro") >= 0 && find_row(&sc, "Alpha intro") < 23,
	   "the title shows");
	is_int(sc.divider_rows, 0, "no divider");
	ok(find_row(&sc, "NOTE-ALPHA") < 0, "no notes without s");
	screen_release(&sc);
	fx_type(&p, "s");
	screen_compose(&sc, &p, 80, 24);
	ok(find_row(&sc, "Notes") >= 0, "s opens the notes pane");
	ok(find_row(&sc, "NOTE-ALPHA") >= 0, "with the slide's notes");
	screen_release(&sc);
	fx_type(&p, "G");
	screen_compose(&sc, &p, 80, 24);
	ok(strncmp(row_text(&sc, 23), " 5/5 ", 5) == 0, "G: the status line says 5/5");
	screen_release(&sc);
	fx_close(&p);
}

static void test_presenter(void)
{
	struct present_opts o = { .presenter = true };
	struct present p;
	fx_open(&p, "data/present.ini", &o);
	struct screen sc;
	screen_compose(&sc, &p, 100, 30);
	ok(find_row(&sc, "elapsed") == 0, "the timer line is the top row");
	is_int(sc.divider_col, 60, "the slide takes three fifths");
	is_int(sc.divider_top, 1, "the divider starts below the timer");
	is_int(sc.divider_rows, 28, "and runs down to the status line");
	int next = find_row(&sc, "Next:");
	ok(next >= 1 && strstr(row_text(&sc, (unsigned)next), "Bravo steps"),
	   "the next slide's title");
	int notes = find_row(&sc, "Notes");
	ok(notes > next, "the notes below the preview");
	ok(find_row(&sc, "NOTE-ALPHA") > notes, "with the notes");
	ok(strstr(row_text(&sc, 1), "─") != NULL, "labels end in a rule");
	screen_release(&sc);
	fx_type(&p, "l");
	screen_compose(&sc, &p, 100, 30);
	ok(find_row(&sc, "step 2 of 2") >= 0, "on a step: the next step is previewed");
	screen_release(&sc);
	screen_compose(&sc, &p, 70, 24);
	is_int(sc.divider_rows, 0, "below 80 columns the panes are stacked");
	ok(find_row(&sc, "Notes") > find_row(&sc, "Bravo steps"), "the notes under the slide");
	screen_release(&sc);
	fx_close(&p);
}

static void test_overlays(void)
{
	struct present p;
	fx_open(&p, "data/present.ini", NULL);
	fx_type(&p, "lo");
	struct screen sc;
	screen_compose(&sc, &p, 80, 24);
	ok(strstr(row_text(&sc, 0), "Slides (Enter opens, Escape closes)") != NULL,
	   "o: the overview");
	int cur = find_row(&sc, "Bravo steps");
	ok(cur > 0 && row_text(&sc, (unsigned)cur)[0] == '>', "the current slide is marked");
	ok(has_style(&sc, STYLE_STATUS, "Bravo steps"), "and selected");
	ok(find_row(&sc, "B1") >= 0 &&
		   strstr(row_text(&sc, (unsigned)find_row(&sc, "B1")), "backup"),
	   "a backup slide is numbered B1 and says so");
	screen_release(&sc);
	fx_type(&p, "\x1b?");
	screen_compose(&sc, &p, 80, 24);
	ok(strstr(row_text(&sc, 0), "lectern help") != NULL, "?: the help");
	ok(find_row(&sc, "[next]") >= 0, "names the actions as [keys] takes them");
	ok(sc.status, "the status line stays");
	screen_release(&sc);
	for (int i = 0; i < 200; i++)
		fx_type(&p, "j");
	screen_compose(&sc, &p, 80, 24);
	ok(find_row(&sc, "[open]") >= 0, "j to the end: the last action shows");
	ok(sc.help_scroll < p.nav.help_scroll, "the help's scroll is clamped on screen");
	unsigned clamped = sc.help_scroll;
	ok(p.nav.help_scroll != clamped, "and not written into the navigation by composing");
	present_accept(&p, &sc);
	is_int(p.nav.help_scroll, clamped, "present_accept() takes it back");
	screen_release(&sc);
	fx_type(&p, "k");
	screen_compose(&sc, &p, 80, 24);
	is_int(sc.help_scroll, clamped - 1, "so k scrolls up at once");
	screen_release(&sc);
	fx_type(&p, "\x1bm");
	screen_compose(&sc, &p, 80, 24);
	ok(strstr(row_text(&sc, 0), "Messages, newest last") != NULL, "m: the messages");
	screen_release(&sc);
	fx_close(&p);
}

static void test_prompts_search(void)
{
	struct present p;
	fx_open(&p, "data/present.ini", NULL);
	fx_type(&p, "/nee");
	struct screen sc;
	screen_compose(&sc, &p, 80, 24);
	is_str(row_text(&sc, 23), " search: nee_", "the search prompt on the status line");
	screen_release(&sc);
	fx_type(&p, "dle\n");
	screen_compose(&sc, &p, 80, 24);
	ok(strstr(row_text(&sc, 23), "/needle 1/1") != NULL, "the status line counts the hits");
	ok(strncmp(row_text(&sc, 23), " B1/1 ", 6) == 0, "on the backup slide");
	ok(has_style(&sc, STYLE_MATCH, "needle"), "the hit is marked");
	screen_release(&sc);
	fx_type(&p, "\x1b:");
	screen_compose(&sc, &p, 80, 24);
	is_str(row_text(&sc, 23), " go to slide (number or id): _", "the goto prompt");
	screen_release(&sc);
	fx_type(&p, "\x1bT");
	screen_compose(&sc, &p, 80, 24);
	is_str(row_text(&sc, 23), " restart the timer from zero? (y/n) _", "the restart prompt");
	screen_release(&sc);
	fx_close(&p);
}

static void test_blackout_small(void)
{
	struct present p;
	fx_open(&p, "data/present.ini", NULL);
	fx_type(&p, "b");
	struct screen sc;
	screen_compose(&sc, &p, 80, 24);
	is_int(sc.blank, BLANK_BLACK, "b: a black screen");
	is_int(sc.f->nruns, 0, "with nothing on it");
	ok(!sc.status, "not even the status line");
	screen_release(&sc);
	fx_type(&p, "xw");
	screen_compose(&sc, &p, 80, 24);
	is_int(sc.blank, BLANK_WHITE, "w: a white one");
	screen_release(&sc);
	fx_type(&p, "x");
	screen_compose(&sc, &p, 10, 5);
	ok(sc.too_small, "at 10x5 the screen is too small");
	ok(find_row(&sc, "too small,") >= 0, "and says so");
	ok(!sc.status, "without a status line");
	screen_release(&sc);
	fx_close(&p);
}

static void test_status_clock(void)
{
	struct present_opts o = { .clock = true };
	struct present p;
	fx_open(&p, "data/present.ini", &o);
	char hhmm[CLOCK_HHMM_LEN];
	clock_format_hhmm(p.wall_ms, hhmm);
	struct screen sc;
	screen_compose(&sc, &p, 80, 24);
	const char *st = row_text(&sc, 23);
	ok(strstr(st, hhmm) != NULL, "--clock: the wall clock on the status line");
	screen_release(&sc);
	fx_type(&p, "t");
	screen_compose(&sc, &p, 80, 24);
	ok(strstr(row_text(&sc, 23), "paused ") != NULL, "a paused timer says so by the clock");
	screen_release(&sc);
	fx_close(&p);
}

/* data/sections.ini: Alpha intro before the sections, "Start" from its
 * divider (slides 2-4), "芯片 section" from its divider (slides 5-9, a
 * backup among them). */
static void test_sections(void)
{
	struct present p;
	fx_open(&p, "data/sections.ini", NULL);
	struct screen sc;
	screen_compose(&sc, &p, 80, 24);
	ok(strstr(row_text(&sc, 23), "·") == NULL, "no section before the first");
	screen_release(&sc);
	nav_goto_index(&p.nav, 3);
	screen_compose(&sc, &p, 80, 24);
	ok(strncmp(row_text(&sc, 23), " 4/8 · Start ", 13) == 0,
	   "the status line: the section after the slide number");
	ok(strstr(row_text(&sc, 23), "Sections 测试") != NULL, "the deck's title still shows");
	screen_release(&sc);
	nav_goto_index(&p.nav, 7);
	screen_compose(&sc, &p, 80, 24);
	ok(strncmp(row_text(&sc, 23), " 7/8 · 芯片 section ", 23) == 0,
	   "and changes when the talk crosses into the next");
	screen_release(&sc);
	screen_compose(&sc, &p, 24, 8);
	const char *st = row_text(&sc, 7);
	ok(strncmp(st, " 7/8 · 芯片 se… ", 20) == 0, "a short line cuts the name");
	ok(layout_width(st, strlen(st)) <= 23, "within the line");
	screen_release(&sc);

	p.nav.presenter = true;
	nav_goto_index(&p.nav, 3);
	screen_compose(&sc, &p, 100, 30);
	int next = find_row(&sc, "Next:");
	ok(next >= 0 && strstr(row_text(&sc, (unsigned)next), "Next: § 芯片 section ─"),
	   "the presenter: the next slide opens a section (its title is the name)");
	ok(strstr(row_text(&sc, 29), "· Start") != NULL, "the presenter's status line");
	screen_release(&sc);
	nav_goto_index(&p.nav, 0);
	screen_compose(&sc, &p, 100, 30);
	next = find_row(&sc, "Next:");
	ok(next >= 0 && strstr(row_text(&sc, (unsigned)next), "Next: § Start ─"),
	   "from before the first section too");
	screen_release(&sc);
	nav_goto_index(&p.nav, 7);
	screen_compose(&sc, &p, 100, 30);
	next = find_row(&sc, "Next:");
	ok(next >= 0 && strstr(row_text(&sc, (unsigned)next), "Foxtrot end") &&
		   !strstr(row_text(&sc, (unsigned)next), "§"),
	   "no mark inside a section");
	screen_release(&sc);
	p.nav.presenter = false;

	nav_goto_index(&p.nav, 2);
	fx_type(&p, "o");
	screen_compose(&sc, &p, 80, 24);
	int h1 = find_row(&sc, "01 / 02  Start"), h2 = find_row(&sc, "02 / 02  芯片 section");
	ok(h1 == find_row(&sc, "Alpha intro") + 1 &&
		   strstr(row_text(&sc, (unsigned)h1 + 1), "2 Start"),
	   "the overview: a section's header before its first slide");
	ok(h2 > h1 && strstr(row_text(&sc, (unsigned)h2 + 1), "5 芯片 section"),
	   "the next one before its own");
	ok(has_style(&sc, STYLE_HEADER, "Start"), "headers in the header style");
	ok(has_style(&sc, STYLE_STATUS, "Bravo steps"), "the selection stays on the slide");
	screen_release(&sc);
	fx_type(&p, "jjjjjj");
	screen_compose(&sc, &p, 40, 9);
	ok(find_row(&sc, "Foxtrot end") >= 0 && has_style(&sc, STYLE_STATUS, "Foxtrot end"),
	   "a short overview scrolls to the selected slide");
	ok(find_row(&sc, "02 / 02") == 2 && strstr(row_text(&sc, 3), "5 芯片 section") &&
		   find_row(&sc, "Alpha intro") < 0,
	   "over rows of headers and slides");
	screen_release(&sc);
	fx_close(&p);
}

int main(void)
{
	tap_plan(65);
	test_slide_screen();
	test_presenter();
	test_overlays();
	test_prompts_search();
	test_blackout_small();
	test_status_clock();
	test_sections();
	return tap_done();
}
