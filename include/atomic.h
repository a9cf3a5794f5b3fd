#ifndef LECTERN_ATOMIC_H
#define LECTERN_ATOMIC_H

#include <stdbool.h>
#include <stdio.h>

/* Atomic file output: the content goes to a temporary file in the target's
 * directory, is flushed to disk, and only then takes the target's name, so
 * a reader sees the old file or the whole new one, never half of it. */

enum {
	ATOMIC_OK = 0,
	ATOMIC_FAILED = -1, /* a system call failed; errno says why */
	ATOMIC_EXISTS = -2, /* path exists and force was not given */
};

/* Calls write(out, ctx) on a temporary file next to path and moves the
 * result to path. write returns 0, or -1 with errno set. Without force an
 * existing path is never replaced: ATOMIC_EXISTS is returned before
 * anything is written, or when the file appeared while writing. The new
 * file gets mode 0666 less the umask. On any failure the temporary file is
 * removed and path is left as it was. Returns ATOMIC_OK, ATOMIC_EXISTS or
 * ATOMIC_FAILED (errno set). */
int atomic_write(const char *path, bool force, int (*write)(FILE *out, void *ctx), void *ctx);

#endif
