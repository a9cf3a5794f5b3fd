/* Navigation state: every action, counts, backup skipping, goto, search,
 * reveal steps, overlays and reload mapping, on decks built in C. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keymap.h"
#include "nav.h"
#include "tap.h"

static struct item items_problem[] = {
	{ .kind = ITEM_TEXT, .step = 0, .text = "A clean build took forever." },
	{ .kind = ITEM_BULLET, .step = 1, .text = "60% recompiles" },
	{ .kind = ITEM_BULLET, .step = 2, .text = "41 minutes in January" },
};
static struct bar bars_result[] = { { "January", 41, "41" }, { "March", 6.3, "6.3" } };
static struct item items_result[] = {
	{ .kind = ITEM_BULLET, .text = "ccache saves time" },
	{ .kind = ITEM_CHART, .text = "Median build", .bars = bars_result, .nbars = 2 },
};
static struct item items_cn[] = { { .kind = ITEM_TEXT, .text = "算力需求每年翻倍" } };
static const char *notes_intro[] = { "Greet the room." };
static const char *notes_extra[] = { "Only if someone asks about the long tail." };

#define SLIDE(i, t) .id = (i), .title = (t) /* nsteps 0 counts as 1 */

static struct slide slides[] = {
	{ SLIDE("intro", "Welcome"), .notes = notes_intro, .nnotes = 1 },
	{ SLIDE("problem", "Where the time went"), .items = items_problem, .nitems = 3,
	  .nsteps = 3 },
	{ SLIDE("extra", "Raw numbers"), .backup = true, .notes = notes_extra, .nnotes = 1 },
	{ SLIDE("result", "What one quarter bought"), .items = items_result, .nitems = 2 },
	{ SLIDE("cn", "中文标题"), .items = items_cn, .nitems = 1 },
	{ SLIDE("end", "Thanks") },
	{ SLIDE("appendix", "Appendix: ccache config"), .backup = true },
};

static struct deck deck = { .path = "t.ini", .slides = slides, .nslides = 7 };

static struct keymap km;

static unsigned type(struct nav *n, const char *keys)
{
	unsigned r = 0;
	for (const char *p = keys; *p; p++) {
		struct key k = key_char((unsigned char)*p);
		if (*p == '\n')
			k = key_sym(KEYSYM_ENTER);
		else if (*p == 27)
			k = key_sym(KEYSYM_ESCAPE);
		else if (*p == '\t')
			k = key_sym(KEYSYM_TAB);
		else if (*p == '\b')
			k = key_sym(KEYSYM_BACKSPACE);
		r |= nav_input(n, &km, k);
	}
	return r;
}

static void test_next_prev(void)
{
	struct nav n;
	nav_init(&n, &deck);
	is_int(n.cur, 0, "starts on slide 1");
	is_int(nav_apply(&n, ACTION_NEXT), REACT_REDRAW, "next asks for a redraw");
	is_int(n.cur, 1, "next goes to slide 2");
	is_int(n.step, 0, "at step 0");
	nav_apply(&n, ACTION_NEXT);
	is_int(n.cur * 10 + n.step, 11, "next reveals step 1");
	nav_apply(&n, ACTION_NEXT);
	is_int(n.cur * 10 + n.step, 12, "next reveals step 2");
	nav_apply(&n, ACTION_NEXT);
	is_int(n.cur * 10 + n.step, 30, "next skips the backup slide 3");
	nav_apply(&n, ACTION_PREV);
	is_int(n.cur * 10 + n.step, 12, "prev skips the backup and shows all steps");
	nav_apply(&n, ACTION_PREV);
	is_int(n.cur * 10 + n.step, 11, "prev hides a step");
	nav_apply(&n, ACTION_PREV);
	is_int(n.cur * 10 + n.step, 10, "prev on step 1 hides it and stays on the slide");
	nav_apply(&n, ACTION_PREV);
	is_int(n.cur * 10 + n.step, 0, "prev on step 0 goes back to slide 1");
	nav_apply(&n, ACTION_PREV);
	is_int(n.cur, 0, "prev on the first slide stays");
	ok(strstr(n.msg, "first slide") != NULL, "and says it is the first slide");
	nav_apply(&n, ACTION_LAST);
	is_int(n.cur, 5, "last skips the trailing backup slide");
	nav_apply(&n, ACTION_NEXT);
	is_int(n.cur, 5, "next on the last slide stays");
	ok(strstr(n.msg, "last slide") != NULL, "and says it is the last slide");
	nav_apply(&n, ACTION_FIRST);
	is_int(n.cur, 0, "first");
	n.cur = 2; /* on a backup slide, reached by goto */
	nav_apply(&n, ACTION_NEXT);
	is_int(n.cur, 3, "next from a backup slide goes to the following main slide");
	n.cur = 6;
	nav_apply(&n, ACTION_PREV);
	is_int(n.cur, 5, "prev from the trailing backup slide");
	is_int(nav_main_count(&n), 5, "five main slides");
	n.cur = 1;
	is_int(nav_peek(&n, 1), 3, "peek next skips backup");
	is_int(nav_peek(&n, -1), 0, "peek prev");
	n.cur = 5;
	is_int(nav_peek(&n, 1), -1, "peek past the end");
	nav_release(&n);
}

