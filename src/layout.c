/* Slide layout (layout.h), on the frame (frame.h) and text measuring and
 * breaking (textlayout.h).
 *
 * A slide is laid out top to bottom into an unlimited frame, then cut to the
 * requested height: rows [scroll, ...) are kept, and a "▲ more" / "▼ more"
 * row (STYLE_MORE, right-aligned) replaces the first / last row when content
 * is hidden above / below. Items revealed later are laid out too on the
 * audience screen so that centring does not move when they appear; they
 * are then dropped from the frame. */
#include "layout.h"
#include "layout_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bigfont.h"
#include "utf8.h"
#include "xalloc.h"

/* Partial blocks for 1/8 .. 7/8 of a column. */
static const char *const eighths[8] = { "", "▏", "▎", "▍", "▌", "▋", "▊", "▉" };

unsigned lay_text(struct lay *L, unsigned row, unsigned x, unsigned width, const char *text,
		  enum style st, enum frame_align al)
{
	if (!text)
		return 0;
	return frame_wrap_in(L->f, &L->wb, row, x, width, text, strlen(text), st, al);
}

/* Shifts every run of rows [r0, r1) right so the block is centred in the
 * content width. */
void centre_block(struct lay *L, unsigned r0, unsigned r1)
{
	struct frame *f = L->f;
	frame_rows_ensure(f, r1);
	unsigned ext = L->claim;
	for (unsigned r = r0; r < r1; r++) {
		const struct frame_row *fr = &f->rows[r];
		if (fr->n) {
			const struct run *last = &f->runs[fr->first + fr->n - 1];
			if (last->col + last->width - L->left > ext)
				ext = last->col + last->width - L->left;
		}
	}
	if (ext >= L->cw)
		return;
	unsigned dx = (L->cw - ext) / 2;
	for (unsigned r = r0; r < r1; r++)
		for (size_t k = f->rows[r].first; k < f->rows[r].first + f->rows[r].n; k++)
			f->runs[k].col += dx;
}

static void lay_bullet(struct lay *L, const struct item *it)
{
	unsigned lvl = it->kind == ITEM_SUB ? 1 : 0;
	unsigned ind = lvl * 2 + 2;
	unsigned n;
	if (L->cw >= ind + 2) {
		const char *g = lvl ? "◦" : "•";
		frame_add_run(L->f, L->row, L->left + lvl * 2, g, strlen(g), 1, STYLE_BULLET);
		n = lay_text(L, L->row, L->left + ind, L->cw - ind, it->text, STYLE_TEXT,
			     FRAME_LEFT);
	} else {
		n = lay_text(L, L->row, L->left, L->cw, it->text, STYLE_TEXT, FRAME_LEFT);
	}
	L->row += n ? n : 1;
}

/* Big figures. The figure's text is cut into pieces: runs of characters
 * drawn big (bigfont.h) and runs at text size, set on the big glyphs' last
 * row (their baseline) beside them, BIGFONT_GAP apart, spaces at a
 * piece's ends dropped. Tried first with every character that has a glyph
 * big, then with only the numeral ones (digits and . , % + - ×), so that
 * "3640 PF-days" keeps its number big where the whole does not fit. */
enum big_level { BIG_ALL, BIG_NUMERAL };

static bool big_char(uint32_t c, enum big_level lv)
{
	if (!bigfont_has(c))
		return false;
	if (lv == BIG_ALL)
		return true;
	return (c >= '0' && c <= '9') || c == '.' || c == ',' || c == '%' || c == '+' || c == '-' ||
	       c == 0xd7;
}

static bool has_digit(const char *s, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (s[k] >= '0' && s[k] <= '9')
			return true;
	return false;
}

struct piece {
	const char *text;
	size_t len;
	unsigned width;
	bool big;
};

enum { MAX_PIECES = 16 };

/* Cuts text into at most MAX_PIECES pieces at level lv; returns their
 * number, 0 when there are more, or no big one. */
