/* The console wire protocol (see include/proto.h for the grammar).
 *
 * Decoding happens in two stages. proto_decoder_next() only frames: it
 * finds the "\n", refuses a control byte or an overlong line as soon as the
 * offending byte arrives (so a hostile peer is cut off without waiting for
 * a newline), and hands a complete line to proto_decode_line(). That splits
 * the line into at most MAX_FIELDS key=value tokens pointing into the line,
 * then reads the fields of the message's type into fixed-size struct
 * members, decoding %XX escapes and validating UTF-8. Nothing is allocated
 * and every length is checked against the destination before a copy. */
#include "proto.h"

#include <stdio.h>
#include <string.h>

#include <unistr.h>

#include "textclass.h"
#include "utf8.h"
#include "xalloc.h"

#define MAX_FIELDS 32

static const char *const type_names[] = { NULL, "HELLO", "STATE", "NAV", "BYE", "DECK", "CAPTION" };
static const char *const role_names[] = { "presenter", "console", "probe", "follower" };
static const char *const timer_names[] = { "idle", "running", "paused" };
static const char *const pace_names[] = { "none", "ok", "slight", "far", "over" };
static const char *const blank_names[] = { "none", "black", "white" };

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* the longest CAPTION: its type word and key, every text byte escaped */
_Static_assert(sizeof "CAPTION text=\n" - 1 + 3 * (PROTO_CAPTION_MAX - 1) <= PROTO_LINE_MAX,
	       "a caption must fit in one line");

const char *proto_type_name(enum proto_type t)
{
	if ((unsigned)t >= NELEM(type_names) || !type_names[t])
		return "?";
	return type_names[t];
}

const char *proto_role_name(enum proto_role r)
{
	if ((unsigned)r >= NELEM(role_names))
		return "?";
	return role_names[r];
}

const char *proto_strerror(int status)
{
	switch (status) {
	case PROTO_MSG: return "message";
	case PROTO_MORE: return "incomplete message";
	case PROTO_E_MALFORMED: return "malformed message";
	case PROTO_E_OVERSIZED: return "oversized message";
	case PROTO_E_TYPE: return "unknown message type";
	case PROTO_E_VERSION: return "unsupported protocol version";
	default: return "unknown error";
	}
}

/* Length of the longest prefix of s (at most cap - 1 bytes, stopping at a
 * NUL) that ends on a character boundary, for valid UTF-8 input. */
