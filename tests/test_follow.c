/* Tests of the follower's pure part (follow.h): the deck text without
 * notes, following a state by slide id, the follower's keys and the
 * audience's copy of a state. */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "follow.h"
#include "present.h"
#include "tap.h"

static struct deck *load(const char *text)
{
	struct diag_list dl;
	diag_list_init(&dl);
	struct deck *d = deck_load(&(struct deck_load_opts){ .from = DECK_FROM_BUFFER,
							     .name = "t.ini",
							     .bytes = text,
							     .len = strlen(text) },
				   NULL, &dl);
	diag_list_release(&dl);
	return d;
}

static void test_text(void)
{
	static const char in[] = "; head comment \\\n"
				 "  continued comment NOTE-0\n"
				 "[deck]\r\n"
				 "id = t\r\n"
				 "\n"
				 "[a]\n"
				 "title = A\n"
				 "note.1 = NOTE-1 \\\n"
				 "   NOTE-2\n"
				 "  # indented comment NOTE-3\n"
				 "Note.2=NOTE-4\n"
				 "NOTE = NOTE-5\n"
				 "notebook = kept\n"
				 "text.1 = one \\\n"
				 "  two\n"
				 "line.1 = |  ; code, not a comment\n"
				 "   \t  \n"
				 "[b]\n"
				 "title = B";
	size_t n;
	char *out = follow_deck_text(in, sizeof in - 1, &n);
	is_str(out,
	       "[deck]\nid = t\n[a]\ntitle = A\nnotebook = kept\ntext.1 = one \\\n  two\n"
	       "line.1 = |  ; code, not a comment\n[b]\ntitle = B\n",
	       "notes, comments and blank lines go, CRs too; the rest stays as written");
	is_int(n, strlen(out), "its length");
	free(out);
	out = follow_deck_text("", 0, &n);
	ok(out && n == 0 && out[0] == '\0', "an empty text stays empty");
	free(out);
}

static const char deck_text[] = "[deck]\nid = t\ntitle = T\n"
				"[a]\ntitle = A\nnote.1 = NOTE-A\n"
				"[b]\ntitle = B\ntext.1 = x\npause.1 =\ntext.2 = y\n"
				"[c]\ntitle = C\n";

static struct proto_state state(uint32_t slide, const char *id, uint32_t step)
{
	struct proto_state st;
	memset(&st, 0, sizeof st);
	st.slide = slide;
	st.nslides = 9;
	strcpy(st.slide_id, id);
	st.step = step;
	st.nsteps = step + 1;
	return st;
}

static void test_state(void)
{
	struct deck *d = load(deck_text);
	if (!d) {
		tap_missed(12, "the test deck does not load");
		return;
	}
	ok(d->slides[0].nnotes == 1, "the deck has a note");
	follow_strip_notes(d);
	ok(d->slides[0].nnotes == 0 && d->slides[0].notes == NULL, "follow_strip_notes drops it");
	struct nav n;
	nav_init(&n, d);
	struct proto_state st = state(1, "b", 1);
	is_int(follow_state(&n, &st), FOLLOW_MOVED, "a move by index and id");
	ok(n.cur == 1 && n.step == 1, "to slide b, step 2");
	st = state(0, "c", 0);
	is_int(follow_state(&n, &st), FOLLOW_MOVED, "an id at another index (another deck)");
	ok(n.cur == 2, "is found by id");
	st = state(2, "zz", 0);
	is_int(follow_state(&n, &st), FOLLOW_MISSING, "an id this deck lacks");
	ok(n.cur == 2, "leaves the slide as it was");
	st = state(1, "b", 7);
	follow_state(&n, &st);
	ok(n.cur == 1 && n.step == 1, "a step past the slide's is clamped");
	is_int(follow_state(&n, &st), FOLLOW_SAME, "the same state again moves nothing");
	st.blank = PROTO_BLANK_WHITE;
	is_int(follow_state(&n, &st), FOLLOW_MOVED, "a blackout is a change");
	ok(n.blank == BLANK_WHITE, "and is copied");
	nav_release(&n);
	deck_free(d);
}

static void test_keys(void)
{
	struct present p;
	memset(&p, 0, sizeof p);
	config_init(&p.cfg);
	p.follow = true;
	p.deck = load(deck_text);
	if (!p.deck) {
		tap_missed(11, "the test deck does not load");
		config_release(&p.cfg);
		return;
	}
	nav_init(&p.nav, p.deck);
	unsigned r = follow_key(&p, key_char(' '));
	ok(p.nav.cur == 0 && p.nav.step == 0, "Space moves nothing");
	ok((r & REACT_REDRAW) && strstr(p.nav.msg, "this is a follower"),
	   "and says it is a follower");
	p.nav.msg[0] = '\0';
	r = follow_key(&p, key_sym(KEYSYM_RIGHT));
	ok(p.nav.cur == 0 && r == REACT_NONE && p.nav.msg[0] == '\0',
	   "a second move key, silently");
	follow_key(&p, key_char('n'));
	ok(!p.nav.notes, "n opens no notes pane");
	r = follow_key(&p, key_char('s'));
	ok(p.follow_no_status && (r & REACT_REDRAW), "s hides the status line");
	follow_key(&p, key_char('s'));
	ok(!p.follow_no_status, "and shows it again");
	follow_key(&p, key_char('?'));
	ok(p.nav.overlay == OVERLAY_HELP, "? opens the help");
	follow_key(&p, key_sym(KEYSYM_ESCAPE));
	ok(p.nav.overlay == OVERLAY_NONE, "Escape closes it");
	r = follow_key(&p, key_char('c'));
	ok(p.nav.captions_off && (r & REACT_REDRAW) && strstr(p.nav.msg, "live captions hidden"),
	   "c hides this follower's captions");
	follow_key(&p, key_char('c'));
	ok(!p.nav.captions_off, "and shows them again");
	ok(follow_key(&p, key_char('q')) & REACT_QUIT, "q quits");
	nav_release(&p.nav);
	deck_free(p.deck);
	config_release(&p.cfg);
}

static void test_public(void)
{
	struct proto_state st = state(3, "x", 0), out;
	st.timer = PROTO_TIMER_RUNNING;
	st.elapsed_ms = 5;
	st.slide_ms = 6;
	st.has_remaining = true;
	st.remaining_ms = -7;
	st.pace = PROTO_PACE_OVERTIME;
	st.has_starts_in = true;
	st.starts_in_ms = 8;
	st.blank = PROTO_BLANK_BLACK;
	follow_public_state(&out, &st);
	ok(out.timer == PROTO_TIMER_IDLE && out.elapsed_ms == 0 && out.slide_ms == 0 &&
		   !out.has_remaining && out.remaining_ms == 0 && out.pace == PROTO_PACE_NONE &&
		   !out.has_starts_in && out.starts_in_ms == 0,
	   "the audience's state has no timer");
	ok(out.slide == 3 && strcmp(out.slide_id, "x") == 0 && out.blank == PROTO_BLANK_BLACK,
	   "but the slide and the blackout");
}

int main(void)
{
	tap_plan(3 + 12 + 11 + 2);
	test_text();
	test_state();
	test_keys();
	test_public();
	return tap_done();
}
