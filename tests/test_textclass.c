/* The character classes and the sanitising writer (textclass.h), and every
 * filter that uses them (layout, diagnostics, the INI scanner's warning,
 * the protocol, the key prompt), run over every code point U+0000 ..
 * U+10FFFF, the surrogates and the invalid bytes, and compared with a
 * reference written here from the rule itself, not from the module. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "ini.h"
#include "keymap.h"
#include "layout.h"
#include "nav.h"
#include "proto.h"
#include "tap.h"
#include "textclass.h"

/* ---- the reference ---- */

/* The rule as the issue states it, one row per range. */
static const struct {
	uint32_t lo, hi;
	enum text_class cls;
} ref_ranges[] = {
	{ 0x0000, 0x001F, TEXT_C0 },   { 0x007F, 0x007F, TEXT_DEL },
	{ 0x0080, 0x009F, TEXT_C1 },   { 0x2028, 0x2029, TEXT_SEPARATOR },
	{ 0x202A, 0x202E, TEXT_BIDI }, { 0x2066, 0x2069, TEXT_BIDI },
};

static enum text_class ref_class(uint32_t c)
{
	for (size_t i = 0; i < sizeof ref_ranges / sizeof ref_ranges[0]; i++)
		if (c >= ref_ranges[i].lo && c <= ref_ranges[i].hi)
			return ref_ranges[i].cls;
	return TEXT_PLAIN;
}

/* UTF-8 of c, written out by hand (surrogates too, as the 3 bytes a
 * careless encoder would make); returns the length. */