static size_t text_cut(const char *s, size_t cap)
{
	size_t n = strnlen(s, cap - 1);
	if (n == cap - 1 && s[n] != '\0') {
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	return n;
}

void proto_copy_text(char *dst, size_t cap, const char *src)
{
	if (cap == 0)
		return;
	size_t n = text_cut(src ? src : "", cap);
	memcpy(dst, src ? src : "", n);
	dst[n] = '\0';
}

/* ---- encoding ---- */

struct out {
	char *buf;
	size_t len;
};

static void put_bytes(struct out *o, const char *s, size_t n)
{
	if (o->len + n > PROTO_LINE_MAX - 1)
		bug("protocol line overflow");
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static void put_str(struct out *o, const char *s)
{
	put_bytes(o, s, strlen(s));
}

static void put_key(struct out *o, const char *key)
{
	put_str(o, " ");
	put_str(o, key);
	put_str(o, "=");
}

/* Writes n bytes of text s as a value: escapes space and '%' (and, with
 * lines, "\n" and "\t"), replaces invalid UTF-8 and every other unsafe
 * character (textclass.h) with '?'. */
static void put_value(struct out *o, const char *s, size_t n, bool lines)
{
	static const char hex[] = "0123456789ABCDEF";
	const uint8_t *p = (const uint8_t *)s;
	for (size_t i = 0; i < n;) {
		ucs4_t c;
		int k = utf8_decode(&c, p + i, n - i);
		bool line_ok = lines && k == 1 && (c == '\n' || c == '\t');
		if (k <= 0 || (text_unsafe(c) && !line_ok)) {
			put_str(o, "?");
			i += k > 0 ? (size_t)k : 1;
		} else if (c == ' ' || c == '%' || line_ok) {
			char esc[3] = { '%', hex[c >> 4], hex[c & 15] };
			put_bytes(o, esc, 3);
			i++;
		} else {
			put_bytes(o, (const char *)p + i, (size_t)k);
			i += (size_t)k;
		}
	}
}

/* Writes a text field of a fixed-size member (cut at its NUL). */
static void put_text(struct out *o, const char *key, const char *s, size_t cap)
{
	put_key(o, key);
	put_value(o, s, strnlen(s, cap - 1), false);
}

static void put_u64(struct out *o, const char *key, uint64_t v)
{
	char num[24];
	snprintf(num, sizeof num, "%llu", (unsigned long long)v);
	put_key(o, key);
	put_str(o, num);
}

static void put_i64(struct out *o, const char *key, int64_t v)
{
	char num[24];
	snprintf(num, sizeof num, "%lld", (long long)v);
	put_key(o, key);
	put_str(o, num);
}

static void put_name(struct out *o, const char *key, const char *const *names, size_t n, unsigned v)
{
	if (v >= n)
		bug("enum value out of range");
	put_key(o, key);
	put_str(o, names[v]);
}

static void encode_hello(struct out *o, const struct proto_hello *h)
{
	put_u64(o, "v", h->version);
	put_name(o, "role", role_names, NELEM(role_names), h->role);
	if (h->deck[0])
		put_text(o, "deck", h->deck, sizeof h->deck);
	if (h->has_hash) {
		char num[20];
		snprintf(num, sizeof num, "%016llx", (unsigned long long)h->hash);
		put_key(o, "hash");
		put_str(o, num);
	}
	if (h->session[0])
		put_text(o, "session", h->session, sizeof h->session);
	if (h->title[0])
		put_text(o, "title", h->title, sizeof h->title);
	if (h->nslides)
		put_u64(o, "slides", h->nslides);
	if (h->path[0])
		put_text(o, "path", h->path, sizeof h->path);
	if (h->want_deck) {
		put_key(o, "want");
		put_str(o, "deck");
	}
	if (h->want_captions) {
		put_key(o, "captions");
		put_str(o, "1");
	}
}

/* A chunk's length as sent: at most PROTO_CHUNK_MAX, cut back to a
 * character boundary when the data is valid UTF-8 there. */
static void encode_deck(struct out *o, const struct proto_deck *d)
{
	size_t n = d->len > PROTO_CHUNK_MAX ? PROTO_CHUNK_MAX : d->len;
	put_u64(o, "gen", d->gen);
	put_u64(o, "size", d->size);
	put_u64(o, "off", d->off);
	put_key(o, "data");
	put_value(o, d->data, n, true);
}

static void encode_state(struct out *o, const struct proto_state *s)
{
	put_u64(o, "seq", s->seq);
	put_u64(o, "slide", s->slide);
	put_u64(o, "slides", s->nslides);
	put_text(o, "id", s->slide_id, sizeof s->slide_id);
	put_u64(o, "step", s->step);
	put_u64(o, "steps", s->nsteps);
	put_name(o, "timer", timer_names, NELEM(timer_names), s->timer);
	put_u64(o, "elapsed", s->elapsed_ms);
	put_u64(o, "slide_ms", s->slide_ms);
	if (s->has_remaining)
		put_i64(o, "remaining", s->remaining_ms);
	put_name(o, "pace", pace_names, NELEM(pace_names), s->pace);
	put_name(o, "blank", blank_names, NELEM(blank_names), s->blank);
	if (s->has_starts_in)
		put_u64(o, "starts_in", s->starts_in_ms);
}

size_t proto_encode(const struct proto_msg *m, char buf[PROTO_LINE_MAX])
{
	struct out o = { buf, 0 };
	put_str(&o, proto_type_name(m->type));
	switch (m->type) {
	case PROTO_HELLO: encode_hello(&o, &m->u.hello); break;
	case PROTO_STATE: encode_state(&o, &m->u.state); break;
	case PROTO_NAV:
		put_text(&o, "action", m->u.nav.action, sizeof m->u.nav.action);
		if (m->u.nav.has_index)
			put_u64(&o, "index", m->u.nav.index);
		break;
	case PROTO_BYE:
		if (m->u.bye.reason[0])
			put_text(&o, "reason", m->u.bye.reason, sizeof m->u.bye.reason);
		break;
	case PROTO_DECK: encode_deck(&o, &m->u.deck); break;
	case PROTO_CAPTION:
		put_text(&o, "text", m->u.caption.text, sizeof m->u.caption.text);
		break;
	default: bug("encoding a message of unknown type");
	}
	buf[o.len++] = '\n';
	return o.len;
}

/* ---- decoding ---- */

struct field {
	const char *key, *val;
	size_t klen, vlen;
	bool used;
};

struct fields {
	struct field v[MAX_FIELDS];
	size_t n;
	char *detail;
	size_t detail_cap;
};

static int fail(struct fields *f, int status, const char *fmt, const char *arg)
{
	if (f->detail && f->detail_cap)
		snprintf(f->detail, f->detail_cap, fmt, arg);
	return status;
}

/* Copies at most 24 printable ASCII bytes of s for a message. */
static void quote_bytes(char out[32], const char *s, size_t n)
{
	size_t j = 0;
	for (size_t i = 0; i < n && j < 24; i++) {
		unsigned char c = (unsigned char)s[i];
		out[j++] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
	}
	if (n > 24)
		out[j++] = '.', out[j++] = '.', out[j++] = '.';
	out[j] = '\0';
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Splits the fields after the type word; checks key syntax, escapes and
 * duplicates. */
static int split_fields(struct fields *f, const char *p, const char *end)
{
	char q[32];
	while (p < end) {
		if (*p != ' ')
			return fail(f, PROTO_E_MALFORMED, "%s", "expected a space between fields");
		p++;
		const char *tok = p;
		while (p < end && *p != ' ')
			p++;
		const char *eq = memchr(tok, '=', (size_t)(p - tok));
		if (!eq || eq == tok) {
			quote_bytes(q, tok, (size_t)(p - tok));
			return fail(f, PROTO_E_MALFORMED, "field '%s' is not key=value", q);
		}
		for (const char *k = tok; k < eq; k++) {
			if (!((*k >= 'a' && *k <= 'z') || (*k >= '0' && *k <= '9') || *k == '_')) {
				quote_bytes(q, tok, (size_t)(eq - tok));
				return fail(f, PROTO_E_MALFORMED, "bad key '%s'", q);
			}
		}
		for (const char *v = eq + 1; v < p; v++) {
			if (*v != '%')
				continue;
			if (p - v < 3 || hexval(v[1]) < 0 || hexval(v[2]) < 0) {
				quote_bytes(q, tok, (size_t)(eq - tok));
				return fail(f, PROTO_E_MALFORMED, "bad %% escape in field '%s'", q);
			}
			v += 2;
		}
		if (f->n == MAX_FIELDS)
			return fail(f, PROTO_E_MALFORMED, "%s", "too many fields");
		struct field nf = { tok, eq + 1, (size_t)(eq - tok), (size_t)(p - eq - 1), false };
		for (size_t i = 0; i < f->n; i++) {
			if (f->v[i].klen == nf.klen && memcmp(f->v[i].key, nf.key, nf.klen) == 0) {
				quote_bytes(q, tok, nf.klen);
				return fail(f, PROTO_E_MALFORMED, "field '%s' given twice", q);
			}
		}
		f->v[f->n++] = nf;
	}
	return 0;
}

static struct field *find(struct fields *f, const char *key)
{
	size_t kl = strlen(key);
	for (size_t i = 0; i < f->n; i++)
		if (f->v[i].klen == kl && memcmp(f->v[i].key, key, kl) == 0)
			return &f->v[i];
	return NULL;
}

/* Each getter returns 0 when the field was read, 1 when it is absent and
 * optional, or an error status (with the detail set). */
static int missing(struct fields *f, const char *key, bool required)
{
	if (required)
		return fail(f, PROTO_E_MALFORMED, "missing field '%s'", key);
	return 1;
}

/* Decodes a text value into dst (cap bytes, NUL kept after it); with
 * lines, "\n" and "\t" are allowed. Sets *len when it is not NULL. */
static int get_value(struct fields *f, const char *key, bool required, char *dst, size_t cap,
		     bool lines, size_t *len)
{
	struct field *fd = find(f, key);
	if (!fd)
		return missing(f, key, required);
	size_t n = 0;
	for (size_t i = 0; i < fd->vlen; i++) {
		char c = fd->val[i];
		if (c == '%') {
			c = (char)(hexval(fd->val[i + 1]) * 16 + hexval(fd->val[i + 2]));
			i += 2;
		}
		if (n + 1 >= cap)
			return fail(f, PROTO_E_MALFORMED, "field '%s' is too long", key);
		dst[n++] = c;
	}
	dst[n] = '\0';
	const uint8_t *u = (const uint8_t *)dst;
	for (size_t i = 0; i < n;) {
		ucs4_t c;
		int k = utf8_decode(&c, u + i, n - i);
		if (k <= 0)
			return fail(f, PROTO_E_MALFORMED, "field '%s' is not valid UTF-8", key);
		if (text_unsafe(c) && !(lines && (c == '\n' || c == '\t')))
			return fail(f, PROTO_E_MALFORMED, "field '%s' holds a control character",
				    key);
		i += (size_t)k;
	}
	if (len)
		*len = n;
	return 0;
}

static int get_text(struct fields *f, const char *key, bool required, char *dst, size_t cap)
{
	return get_value(f, key, required, dst, cap, false, NULL);
}

static int get_u64(struct fields *f, const char *key, bool required, uint64_t max, uint64_t *out)
{
	struct field *fd = find(f, key);
	if (!fd)
		return missing(f, key, required);
	if (fd->vlen == 0 || fd->vlen > 20)
		return fail(f, PROTO_E_MALFORMED, "field '%s' is not a number", key);
	uint64_t v = 0;
	for (size_t i = 0; i < fd->vlen; i++) {
		char c = fd->val[i];
		if (c < '0' || c > '9')
			return fail(f, PROTO_E_MALFORMED, "field '%s' is not a number", key);
		unsigned d = (unsigned)(c - '0');
		if (v > (max - d) / 10)
			return fail(f, PROTO_E_MALFORMED, "field '%s' is out of range", key);
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

static int get_u32(struct fields *f, const char *key, bool required, uint32_t *out)
{
	uint64_t v;
	int r = get_u64(f, key, required, UINT32_MAX, &v);
	if (r == 0)
		*out = (uint32_t)v;
	return r;
}

static int get_i64(struct fields *f, const char *key, bool required, int64_t *out)
{
	struct field *fd = find(f, key);
	if (!fd)
		return missing(f, key, required);
	bool neg = fd->vlen > 0 && fd->val[0] == '-';
	struct field saved = *fd;
	if (neg) {
		fd->val++;
		fd->vlen--;
	}
	uint64_t v;
	int r = get_u64(f, key, true, neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX, &v);
	*fd = saved;
	if (r != 0)
		return r;
	*out = neg ? (v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v) : (int64_t)v;
	return 0;
}

static int get_name(struct fields *f, const char *key, const char *const *names, size_t n,
		    unsigned *out)
{
	struct field *fd = find(f, key);
	if (!fd)
		return missing(f, key, true);
	for (size_t i = 0; i < n; i++) {
		if (strlen(names[i]) == fd->vlen && memcmp(names[i], fd->val, fd->vlen) == 0) {
			*out = (unsigned)i;
			return 0;
		}
	}
	return fail(f, PROTO_E_MALFORMED, "field '%s' has an unknown value", key);
}

static int get_hash(struct fields *f, struct proto_hello *h)
{
	struct field *fd = find(f, "hash");
	if (!fd)
		return 1;
	static const char bad[] = "field 'hash' is not 16 hex digits";
	if (fd->vlen != 16)
		return fail(f, PROTO_E_MALFORMED, "%s", bad);
	uint64_t v = 0;
	for (size_t i = 0; i < 16; i++) {
		int d = hexval(fd->val[i]);
		if (d < 0)
			return fail(f, PROTO_E_MALFORMED, "%s", bad);
		v = v << 4 | (uint64_t)d;
	}
	h->has_hash = true;
	h->hash = v;
	return 0;
}

#define TRY(expr)                  \
	do {                       \
		int r_ = (expr);   \
		if (r_ < 0)        \
			return r_; \
	} while (0)

static int decode_hello(struct fields *f, struct proto_hello *h)
{
	uint64_t v;
	TRY(get_u64(f, "v", true, UINT64_MAX, &v));
	if (v != PROTO_VERSION) {
		char num[24];
		snprintf(num, sizeof num, "%llu", (unsigned long long)v);
		return fail(f, PROTO_E_VERSION, "protocol version %s is not supported", num);
	}
	h->version = (unsigned)v;
	unsigned role;
	TRY(get_name(f, "role", role_names, NELEM(role_names), &role));
	h->role = (enum proto_role)role;
	TRY(get_text(f, "deck", false, h->deck, sizeof h->deck));
	TRY(get_hash(f, h));
	TRY(get_text(f, "session", false, h->session, sizeof h->session));
	TRY(get_text(f, "title", false, h->title, sizeof h->title));
	TRY(get_u32(f, "slides", false, &h->nslides));
	TRY(get_text(f, "path", false, h->path, sizeof h->path));
	struct field *w = find(f, "want");
	if (w && !(w->vlen == 4 && memcmp(w->val, "deck", 4) == 0))
		return fail(f, PROTO_E_MALFORMED, "%s", "field 'want' has an unknown value");
	h->want_deck = w != NULL;
	struct field *c = find(f, "captions");
	if (c && !(c->vlen == 1 && c->val[0] == '1'))
		return fail(f, PROTO_E_MALFORMED, "%s", "field 'captions' has an unknown value");
	h->want_captions = c != NULL;
	return 0;
}

static int decode_deck(struct fields *f, struct proto_deck *d)
{
	uint64_t v;
	TRY(get_u64(f, "gen", true, UINT64_MAX, &d->gen));
	TRY(get_u64(f, "size", true, PROTO_DECK_MAX, &v));
	d->size = (uint32_t)v;
	TRY(get_u64(f, "off", true, PROTO_DECK_MAX, &v));
	d->off = (uint32_t)v;
	size_t n;
	TRY(get_value(f, "data", true, d->data, sizeof d->data, true, &n));
	d->len = (uint32_t)n;
	if (d->off > d->size || d->len > d->size - d->off)
		return fail(f, PROTO_E_MALFORMED, "%s", "deck chunk past the deck's size");
	if (d->len == 0 && d->off != d->size)
		return fail(f, PROTO_E_MALFORMED, "%s", "empty deck chunk");
	return 0;
}

static int decode_state(struct fields *f, struct proto_state *s)
{
	unsigned e;
	TRY(get_u64(f, "seq", true, UINT64_MAX, &s->seq));
	TRY(get_u32(f, "slide", true, &s->slide));
	TRY(get_u32(f, "slides", true, &s->nslides));
	TRY(get_text(f, "id", true, s->slide_id, sizeof s->slide_id));
	TRY(get_u32(f, "step", true, &s->step));
	TRY(get_u32(f, "steps", true, &s->nsteps));
	TRY(get_name(f, "timer", timer_names, NELEM(timer_names), &e));
	s->timer = (enum proto_timer)e;
	TRY(get_u64(f, "elapsed", true, UINT64_MAX, &s->elapsed_ms));
	TRY(get_u64(f, "slide_ms", true, UINT64_MAX, &s->slide_ms));
	int r = get_i64(f, "remaining", false, &s->remaining_ms);
	TRY(r);
	s->has_remaining = r == 0;
	TRY(get_name(f, "pace", pace_names, NELEM(pace_names), &e));
	s->pace = (enum proto_pace)e;
	TRY(get_name(f, "blank", blank_names, NELEM(blank_names), &e));
	s->blank = (enum proto_blank)e;
	r = get_u64(f, "starts_in", false, UINT64_MAX, &s->starts_in_ms);
	TRY(r);
	s->has_starts_in = r == 0;
	if (s->nslides == 0 || s->slide >= s->nslides)
		return fail(f, PROTO_E_MALFORMED, "%s", "slide index out of range");
	if (s->nsteps == 0 || s->step >= s->nsteps)
		return fail(f, PROTO_E_MALFORMED, "%s", "reveal step out of range");
	return 0;
}

static int decode_nav(struct fields *f, struct proto_nav *n)
{
	TRY(get_text(f, "action", true, n->action, sizeof n->action));
	if (n->action[0] == '\0')
		return fail(f, PROTO_E_MALFORMED, "%s", "empty action");
	for (const char *p = n->action; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
			return fail(f, PROTO_E_MALFORMED, "%s", "bad action name");
	int r = get_u32(f, "index", false, &n->index);
	TRY(r);
	n->has_index = r == 0;
	if (strcmp(n->action, "goto") == 0 && !n->has_index)
		return fail(f, PROTO_E_MALFORMED, "%s", "goto without an index");
	return 0;
}

int proto_decode_line(const char *line, size_t len, struct proto_msg *out, char *detail,
		      size_t detail_cap)
{
	struct fields f;
	f.n = 0;
	f.detail = detail;
	f.detail_cap = detail_cap;
	if (detail && detail_cap)
		detail[0] = '\0';
	if (len > 0 && line[len - 1] == '\n')
		len--;
	if (len + 1 > PROTO_LINE_MAX)
		return fail(&f, PROTO_E_OVERSIZED, "%s", "line longer than the limit");
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)line[i];
		if (c < 0x20 || c == 0x7f) {
			char what[40];
			snprintf(what, sizeof what, "0x%02x at byte %zu", c, i + 1);
			return fail(&f, PROTO_E_MALFORMED, "control byte %s", what);
		}
	}
	const char *end = line + len;
	const char *sp = memchr(line, ' ', len);
	size_t tlen = sp ? (size_t)(sp - line) : len;
	memset(out, 0, sizeof *out);
	for (size_t t = PROTO_HELLO; t < NELEM(type_names); t++) {
		if (strlen(type_names[t]) == tlen && memcmp(type_names[t], line, tlen) == 0)
			out->type = (enum proto_type)t;
	}
	if (out->type == 0) {
		char q[32];
		quote_bytes(q, line, tlen);
		return fail(&f, tlen ? PROTO_E_TYPE : PROTO_E_MALFORMED, "unknown type '%s'", q);
	}
	TRY(split_fields(&f, line + tlen, end));
	switch (out->type) {
	case PROTO_HELLO: TRY(decode_hello(&f, &out->u.hello)); break;
	case PROTO_STATE: TRY(decode_state(&f, &out->u.state)); break;
	case PROTO_NAV: TRY(decode_nav(&f, &out->u.nav)); break;
	case PROTO_BYE:
		TRY(get_text(&f, "reason", false, out->u.bye.reason, sizeof out->u.bye.reason));
		break;
	case PROTO_DECK: TRY(decode_deck(&f, &out->u.deck)); break;
	case PROTO_CAPTION:
		TRY(get_text(&f, "text", true, out->u.caption.text, sizeof out->u.caption.text));
		break;
	}
	return PROTO_MSG;
}

void proto_decoder_init(struct proto_decoder *d)
{
	d->len = 0;
	d->error = 0;
	d->detail[0] = '\0';
}

static int decoder_fail(struct proto_decoder *d, int status, const char *msg, unsigned long n)
{
	d->error = status;
	snprintf(d->detail, sizeof d->detail, msg, n);
	return status;
}

int proto_decoder_next(struct proto_decoder *d, const char **data, size_t *len,
		       struct proto_msg *out)
{
	if (d->error)
		return d->error;
	if (*len == 0)
		return PROTO_MORE;
	const char *p = *data;
	size_t n = *len;
	const char *nl = memchr(p, '\n', n);
	size_t take = nl ? (size_t)(nl - p) + 1 : n;
	size_t body = nl ? take - 1 : take;
	for (size_t i = 0; i < body; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c < 0x20 || c == 0x7f)
			return decoder_fail(d, PROTO_E_MALFORMED, "control byte 0x%02lx", c);
	}
	if (d->len + body + 1 > PROTO_LINE_MAX)
		return decoder_fail(d, PROTO_E_OVERSIZED, "message longer than %lu bytes",
				    PROTO_LINE_MAX);
	*data = p + take;
	*len = n - take;
	if (!nl) {
		memcpy(d->line + d->len, p, take);
		d->len += take;
		return PROTO_MORE;
	}
	int r;
	if (d->len == 0) {
		r = proto_decode_line(p, take, out, d->detail, sizeof d->detail);
	} else {
		memcpy(d->line + d->len, p, take);
		r = proto_decode_line(d->line, d->len + take, out, d->detail, sizeof d->detail);
		d->len = 0;
	}
	if (r < 0)
		d->error = r;
	return r;
}
