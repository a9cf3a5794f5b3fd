#ifndef LECTERN_PROTO_H
#define LECTERN_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The wire protocol between a presenting process and its consoles: small,
 * versioned, line-delimited text. Pure code: no sockets, no clock, no
 * allocation. Grammar (bytes):
 *
 *   line  = type *(" " key "=" value) "\n"   at most PROTO_LINE_MAX bytes
 *   type  = "HELLO" / "STATE" / "NAV" / "BYE" / "DECK" / "CAPTION"
 *   key   = 1*("a"-"z" / "0"-"9" / "_")
 *   value = *(byte 0x21-0x7e except "%" / UTF-8 >= 0x80 / "%" 2HEXDIG)
 *
 * A line holds no byte below 0x20 and no 0x7f; a value, once its %XX
 * escapes are decoded, is valid UTF-8 without any character textclass.h
 * calls unsafe (C0, DEL, C1, bidirectional controls, U+2028/9).
 * Keys may come in any order; a key given twice is an error, an unknown key
 * is ignored (later minor additions stay compatible). The version is sent
 * once per connection, in HELLO's "v" key; a HELLO with another version is
 * PROTO_E_VERSION. Numbers are plain decimal (no sign except where noted,
 * no leading "+", no overflow). Slide indices on the wire are 0-based.
 *
 *   HELLO v=1 role=presenter|console|probe|follower [deck=ID] [hash=16HEX]
 *         [session=NAME] [title=TEXT] [slides=N] [path=FILE] [want=deck]
 *         [captions=1]
 *   STATE seq=N slide=I slides=N id=ID step=S steps=S timer=idle|running|paused
 *         elapsed=MS slide_ms=MS [remaining=[-]MS] pace=none|ok|slight|far|over
 *         blank=none|black|white [starts_in=MS]
 *   NAV   action=NAME [index=I]      (action "goto" needs index)
 *   BYE   [reason=TEXT]
 *   DECK  gen=N size=N off=N data=TEXT
 *   CAPTION text=TEXT                (text "" : no caption is shown)
 *
 * The presenter answers a client's HELLO with its own HELLO, then the
 * current STATE; it sends a STATE after every change, and BYE before it
 * closes a connection on purpose. Clients send HELLO first, then NAVs.
 *
 * Followers (role=follower, `lectern follow`) never send a NAV. A follower
 * that says want=deck has no deck of its own: the presenter sends it the
 * deck's text without speaker notes (follow.h) as DECK chunks, in order,
 * each of at most PROTO_CHUNK_MAX bytes once decoded, after its HELLO and
 * again after every HELLO a reload brings. gen numbers one sending of the
 * text (a new gen starts at off=0 and drops what an older one left half
 * done); size is the whole text's length, at most PROTO_DECK_MAX; off is
 * the chunk's place in it, and off + the chunk's length never passes size.
 * The data of a DECK is text like every other value, except that it may
 * hold "
" and "	" (written %0A and %09); a chunk ends on a character
 * boundary. A new message type goes after DECK in enum proto_type (the
 * type word of an older peer's unknown type is PROTO_E_TYPE).
 *
 * Live captions (caption.h): a follower that says captions=1 in its HELLO
 * gets a CAPTION whenever the presenter's caption changes (a new line
 * came, or the shown one expired: text=""), and, joining while a caption
 * is shown, that caption right after its HELLO and STATE. The text is at
 * most PROTO_CAPTION_MAX - 1 bytes, one line, text like every other value
 * (no newline); the follower wraps it. CAPTION is a later addition of
 * version 1, not a new version: only a peer that asked gets it, so a
 * follower that predates it (which would take the unknown type for a
 * protocol error, PROTO_E_TYPE) never sees one, and an older presenter
 * ignores the unknown key and sends no caption. A CAPTION to a client
 * that did not ask is a protocol error. */