/* issue 15: a reveal asks the layout to bring the step into view, until
 * the slide changes or the speaker scrolls the slide. */
static void test_reveal_flag(void)
{
	struct nav n;
	nav_init(&n, &deck);
	nav_apply(&n, ACTION_NEXT);
	ok(!n.reveal, "reveal: a new slide is not a reveal");
	nav_apply(&n, ACTION_NEXT);
	ok(n.reveal, "reveal: next on a slide with steps reveals");
	nav_apply(&n, ACTION_SCROLL_UP);
	ok(!n.reveal, "reveal: scrolling the slide takes over");
	nav_apply(&n, ACTION_NEXT);
	ok(n.reveal, "reveal: the next step");
	nav_apply(&n, ACTION_PREV);
	ok(!n.reveal, "reveal: prev hides, no reveal");
	nav_apply(&n, ACTION_NEXT);
	nav_apply(&n, ACTION_NEXT);
	ok(!n.reveal, "reveal: the next slide ends it");
	nav_release(&n);
}

/* issue 15: the numbers the speaker sees count the main slides, backup
 * slides apart. */
static void test_numbering(void)
{
	struct nav_pos p = nav_position(&deck, 5);
	ok(p.num == 5 && p.total == 5 && !p.backup, "the last main slide is 5 of 5, not 6 of 7");
	p = nav_position(&deck, 2);
	ok(p.num == 1 && p.total == 2 && p.backup, "the first backup slide is backup 1 of 2");
	p = nav_position(&deck, 3);
	ok(p.num == 3 && !p.backup, "the slide after a backup slide is main slide 3");
	char buf[NAV_LABEL_MAX];
	nav_label(&deck, 6, buf);
	is_str(buf, "B2", "a backup slide's label");
	nav_label(&deck, 4, buf);
	is_str(buf, "4", "a main slide's label");
	is_int(nav_index_of(&deck, 3, false), 3, "main slide 3 is at index 3");
	is_int(nav_index_of(&deck, 2, true), 6, "backup slide 2 is at index 6");
	is_int(nav_index_of(&deck, 6, false), -1, "there is no main slide 6");
	is_int(nav_index_of(&deck, 0, false), -1, "nor a slide 0");
}

/* issue 15: messages are kept for the speaker to read again, and those
 * for the speaker only stay off the audience screen while a console
 * follows. */
