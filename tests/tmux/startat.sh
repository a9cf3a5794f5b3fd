#!/usr/bin/env bash
# --start-at HH:MM in a real terminal: before the start time the timer is
# idle and the timer line (and, outside the presenter layout, the status
# line) counts down "starts in M:SS"; moving to another slide or t starts
# the timer early; a start time that has passed starts it at once. The
# start at the time itself happens in the same pass of the loop that
# ticks the countdown; it would need a test waiting up to a minute.
# Usage: startat.sh LECTERN
source "$(dirname "$0")/lib.sh"
plan 23

deck=$DATA/present.ini

check() { # check WHAT COMMAND...
	local what=$1
	shift
	if "$@"; then pass "$what"; else fail "$what"; fi
}

countdown_shown() { screen | grep -qE 'starts in [1-3]:[0-5][0-9]'; }
countdown() { screen | grep -oE -m1 'starts in [0-9]+:[0-9]+' | head -n 1; }
# countdown_s: the countdown on screen in seconds, or -1 when none shows.
countdown_s() {
	local c
	c=$(countdown)
	c=${c#starts in }
	[ -n "$c" ] || { echo -1; return; }
	echo $((10#${c%%:*} * 60 + 10#${c##*:}))
}
# countdown_below S: a countdown shows, lower than S seconds.
countdown_below() {
	local c
	c=$(countdown_s)
	[ "$c" -ge 0 ] && [ "$c" -lt "$1" ]
}
elapsed_is() { screen | grep -qF "elapsed $1"; }
quit() {
	keys q
	poll prompt_ready || fail "lectern quits"
}

start_shell 100 24
soon=$(date -d '+3 min' +%H:%M)

# --- the presenter layout: the timer waits ---
run_lectern present --presenter --start-at "$soon" "$deck"
wait_for "Alpha intro" "present --presenter --start-at $soon starts"
check "the timer line counts down to the start" poll countdown_shown
first=$(countdown_s)
check "the countdown reads a time ($first s)" [ "$first" -gt 0 ]
check "the countdown ticks: a lower time replaces it" poll countdown_below "$first"
check "the timer is idle meanwhile (elapsed 0:00)" elapsed_is "0:00"
sleep 1.2
check "and stays idle a second later" elapsed_is "0:00"
keys l
wait_status "timer started" "moving to the next slide starts the timer"
wait_gone "starts in" "the countdown is gone"
wait_for "elapsed 0:01" "the timer runs"
quit

# --- t starts it too ---
run_lectern rehearse --start-at "$soon" "$deck"
wait_for "Alpha intro" "rehearse --start-at $soon starts"
check "rehearse counts down too" poll countdown_shown
keys t
wait_status "timer started" "t starts the timer"
wait_for "elapsed 0:01" "which then runs"
check "on the first slide" poll in_status " 1/5"
quit

# --- the audience layout: the status line counts down ---
run_lectern present --start-at "$soon" "$deck"
wait_for "Alpha intro" "present --start-at without the presenter layout"
check "the status line counts down" poll in_status "starts in "
keys P
check "the presenter layout shows the countdown in the timer line" poll countdown_shown
check "and no longer in the status line" poll not_in_status "starts in"
quit

# --- a start time that has passed ---
past=$(date -d '-1 min' +%H:%M)
run_lectern present --presenter --start-at "$past" "$deck"
wait_for "Alpha intro" "present --start-at $past (a minute ago)"
wait_for "elapsed 0:01" "a start time that has passed starts the timer at once"
check "no countdown" off_screen "starts in"
quit_and_check_tty q

done_testing
