#ifndef LECTERN_PLAN_H
#define LECTERN_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "deck.h"
#include "diag.h"
#include "record.h"
#include "xalloc.h"

/* From rehearsal to plan (`lectern plan`): new planned times for the main
 * (non-backup) slides of a deck, proposed from its rehearsal records or
 * estimated from its speaker notes, optionally scaled to a target length;
 * and the byte-preserving rewrite of the deck file that writes them back.
 * Pure: no I/O, no clock. */

/* ---- estimates from the notes ---- */

/* Calm speaking speeds (docs/deck-format.md, "Speaking time"). */
#define PLAN_RATE_HAN 190u   /* Han characters, kana and Hangul per minute */
#define PLAN_RATE_WORDS 150u /* words of other scripts per minute */
#define PLAN_RATE_MAX 10000u
/* A pause marker without a length ("[pause]", "（停顿）"). */
#define PLAN_PAUSE_DEFAULT_S 2u

struct plan_rates {
	unsigned han_per_min;   /* >= 1 */
	unsigned words_per_min; /* >= 1 */
};

/* What one text holds for speaking. */
struct plan_count {
	uint64_t han;      /* Han ideographs, kana and Hangul syllables */
	uint64_t words;    /* runs of letters or digits of other scripts */
	uint64_t pause_ms; /* explicit pauses written in the text */
};

/* Counts the text s[0..n) (UTF-8; invalid bytes count as nothing) into c
 * (added to what c holds). A pause marker is "[pause]", "[pause 5s]",
 * "[停顿]", "[停顿 5s]", "（停顿）", "（停顿5秒）" or "(停顿 5秒)": the
 * keyword, then optionally a duration (deck syntax, or a number of seconds
 * followed by "秒" or "s"), in ASCII or full-width brackets; without a
 * length it is PLAN_PAUSE_DEFAULT_S. A marker's own text is not counted as
 * words. Linear in n. */
void plan_count_text(struct plan_count *c, const char *s, size_t n);

/* The speaking time of c at rates r, in milliseconds (rounded). */
uint64_t plan_count_ms(const struct plan_count *c, const struct plan_rates *r);

/* The estimate of slide s: all its notes paragraphs at rates r, in ms;
 * 0 when it has no notes. */
uint64_t plan_estimate_slide_ms(const struct slide *s, const struct plan_rates *r);

/* How far an estimate may exceed a slide's planned time before `lectern
 * check` warns: 20% of it, and at least 10 s. */
#define PLAN_MARGIN_PERCENT 20u
#define PLAN_MARGIN_MIN_S 10u

/* Adds to diags (file d->path, at each slide's header) a warning for every
 * slide with a planned time whose notes estimate at rates r exceeds it by
 * more than the margin, naming the slide and both times. */
void plan_check_estimates(const struct deck *d, const struct plan_rates *r,
			  struct diag_list *diags);

/* Appends to out the per-slide table of `check --times`: slide id, planned
 * time, estimate, difference, and the totals; raw deck ids (the caller
 * sanitises). */
void plan_times_table(struct strbuf *out, const struct deck *d, const struct plan_rates *r);

/* ---- the speaker's own rates ---- */

/* What the rehearsals say about the speaker's rate: the notes of the main
 * slides she spoke and the time she spent on them. A slide counts for the
 * Han rate when its notes take longer at the default rates in Han
 * characters than in words, else for the word rate (a mixed slide counts
 * once, for its larger part); its time is its rehearsed milliseconds less
 * the pauses its notes mark. */
struct plan_measured {
	uint64_t han, han_ms;     /* Han characters, and the time on those slides */
	uint64_t words, words_ms; /* words, and the time on those slides */
	size_t nused;             /* rehearsals measured */
};

/* Rehearsed time below this is too little to measure a rate from. */
#define PLAN_MEASURE_MIN_MS 60000u
/* How many of the newest complete rehearsals the rates come from. */
#define PLAN_MEASURE_LAST 5u

/* Fills m from the newest `last` complete rehearsals (report_complete())
 * of deck d among its records v[0..n) (oldest first, of d only). Slides
 * are matched by id; a slide without notes, a backup slide and a slide
 * not reached count nothing. Linear in the records' slides and the
 * notes. */