static void test_messages(void)
{
	struct nav n;
	nav_init(&n, &deck);
	nav_note(&n, false, "the deck has %d warnings: see 'lectern check'", 1);
	ok(n.msg_speaker, "messages: a note is for the speaker");
	ok(nav_message_shown(&n, false), "messages: shown on the only screen there is");
	ok(!nav_message_shown(&n, true),
	   "messages: not on the audience screen while a console follows");
	n.presenter = true;
	ok(nav_message_shown(&n, true), "messages: the presenter layout is the speaker's");
	n.presenter = false;
	type(&n, "G");
	ok(n.msg[0] == 0 && !n.msg_speaker, "messages: a key clears the note");
	type(&n, "l");
	ok(nav_message_shown(&n, true), "messages: key feedback is shown everywhere");
	is_int(n.nlog, 2, "messages: both are logged");
	is_str(nav_log_entry(&n, 0)->text, "the deck has 1 warnings: see 'lectern check'",
	       "messages: in full, oldest first");
	is_str(nav_log_entry(&n, 1)->text, "this is the last slide", "messages: then the newest");
	type(&n, "l");
	is_int(n.nlog, 2, "messages: a repeat is logged once");
	for (int i = 0; i < NAV_LOG_MAX + 3; i++)
		nav_message(&n, i % 2, "message %d", i);
	is_int(n.nlog, NAV_LOG_MAX, "messages: the log keeps the last ones");
	is_str(nav_log_entry(&n, NAV_LOG_MAX - 1)->text, "message 18", "messages: the newest last");
	is_str(nav_log_entry(&n, 0)->text, "message 3", "messages: the oldest dropped");
	ok(nav_log_entry(&n, 0)->warn, "messages: with their severity");
	type(&n, "m");
	is_int(n.overlay, OVERLAY_MESSAGES, "messages: m opens them");
	type(&n, "?");
	is_int(n.overlay, OVERLAY_HELP, "messages: ? goes to the help");
	type(&n, "m");
	is_int(n.overlay, OVERLAY_MESSAGES, "messages: and m back");
	type(&n, "m");
	is_int(n.overlay, OVERLAY_NONE, "messages: m again closes them");
	type(&n, "m\x1b");
	is_int(n.overlay, OVERLAY_NONE, "messages: Escape closes them");
	nav_release(&n);
}

/* issue 15: a hit only in the notes says so. */
static void test_search_in_notes(void)
{
	struct nav n;
	nav_init(&n, &deck);
	nav_search(&n, "greet");
	is_int(n.cur, 0, "in notes: the hit is the intro's notes");
	ok(nav_hit_in_notes_only(&n), "in notes: only the notes match");
	ok(strstr(n.msg, "in the notes (s shows them)") != NULL, "in notes: the message says so");
	type(&n, "s");
	nav_search_step(&n, 1);
	ok(strstr(n.msg, ": in the notes, match 1 of 1") && !strstr(n.msg, "s shows"),
	   "in notes: with the notes shown, no hint");
	nav_search(&n, "welcome");
	ok(!nav_hit_in_notes_only(&n), "in notes: a title hit is not");
	ok(!strstr(n.msg, "notes"), "in notes: and the message does not say it");
	nav_release(&n);
}

static void test_counts(void)
{
	struct nav n;
	nav_init(&n, &deck);
	type(&n, "2");
	ok(n.has_count && n.count == 2, "digits collect a count");
	type(&n, "l");
	is_int(n.cur * 10 + n.step, 30, "2l moves two main slides at step 0");
	ok(!n.has_count, "the count is consumed");
	type(&n, "2h");
	is_int(n.cur, 0, "2h moves two main slides back");
	type(&n, "3\n");
	is_int(n.cur, 3, "3 Enter goes to main slide 3, the backup slide not counted");
	type(&n, "6\n");
	is_int(n.cur, 3, "6 Enter: no main slide 6, stays");
	ok(n.msg_warn && strstr(n.msg, "no slide 6 (slides are 1-5, backup B1-B2)") != NULL,
	   "and warns, naming the numbers there are");
	type(&n, "0\n");
	is_int(n.cur, 3, "0 Enter: no slide 0");
	type(&n, "4g");
	is_int(n.cur, 4, "4g goes to main slide 4");
	type(&n, "5G");
	is_int(n.cur, 5, "5G goes to main slide 5");
	type(&n, "G");
	is_int(n.cur, 5, "G goes to the last main slide");
	type(&n, "gg");
	is_int(n.cur, 0, "gg goes to the first slide");
	type(&n, "99l");
	is_int(n.cur, 5, "a count past the end stops on the last slide");
	type(&n, "12\x1b");
	ok(!n.has_count, "Escape drops a pending count");
	is_int(n.cur, 5, "without moving");
	type(&n, "2:");
	is_int(n.cur, 1, "a count before ':' goes there at once");
	type(&n, "99999999\n");
	is_int(n.count, 0, "a huge count is capped and consumed");
	nav_release(&n);
}

