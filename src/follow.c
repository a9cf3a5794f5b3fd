/* The read-only follower (see include/follow.h).
 *
 * The deck text for a follower is cut from the INI text line by line, the
 * way iniparser joins them: a line whose last non-blank byte is '\' goes
 * on into the next, and a continued line belongs to the key (or comment)
 * it started with, so a note's continuation lines go with it. */
#include "follow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "deck_md.h"
#include "ini.h"
#include "markdown.h"
#include "session.h"
#include "xalloc.h"

/* Whether the key of an INI key line starting at s (n bytes, leading
 * blanks skipped) is note or note.N, in any case. */
static bool note_key(const char *s, size_t n)
{
	size_t k = 0;
	while (k < n && s[k] != '=')
		k++;
	if (k == n)
		return false;
	while (k > 0 && ini_is_space((unsigned char)s[k - 1]))
		k--;
	static const char note[] = "note";
	if (k < 4)
		return false;
	for (size_t i = 0; i < 4; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != note[i])
			return false;
	}
	return k == 4 || s[4] == '.';
}

char *follow_deck_text(const char *ini, size_t len, size_t *out_len)
{
	char *out = xmalloc(len + 1);
	size_t o = 0;
	bool cont = false, keep = false;
	for (size_t i = 0; i < len;) {
		const char *line = ini + i;
		const char *nl = memchr(line, '\n', len - i);
		size_t n = nl ? (size_t)(nl - line) : len - i;
		i += nl ? n + 1 : n;
		size_t end = n; /* without trailing blanks and CR */
		while (end > 0 && ini_is_space((unsigned char)line[end - 1]))
			end--;
		bool continues = end > 0 && line[end - 1] == '\\';
		if (!cont) {
			size_t b = 0;
			while (b < n && ini_is_space((unsigned char)line[b]))
				b++;
			keep = b < end && line[b] != ';' && line[b] != '#' &&
			       !note_key(line + b, n - b);
		}
		cont = continues;
		if (!keep)
			continue;
		size_t cut = n; /* the line as written, without its CR */
		while (cut > 0 && line[cut - 1] == '\r')
			cut--;
		memcpy(out + o, line, cut);
		o += cut;
		out[o++] = '\n';
	}
	out[o] = '\0';
	*out_len = o;
	return out;
}

char *follow_deck_file(const char *path, size_t *out_len, struct diag_list *diags)
{
	size_t len;
	char *bytes = ini_read_file(path, DECK_MAX_BYTES, &len, diags);
	if (!bytes)
		return NULL;
	if (deck_md_named(path)) {
		char *ini = markdown_import(path, bytes, len, diags);
		free(bytes);
		if (!ini)
			return NULL;
		bytes = ini;
		len = strlen(ini);
	}
	char *text = follow_deck_text(bytes, len, out_len);
	free(bytes);
	if (*out_len > PROTO_DECK_MAX) {
		diag_add(diags, path, 0, 0, SEV_ERROR,
			 "the deck is too large to send to followers (over %u bytes without "
			 "notes); they need the file",
			 PROTO_DECK_MAX);
		free(text);
		return NULL;
	}
	return text;
}

void follow_strip_notes(struct deck *d)
{
	for (size_t i = 0; i < d->nslides; i++) {
		free((void *)d->slides[i].notes); /* the array is the deck's (deck.c) */
		d->slides[i].notes = NULL;
		d->slides[i].nnotes = 0;
	}
}

struct deck *follow_waiting_deck(void)
{
	static const char text[] = "[deck]\n"
				   "id = follow\n"
				   "title = lectern follow\n"
				   "[waiting]\n"
				   "layout = title\n"
				   "title = Waiting for the presenter's slides\n";
	struct diag_list dl;
	diag_list_init(&dl);
	struct deck *d = deck_load(&(struct deck_load_opts){ .from = DECK_FROM_BUFFER,
							     .name = "lectern follow",
							     .bytes = text,
							     .len = sizeof text - 1 },
				   NULL, &dl);
	diag_list_release(&dl);
	if (!d)
		bug("the follower's waiting deck does not load");
	return d;
}