static size_t cut_pieces(const char *text, struct piece *pc, enum big_level lv)
{
	const uint8_t *u = (const uint8_t *)text, *end = u + strlen(text);
	size_t n = 0;
	bool any_big = false;
	while (u < end) {
		const uint8_t *start = u;
		uint32_t c;
		int k = utf8_decode(&c, u, (size_t)(end - u));
		bool big = k > 0 && big_char(c, lv);
		while (u < end) {
			k = utf8_decode(&c, u, (size_t)(end - u));
			if (k <= 0) {
				if (big)
					break;
				u++;
				continue;
			}
			/* a space joins the big piece it is inside */
			bool b = big_char(c, lv) || (big && c == ' ' && bigfont_has(' '));
			if (b != big)
				break;
			u += k;
		}
		const char *a = (const char *)start, *z = (const char *)u;
		while (a < z && *a == ' ')
			a++;
		while (z > a && z[-1] == ' ')
			z--;
		if (a == z)
			continue;
		if (n == MAX_PIECES)
			return 0;
		size_t len = (size_t)(z - a);
		pc[n++] = (struct piece){ a, len,
					  big ? bigfont_width(a, len) : layout_width(a, len), big };
	}
	/* numerals only: a big piece without a digit ("-" in "PF-days") is
	 * text, joined with the text pieces next to it */
	size_t m = 0;
	for (size_t k = 0; k < n; k++) {
		struct piece p = pc[k];
		if (lv == BIG_NUMERAL && p.big && !has_digit(p.text, p.len))
			p.big = false;
		if (m && !p.big && !pc[m - 1].big) {
			struct piece *q = &pc[m - 1];
			q->len = (size_t)(p.text + p.len - q->text);
			q->width = layout_width(q->text, q->len);
			continue;
		}
		pc[m++] = p;
		any_big |= p.big;
	}
	return any_big ? m : 0;
}

/* Draws the figure big when the view allows it and it fits the content
 * width; returns whether it did. */
static bool lay_big_figure(struct lay *L, const struct item *it)
{
	if (L->view != VIEW_SLIDE || L->compact || L->o->no_big)
		return false;
	struct piece pc[MAX_PIECES];
	size_t n = 0;
	unsigned w = 0;
	for (int lv = BIG_ALL; lv <= BIG_NUMERAL; lv++) {
		n = cut_pieces(it->text, pc, (enum big_level)lv);
		w = 0;
		for (size_t k = 0; k < n; k++)
			w += pc[k].width + (k ? BIGFONT_GAP : 0);
		if (n && w <= L->cw)
			break;
		n = 0;
	}
	if (n == 0)
		return false;
	unsigned x = L->left + (L->centre_boxes ? (L->cw - w) / 2 : 0);
	unsigned r = L->row;
	frame_rows_ensure(L->f, r + BIGFONT_ROWS);
	for (size_t k = 0; k < n; k++) {
		if (pc[k].big)
			bigfont_draw(L->f, r, x, pc[k].text, pc[k].len, STYLE_FIGURE);
		else
			frame_put(L->f, r + BIGFONT_ROWS - 1, x, pc[k].text, pc[k].len, pc[k].width,
				  STYLE_FIGURE);
		x += pc[k].width + BIGFONT_GAP;
	}
	L->row = r + BIGFONT_ROWS;
	return true;
}

/* The boxed figure: the text framed by a heavy box, centred on the
 * audience screen. */
static void lay_boxed_figure(struct lay *L, const struct item *it, enum frame_align al)
{
	struct frame *f = L->f;
	unsigned fw = layout_width(it->text, strlen(it->text));
	if (L->compact || L->cw < 7 || fw == 0) {
		L->row += lay_text(L, L->row, L->left, L->cw, it->text, STYLE_FIGURE, al);
		return;
	}
	unsigned pad = fw + 6 <= L->cw ? 2 : 1;
	unsigned tw = fw < L->cw - 2 * pad - 2 ? fw : L->cw - 2 * pad - 2;
	unsigned bw = tw + 2 * pad + 2;
	unsigned bx = L->left + (L->centre_boxes ? (L->cw - bw) / 2 : 0);
	unsigned r = L->row;
	frame_add_run(f, r, bx, "┏", 3, 1, STYLE_FIGURE);
	frame_repeat(f, r, bx + 1, "━", bw - 2, STYLE_FIGURE);
	frame_add_run(f, r, bx + bw - 1, "┓", 3, 1, STYLE_FIGURE);
	r++;
	unsigned n = lay_text(L, r, bx + 1 + pad, tw, it->text, STYLE_FIGURE, FRAME_CENTRE);
	for (unsigned k = 0; k < n; k++) {
		frame_add_run(f, r + k, bx, "┃", 3, 1, STYLE_FIGURE);
		frame_add_run(f, r + k, bx + bw - 1, "┃", 3, 1, STYLE_FIGURE);
	}
	r += n;
	frame_add_run(f, r, bx, "┗", 3, 1, STYLE_FIGURE);
	frame_repeat(f, r, bx + 1, "━", bw - 2, STYLE_FIGURE);
	frame_add_run(f, r, bx + bw - 1, "┛", 3, 1, STYLE_FIGURE);
	L->row = r + 1;
}

