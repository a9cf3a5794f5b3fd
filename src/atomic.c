/* Atomic file output through a temporary file, fsync and link/rename. */
#include "atomic.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xalloc.h"

/* Moves tmp to path; without force, link() refuses a path that appeared
 * meanwhile (rename() is the fallback where links are not supported). */
static int put_in_place(const char *tmp, const char *path, bool force)
{
	if (force)
		return rename(tmp, path) == 0 ? ATOMIC_OK : ATOMIC_FAILED;
	if (link(tmp, path) == 0) {
		unlink(tmp);
		return ATOMIC_OK;
	}
	if (errno == EEXIST)
		return ATOMIC_EXISTS;
	struct stat st;
	if (lstat(path, &st) == 0)
		return ATOMIC_EXISTS;
	return rename(tmp, path) == 0 ? ATOMIC_OK : ATOMIC_FAILED;
}

int atomic_write(const char *path, bool force, int (*write)(FILE *out, void *ctx), void *ctx)
{
	struct stat st;
	if (!force && lstat(path, &st) == 0)
		return ATOMIC_EXISTS;
	const char *slash = strrchr(path, '/');
	char *tmp = slash ? xasprintf("%.*s/.%s.XXXXXX", (int)(slash - path), path, slash + 1)
			  : xasprintf(".%s.XXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		free(tmp);
		return ATOMIC_FAILED;
	}
	mode_t um = umask(0);
	umask(um);
	int rc = ATOMIC_FAILED;
	FILE *out = NULL;
	if (fchmod(fd, 0666 & ~um) != 0 || !(out = fdopen(fd, "w"))) {
		close(fd);
		goto done;
	}
	if (write(out, ctx) != 0 || fflush(out) != 0 || fsync(fileno(out)) != 0) {
		int e = errno;
		fclose(out);
		errno = e;
		goto done;
	}
	if (fclose(out) != 0)
		goto done;
	rc = put_in_place(tmp, path, force);
done:;
	int e = errno;
	if (rc != ATOMIC_OK)
		unlink(tmp);
	free(tmp);
	errno = e;
	return rc;
}
