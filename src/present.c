/* The presentation controller (present.h).
 *
 * Every entry point works on the time of the pass, p->now_ms and
 * p->wall_ms, set once by present_clock(). Moves of the slide or the step
 * come from three places, keys (present_key), consoles (present_serve) and
 * --auto (present_tick); each ends in after_move(), which holds the rule
 * for all three. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "clock.h"
#include "console.h"
#include "deck.h"
#include "diag.h"
#include "follow.h"
#include "nav.h"
#include "present.h"
#include "record.h"
#include "session.h"
#include "textlayout.h"
#include "timer.h"
#include "xalloc.h"

enum { WATCH_POLL_MS = 500 };

void present_note_warnings(struct present *p, size_t nwarnings)
{
	if (nwarnings)
		nav_note(&p->nav, false, "the deck has %zu warning%s: see 'lectern check'",
			 nwarnings, nwarnings == 1 ? "" : "s");
}

void present_remember_file(struct present *p)
{
	p->have_st = p->o.path && stat(p->o.path, &p->st) == 0;
}

/* ---- the timer ---- */

/* --start-at: starts the idle timer on the current slide, now that the
 * start time came or the speaker moved first; says why in the status
 * line. */
static bool begin_talk(struct present *p, const char *why, bool force)
{
	if (!timer_start_due(&p->timer, p->nav.cur, p->now_ms, p->wall_ms, force))
		return false;
	p->force_state = true;
	nav_note(&p->nav, false, "%s", why);
	return true;
}

static void toggle_timer(struct present *p)
{
	if (timer_waiting(&p->timer)) {
		begin_talk(p, "timer started", true);
		return;
	}
	timer_toggle(&p->timer, p->now_ms);
	if (p->timer.state == TIMER_PAUSED)
		nav_note(&p->nav, false, "timer paused (t resumes)");
	else
		nav_note(&p->nav, false, "timer running");
}

static void restart_timer(struct present *p)
{
	timer_restart(&p->timer, p->now_ms, p->wall_ms);
	nav_note(&p->nav, false, p->o.rehearse ? "rehearsal restarted" : "timer restarted");
}

void present_start_timer(struct present *p)
{
	timer_init(&p->timer, p->deck);
	p->timer_on = true;
	if (p->o.duration_s)
		timer_set_duration(&p->timer, (uint64_t)p->o.duration_s * 1000u);
	uint32_t day_ms = clock_local_day_ms(p->wall_ms);
	if (p->o.has_end)
		timer_set_end(&p->timer, timer_end_from_day_s(p->wall_ms, day_ms, p->o.end_day_s));
	p->auto_adv = p->o.auto_adv;
	if (p->o.has_start)
		timer_start_at(&p->timer,
			       timer_end_from_day_s(p->wall_ms, day_ms, p->o.start_day_s),
			       p->nav.cur, p->now_ms, p->wall_ms);
	else
		timer_start(&p->timer, p->nav.cur, p->now_ms, p->wall_ms);
}

/* ---- the rule after a move ---- */

enum {
	MOVE_STARTS = 1 << 0,     /* the talk starts now if it was waiting */
	MOVE_BY_HAND = 1 << 1,    /* a person moved: --auto gives up control */
	MOVE_QUIET_AUTO = 1 << 2, /* say "automatic advance off" only when
				   * nothing else was said */
};

/* The code blocks' shift belongs to the slide it was made on: another
 * slide shown drops it (after every move, and a console's follow). */
static void hscroll_follow(struct present *p)
{
	if (p->nav.cur != p->hscroll_slide)
		p->hscroll = 0;
}

/* The one rule after a move (or any input that may have moved): with
 * MOVE_STARTS the waiting talk starts; with MOVE_BY_HAND --auto stops and
 * says so; then the timer follows the slide shown. */
