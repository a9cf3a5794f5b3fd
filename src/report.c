/* The rehearsal report. First the rows are built: the deck's slides in deck
 * order (backup slides only when a shown rehearsal spent time on them),
 * then slides found only in the shown records, newest record first. Each
 * row points at its entry in every shown record (or NULL), and the three
 * formats print from those rows. The text format is drawn into frames
 * (frame.h), so columns are padded by display width and deck text shows
 * as on the screen.
 *
 * Matching by id goes through hash maps (smap.h) built once: the deck's
 * ids, each shown record's ids and the rows' ids, so building the rows
 * costs O(slides x shown records), not the square of the slides. */
#include "report.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "frame.h"
#include "plan.h"
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

/* Every piece of deck text (ids, titles, paths) reaches the text report
 * through a frame (frame.h), so it shows as on the screen: control and
 * bidirectional characters and invalid bytes as textclass.h's one-column
 * placeholders, a tab as the spaces to its stop, widths by grapheme
 * cluster. The table is one frame, printed by frame_print. */

/* The colours of --color: over plan red, under plan green. */
static const char *const report_sgr[STYLE_COUNT] = {
	[STYLE_PACE_OVER] = "\033[31m",
	[STYLE_PACE_ON_PLAN] = "\033[32m",
};

/* Prints the NULL-terminated pieces as one line, through a frame. */
static void print_line(FILE *out, const char *s, ...)
{
	struct frame *f = frame_new(FRAME_UNBOUNDED, 1);
	unsigned x = 0;
	va_list ap;
	va_start(ap, s);
	for (; s; s = va_arg(ap, const char *))
		x += frame_put(f, 0, x, s, strlen(s), FRAME_UNBOUNDED, STYLE_TEXT);
	va_end(ap);
	frame_print(out, f, NULL);
	frame_free(f);
}

static unsigned width_of(const char *s)
{
	return layout_width(s, strlen(s));
}

/* Puts s at *x, left-aligned in w columns, and moves *x past it. */
static void put_left(struct frame *f, unsigned row, unsigned *x, const char *s, unsigned w,
		     enum style st)
{
	unsigned sw = frame_put(f, row, *x, s, strlen(s), FRAME_UNBOUNDED, st);
	*x += sw > w ? sw : w;
}

/* Puts s at *x, right-aligned in w columns, and moves *x past it. */
static void put_right(struct frame *f, unsigned row, unsigned *x, const char *s, unsigned w,
		      enum style st)
{
	unsigned sw = width_of(s);
	frame_put(f, row, *x + (sw < w ? w - sw : 0), s, strlen(s), FRAME_UNBOUNDED, st);
	*x += sw > w ? sw : w;
}

static const char *const blocks[] = { "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█" };
static const char *const eighths[] = { "", "▏", "▎", "▍", "▌", "▋", "▊", "▉" };

/* Bar of value against scale at (row, x), BAR_W columns at most, in eighths. */
static void put_bar(struct frame *f, unsigned row, unsigned x, uint64_t value, uint64_t scale,
		    enum style st)
{
	if (scale == 0)
		return;
	uint64_t e = value * BAR_W * 8u / scale;
	unsigned full = (unsigned)(e / 8u);
	frame_repeat(f, row, x, "█", full, st);
	const char *part = eighths[e % 8u];
	frame_put(f, row, x + full, part, strlen(part), 1, st);
}

/* One sparkline cell per value (!have: a gap), scaled from 0 to the max,
 * at *x in w columns. */
static void put_spark(struct frame *f, unsigned row, unsigned *x, const uint64_t *vals,
		      const bool *have, size_t m, unsigned w)
{
	uint64_t max = 0;
	for (size_t k = 0; k < m; k++)
		if (have[k] && vals[k] > max)
			max = vals[k];
	for (size_t k = 0; k < m; k++) {
		if (!have[k])
			continue;
		uint64_t lv = max ? (vals[k] * 8u + max - 1u) / max : 1u;
		const char *b = blocks[lv ? (lv > 8u ? 7u : lv - 1u) : 0u];
		frame_put(f, row, *x + (unsigned)k, b, strlen(b), 1, STYLE_CHART);
	}
	*x += (unsigned)m > w ? (unsigned)m : w;
}

