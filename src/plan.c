/* lectern plan: proposals, notes estimates and the byte-preserving rewrite.
 *
 * The proposal matches every main slide of the deck to the used records by
 * id (each record's slides sorted by id once, then searched: n log n). The
 * fit deals 5 s units by largest remainder over exact integer quotas, so
 * the proposed total is the target to the second.
 *
 * The rewrite never re-parses values itself: ini_parse() gives the line and
 * value column of every key; from those the byte range of each "time"
 * value is found on its physical line, and the new file is the old bytes
 * with those ranges replaced (or a line inserted after the title), copied
 * once from start to end. */
#include "plan.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unictype.h>
#include <unistr.h>

#include "atomic.h"
#include "deck_md.h"
#include "ini.h"
#include "markdown.h"
#include "report.h"
#include "smap.h"
#include "textclass.h"
#include "timer.h"

/* ---- estimates from the notes ---- */

static bool is_han(ucs4_t c)
{
	return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF) ||
	       (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
	       (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0xF900 && c <= 0xFAFF) ||
	       (c >= 0x20000 && c <= 0x3FFFF);
}

/* Scripts written without spaces between words (Thai, Lao, Myanmar,
 * Khmer): a run of their letters counts as one word per 4 characters. */
static bool is_unspaced(ucs4_t c)
{
	return (c >= 0x0E00 && c <= 0x0EFF) || (c >= 0x1000 && c <= 0x109F) ||
	       (c >= 0x1780 && c <= 0x17FF);
}

static bool starts_with(const char *s, const char *end, const char *w)
{
	size_t k = strlen(w);
	return (size_t)(end - s) >= k && memcmp(s, w, k) == 0;
}

static bool starts_with_ci(const char *s, const char *end, const char *w)
{
	size_t k = strlen(w);
	if ((size_t)(end - s) < k)
		return false;
	for (size_t i = 0; i < k; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != w[i])
			return false;
	}
	return true;
}

#define FW_OPEN "\xEF\xBC\x88"              /* （ */
#define FW_CLOSE "\xEF\xBC\x89"             /* ） */
#define PAUSE_ZH "\xE5\x81\x9C\xE9\xA1\xBF" /* 停顿 */
#define SECOND_ZH "\xE7\xA7\x92"            /* 秒 */
#define PAUSE_ARG_MAX 24

/* The length of a pause marker's argument t[0..n) (trimmed) in seconds;
 * -1 when it is not one. */
static long pause_arg(const char *t, size_t n)
{
	if (n == 0)
		return PLAN_PAUSE_DEFAULT_S;
	char buf[PAUSE_ARG_MAX + 1];
	if (n > PAUSE_ARG_MAX)
		return -1;
	memcpy(buf, t, n);
	buf[n] = '\0';
	size_t zk = strlen(SECOND_ZH);
	if (n > zk && memcmp(buf + n - zk, SECOND_ZH, zk) == 0) {
		n -= zk;
		while (n > 0 && buf[n - 1] == ' ')
			n--;
		buf[n] = 's';
		buf[n + 1] = '\0';
	}
	unsigned s;
	if (deck_parse_duration(buf, &s) != DURATION_OK)
		return -1;
	return (long)s;
}

/* A pause marker at s (before end): its length in bytes and *ms, or 0. */
static size_t pause_marker(const char *s, const char *end, uint64_t *ms)
{
	const char *p = s;
	if (*p == '[' || *p == '(')
		p++;
	else if (starts_with(p, end, FW_OPEN))
		p += 3;
	else
		return 0;
	while (p < end && *p == ' ')
		p++;
	if (starts_with_ci(p, end, "pause"))
		p += 5;
	else if (starts_with(p, end, PAUSE_ZH))
		p += strlen(PAUSE_ZH);
	else
		return 0;
	const char *a = p;
	while (p < end && (size_t)(p - a) <= PAUSE_ARG_MAX && *p != ']' && *p != ')' &&
	       !starts_with(p, end, FW_CLOSE))
		p++;
	if (p >= end || (size_t)(p - a) > PAUSE_ARG_MAX)
		return 0;
	size_t close = *p == ']' || *p == ')' ? 1 : 3;
	const char *b = p;
	while (a < b && *a == ' ')
		a++;
	while (b > a && b[-1] == ' ')
		b--;
	long sec = pause_arg(a, (size_t)(b - a));
	if (sec < 0)
		return 0;
	*ms = (uint64_t)sec * 1000u;
	return (size_t)(p - s) + close;
}

void plan_count_text(struct plan_count *c, const char *s, size_t n)
{
	const char *p = s, *end = s + n;
	bool in_word = false;
	uint64_t unspaced = 0;
	while (p < end) {
		uint64_t ms;
		size_t k = pause_marker(p, end, &ms);
		if (k) {
			c->pause_ms += ms;
			p += k;
			in_word = false;
			continue;
		}
		ucs4_t u;
		int m = u8_mbtoucr(&u, (const uint8_t *)p, (size_t)(end - p));
		if (m < 1) {
			p++;
			in_word = false;
			continue;
		}
		p += m;
		if (is_unspaced(u) && uc_is_alnum(u)) {
			unspaced++;
			continue;
		}
		if (unspaced) {
			c->words += (unspaced + 3) / 4;
			unspaced = 0;
		}
		if (is_han(u)) {
			c->han++;
			in_word = false;
		} else if (uc_is_alnum(u)) {
			if (!in_word)
				c->words++;
			in_word = true;
		} else if (!(in_word && (u == '\'' || u == 0x2019 || u == '-'))) {
			in_word = false;
		}
	}
	if (unspaced)
		c->words += (unspaced + 3) / 4;
}

static uint64_t at_rate(uint64_t n, unsigned per_min)
{
	if (per_min == 0)
		per_min = 1;
	return (n * 60000u + per_min / 2) / per_min;
}

uint64_t plan_count_ms(const struct plan_count *c, const struct plan_rates *r)
{
	return at_rate(c->han, r->han_per_min) + at_rate(c->words, r->words_per_min) + c->pause_ms;
}