static void after_move(struct present *p, unsigned how)
{
	if (how & MOVE_STARTS)
		begin_talk(p, "timer started", true);
	if ((how & MOVE_BY_HAND) && p->auto_adv) {
		p->auto_adv = false;
		if (!(how & MOVE_QUIET_AUTO) || !p->nav.msg[0])
			nav_note(&p->nav, false, "automatic advance off");
	}
	timer_enter_slide(&p->timer, p->nav.cur, p->now_ms);
	hscroll_follow(p);
}

/* The widest code line of slide s, in columns (0 without code). */
static unsigned code_widest(const struct slide *s)
{
	unsigned widest = 0;
	for (size_t i = 0; i < s->nitems; i++) {
		const struct item *it = &s->items[i];
		for (size_t k = 0; it->kind == ITEM_CODE && k < it->nlines; k++) {
			unsigned w = layout_width(it->lines[k], strlen(it->lines[k]));
			widest = w > widest ? w : widest;
		}
	}
	return widest;
}

/* Acts on nav's REACT_HLEFT / REACT_HRIGHT flags in r (on the slide screen only): one
 * PRESENT_HSCROLL_STEP along, kept below the slide's widest code line. */
static void shift_code(struct present *p, unsigned r)
{
	if (!(r & (REACT_HLEFT | REACT_HRIGHT)) || p->nav.overlay != OVERLAY_NONE || !p->deck ||
	    p->nav.cur >= p->deck->nslides)
		return;
	unsigned h = present_hscroll(p);
	if (r & REACT_HRIGHT) {
		unsigned widest = code_widest(&p->deck->slides[p->nav.cur]);
		unsigned max = widest >= 2 ? widest - 2 : 0;
		h = h + PRESENT_HSCROLL_STEP < max ? h + PRESENT_HSCROLL_STEP : max;
	} else {
		h = h > PRESENT_HSCROLL_STEP ? h - PRESENT_HSCROLL_STEP : 0;
	}
	p->hscroll = h;
	p->hscroll_slide = p->nav.cur;
}

unsigned present_hscroll(const struct present *p)
{
	return p->hscroll_slide == p->nav.cur ? p->hscroll : 0;
}

/* ---- the deck file ---- */

static bool file_changed(const struct present *p)
{
	struct stat st;
	if (!p->o.path || stat(p->o.path, &st) != 0)
		return false;
	if (!p->have_st)
		return true;
	return st.st_mtim.tv_sec != p->st.st_mtim.tv_sec ||
	       st.st_mtim.tv_nsec != p->st.st_mtim.tv_nsec || st.st_size != p->st.st_size ||
	       st.st_ino != p->st.st_ino;
}

void present_load_history(struct present *p)
{
	struct diag_list quiet;
	diag_list_init(&quiet);
	struct record_list l;
	record_list_init(&l);
	char *dir = record_dir(&quiet);
	if (dir && p->deck->meta.id)
		record_list_load(&l, dir, p->deck->meta.id, &quiet);
	timerline_history_release(&p->history);
	timerline_history_build(&p->history, p->deck, l.v, l.n);
	p->coach = true;
	free(dir);
	record_list_release(&l);
	diag_list_release(&quiet);
}

void present_release_history(struct present *p)
{
	timerline_history_release(&p->history);
	p->coach = false;
}

void present_reload(struct present *p)
{
	struct diag_list dl;
	diag_list_init(&dl);
	present_remember_file(p);
	struct deck *d = cli_load_deck(p->o.path, p->o.lang, &dl);
	if (!d) {
		const struct diag *first = NULL;
		for (size_t i = 0; i < dl.n && !first; i++)
			if (dl.v[i].sev == SEV_ERROR)
				first = &dl.v[i];
		char *s = first ? diag_format(first) : xstrdup("the deck cannot be loaded");
		nav_note(&p->nav, true, "not reloaded: %s", s);
		free(s);
	} else {
		nav_reload(&p->nav, d);
		timer_rebind(&p->timer, d, p->now_ms);
		after_move(p, 0);
		deck_free(p->deck);
		p->deck = d;
		if (p->coach)
			present_load_history(p);
		if (p->srv) {
			session_server_set_deck(p->srv, d);
			p->force_state = true;
		}
		if (dl.nwarnings)
			nav_note(&p->nav, false, "reloaded, %zu warnings (lectern check)",
				 dl.nwarnings);
		else
			nav_note(&p->nav, false, "reloaded");
	}
	diag_list_release(&dl);
}

