#ifndef LECTERN_SESSION_H
#define LECTERN_SESSION_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "deck.h"
#include "diag.h"
#include "proto.h"

/* The transport between `lectern present` and `lectern console`: a Unix
 * stream socket per presentation, speaking proto.h. Everything here is
 * non-blocking and driven from the caller's poll() loop: the caller asks
 * for the descriptors to poll, polls (with the timeout the module asks
 * for), and hands the results back together with the current monotonic
 * time in milliseconds. Nothing here sleeps, reads a clock, starts a
 * thread or installs a signal handler; writes use MSG_NOSIGNAL, so a peer
 * that goes away never raises SIGPIPE.
 *
 * Where the sockets live: $XDG_RUNTIME_DIR/lectern/ when XDG_RUNTIME_DIR
 * is set to an absolute path, else /tmp/lectern-UID/. The folder is
 * created with mode 0700 and must be a real directory (lstat, no symlink)
 * owned by the effective uid with no group or world permissions; anything
 * else is refused. A presentation's socket is DECK-ID.sock or
 * DECK-ID@SESSION.sock (bytes other than [A-Za-z0-9._-] written as %XX, the
 * name shortened with a hash when the path would not fit), mode 0600.
 *
 * Implemented in session_dir.c (the folder, names and paths),
 * session_server.c, session_client.c, session_discover.c (--list and
 * finding a presentation) and session_sock.c (what both sides share);
 * each console's output waits in an outq (outq.h). */

/* Tunables; a zero field takes the default in brackets. */
struct session_opts {
	const char *session; /* --session NAME; NULL or "" = the default session */
	const char *dir;     /* socket folder; NULL = session_dir() */
	/* Server: the file the deck was loaded from (NULL for the built-in
	 * talk); its absolute path goes in HELLO so that a console given only
	 * the deck id can load the same deck. */
	const char *deck_file;
	size_t max_clients;  /* consoles served at once [256]; more are refused */
	size_t queue_max;    /* bytes queued for one peer before it is dropped [64 KiB] */
	uint64_t partial_ms; /* a half-sent message must be completed within [5000] */
	uint64_t hello_ms;   /* a new client must send HELLO within [5000] */
	uint64_t probe_ms;   /* --list: how long to wait for an answer [1000] */
	/* Server: the uid peers must have (SO_PEERCRED); geteuid() unless set. */
	bool peer_uid_set;
	uid_t peer_uid;
};

#define SESSION_NAME_MAX (PROTO_NAME_MAX - 1) /* bytes of a session name */

/* What went wrong, for a caller that acts on the kind of failure rather
 * than the message (which stays the one in diags, or the client's reason).
 * Every function that fails with a diagnostic has a twin ending in _err
 * that returns one of these; SESSION_OK (0) means it worked. */
enum session_err {
	SESSION_OK = 0,
	SESSION_ERR_NAME, /* a --session name session_check_name() refuses */
	/* the socket folder */
	SESSION_ERR_NO_DIR,       /* cannot be created, looked at, read or given mode
				   * 0700 (a failed system call; strerror in the message) */
	SESSION_ERR_DIR_LINK,     /* is a symbolic link */
	SESSION_ERR_DIR_NOT_DIR,  /* is not a directory */
	SESSION_ERR_DIR_OWNER,    /* is owned by another uid */
	SESSION_ERR_DIR_PERM,     /* is open to group or others */
	SESSION_ERR_DIR_TOO_LONG, /* its path leaves no room for a socket name */
	/* the presenter's socket */
	SESSION_ERR_IN_WAY,    /* a file that is not a socket has its name */
	SESSION_ERR_PRESENTED, /* a live presenter serves this deck and session:
				   * the message suggests --session NAME */
	SESSION_ERR_SYSTEM,    /* a socket call failed (socket, bind, listen,
				   * probing or removing a stale socket, connect) */
	/* a console's connection (session_client_err) */
	SESSION_ERR_NOT_RUNNING, /* no socket: no presentation is running */
	SESSION_ERR_STALE,       /* connect() refused: a crashed presenter's socket */
	SESSION_ERR_BUSY,        /* the presenter's listen backlog is full */
	SESSION_ERR_ENDED,       /* the presenter closed the connection or said BYE
				   * (the reason text carries what BYE said) */
	SESSION_ERR_PROTOCOL,    /* the presenter broke the protocol */
};

