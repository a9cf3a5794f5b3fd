/* The rehearsal report. First the rows are built: the deck's slides in deck
 * order (backup slides only when a shown rehearsal spent time on them),
 * then slides found only in the shown records, newest record first. Each
 * row points at its entry in every shown record (or NULL), and the three
 * formats print from those rows. Text columns are padded by display width
 * (libunistring, encoding "UTF-8"), never by bytes or code points.
 *
 * Matching by id goes through hash maps (smap.h) built once: the deck's
 * ids, each shown record's ids and the rows' ids, so building the rows
 * costs O(slides x shown records), not the square of the slides. */
#include "report.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>
#include <uniwidth.h>

#include "clock.h"
#include "smap.h"
#include "textclass.h"
#include "utf8.h"
#include "xalloc.h"

#define TITLE_MAX_W 28u
#define BAR_W 20u
#define TOP_N 3u

struct row {
	const char *id, *title;
	long deck_index; /* -1: not in the deck */
	unsigned planned_s;
	const struct record_slide **in; /* per shown record; NULL = absent */
};

struct report {
	const struct deck *d;
	const struct record *v; /* the shown records, oldest first */
	size_t m;
	struct row *rows;
	size_t nrows;
	struct smap *rec_ids; /* per shown record: slide id -> index in it */
	struct smap deck_ids; /* the deck's slide ids -> index */
	struct smap row_ids;  /* the rows' ids -> index */
};

/* Adds key s -> val to m unless s is there already (the first one wins,
 * as a scan from the start would find it). */
static void map_first(struct smap *m, const char *s, size_t val)
{
	size_t n = strlen(s);
	if (!smap_get(m, s, n))
		smap_put(m, s, n, val);
}

static const size_t *map_find(const struct smap *m, const char *s)
{
	return smap_get(m, s, strlen(s));
}

static const struct record_slide *find_slide(const struct record *r, const char *id)
{
	for (size_t i = 0; i < r->nslides; i++)
		if (strcmp(r->slides[i].id, id) == 0)
			return &r->slides[i];
	return NULL;
}

/* The entry of slide id in the shown record k, or NULL. */
static const struct record_slide *shown_slide(const struct report *rp, size_t k, const char *id)
{
	const size_t *i = map_find(&rp->rec_ids[k], id);
	return i ? &rp->v[k].slides[*i] : NULL;
}

static long find_deck_slide(const struct report *rp, const char *id)
{
	const size_t *i = map_find(&rp->deck_ids, id);
	return i ? (long)*i : -1;
}

static bool has_row(const struct report *rp, const char *id)
{
	return map_find(&rp->row_ids, id) != NULL;
}

static struct row *add_row(struct report *rp, size_t *cap, const char *id, const char *title,
			   long deck_index, unsigned planned_s)
{
	xgrow((void **)&rp->rows, cap, rp->nrows + 1, sizeof *rp->rows);
	struct row *w = &rp->rows[rp->nrows++];
	w->id = id;
	w->title = title;
	w->deck_index = deck_index;
	w->planned_s = planned_s;
	w->in = xcalloc(rp->m ? rp->m : 1, sizeof *w->in);
	for (size_t k = 0; k < rp->m; k++)
		w->in[k] = shown_slide(rp, k, id);
	map_first(&rp->row_ids, id, rp->nrows - 1);
	return w;
}

static void build(struct report *rp, const struct deck *d, const struct record *v, size_t n,
		  unsigned last)
{
	size_t cap = 0;
	rp->d = d;
	rp->m = n < last ? n : last;
	rp->v = v + (n - rp->m);
	rp->rows = NULL;
	rp->nrows = 0;
	rp->deck_ids = (struct smap){ 0 };
	rp->row_ids = (struct smap){ 0 };
	rp->rec_ids = xcalloc(rp->m ? rp->m : 1, sizeof *rp->rec_ids);
	for (size_t k = 0; k < rp->m; k++)
		for (size_t i = 0; i < rp->v[k].nslides; i++)
			map_first(&rp->rec_ids[k], rp->v[k].slides[i].id, i);
	for (size_t i = 0; i < d->nslides; i++)
		if (d->slides[i].id)
			map_first(&rp->deck_ids, d->slides[i].id, i);
	for (size_t i = 0; i < d->nslides; i++) {
		const struct slide *s = &d->slides[i];
		if (!s->id)
			continue;
		if (s->backup) {
			bool used = false;
			for (size_t k = 0; k < rp->m; k++) {
				const struct record_slide *e = shown_slide(rp, k, s->id);
				used |= e && (e->actual_ms > 0 || e->visits > 0);
			}
			if (!used)
				continue;
		}
		add_row(rp, &cap, s->id, s->title ? s->title : "", (long)i, s->time_s);
	}
	for (size_t k = rp->m; k-- > 0;) {
		const struct record *r = &rp->v[k];
		for (size_t i = 0; i < r->nslides; i++) {
			const struct record_slide *e = &r->slides[i];
			if (find_deck_slide(rp, e->id) < 0 && !has_row(rp, e->id))
				add_row(rp, &cap, e->id, e->title, -1, e->planned_s);
		}
	}
}

