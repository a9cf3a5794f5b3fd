#!/usr/bin/env bash
# Terminal safety: after SIGQUIT, a crash (SIGSEGV, SIGBUS, SIGFPE, SIGILL)
# and an internal error (SIGABRT from abort()), the terminal is back to
# normal: main screen, cursor visible, canonical mode with echo. Then a
# storm of 500 resizes to random sizes from 1x1 to 300x100 while keys
# arrive: no crash, no hang, and the final screen is right.
# Usage: safety.sh LECTERN
source "$(dirname "$0")/lib.sh"
plan 39

deck=$DATA/present.ini

lectern_pid() { # the lectern started by the pane's shell
	local sh
	sh=$(tm list-panes -t t -F '#{pane_pid}')
	pgrep -P "$sh" | head -n 1
}

# main_screen_with_cursor: tmux says the pane left the alternate screen and
# shows the cursor.
main_screen_with_cursor() {
	[ "$(tm display-message -p -t t '#{alternate_on} #{cursor_flag}')" = "0 1" ]
}

start_shell 80 24
for sig in QUIT SEGV BUS FPE ILL ABRT; do
	run_lectern "$deck"
	at_slide 1 "Alpha intro" "start for SIG$sig"
	pid=$(lectern_pid)
	[ -n "$pid" ] && kill -"$sig" "$pid"
	quit_and_check_tty
	if poll main_screen_with_cursor; then
		pass "after SIG$sig: main screen, cursor visible"
	else
		fail "after SIG$sig: main screen, cursor visible ($(tm display-message -p -t t \
			'alternate_on=#{alternate_on} cursor_flag=#{cursor_flag}'))"
	fi
	tm send-keys -t t "clear" Enter
done

# The resize storm.
run_lectern "$deck"
at_slide 1 "Alpha intro" "start for the resize storm"
pid=$(lectern_pid)
RANDOM=4242 # the same storm every run
ks=(l h s P s P '?' Escape o Escape l)
for i in $(seq 500); do
	tm resize-window -t t -x $((1 + RANDOM % 300)) -y $((1 + RANDOM % 100))
	if [ $((i % 7)) -eq 0 ]; then keys "${ks[$((RANDOM % ${#ks[@]}))]}"; fi
done
tm resize-window -t t -x 80 -y 24
if kill -0 "$pid" 2>/dev/null; then
	pass "lectern survives 500 resizes with keys in between"
else
	fail "lectern survives 500 resizes with keys in between"
fi
keys Escape Escape g g
at_slide 1 "Alpha intro" "after the storm, gg shows the first slide at 80x24"
keys l l l
at_slide 3 "Charlie" "and navigation still works"
quit_and_check_tty q
done_testing