static void lay_figure(struct lay *L, const struct item *it)
{
	enum frame_align al = L->centre_boxes ? FRAME_CENTRE : FRAME_LEFT;
	if (!lay_big_figure(L, it))
		lay_boxed_figure(L, it, al);
	if (it->caption && *it->caption)
		L->row += lay_text(L, L->row, L->left, L->cw, it->caption, STYLE_CAPTION, al);
}

/* Natural logarithm without libm: frexp splits off the exponent, an atanh
 * series does the mantissa. Deterministic, accurate to ~1e-15. */
static double ln(double x)
{
	int e = 0;
	if (!(x < 1e300))
		x = 1e300;
	/* manual frexp: scale into [0.5, 1) */
	while (x >= 1.0) {
		x /= 2.0;
		e++;
	}
	while (x < 0.5) {
		x *= 2.0;
		e--;
	}
	double z = (x - 1.0) / (x + 1.0), z2 = z * z, term = z, sum = 0.0;
	for (int k = 1; k < 60; k += 2) {
		sum += term / k;
		term *= z2;
	}
	return 2.0 * sum + e * 0.69314718055994530942;
}

double layout_bar_share(const struct item *it, double v)
{
	double lo = 0, hi = 0, frac;
	bool first = true;
	for (size_t k = 0; k < it->nbars; k++) {
		double b = it->bars[k].value;
		if (it->log_scale && !(b > 0))
			continue;
		if (first || b < lo)
			lo = b;
		if (first || b > hi)
			hi = b;
		first = false;
	}
	if (it->log_scale) {
		if (!(v > 0) || !(hi > 0))
			return 0;
		/* one decade below the smallest bar keeps the smallest visible */
		double l0 = ln(lo) - ln(10.0), l1 = ln(hi);
		frac = (ln(v) - l0) / (l1 - l0);
	} else {
		if (!(hi > 0) || !(v > 0))
			return 0;
		frac = v / hi;
	}
	return frac > 1 ? 1 : frac;
}

/* Length of a bar in eighths of a column, for a bar area of bw columns. */
static unsigned bar_eighths(const struct item *it, double v, unsigned bw)
{
	double frac = layout_bar_share(it, v);
	if (frac == 0)
		return 0;
	double e = frac * bw * 8 + 0.5;
	unsigned n = (unsigned)e;
	if (n == 0)
		n = 1;
	return n > bw * 8 ? bw * 8 : n;
}

/* Draws a bar at (row, col) of at most bw columns; returns its width. */
static unsigned put_bar(struct frame *f, unsigned row, unsigned col, unsigned e8)
{
	unsigned full = e8 / 8, rem = e8 % 8;
	frame_repeat(f, row, col, "█", full, STYLE_CHART);
	if (rem)
		frame_add_run(f, row, col + full, eighths[rem], strlen(eighths[rem]), 1,
			      STYLE_CHART);
	return full + (rem ? 1 : 0);
}

static bool has_wide(const char *s);

/* Whether a chart's caption already names a log scale. */
static bool names_log_scale(const char *cap)
{
	static const char *const words[] = { "log scale", "log-scale", "logarithm",  "对数",
					     "對數",      "対数",      "échelle log" };
	size_t n = strlen(cap);
	for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
		if (utf8_find_fold(cap, n, words[k], strlen(words[k])))
			return true;
	return false;
}

/* The name of the log scale in the deck's language ([deck] language; with
 * no deck or no language, Chinese when the caption has wide characters). */
static const char *log_scale_name(const struct lay *L, const char *cap)
{
	const char *lang = L->o->deck ? L->o->deck->meta.language : NULL;
	bool zh = lang && *lang
			  ? (lang[0] == 'z' || lang[0] == 'Z') && (lang[1] == 'h' || lang[1] == 'H')
			  : has_wide(cap);
	if (zh)
		return "（对数刻度）";
	return *cap ? " (log scale)" : "(log scale)";
}

/* The chart's caption row(s): its text, and for a log chart whose caption
 * does not say so the scale's name after it (STYLE_TEXT, not faint), on
 * the caption's last row when it fits there, else on a row of its own. */
