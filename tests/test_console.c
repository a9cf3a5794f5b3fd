/* The two-terminal mode's pure part: which actions a console may trigger,
 * the STATE the presenting process builds and when it differs, a console's
 * NAV applied to the presentation (movement, goto, blackouts, the timer,
 * refused actions, overlays, a pending count), a console following a
 * STATE (by index, by id, clamped), a console's keys turned into NAVs or
 * kept local, extrapolated times and the console's timer line. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "console.h"
#include "tap.h"

static struct item steps_items[] = {
	{ .kind = ITEM_BULLET, .step = 0, .text = "one" },
	{ .kind = ITEM_BULLET, .step = 1, .text = "two" },
};

static struct slide slides[] = {
	{ .id = "intro", .title = "Intro", .time_s = 60, .nsteps = 1 },
	{ .id = "steps",
	  .title = "Steps",
	  .time_s = 60,
	  .nsteps = 2,
	  .items = steps_items,
	  .nitems = 2 },
	{ .id = "extra", .title = "Extra", .time_s = 30, .backup = true, .nsteps = 1 },
	{ .id = "end", .title = "End", .time_s = 60, .nsteps = 1 },
};
static struct deck deck = { .path = "talk.ini",
			    .meta = { .id = "talk", .title = "Talk" },
			    .slides = slides,
			    .nslides = 4 };

static struct proto_nav nav_msg(const char *action)
{
	struct proto_nav m;
	memset(&m, 0, sizeof m);
	proto_copy_text(m.action, sizeof m.action, action);
	return m;
}

static struct proto_nav goto_msg(uint32_t index)
{
	struct proto_nav m = nav_msg("goto");
	m.has_index = true;
	m.index = index;
	return m;
}

static void test_allowed(void)
{
	enum action yes[] = { ACTION_NEXT, ACTION_PREV,  ACTION_FIRST, ACTION_LAST,
			      ACTION_GOTO, ACTION_BLACK, ACTION_WHITE, ACTION_TIMER };
	enum action no[] = { ACTION_NONE,        ACTION_QUIT,        ACTION_RELOAD,
			     ACTION_SUSPEND,     ACTION_RESTART,     ACTION_HELP,
			     ACTION_OVERVIEW,    ACTION_SEARCH,      ACTION_NOTES,
			     ACTION_PRESENTER,   ACTION_SCROLL_DOWN, ACTION_OPEN,
			     ACTION_SEARCH_NEXT, ACTION_REDRAW,      ACTION_CLOSE };
	bool all = true;
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
		all = all && console_remote_allowed(yes[i]);
	ok(all, "movement, goto, blackouts and the timer are allowed");
	bool none = true;
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
		if (console_remote_allowed(no[i])) {
			none = false;
			printf("#   allowed: %s\n", action_name(no[i]));
		}
	ok(none, "quit, reload, suspend, restart and overlays are not");
}

static void test_apply(void)
{
	struct nav n;
	nav_init(&n, &deck);
	struct proto_nav m = nav_msg("next");
	is_int(console_apply(&n, &m), REACT_REDRAW, "next: redraw");
	is_int(n.cur, 1, "next moves to slide 2");
	console_apply(&n, &m);
	is_int(n.step, 1, "next reveals the step");
	console_apply(&n, &m);
	is_int(n.cur, 3, "next skips the backup slide");
	is_int(console_apply(&n, &m), REACT_REDRAW, "next on the last slide: no REACT_END");
	is_int(n.cur, 3, "and stays");
	m = nav_msg("prev");
	console_apply(&n, &m);
	is_int(n.cur, 1, "prev goes back over the backup slide");
	is_int(n.step, 1, "fully revealed");
	m = goto_msg(2);
	is_int(console_apply(&n, &m), REACT_REDRAW, "goto index 2");
	is_int(n.cur, 2, "reaches the backup slide");
	m = goto_msg(4);
	is_int(console_apply(&n, &m), REACT_NONE, "goto past the deck does nothing");
	is_int(n.cur, 2, "and stays");
	m = nav_msg("goto");
	is_int(console_apply(&n, &m), REACT_NONE, "goto without an index does nothing");
	const char *refused[] = { "quit", "reload", "suspend", "restart", "help", "bogus", "" };
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		char what[64];
		m = nav_msg(refused[i]);
		snprintf(what, sizeof what, "'%s' from a console does nothing", refused[i]);
		is_int(console_apply(&n, &m), REACT_NONE, what);
	}
	ok(n.cur == 2 && n.overlay == OVERLAY_NONE, "nothing moved or opened");
	m = nav_msg("first");
	console_apply(&n, &m);
	is_int(n.cur, 0, "first");
	m = nav_msg("last");
	console_apply(&n, &m);
	is_int(n.cur, 3, "last");

	m = nav_msg("black");
	console_apply(&n, &m);
	is_int(n.blank, BLANK_BLACK, "black blanks the screen");
	m = nav_msg("timer");
	is_int(console_apply(&n, &m), REACT_REDRAW | REACT_TIMER, "timer asks for REACT_TIMER");
	is_int(n.blank, BLANK_BLACK, "and leaves the blackout");
	m = nav_msg("prev");
	console_apply(&n, &m);
	ok(n.blank == BLANK_NONE && n.cur == 3, "a move ends the blackout without moving");
	m = nav_msg("white");
	console_apply(&n, &m);
	is_int(n.blank, BLANK_WHITE, "white");
	m = nav_msg("white");
	console_apply(&n, &m);
	is_int(n.blank, BLANK_NONE, "white again ends it");

	n.overlay = OVERLAY_HELP;
	m = nav_msg("first");
	console_apply(&n, &m);
	ok(n.cur == 0 && n.overlay == OVERLAY_NONE, "a move closes the help and moves the slide");
	n.overlay = OVERLAY_OVERVIEW;
	m = nav_msg("next");
	console_apply(&n, &m);
	ok(n.cur == 1 && n.overlay == OVERLAY_NONE, "and the overview");
	n.has_count = true;
	n.count = 3;
	m = nav_msg("prev");
	console_apply(&n, &m);
	is_int(n.cur, 0, "a count typed in the presenting terminal is not used");
	ok(n.has_count && n.count == 3, "but kept for its next key");
	nav_release(&n);
}

static void test_state(void)
{
	struct nav n;
	nav_init(&n, &deck);
	struct timer t;
	timer_init(&t, &deck);
	struct proto_state st;
	console_state_make(&st, &n, &t, 1000, 0);
	ok(st.slide == 0 && st.nslides == 4 && st.step == 0 && st.nsteps == 1,
	   "an idle presentation: slide 1 of 4");
	is_str(st.slide_id, "intro", "the slide id");
	is_int(st.timer, PROTO_TIMER_IDLE, "the timer is idle");
	is_int(st.pace, PROTO_PACE_NONE, "no pace before the start");
	ok(st.has_remaining && st.remaining_ms == 180000, "remaining: the planned 3 min");
	timer_start(&t, 0, 1000, 0);
	n.cur = 1;
	n.step = 1;
	timer_enter_slide(&t, 1, 21000);
	n.blank = BLANK_WHITE;
	console_state_make(&st, &n, &t, 26000, 0);
	ok(st.slide == 1 && st.step == 1 && st.nsteps == 2, "slide 2, step 2 of 2");
	is_int(st.timer, PROTO_TIMER_RUNNING, "running");
	is_int(st.elapsed_ms, 25000, "elapsed 25 s");
	is_int(st.slide_ms, 5000, "5 s on the slide");
	is_int(st.remaining_ms, 155000, "155 s left");
	is_int(st.pace, PROTO_PACE_ON_PLAN, "on plan");
	is_int(st.blank, PROTO_BLANK_WHITE, "white screen");
	timer_enter_slide(&t, 0, 27000);
	timer_enter_slide(&t, 1, 28000);
	console_state_make(&st, &n, &t, 30000, 0);
	is_int(st.slide_ms, 8000, "slide time adds up over the visits");
	timer_pause(&t, 30000);
	struct proto_state st2;
	console_state_make(&st2, &n, &t, 90000, 0);
	is_int(st2.timer, PROTO_TIMER_PAUSED, "paused");
	ok(console_state_differs(&st, &st2), "pausing is a difference");
	st2.timer = st.timer;
	ok(!console_state_differs(&st, &st2), "times alone are not");
	st2.seq = 99;
	ok(!console_state_differs(&st, &st2), "nor is seq");
	st2.step = 0;
	ok(console_state_differs(&st, &st2), "the step is");
	st2 = st;
	st2.blank = PROTO_BLANK_NONE;
	ok(console_state_differs(&st, &st2), "the blackout is");
	st2 = st;
	st2.slide_id[0] = 'x';
	ok(console_state_differs(&st, &st2), "the slide id is");
	timer_release(&t);
	nav_release(&n);
}

static void test_follow(void)
{
	struct nav n;
	nav_init(&n, &deck);
	struct proto_state st;
	memset(&st, 0, sizeof st);
	st.slide = 1;
	st.step = 1;
	strcpy(st.slide_id, "steps");
	n.notes_scroll = 5;
	ok(console_follow(&n, &st), "a new slide is a change");
	ok(n.cur == 1 && n.step == 1, "by index");
	is_int(n.notes_scroll, 0, "the notes scroll resets");
	n.notes_scroll = 2;
	ok(!console_follow(&n, &st), "the same state is no change");
	is_int(n.notes_scroll, 2, "and keeps the scroll");
	ok(!n.reveal, "a new slide shown at a step is no reveal");
	st.step = 0;
	console_follow(&n, &st);
	st.step = 1;
	console_follow(&n, &st);
	ok(n.reveal, "the presenter revealing a step is a reveal: it comes into view (issue 15)");
	st.slide = 0;
	strcpy(st.slide_id, "END");
	st.step = 7;
	console_follow(&n, &st);
	ok(n.cur == 3 && n.step == 0, "by id when the index has another slide; step clamped");
	st.slide = 9;
	strcpy(st.slide_id, "gone");
	console_follow(&n, &st);
	is_int(n.cur, 3, "an unknown id past the deck clamps to the last slide");
	st.slide = 2;
	console_follow(&n, &st);
	is_int(n.cur, 2, "an unknown id takes the index");
	n.blank = BLANK_NONE;
	st.blank = PROTO_BLANK_BLACK;
	console_follow(&n, &st);
	is_int(n.blank, BLANK_NONE, "the blackout is not copied");
	nav_release(&n);
}

/* Feeds a key to console_input; returns whether something was sent. */
static bool press(struct nav *n, const struct keymap *km, struct key k, struct proto_nav *out,
		  unsigned *r)
{
	bool send;
	*r = console_input(n, km, k, out, &send);
	return send;
}

