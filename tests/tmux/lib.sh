# Helpers for the real-terminal tests, sourced by tests/tmux/*.sh.
#
# Every test runs its own tmux server on a private socket (so tests can run
# in parallel) holding one window with a plain bash, starts lectern in it
# and asserts on capture-pane. Waits poll the screen for up to $WAIT_S
# seconds; a sleep is never the assertion. The server and the scratch
# directory are removed on exit, whatever happened. Output is TAP: a test
# whose number of checks is fixed declares it first with plan N; every
# sanitizer report of a lectern started in the pane fails the check during
# which it appeared (tests/tap.sh).

set -u

LECTERN=$(realpath "$1")
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DATA=$(cd "$HERE/../data" && pwd)
WAIT_S=${WAIT_S:-5}
SOCK="lectern-test-$$-$RANDOM"
TMPD=$(mktemp -d)
mkdir -p "$TMPD/config"
# the presentation's socket folder: private to the test (mode 0700), so
# tests presenting the same deck in parallel do not meet
mkdir -m 700 "$TMPD/run"
n=0
failed=0
planned=
source "$HERE/../tap.sh"
sanitizer_watch "$TMPD/sanitizer" # before the tmux server starts: it passes them on
# SAN: the environment assignments (for env) that send a lectern's
# sanitizer reports to $TMPD/san.* instead, keeping the options the suite
# was given (CI's abort_on_error); no_sanitizer_logs checks that none came.
# For the tests that start lectern outside the pane's shell as well.
SAN="ASAN_OPTIONS=${ASAN_OPTIONS}:log_path=$TMPD/san"
SAN="$SAN UBSAN_OPTIONS=${UBSAN_OPTIONS}:log_path=$TMPD/san:print_stacktrace=1"

# tmux itself runs in a UTF-8 locale; what lectern sees is set per command.
tm() { LC_ALL=C.UTF-8 tmux -L "$SOCK" -f /dev/null "$@"; }

cleanup() {
	tm kill-server >/dev/null 2>&1
	rm -rf "$TMPD"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

pass() {
	sanitizer_clean || { fail "$1 (a sanitizer report appeared)"; return; }
	n=$((n + 1))
	echo "ok $n - $1"
}

# plan N: the test has N checks, declared before the first
plan() {
	planned=$1
	tap_plan "$1"
}

fail() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $1"
	screen | sed 's/^/#   |/'
}

# screen: what the pane shows now; a capture that fails (a server too busy
# to answer) is tried again rather than read as an empty screen
screen() {
	local i
	for i in 1 2 3; do
		tm capture-pane -p -t t 2>/dev/null && return 0
		sleep 0.05
	done
	return 1
}

status_line() { screen | tail -n 1; }

# start_shell COLS ROWS [ENV...]: a window with bash at that size; lectern's
# locale comes from ENV (default: LANG, LC_ALL and LC_CTYPE unset).
start_shell() {
	local cols=$1 rows=$2
	shift 2
	local envs="-u LANG -u LC_ALL -u LC_CTYPE -u NO_COLOR"
	local a
	for a in "$@"; do
		envs="$envs $(printf '%q' "$a")"
	done
	local cmd="env $envs XDG_CONFIG_HOME=$TMPD/config XDG_RUNTIME_DIR=$TMPD/run HOME=$TMPD HISTFILE=/dev/null PS1='shell\$ ' bash --norc --noprofile"
	if tm has-session -t t 2>/dev/null; then
		# replace the pane's program but keep the server: killing its last
		# session would make the server exit under the next new-session
		tm resize-window -t t -x "$cols" -y "$rows"
		tm respawn-pane -k -t t "$cmd"
	else
		tm new-session -d -s t -x "$cols" -y "$rows" "$cmd"
	fi
	wait_for 'shell$' "the shell starts" quiet
}

# run_lectern ARGS...: types the lectern command line into the shell.
run_lectern() {
	local cmd
	cmd=$(printf '%q ' "$LECTERN" "$@")
	tm send-keys -t t "$cmd" Enter
}

keys() { tm send-keys -t t "$@"; }
text() { tm send-keys -t t -l "$1"; }

# poll COMMAND...: true as soon as COMMAND succeeds, false after $WAIT_S s.
poll() {
	local end=$((SECONDS + WAIT_S + 1))
	while [ "$SECONDS" -lt "$end" ]; do
		"$@" && return 0
		sleep 0.05
	done
	"$@"
}

on_screen() { screen | grep -qF -- "$1"; }
off_screen() { ! screen | grep -qF -- "$1"; }
in_status() { status_line | grep -qF -- "$1"; }
not_in_status() { ! in_status "$1"; }

# wait_for TEXT WHAT [quiet]: TEXT appears anywhere on the screen.
wait_for() {
	if poll on_screen "$1"; then
		[ "${3:-}" = quiet ] || pass "$2"
	else
		fail "$2 (no '$1' on screen)"
		[ "${3:-}" = quiet ] && { echo "Bail out! setup failed"; exit 1; }
	fi
	return 0
}

# wait_gone TEXT WHAT: TEXT is no longer on the screen.
wait_gone() {
	if poll off_screen "$1"; then pass "$2"; else fail "$2 ('$1' still on screen)"; fi
}

# wait_status TEXT WHAT: the status line (last row) shows TEXT.
wait_status() {
	if poll in_status "$1"; then pass "$2"; else fail "$2 (status lacks '$1')"; fi
}