static void lay_chart_caption(struct lay *L, const struct item *it)
{
	enum frame_align al = L->centre ? FRAME_CENTRE : FRAME_LEFT;
	unsigned r0 = L->row;
	L->row += lay_text(L, L->row, L->left, L->cw, it->text, STYLE_CAPTION, al);
	if (!it->log_scale || names_log_scale(it->text))
		return;
	const char *name = log_scale_name(L, it->text);
	if (L->row == r0)
		name += name[0] == ' ';
	unsigned nw = layout_width(name, strlen(name));
	unsigned end = L->left;
	if (L->row > r0) {
		const struct frame_row *fr = &L->f->rows[L->row - 1];
		if (fr->n) {
			const struct run *last = &L->f->runs[fr->first + fr->n - 1];
			end = last->col + last->width;
		}
	}
	if (L->row > r0 && end + nw <= L->left + L->cw) {
		frame_put(L->f, L->row - 1, end, name, strlen(name), nw, STYLE_TEXT);
		return;
	}
	name += name[0] == ' ';
	L->row += lay_text(L, L->row, L->left, L->cw, name, STYLE_TEXT, al);
}

/* A tick label for 10^k: 1, 10, 100, 1k ... 100T, 0.1, 0.01, 0.001, else
 * 1eK. */
static void tick_label(int k, char *buf, size_t cap)
{
	static const char *const unit[] = { "", "k", "M", "G", "T" };
	if (k >= 0 && k < 15)
		snprintf(buf, cap, "%s%s",
			 k % 3 == 0   ? "1"
			 : k % 3 == 1 ? "10"
				      : "100",
			 unit[k / 3]);
	else if (k < 0 && k >= -3)
		snprintf(buf, cap, "0.%.*s1", -k - 1, "00");
	else
		snprintf(buf, cap, "1e%d", k);
}

/* The axis of a log chart under its bars, whose area is [x0, x0 + bw): a
 * rule with a tick (┬) where the bar of each power of ten would end
 * (layout_bar_share), and the ticks' labels under it, each centred on its
 * tick and left out where it would touch the one before; STYLE_DIM. At
 * most one tick a column: the loop over the decades stops at the longest
 * bar, and the smallest drawn is one decade below the shortest. */
static void lay_log_axis(struct lay *L, const struct item *it, unsigned x0, unsigned bw)
{
	double lo = 0, hi = 0;
	bool first = true;
	for (size_t k = 0; k < it->nbars; k++) {
		double b = it->bars[k].value;
		if (!(b > 0))
			continue;
		lo = first || b < lo ? b : lo;
		hi = first || b > hi ? b : hi;
		first = false;
	}
	if (first || bw < 6)
		return;
	/* the smallest power of ten at or above the scale's origin lo / 10 */
	int k0 = 0;
	double p = 1;
	while (p > lo / 10 * (1 + 1e-9) && k0 > -320) {
		p /= 10;
		k0--;
	}
	while (p < lo / 10 * (1 - 1e-9) && k0 < 320) {
		p *= 10;
		k0++;
	}
	struct frame *f = L->f;
	unsigned r = L->row;
	struct strbuf rb = { 0 };
	unsigned *ticks = xcalloc(bw, sizeof *ticks); /* 1 + k - k0 at a tick column */
	bool any = false;
	for (int k = k0; p <= hi * (1 + 1e-9) && k < k0 + 640; k++, p *= 10) {
		unsigned e8 = bar_eighths(it, p, bw);
		if (e8 == 0)
			continue;
		unsigned c = (e8 - 1) / 8;
		if (c < bw && !ticks[c]) {
			ticks[c] = (unsigned)(1 + k - k0);
			any = true;
		}
	}
	if (!any) {
		free(ticks);
		return;
	}
	for (unsigned c = 0; c < bw; c++)
		strbuf_adds(&rb, ticks[c] ? "┬" : "─");
	const char *rule = arena_strndup(&f->own, rb.s, rb.len);
	frame_put(f, r, x0, rule, rb.len, bw, STYLE_DIM);
	unsigned next = L->left, lim = L->left + L->cw;
	for (unsigned c = 0; c < bw; c++) {
		if (!ticks[c])
			continue;
		char lab[16];
		tick_label(k0 + (int)ticks[c] - 1, lab, sizeof lab);
		unsigned lw = (unsigned)strlen(lab), tc = x0 + c;
		unsigned at = tc >= (lw - 1) / 2 ? tc - (lw - 1) / 2 : 0;
		if (at < x0)
			at = x0;
		if (at + lw > lim)
			at = lim >= lw ? lim - lw : 0;
		if (at < next || at + lw > lim)
			continue;
		frame_put(f, r + 1, at, arena_strndup(&f->own, lab, lw), lw, lw, STYLE_DIM);
		next = at + lw + 1;
	}
	free(rb.s);
	free(ticks);
	L->row = r + 2;
}

