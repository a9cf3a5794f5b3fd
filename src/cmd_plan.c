/* lectern plan: new planned times from the rehearsals (or the notes), shown
 * as a table or written back into the deck. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "config.h"
#include "frame.h"
#include "ini.h"
#include "plan.h"
#include "record.h"
#include "textclass.h"
#include "timer.h"

static const char plan_usage[] =
	"Usage: lectern plan DECK [OPTIONS]\n"
	"\n"
	"Proposes new planned times for the main slides of DECK from its rehearsal\n"
	"records ($XDG_STATE_HOME/lectern/, matched by the deck's id) or from its\n"
	"speaker notes, and prints them next to the current plan. Slides that the\n"
	"rehearsals never reached or skipped keep their time. Times are rounded\n"
	"to 5 s.\n"
	"\n"
	"Options:\n"
	"  --from median|last|notes  the source: the median of the last N complete\n"
	"                         rehearsals (default), the last complete one, or the\n"
	"                         estimate from the notes (see lectern-deck(5)) at the\n"
	"                         speaker's measured rates, else the config's\n"
	"  --last N               rehearsals in the median (default 3)\n"
	"  --include-incomplete   also use rehearsals that were interrupted\n"
	"  --fit DURATION|deck    scale the proposal to this total (e.g. 20m), or to\n"
	"                         the deck's [deck] duration; the total is exact\n"
	"  --write                rewrite DECK: only the 'time' values change (a\n"
	"                         missing one is added after the slide's title; in a\n"
	"                         Markdown deck, the lectern comments' 'time:'); the\n"
	"                         old file is kept as DECK~\n"
	"  --backup FILE          with --write, keep the old file as FILE instead\n"
	"  --dry-run              with --write, print the unified diff, change nothing\n"
	"  -h, --help             show this help\n"
	"\n"
	"Exit status: 0 ok, 1 deck errors or nothing to plan from, 2 usage errors,\n"
	"3 I/O errors (nothing is changed then).\n";

/* Deck text and file names go out through the sanitising writer
 * (textclass.h); keep_nl lets newlines and tabs through (for the diff). */
static void put_safe(struct strbuf *b, const char *s, size_t n, bool keep_nl)
{
	text_sanitize(b, s, n, keep_nl ? TEXT_KEEP_TAB | TEXT_KEEP_NL : 0);
}

static char *safe(const char *s)
{
	return text_safe(s);
}

static unsigned width_of(const char *s)
{
	return layout_width(s, strlen(s));
}

/* Appends s cut to w columns ("…" when cut) and padded to w, drawn as the
 * screen draws it (frame_put_cut, textclass.h's placeholders). */
static void put_cell(struct strbuf *b, const char *s, unsigned w)
{
	struct frame *f = frame_new(w, 1);
	frame_put_cut(f, 0, 0, s, strlen(s), w, STYLE_TEXT);
	size_t start = b->len;
	frame_row_text(f, 0, NULL, b);
	frame_free(f);
	unsigned used = b->s ? layout_width(b->s + start, b->len - start) : 0;
	for (; used < w; used++)
		strbuf_addc(b, ' ');
}

static void fmt_s(uint64_t s, char buf[DECK_DURATION_LEN])
{
	deck_format_duration(s, buf);
}

static void fmt_ms(uint64_t ms, char buf[DECK_DURATION_LEN])
{
	deck_format_duration(timer_whole_s(ms), buf);
}

static void fmt_diff(int64_t d, char buf[DECK_DURATION_LEN + 1])
{
	char t[DECK_DURATION_LEN];
	deck_format_duration((uint64_t)(d < 0 ? -d : d), t);
	snprintf(buf, DECK_DURATION_LEN + 1, "%s%s", d > 0 ? "+" : d < 0 ? "-" : " ", t);
}

static const char *status_note(enum plan_status st)
{
	switch (st) {
	case PLAN_PROPOSED: return "";
	case PLAN_SKIPPED: return "skipped: kept";
	case PLAN_UNSEEN: return "not rehearsed: kept";
	case PLAN_NO_NOTES: return "no notes: kept";
	}
	return "";
}

#define TITLE_W 26u