static void test_goto(void)
{
	struct nav n;
	nav_init(&n, &deck);
	type(&n, ":");
	is_int(n.prompt, PROMPT_GOTO, "':' opens the goto prompt");
	type(&n, "appendix");
	is_str(n.input, "appendix", "the prompt collects input");
	type(&n, "\n");
	is_int(n.prompt, PROMPT_NONE, "Enter closes the prompt");
	is_int(n.cur, 6, "goto by id reaches a backup slide");
	type(&n, ":RESULT\n");
	is_int(n.cur, 3, "ids are case-insensitive");
	type(&n, ":2\n");
	is_int(n.cur, 1, "goto by number");
	type(&n, ":nope\n");
	is_int(n.cur, 1, "unknown id stays");
	ok(n.msg_warn && strstr(n.msg, "no slide 'nope'") != NULL, "and warns");
	type(&n, ":ab\b\bend\n");
	is_int(n.cur, 5, "Backspace edits the prompt");
	type(&n, ":intro\x1b");
	is_int(n.prompt, PROMPT_NONE, "Escape cancels the prompt");
	is_int(n.cur, 5, "without moving");
	type(&n, ":\b");
	is_int(n.prompt, PROMPT_NONE, "Backspace on an empty prompt closes it");
	type(&n, ":q");
	is_int(n.prompt, PROMPT_GOTO, "q is text inside a prompt");
	is_int(nav_input(&n, &km, key_char(3)), REACT_QUIT, "Ctrl-C quits even from a prompt");
	is_int(nav_goto(&n, " 4 "), 0, "nav_goto trims spaces");
	is_int(n.cur, 4, "nav_goto number: main slide 4");
	is_int(nav_goto_number(&n, 6), -1, "nav_goto_number past the main slides fails");
	is_int(nav_goto(&n, "B2"), 0, "nav_goto B2");
	is_int(n.cur, 6, "goes to the second backup slide");
	is_int(nav_goto(&n, "b1"), 0, "nav_goto b1");
	is_int(n.cur, 2, "goes to the first backup slide");
	is_int(nav_goto(&n, "B3"), -1, "there is no B3");
	ok(strstr(n.msg, "no slide B3") != NULL, "and says so");
	nav_goto_index(&n, 5);
	is_int(n.cur * 10 + n.step, 50, "nav_goto_index goes by file index");
	nav_release(&n);
}

static void test_search(void)
{
	struct nav n;
	nav_init(&n, &deck);
	type(&n, "/");
	is_int(n.prompt, PROMPT_SEARCH, "'/' opens the search prompt");
	type(&n, "ccache\n");
	is_int(n.nhits, 2, "two slides mention ccache");
	is_int(n.cur, 3, "first hit after the current slide (a bullet)");
	ok(n.searching, "search mode is on");
	is_int(nav_context(&n), KEYCTX_SEARCH, "keys are looked up in the search context");
	is_int(nav_search_pos(&n), 1, "hit 1 of 2");
	type(&n, "n");
	is_int(n.cur, 6, "n goes to the next hit, a backup slide title");
	type(&n, "n");
	is_int(n.cur, 3, "n wraps around");
	ok(strstr(n.msg, "wrapped") != NULL, "and says so");
	type(&n, "N");
	is_int(n.cur, 6, "N wraps around backwards");
	type(&n, "N");
	is_int(n.cur, 3, "N goes to the previous hit");
	type(&n, "l");
	is_int(n.cur, 4, "l still moves to the next slide while searching");
	type(&n, "\x1b");
	ok(!n.searching, "Escape ends search mode");
	type(&n, "n");
	is_int(n.cur, 5, "n is next again");
	type(&n, "/\n");
	is_int(n.cur, 6, "an empty search repeats the last one");

	n.cur = 0;
	is_int(nav_search(&n, "LONG TAIL"), 1, "notes are searched, case-insensitively");
	is_int(n.cur, 2, "the hit is in the notes of a backup slide");
	is_int(nav_search(&n, "算力"), 1, "Chinese text is searched");
	is_int(n.cur, 4, "hit on the Chinese slide");
	is_int(nav_search(&n, "march"), 1, "bar labels are searched");
	is_int(n.cur, 3, "hit on the chart slide");
	n.cur = 0;
	is_int(nav_search(&n, "41 minutes"), 1, "text of a later reveal step is searched");
	is_int(n.cur * 10 + n.step, 12, "the hit is shown fully revealed");
	is_int(nav_search(&n, "welcome"), 1, "the current slide alone matches");
	is_int(n.cur, 0, "wrapping around to it");
	is_int(nav_search(&n, "zebra"), 0, "no match");
	is_int(n.cur, 0, "position kept");
	ok(!n.searching && n.msg_warn && strstr(n.msg, "no match for 'zebra'"), "message");
	is_int(nav_search_step(&n, 1), -1, "no hits to step through");
	nav_release(&n);
}

