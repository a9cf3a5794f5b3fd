#!/usr/bin/env bash
# Tables and code blocks on a real terminal (issue #18), at one size: the
# table's header over its rule, a cell wrapped inside its column (the row
# goes on below with the separators), a code line wider than the screen
# clipped with '→', '>' shifting the code until the line's end shows with
# '←' on its left, '<' shifting it back, and the next slide (and the way
# back) unshifted.
# Usage: blocks.sh LECTERN COLS ROWS
source "$(dirname "$0")/lib.sh"
plan 20
# the checks below measure and match UTF-8 (lectern's own locale is set
# per command by start_shell)
export LC_ALL=C.UTF-8
cols=$2
rows=$3
deck=$DATA/blocks.ini

# row_of TEXT: the screen row (from 0) where TEXT first shows, or -1.
row_of() {
	local r
	r=$(screen | grep -nF -m1 -- "$1" | cut -d: -f1)
	echo $((${r:-0} - 1))
}

# dcol TEXT: the display column where TEXT first starts on the screen.
dcol() {
	local line
	line=$(screen | grep -F -m1 -- "$1") || { echo -1; return; }
	printf '%s' "${line%%"$1"*}" | wc -L
}

# line_at N: screen row N.
line_at() { screen | sed -n "$(($1 + 1))p"; }

start_shell "$cols" "$rows"
run_lectern present "$deck"
wait_for "训练与推理" "the table slide is shown at ${cols}x$rows"
# the single captures below read a whole frame: ncurses writes the status
# line last, so once it says 1/4 the rows above it are all there
poll in_status " 1/4 "

# --- the table ---
wait_for "指标 │ 训练" "the header row, its cells apart by ' │ '"
h=$(row_of "指标 │ 训练")
if line_at $((h + 1)) | grep -qE '^ *─+┼─+┼─+ *$'; then
	pass "a rule of ─ crossed by ┼ under the header"
else
	fail "a rule of ─ crossed by ┼ under the header"
fi
w=$(row_of "WRAPCELL")
next=$(line_at $((w + 1)))
if [ "$w" -gt "$h" ] && ! line_at "$w" | grep -qF "between pods" &&
	echo "$next" | grep -qE '^ +│ [a-z]' && echo "$next" | grep -qE '│ *$'; then
	pass "the long cell wraps inside its column: the next row holds its words between the separators"
else
	fail "the long cell wraps inside its column: the next row holds its words between the separators"
fi
col_w=$(dcol "WRAPCELL")
col_n=$(echo "$next" | sed 's/│.*//' | wc -L)
if [ "$col_n" -eq $((col_w - 2)) ]; then
	pass "the wrapped line starts in the cell's column"
else
	fail "the wrapped line starts in the cell's column ($((col_n + 2)), want $col_w)"
fi
if line_at "$w" | grep -qF "latency"; then
	pass "the row's other cells stay on its first line"
else
	fail "the row's other cells stay on its first line"
fi

# --- the code block ---
keys l
wait_for "Kernel code" "l shows the code slide"
wait_for "LONGLINE" "the long code line is shown"
poll in_status " 2/4 "
if screen | grep -F "LONGLINE" | grep -qE '→ *$' && off_screen "CLIPEND"; then
	pass "it is clipped with '→' at the screen's edge"
else
	fail "it is clipped with '→' at the screen's edge"
fi
if screen | grep -qE '^ +printf\("it'"'"'s %d; #1\\n", 42\);'; then
	pass "a tab and the quotes, ';' and '#' of a line are kept"
else
	fail "a tab and the quotes, ';' and '#' of a line are kept"
fi
# '>' until the end of the line shows (8 columns a press)
presses=0
while off_screen "CLIPEND */" && [ "$presses" -lt 14 ]; do
	keys '>'
	presses=$((presses + 1))
	poll on_screen "←" >/dev/null
done
wait_for "CLIPEND */" "'>' shifts the code until the line's end shows ($presses presses)"
if screen | grep -F "CLIPEND" | grep -qE '^ *←'; then
	pass "with '←' on the left of the shifted line"
else
	fail "with '←' on the left of the shifted line"
fi
wait_gone "#include" "the start of the lines is shifted out of view"
wait_status " 2/4 " "the shift moves no slide"
for _ in $(seq "$presses"); do keys '<'; done
wait_for "#include <stdio.h>" "'<' shifts it back"
wait_gone "←" "no left mark once back"
# the next slide and the way back start unshifted
keys '>' '>' l
wait_for "Five columns" "l goes on from a shifted slide"
keys h
wait_for "#include <stdio.h>" "back on the code slide: unshifted again"

quit_and_check_tty q
done_testing