/* A bar chart: the caption, then one row a bar, label | bar | shown value,
 * and for a log scale an axis under the bars. The label column is as wide
 * as the widest label that fits 2/5 of the width; a label wider than that
 * goes on its own row(s) above its bar, so that a row never holds the end
 * of one label after the start of the next (reading order). When no label
 * fits the column, every label is above its bar, which then starts at the
 * left edge. */
static void lay_chart(struct lay *L, const struct item *it)
{
	struct frame *f = L->f;
	lay_chart_caption(L, it);
	unsigned lcap = L->cw * 2 / 5 > 2 ? L->cw * 2 / 5 : 2;
	unsigned lwc = 0, sw = 0;
	for (size_t k = 0; k < it->nbars; k++) {
		const struct bar *b = &it->bars[k];
		unsigned w = layout_width(b->label, strlen(b->label));
		unsigned s = b->shown ? layout_width(b->shown, strlen(b->shown)) : 0;
		if (w <= lcap && w > lwc)
			lwc = w;
		sw = s > sw ? s : sw;
	}
	bool side = lwc > 0 && L->cw > lwc + sw + 2 && L->cw - lwc - sw - 2 >= 4;
	unsigned x0 = L->left, bw;
	if (side) {
		x0 = L->left + lwc + 1;
		bw = L->cw - lwc - sw - 2;
	} else {
		bw = L->cw >= sw + 2 ? L->cw - sw - 1 : L->cw;
	}
	for (size_t k = 0; k < it->nbars; k++) {
		const struct bar *b = &it->bars[k];
		const char *shown = b->shown ? b->shown : "";
		unsigned lw = layout_width(b->label, strlen(b->label));
		unsigned r = L->row;
		if (side && lw <= lwc) {
			lay_text(L, r, L->left, lwc, b->label, STYLE_TEXT, FRAME_LEFT);
		} else {
			r += lay_text(L, r, L->left, L->cw, b->label, STYLE_TEXT, FRAME_LEFT);
		}
		unsigned e8 = bar_eighths(it, b->value, bw);
		unsigned x = x0 + put_bar(f, r, x0, e8);
		if (side || L->cw >= sw + 2) {
			if (sw)
				frame_put(f, r, x + 1, shown, strlen(shown), sw, STYLE_CAPTION);
			r++;
		} else {
			r++;
			r += lay_text(L, r, L->left, L->cw, shown, STYLE_CAPTION, FRAME_LEFT);
		}
		L->row = r;
	}
	if (it->log_scale && !L->compact)
		lay_log_axis(L, it, x0, bw);
}

static bool has_wide(const char *s)
{
	const uint8_t *u = (const uint8_t *)s, *end = u + strlen(s);
	while (u < end) {
		uint32_t c;
		int k = utf8_decode(&c, u, (size_t)(end - u));
		u += k > 0 ? k : 1;
		if (tl_char_width(c) == 2)
			return true;
	}
	return false;
}

static void lay_quote(struct lay *L, const struct item *it)
{
	struct frame *f = L->f;
	unsigned n;
	if (L->cw >= 4) {
		n = lay_text(L, L->row, L->left + 2, L->cw - 2, it->text, STYLE_QUOTE, FRAME_LEFT);
		for (unsigned k = 0; k < (n ? n : 1); k++)
			frame_add_run(f, L->row + k, L->left, "│", 3, 1, STYLE_BULLET);
	} else {
		n = lay_text(L, L->row, L->left, L->cw, it->text, STYLE_QUOTE, FRAME_LEFT);
	}
	L->row += n ? n : 1;
	const char *who = it->caption;
	if (!who || !*who)
		return;
	const char *dash = has_wide(who) ? "——" : "—";
	unsigned dw = layout_width(dash, strlen(dash));
	unsigned ww = layout_width(who, strlen(who));
	if (L->cw >= 4 && dw + 1 + ww <= L->cw - 2) {
		unsigned x = L->left + L->cw - (dw + 1 + ww);
		frame_add_run(f, L->row, x, dash, strlen(dash), dw, STYLE_CAPTION);
		frame_put(f, L->row, x + dw + 1, who, strlen(who), ww, STYLE_CAPTION);
		L->row++;
	} else if (L->cw >= dw + 3) {
		frame_add_run(f, L->row, L->left, dash, strlen(dash), dw, STYLE_CAPTION);
		n = lay_text(L, L->row, L->left + dw + 1, L->cw - dw - 1, who, STYLE_CAPTION,
			     FRAME_LEFT);
		L->row += n ? n : 1;
	} else {
		L->row += lay_text(L, L->row, L->left, L->cw, who, STYLE_CAPTION, FRAME_LEFT);
	}
}

