#!/usr/bin/env bash
# Live captions (issue 21): lines written into a FIFO appear on the
# audience screen just above the status line, a second writer of the same
# FIFO is read too, hostile bytes arrive as placeholders, a caption goes
# away after some seconds of silence, c hides and shows them, the
# presenter layout shows them, and a growing regular file is followed from
# its end.
# Usage: captions.sh LECTERN
source "$(dirname "$0")/lib.sh"
plan 22

# the row just above the status line
caption_row() { screen | tail -n 2 | head -n 1; }
caption_above_status() { caption_row | grep -qF -- "$1"; }

mkfifo "$TMPD/cap"
start_shell 80 24
run_lectern --captions "$TMPD/cap" "$DATA/present.ini"
at_slide 1 "Alpha intro" "start with --captions on a FIFO"

echo "hello caption one" >"$TMPD/cap"
if poll caption_above_status "hello caption one"; then
	pass "a line written into the FIFO is shown just above the status line"
else
	fail "a line written into the FIFO is shown just above the status line"
fi
wait_for "Alpha intro" "the slide stays on screen under the caption"

echo "second writer 中文字幕测试" >"$TMPD/cap"
wait_for "second writer 中文字幕测试" "a second writer of the same FIFO is read (CJK as it is)"
wait_gone "hello caption one" "the new caption replaces the old"

printf 'evil \033[2J\033]0;pwned\007 \302\233X end\n' >"$TMPD/cap"
wait_for "evil ␛[2J␛]0;pwned␇" "hostile bytes in a caption are shown as placeholders"
wait_for "Alpha intro" "and clear nothing"

WAIT_S=15 wait_gone "evil" "the caption goes away after some seconds of silence"

keys c
wait_status "live captions hidden" "c hides the captions"
echo "hidden caption" >"$TMPD/cap"
# the line is in the FIFO before the key is sent, and each pass reads the
# captions before it applies the key read last: once the move shows, the
# hidden caption was read
keys Space
wait_for "Bravo steps" "a move after it"
if off_screen "hidden caption"; then pass "a caption that comes while hidden is not shown"; else fail "a caption that comes while hidden is not shown"; fi
keys c
wait_status "live captions shown" "c shows them again"
echo "shown again" >"$TMPD/cap"
wait_for "shown again" "the next caption is shown"

keys P
wait_for "Notes" "the presenter layout"
echo "in the presenter layout" >"$TMPD/cap"
if poll caption_above_status "in the presenter layout"; then
	pass "the presenter layout shows the caption above the status line"
else
	fail "the presenter layout shows the caption above the status line"
fi
quit_and_check_tty q

# a regular file, followed from its end
echo "an old line" >"$TMPD/file"
run_lectern --captions "$TMPD/file" "$DATA/present.ini"
at_slide 1 "Alpha intro" "start with --captions on a regular file"
echo "appended line" >>"$TMPD/file"
wait_for "appended line" "a line appended to the file is shown"
if off_screen "an old line"; then pass "what the file held at the start is not"; else fail "what the file held at the start is not"; fi
done_testing
