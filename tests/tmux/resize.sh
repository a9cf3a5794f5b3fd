#!/usr/bin/env bash
# Resizing: 80x24 -> 40x12 -> 80x24 re-lays out at once; below the minimum
# size the screen says how big it must be and recovers; 1x1 does not crash.
# Usage: resize.sh LECTERN
source "$(dirname "$0")/lib.sh"
plan 27

start_shell 80 24
run_lectern "$DATA/present.ini" --goto chinese
at_slide 3 "中文标题" "start at 80x24 with --goto"
wait_for "算力需求每年翻倍" "the Chinese text at 80x24"
if poll centred_within "中文标题" 25 40; then pass "the title is centred for 80 columns"; else fail "the title is centred for 80 columns (column $(col_of 中文标题))"; fi

tm resize-window -t t -x 40 -y 12
poll in_status " 3/6" >/dev/null
if poll eval '[ "$(screen | wc -l)" -eq 12 ]'; then pass "the pane is 40x12"; else fail "the pane is 40x12"; fi
at_slide 3 "中文标题" "after shrinking to 40x12"
wait_for "算力需求每年翻倍" "the text is laid out again at 40x12"
if poll centred_within "中文标题" 5 20; then pass "the title is centred again for 40 columns"; else fail "the title is centred again for 40 columns (column $(col_of 中文标题))"; fi
keys l
at_slide 5 "Echo chart" "keys work at 40x12"

tm resize-window -t t -x 80 -y 24
at_slide 5 "Echo chart" "after growing back to 80x24"
keys h
at_slide 3 "中文标题" "keys work again at 80x24"
if poll centred_within "中文标题" 25 40; then pass "the title is centred for 80 columns again"; else fail "the title is centred for 80 columns again (column $(col_of 中文标题))"; fi

tm resize-window -t t -x 10 -y 5
wait_for "too small," "at 10x5 the screen says it is too small"
wait_for "24x8" "and names the minimum size"
keys l
tm resize-window -t t -x 1 -y 1
tm resize-window -t t -x 3 -y 2
tm resize-window -t t -x 80 -y 24
at_slide 5 "Echo chart" "recovers at 80x24, keys pressed while too small count"
wait_gone "too small" "the message is gone"

tm resize-window -t t -x 120 -y 40
at_slide 5 "Echo chart" "at 120x40"
keys s
wait_for "NOTE-ECHO" "notes at 120x40"
tm resize-window -t t -x 40 -y 20
wait_for "NOTE-ECHO" "notes stay after resizing to 40x20"

quit_and_check_tty q
done_testing
