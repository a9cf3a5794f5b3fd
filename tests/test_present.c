/* The presentation controller without a terminal: keys, console NAVs and
 * clock ticks on fake clocks, asserting on the state and the REACT_* flags:
 * the rule after a move (the talk starts, --auto stops, the timer follows
 * the slide), --auto, blackouts, search, goto, reload (the old deck stays
 * on errors) and a rehearsal's timer following the slide. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "present.h"
#include "present_fixture.h"
#include "screen.h"
#include "tap.h"

static const char *deck_dir;

/* Writes text to deck_dir/name; returns the path (static storage of the
 * test, overwritten by the next call). */
static const char *write_deck(const char *name, const char *text)
{
	static char path[512];
	snprintf(path, sizeof path, "%s/%s", deck_dir, name);
	FILE *f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
	return path;
}

static void test_keys_move_timer(void)
{
	struct present p;
	fx_open(&p, "data/present.ini", NULL);
	unsigned r = fx_type(&p, "l");
	ok(r & REACT_REDRAW, "next asks for a redraw");
	is_int(p.nav.cur, 1, "l moves to the second slide");
	is_int(p.timer.cur, 1, "the timer follows the slide");
	fx_advance(&p, 3000);
	is_int(timer_slide_ms(&p.timer, 1, p.now_ms), 3000, "time counts on the slide shown");
	is_int(timer_slide_ms(&p.timer, 0, p.now_ms), 0, "not on the slide left");
	fx_type(&p, "G");
	is_int(p.nav.cur, p.deck->nslides - 1, "G goes to the last slide");
	is_int(p.timer.cur, p.nav.cur, "the timer follows it there");
	fx_close(&p);
}

static void test_goto_search(void)
{
	struct present p;
	fx_open(&p, "data/present.ini", NULL);
	fx_type(&p, ":chart\n");
	is_str(p.deck->slides[p.nav.cur].id, "chart", "goto by id");
	is_int(p.timer.cur, p.nav.cur, "the timer follows goto");
	fx_type(&p, "3\n");
	is_str(p.deck->slides[p.nav.cur].id, "chinese", "a count then Enter goes to slide 3");
	fx_type(&p, "g/needle\n");
	ok(p.nav.searching, "a search is active");
	is_int(p.nav.nhits, 1, "one hit");
	is_str(p.deck->slides[p.nav.cur].id, "extra", "search reaches the backup slide");
	is_int(p.timer.cur, p.nav.cur, "the timer follows the search");
	fx_type(&p, "\x1b");
	ok(!p.nav.searching, "Escape ends the search");
	fx_close(&p);
}

static void test_blackout(void)
{
	struct present p;
	fx_open(&p, "data/present.ini", NULL);
	fx_type(&p, "b");
	is_int(p.nav.blank, BLANK_BLACK, "b blacks the screen");
	is_int(p.nav.cur, 0, "and moves nothing");
	fx_type(&p, "x");
	is_int(p.nav.blank, BLANK_NONE, "any key ends the blackout");
	fx_type(&p, "w");
	is_int(p.nav.blank, BLANK_WHITE, "w whites it");
	fx_close(&p);
}

static void test_auto(void)
{
	struct present_opts o = { .auto_adv = true };
	struct present p;
	fx_open(&p, "data/auto.ini", &o);
	ok(p.auto_adv, "--auto is on");
	fx_advance(&p, 1999);
	is_int(present_tick(&p), REACT_NONE, "nothing before the slide's plan is up");
	int w = present_wait_ms(&p);
	ok(w > 0 && w <= 6, "the wait ends when --auto is due");
	fx_advance(&p, 2);
	ok(present_tick(&p) & REACT_REDRAW, "the plan is up: a redraw");
	is_int(p.nav.cur, 1, "--auto shows the next slide");
	is_int(p.nav.step, 1, "fully revealed");
	is_int(p.timer.cur, 1, "the timer follows --auto");
	ok(p.auto_adv, "--auto goes on");
	fx_advance(&p, 2001);
	present_tick(&p);
	is_int(p.nav.cur, 2, "and on");
	fx_advance(&p, 2001);
	unsigned r = present_tick(&p);
	ok(r & REACT_END, "past the last slide: the end of the talk");
	ok(!p.auto_adv, "--auto stops there");
	is_str(p.nav.msg, "end of the talk: automatic advance off", "and says so");
	fx_close(&p);

	fx_open(&p, "data/auto.ini", &o);
	fx_type(&p, "x");
	ok(!p.auto_adv, "any key takes control back from --auto");
	is_str(p.nav.msg, "automatic advance off", "and says so");
	fx_advance(&p, 2500);
	is_int(present_tick(&p), REACT_NONE, "no advance after that");
	is_int(p.nav.cur, 0, "the slide stays");
	fx_close(&p);
}

