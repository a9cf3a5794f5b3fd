#ifndef LECTERN_ATOMIC_H
#define LECTERN_ATOMIC_H

#include <stdbool.h>
#include <stdio.h>

/* Atomic file output: the content goes to a temporary file in the target's
 * directory, is flushed to disk, and only then takes the target's name, so
 * a reader sees the old file or the whole new one, never half of it.
 *
 * One rule for every temporary file lectern makes (exports, imports,
 * rehearsal records, the INI reader's scratch file): it is created through
 * atomic_temp_open(), which registers its name, and a signal that ends the
 * process (SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, a crash, ...) first
 * unlinks every registered file, then ends the process as the signal would
 * have. Only SIGKILL can leave one behind. */

enum {
	ATOMIC_OK = 0,
	ATOMIC_FAILED = -1,   /* a system call failed; errno says why */
	ATOMIC_EXISTS = -2,   /* path exists and force was not given */
	ATOMIC_SYMLINK = -3,  /* path is a symbolic link: never followed nor replaced */
	ATOMIC_NOT_FILE = -4, /* path is a folder, FIFO, device or socket */
};

/* Calls write(out, ctx) on a temporary file next to path and moves the
 * result to path. write returns 0, or -1 with errno set. Without force an
 * existing path is never replaced: ATOMIC_EXISTS is returned before
 * anything is written, or when the file appeared while writing. A symbolic
 * link at path is refused (ATOMIC_SYMLINK), force or not, and so is
 * anything but a regular file (ATOMIC_NOT_FILE). A new file gets mode 0666
 * less the umask; a file replaced with force keeps its permission bits and,
 * where the system allows it, its owner and group. The temporary name
 * never exceeds the folder's NAME_MAX, so any name the file system accepts
 * for path works. On any failure the temporary file is removed and path is
 * left as it was. Returns ATOMIC_OK or one of the codes above. */
int atomic_write(const char *path, bool force, int (*write)(FILE *out, void *ctx), void *ctx);

/* mkstemp(tmpl) (tmpl ends in "XXXXXX" and is filled in), with the file
 * registered so that a signal ending the process unlinks it, and the
 * descriptor close-on-exec. The first call installs the cleaning handler
 * for every terminating signal still at its default action (a signal the
 * program ignores or handles itself is left alone). Returns the
 * descriptor, or -1 with errno set (ENAMETOOLONG for a template of
 * PATH_MAX bytes or more, EMFILE when too many temporary files are live). */
int atomic_temp_open(char *tmpl);

/* The registered file tmpl is gone from that name (renamed, or linked
 * elsewhere and unlinked): forgets it. */
void atomic_temp_done(const char *tmpl);

/* Unlinks the registered file tmpl and forgets it; errno is kept. */
void atomic_temp_remove(const char *tmpl);

/* Unlinks every registered temporary file. Async-signal-safe: for a
 * program's own handler of a fatal signal, before it ends the process. */
void atomic_temp_cleanup(void);

#endif