static void test_overlays(void)
{
	struct nav n;
	nav_init(&n, &deck);
	n.cur = 1;
	type(&n, "o");
	is_int(n.overlay, OVERLAY_OVERVIEW, "o opens the overview");
	is_int(n.sel, 1, "selecting the current slide");
	is_int(nav_context(&n), KEYCTX_OVERVIEW, "overview context");
	type(&n, "jj");
	is_int(n.sel, 3, "j moves the selection, through backup slides");
	is_int(n.cur, 1, "the slide stays");
	type(&n, "k");
	is_int(n.sel, 2, "k moves it up");
	type(&n, "\n");
	is_int(n.overlay, OVERLAY_NONE, "Enter closes the overview");
	is_int(n.cur, 2, "and opens the selected slide");
	type(&n, "\t");
	is_int(n.overlay, OVERLAY_OVERVIEW, "Tab opens the overview");
	type(&n, "G");
	is_int(n.sel, 6, "G selects the last slide");
	type(&n, "g");
	is_int(n.sel, 0, "g selects the first");
	type(&n, "\t");
	is_int(n.overlay, OVERLAY_NONE, "Tab closes it");
	is_int(n.cur, 2, "without moving");
	type(&n, "o\x1b");
	is_int(n.overlay, OVERLAY_NONE, "Escape closes it");
	type(&n, "o5\n");
	is_int(n.overlay * 10 + n.cur, 5, "digits and Enter in the overview go to a slide");

	type(&n, "?");
	is_int(n.overlay, OVERLAY_HELP, "? opens the help");
	type(&n, "jjk");
	is_int(n.help_scroll, 1, "j and k scroll the help");
	type(&n, "?");
	is_int(n.overlay, OVERLAY_NONE, "? closes it");
	type(&n, "?\x1b");
	is_int(n.overlay, OVERLAY_NONE, "Escape closes it");
	type(&n, "?o");
	is_int(n.overlay, OVERLAY_OVERVIEW, "another overlay replaces the help");
	type(&n, "/ccache\n");
	is_int(n.overlay * 10 + n.cur, 6, "a search hit closes the overview");
	nav_release(&n);
}

static void test_panes_blank_misc(void)
{
	struct nav n;
	nav_init(&n, &deck);
	type(&n, "J");
	is_int(n.scroll, 1, "J scrolls the slide without notes");
	type(&n, "K");
	is_int(n.scroll, 0, "K scrolls it back");
	type(&n, "K");
	is_int(n.scroll, 0, "not below 0");
	type(&n, "s");
	ok(n.notes, "s shows the notes");
	type(&n, "3J");
	is_int(n.notes_scroll * 10 + n.scroll, 30, "J scrolls the notes when shown");
	type(&n, "l");
	is_int(n.notes_scroll, 0, "a new slide starts unscrolled");
	type(&n, "s");
	ok(!n.notes, "s hides the notes");
	type(&n, "P");
	ok(n.presenter, "P turns the presenter layout on");
	type(&n, "P");
	ok(!n.presenter, "P turns it off");
	size_t cur = n.cur;
	type(&n, "b");
	is_int(n.blank, BLANK_BLACK, "b blacks out");
	type(&n, "l");
	is_int(n.blank * 100 + n.cur, cur, "any key ends the blackout without acting");
	type(&n, "w");
	is_int(n.blank, BLANK_WHITE, "w whites out");
	type(&n, "q");
	is_int(n.blank, BLANK_NONE, "q only ends the white-out");
	ok(type(&n, "r") & REACT_RELOAD, "r asks for a reload");
	is_int(type(&n, "q"), REACT_QUIT, "q quits");
	is_int(nav_input(&n, &km, key_char(3)), REACT_QUIT, "Ctrl-C quits");
	ok(nav_input(&n, &km, key_char(12)) & REACT_CLEAR, "Ctrl-L repaints everything");
	ok(nav_input(&n, &km, key_char(26)) & REACT_SUSPEND, "Ctrl-Z suspends");
	is_int(type(&n, "x"), REACT_REDRAW, "an unbound key only redraws");
	nav_message(&n, true, "boom %d", 1);
	is_str(n.msg, "boom 1", "nav_message formats");
	type(&n, "x");
	is_str(n.msg, "", "the next key clears the message");
	nav_release(&n);
}