static void release(struct report *rp)
{
	for (size_t i = 0; i < rp->nrows; i++)
		free(rp->rows[i].in);
	free(rp->rows);
	for (size_t k = 0; k < rp->m; k++)
		smap_release(&rp->rec_ids[k]);
	free(rp->rec_ids);
	smap_release(&rp->deck_ids);
	smap_release(&rp->row_ids);
}

static uint64_t deck_plan_s(const struct deck *d)
{
	if (d->meta.duration_s)
		return d->meta.duration_s;
	uint64_t sum = 0;
	for (size_t i = 0; i < d->nslides; i++)
		if (!d->slides[i].backup)
			sum += d->slides[i].time_s;
	return sum;
}

/* Milliseconds as the whole seconds shown: the timer's one rule, so the
 * report agrees with the screen and with what was said when it was saved. */
static uint64_t round_s(uint64_t ms)
{
	return timer_whole_s(ms);
}

/* Whole seconds as the timer writes them ("M:SS", "H:MM:SS"). */
static void fmt_s(uint64_t s, char *buf, size_t len)
{
	char t[TIMER_FMT_LEN];
	timer_format_ms(s > INT64_MAX / 1000 ? INT64_MAX : (int64_t)(s * 1000u), t);
	snprintf(buf, len, "%s", t);
}

static void fmt_diff(int64_t s, char *buf, size_t len)
{
	char t[24];
	fmt_s((uint64_t)(s < 0 ? -s : s), t, sizeof t);
	snprintf(buf, len, "%s%s", s > 0 ? "+" : s < 0 ? "-" : "", t);
}

/* A slide the rehearsal never reached. */
static bool skipped(const struct record_slide *e)
{
	return e && e->visits == 0 && e->actual_ms == 0;
}

/* The last slide of d's planned run (not a backup slide), or NULL. */
static const struct slide *last_main(const struct deck *d)
{
	for (size_t i = d->nslides; i-- > 0;)
		if (!d->slides[i].backup)
			return d->slides[i].id ? &d->slides[i] : NULL;
	return NULL;
}

/* Whether r is reported as complete: recorded so (record_complete()) and,
 * for records written before that rule, the last slide of the deck's
 * planned run was not skipped in it. */
static bool rec_complete(const struct deck *d, const struct record *r)
{
	const struct slide *s = last_main(d);
	const struct record_slide *e = s ? find_slide(r, s->id) : NULL;
	return r->complete && !skipped(e);
}

static const char *status_of(const struct row *w, const struct record_slide *e)
{
	if (w->deck_index < 0)
		return e ? "removed" : "absent";
	if (skipped(e))
		return "skipped";
	return e ? "ok" : "added";
}

/* --- text --- */

/* A copy of s for the terminal, through the sanitising writer
 * (textclass.h): control and bidirectional characters and invalid bytes
 * become one-column placeholders. */
static char *display_text(const char *s)
{
	return text_safe(s);
}

static unsigned width_of(const char *s)
{
	return (unsigned)u8_strwidth((const uint8_t *)s, "UTF-8");
}

/* Cuts display text s to at most w columns, ending in "…" when cut. */
static void truncate_to(char *s, unsigned w)
{
	if (width_of(s) <= w)
		return;
	size_t n = strlen(s), keep = 0;
	unsigned used = 0;
	const uint8_t *p = (const uint8_t *)s;
	while (keep < n) {
		ucs4_t c;
		int k = u8_mbtouc(&c, p + keep, n - keep);
		int cw = uc_width(c, "UTF-8");
		if (cw < 0)
			cw = 1;
		if (used + (unsigned)cw + 1u > w)
			break;
		used += (unsigned)cw;
		keep += (size_t)k;
	}
	strcpy(s + keep, w > 0 ? "…" : "");
}

