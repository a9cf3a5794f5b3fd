#!/usr/bin/env bash
# The screen (issue 15) at one terminal size: a reveal below the bottom is
# scrolled into view; a terminal without cursor addressing is refused with
# a pointer to export; status messages are marked when cut, kept for the
# speaker and never on the audience screen; search hits are highlighted
# and a hit only in the notes says so; the slide counter counts main
# slides, backup slides apart; a custom status background fills the bar.
# Usage: screen.sh LECTERN COLS ROWS
source "$(dirname "$0")/lib.sh"
plan 64
cols=$2
rows=$3
deck=$DATA/screen.ini

# a console runs in session c of the same server: name sessions exactly
screen() { tm capture-pane -p -t =t: 2>/dev/null; }
keys() { tm send-keys -t =t: "$@"; }
text() { tm send-keys -t =t: -l "$1"; }
run_lectern() { tm send-keys -t =t: "$(printf '%q ' "$LECTERN" "$@")" Enter; }
scr_c() { tm capture-pane -p -t =c: 2>/dev/null; }
c_status_has() { scr_c | tail -n 1 | grep -qF -- "$1"; }

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

# --- the counter counts the main slides, backup slides apart ---
run_lectern "$deck"
wait_status " 1/3 " "the first slide is 1 of 3 main slides"
keys G
wait_for "Charlie last" "G goes to the last main slide"
wait_status " 3/3 " "which shows 3/3, not 4/5"
keys :
text "B2"
keys Enter
wait_for "Echo spare" ":B2 goes to the second backup slide"
wait_status " B2/2 " "which is marked apart as B2/2"
keys 3 Enter
wait_for "Charlie last" "3 Enter goes to main slide 3, as numbered"
keys o
wait_for "Slides (Enter opens" "the overview opens"
if poll eval 'screen | grep -qE "^ +B1 +Delta spare"'; then pass "the overview numbers backup slides B1"
else fail "the overview numbers backup slides B1"; fi
if poll eval 'screen | grep -qE "^> +3 +Charlie last"'; then pass "and main slides 1 to 3"
else fail "and main slides 1 to 3"; fi
keys Escape
quit

# --- search: matches highlighted, a hit only in the notes says so ---
run_lectern "$deck"
wait_for "Alpha list" "the deck again"
keys /
text "今天"
keys Enter
wait_for "今天讲算力" "/今天 finds the slide"
expect_sgr "今天" "30 43 0" "the match is highlighted on the slide (black on yellow)"
expect_sgr "讲算力" "39 49 0" "the rest of the line is not"
if off_screen "in notes"; then pass "a hit on the slide is not said to be in the notes"
else fail "a hit on the slide is not said to be in the notes"; fi
keys /
text "作业"
keys Enter
wait_status "in notes" "/作业: the status line says the hit is in the notes"
if ! screen | head -n -1 | grep -qF "作业"; then pass "where the audience does not see it"
else fail "where the audience does not see it"; fi
keys s
wait_for "布置课后作业" "s shows the notes"
expect_sgr "作业" "30 43 0" "the match is highlighted in the notes pane"
keys Escape
wait_status_gone "in notes" "Escape ends the search"
expect_sgr "作业" "39 49 0" "and its highlight"
quit