struct deck *follow_load_text(char *text, size_t len, struct diag_list *diags)
{
	struct deck *d = deck_load(&(struct deck_load_opts){ .from = DECK_FROM_OWNED,
							     .name = "the presenter's deck",
							     .owned = text,
							     .len = len },
				   NULL, diags);
	if (d)
		follow_strip_notes(d);
	return d;
}

enum follow_match follow_state(struct nav *n, const struct proto_state *st)
{
	const struct deck *d = n->deck;
	enum blank blank = st->blank == PROTO_BLANK_BLACK   ? BLANK_BLACK
			   : st->blank == PROTO_BLANK_WHITE ? BLANK_WHITE
							    : BLANK_NONE;
	bool blank_moved = n->blank != blank;
	n->blank = blank;
	long at = -1;
	if (st->slide < d->nslides && strcmp(d->slides[st->slide].id, st->slide_id) == 0)
		at = (long)st->slide;
	else
		at = deck_find(d, st->slide_id);
	if (at < 0)
		return FOLLOW_MISSING;
	const struct slide *s = &d->slides[at];
	unsigned steps = s->nsteps ? s->nsteps : 1;
	unsigned step = st->step < steps ? st->step : steps - 1;
	if ((size_t)at == n->cur && step == n->step)
		return blank_moved ? FOLLOW_MOVED : FOLLOW_SAME;
	if ((size_t)at != n->cur) {
		n->scroll = 0;
		n->notes_scroll = 0;
		n->reveal = false;
	} else {
		n->reveal = step > n->step;
	}
	n->cur = (size_t)at;
	n->step = step;
	return FOLLOW_MOVED;
}

unsigned follow_key(struct present *p, struct key k)
{
	struct nav *n = &p->nav;
	if (key_is_ctrl_c(k)) {
		p->interrupted = true;
		return REACT_QUIT;
	}
	if (n->overlay == OVERLAY_NONE && k.sym == KEYSYM_CHAR && k.ch == 's') {
		p->follow_no_status = !p->follow_no_status;
		return REACT_REDRAW;
	}
	enum action a = keymap_lookup(&p->cfg.keys, k, nav_context(n));
	switch (a) {
	case ACTION_HELP:
	case ACTION_MESSAGES:
	case ACTION_CLOSE:
	case ACTION_REDRAW:
	case ACTION_SUSPEND:
	case ACTION_QUIT:
	case ACTION_SCROLL_UP:
	case ACTION_SCROLL_DOWN:
	case ACTION_SCROLL_LEFT:
	case ACTION_SCROLL_RIGHT:
	case ACTION_CAPTIONS: /* this follower's own: the presenter is not told */
		return nav_apply(n, a) & ~(unsigned)(REACT_RELOAD | REACT_TIMER);
	default: break;
	}
	if (n->overlay != OVERLAY_NONE)
		return REACT_NONE;
	if (!p->follow_said) {
		p->follow_said = true;
		nav_message(n, false,
			    "this is a follower: the presenter moves the slides, keys here do not");
		return REACT_REDRAW;
	}
	return REACT_NONE;
}

/* A DECK text arrived: it replaces the deck shown (which stays when the
 * text does not load). */
static void take_deck(struct present *p)
{
	size_t len;
	char *text = session_client_take_deck(p->client, &len);
	if (!text)
		return;
	struct diag_list dl;
	diag_list_init(&dl);
	struct deck *d = follow_load_text(text, len, &dl);
	if (!d) {
		const char *why = dl.n ? dl.v[0].msg : "it has errors";
		nav_message(&p->nav, true, "the presenter's deck did not load: %s", why);
	} else {
		struct deck *old = p->deck;
		nav_reload(&p->nav, d);
		p->deck = d;
		deck_free(old);
		p->follow_missing[0] = '\0';
	}
	diag_list_release(&dl);
}

struct deck *follow_builtin(const char *id)
{
	const char *lang;
	struct deck *d = cli_builtin_by_id(id, &lang);
	if (d)
		follow_strip_notes(d);
	return d;
}

/* A follower without a deck whose presenter shows a built-in talk: that
 * talk (every follower has it; it is never sent). */
static void take_builtin(struct present *p, const char *id)
{
	if (strcmp(p->deck->meta.id, id) == 0)
		return;
	struct deck *d = follow_builtin(id);
	if (!d)
		return;
	struct deck *old = p->deck;
	nav_reload(&p->nav, d);
	p->deck = d;
	deck_free(old);
}