static bool is_list(enum item_kind k)
{
	return k == ITEM_BULLET || k == ITEM_SUB;
}

static void lay_item(struct lay *L, const struct item *it)
{
	unsigned r0 = L->row, claim = L->claim;
	bool centre = L->centre; /* text and figures centre themselves */
	L->claim = 0;
	switch (it->kind) {
	case ITEM_TEXT:
		L->row += lay_text(L, L->row, L->left, L->cw, it->text, STYLE_TEXT,
				   L->centre ? FRAME_CENTRE : FRAME_LEFT);
		centre = false;
		break;
	case ITEM_BULLET:
	case ITEM_SUB: lay_bullet(L, it); break;
	case ITEM_FIGURE:
		lay_figure(L, it);
		centre = false;
		break;
	case ITEM_CHART: lay_chart(L, it); break;
	case ITEM_QUOTE: lay_quote(L, it); break;
	case ITEM_TABLE: lay_table(L, it); break;
	case ITEM_CODE: lay_code(L, it); break;
	case ITEM_AGENDA: lay_agenda(L, it); break;
	}
	if (centre)
		centre_block(L, r0, L->row);
	if (claim > L->claim)
		L->claim = claim;
}

/* Lays out title and items; returns the rows of the items visible at step
 * (all rows when every item is visible). */
static unsigned lay_body(struct lay *L, unsigned step, bool all_steps, bool layout_hidden,
			 unsigned *items_r0)
{
	const struct slide *s = L->s;
	enum frame_align tal = L->view == VIEW_SLIDE ? FRAME_CENTRE : FRAME_LEFT;
	if (s->layout == LAYOUT_SECTION)
		lay_section(L); /* the divider in place of the title: layout_section.c */
	else {
		L->row += lay_text(L, L->row, L->left, L->cw, s->title, STYLE_TITLE, tal);
		if (s->subtitle && *s->subtitle)
			L->row += lay_text(L, L->row, L->left, L->cw, s->subtitle, STYLE_SUBTITLE,
					   tal);
	}
	/* the title's own space: one more blank row under it on a tall screen */
	if (L->view == VIEW_SLIDE && L->o->rows >= LAYOUT_TALL_ROWS && s->nitems)
		L->row++;
	*items_r0 = L->row;
	unsigned vis = UINT32_MAX;
	for (size_t k = 0; k < s->nitems; k++) {
		const struct item *it = &s->items[k];
		if (!all_steps && it->step > step && vis == UINT32_MAX) {
			vis = L->row;
			if (!layout_hidden)
				break;
		}
		bool tight =
			L->compact || (k > 0 && is_list(it->kind) && is_list(s->items[k - 1].kind));
		if (!tight)
			L->row++;
		unsigned r0 = L->row;
		lay_item(L, it);
		if (!all_steps && it->step == step) {
			if (!L->has_step_rows)
				L->step_r0 = r0;
			L->step_r1 = L->row;
			L->has_step_rows = true;
		}
	}
	return vis == UINT32_MAX ? L->row : vis;
}

static void lay_notes(struct lay *L)
{
	const struct slide *s = L->s;
	if (s->nnotes == 0) {
		static const char none[] = "(no notes)";
		frame_put(L->f, 0, 0, none, sizeof none - 1, L->cw, STYLE_DIM);
		L->row = 1;
		return;
	}
	for (size_t k = 0; k < s->nnotes; k++) {
		if (k > 0)
			L->row++;
		unsigned n = lay_text(L, L->row, 0, L->cw, s->notes[k], STYLE_NOTES, FRAME_LEFT);
		L->row += n ? n : 1;
	}
}

static void put_marker(struct frame *f, unsigned row, const char *m)
{
	unsigned w = layout_width(m, strlen(m));
	frame_put(f, row, f->cols > w ? f->cols - w : 0, m, strlen(m), f->cols, STYLE_MORE);
}

