#!/usr/bin/env bash
# Ctrl-C always quits (issue 15): a config that rebinds quit to Q leaves q
# without effect but Ctrl-C still quits, and the help lists both keys.
# Usage: quitkeys.sh LECTERN
source "$(dirname "$0")/lib.sh"

deck=$DATA/present.ini
mkdir -p "$TMPD/config/lectern"
printf '[keys]\nquit = Q\n' >"$TMPD/config/lectern/config.ini"

plan 12
start_shell 80 24
run_lectern present "$deck"
wait_for "Alpha intro" "lectern starts with quit = Q in the config"
keys q l
# lectern is still there: it took the l after the q
at_slide 2 "Bravo steps" "q no longer quits, so the next key still moves"
keys '?' G
wait_for "C-c, Q" "the help lists Ctrl-C and Q for quit"
keys Escape
wait_gone "lectern help" "Escape closes the help"
quit_and_check_tty C-c
pass "Ctrl-C quits though the config rebinds quit"
run_lectern present "$deck"
wait_for "Alpha intro" "lectern starts again"
quit_and_check_tty Q
pass "Q quits as the config says"
done_testing