static void test_input(void)
{
	struct keymap km;
	keymap_init_default(&km);
	struct nav n;
	nav_init(&n, &deck);
	n.presenter = true;
	struct proto_nav out;
	unsigned r;
	ok(press(&n, &km, key_char('l'), &out, &r), "l is sent");
	is_str(out.action, "next", "as next");
	ok(!out.has_index, "without an index");
	is_int(n.cur, 0, "and not applied locally");
	ok(press(&n, &km, key_sym(KEYSYM_LEFT), &out, &r), "Left is sent");
	is_str(out.action, "prev", "as prev");
	ok(press(&n, &km, key_char('G'), &out, &r) && strcmp(out.action, "last") == 0,
	   "G is sent as last");
	ok(press(&n, &km, key_char('b'), &out, &r) && strcmp(out.action, "black") == 0,
	   "b is sent as black");
	is_int(n.blank, BLANK_NONE, "the console is not blanked");
	ok(press(&n, &km, key_char('t'), &out, &r) && strcmp(out.action, "timer") == 0,
	   "t is sent as timer");
	is_int(r & REACT_TIMER, 0, "and no local REACT_TIMER");

	ok(!press(&n, &km, key_char('3'), &out, &r), "a digit is not sent");
	ok(press(&n, &km, key_sym(KEYSYM_ENTER), &out, &r), "3 Enter is sent");
	ok(strcmp(out.action, "goto") == 0 && out.has_index && out.index == 3,
	   "as goto index 3 (main slide 3, after the backup slide)");
	is_int(n.cur, 0, "not applied locally");
	ok(!press(&n, &km, key_char('2'), &out, &r), "2");
	ok(press(&n, &km, key_char('l'), &out, &r) && out.has_index && out.index == 3,
	   "2l is sent as a goto (two slides on, over the backup)");
	ok(!n.has_count, "the count is used up");

	ok(!press(&n, &km, key_char(':'), &out, &r), "':' opens the prompt locally");
	is_int(n.prompt, PROMPT_GOTO, "the goto prompt");
	press(&n, &km, key_char('e'), &out, &r);
	press(&n, &km, key_char('n'), &out, &r);
	press(&n, &km, key_char('d'), &out, &r);
	ok(press(&n, &km, key_sym(KEYSYM_ENTER), &out, &r) && out.has_index && out.index == 3,
	   ":end Enter is sent as goto index 3");
	is_int(n.cur, 0, "not applied locally");

	ok(!press(&n, &km, key_char('?'), &out, &r), "? is local");
	is_int(n.overlay, OVERLAY_HELP, "the help opens");
	ok(!press(&n, &km, key_char('l'), &out, &r), "l in the help is local");
	is_int(n.help_scroll, 1, "it scrolls the help");
	ok(press(&n, &km, key_char('b'), &out, &r) && strcmp(out.action, "black") == 0,
	   "b in the help is still sent");
	ok(n.blank == BLANK_NONE && n.overlay == OVERLAY_NONE, "and leaves the help, unblanked");

	ok(!press(&n, &km, key_char('o'), &out, &r), "o opens the overview locally");
	press(&n, &km, key_char('j'), &out, &r);
	ok(press(&n, &km, key_sym(KEYSYM_ENTER), &out, &r) && out.index == 1,
	   "j Enter in the overview is sent as goto index 1");
	ok(n.cur == 0 && n.overlay == OVERLAY_NONE, "the overview closes, the slide stays");

	n.notes_scroll = 0;
	ok(!press(&n, &km, key_char('J'), &out, &r), "J is local");
	is_int(n.notes_scroll, 1, "it scrolls the notes");
	ok(!press(&n, &km, key_char('T'), &out, &r), "T is not sent");
	ok(n.prompt == PROMPT_NONE && strstr(n.msg, "presenting terminal"),
	   "no prompt; a message says where to restart");
	ok(!press(&n, &km, key_char('r'), &out, &r), "r is not sent");
	ok(!(r & REACT_RELOAD) && strstr(n.msg, "reload"), "no reload; a message says where");
	ok(!press(&n, &km, key_char('q'), &out, &r), "q is not sent");
	ok(r & REACT_QUIT, "q quits the console");
	ok(!press(&n, &km, key_char(26), &out, &r) && (r & REACT_SUSPEND), "Ctrl-Z suspends it");
	nav_release(&n);
	keymap_release(&km);
}

