/* Navigation state machine. Keys arrive through nav_input(): a blackout
 * swallows the key, an open prompt edits its input, digits accumulate a
 * count, Enter after digits is a goto, anything else is looked up in the
 * key map and applied by nav_apply() with the count. Overlays (help,
 * overview) reinterpret the movement actions for themselves; every other
 * action works the same whatever is open. */
#include "nav.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "smap.h"
#include "textclass.h"
#include "utf8.h"
#include "xalloc.h"

static unsigned nsteps(const struct slide *s)
{
	return s->nsteps ? s->nsteps : 1;
}

static const struct slide *cur_slide(const struct nav *n)
{
	return &n->deck->slides[n->cur];
}

static void log_message(struct nav *n)
{
	if (n->nlog) {
		const struct nav_logged *last = nav_log_entry(n, n->nlog - 1);
		if (last->warn == n->msg_warn && strcmp(last->text, n->msg) == 0)
			return;
	}
	unsigned slot = (n->log_first + n->nlog) % NAV_LOG_MAX;
	if (n->nlog == NAV_LOG_MAX)
		n->log_first = (n->log_first + 1) % NAV_LOG_MAX;
	else
		n->nlog++;
	memcpy(n->log[slot].text, n->msg, sizeof n->msg);
	n->log[slot].warn = n->msg_warn;
}

static void set_message(struct nav *n, bool warn, bool speaker, const char *fmt, va_list ap)
{
	vsnprintf(n->msg, sizeof n->msg, fmt, ap);
	n->msg_warn = warn;
	n->msg_speaker = speaker;
	if (n->msg[0])
		log_message(n);
}

void nav_message(struct nav *n, bool warn, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_message(n, warn, false, fmt, ap);
	va_end(ap);
}

void nav_note(struct nav *n, bool warn, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_message(n, warn, true, fmt, ap);
	va_end(ap);
}

bool nav_message_shown(const struct nav *n, bool console_attached)
{
	return n->msg[0] && !(n->msg_speaker && console_attached && !n->presenter);
}

const struct nav_logged *nav_log_entry(const struct nav *n, unsigned i)
{
	if (i >= n->nlog)
		bug("nav_log_entry: no such entry");
	return &n->log[(n->log_first + i) % NAV_LOG_MAX];
}

void nav_init(struct nav *n, const struct deck *d)
{
	if (!d || d->nslides == 0)
		bug("nav_init: a deck without slides");
	memset(n, 0, sizeof *n);
	n->deck = d;
}

void nav_release(struct nav *n)
{
	free(n->query);
	free(n->hits);
	n->query = NULL;
	n->hits = NULL;
	n->nhits = n->hitcap = 0;
	n->searching = false;
}

enum keyctx nav_context(const struct nav *n)
{
	if (n->overlay == OVERLAY_OVERVIEW)
		return KEYCTX_OVERVIEW;
	if (n->searching)
		return KEYCTX_SEARCH;
	return KEYCTX_GLOBAL;
}

static void show(struct nav *n, size_t idx, unsigned step)
{
	n->cur = idx;
	unsigned last = nsteps(&n->deck->slides[idx]) - 1;
	n->step = step > last ? last : step;
	n->scroll = 0;
	n->notes_scroll = 0;
	n->reveal = false;
}

long nav_peek(const struct nav *n, int dir)
{
	const struct deck *d = n->deck;
	if (dir > 0) {
		for (size_t i = n->cur + 1; i < d->nslides; i++)
			if (!d->slides[i].backup)
				return (long)i;
	} else {
		for (size_t i = n->cur; i-- > 0;)
			if (!d->slides[i].backup)
				return (long)i;
	}
	return -1;
}

size_t nav_main_count(const struct nav *n)
{
	size_t c = 0;
	for (size_t i = 0; i < n->deck->nslides; i++)
		c += !n->deck->slides[i].backup;
	return c;
}

/* Moves up to count non-backup slides in direction dir; reports the ends. */
static void move_slides(struct nav *n, int dir, unsigned count, bool reveal_all)
{
	unsigned moved = 0;
	while (moved < count) {
		long j = nav_peek(n, dir);
		if (j < 0)
			break;
		n->cur = (size_t)j;
		moved++;
	}
	if (moved == 0) {
		nav_message(n, false,
			    dir > 0 ? "this is the last slide" : "this is the first slide");
		return;
	}
	show(n, n->cur, reveal_all ? ~0u : 0);
}

