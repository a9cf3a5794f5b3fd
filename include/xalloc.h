#ifndef LECTERN_XALLOC_H
#define LECTERN_XALLOC_H

#include <stdarg.h>
#include <stddef.h>

/* Allocation that cannot fail: on exhaustion these print a message to stderr
 * and abort(). Callers never check the result. Memory from them is released
 * with free(). xstrndup copies at most n bytes and always terminates. */
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
/* Grows *p (an array of elsize-byte elements with capacity *cap) so that it
 * can hold at least need elements; doubles the capacity to keep appends
 * amortised O(1). */
void xgrow(void **p, size_t *cap, size_t need, size_t elsize);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Formats like sprintf into a fresh heap string the caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* A string arena: many small immutable strings freed at once. Whoever embeds
 * the arena calls arena_release(); strings from it live until then. */
struct arena {
	struct arena_block *head;
};
void arena_init(struct arena *a);
void arena_release(struct arena *a);
/* Copies n bytes of s plus a terminating NUL into the arena. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
/* Moves every string of src into dst, whose lifetime they then share; src
 * is left empty. */
void arena_adopt(struct arena *dst, struct arena *src);

/* A growing string, always NUL-terminated once anything was added (s is
 * NULL before). Whoever embeds it frees s, or takes it with strbuf_take. */
struct strbuf {
	char *s;
	size_t len, cap;
};
void strbuf_add(struct strbuf *b, const char *s, size_t n);
void strbuf_adds(struct strbuf *b, const char *s);
void strbuf_addc(struct strbuf *b, char c);
void strbuf_printf(struct strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hands over the string (never NULL: "" when nothing was added); b is left
 * empty. */
char *strbuf_take(struct strbuf *b);

/* Internal invariant broken: prints where and aborts. Never for user input. */
#define bug(msg) bug_at(__FILE__, __LINE__, (msg))
_Noreturn void bug_at(const char *file, int line, const char *msg);

#endif