uint64_t plan_estimate_slide_ms(const struct slide *s, const struct plan_rates *r)
{
	struct plan_count c = { 0, 0, 0 };
	for (size_t i = 0; i < s->nnotes; i++)
		plan_count_text(&c, s->notes[i], strlen(s->notes[i]));
	return plan_count_ms(&c, r);
}

/* Shown times follow the one rounding rule (timer_whole_s). */
static void fmt_mmss(uint64_t ms, char buf[DECK_DURATION_LEN])
{
	deck_format_duration(timer_whole_s(ms), buf);
}

void plan_check_estimates(const struct deck *d, const struct plan_rates *r, struct diag_list *diags)
{
	for (size_t i = 0; i < d->nslides; i++) {
		const struct slide *s = &d->slides[i];
		if (!s->time_s || !s->nnotes)
			continue;
		uint64_t est = plan_estimate_slide_ms(s, r), plan = (uint64_t)s->time_s * 1000u;
		uint64_t margin = plan * PLAN_MARGIN_PERCENT / 100u;
		if (margin < PLAN_MARGIN_MIN_S * 1000u)
			margin = PLAN_MARGIN_MIN_S * 1000u;
		if (est <= plan + margin)
			continue;
		char a[DECK_DURATION_LEN], b[DECK_DURATION_LEN];
		fmt_mmss(est, a);
		deck_format_duration(s->time_s, b);
		diag_add(diags, d->path, s->line, 1, SEV_WARNING,
			 "slide '%s': its notes take about %s to speak, but its planned time is "
			 "%s (shorten the notes or plan more time; lectern plan --from notes "
			 "proposes times)",
			 s->id, a, b);
	}
}

void plan_times_table(struct strbuf *out, const struct deck *d, const struct plan_rates *r)
{
	size_t idw = 5;
	for (size_t i = 0; i < d->nslides; i++)
		if (strlen(d->slides[i].id) > idw)
			idw = strlen(d->slides[i].id);
	strbuf_printf(out, "%-*s  %8s  %8s  %9s\n", (int)idw, "slide", "plan", "notes", "diff");
	uint64_t tp = 0, te = 0;
	for (size_t i = 0; i < d->nslides; i++) {
		const struct slide *s = &d->slides[i];
		uint64_t est = plan_estimate_slide_ms(s, r);
		char a[DECK_DURATION_LEN] = "-", b[DECK_DURATION_LEN] = "-",
		     c[DECK_DURATION_LEN + 1] = "";
		if (s->time_s)
			deck_format_duration(s->time_s, a);
		if (s->nnotes)
			fmt_mmss(est, b);
		if (s->time_s && s->nnotes) {
			int64_t df = (int64_t)timer_whole_s(est) - (int64_t)s->time_s;
			char t[DECK_DURATION_LEN];
			deck_format_duration((uint64_t)(df < 0 ? -df : df), t);
			snprintf(c, sizeof c, "%s%s", df > 0 ? "+" : df < 0 ? "-" : " ", t);
		}
		strbuf_printf(out, "%-*s  %8s  %8s", (int)idw, s->id, a, b);
		if (*c)
			strbuf_printf(out, "  %9s", c);
		strbuf_printf(out, "%s\n", s->backup ? "  backup" : "");
		if (!s->backup) {
			tp += s->time_s;
			te += est;
		}
	}
	char a[DECK_DURATION_LEN], b[DECK_DURATION_LEN];
	deck_format_duration(tp, a);
	fmt_mmss(te, b);
	strbuf_printf(out, "%-*s  %8s  %8s\n", (int)idw, "total", a, b);
}

/* ---- the speaker's own rates ---- */

void plan_measure(struct plan_measured *m, const struct deck *d, const struct record *v, size_t n,
		  unsigned last)
{
	memset(m, 0, sizeof *m);
	const struct plan_rates def = { PLAN_RATE_HAN, PLAN_RATE_WORDS };
	struct plan_count *cnt = xcalloc(d->nslides ? d->nslides : 1, sizeof *cnt);
	struct smap ids = { 0 };
	for (size_t i = 0; i < d->nslides; i++) {
		const struct slide *s = &d->slides[i];
		if (s->backup || !s->id || !s->nnotes)
			continue;
		for (size_t k = 0; k < s->nnotes; k++)
			plan_count_text(&cnt[i], s->notes[k], strlen(s->notes[k]));
		if (!smap_get(&ids, s->id, strlen(s->id)))
			smap_put(&ids, s->id, strlen(s->id), i);
	}
	for (size_t k = n; k-- > 0 && m->nused < last;) {
		const struct record *r = &v[k];
		if (!report_complete(d, r))
			continue;
		m->nused++;
		for (size_t j = 0; j < r->nslides; j++) {
			const struct record_slide *e = &r->slides[j];
			const size_t *i = smap_get(&ids, e->id, strlen(e->id));
			if (!i || e->actual_ms == 0)
				continue;
			const struct plan_count *c = &cnt[*i];
			uint64_t ms = e->actual_ms > c->pause_ms ? e->actual_ms - c->pause_ms : 0;
			if (at_rate(c->han, def.han_per_min) >
			    at_rate(c->words, def.words_per_min)) {
				m->han += c->han;
				m->han_ms += ms;
			} else if (c->words) {
				m->words += c->words;
				m->words_ms += ms;
			}
		}
	}
	smap_release(&ids);
	free(cnt);
}

static bool measured_rate(uint64_t units, uint64_t ms, unsigned *out)
{
	if (ms < PLAN_MEASURE_MIN_MS || units == 0)
		return false;
	uint64_t r = (units * 60000u + ms / 2) / ms;
	*out = r < 1 ? 1u : r > PLAN_RATE_MAX ? PLAN_RATE_MAX : (unsigned)r;
	return true;
}

bool plan_measured_han(const struct plan_measured *m, unsigned *out)
{
	return measured_rate(m->han, m->han_ms, out);
}