# --- status messages: cut with a mark, kept in full, the speaker's apart ---
# the copy's name has an escape sequence (the overlay is a new way out)
copy=$TMPD/$'deck\e[7mX.ini'
cp "$deck" "$copy"
run_lectern "$copy"
wait_for "Alpha list" "a copy of the deck is shown"
printf '[deck]\ntitle = Broken\n[a]\ntitle = A\nbullet.1 = x\nbullet.1 = y\n' >"$copy"
first=$("$LECTERN" check --color=never "$copy" 2>&1 | grep -m1 'error:')
last_word=${first##* }
keys r
wait_status "not reloaded" "r on a broken deck says so in the status line"
wait_status "…" "the message does not fit and ends with …"
if not_in_status "$last_word"; then pass "its end ('$last_word') is cut off"; else fail "its end ('$last_word') is cut off"; fi
keys m
wait_for "Messages, newest last" "m lists the last messages"
wait_for "$last_word" "the cut message can be read in full"
wait_for "the deck has 1 warning:" "so can the earlier ones (one warning, singular)"
if ! tm capture-pane -e -p -t =t: | grep -q $'\e\\[7mX'; then
	pass "an escape sequence in the file name is not sent to the terminal"
else
	fail "an escape sequence in the file name is not sent to the terminal"
fi
keys Escape
wait_gone "Messages, newest last" "Escape closes them"
wait_for "Alpha list" "and the old deck is still shown"
keys '?' G
wait_for "open the selected slide" "the help, scrolled to its end"
# scroll back up a row at a time (each waits for the screen to change)
# until the messages key shows, or the top is reached
for i in $(seq 80); do
	on_screen "show the last" && break
	before=$(screen)
	keys k
	poll eval '[ "$(screen)" != "$before" ]' || break
done
if on_screen "show the last"; then pass "? lists the key to the messages"
else fail "? lists the key to the messages"; fi
keys Escape
quit

run_lectern "$deck"
wait_status "the deck has 1 warn" "without a console the warnings note is on the presenting screen"
cmd="env -u LANG -u LC_ALL -u LC_CTYPE -u NO_COLOR XDG_CONFIG_HOME=$TMPD/config XDG_RUNTIME_DIR=$TMPD/run HOME=$TMPD $(printf '%q ' "$LECTERN" console "$deck")"
tm new-session -d -s c -x 80 -y 24 "$cmd"
if poll c_status_has "the deck has 1 warning:"; then pass "the console shows the note"
else n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - the console shows the note"; scr_c | sed 's/^/#   |/'; fi
wait_status_gone "the deck has" "and the audience screen no longer does"
wait_status "Screen test" "it shows the deck title instead"
tm kill-session -t =c
wait_status "the deck has 1 warn" "once the console is gone the note is back"
quit

# a message with a bidi override in it is listed with a placeholder in its
# place: the deck id comes from a file name with U+202E, and presenting it
# a second time says that it is already presented
rlo=$TMPD/$'\xe2\x80\xaerlo.ini'
cp "$deck" "$rlo"
tm new-session -d -s c -x 80 -y 24 "env XDG_CONFIG_HOME=$TMPD/config XDG_RUNTIME_DIR=$TMPD/run HOME=$TMPD $(printf '%q ' "$LECTERN" "$rlo")"
if poll eval 'ls "$TMPD"/run/lectern/*rlo*.sock >/dev/null 2>&1'; then pass "the deck is presented once"
else fail "the deck is presented once"; fi
run_lectern "$rlo"
wait_status "is already" "presenting it again says so"
keys m
wait_for "rlo' is already presented" "the messages list it"
if screen | grep -qF $'\xe2\x80\xae'; then fail "the override is not sent to the terminal"
else pass "the override is not sent to the terminal"; fi
if screen | grep -qF "'�rlo' is already"; then pass "it is shown as a placeholder"
else fail "it is shown as a placeholder"; fi
keys Escape
quit
tm kill-session -t =c

# --- a terminal without cursor addressing is refused, with what works ---
# run_mark N PREFIX ARGS...: runs PREFIX LECTERN ARGS with stderr in
# $TMPD/err and waits for its exit status, shown as "rc-N=STATUS"
run_mark() {
	local mark=$1 prefix=$2
	shift 2
	rm -f "$TMPD/err"
	tm send-keys -t =t: "clear; $prefix $(printf '%q ' "$LECTERN" "$@") 2>$TMPD/err; echo rc-$mark=\$?" Enter
	poll on_screen "rc-$mark=" || fail "run $mark ends"
}
i=0
for cmd in present rehearse console; do
	i=$((i + 1))
	run_mark $i TERM=dumb "$cmd" "$deck"
	wait_for "rc-$i=3" "TERM=dumb lectern $cmd exits with status 3"
	if grep -q "terminal type 'dumb' cannot move the cursor" "$TMPD/err"; then pass "and says why"
	else fail "and says why"; sed 's/^/#   /' "$TMPD/err"; fi
	if grep -q "lectern export DECK" "$TMPD/err"; then pass "and points at lectern export"
	else fail "and points at lectern export"; fi
	# present and rehearse have a mode that needs no cursor; console not
	if [ "$cmd" = console ]; then want=0; else want=1; fi
	if [ "$(grep -c "lectern $cmd --plain DECK" "$TMPD/err")" = $want ]; then
		pass "and points at lectern $cmd --plain only where it exists"
	else fail "and points at lectern $cmd --plain only where it exists"; sed 's/^/#   /' "$TMPD/err"; fi
done
# a hostile TERM never reaches the terminal as it is (terminfo
# has no entry for it)
printf '#!/bin/sh\nTERM=$(printf "dumb\\033]0;pwned\\007") exec "$@"\n' >"$TMPD/hostile-term"
run_mark 9 "sh $TMPD/hostile-term" "$deck"
wait_for "rc-9=3" "a TERM with control characters: exit status 3"
if grep -q "terminal type '(not printable)'" "$TMPD/err" && ! grep -q $'[\e\a]' "$TMPD/err"; then
	pass "the message shows no control character"
else
	fail "the message shows no control character"; od -c "$TMPD/err" | sed 's/^/#   /'
fi
poll prompt_ready || fail "the shell prompts again"

done_testing
