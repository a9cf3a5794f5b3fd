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
	ITEM_TABLE,  /* a table: text is "" (caption NULL or a caption), cells below */
	ITEM_CODE,   /* preformatted lines: text is the language tag, "" for none */
	ITEM_AGENDA, /* the deck's sections, the slide's own marked: text is "" */
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
	/* ITEM_TABLE only: nrows rows (row 0 the header) of ncols cells each,
	 * cells[r * ncols + c], every one non-NULL ("" for an empty cell);
	 * ncols >= 1 and nrows >= 1 in a loaded deck. */
	const char **cells;
	size_t ncols, nrows;
	/* ITEM_CODE only: the lines as written (tabs not yet expanded; the
	 * layout expands them to the next multiple of 8 columns), never
	 * wrapped; nlines >= 1 in a loaded deck. */
	const char **lines;
	size_t nlines;
};

enum slide_layout {
	LAYOUT_DEFAULT, /* title on top, items below */
	LAYOUT_TITLE,   /* everything centred: a title or cover slide */
	LAYOUT_SECTION, /* a divider: the slide's section, composed large */
	LAYOUT_TOP,     /* like default, but top-aligned instead of balanced */
};

/* A part of the talk: it starts at the slide whose `section` key names it
 * and runs to the next such slide (or the end). Slides before the first
 * section belong to none. */
struct section {
	const char *name; /* as written, never NULL or empty */
	size_t first;     /* index of its first slide */
	size_t nslides;   /* slides first .. first + nslides - 1, backups included */
	unsigned line;    /* source line of the key that starts it */
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
	unsigned nsteps;    /* reveal steps: 1 + the number of pauses */
	const char **notes; /* speaker-note paragraphs in file order */
	size_t nnotes;
	unsigned line;                 /* source line of the section header */
	const struct section *section; /* in deck.sections; NULL before the
					* first section (or none) */
};

struct deck_meta {
	const char *id;    /* from [deck] id, else the file's base name without
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
	struct section *sections; /* in slide order; may be NULL when none */
	size_t nsections;
	uint64_t hash; /* fingerprint of the source bytes: equal bytes, equal hash */
	struct arena arena;
};

/* Hard limit on a deck file's size; larger files are refused unread. */
#define DECK_MAX_BYTES (64u * 1024u * 1024u)

struct ini_file;

/* Where deck_load() reads a deck from. */
enum deck_source {
	DECK_FROM_PATH,   /* the file o->name */
	DECK_FROM_BUFFER, /* o->bytes[0..o->len), borrowed (a fuzzer's input) */
	DECK_FROM_OWNED,  /* o->owned[0..o->len), a malloc'd buffer the loader
			   * takes over and frees, on failure too (before the
			   * model is built, so its text is not held twice) */
	DECK_FROM_INI,    /* o->ini, an INI file already read: the built-in
			   * talk, read at build time (builtin_ini()) */
};

/* Files from this size on start from their head when asked: below it the
 * whole deck loads faster than a frame is drawn. */
#define DECK_HEAD_MIN_BYTES (64u * 1024u)

struct deck_load_opts {
	enum deck_source from;
	const char *name;           /* the file (DECK_FROM_PATH), else how the source is
			    * called in diagnostics; deck->path either way */
	const char *bytes;          /* DECK_FROM_BUFFER */
	char *owned;                /* DECK_FROM_OWNED */
	size_t len;                 /* DECK_FROM_BUFFER, DECK_FROM_OWNED */
	const struct ini_file *ini; /* DECK_FROM_INI: borrowed; the deck points
				     * to its strings, which must outlive it */
	uint64_t hash;              /* DECK_FROM_INI: the fingerprint of the bytes ini
			    * was read from */
	/* Head first, for a large deck's start (bytes sources only): when the
	 * source is at least head_min bytes (0: DECK_HEAD_MIN_BYTES), starts
	 * with [deck] and its first slide loads cleanly, deck_load() returns
	 * a head (the [deck] section and the first slide only) and leaves the
	 * rest to deck_load_rest(). Otherwise it loads the whole deck. */
	bool head_first;
	size_t head_min;
};

