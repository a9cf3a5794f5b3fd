#!/usr/bin/env bash
# A large deck starts from its head (the first slide is drawn while the
# rest loads): the whole deck must then be there, and a deck broken after
# its head must not be presented: exit status 1, the error with its line,
# the terminal restored.
# Usage: bigdeck.sh LECTERN
source "$(dirname "$0")/lib.sh"
plan 20

# 1,500 slides, about 140 KiB: over the size that starts from the head
awk 'BEGIN {
	print "[deck]\ntitle = Big deck\nduration = 25m\n"
	for (i = 1; i <= 1500; i++)
		printf "[s%d]\ntitle = Big slide %d\ntime = 1s\nbullet.1 = 第%d页，算力与带宽\nnote.1 = n%d\n\n", i, i, i, i
}' >"$TMPD/big.ini"
size=$(wc -c <"$TMPD/big.ini")
if [ "$size" -gt 65536 ]; then pass "the deck is $size bytes"; else fail "the deck is only $size bytes"; fi

start_shell 80 24 LANG=C.UTF-8
tm send-keys -t t "cd $TMPD" Enter
run_lectern big.ini
wait_status " 1/1500 " "the status counts every slide"
wait_for "Big slide 1" "the first slide is shown"
wait_for "第1页，算力与带宽" "with its text"
keys G
wait_status " 1500/1500 " "G reaches the last slide: the whole deck is loaded"
wait_for "Big slide 1500" "and shows it"
keys : 7 5 0 Enter
wait_status " 750/1500 " "goto reaches a slide in the middle"
wait_for "第750页，算力与带宽" "with its own text"
keys g g
wait_status " 1/1500 " "gg goes back to the first"
quit_and_check_tty q

# broken after the head: never presented
cp "$TMPD/big.ini" "$TMPD/broken.ini"
printf '[zz]\ntitle = tail\nbogus = 1\n' >>"$TMPD/broken.ini"
bad=$(wc -l <"$TMPD/broken.ini")
tm send-keys -t t "clear; $(printf '%q' "$LECTERN") broken.ini; echo rc=\$?" Enter
wait_for "broken.ini:$bad:1: error: unknown key 'bogus'" "the error names file, line and column"
wait_for "rc=1" "and the exit status is 1"
if off_screen "Big slide 1"; then
	pass "no slide is left on the screen"
else
	fail "no slide is left on the screen"
fi
quit_and_check_tty

# a warning after the head reaches the status line, as for a small deck
cp "$TMPD/big.ini" "$TMPD/warn.ini"
printf '[zz]\ntitle = tail\n' >>"$TMPD/warn.ini"
run_lectern warn.ini
wait_status " 1/1501 " "a deck with a warning is presented"
wait_status "warning" "and the status line says it has a warning"
quit_and_check_tty q
done_testing
