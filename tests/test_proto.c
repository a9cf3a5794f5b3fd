/* Tests of the console wire protocol: exact encodings, round trips, every
 * kind of malformed input, and framing split at every byte boundary. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"
#include "tap.h"

static struct proto_msg hello_msg(void)
{
	struct proto_msg m;
	memset(&m, 0, sizeof m);
	m.type = PROTO_HELLO;
	m.u.hello.version = PROTO_VERSION;
	m.u.hello.role = PROTO_ROLE_PRESENTER;
	strcpy(m.u.hello.deck, "talk 100% 中文 🎉");
	m.u.hello.has_hash = true;
	m.u.hello.hash = 0x0123456789abcdefull;
	strcpy(m.u.hello.session, "stage=left");
	strcpy(m.u.hello.title, "算力 — the talk");
	m.u.hello.nslides = 42;
	strcpy(m.u.hello.path, "/home/a b/讲座%.ini");
	return m;
}

static struct proto_msg state_msg(void)
{
	struct proto_msg m;
	memset(&m, 0, sizeof m);
	m.type = PROTO_STATE;
	struct proto_state *s = &m.u.state;
	s->seq = UINT64_MAX;
	s->slide = 41;
	s->nslides = 42;
	strcpy(s->slide_id, "结论");
	s->step = 2;
	s->nsteps = 3;
	s->timer = PROTO_TIMER_PAUSED;
	s->elapsed_ms = 1234567;
	s->slide_ms = 89;
	s->has_remaining = true;
	s->remaining_ms = INT64_MIN;
	s->pace = PROTO_PACE_OVERTIME;
	s->blank = PROTO_BLANK_WHITE;
	return m;
}

static struct proto_msg nav_msg(const char *action, bool has_index, uint32_t index)
{
	struct proto_msg m;
	memset(&m, 0, sizeof m);
	m.type = PROTO_NAV;
	strcpy(m.u.nav.action, action);
	m.u.nav.has_index = has_index;
	m.u.nav.index = index;
	return m;
}

static struct proto_msg bye_msg(const char *reason)
{
	struct proto_msg m;
	memset(&m, 0, sizeof m);
	m.type = PROTO_BYE;
	strcpy(m.u.bye.reason, reason);
	return m;
}

/* Decodes a C string through a heap copy of exactly its length, so a read
 * past the end would be caught by the sanitizers. */
static int decode(const char *line, struct proto_msg *out, char *detail, size_t cap)
{
	size_t n = strlen(line);
	char *copy = malloc(n ? n : 1);
	memcpy(copy, line, n);
	int r = proto_decode_line(copy, n, out, detail, cap);
	free(copy);
	return r;
}

static int decode_status(const char *line)
{
	struct proto_msg m;
	char detail[PROTO_DETAIL_MAX];
	return decode(line, &m, detail, sizeof detail);
}

static void roundtrip(struct proto_msg m, const char *what)
{
	char buf[PROTO_LINE_MAX];
	size_t n = proto_encode(&m, buf);
	ok(n > 0 && n <= PROTO_LINE_MAX && buf[n - 1] == '\n', what);
	ok(memchr(buf, '\n', n - 1) == NULL, "one line only");
	struct proto_msg back;
	char detail[PROTO_DETAIL_MAX];
	int r = proto_decode_line(buf, n, &back, detail, sizeof detail);
	is_int(r, PROTO_MSG, what);
	ok(memcmp(&m, &back, sizeof m) == 0, what);
}

static void test_exact_encoding(void)
{
	char buf[PROTO_LINE_MAX];
	struct proto_msg m = nav_msg("next", false, 0);
	size_t n = proto_encode(&m, buf);
	is_int(n, 16, "NAV length");
	ok(memcmp(buf, "NAV action=next\n", 16) == 0, "NAV encoding");

	m = nav_msg("goto", true, 7);
	n = proto_encode(&m, buf);
	buf[n] = '\0';
	is_str(buf, "NAV action=goto index=7\n", "goto encoding");

	memset(&m, 0, sizeof m);
	m.type = PROTO_HELLO;
	m.u.hello.version = PROTO_VERSION;
	m.u.hello.role = PROTO_ROLE_CONSOLE;
	strcpy(m.u.hello.deck, "a b%c");
	m.u.hello.has_hash = true;
	m.u.hello.hash = 0xff;
	n = proto_encode(&m, buf);
	buf[n] = '\0';
	is_str(buf, "HELLO v=1 role=console deck=a%20b%25c hash=00000000000000ff\n",
	       "HELLO encoding escapes space and percent");

	m = bye_msg("");
	n = proto_encode(&m, buf);
	buf[n] = '\0';
	is_str(buf, "BYE\n", "BYE without reason");

	m = state_msg();
	m.u.state.has_remaining = false;
	m.u.state.remaining_ms = 0;
	n = proto_encode(&m, buf);
	buf[n] = '\0';
	is_str(buf,
	       "STATE seq=18446744073709551615 slide=41 slides=42 id=结论 step=2 steps=3 "
	       "timer=paused elapsed=1234567 slide_ms=89 pace=over blank=white\n",
	       "STATE encoding");
}