struct line {
	char *p;
	size_t n, cap;
};

static void put(struct line *l, const char *s)
{
	size_t k = strlen(s);
	xgrow((void **)&l->p, &l->cap, l->n + k + 1, 1);
	memcpy(l->p + l->n, s, k + 1);
	l->n += k;
}

static void pad(struct line *l, unsigned k)
{
	while (k--)
		put(l, " ");
}

static void put_left(struct line *l, const char *s, unsigned w)
{
	unsigned sw = width_of(s);
	put(l, s);
	pad(l, sw < w ? w - sw : 0);
}

static void put_right(struct line *l, const char *s, unsigned w)
{
	unsigned sw = width_of(s);
	pad(l, sw < w ? w - sw : 0);
	put(l, s);
}

static void put_colored(struct line *l, const char *s, const char *sgr, bool color)
{
	if (color && sgr && *s) {
		put(l, sgr);
		put(l, s);
		put(l, "\033[0m");
	} else {
		put(l, s);
	}
}

/* Writes the line without trailing spaces and empties it. */
static void flush_line(struct line *l, FILE *out)
{
	while (l->n > 0 && l->p[l->n - 1] == ' ')
		l->n--;
	if (l->n)
		fwrite(l->p, 1, l->n, out);
	fputc('\n', out);
	l->n = 0;
	if (l->p)
		l->p[0] = '\0';
}

static const char *const blocks[] = { "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█" };
static const char *const eighths[] = { "", "▏", "▎", "▍", "▌", "▋", "▊", "▉" };

/* Bar of value against scale, BAR_W columns at most, in eighths. */
static void put_bar(struct line *l, uint64_t value, uint64_t scale)
{
	if (scale == 0)
		return;
	uint64_t e = value * BAR_W * 8u / scale;
	for (uint64_t i = 0; i < e / 8u; i++)
		put(l, "█");
	put(l, eighths[e % 8u]);
}

/* One sparkline cell per value (NULL: a gap), scaled from 0 to the max. */
static void put_spark(struct line *l, const uint64_t *vals, const bool *have, size_t m,
		      unsigned w)
{
	uint64_t max = 0;
	for (size_t k = 0; k < m; k++)
		if (have[k] && vals[k] > max)
			max = vals[k];
	for (size_t k = 0; k < m; k++) {
		if (!have[k]) {
			put(l, " ");
			continue;
		}
		uint64_t lv = max ? (vals[k] * 8u + max - 1u) / max : 1u;
		put(l, blocks[lv ? (lv > 8u ? 7u : lv - 1u) : 0u]);
	}
	pad(l, (unsigned)m < w ? w - (unsigned)m : 0);
}

struct cells {
	char num[24], planned[32], actual[32], diff[32];
	char *title;
	int64_t diff_s; /* valid when has_diff */
	bool has_diff;
};

static void row_cells(const struct report *rp, const struct row *w, struct cells *c)
{
	const struct record_slide *e = rp->m ? w->in[rp->m - 1] : NULL;
	if (w->deck_index >= 0)
		snprintf(c->num, sizeof c->num, "%ld", w->deck_index + 1);
	else
		strcpy(c->num, "-");
	c->title = display_text(w->title);
	truncate_to(c->title, TITLE_MAX_W);
	if (w->planned_s)
		fmt_s(w->planned_s, c->planned, sizeof c->planned);
	else
		strcpy(c->planned, "-");
	if (e)
		fmt_s(round_s(e->actual_ms), c->actual, sizeof c->actual);
	else
		strcpy(c->actual, "-");
	c->has_diff = false;
	if (w->deck_index < 0)
		strcpy(c->diff, "removed");
	else if (!e)
		strcpy(c->diff, "added");
	else if (skipped(e))
		strcpy(c->diff, "skipped");
	else if (!w->planned_s)
		strcpy(c->diff, "-");
	else {
		c->diff_s = (int64_t)round_s(e->actual_ms) - (int64_t)w->planned_s;
		c->has_diff = true;
		fmt_diff(c->diff_s, c->diff, sizeof c->diff);
	}
}

static unsigned max_u(unsigned a, unsigned b)
{
	return a > b ? a : b;
}

