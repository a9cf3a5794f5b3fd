/* libFuzzer target: the console protocol decoder. The input is cut into
 * chunks whose sizes come from its first bytes, each chunk a separate
 * exact-size heap copy (so a read past a chunk trips ASan), and fed to one
 * decoder. Every message it accepts must hold no control byte in its text
 * and must survive encode -> decode unchanged; the decoder must never hold
 * more than PROTO_LINE_MAX bytes. A DECK chunk (what a hostile presenter
 * sends a follower) must stay within its bounds and hold no control
 * character but newline and tab; a CAPTION's text must be one line of
 * safe text (textclass.h: no C0, DEL, C1 or bidi control, valid UTF-8)
 * within PROTO_CAPTION_MAX. Any violation aborts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"
#include "textclass.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_text(const char *s, size_t cap)
{
	size_t n = strnlen(s, cap);
	if (n == cap)
		abort(); /* not terminated */
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			abort();
}

/* A caption: terminated within its field, valid UTF-8, nothing unsafe
 * (newline and tab included). */
static void check_caption(const struct proto_caption *c)
{
	size_t n = strnlen(c->text, sizeof c->text);
	if (n == sizeof c->text)
		abort();
	const uint8_t *u = (const uint8_t *)c->text;
	for (size_t i = 0; i < n;) {
		uint32_t ch;
		int k = utf8_decode(&ch, u + i, n - i);
		if (k <= 0 || text_unsafe(ch))
			abort();
		i += (size_t)k;
	}
}

static void check(const struct proto_msg *m)
{
	switch (m->type) {
	case PROTO_HELLO:
		check_text(m->u.hello.deck, sizeof m->u.hello.deck);
		check_text(m->u.hello.session, sizeof m->u.hello.session);
		check_text(m->u.hello.title, sizeof m->u.hello.title);
		check_text(m->u.hello.path, sizeof m->u.hello.path);
		break;
	case PROTO_STATE:
		check_text(m->u.state.slide_id, sizeof m->u.state.slide_id);
		if (m->u.state.slide >= m->u.state.nslides || m->u.state.step >= m->u.state.nsteps)
			abort();
		break;
	case PROTO_NAV: check_text(m->u.nav.action, sizeof m->u.nav.action); break;
	case PROTO_BYE: check_text(m->u.bye.reason, sizeof m->u.bye.reason); break;
	case PROTO_DECK: {
		const struct proto_deck *d = &m->u.deck;
		if (d->len > PROTO_CHUNK_MAX || d->size > PROTO_DECK_MAX || d->off > d->size ||
		    d->len > d->size - d->off || d->data[d->len] != '\0')
			abort();
		for (size_t i = 0; i < d->len; i++) {
			unsigned char c = (unsigned char)d->data[i];
			if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
				abort();
		}
		break;
	}
	case PROTO_CAPTION: check_caption(&m->u.caption); break;
	default: abort();
	}
	char line[PROTO_LINE_MAX];
	size_t n = proto_encode(m, line);
	struct proto_msg back;
	if (proto_decode_line(line, n, &back, NULL, 0) != PROTO_MSG)
		abort();
	if (memcmp(&back, m, sizeof back) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proto_decoder d;
	proto_decoder_init(&d);
	size_t nsizes = size < 4 ? size : 4;
	size_t pos = nsizes, k = 0;
	while (pos < size) {
		size_t want = nsizes ? 1 + data[k++ % nsizes] * 37u : size;
		size_t len = size - pos < want ? size - pos : want;
		char *chunk = malloc(len);
		memcpy(chunk, data + pos, len);
		const char *p = chunk;
		size_t left = len;
		struct proto_msg m;
		int r;
		while ((r = proto_decoder_next(&d, &p, &left, &m)) == PROTO_MSG)
			check(&m);
		if (proto_decoder_pending(&d) >= PROTO_LINE_MAX)
			abort();
		if (r == PROTO_MORE && left != 0)
			abort();
		free(chunk);
		pos += len;
		if (r < 0)
			break;
	}
	return 0;
}
