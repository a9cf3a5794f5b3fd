#!/usr/bin/env bash
# What a slide change costs on the wire: walking through the built-in talk
# (next, once per slide change and reveal step) under TERM=xterm-256color,
# lectern writes on average at most a set number of bytes per key, at
# 120x40 and at 80x24. The counts are the bytes of lectern's output
# (tmux pipe-pane), which depend only on the screens drawn, not on timing:
# each key is sent only once the previous one's screen is shown.
# Usage: bytes.sh LECTERN
source "$(dirname "$0")/lib.sh"
plan 6

slides=23  # the talk: 23 slides
presses=24 # 22 slide changes and 2 reveal steps (compute-question, productivity)

status_is_not() { [ "$(status_line)" != "$1" ]; }

# walk COLS ROWS MAX: presses next through the talk at COLS x ROWS and
# checks that the mean number of bytes written per key is at most MAX.
walk() {
	local cols=$1 rows=$2 max=$3 out="$TMPD/out-$1x$2" i prev b0 b1 walked=1
	start_shell "$cols" "$rows" TERM=xterm-256color LANG=C.UTF-8
	run_lectern
	wait_status " 1/$slides " "${cols}x$rows: the talk starts"
	tm pipe-pane -t t -o "cat >>$out"
	b0=$(settled_size "$out")
	for i in $(seq "$presses"); do
		prev=$(status_line)
		keys Space
		if ! poll status_is_not "$prev"; then
			fail "${cols}x$rows: key $i changes the status line"
			walked=0
			break
		fi
	done
	if poll in_status " $slides/$slides "; then
		pass "${cols}x$rows: the walk ends on the last slide"
	else
		fail "${cols}x$rows: the walk ends on the last slide (status lacks ' $slides/$slides ')"
		walked=0
	fi
	b1=$(settled_size "$out")
	tm pipe-pane -t t
	local total=$((b1 - b0))
	local mean=$(((total + presses / 2) / presses))
	# a key that drew nothing would make the mean small: only a whole walk
	# in which every key redrew something counts
	if [ "$walked" = 1 ] && [ "$total" -ge "$presses" ] && [ "$total" -le $((max * presses)) ]; then
		pass "${cols}x$rows: $mean bytes per key on average (at most $max)"
	else
		fail "${cols}x$rows: $mean bytes per key on average (at most $max)"
	fi
	keys q
	poll prompt_ready || fail "${cols}x$rows: lectern quits"
}

# issue 18's composition costs bytes: the content block moves from slide to
# slide (each slide balanced on its own), big figures and log axes add
# rows of block glyphs (309 -> 387 at 120x40, 300 -> 374 at 80x24; of
# those, big figures +17, the axes +22, the placement the rest)
# issue 19's keynote (20 slides, 21 keys: fewer text slides, more big
# figures, axes, three dividers and a table) measured 412 bytes per key at
# 120x40 and 400 at 80x24 (the same in every run: the bytes depend only on
# the screens drawn); with a divider opening each of its six parts (23
# slides, 24 keys: three more short divider screens) 384 and 373; the
# limits are those means + 3%
walk 120 40 396
walk 80 24 385

done_testing