struct cells {
	char num[24], planned[32], actual[32], diff[32];
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

/* The style of a diff: over plan, under plan, or neither. */
static enum style diff_style(const struct cells *c)
{
	if (c->has_diff && c->diff_s > 0)
		return STYLE_PACE_OVER;
	if (c->has_diff && c->diff_s < 0)
		return STYLE_PACE_ON_PLAN;
	return STYLE_TEXT;
}

static unsigned max_u(unsigned a, unsigned b)
{
	return a > b ? a : b;
}

/* Writes "Most over plan: ..." or "Most under plan: ...". */
static void put_extremes(FILE *out, const struct report *rp, const struct cells *c, int sign)
{
	bool *used = xcalloc(rp->nrows ? rp->nrows : 1, sizeof *used);
	struct frame *f = frame_new(FRAME_UNBOUNDED, 1);
	const char *lead = sign > 0 ? "Most over plan:  " : "Most under plan: ";
	unsigned x = frame_put(f, 0, 0, lead, strlen(lead), FRAME_UNBOUNDED, STYLE_TEXT);
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
		const char *t = rp->rows[best].title;
		if (shown)
			x += frame_put(f, 0, x, ", ", 2, FRAME_UNBOUNDED, STYLE_TEXT);
		x += frame_put(f, 0, x, t, strlen(t), FRAME_UNBOUNDED, STYLE_TEXT);
		x += 1;
		x += frame_put(f, 0, x, c[best].diff, strlen(c[best].diff), FRAME_UNBOUNDED,
			       STYLE_TEXT);
	}
	if (!shown)
		frame_put(f, 0, x, "none", 4, FRAME_UNBOUNDED, STYLE_TEXT);
	frame_print(out, f, NULL);
	frame_free(f);
	free(used);
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
	struct strbuf l = { 0 };
	long run_start = -1, run_end = -1;
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
				strbuf_printf(&l, "%s%ld", l.len ? ", " : "", run_start);
			else
				strbuf_printf(&l, "%s%ld-%ld", l.len ? ", " : "", run_start,
					      run_end);
		}
		run_start = run_end = k;
		never += hit;
	}
	if (never)
		fprintf(out, "Never reached: slide%s %s (%zu of %zu slides)\n",
			never == 1 ? "" : "s", l.s, never, mains);
	free(l.s);
}

/* The header row of a time table (row 0 of f): "#", the name column what,
 * "planned", "actual", "diff", in the given widths; returns the column
 * after "diff". */
static unsigned put_head(struct frame *f, const char *what, unsigned wn, unsigned wt, unsigned wp,
			 unsigned wa, unsigned wd)
{
	unsigned x = 0;
	put_right(f, 0, &x, "#", wn, STYLE_TEXT);
	x += 2;
	put_left(f, 0, &x, what, wt, STYLE_TEXT);
	x += 2;
	put_right(f, 0, &x, "planned", wp, STYLE_TEXT);
	x += 2;
	put_right(f, 0, &x, "actual", wa, STYLE_TEXT);
	x += 2;
	put_right(f, 0, &x, "diff", wd, STYLE_TEXT);
	return x;
}

