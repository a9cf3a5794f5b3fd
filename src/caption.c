/* Live captions (caption.h): line assembly, the length bound, expiry, and
 * the file or FIFO they are read from. A line's bytes are kept raw until
 * its newline comes and only then sanitised, so a chunk that ends inside
 * a UTF-8 sequence costs nothing special; an overlong line keeps its first
 * CAPTION_MAX_BYTES, cut back to the last whole character. */
#include "caption.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "textclass.h"
#include "xalloc.h"

void caption_init(struct caption *c)
{
	memset(c, 0, sizeof *c);
}

/* The length of s[0..n) without a sequence cut at its end: the bytes
 * from the last lead byte on are dropped when they are fewer than that
 * byte announces. */
static size_t whole_chars(const char *s, size_t n)
{
	size_t i = n;
	while (i > 0 && n - i < 4 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	if (i == 0)
		return n;
	unsigned char lead = (unsigned char)s[i - 1];
	size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
	return n - (i - 1) < want ? i - 1 : n;
}

static bool is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r';
}

/* Makes b's sanitised text the caption shown from now_ms (cut to
 * CAPTION_TEXT_MAX bytes at a character boundary) and frees b's buffer. */
static void show(struct caption *c, struct strbuf *b, uint64_t now_ms)
{
	size_t n = b->len < CAPTION_TEXT_MAX ? b->len : CAPTION_TEXT_MAX;
	while (n < b->len && n > 0 && ((unsigned char)b->s[n] & 0xC0) == 0x80)
		n--;
	memcpy(c->text, b->s, n);
	c->text[n] = '\0';
	c->len = n;
	free(b->s);
	c->since_ms = now_ms;
	c->seq++;
}

/* Ends the line assembled: shows it unless it is blank. */
static size_t finish_line(struct caption *c, uint64_t now_ms)
{
	const char *s = c->raw;
	size_t n = c->cut ? whole_chars(c->raw, c->rawlen) : c->rawlen;
	bool cut = c->cut;
	c->rawlen = 0;
	c->cut = false;
	while (n > 0 && is_space(s[n - 1]))
		n--;
	while (n > 0 && is_space(*s)) {
		s++;
		n--;
	}
	if (n == 0)
		return 0;
	struct strbuf b = { 0 };
	text_sanitize(&b, s, n, 0);
	if (cut)
		strbuf_adds(&b, "…");
	show(c, &b, now_ms);
	return 1;
}

size_t caption_feed(struct caption *c, const char *bytes, size_t n, uint64_t now_ms)
{
	size_t lines = 0;
	while (n > 0) {
		const char *nl = memchr(bytes, '\n', n);
		size_t part = nl ? (size_t)(nl - bytes) : n;
		size_t room = CAPTION_MAX_BYTES - c->rawlen;
		size_t take = part < room ? part : room;
		memcpy(c->raw + c->rawlen, bytes, take);
		c->rawlen += take;
		if (take < part)
			c->cut = true;
		if (!nl)
			break;
		lines += finish_line(c, now_ms);
		bytes += part + 1;
		n -= part + 1;
	}
	return lines;
}

size_t caption_flush(struct caption *c, uint64_t now_ms)
{
	return c->rawlen ? finish_line(c, now_ms) : 0;
}

const char *caption_text(const struct caption *c, uint64_t now_ms, size_t *len)
{
	if (c->len == 0 || now_ms >= c->since_ms + CAPTION_SHOW_MS)
		return NULL;
	*len = c->len;
	return c->text;
}

int caption_wait_ms(const struct caption *c, uint64_t now_ms)
{
	if (c->len == 0)
		return -1;
	uint64_t due = c->since_ms + CAPTION_SHOW_MS;
	return now_ms >= due ? 0 : (int)(due - now_ms);
}

