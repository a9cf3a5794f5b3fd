/* A test helper for tests/nothing_lost.sh, preloaded with LD_PRELOAD: the
 * first fsync() of the process (atomic_write() syncs its temporary file
 * before giving it the target's name) creates the file named by
 * $LECTERN_PAUSE_READY and then waits for a signal forever. The test can
 * so signal lectern at the moment its temporary file is written and not
 * yet in place, without depending on timing. */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

int fsync(int fd)
{
	(void)fd;
	const char *ready = getenv("LECTERN_PAUSE_READY");
	if (ready) {
		int r = open(ready, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		if (r >= 0)
			close(r);
	}
	for (;;)
		pause();
}