# col_of TEXT: prints the column where TEXT first starts on the screen.
col_of() {
	local line
	line=$(screen | grep -F -m1 -- "$1") || { echo -1; return; }
	line=${line%%"$1"*}
	echo "${#line}"
}

# centred_within TEXT LO HI: TEXT starts in a column in [LO, HI].
centred_within() {
	local c
	c=$(col_of "$1")
	[ "$c" -ge "$2" ] && [ "$c" -le "$3" ]
}

# wait_status_gone TEXT WHAT: the status line no longer shows TEXT.
wait_status_gone() {
	if poll not_in_status "$1"; then pass "$2"; else fail "$2 (status still has '$1')"; fi
}

# slide_label N: what the status line shows for slide N (file order) of
# the test deck: its five main slides are counted apart from the backup
# slide 4 (issue 15).
slide_label() {
	case $1 in
	4) echo "B1/1" ;;
	5) echo "4/5" ;;
	6) echo "5/5" ;;
	*) echo "$1/5" ;;
	esac
}

# at_slide N TITLE WHAT: the status says slide N of the test deck and the
# slide's title is on screen.
at_slide() {
	local l
	l=$(slide_label "$1")
	wait_status " $l " "$3: status shows $l"
	wait_for "$2" "$3: title '$2'"
}

# prompt_ready: the last non-empty line on screen is a fresh shell prompt.
prompt_ready() { [ "$(screen | grep -v '^ *$' | tail -n 1)" = 'shell$' ]; }

# quit_and_check_tty KEY...: sends the keys, waits for the shell and checks
# that the terminal is back in canonical mode with echo.
quit_and_check_tty() {
	[ $# -gt 0 ] && keys "$@"
	# type nothing until lectern has exited and the shell prompts again, so
	# no keystroke of the check can reach lectern
	poll prompt_ready || fail "the shell prompts again after lectern quits"
	local mark="TTY-$RANDOM"
	tm send-keys -t t "stty -a > $TMPD/stty; echo $mark-\$((1+1))" Enter
	wait_for "$mark-2" "the shell runs commands again after lectern"
	if grep -qE '(^| )icanon( |;|$)' "$TMPD/stty" && grep -qE '(^| )echo( |;|$)' "$TMPD/stty"; then
		pass "the terminal is back in canonical mode with echo"
	else
		fail "the terminal is back in canonical mode with echo"
		sed 's/^/#   /' "$TMPD/stty"
	fi
}

# settled_size FILE: the size of FILE once it stopped growing (tmux copies
# pane output to pipe-pane asynchronously).
settled_size() {
	local last=-1 same=0 cur i
	for i in $(seq 100); do
		cur=$(stat -c %s "$1" 2>/dev/null || echo 0)
		if [ "$cur" -eq "$last" ]; then
			same=$((same + 1))
			[ "$same" -ge 4 ] && break
		else
			same=0
		fi
		last=$cur
		sleep 0.05
	done
	echo "$cur"
}

# sgr_at TEXT: "FG BG BOLD" in effect where TEXT first starts on the
# screen: FG and BG as SGR codes (39/49 the defaults, 38;5;N for 256
# colours), BOLD 1 or 0; "none" when TEXT is not on the screen.
sgr_at() {
	local cap prefix fg=39 bg=49 bold=0 i
	cap=$(tm capture-pane -e -p -t t)
	prefix=${cap%%"$1"*}
	[ "$prefix" = "$cap" ] && { echo none; return; }
	local re=$'\e\\[([0-9;]*)m'
	while [[ $prefix =~ $re ]]; do
		prefix=${prefix#*"${BASH_REMATCH[0]}"}
		local -a ps
		IFS=';' read -ra ps <<<"${BASH_REMATCH[1]:-0}"
		[ ${#ps[@]} -eq 0 ] && ps=(0)
		for ((i = 0; i < ${#ps[@]}; i++)); do
			case ${ps[i]} in
			0 | '') fg=39 bg=49 bold=0 ;;
			1) bold=1 ;;
			22) bold=0 ;;
			38 | 48)
				local c="${ps[i]};${ps[i + 1]:-};${ps[i + 2]:-}"
				[ "${ps[i]}" = 38 ] && fg=$c || bg=$c
				i=$((i + 2))
				;;
			3[0-9] | 9[0-7]) fg=${ps[i]} ;;
			4[0-9] | 10[0-7]) bg=${ps[i]} ;;
			esac
		done
	done
	echo "$fg $bg $bold"
}

# expect_sgr TEXT WANT WHAT: polls until sgr_at TEXT is WANT.
expect_sgr() {
	local got
	if poll [ "$(sgr_at "$1")" = "$2" ]; then
		pass "$3"
	else
		got=$(sgr_at "$1")
		fail "$3 (got '$got', want '$2')"
	fi
}

# no_sanitizer_logs: one check, that no $TMPD/san.* (see SAN) was written;
# what was is shown.
no_sanitizer_logs() {
	if ls "$TMPD"/san.* >/dev/null 2>&1; then
		fail "no sanitizer reports"
		head -n 40 "$TMPD"/san.* | sed 's/^/#   /'
	else
		pass "no sanitizer reports"
	fi
}

done_testing() {
	sanitizer_clean || fail "no sanitizer report at the end"
	if [ -n "$planned" ]; then
		[ "$n" -eq "$planned" ] || echo "# ran $n checks of the $planned planned"
	else
		echo "1..$n"
	fi
	[ "$failed" -eq 0 ]
}