static void next(struct nav *n, bool has, unsigned count)
{
	if (has) {
		move_slides(n, 1, count ? count : 1, false);
	} else if (n->step + 1 < nsteps(cur_slide(n))) {
		n->step++;
		n->reveal = true;
	} else {
		move_slides(n, 1, 1, false);
	}
}

static void prev(struct nav *n, bool has, unsigned count)
{
	if (has)
		move_slides(n, -1, count ? count : 1, true);
	else if (n->step > 0) {
		n->step--;
		n->reveal = false;
	} else
		move_slides(n, -1, 1, true);
}

static void first(struct nav *n)
{
	for (size_t i = 0; i < n->deck->nslides; i++)
		if (!n->deck->slides[i].backup) {
			show(n, i, 0);
			return;
		}
	show(n, 0, 0);
}

static void last(struct nav *n)
{
	for (size_t i = n->deck->nslides; i-- > 0;)
		if (!n->deck->slides[i].backup) {
			show(n, i, 0);
			return;
		}
	show(n, n->deck->nslides - 1, 0);
}

struct nav_pos nav_position(const struct deck *d, size_t idx)
{
	struct nav_pos p = { 0, 0, d->slides[idx].backup };
	for (size_t i = 0; i < d->nslides; i++)
		if (d->slides[i].backup == p.backup) {
			p.total++;
			if (i <= idx)
				p.num++;
		}
	return p;
}

void nav_label(const struct deck *d, size_t idx, char buf[NAV_LABEL_MAX])
{
	struct nav_pos p = nav_position(d, idx);
	snprintf(buf, NAV_LABEL_MAX, "%s%zu", p.backup ? "B" : "", p.num);
}

long nav_index_of(const struct deck *d, unsigned long num, bool backup)
{
	unsigned long k = 0;
	for (size_t i = 0; num > 0 && i < d->nslides; i++)
		if (d->slides[i].backup == backup && ++k == num)
			return (long)i;
	return -1;
}

void nav_goto_index(struct nav *n, size_t idx)
{
	if (idx >= n->deck->nslides)
		bug("nav_goto_index: no such slide");
	show(n, idx, 0);
}

/* The numbers there are, for a message: "1-5, backup B1-B2". */
static void numbers_text(const struct deck *d, char *buf, size_t cap)
{
	size_t nb = 0;
	for (size_t i = 0; i < d->nslides; i++)
		nb += d->slides[i].backup;
	size_t nm = d->nslides - nb;
	int l = nm ? snprintf(buf, cap, "slides are 1-%zu", nm)
		   : snprintf(buf, cap, "no main slides");
	if (nb && l >= 0 && (size_t)l < cap)
		snprintf(buf + l, cap - (size_t)l, ", backup B1-B%zu", nb);
}

/* Goes to main (or backup) slide num; -1 with a message when there is none. */
static int goto_numbered(struct nav *n, unsigned long num, bool backup)
{
	long j = nav_index_of(n->deck, num, backup);
	if (j < 0) {
		char nums[96];
		numbers_text(n->deck, nums, sizeof nums);
		nav_message(n, true, "no slide %s%lu (%s)", backup ? "B" : "", num, nums);
		return -1;
	}
	show(n, (size_t)j, 0);
	return 0;
}

int nav_goto_number(struct nav *n, unsigned long num)
{
	return goto_numbered(n, num, false);
}

/* The number of target[0..len) when it is all digits (capped). */
static bool parse_number(const char *target, size_t len, unsigned long *num)
{
	if (len == 0 || strspn(target, "0123456789") < len)
		return false;
	*num = 0;
	for (size_t i = 0; i < len && *num <= NAV_COUNT_MAX; i++)
		*num = *num * 10 + (unsigned long)(target[i] - '0');
	return true;
}

int nav_goto(struct nav *n, const char *target)
{
	while (*target == ' ')
		target++;
	size_t len = strlen(target);
	while (len && target[len - 1] == ' ')
		len--;
	if (len == 0)
		return -1;
	unsigned long num;
	if (parse_number(target, len, &num))
		return goto_numbered(n, num, false);
	for (size_t i = 0; i < n->deck->nslides; i++) {
		const char *id = n->deck->slides[i].id;
		if (id && strlen(id) == len && strncasecmp(id, target, len) == 0) {
			show(n, i, 0);
			return 0;
		}
	}
	if ((target[0] == 'B' || target[0] == 'b') && parse_number(target + 1, len - 1, &num))
		return goto_numbered(n, num, true);
	nav_message(n, true, "no slide '%.*s'", (int)(len > 64 ? 64 : len), target);
	return -1;
}