static void test_remote_rule(void)
{
	struct present_opts o = { .auto_adv = true };
	struct present p;
	fx_open(&p, "data/auto.ini", &o);
	struct proto_nav m = { .action = "last" };
	ok(present_remote(&p, &m) & REACT_REDRAW, "a console's last redraws");
	is_int(p.nav.cur, 2, "and moves");
	is_int(p.timer.cur, 2, "the timer follows a console's move");
	ok(!p.auto_adv, "a console's move takes control back from --auto");
	is_str(p.nav.msg, "automatic advance off", "and says so");
	struct proto_nav t = { .action = "timer" };
	present_remote(&p, &t);
	is_int(p.timer.state, TIMER_PAUSED, "a console pauses the timer");
	fx_close(&p);
}

static void test_start_at(void)
{
	/* --start-at 23:59 local: the talk waits; a move starts it */
	struct present_opts o = { .has_start = true, .start_day_s = 23 * 3600 + 59 * 60 };
	struct present p;
	fx_open(&p, "data/present.ini", &o);
	ok(timer_waiting(&p.timer), "--start-at: the timer waits");
	fx_type(&p, "b");
	ok(timer_waiting(&p.timer), "a blackout starts nothing");
	fx_type(&p, "x");
	fx_type(&p, "l");
	ok(!timer_waiting(&p.timer), "a move starts the talk");
	is_int(p.timer.state, TIMER_RUNNING, "the timer runs");
	is_str(p.nav.msg, "timer started", "and says so");
	fx_close(&p);
}

static void test_reload(void)
{
	static const char good[] = "[deck]\ntitle = Reload\n\n[a]\ntitle = A\n\n[b]\ntitle = B\n";
	static const char more[] = "[deck]\ntitle = Reload\n\n[a]\ntitle = A\n\n[b]\ntitle = B\n"
				   "\n[c]\ntitle = C\n";
	static const char bad[] = "[deck]\ntitle = Reload\n\n[a]\ntitel = A\n";
	const char *path = write_deck("reload.ini", good);
	char *keep = strdup(path);
	struct present p;
	fx_open(&p, keep, NULL);
	fx_type(&p, "l");
	struct deck *old = p.deck;
	write_deck("reload.ini", bad);
	unsigned r = fx_type(&p, "r");
	ok(r & REACT_RELOAD, "r reloads");
	ok(p.deck == old, "a deck with errors is not taken: the old one stays");
	ok(strncmp(p.nav.msg, "not reloaded: ", 14) == 0, "the status line says why");
	ok(p.nav.msg_warn, "as a warning");
	is_int(p.nav.cur, 1, "the slide stays");
	write_deck("reload.ini", more);
	fx_type(&p, "r");
	is_int(p.deck->nslides, 3, "a good deck replaces it");
	ok(strncmp(p.nav.msg, "reloaded", 8) == 0, "and says so");
	is_int(p.nav.cur, 1, "on the same slide");
	is_int(p.timer.nslides, 3, "the timer knows the new slides");
	fx_close(&p);

	/* --watch: the changed file is seen at the next poll */
	struct present_opts o = { .watch = true };
	write_deck("reload.ini", good);
	fx_open(&p, keep, &o);
	is_int(present_tick(&p), REACT_NONE, "--watch: nothing changed");
	write_deck("reload.ini", more);
	fx_advance(&p, 100);
	is_int(present_tick(&p), REACT_NONE, "not polled again before 500 ms");
	fx_advance(&p, 500);
	ok(present_tick(&p) & REACT_REDRAW, "polled: the change redraws");
	is_int(p.deck->nslides, 3, "--watch reloaded the deck");
	fx_close(&p);
	unlink(keep);
	free(keep);
}

