/* caption.h: lines assembled from chunks split anywhere (inside a UTF-8
 * sequence too), the length bound, blank lines, expiry on the fake clock,
 * hostile bytes, and the two sources: a regular file followed from its end
 * (growing, truncated) and a FIFO whose writer closes and comes back. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unistr.h>
#include <uniwidth.h>

#include "caption.h"
#include "clock.h"
#include "present_fixture.h"
#include "rowtext.h"
#include "screen.h"
#include "tap.h"

static const char *shown(const struct caption *c, uint64_t now)
{
	size_t len;
	const char *t = caption_text(c, now, &len);
	return t && strlen(t) == len ? t : NULL;
}

static void test_chunks(void)
{
	struct caption c;
	caption_init(&c);
	static const char line[] = "中文字幕 works\n";
	size_t lines = 0, early = 0;
	for (size_t i = 0; i + 1 < sizeof line; i++) {
		size_t got = caption_feed(&c, line + i, 1, 10);
		lines += got;
		if (got && i + 2 < sizeof line)
			early++;
	}
	ok(lines == 1 && early == 0, "a line fed byte by byte makes one caption, at its newline");
	is_str(shown(&c, 10), "中文字幕 works", "split inside UTF-8 sequences: the line is whole");

	is_int(caption_feed(&c, "one\ntwo\r\nthr", 12, 20), 2, "two lines in one chunk");
	is_str(shown(&c, 20), "two", "the latest line is shown, its CR dropped");
	caption_feed(&c, "ee\n", 3, 30);
	is_str(shown(&c, 30), "three", "a line ends in the next chunk");
	unsigned long seq = c.seq;
	caption_feed(&c, "   \t \n\n", 7, 40);
	ok(c.seq == seq && shown(&c, 40) && strcmp(shown(&c, 40), "three") == 0,
	   "blank lines change nothing");
	caption_feed(&c, "  padded  \n", 11, 50);
	is_str(shown(&c, 50), "padded", "white space at both ends is trimmed");
	caption_feed(&c, "no newline yet", 14, 60);
	is_str(shown(&c, 60), "padded", "a line without its newline is not shown");
	is_int(caption_flush(&c, 70), 1, "flush ends the pending line");
	is_str(shown(&c, 70), "no newline yet", "and shows it");
	is_int(caption_flush(&c, 80), 0, "flush with nothing pending makes nothing");
}

static void test_bound(void)
{
	struct caption c;
	caption_init(&c);
	char *big = malloc(4000);
	memset(big, 'a', 1000);
	big[1000] = '\n';
	caption_feed(&c, big, 1001, 0);
	const char *t = shown(&c, 0);
	ok(t && strlen(t) == CAPTION_MAX_BYTES + 3 && strcmp(t + CAPTION_MAX_BYTES, "…") == 0,
	   "an overlong line keeps CAPTION_MAX_BYTES bytes and ends in …");
	/* 300 Han characters: 900 bytes, cut inside a character */
	size_t n = 0;
	for (int i = 0; i < 300; i++, n += 3)
		memcpy(big + n, "中", 3);
	big[n++] = '\n';
	for (size_t i = 0; i < n; i += 7)
		caption_feed(&c, big + i, n - i < 7 ? n - i : 7, 5);
	t = shown(&c, 5);
	size_t want = (CAPTION_MAX_BYTES / 3) * 3 + 3;
	ok(t && strlen(t) == want && !u8_check((const uint8_t *)t, strlen(t)),
	   "a CJK line is cut at a character boundary, valid UTF-8");
	caption_feed(&c, "short\n", 6, 6);
	is_str(shown(&c, 6), "short", "the line after an overlong one is whole");
	free(big);
}

static void test_expiry(void)
{
	struct fake_clock fc;
	struct clock clk = clock_fake(&fc);
	clock_fake_set(&fc, 100000);
	struct caption c;
	caption_init(&c);
	is_int(caption_wait_ms(&c, clock_now(&clk)), -1, "no caption: no deadline");
	caption_feed(&c, "hello\n", 6, clock_now(&clk));
	is_int(caption_wait_ms(&c, clock_now(&clk)), CAPTION_SHOW_MS, "a new caption's deadline");
	clock_fake_advance(&fc, CAPTION_SHOW_MS - 1);
	ok(shown(&c, clock_now(&clk)) && !caption_expire(&c, clock_now(&clk)),
	   "shown until just before its time is up");
	is_int(caption_wait_ms(&c, clock_now(&clk)), 1, "1 ms left");
	clock_fake_advance(&fc, 1);
	ok(!shown(&c, clock_now(&clk)), "gone after CAPTION_SHOW_MS of silence");
	ok(caption_expire(&c, clock_now(&clk)) && c.len == 0 &&
		   !caption_expire(&c, clock_now(&clk)),
	   "caption_expire drops it once");
	is_int(caption_wait_ms(&c, clock_now(&clk)), -1, "no deadline after it expired");
	caption_feed(&c, "again\n", 6, clock_now(&clk));
	clock_fake_advance(&fc, 3000);
	caption_feed(&c, "later\n", 6, clock_now(&clk));
	clock_fake_advance(&fc, 4000);
	is_str(shown(&c, clock_now(&clk)), "later", "a new caption restarts the time");
}