static void print_table(const struct deck *d, const struct plan *p, const struct plan_opts *o,
			const struct plan_rate_choice *rates)
{
	struct strbuf b = { 0 };
	char src[64];
	if (o->from == PLAN_FROM_NOTES)
		snprintf(src, sizeof src, "estimated");
	else if (o->from == PLAN_FROM_LAST)
		snprintf(src, sizeof src, "last");
	else
		snprintf(src, sizeof src, "median/%zu", p->nused);
	unsigned idw = 5;
	for (size_t i = 0; i < p->nrows; i++) {
		const char *id = d->slides[p->rows[i].slide].id;
		if (width_of(id) > idw)
			idw = width_of(id) > 24 ? 24 : width_of(id);
	}
	strbuf_adds(&b, "plan for ");
	put_safe(&b, d->path, strlen(d->path), false);
	if (o->from == PLAN_FROM_NOTES) {
		strbuf_adds(&b, ": from the notes (");
		plan_describe_rates(&b, rates);
		strbuf_adds(&b, ")");
	} else
		strbuf_printf(&b, ": from %s of %zu rehearsal%s%s",
			      o->from == PLAN_FROM_LAST ? "the last" : "the median", p->nused,
			      p->nused == 1 ? "" : "s",
			      p->nincomplete && !o->include_incomplete
				      ? " (incomplete ones left out)"
				      : "");
	if (o->fit_s) {
		char t[DECK_DURATION_LEN];
		fmt_s(o->fit_s, t);
		strbuf_printf(&b, ", fitted to %s", t);
	}
	strbuf_adds(&b, "\n\n");
	put_cell(&b, "slide", idw);
	strbuf_adds(&b, "  ");
	put_cell(&b, "title", TITLE_W);
	strbuf_printf(&b, "  %8s  %10s  %8s  %9s\n", "plan", src, "proposed", "diff");
	for (size_t i = 0; i < p->nrows; i++) {
		const struct plan_row *r = &p->rows[i];
		const struct slide *s = &d->slides[r->slide];
		char cur[DECK_DURATION_LEN] = "-", meas[DECK_DURATION_LEN] = "-",
		     prop[DECK_DURATION_LEN] = "-", diff[DECK_DURATION_LEN + 1];
		if (r->current_s)
			fmt_s(r->current_s, cur);
		if (r->status == PLAN_PROPOSED)
			fmt_ms(r->measured_ms, meas);
		if (r->proposed_s)
			fmt_s(r->proposed_s, prop);
		fmt_diff((int64_t)r->proposed_s - (int64_t)r->current_s, diff);
		put_cell(&b, s->id, idw);
		strbuf_adds(&b, "  ");
		put_cell(&b, s->title, TITLE_W);
		strbuf_printf(&b, "  %8s  %10s  %8s  %9s", cur, meas, prop, diff);
		const char *note = status_note(r->status);
		if (*note)
			strbuf_printf(&b, "  %s", note);
		strbuf_addc(&b, '\n');
	}
	char cur[DECK_DURATION_LEN], meas[DECK_DURATION_LEN], prop[DECK_DURATION_LEN],
		diff[DECK_DURATION_LEN + 1];
	fmt_s(p->current_s, cur);
	fmt_ms(p->measured_ms, meas);
	fmt_s(p->proposed_s, prop);
	fmt_diff((int64_t)p->proposed_s - (int64_t)p->current_s, diff);
	put_cell(&b, "total", idw);
	strbuf_adds(&b, "  ");
	put_cell(&b, "", TITLE_W);
	strbuf_printf(&b, "  %8s  %10s  %8s  %9s\n", cur, meas, prop, diff);
	fwrite(b.s, 1, b.len, stdout);
	free(b.s);
}

static void say_path(FILE *f, const char *before, const char *path, const char *after)
{
	char *p = safe(path);
	fprintf(f, "%s'%s'%s", before, p, after);
	free(p);
}

int cli_speech_config(struct plan_rate_config *c)
{
	*c = (struct plan_rate_config){ { PLAN_RATE_HAN, PLAN_RATE_WORDS }, false, false };
	char *path = config_default_path(getenv("XDG_CONFIG_HOME"), getenv("HOME"));
	if (!path)
		return 0;
	struct config cfg;
	config_init(&cfg);
	struct diag_list dl;
	diag_list_init(&dl);
	int rc = config_load(&cfg, path, &dl);
	diag_print(&dl, stderr, 0);
	diag_list_release(&dl);
	free(path);
	if (rc == 0)
		*c = (struct plan_rate_config){ { cfg.han_per_min, cfg.words_per_min },
						cfg.han_set,
						cfg.words_set };
	config_release(&cfg);
	return rc;
}

void cli_speech_rates(const struct deck *d, const struct plan_rate_config *cfg,
		      struct plan_rate_choice *out)
{
	struct diag_list quiet; /* lectern report names unreadable records */
	diag_list_init(&quiet);
	struct record_list l;
	record_list_init(&l);
	char *dir = record_dir(&quiet);
	if (dir && d->meta.id)
		record_list_load(&l, dir, d->meta.id, &quiet);
	struct plan_measured m;
	plan_measure(&m, d, l.v, l.n, PLAN_MEASURE_LAST);
	plan_choose_rates(out, cfg, &m);
	free(dir);
	record_list_release(&l);
	diag_list_release(&quiet);
}

/* ---- options ---- */