/* The follower's own deck file, again (the presenter reloaded). */
static void reload_own(struct present *p)
{
	struct diag_list dl;
	diag_list_init(&dl);
	struct deck *d = cli_load_deck(p->o.path, NULL, &dl);
	if (d) {
		follow_strip_notes(d);
		struct deck *old = p->deck;
		nav_reload(&p->nav, d);
		p->deck = d;
		deck_free(old);
	}
	diag_list_release(&dl);
}

/* Follows the last state; says once per slide id when it has no
 * counterpart in this deck. */
static void apply_state(struct present *p)
{
	const struct proto_state *st = session_client_state(p->client);
	if (!st)
		return;
	if (follow_state(&p->nav, st) != FOLLOW_MISSING) {
		p->follow_missing[0] = '\0';
		return;
	}
	if (strcmp(p->follow_missing, st->slide_id) == 0)
		return;
	proto_copy_text(p->follow_missing, sizeof p->follow_missing, st->slide_id);
	nav_message(&p->nav, true, "the presenter's slide '%s' is not in this deck", st->slide_id);
}

unsigned follow_handle(struct present *p, const struct pollfd *pfd)
{
	unsigned ev = session_client_handle(p->client, pfd, p->now_ms);
	const char *why = session_client_reason(p->client);
	if (!session_client_connected(p->client) && why[0] && strcmp(why, p->lost) != 0) {
		/* why it does not follow (not running, refused, ended), once */
		snprintf(p->lost, sizeof p->lost, "%s", why);
		p->nav.blank = BLANK_NONE;
		nav_message(&p->nav, true, "%s; waiting for it to come back", p->lost);
		if (!(ev & SESSION_EV_LOST))
			return REACT_REDRAW;
	}
	if (!ev)
		return REACT_NONE;
	if (ev & (SESSION_EV_CAPTION | SESSION_EV_LOST)) {
		/* the presenter's caption, or none once the connection is lost */
		const char *cap = session_client_caption(p->client);
		caption_set(&p->caption, cap, strlen(cap), p->now_ms);
	}
	if (ev & SESSION_EV_HELLO)
		p->lost[0] = '\0';
	const struct proto_hello *h = session_client_peer(p->client);
	if ((ev & SESSION_EV_HELLO) && h) {
		p->ever_connected = true;
		if (p->o.path && h->has_hash && h->hash != p->deck->hash)
			reload_own(p);
		if (p->follow_want_deck && !h->path[0])
			take_builtin(p, h->deck);
		if (strcmp(h->deck, p->deck->meta.id) != 0 && !p->follow_want_deck)
			nav_message(&p->nav, false, "following '%s' by slide id", h->deck);
		else
			nav_message(&p->nav, false, "following '%s'", h->deck);
	}
	if (ev & SESSION_EV_DECK)
		take_deck(p);
	if (ev & (SESSION_EV_STATE | SESSION_EV_DECK | SESSION_EV_HELLO))
		apply_state(p);
	if ((ev & SESSION_EV_LOST) && p->o.exit_with && p->ever_connected) {
		p->ended = true;
		return REACT_QUIT;
	}
	return REACT_REDRAW;
}

void follow_hello(const struct present *p, struct proto_hello *me)
{
	memset(me, 0, sizeof *me);
	me->role = PROTO_ROLE_FOLLOWER;
	if (!p->follow_want_deck) {
		proto_copy_text(me->deck, sizeof me->deck, p->deck->meta.id);
		me->has_hash = true;
		me->hash = p->deck->hash;
	}
	proto_copy_text(me->session, sizeof me->session, p->o.session ? p->o.session : "");
	me->want_deck = p->follow_want_deck;
	me->want_captions = true;
}

void follow_public_state(struct proto_state *out, const struct proto_state *st)
{
	*out = *st;
	out->timer = PROTO_TIMER_IDLE;
	out->elapsed_ms = 0;
	out->slide_ms = 0;
	out->has_remaining = false;
	out->remaining_ms = 0;
	out->pace = PROTO_PACE_NONE;
	out->has_starts_in = false;
	out->starts_in_ms = 0;
}