/* The table: a header row, a row a slide, the total row, a blank row. */
static void print_table(FILE *out, const struct report *rp, const struct report_opts *o,
			const struct cells *c, const char *plan, const char *tot, const char *tdiff,
			uint64_t plan_s)
{
	unsigned wn = 1, wt = 5, wp = 7, wa = 6, wd = 4;
	unsigned wtr = rp->m > 1 ? max_u(5, (unsigned)rp->m) : 0;
	uint64_t scale = 0;
	for (size_t i = 0; i < rp->nrows; i++) {
		wn = max_u(wn, width_of(c[i].num));
		wp = max_u(wp, width_of(c[i].planned));
		wa = max_u(wa, width_of(c[i].actual));
		wd = max_u(wd, width_of(c[i].diff));
		const struct record_slide *e = rp->rows[i].in[rp->m - 1];
		uint64_t pv = (uint64_t)rp->rows[i].planned_s * 1000u;
		scale = pv > scale ? pv : scale;
		if (e && e->actual_ms > scale)
			scale = e->actual_ms;
	}
	wp = max_u(wp, width_of(plan));
	wa = max_u(wa, width_of(tot));
	wd = max_u(wd, width_of(tdiff));

	/* The titles' cut widths set wt: measured by cutting them into a
	 * frame of their own, so that the table's frame is filled row by row,
	 * left to right, with no empty rows made ahead (frame.h: a put costs
	 * the rows below it). */
	struct frame *tf = frame_new(FRAME_UNBOUNDED, 0);
	for (size_t i = 0; i < rp->nrows; i++) {
		const char *t = rp->rows[i].title;
		wt = max_u(wt, frame_put_cut(tf, (unsigned)i, 0, t, strlen(t), TITLE_MAX_W,
					     STYLE_TEXT));
	}
	frame_free(tf);
	struct frame *f = frame_new(FRAME_UNBOUNDED, 0); /* rows made as they are filled */
	unsigned x = put_head(f, "slide", wn, wt, wp, wa, wd);
	if (wtr) {
		x += 2;
		put_left(f, 0, &x, "trend", wtr, STYLE_TEXT);
	}

	uint64_t *vals = xcalloc(rp->m, sizeof *vals);
	bool *have = xcalloc(rp->m, sizeof *have);
	for (size_t i = 0; i < rp->nrows; i++) {
		const struct row *w = &rp->rows[i];
		const struct record_slide *e = w->in[rp->m - 1];
		unsigned r = (unsigned)i + 1;
		enum style st = diff_style(&c[i]);
		x = 0;
		put_right(f, r, &x, c[i].num, wn, STYLE_TEXT);
		x += 2;
		frame_put_cut(f, r, x, w->title, strlen(w->title), TITLE_MAX_W, STYLE_TEXT);
		x += wt + 2;
		put_right(f, r, &x, c[i].planned, wp, STYLE_TEXT);
		x += 2;
		put_right(f, r, &x, c[i].actual, wa, STYLE_TEXT);
		x += 2;
		put_right(f, r, &x, c[i].diff, wd, st);
		if (wtr) {
			x += 2;
			for (size_t k = 0; k < rp->m; k++) {
				have[k] = w->in[k] != NULL;
				vals[k] = have[k] ? w->in[k]->actual_ms : 0;
			}
			put_spark(f, r, &x, vals, have, rp->m, wtr);
		}
		x += 2;
		if (e)
			put_bar(f, r, x, e->actual_ms, scale, st);
	}
	unsigned r = (unsigned)rp->nrows + 1;
	x = wn + 2;
	put_left(f, r, &x, "total", wt, STYLE_TEXT);
	x += 2;
	put_right(f, r, &x, plan_s ? plan : "-", wp, STYLE_TEXT);
	x += 2;
	put_right(f, r, &x, tot, wa, STYLE_TEXT);
	x += 2;
	put_right(f, r, &x, tdiff, wd, STYLE_TEXT);
	if (wtr) {
		x += 2;
		for (size_t k = 0; k < rp->m; k++) {
			have[k] = true;
			vals[k] = rp->v[k].total_ms;
		}
		put_spark(f, r, &x, vals, have, rp->m, wtr);
	}
	frame_rows_ensure(f, (unsigned)rp->nrows + 3); /* and a blank line after the total */
	frame_print(out, f, &(struct frame_print_opts){ .sgr = o->color ? report_sgr : NULL });
	frame_free(f);
	free(vals);
	free(have);
}

/* One row of the section block: a part of the deck and its times in the
 * newest shown record. */
struct part_row {
	char num[24], planned[32], actual[32], diff[32];
	const char *name;
	struct cells c; /* for diff_style() */
};

/* The times of slides [first, first + n) of the deck in the newest shown
 * record: planned, the sum of the slides' planned times (backup slides
 * count none, as in the deck's plan); actual, the sum of their actual
 * milliseconds, rounded once (so a section's actual is the time spent in
 * it, not the sum of the rounded rows above it). */