bool plan_measured_words(const struct plan_measured *m, unsigned *out)
{
	return measured_rate(m->words, m->words_ms, out);
}

void plan_choose_rates(struct plan_rate_choice *c, const struct plan_rate_config *cfg,
		       const struct plan_measured *m)
{
	c->rates = (struct plan_rates){ PLAN_RATE_HAN, PLAN_RATE_WORDS };
	c->han_from = c->words_from = PLAN_RATE_DEFAULT;
	c->nused = m ? m->nused : 0;
	if (m && plan_measured_han(m, &c->rates.han_per_min))
		c->han_from = PLAN_RATE_MEASURED;
	else if (cfg && cfg->han_set)
		c->rates.han_per_min = cfg->rates.han_per_min, c->han_from = PLAN_RATE_CONFIG;
	if (m && plan_measured_words(m, &c->rates.words_per_min))
		c->words_from = PLAN_RATE_MEASURED;
	else if (cfg && cfg->words_set)
		c->rates.words_per_min = cfg->rates.words_per_min, c->words_from = PLAN_RATE_CONFIG;
}

static void describe_one(struct strbuf *out, unsigned rate, const char *unit,
			 enum plan_rate_from from, size_t nused)
{
	strbuf_printf(out, "%u %s/min ", rate, unit);
	switch (from) {
	case PLAN_RATE_MEASURED:
		strbuf_printf(out, "(measured in %zu rehearsal%s)", nused, nused == 1 ? "" : "s");
		break;
	case PLAN_RATE_CONFIG: strbuf_adds(out, "(config [speech])"); break;
	case PLAN_RATE_DEFAULT: strbuf_adds(out, "(default)"); break;
	}
}

void plan_describe_rates(struct strbuf *out, const struct plan_rate_choice *c)
{
	describe_one(out, c->rates.han_per_min, "\xE5\xAD\x97", c->han_from, c->nused);
	strbuf_adds(out, ", ");
	describe_one(out, c->rates.words_per_min, "words", c->words_from, c->nused);
}

/* ---- the proposal ---- */

#define MAX_MS ((uint64_t)DECK_DURATION_MAX_S * 1000u)

unsigned plan_round5(uint64_t ms)
{
	if (ms > MAX_MS)
		ms = MAX_MS;
	uint64_t u = (ms + 2500u) / 5000u;
	return (unsigned)(u ? u * 5u : 5u);
}

void plan_format_time(unsigned s, char buf[PLAN_TIME_LEN])
{
	unsigned h = s / 3600, m = s / 60 % 60, sec = s % 60;
	int n = 0;
	buf[0] = '\0';
	if (h)
		n += snprintf(buf + n, PLAN_TIME_LEN - (size_t)n, "%uh", h);
	if (m)
		n += snprintf(buf + n, PLAN_TIME_LEN - (size_t)n, "%um", m);
	if (sec || n == 0)
		snprintf(buf + n, PLAN_TIME_LEN - (size_t)n, "%us", sec);
}

/* A record's slides sorted by id, for bsearch. */
struct sorted {
	const struct record_slide **v;
	size_t n;
};

static int cmp_slide(const void *a, const void *b)
{
	const struct record_slide *const *x = a, *const *y = b;
	return strcmp((*x)->id, (*y)->id);
}

static void sorted_init(struct sorted *s, const struct record *r)
{
	s->n = r->nslides;
	s->v = xmalloc((s->n ? s->n : 1) * sizeof *s->v);
	for (size_t i = 0; i < s->n; i++)
		s->v[i] = &r->slides[i];
	qsort(s->v, s->n, sizeof *s->v, cmp_slide);
}