/* Writes "Most over plan: ..." or "Most under plan: ...". */
static void put_extremes(struct line *l, FILE *out, const struct report *rp,
			 const struct cells *c, int sign)
{
	bool *used = xcalloc(rp->nrows ? rp->nrows : 1, sizeof *used);
	put(l, sign > 0 ? "Most over plan:  " : "Most under plan: ");
	unsigned shown = 0;
	for (; shown < TOP_N; shown++) {
		size_t best = SIZE_MAX;
		for (size_t i = 0; i < rp->nrows; i++) {
			if (used[i] || !c[i].has_diff || c[i].diff_s * sign <= 0)
				continue;
			if (best == SIZE_MAX || c[i].diff_s * sign > c[best].diff_s * sign)
				best = i;
		}
		if (best == SIZE_MAX)
			break;
		used[best] = true;
		char *t = display_text(rp->rows[best].title);
		if (shown)
			put(l, ", ");
		put(l, t);
		put(l, " ");
		put(l, c[best].diff);
		free(t);
	}
	if (!shown)
		put(l, "none");
	free(used);
	flush_line(l, out);
}

/* "Never reached: slides 3-5, 8 (4 of 9 slides)": the slides of the
 * planned run that the newest shown rehearsal skipped, by their number in
 * the table, runs of consecutive numbers joined. Nothing when there are
 * none. */
static void put_never_reached(FILE *out, const struct report *rp)
{
	const struct deck *d = rp->d;
	size_t mains = 0, never = 0;
	for (size_t i = 0; i < d->nslides; i++)
		mains += !d->slides[i].backup;
	struct line l = { 0 };
	long run_start = -1, run_end = -1;
	char num[48];
	for (size_t i = 0; i <= rp->nrows; i++) {
		const struct row *w = i < rp->nrows ? &rp->rows[i] : NULL;
		bool hit = w && w->deck_index >= 0 && !d->slides[w->deck_index].backup &&
			   skipped(w->in[rp->m - 1]);
		long k = hit ? w->deck_index + 1 : -1;
		if (hit && run_end >= 0 && k == run_end + 1) {
			run_end = k;
			never++;
			continue;
		}
		if (run_start >= 0) {
			if (run_start == run_end)
				snprintf(num, sizeof num, "%s%ld", l.n ? ", " : "", run_start);
			else
				snprintf(num, sizeof num, "%s%ld-%ld", l.n ? ", " : "", run_start,
					 run_end);
			put(&l, num);
		}
		run_start = run_end = k;
		never += hit;
	}
	if (never)
		fprintf(out, "Never reached: slide%s %s (%zu of %zu slides)\n", never == 1 ? "" : "s",
			l.p, never, mains);
	free(l.p);
}