struct plan_cli {
	const char *path, *backup, *fit;
	bool write, dry_run;
	struct plan_opts o;
	struct plan_rate_config cfg;   /* the config's [speech] */
	struct plan_rate_choice rates; /* --from notes: the rates used */
};

static int parse_args(int argc, char **argv, struct plan_cli *c)
{
	for (int i = 1; i < argc; i++) {
		int missing = 0;
		const char *a = argv[i], *v;
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(plan_usage, stdout);
			return -1;
		} else if (strcmp(a, "--write") == 0) {
			c->write = true;
		} else if (strcmp(a, "--dry-run") == 0) {
			c->dry_run = true;
		} else if (strcmp(a, "--include-incomplete") == 0) {
			c->o.include_incomplete = true;
		} else if ((v = cli_opt_value(argc, argv, &i, "--from", &missing))) {
			if (strcmp(v, "median") == 0)
				c->o.from = PLAN_FROM_MEDIAN;
			else if (strcmp(v, "last") == 0)
				c->o.from = PLAN_FROM_LAST;
			else if (strcmp(v, "notes") == 0)
				c->o.from = PLAN_FROM_NOTES;
			else
				return cli_usage_error("plan",
						       "--from wants median, last or notes");
		} else if ((v = cli_opt_value(argc, argv, &i, "--last", &missing))) {
			char *end;
			unsigned long n = strtoul(v, &end, 10);
			if (*v < '0' || *v > '9' || *end || n < 1 || n > 1000)
				return cli_usage_error("plan",
						       "--last wants a number from 1 to 1000");
			c->o.last = (unsigned)n;
		} else if ((v = cli_opt_value(argc, argv, &i, "--fit", &missing))) {
			c->fit = v;
		} else if ((v = cli_opt_value(argc, argv, &i, "--backup", &missing))) {
			c->backup = v;
		} else if (missing) {
			return cli_usage_error("plan", "option '%s' needs a value", a);
		} else if (a[0] == '-' && a[1] != '\0') {
			char *s = safe(a);
			int rc = cli_usage_error("plan", "unknown option '%s'", s);
			free(s);
			return rc;
		} else if (c->path) {
			return cli_usage_error("plan", "only one DECK, please");
		} else {
			c->path = a;
		}
	}
	if (!c->path)
		return cli_usage_error("plan", "which DECK? (lectern plan DECK)");
	if ((c->dry_run || c->backup) && !c->write)
		return cli_usage_error("plan", "%s only goes with --write",
				       c->dry_run ? "--dry-run" : "--backup");
	return 0;
}

static int resolve_fit(const struct plan_cli *c, const struct deck *d, uint64_t *out)
{
	*out = 0;
	if (!c->fit)
		return 0;
	if (strcmp(c->fit, "deck") == 0) {
		if (!d->meta.duration_s) {
			char *p = safe(d->path);
			fprintf(stderr, "lectern: %s: --fit deck needs a [deck] duration\n", p);
			free(p);
			return -1;
		}
		*out = d->meta.duration_s;
		return 0;
	}
	unsigned s;
	int rc = deck_parse_duration(c->fit, &s);
	if (rc != DURATION_OK) {
		char *msg = deck_duration_message("--fit", c->fit, rc);
		char *m = safe(msg);
		fprintf(stderr, "lectern: %s\n", m);
		free(m);
		free(msg);
		return -1;
	}
	*out = s;
	return 0;
}

/* A last look before writing: the rewrite loads without errors and gives
 * every main slide its proposed time. */
static bool rewrite_loads(const char *path, const struct plan_rewrite *w, const struct plan *p,
			  const struct deck *d)
{
	struct diag_list dl;
	diag_list_init(&dl);
	struct deck *nd = deck_load(
		&(struct deck_load_opts){
			.from = DECK_FROM_BUFFER, .name = path, .bytes = w->bytes, .len = w->len },
		NULL, &dl);
	bool good = nd && nd->nslides == d->nslides;
	for (size_t i = 0; good && i < p->nrows; i++)
		good = nd->slides[p->rows[i].slide].time_s == p->rows[i].proposed_s;
	deck_free(nd);
	diag_list_release(&dl);
	return good;
}