int present_finish_load(struct present *p, struct diag_list *dl)
{
	struct deck *full = deck_load_rest(&p->rest, dl);
	if (!full)
		return -1;
	nav_reload(&p->nav, full);
	deck_free(p->deck);
	p->deck = full;
	if (p->coach)
		present_load_history(p);
	present_note_warnings(p, dl->nwarnings);
	return 0;
}

/* ---- the pass ---- */

void present_clock(struct present *p, uint64_t now_ms, uint64_t wall_ms)
{
	p->now_ms = now_ms;
	p->wall_ms = wall_ms;
}

unsigned present_wake(struct present *p)
{
	if (p->resume_timer) {
		timer_resume(&p->timer, p->now_ms);
		p->resume_timer = false;
	}
	return begin_talk(p, "the talk starts now", false) ? REACT_REDRAW : REACT_NONE;
}

unsigned present_key(struct present *p, struct key k)
{
	size_t cur = p->nav.cur;
	unsigned step = p->nav.step;
	unsigned r = nav_input(&p->nav, &p->cfg.keys, k);
	bool moved = p->nav.cur != cur || p->nav.step != step;
	if ((r & REACT_QUIT) && k.sym == KEYSYM_CHAR && k.ch == 3)
		p->interrupted = true;
	if (r & REACT_RELOAD)
		present_reload(p);
	if (r & REACT_TIMER)
		toggle_timer(p);
	if (r & REACT_RESTART)
		restart_timer(p);
	shift_code(p, r);
	if (r & (REACT_RESTART | REACT_RELOAD))
		p->force_state = true;
	if (p->o.rehearse && !p->nav.presenter) {
		p->nav.presenter = true;
		nav_message(&p->nav, false, "a rehearsal keeps the presenter layout");
	}
	/* any key takes control back from --auto, said unless the key said
	 * something */
	after_move(p, (moved ? MOVE_STARTS : 0) | MOVE_BY_HAND | MOVE_QUIET_AUTO);
	return r;
}

unsigned present_remote(struct present *p, const struct proto_nav *m)
{
	unsigned r = console_apply(&p->nav, m);
	if (r == REACT_NONE)
		return REACT_NONE;
	if (r & REACT_TIMER) {
		toggle_timer(p);
		after_move(p, 0);
	} else {
		after_move(p, MOVE_STARTS | MOVE_BY_HAND);
	}
	return r & REACT_REDRAW;
}

/* --auto: when the slide's planned time is up, shows the next slide fully
 * revealed; past the last slide a rehearsal ends (REACT_END) and a
 * presentation stops advancing. */
static unsigned auto_step(struct present *p)
{
	if (!p->auto_adv || !timer_slide_due(&p->timer, p->now_ms))
		return REACT_NONE;
	struct nav *n = &p->nav;
	long j = nav_peek(n, 1);
	if (j < 0) {
		p->auto_adv = false;
		nav_note(n, false, "end of the talk: automatic advance off");
		return REACT_REDRAW | REACT_END;
	}
	nav_goto_index(n, (size_t)j);
	const struct slide *s = &n->deck->slides[n->cur];
	n->step = s->nsteps ? s->nsteps - 1 : 0;
	after_move(p, 0);
	return REACT_REDRAW;
}

/* --watch: reloads when the deck file changed, at most every
 * WATCH_POLL_MS. */
static unsigned watch_step(struct present *p)
{
	if (!p->o.watch || p->now_ms < p->next_poll_ms)
		return REACT_NONE;
	p->next_poll_ms = p->now_ms + WATCH_POLL_MS;
	if (!file_changed(p))
		return REACT_NONE;
	present_reload(p);
	p->force_state = true;
	return REACT_REDRAW;
}

