/* A presentation for the controller and composer tests: a deck from a
 * file, the default keys, the timer started on fake clocks at a fixed
 * instant, and keys typed as strings. No terminal. */
#ifndef LECTERN_PRESENT_FIXTURE_H
#define LECTERN_PRESENT_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "clock.h"
#include "config.h"
#include "diag.h"
#include "keymap.h"
#include "nav.h"
#include "present.h"

/* 2026-01-05 09:00 UTC on the wall clock; the monotonic clock at 1000 s */
static struct fake_clock fx_mono = { 1000000 }, fx_wall = { 1767603600000ull };

/* Sets the time of a pass from the fake clocks. */
static inline void fx_pass(struct present *p)
{
	present_clock(p, fx_mono.ms, fx_wall.ms);
}

static inline void fx_advance(struct present *p, uint64_t ms)
{
	clock_fake_advance(&fx_mono, ms);
	clock_fake_advance(&fx_wall, ms);
	fx_pass(p);
}

/* Opens path (NULL: the built-in talk) like lectern present; o gives the
 * options besides the path. Aborts the test when the deck does not load. */
static inline void fx_open(struct present *p, const char *path, const struct present_opts *o)
{
	memset(p, 0, sizeof *p);
	if (o)
		p->o = *o;
	p->o.cmd = p->o.rehearse ? "rehearse" : "present";
	p->o.path = path;
	config_init(&p->cfg);
	struct diag_list dl;
	diag_list_init(&dl);
	p->deck = cli_load_deck(path, NULL, &dl);
	diag_list_release(&dl);
	if (!p->deck) {
		printf("Bail out! %s does not load\n", path ? path : "the built-in talk");
		exit(1);
	}
	present_remember_file(p);
	nav_init(&p->nav, p->deck);
	p->nav.presenter = p->o.presenter || p->o.rehearse;
	p->clock = p->o.clock;
	fx_pass(p);
	present_start_timer(p);
}

static inline void fx_close(struct present *p)
{
	if (p->timer_on)
		timer_release(&p->timer);
	nav_release(&p->nav);
	deck_free(p->deck);
	config_release(&p->cfg);
}

/* Types keys: characters, '\n' Enter, 27 Escape, '\b' Backspace; the
 * REACT_* flags of all of them. */
static inline unsigned fx_type(struct present *p, const char *keys)
{
	unsigned r = 0;
	for (const char *c = keys; *c; c++) {
		struct key k = key_char((unsigned char)*c);
		if (*c == '\n')
			k = key_sym(KEYSYM_ENTER);
		else if (*c == 27)
			k = key_sym(KEYSYM_ESCAPE);
		else if (*c == '\b')
			k = key_sym(KEYSYM_BACKSPACE);
		r |= present_key(p, k);
	}
	return r;
}

#endif