bool caption_expire(struct caption *c, uint64_t now_ms)
{
	if (c->len == 0 || now_ms < c->since_ms + CAPTION_SHOW_MS)
		return false;
	c->len = 0;
	c->text[0] = '\0';
	return true;
}

void caption_set(struct caption *c, const char *text, size_t len, uint64_t now_ms)
{
	c->rawlen = 0;
	c->cut = false;
	c->len = 0;
	c->text[0] = '\0';
	if (len == 0)
		return;
	struct strbuf b = { 0 };
	text_sanitize(&b, text, len, 0);
	show(c, &b, now_ms);
}

/* ---- the source ---- */

static int open_fd(const char *path)
{
	return open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
}

int caption_source_open(struct caption_source *s, const char *path, uint64_t now_ms,
			struct diag_list *dl)
{
	memset(s, 0, sizeof *s);
	s->fd = -1;
	int fd = open_fd(path);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		diag_add(dl, path, 0, 0, SEV_ERROR, "cannot read the captions: %s",
			 strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (!S_ISFIFO(st.st_mode) && !S_ISREG(st.st_mode)) {
		diag_add(dl, path, 0, 0, SEV_ERROR,
			 "the captions must come from a FIFO or a regular file");
		close(fd);
		return -1;
	}
	s->path = xstrdup(path);
	s->fd = fd;
	s->fifo = S_ISFIFO(st.st_mode);
	if (!s->fifo) {
		off_t end = lseek(fd, 0, SEEK_END);
		s->pos = end > 0 ? end : 0;
		s->next_check_ms = now_ms + CAPTION_CHECK_MS;
	}
	return 0;
}

void caption_source_close(struct caption_source *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
	free(s->path);
	s->path = NULL;
}

bool caption_source_pollfd(const struct caption_source *s, struct pollfd *pfd)
{
	if (!s->fifo || s->fd < 0)
		return false;
	*pfd = (struct pollfd){ .fd = s->fd, .events = POLLIN };
	return true;
}

int caption_source_wait_ms(const struct caption_source *s, uint64_t now_ms)
{
	if (s->fifo)
		return s->fd < 0 ? CAPTION_CHECK_MS : -1;
	return now_ms >= s->next_check_ms ? 0 : (int)(s->next_check_ms - now_ms);
}

enum { READ_MAX = 64 * 1024, READ_CHUNK = 4096 };

/* A FIFO whose writer went away: ends its line and opens it again, so
 * that poll() waits for the next writer instead of reporting the hang-up
 * for ever. Closed when it cannot be opened again (tried again later). */
static size_t reopen_fifo(struct caption_source *s, struct caption *c, uint64_t now_ms)
{
	size_t got = caption_flush(c, now_ms);
	if (s->fd >= 0)
		close(s->fd);
	s->fd = open_fd(s->path);
	return got;
}

size_t caption_source_read(struct caption_source *s, struct caption *c, uint64_t now_ms)
{
	if (s->fifo && s->fd < 0) {
		s->fd = open_fd(s->path);
		if (s->fd < 0)
			return 0;
	}
	if (!s->fifo) {
		if (now_ms < s->next_check_ms)
			return 0;
		s->next_check_ms = now_ms + CAPTION_CHECK_MS;
		struct stat st;
		if (fstat(s->fd, &st) == 0 && st.st_size < s->pos) {
			s->pos = 0; /* truncated: what is there now is new */
			caption_flush(c, now_ms);
		}
		if (lseek(s->fd, s->pos, SEEK_SET) < 0)
			return 0;
	}
	size_t got = 0, total = 0;
	char buf[READ_CHUNK];
	while (total < READ_MAX) {
		ssize_t r = read(s->fd, buf, sizeof buf);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			break;
		if (r == 0) {
			if (s->fifo)
				got += reopen_fifo(s, c, now_ms);
			break;
		}
		total += (size_t)r;
		if (!s->fifo)
			s->pos += r;
		got += caption_feed(c, buf, (size_t)r, now_ms);
	}
	return got;
}
