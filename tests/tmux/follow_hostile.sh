#!/usr/bin/env bash
# A hostile presenter (tests/tmux/hostile_presenter.py) against a follower
# without a deck (issue #21): escape sequences raw and escaped in every
# field (a CAPTION's too), deck chunks out of order, too large or with
# controls, an endless line. Each is refused as a protocol error, the follower never sets the
# pane's title (an OSC sequence reaching the terminal would), never shows
# the attack's text, keeps running and draws the valid deck that comes last.
# Then the same presenter against `follow --plain` through a pipe: the
# output has the valid deck's slide and not one ESC, C1 or bidi control.
# Usage: follow_hostile.sh LECTERN
source "$(dirname "$0")/lib.sh"
plan 10

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
if poll on_screen "CAPTION-OK 字幕"; then pass "and shows the valid caption"; else fail "and shows the valid caption"; fi
title=$(tm display-message -p -t t '#{pane_title}')
if [ "$title" != PWNED ]; then pass "no attack set the pane's title"; else fail "no attack set the pane's title"; fi
if screen | grep -q PWNED; then fail "no attack's text is shown"; else pass "no attack's text is shown"; fi
keys q
if poll prompt_ready; then pass "the follower quits normally"; else fail "the follower quits normally"; fi
wait "$hpid" 2>/dev/null

# the same attacks against the plain follower, its output through a pipe
python3 "$HERE/hostile_presenter.py" "$sock" &
hpid=$!
poll test -S "$sock" || { echo "Bail out! the hostile presenter did not start again"; exit 1; }
out=$TMPD/plain.out
mkfifo "$TMPD/plain.fifo"
cat "$TMPD/plain.fifo" >"$out" &
cpid=$!
env -u TERM $SAN \
	"$LECTERN" follow --plain --socket "$sock" </dev/null >"$TMPD/plain.fifo" 2>"$TMPD/plain.err" &
fpid=$!
plain_ok() { grep -q HOSTILE-OK "$out"; }
if WAIT_S=30 poll plain_ok; then
	pass "the plain follower writes the valid deck after every attack"
else
	fail "the plain follower writes the valid deck after every attack"
	sed 's/^/#   >/' "$out"
fi
plain_cap() { grep -q "^caption: CAPTION-OK 字幕" "$out"; }
if poll plain_cap; then pass "and the valid caption as a caption: line"; else fail "and the valid caption as a caption: line"; fi
kill -TERM "$fpid"
wait "$fpid"
rc=$?
wait "$cpid"
if python3 - "$out" <<'PY'; then
import re, sys
b = open(sys.argv[1], "rb").read()
t = b.decode("utf-8", "replace")
bad = re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]", t)
sys.exit(1 if bad or b"\x1b" in b or b"PWNED" in b else 0)
PY
	pass "its output has no ESC, C1 or bidi byte, no attack's text"
else
	fail "its output has no ESC, C1 or bidi byte, no attack's text"
	od -c "$out" | head -n 40 | sed 's/^/#   /'
fi
if [ "$rc" = 143 ]; then pass "it kept running until SIGTERM (status 143)"; else fail "it kept running until SIGTERM (status $rc)"; fi
wait "$hpid" 2>/dev/null
no_sanitizer_logs
done_testing
