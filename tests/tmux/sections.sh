#!/usr/bin/env bash
# Sections on a real terminal (issue 18), at one size: the status line names
# the current section and changes when the talk crosses into the next (and
# back); a divider slide shows its number and name, centred; an agenda
# marks the slide's own section, and marks none before the first section;
# the overview groups the slides under their sections.
# Usage: sections.sh LECTERN COLS ROWS
source "$(dirname "$0")/lib.sh"
plan 17
cols=$2
rows=$3
deck=$DATA/sections.ini

start_shell "$cols" "$rows"
run_lectern "$deck"
wait_for "Alpha intro" "the deck starts"
wait_for "02  芯片 section" "the agenda lists the sections"
if off_screen "▸" && ! in_status "·"; then pass "before the first section: none marked, none in the status"
else fail "before the first section: none marked, none in the status"; fi

keys Right
wait_status " 2/8 · Start " "the divider's slide: the status line names its section"
wait_for "01 / 02" "the divider shows the section's number"
wait_for "the first part" "and the slide's subtitle"
# the number is centred in the slide's width, the name under it
c=$(col_of "01 / 02")
if [ "$c" -ge $((cols / 2 - 6)) ] && [ "$c" -le $((cols / 2)) ]; then pass "the number centred (column $c of $cols)"
else fail "the number centred (column $c of $cols)"; fi
if poll eval 'screen | grep -A3 -F "01 / 02" | grep -qE "^ +Start *$"'; then pass "the name under it, on a line of its own"
else fail "the name under it, on a line of its own"; fi

keys Right Right Right  # the reveal step of slide 3, then slide 4
wait_status " 4/8 · Start " "inside the section the name stays"
keys Right
wait_status " 5/8 · 芯片 section " "crossing into the next section changes it"
wait_for "02 / 02" "the next divider shows 02 / 02"
keys Right
wait_for "▸ 02  芯片 section" "the agenda marks the current section"
if poll eval 'screen | grep -qE "^ +01  Start *$"'; then pass "and leaves the other plain"
else fail "and leaves the other plain"; fi
keys Left Left
wait_status " 4/8 · Start " "going back crosses back"

keys o
wait_for "01 / 02  Start" "the overview: a header for the first section"
if poll eval 'screen | grep -A1 -F "02 / 02  芯片 section" | tail -n 1 | grep -qE "5 芯片 section"'; then
	pass "the second header before its first slide"
else fail "the second header before its first slide"; fi
keys Escape q
poll prompt_ready && pass "lectern quits" || fail "lectern quits"