static void test_roundtrips(void)
{
	roundtrip(hello_msg(), "HELLO round trip");
	struct proto_msg m = hello_msg();
	m.u.hello.role = PROTO_ROLE_PROBE;
	m.u.hello.has_hash = false;
	m.u.hello.hash = 0;
	memset(m.u.hello.deck, 0, sizeof m.u.hello.deck);
	memset(m.u.hello.session, 0, sizeof m.u.hello.session);
	memset(m.u.hello.title, 0, sizeof m.u.hello.title);
	memset(m.u.hello.path, 0, sizeof m.u.hello.path);
	m.u.hello.nslides = 0;
	roundtrip(m, "minimal HELLO round trip");
	roundtrip(state_msg(), "STATE round trip");
	m = state_msg();
	m.u.state.remaining_ms = INT64_MAX;
	m.u.state.timer = PROTO_TIMER_RUNNING;
	m.u.state.pace = PROTO_PACE_NONE;
	m.u.state.blank = PROTO_BLANK_NONE;
	roundtrip(m, "STATE with positive remaining");
	m.u.state.has_remaining = false;
	m.u.state.remaining_ms = 0;
	memset(m.u.state.slide_id, 0, sizeof m.u.state.slide_id);
	m.u.state.slide = 0;
	m.u.state.step = 0;
	roundtrip(m, "STATE without remaining, empty id");
	m.u.state.has_starts_in = true;
	m.u.state.starts_in_ms = 179001;
	roundtrip(m, "STATE with a --start-at countdown");
	char sbuf[PROTO_LINE_MAX];
	size_t sn = proto_encode(&m, sbuf);
	sbuf[sn] = '\0';
	ok(strstr(sbuf, " starts_in=179001\n") != NULL, "the countdown is sent as starts_in=MS");
	roundtrip(nav_msg("next", false, 0), "NAV round trip");
	roundtrip(nav_msg("scroll-down", false, 0), "NAV with a dash");
	roundtrip(nav_msg("goto", true, UINT32_MAX), "NAV goto round trip");
	roundtrip(bye_msg("the presentation ended"), "BYE round trip");
	roundtrip(bye_msg(""), "BYE without reason round trip");

	/* every field at its longest: 255 bytes, all escaped */
	m = hello_msg();
	memset(m.u.hello.deck, '%', PROTO_ID_MAX - 1);
	m.u.hello.deck[PROTO_ID_MAX - 1] = '\0';
	memset(m.u.hello.title, ' ', PROTO_TEXT_MAX - 1);
	m.u.hello.title[PROTO_TEXT_MAX - 1] = '\0';
	memset(m.u.hello.session, '%', PROTO_NAME_MAX - 1);
	m.u.hello.session[PROTO_NAME_MAX - 1] = '\0';
	memset(m.u.hello.path, '%', PROTO_PATH_MAX - 1);
	m.u.hello.path[PROTO_PATH_MAX - 1] = '\0';
	roundtrip(m, "longest HELLO fits and round-trips");
	m = state_msg();
	memset(m.u.state.slide_id, ' ', PROTO_ID_MAX - 1);
	m.u.state.slide_id[PROTO_ID_MAX - 1] = '\0';
	roundtrip(m, "longest STATE fits and round-trips");
}

static void test_sanitize(void)
{
	struct proto_msg m = bye_msg("");
	strcpy(m.u.bye.reason, "a\x1b[31mb\x01\x7f\xc2\x85\xff\xc0\xafz\te\n");
	char buf[PROTO_LINE_MAX];
	size_t n = proto_encode(&m, buf);
	buf[n] = '\0';
	is_str(buf, "BYE reason=a?[31mb??????z?e?\n", "controls and bad UTF-8 become '?'");
	struct proto_msg back;
	char detail[PROTO_DETAIL_MAX];
	is_int(proto_decode_line(buf, n, &back, detail, sizeof detail), PROTO_MSG,
	       "sanitized line decodes");
	is_str(back.u.bye.reason, "a?[31mb??????z?e?", "sanitized text");

	/* a field filled to the brim without a NUL is cut at its size */
	m = bye_msg("");
	memset(m.u.bye.reason, 'x', sizeof m.u.bye.reason);
	n = proto_encode(&m, buf);
	is_int(n, strlen("BYE reason=") + PROTO_TEXT_MAX, "unterminated field is bounded");
	is_int(proto_decode_line(buf, n, &back, detail, sizeof detail), PROTO_MSG, "and decodes");
	strcpy(m.u.bye.reason, "\xc2\x80<\xc2\x9f>\xc2\xa0");
	n = proto_encode(&m, buf);
	buf[n] = '\0';
	is_str(buf, "BYE reason=?<?>\xc2\xa0\n", "U+0080 and U+009F become '?', U+00A0 stays");
	/* a character cut by the field's end becomes '?' */
	m = bye_msg("");
	memset(m.u.bye.reason, 'x', sizeof m.u.bye.reason);
	memcpy(m.u.bye.reason + PROTO_TEXT_MAX - 3, "中", 3);
	n = proto_encode(&m, buf);
	ok(n > 3 && memcmp(buf + n - 4, "x??\n", 4) == 0, "cut character replaced");
	is_int(proto_decode_line(buf, n, &back, detail, sizeof detail), PROTO_MSG, "and decodes");

	char dst[8];
	proto_copy_text(dst, sizeof dst, "abcde中");
	is_str(dst, "abcde", "copy cuts before a split character");
	proto_copy_text(dst, sizeof dst, "abc中文");
	is_str(dst, "abc中", "copy keeps a whole character");
	proto_copy_text(dst, sizeof dst, NULL);
	is_str(dst, "", "copy of NULL");
}

