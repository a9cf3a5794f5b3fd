#ifndef LECTERN_KEYMAP_H
#define LECTERN_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Keys are data: the player's actions, the keys that trigger them and the
 * help text shown for them all come from the tables in this module. The
 * front end translates terminal input into a struct key; nothing here knows
 * about curses. */

/* Where an action applies. A key is looked up among the actions of the
 * current context first, then among the global ones, so a context may
 * reuse a global key (Enter opens the selected slide in the overview, `n`
 * goes to the next search hit while a search is active). */
enum keyctx {
	KEYCTX_GLOBAL,
	KEYCTX_SEARCH,   /* a search has hits; Escape ends it */
	KEYCTX_OVERVIEW, /* the slide overview is open */
	KEYCTX_COUNT
};

/* The single list of actions: X(ENUM, "config-name", context, where,
 * "help text"). It generates enum action, the names accepted in the config
 * file, the help overlay and who may send each action, so none of them can
 * drift from the others. where is REMOTE when a console following the
 * presentation (lectern console) may send the action to the presenting
 * terminal, LOCAL when it stays with the terminal it was pressed in
 * (quitting, reloading, suspending, restarting the timer, every overlay);
 * console_remote_allowed() reads it. */
#define ACTION_LIST(X)                                                                           \
	X(NEXT, "next", KEYCTX_GLOBAL, REMOTE,                                                   \
	  "next reveal step or slide (with a count: N slides)")                                  \
	X(PREV, "prev", KEYCTX_GLOBAL, REMOTE, "previous reveal step or slide")                  \
	X(FIRST, "first", KEYCTX_GLOBAL, REMOTE, "first slide (with a count: slide N)")          \
	X(LAST, "last", KEYCTX_GLOBAL, REMOTE, "last slide (with a count: slide N)")             \
	X(GOTO, "goto", KEYCTX_GLOBAL, REMOTE,                                                   \
	  "go to a slide: type its number (B1 for a backup slide) or id, then Enter")            \
	X(OVERVIEW, "overview", KEYCTX_GLOBAL, LOCAL, "list every slide; arrows and Enter jump") \
	X(SEARCH, "search", KEYCTX_GLOBAL, LOCAL, "search titles, text and notes")               \
	X(NOTES, "notes", KEYCTX_GLOBAL, LOCAL, "show or hide the speaker notes pane")           \
	X(PRESENTER, "presenter", KEYCTX_GLOBAL, LOCAL,                                          \
	  "presenter layout: slide, notes, next slide, clock and timer")                         \
	X(TIMER, "timer", KEYCTX_GLOBAL, REMOTE, "pause or resume the timer")                    \
	X(RESTART, "restart", KEYCTX_GLOBAL, LOCAL, "restart the timer from zero (asks first)")  \
	X(SCROLL_DOWN, "scroll-down", KEYCTX_GLOBAL, LOCAL,                                      \
	  "scroll the notes (or the slide) down")                                                \
	X(SCROLL_UP, "scroll-up", KEYCTX_GLOBAL, LOCAL, "scroll the notes (or the slide) up")    \
	X(SCROLL_LEFT, "scroll-left", KEYCTX_GLOBAL, LOCAL,                                      \
	  "scroll the slide's code blocks back to the left")                                     \
	X(SCROLL_RIGHT, "scroll-right", KEYCTX_GLOBAL, LOCAL,                                    \
	  "scroll the slide's code blocks right, to show what is cut")                           \
	X(BLACK, "black", KEYCTX_GLOBAL, REMOTE, "black screen until any key")                   \
	X(WHITE, "white", KEYCTX_GLOBAL, REMOTE, "white screen until any key")                   \
	X(CAPTIONS, "captions", KEYCTX_GLOBAL, LOCAL,                                            \
	  "show or hide the live captions (present --captions; in a follower, its own)")         \
	X(RELOAD, "reload", KEYCTX_GLOBAL, LOCAL, "reload the deck file, staying on this slide") \
	X(HELP, "help", KEYCTX_GLOBAL, LOCAL, "show or hide this help")                          \
	X(MESSAGES, "messages", KEYCTX_GLOBAL, LOCAL,                                            \
	  "show the last status-line messages in full")                                          \
	X(CLOSE, "close", KEYCTX_GLOBAL, LOCAL, "close the help, the overview or the search")    \
	X(REDRAW, "redraw", KEYCTX_GLOBAL, LOCAL, "repaint the whole screen")                    \
	X(SUSPEND, "suspend", KEYCTX_GLOBAL, LOCAL, "suspend to the shell (resume with fg)")     \
	X(QUIT, "quit", KEYCTX_GLOBAL, LOCAL, "quit")                                            \
	X(SEARCH_NEXT, "search-next", KEYCTX_SEARCH, LOCAL, "next search hit")                   \
	X(SEARCH_PREV, "search-prev", KEYCTX_SEARCH, LOCAL, "previous search hit")               \
	X(OPEN, "open", KEYCTX_OVERVIEW, LOCAL, "open the selected slide")