static void test_reload(void)
{
	struct nav n;
	nav_init(&n, &deck);
	type(&n, "lll"); /* problem, step 2 */
	is_int(n.cur * 10 + n.step, 12, "on slide 2 step 2");

	/* a new deck: intro deleted, problem has one pause fewer, order changed */
	static struct slide s2[] = {
		{ SLIDE("cn", "中文标题"), .items = items_cn, .nitems = 1 },
		{ SLIDE("problem", "Where the time went"), .items = items_problem, .nitems = 2,
		  .nsteps = 2 },
		{ SLIDE("end", "Thanks") },
		{ SLIDE("appendix", "Appendix: ccache config"), .backup = true },
	};
	struct deck d2 = { .path = "t.ini", .slides = s2, .nslides = 4 };
	n.sel = 6;
	nav_search(&n, "ccache");
	n.cur = 1;
	n.step = 2;
	nav_reload(&n, &d2);
	is_int(n.cur, 1, "reload keeps the slide by id at its new index");
	is_int(n.step, 1, "the step is clamped to the new slide");
	is_int(n.sel, 3, "the overview selection is clamped");
	is_int(n.nhits, 1, "the search runs again on the new deck");
	ok(n.deck == &d2, "the new deck is used");

	nav_reload(&n, &deck);
	n.cur = 3; /* result: deleted in d2 */
	n.step = 0;
	nav_reload(&n, &d2);
	is_int(n.cur, 0, "a deleted slide maps to the next surviving one (cn)");
	is_int(n.step, 0, "at step 0");

	nav_reload(&n, &deck);
	n.cur = 6; /* appendix: kept */
	nav_reload(&n, &d2);
	is_int(n.cur, 3, "the last slide keeps its id");

	static struct slide s3[] = { { SLIDE("problem", "P") }, { SLIDE("new", "N") } };
	struct deck d3 = { .path = "t.ini", .slides = s3, .nslides = 2 };
	nav_reload(&n, &deck);
	n.cur = 3; /* result; later cn, end, appendix are gone too */
	nav_reload(&n, &d3);
	is_int(n.cur, 0, "else the previous surviving slide (problem)");

	static struct slide s4[] = { { SLIDE("x", "X") }, { SLIDE("y", "Y") } };
	struct deck d4 = { .path = "t.ini", .slides = s4, .nslides = 2 };
	n.cur = 1;
	nav_reload(&n, &d4);
	is_int(n.cur, 1, "no id survives: same index");
	nav_reload(&n, &d3);
	nav_reload(&n, &deck);
	n.cur = 5;
	nav_reload(&n, &d4);
	is_int(n.cur, 1, "no id survives: clamped index");
	nav_release(&n);
}

/* The timer keys: t asks the loop to toggle, T asks first and only y
 * confirms; next on the last step of the last slide reports the end. */