struct bad {
	const char *line;
	int status;
	const char *detail; /* a substring of the detail, or NULL */
};

static const struct bad bad_lines[] = {
	/* truncated: fields missing */
	{ "STATE seq=1 slide=0", PROTO_E_MALFORMED, "missing field 'slides'" },
	{ "HELLO", PROTO_E_MALFORMED, "missing field 'v'" },
	{ "HELLO v=1", PROTO_E_MALFORMED, "missing field 'role'" },
	{ "NAV", PROTO_E_MALFORMED, "missing field 'action'" },
	{ "NAV action=goto", PROTO_E_MALFORMED, "goto without an index" },
	{ "NAV action=", PROTO_E_MALFORMED, "empty action" },
	{ "NAV action=Next", PROTO_E_MALFORMED, "bad action name" },
	{ "NAV action=a%20b", PROTO_E_MALFORMED, "bad action name" },
	{ "NAV action=next index=x", PROTO_E_MALFORMED, "'index' is not a number" },
	{ "NAV action=next index=-1", PROTO_E_MALFORMED, "not a number" },
	{ "NAV action=next index=+1", PROTO_E_MALFORMED, "not a number" },
	{ "NAV action=next index=", PROTO_E_MALFORMED, "not a number" },
	{ "NAV action=next index=4294967296", PROTO_E_MALFORMED, "out of range" },
	{ "NAV action=next index=1a", PROTO_E_MALFORMED, "not a number" },
	{ "NAV action=abcdefghijabcdefghijabcdefghijab", PROTO_E_MALFORMED, "too long" },
	/* version */
	{ "HELLO v=2 role=console", PROTO_E_VERSION, "version 2" },
	{ "HELLO v=0 role=console", PROTO_E_VERSION, "version 0" },
	{ "HELLO v=2", PROTO_E_VERSION, NULL },
	{ "HELLO v=99999999999999999999 role=console", PROTO_E_MALFORMED, "out of range" },
	{ "HELLO v=one role=console", PROTO_E_MALFORMED, "not a number" },
	{ "HELLO v=1 role=admin", PROTO_E_MALFORMED, "'role' has an unknown value" },
	{ "HELLO v=1 role=console hash=123", PROTO_E_MALFORMED, "hash" },
	{ "HELLO v=1 role=console hash=0123456789abcdeg", PROTO_E_MALFORMED, "hash" },
	/* unknown type */
	{ "JUMP slide=3", PROTO_E_TYPE, "unknown type 'JUMP'" },
	{ "hello v=1 role=console", PROTO_E_TYPE, NULL },
	{ "NAVX action=next", PROTO_E_TYPE, NULL },
	{ "\xe4\xb8\xad action=next", PROTO_E_TYPE, NULL },
	{ "", PROTO_E_MALFORMED, NULL },
	{ " NAV action=next", PROTO_E_MALFORMED, NULL },
	/* syntax */
	{ "NAV  action=next", PROTO_E_MALFORMED, "not key=value" },
	{ "NAV action=next ", PROTO_E_MALFORMED, "not key=value" },
	{ "NAV action", PROTO_E_MALFORMED, "not key=value" },
	{ "NAV =next", PROTO_E_MALFORMED, "not key=value" },
	{ "NAV Action=next", PROTO_E_MALFORMED, "bad key" },
	{ "NAV act-ion=next", PROTO_E_MALFORMED, "bad key" },
	{ "NAV action=next action=prev", PROTO_E_MALFORMED, "given twice" },
	{ "BYE reason=%G1", PROTO_E_MALFORMED, "escape" },
	{ "BYE reason=%1", PROTO_E_MALFORMED, "escape" },
	{ "BYE reason=abc%", PROTO_E_MALFORMED, "escape" },
	{ "BYE other=%zz", PROTO_E_MALFORMED, "escape" },
	/* control bytes, raw or escaped, and bad UTF-8 */
	{ "NAV action=next\r", PROTO_E_MALFORMED, "control byte 0x0d" },
	{ "NAV\taction=next", PROTO_E_MALFORMED, "control byte 0x09" },
	{ "BYE reason=\x1b[2J", PROTO_E_MALFORMED, "control byte 0x1b" },
	{ "BYE reason=\x7f", PROTO_E_MALFORMED, "control byte 0x7f" },
	{ "BYE reason=%1B%5B2J", PROTO_E_MALFORMED, "control character" },
	{ "BYE reason=%00", PROTO_E_MALFORMED, "control character" },
	{ "BYE reason=%0A", PROTO_E_MALFORMED, "control character" },
	{ "BYE reason=%7F", PROTO_E_MALFORMED, "control character" },
	{ "BYE reason=%C2%85", PROTO_E_MALFORMED, "control character" },
	{ "BYE reason=\xc2\x9b", PROTO_E_MALFORMED, "control character" },
	{ "BYE reason=\xc2\x80", PROTO_E_MALFORMED, "control character" },
	{ "BYE reason=%C2%9F", PROTO_E_MALFORMED, "control character" },
	{ "BYE reason=\xff", PROTO_E_MALFORMED, "UTF-8" },
	{ "BYE reason=\xc0\xaf", PROTO_E_MALFORMED, "UTF-8" },
	{ "BYE reason=\xe4\xb8", PROTO_E_MALFORMED, "UTF-8" },
	{ "BYE reason=%ED%A0%80", PROTO_E_MALFORMED, "UTF-8" },
	/* inconsistent or bad state */
	{ "STATE seq=1 slide=3 slides=3 id=x step=0 steps=1 timer=idle elapsed=0 slide_ms=0 "
	  "pace=none blank=none",
	  PROTO_E_MALFORMED, "slide index out of range" },
	{ "STATE seq=1 slide=0 slides=3 id=x step=0 steps=0 timer=idle elapsed=0 slide_ms=0 "
	  "pace=none blank=none",
	  PROTO_E_MALFORMED, "reveal step out of range" },
	{ "STATE seq=1 slide=0 slides=3 id=x step=2 steps=2 timer=idle elapsed=0 slide_ms=0 "
	  "pace=none blank=none",
	  PROTO_E_MALFORMED, "reveal step out of range" },
	{ "STATE seq=1 slide=0 slides=3 id=x step=0 steps=1 timer=stopped elapsed=0 "
	  "slide_ms=0 pace=none blank=none",
	  PROTO_E_MALFORMED, "'timer' has an unknown value" },
	{ "STATE seq=1 slide=0 slides=3 id=x step=0 steps=1 timer=idle elapsed=0 slide_ms=0 "
	  "remaining=--5 pace=none blank=none",
	  PROTO_E_MALFORMED, "'remaining' is not a number" },
	{ "STATE seq=1 slide=0 slides=3 id=x step=0 steps=1 timer=idle elapsed=0 slide_ms=0 "
	  "remaining=-9223372036854775809 pace=none blank=none",
	  PROTO_E_MALFORMED, "out of range" },
	{ "STATE seq=18446744073709551616 slide=0 slides=3 id=x step=0 steps=1 timer=idle "
	  "elapsed=0 slide_ms=0 pace=none blank=none",
	  PROTO_E_MALFORMED, "out of range" },
};