void plan_measure(struct plan_measured *m, const struct deck *d, const struct record *v, size_t n,
		  unsigned last);

/* The measured Han (words) rate per minute, rounded, into *out; false when
 * less than PLAN_MEASURE_MIN_MS was measured for it (or nothing counted). */
bool plan_measured_han(const struct plan_measured *m, unsigned *out);
bool plan_measured_words(const struct plan_measured *m, unsigned *out);

/* Where a rate of the estimate comes from, in this order of preference. */
enum plan_rate_from {
	PLAN_RATE_MEASURED, /* the speaker's rehearsals (plan_measure) */
	PLAN_RATE_CONFIG,   /* the config file's [speech] */
	PLAN_RATE_DEFAULT,  /* PLAN_RATE_HAN, PLAN_RATE_WORDS */
};

/* The config file's rates and whether it set each. */
struct plan_rate_config {
	struct plan_rates rates;
	bool han_set, words_set;
};

/* The rates the estimate uses and where each came from. */
struct plan_rate_choice {
	struct plan_rates rates;
	enum plan_rate_from han_from, words_from;
	size_t nused; /* rehearsals measured, for PLAN_RATE_MEASURED */
};

/* Chooses each rate: measured (m may be NULL) when plan_measured_*() has
 * one, else the config's when set (cfg may be NULL), else the default. */
void plan_choose_rates(struct plan_rate_choice *c, const struct plan_rate_config *cfg,
		       const struct plan_measured *m);

/* Appends "190 字/min (default), 162 words/min (measured in 3 rehearsals)"
 * for c (no line end). */
void plan_describe_rates(struct strbuf *out, const struct plan_rate_choice *c);

/* ---- the proposal ---- */

enum plan_source {
	PLAN_FROM_MEDIAN, /* median of the last N usable rehearsals (default) */
	PLAN_FROM_LAST,   /* the last usable rehearsal */
	PLAN_FROM_NOTES,  /* the notes estimate */
};

struct plan_opts {
	enum plan_source from;
	unsigned last;           /* PLAN_FROM_MEDIAN: how many rehearsals, >= 1 */
	bool include_incomplete; /* use incomplete rehearsals too (report_complete()) */
	uint64_t fit_s;          /* scale to this total; 0: no scaling */
	struct plan_rates rates; /* PLAN_FROM_NOTES */
};

enum plan_status {
	PLAN_PROPOSED, /* a new time was computed */
	PLAN_SKIPPED,  /* in the used rehearsals but never reached: kept */
	PLAN_UNSEEN,   /* in none of the used rehearsals (added since): kept */
	PLAN_NO_NOTES, /* PLAN_FROM_NOTES and the slide has no notes: kept */
};

struct plan_row {
	size_t slide;         /* index into the deck's slides */
	unsigned current_s;   /* the deck's time; 0 = none */
	uint64_t measured_ms; /* rehearsed (median or last) or estimated; 0 when kept */
	unsigned proposed_s;  /* == current_s when kept */
	enum plan_status status;
};

struct plan {
	struct plan_row *rows; /* the main slides, deck order */
	size_t nrows;
	size_t nused;                                /* rehearsals the proposal is based on */
	size_t nincomplete;                          /* incomplete rehearsals left out */
	uint64_t current_s, proposed_s, measured_ms; /* totals */
};

/* Proposes times for the main slides of d from its records v[0..n)
 * (oldest first, of this deck only) as o says. Without fit, a measured
 * time is rounded to the nearest 5 s (at least 5 s). With fit, the kept
 * slides keep their times and the rest share what is left of fit_s in
 * proportion to their measured times: each gets 5 s, the remaining 5 s
 * units are dealt by largest remainder, and the seconds that do not make
 * a unit go to the longest slide, so the proposed total is exactly fit_s.
 * Returns 0 with p filled (release with plan_release), or -1 with an error
 * in diags (file: d->path) and p empty: no usable rehearsal, nothing to
 * propose, or a fit_s shorter than the kept slides plus 5 s a slide. */
int plan_propose(struct plan *p, const struct deck *d, const struct record *v, size_t n,
		 const struct plan_opts *o, struct diag_list *diags);
void plan_release(struct plan *p);

/* Rounds ms to the nearest multiple of 5 s, at least 5 s. */
unsigned plan_round5(uint64_t ms);