/* Byte-wise substring test folding ASCII letters only, so UTF-8 stays
 * intact (the same test as the highlight's). */
static bool contains(const char *hay, const char *needle, size_t nlen)
{
	return hay && utf8_find_fold(hay, strlen(hay), needle, nlen) != NULL;
}

/* A match in what the audience sees: title, subtitle, items, bars. */
static bool text_matches(const struct slide *s, const char *q, size_t ql)
{
	if (contains(s->title, q, ql) || contains(s->subtitle, q, ql))
		return true;
	for (size_t i = 0; i < s->nitems; i++) {
		const struct item *it = &s->items[i];
		if (contains(it->text, q, ql) || contains(it->caption, q, ql))
			return true;
		for (size_t b = 0; b < it->nbars; b++)
			if (contains(it->bars[b].label, q, ql) ||
			    contains(it->bars[b].shown, q, ql))
				return true;
	}
	return false;
}

static bool notes_match(const struct slide *s, const char *q, size_t ql)
{
	for (size_t i = 0; i < s->nnotes; i++)
		if (contains(s->notes[i], q, ql))
			return true;
	return false;
}

static bool slide_matches(const struct slide *s, const char *q, size_t ql)
{
	return text_matches(s, q, ql) || notes_match(s, q, ql);
}

bool nav_hit_in_notes_only(const struct nav *n)
{
	if (!n->query || !n->searching)
		return false;
	const struct slide *s = cur_slide(n);
	size_t ql = strlen(n->query);
	return !text_matches(s, n->query, ql) && notes_match(s, n->query, ql);
}

static void find_hits(struct nav *n)
{
	n->nhits = 0;
	size_t ql = strlen(n->query);
	for (size_t i = 0; i < n->deck->nslides; i++)
		if (slide_matches(&n->deck->slides[i], n->query, ql)) {
			xgrow((void **)&n->hits, &n->hitcap, n->nhits + 1, sizeof *n->hits);
			n->hits[n->nhits++] = i;
		}
	n->searching = n->nhits > 0;
}

size_t nav_search_pos(const struct nav *n)
{
	for (size_t i = 0; i < n->nhits; i++)
		if (n->hits[i] == n->cur)
			return i + 1;
	return 0;
}

int nav_search_step(struct nav *n, int dir)
{
	if (!n->searching || n->nhits == 0) {
		nav_message(n, false, "no search: press / to search");
		return -1;
	}
	size_t target = 0;
	bool wrapped = true;
	if (dir > 0) {
		for (size_t i = 0; i < n->nhits; i++)
			if (n->hits[i] > n->cur) {
				target = n->hits[i];
				wrapped = false;
				break;
			}
		if (wrapped)
			target = n->hits[0];
	} else {
		for (size_t i = n->nhits; i-- > 0;)
			if (n->hits[i] < n->cur) {
				target = n->hits[i];
				wrapped = false;
				break;
			}
		if (wrapped)
			target = n->hits[n->nhits - 1];
	}
	show(n, target, ~0u);
	bool notes = nav_hit_in_notes_only(n);
	nav_message(n, false, "'%.64s': %s%smatch %zu of %zu%s", n->query,
		    notes ? "in the notes" : "",
		    !notes                       ? ""
		    : !n->notes && !n->presenter ? " (s shows them), "
						 : ", ",
		    nav_search_pos(n), n->nhits, wrapped ? ", wrapped around" : "");
	return 0;
}

size_t nav_search(struct nav *n, const char *query)
{
	char *q = xstrdup(query);
	free(n->query);
	n->query = q;
	find_hits(n);
	if (n->nhits == 0) {
		nav_message(n, true, "no match for '%.64s'", q);
		return 0;
	}
	nav_search_step(n, 1);
	return n->nhits;
}

/* The slide ids of a deck, ASCII letters folded to lower case (the way
 * deck_find() compares them), mapped to the first slide with each; kept
 * here so navigation does not depend on the loader. One map answers every
 * lookup of a reload, so a reload is linear in the slides of both decks. */
struct id_index {
	struct smap map;
	char *folded;  /* every id folded, NUL-terminated, one after another */
	char *scratch; /* a looked-up id, folded */
	size_t scratch_cap;
};

static void fold_into(char *dst, const char *src, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = src[i];
		dst[i] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
	}
	dst[n] = '\0';
}