static void test_rehearse(void)
{
	struct present_opts o = { .rehearse = true };
	struct present p;
	fx_open(&p, "data/present.ini", &o);
	ok(p.nav.presenter, "a rehearsal is in the presenter layout");
	fx_type(&p, "P");
	ok(p.nav.presenter, "and keeps it");
	is_str(p.nav.msg, "a rehearsal keeps the presenter layout", "saying so");
	fx_advance(&p, 4000);
	fx_type(&p, "l");
	fx_advance(&p, 1000);
	fx_type(&p, "l"); /* the second step of slide 2 */
	fx_advance(&p, 2000);
	fx_type(&p, "h");
	fx_type(&p, "h");
	fx_advance(&p, 500);
	is_int(timer_slide_ms(&p.timer, 0, p.now_ms), 4500, "slide 1: both visits add up");
	is_int(timer_slide_ms(&p.timer, 1, p.now_ms), 3000, "slide 2: steps count as the slide");
	is_int(p.timer.slides[0].visits, 2, "slide 1 was visited twice");
	fx_type(&p, "t");
	is_int(p.timer.state, TIMER_PAUSED, "t pauses");
	fx_advance(&p, 9000);
	is_int(timer_slide_ms(&p.timer, 0, p.now_ms), 4500, "a paused timer counts nothing");
	fx_type(&p, "T");
	is_int(p.nav.prompt, PROMPT_RESTART, "T asks first");
	fx_type(&p, "y");
	is_int(timer_elapsed_ms(&p.timer, p.now_ms), 0, "y restarts from zero");
	is_str(p.nav.msg, "rehearsal restarted", "said as a rehearsal's");
	unsigned r = fx_type(&p, "\x03");
	ok(r & REACT_QUIT, "Ctrl-C quits");
	ok(p.interrupted, "as interrupted");
	fx_close(&p);
}

static void test_wait(void)
{
	struct present p;
	fx_open(&p, "data/present.ini", NULL);
	is_int(present_wait_ms(&p), -1, "a slide screen waits for input: nothing on it moves");
	fx_type(&p, "P");
	int w = present_wait_ms(&p);
	ok(w > 0 && w <= 1005, "the presenter layout wakes for its next second");
	fx_advance(&p, 700);
	fx_type(&p, " ");
	fx_advance(&p, 500);
	uint64_t e = timer_elapsed_ms(&p.timer, p.now_ms);
	uint64_t sl = timer_slide_ms(&p.timer, p.timer.cur, p.now_ms);
	ok(p.timer.state == TIMER_RUNNING && sl % 1000 > e % 1000,
	   "(the timer runs, and the slide's second turns before the talk's)");
	is_int(present_wait_ms(&p), (int)(1000 - e % 1000 + 5),
	       "it wakes once a second, when the talk's second turns");
	fx_close(&p);
	struct present_opts o = { .clock = true };
	fx_open(&p, "data/present.ini", &o);
	fx_advance(&p, 2500);
	w = present_wait_ms(&p);
	ok(w > 1005 && w <= 60005, "the status line's clock wakes for its next minute");
	fx_close(&p);
	struct present_opts ow = { .watch = true };
	fx_open(&p, "data/present.ini", &ow);
	is_int(present_wait_ms(&p), 500, "--watch polls the file twice a second");
	fx_close(&p);
}

