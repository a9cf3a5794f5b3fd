#!/usr/bin/env bash
# Composition (issue 18) in a real terminal, at 120x40 and 80x24 (the
# slide gets every row but the status line): the built-in talk's slide with
# little content stands at the optical centre (2/5 of the free rows above
# it) with its title centred and its items centred as one block in the
# measure (at most 80 columns, margins of a sixteenth); a slide that
# overflows starts at the top, marked "▼ more", in the same measure; the
# two figures of the training-cost slide (1万张A100, 1万张GPU) are drawn in
# the big block font, and boxed at text size under NO_COLOR=1. The built-in talk has no slide that overflows
# at these sizes (tests/test_export.c asserts it), so that one is a deck
# written here. The log chart of the growth slide (30万倍 : 7倍) names its
# scale and has an axis of powers of ten.
# Usage: compose.sh LECTERN
source "$(dirname "$0")/lib.sh"
plan 34

# row_of TEXT: the screen row (from 0) where TEXT first appears, -1 if none.
row_of() {
	local n
	n=$(screen | grep -nF -m1 -- "$1" | cut -d: -f1)
	echo $((${n:-0} - 1))
}

at_place() { [ "$(row_of "$1")" -eq "$2" ] && [ "$(col_of "$1")" -eq "$3" ]; }

# expect_at TEXT ROW COL WHAT: TEXT starts at (ROW, COL) of the screen.
expect_at() {
	if poll at_place "$1" "$2" "$3"; then
		pass "$4"
	else
		fail "$4 (want row $2 column $3, got row $(row_of "$1") column $(col_of "$1"))"
	fi
}

quit() {
	keys q
	poll prompt_ready || fail "lectern quits"
}

{
	printf '[deck]\ntitle = Compose\n\n[long]\ntitle = Long list\n'
	for i in $(seq -w 1 45); do
		echo "bullet.$((10#$i)) = point $i"
	done
} >"$TMPD/long.ini"

# size COLS ROWS, then the expected places at that size
check_size() {
	local cols=$1 rows=$2 title_row=$3 title_col=$4 block_col=$5 long_col=$6 more_row=$7 last=$8
	start_shell "$cols" "$rows"

	# "算力分四层：需求、场景、芯片、系统" (34 wide): title, two blank rows,
	# the agenda's six rows "  01  需求" (10 wide, none marked: the slide
	# comes before the first section); the block column is where "01" starts
	run_lectern --goto four-levels
	wait_for "算力分四层" "${cols}x$rows: the short slide is shown"
	expect_at "算力分四层" "$title_row" "$title_col" "${cols}x$rows short: the title at the optical centre, centred"
	expect_at "01  需求" $((title_row + 3)) "$block_col" "${cols}x$rows short: the first agenda row under two blank rows, the block centred"
	expect_at "06  燧原" $((title_row + 8)) "$block_col" "${cols}x$rows short: the last agenda row, same column"
	quit

	run_lectern "$TMPD/long.ini"
	wait_for "Long list" "${cols}x$rows: the long slide is shown"
	expect_at "• point 01" 3 "$long_col" "${cols}x$rows overflow: top-aligned, the block centred in the measure"
	expect_at "▼ more" "$more_row" $((cols - 6)) "${cols}x$rows overflow: '▼ more' on the last slide row"
	local after
	after="point $(printf %02d $((10#$last + 1)))"
	if poll eval 'on_screen "point $last" && off_screen "$after"'; then
		pass "${cols}x$rows overflow: point $last is the last one shown"
	else
		fail "${cols}x$rows overflow: point $last is the last one shown"
	fi
	quit
}

# 120x40: 39 slide rows, measure 80 from column 20; 9 content rows: 2/5
# of 30 is 12; the title (34 wide) at 20 + 23, the block at 20 + (80 - 10) / 2,
# its "01" 2 further
check_size 120 40 12 43 57 55 38 35
# 80x24: 23 slide rows, measure 70 from column 5; 2/5 of 14 is 5; the title
# at 5 + 18, the block at 5 + 30, "01" at 37
check_size 80 24 5 23 37 35 22 19

# the log chart of the growth slide (300,000 : 7): its scale named in its
# own line and an axis of powers of ten under the bars, tick marks on the
# row above their labels, at both sizes
axis_row_ok() {
	local r
	r=$(screen | grep -E -m1 -- '^ *1 +10 +100 +1k +10k +100k *$') || return 1
	local n
	n=$(screen | grep -nF -m1 -- "$r" | cut -d: -f1)
	screen | sed -n "$((n - 1))p" | grep -q -- '─┬─.*┬.*┬.*┬.*┬.*┬'
}
# labels_in_order: the bar labels top-down, above the axis, in one capture
labels_in_order() {
	local s a g k
	s=$(screen)
	a=$(grep -nF -m1 -- "AI 训练算力" <<<"$s" | cut -d: -f1)
	g=$(grep -nF -m1 -- "通用计算 " <<<"$s" | cut -d: -f1)
	k=$(grep -nF -m1 -- "100k" <<<"$s" | cut -d: -f1)
	[ -n "$a" ] && [ -n "$g" ] && [ -n "$k" ] && [ "$a" -lt "$g" ] && [ "$g" -lt "$k" ]
}
for size in "120 40" "80 24"; do
	set -- $size
	start_shell "$1" "$2"
	run_lectern --goto ai-compute-growth
	wait_for "通用计算仅7倍" "${1}x$2: the log chart's slide is shown"
	wait_for "2012–2018年的增长（对数刻度）" "${1}x$2: the chart's own line names its scale"
	if poll axis_row_ok; then
		pass "${1}x$2: an axis 1 10 100 1k 10k 100k under the bars, ticks above the labels"
	else
		fail "${1}x$2: an axis 1 10 100 1k 10k 100k under the bars, ticks above the labels"
	fi
	# the bar labels, not the title's "AI训练算力" and "通用计算仅7倍"
	if poll labels_in_order; then
		pass "${1}x$2: the bars' labels in order, above the axis"
	else
		fail "${1}x$2: the bars' labels in order, above the axis"
	fi
	quit
done

# the figures "1万张A100" and "1万张GPU": big (the "1" ends ▀▀▀ on the row
# that holds 万张 at text size), boxed under NO_COLOR
for size in "120 40" "80 24"; do
	set -- $size
	start_shell "$1" "$2"
	run_lectern --goto training-cost
	wait_for "相当于1万张A100的算力" "${1}x$2: the figure slide is shown"
	if poll eval '[ "$(screen | grep -c -F "▀▀▀  万张")" -eq 2 ]' && off_screen "┏━"; then
		pass "${1}x$2: both figures drawn big, no box"
	else fail "${1}x$2: both figures drawn big, no box"; fi
	wait_for "3640 PF-days 折合的加速卡规模" "${1}x$2: its caption at text size"
	quit
done
start_shell 120 40 NO_COLOR=1
run_lectern --goto training-cost
wait_for "┃  1万张A100  ┃" "NO_COLOR=1: the figure boxed at text size"
if off_screen "▀▀▀  万张"; then pass "NO_COLOR=1: no big glyphs"; else fail "NO_COLOR=1: no big glyphs"; fi
quit_and_check_tty q

done_testing