static void test_hostile(void)
{
	struct caption c;
	caption_init(&c);
	static const char evil[] = "a\x1b[2J\x1b]0;t\x07 \xc2\x9b"
				   "1m \xe2\x80\xae"
				   "x \xe2\x81\xa6y \xe2\x80\xa8 \xff\xc0\x80 \x7f\tz\n";
	caption_feed(&c, evil, sizeof evil - 1, 0);
	const char *t = shown(&c, 0);
	int clean = t && !u8_check((const uint8_t *)t, strlen(t));
	for (const uint8_t *u = (const uint8_t *)(t ? t : ""); clean && *u;) {
		ucs4_t ch;
		u += u8_mbtouc(&ch, u, strlen((const char *)u));
		if (ch < 0x20 || (ch >= 0x7f && ch <= 0x9f) || (ch >= 0x2028 && ch <= 0x202e) ||
		    (ch >= 0x2066 && ch <= 0x2069))
			clean = 0;
	}
	ok(clean, "hostile bytes: no control, C1, bidi or invalid byte in the caption");
	ok(t && strncmp(t, "a␛[2J␛]0;t␇", strlen("a␛[2J␛]0;t␇")) == 0,
	   "they are shown as placeholders");
}

/* caption_set(), a follower's caption from the presenter: sanitised
 * again, cut at a character, shown from the time given, len 0 clears,
 * each one counted. 8 checks. */
static void test_set(void)
{
	struct caption c;
	caption_init(&c);
	caption_feed(&c, "half a li", 9, 0);
	static const char evil[] = "a\x1b[2J\xc2\x9b \xe2\x80\xae\xff\nb";
	caption_set(&c, evil, sizeof evil - 1, 100);
	const char *t = shown(&c, 100);
	ok(t && strncmp(t, "a␛[2J", strlen("a␛[2J")) == 0 && strstr(t, "␊b") &&
		   !strstr(t, "\xe2\x80\xae"),
	   "caption_set shows ESC and newline as placeholders, drops the bidi control");
	int clean = t && !u8_check((const uint8_t *)t, strlen(t));
	for (const uint8_t *u = (const uint8_t *)(t ? t : ""); clean && *u;) {
		ucs4_t ch;
		u += u8_mbtouc(&ch, u, strlen((const char *)u));
		if (ch < 0x20 || (ch >= 0x7f && ch <= 0x9f) || (ch >= 0x2028 && ch <= 0x202e))
			clean = 0;
	}
	ok(clean, "and what it shows has no control, C1, bidi or invalid byte");
	ok(shown(&c, 99 + CAPTION_SHOW_MS) != NULL && shown(&c, 100 + CAPTION_SHOW_MS) == NULL,
	   "it is shown from the time given for CAPTION_SHOW_MS");
	unsigned long seq = c.seq;
	caption_set(&c, "again", 5, 200);
	caption_set(&c, "again", 5, 300);
	is_int((int)(c.seq - seq), 2, "each caption set is counted, the same text too");
	caption_feed(&c, "\n", 1, 300);
	is_str(shown(&c, 300), "again", "what was being assembled was dropped");
	caption_set(&c, "", 0, 400);
	ok(shown(&c, 400) == NULL && caption_wait_ms(&c, 400) == -1, "len 0 clears it");
	static char big[4 * CAPTION_TEXT_MAX];
	for (size_t i = 0; i + 3 <= sizeof big; i += 3)
		memcpy(big + i, "中", 3);
	size_t blen = sizeof big - sizeof big % 3;
	caption_set(&c, big, blen, 500);
	t = shown(&c, 500);
	ok(t && strlen(t) <= CAPTION_TEXT_MAX && strlen(t) % 3 == 0 &&
		   strlen(t) + 3 > CAPTION_TEXT_MAX,
	   "an overlong one is cut to CAPTION_TEXT_MAX at a character");
	ok(t && !u8_check((const uint8_t *)t, strlen(t)), "and stays valid UTF-8");
}

