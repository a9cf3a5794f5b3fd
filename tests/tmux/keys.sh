#!/usr/bin/env bash
# Every key of the presenter on the test deck at one terminal size:
# navigation with reveal steps and backup skipping, counts, goto, notes,
# help, overview, search, presenter layout, blackout, quitting.
# Usage: keys.sh LECTERN COLS ROWS
source "$(dirname "$0")/lib.sh"
plan 94
cols=$2
rows=$3

start_shell "$cols" "$rows"
run_lectern "$DATA/present.ini"
at_slide 1 "Alpha intro" "start"

keys l
at_slide 2 "Bravo steps" "l"
wait_for "bravo one" "the first step is shown"
if off_screen "bravo two revealed"; then pass "the second step is hidden"; else fail "the second step is hidden"; fi
keys Space
wait_for "bravo two revealed" "Space reveals the next step"
keys Right
at_slide 3 "中文标题" "Right"
wait_for "算力需求每年翻倍" "Chinese text without LANG"
keys j
at_slide 5 "Echo chart" "j skips the backup slide"
keys h
at_slide 3 "中文标题" "h"
keys Left
at_slide 2 "Bravo steps" "Left"
wait_for "bravo two revealed" "going back shows the slide fully revealed"
keys k
wait_gone "bravo two revealed" "k hides the step again"
at_slide 2 "Bravo steps" "k on the first reveal step stays on the slide"
wait_for "bravo one" "and shows what comes before the step"
keys G
at_slide 6 "Foxtrot end" "G"
keys g g
at_slide 1 "Alpha intro" "gg"
keys End
at_slide 6 "Foxtrot end" "End"
keys Home
at_slide 1 "Alpha intro" "Home"
keys 2 l
at_slide 3 "中文标题" "2l moves two slides"
keys 4 Enter
at_slide 5 "Echo chart" "4 Enter goes to main slide 4, past the backup slide"
keys :
wait_status "go to slide" "':' opens the goto prompt"
text "B1"
keys Enter
at_slide 4 "Delta backup" ":B1 Enter goes to the backup slide"
keys :
text "chart"
keys Enter
at_slide 5 "Echo chart" ":chart Enter goes to a slide by id"
keys : 1 Enter
at_slide 1 "Alpha intro" ":1 Enter goes to a slide by number"
keys 9 Enter
wait_status "no slide 9" "a goto past the end says so"

keys s
wait_for "NOTE-ALPHA" "s shows the speaker notes"
wait_for "Notes" "under a Notes label"
keys l
wait_for "NOTE-BRAVO" "the notes follow the slide"
keys s
wait_gone "NOTE-BRAVO" "s hides the notes"

keys '?'
wait_for "lectern help" "? opens the help"
wait_for "next reveal step" "the help starts with the first action"
wait_for "[prev]" "the help names each action as [keys] in the config takes it"
keys G
wait_for "open the selected slide" "G scrolls the help to its last action"
wait_for "[open]" "down to the last action's name"
keys Escape
wait_gone "lectern help" "Escape closes the help"
at_slide 2 "Bravo steps" "after the help"

keys o
wait_for "Slides (Enter opens" "o opens the overview"
wait_for "Foxtrot end" "the overview lists the last slide"
wait_for "backup" "and marks the backup slide"
keys j Enter
wait_gone "Slides (Enter opens" "Enter closes the overview"
at_slide 3 "中文标题" "Enter opens the selected slide"
keys Tab
wait_for "Slides (Enter opens" "Tab opens the overview"
keys Escape
wait_gone "Slides (Enter opens" "Escape closes the overview"

keys /
wait_status "search:" "/ opens the search prompt"
text "needle"
keys Enter
at_slide 4 "Delta backup" "search finds text on a backup slide"
wait_status "needle 1/1" "the status line counts the hits"
keys /
text "note-"
keys Enter
at_slide 5 "Echo chart" "search finds notes, after the current slide"
keys n
at_slide 6 "Foxtrot end" "n goes to the next hit"
keys N
at_slide 5 "Echo chart" "N goes to the previous hit"
keys Escape
wait_status_gone "/note-" "Escape ends the search"

keys P
wait_for "Next:" "P shows the presenter layout with a preview"
wait_for "NOTE-ECHO" "and the notes"
wait_for "elapsed" "and the clock"
wait_for "Foxtrot end" "the preview shows the next slide"
keys P
wait_gone "elapsed" "P again leaves the presenter layout"

keys b
wait_gone "Echo chart" "b blanks the screen"
keys x
at_slide 5 "Echo chart" "any key ends the blackout"
keys w
wait_gone "Echo chart" "w blanks the screen"
keys q
at_slide 5 "Echo chart" "q only ends the white-out"

keys G s
wait_for "NOTE-FOXTROT" "the notes of the last slide"
wait_for "▼ more" "long notes are cut with a marker"
if off_screen "NOTE-END-LAST"; then pass "the end of the notes is hidden"; else fail "the end of the notes is hidden"; fi
keys J
wait_for "▲ more" "J scrolls the notes"
keys 9 9 J
wait_for "NOTE-END-LAST" "99J scrolls to the end of the notes"
keys 9 9 K
wait_for "NOTE-FOXTROT" "99K scrolls back to the top"
wait_gone "▲ more" "no marker above at the top"
# the mouse wheel, as a terminal reports it in X10 mouse mode: ESC [ M,
# then the button (64 up, 65 down) + 32 and the column and row + 32
text $'\e[Ma!!'
wait_for "▲ more" "the mouse wheel scrolls the notes down"
text $'\e[M`!!'
wait_gone "▲ more" "and back up"

quit_and_check_tty q
done_testing