static void write_text(FILE *out, const struct report *rp, const struct report_opts *o)
{
	const struct deck *d = rp->d;
	struct line l = { 0 };
	char *id = display_text(d->meta.id ? d->meta.id : "");
	char *path = display_text(d->path ? d->path : "");
	if (rp->m == 0) {
		fprintf(out, "No rehearsal of '%s' recorded yet: run 'lectern rehearse'.\n", id);
		free(id);
		free(path);
		return;
	}
	const struct record *last = &rp->v[rp->m - 1];
	char when[CLOCK_LOCAL_LEN], tot[32], plan[32];
	clock_format_local(last->start_s, when);
	fmt_s(round_s(last->total_ms), tot, sizeof tot);
	uint64_t plan_s = deck_plan_s(d);
	fmt_s(plan_s, plan, sizeof plan);
	put(&l, "Rehearsal report for '");
	put(&l, id);
	put(&l, "' (");
	put(&l, path);
	put(&l, ")");
	flush_line(&l, out);
	bool any_skipped = false;
	for (size_t i = 0; i < rp->nrows; i++) {
		const struct row *w = &rp->rows[i];
		any_skipped |= w->deck_index >= 0 && !d->slides[w->deck_index].backup &&
			       skipped(w->in[rp->m - 1]);
	}
	char *shown_when = display_text(when);
	fprintf(out, "Last rehearsal: %s, %s%s%s, %s\n", shown_when, tot, plan_s ? " of " : "",
		plan_s ? plan : "",
		rec_complete(d, last) ? "complete"
		: any_skipped	      ? "incomplete"
				      : "incomplete (interrupted)");
	free(shown_when);
	put_never_reached(out, rp);
	if (last->deck_hash != d->hash)
		fputs("The deck has changed since; slides are matched by id.\n", out);
	fputc('\n', out);

	struct cells *c = xcalloc(rp->nrows ? rp->nrows : 1, sizeof *c);
	unsigned wn = 1, wt = 5, wp = 7, wa = 6, wd = 4, wtr = rp->m > 1 ? max_u(5, (unsigned)rp->m) : 0;
	uint64_t scale = 0;
	for (size_t i = 0; i < rp->nrows; i++) {
		row_cells(rp, &rp->rows[i], &c[i]);
		wn = max_u(wn, width_of(c[i].num));
		wt = max_u(wt, width_of(c[i].title));
		wp = max_u(wp, width_of(c[i].planned));
		wa = max_u(wa, width_of(c[i].actual));
		wd = max_u(wd, width_of(c[i].diff));
		const struct record_slide *e = rp->rows[i].in[rp->m - 1];
		uint64_t pv = (uint64_t)rp->rows[i].planned_s * 1000u;
		scale = pv > scale ? pv : scale;
		if (e && e->actual_ms > scale)
			scale = e->actual_ms;
	}
	char tdiff[32] = "-";
	if (plan_s)
		fmt_diff((int64_t)round_s(last->total_ms) - (int64_t)plan_s, tdiff, sizeof tdiff);
	wp = max_u(wp, width_of(plan));
	wa = max_u(wa, width_of(tot));
	wd = max_u(wd, width_of(tdiff));

	put_right(&l, "#", wn);
	pad(&l, 2);
	put_left(&l, "slide", wt);
	pad(&l, 2);
	put_right(&l, "planned", wp);
	pad(&l, 2);
	put_right(&l, "actual", wa);
	pad(&l, 2);
	put_right(&l, "diff", wd);
	if (wtr) {
		pad(&l, 2);
		put_left(&l, "trend", wtr);
	}
	flush_line(&l, out);

	uint64_t *vals = xcalloc(rp->m, sizeof *vals);
	bool *have = xcalloc(rp->m, sizeof *have);
	for (size_t i = 0; i < rp->nrows; i++) {
		const struct row *w = &rp->rows[i];
		const struct record_slide *e = w->in[rp->m - 1];
		const char *sgr = NULL;
		if (c[i].has_diff && c[i].diff_s > 0)
			sgr = "\033[31m";
		else if (c[i].has_diff && c[i].diff_s < 0)
			sgr = "\033[32m";
		put_right(&l, c[i].num, wn);
		pad(&l, 2);
		put_left(&l, c[i].title, wt);
		pad(&l, 2);
		put_right(&l, c[i].planned, wp);
		pad(&l, 2);
		put_right(&l, c[i].actual, wa);
		pad(&l, 2);
		pad(&l, wd - width_of(c[i].diff));
		put_colored(&l, c[i].diff, sgr, o->color);
		if (wtr) {
			pad(&l, 2);
			for (size_t k = 0; k < rp->m; k++) {
				have[k] = w->in[k] != NULL;
				vals[k] = have[k] ? w->in[k]->actual_ms : 0;
			}
			put_spark(&l, vals, have, rp->m, wtr);
		}
		pad(&l, 2);
		if (e) {
			struct line bar = { 0 };
			put_bar(&bar, e->actual_ms, scale);
			if (bar.p)
				put_colored(&l, bar.p, sgr, o->color);
			free(bar.p);
		}
		flush_line(&l, out);
	}
	pad(&l, wn + 2);
	put_left(&l, "total", wt);
	pad(&l, 2);
	put_right(&l, plan_s ? plan : "-", wp);
	pad(&l, 2);
	put_right(&l, tot, wa);
	pad(&l, 2);
	put_right(&l, tdiff, wd);
	if (wtr) {
		pad(&l, 2);
		for (size_t k = 0; k < rp->m; k++) {
			have[k] = true;
			vals[k] = rp->v[k].total_ms;
		}
		put_spark(&l, vals, have, rp->m, wtr);
	}
	flush_line(&l, out);
	flush_line(&l, out);
	put_extremes(&l, out, rp, c, 1);
	put_extremes(&l, out, rp, c, -1);
	if (rp->m > 1) {
		char t[32];
		fprintf(out, "\nTotals of the last %zu rehearsals, oldest first:", rp->m);
		for (size_t k = 0; k < rp->m; k++) {
			fmt_s(round_s(rp->v[k].total_ms), t, sizeof t);
			fprintf(out, " %s%s", t, rec_complete(d, &rp->v[k]) ? "" : " (incomplete)");
		}
		fputc('\n', out);
	}
	for (size_t i = 0; i < rp->nrows; i++)
		free(c[i].title);
	free(c);
	free(vals);
	free(have);
	free(l.p);
	free(id);
	free(path);
}