static void part_times(const struct report *rp, size_t first, size_t n, struct part_row *pr)
{
	const struct deck *d = rp->d;
	uint64_t planned = 0, ms = 0;
	bool any = false, reached = false;
	for (size_t i = first; i < first + n && i < d->nslides; i++) {
		const struct slide *s = &d->slides[i];
		if (!s->backup)
			planned += s->time_s;
		const struct record_slide *e = s->id ? shown_slide(rp, rp->m - 1, s->id) : NULL;
		if (!e)
			continue;
		any = true;
		reached |= !skipped(e);
		ms += e->actual_ms;
	}
	pr->c.has_diff = false;
	if (planned)
		fmt_s(planned, pr->planned, sizeof pr->planned);
	else
		strcpy(pr->planned, "-");
	if (any)
		fmt_s(round_s(ms), pr->actual, sizeof pr->actual);
	else
		strcpy(pr->actual, "-");
	if (!any)
		strcpy(pr->diff, "added");
	else if (!reached)
		strcpy(pr->diff, "skipped");
	else if (!planned)
		strcpy(pr->diff, "-");
	else {
		pr->c.diff_s = (int64_t)round_s(ms) - (int64_t)planned;
		pr->c.has_diff = true;
		fmt_diff(pr->c.diff_s, pr->diff, sizeof pr->diff);
	}
}

/* The section block after the slide table (decks with sections): a row
 * per section, "01  需求  planned  actual  diff", in deck order, and a row
 * "-  (before 01)" for the slides before the first section when there are
 * any; then a blank row. Names are cut like titles. */
static void print_sections(FILE *out, const struct report *rp, const struct report_opts *o)
{
	const struct deck *d = rp->d;
	if (d->nsections == 0)
		return;
	size_t lead = d->sections[0].first, np = d->nsections + (lead ? 1 : 0);
	struct part_row *pr = xcalloc(np, sizeof *pr);
	size_t k = 0;
	if (lead) {
		strcpy(pr[k].num, "-");
		pr[k].name = "(before 01)";
		part_times(rp, 0, lead, &pr[k++]);
	}
	for (size_t j = 0; j < d->nsections; j++, k++) {
		snprintf(pr[k].num, sizeof pr[k].num, "%02zu", j + 1);
		pr[k].name = d->sections[j].name;
		part_times(rp, d->sections[j].first, d->sections[j].nslides, &pr[k]);
	}
	unsigned wn = 2, wt = 7, wp = 7, wa = 6, wd = 4;
	struct frame *tf = frame_new(FRAME_UNBOUNDED, 0);
	for (k = 0; k < np; k++) {
		wn = max_u(wn, width_of(pr[k].num));
		wp = max_u(wp, width_of(pr[k].planned));
		wa = max_u(wa, width_of(pr[k].actual));
		wd = max_u(wd, width_of(pr[k].diff));
		wt = max_u(wt, frame_put_cut(tf, (unsigned)k, 0, pr[k].name, strlen(pr[k].name),
					     TITLE_MAX_W, STYLE_TEXT));
	}
	frame_free(tf);
	struct frame *f = frame_new(FRAME_UNBOUNDED, 0);
	unsigned x = put_head(f, "section", wn, wt, wp, wa, wd);
	for (k = 0; k < np; k++) {
		unsigned r = (unsigned)k + 1;
		x = 0;
		put_right(f, r, &x, pr[k].num, wn, STYLE_TEXT);
		x += 2;
		frame_put_cut(f, r, x, pr[k].name, strlen(pr[k].name), TITLE_MAX_W, STYLE_TEXT);
		x += wt + 2;
		put_right(f, r, &x, pr[k].planned, wp, STYLE_TEXT);
		x += 2;
		put_right(f, r, &x, pr[k].actual, wa, STYLE_TEXT);
		x += 2;
		put_right(f, r, &x, pr[k].diff, wd, diff_style(&pr[k].c));
	}
	frame_rows_ensure(f, (unsigned)np + 2);
	frame_print(out, f, &(struct frame_print_opts){ .sgr = o->color ? report_sgr : NULL });
	frame_free(f);
	free(pr);
}

/* "Most varied:     Title 0:40-1:30, ...": the slides of the deck whose
 * time differs most between the shown rehearsals that reached them (the
 * longest less the shortest, in whole seconds; at least two rehearsals and
 * a difference of a second), TOP_N at most, largest first. Nothing with
 * fewer than two shown rehearsals. */
