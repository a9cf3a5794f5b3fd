#!/usr/bin/env bash
# A hostile presenter (tests/tmux/hostile_presenter.py) against a follower
# without a deck (issue #21): escape sequences raw and escaped in every
# field, deck chunks out of order, too large or with controls, an endless
# line. Each is refused as a protocol error, the follower never sets the
# pane's title (an OSC sequence reaching the terminal would), never shows
# the attack's text, keeps running and draws the valid deck that comes last.
# Usage: follow_hostile.sh LECTERN
source "$(dirname "$0")/lib.sh"
plan 5

SAN="ASAN_OPTIONS=log_path=$TMPD/san UBSAN_OPTIONS=log_path=$TMPD/san:print_stacktrace=1"
sock=$TMPD/hostile.sock
python3 "$HERE/hostile_presenter.py" "$sock" &
hpid=$!
poll test -S "$sock" || { echo "Bail out! the hostile presenter did not start"; exit 1; }
start_shell 80 24 $SAN
run_lectern follow --socket "$sock"
shows_ok() { screen | grep -q HOSTILE-OK; }
if WAIT_S=30 poll shows_ok; then
	pass "after every attack the follower draws the valid deck"
else
	fail "after every attack the follower draws the valid deck"
fi
title=$(tm display-message -p -t t '#{pane_title}')
if [ "$title" != PWNED ]; then pass "no attack set the pane's title"; else fail "no attack set the pane's title"; fi
if screen | grep -q PWNED; then fail "no attack's text is shown"; else pass "no attack's text is shown"; fi
keys q
if poll prompt_ready; then pass "the follower quits normally"; else fail "the follower quits normally"; fi
wait "$hpid" 2>/dev/null
if ls "$TMPD"/san.* >/dev/null 2>&1; then
	fail "no sanitizer reports"
	head -n 40 "$TMPD"/san.* | sed 's/^/#   /'
else
	pass "no sanitizer reports"
fi
done_testing
