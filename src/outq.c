/* The bounded output queue (see include/outq.h). */
#include "outq.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "xalloc.h"

size_t outq_pending(const struct outq *q)
{
	return q->len - q->off;
}

bool outq_push(struct outq *q, const void *data, size_t n, size_t max)
{
	if (outq_pending(q) + n > max)
		return false;
	if (q->off > 0 && q->len + n > q->cap) {
		memmove(q->buf, q->buf + q->off, q->len - q->off);
		q->len -= q->off;
		q->off = 0;
	}
	if (q->len + n > q->cap)
		xgrow((void **)&q->buf, &q->cap, q->len + n, 1);
	memcpy(q->buf + q->len, data, n);
	q->len += n;
	return true;
}

int outq_flush(struct outq *q, int fd)
{
	while (q->off < q->len) {
		ssize_t w = send(fd, q->buf + q->off, q->len - q->off, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return 0;
			return -1;
		}
		q->off += (size_t)w;
	}
	q->off = q->len = 0;
	return 0;
}

void outq_clear(struct outq *q)
{
	q->off = q->len = 0;
}

void outq_release(struct outq *q)
{
	free(q->buf);
	memset(q, 0, sizeof *q);
}
