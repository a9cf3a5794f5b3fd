#!/usr/bin/env bash
# A short presentation of every hostile deck in a real terminal: decks that
# load are presented (next, notes, presenter layout, overview, quit) and
# exit 0; malformed ones exit 1 before the screen starts; nothing in any of
# them changes the window title or writes the clipboard through tmux.
# Usage: hostile.sh LECTERN
source "$(dirname "$0")/lib.sh"

start_shell 80 24 LANG=C.UTF-8
tm set -g set-clipboard on # so an OSC 52 write would land in a tmux buffer
title0=$(tm display-message -p -t t '#{pane_title}')
for f in "$DATA"/hostile/*.ini; do
	name=$(basename "$f" .ini)
	"$LECTERN" check "$f" >/dev/null 2>&1
	want=$?
	tm send-keys -t t "clear; $(printf '%q' "$LECTERN") --no-listen $(printf '%q' "$f") 2>/dev/null; echo rc=\$?" Enter
	if [ "$want" -eq 0 ]; then
		wait_status " 1/" "$name: presented"
		keys l s P o Escape
		keys q
		wait_for "rc=0" "$name: quits with status 0"
	else
		wait_for "rc=1" "$name: refused with status 1 before the screen starts"
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
