/* Internal to the Markdown importer (markdown.h's markdown_import): the
 * model of the INI deck being built and the functions its parts share.
 * Not a public header.
 *
 *   md_import.c   driver: lines, front matter and slide split, the model
 *   md_yaml.c     front matter keys and YAML scalars
 *   md_block.c    block structure: headings, paragraphs, lists, quotes, code
 *   md_comment.c  HTML comments and pandoc divs: notes, pauses, markers
 *   md_table.c    tables: lectern charts and pipe tables
 *   md_inline.c   inline markup reduced to plain text
 *   md_ini.c      the model written as INI text
 *
 * Every string in the model is a heap string owned by the model and freed
 * by md_import.c when the import ends. No part keeps state of its own. */
#ifndef LECTERN_MD_INTERNAL_H
#define LECTERN_MD_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <unitypes.h>

#include "diag.h"
#include "xalloc.h"

/* The INI keys an item becomes (docs/deck-format.md). K_CODE opens a code
 * block (value: its language tag, may be empty) and K_LINE is one of its
 * lines, verbatim (may be empty); K_TABLE is a table's header row and K_ROW
 * one of its body rows, cells joined by " | " with a '|' inside a cell
 * written '\|'; K_AGENDA has an empty value. */
enum ikind {
	K_TEXT,
	K_BULLET,
	K_SUB,
	K_FIGURE,
	K_CHART,
	K_BAR,
	K_SCALE,
	K_QUOTE,
	K_PAUSE,
	K_CODE,
	K_LINE,
	K_TABLE,
	K_ROW,
	K_AGENDA,
	K_COUNT
};

/* Bytes of an INI value the importer writes, well under iniparser's
 * 1022-byte line; a '"' counts 3, as it may be written '＂'. */
enum { MD_VALUE_MAX = 1000 };

/* A slide's layout key: not written for IL_DEFAULT. */
enum ilayout { IL_DEFAULT, IL_TITLE, IL_SECTION, IL_TOP };

struct iitem {
	enum ikind kind;
	char *value; /* the whole INI value */
	unsigned line;
};

struct inote {
	char *text;
	unsigned line;
};

struct islide {
	unsigned line; /* first line of the slide */
	char *id, *title, *subtitle;
	unsigned title_line;
	unsigned title_level; /* of the heading that gave the title, 0: none */
	char *time;           /* as written, already checked */
	char *section;        /* the section this slide starts, or NULL */
	unsigned section_line;
	enum ilayout layout;
	bool layout_set; /* a lectern comment gave the layout */
	bool backup;
	struct iitem *items;
	size_t nitems, itemcap;
	struct inote *notes;
	size_t nnotes, notecap;
};

enum {
	META_TITLE,
	META_SUBTITLE,
	META_AUTHOR,
	META_AFFILIATION,
	META_EVENT,
	META_DATE,
	META_LANGUAGE,
	META_DURATION,
	META_ID,
	META_COUNT
};

/* A line of the input: s points into the caller's bytes (or, after mdp's
 * centring markers are removed, into the same line). */
struct line {
	const char *s;
	size_t n; /* without the line end */
	unsigned no;
};

struct importer {
	const char *name;
	struct diag_list *diags;
	struct line *lines;
	size_t nlines;
	char *meta[META_COUNT];
	unsigned meta_line[META_COUNT];
	struct islide *slides;
	size_t nslides, slidecap;
	struct islide *cur;   /* the slide being read */
	bool title_just_read; /* the last block of cur was its title */
	unsigned title_level;
	unsigned slide_level;     /* patat's slideLevel from the front matter, 0: none */
	bool end_slide_shorthand; /* presenterm's option: '---' ends a slide */
	unsigned section_level;   /* a slide titled by a heading above this level
				   * starts a section (patat); 0: none */
	bool *centred;            /* per line: mdp's "-> ... <-" was removed */
	/* The Markdown line of each INI line written (md_write_ini), 0 for a
	 * line that comes from none; inimap[k] is INI line k + 1. */
	unsigned *inimap;
	size_t ninimap, inimapcap;
	size_t inimap_scanned; /* bytes of the INI text inimap accounts for */
};

/* ---- md_import.c: the model and text helpers ---- */