static void put_varied(FILE *out, const struct report *rp)
{
	if (rp->m < 2)
		return;
	uint64_t *lo = xcalloc(rp->nrows ? rp->nrows : 1, sizeof *lo);
	uint64_t *hi = xcalloc(rp->nrows ? rp->nrows : 1, sizeof *hi);
	bool *cand = xcalloc(rp->nrows ? rp->nrows : 1, sizeof *cand);
	for (size_t i = 0; i < rp->nrows; i++) {
		const struct row *w = &rp->rows[i];
		size_t seen = 0;
		for (size_t k = 0; w->deck_index >= 0 && k < rp->m; k++) {
			const struct record_slide *e = w->in[k];
			if (!e || skipped(e))
				continue;
			uint64_t s = round_s(e->actual_ms);
			lo[i] = seen == 0 || s < lo[i] ? s : lo[i];
			hi[i] = seen == 0 || s > hi[i] ? s : hi[i];
			seen++;
		}
		cand[i] = seen >= 2 && hi[i] > lo[i];
	}
	struct frame *f = frame_new(FRAME_UNBOUNDED, 1);
	const char *lead = "Most varied:     ";
	unsigned x = frame_put(f, 0, 0, lead, strlen(lead), FRAME_UNBOUNDED, STYLE_TEXT);
	unsigned shown = 0;
	char t[TOP_N][72]; /* the frame borrows them until it is printed */
	for (; shown < TOP_N; shown++) {
		size_t best = SIZE_MAX;
		for (size_t i = 0; i < rp->nrows; i++)
			if (cand[i] && (best == SIZE_MAX || hi[i] - lo[i] > hi[best] - lo[best]))
				best = i;
		if (best == SIZE_MAX)
			break;
		cand[best] = false;
		char a[32], b[32];
		fmt_s(lo[best], a, sizeof a);
		fmt_s(hi[best], b, sizeof b);
		snprintf(t[shown], sizeof t[shown], " %s-%s", a, b);
		const char *title = rp->rows[best].title;
		if (shown)
			x += frame_put(f, 0, x, ", ", 2, FRAME_UNBOUNDED, STYLE_TEXT);
		x += frame_put(f, 0, x, title, strlen(title), FRAME_UNBOUNDED, STYLE_TEXT);
		x += frame_put(f, 0, x, t[shown], strlen(t[shown]), FRAME_UNBOUNDED, STYLE_TEXT);
	}
	if (!shown)
		frame_put(f, 0, x, "none", 4, FRAME_UNBOUNDED, STYLE_TEXT);
	frame_print(out, f, NULL);
	frame_free(f);
	free(lo);
	free(hi);
	free(cand);
}

/* The chart of the totals: a row per shown rehearsal, oldest first (its
 * local start, its total, a bar, "incomplete"), and a row for the plan,
 * the bars on one scale (the largest of them). Only with two or more
 * shown rehearsals. */
static void put_total_chart(FILE *out, const struct report *rp, uint64_t plan_s)
{
	if (rp->m < 2)
		return;
	uint64_t scale = plan_s * 1000u;
	for (size_t k = 0; k < rp->m; k++)
		scale = rp->v[k].total_ms > scale ? rp->v[k].total_ms : scale;
	fprintf(out, "\nTotal of each rehearsal, oldest first:\n");
	struct frame *f = frame_new(FRAME_UNBOUNDED, 0);
	unsigned ww = 4, wt = 5;
	char(*when)[CLOCK_LOCAL_LEN] = xcalloc(rp->m, sizeof *when);
	char(*tot)[32] = xcalloc(rp->m + 1, sizeof *tot);
	for (size_t k = 0; k < rp->m; k++) {
		clock_format_local(rp->v[k].start_s, when[k]);
		fmt_s(round_s(rp->v[k].total_ms), tot[k], sizeof tot[k]);
		ww = max_u(ww, width_of(when[k]));
		wt = max_u(wt, width_of(tot[k]));
	}
	fmt_s(plan_s, tot[rp->m], sizeof tot[rp->m]);
	wt = max_u(wt, width_of(tot[rp->m]));
	for (size_t k = 0; k <= rp->m; k++) {
		bool plan_row = k == rp->m;
		if (plan_row && !plan_s)
			break;
		unsigned r = (unsigned)k, x = 2;
		put_left(f, r, &x, plan_row ? "plan" : when[k], ww, STYLE_TEXT);
		x += 2;
		put_right(f, r, &x, tot[k], wt, STYLE_TEXT);
		x += 2;
		uint64_t v = plan_row ? plan_s * 1000u : rp->v[k].total_ms;
		enum style st = plan_row || !plan_s   ? STYLE_CHART
				: round_s(v) > plan_s ? STYLE_PACE_OVER
						      : STYLE_PACE_ON_PLAN;
		put_bar(f, r, x, v, scale, st);
		if (!plan_row && !rec_complete(rp->d, &rp->v[k]))
			frame_put(f, r, x + BAR_W + 2, "incomplete", 10, FRAME_UNBOUNDED,
				  STYLE_TEXT);
	}
	frame_print(out, f, NULL);
	frame_free(f);
	free(when);
	free(tot);
}