static void id_index_init(struct id_index *x, const struct deck *d)
{
	size_t total = 1;
	for (size_t i = 0; i < d->nslides; i++)
		total += d->slides[i].id ? strlen(d->slides[i].id) + 1 : 0;
	*x = (struct id_index){ { 0 }, xmalloc(total), NULL, 0 };
	char *p = x->folded;
	for (size_t i = 0; i < d->nslides; i++) {
		if (!d->slides[i].id)
			continue;
		size_t n = strlen(d->slides[i].id);
		fold_into(p, d->slides[i].id, n);
		if (!smap_get(&x->map, p, n))
			smap_put(&x->map, p, n, i);
		p += n + 1;
	}
}

static void id_index_release(struct id_index *x)
{
	smap_release(&x->map);
	free(x->folded);
	free(x->scratch);
}

static long find_id(struct id_index *x, const char *id)
{
	if (!id)
		return -1;
	size_t n = strlen(id);
	xgrow((void **)&x->scratch, &x->scratch_cap, n + 1, 1);
	fold_into(x->scratch, id, n);
	const size_t *i = smap_get(&x->map, x->scratch, n);
	return i ? (long)*i : -1;
}

void nav_reload(struct nav *n, const struct deck *d)
{
	if (!d || d->nslides == 0)
		bug("nav_reload: a deck without slides");
	const struct deck *old = n->deck;
	long j = -1;
	bool same = false;
	if (n->cur < old->nslides) {
		struct id_index x;
		id_index_init(&x, d);
		j = find_id(&x, old->slides[n->cur].id);
		same = j >= 0;
		for (size_t i = n->cur + 1; j < 0 && i < old->nslides; i++)
			j = find_id(&x, old->slides[i].id);
		for (size_t i = n->cur; j < 0 && i-- > 0;)
			j = find_id(&x, old->slides[i].id);
		id_index_release(&x);
	}
	if (j < 0)
		j = (long)(n->cur < d->nslides ? n->cur : d->nslides - 1);
	n->deck = d;
	show(n, (size_t)j, same ? n->step : 0);
	if (n->sel >= d->nslides)
		n->sel = d->nslides - 1;
	if (n->query)
		find_hits(n);
}

static unsigned apply_overview(struct nav *n, enum action a, bool has, unsigned count,
			       bool *handled)
{
	size_t ns = n->deck->nslides, c = count ? count : 1;
	*handled = true;
	switch (a) {
	case ACTION_NEXT:
	case ACTION_SCROLL_DOWN: n->sel = n->sel + c < ns ? n->sel + c : ns - 1; break;
	case ACTION_PREV:
	case ACTION_SCROLL_UP: n->sel = n->sel > c ? n->sel - c : 0; break;
	case ACTION_FIRST:
	case ACTION_LAST:
		if (has) {
			long j = nav_index_of(n->deck, count, false);
			n->sel = j >= 0 ? (size_t)j : n->sel;
		} else
			n->sel = a == ACTION_FIRST ? 0 : ns - 1;
		break;
	case ACTION_OPEN:
		show(n, n->sel, 0);
		n->overlay = OVERLAY_NONE;
		break;
	case ACTION_OVERVIEW:
	case ACTION_CLOSE: n->overlay = OVERLAY_NONE; break;
	default: *handled = false;
	}
	return REACT_REDRAW;
}

static unsigned apply_help(struct nav *n, enum action a, unsigned count, bool *handled)
{
	unsigned c = count ? count : 1;
	*handled = true;
	switch (a) {
	case ACTION_NEXT:
	case ACTION_SCROLL_DOWN: n->help_scroll += c; break;
	case ACTION_PREV:
	case ACTION_SCROLL_UP: n->help_scroll = n->help_scroll > c ? n->help_scroll - c : 0; break;
	case ACTION_FIRST: n->help_scroll = 0; break;
	case ACTION_LAST:
		n->help_scroll = 1u << 20; /* the front end clamps it */
		break;
	case ACTION_HELP:
	case ACTION_MESSAGES:
		if ((a == ACTION_HELP) != (n->overlay == OVERLAY_HELP)) {
			*handled = false; /* the other overlay: open it */
			break;
		}
		n->overlay = OVERLAY_NONE;
		break;
	case ACTION_CLOSE: n->overlay = OVERLAY_NONE; break;
	default:
		/* any other action leaves the help and acts */
		n->overlay = OVERLAY_NONE;
		*handled = false;
	}
	return REACT_REDRAW;
}

