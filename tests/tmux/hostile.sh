#!/usr/bin/env bash
# A short presentation of every hostile deck in a real terminal: decks that
# load are presented (next, notes, presenter layout, overview, quit) and
# exit 0; malformed ones (data/hostile/malformed.list, the list
# tests/hostile.sh uses) exit 1 before the screen starts, saying so on
# stderr; no sanitizer report; nothing in any of them changes the window
# title or writes the clipboard through tmux.
# Usage: hostile.sh LECTERN
source "$(dirname "$0")/lib.sh"

start_shell 80 24 LANG=C.UTF-8
tm set -g set-clipboard on # so an OSC 52 write would land in a tmux buffer
title0=$(tm display-message -p -t t '#{pane_title}')
malformed=" $(echo $(cat "$DATA/hostile/malformed.list")) "
decks=("$DATA"/hostile/*.ini)
# three checks a deck that loads, two a malformed one, two at the end
plan $((3 * ${#decks[@]} - $(wc -l <"$DATA/hostile/malformed.list") + 2))
for f in "${decks[@]}"; do
	name=$(basename "$f" .ini)
	err=$TMPD/err.$name
	tm send-keys -t t "clear; $(printf '%q' "$LECTERN") --no-listen $(printf '%q' "$f") 2>$(printf '%q' "$err"); echo rc=\$?-$name" Enter
	if [[ $malformed != *" $name "* ]]; then
		wait_status " 1/" "$name: presented"
		keys l s P o Escape
		keys q
		wait_for "rc=0-$name" "$name: quits with status 0"
	else
		# the deck's own marker: the last deck's rc=1 may still be on screen
		wait_for "rc=1-$name" "$name: refused with status 1 before the screen starts"
		if grep -q "^$DATA/hostile/$name.ini.*error:" "$err"; then
			pass "$name: stderr names the file and the error"
		else
			fail "$name: stderr names the file and the error"
			sed 's/^/#   stderr: /' "$err" | head -5
		fi
		continue
	fi
	if sanitizer_clean "$err" && ! [ -s "$err" ]; then
		pass "$name: nothing on stderr"
	else
		fail "$name: nothing on stderr"
		sed 's/^/#   stderr: /' "$err" | head -5
	fi
done
title1=$(tm display-message -p -t t '#{pane_title}')
if [ "$title0" = "$title1" ]; then
	pass "no deck changed the window title"
else
	fail "no deck changed the window title ('$title0' became '$title1')"
fi
if [ -z "$(tm list-buffers 2>/dev/null)" ]; then
	pass "no deck wrote the clipboard"
else
	fail "no deck wrote the clipboard: $(tm list-buffers)"
fi
done_testing