/* "Rate of speech: 182 字/min (Chinese notes, 4:10 rehearsed), 141
 * words/min (other notes, 2:00), over 3 complete rehearsals", from
 * plan_measure() over the shown rehearsals; "not measured" and why when
 * neither rate could be. */
static void put_rate(FILE *out, const struct report *rp)
{
	struct plan_measured m;
	plan_measure(&m, rp->d, rp->v, rp->m, (unsigned)rp->m);
	unsigned han = 0, words = 0;
	bool hh = plan_measured_han(&m, &han), hw = plan_measured_words(&m, &words);
	if (!hh && !hw) {
		fprintf(out, "Rate of speech: not measured (%s)\n",
			m.nused == 0 ? "no complete rehearsal"
				     : "too little rehearsed time on slides with notes");
		return;
	}
	char a[32], b[32];
	fmt_s(round_s(m.han_ms), a, sizeof a);
	fmt_s(round_s(m.words_ms), b, sizeof b);
	fputs("Rate of speech: ", out);
	if (hh)
		fprintf(out, "%u \xE5\xAD\x97/min (Chinese notes, %s rehearsed)", han, a);
	if (hh && hw)
		fputs(", ", out);
	if (hw)
		fprintf(out, "%u words/min (other notes, %s rehearsed)", words, b);
	fprintf(out, ", over %zu complete rehearsal%s\n", m.nused, m.nused == 1 ? "" : "s");
}

/* The suggestion line: what lectern plan (its defaults: the median of the
 * last 3 complete rehearsals of all of v) would change, and the command
 * that writes it; --include-incomplete when only incomplete rehearsals
 * were recorded. Nothing when the plan already matches. */
static void put_suggestion(FILE *out, const struct report *rp, const struct record *v, size_t n)
{
	struct plan_opts po = { .from = PLAN_FROM_MEDIAN, .last = 3 };
	struct plan p = { 0 };
	struct diag_list quiet;
	diag_list_init(&quiet);
	int rc = plan_propose(&p, rp->d, v, n, &po, &quiet);
	if (rc != 0) {
		po.include_incomplete = true;
		rc = plan_propose(&p, rp->d, v, n, &po, &quiet);
	}
	diag_list_release(&quiet);
	if (rc != 0)
		return;
	size_t changed = 0;
	for (size_t i = 0; i < p.nrows; i++)
		changed += p.rows[i].proposed_s != p.rows[i].current_s;
	if (changed) {
		char a[32], b[32];
		fmt_s(p.current_s, a, sizeof a);
		fmt_s(p.proposed_s, b, sizeof b);
		const char *opt = po.include_incomplete ? " --include-incomplete" : "";
		fputc('\n', out);
		char *head = xasprintf("Suggestion: the rehearsals give %zu slide%s a new time "
				       "(planned %s, proposed %s): 'lectern plan ",
				       changed, changed == 1 ? "" : "s", a, b);
		char *tail = xasprintf("%s' shows them, with --write it saves them.", opt);
		print_line(out, head, rp->d->path ? rp->d->path : "", tail, NULL);
		free(head);
		free(tail);
	}
	plan_release(&p);
}