static char dir[] = "/tmp/test_caption.XXXXXX";

static void append(const char *path, const char *s, int flags)
{
	int fd = open(path, O_WRONLY | flags, 0600);
	if (fd >= 0) {
		ssize_t w = write(fd, s, strlen(s));
		(void)w;
		close(fd);
	}
}

static void test_file(void)
{
	char path[64];
	snprintf(path, sizeof path, "%s/file", dir);
	append(path, "old line\n", O_CREAT | O_TRUNC);
	struct caption c;
	caption_init(&c);
	struct caption_source s;
	struct diag_list dl;
	diag_list_init(&dl);
	ok(caption_source_open(&s, path, 1000, &dl) == 0, "a regular file opens");
	struct pollfd pfd;
	ok(!caption_source_pollfd(&s, &pfd) && caption_source_wait_ms(&s, 1000) == CAPTION_CHECK_MS,
	   "a regular file is read on a timer, not polled");
	append(path, "new line\n", O_APPEND);
	is_int(caption_source_read(&s, &c, 1000 + CAPTION_CHECK_MS - 1), 0,
	       "not read before it is due");
	is_int(caption_source_read(&s, &c, 1000 + CAPTION_CHECK_MS), 1,
	       "read when due: one caption");
	is_str(shown(&c, 1000 + CAPTION_CHECK_MS), "new line",
	       "from the end at the start: the old line is not shown");
	append(path, "par", O_APPEND);
	caption_source_read(&s, &c, 2000);
	append(path, "tial\n", O_APPEND);
	caption_source_read(&s, &c, 3000);
	is_str(shown(&c, 3000), "partial", "a line written in two goes");
	append(path, "x\n", O_TRUNC);
	caption_source_read(&s, &c, 4000);
	is_str(shown(&c, 4000), "x", "a truncated file is read from its start again");
	caption_source_close(&s);
	diag_list_release(&dl);
}

static void test_fifo(void)
{
	char path[64];
	snprintf(path, sizeof path, "%s/fifo", dir);
	if (mkfifo(path, 0600) != 0) {
		tap_missed(6, "mkfifo failed");
		return;
	}
	struct caption c;
	caption_init(&c);
	struct caption_source s;
	struct diag_list dl;
	diag_list_init(&dl);
	ok(caption_source_open(&s, path, 0, &dl) == 0, "a FIFO opens without a writer");
	is_int(caption_source_read(&s, &c, 0), 0, "nothing to read yet");
	int w = open(path, O_WRONLY | O_NONBLOCK);
	ssize_t r = write(w, "one\n", 4);
	(void)r;
	struct pollfd pfd;
	int ready = caption_source_pollfd(&s, &pfd) && poll(&pfd, 1, 1000) == 1;
	ok(ready && caption_source_read(&s, &c, 10) == 1 && shown(&c, 10) &&
		   strcmp(shown(&c, 10), "one") == 0,
	   "a writer's line arrives through poll()");
	r = write(w, "half", 4);
	close(w);
	caption_source_read(&s, &c, 20);
	is_str(shown(&c, 20), "half", "the writer closed: its last line is ended");
	ok(caption_source_pollfd(&s, &pfd) && poll(&pfd, 1, 0) == 0,
	   "after the writer left, poll() does not report it again (no busy loop)");
	w = open(path, O_WRONLY | O_NONBLOCK);
	r = write(w, "two\n", 4);
	ready = caption_source_pollfd(&s, &pfd) && poll(&pfd, 1, 1000) == 1;
	ok(ready && caption_source_read(&s, &c, 30) == 1 && shown(&c, 30) &&
		   strcmp(shown(&c, 30), "two") == 0,
	   "a new writer of the same FIFO is read");
	close(w);
	caption_source_close(&s);
	unlink(path);
	diag_list_release(&dl);
}

static void test_errors(void)
{
	struct caption_source s;
	struct diag_list dl;
	diag_list_init(&dl);
	int rc = caption_source_open(&s, "/nonexistent/captions", 0, &dl);
	ok(rc == -1 && dl.n == 1 && strcmp(dl.v[0].file, "/nonexistent/captions") == 0 &&
		   strstr(dl.v[0].msg, "cannot read the captions"),
	   "a missing file: an error naming it");
	diag_list_release(&dl);
	diag_list_init(&dl);
	rc = caption_source_open(&s, dir, 0, &dl);
	ok(rc == -1 && dl.n == 1 && strstr(dl.v[0].msg, "FIFO or a regular file"),
	   "a directory is refused");
	diag_list_release(&dl);
}

