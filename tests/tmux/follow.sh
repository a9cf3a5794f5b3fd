#!/usr/bin/env bash
# Followers (lectern follow, issue #21): lectern present --audience in tmux
# session t, followers in sessions f, g, h and e of the same tmux server.
# A follower without a deck file draws the slides the presenter sends; it
# follows moves, reveal steps, the blackout and a reload; its navigation
# keys move nothing and say so once; it never shows a note (the test
# deck's notes all carry NOTE-), with or without its own deck file; a late
# follower is current at once; an English follower of the Chinese built-in
# talk shows the English title of the slide shown; when the presentation
# ends the follower waits and follows it again when it comes back.
# Usage: follow.sh LECTERN
source "$(dirname "$0")/lib.sh"
plan 36

source "$HERE/sessions.sh"

# no_note NAME WHAT: NAME shows no speaker note (checked now, not polled:
# it follows a check that the screen is up to date)
no_note() { if off "$1" "NOTE-"; then pass "$2"; else fail_on "$1" "$2 (a note is shown)"; fi; }

cp "$DATA/present.ini" "$TMPD/talk.ini"
deck=$TMPD/talk.ini

new_shell t
type_in t present --audience "$deck"
expect t "Alpha intro" "the presentation starts"
if poll test -S "$AUD/talk.sock" && [ "$(stat -c %a "$AUD")" = 755 ] &&
	[ "$(stat -c %a "$AUD/talk.sock")" = 666 ]; then
	pass "--audience opens $AUD/talk.sock, folder 0755, socket 0666"
else
	fail "--audience opens $AUD/talk.sock, folder 0755, socket 0666"
	ls -la "$AUD" | sed 's/^/#   /'
fi

# a follower without a deck file: the presenter sends the slides
new_shell f
tm send-keys -t =f: "cd / && $(printf '%q ' "$LECTERN") follow" Enter
expect f "Alpha intro" "a follower without a deck file draws the first slide"
expect f "First slide text" "and its text"
no_note f "it shows no note"
tkeys t Space
expect f "Bravo steps" "the follower follows a move"
expect f "bravo one" "to the first step"
check "without the step still hidden" off f "bravo two revealed"
no_note f "no note on the second slide"
tkeys t Space
expect f "bravo two revealed" "the follower follows a reveal step"

# its navigation keys move nothing and say so, once
tkeys f Space
expect_status f "this is a follower" "a navigation key in the follower says it is a follower"
tkeys f l
tkeys f End
sleep 0.3
check "the presenter did not move" on t "bravo two revealed"
check "nor did the follower" on f "bravo two revealed"
tkeys f n
sleep 0.3
no_note f "n (notes) in the follower shows no note"

# the blackout
tkeys t b
expect_gone f "Bravo steps" "the follower follows the blackout"
tkeys t b
expect f "Bravo steps" "and its end"

# a late follower with the deck file is current at once, shows no note
new_shell g
type_in g follow "$deck"
expect g "bravo two revealed" "a late follower with the deck file is current at once"
no_note g "it shows no note either"
tkeys t Space
expect g "中文标题 Charlie" "it follows the next move"
expect f "中文标题 Charlie" "as does the first"
no_note g "no note on the Chinese slide"

# a reload: the presenter's new title reaches the follower without a file
sed -i 's/^title  = 中文标题 Charlie/title  = Reloaded Charlie/' "$deck"
tkeys t r
expect t "Reloaded Charlie" "the presenter reloads the changed deck"
expect f "Reloaded Charlie" "the follower without a file shows the reloaded slide"
expect g "Reloaded Charlie" "the follower with the file too"

# the presentation ends: the follower waits, and follows it again
quit_in t
expect_status f "waiting for it to come back" "the follower waits when the presentation ends"
type_in t present --audience "$deck"
expect t "Alpha intro" "the presentation comes back"
expect f "Alpha intro" "and the follower follows it again"
quit_in f
quit_in g
quit_in t

# the built-in talk in Chinese, an English follower: by slide id
type_in t present --audience
expect t "新一代AIGC算力底座" "the Chinese built-in talk is presented"
tkeys t Space
expect t "算力分四层" "and moved to its second slide"
new_shell e
type_in e follow --lang en
expect e "Compute has four levels" "an English follower shows the English title of the Chinese slide"
quit_in e
type_in e follow --socket "$AUD/wise2023-aigc-compute.sock"
expect e "算力分四层" "a follower without a deck draws the built-in talk the presenter shows"
quit_in e
quit_in t

# the English built-in talk: a console and a follower without a deck find
# it among the built-in talks by its deck id
type_in t present --lang en --audience
expect t "A New Generation of Compute" "the English built-in talk is presented"
tkeys t Space
expect t "Compute has four levels" "and moved to its second slide"
type_in e console
expect e "Compute has four levels" "a console of the English built-in talk shows its slide"
quit_in e
type_in e follow --socket "$AUD/wise2023-aigc-compute-en.sock"
expect e "Compute has four levels" "a follower without a deck draws the English built-in talk"
quit_in e
quit_in t
no_sanitizer_logs
done_testing
