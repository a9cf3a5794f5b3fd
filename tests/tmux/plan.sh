#!/usr/bin/env bash
# From rehearsal to plan in a real terminal: a small deck rehearsed twice to
# the end (about 3 s a slide, spent with sleep), then lectern plan --write
# turns the two records into the deck's times (rounded to 5 s: generous
# bounds, no timed assertion), keeping the old file as DECK~ and every
# other byte, and check --strict of the result is clean. A third rehearsal
# is coached from the first two: the presenter's timer line and a console
# following it show the slide's rehearsed median and the projected end.
# Usage: plan.sh LECTERN
source "$(dirname "$0")/lib.sh"
plan 26

state=$TMPD/state
records=$state/lectern
deck=$TMPD/talk.ini
printf '; two slides to rehearse\r\n[deck]\r\nid = tplan\r\n\r\n[one]\r\ntitle = 第一页\r\ntime = "30s"  ; a guess\r\n\r\n[two]\r\ntitle = Second\r\nnote.1 = No time yet.\r\n' \
	>"$deck"
cp "$deck" "$TMPD/orig.ini"

check() { # check WHAT COMMAND...
	local what=$1
	shift
	if "$@"; then pass "$what"; else fail "$what"; fi
}
nfiles() { find "$records" -name '*.rehearsal' 2>/dev/null | wc -l; }

start_shell 80 24 XDG_STATE_HOME="$state"
for round in 1 2; do
	tm send-keys -t t clear Enter
	run_lectern rehearse "$deck"
	wait_for "elapsed" "rehearsal $round starts with the timer"
	sleep 3
	keys l
	wait_status " 2/2" "rehearsal $round: on the last slide"
	sleep 3
	keys l
	wait_for "rehearsal recorded: " "rehearsal $round: next on the last slide records it complete"
	poll prompt_ready || fail "the shell prompt comes back"
done
check "two records" [ "$(nfiles)" -eq 2 ]
check "both complete" [ "$(grep -lx 'complete	yes' "$records"/*.rehearsal | wc -l)" -eq 2 ]

XDG_STATE_HOME=$state "$LECTERN" plan "$deck" >"$TMPD/out" 2>"$TMPD/err"
check "lectern plan exits 0" [ $? -eq 0 ]
check "from the median of the two rehearsals" grep -qF "from the median of 2 rehearsals" "$TMPD/out"
XDG_STATE_HOME=$state "$LECTERN" plan "$deck" --write >"$TMPD/out" 2>"$TMPD/err"
check "lectern plan --write exits 0" [ $? -eq 0 ]
check "and says what it changed" grep -qF "2 times changed" "$TMPD/out"
# about 3 s a slide: 5 s, or 10 s on a slow machine
check "slide one's time is rewritten in place, its comment and CRLF kept" \
	grep -qE $'^time = "(5|10)s"  ; a guess\r$' "$deck"
check "slide two gets a time line after its title, with CRLF" \
	grep -qE $'^title = Second\r$' "$deck"
awk '/^title = Second/ { getline; print; exit }' "$deck" | grep -qE $'^time = (5|10)s\r$'
check "  right after the title" [ $? -eq 0 ]
check "the backup is the old deck" cmp -s "$deck~" "$TMPD/orig.ini"
diff "$TMPD/orig.ini" "$deck" | grep '^[<>]' | grep -vE '^[<>] time = ' >"$TMPD/other"
check "only time lines differ" [ ! -s "$TMPD/other" ]
"$LECTERN" check --strict "$deck" >"$TMPD/out" 2>"$TMPD/err"
check "check --strict of the result is clean" [ $? -eq 0 ]
check "  without a warning" [ ! -s "$TMPD/err" ]

# ---- coaching: a third rehearsal against the first two ----
scr_c() { tm capture-pane -p -t "=c:" 2>/dev/null; }
on_c() { scr_c | grep -qE -- "$1"; }
tm send-keys -t t clear Enter
run_lectern rehearse "$deck"
wait_for "elapsed" "rehearsal 3 starts"
# the median of about 3 s; at 80 columns the projected end does not fit
# beside it in the first seconds, and the median comes back after the end
# is left out
poll on_screen "rehearsed 0:0" && pass "the timer line shows this slide's rehearsed median" ||
	fail "the timer line shows this slide's rehearsed median"
tm resize-window -t t -x 120 -y 30 # room for every piece of the timer line
# the end: the clock's minute, on time or not
ends_on() { screen | grep -qE 'ends [0-2][0-9]:[0-5][0-9]'; }
poll ends_on &&
	pass "  and the projected end of the talk as rehearsed" ||
	fail "  and the projected end of the talk as rehearsed"
envs="-u LANG -u LC_ALL -u LC_CTYPE XDG_CONFIG_HOME=$TMPD/config XDG_RUNTIME_DIR=$TMPD/run HOME=$TMPD"
tm new-session -d -s c -x 100 -y 30 "env $envs XDG_STATE_HOME=$state $(printf '%q' "$LECTERN") console $(printf '%q' "$deck")"
poll on_c "elapsed" && pass "a console follows the rehearsal" || fail "a console follows the rehearsal"
poll on_c "rehearsed 0:0" && pass "  its timer line shows the rehearsed median too" ||
	{ fail "  its timer line shows the rehearsed median too"; scr_c | sed 's/^/#   |/'; }
poll on_c "ends [0-2][0-9]:[0-5][0-9]" && pass "  and the projected end" ||
	{ fail "  and the projected end"; scr_c | sed 's/^/#   |/'; }
tm kill-session -t c
keys q
poll prompt_ready && pass "rehearsal 3 ends with q" || fail "rehearsal 3 ends with q"
done_testing