/* Adds a warning naming Markdown line `line` of im's file. */
void md_warn(struct importer *im, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Appends an item to im->cur, taking value; an empty value is freed and
 * dropped, except for a pause, a code block, a code line, a table row and
 * an agenda. */
void md_add_item(struct importer *im, enum ikind kind, char *value, unsigned line);

/* Appends a note to im->cur, taking text; an empty one is dropped. */
void md_add_note(struct importer *im, char *text, unsigned line);

/* Whether s[0..n) is only spaces and tabs. */
bool md_is_blank_str(const char *s, size_t n);

/* Columns of leading blanks of l, tabs at stops of 4. */
size_t md_indent_of(const struct line *l);

/* The line without leading and trailing blanks, its length in *n. */
const char *md_skip_ws(const struct line *l, size_t *n);

bool md_line_blank(const struct line *l);

/* Moves *s and *n past the leading and trailing blanks of (*s)[0..*n). */
void md_trim(const char **s, size_t *n);

/* s[0..n) without leading and trailing blanks: a new string. */
char *md_trim_dup(const char *s, size_t n);

/* Whether a line break between code points p and n vanishes when lines
 * are joined (CJK text) rather than becoming a space. */
bool md_break_vanishes(ucs4_t p, ucs4_t n);

/* Appends line s[0..n), trimmed and without a hard-break backslash, to the
 * paragraph in b: a space between the two except where
 * md_break_vanishes(). */
void md_join_line(struct strbuf *b, const char *s, size_t n);

/* ---- md_block.c: block structure ---- */

/* Line classifiers: a thematic break; a setext underline (1 for "===",
 * 2 for "---", else 0); an ATX heading (its level, text in *text and *tn, or
 * 0); a code fence (its character and length); a fence closing one opened
 * with ch and len; the start of an HTML comment. */
bool md_is_break(const struct line *l);
int md_setext_level(const struct line *l);
int md_atx_level(const struct line *l, const char **text, size_t *tn);
bool md_is_fence(const struct line *l, char *ch, size_t *len);
bool md_closes_fence(const struct line *l, char ch, size_t len);
bool md_starts_comment(const struct line *l);

/* Fenced code, followed line by line from a zero value. */
struct md_fence {
	bool in; /* inside a fence opened with len times ch */
	char ch;
	size_t len;
};

/* Whether l, the line after those f has seen, is fenced code: a line of
 * it or one of its fences. Updates f. */
bool md_fenced(struct md_fence *f, const struct line *l);

/* Reads lines [a, b) of one slide into im->cur, block by block. */
void md_read_blocks(struct importer *im, size_t a, size_t b);

/* ---- md_comment.c: comments and divs ---- */

/* The comment starting on line i (before b): a pause, a lectern marker, a
 * speaker note, a dropped presenterm command, else notes. Returns the
 * line after it. */
size_t md_read_comment(struct importer *im, size_t i, size_t b);

/* The pandoc div fenced on line i (before b): "::: notes" is speaker
 * notes, another div's fences are dropped. Returns the next line to read. */
size_t md_read_div(struct importer *im, size_t i, size_t b);

/* ---- md_table.c ---- */

/* The table of lines [a, b) (header, delimiter row, rows): a chart when it
 * is one, else a table item (a header alone is a text item). */
void md_table(struct importer *im, size_t a, size_t b);

/* ---- md_inline.c ---- */

/* Plain text of the inline Markdown s[0..n), trimmed: a new string.
 * Linear up to a log factor in n, whatever the nesting. */
char *md_inline_text(struct importer *im, const char *s, size_t n, unsigned line);

/* Appends code point cp as UTF-8; 0, a surrogate or one above U+10FFFF
 * becomes U+FFFD. */
void md_put_cp(struct strbuf *b, unsigned long cp);

/* ---- md_yaml.c ---- */

/* Unquotes a YAML scalar s[0..n) (plain, '...' or "..."): a new string. */
char *md_yaml_scalar(const char *s, size_t n);

/* Sets the deck field of front matter key `key` (title, author, ...) to
 * val, which it takes; an unknown key or a bad value is a warning. */
void md_front_key(struct importer *im, const char *key, char *val, unsigned line);

/* Reads YAML front matter lines [a, b). */
void md_front_matter(struct importer *im, size_t a, size_t b);

/* ---- md_ini.c ---- */

/* Drops, in place, every character textclass.h calls unsafe (a tab becomes
 * a space, a newline a space or nothing), warning once. */
void md_clean_controls(struct importer *im, char *s, unsigned line);

/* The same for a line of code: tabs are kept. */
void md_clean_code(struct importer *im, char *s, unsigned line);

/* The model as INI text (docs/deck-format.md): ids made unique, values
 * quoted and cut to the line limit. Cleans the slides in place. A new
 * string the caller frees. */
char *md_write_ini(struct importer *im);

#endif