/* On the last step of the last slide next can reach (backup or not). */
static bool at_end(const struct nav *n)
{
	return n->step + 1 >= nsteps(cur_slide(n)) && nav_peek(n, 1) < 0;
}

static void open_prompt(struct nav *n, enum prompt p)
{
	n->prompt = p;
	n->input[0] = 0;
	n->input_len = 0;
}

unsigned nav_apply(struct nav *n, enum action a)
{
	bool has = n->has_count;
	unsigned count = n->count;
	n->has_count = false;
	n->count = 0;
	bool handled = false;
	unsigned r = REACT_REDRAW;
	if (n->overlay == OVERLAY_OVERVIEW)
		r = apply_overview(n, a, has, count, &handled);
	else if (n->overlay == OVERLAY_HELP || n->overlay == OVERLAY_MESSAGES)
		r = apply_help(n, a, count, &handled);
	if (handled)
		return r;
	unsigned c = count ? count : 1;
	switch (a) {
	case ACTION_NONE:
	case ACTION_OPEN: break;
	case ACTION_NEXT:
		if (!has && at_end(n))
			r |= REACT_END;
		next(n, has, count);
		break;
	case ACTION_PREV: prev(n, has, count); break;
	case ACTION_FIRST:
		if (has)
			nav_goto_number(n, count);
		else
			first(n);
		break;
	case ACTION_LAST:
		if (has)
			nav_goto_number(n, count);
		else
			last(n);
		break;
	case ACTION_GOTO:
		if (has)
			nav_goto_number(n, count);
		else
			open_prompt(n, PROMPT_GOTO);
		break;
	case ACTION_OVERVIEW:
		n->overlay = OVERLAY_OVERVIEW;
		n->sel = n->cur;
		break;
	case ACTION_SEARCH: open_prompt(n, PROMPT_SEARCH); break;
	case ACTION_NOTES:
		n->notes = !n->notes;
		n->notes_scroll = 0;
		break;
	case ACTION_PRESENTER:
		n->presenter = !n->presenter;
		n->notes_scroll = 0;
		break;
	case ACTION_CAPTIONS:
		n->captions_off = !n->captions_off;
		nav_message(n, false, "live captions %s", n->captions_off ? "hidden" : "shown");
		break;
	case ACTION_TIMER: r |= REACT_TIMER; break;
	case ACTION_RESTART: open_prompt(n, PROMPT_RESTART); break;
	case ACTION_SCROLL_DOWN:
		if (n->notes || n->presenter) {
			n->notes_scroll += c;
		} else {
			n->scroll += c;
			n->reveal = false;
		}
		break;
	case ACTION_SCROLL_UP:
		if (n->notes || n->presenter) {
			n->notes_scroll = n->notes_scroll > c ? n->notes_scroll - c : 0;
		} else {
			n->scroll = n->scroll > c ? n->scroll - c : 0;
			n->reveal = false;
		}
		break;
	case ACTION_SCROLL_LEFT: r |= REACT_HLEFT; break;
	case ACTION_SCROLL_RIGHT: r |= REACT_HRIGHT; break;
	case ACTION_BLACK: n->blank = BLANK_BLACK; break;
	case ACTION_WHITE: n->blank = BLANK_WHITE; break;
	case ACTION_RELOAD: r |= REACT_RELOAD; break;
	case ACTION_HELP:
		n->overlay = OVERLAY_HELP;
		n->help_scroll = 0;
		break;
	case ACTION_MESSAGES:
		n->overlay = OVERLAY_MESSAGES;
		n->help_scroll = 1u << 20; /* the newest: the front end clamps it */
		break;
	case ACTION_CLOSE:
		if (n->overlay != OVERLAY_NONE)
			n->overlay = OVERLAY_NONE;
		else
			n->searching = false;
		break;
	case ACTION_REDRAW: r |= REACT_CLEAR; break;
	case ACTION_SUSPEND: r |= REACT_SUSPEND | REACT_CLEAR; break;
	case ACTION_QUIT: r = REACT_QUIT; break;
	case ACTION_SEARCH_NEXT: nav_search_step(n, 1); break;
	case ACTION_SEARCH_PREV: nav_search_step(n, -1); break;
	case ACTION_COUNT: bug("nav_apply: ACTION_COUNT");
	}
	return r;
}

