/* Socket plumbing both sides of the console transport use (see
 * session_int.h). */
#include "session_int.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

int session_connect_path(int fd, const char *path)
{
	struct sockaddr_un sa;
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, path, strlen(path) + 1);
	for (;;) {
		if (connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0)
			return 0;
		if (errno != EINTR)
			return errno;
	}
}

bool session_queue_msg(struct outq *q, const struct proto_msg *m, size_t max)
{
	char line[PROTO_LINE_MAX];
	size_t n = proto_encode(m, line);
	return outq_push(q, line, n, max);
}

void session_say_bye(int fd, const struct outq *q, const char *reason)
{
	if (q && outq_pending(q) > 0)
		return;
	struct proto_msg m = { .type = PROTO_BYE };
	proto_copy_text(m.u.bye.reason, sizeof m.u.bye.reason, reason);
	char line[PROTO_LINE_MAX];
	size_t n = proto_encode(&m, line);
	(void)!send(fd, line, n, MSG_NOSIGNAL | MSG_DONTWAIT);
}