unsigned present_tick(struct present *p)
{
	unsigned r = auto_step(p);
	return r | watch_step(p);
}

void present_suspend(struct present *p)
{
	if (p->timer.state == TIMER_RUNNING) {
		timer_pause(&p->timer, p->now_ms);
		p->resume_timer = true;
	}
	present_publish(p);
}

/* ---- consoles ---- */

void present_publish(struct present *p)
{
	if (!p->srv)
		return;
	struct proto_state st;
	console_state_make(&st, &p->nav, &p->timer, p->now_ms, p->wall_ms);
	if (p->have_sent && !p->force_state && !console_state_differs(&st, &p->sent))
		return;
	session_server_broadcast(p->srv, &st);
	p->sent = st;
	p->have_sent = true;
	p->force_state = false;
}

unsigned present_serve(struct present *p, const struct pollfd *pfds, size_t npfds)
{
	if (!p->srv)
		return REACT_NONE;
	session_server_handle(p->srv, npfds ? pfds : NULL, npfds, p->now_ms);
	unsigned react = REACT_NONE;
	/* whether a console follows decides what the status line shows (a
	 * follower is the audience's, not the speaker's) */
	bool attached = session_server_nclients(p->srv) > session_server_nfollowers(p->srv);
	if (attached != p->console_attached) {
		p->console_attached = attached;
		react |= REACT_REDRAW;
	}
	struct proto_nav m;
	while (session_server_next_nav(p->srv, &m))
		react |= present_remote(p, &m);
	return react;
}

unsigned present_open_server(struct present *p)
{
	if (p->o.no_listen)
		return REACT_NONE;
	struct diag_list dl;
	diag_list_init(&dl);
	struct session_opts so;
	memset(&so, 0, sizeof so);
	so.session = p->o.session;
	so.deck_file = p->o.path;
	enum session_err e = session_server_open_err(&p->srv, p->deck, &so, &dl);
	if (!p->srv && dl.n) {
		const struct diag *d = &dl.v[0];
		if (e == SESSION_ERR_PRESENTED)
			nav_note(&p->nav, true,
				 "'%s' is already presented: consoles need --session",
				 p->deck->meta.id);
		else
			nav_note(&p->nav, true, "no console can follow: %s (%s)", d->msg, d->file);
	}
	diag_list_release(&dl);
	if (p->srv && p->o.audience) {
		struct session_audience_opts ao = { p->o.audience, 0, NULL };
		if (p->o.audience_max)
			ao.max = (size_t)strtoul(p->o.audience_max, NULL, 10);
		diag_list_init(&dl);
		if (session_server_open_audience(p->srv, &ao, &dl) != SESSION_OK && dl.n) {
			nav_note(&p->nav, true, "no audience can follow: %s (%s)", dl.v[0].msg,
				 dl.v[0].file);
			diag_list_release(&dl);
			return REACT_REDRAW;
		}
		diag_list_release(&dl);
	}
	return p->srv ? REACT_NONE : REACT_REDRAW;
}

unsigned present_follow(struct present *p, const struct pollfd *pfd)
{
	if (p->follow)
		return follow_handle(p, pfd);
	unsigned ev = session_client_handle(p->client, pfd, p->now_ms);
	if (!ev)
		return REACT_NONE;
	const struct proto_hello *h = session_client_peer(p->client);
	if ((ev & SESSION_EV_HELLO) && h) {
		p->ever_connected = true;
		console_reconnected(&p->nav);
		if (h->has_hash && h->hash != p->deck->hash && p->o.path) {
			present_reload(p);
			nav_message(&p->nav, false, "connected; the deck changed and was reloaded");
		}
		if (h->has_hash && h->hash != p->deck->hash)
			nav_message(
				&p->nav, true,
				"this deck differs from the one presented: slides may not match");
	}
	const struct proto_state *st = session_client_state(p->client);
	if ((ev & SESSION_EV_STATE) && st) {
		console_follow(&p->nav, st);
		hscroll_follow(p);
	}
	if (ev & SESSION_EV_LOST)
		snprintf(p->lost, sizeof p->lost, "%s", session_client_reason(p->client));
	if ((ev & SESSION_EV_LOST) && p->o.exit_with && p->ever_connected) {
		p->ended = true;
		return REACT_QUIT;
	}
	return REACT_REDRAW;
}

