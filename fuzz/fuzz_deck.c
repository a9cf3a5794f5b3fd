/* libFuzzer target: a deck's bytes through load, check, layout at sizes
 * drawn from the input, export, and the head that a large deck starts
 * from. Any crash, leak, hang or sanitizer
 * report is a bug; every input must either load or produce diagnostics. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deck.h"
#include "export.h"
#include "layout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void lay_out(const struct deck *d, const uint8_t *data, size_t size)
{
	unsigned seed = size ? data[0] * 31u + data[size - 1] : 7u;
	for (size_t i = 0; i < d->nslides && i < 64; i++) {
		const struct slide *s = &d->slides[i];
		unsigned cols = 1 + (seed + (unsigned)i * 37u) % 220u;
		unsigned rows = (seed / 3u + (unsigned)i * 11u) % 70u;
		enum view views[] = { VIEW_SLIDE, VIEW_NOTES, VIEW_PREVIEW };
		struct layout_opts o = { .cols = cols,
					 .rows = rows,
					 .step = (unsigned)i % (s->nsteps + 1),
					 .view = views[i % 3],
					 .scroll = (seed + (unsigned)i) % 50u,
					 .show_step = (i & 1) != 0,
					 .highlight = i % 4 == 0   ? "e"
						      : i % 4 == 2 ? "算"
								   : NULL,
					 .deck = d,
					 .no_big = (seed & 4) != 0,
					 .hscroll = seed % 7u };
		frame_free(layout_slide(s, &o));
	}
}

/* Lays out and exports a deck that loaded. */
static void use(const struct deck *d, const uint8_t *data, size_t size)
{
	lay_out(d, data, size);
	/* one sink for the whole run: opening it per input was a system call
	 * pair for every input */
	static FILE *out;
	if (!out)
		out = fopen("/dev/null", "w");
	if (out) {
		struct export_opts o = { .width = 1 + (size % 150),
					 .notes = size % 2 == 0,
					 .backup = size % 3 == 0 };
		export_deck(d, &o, out);
		fflush(out);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Head first, as `lectern present` loads: when no head is taken (nine
	 * inputs in ten) deck_load() has loaded the whole deck the way a
	 * plain load does, from the same bytes, and that deck is used; a
	 * second, plain load of them would repeat the same work. */
	struct diag_list hdl;
	diag_list_init(&hdl);
	struct deck_rest rest;
	struct deck *head = deck_load(&(struct deck_load_opts){ .from = DECK_FROM_BUFFER,
								.name = "fuzz.ini",
								.bytes = (const char *)data,
								.len = size,
								.head_first = true,
								.head_min = 1 },
				      &rest, &hdl);
	if (!rest.pending) {
		if (!head && hdl.nerrors == 0)
			abort(); /* a refused deck must say why */
		if (head)
			use(head, data, size);
		deck_free(head);
		diag_list_release(&hdl);
		return 0;
	}
	/* a head: the first slide of the deck the whole file loads into, the
	 * slide count guessed from the headers is the real one, and the rest
	 * loaded is the deck a plain load gives, diagnostics and all */
	struct diag_list diags;
	diag_list_init(&diags);
	struct deck *d = deck_load(&(struct deck_load_opts){ .from = DECK_FROM_BUFFER,
							     .name = "fuzz.ini",
							     .bytes = (const char *)data,
							     .len = size },
				   NULL, &diags);
	if (!d && diags.nerrors == 0)
		abort();
	if (d && (head->nslides != 1 || rest.nslides_guess != d->nslides ||
		  strcmp(head->slides[0].id, d->slides[0].id) != 0))
		abort();
	struct deck *whole = deck_load_rest(&rest, &hdl);
	if (!whole != !d || (d && (whole->hash != d->hash || whole->nslides != d->nslides)) ||
	    hdl.n != diags.n)
		abort();
	if (d)
		use(d, data, size);
	deck_free(whole);
	deck_free(head);
	deck_free(d);
	diag_list_release(&hdl);
	diag_list_release(&diags);
	return 0;
}