static void test_malformed(void)
{
	for (size_t i = 0; i < sizeof bad_lines / sizeof bad_lines[0]; i++) {
		const struct bad *b = &bad_lines[i];
		struct proto_msg m;
		char detail[PROTO_DETAIL_MAX];
		int r = decode(b->line, &m, detail, sizeof detail);
		char what[160];
		snprintf(what, sizeof what, "bad line %zu gives %s", i, proto_strerror(b->status));
		is_int(r, b->status, what);
		if (b->detail) {
			bool has = strstr(detail, b->detail) != NULL;
			ok(has, "detail names the problem");
			if (!has)
				printf("#   detail '%s', want '%s'\n", detail, b->detail);
		}
	}
	/* a NUL byte is a control byte, wherever it is */
	struct proto_msg m;
	char detail[PROTO_DETAIL_MAX];
	is_int(proto_decode_line("NAV action=ne\0xt", 17, &m, detail, sizeof detail),
	       PROTO_E_MALFORMED, "embedded NUL");
	ok(strstr(detail, "0x00") != NULL, "detail names the NUL");
	/* unknown keys are ignored, their escapes still checked */
	is_int(decode_status("NAV action=next later=x%20y"), PROTO_MSG, "unknown key ignored");
	is_int(decode_status("STATE seq=1 slide=0 slides=1 id= step=0 steps=1 timer=running "
			     "elapsed=5 slide_ms=5 remaining=-0 pace=far blank=black"),
	       PROTO_MSG, "state with -0 remaining");
	is_int(decode_status("HELLO v=1 role=console hash=ABCDEF0123456789"), PROTO_MSG,
	       "upper-case hash");
	is_str(proto_strerror(PROTO_E_OVERSIZED), "oversized message", "strerror");
	is_str(proto_strerror(42), "unknown error", "strerror of nonsense");
}