/* The socket folder, created if missing and checked as described above.
 * Returns a heap string the caller frees, or NULL with an error in diags
 * (naming the folder and what is wrong with it). */
char *session_dir(struct diag_list *diags);
/* session_dir(), with the kind of failure: on SESSION_OK *dir is the heap
 * string, else NULL (SESSION_ERR_NO_DIR or a session_check_dir_err code). */
enum session_err session_dir_err(char **dir, struct diag_list *diags);

/* Checks that dir is a directory (not a symlink) owned by the effective uid
 * and not accessible to group or others. Returns 0, or -1 with an error. */
int session_check_dir(const char *dir, struct diag_list *diags);
/* session_check_dir(), with the kind of failure: SESSION_ERR_NO_DIR (lstat
 * failed, e.g. it does not exist), SESSION_ERR_DIR_LINK, _NOT_DIR, _OWNER
 * or _PERM, in that order of checking. */
enum session_err session_check_dir_err(const char *dir, struct diag_list *diags);

/* Checks a --session name: 1 to SESSION_NAME_MAX bytes of printable ASCII
 * other than '/'. Returns 0, or -1 with an error in diags. */
int session_check_name(const char *name, struct diag_list *diags);
/* session_check_name(): SESSION_OK or SESSION_ERR_NAME. */
enum session_err session_check_name_err(const char *name, struct diag_list *diags);

/* The socket path for deck_id and session (NULL or "" for the default) in
 * dir, short enough for sockaddr_un. The caller frees it. Returns NULL only
 * when dir itself is too long to hold a socket (over 80 bytes). */
char *session_socket_path(const char *dir, const char *deck_id, const char *session);

/* ---- the presenting side ---- */

struct session_stats {
	size_t accepted;             /* connections accepted and kept */
	size_t refused_uid;          /* closed: peer of another uid */
	size_t refused_full;         /* closed: max_clients reached */
	size_t refused_fds;          /* closed with a message: out of file descriptors */
	size_t accept_pauses;        /* times accepting stopped for lack of descriptors */
	size_t dropped_malformed;    /* malformed, unknown type, bad version, out of order */
	size_t dropped_oversized;    /* a message over PROTO_LINE_MAX */
	size_t dropped_partial;      /* half-sent message or no HELLO past the deadline */
	size_t dropped_slow;         /* output queue over queue_max */
	size_t dropped_follower_nav; /* a follower sent a NAV */
	size_t closed;               /* peer closed, said BYE, or a socket error */
	size_t navs;                 /* NAV messages queued for the caller */
	size_t navs_discarded;       /* NAV messages lost because the queue was full */
	bool replaced_stale;         /* open replaced a leftover socket */
};

/* NAVs kept between two session_server_next_nav() drains; more are
 * discarded (and counted). */
#define SESSION_NAV_MAX 256

struct session_server;

/* Starts serving the presentation of d: finds or makes the folder, binds
 * and listens on the deck's socket (0600). A socket file left by a crashed
 * presenter (connect() is refused) is replaced; a live one is an error that
 * suggests --session, as are a bad folder, a file in the way and any failed
 * system call. Returns a new server (free with session_server_free) or NULL
 * with an error in diags. d is only read during the call; o may be NULL. */
struct session_server *session_server_open(const struct deck *d, const struct session_opts *o,
					   struct diag_list *diags);
/* session_server_open(), with the kind of failure: on SESSION_OK *out is
 * the new server, else NULL and the code says why: SESSION_ERR_NAME, a
 * folder code (session_dir_err), SESSION_ERR_DIR_TOO_LONG,
 * SESSION_ERR_IN_WAY, SESSION_ERR_PRESENTED (the deck is already presented
 * in this session: another --session NAME would work) or
 * SESSION_ERR_SYSTEM. */
enum session_err session_server_open_err(struct session_server **out, const struct deck *d,
					 const struct session_opts *o, struct diag_list *diags);

/* Says BYE to every console (best effort), closes every socket and removes
 * the socket file if it is still this server's. Accepts NULL. */
void session_server_free(struct session_server *s);

/* The socket path (owned by s). */
const char *session_server_path(const struct session_server *s);

