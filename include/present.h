#ifndef LECTERN_PRESENT_H
#define LECTERN_PRESENT_H

/* The presentation controller: the state of one running presentation
 * (present, rehearse) or console (the deck, the navigation, the timer,
 * --auto, the status-line messages, the consoles' server or the
 * connection to a presenter) and the rules that move it. It is pure: no
 * terminal, no curses, no clock of its own. Every pass of the front end's
 * loop passes the time in (present_clock()), then hands over what came:
 * console NAVs (present_serve()), a key (present_key()), and lets the time
 * act (present_tick()); each returns REACT_* flags (nav.h) saying what the
 * loop must do (redraw, suspend, quit). Drawing reads the state through
 * screen_compose() (screen.h) and never writes it; what a layout clamped
 * (scroll positions) comes back through present_accept().
 *
 * The rule after every move, whoever made it (a key, a console, --auto):
 * the talk starts if it was waiting, a move by a person takes control back
 * from --auto, and the timer follows the slide shown. It lives in one
 * function of present.c. */

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "caption.h"
#include "config.h"
#include "console.h"
#include "deck.h"
#include "keymap.h"
#include "nav.h"
#include "proto.h"
#include "session.h"
#include "theme.h"
#include "timer.h"
#include "timerline.h"

/* The options of present, rehearse and console, as the command line gave
 * them (src/cmd_present.c, src/cmd_console.c). Strings are borrowed from
 * argv unless a field says otherwise. */
struct present_opts {
	const char *cmd;  /* "present", "rehearse" or "console", for messages */
	const char *path; /* NULL: the built-in talk */
	const char *lang;
	const char *goto_target;
	const char *duration, *end; /* as given; parsed into the fields below */
	const char *theme;          /* --theme NAME, or NULL for the config's */
	const char *start_at;       /* --start-at HH:MM, or NULL */
	bool clock, watch, presenter, auto_adv, rehearse;
	const char *session;           /* --session NAME, or NULL */
	bool no_listen;                /* --no-listen */
	const char *audience;          /* --audience[=GROUP]: "" for any user, else
					* the group's name; NULL without */
	const char *audience_max;      /* --audience-max N, or NULL */
	const char *socket;            /* follow --socket PATH, or NULL */
	bool console, list, exit_with; /* lectern console, --list, --exit-with */
	unsigned duration_s;           /* --duration; 0 = the deck's plan */
	uint32_t end_day_s;            /* --end, seconds after local midnight */
	bool has_end;
	uint32_t start_day_s; /* --start-at, seconds after local midnight */
	bool has_start;
	bool plain;           /* --plain: linear text, no curses (cmd_present.c) */
	const char *captions; /* --captions FILE, or NULL */
};

/* One presentation or console. The command embeds it zeroed, fills o, cfg,
 * theme and deck and nav_init()s nav; it owns deck, srv, client, rest,
 * deck_file and found_session. */
struct present {
	struct present_opts o;
	struct config cfg;
	struct theme theme; /* --theme, else [display] theme */
	bool colourless;    /* [display] color = no or NO_COLOR (non-empty):
			     * attributes only, and figures at text size */
	struct deck *deck;
	struct nav nav;
	bool clock;            /* status-line clock */
	uint64_t now_ms;       /* monotonic time of this pass (present_clock) */
	uint64_t wall_ms;      /* wall time, sampled with now_ms */
	struct timer timer;    /* runs in every presentation */
	bool timer_on;         /* timer initialised (present_start_timer) */
	bool auto_adv;         /* --auto, until a key takes control back */
	bool resume_timer;     /* resume at the next pass (after Ctrl-Z) */
	bool interrupted;      /* ended by Ctrl-C or a signal */
	uint64_t next_poll_ms; /* watch: next stat() of the deck file */
	struct stat st;        /* watch: the file as last loaded */
	bool have_st;
	/* present and rehearse: the consoles' server, NULL without one */
	struct session_server *srv;
	struct proto_state sent; /* the last STATE broadcast */
	bool have_sent;
	bool force_state;      /* broadcast even if nothing differs */
	bool console_attached; /* a console followed at the last present_serve() */
	/* console: the connection to the presentation, NULL when presenting */
	struct session_client *client;
	bool ever_connected;            /* a presenter's HELLO came at least once */
	bool ended;                     /* --exit-with: the presentation ended */
	char lost[PROTO_TEXT_MAX + 64]; /* why the last connection ended */
	char *deck_file;                /* console: the deck file a presenter named (o.path) */
	char *found_session;            /* console: the session found running (o.session) */
	/* follow (follow.h): a read-only console showing the audience view */
	bool follow;
	bool follow_want_deck;             /* no deck of its own: asks for the text */
	bool follow_said;                  /* "this is a follower" was said */
	bool follow_no_status;             /* its status line is hidden ('s') */
	char follow_missing[PROTO_ID_MAX]; /* the last slide id said to be missing */
	/* code blocks' horizontal shift (layout_opts.hscroll) on slide
	 * hscroll_slide; back to 0 when another slide is shown */
	unsigned hscroll;
	size_t hscroll_slide;
	/* a large deck's start: the head shown while the rest loads */
	struct deck_rest rest; /* what deck_load() left to load (deck.h); its
				* nslides_guess is the count shown meanwhile */
	/* the speaker's rehearsals of the deck, for the timer line's coaching
	 * (present_load_history); owned, released by present_release_history */
	struct timerline_history history;
	bool coach; /* present_load_history() was called: a reload reads again */
	/* --captions: the caption shown (caption.h) and the file it comes
	 * from, NULL without --captions; the command owns the source */
	struct caption caption;
	struct caption_source *captions;
};