/* The parts joined by " | ". */
static void joined(const struct timerline *tl, char *buf, size_t cap)
{
	buf[0] = 0;
	for (size_t i = 0; i < tl->n; i++) {
		if (i)
			strncat(buf, " | ", cap - strlen(buf) - 1);
		strncat(buf, tl->parts[i].text, cap - strlen(buf) - 1);
	}
}

static void test_times(void)
{
	struct proto_state st;
	memset(&st, 0, sizeof st);
	st.timer = PROTO_TIMER_RUNNING;
	st.elapsed_ms = 10000;
	st.slide_ms = 4000;
	st.has_remaining = true;
	st.remaining_ms = 1000;
	struct console_times tm = console_times(&st, true, 500, 3500);
	ok(tm.elapsed_ms == 13000 && tm.slide_ms == 7000 && tm.remaining_ms == -2000,
	   "running: the times advance since the STATE came");
	tm = console_times(&st, false, 500, 3500);
	ok(tm.elapsed_ms == 10000 && tm.remaining_ms == 1000, "not while disconnected");
	tm = console_times(&st, true, 500, 100);
	is_int(tm.elapsed_ms, 10000, "nor with a clock before the STATE");
	st.timer = PROTO_TIMER_PAUSED;
	tm = console_times(&st, true, 500, 3500);
	is_int(tm.elapsed_ms, 10000, "nor while paused");

	char buf[512];
	struct timerline tl;
	memset(&st, 0, sizeof st);
	st.slide = 1;
	strcpy(st.slide_id, "steps");
	st.timer = PROTO_TIMER_RUNNING;
	st.elapsed_ms = 95000;
	st.slide_ms = 30000;
	st.has_remaining = true;
	st.remaining_ms = 85000;
	tm = console_times(&st, true, 0, 0);
	console_timerline(&tl, &st, &deck, &tm, (14u * 3600u + 5u * 60u + 9u) * 1000u);
	joined(&tl, buf, sizeof buf);
	is_str(buf, "14:05:09 | elapsed 1:35 | slide 0:30/1:00 | left 1:25 | behind by 5 s",
	       "the timer line of a running talk");
	tm = console_times(&st, true, 0, 40000);
	console_timerline(&tl, &st, &deck, &tm, 0);
	joined(&tl, buf, sizeof buf);
	is_str(buf, "00:00:00 | elapsed 2:15 | slide 1:10/1:00 over | left 0:45 | behind by 15 s",
	       "40 s later, extrapolated: the slide is over its time");
	is_int(tl.parts[2].style, STYLE_WARNING, "the slide warning style");
	tm = console_times(&st, true, 0, 200000);
	console_timerline(&tl, &st, &deck, &tm, 0);
	joined(&tl, buf, sizeof buf);
	ok(strstr(buf, "over 1:55") != NULL, "over time");
	is_int(tl.parts[tl.n - 1].style, STYLE_PACE_OVER, "the pace says overtime");
	st.timer = PROTO_TIMER_PAUSED;
	st.blank = PROTO_BLANK_BLACK;
	st.slide_ms = 10000;
	st.elapsed_ms = 50000;
	tm = console_times(&st, true, 0, 9000);
	console_timerline(&tl, &st, &deck, &tm, 0);
	joined(&tl, buf, sizeof buf);
	is_str(buf,
	       "BLACK SCREEN | 00:00:00 | elapsed 0:50 | PAUSED | slide 0:10/1:00 | left 1:25 | "
	       "ahead by 20 s",
	       "paused and blanked: not extrapolated, ahead of the plan");
	is_int(tl.parts[0].rank, 0, "the blackout marker goes first");
	st.timer = PROTO_TIMER_IDLE;
	st.blank = PROTO_BLANK_NONE;
	st.has_remaining = false;
	tm = console_times(&st, true, 0, 0);
	console_timerline(&tl, &st, &deck, &tm, 0);
	joined(&tl, buf, sizeof buf);
	is_str(buf, "00:00:00 | elapsed 0:50 | slide 0:10/1:00", "idle: no pace, no remaining");
}

