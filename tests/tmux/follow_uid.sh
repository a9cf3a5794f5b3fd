#!/usr/bin/env bash
# A follower of another user (issue #21): lectern present --audience runs
# as root (as CI does) in tmux session t; a follower runs as uid 65534
# (setpriv --reuid=65534 --regid=65534 --clear-groups) in session n. Through
# the audience socket it is accepted and follows; through the console
# socket it is refused, and so is lectern console. It needs root to switch
# users: run as anyone else it fails (a skip would count as a failure).
# Usage: follow_uid.sh LECTERN
source "$(dirname "$0")/lib.sh"
plan 9

if [ "$(id -u)" != 0 ]; then
	for i in $(seq 9); do fail "needs root to run a follower as uid 65534 (CI runs as root)"; done
	done_testing
	exit 1
fi

source "$HERE/sessions.sh"
# the follower must reach the audience folder: the scratch folder opens
# for traversal only (its run/ stays 0700)
chmod 711 "$TMPD"
# uid 65534's environment: no folder of the presenter's but the audience's
NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups env -u LANG -u LC_ALL -u LC_CTYPE"
NOBODY="$NOBODY HOME=/nonexistent XDG_CONFIG_HOME=/nonexistent LECTERN_AUDIENCE_DIR=$AUD"


cp "$DATA/present.ini" "$TMPD/talk.ini"
chmod 600 "$TMPD/talk.ini"
new_shell t
type_in t present --audience "$TMPD/talk.ini"
expect t "Alpha intro" "the presentation runs as root"

new_shell n "$NOBODY"
tm send-keys -t =n: "id -u" Enter
expect n "65534" "the follower's shell runs as uid 65534"
type_in n follow
expect n "Alpha intro" "uid 65534 follows through the audience socket (no deck file it could read)"
tm send-keys -t =t: Space
expect n "Bravo steps" "and follows a move"
tm send-keys -t =n: q
poll on n 'shell$' >/dev/null

tm send-keys -t =n: clear Enter
type_in n follow --socket "$RUN/lectern/talk.sock"
expect n "Permission denied; waiting" "through the console socket it is refused"
tm send-keys -t =n: q
poll on n 'shell$' >/dev/null
check_sock() { [ "$(stat -c %a "$RUN/lectern")" = 700 ] && [ "$(stat -c %a "$RUN/lectern/talk.sock")" = 600 ]; }
if check_sock; then pass "the console socket stays 0600 in a 0700 folder"; else fail "the console socket stays 0600 in a 0700 folder"; fi

tm send-keys -t =n: clear Enter
tm send-keys -t =n: "XDG_RUNTIME_DIR=$RUN $(printf '%q ' "$LECTERN") console talk; echo rc=\$?" Enter
expect n "rc=3" "lectern console as uid 65534 is refused"
expect n "cannot create the socket folder" "saying it may not reach the presenter's socket folder"

tm send-keys -t =t: q
poll on t 'shell$' >/dev/null
no_sanitizer_logs
done_testing