/* A decoder fed the bytes of s in pieces: cuts[] are the offsets where a
 * new chunk starts. Each chunk is a separate heap copy. Collects up to
 * max messages; returns the final status. */
static int feed(struct proto_decoder *d, const char *s, size_t n, const size_t *cuts, size_t ncuts,
		struct proto_msg *msgs, size_t max, size_t *nmsgs)
{
	size_t start = 0;
	*nmsgs = 0;
	for (size_t c = 0; c <= ncuts; c++) {
		size_t end = c < ncuts ? cuts[c] : n;
		size_t len = end - start;
		char *chunk = malloc(len ? len : 1);
		memcpy(chunk, s + start, len);
		const char *p = chunk;
		int r;
		struct proto_msg m;
		while ((r = proto_decoder_next(d, &p, &len, &m)) == PROTO_MSG) {
			if (*nmsgs < max)
				msgs[*nmsgs] = m;
			(*nmsgs)++;
		}
		free(chunk);
		if (r < 0)
			return r;
		start = end;
	}
	return PROTO_MORE;
}

static void test_split(void)
{
	struct proto_msg want[5] = { hello_msg(), state_msg(), nav_msg("prev", false, 0),
				     nav_msg("goto", true, 3), bye_msg("bye now") };
	char stream[5 * PROTO_LINE_MAX];
	size_t n = 0;
	for (int i = 0; i < 5; i++)
		n += proto_encode(&want[i], stream + n);

	struct proto_decoder d;
	struct proto_msg got[8];
	size_t ngot;
	int bad2 = 0, bad3 = 0;
	for (size_t i = 0; i <= n; i++) {
		proto_decoder_init(&d);
		size_t cuts[1] = { i };
		int r = feed(&d, stream, n, cuts, 1, got, 8, &ngot);
		if (r != PROTO_MORE || ngot != 5 || memcmp(got, want, sizeof want) != 0 ||
		    proto_decoder_pending(&d) != 0)
			bad2++;
	}
	is_int(bad2, 0, "split in two at every byte boundary");
	for (size_t i = 0; i <= n; i += 3) {
		for (size_t j = i; j <= n; j += 5) {
			proto_decoder_init(&d);
			size_t cuts[2] = { i, j };
			int r = feed(&d, stream, n, cuts, 2, got, 8, &ngot);
			if (r != PROTO_MORE || ngot != 5 || memcmp(got, want, sizeof want) != 0)
				bad3++;
		}
	}
	is_int(bad3, 0, "split in three at many boundaries");

	/* one byte at a time */
	size_t *cuts = malloc(n * sizeof *cuts);
	for (size_t i = 0; i < n; i++)
		cuts[i] = i + 1;
	proto_decoder_init(&d);
	int r = feed(&d, stream, n, cuts, n - 1, got, 8, &ngot);
	is_int(r, PROTO_MORE, "byte by byte: no error");
	is_int(ngot, 5, "byte by byte: five messages");
	ok(memcmp(got, want, sizeof want) == 0, "byte by byte: same messages");
	free(cuts);

	/* truncated stream: the last message incomplete */
	proto_decoder_init(&d);
	r = feed(&d, stream, n - 3, NULL, 0, got, 8, &ngot);
	is_int(r, PROTO_MORE, "truncated stream waits for more");
	is_int(ngot, 4, "four complete messages before the cut");
	ok(proto_decoder_pending(&d) > 0, "the partial line is held");
	const char *rest = stream + n - 3;
	size_t rlen = 3;
	struct proto_msg m;
	is_int(proto_decoder_next(&d, &rest, &rlen, &m), PROTO_MSG, "the rest completes it");
	ok(memcmp(&m, &want[4], sizeof m) == 0, "completed message is right");
	is_int(rlen, 0, "all input used");
}