static int run(struct plan_cli *c, const struct plan_file *orig, struct deck *d)
{
	struct diag_list diags;
	diag_list_init(&diags);
	struct record_list l;
	record_list_init(&l);
	int rc = EXIT_OK;
	if (c->o.from != PLAN_FROM_NOTES) {
		char *dir = record_dir(&diags);
		if (!dir || record_list_load(&l, dir, d->meta.id, &diags) != 0)
			rc = EXIT_INTERNAL;
		free(dir);
	}
	struct plan p = { 0 };
	if (rc == EXIT_OK && plan_propose(&p, d, l.v, l.n, &c->o, &diags) != 0)
		rc = EXIT_DECK;
	diag_print(&diags, stderr, 0);
	diag_list_release(&diags);
	record_list_release(&l);
	if (rc != EXIT_OK)
		return rc;
	if (!c->write || c->dry_run)
		print_table(d, &p, &c->o, &c->rates);
	if (c->write) {
		struct plan_edit *e = xmalloc((p.nrows ? p.nrows : 1) * sizeof *e);
		size_t n = 0;
		for (size_t i = 0; i < p.nrows; i++)
			if (p.rows[i].proposed_s && p.rows[i].proposed_s != p.rows[i].current_s)
				e[n++] = (struct plan_edit){ d->slides[p.rows[i].slide].id,
							     p.rows[i].proposed_s };
		struct plan_rewrite w;
		diag_list_init(&diags);
		if (plan_rewrite(&w, orig->path, orig->bytes, orig->len, e, n, &diags) != 0) {
			rc = EXIT_DECK;
		} else if (c->dry_run) {
			struct strbuf raw = { 0 }, out = { 0 };
			plan_diff(&raw, orig->path, orig->bytes, orig->len, &w, 2);
			put_safe(&out, raw.s ? raw.s : "", raw.len, true);
			fputc('\n', stdout);
			if (out.len)
				fwrite(out.s, 1, out.len, stdout);
			else
				fputs("no time changes\n", stdout);
			free(raw.s);
			free(out.s);
		} else if (w.nchanges == 0) {
			say_path(stdout, "", orig->path,
				 ": the plan already matches; nothing written\n");
		} else {
			char *backup =
				c->backup ? xstrdup(c->backup) : xasprintf("%s~", orig->path);
			struct stat bs;
			if (strcmp(backup, orig->path) == 0 ||
			    (stat(backup, &bs) == 0 && bs.st_dev == orig->st.st_dev &&
			     bs.st_ino == orig->st.st_ino)) {
				say_path(stderr, "lectern: --backup ", backup,
					 " is the deck itself; name another file\n");
				free(backup);
				backup = NULL;
				rc = EXIT_USAGE;
			}
			if (backup && !rewrite_loads(orig->path, &w, &p, d)) {
				fputs("lectern: internal error: the rewritten deck would not load "
				      "with the proposed times; nothing was written\n",
				      stderr);
				free(backup);
				backup = NULL;
				rc = EXIT_INTERNAL;
			}
			int wr = backup ? plan_file_write(orig, w.bytes, w.len, backup, &diags)
					: PLAN_WRITE_FAILED;
			if (backup)
				rc = wr == PLAN_WRITE_OK        ? EXIT_OK
				     : wr == PLAN_WRITE_CHANGED ? EXIT_DECK
								: EXIT_INTERNAL;
			if (rc == EXIT_OK) {
				char a[DECK_DURATION_LEN], b[DECK_DURATION_LEN];
				fmt_s(p.current_s, a);
				fmt_s(p.proposed_s, b);
				say_path(stdout, "wrote ", orig->path, "");
				printf(": %zu time%s changed, total %s -> %s", w.nchanges,
				       w.nchanges == 1 ? "" : "s", a, b);
				say_path(stdout, "; the old file is ", backup, "\n");
			}
			free(backup);
		}
		diag_print(&diags, stderr, 0);
		diag_list_release(&diags);
		plan_rewrite_release(&w);
		free(e);
	}
	plan_release(&p);
	return rc;
}

int cmd_plan(int argc, char **argv)
{
	struct plan_cli c = { 0 };
	c.o.from = PLAN_FROM_MEDIAN;
	c.o.last = 3;
	int rc = parse_args(argc, argv, &c);
	if (rc != 0)
		return rc < 0 ? EXIT_OK : rc;
	if (cli_speech_config(&c.cfg) != 0)
		return EXIT_DECK;

	struct plan_file orig;
	struct diag_list diags;
	diag_list_init(&diags);
	int read = plan_file_read(&orig, c.path, &diags);
	struct deck *d = read == 0 ? deck_load(&(struct deck_load_opts){ .from = DECK_FROM_BUFFER,
									 .name = c.path,
									 .bytes = orig.bytes,
									 .len = orig.len },
					       NULL, &diags)
				   : NULL;
	diag_print(&diags, stderr, 0);
	diag_list_release(&diags);
	if (!d) {
		plan_file_release(&orig);
		return read == 0 ? EXIT_DECK : EXIT_INTERNAL;
	}
	if (c.o.from == PLAN_FROM_NOTES) {
		cli_speech_rates(d, &c.cfg, &c.rates);
		c.o.rates = c.rates.rates;
	}
	rc = resolve_fit(&c, d, &c.o.fit_s) != 0 ? EXIT_USAGE : run(&c, &orig, d);
	deck_free(d);
	plan_file_release(&orig);
	return rc;
}