/* Formats s (> 0) the way a deck writes a duration: "1m30s", "2m", "1h5m",
 * "45s". */
#define PLAN_TIME_LEN 24
void plan_format_time(unsigned s, char buf[PLAN_TIME_LEN]);

/* ---- the rewrite ---- */

/* One slide's new time. */
struct plan_edit {
	const char *id; /* the slide's section name */
	unsigned time_s;
};

/* One changed line of a rewrite, for a diff. */
struct plan_change {
	unsigned line;   /* replaced: that line (from 1); added: the line after which */
	bool added;      /* a new "time" line */
	size_t from, to; /* replaced: the old physical line's bytes, without its end */
	char *text;      /* the new line, without its end (added to a Markdown deck:
			  * its lines, '\n' between them); owned */
};

struct plan_rewrite {
	char *bytes; /* the new file; owned */
	size_t len;
	struct plan_change *changes; /* file order */
	size_t nchanges;
};

/* Rewrites the deck text bytes[0..len) (called name in diagnostics) so that
 * the slides of e[0..n) (in file order) get their new times and nothing else
 * changes: a "time" value is replaced inside its quotes, keeping what
 * surrounds it (spacing, comment, line end); a slide without a "time" key
 * gets one on a new line after its "title" (the title's indentation and
 * spacing around '=', its line end). A time already equal is left alone.
 * A Markdown deck (name ends in .md or .markdown, deck_md_named()) is
 * rewritten the same way through its lectern comments: the value of a
 * slide's "time:" line is replaced (inside its quotes, if quoted), and a
 * slide without one gets a comment of its own, "<!-- lectern", "time: 1m",
 * "-->", on the lines after its heading (after a setext heading's
 * underline), in the file's line ends; the importer's line map says where
 * each is (markdown_import_mapped()).
 * Returns 0 with w filled (release with plan_rewrite_release), or -1 with
 * errors in diags: text that does not scan, a slide that is not there, a
 * "time" value continued over lines (join it first). Linear in len + n
 * (n log n for a Markdown deck). */
int plan_rewrite(struct plan_rewrite *w, const char *name, const char *bytes, size_t len,
		 const struct plan_edit *e, size_t n, struct diag_list *diags);
void plan_rewrite_release(struct plan_rewrite *w);

/* Appends to out the unified diff ("--- name", "+++ name", hunks with
 * context lines around each change, overlapping hunks merged) from the old
 * text bytes[0..len) to the rewrite w of it. name is written sanitised
 * (a newline in it as its placeholder); lines are raw deck text, line ends
 * (CR included) left out: the caller sanitises before printing.
 * Nothing when w changes nothing. */
void plan_diff(struct strbuf *out, const char *name, const char *bytes, size_t len,
	       const struct plan_rewrite *w, unsigned context);

/* ---- writing it back ---- */

/* A deck file as it was read, to write its rewrite over it. */
struct plan_file {
	char *path;  /* owned copy */
	char *bytes; /* owned, NUL-terminated */
	size_t len;
	struct stat st; /* taken before reading */
};

/* Reads the deck at path (at most DECK_MAX_BYTES, a regular file). Returns 0
 * with f filled (release with plan_file_release), or -1 with an error naming
 * path in diags. */
int plan_file_read(struct plan_file *f, const char *path, struct diag_list *diags);
void plan_file_release(struct plan_file *f);

enum {
	PLAN_WRITE_OK = 0,
	PLAN_WRITE_FAILED = -1,  /* a system call failed; nothing was changed */
	PLAN_WRITE_CHANGED = -2, /* the file is not what was read; nothing was changed */
};

/* Replaces f's file with bytes[0..len), keeping the old one as backup, both
 * written atomically (atomic.h) with the permission bits of f's file. The
 * file is compared with what was read (device, inode, size, modification
 * time, content) before anything is written and again after the new
 * content is on disk, just before it takes the file's name; when it
 * changed, nothing more is written and PLAN_WRITE_CHANGED is returned.
 * A symbolic link at f's path is refused. Every failure leaves the deck as
 * it was and adds an error naming the file to diags. */
int plan_file_write(const struct plan_file *f, const char *bytes, size_t len, const char *backup,
		    struct diag_list *diags);

#endif