unsigned present_console_key(struct present *p, struct key k)
{
	if (p->follow) {
		unsigned r = follow_key(p, k);
		hscroll_follow(p);
		shift_code(p, r);
		return r;
	}
	struct proto_nav m;
	bool send;
	unsigned r = console_input(&p->nav, &p->cfg.keys, k, &m, &send);
	p->nav.presenter = true;
	hscroll_follow(p);
	shift_code(p, r);
	if (send && session_client_send_nav(p->client, &m) != 0)
		console_not_sent(&p->nav, &m);
	return r;
}

/* ---- what the screen shows of the time ---- */

struct console_times present_follow_times(const struct present *p, const struct proto_state **st)
{
	static const struct console_times none = { 0 };
	*st = session_client_state(p->client);
	if (!*st)
		return none;
	bool live = session_client_peer(p->client) != NULL;
	return console_times(*st, live, session_client_state_ms(p->client), p->now_ms);
}

/* The talk time and the time on the slide as shown now (a console's from
 * its STATE), and whether they are counting. */
static bool shown_times(const struct present *p, uint64_t *elapsed, uint64_t *slide)
{
	if (p->client) {
		const struct proto_state *st;
		struct console_times tm = present_follow_times(p, &st);
		*elapsed = tm.elapsed_ms;
		*slide = tm.slide_ms;
		return st && st->timer == PROTO_TIMER_RUNNING && session_client_peer(p->client);
	}
	const struct timer *tm = &p->timer;
	*elapsed = timer_elapsed_ms(tm, p->now_ms);
	*slide = timer_slide_ms(tm, tm->cur, p->now_ms);
	return tm->state == TIMER_RUNNING;
}

struct present_secs present_shown_secs(const struct present *p)
{
	uint64_t e, s;
	shown_times(p, &e, &s);
	return (struct present_secs){ p->wall_ms / 1000u, e / 1000u, s / 1000u };
}

bool present_ticking(const struct present *p)
{
	return p->clock || p->nav.presenter || timer_waiting(&p->timer);
}

/* Milliseconds until the next second of the talk time while it counts,
 * else of the wall clock: the loop wakes once a second, in one phase, and
 * every time shown then (talk, slide, clock) has moved on by one second
 * since the last wake, each at most a second after its own change. */
static int next_tick_ms(const struct present *p)
{
	uint64_t el, sl;
	if (shown_times(p, &el, &sl))
		return (int)(1000u - el % 1000u);
	return (int)(1000u - p->wall_ms % 1000u);
}

/* Milliseconds until the local time's minute changes (the status line's
 * HH:MM). */
static int next_minute_ms(const struct present *p)
{
	return (int)(60000u - clock_local_day_ms(p->wall_ms) % 60000u);
}

int present_wait_ms(const struct present *p)
{
	int wait = -1;
	if (p->nav.presenter || p->client || timer_waiting(&p->timer))
		wait = next_tick_ms(p) + 5; /* seconds are shown */
	else if (p->clock)
		wait = next_minute_ms(p) + 5;
	if (p->o.watch && (wait < 0 || wait > WATCH_POLL_MS))
		wait = WATCH_POLL_MS;
	const struct timer *tm = &p->timer;
	if (p->auto_adv && tm->state == TIMER_RUNNING && tm->cur < tm->nslides &&
	    tm->slides[tm->cur].planned_s) {
		uint64_t plan = (uint64_t)tm->slides[tm->cur].planned_s * 1000u;
		uint64_t on = timer_on_slide_ms(tm, p->now_ms);
		uint64_t left = on < plan ? plan - on + 5 : 5;
		if (wait < 0 || left < (uint64_t)wait)
			wait = (int)left;
	}
	return wait;
}
