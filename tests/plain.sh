#!/usr/bin/env bash
# present --plain and rehearse --plain through pipes (issue 21): command
# lines in, plain text out. Every slide's header and text come out in
# order as the talk moves, a reveal writes what it adds, notes are there,
# no escape, C1 or bidi byte comes out (tests/nocontrol.c), TERM=dumb and
# no TERM work, the exit statuses, the captions as "caption:" lines, and a
# rehearsal records its time.
# Usage: plain.sh LECTERN NOCONTROL  (working directory tests/). TAP.
set -u
lectern=$1
nocontrol=$2
n=0 failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/tap.sh"
sanitizer_watch "$tmp/sanitizer"
export XDG_RUNTIME_DIR=$tmp/run XDG_STATE_HOME=$tmp/state XDG_CONFIG_HOME=$tmp/config
mkdir -m 700 "$tmp/run"
tap_plan 25

check() { # check STATUS WHAT
	n=$((n + 1))
	if [ "$1" -eq 0 ] && sanitizer_clean "$tmp/err"; then
		echo "ok $n - $2"
	else
		failed=$((failed + 1))
		echo "not ok $n - $2"
	fi
}

# in_order FILE LINE...: every LINE is a whole line of FILE, in this order
in_order() {
	local f=$1 at=0 l got
	shift
	for l in "$@"; do
		got=$(awk -v want="$l" -v from="$at" 'NR > from && $0 == want { print NR; exit }' "$f")
		if [ -z "$got" ]; then
			echo "#   no line '$l' after line $at"
			return 1
		fi
		at=$got
	done
}

# the whole talk, forward: Enter, single keys, words, a goto
printf '\nn\nnext\nl\n\nq\n' |
	env -u TERM COLUMNS=60 "$lectern" present --plain data/present.ini >"$tmp/out" 2>"$tmp/err"
rc=$?
check $((rc != 0)) "present --plain without TERM: exit 0 after q (got $rc)"
in_order "$tmp/out" \
	"Slide 1 of 5 · Alpha intro" "First slide text" "    NOTE-ALPHA greet the room" \
	"Slide 2 of 5 · step 1 of 2 · Bravo steps" "• bravo one" "    NOTE-BRAVO" \
	"Slide 2 of 5 · step 2 of 2 · Bravo steps" "• bravo two revealed" \
	"Slide 3 of 5 · 中文标题 Charlie" "算力需求每年翻倍" "    中文备注 NOTE-CHARLIE" \
	"Slide 4 of 5 · Echo chart" "Slide 5 of 5 · Foxtrot end" "thanks" "    NOTE-END-LAST"
check $? "every slide's header, text and notes, in order"
[ "$(grep -c '^• bravo one$' "$tmp/out")" -eq 1 ]
check $? "a reveal writes only what it adds"
! grep -q 'Delta backup' "$tmp/out"
check $? "next skips the backup slide"
"$nocontrol" "$tmp/out" "$tmp/err"
check $? "no control, escape, C1 or bidi byte in the output"
python3 - "$tmp/out" 60 <<'PY'
import sys, unicodedata
w = int(sys.argv[2])
def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in s)
bad = [l for l in open(sys.argv[1], encoding="utf-8").read().split("\n") if width(l) > w or l.endswith(" ")]
for l in bad[:3]:
    print("#   too wide or trailing space:", repr(l))
sys.exit(1 if bad else 0)
PY
check $? "no line is wider than \$COLUMNS or ends in a space"

# TERM=dumb, backwards and a goto by number and by id, the end of input quits
printf 'G\np\ng 1\ngoto chart\n3\n' |
	TERM=dumb COLUMNS=80 "$lectern" present --plain data/present.ini >"$tmp/out" 2>"$tmp/err"
rc=$?
check $((rc != 0)) "TERM=dumb: exit 0 at the end of the input (got $rc)"
in_order "$tmp/out" "Slide 1 of 5 · Alpha intro" "Slide 5 of 5 · Foxtrot end" \
	"Slide 4 of 5 · Echo chart" "Slide 1 of 5 · Alpha intro" "Slide 4 of 5 · Echo chart" \
	"Slide 3 of 5 · 中文标题 Charlie"