/* Reads the rehearsal records of p->deck (record.h: the state folder, the
 * deck's id) into p->history, replacing what it held, and sets p->coach so
 * that present_reload() reads them again. Records that cannot be read are
 * left out silently (lectern report names them); no folder is no history. */
void present_load_history(struct present *p);
void present_release_history(struct present *p);

/* Tells in the status line that the deck just loaded has nwarnings
 * warnings (nothing when 0). */
void present_note_warnings(struct present *p, size_t nwarnings);

/* --watch: remembers the deck file's identity as it is now loaded. */
void present_remember_file(struct present *p);

/* Sets the time of this pass: monotonic and wall milliseconds, sampled
 * once by the caller; every call until the next uses them. */
void present_clock(struct present *p, uint64_t now_ms, uint64_t wall_ms);

/* The start of a pass of a presentation: resumes the timer after a
 * suspend, starts a --start-at talk whose time came. Returns REACT_*. */
unsigned present_wake(struct present *p);

/* One key, presenting: the navigation applies it, then the rule after a
 * move (any key also takes control back from --auto); reloads, toggles or
 * restarts the timer as the key asks; a rehearsal keeps the presenter
 * layout. Ctrl-C marks p->interrupted. Returns nav_input()'s REACT_*
 * flags; REACT_SUSPEND is for the caller (present_suspend()). */
unsigned present_key(struct present *p, struct key k);

/* One NAV from a console, like a key: applied through console_apply(),
 * then the rule after a move (the timer toggle moves nothing). Returns
 * REACT_REDRAW or REACT_NONE. */
unsigned present_remote(struct present *p, const struct proto_nav *m);

/* What time does after the keys: --auto advances when the slide's plan is
 * up (REACT_END past the last slide, then --auto is off), --watch reloads
 * a changed deck file (stat() at most every 500 ms). Returns REACT_*. */
unsigned present_tick(struct present *p);

/* Reloads the deck file; on errors the old deck stays and the first error
 * is shown in the status line. Consoles get the new deck. */
void present_reload(struct present *p);

/* A large deck's start: loads the whole deck p->rest holds (releasing it)
 * in place of the head shown. Returns 0, or -1 with the errors in
 * dl (p->deck is then the head still). */
int present_finish_load(struct present *p, struct diag_list *dl);

/* Sets up the timer from the options (duration, end, start-at, --auto)
 * and starts it on the current slide; sets p->timer_on. */
void present_start_timer(struct present *p);

/* Before the process stops (Ctrl-Z): pauses a running timer, to resume at
 * the next present_wake(), and tells the consoles. */
void present_suspend(struct present *p);

/* Presenting: broadcasts a STATE when what the consoles show changed
 * since the last one (or force_state asks). */
void present_publish(struct present *p);

/* Presenting: opens the consoles' server unless --no-listen; a failure
 * only costs the consoles and is said in the status line (REACT_REDRAW). */
unsigned present_open_server(struct present *p);

/* Presenting: handles a poll()'s results for the server (npfds 0: none
 * came) and applies the NAVs that came (present_remote()). Returns REACT_*. */
unsigned present_serve(struct present *p, const struct pollfd *pfds, size_t npfds);

/* Console: handles a poll() result for the connection (pfd NULL: none)
 * and reconnects when due. A STATE moves the view, a HELLO is checked
 * against the deck. Returns REACT_*; REACT_QUIT when --exit-with and the
 * presentation ended (p->ended). */
unsigned present_follow(struct present *p, const struct pollfd *pfd);

/* Console: one key; what moves the talk is sent to the presentation, the
 * rest acts on the console's own view. Returns REACT_*. */
unsigned present_console_key(struct present *p, struct key k);

/* Console: the presenter's times as of this pass, extrapolated while it is
 * connected and the timer runs; *st is the last STATE, NULL when none came
 * (the times are then 0). */
struct console_times present_follow_times(const struct present *p, const struct proto_state **st);

/* The whole seconds on screen: the wall clock, the talk time and the time
 * on the slide each tick in their own phase. */
struct present_secs {
	uint64_t wall, elapsed, slide;
};
struct present_secs present_shown_secs(const struct present *p);

/* Columns one scroll-left / scroll-right key shifts code blocks by. */
enum { PRESENT_HSCROLL_STEP = 8 };

/* The shift of the code blocks of the slide shown, for its layout: what
 * the scroll-left and scroll-right keys (REACT_HLEFT, REACT_HRIGHT) made it on this
 * slide, from 0 to its widest code line's width - 2 (the layout's
 * limit: that line's last column after the '←'); 0 on any other
 * slide. */
unsigned present_hscroll(const struct present *p);

/* Whether the screen shows a second that ticks (the clock, the presenter
 * layout's timer, a countdown). */
bool present_ticking(const struct present *p);

/* How long the loop may wait for input (milliseconds; -1: no limit):
 * until a second shown changes (the presenter layout's and a console's
 * timer line, a --start-at countdown), the minute of the status line's
 * clock, the next --watch poll or the moment --auto is due. Nothing else
 * on screen moves by itself, so a plain slide screen waits for input. */
int present_wait_ms(const struct present *p);

/* --captions (src/present_caption.c): reads what came from p->captions
 * without blocking and drops a caption whose time is up; followers that
 * asked get each change (session_server_caption(), also while the
 * captions key hides them here). Returns
 * REACT_REDRAW when the caption shown changed (REACT_NONE while the
 * captions key hides them). */
unsigned present_captions(struct present *p);

/* wait (milliseconds, -1: no limit) shortened to when --captions needs
 * the loop: the next look at a regular file, the end of the caption
 * shown. */
int present_caption_wait(const struct present *p, int wait);

#endif
