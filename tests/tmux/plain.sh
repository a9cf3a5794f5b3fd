#!/usr/bin/env bash
# present --plain in a real terminal (issue 21): single keys, no Enter, no
# echo, nothing redrawn (what was written stays on the screen and the
# shell's lines above it too), arrows, a prompt that echoes what is typed,
# with TERM=dumb and without TERM; the terminal is back in canonical mode
# with echo afterwards.
# Usage: plain.sh LECTERN
source "$(dirname "$0")/lib.sh"
plan 19

start_shell 100 60 TERM=dumb
tm send-keys -t t "echo BEFORE-MARK" Enter
wait_for "BEFORE-MARK" "the shell's own line"
run_lectern --plain "$DATA/present.ini"
wait_for "Slide 1 of 5 · Alpha intro" "the first slide's header"
wait_for "    NOTE-ALPHA greet the room" "with its notes"
keys l
wait_for "Slide 2 of 5 · step 1 of 2 · Bravo steps" "a single key moves, no Enter needed"
keys Space
wait_for "• bravo two revealed" "a reveal"
keys Right
wait_for "Slide 3 of 5 · 中文标题 Charlie" "an arrow key (an escape sequence) moves"
if on_screen "BEFORE-MARK" && on_screen "Slide 1 of 5 · Alpha intro"; then
	pass "nothing is cleared or redrawn: the earlier lines stay"
else
	fail "nothing is cleared or redrawn: the earlier lines stay"
fi
if off_screen "lshell" && ! screen | grep -q '^l$'; then
	pass "keys are not echoed"
else
	fail "keys are not echoed"
fi
keys :
wait_for "go to slide (number or id):" "the goto prompt is written"
text chart
wait_for "go to slide (number or id): chart" "what is typed into it is echoed"
keys Enter
wait_for "Slide 4 of 5 · Echo chart" "and Enter goes there"
keys '?'
wait_for "[captions]" "? writes the keys"
quit_and_check_tty q

tm send-keys -t t "clear" Enter
poll prompt_ready || fail "the screen is cleared for the next run"
tm send-keys -t t "env -u TERM sh -c 'echo term=\${TERM:-none}'" Enter
wait_for "term=none" "env -u TERM leaves no TERM"
tm send-keys -t t "env -u TERM $(printf '%q ' "$LECTERN" --plain "$DATA/present.ini")" Enter
wait_for "Slide 1 of 5 · Alpha intro" "without TERM: the first slide"
keys G
wait_for "Slide 5 of 5 · Foxtrot end" "G goes to the last slide"
quit_and_check_tty q
done_testing