/* --start-at: the presenter's countdown reaches the console and keeps going
 * down there between STATEs. */
static void test_countdown(void)
{
	struct nav n;
	nav_init(&n, &deck);
	struct timer t;
	timer_init(&t, &deck);
	timer_start_at(&t, 600000, 0, 1000, 420000);
	struct proto_state st, st2;
	console_state_make(&st, &n, &t, 1000, 420000);
	ok(st.has_starts_in && st.starts_in_ms == 180000, "waiting: starts in 3 min");
	is_int(st.timer, PROTO_TIMER_IDLE, "with the timer idle");
	struct console_times tm = console_times(&st, true, 5000, 65500);
	is_int(tm.starts_in_ms, 119500, "60.5 s later the console counts 119.5 s");
	char buf[512];
	struct timerline tl;
	console_timerline(&tl, &st, &deck, &tm, 0);
	joined(&tl, buf, sizeof buf);
	ok(strstr(buf, "starts in 2:00") != NULL, "and shows 'starts in 2:00' (rounded up)");
	is_int(tl.parts[tl.n - 1].style, STYLE_WARNING, "in the warning style");
	tm = console_times(&st, false, 5000, 65500);
	is_int(tm.starts_in_ms, 180000, "not counted down while disconnected");
	tm = console_times(&st, true, 5000, 500000);
	is_int(tm.starts_in_ms, 0, "never below zero");
	timer_start_due(&t, 0, 2000, 430000, true);
	console_state_make(&st2, &n, &t, 2000, 430000);
	ok(!st2.has_starts_in, "once started, no countdown");
	ok(console_state_differs(&st, &st2), "and the start is a difference");
	tm = console_times(&st2, true, 0, 0);
	console_timerline(&tl, &st2, &deck, &tm, 0);
	joined(&tl, buf, sizeof buf);
	ok(strstr(buf, "starts in") == NULL, "the timer line no longer counts down");
	timer_release(&t);
	nav_release(&n);
}