/* How many pollfd entries session_server_pollfds() may fill: 3, however
 * many clients there are. */
size_t session_server_npollfds(const struct session_server *s);

/* Fills fds (cap entries, at most 3) with, in this order: the listening
 * socket, the audience socket (fd -1 without one) and an epoll descriptor
 * that watches every client's socket, each with POLLIN. Returns how many
 * it filled. The caller may poll them together with its own descriptors.
 * While accepting is paused (out of file descriptors, see
 * session_server_handle) the two listening entries have fd -1. */
size_t session_server_pollfds(const struct session_server *s, struct pollfd *fds, size_t cap);

/* 0 while output is waiting to be written by the next
 * session_server_handle() (the followers' budget left some, or a client
 * has more deck text to go); else milliseconds until the next deadline (a
 * half-sent message, a missing HELLO, the retry of a paused accept), or -1
 * when there is none. Use it as (an upper bound of) the poll timeout so
 * writes go on and deadlines are enforced. */
int session_server_timeout(const struct session_server *s, uint64_t now_ms);

/* Processes poll results: accepts new consoles, reads and decodes input,
 * answers HELLOs (our HELLO, then the current STATE at once), flushes
 * output, queues NAVs, enforces deadlines and drops bad or slow clients.
 * Out of file descriptors (EMFILE, ENFILE), it gives up a descriptor it
 * keeps in reserve to accept each waiting console and turn it away with a
 * BYE saying why; when even that fails it stops polling the listening
 * socket until a console leaves or a second has passed, so a full
 * descriptor table never makes the caller's loop spin.
 * fds/nfds are what the caller polled (entries that are not this server's
 * are ignored, so the caller may pass its whole array); the clients' events
 * are taken from the epoll descriptor whether or not its entry says it is
 * ready. fds may be NULL to enforce deadlines only (no reads, no writes).
 * Never blocks. Returns how many NAVs are waiting. */
size_t session_server_handle(struct session_server *s, const struct pollfd *fds, size_t nfds,
			     uint64_t now_ms);

/* Takes the oldest waiting NAV into *out; false when there is none. The
 * action name is validated by the decoder (lower-case [a-z0-9-]) but not
 * against the key map: the caller maps it with action_from_name() and
 * decides which actions a console may trigger. */
bool session_server_next_nav(struct session_server *s, struct proto_nav *out);

/* Sends st (with the next sequence number) to every console that has said
 * HELLO and remembers it for late joiners. Writes what the consoles'
 * sockets take now; the rest, and everything for followers, is written by
 * the next session_server_handle() after the caller's poll (at once when
 * the socket has room, else when it has room again), so followers add no
 * writes between the caller's key and its frame. One
 * session_server_handle() call writes to at most 128 followers (the next
 * call goes on where it stopped, and session_server_timeout() is 0
 * meanwhile), so a key that comes meanwhile waits behind 128 writes at
 * most, however many followers there are. A peer
 * whose queue would exceed queue_max is dropped. Never blocks. */
void session_server_broadcast(struct session_server *s, const struct proto_state *st);

/* After the presenting process reloaded its deck: the HELLO it gives
 * carries d's hash, title and slide count from now on, and every console
 * already following gets that HELLO again (it then reloads its own copy of
 * the deck if the hash differs). The deck id, and so the socket, stays. */
void session_server_set_deck(struct session_server *s, const struct deck *d);

/* The presenter's live caption changed (caption.h): text, NUL-terminated
 * and safe (a sanitised caption line; cut to PROTO_CAPTION_MAX - 1 bytes
 * at a character boundary), is shown from now on; "" says none is. Every
 * follower (either socket) that asked for captions gets a CAPTION, queued
 * and written at POLLOUT like every follower's copy of a broadcast; one
 * that joins later while it is shown gets it after its HELLO and STATE.
 * Consoles and followers that did not ask get nothing. A follower whose
 * queue would exceed queue_max is dropped. Never blocks. */
void session_server_caption(struct session_server *s, const char *text);

/* ---- the audience socket (lectern present --audience) ---- */

/* The audience folder: $LECTERN_AUDIENCE_DIR when it is an absolute path,
 * else /tmp/lectern-audience-UID (the effective uid). A new string. */
