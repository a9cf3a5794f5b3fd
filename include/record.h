#ifndef LECTERN_RECORD_H
#define LECTERN_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "timer.h"

/* Rehearsal records: what one rehearsal measured, saved as one small text
 * file per rehearsal under $XDG_STATE_HOME/lectern/ and read back by
 * `lectern report`.
 *
 * The file format, version 1 (UTF-8, lines end in LF):
 *
 *     lectern-rehearsal 1
 *     deck-id<TAB>talk
 *     deck-path<TAB>slides/talk.ini
 *     deck-hash<TAB>0123456789abcdef      (16 lower-case hex digits)
 *     start<TAB>2024-05-01T09:30:00Z     (UTC)
 *     total-ms<TAB>342000
 *     complete<TAB>yes                   (or no: see record_complete())
 *     slide<TAB>ID<TAB>PLANNED_S<TAB>ACTUAL_MS<TAB>VISITS<TAB>TITLE
 *     ...                                (one line per slide, deck order)
 *     end
 *
 * Every header key appears exactly once, in any order, before the first
 * slide line; unknown keys are ignored so later version-1 writers may add
 * some. Text fields are escaped: backslash, TAB, LF and CR are written as
 * \\ \t \n \r. A file without the final "end" line is truncated and is not
 * read. A newer version number is refused. */

#define RECORD_VERSION 1
/* Rehearsals shorter than this are not recorded. */
#define RECORD_MIN_MS 5000u
/* Larger files in the state folder are skipped unread. */
#define RECORD_MAX_BYTES (16u * 1024u * 1024u)

struct record_slide {
	char *id;
	char *title;
	unsigned planned_s; /* planned time when rehearsed; 0 = none */
	uint64_t actual_ms; /* time spent on it, all visits */
	unsigned visits;    /* 0: never shown in this rehearsal */
};

/* All strings are owned by the record and valid UTF-8. */
struct record {
	char *deck_id;
	char *deck_path;
	uint64_t deck_hash; /* the deck's fingerprint (deck->hash) when rehearsed */
	int64_t start_s;    /* wall-clock start, seconds since the epoch */
	uint64_t total_ms;
	bool complete; /* see record_complete() */
	struct record_slide *slides;
	size_t nslides;
	char *file; /* the file it was read from or saved to; NULL otherwise */
};

/* Whether a rehearsal timed by t counts as complete: it reached the last
 * slide of the planned run (timer_reached_end()) and was not interrupted
 * (ended by a signal rather than by the speaker). Anything else, such as
 * q on slide 2 of 9, is incomplete. */
bool record_complete(const struct timer *t, bool interrupted);

/* Fills r (which the caller then releases) from timer t at now_ms: deck
 * facts, start time, total, record_complete(t, interrupted) and every
 * slide of the timer, visited or not. */
void record_from_timer(struct record *r, const struct timer *t, uint64_t now_ms, bool interrupted);

/* Frees everything r owns and zeroes it; r may be zeroed already. */
void record_release(struct record *r);

/* The folder records live in: "$XDG_STATE_HOME/lectern" when that variable
 * is an absolute path, else "$HOME/.local/state/lectern". Returns a new
 * string, or NULL with an error in diags when neither is set. */
char *record_dir(struct diag_list *diags);

/* Serialises r in the format above. Returns a new string. */
char *record_format(const struct record *r);

/* Saves r as a new file in dir (created with mode 0700 as needed), named
 * after the deck id and the start time, e.g. "talk-20240501T093000Z.rehearsal"
 * ("-2", "-3", ... before the extension when that name is taken). The file
 * is written to a temporary file in dir, synced and then linked into place,
 * so it appears whole or not at all and an existing file is never replaced.
 * Returns 1 when saved (r->file set to its path), 0 when the rehearsal is
 * shorter than RECORD_MIN_MS (nothing written), -1 with an error in diags. */
int record_save(struct record *r, const char *dir, struct diag_list *diags);

/* Where record_save_timer() put a rehearsal. Strings are owned. */
enum record_place {
	RECORD_IN_STATE,   /* the state folder, where lectern report looks */
	RECORD_IN_CWD,     /* the current folder: the state folder failed */
	RECORD_IN_RUNTIME, /* $XDG_RUNTIME_DIR (gone at logout): both failed */
};

struct record_saved {
	char *path; /* the file written, or NULL */
	enum record_place where;
	char *dir;  /* the state folder, NULL when there is none */
	char *name; /* the record's file name there, without folder */
	char *text; /* nothing written: the record, see below */
	/* What to say of the rehearsal, saved or not, from the record made of
	 * it: its total_ms through timer_format_ms() (the report's formatter,
	 * so the total said now is the one the report will show), the slides
	 * it reached and whether it is complete (record_complete()). */
	char total[TIMER_FMT_LEN];
	size_t visited;
	bool complete;
};

/* One call for the front end when a rehearsal ends: record_from_timer(),
 * record_dir() and record_save(), and when the state folder cannot take
 * the record (no folder, not writable, a file in the way, a full disk),
 * record_save() in the current folder, then in $XDG_RUNTIME_DIR when that
 * is an absolute path. Each folder that failed gets an error in diags
 * naming it and why. Fills *out (released with record_saved_release();
 * total, visited and complete on every path) and returns 1 when saved in
 * the state folder, 2 when saved in a fallback folder (out->where says
 * which), 0 when the rehearsal is shorter than RECORD_MIN_MS (nothing
 * written), or -1 when no folder could take it:
 * out->text then holds the record in its file format, to be printed so
 * that it can be saved by hand as out->name, with every control character
 * in its text fields shown as its placeholder (textclass.h: safe on a
 * terminal, and it still reads back). */
int record_save_timer(const struct timer *t, uint64_t now_ms, bool interrupted,
		      struct record_saved *out, struct diag_list *diags);

/* Frees what o holds and zeroes it. */
void record_saved_release(struct record_saved *o);

/* Parses a record from len bytes (file names it in diagnostics and is
 * copied to r->file). Returns 0 and fills r, or -1 with one warning
 * "FILE:LINE: ..." in diags and r zeroed. Never reads outside bytes. */
int record_parse(struct record *r, const char *file, const char *bytes, size_t len,
		 struct diag_list *diags);

struct record_list {
	struct record *v;
	size_t n, cap;
};

void record_list_init(struct record_list *l);
void record_list_release(struct record_list *l);

/* Reads every record of deck deck_id (every record when NULL) in dir into
 * l, oldest first (by start time, then in the order record_save() names
 * them). Hidden files and anything that is not a regular file are
 * ignored; other files that cannot be read or are not valid records are
 * skipped with a warning naming the file (and the line). A missing dir holds no records. Returns 0, or -1
 * with an error in diags when dir exists but cannot be listed. */
int record_list_load(struct record_list *l, const char *dir, const char *deck_id,
		     struct diag_list *diags);

#endif