static void prompt_append(struct nav *n, uint32_t c)
{
	char buf[8];
	size_t len;
	if (c < 0x80) {
		buf[0] = (char)c;
		len = 1;
	} else if (c < 0x800) {
		buf[0] = (char)(0xc0 | (c >> 6));
		buf[1] = (char)(0x80 | (c & 0x3f));
		len = 2;
	} else if (c < 0x10000) {
		buf[0] = (char)(0xe0 | (c >> 12));
		buf[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		buf[2] = (char)(0x80 | (c & 0x3f));
		len = 3;
	} else {
		buf[0] = (char)(0xf0 | (c >> 18));
		buf[1] = (char)(0x80 | ((c >> 12) & 0x3f));
		buf[2] = (char)(0x80 | ((c >> 6) & 0x3f));
		buf[3] = (char)(0x80 | (c & 0x3f));
		len = 4;
	}
	if (n->input_len + len >= sizeof n->input)
		return;
	memcpy(n->input + n->input_len, buf, len);
	n->input_len += len;
	n->input[n->input_len] = 0;
}

static unsigned prompt_commit(struct nav *n)
{
	enum prompt p = n->prompt;
	n->prompt = PROMPT_NONE;
	int ok = -1;
	if (p == PROMPT_GOTO) {
		ok = nav_goto(n, n->input);
	} else if (n->input_len > 0) {
		ok = nav_search(n, n->input) ? 0 : -1;
	} else if (n->query) {
		char *q = xstrdup(n->query);
		ok = nav_search(n, q) ? 0 : -1;
		free(q);
	}
	if (ok == 0)
		n->overlay = OVERLAY_NONE;
	return REACT_REDRAW;
}

/* The answer to PROMPT_RESTART: y or Y confirms, any other key cancels. */
static unsigned confirm_key(struct nav *n, struct key k)
{
	n->prompt = PROMPT_NONE;
	if (k.sym == KEYSYM_CHAR && (k.ch == 'y' || k.ch == 'Y'))
		return REACT_REDRAW | REACT_RESTART;
	nav_message(n, false, "restart cancelled");
	return REACT_REDRAW;
}

static unsigned prompt_key(struct nav *n, const struct keymap *km, struct key k)
{
	if (k.sym == KEYSYM_CHAR && k.ch < 0x20 &&
	    keymap_lookup(km, k, KEYCTX_GLOBAL) == ACTION_QUIT)
		return REACT_QUIT;
	if (n->prompt == PROMPT_RESTART)
		return confirm_key(n, k);
	switch (k.sym) {
	case KEYSYM_ESCAPE: n->prompt = PROMPT_NONE; break;
	case KEYSYM_ENTER: return prompt_commit(n);
	case KEYSYM_BACKSPACE:
		if (n->input_len == 0) {
			n->prompt = PROMPT_NONE;
			break;
		}
		do
			n->input_len--;
		while (n->input_len > 0 && ((unsigned char)n->input[n->input_len] & 0xc0) == 0x80);
		n->input[n->input_len] = 0;
		break;
	case KEYSYM_CHAR:
		if (!text_unsafe(k.ch) && k.ch <= 0x10ffff)
			prompt_append(n, k.ch);
		break;
	default: break;
	}
	return REACT_REDRAW;
}

unsigned nav_input(struct nav *n, const struct keymap *km, struct key k)
{
	n->msg[0] = 0;
	n->msg_warn = false;
	n->msg_speaker = false;
	if (n->blank != BLANK_NONE) {
		n->blank = BLANK_NONE;
		n->has_count = false;
		n->count = 0;
		return REACT_REDRAW;
	}
	if (n->prompt != PROMPT_NONE)
		return prompt_key(n, km, k);
	enum action a = keymap_lookup(km, k, nav_context(n));
	if (a == ACTION_NONE && k.sym == KEYSYM_CHAR && k.ch >= '0' && k.ch <= '9') {
		unsigned v = n->count * 10 + (k.ch - '0');
		n->count = v > NAV_COUNT_MAX ? NAV_COUNT_MAX : v;
		n->has_count = true;
		return REACT_REDRAW;
	}
	if (n->has_count && k.sym == KEYSYM_ENTER) {
		unsigned num = n->count;
		n->has_count = false;
		n->count = 0;
		if (nav_goto_number(n, num) == 0)
			n->overlay = OVERLAY_NONE;
		return REACT_REDRAW;
	}
	if (a == ACTION_NONE) {
		n->has_count = false;
		n->count = 0;
		return REACT_REDRAW;
	}
	return nav_apply(n, a);
}