static void test_timer_keys(void)
{
	struct nav n;
	nav_init(&n, &deck);
	is_int(type(&n, "t"), REACT_REDRAW | REACT_TIMER, "t asks to toggle the timer");
	is_int(n.cur, 0, "and does not move");
	is_int(type(&n, "T"), REACT_REDRAW, "T does not restart at once");
	is_int(n.prompt, PROMPT_RESTART, "T asks for a confirmation");
	is_int(type(&n, "y"), REACT_REDRAW | REACT_RESTART, "y confirms the restart");
	is_int(n.prompt, PROMPT_NONE, "and closes the prompt");
	type(&n, "T");
	is_int(type(&n, "l"), REACT_REDRAW, "any other key cancels");
	is_int(n.prompt, PROMPT_NONE, "the prompt is closed");
	is_int(n.cur, 0, "the cancelling key does nothing else");
	ok(strstr(n.msg, "cancelled") != NULL, "and says the restart was cancelled");
	type(&n, "T");
	is_int(type(&n, "\x1b"), REACT_REDRAW, "Escape cancels");
	type(&n, "T");
	is_int(type(&n, "\x03") & REACT_QUIT, REACT_QUIT, "Ctrl-C in the prompt still quits");
	n.prompt = PROMPT_NONE;

	is_int(nav_apply(&n, ACTION_NEXT) & REACT_END, 0, "next mid-talk is no end");
	nav_apply(&n, ACTION_LAST);
	n.step = 0;
	is_int(nav_apply(&n, ACTION_NEXT), REACT_REDRAW | REACT_END,
	       "next on the last slide reports the end");
	is_int(n.cur, 5, "and stays");
	n.has_count = true;
	n.count = 2;
	is_int(nav_apply(&n, ACTION_NEXT) & REACT_END, 0, "a count past the end is no end");
	n.cur = 1;
	n.step = 1;
	is_int(nav_apply(&n, ACTION_NEXT) & REACT_END, 0, "a reveal step is no end");
	n.cur = 6; /* the trailing backup slide */
	n.step = 0;
	is_int(nav_apply(&n, ACTION_NEXT) & REACT_END, REACT_END,
	       "next on the trailing backup slide is the end");
	n.overlay = OVERLAY_HELP;
	is_int(nav_apply(&n, ACTION_NEXT) & REACT_END, 0, "next scrolling the help is no end");
	nav_release(&n);
}

/* Reloading at scale: 5,000 slides. The current slide is found by id in a
 * reversed deck whatever the case of its letters; when it and every later
 * one are gone, the nearest later survivor wins, else the nearest earlier
 * one, else the same index. */
#define MANY 5000u
static void test_reload_many(void)
{
	struct slide *a = calloc(MANY, sizeof *a), *b = calloc(MANY, sizeof *b);
	char(*lo)[16] = calloc(MANY, sizeof *lo), (*up)[16] = calloc(MANY, sizeof *up);
	for (size_t i = 0; i < MANY; i++) {
		snprintf(lo[i], sizeof lo[i], "s%zu", i);
		snprintf(up[i], sizeof up[i], "S%zu", i);
		a[i] = (struct slide){ SLIDE(lo[i], "A") };
	}
	struct deck da = { .path = "a.ini", .slides = a, .nslides = MANY };
	struct deck db = { .path = "b.ini", .slides = b, .nslides = MANY };
	for (size_t i = 0; i < MANY; i++)
		b[i] = (struct slide){ SLIDE(up[MANY - 1 - i], "B") };
	struct nav n;
	nav_init(&n, &da);
	n.cur = 1234;
	nav_reload(&n, &db);
	is_int(n.cur, MANY - 1 - 1234, "the slide is found by id in the reversed deck, any case");

	/* db keeps s0..s999 and s4321 only: from s1234 the next survivor */
	for (size_t i = 0; i < MANY; i++)
		b[i] = (struct slide){ SLIDE(i < 1000    ? lo[i]
					     : i == 1000 ? lo[4321]
							 : "gone",
					     "B") };
	nav_reload(&n, &da);
	n.cur = 1234;
	nav_reload(&n, &db);
	is_int(n.cur, 1000, "a removed slide maps to the next surviving one");
	/* without s4321 the previous one, s999 */
	b[1000].id = "gone";
	nav_reload(&n, &da);
	n.cur = 1234;
	nav_reload(&n, &db);
	is_int(n.cur, 999, "else to the previous surviving one");
	for (size_t i = 0; i < MANY; i++)
		b[i].id = "gone";
	nav_reload(&n, &da);
	n.cur = 1234;
	nav_reload(&n, &db);
	is_int(n.cur, 1234, "no id survives: the same index");
	nav_release(&n);
	free(a);
	free(b);
	free(lo);
	free(up);
}

int main(void)
{
	tap_plan(206 + 4);
	keymap_init_default(&km);
	test_next_prev();
	test_reveal_flag();
	test_numbering();
	test_messages();
	test_search_in_notes();
	test_counts();
	test_goto();
	test_search();
	test_overlays();
	test_panes_blank_misc();
	test_reload();
	test_reload_many();
	test_timer_keys();
	keymap_release(&km);
	return tap_done();
}
