#!/usr/bin/env bash
# Two terminals: lectern present in tmux session t (the audience screen),
# lectern console in sessions c and c2 of the same tmux server, one private
# socket folder ($XDG_RUNTIME_DIR, mode 0700) for both. Keys in either move
# both; the timer and the blackouts are driven from the console; a late
# console is up to date at once; killing a console leaves the presenter
# working; garbage on the socket closes only the bad clients; --list; 50
# followers all follow a key; the presenter quitting and coming back (a
# key that could not be sent meanwhile is no longer said once it is back);
# --exit-with; a deck presented under --session found by its file and by
# its id, and two such sessions listed.
# Usage: console.sh LECTERN
source "$(dirname "$0")/lib.sh"
plan 108

# Several sessions share this tmux server, and a bare "-t t" may resolve to
# a window whose name starts with "t" (tmux names new windows "tmux" for a
# moment): every target here names its session exactly ("=NAME:").
screen() { tm capture-pane -p -t =t: 2>/dev/null; }
keys() { tm send-keys -t =t: "$@"; }
text() { tm send-keys -t =t: -l "$1"; }
run_lectern() { tm send-keys -t =t: "$(printf '%q ' "$LECTERN" "$@")" Enter; }

deck=$DATA/present.ini
source "$HERE/sessions.sh"

# console_at NAME N TITLE NEXT NOTE WHAT: a console shows slide N with its
# title, the next slide's preview and the notes.
console_at() {
	expect_status "$1" " $(slide_label "$2") " "$6: the console's status shows $(slide_label "$2")"
	expect "$1" "$3" "$6: the console shows the title '$3'"
	expect "$1" "Next: $4" "$6: the console previews '$4'"
	expect "$1" "$5" "$6: the console shows the notes '$5'"
}

lectern_in() { # lectern_in NAME: the pid of the lectern the pane's shell runs
	pgrep -P "$(tm list-panes -t "=$1:" -F '#{pane_pid}')" | head -n 1
}

type_in() { # type_in NAME ARGS...: types a lectern command line into NAME's shell
	tm send-keys -t "=$1:" "$(shift; printf '%q ' "$LECTERN" "$@")" Enter
}

# shellcheck disable=SC2086
start_shell 80 24 $SAN
run_lectern "$deck"
at_slide 1 "Alpha intro" "the presentation starts"
if [ -S "$RUN/lectern/present.sock" ] &&
	[ "$(stat -c %a "$RUN/lectern")" = 700 ] &&
	[ "$(stat -c %a "$RUN/lectern/present.sock")" = 600 ]; then
	pass "its socket is $RUN/lectern/present.sock, folder 0700, socket 0600"
else
	fail "its socket is $RUN/lectern/present.sock, folder 0700, socket 0600"
fi

new_shell c
type_in c console "$deck"
console_at c 1 "Alpha intro" "Bravo steps" "NOTE-ALPHA" "a console follows"
expect c "elapsed" "the console shows the timer"

tm send-keys -t =c: l
at_slide 2 "Bravo steps" "l in the console moves the audience screen"
expect_status c "step 1/2" "and the console, to the first step"
tm send-keys -t =c: Space
wait_for "bravo two revealed" "Space in the console reveals the step on the audience screen"
keys l
at_slide 3 "中文标题" "l in the audience screen"
console_at c 3 "中文标题" "Echo chart" "NOTE-CHARLIE" "moves the console"

tm send-keys -t =c: t
expect c "PAUSED" "t in the console pauses the timer"
# the note is the speaker's: while a console follows it stays off the
# audience screen (issue 15), and the presentation's messages (m) have it
keys m
wait_for "timer paused" "of the presentation"
keys Escape
wait_gone "Messages, newest last" "Escape closes the audience screen's messages"
tm send-keys -t =c: t
expect_gone c "PAUSED" "t again resumes it"
tm send-keys -t =c: b
wait_gone "中文标题" "b in the console blanks the audience screen"
expect c "BLACK SCREEN" "the console says the screen is black"
expect c "NOTE-CHARLIE" "and keeps showing the notes"
tm send-keys -t =c: l
at_slide 3 "中文标题" "a key in the console ends the blackout without moving"
expect_gone c "BLACK SCREEN" "the console sees the blackout end"
tm send-keys -t =c: r
expect_status c "reload the deck in the presenting terminal" "r is not sent"
tm send-keys -t =c: '?'
expect c "lectern help" "? opens the help in the console only"
check "not on the audience screen" off t "lectern help"
tm send-keys -t =c: Escape
expect_gone c "lectern help" "Escape closes it"

new_shell c2
type_in c2 console "$deck"
console_at c2 3 "中文标题" "Echo chart" "NOTE-CHARLIE" \
	"a console started late is up to date at once"
