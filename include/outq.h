#ifndef LECTERN_OUTQ_H
#define LECTERN_OUTQ_H

#include <stdbool.h>
#include <stddef.h>

/* A bounded output queue for one non-blocking socket: bytes wait here
 * until the socket takes them. The bound is the caller's (passed to every
 * push), so one queue type serves every peer whatever its limit.
 *
 * The policy is all or nothing: a push that would leave more than max
 * bytes pending is refused whole and leaves the queue as it was, so a
 * message is never cut in two; a queue may hold exactly max bytes. What to
 * do with a peer whose push was refused (session.c drops it as too slow)
 * is the caller's decision.
 *
 * A zeroed struct is an empty queue; outq_release() frees its buffer. */
struct outq {
	char *buf;
	size_t off, len, cap; /* bytes [off, len) of buf are pending */
};

/* Bytes waiting to be written. */
size_t outq_pending(const struct outq *q);

/* Appends data[0..n) when outq_pending(q) + n <= max and returns true;
 * else returns false and changes nothing. Space already written out is
 * reused before the buffer grows; the buffer never holds more than
 * max bytes of pending data. */
bool outq_push(struct outq *q, const void *data, size_t n, size_t max);

/* Writes to fd as much as it takes now (send with MSG_NOSIGNAL and
 * MSG_DONTWAIT: never blocks, never raises SIGPIPE). Returns 0 when the
 * queue is empty or the socket is full (the rest waits for POLLOUT), -1
 * on a socket error (errno says which; what was not sent stays queued). */
int outq_flush(struct outq *q, int fd);

/* Forgets every pending byte (a connection was lost); keeps the buffer. */
void outq_clear(struct outq *q);

/* Frees the buffer; q is an empty queue again. */
void outq_release(struct outq *q);

#endif
