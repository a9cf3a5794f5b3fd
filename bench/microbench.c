/* Microbenchmarks of the core, for bench/run: deck load, layout of one
 * slide, and one full-screen redraw through ncurses.
 *
 * Usage: microbench [DECK] [COLSxROWS ...]
 * With no DECK, the built-in talk. For each size prints one line per figure:
 *   load <ns per deck load>
 *   layout COLSxROWS <ns per slide>
 *   redraw COLSxROWS <ns per redraw> <bytes per redraw>
 * The redraw is erase() + layout + copy of the runs with mvaddnstr() +
 * refresh(), the same calls src/tui.c makes for the audience screen minus
 * the status line, on an ncurses screen (TERM=xterm-256color) that writes
 * to a temporary file; bytes are what ncurses wrote per redraw, stepping
 * through the slides in order. Times are the best of 5 passes, each pass
 * long enough to last about 50 ms. Not a test: the figures are timings. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "builtin.h"
#include "deck.h"
#include "diag.h"
#include "layout.h"

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static struct deck *load(const char *path, const char *bytes, size_t len)
{
	struct diag_list dl;
	diag_list_init(&dl);
	struct deck_load_opts lo = { .from = path ? DECK_FROM_PATH : DECK_FROM_BUFFER,
				     .name = path ? path : "talk",
				     .bytes = bytes,
				     .len = len };
	struct deck *d = deck_load(&lo, NULL, &dl);
	if (!d)
		diag_print(&dl, stderr, 0);
	diag_list_release(&dl);
	return d;
}

/* Runs fn(arg) in passes of n calls, n grown until a pass lasts 50 ms;
 * returns the best ns per call over 5 passes. */
static double best_ns(void (*fn)(void *), void *arg)
{
	unsigned long n = 1;
	for (;;) {
		uint64_t t0 = now_ns();
		for (unsigned long i = 0; i < n; i++)
			fn(arg);
		if (now_ns() - t0 > 50000000u || n > (1ul << 30))
			break;
		n *= 2;
	}
	double best = 1e30;
	for (int p = 0; p < 5; p++) {
		uint64_t t0 = now_ns();
		for (unsigned long i = 0; i < n; i++)
			fn(arg);
		double ns = (double)(now_ns() - t0) / (double)n;
		if (ns < best)
			best = ns;
	}
	return best;
}

struct job {
	const char *path;
	const char *bytes;
	size_t len;
	struct deck *d;
	unsigned cols, rows;
	size_t next; /* slide laid out or drawn next */
	attr_t attr[STYLE_COUNT];
};

static void job_load(void *arg)
{
	struct job *j = arg;
	deck_free(load(j->path, j->bytes, j->len));
}

static struct frame *layout_next(struct job *j)
{
	const struct slide *s = &j->d->slides[j->next];
	j->next = (j->next + 1) % j->d->nslides;
	struct layout_opts o = { .cols = j->cols,
				 .rows = j->rows - 1,
				 .step = s->nsteps ? s->nsteps - 1 : 0,
				 .view = VIEW_SLIDE,
				 .deck = j->d };
	return layout_slide(s, &o);
}

static void job_layout(void *arg)
{
	frame_free(layout_next(arg));
}

static void job_redraw(void *arg)
{
	struct job *j = arg;
	erase();
	struct frame *f = layout_next(j);
	for (unsigned r = 0; r < f->nrows && (int)r < LINES - 1; r++) {
		const struct frame_row *row = &f->rows[r];
		for (size_t i = row->first; i < row->first + row->n; i++) {
			const struct run *run = &f->runs[i];
			if ((int)(run->col + run->width) > COLS || run->len == 0)
				continue;
			attrset(j->attr[run->style]);
			mvaddnstr((int)r, (int)run->col, run->text, (int)run->len);
		}
	}
	attrset(A_NORMAL);
	frame_free(f);
	refresh();
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "C.UTF-8");
	struct job j;
	memset(&j, 0, sizeof j);
	int a = 1;
	unsigned c, r;
	char end;
	if (a < argc && sscanf(argv[a], "%ux%u%c", &c, &r, &end) != 2)
		j.path = argv[a++];
	if (!j.path)
		builtin_source(NULL, &j.bytes, &j.len);
	j.d = load(j.path, j.bytes, j.len);
	if (!j.d || j.d->nslides == 0)
		return 1;
	printf("load %.0f\n", best_ns(job_load, &j));
	for (; a < argc; a++) {
		if (sscanf(argv[a], "%ux%u", &j.cols, &j.rows) != 2 || j.rows < 2) {
			fprintf(stderr, "microbench: bad size '%s'\n", argv[a]);
			return 2;
		}
		j.next = 0;
		printf("layout %ux%u %.0f\n", j.cols, j.rows, best_ns(job_layout, &j));
		FILE *out = tmpfile();
		if (!out)
			return 3;
		char dim[16];
		snprintf(dim, sizeof dim, "%u", j.cols);
		setenv("COLUMNS", dim, 1);
		snprintf(dim, sizeof dim, "%u", j.rows);
		setenv("LINES", dim, 1);
		SCREEN *scr = newterm("xterm-256color", out, stdin);
		if (!scr)
			return 3;
		set_term(scr);
		start_color();
		use_default_colors();
		for (int s = 0; s < STYLE_COUNT; s++) {
			init_pair((short)(s + 1), (short)(s % 7 + 1), -1);
			j.attr[s] = COLOR_PAIR(s + 1) | (s == STYLE_TITLE ? A_BOLD : 0);
		}
		/* Bytes: one pass over the deck after a first full paint. */
		j.next = 0;
		job_redraw(&j);
		fflush(out);
		long before = ftell(out);
		size_t n = j.d->nslides;
		for (size_t i = 0; i < n; i++)
			job_redraw(&j);
		fflush(out);
		double bytes = (double)(ftell(out) - before) / (double)n;
		double ns = best_ns(job_redraw, &j);
		printf("redraw %ux%u %.0f %.0f\n", j.cols, j.rows, ns, bytes);
		endwin();
		delscreen(scr);
		fclose(out);
	}
	deck_free(j.d);
	return 0;
}
