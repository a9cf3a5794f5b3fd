#!/usr/bin/env bash
# Live captions in followers (issue #21): lectern present --audience
# --captions FIFO in tmux session t, full-screen followers in sessions f
# (without a deck file) and g (started late), a plain follower writing
# through a pipe. A line written into the FIFO appears above the status
# line of the presenter and of the follower; c in the follower hides it
# there while the presenter still shows it, and the presenter's c hides
# nothing in the follower; a follower started while a caption is shown
# shows it at once; a caption clears in the follower when it expires on
# the presenter; hostile bytes reach the follower's screen and the plain
# output as placeholders, and the plain output holds each caption as one
# "caption:" line and no ESC, C1 or bidi byte.
# Usage: captions_follow.sh LECTERN
source "$(dirname "$0")/lib.sh"
plan 21

source "$HERE/sessions.sh"

# the row just above the status line shows TEXT
cap_on() { scr "$1" | tail -n 2 | head -n 1 | grep -qF -- "$2"; }
expect_cap() { if poll cap_on "$1" "$2"; then pass "$3"; else fail_on "$1" "$3 (no caption '$2' in $1)"; fi; }
# checked now, not polled: it follows a check that the screen is current
expect_off() { if off "$1" "$2"; then pass "$3"; else fail_on "$1" "$3 ('$2' shown in $1)"; fi; }

mkfifo "$TMPD/cap"
deck=$DATA/present.ini
new_shell t
type_in t present --audience --captions "$TMPD/cap" "$deck"
expect t "Alpha intro" "the presentation starts with --audience --captions FIFO"
poll test -S "$AUD/present.sock" || { echo "Bail out! no audience socket"; exit 1; }

# the plain follower, its output through a pipe, no terminal
mkfifo "$TMPD/plain.fifo"
cat "$TMPD/plain.fifo" >"$TMPD/plain.out" &
cat_pid=$!
(cd / && exec env -u TERM -u LANG -u LC_ALL -u LC_CTYPE COLUMNS=60 XDG_RUNTIME_DIR="$RUN" \
	LECTERN_AUDIENCE_DIR="$AUD" HOME="$TMPD" $SAN \
	"$LECTERN" follow --plain </dev/null >"$TMPD/plain.fifo" 2>"$TMPD/plain.err") &
plain_pid=$!
plain_has() { grep -qF -- "$1" "$TMPD/plain.out"; }
if poll plain_has "Alpha intro"; then pass "the plain follower writes the first slide"; else fail "the plain follower writes the first slide"; fi

new_shell f
tm send-keys -t =f: "cd / && $(printf '%q ' "$LECTERN") follow" Enter
expect f "Alpha intro" "a follower without a deck file draws the first slide"

echo "first caption words" >"$TMPD/cap"
expect_cap t "first caption words" "a line written into the FIFO is shown above the presenter's status line"
expect_cap f "first caption words" "and above the follower's status line"
if poll plain_has "caption: first caption words"; then
	pass "follow --plain writes it as one caption: line"
else
	fail "follow --plain writes it as one caption: line"
	sed 's/^/#   >/' "$TMPD/plain.out"
fi

# a late follower, started while the caption is shown, shows it at once
new_shell g
tm send-keys -t =g: "cd / && $(printf '%q ' "$LECTERN") follow" Enter
expect_cap g "first caption words" "a follower started while a caption is shown shows it at once"
tkeys g q

# c in the follower hides its captions, not the presenter's
tkeys f c
expect_status f "live captions hidden" "c in the follower hides its captions"
expect_gone f "first caption words" "the caption goes from the follower"
if cap_on t "first caption words"; then pass "the presenter still shows it"; else fail_on t "the presenter still shows it"; fi
echo "while the follower hides them" >"$TMPD/cap"
expect_cap t "while the follower hides them" "the presenter shows the next caption"
# the STATE of this move follows that CAPTION on the follower's socket:
# once the follower shows the move, it has had the caption
tkeys t Space
expect f "Bravo steps" "the follower follows the move after it"
expect_off f "while the follower hides them" "a caption that comes while the follower hides them is not shown there"
tkeys f c
expect_status f "live captions shown" "c in the follower shows them again"

# the presenter's c hides them on its screen only
tkeys t c
expect_status t "live captions hidden" "c in the presenter hides its captions"
printf 'evil \033[2J\033]0;PWNED\007 \302\233X \342\200\256rtl end\n' >"$TMPD/cap"
expect_cap f "evil ␛[2J␛]0;PWNED␇" "a hostile caption reaches the follower as placeholders"
title=$(tm display-message -p -t =f: '#{pane_title}')
if [ "$title" != PWNED ]; then pass "and sets no title"; else fail "and sets no title"; fi
tkeys t c

# the caption expires on the presenter: it clears in the follower too
WAIT_S=20 expect_gone t "evil" "the caption expires on the presenter"
WAIT_S=10 expect_gone f "evil" "and clears in the follower"

quit_in t
quit_in f
kill -TERM "$plain_pid"
wait "$plain_pid"
wait "$cat_pid"
if python3 - "$TMPD/plain.out" <<'PY'; then
import re, sys
b = open(sys.argv[1], "rb").read()
t = b.decode("utf-8", "replace")
bad = re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]", t)
lines = t.split("\n")
evil = [l for l in lines if l.startswith("caption: evil")]
# a caption is written when it comes, not again at the next move
hides = [l for l in lines if l == "caption: while the follower hides them"]
sys.exit(1 if bad or b"\x1b" in b or len(evil) != 1 or len(hides) != 1 else 0)
PY
	pass "the plain output has each caption once, no ESC, C1 or bidi byte"
else
	fail "the plain output has each caption once, no ESC, C1 or bidi byte"
	od -c "$TMPD/plain.out" | head -n 60 | sed 's/^/#   /'
fi
no_sanitizer_logs
done_testing
