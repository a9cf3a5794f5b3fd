#!/usr/bin/env bash
# lectern follow --plain (issue #21): a presenter in tmux, two plain
# followers outside it, each writing through a pipe into a file, TERM
# unset and stdin not a terminal: one with the deck file, one without (the
# presenter sends the deck). The presenter moves through three slides with
# a reveal, blanks, reloads and quits; each output has every slide's title
# in order, the revealed item written once (a reveal writes only what it
# adds), the blackout and the end as "lectern:" lines, no note, and no ESC,
# C1 or bidi control byte. A follower whose reader went away exits 0, one
# sent SIGTERM exits 143, both without a word on stderr. On a terminal's
# stdin (output still through a pipe), q and Ctrl-C quit and the terminal
# is left in canonical mode with echo.
# Usage: follow_plain.sh LECTERN
source "$(dirname "$0")/lib.sh"
plan 30

cp "$DATA/present.ini" "$TMPD/talk.ini"
deck=$TMPD/talk.ini
start_shell 80 24 $SAN
run_lectern present "$deck"
wait_for "Alpha intro" "the presentation starts" quiet

# follower NAME [ARGS...]: starts lectern follow --plain ARGS with stdout a
# pipe read by cat into $TMPD/NAME.out; its pid in pid_NAME, cat's in cat_NAME
follower() {
	local name=$1
	shift
	mkfifo "$TMPD/$name.fifo"
	cat "$TMPD/$name.fifo" >"$TMPD/$name.out" &
	eval "cat_$name=$!"
	(cd / && exec env -u TERM -u LANG -u LC_ALL -u LC_CTYPE COLUMNS=60 \
		XDG_CONFIG_HOME="$TMPD/config" XDG_RUNTIME_DIR="$TMPD/run" HOME="$TMPD" \
		$SAN \
		"$LECTERN" follow --plain "$@" </dev/null >"$TMPD/$name.fifo" 2>"$TMPD/$name.err") &
	eval "pid_$name=$!"
}
has() { grep -qF -- "$2" "$TMPD/$1.out"; }
got() { # got NAME TEXT WHAT
	if poll has "$1" "$2"; then pass "$3"; else
		fail "$3 (no '$2' in $1's output)"
		sed 's/^/#   >/' "$TMPD/$1.out"
	fi
}

follower withfile "$deck"
follower sent
for f in withfile sent; do got $f "Alpha intro" "$f: the first slide is written"; done
keys Space
for f in withfile sent; do got $f "bravo one" "$f: a move writes the next slide"; done
keys Space
for f in withfile sent; do got $f "bravo two revealed" "$f: a reveal writes the revealed item"; done
keys Space
for f in withfile sent; do got $f "Charlie" "$f: the third slide is written"; done
keys b
for f in withfile sent; do got $f "lectern: the presenter blanked the screen" "$f: the blackout is said"; done
keys b
for f in withfile sent; do got $f "lectern: the slide is shown again" "$f: and its end"; done
sed -i 's/^title  = 中文标题 Charlie/title  = Reloaded Charlie/' "$deck"
keys r
for f in withfile sent; do got $f "Reloaded Charlie" "$f: a reload writes the changed slide"; done

# order: each title's first line after the one before
in_order() {
	local last=0 t l
	for t in "Alpha intro" "Bravo steps" "bravo one" "bravo two revealed" "Charlie" "Reloaded Charlie"; do
		l=$(grep -nF -m1 -- "$t" "$TMPD/$1.out" | cut -d: -f1)
		[ -n "$l" ] && [ "$l" -gt "$last" ] || return 1
		last=$l
	done
}
once() { [ "$(grep -cF -- "bravo one" "$TMPD/$1.out")" = 1 ]; }
# clean FILE: no ESC, no C1 (raw or UTF-8), no bidi control, no other C0 but \n
clean() {
	python3 - "$1" <<'PY'
import re, sys
b = open(sys.argv[1], "rb").read()
t = b.decode("utf-8", "replace")
bad = re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]", t)
sys.exit(1 if bad or b"\x1b" in b else 0)
PY
}
for f in withfile sent; do
	if in_order $f; then pass "$f: every title in order"; else fail "$f: every title in order"; sed 's/^/#   >/' "$TMPD/$f.out"; fi
	if once $f; then pass "$f: the reveal wrote only the new item"; else fail "$f: the reveal wrote only the new item"; fi
	if ! grep -q "NOTE-" "$TMPD/$f.out"; then pass "$f: no note"; else fail "$f: no note"; fi
	if clean "$TMPD/$f.out"; then pass "$f: no escape, C1 or bidi byte"; else fail "$f: no escape, C1 or bidi byte"; fi
done

# the reader of one goes away: it ends, status 0, on its next write
kill "$cat_sent"
wait "$cat_sent" 2>/dev/null
keys Space
wait "$pid_sent"
rc=$?
if [ "$rc" = 0 ] && [ ! -s "$TMPD/sent.err" ]; then pass "a follower whose reader went away exits 0, quietly"; else
	fail "a follower whose reader went away exits 0, quietly (status $rc)"
	sed 's/^/#   !/' "$TMPD/sent.err"
fi
# the presentation ends: the other says so and waits; SIGTERM ends it
keys q
for f in withfile; do got $f "lectern: the presentation ended; waiting" "the end of the presentation is said"; done
kill -TERM "$pid_withfile"
wait "$pid_withfile"
rc=$?
wait "$cat_withfile"
if [ "$rc" = 143 ] && [ ! -s "$TMPD/withfile.err" ]; then pass "SIGTERM ends the follower, 128+15, quietly"; else
	fail "SIGTERM ends the follower, 128+15, quietly (status $rc)"
	sed 's/^/#   !/' "$TMPD/withfile.err"
fi

# stdin a terminal: q quits, then Ctrl-C; the terminal's modes come back
poll prompt_ready || fail "the presenter quit"
on_tty() { grep -qF "waiting for it to come back" "$TMPD/tty.out" 2>/dev/null; }
for quit in q C-c; do
	rm -f "$TMPD/tty.out"
	keys "$(printf '%q ' "$LECTERN") follow --plain $(printf '%q' "$deck") | cat > $TMPD/tty.out" Enter
	poll on_tty || fail "the follower on a terminal starts ($quit)"
	quit_and_check_tty "$quit"
done
no_sanitizer_logs
done_testing