static void test_decoder_limits(void)
{
	struct proto_decoder d;
	struct proto_msg m;
	/* a line of exactly PROTO_LINE_MAX bytes ("\n" included) is accepted */
	char *line = malloc(PROTO_LINE_MAX + 1);
	memcpy(line, "BYE x=", 6);
	memset(line + 6, 'a', PROTO_LINE_MAX - 7);
	line[PROTO_LINE_MAX - 1] = '\n';
	proto_decoder_init(&d);
	const char *p = line;
	size_t len = PROTO_LINE_MAX;
	is_int(proto_decoder_next(&d, &p, &len, &m), PROTO_MSG, "line at the limit accepted");
	is_int(len, 0, "consumed");
	is_int(m.type, PROTO_BYE, "as a BYE");

	/* one byte more is oversized */
	memset(line + 6, 'a', PROTO_LINE_MAX - 6);
	line[PROTO_LINE_MAX] = '\n';
	proto_decoder_init(&d);
	p = line;
	len = PROTO_LINE_MAX + 1;
	is_int(proto_decoder_next(&d, &p, &len, &m), PROTO_E_OVERSIZED, "one byte over");
	free(line);

	/* an endless line is refused as soon as the limit is reached, in pieces */
	proto_decoder_init(&d);
	char chunk[1000];
	memset(chunk, 'A', sizeof chunk);
	int r = PROTO_MORE;
	size_t fed = 0;
	while (r == PROTO_MORE && fed < 100000) {
		p = chunk;
		len = sizeof chunk;
		r = proto_decoder_next(&d, &p, &len, &m);
		fed += sizeof chunk;
	}
	is_int(r, PROTO_E_OVERSIZED, "endless line refused");
	is_int(fed, 5000, "after the chunk that crosses the limit");
	ok(proto_decoder_pending(&d) < PROTO_LINE_MAX, "never holds more than the limit");

	/* errors are sticky and consume nothing more */
	p = "NAV action=next\n";
	len = strlen(p);
	is_int(proto_decoder_next(&d, &p, &len, &m), PROTO_E_OVERSIZED, "error is sticky");
	is_int(len, 16, "nothing consumed after an error");
	ok(strstr(d.detail, "4096") != NULL, "detail names the limit");

	/* a control byte is refused before its line ends */
	proto_decoder_init(&d);
	p = "NAV act\x01";
	len = 8;
	is_int(proto_decoder_next(&d, &p, &len, &m), PROTO_E_MALFORMED,
	       "control byte refused at once");
	ok(strstr(d.detail, "0x01") != NULL, "detail names the byte");

	/* an empty chunk is fine */
	proto_decoder_init(&d);
	len = 0;
	p = NULL;
	is_int(proto_decoder_next(&d, &p, &len, &m), PROTO_MORE, "empty input");

	/* a bad message after a good one in the same chunk */
	proto_decoder_init(&d);
	p = "NAV action=next\nJUMP\nNAV action=prev\n";
	len = strlen(p);
	is_int(proto_decoder_next(&d, &p, &len, &m), PROTO_MSG, "good first");
	is_int(proto_decoder_next(&d, &p, &len, &m), PROTO_E_TYPE, "then unknown type");
	is_int(d.error, PROTO_E_TYPE, "decoder failed");
}

static uint32_t rng(uint64_t *s)
{
	*s = *s * 6364136223846793005ull + 1442695040888963407ull;
	return (uint32_t)(*s >> 33);
}

