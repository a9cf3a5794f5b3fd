#!/usr/bin/env bash
# The terminal is restored after Ctrl-C, SIGTERM, SIGHUP and Ctrl-Z; fg
# redraws; LANG=C still draws Chinese; the built-in talk; errors before the
# screen starts; the user's key bindings.
# Usage: session.sh LECTERN
source "$(dirname "$0")/lib.sh"
plan 56

deck=$DATA/present.ini

restart() { # restart ENV...: a fresh shell in the window
	start_shell 80 24 "$@"
}

lectern_pid() { # the lectern started by the pane's shell
	local sh
	sh=$(tm list-panes -t t -F '#{pane_pid}')
	pgrep -P "$sh" | head -n 1
}

start_shell 80 24
run_lectern "$deck"
at_slide 1 "Alpha intro" "start"
tm pipe-pane -t t -o "cat >>$TMPD/out"
keys x '?'
wait_for "lectern help" "the help opens"
keys Escape
wait_gone "lectern help" "the help closes"
b0=$(settled_size "$TMPD/out")
keys x
keys l
at_slide 2 "Bravo steps" "next slide while recording the output"
b1=$(settled_size "$TMPD/out")
bytes=$((b1 - b0))
if [ "$bytes" -gt 0 ] && [ "$bytes" -lt 960 ]; then
	pass "moving to the next slide writes $bytes bytes, under half the 1920 cells"
else
	fail "moving to the next slide writes $bytes bytes, under half the 1920 cells"
fi
tm pipe-pane -t t
quit_and_check_tty C-c

for sig in TERM HUP; do
	run_lectern "$deck"
	at_slide 1 "Alpha intro" "start for SIG$sig"
	pid=$(lectern_pid)
	if [ -n "$pid" ]; then kill -"$sig" "$pid"; fi
	quit_and_check_tty
done

run_lectern "$deck"
at_slide 1 "Alpha intro" "start for Ctrl-Z"
keys l
at_slide 2 "Bravo steps" "before suspending"
quit_and_check_tty C-z
tm send-keys -t t "fg" Enter
at_slide 2 "Bravo steps" "fg redraws the slide"
keys l
wait_for "bravo two revealed" "and keys work after fg"
quit_and_check_tty q

restart LANG=C
run_lectern "$deck" --goto 3
wait_for "算力需求每年翻倍" "LANG=C still draws Chinese"
wait_status "测试" "and the Chinese deck title"
quit_and_check_tty q

restart
run_lectern
wait_for "新一代AIGC算力底座" "without DECK the built-in Chinese talk"
quit_and_check_tty q
run_lectern --lang en
wait_for "A New Generation of Compute Foundations" "--lang en: the English talk"
quit_and_check_tty q

printf '[deck]\ntitle = x\n[s]\ntitel = oops\n' >"$TMPD/bad.ini"
tm send-keys -t t "clear; $LECTERN $TMPD/bad.ini; echo rc=\$?" Enter
wait_for "rc=1" "a deck with errors exits 1"
wait_for "bad.ini:4:1: error: unknown key 'titel'" "after printing its diagnostics"
tm send-keys -t t "clear; $LECTERN --bogus; echo rc=\$?" Enter
wait_for "rc=2" "a usage error exits 2"
tm send-keys -t t "clear; $LECTERN $deck --goto 99; echo rc=\$?" Enter
wait_for "rc=2" "--goto to a missing slide exits 2"
wait_for "no slide 99" "and says why"
tm send-keys -t t "clear; $LECTERN --watch; echo rc=\$?" Enter
wait_for "rc=2" "--watch without a DECK file exits 2"

mkdir -p "$TMPD/config/lectern"
printf '[keys]\nnext = x\n' >"$TMPD/config/lectern/config.ini"
tm send-keys -t t "clear" Enter
run_lectern "$deck"
at_slide 1 "Alpha intro" "start with a config file"
keys l '?'
wait_for "x        " "the help shows the configured key"
keys Escape
wait_gone "lectern help" "the help closes"
at_slide 1 "Alpha intro" "l, no longer bound, did not move"
keys x
at_slide 2 "Bravo steps" "the configured key x moves"
quit_and_check_tty q
printf '[keys]\nnxet = x\n' >"$TMPD/config/lectern/config.ini"
tm send-keys -t t "clear; $LECTERN $deck; echo rc=\$?" Enter
wait_for "rc=1" "an invalid config file exits 1"
wait_for "config.ini:2:1: error: unknown action 'nxet'" "with its diagnostic"
done_testing