pid=$(lectern_in c2)
[ -n "$pid" ] && kill -9 "$pid"
poll on c2 'shell$' >/dev/null
keys l
at_slide 5 "Echo chart" "after kill -9 of a console the presenter still moves"
expect_status c " $(slide_label 5) " "and the other console follows"

env XDG_RUNTIME_DIR="$RUN" "$LECTERN" console --list >"$TMPD/list" 2>&1
if [ $? -eq 0 ]; then pass "console --list exits 0"; else fail "console --list exits 0"; fi
# the slide as the speaker sees it: main slide 4 of 5 (the backup slide
# apart), not the file's 5 of 6 (issue 15)
if grep -q "^present .* $(slide_label 5) .*$RUN/lectern/present.sock" "$TMPD/list"; then
	pass "--list shows the deck, the slide ($(slide_label 5), as its speaker sees it) and the socket"
else
	fail "--list shows the deck, the slide ($(slide_label 5), as its speaker sees it) and the socket"
	sed 's/^/#   /' "$TMPD/list"
fi

# the same deck presented twice: the second one says so, --session fixes it
type_in c2 present "$deck"
expect_status c2 "'present' is already presented: consoles need --session" \
	"presenting the deck twice says so in the status line"
tm send-keys -t =c2: q
poll on c2 'shell$' >/dev/null
type_in c2 present --session two "$deck"
expect_status c2 "Test talk" "with --session the second presentation starts quietly"
env XDG_RUNTIME_DIR="$RUN" "$LECTERN" console --list >"$TMPD/list" 2>&1
if grep -q "^present  *two  *1/5 .*$RUN/lectern/present@two.sock" "$TMPD/list"; then
	pass "--list shows the second one with its session"
else
	fail "--list shows the second one with its session"
	sed 's/^/#   /' "$TMPD/list"
fi
tm send-keys -t =c2: q
poll on c2 'shell$' >/dev/null
# a presentation whose deck file is gone: --list cannot number its slide
# among the main slides and shows the slide's id instead
cp "$deck" "$TMPD/gone.ini"
type_in c2 present --session gone "$TMPD/gone.ini"
expect_status c2 "Test talk" "a copy of the deck is presented under --session gone"
rm "$TMPD/gone.ini"
env XDG_RUNTIME_DIR="$RUN" "$LECTERN" console --list >"$TMPD/list" 2>&1
if grep -q "^gone  *gone  *intro .*$RUN/lectern/gone@gone.sock" "$TMPD/list"; then
	pass "--list shows the slide's id when the deck file is gone"
else
	fail "--list shows the slide's id when the deck file is gone"
	sed 's/^/#   /' "$TMPD/list"
fi
tm send-keys -t =c2: q
poll on c2 'shell$' >/dev/null

# an unsafe socket folder: the presentation runs and says why
mkdir -p -m 755 "$TMPD/open/lectern"
chmod 755 "$TMPD/open" "$TMPD/open/lectern"
tm send-keys -t =c2: "XDG_RUNTIME_DIR=$TMPD/open $(printf '%q ' "$LECTERN" present "$deck")" Enter
expect_status c2 "no console can follow: socket folder is open to group" \
	"an unsafe socket folder is named in the status line"
tm send-keys -t =c2: q
poll on c2 'shell$' >/dev/null
check "and no socket is made there" [ ! -e "$TMPD/open/lectern/present.sock" ]

# garbage while navigating
python3 "$HERE/garbage.py" "$RUN/lectern/present.sock" 8 >"$TMPD/garbage" 2>&1 &
gpid=$!
keys h
keys h
wait "$gpid"
grc=$?
sed 's/^/#   /' "$TMPD/garbage"
check "every client sending garbage was closed" [ "$grc" -eq 0 ]
at_slide 2 "Bravo steps" "the presenter kept working through the garbage"
expect_status c " $(slide_label 2) " "and the console stayed in step"
tm send-keys -t =c: k
expect_status t "step 1/2" "and still drives it"

# 50 followers on a detached session of 80x24 windows
keys l l
at_slide 3 "中文标题" "before the followers"
ccmd="env $ENVS $(printf '%q ' "$LECTERN" console "$deck")"
tm new-session -d -s f -x 80 -y 24 "$ccmd"
for i in $(seq 2 50); do tm new-window -d -t =f: "$ccmd"; done
all_at() { # all_at TEXT: every follower's status line shows TEXT
	local w
	for w in $(tm list-windows -t =f -F '#{window_index}'); do
		scr "f:$w" | tail -n 1 | grep -qF -- "$1" || return 1
	done
	[ "$(tm list-windows -t =f | wc -l)" -eq 50 ]
}
WAIT_S=15
if poll all_at " $(slide_label 3) "; then pass "50 followers show slide 3"; else fail_on f "50 at slide 3"; fi
keys l
if poll all_at " $(slide_label 5) "; then
	pass "after a key on the presenter all 50 show slide 5"