static bool clean_text(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

/* Random and mutated input: the decoder never crashes, and whatever it
 * accepts has no control byte in its text and re-encodes to a line that
 * decodes to the same message. */
static void test_garbage(void)
{
	uint64_t seed = 12345;
	char base[4 * PROTO_LINE_MAX];
	size_t bn = 0;
	struct proto_msg msgs[4] = { hello_msg(), state_msg(), nav_msg("goto", true, 9),
				     bye_msg("x y") };
	for (int i = 0; i < 4; i++)
		bn += proto_encode(&msgs[i], base + bn);
	size_t accepted = 0, refused = 0, dirty = 0, unstable = 0;
	for (int iter = 0; iter < 20000; iter++) {
		char buf[2048];
		size_t n = 0;
		if (iter % 2 == 0) {
			n = rng(&seed) % sizeof buf;
			for (size_t i = 0; i < n; i++)
				buf[i] = (char)(rng(&seed) % 8 == 0 ? '\n' : rng(&seed));
		} else {
			n = bn < sizeof buf ? bn : sizeof buf;
			memcpy(buf, base, n);
			int flips = 1 + (int)(rng(&seed) % 4);
			for (int f = 0; f < flips; f++)
				buf[rng(&seed) % n] = (char)rng(&seed);
		}
		struct proto_decoder d;
		proto_decoder_init(&d);
		char *copy = malloc(n ? n : 1);
		memcpy(copy, buf, n);
		const char *p = copy;
		size_t len = n;
		struct proto_msg m;
		int r;
		while ((r = proto_decoder_next(&d, &p, &len, &m)) == PROTO_MSG) {
			accepted++;
			const char *texts[] = { m.u.hello.deck, m.u.hello.session,
						m.u.hello.title };
			if (m.type == PROTO_HELLO) {
				for (int t = 0; t < 3; t++)
					dirty += !clean_text(texts[t]);
			} else if (m.type == PROTO_STATE) {
				dirty += !clean_text(m.u.state.slide_id);
			} else if (m.type == PROTO_BYE) {
				dirty += !clean_text(m.u.bye.reason);
			}
			char line[PROTO_LINE_MAX];
			size_t ln = proto_encode(&m, line);
			struct proto_msg back;
			if (proto_decode_line(line, ln, &back, NULL, 0) != PROTO_MSG ||
			    memcmp(&back, &m, sizeof m) != 0)
				unstable++;
		}
		refused += r < 0;
		free(copy);
	}
	ok(accepted > 0 && refused > 0, "garbage: some accepted, some refused");
	is_int(dirty, 0, "garbage: no control byte in accepted text");
	is_int(unstable, 0, "garbage: accepted messages re-encode to themselves");
}

static struct proto_msg deck_msg(uint64_t gen, uint32_t size, uint32_t off, const char *data)
{
	struct proto_msg m;
	memset(&m, 0, sizeof m);
	m.type = PROTO_DECK;
	m.u.deck.gen = gen;
	m.u.deck.size = size;
	m.u.deck.off = off;
	m.u.deck.len = (uint32_t)strlen(data);
	memcpy(m.u.deck.data, data, m.u.deck.len);
	return m;
}

/* The follower's part: role=follower, want=deck, and DECK chunks (exact
 * encoding, round trips at the limits, every bound refused). */
static void test_follower(void)
{
	char buf[PROTO_LINE_MAX];
	struct proto_msg m = deck_msg(3, 20, 4, "a b\n\t%中");
	size_t n = proto_encode(&m, buf);
	buf[n] = '\0';
	is_str(buf, "DECK gen=3 size=20 off=4 data=a%20b%0A%09%25中\n",
	       "DECK encodes space, newline, tab and percent");
	roundtrip(m, "DECK round trip");
	m = deck_msg(1, PROTO_DECK_MAX, PROTO_DECK_MAX - PROTO_CHUNK_MAX, "");
	memset(m.u.deck.data, '\n', PROTO_CHUNK_MAX);
	m.u.deck.len = PROTO_CHUNK_MAX;
	roundtrip(m, "the longest chunk, all escaped, at the end of the largest deck");
	roundtrip(deck_msg(0, 0, 0, ""), "an empty deck");

	m = deck_msg(1, 9, 0, "a\033[2Jb\r");
	n = proto_encode(&m, buf);
	buf[n] = '\0';
	is_str(buf, "DECK gen=1 size=9 off=0 data=a?[2Jb?\n",
	       "escape and CR in deck text are sent as '?'");

	memset(&m, 0, sizeof m);
	m.type = PROTO_HELLO;
	m.u.hello.version = PROTO_VERSION;
	m.u.hello.role = PROTO_ROLE_FOLLOWER;
	m.u.hello.want_deck = true;
	n = proto_encode(&m, buf);
	buf[n] = '\0';
	is_str(buf, "HELLO v=1 role=follower want=deck\n", "a follower's HELLO asks for the deck");
	roundtrip(m, "follower HELLO round trip");

	static const struct {
		const char *line, *why;
	} bad[] = {
		{ "DECK gen=1 size=6 off=5 data=ab", "chunk past the size" },
		{ "DECK gen=1 size=6 off=7 data=", "offset past the size" },
		{ "DECK gen=1 size=8388609 off=0 data=a", "size over PROTO_DECK_MAX" },
		{ "DECK gen=1 size=9 off=0 data=a%1Bb", "an escape byte in the data" },
		{ "DECK gen=1 size=9 off=0 data=a%0Db", "a CR in the data" },
		{ "DECK gen=1 size=9 off=0 data=a%C2%9Bb", "a C1 control in the data" },
		{ "DECK gen=1 size=9 off=0 data=a%E2%80%AEb", "a bidi override in the data" },
		{ "DECK gen=1 size=9 off=0 data=%FF", "invalid UTF-8 in the data" },
		{ "DECK gen=1 size=9 off=2 data=", "an empty chunk before the end" },
		{ "DECK gen=1 size=9 off=0", "no data" },
		{ "DECK size=9 off=0 data=a", "no gen" },
		{ "HELLO v=1 role=follower title=a%0Ab", "a newline outside deck data" },
		{ "HELLO v=1 role=follower want=all", "want of something else" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		is_int(decode_status(bad[i].line), PROTO_E_MALFORMED, bad[i].why);
	/* a chunk one byte over the limit */
	char line[PROTO_LINE_MAX];
	int k = snprintf(line, sizeof line, "DECK gen=1 size=9999 off=0 data=");
	memset(line + k, 'x', PROTO_CHUNK_MAX + 1);
	line[k + PROTO_CHUNK_MAX + 1] = '\0';
	is_int(decode_status(line), PROTO_E_MALFORMED, "a chunk over PROTO_CHUNK_MAX");
	line[k + PROTO_CHUNK_MAX] = '\0';
	is_int(decode_status(line), PROTO_MSG, "a chunk of PROTO_CHUNK_MAX");
}

static struct proto_msg caption_msg(const char *text)
{
	struct proto_msg m;
	memset(&m, 0, sizeof m);
	m.type = PROTO_CAPTION;
	proto_copy_text(m.u.caption.text, sizeof m.u.caption.text, text);
	return m;
}

/* Live captions: CAPTION's exact encoding, round trips up to the longest,
 * hostile text replaced on the way out and refused on the way in, and
 * the follower's captions=1. 47 checks. */
static void test_caption(void)
{
	char buf[PROTO_LINE_MAX];
	struct proto_msg m = caption_msg("hello 100% 中文字幕");
	size_t n = proto_encode(&m, buf);
	buf[n] = '\0';
	is_str(buf, "CAPTION text=hello%20100%25%20中文字幕\n",
	       "CAPTION encodes space and percent");
	roundtrip(m, "CAPTION round trip");
	m = caption_msg("");
	n = proto_encode(&m, buf);
	buf[n] = '\0';
	is_str(buf, "CAPTION text=\n", "the cleared caption is an empty text");
	roundtrip(m, "cleared CAPTION round trip");
	m = caption_msg("");
	memset(m.u.caption.text, ' ', PROTO_CAPTION_MAX - 1);
	roundtrip(m, "the longest caption, every byte escaped, fits in one line");

	/* hostile text: C0, ESC, the C1 edges, a bidi override, bad UTF-8 */
	m = caption_msg("");
	strcpy(m.u.caption.text, "\001a\033[2J\302\200\302\237\342\200\256\377~\302\240end");
	n = proto_encode(&m, buf);
	buf[n] = '\0';
	is_str(buf, "CAPTION text=?a?[2J????~\302\240end\n",
	       "unsafe characters and bad bytes in a caption are sent as '?'");
	struct proto_msg back;
	char detail[PROTO_DETAIL_MAX];
	is_int(proto_decode_line(buf, n, &back, detail, sizeof detail), PROTO_MSG,
	       "and what is sent decodes");
	is_str(back.u.caption.text, "?a?[2J????~\302\240end", "to the safe text");

	static const struct {
		const char *line, *why;
	} bad[] = {
		{ "CAPTION text=a%01b", "a C0 control" },
		{ "CAPTION text=a%1B[2Jb", "an escape" },
		{ "CAPTION text=a%7Fb", "DEL" },
		{ "CAPTION text=a%C2%80b", "U+0080, the first C1 control" },
		{ "CAPTION text=a%C2%9Fb", "U+009F, the last C1 control" },
		{ "CAPTION text=a%E2%80%AEb", "a bidi override U+202E" },
		{ "CAPTION text=a%E2%80%A8b", "a line separator U+2028" },
		{ "CAPTION text=a%FFb", "an invalid byte" },
		{ "CAPTION text=a%C2", "a cut UTF-8 sequence" },
		{ "CAPTION text=%C0%80", "an overlong NUL" },
		{ "CAPTION text=a%0Ab", "a newline (a caption is one line)" },
		{ "CAPTION text=a%09b", "a tab" },
		{ "CAPTION", "no text" },
		{ "CAPTION text=a text=b", "text twice" },
		{ "HELLO v=1 role=follower captions=yes", "captions of another value" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		is_int(decode_status(bad[i].line), PROTO_E_MALFORMED, bad[i].why);
	is_int(decode_status("CAPTION text=~%C2%A0%C2%A1"), PROTO_MSG,
	       "U+007E, U+00A0 and U+00A1 around the C1 block are text");
	is_int(decode_status("CAPTION text=a extra=1"), PROTO_MSG, "an unknown key is ignored");

	/* the length bound: PROTO_CAPTION_MAX - 1 bytes, not one more */
	char line[PROTO_LINE_MAX];
	int k = snprintf(line, sizeof line, "CAPTION text=");
	memset(line + k, 'x', PROTO_CAPTION_MAX);
	line[k + PROTO_CAPTION_MAX] = '\0';
	is_int(decode_status(line), PROTO_E_MALFORMED,
	       "a caption over PROTO_CAPTION_MAX - 1 bytes");
	line[k + PROTO_CAPTION_MAX - 1] = '\0';
	is_int(decode_status(line), PROTO_MSG, "a caption of PROTO_CAPTION_MAX - 1 bytes");
	/* an overlong caption given to the encoder is cut at a character */
	char big[3 * PROTO_CAPTION_MAX];
	for (size_t i = 0; i + 3 < sizeof big; i += 3)
		memcpy(big + i, "中", 3);
	big[sizeof big - 1 - (sizeof big - 1) % 3] = '\0';
	m = caption_msg(big);
	size_t cut = strlen(m.u.caption.text);
	ok(cut < PROTO_CAPTION_MAX && cut % 3 == 0 && cut + 3 >= PROTO_CAPTION_MAX,
	   "an overlong caption is cut to the last whole character that fits");
	roundtrip(m, "and the cut caption round-trips");

	memset(&m, 0, sizeof m);
	m.type = PROTO_HELLO;
	m.u.hello.version = PROTO_VERSION;
	m.u.hello.role = PROTO_ROLE_FOLLOWER;
	m.u.hello.want_captions = true;
	n = proto_encode(&m, buf);
	buf[n] = '\0';
	is_str(buf, "HELLO v=1 role=follower captions=1\n", "a follower's HELLO asks for captions");
	roundtrip(m, "captions=1 HELLO round trip");
	is_str(proto_type_name(PROTO_CAPTION), "CAPTION", "the type's name");
}

int main(void)
{
	tap_plan(227 + 34 + 47);
	test_exact_encoding();
	test_roundtrips();
	test_sanitize();
	test_malformed();
	test_split();
	test_decoder_limits();
	test_garbage();
	test_follower();
	test_caption();
	return tap_done();
}