/* The content rows frame_window() shows from scroll s (clamped) in a
 * window of R rows over total rows. */
static unsigned window_rows(unsigned total, unsigned R, unsigned s)
{
	if (R < 3)
		return R - 1;
	unsigned avail = R - (s > 0 ? 1 : 0);
	return s + avail < total ? avail - 1 : avail;
}

/* The scroll that brings content rows [r0, r1) into a window of R rows
 * over total rows, moving as little as it can from scroll (see
 * layout_slide). */
static unsigned scroll_into_view(unsigned total, unsigned R, unsigned scroll, unsigned r0,
				 unsigned r1)
{
	unsigned keep = R >= 3 ? R - 1 : (R > 1 ? R - 1 : 1);
	unsigned maxs = total > keep ? total - keep : 0;
	unsigned s = scroll < maxs ? scroll : maxs;
	if (r0 < s)
		return r0;
	while (s < r0 && s < maxs && r1 > s + window_rows(total, R, s))
		s++;
	return s;
}

/* Cuts the content (all rows of f) to R rows starting at content row
 * scroll, with markers. */
static void frame_window(struct frame *f, unsigned R, unsigned scroll)
{
	unsigned total = f->nrows;
	unsigned keep = R >= 3 ? R - 1 : (R > 1 ? R - 1 : 1);
	unsigned maxs = total > keep ? total - keep : 0;
	unsigned s = scroll < maxs ? scroll : maxs;
	bool above = s > 0, below;
	unsigned avail;
	if (R >= 3) {
		avail = R - (above ? 1 : 0);
		below = s + avail < total;
		if (below)
			avail--;
	} else {
		avail = R - 1;
		below = s + avail < total;
	}
	bool top_marker = above && R >= 3;
	size_t fr = avail ? f->rows[s].first : 0;
	size_t lr = avail ? f->rows[s + avail - 1].first + f->rows[s + avail - 1].n : 0;
	memmove(f->runs, f->runs + fr, (lr - fr) * sizeof *f->runs);
	f->nruns = lr - fr;
	unsigned out = 0;
	if (top_marker)
		f->rows[out++] = (struct frame_row){ 0, 0 };
	for (unsigned k = 0; k < avail; k++) {
		struct frame_row src = f->rows[s + k];
		f->rows[out++] = (struct frame_row){ src.first - fr, src.n };
	}
	unsigned mrow = out;
	bool bottom_marker = R >= 3 ? below : (above || below);
	if (bottom_marker)
		f->rows[out++] = (struct frame_row){ f->nruns, 0 };
	f->nrows = out;
	f->scroll = s;
	f->more_above = above;
	f->more_below = below;
	if (top_marker)
		put_marker(f, 0, "▲ more");
	if (bottom_marker)
		put_marker(f, mrow, R >= 3 || !above ? "▼ more" : below ? "▲▼ more" : "▲ more");
}

/* Whether runs of st hold text a search can match (not glyphs or markers). */
static bool markable(enum style st)
{
	return st != STYLE_PLACEHOLDER && st != STYLE_MORE && st != STYLE_CHART &&
	       st != STYLE_BULLET && st != STYLE_MATCH;
}

/* A run array being built by frame_highlight(). */
struct runvec {
	struct run *v;
	size_t n, cap;
};

static void push_run(struct runvec *rv, const char *text, size_t len, unsigned col, unsigned width,
		     enum style st)
{
	xgrow((void **)&rv->v, &rv->cap, rv->n + 1, sizeof *rv->v);
	rv->v[rv->n++] = (struct run){ text, len, col, width, st };
}

/* Appends run to rv with every match of q[0..ql) split out as a run of
 * STYLE_MATCH; the run stays whole when it has none, or when its pieces
 * would not measure what it measured (a match inside a grapheme cluster). */
static void split_matches(struct runvec *rv, const struct run *run, const char *q, size_t ql)
{
	const char *p = run->text, *end = run->text + run->len, *m;
	size_t mark = rv->n;
	unsigned col = run->col;
	while (markable(run->style) && (m = utf8_find_fold(p, (size_t)(end - p), q, ql))) {
		unsigned wb = layout_width(p, (size_t)(m - p)), wm = layout_width(m, ql);
		if (m > p)
			push_run(rv, p, (size_t)(m - p), col, wb, run->style);
		push_run(rv, m, ql, col + wb, wm, STYLE_MATCH);
		col += wb + wm;
		p = m + ql;
	}
	unsigned wr = layout_width(p, (size_t)(end - p));
	if (rv->n == mark || col + wr != run->col + run->width) {
		rv->n = mark;
		push_run(rv, run->text, run->len, run->col, run->width, run->style);
	} else if (p < end) {
		push_run(rv, p, (size_t)(end - p), col, wr, run->style);
	}
}