static size_t enc(uint32_t c, char *b)
{
	if (c < 0x80) {
		b[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		b[0] = (char)(0xC0 | c >> 6);
		b[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		b[0] = (char)(0xE0 | c >> 12);
		b[1] = (char)(0x80 | (c >> 6 & 0x3F));
		b[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	b[0] = (char)(0xF0 | c >> 18);
	b[1] = (char)(0x80 | (c >> 12 & 0x3F));
	b[2] = (char)(0x80 | (c >> 6 & 0x3F));
	b[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

/* The placeholder the rule asks for, as UTF-8 (NUL-terminated), or "" for a
 * character shown as itself. */
static void ref_placeholder(uint32_t c, char out[8])
{
	size_t n = 0;
	switch (ref_class(c)) {
	case TEXT_PLAIN: break;
	case TEXT_C0: n = enc(0x2400 + c, out); break;
	case TEXT_DEL: n = enc(0x2421, out); break;
	default: n = enc(0xFFFD, out); break;
	}
	out[n] = '\0';
}

/* What any one-line writer must make of the lone character c. */
static void ref_shown(uint32_t c, char out[8])
{
	ref_placeholder(c, out);
	if (!*out)
		out[enc(c, out)] = '\0';
}

static bool is_surrogate(uint32_t c)
{
	return c >= 0xD800 && c <= 0xDFFF;
}

/* One check per function over the whole range: the first few mismatches
 * are printed as TAP comments. */
struct tally {
	unsigned long bad;
};

static void miss(struct tally *t, const char *what, uint32_t c)
{
	if (t->bad++ < 5)
		printf("#   %s: U+%04X differs from the reference\n", what, (unsigned)c);
}

/* ---- the module itself ---- */

static void test_classes(void)
{
	struct tally cls = { 0 }, uns = { 0 }, ph = { 0 };
	for (uint32_t c = 0; c <= 0x10FFFF; c++) {
		enum text_class want = ref_class(c);
		if (text_class(c) != want)
			miss(&cls, "text_class", c);
		if (text_unsafe(c) != (want != TEXT_PLAIN))
			miss(&uns, "text_unsafe", c);
		char rp[8];
		ref_placeholder(c, rp);
		const char *p = text_placeholder(c);
		if (*rp ? !p || strcmp(p, rp) != 0 : p != NULL)
			miss(&ph, "text_placeholder", c);
	}
	ok(cls.bad == 0, "text_class: every code point as the reference");
	ok(uns.bad == 0, "text_unsafe: every code point as the reference");
	ok(ph.bad == 0, "text_placeholder: every code point as the reference");
	is_int(text_class(0x7E), TEXT_PLAIN, "U+007E is plain");
	is_int(text_class(0x80), TEXT_C1, "U+0080 is C1 (first)");
	is_int(text_class(0x9F), TEXT_C1, "U+009F is C1 (last)");
	is_int(text_class(0xA0), TEXT_PLAIN, "U+00A0 is plain");
	is_int(text_class(0x1F), TEXT_C0, "U+001F is C0 (last)");
	is_int(text_class(0x20), TEXT_PLAIN, "U+0020 is plain");
	is_int(text_class(0x2027), TEXT_PLAIN, "U+2027 is plain");
	is_int(text_class(0x202F), TEXT_PLAIN, "U+202F is plain");
	is_int(text_class(0x2065), TEXT_PLAIN, "U+2065 is plain");
	is_int(text_class(0x2066), TEXT_BIDI, "U+2066 is bidi (first isolate)");
	is_int(text_class(0x2069), TEXT_BIDI, "U+2069 is bidi (last isolate)");
	is_int(text_class(0x206A), TEXT_PLAIN, "U+206A is plain");
	is_str(text_placeholder(0x1B), "␛", "ESC shows as ␛");
	is_str(text_placeholder(0x80), "\xEF\xBF\xBD", "U+0080 shows as U+FFFD");
	is_str(text_placeholder(0x9F), "\xEF\xBF\xBD", "U+009F shows as U+FFFD");
}

/* text_sanitize, with and without the keep flags, on every code point
 * alone and between two letters. */
static void test_writer(void)
{
	struct tally one = { 0 }, keep = { 0 }, mid = { 0 };
	struct strbuf b = { 0 };
	for (uint32_t c = 0; c <= 0x10FFFF; c++) {
		if (is_surrogate(c))
			continue;
		char in[8], want[16], ws[8];
		size_t n = enc(c, in);
		ref_shown(c, ws);
		b.len = 0;
		text_sanitize(&b, in, n, 0);
		if (b.len != strlen(ws) || memcmp(b.s, ws, b.len) != 0)
			miss(&one, "text_sanitize", c);
		b.len = 0;
		text_sanitize(&b, in, n, TEXT_KEEP_TAB | TEXT_KEEP_NL);
		const char *kw = c == '\t' ? "\t" : c == '\n' ? "\n" : ws;
		if (b.len != strlen(kw) || memcmp(b.s, kw, b.len) != 0)
			miss(&keep, "text_sanitize keep", c);
		char in3[8] = "a";
		memcpy(in3 + 1, in, n);
		in3[n + 1] = 'z';
		snprintf(want, sizeof want, "a%sz", ws);
		b.len = 0;
		text_sanitize(&b, in3, n + 2, 0);
		if (b.len != strlen(want) || memcmp(b.s, want, b.len) != 0)
			miss(&mid, "text_sanitize a?z", c);
	}
	ok(one.bad == 0, "text_sanitize: every code point alone as the reference");
	ok(keep.bad == 0, "text_sanitize: with the keep flags only tab and newline pass");
	ok(mid.bad == 0, "text_sanitize: every code point between letters");

	/* surrogates: 3 bytes, none starting a valid sequence */
	struct tally sur = { 0 };
	for (uint32_t c = 0xD800; c <= 0xDFFF; c++) {
		char in[8];
		size_t n = enc(c, in);
		b.len = 0;
		text_sanitize(&b, in, n, 0);
		if (strcmp(b.s, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD") != 0)
			miss(&sur, "surrogate", c);
	}
	ok(sur.bad == 0, "text_sanitize: every surrogate is three placeholders");
	/* every byte 0x80..0xFF alone, and before 'z' */
	struct tally lone = { 0 };
	for (unsigned v = 0x80; v <= 0xFF; v++) {
		char in[2] = { (char)v, 'z' };
		b.len = 0;
		text_sanitize(&b, in, 2, 0);
		if (strcmp(b.s, "\xEF\xBF\xBDz") != 0)
			miss(&lone, "lone byte", v);
	}
	ok(lone.bad == 0, "text_sanitize: every lone byte 80..FF is a placeholder");
	b.len = 0;
	text_sanitize(&b,
		      "\xC2\x9B"
		      "1m\xC2",
		      5, 0);
	is_str(b.s,
	       "\xEF\xBF\xBD"
	       "1m\xEF\xBF\xBD",
	       "a CSI as U+009B and a cut sequence");
	b.len = 0;
	text_sanitize(&b, "\xF0\x9F\x8E", 3, 0);
	is_str(b.s, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD", "a truncated 4-byte sequence");
	b.len = 0;
	text_sanitize(&b, "\xC0\xAF", 2, 0);
	is_str(b.s, "\xEF\xBF\xBD\xEF\xBF\xBD", "an overlong '/'");
	free(b.s);

	char *s = text_safe("\x1b]52;c;aGk=\x07 \xe2\x80\xae\xe2\x81\xa6");
	is_str(s, "␛]52;c;aGk=␇ \xEF\xBF\xBD\xEF\xBF\xBD", "text_safe: OSC 52 and bidi");
	free(s);
}

/* TEXT_HTML: the five characters HTML gives a meaning to as references,
 * everything else exactly as without it. */
static void test_html(void)
{
	static const char *const refs[][2] = {
		{ "&", "&amp;" },   { "<", "&lt;" },  { ">", "&gt;" },
		{ "\"", "&quot;" }, { "'", "&#39;" },
	};
	struct tally all = { 0 };
	struct strbuf b = { 0 };
	for (uint32_t c = 0; c <= 0x10FFFF; c++) {
		if (is_surrogate(c))
			continue;
		char in[8], ws[8];
		size_t n = enc(c, in);
		ref_shown(c, ws);
		const char *want = ws;
		for (size_t k = 0; k < sizeof refs / sizeof refs[0]; k++)
			if (c == (uint8_t)refs[k][0][0])
				want = refs[k][1];
		b.len = 0;
		text_sanitize(&b, in, n, TEXT_HTML);
		if (b.len != strlen(want) || memcmp(b.s, want, b.len) != 0)
			miss(&all, "text_sanitize html", c);
	}
	ok(all.bad == 0,
	   "TEXT_HTML: every code point alone: the five references, else as without it");
	static const char in[] = "<a href=\"x\">it's</a> & \x1b[2J\t\xe2\x80\xae!";
	b.len = 0;
	text_sanitize(&b, in, sizeof in - 1, TEXT_HTML);
	is_str(b.s, "&lt;a href=&quot;x&quot;&gt;it&#39;s&lt;/a&gt; &amp; ␛[2J␉\xEF\xBF\xBD!",
	       "TEXT_HTML: markup, a CSI, a tab and a bidi override");
	b.len = 0;
	text_sanitize(&b, in, sizeof in - 1, TEXT_HTML | TEXT_KEEP_TAB);
	is_str(b.s, "&lt;a href=&quot;x&quot;&gt;it&#39;s&lt;/a&gt; &amp; ␛[2J&#9;\xEF\xBF\xBD!",
	       "TEXT_HTML with TEXT_KEEP_TAB: the tab as &#9;, no raw control byte");
	free(b.s);
}

/* ---- the filters that use the module ---- */

/* frame_put draws each code point as itself or as its placeholder. */
static void test_layout(void)
{
	struct tally t = { 0 };
	struct strbuf got = { 0 };
	for (uint32_t c = 0; c <= 0x10FFFF; c++) {
		if (is_surrogate(c) || c == '\t')
			continue;
		char in[8], want[8];
		size_t n = enc(c, in);
		ref_shown(c, want);
		struct frame *f = frame_new(20, 1);
		frame_put(f, 0, 0, in, n, 20, STYLE_TEXT);
		got.len = 0;
		strbuf_add(&got, "", 0);
		for (size_t i = 0; f->nrows && i < f->rows[0].n; i++) {
			const struct run *r = &f->runs[f->rows[0].first + i];
			strbuf_add(&got, r->text, r->len);
		}
		if (strcmp(got.s, want) != 0)
			miss(&t, "frame_put", c);
		frame_free(f);
	}
	free(got.s);
	ok(t.bad == 0, "layout: every code point drawn as itself or its placeholder");
}

/* diag_add stores the file name and the message sanitised. */
static void test_diag(void)
{
	struct tally t = { 0 };
	for (uint32_t c = 0; c <= 0x10FFFF; c++) {
		if (is_surrogate(c))
			continue;
		char in[8], want[8], wf[16];
		in[enc(c, in)] = '\0';
		ref_shown(c, want);
		snprintf(wf, sizeof wf, "f%s", want);
		char name[16];
		snprintf(name, sizeof name, "f%s", in);
		struct diag_list l;
		diag_list_init(&l);
		diag_add(&l, name, 1, 1, SEV_WARNING, "%s", in);
		/* a NUL ends the C string: the message is empty, the name "f" */
		const char *wm = c == 0 ? "" : want;
		if (strcmp(l.v[0].msg, wm) != 0 || strcmp(l.v[0].file, c == 0 ? "f" : wf) != 0)
			miss(&t, "diag_add", c);
		diag_list_release(&l);
	}
	ok(t.bad == 0, "diag: every code point in a message and a file name");
}

/* The INI scanner warns about exactly the unsafe characters (tab allowed).
 * NUL, CR and LF cannot stand inside a line and are left out; the
 * surrogates are refused as invalid UTF-8 elsewhere. One key per code
 * point, 400 keys per file so that no diagnostic is dropped. */
static void test_ini(void)
{
	struct tally t = { 0 };
	unsigned long warned = 0, want_warned = 0;
	enum { PER = 400 };
	uint32_t c = 0;
	while (c <= 0x10FFFF) {
		struct strbuf src = { 0 };
		uint32_t first = c, cps[PER];
		unsigned k = 0, cols[PER];
		strbuf_adds(&src, "[s]\n");
		for (; k < PER && c <= 0x10FFFF; c++) {
			if (is_surrogate(c) || c == 0 || c == '\r' || c == '\n')
				continue;
			char in[8];
			in[enc(c, in)] = '\0';
			cols[k] = (unsigned)snprintf(NULL, 0, "k%u = a", k) + 1;
			strbuf_printf(&src, "k%u = a%sb\n", k, in);
			cps[k++] = c;
		}
		struct arena a;
		arena_init(&a);
		struct diag_list dl;
		diag_list_init(&dl);
		struct ini_file f;
		int rc = ini_parse(&f, "t.ini", src.s, src.len, &a, &dl);
		if (rc != 0 || dl.dropped)
			miss(&t, "ini_parse failed", first);
		bool *hit = calloc(PER, 1);
		for (size_t i = 0; i < dl.n; i++) {
			const struct diag *d = &dl.v[i];
			if (!strstr(d->msg, "shown as a placeholder"))
				continue;
			if (d->line < 2 || d->line - 2 >= k) {
				miss(&t, "ini warning on no key's line", first);
				continue;
			}
			uint32_t cp = cps[d->line - 2];
			char u[16];
			snprintf(u, sizeof u, "U+%04X ", (unsigned)cp);
			if (!strstr(d->msg, u) || d->col != cols[d->line - 2])
				miss(&t, "ini warning names another character", cp);
			hit[d->line - 2] = true;
			warned++;
		}
		for (unsigned i = 0; i < k; i++) {
			bool want = cps[i] != '\t' && ref_class(cps[i]) != TEXT_PLAIN;
			want_warned += want;
			if (hit[i] != want)
				miss(&t, "ini warning", cps[i]);
		}
		free(hit);
		if (rc == 0)
			ini_release(&f);
		diag_list_release(&dl);
		arena_release(&a);
		free(src.s);
	}
	ok(t.bad == 0, "ini: a warning for exactly the unsafe code points");
	ok(want_warned == warned && warned == 32 - 4 + 1 + 32 + 2 + 5 + 4,
	   "ini: one warning each for C0 but tab/NUL/CR/LF, DEL, C1, separators, bidi");
}

/* The protocol sends an unsafe character as '?' and refuses one in a line
 * it receives. */
static void test_proto(void)
{
	struct tally enc_t = { 0 }, dec_t = { 0 };
	for (uint32_t c = 1; c <= 0x10FFFF; c++) {
		if (is_surrogate(c))
			continue;
		char in[8];
		in[enc(c, in)] = '\0';
		struct proto_msg m;
		memset(&m, 0, sizeof m);
		m.type = PROTO_HELLO;
		m.u.hello.version = PROTO_VERSION;
		m.u.hello.role = PROTO_ROLE_PRESENTER;
		snprintf(m.u.hello.deck, sizeof m.u.hello.deck, "a%sb", in);
		char line[PROTO_LINE_MAX];
		size_t n = proto_encode(&m, line);
		struct proto_msg back;
		char detail[128];
		int rc = proto_decode_line(line, n, &back, detail, sizeof detail);
		char want[16];
		snprintf(want, sizeof want, "a%sb", ref_class(c) != TEXT_PLAIN ? "?" : in);
		if (rc != PROTO_MSG || strcmp(back.u.hello.deck, want) != 0)
			miss(&enc_t, "proto_encode", c);
		/* the same character sent %-escaped by a hostile peer */
		char raw[PROTO_LINE_MAX];
		size_t deckat = (size_t)(strstr(line, " deck=") - line) + 6;
		int len = snprintf(raw, sizeof raw, "%.*s", (int)deckat, line);
		for (size_t i = 0; in[i]; i++)
			len += snprintf(raw + len, sizeof raw - (size_t)len, "%%%02X",
					(unsigned char)in[i]);
		const char *rest = strchr(line + deckat, ' ');
		len += snprintf(raw + len, sizeof raw - (size_t)len, "%s", rest ? rest : "\n");
		rc = proto_decode_line(raw, (size_t)len, &back, detail, sizeof detail);
		if ((rc == PROTO_MSG) != (ref_class(c) == TEXT_PLAIN))
			miss(&dec_t, "proto_decode_line", c);
	}
	ok(enc_t.bad == 0, "proto: every code point sent as itself or '?'");
	ok(dec_t.bad == 0, "proto: every unsafe code point refused on receipt");
}

/* The goto and search prompt takes a key as text only when it is safe. */
static void test_prompt(void)
{
	static struct slide slide = { .id = "a", .title = "A" };
	static struct deck d = { .path = "t.ini", .slides = &slide, .nslides = 1 };
	struct keymap km;
	keymap_init_default(&km);
	struct nav n;
	nav_init(&n, &d);
	struct tally t = { 0 };
	nav_input(&n, &km, key_char(':'));
	for (uint32_t c = 0; c <= 0x10FFFF; c++) {
		if (is_surrogate(c))
			continue;
		n.prompt = PROMPT_GOTO;
		n.input_len = 0;
		n.input[0] = '\0';
		nav_input(&n, &km, key_char(c));
		if ((n.input_len > 0) != (ref_class(c) == TEXT_PLAIN))
			miss(&t, "prompt", c);
	}
	ok(t.bad == 0, "prompt: a key is text exactly when it is safe");
	nav_release(&n);
	keymap_release(&km);
}

int main(void)
{
	tap_plan(37);
	test_classes();
	test_writer();
	test_html();
	test_layout();
	test_diag();
	test_ini();
	test_proto();
	test_prompt();
	return tap_done();
}