/* --- tsv --- */

/* A TSV field: backslash, tab, newline and CR escaped, anything else
 * unsafe shown by the sanitising writer (textclass.h). */
static void tsv_escaped(FILE *out, const char *s)
{
	struct strbuf b = { 0 };
	for (; *s; s++) {
		switch (*s) {
		case '\\': strbuf_adds(&b, "\\\\"); break;
		case '\t': strbuf_adds(&b, "\\t"); break;
		case '\n': strbuf_adds(&b, "\\n"); break;
		case '\r': strbuf_adds(&b, "\\r"); break;
		default: strbuf_addc(&b, *s);
		}
	}
	if (b.len)
		text_write(out, b.s, b.len, 0);
	free(b.s);
}

static void write_tsv(FILE *out, const struct report *rp)
{
	fputs("rehearsal\tstart\tcomplete\tslide\ttitle\tstatus\tplanned_s\tactual_ms\tdiff_ms"
	      "\tvisits\n",
	      out);
	for (size_t k = 0; k < rp->m; k++) {
		const struct record *r = &rp->v[k];
		char iso[CLOCK_ISO_LEN];
		clock_format_iso8601(r->start_s, iso);
		const char *complete = rec_complete(rp->d, r) ? "yes" : "no"; /* once a record */
		for (size_t i = 0; i < rp->nrows; i++) {
			const struct row *w = &rp->rows[i];
			const struct record_slide *e = w->in[k];
			if (w->deck_index < 0 && !e)
				continue;
			fprintf(out, "%zu\t%s\t%s\t", k + 1, iso, complete);
			tsv_escaped(out, w->id);
			fputc('\t', out);
			tsv_escaped(out, w->title);
			fprintf(out, "\t%s\t", status_of(w, e));
			if (w->planned_s)
				fprintf(out, "%u", w->planned_s);
			fputc('\t', out);
			if (e)
				fprintf(out, "%" PRIu64, e->actual_ms);
			fputc('\t', out);
			if (e && w->planned_s)
				fprintf(out, "%" PRId64,
					(int64_t)e->actual_ms - (int64_t)w->planned_s * 1000);
			fputc('\t', out);
			if (e)
				fprintf(out, "%u", e->visits);
			fputc('\n', out);
		}
	}
}

/* --- json --- */

/* A JSON string: every character textclass.h calls unsafe is written as a
 * \\uXXXX escape (the JSON text keeps it, the terminal never sees it), an
 * invalid byte as \\ufffd. */
static void json_string(FILE *out, const char *s)
{
	fputc('"', out);
	size_t n = strlen(s);
	const uint8_t *p = (const uint8_t *)s;
	for (size_t i = 0; i < n;) {
		uint32_t c;
		int k = utf8_decode(&c, p + i, n - i);
		if (k < 1) {
			fputs("\\ufffd", out);
			i++;
			continue;
		}
		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", (char)c);
		else if (c == '\n')
			fputs("\\n", out);
		else if (c == '\t')
			fputs("\\t", out);
		else if (text_unsafe(c))
			fprintf(out, "\\u%04x", (unsigned)c);
		else
			fwrite(p + i, 1, (size_t)k, out);
		i += (size_t)k;
	}
	fputc('"', out);
}