/* What a head-first deck_load() left to load. A plain value the caller
 * embeds; zero (pending false) when nothing is left. It holds the source
 * bytes (owned, or borrowed from DECK_FROM_BUFFER's caller, who keeps them
 * alive until deck_load_rest() or deck_rest_release()). */
struct deck_rest {
	bool pending;         /* deck_load() returned only the head */
	size_t nslides_guess; /* the number of section headers after [deck]: the
			       * slide count to show until the rest is loaded
			       * (the real count unless a header hides in an
			       * odd place) */
	char *name;
	const char *bytes;
	char *owned;
	size_t len;
};

/* Loads a deck as o says. On success returns a new deck the caller frees
 * with deck_free(); warnings may have been added to diags. On any error
 * returns NULL and diags holds every problem found (all of them, not just
 * the first). rest may be NULL unless o->head_first; when given it is
 * filled (rest->pending says whether the deck returned is only a head).
 *
 * A head is never presented on its own: its diagnostics are not reported
 * (a head that does not load cleanly is not taken), and the whole deck,
 * which deck_load_rest() loads from the same bytes, is the only judge of
 * the deck. The start of a large deck is then:
 *
 *   head = deck_load(&(struct deck_load_opts){ ..., .head_first = true },
 *                    &rest, diags);
 *   (show head's first slide, counting rest.nslides_guess slides when
 *    rest.pending)
 *   if (rest.pending) full = deck_load_rest(&rest, diags);
 *   (full: nav_reload() onto it, then deck_free(head); NULL: the deck
 *    has errors, all in diags, and head is still the caller's) */
struct deck *deck_load(const struct deck_load_opts *o, struct deck_rest *rest,
		       struct diag_list *diags);

/* Loads the whole deck a head-first deck_load() left pending in rest (a
 * bug otherwise), from the same bytes: the same deck, diagnostics and
 * all, as a plain deck_load() of the source. Releases rest in any case.
 * The head is not touched. Returns a new deck, or NULL with every problem
 * in diags. */
struct deck *deck_load_rest(struct deck_rest *rest, struct diag_list *diags);

/* Drops what rest holds (for a caller that will not load the rest);
 * accepts NULL and a rest with nothing pending. */
void deck_rest_release(struct deck_rest *rest);

/* Loads bytes[0..len) as a Markdown deck, whatever name (used in
 * diagnostics, which name its Markdown lines) ends in: what deck_load()
 * does for a *.md file. When ini_text is not NULL it is set to the INI
 * text the deck was read from (a new string the caller frees), or to NULL
 * when the Markdown could not be converted; the loader's warnings are then
 * kept only when it refuses the deck (a slide with no planned time is
 * `lectern check`'s to report, not the conversion's). Returns the deck, or
 * NULL with every problem in diags; `lectern import` writes *ini_text only
 * for a deck, so that it never writes a deck the loader refuses. */
struct deck *deck_load_markdown(const char *name, const char *bytes, size_t len, char **ini_text,
				struct diag_list *diags);

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

/* Reads a bar's value into *out: a decimal number of 0 or more ("7",
 * "+0.5", "3e5"), not "-0", "0x10", "inf", leading blanks or a value out
 * of range. Returns NULL, or why num is not one (a new string the caller
 * frees). The one definition for the loader and the Markdown importer, so
 * that every chart import writes loads. */
char *deck_bar_value(const char *num, double *out);

/* The diagnostic for a value s of the key what ("time", "duration",
 * "--duration") that deck_parse_duration() refused with rc: the problem
 * first, with a hint. A new string the caller frees. */
char *deck_duration_message(const char *what, const char *s, int rc);

/* Formats seconds as "M:SS" or "H:MM:SS", hours unbounded, into buf. */
#define DECK_DURATION_LEN 32
void deck_format_duration(uint64_t s, char buf[DECK_DURATION_LEN]);

#endif