static void test_suspend(void)
{
	struct present p;
	fx_open(&p, "data/present.ini", NULL);
	present_suspend(&p);
	is_int(p.timer.state, TIMER_PAUSED, "Ctrl-Z pauses the timer");
	fx_advance(&p, 5000);
	present_wake(&p);
	is_int(p.timer.state, TIMER_RUNNING, "the next pass resumes it");
	is_int(timer_elapsed_ms(&p.timer, p.now_ms), 0, "the time away does not count");
	fx_close(&p);
}

/* Whether a run of the screen's frame starts with text. */
static bool screen_row_has(const struct screen *sc, const char *text)
{
	const struct frame *f = sc->f;
	for (unsigned r = 0; r < f->nrows; r++)
		for (size_t k = f->rows[r].first; k < f->rows[r].first + f->rows[r].n; k++)
			if (f->runs[k].len >= strlen(text) &&
			    memcmp(f->runs[k].text, text, strlen(text)) == 0)
				return true;
	return false;
}

/* The code blocks' shift: '>' and '<' move it by 8 on the slide shown,
 * within its widest line, the screen passes it to the layout, and it is
 * back to 0 on another slide. The deck's first slide is given a code
 * block by hand (the loader does not read them yet). */
static void test_hscroll(void)
{
	static const char *lines[] = {
		"0123456789abcdefghij0123456789abcdefghij0123456789abcdefghij", "short"
	};
	struct item code = { .kind = ITEM_CODE, .text = "", .lines = lines, .nlines = 2 };
	struct present p;
	fx_open(&p, "data/present.ini", NULL);
	struct slide *s0 = &p.deck->slides[0];
	struct item *items = s0->items;
	size_t nitems = s0->nitems;
	unsigned nsteps = s0->nsteps;
	s0->items = &code;
	s0->nitems = 1;
	s0->nsteps = 1;
	is_int(present_hscroll(&p), 0, "code starts unshifted");
	unsigned r = fx_type(&p, ">");
	ok(r & REACT_REDRAW, "> asks for a redraw");
	is_int(present_hscroll(&p), 8, "> shifts code by 8 columns");
	is_int(p.nav.cur, 0, "and moves no slide");
	fx_type(&p, ">>>>>>>>");
	is_int(present_hscroll(&p), 58, "no further than the widest line's width - 2 (60 - 2)");
	fx_type(&p, "<");
	is_int(present_hscroll(&p), 50, "< shifts back by 8");
	struct screen sc;
	screen_compose(&sc, &p, 40, 12);
	ok(screen_row_has(&sc, "←"), "the screen lays the slide out shifted: the left mark shows");
	screen_release(&sc);
	fx_type(&p, "<<<<<<<");
	is_int(present_hscroll(&p), 0, "never below 0");
	screen_compose(&sc, &p, 40, 12);
	ok(!screen_row_has(&sc, "←") && screen_row_has(&sc, "0123"), "unshifted: no left mark");
	screen_release(&sc);
	fx_type(&p, ">");
	fx_type(&p, "l");
	is_int(p.nav.cur, 1, "l goes to the next slide");
	is_int(present_hscroll(&p), 0, "the next slide starts unshifted");
	fx_type(&p, "h");
	is_int(present_hscroll(&p), 0, "back on the first slide: unshifted again");
	fx_type(&p, "l>");
	is_int(present_hscroll(&p), 0, "a slide without code does not shift");
	s0->items = items;
	s0->nitems = nitems;
	s0->nsteps = nsteps;
	fx_close(&p);
}

int main(void)
{
	char tmpl[] = "/tmp/lectern-test-present-XXXXXX";
	deck_dir = mkdtemp(tmpl);
	if (!deck_dir) {
		printf("Bail out! mkdtemp\n");
		return 1;
	}
	tap_plan(94);
	test_keys_move_timer();
	test_goto_search();
	test_blackout();
	test_auto();
	test_remote_rule();
	test_start_at();
	test_reload();
	test_rehearse();
	test_suspend();
	test_wait();
	test_hscroll();
	rmdir(deck_dir);
	return tap_done();
}
