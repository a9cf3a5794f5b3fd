#!/usr/bin/env bash
# Reloading: r after breaking a copy of the deck keeps the old deck on the
# same slide and shows the error; r after fixing it reloads and keeps the
# slide by id (or the next surviving one when it was deleted); --watch
# reloads without a key.
# Usage: reload.sh LECTERN
source "$(dirname "$0")/lib.sh"
plan 23

cp "$DATA/present.ini" "$TMPD/deck.ini"
start_shell 80 24
tm send-keys -t t "cd $TMPD" Enter
run_lectern deck.ini
at_slide 1 "Alpha intro" "start"
keys : c h a r t Enter
at_slide 5 "Echo chart" "goto chart"

printf 'this line is not INI\n' >>"$TMPD/deck.ini"
bad=$(wc -l <"$TMPD/deck.ini")
keys r
wait_status "not reloaded: deck.ini:$bad:1: error:" "r on a broken deck shows the first error"
at_slide 5 "Echo chart" "the old deck stays on the same slide"
keys l
at_slide 6 "Foxtrot end" "the old deck still works"
keys h

# fixed, the first slide deleted and the chart renamed: same id, new index
sed -e '$d' -e 's/^title   = Echo chart$/title   = Echo chart v2/' "$DATA/present.ini" |
	awk 'BEGIN{skip=0} /^\[intro\]/{skip=1; next} /^\[/{skip=0} !skip' >"$TMPD/deck.ini.new"
mv "$TMPD/deck.ini.new" "$TMPD/deck.ini"
keys r
wait_status "reloaded" "r on the fixed deck reloads"
wait_for "Echo chart v2" "the new text is shown"
wait_status " 4/5" "on the same slide by id, at its new number"

# the current slide deleted: the next surviving slide
awk 'BEGIN{skip=0} /^\[chart\]/{skip=1; next} /^\[/{skip=0} !skip' "$TMPD/deck.ini" >"$TMPD/deck.ini.new"
mv "$TMPD/deck.ini.new" "$TMPD/deck.ini"
keys r
wait_status " 4/4" "a deleted slide moves to the next surviving one"
wait_for "Foxtrot end" "which is shown"
quit_and_check_tty q

# --watch: no key needed
cp "$DATA/present.ini" "$TMPD/deck.ini"
run_lectern --watch deck.ini
at_slide 1 "Alpha intro" "start with --watch"
sed -i 's/^title  = Alpha intro$/title  = Alpha watched/' "$TMPD/deck.ini"
wait_for "Alpha watched" "--watch reloads a changed file by itself"
printf '[broken\n' >>"$TMPD/deck.ini"
wait_status "not reloaded" "--watch reports a broken file"
wait_for "Alpha watched" "and keeps the old deck"
quit_and_check_tty q
done_testing