check $? "G, p, g 1, goto ID and a bare number move as asked"
grep -q '^Slide 2 of 5 · step 2 of 2 · Bravo steps$' "$tmp/out"
[ $? -ne 0 ]
check $? "going to a slide writes no slide in between"

# messages, help and errors are lines of text too
printf 'frobnicate\ng 99\n?\nq\n' | COLUMNS=80 "$lectern" present --plain data/present.ini \
	>"$tmp/out" 2>"$tmp/err"
grep -qx "lectern: unknown command 'frobnicate' (? lists them)" "$tmp/out"
check $? "an unknown command says so"
grep -q "^lectern: no slide 99 " "$tmp/out"
check $? "a goto past the end says so"
grep -q "\[captions\]" "$tmp/out" && grep -q "^commands: " "$tmp/out"
check $? "? writes the commands and the keys"

# output to a file, stdout closed early, stdin closed at once
"$lectern" present --plain data/present.ini </dev/null >"$tmp/file" 2>"$tmp/err"
rc=$?
check $((rc != 0)) "no input at all: the first slide, then exit 0 (got $rc)"
grep -qx "Slide 1 of 5 · Alpha intro" "$tmp/file"
check $? "written to a regular file"
{ sleep 0.3; yes n; } |
	timeout 20 "$lectern" present --plain data/present.ini 2>"$tmp/err" | head -n 1 >/dev/null
rc=${PIPESTATUS[1]}
# SIGPIPE, or the write error said and status 3
[ "$rc" -eq 141 ] || { [ "$rc" -eq 3 ] && grep -q "cannot write the slides" "$tmp/err"; }
check $? "a reader that goes away ends it (status $rc)"

# usage errors
"$lectern" present --plain --captions /nonexistent/cap data/present.ini </dev/null >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] && grep -q "^/nonexistent/cap: error: cannot read the captions" "$tmp/err"
check $? "--captions on a missing file: exit 2, the file named (got $rc)"
"$lectern" present --captions </dev/null >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] && grep -q "option '--captions' needs a value" "$tmp/err"
check $? "--captions without a value: usage error (got $rc)"

# captions from a FIFO, in order, sanitised
mkfifo "$tmp/cap"
{
	exec 3>"$tmp/cap" # opened once lectern reads it
	printf 'first caption\n' >&3
	sleep 0.3
	printf 'evil \033[2J \302\233 \342\200\256x\n' >&3
	sleep 0.3
	exec 3>&-
	sleep 0.3
	printf 'after the writer came back\n' >"$tmp/cap"
	sleep 0.3
	echo q
} | COLUMNS=60 timeout 20 "$lectern" present --plain --captions "$tmp/cap" data/present.ini \
	>"$tmp/out" 2>"$tmp/err"
rc=$?
check $((rc != 0)) "--plain --captions FIFO: exit 0 (got $rc)"
in_order "$tmp/out" "Slide 1 of 5 · Alpha intro" "caption: first caption" \
	"caption: evil ␛[2J � �x" "caption: after the writer came back"
check $? "captions come as caption: lines, in order, a second writer too"
"$nocontrol" "$tmp/out" "$tmp/err"
check $? "hostile caption bytes never come out raw"

# rehearse --plain: the record is saved when it ends (rehearsals under 5 s are not)
{
	echo n
	sleep 5.5
	echo G
	echo q
} | COLUMNS=60 "$lectern" rehearse --plain data/present.ini >"$tmp/out" 2>"$tmp/err"
rc=$?
check $((rc != 0)) "rehearse --plain: exit 0 (got $rc)"
grep -q "^rehearsal recorded: " "$tmp/out" && ! grep -q "incomplete" "$tmp/out"
check $? "the rehearsal is recorded, complete (it reached the last slide)"
ls "$tmp/state/lectern/"*present* >/dev/null 2>&1
check $? "its record is in the state folder"
"$lectern" report data/present.ini >"$tmp/report" 2>"$tmp/err"
grep -q "^Last rehearsal: .*, complete$" "$tmp/report"
check $? "lectern report reads it"
printf 'q\n' | "$lectern" rehearse --plain data/present.ini >"$tmp/out" 2>"$tmp/err"
grep -q "^rehearsal shorter than 5 s" "$tmp/out"
check $? "a rehearsal under 5 s says it is not recorded"

[ "$failed" -eq 0 ]