#define PROTO_VERSION 1
#define PROTO_LINE_MAX 4096u                /* bytes of one message, "\n" included */
#define PROTO_ID_MAX 256u                   /* bytes of a deck or slide id, NUL included */
#define PROTO_NAME_MAX 65u                  /* bytes of a session name, NUL included */
#define PROTO_TEXT_MAX 256u                 /* bytes of a title or reason, NUL included */
#define PROTO_ACTION_MAX 32u                /* bytes of an action name, NUL included */
#define PROTO_PATH_MAX 512u                 /* bytes of a deck file's path, NUL included */
#define PROTO_CHUNK_MAX 1024u               /* bytes of one DECK chunk's data, decoded */
#define PROTO_DECK_MAX (8u * 1024u * 1024u) /* bytes of a deck sent to a follower */
/* bytes of a caption's text, NUL included: small enough that the text's
 * every byte escaped (3 bytes) still fits in one line */
#define PROTO_CAPTION_MAX 1280u

enum proto_type { PROTO_HELLO = 1, PROTO_STATE, PROTO_NAV, PROTO_BYE, PROTO_DECK, PROTO_CAPTION };

enum proto_role { PROTO_ROLE_PRESENTER, PROTO_ROLE_CONSOLE, PROTO_ROLE_PROBE, PROTO_ROLE_FOLLOWER };

/* Mirrors enum timer_state without depending on timer.h. */
enum proto_timer { PROTO_TIMER_IDLE, PROTO_TIMER_RUNNING, PROTO_TIMER_PAUSED };

/* Mirrors enum pace, plus NONE for "no plan". */
enum proto_pace {
	PROTO_PACE_NONE,
	PROTO_PACE_ON_PLAN,
	PROTO_PACE_SLIGHTLY_BEHIND,
	PROTO_PACE_FAR_BEHIND,
	PROTO_PACE_OVERTIME,
};

/* Mirrors enum blank. */
enum proto_blank { PROTO_BLANK_NONE, PROTO_BLANK_BLACK, PROTO_BLANK_WHITE };

struct proto_hello {
	unsigned version; /* PROTO_VERSION when encoding */
	enum proto_role role;
	char deck[PROTO_ID_MAX]; /* "" when unknown */
	bool has_hash;
	uint64_t hash;                /* the deck source's fingerprint (deck->hash) */
	char session[PROTO_NAME_MAX]; /* "" = default session */
	char title[PROTO_TEXT_MAX];   /* deck title, "" when not sent */
	uint32_t nslides;             /* 0 when not sent */
	char path[PROTO_PATH_MAX];    /* the presenter's deck file, absolute; ""
				       * when not sent (the built-in talk) */
	bool want_deck;               /* a follower without a deck asks for the text */
	bool want_captions;           /* a follower asks for CAPTIONs (captions=1) */
};

/* Everything a console needs to follow the talk. Times are as of the moment
 * the presenter sent the message; while timer is RUNNING a console adds the
 * time since it received it. */
struct proto_state {
	uint64_t seq;     /* set by the sender; grows with every broadcast */
	uint32_t slide;   /* 0-based index of the slide shown */
	uint32_t nslides; /* slides in the deck, backup slides included */
	char slide_id[PROTO_ID_MAX];
	uint32_t step;          /* reveal step shown */
	uint32_t nsteps;        /* reveal steps of the slide */
	enum proto_timer timer; /* paused flag: timer == PROTO_TIMER_PAUSED */
	uint64_t elapsed_ms;    /* talk time */
	uint64_t slide_ms;      /* time in the current visit of this slide */
	bool has_remaining;
	int64_t remaining_ms; /* negative when over time */
	enum proto_pace pace;
	enum proto_blank blank;
	bool has_starts_in;    /* --start-at: the timer waits to start by itself */
	uint64_t starts_in_ms; /* time left until then */
};

struct proto_nav {
	char action[PROTO_ACTION_MAX]; /* an action name as in keymap.h, or "goto" */
	bool has_index;
	uint32_t index; /* 0-based slide index; required for "goto" */
};

