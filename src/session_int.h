#ifndef LECTERN_SESSION_INT_H
#define LECTERN_SESSION_INT_H

/* What the pieces of the session module share and nobody else sees:
 * session_dir.c (the socket folder and names), session_sock.c (socket
 * plumbing both sides use), session_server.c, session_client.c and
 * session_discover.c (lectern console --list). The contract is
 * include/session.h. */

#include <stdint.h>

#include "outq.h"
#include "proto.h"
#include "session.h"

#define SESSION_DEFAULT_MAX_CLIENTS 256
#define SESSION_DEFAULT_AUDIENCE_MAX 4096
#define SESSION_DEFAULT_QUEUE_MAX (64u * 1024u)
#define SESSION_DEFAULT_PARTIAL_MS 5000
#define SESSION_DEFAULT_HELLO_MS 5000
#define SESSION_DEFAULT_PROBE_MS 1000
#define SESSION_READ_CHUNK 4096
#define SESSION_DIR_MAX 80 /* longest folder that still leaves room for a name */

static inline uint64_t session_or_default(uint64_t v, uint64_t def)
{
	return v ? v : def;
}

/* Connects fd to the socket at path, retrying on EINTR; returns 0 or the
 * errno (EAGAIN or EINPROGRESS on a non-blocking socket whose listener's
 * backlog is full). */
int session_connect_path(int fd, const char *path);

/* Encodes m and appends it to q within max bytes (outq_push's all or
 * nothing); false when it does not fit. */
bool session_queue_msg(struct outq *q, const struct proto_msg *m, size_t max);

/* Sends BYE with reason straight to fd, but only when q (may be NULL) has
 * nothing pending, so that it cannot land in the middle of a line; best
 * effort, never blocks. */
void session_say_bye(int fd, const struct outq *q, const char *reason);

/* A console for --list: like session_client_new(), but it never
 * reconnects once its first attempt has failed or its connection ended. */
struct session_client *session_client_new_probe(const char *path, const struct proto_hello *me,
						const struct session_opts *o, uint64_t now_ms);

#endif