static void write_json(FILE *out, const struct report *rp)
{
	const struct deck *d = rp->d;
	fputs("{\n  \"deck\": {\"id\": ", out);
	json_string(out, d->meta.id ? d->meta.id : "");
	fputs(", \"path\": ", out);
	json_string(out, d->path ? d->path : "");
	fprintf(out, ", \"hash\": \"%016" PRIx64 "\", \"planned_s\": %" PRIu64 "},\n", d->hash,
		deck_plan_s(d));
	fputs("  \"rehearsals\": [", out);
	for (size_t k = 0; k < rp->m; k++) {
		const struct record *r = &rp->v[k];
		char iso[CLOCK_ISO_LEN];
		clock_format_iso8601(r->start_s, iso);
		fputs(k ? ",\n    {" : "\n    {", out);
		fputs("\"file\": ", out);
		if (r->file)
			json_string(out, r->file);
		else
			fputs("null", out);
		fprintf(out,
			", \"start\": \"%s\", \"complete\": %s, \"deck_changed\": %s,"
			" \"total_ms\": %" PRIu64 ",\n     \"slides\": [",
			iso, rec_complete(d, r) ? "true" : "false",
			r->deck_hash != d->hash ? "true" : "false",
			r->total_ms);
		bool first = true;
		for (size_t i = 0; i < rp->nrows; i++) {
			const struct row *w = &rp->rows[i];
			const struct record_slide *e = w->in[k];
			if (w->deck_index < 0 && !e)
				continue;
			fputs(first ? "\n      {\"id\": " : ",\n      {\"id\": ", out);
			first = false;
			json_string(out, w->id);
			fputs(", \"title\": ", out);
			json_string(out, w->title);
			fprintf(out, ", \"status\": \"%s\", \"planned_s\": ", status_of(w, e));
			if (w->planned_s)
				fprintf(out, "%u", w->planned_s);
			else
				fputs("null", out);
			if (e) {
				fprintf(out, ", \"actual_ms\": %" PRIu64 ", \"diff_ms\": ", e->actual_ms);
				if (w->planned_s)
					fprintf(out, "%" PRId64,
						(int64_t)e->actual_ms - (int64_t)w->planned_s * 1000);
				else
					fputs("null", out);
				fprintf(out, ", \"visits\": %u}", e->visits);
			} else {
				fputs(", \"actual_ms\": null, \"diff_ms\": null, \"visits\": null}", out);
			}
		}
		fputs(first ? "]}" : "\n     ]}", out);
	}
	fputs(rp->m ? "\n  ]\n}\n" : "]\n}\n", out);
}

int report_write(FILE *out, const struct deck *d, const struct record *v, size_t n,
		 const struct report_opts *o)
{
	struct report rp;
	build(&rp, d, v, n, o->last ? o->last : 1);
	switch (o->format) {
	case REPORT_TEXT:
		write_text(out, &rp, o);
		break;
	case REPORT_TSV:
		write_tsv(out, &rp);
		break;
	case REPORT_JSON:
		write_json(out, &rp);
		break;
	}
	release(&rp);
	fflush(out);
	return ferror(out) ? -1 : 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

const char *report_find_renamed(const struct deck *d, const struct record *v, size_t n,
				size_t *count)
{
	size_t nids = 0;
	const char **ids = xcalloc(d->nslides ? d->nslides : 1, sizeof *ids);
	for (size_t i = 0; i < d->nslides; i++)
		if (d->slides[i].id)
			ids[nids++] = d->slides[i].id;
	qsort(ids, nids, sizeof *ids, cmp_str);
	const char *own = d->meta.id ? d->meta.id : "";
	const char *best = NULL;
	size_t best_shared = 0;
	for (size_t k = 0; k < n && nids; k++) {
		const struct record *r = &v[k];
		if (strcmp(r->deck_id, own) == 0 || r->nslides == 0)
			continue;
		size_t shared = 0;
		for (size_t i = 0; i < r->nslides; i++)
			shared += bsearch(&r->slides[i].id, ids, nids, sizeof *ids, cmp_str) != NULL;
		if (shared * 5u < nids * 4u || shared * 5u < r->nslides * 4u)
			continue;
		if (!best || shared >= best_shared) {
			best = r->deck_id;
			best_shared = shared;
		}
	}
	free(ids);
	*count = 0;
	for (size_t k = 0; best && k < n; k++)
		*count += strcmp(v[k].deck_id, best) == 0;
	return best;
}

int report_write_renamed(FILE *out, const struct deck *d, const char *old_id, size_t count)
{
	char *old = display_text(old_id);
	char *id = display_text(d->meta.id ? d->meta.id : "");
	char *path = display_text(d->path ? d->path : "the deck");
	fprintf(out,
		"%zu rehearsal%s of a deck with the same slides %s recorded under the id '%s'.\n"
		"If '%s' was renamed from it, add 'id = %s' to the [deck] section of %s to keep "
		"that history.\n",
		count, count == 1 ? "" : "s", count == 1 ? "is" : "are", old, id, old, path);
	free(old);
	free(id);
	free(path);
	fflush(out);
	return ferror(out) ? -1 : 0;
}

bool report_complete(const struct deck *d, const struct record *r)
{
	return rec_complete(d, r);
}