char *session_audience_dir(void);

struct session_audience_opts {
	const char *group; /* NULL or "": any local user; else only this group */
	size_t max;        /* followers through it at once [4096] */
	const char *dir;   /* NULL = session_audience_dir() */
};

/* Opens s's second, audience socket: DECK-ID[@SESSION].sock in the
 * audience folder, which is made (or must be) a real directory of the
 * effective uid, mode 0755 (0750, group GROUP), the socket 0666 (0660,
 * group GROUP). Any peer the file permissions let through is accepted (no
 * uid check) but only as a follower: a HELLO of another role, or a NAV, is
 * refused and the peer dropped; followers get the public state (no
 * presenter's timer, follow_public_state()), HELLO without the deck
 * file's path, and the deck text without notes when they ask. Followers
 * of this socket are counted apart from consoles: at most o->max, lowered
 * to what RLIMIT_NOFILE leaves once its soft limit was raised as far as
 * the hard limit allows (session_server_audience_max()). Returns
 * SESSION_OK, or an error in diags (a bad folder, an unknown group, a
 * failed socket call); s is unchanged then. */
enum session_err session_server_open_audience(struct session_server *s,
					      const struct session_audience_opts *o,
					      struct diag_list *diags);

/* The audience socket's path, NULL when it is not open. */
const char *session_server_audience_path(const struct session_server *s);

/* How many followers the audience socket takes at once (0: not open). */
size_t session_server_audience_max(const struct session_server *s);

/* Connected followers (role=follower), through either socket. */
size_t session_server_nfollowers(const struct session_server *s);

/* The last state broadcast, or NULL before the first. */
const struct proto_state *session_server_state(const struct session_server *s);

/* Connected clients (with or without HELLO). */
size_t session_server_nclients(const struct session_server *s);

const struct session_stats *session_server_stats(const struct session_server *s);

/* ---- the console side ---- */

/* Event flags returned by session_client_handle(). */
enum {
	SESSION_EV_CONNECTED = 1 << 0, /* a connection was made, HELLO sent */
	SESSION_EV_HELLO = 1 << 1,     /* the presenter's HELLO arrived */
	SESSION_EV_STATE = 1 << 2,     /* a new state arrived */
	SESSION_EV_LOST = 1 << 3,      /* the connection ended; see reason */
	SESSION_EV_DECK = 1 << 4,      /* a follower's deck text is complete */
	SESSION_EV_CAPTION = 1 << 5,   /* a CAPTION arrived (session_client_caption) */
};

struct session_client;

/* A console of the presentation at path (see session_socket_path). me is
 * what the console says about itself in HELLO (role, deck id and hash, all
 * optional but the role); the version is filled in. Tries to connect at
 * once, then again with backoff (100 ms doubling to 2 s) whenever it is
 * not connected. Never fails; free with session_client_free(). o may be
 * NULL (queue_max is the only field used). */
struct session_client *session_client_new(const char *path, const struct proto_hello *me,
					  const struct session_opts *o, uint64_t now_ms);

/* Closes the connection (saying BYE) and frees c. Accepts NULL. */
void session_client_free(struct session_client *c);

/* Fills *pfd with the socket and its events; false (and pfd->fd = -1) when
 * there is no connection right now. */
bool session_client_pollfd(const struct session_client *c, struct pollfd *pfd);

/* Milliseconds until the next reconnection attempt, 0 when it is due, -1
 * while connected. */
int session_client_timeout(const struct session_client *c, uint64_t now_ms);

/* Processes the poll result for c's socket (pfd may be NULL or any entry;
 * only an entry with c's descriptor counts), reconnects when due. Returns
 * SESSION_EV_* flags. Never blocks. */
unsigned session_client_handle(struct session_client *c, const struct pollfd *pfd, uint64_t now_ms);

/* Sends a NAV; returns 0, or -1 when not connected or the queue is full. */
int session_client_send_nav(struct session_client *c, const struct proto_nav *nav);

/* Shorthands for session_client_send_nav(): an action by name, a goto. */
int session_client_send_action(struct session_client *c, const char *action);
int session_client_send_goto(struct session_client *c, uint32_t index);