struct proto_bye {
	char reason[PROTO_TEXT_MAX]; /* "" when none */
};

/* One chunk of the deck text sent to a follower: data[0..len) (no NUL
 * needed, but one is kept after it), at off of size bytes. */
struct proto_deck {
	uint64_t gen;
	uint32_t size, off, len;
	char data[PROTO_CHUNK_MAX + 1];
};

/* The presenter's live caption: text (NUL-terminated, safe, one line);
 * "" when none is shown. */
struct proto_caption {
	char text[PROTO_CAPTION_MAX];
};

struct proto_msg {
	enum proto_type type;
	union {
		struct proto_hello hello;
		struct proto_state state;
		struct proto_nav nav;
		struct proto_bye bye;
		struct proto_deck deck;
		struct proto_caption caption;
	} u;
};

/* Encodes m as one line, "\n" included, into buf (at least PROTO_LINE_MAX
 * bytes; no NUL is written after the line). Text fields are cut at their
 * NUL; invalid UTF-8 and unsafe characters in them are replaced by '?', so
 * whatever the caller passes, the line decodes. Returns the line's length.
 * A message whose type is not one of enum proto_type is a bug. */
size_t proto_encode(const struct proto_msg *m, char buf[PROTO_LINE_MAX]);

/* Results of proto_decoder_next(). */
enum proto_status {
	PROTO_MSG = 1,          /* a message was decoded */
	PROTO_MORE = 0,         /* all input consumed, no complete line yet */
	PROTO_E_MALFORMED = -1, /* bad syntax, control byte, bad or missing field */
	PROTO_E_OVERSIZED = -2, /* no "\n" within PROTO_LINE_MAX bytes */
	PROTO_E_TYPE = -3,      /* the type word is not one this version knows */
	PROTO_E_VERSION = -4,   /* HELLO with a version other than PROTO_VERSION */
};

/* A short static description of a status ("malformed message"). */
const char *proto_strerror(int status);

/* An incremental decoder: a fixed buffer of PROTO_LINE_MAX bytes, nothing
 * allocated. Embed it and proto_decoder_init() it; no release needed. */
#define PROTO_DETAIL_MAX 96
struct proto_decoder {
	char line[PROTO_LINE_MAX];
	size_t len;                    /* bytes of an incomplete line buffered */
	int error;                     /* sticky: 0, or the first error returned */
	char detail[PROTO_DETAIL_MAX]; /* what was wrong, for the last error */
};

void proto_decoder_init(struct proto_decoder *d);

/* Consumes bytes from *data (*len of them) up to the end of the first
 * complete line, advancing *data and decreasing *len by what it used, and
 * decodes that line into *out. Returns PROTO_MSG, PROTO_MORE (everything
 * was consumed and buffered), or an error; d->detail then says what was
 * wrong. After an error the decoder stays failed: every later call returns
 * the same error without reading. It never reads outside [*data, *data +
 * *len) and keeps at most PROTO_LINE_MAX bytes. Call it in a loop until it
 * returns something other than PROTO_MSG. */
int proto_decoder_next(struct proto_decoder *d, const char **data, size_t *len,
		       struct proto_msg *out);

/* Bytes of an incomplete line held by d (0 between messages). */
static inline size_t proto_decoder_pending(const struct proto_decoder *d)
{
	return d->len;
}

/* Decodes one complete line (its "\n" optional) without a decoder. */
int proto_decode_line(const char *line, size_t len, struct proto_msg *out, char *detail,
		      size_t detail_cap);

/* Names used on the wire, for messages and tests. */
const char *proto_type_name(enum proto_type t);
const char *proto_role_name(enum proto_role r);

/* Copies text into a fixed field of size cap, cut at a character boundary
 * so it stays valid UTF-8 when src was; always NUL-terminates. */
void proto_copy_text(char *dst, size_t cap, const char *src);

#endif
