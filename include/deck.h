#ifndef LECTERN_DECK_H
#define LECTERN_DECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "xalloc.h"

/* The deck model and its loader. A deck is read from INI text (see
 * docs/deck-format.md), validated completely, and either built whole or not
 * at all. All strings are valid UTF-8, NUL-terminated, owned by the deck
 * (its arena) and live until deck_free(). Text is stored as written: control
 * characters are reported by the loader and neutralised by the layout. */

enum item_kind {
	ITEM_TEXT,   /* a paragraph */
	ITEM_BULLET, /* first-level bullet */
	ITEM_SUB,    /* second-level bullet */
	ITEM_FIGURE, /* a highlighted figure: text is the figure, caption below */
	ITEM_CHART,  /* a bar chart: text is its caption, bars below */
	ITEM_QUOTE,  /* a quotation: text, caption is the attribution or NULL */
};

struct bar {
	const char *label; /* e.g. "AI训练算力" */
	double value;      /* > 0 for a log chart, >= 0 otherwise */
	const char *shown; /* how the value is written, e.g. "30万倍" */
};

struct item {
	enum item_kind kind;
	unsigned step;       /* reveal step on which it appears; 0 = at once */
	unsigned line;       /* source line of its key */
	const char *text;    /* never NULL */
	const char *caption; /* figure caption or quote attribution; may be NULL */
	struct bar *bars;    /* ITEM_CHART only */
	size_t nbars;
	bool log_scale; /* ITEM_CHART only */
};

enum slide_layout {
	LAYOUT_DEFAULT, /* title on top, items below */
	LAYOUT_TITLE,   /* everything centred: a title or section slide */
};

struct slide {
	const char *id;       /* section name, lower case */
	const char *title;    /* never NULL */
	const char *subtitle; /* may be NULL */
	unsigned time_s;      /* planned time in seconds; 0 = none given */
	bool backup;          /* skipped in the normal run, reachable by goto */
	enum slide_layout layout;
	struct item *items;
	size_t nitems;
	unsigned nsteps; /* reveal steps: 1 + the number of pauses */
	const char **notes; /* speaker-note paragraphs in file order */
	size_t nnotes;
	unsigned line; /* source line of the section header */
};

struct deck_meta {
	const char *id; /* from [deck] id, else the file's base name without
			 * extensions; never NULL */
	const char *title; /* never NULL: falls back to the id */
	const char *subtitle, *author, *affiliation, *event, *date, *language;
	unsigned duration_s; /* planned length; 0 = not given */
};

struct deck {
	const char *path; /* as given to the loader */
	struct deck_meta meta;
	struct slide *slides;
	size_t nslides;
	uint64_t hash; /* fingerprint of the source bytes: equal bytes, equal hash */
	struct arena arena;
};

/* Hard limit on a deck file's size; larger files are refused unread. */
#define DECK_MAX_BYTES (64u * 1024u * 1024u)

/* Loads a deck from a file. On success returns a new deck the caller frees
 * with deck_free(); warnings may have been added to diags. On any error
 * returns NULL and diags holds every problem found (all of them, not just
 * the first). name is how the file is called in diagnostics. */
struct deck *deck_load_file(const char *path, struct diag_list *diags);

/* Like deck_load_file() for bytes already in memory (the built-in talk, a
 * fuzzer's input). name is used in diagnostics and as deck->path. */
struct deck *deck_load_buffer(const char *name, const char *bytes, size_t len,
			      struct diag_list *diags);

struct ini_file;
/* Builds a deck from an INI file already read (the built-in talk, read at
 * build time): as deck_load_buffer() after its ini_parse(); hash is the
 * fingerprint of the bytes f was read from. f is only borrowed: the deck
 * points to its strings, which must outlive it. */
struct deck *deck_load_ini(const char *name, const struct ini_file *f, uint64_t hash,
			   struct diag_list *diags);

/* A first look at a large deck, to show its first slide while the whole
 * of it is loaded: loads only the [deck] section and the first slide, and
 * sets *nslides_guess to the number of section headers after [deck] (the
 * real count unless a header hides in an odd place). Returns NULL, with no
 * diagnostic, when the file does not start with [deck] or its head does
 * not load cleanly; the caller then waits for the full load, which is the
 * only judge of the deck: a head is never presented on its own. */
struct deck *deck_load_head(const char *name, const char *bytes, size_t len,
			    size_t *nslides_guess);

/* Like deck_load_buffer() for a malloc'd buffer the loader takes over and
 * frees (before the model is built, so its text is not held twice). */
struct deck *deck_load_owned(const char *name, char *bytes, size_t len, struct diag_list *diags);

void deck_free(struct deck *d);

/* Index of the slide with this id (case-insensitive), or -1. */
long deck_find(const struct deck *d, const char *id);

/* Sum of the planned times of all non-backup slides, in seconds: 64 bits,
 * so that no deck's total wraps. */
uint64_t deck_planned_s(const struct deck *d);

/* The longest time or duration a deck may give: 1000 hours. */
#define DECK_DURATION_MAX_S (1000u * 3600u)

/* What deck_parse_duration() found. */
enum duration_result {
	DURATION_OK,
	DURATION_EMPTY,
	DURATION_SYNTAX,       /* not a duration: "5 minutes", "1m30", "0x10" */
	DURATION_ZERO,         /* "0s", "0m0s" */
	DURATION_TOO_LARGE,    /* over DECK_DURATION_MAX_S: "1001h" */
	DURATION_MINUTES_OVER, /* 60 minutes or more after hours: "1h99m" */
	DURATION_SECONDS_OVER, /* 60 seconds or more after a unit: "1m75s" */
};

/* Parses a duration such as "45s", "15m", "1m30s", "1h5m", "90" (seconds),
 * of 1 s to DECK_DURATION_MAX_S, into seconds. Returns DURATION_OK (0) and
 * sets *out_s, or another enum duration_result saying why s is not one; then
 * *out_s is 0, except for the two *_OVER results, where it holds the total
 * the text adds up to (1h99m: 9540). */
int deck_parse_duration(const char *s, unsigned *out_s);

/* The diagnostic for a value s of the key what ("time", "duration",
 * "--duration") that deck_parse_duration() refused with rc: the problem
 * first, with a hint. A new string the caller frees. */
char *deck_duration_message(const char *what, const char *s, int rc);

/* Formats seconds as "M:SS" or "H:MM:SS", hours unbounded, into buf. */
#define DECK_DURATION_LEN 32
void deck_format_duration(uint64_t s, char buf[DECK_DURATION_LEN]);

#endif