static const struct record_slide *sorted_find(const struct sorted *s, const char *id)
{
	struct record_slide key = { .id = (char *)id };
	const struct record_slide *kp = &key;
	const struct record_slide **hit = bsearch(&kp, s->v, s->n, sizeof *s->v, cmp_slide);
	return hit ? *hit : NULL;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* The measured time of slide id over the used records (median of those
 * that reached it); sets *st. */
static uint64_t measure(const struct sorted *used, size_t m, const char *id, uint64_t *vals,
			enum plan_status *st)
{
	size_t k = 0, seen = 0;
	for (size_t i = 0; i < m; i++) {
		const struct record_slide *e = sorted_find(&used[i], id);
		if (!e)
			continue;
		seen++;
		if (e->visits == 0 && e->actual_ms == 0)
			continue;
		vals[k++] = e->actual_ms > MAX_MS ? MAX_MS : e->actual_ms;
	}
	if (k == 0) {
		*st = seen ? PLAN_SKIPPED : PLAN_UNSEEN;
		return 0;
	}
	*st = PLAN_PROPOSED;
	qsort(vals, k, sizeof *vals, cmp_u64);
	return k % 2 ? vals[k / 2] : (vals[k / 2 - 1] + vals[k / 2]) / 2;
}

struct share {
	size_t row;
	uint64_t rem;
};

static int cmp_share(const void *a, const void *b)
{
	const struct share *x = a, *y = b;
	if (x->rem != y->rem)
		return x->rem > y->rem ? -1 : 1;
	return x->row < y->row ? -1 : x->row > y->row;
}

static int fit(struct plan *p, uint64_t fit_s, const char *file, struct diag_list *diags)
{
	uint64_t kept = 0, wsum = 0;
	size_t m = 0;
	for (size_t i = 0; i < p->nrows; i++) {
		if (p->rows[i].status == PLAN_PROPOSED) {
			m++;
			wsum += p->rows[i].measured_ms;
		} else {
			kept += p->rows[i].current_s;
		}
	}
	char a[DECK_DURATION_LEN], b[DECK_DURATION_LEN];
	deck_format_duration(fit_s, a);
	if (fit_s < kept + 5u * m) {
		deck_format_duration(kept + 5u * m, b);
		diag_add(diags, file, 0, 0, SEV_ERROR,
			 "cannot fit the plan into %s: the kept slides and 5 s for each of the %zu "
			 "others need %s",
			 a, m, b);
		return -1;
	}
	uint64_t rest = fit_s - kept, units = rest / 5u, extra = rest % 5u;
	uint64_t left = units - m, dealt = 0;
	struct share *sh = xmalloc(m * sizeof *sh);
	size_t k = 0, longest = 0;
	for (size_t i = 0; i < p->nrows; i++) {
		struct plan_row *r = &p->rows[i];
		if (r->status != PLAN_PROPOSED)
			continue;
		uint64_t w = wsum ? r->measured_ms : 1u, ws = wsum ? wsum : m;
		/* left <= 720000 and w <= MAX_MS: the product fits in 64 bits */
		uint64_t q = left * w / ws;
		r->proposed_s = (unsigned)((1u + q) * 5u);
		dealt += q;
		sh[k++] = (struct share){ i, left * w % ws };
	}
	qsort(sh, m, sizeof *sh, cmp_share);
	for (size_t j = 0; j < m && dealt < left; j++, dealt++)
		p->rows[sh[j].row].proposed_s += 5u;
	for (size_t i = 0; i < p->nrows; i++)
		if (p->rows[i].status == PLAN_PROPOSED &&
		    p->rows[i].proposed_s > p->rows[longest].proposed_s)
			longest = i;
	if (p->rows[longest].status != PLAN_PROPOSED)
		for (size_t i = 0; i < p->nrows; i++)
			if (p->rows[i].status == PLAN_PROPOSED) {
				longest = i;
				break;
			}
	p->rows[longest].proposed_s += (unsigned)extra;
	free(sh);
	return 0;
}

int plan_propose(struct plan *p, const struct deck *d, const struct record *v, size_t n,
		 const struct plan_opts *o, struct diag_list *diags)
{
	memset(p, 0, sizeof *p);
	size_t usable = 0;
	for (size_t i = 0; i < n; i++) {
		if (o->include_incomplete || report_complete(d, &v[i]))
			usable++;
		else
			p->nincomplete++;
	}
	size_t want = o->from == PLAN_FROM_NOTES ? 0 : o->from == PLAN_FROM_LAST ? 1 : o->last;
	if (want && usable == 0) {
		if (p->nincomplete)
			diag_add(diags, d->path, 0, 0, SEV_ERROR,
				 "no complete rehearsal of deck '%s' to plan from (%zu incomplete; "
				 "--include-incomplete uses them)",
				 d->meta.id, p->nincomplete);
		else
			diag_add(
				diags, d->path, 0, 0, SEV_ERROR,
				"no rehearsal of deck '%s' to plan from (rehearse it with 'lectern "
				"rehearse', or use --from notes)",
				d->meta.id);
		return -1;
	}
	size_t m = want < usable ? want : usable;
	struct sorted *used = xcalloc(m ? m : 1, sizeof *used);
	size_t k = m;
	for (size_t i = n; i-- > 0 && k > 0;)
		if (o->include_incomplete || report_complete(d, &v[i]))
			sorted_init(&used[--k], &v[i]);
	p->nused = m;
	uint64_t *vals = xmalloc((m ? m : 1) * sizeof *vals);
	p->rows = xmalloc((d->nslides ? d->nslides : 1) * sizeof *p->rows);
	size_t nprop = 0;
	for (size_t i = 0; i < d->nslides; i++) {
		const struct slide *s = &d->slides[i];
		if (s->backup)
			continue;
		struct plan_row *r = &p->rows[p->nrows++];
		r->slide = i;
		r->current_s = s->time_s;
		if (o->from == PLAN_FROM_NOTES) {
			r->measured_ms = plan_estimate_slide_ms(s, &o->rates);
			if (r->measured_ms > MAX_MS)
				r->measured_ms = MAX_MS;
			r->status = r->measured_ms ? PLAN_PROPOSED : PLAN_NO_NOTES;
		} else {
			r->measured_ms = measure(used, m, s->id, vals, &r->status);
		}
		r->proposed_s =
			r->status == PLAN_PROPOSED ? plan_round5(r->measured_ms) : r->current_s;
		nprop += r->status == PLAN_PROPOSED;
	}
	for (size_t i = 0; i < m; i++)
		free(used[i].v);
	free(used);
	free(vals);
	int rc = 0;
	if (nprop == 0) {
		diag_add(diags, d->path, 0, 0, SEV_ERROR,
			 o->from == PLAN_FROM_NOTES
				 ? "no main slide of deck '%s' has notes to estimate from"
				 : "the rehearsals of deck '%s' reached none of its main slides",
			 d->meta.id);
		rc = -1;
	} else if (o->fit_s) {
		rc = fit(p, o->fit_s, d->path, diags);
	}
	if (rc != 0) {
		plan_release(p);
		return -1;
	}
	for (size_t i = 0; i < p->nrows; i++) {
		p->current_s += p->rows[i].current_s;
		p->proposed_s += p->rows[i].proposed_s;
		p->measured_ms += p->rows[i].measured_ms;
	}
	return 0;
}

void plan_release(struct plan *p)
{
	free(p->rows);
	memset(p, 0, sizeof *p);
}

/* ---- the rewrite ---- */

struct lines {
	size_t *start; /* start[i]: offset of line i + 1; start[n] = len + 1 sentinel */
	size_t n;
};

static void lines_init(struct lines *L, const char *b, size_t len)
{
	size_t cap = 16;
	L->start = xmalloc(cap * sizeof *L->start);
	L->n = 0;
	size_t i = 0;
	while (i < len) {
		xgrow((void **)&L->start, &cap, L->n + 2, sizeof *L->start);
		L->start[L->n++] = i;
		const char *nl = memchr(b + i, '\n', len - i);
		i = nl ? (size_t)(nl - b) + 1 : len;
	}
	L->start[L->n] = len;
}

/* Line ln (from 1): its bytes [*from, *to) without the line end; returns
 * the offset after its line end. */
static size_t line_span(const struct lines *L, const char *b, size_t len, unsigned ln, size_t *from,
			size_t *to)
{
	size_t a = L->start[ln - 1], z = ln < L->n ? L->start[ln] : len, e = z;
	if (e > a && b[e - 1] == '\n')
		e--;
	if (e > a && b[e - 1] == '\r')
		e--;
	*from = a;
	*to = e;
	return z;
}

/* The byte at column col (characters from 1) of the line starting at a. */
static size_t at_column(const char *b, size_t a, size_t to, unsigned col)
{
	unsigned c = 1;
	size_t i = a;
	while (i < to) {
		if (((unsigned char)b[i] & 0xC0) != 0x80) {
			if (c == col)
				return i;
			c++;
		}
		i++;
	}
	return to;
}

static bool continues(const char *b, size_t from, size_t to)
{
	while (to > from && ini_is_space(b[to - 1]))
		to--;
	return to > from && b[to - 1] == '\\';
}

static const struct ini_key *sec_key(const struct ini_section *s, const char *name)
{
	for (size_t i = 0; i < s->nkeys; i++)
		if (strcmp(s->keys[i].name, name) == 0)
			return &s->keys[i];
	return NULL;
}

/* One edit to the bytes: replace [from, to) with text. */
struct op {
	size_t from, to;
	char *text;
};

/* Sets w->bytes and w->len to bytes[0..len) with the nops edits ops
 * (sorted by from, not overlapping) made. */
static void apply_ops(struct plan_rewrite *w, const char *bytes, size_t len, const struct op *ops,
		      size_t nops)
{
	struct strbuf out = { 0 };
	size_t at = 0;
	for (size_t i = 0; i < nops; i++) {
		strbuf_add(&out, bytes + at, ops[i].from - at);
		strbuf_adds(&out, ops[i].text);
		at = ops[i].to;
	}
	strbuf_add(&out, bytes + at, len - at);
	w->len = out.len;
	w->bytes = strbuf_take(&out);
}

static void add_change(struct plan_rewrite *w, size_t *cap, struct plan_change c)
{
	xgrow((void **)&w->changes, cap, w->nchanges + 1, sizeof *w->changes);
	w->changes[w->nchanges++] = c;
}

/* The replacement of a time key k's value; 0, or -1 with a diagnostic. */
static int replace_time(struct plan_rewrite *w, size_t *ccap, struct op *op, const char *name,
			const char *b, size_t len, const struct lines *L, const struct ini_key *k,
			const char *tm, struct diag_list *diags)
{
	size_t from, to;
	line_span(L, b, len, k->line, &from, &to);
	if (continues(b, from, to)) {
		diag_add(diags, name, k->line, k->vcol, SEV_ERROR,
			 "'time' continues on the next line with '\\'; join it into one line so "
			 "that lectern plan can rewrite it");
		return -1;
	}
	size_t va = at_column(b, from, to, k->vcol), vz;
	if (va < to && (b[va] == '"' || b[va] == '\'')) {
		const char *close = memchr(b + va + 1, b[va], to - va - 1);
		vz = close ? (size_t)(close - b) : to;
		va++;
	} else {
		vz = va;
		while (vz < to && b[vz] != ';' && b[vz] != '#')
			vz++;
		while (vz > va && ini_is_space(b[vz - 1]))
			vz--;
	}
	op->from = va;
	op->to = vz;
	op->text = xstrdup(tm);
	struct strbuf nl = { 0 };
	strbuf_add(&nl, b + from, va - from);
	strbuf_adds(&nl, tm);
	strbuf_add(&nl, b + vz, to - vz);
	add_change(w, ccap, (struct plan_change){ k->line, false, from, to, strbuf_take(&nl) });
	return 0;
}

/* A new time line after title key k's logical line. */
static void insert_time(struct plan_rewrite *w, size_t *ccap, struct op *op, const char *b,
			size_t len, const struct lines *L, const struct ini_key *k, const char *tm)
{
	size_t from, to, next;
	unsigned ln = k->line;
	next = line_span(L, b, len, ln, &from, &to);
	size_t kfrom = from, kto = to;
	while (continues(b, from, to) && ln < L->n)
		next = line_span(L, b, len, ++ln, &from, &to);
	bool crlf = next > to + 1 || (next == to + 1 && b[to] == '\r');
	bool has_end = next > to;
	size_t kb = at_column(b, kfrom, kto, k->col), ke = kb + strlen(k->name);
	size_t va = at_column(b, kfrom, kto, k->vcol);
	struct strbuf t = { 0 };
	strbuf_add(&t, b + kfrom, kb - kfrom);
	strbuf_adds(&t, "time");
	if (ke + 1 < va && b[ke] == ' ' && b[ke + 1] == ' ')
		strbuf_addc(&t, ' '); /* padded "title    =": keep '=' in its column */
	strbuf_add(&t, b + ke, va > ke ? va - ke : 0);
	strbuf_adds(&t, tm);
	char *line = strbuf_take(&t);
	struct strbuf ins = { 0 };
	if (!has_end) {
		/* the last line, without an end: give it the file's line end */
		const char *nl = memchr(b, '\n', len);
		strbuf_adds(&ins, nl && nl > b && nl[-1] == '\r' ? "\r\n" : "\n");
	}
	strbuf_adds(&ins, line);
	strbuf_adds(&ins, has_end ? (crlf ? "\r\n" : "\n") : "");
	op->from = op->to = next;
	op->text = strbuf_take(&ins);
	add_change(w, ccap, (struct plan_change){ ln, true, 0, 0, line });
}

/* ---- the rewrite of a Markdown deck ---- */

/* The line end the file uses (its first one's), for inserted lines. */
static const char *file_eol(const char *b, size_t len)
{
	const char *nl = memchr(b, '\n', len);
	return nl && nl > b && nl[-1] == '\r' ? "\r\n" : "\n";
}

/* On Markdown line [from, to): the value of a "time:" line of a lectern
 * comment, [*va, *vz) (inside its quotes when quoted). False when the line
 * is not one. */
static bool md_time_value(const char *b, size_t from, size_t to, size_t *va, size_t *vz)
{
	size_t i = from;
	while (i < to && (b[i] == ' ' || b[i] == '\t'))
		i++;
	if (to - i < 4 || memcmp(b + i, "time", 4) != 0)
		return false;
	i += 4;
	while (i < to && (b[i] == ' ' || b[i] == '\t'))
		i++;
	if (i >= to || b[i] != ':')
		return false;
	i++;
	while (i < to && (b[i] == ' ' || b[i] == '\t'))
		i++;
	size_t z = to;
	if (i < to && (b[i] == '"' || b[i] == '\'')) {
		const char *close = memchr(b + i + 1, b[i], to - i - 1);
		if (close) {
			*va = i + 1;
			*vz = (size_t)(close - b);
			return true;
		}
	}
	for (size_t k = i; k < to; k++) /* a YAML comment: " #" */
		if (b[k] == '#' && k > i && (b[k - 1] == ' ' || b[k - 1] == '\t')) {
			z = k;
			break;
		}
	while (z > i && (b[z - 1] == ' ' || b[z - 1] == '\t'))
		z--;
	*va = i;
	*vz = z;
	return true;
}

/* Whether Markdown line [from, to) holds the "-->" that ends a comment. */
static bool closes_comment(const char *b, size_t from, size_t to)
{
	for (size_t i = from; i + 3 <= to; i++)
		if (memcmp(b + i, "-->", 3) == 0)
			return true;
	return false;
}

/* Whether Markdown line [from, to) underlines a setext heading. */
static bool md_setext_rule(const char *b, size_t from, size_t to)
{
	size_t i = from, k = 0;
	while (i < to && b[i] == ' ' && i - from < 3)
		i++;
	char c = i < to ? b[i] : 0;
	if (c != '=' && c != '-')
		return false;
	for (; i < to && b[i] == c; i++)
		k++;
	while (i < to && (b[i] == ' ' || b[i] == '\t'))
		i++;
	return i == to && k > 0;
}

static int cmp_op(const void *a, const void *b)
{
	const struct op *x = a, *y = b;
	return x->from < y->from ? -1 : x->from > y->from;
}

static int cmp_change(const void *a, const void *b)
{
	const struct plan_change *x = a, *y = b;
	return x->line < y->line ? -1 : x->line > y->line;
}

/* plan_rewrite() of a Markdown deck: the importer's INI text says, through
 * its line map, on which Markdown line each slide's time (its lectern
 * comment's "time:" line) and title (its heading) are. */
static int rewrite_md(struct plan_rewrite *w, const char *name, const char *bytes, size_t len,
		      const struct plan_edit *e, size_t n, struct diag_list *diags)
{
	struct diag_list quiet; /* the deck loaded already: its warnings were said */
	diag_list_init(&quiet);
	struct markdown_map map = { 0 };
	char *ini = markdown_import_mapped(name, bytes, len, &quiet, &map);
	struct arena arena;
	arena_init(&arena);
	struct ini_file f;
	int rc = ini ? ini_parse(&f, name, ini, strlen(ini), &arena, &quiet) : -1;
	if (rc != 0) {
		diag_list_move(diags, &quiet);
		if (ini)
			ini_release(&f);
		arena_release(&arena);
		markdown_map_release(&map);
		free(ini);
		return -1;
	}
	diag_list_release(&quiet);
	struct lines L;
	lines_init(&L, bytes, len);
	struct op *ops = xmalloc((n ? n : 1) * sizeof *ops);
	size_t nops = 0, ccap = 0, j = 0;
	const char *eol = file_eol(bytes, len);
	for (size_t i = 0; i < f.nsecs && j < n && rc == 0; i++) {
		const struct ini_section *sec = &f.secs[i];
		if (strcmp(sec->name, e[j].id) != 0)
			continue;
		char tm[PLAN_TIME_LEN];
		plan_format_time(e[j].time_s, tm);
		const struct ini_key *k = sec_key(sec, "time");
		unsigned cur = 0;
		if (k && deck_parse_duration(k->value, &cur) == DURATION_OK && cur == e[j].time_s) {
			j++;
			continue;
		}
		unsigned ml = k ? markdown_map_line(&map, k->line) : 0;
		size_t from = 0, to = 0, va = 0, vz = 0; /* set when found */
		bool found = false;
		/* the map names the comment's first line: its "time:" line is
		 * one of the lines up to the one that closes it */
		for (; k && ml && ml <= L.n; ml++) {
			line_span(&L, bytes, len, ml, &from, &to);
			if ((found = md_time_value(bytes, from, to, &va, &vz)))
				break;
			if (closes_comment(bytes, from, to))
				break;
		}
		if (k && !found) {
			diag_add(diags, name, ml, 1, SEV_ERROR,
				 "the time of slide '%s' is not a 'time:' line of its lectern "
				 "comment; lectern plan cannot rewrite it",
				 sec->name);
			rc = -1;
		} else if (k) {
			ops[nops++] = (struct op){ va, vz, xstrdup(tm) };
			struct strbuf nl = { 0 };
			strbuf_add(&nl, bytes + from, va - from);
			strbuf_adds(&nl, tm);
			strbuf_add(&nl, bytes + vz, to - vz);
			add_change(w, &ccap,
				   (struct plan_change){ ml, false, from, to, strbuf_take(&nl) });
		} else if ((k = sec_key(sec, "title")) && (ml = markdown_map_line(&map, k->line)) &&
			   ml <= L.n) {
			/* a lectern comment of its own after the heading (and its
			 * setext underline), where it belongs to this slide */
			size_t next = line_span(&L, bytes, len, ml, &from, &to);
			if (ml < L.n) {
				size_t f2, t2;
				size_t after = line_span(&L, bytes, len, ml + 1, &f2, &t2);
				if (md_setext_rule(bytes, f2, t2)) {
					next = after;
					ml++;
					to = t2;
				}
			}
			bool has_end = next > to;
			struct strbuf ins = { 0 };
			if (!has_end)
				strbuf_adds(&ins, eol);
			strbuf_printf(&ins, "<!-- lectern%stime: %s%s-->", eol, tm, eol);
			if (has_end)
				strbuf_adds(&ins, eol);
			ops[nops++] = (struct op){ next, next, strbuf_take(&ins) };
			add_change(w, &ccap,
				   (struct plan_change){
					   ml, true, 0, 0,
					   xasprintf("<!-- lectern\ntime: %s\n-->", tm) });
		} else {
			diag_add(diags, name, 0, 0, SEV_ERROR,
				 "slide '%s' has no heading to put its time after", sec->name);
			rc = -1;
		}
		j++;
	}
	if (rc == 0 && j < n) {
		diag_add(diags, name, 0, 0, SEV_ERROR,
			 "slide '%s' is not in the file (or not in deck order)", e[j].id);
		rc = -1;
	}
	if (rc == 0) {
		qsort(ops, nops, sizeof *ops, cmp_op);
		qsort(w->changes, w->nchanges, sizeof *w->changes, cmp_change);
		apply_ops(w, bytes, len, ops, nops);
	}
	for (size_t i = 0; i < nops; i++)
		free(ops[i].text);
	free(ops);
	free(L.start);
	ini_release(&f);
	arena_release(&arena);
	markdown_map_release(&map);
	free(ini);
	if (rc != 0)
		plan_rewrite_release(w);
	return rc;
}

int plan_rewrite(struct plan_rewrite *w, const char *name, const char *bytes, size_t len,
		 const struct plan_edit *e, size_t n, struct diag_list *diags)
{
	memset(w, 0, sizeof *w);
	if (deck_md_named(name))
		return rewrite_md(w, name, bytes, len, e, n, diags);
	struct arena arena;
	arena_init(&arena);
	struct ini_file f;
	struct diag_list scan;
	diag_list_init(&scan);
	int rc = ini_parse(&f, name, bytes, len, &arena, &scan);
	if (rc != 0) {
		diag_list_move(diags, &scan);
		arena_release(&arena);
		return -1;
	}
	diag_list_release(&scan);
	struct lines L;
	lines_init(&L, bytes, len);
	struct op *ops = xmalloc((n ? n : 1) * sizeof *ops);
	size_t nops = 0, ccap = 0, j = 0;
	for (size_t i = 0; i < f.nsecs && j < n && rc == 0; i++) {
		const struct ini_section *s = &f.secs[i];
		if (strcmp(s->name, e[j].id) != 0)
			continue;
		char tm[PLAN_TIME_LEN];
		plan_format_time(e[j].time_s, tm);
		const struct ini_key *k = sec_key(s, "time");
		unsigned cur = 0;
		if (k && deck_parse_duration(k->value, &cur) == DURATION_OK && cur == e[j].time_s) {
			j++;
			continue;
		}
		if (k) {
			rc = replace_time(w, &ccap, &ops[nops], name, bytes, len, &L, k, tm, diags);
			nops += rc == 0;
		} else if ((k = sec_key(s, "title"))) {
			insert_time(w, &ccap, &ops[nops++], bytes, len, &L, k, tm);
		} else {
			diag_add(diags, name, s->line, s->col, SEV_ERROR,
				 "slide '%s' has no 'title' to put its 'time' after", s->name);
			rc = -1;
		}
		j++;
	}
	if (rc == 0 && j < n) {
		diag_add(diags, name, 0, 0, SEV_ERROR,
			 "slide '%s' is not in the file (or not in deck order)", e[j].id);
		rc = -1;
	}
	if (rc == 0)
		apply_ops(w, bytes, len, ops, nops);
	for (size_t i = 0; i < nops; i++)
		free(ops[i].text);
	free(ops);
	free(L.start);
	ini_release(&f);
	arena_release(&arena);
	if (rc != 0)
		plan_rewrite_release(w);
	return rc;
}

void plan_rewrite_release(struct plan_rewrite *w)
{
	for (size_t i = 0; i < w->nchanges; i++)
		free(w->changes[i].text);
	free(w->changes);
	free(w->bytes);
	memset(w, 0, sizeof *w);
}

/* ---- the diff ---- */

/* The old lines a change shows with c lines of context: [*lo, *hi]. */
static void window(const struct plan_change *ch, unsigned c, size_t nlines, size_t *lo, size_t *hi)
{
	size_t first = ch->added ? ch->line + 1u : ch->line, last = ch->line;
	*lo = first > c ? first - c : 1;
	*hi = last + c < nlines ? last + c : nlines;
}

static void put_line(struct strbuf *out, char tag, const char *s, size_t n)
{
	strbuf_addc(out, tag);
	strbuf_add(out, s, n);
	strbuf_addc(out, '\n');
}

/* An added change's text: one '+' line per line of it. */
static void put_added(struct strbuf *out, const char *s)
{
	for (;;) {
		const char *nl = strchr(s, '\n');
		put_line(out, '+', s, nl ? (size_t)(nl - s) : strlen(s));
		if (!nl)
			return;
		s = nl + 1;
	}
}

/* How many lines an added change's text has. */
static size_t added_lines(const char *s)
{
	size_t k = 1;
	for (; *s; s++)
		k += *s == '\n';
	return k;
}

void plan_diff(struct strbuf *out, const char *name, const char *bytes, size_t len,
	       const struct plan_rewrite *w, unsigned context)
{
	if (w->nchanges == 0)
		return;
	struct lines L;
	lines_init(&L, bytes, len);
	/* the name on its header line whatever it holds: a newline in it would
	 * print lines that look like the diff's own */
	for (int k = 0; k < 2; k++) {
		strbuf_adds(out, k ? "+++ " : "--- ");
		text_sanitize(out, name, strlen(name), 0);
		strbuf_adds(out, "\n");
	}
	size_t added_before = 0;
	for (size_t g = 0; g < w->nchanges;) {
		size_t lo, hi, lo2, hi2, e = g + 1;
		window(&w->changes[g], context, L.n, &lo, &hi);
		while (e < w->nchanges) {
			window(&w->changes[e], context, L.n, &lo2, &hi2);
			if (lo2 > hi + 1)
				break;
			hi = hi2;
			e++;
		}
		size_t nadd = 0;
		for (size_t i = g; i < e; i++)
			nadd += w->changes[i].added ? added_lines(w->changes[i].text) : 0;
		size_t oc = hi >= lo ? hi - lo + 1 : 0;
		strbuf_printf(out, "@@ -%zu,%zu +%zu,%zu @@\n", lo, oc, lo + added_before,
			      oc + nadd);
		size_t c = g;
		for (size_t ln = lo; ln <= hi; ln++) {
			size_t from, to;
			line_span(&L, bytes, len, (unsigned)ln, &from, &to);
			if (c < e && !w->changes[c].added && w->changes[c].line == ln) {
				put_line(out, '-', bytes + from, to - from);
				put_line(out, '+', w->changes[c].text, strlen(w->changes[c].text));
				c++;
			} else {
				put_line(out, ' ', bytes + from, to - from);
			}
			if (c < e && w->changes[c].added && w->changes[c].line == ln) {
				put_added(out, w->changes[c].text);
				c++;
			}
		}
		added_before += nadd;
		g = e;
	}
	free(L.start);
}

/* ---- writing it back ---- */

int plan_file_read(struct plan_file *f, const char *path, struct diag_list *diags)
{
	memset(f, 0, sizeof *f);
	if (stat(path, &f->st) != 0) {
		diag_add(diags, path, 0, 0, SEV_ERROR, "cannot read: %s", strerror(errno));
		return -1;
	}
	f->bytes = ini_read_file(path, DECK_MAX_BYTES, &f->len, diags);
	if (!f->bytes)
		return -1;
	f->path = xstrdup(path);
	return 0;
}

void plan_file_release(struct plan_file *f)
{
	free(f->path);
	free(f->bytes);
	memset(f, 0, sizeof *f);
}

/* 1 when the file at f->path is no longer what was read, 0 when it is,
 * -1 when it cannot be looked at (errno set). */
static int changed_since(const struct plan_file *f)
{
	struct stat st;
	if (stat(f->path, &st) != 0)
		return -1;
	if (st.st_size != f->st.st_size || st.st_mtim.tv_sec != f->st.st_mtim.tv_sec ||
	    st.st_mtim.tv_nsec != f->st.st_mtim.tv_nsec || st.st_ino != f->st.st_ino ||
	    st.st_dev != f->st.st_dev)
		return 1;
	struct diag_list dl;
	diag_list_init(&dl);
	size_t len;
	char *now = ini_read_file(f->path, DECK_MAX_BYTES, &len, &dl);
	diag_list_release(&dl);
	if (!now)
		return 1;
	int rc = len != f->len || memcmp(now, f->bytes, len) != 0;
	free(now);
	return rc;
}

struct out_ctx {
	const char *bytes;
	size_t len;
	mode_t mode;
	const struct plan_file *check; /* refuse when it changed; NULL: no check */
	bool changed;
};

static int write_bytes(FILE *out, void *vctx)
{
	struct out_ctx *c = vctx;
	if (fwrite(c->bytes, 1, c->len, out) != c->len || fflush(out) != 0)
		return -1;
	/* the replaced file's permission bits, whatever atomic_write gives */
	if (fchmod(fileno(out), c->mode) != 0)
		return -1;
	if (c->check && changed_since(c->check) != 0) {
		c->changed = true;
		errno = EAGAIN;
		return -1;
	}
	return 0;
}

static int write_failed(struct diag_list *diags, const char *path, const char *what, int rc)
{
	if (rc == ATOMIC_FAILED)
		diag_add(diags, path, 0, 0, SEV_ERROR, "cannot write %s: %s; nothing was changed",
			 what, strerror(errno));
	else
		diag_add(diags, path, 0, 0, SEV_ERROR,
			 "cannot write %s: not a regular file; nothing was changed", what);
	return PLAN_WRITE_FAILED;
}

static int refuse_changed(struct diag_list *diags, const char *path)
{
	diag_add(diags, path, 0, 0, SEV_ERROR,
		 "changed since it was read; nothing was written (run lectern plan again)");
	return PLAN_WRITE_CHANGED;
}

int plan_file_write(const struct plan_file *f, const char *bytes, size_t len, const char *backup,
		    struct diag_list *diags)
{
	struct stat ls;
	if (lstat(f->path, &ls) == 0 && S_ISLNK(ls.st_mode)) {
		diag_add(diags, f->path, 0, 0, SEV_ERROR,
			 "is a symbolic link; lectern plan --write replaces only a regular file "
			 "(name the file itself); nothing was changed");
		return PLAN_WRITE_FAILED;
	}
	int ch = changed_since(f);
	if (ch < 0) {
		diag_add(diags, f->path, 0, 0, SEV_ERROR, "cannot read: %s; nothing was changed",
			 strerror(errno));
		return PLAN_WRITE_FAILED;
	}
	if (ch > 0)
		return refuse_changed(diags, f->path);
	mode_t mode = f->st.st_mode & 07777;
	struct out_ctx bc = { f->bytes, f->len, mode, NULL, false };
	int rc = atomic_write(backup, true, write_bytes, &bc);
	if (rc != ATOMIC_OK)
		return write_failed(diags, backup, "the backup", rc);
	struct out_ctx dc = { bytes, len, mode, f, false };
	rc = atomic_write(f->path, true, write_bytes, &dc);
	if (dc.changed)
		return refuse_changed(diags, f->path);
	if (rc != ATOMIC_OK)
		return write_failed(diags, f->path, "the deck", rc);
	return PLAN_WRITE_OK;
}