enum action {
	ACTION_NONE = 0,
#define LECTERN_ACTION_ENUM(e, name, ctx, where, help) ACTION_##e,
	/* the list expands to "NAME," entries */
	/* clang-format off */
	ACTION_LIST(LECTERN_ACTION_ENUM)
#undef LECTERN_ACTION_ENUM
	ACTION_COUNT
	/* clang-format on */
};

/* Name used in the config file ("next", "scroll-down"); "none" for
 * ACTION_NONE. Static strings. */
const char *action_name(enum action a);
/* One-line help text; "" for ACTION_NONE. Static string. */
const char *action_help(enum action a);
enum keyctx action_context(enum action a);
/* The where column: true for a REMOTE action, false for LOCAL ones and
 * ACTION_NONE. */
bool action_remote(enum action a);
/* The action called name (exact, lower case), or ACTION_NONE. */
enum action action_from_name(const char *name);
/* The line of the help overlay for a: "help text [name]" ("scroll the
 * notes (or the slide) down [scroll-down]"), so that the overlay shows the
 * names the [keys] section of the config file takes. A new string the
 * caller frees. */
char *action_help_line(enum action a);
/* Every action name, comma separated in table order ("next, prev, ...,
 * open"), for a message about an unknown one. A new string the caller
 * frees. */
char *action_names_text(void);

/* Special keys. A printable or control character is KEYSYM_CHAR with its
 * Unicode code point in ch (Ctrl-C is ch 3); Enter, Tab, Escape and
 * Backspace have their own symbols whatever byte the terminal sent. */
#define KEYSYM_LIST(X)            \
	X(UP, "Up")               \
	X(DOWN, "Down")           \
	X(LEFT, "Left")           \
	X(RIGHT, "Right")         \
	X(HOME, "Home")           \
	X(END, "End")             \
	X(PAGEUP, "PageUp")       \
	X(PAGEDOWN, "PageDown")   \
	X(ENTER, "Enter")         \
	X(TAB, "Tab")             \
	X(BACKTAB, "BackTab")     \
	X(BACKSPACE, "Backspace") \
	X(DELETE, "Delete")       \
	X(INSERT, "Insert")       \
	X(ESCAPE, "Escape")       \
	X(WHEELUP, "WheelUp")     \
	X(WHEELDOWN, "WheelDown") \
	X(F1, "F1")               \
	X(F2, "F2")               \
	X(F3, "F3")               \
	X(F4, "F4")               \
	X(F5, "F5")               \
	X(F6, "F6")               \
	X(F7, "F7")               \
	X(F8, "F8")               \
	X(F9, "F9")               \
	X(F10, "F10")             \
	X(F11, "F11")             \
	X(F12, "F12")

