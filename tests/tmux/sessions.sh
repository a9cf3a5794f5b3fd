# Helpers for the real-terminal tests that run several tmux sessions on
# one server (a presenter and its consoles or followers), sourced after
# lib.sh. Every target names its session exactly ("=NAME:"): a bare name
# may resolve to another session whose name starts the same.
#
# RUN and AUD are the test's socket and audience folders; ENVS is the
# environment of every shell new_shell starts (no locale, the test's
# config, folders and HOME, SAN's sanitizer log path).

RUN=$TMPD/run
AUD=$TMPD/audience
ENVS="-u LANG -u LC_ALL -u LC_CTYPE -u NO_COLOR XDG_CONFIG_HOME=$TMPD/config"
ENVS="$ENVS XDG_RUNTIME_DIR=$RUN LECTERN_AUDIENCE_DIR=$AUD $SAN HOME=$TMPD"

# new_shell NAME [PREFIX]: a session NAME of 80x24 holding a bash started
# with ENVS, or by PREFIX (a command line that runs what follows it, such
# as setpriv ... env ...) when given; bails out when no prompt comes.
new_shell() {
	local cmd="env $ENVS HISTFILE=/dev/null PS1='shell\$ ' bash --norc --noprofile"
	[ -n "${2:-}" ] && cmd="$2 HISTFILE=/dev/null PS1='shell\$ ' bash --norc --noprofile"
	tm new-session -d -s "$1" -x 80 -y 24 "$cmd"
	poll on "$1" 'shell$' || {
		echo "Bail out! no shell in $1"
		exit 1
	}
}

scr() { # scr SESSION or SESSION:WINDOW: what it shows
	case $1 in
	*:*) tm capture-pane -p -t "=$1" 2>/dev/null ;;
	*) tm capture-pane -p -t "=$1:" 2>/dev/null ;;
	esac
}
on() { scr "$1" | grep -qF -- "$2"; }
off() { ! on "$1" "$2"; }
status_on() { scr "$1" | tail -n 1 | grep -qF -- "$2"; }

fail_on() { # fail_on NAME WHAT: a failed check, with NAME's screen
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $2"
	scr "$1" | sed 's/^/#   |/'
}

check() { # check WHAT COMMAND...: passes when COMMAND does (not polled)
	local what=$1
	shift
	if "$@"; then pass "$what"; else fail "$what"; fi
}

expect() { # expect NAME TEXT WHAT: TEXT appears in NAME (polled)
	if poll on "$1" "$2"; then pass "$3"; else fail_on "$1" "$3 (no '$2' in $1)"; fi
}

expect_gone() { # expect_gone NAME TEXT WHAT: TEXT leaves NAME (polled)
	if poll off "$1" "$2"; then pass "$3"; else fail_on "$1" "$3 ('$2' still in $1)"; fi
}

expect_status() { # expect_status NAME TEXT WHAT: NAME's last row shows TEXT (polled)
	if poll status_on "$1" "$2"; then pass "$3"; else fail_on "$1" "$3 (status lacks '$2')"; fi
}

# type_in NAME ARGS...: types the lectern command line ARGS into NAME
type_in() { tm send-keys -t "=$1:" "$(
	shift
	printf '%q ' "$LECTERN" "$@"
)" Enter; }
tkeys() { tm send-keys -t "=$1:" "$2"; } # tkeys NAME KEY
# quit_in NAME: q in NAME, then its shell's prompt back (not a check)
quit_in() {
	tkeys "$1" q
	poll on "$1" 'shell$' >/dev/null
}