/* A key the console could not send says so until the console is connected
 * again, then the stale message goes (issue 15); other messages stay. */
static void test_not_sent(void)
{
	struct nav n;
	nav_init(&n, &deck);
	struct proto_nav m;
	memset(&m, 0, sizeof m);
	strcpy(m.action, "next");
	console_not_sent(&n, &m);
	is_str(n.msg, "not connected: 'next' was not sent", "the key was not sent");
	ok(n.msg_warn, "as a warning");
	console_reconnected(&n);
	is_str(n.msg, "", "connected again: the stale message is cleared");
	ok(!n.msg_warn, "and the warning flag with it");
	nav_message(&n, false, "restart the timer in the presenting terminal");
	console_reconnected(&n);
	is_str(n.msg, "restart the timer in the presenting terminal",
	       "any other message stays on reconnection");
	nav_release(&n);
}

/* The where column of ACTION_LIST against the actions a console could
 * send before the column existed, written out here: every action is
 * asked, so a row that changes its column, or a new REMOTE row, fails. */
static void test_remote_column(void)
{
	static const char *const remote[] = { "next", "prev",  "first", "last",
					      "goto", "black", "white", "timer" };
	enum { NREMOTE = sizeof remote / sizeof remote[0] };
	bool listed[ACTION_COUNT] = { false };
	size_t found = 0;
	for (size_t i = 0; i < NREMOTE; i++) {
		enum action a = action_from_name(remote[i]);
		if (a != ACTION_NONE && !listed[a]) {
			listed[a] = true;
			found++;
		}
	}
	is_int(found, NREMOTE, "the list names eight distinct actions");
	size_t wrong = 0;
	for (int a = 0; a < ACTION_COUNT; a++)
		if (console_remote_allowed((enum action)a) != listed[a]) {
			printf("#   %s: allowed %d, listed %d\n", action_name((enum action)a),
			       console_remote_allowed((enum action)a), listed[a]);
			wrong++;
		}
	is_int(wrong, 0, "a console may send exactly the listed actions, of all of them");
	ok(!console_remote_allowed(ACTION_COUNT) && !console_remote_allowed((enum action) - 1),
	   "nothing outside the table");
}

int main(void)
{
	tap_plan(136);
	test_not_sent();
	test_allowed();
	test_remote_column();
	test_apply();
	test_state();
	test_follow();
	test_input();
	test_times();
	test_countdown();
	return tap_done();
}