/* Row r of p's screen at cols x rows; static buffer (row_text). */
static const char *screen_row(const struct present *p, unsigned cols, unsigned rows, unsigned r)
{
	static char buf[4096];
	struct screen sc;
	screen_compose(&sc, p, cols, rows);
	snprintf(buf, sizeof buf, "%s", row_text(sc.f, r));
	screen_release(&sc);
	return buf;
}

static bool screen_has(const struct present *p, unsigned cols, unsigned rows, const char *what)
{
	struct screen sc;
	screen_compose(&sc, p, cols, rows);
	bool found = false;
	for (unsigned r = 0; r < sc.f->nrows && !found; r++)
		found = strstr(row_text(sc.f, r), what) != NULL;
	screen_release(&sc);
	return found;
}

static unsigned row_width(const char *s)
{
	return (unsigned)u8_width((const uint8_t *)s, strlen(s), "UTF-8");
}

/* The caption row of the audience screen and the presenter layout. */
static void test_screen(void)
{
	struct present p;
	fx_open(&p, "data/present.ini", NULL);
	caption_feed(&p.caption, "the speaker says hello\n", 23, p.now_ms);
	const char *r22 = screen_row(&p, 80, 24, 22);
	ok(strstr(r22, "the speaker says hello") != NULL,
	   "the caption is on the row above the status line");
	size_t at = strstr(r22, "the") ? (size_t)(strstr(r22, "the") - r22) : 0;
	ok(strstr(screen_row(&p, 80, 24, 23), "1/5") != NULL, "the status line stays the last row");
	ok(screen_has(&p, 80, 24, "Alpha intro"), "the slide is still shown");
	ok(at > 20, "the caption is centred");

	/* 120 Han characters: 240 columns, at 80 columns (78 for the caption)
	 * 4 rows, of which the last 2 are shown */
	struct strbuf han = { 0 };
	for (int i = 0; i < 119; i++)
		strbuf_adds(&han, i % 10 == 0 ? "始" : "字");
	strbuf_adds(&han, "终\n");
	caption_feed(&p.caption, han.s, han.len, p.now_ms);
	free(han.s);
	char r21[4096];
	snprintf(r21, sizeof r21, "%s", screen_row(&p, 80, 24, 21));
	r22 = screen_row(&p, 80, 24, 22);
	ok(strstr(r22, "终") && strstr(r21, "字") && row_width(r21) <= 79 && row_width(r22) <= 79,
	   "a long CJK caption: its last two rows, measured in columns");
	unsigned shown = 0;
	for (unsigned r = 0; r < 24; r++) {
		const char *t = screen_row(&p, 80, 24, r);
		for (const char *q = t; (q = strstr(q, "字")); q += 3)
			shown++;
	}
	ok(shown > 0 && shown < 108, "only part of a caption longer than two rows is shown");

	fx_type(&p, "P");
	ok(screen_has(&p, 100, 30, "终") && strstr(screen_row(&p, 100, 30, 28), "终"),
	   "the presenter layout shows the caption above the status line");
	fx_type(&p, "P");
	fx_type(&p, "c");
	ok(!screen_has(&p, 80, 24, "终") && strstr(screen_row(&p, 80, 24, 23), "captions hidden"),
	   "c hides the caption and says so");
	fx_type(&p, "c");
	ok(screen_has(&p, 80, 24, "终"), "c shows it again");
	fx_type(&p, "?");
	ok(!screen_has(&p, 80, 24, "终"), "the help covers the caption");
	fx_type(&p, "\x1b");

	fx_advance(&p, CAPTION_SHOW_MS - 1);
	ok(present_captions(&p) == REACT_NONE && screen_has(&p, 80, 24, "终"),
	   "still shown just before its time is up");
	fx_advance(&p, 1);
	ok(present_captions(&p) == REACT_REDRAW && !screen_has(&p, 80, 24, "终"),
	   "its time up: the controller asks for a redraw and the row is gone");
	ok(strstr(screen_row(&p, 80, 24, 22), "字") == NULL, "the caption row is free again");
	fx_close(&p);
}

int main(void)
{
	tap_plan(52 + 8);
	test_set();
	test_chunks();
	test_bound();
	test_expiry();
	test_hostile();
	test_screen();
	if (!mkdtemp(dir)) {
		tap_missed(15, "mkdtemp failed");
		return tap_done();
	}
	test_file();
	test_fifo();
	test_errors();
	char path[64];
	snprintf(path, sizeof path, "%s/file", dir);
	unlink(path);
	rmdir(dir);
	return tap_done();
}