else
	fail_on f "after a key on the presenter all 50 show slide 5"
fi
tm send-keys -t =f:7 h
at_slide 3 "中文标题" "a key in follower 7 moves the presentation"
if poll all_at " $(slide_label 3) "; then pass "and all 50 followers"; else fail_on f "and all 50 followers"; fi
WAIT_S=5
tm kill-session -t =f
keys l
at_slide 5 "Echo chart" "the presenter works after 50 followers went away"

# the presentation ends and comes back
keys q
poll prompt_ready || fail "the presenter quits"
expect c "the presentation ended — waiting for it to come back" \
	"the console says the presentation ended"
expect_status c " $(slide_label 5) " "and keeps the last slide"
tm send-keys -t =c: l
expect_status c "not connected: 'next' was not sent" "a key while it is gone is not sent"
run_lectern "$deck"
at_slide 1 "Alpha intro" "the presentation starts again"
console_at c 1 "Alpha intro" "Bravo steps" "NOTE-ALPHA" "the console follows it again"
expect_gone c "was not sent" "and the stale 'not sent' message is gone"
tm send-keys -t =c: G
at_slide 6 "Foxtrot end" "and drives it again"

tm send-keys -t =c2: clear Enter
tm send-keys -t =c2: "$(printf '%q ' "$LECTERN" console --exit-with "$deck"); echo rc=\$?" Enter
expect_status c2 " $(slide_label 6) " "a console with --exit-with follows"
keys q
expect c2 "rc=0" "--exit-with: the console exits 0 when the presentation ends"
expect c2 "the presentation ended" "and says why"
expect c "waiting for it to come back" "the other console waits"
tm send-keys -t =c: q
if poll on c 'shell$'; then pass "q quits the console"; else fail_on c "q quits the console"; fi

# a deck presented only under a session name: 'lectern console DECK' finds
# it, and so does the deck id that --list shows; two of them are listed
run_lectern --session room1 "$deck"
at_slide 1 "Alpha intro" "a presentation under --session room1"
tm send-keys -t =c: clear Enter
type_in c console "$deck"
console_at c 1 "Alpha intro" "Bravo steps" "NOTE-ALPHA" \
	"'lectern console DECK' finds the deck presented under --session room1"
expect c "elapsed" "and is connected to it (the presenter's timer)"
tm send-keys -t =c: l
at_slide 2 "Bravo steps" "and drives it"
tm send-keys -t =c: q
poll on c 'shell$' >/dev/null
tm send-keys -t =c: clear Enter
type_in c console present
expect_status c " $(slide_label 2) " "'lectern console present' (the id --list shows) follows it too"
expect c "NOTE-BRAVO" "with the notes of the deck file its presenter named"
tm send-keys -t =c: q
poll on c 'shell$' >/dev/null
tm send-keys -t =c2: clear Enter
type_in c2 present --session room2 "$deck"
expect_status c2 "Test talk" "the same deck under --session room2"
tm send-keys -t =c: clear Enter
tm send-keys -t =c: "$(printf '%q ' "$LECTERN" console "$deck"); echo rc=\$?" Enter
expect c "rc=2" "with two sessions of the deck the console asks which"
expect c "2 presentations of 'present' are running; say which one with --session" \
	"and says how"
expect c "room1" "listing room1"
expect c "room2" "and room2"
tm send-keys -t =c: clear Enter
tm send-keys -t =c: "$(printf '%q ' "$LECTERN" console --session room2 present); echo rc=\$?" Enter
expect_status c " $(slide_label 1) " "--session room2 with the id picks that one"
tm send-keys -t =c: q
expect c "rc=0" "and quits cleanly"
tm send-keys -t =c: clear Enter
tm send-keys -t =c: "$(printf '%q ' "$LECTERN" console nosuch); echo rc=\$?" Enter
expect c "rc=1" "an id nothing presents is an error"
expect c "no running presentation has the id 'nosuch' either" "that says so"
tm send-keys -t =c2: q
poll on c2 'shell$' >/dev/null
keys q
poll prompt_ready || fail "the presenter quits"

# --start-at: a console counts down with the presenter until the start
soon=$(date -d '+3 min' +%H:%M)
run_lectern --start-at "$soon" "$deck"
at_slide 1 "Alpha intro" "a presentation that starts at $soon"
tm send-keys -t =c: clear Enter
type_in c console "$deck"
expect c "starts in " "the console counts down to the start"
keys l
at_slide 2 "Bravo steps" "moving on the presenter starts the timer"
expect_gone c "starts in " "and the console's countdown is gone"
expect c "elapsed 0:0" "the console's timer runs"
tm send-keys -t =c: q
if poll on c 'shell$'; then pass "q quits that console"; else fail_on c "q quits that console"; fi
keys q
poll prompt_ready || fail "the presenter quits"
no_sanitizer_logs
done_testing