enum keysym {
	KEYSYM_NONE = 0,
	KEYSYM_CHAR,
#define LECTERN_KEYSYM_ENUM(e, name) KEYSYM_##e,
	/* the list expands to "NAME," entries */
	/* clang-format off */
	KEYSYM_LIST(LECTERN_KEYSYM_ENUM)
#undef LECTERN_KEYSYM_ENUM
	KEYSYM_COUNT
	/* clang-format on */
};

struct key {
	enum keysym sym;
	uint32_t ch; /* KEYSYM_CHAR only, else 0 */
};

static inline struct key key_char(uint32_t ch)
{
	return (struct key){ KEYSYM_CHAR, ch };
}

static inline struct key key_sym(enum keysym sym)
{
	return (struct key){ sym, 0 };
}

bool key_equal(struct key a, struct key b);

/* Parses a key name as written in the config file: one character ("l",
 * "G", "?", "中"), a special key name ("Right", "PageDown", "F1",
 * case-insensitive), "Space", "Comma", or a control key ("C-c", "Ctrl-c",
 * "^C"). Returns 0, or -1 when name is not a key. */
int key_parse(const char *name, size_t len, struct key *out);

/* Writes the canonical name of k ("Right", "l", "Space", "C-c") into buf, a
 * NUL-terminated string of at most 15 bytes. */
void key_format(struct key k, char buf[16]);

struct binding {
	struct key key;
	enum action action;
	unsigned line; /* of the config file being read that made it; 0 else */
};

/* An ordered table of bindings. A key is bound to at most one action per
 * context. */
/* The bindings in the order they were made, with an index over (key,
 * context) so that binding, looking up and rebinding cost O(1) (a config
 * file of N keys is read in O(N)). Owned by whoever filled it; release
 * with keymap_release(), copy with keymap_copy(), never by assignment. */
struct keymap {
	struct binding *v; /* action ACTION_NONE: a binding taken back */
	size_t n, cap;
	size_t live;  /* bindings in v that hold an action */
	size_t *slot; /* v index + 1 of the live binding of each (key, context)
			* in the index, 0 for none; nslot a power of two */
	size_t nslot;
};

/* Ctrl-C always quits, whatever a config file says: it is bound to
 * ACTION_QUIT in every key map, keymap_unbind_action(ACTION_QUIT) keeps it
 * and keymap_bind() refuses to give it to another action. */
bool key_is_ctrl_c(struct key k);

/* Fills km (uninitialised) with the default bindings; release with
 * keymap_release(). */
void keymap_init_default(struct keymap *km);
void keymap_release(struct keymap *km);
/* Makes dst (uninitialised) an independent copy of src, every binding's
 * line 0 (a file read on top of the copy owns the lines). */
void keymap_copy(struct keymap *dst, const struct keymap *src);

/* The action bound to k in context ctx: a binding of an action of ctx wins,
 * else a global one; ACTION_NONE when k is unbound. */
enum action keymap_lookup(const struct keymap *km, struct key k, enum keyctx ctx);

/* Removes every binding of a (but Ctrl-C's to ACTION_QUIT). */
void keymap_unbind_action(struct keymap *km, enum action a);
/* Binds k to a, first removing k from any other action of the same
 * context. Returns 0, or -1 with km unchanged when k is Ctrl-C and a is not
 * ACTION_QUIT. */
int keymap_bind(struct keymap *km, struct key k, enum action a);
/* keymap_bind() for line of a config file (binding.line). */
int keymap_bind_line(struct keymap *km, struct key k, enum action a, unsigned line);
/* The binding of an action of context ctx (exactly) to k, or NULL; valid
 * until km next changes. */
const struct binding *keymap_binding(const struct keymap *km, struct key k, enum keyctx ctx);
/* The action of context ctx (exactly) bound to k, or ACTION_NONE: the one
 * keymap_bind(km, k, a) would take k from, for an a of ctx. */
enum action keymap_holder(const struct keymap *km, struct key k, enum keyctx ctx);

/* The keys bound to a, comma separated in table order ("Right, l, j"), or
 * "" when none; the caller frees the string. */
char *keymap_keys_text(const struct keymap *km, enum action a);

#endif