static void write_text(FILE *out, const struct report *rp, const struct report_opts *o,
		       const struct record *all, size_t nall)
{
	const struct deck *d = rp->d;
	const char *id = d->meta.id ? d->meta.id : "";
	if (rp->m == 0) {
		print_line(out, "No rehearsal of '", id, "' recorded yet: run 'lectern rehearse'.",
			   NULL);
		return;
	}
	const struct record *last = &rp->v[rp->m - 1];
	char when[CLOCK_LOCAL_LEN], tot[32], plan[32];
	clock_format_local(last->start_s, when);
	fmt_s(round_s(last->total_ms), tot, sizeof tot);
	uint64_t plan_s = deck_plan_s(d);
	fmt_s(plan_s, plan, sizeof plan);
	print_line(out, "Rehearsal report for '", id, "' (", d->path ? d->path : "", ")", NULL);
	bool any_skipped = false;
	for (size_t i = 0; i < rp->nrows; i++) {
		const struct row *w = &rp->rows[i];
		any_skipped |= w->deck_index >= 0 && !d->slides[w->deck_index].backup &&
			       skipped(w->in[rp->m - 1]);
	}
	char *tail = xasprintf(", %s%s%s, %s", tot, plan_s ? " of " : "", plan_s ? plan : "",
			       rec_complete(d, last) ? "complete"
			       : any_skipped         ? "incomplete"
						     : "incomplete (interrupted)");
	print_line(out, "Last rehearsal: ", when, tail, NULL);
	free(tail);
	put_never_reached(out, rp);
	if (last->deck_hash != d->hash)
		fputs("The deck has changed since; slides are matched by id.\n", out);
	fputc('\n', out);

	struct cells *c = xcalloc(rp->nrows ? rp->nrows : 1, sizeof *c);
	for (size_t i = 0; i < rp->nrows; i++)
		row_cells(rp, &rp->rows[i], &c[i]);
	char tdiff[32] = "-";
	if (plan_s)
		fmt_diff((int64_t)round_s(last->total_ms) - (int64_t)plan_s, tdiff, sizeof tdiff);
	print_table(out, rp, o, c, plan, tot, tdiff, plan_s);
	print_sections(out, rp, o);
	put_extremes(out, rp, c, 1);
	put_extremes(out, rp, c, -1);
	put_varied(out, rp);
	put_rate(out, rp);
	if (rp->m > 1) {
		char t[32];
		fprintf(out, "\nTotals of the last %zu rehearsals, oldest first:", rp->m);
		for (size_t k = 0; k < rp->m; k++) {
			fmt_s(round_s(rp->v[k].total_ms), t, sizeof t);
			fprintf(out, " %s%s", t, rec_complete(d, &rp->v[k]) ? "" : " (incomplete)");
		}
		fputc('\n', out);
	}
	put_total_chart(out, rp, plan_s);
	put_suggestion(out, rp, all, nall);
	free(c);
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
			r->deck_hash != d->hash ? "true" : "false", r->total_ms);
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
				fprintf(out, ", \"actual_ms\": %" PRIu64 ", \"diff_ms\": ",
					e->actual_ms);
				if (w->planned_s)
					fprintf(out, "%" PRId64,
						(int64_t)e->actual_ms -
							(int64_t)w->planned_s * 1000);
				else
					fputs("null", out);
				fprintf(out, ", \"visits\": %u}", e->visits);
			} else {
				fputs(", \"actual_ms\": null, \"diff_ms\": null, \"visits\": null}",
				      out);
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
	case REPORT_TEXT: write_text(out, &rp, o, v, n); break;
	case REPORT_TSV: write_tsv(out, &rp); break;
	case REPORT_JSON: write_json(out, &rp); break;
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
			shared +=
				bsearch(&r->slides[i].id, ids, nids, sizeof *ids, cmp_str) != NULL;
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
	const char *id = d->meta.id ? d->meta.id : "";
	char *head = xasprintf("%zu rehearsal%s of a deck with the same slides %s recorded under "
			       "the id '",
			       count, count == 1 ? "" : "s", count == 1 ? "is" : "are");
	print_line(out, head, old_id, "'.", NULL);
	print_line(out, "If '", id, "' was renamed from it, add 'id = ", old_id,
		   "' to the [deck] section of ", d->path ? d->path : "the deck",
		   " to keep that history.", NULL);
	free(head);
	fflush(out);
	return ferror(out) ? -1 : 0;
}

bool report_complete(const struct deck *d, const struct record *r)
{
	return rec_complete(d, r);
}