/* Splits every match of q (not empty) out of the text runs of f. */
static void frame_highlight(struct frame *f, const char *q)
{
	size_t ql = strlen(q);
	struct runvec rv = { NULL, 0, 0 };
	for (unsigned r = 0; r < f->nrows; r++) {
		size_t first = rv.n;
		for (size_t k = f->rows[r].first; k < f->rows[r].first + f->rows[r].n; k++)
			split_matches(&rv, &f->runs[k], q, ql);
		f->rows[r] = (struct frame_row){ first, rv.n - first };
	}
	free(f->runs);
	f->runs = rv.v;
	f->nruns = rv.n;
	f->runcap = rv.cap;
}

static struct frame *lay_slide(const struct slide *s, const struct layout_opts *o);

struct frame *layout_slide(const struct slide *s, const struct layout_opts *o)
{
	struct frame *f = lay_slide(s, o);
	if (o->highlight && o->highlight[0])
		frame_highlight(f, o->highlight);
	return f;
}

/* The content columns of the audience screen at cols columns: margins of
 * a sixteenth of the width each side, the measure at most LAYOUT_MEASURE,
 * centred. */
static void slide_columns(unsigned cols, unsigned *left, unsigned *cw)
{
	unsigned m = cols / 16;
	unsigned w = cols - 2 * m;
	if (w > LAYOUT_MEASURE)
		w = LAYOUT_MEASURE;
	*cw = w;
	*left = (cols - w) / 2;
}

static bool has_figure(const struct slide *s)
{
	for (size_t k = 0; k < s->nitems; k++)
		if (s->items[k].kind == ITEM_FIGURE)
			return true;
	return false;
}

static struct frame *lay_slide(const struct slide *s, const struct layout_opts *o)
{
	struct frame *f = frame_new(o->cols, 0);
	if (o->cols == 0)
		return f;
	struct lay L = { .o = o, .f = f, .s = s, .view = o->view, .cw = o->cols };
	unsigned vis, full, items_r0 = 0;
	switch (o->view) {
	case VIEW_NOTES:
		lay_notes(&L);
		vis = full = L.row;
		break;
	case VIEW_PREVIEW:
		L.compact = true;
		vis = full = lay_body(&L, o->step, false, false, &items_r0);
		break;
	case VIEW_EXPORT: vis = full = lay_body(&L, 0, true, false, &items_r0); break;
	case VIEW_SLIDE:
	default:
		slide_columns(o->cols, &L.left, &L.cw);
		L.centre = s->layout == LAYOUT_TITLE;
		/* figures are centred with the rest of a title slide; elsewhere the
		 * block is centred whole */
		L.centre_boxes = L.centre;
		vis = lay_body(&L, o->step, false, true, &items_r0);
		full = L.row;
		if (o->rows && full > o->rows && !o->no_big && has_figure(s)) {
			/* a big figure that makes the slide overflow is drawn boxed */
			tl_release(&L.wb);
			frame_free(f);
			struct layout_opts plain = *o;
			plain.no_big = true;
			return lay_slide(s, &plain);
		}
		/* the items as one block, its widest row centred in the measure */
		if (!L.centre)
			centre_block(&L, items_r0, full);
		break;
	}
	tl_release(&L.wb);
	frame_truncate(f, vis);
	f->content_rows = vis;
	unsigned R = o->view == VIEW_EXPORT ? 0 : o->rows;
	if (R == 0 || vis <= R) {
		unsigned pad = 0;
		if (R && o->view == VIEW_SLIDE && full <= R) {
			if (s->layout == LAYOUT_TOP)
				pad = R >= 12 && full + 1 <= R ? 1 : 0;
			else
				pad = (R - full) * 2 / 5;
		}
		frame_pad_top(f, pad);
		return f;
	}
	unsigned scroll = o->scroll;
	if (o->show_step && o->view == VIEW_SLIDE && L.has_step_rows)
		scroll = scroll_into_view(vis, R, scroll, L.step_r0, L.step_r1);
	frame_window(f, R, scroll);
	return f;
}
