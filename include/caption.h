#ifndef LECTERN_CAPTION_H
#define LECTERN_CAPTION_H

/* Live captions (`present --captions FILE`): lines a speech-to-text
 * program appends to a file or writes into a FIFO, shown one at a time
 * above the status line of the audience screen (and printed by
 * `present --plain`).
 *
 * struct caption assembles lines from chunks of bytes as they come (a
 * chunk may end anywhere, in the middle of a UTF-8 sequence too) and holds
 * the latest complete line: sanitised (textclass.h: every control, C1 and
 * bidi character and every invalid byte is its placeholder, so what it
 * holds is safe on any output), without a trailing CR, with the white
 * space at both ends trimmed, at most CAPTION_MAX_BYTES of the line's
 * bytes (the rest of an overlong line is dropped, the cut made at a
 * character boundary and shown by a "…"). A blank line changes nothing.
 * A caption is shown from the time its line was completed until
 * CAPTION_SHOW_MS later; the time is always passed in. Linear in the
 * bytes fed. No I/O.
 *
 * struct caption_source is the file the lines come from, read without
 * ever blocking: a FIFO (polled; when its writer closes it, the line
 * being written is completed and the FIFO opened again, so that the next
 * writer is read), or a regular file followed like `tail -f`: from its
 * end at the start, looked at every CAPTION_CHECK_MS, and from its start
 * again when it became shorter (truncated). */

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "diag.h"

enum {
	CAPTION_MAX_BYTES = 512, /* of one line as written, the newline not counted */
	CAPTION_SHOW_MS = 6000,  /* a caption disappears after this much silence */
	CAPTION_CHECK_MS = 200,  /* a regular file is looked at this often */
	/* a sanitised line: every byte of the line may become a 3-byte
	 * placeholder, and the cut adds a "…" */
	CAPTION_TEXT_MAX = 3 * CAPTION_MAX_BYTES + 3,
};

struct caption {
	char raw[CAPTION_MAX_BYTES]; /* the line being assembled */
	size_t rawlen;
	bool cut;                        /* the line being assembled was too long */
	char text[CAPTION_TEXT_MAX + 1]; /* the caption shown, NUL-terminated */
	size_t len;                      /* 0: none is shown */
	uint64_t since_ms;               /* when it came */
	unsigned long seq;               /* counts the captions that came */
};

/* An empty caption (nothing shown, nothing pending). */
void caption_init(struct caption *c);

/* Feeds n bytes that came at now_ms. Returns how many complete non-blank
 * lines they ended (the last of them is shown from now_ms on). */
size_t caption_feed(struct caption *c, const char *bytes, size_t n, uint64_t now_ms);

/* Ends the line being assembled as if a newline came (the writer went
 * away). Returns 1 when that made a caption, else 0. */
size_t caption_flush(struct caption *c, uint64_t now_ms);

/* The caption shown at now_ms (NUL-terminated, *len its bytes), or NULL
 * when none is: none came yet, or the last one is CAPTION_SHOW_MS old. The
 * text is c's, valid until it is next fed. */
const char *caption_text(const struct caption *c, uint64_t now_ms, size_t *len);

/* Milliseconds from now_ms until the caption shown disappears (0 when it
 * is due), -1 when none is shown: an upper bound of the wait of a loop
 * that shows it. */
int caption_wait_ms(const struct caption *c, uint64_t now_ms);

/* Drops the caption shown once it is due (c->len becomes 0). Returns true
 * when it did, so that the caller redraws. */
bool caption_expire(struct caption *c, uint64_t now_ms);

/* A caption that came from elsewhere (a follower's, from the presenter's
 * CAPTION): text[0..len) is sanitised again like a line (textclass.h),
 * cut to CAPTION_TEXT_MAX bytes at a character boundary, and shown from
 * now_ms on (c->seq counts it); len 0 drops the caption shown. Whatever
 * was being assembled is dropped. */
void caption_set(struct caption *c, const char *text, size_t len, uint64_t now_ms);

struct caption_source {
	char *path; /* owned */
	int fd;     /* -1 while closed */
	bool fifo;
	off_t pos;              /* regular file: the offset read up to */
	uint64_t next_check_ms; /* regular file: when to read again */
};

/* Opens path for captions: a FIFO (without waiting for a writer) or a
 * regular file (read from its end). Returns 0, or -1 with a diagnostic
 * naming path (it does not exist, cannot be read, or is neither a FIFO
 * nor a regular file). */
int caption_source_open(struct caption_source *s, const char *path, uint64_t now_ms,
			struct diag_list *dl);

/* Closes s (a closed one too). */
void caption_source_close(struct caption_source *s);

/* A FIFO's entry for poll() (POLLIN): true with *pfd set; false for a
 * regular file, which is read on a timer instead (caption_source_wait_ms). */
bool caption_source_pollfd(const struct caption_source *s, struct pollfd *pfd);

/* Milliseconds from now_ms until a regular file is read again, -1 for a
 * FIFO (poll() says when). */
int caption_source_wait_ms(const struct caption_source *s, uint64_t now_ms);

/* Reads what has come, without blocking (a regular file only when it is
 * due), at most 64 KiB a call, and feeds it to c. Returns the number of
 * captions that came (caption_feed()), 0 when none; a read error closes
 * nothing and is tried again at the next call. */
size_t caption_source_read(struct caption_source *s, struct caption *c, uint64_t now_ms);

#endif