/* A follower that said want=deck: the deck text the presenter sent, once
 * complete (SESSION_EV_DECK), handed over (the caller frees it; *len gets
 * its length, a NUL follows it); NULL when no complete text waits. Chunks
 * out of order, or sent to a client that did not ask, end the connection
 * as a protocol error. */
char *session_client_take_deck(struct session_client *c, size_t *len);

/* A follower that said captions=1: the presenter's caption as the last
 * CAPTION gave it (NUL-terminated, safe: proto.h's text rules), "" when
 * none is shown, none came, or the connection is down (a lost connection
 * clears it). Owned by c, valid until the next session_client_handle(). */
const char *session_client_caption(const struct session_client *c);

bool session_client_connected(const struct session_client *c);
/* The presenter's HELLO on the current connection, or NULL. */
const struct proto_hello *session_client_peer(const struct session_client *c);
/* The latest state received (kept after the connection is lost, for a
 * frozen display), or NULL before the first one. */
const struct proto_state *session_client_state(const struct session_client *c);
/* now_ms as passed to the session_client_handle() call that received the
 * latest state: add now - this to the times while the timer runs. */
uint64_t session_client_state_ms(const struct session_client *c);
/* Why the client is not connected, or what ended the last connection
 * ("no presentation is running", "the presentation ended", ...); "" when
 * nothing happened yet. Owned by c. */
const char *session_client_reason(const struct session_client *c);
/* The kind of what session_client_reason() says: SESSION_OK while
 * connected or before the first attempt, else SESSION_ERR_NOT_RUNNING,
 * _STALE, _BUSY, _SYSTEM (connect failed otherwise), _ENDED or _PROTOCOL. */
enum session_err session_client_err(const struct session_client *c);

/* ---- lectern console --list ---- */

struct session_entry {
	char *path;               /* socket file; owned by the list */
	bool live;                /* a presenter answered */
	bool stale;               /* connect() was refused: a crashed presenter's leftover */
	struct proto_hello hello; /* live only */
	bool has_state;
	struct proto_state state; /* has_state only */
	bool audience;            /* found in an audience folder */
};

struct session_list;

/* Probes every *.sock in dir (NULL = session_dir()) at once. Returns NULL
 * with an error in diags when the folder is bad; a missing folder lists
 * nothing. Drive it with pollfds/handle like a server until
 * session_list_handle() returns true, then read the entries. */
struct session_list *session_list_new(const char *dir, const struct session_opts *o,
				      uint64_t now_ms, struct diag_list *diags);
/* session_list_new(), with the kind of failure: on SESSION_OK *out is the
 * new list, else NULL with a folder code (SESSION_ERR_NO_DIR when it
 * cannot be read). */
enum session_err session_list_new_err(struct session_list **out, const char *dir,
				      const struct session_opts *o, uint64_t now_ms,
				      struct diag_list *diags);
/* For `lectern follow`: probes the sockets of the user's own folder (when
 * it exists and passes session_check_dir()) and of the audience folders:
 * $LECTERN_AUDIENCE_DIR when set to an absolute path, else every
 * /tmp/lectern-audience-UID owned by UID; an audience folder is used only
 * when it is a real directory nobody but its owner may write to. Entries
 * of audience folders have .audience set. Never fails (a folder that
 * cannot be read adds nothing). */
struct session_list *session_list_new_follow(const struct session_opts *o, uint64_t now_ms);
void session_list_free(struct session_list *l);
size_t session_list_npollfds(const struct session_list *l);
size_t session_list_pollfds(const struct session_list *l, struct pollfd *fds, size_t cap);
int session_list_timeout(const struct session_list *l, uint64_t now_ms);
/* True when every probe has answered, failed or timed out. */
bool session_list_handle(struct session_list *l, const struct pollfd *fds, size_t nfds,
			 uint64_t now_ms);
/* The entries, sorted by path; live ones have hello (and usually state). */
const struct session_entry *session_list_entries(const struct session_list *l, size_t *n);

/* Discovery for `lectern console`: the live entries presenting deck id
 * deck_id (any deck when NULL) in session (any session when NULL; "" is
 * the default session), in list order. Fills out[0..cap) with them and
 * returns how many there are, which may be more than cap. */
size_t session_list_match(const struct session_list *l, const char *deck_id, const char *session,
			  const struct session_entry **out, size_t cap);

#endif
