#!/usr/bin/env bash
# Hostile and broken decks: check and export must end with the exact status
# (0 for a deck that loads, 1 for a malformed one listed in
# data/hostile/malformed.list; a crash or a sanitizer's abort is neither),
# with no sanitizer report, refuse what is malformed with a diagnostic, and
# never let a control byte through to the output.
# Every hostile deck goes through every export format (text, Markdown and
# HTML, with and without --notes and --backup; the HTML also well-formed
# and self-contained by tests/html_check.py), check, present/rehearse --list,
# report (text, tsv, json), plan --from notes, import (of its bytes, and of
# its Markdown export) and, presented on a pty, console --list; a deck with
# a hostile file name too; and every usage error gets a hostile argument. Standard output and standard error are checked by nocontrol
# (tests/nocontrol.c, written apart from lectern's own filter): no control
# byte but newline and tab, no invalid UTF-8, no C1, no bidi control, no
# U+2028/9. Every status checked is checked with the output it should come
# with.
# Usage: hostile.sh LECTERN NOCONTROL (working directory tests/). TAP output.
set -u
lectern=$1
nocontrol=$2
n=0 failed=0
tmp=$(mktemp -d)
presenters=()
cleanup() {
	local p
	for p in "${presenters[@]}"; do kill "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT
source "$(dirname "$0")/tap.sh"
sanitizer_watch "$tmp/sanitizer"
# the folders lectern reads and writes, private to this run
mkdir -m 700 "$tmp/run" "$tmp/state" "$tmp/config"
export XDG_RUNTIME_DIR=$tmp/run XDG_STATE_HOME=$tmp/state XDG_CONFIG_HOME=$tmp/config

# pass fails too on a sanitizer report since the last check
pass() {
	if sanitizer_clean "$tmp/err"; then n=$((n + 1)); echo "ok $n - $1"; else fail "$1: sanitizer report"; fi
}
fail() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }

# Anything that must never reach a terminal (see tests/nocontrol.c); the
# offence is printed as a TAP comment.
has_controls() {
	! "$nocontrol" "$@"
}
# clean WHAT FILE...: one check that the files hold nothing of the kind
clean() {
	local what=$1
	shift
	if has_controls "$@"; then fail "$what: control, C1 or bidi characters"; else pass "$what: clean"; fi
}

malformed=$(cat data/hostile/malformed.list)
decks=(data/hostile/*.ini)
loadable=0
for f in "${decks[@]}"; do
	[[ " $(echo $malformed) " == *" $(basename "$f" .ini) "* ]] || loadable=$((loadable + 1))
done

# Hostile arguments: ESC c (reset), OSC 52 (clipboard), C1 as UTF-8 (U+009B
# CSI, U+009F APC, U+0080), U+202E, U+2066, and a raw 0x9B byte.
hostile_args=(
	$'\ec'
	$'\e]52;c;aGk=\a'
	$'\xc2\x9b2J'
	$'\xc2\x9f'
	$'\xc2\x80'
	$'\xe2\x80\xaetxt.exe'
	$'\xe2\x81\xa6x'
	$'\x9b'"31m"
)
hnames=(esc-c osc52 u009b u009f u0080 u202e u2066 raw9b)

# Every usage error that echoes an argument, with every hostile argument:
# status 2, the message, and nothing raw on stdout or stderr.
usage_cases=(
	"export --width|--width wants a number"
	"export --format|--format wants 'text', 'markdown' or 'html'"
	"export --color|--color wants auto"
	"check --size|--size wants COLSxROWS"
	"check --color|--color wants auto"
	"report --last|bad --last"
	"report --format|unknown format"
	"report --color|--color wants auto"
	"report --lang|unknown language"
	"present --goto|no slide"
	"present --lang|unknown language"
	"present --duration|invalid duration"
	"present --end|invalid end time"
	"present --start-at|invalid start time"
	"present --session|invalid --session"
	"present --theme|unknown theme"
	"rehearse --goto|no slide"
	"rehearse --duration|invalid duration"
	"plan --fit|is not a duration"
	"console --lang|unknown language"
	"console --session|invalid --session"
	"console --theme|unknown theme"
)
# 46 checks a deck and 2 more for the import of its export when it loads;
# 22 for the hostile file names (with newlines: 2), 6 for its report, 2 for the report's
# coaching lines of a hostile title, 2 a console --list (the hostile name,
# the hostile socket folder and every deck that loads), 4 for console
# without DECK; per hostile argument 2 a usage case, 16 unknown options, 6
# second DECKs, 6 bare and help, 2 --lang, 8 missing files, 4 -o; 6 after
tap_plan $((46 * ${#decks[@]} + 2 * loadable + 22 + 6 + 2 + 2 * (2 + loadable) + 4 +
	${#hostile_args[@]} * (2 * ${#usage_cases[@]} + 16 + 6 + 6 + 2 + 8 + 4) + 6))

for f in "${decks[@]}"; do
	name=$(basename "$f" .ini)
	timeout 20 "$lectern" check "$f" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc -ge 124 ]; then
		fail "$name: check ended with status $rc"
		sed 's/^/#   /' "$tmp/err" | tail -5
		continue
	fi
	want=0
	[[ " $(echo $malformed) " == *" $name "* ]] && want=1
	if [ $want -eq 1 ]; then
		if [ $rc -eq 1 ] && grep -q "^data/hostile/$name.ini.*error:" "$tmp/err"; then
			pass "$name: refused with a diagnostic"
		else
			fail "$name: malformed deck not refused (status $rc)"
		fi
	else
		[ $rc -eq 0 ] && pass "$name: loads" || fail "$name: should load (status $rc)"
	fi
	if has_controls "$tmp/err"; then fail "$name: control bytes in diagnostics"; else pass "$name: diagnostics are clean"; fi
	timeout 20 "$lectern" export --notes --backup --width 37 "$f" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc -ne $want ]; then
		fail "$name: export ended with status $rc, want $want"
		sed 's/^/#   /' "$tmp/err" | tail -5
	elif [ $want -eq 1 ]; then
		[ $rc -eq 1 ] && [ ! -s "$tmp/out" ] && grep -q "$name.ini.*error:" "$tmp/err" &&
			pass "$name: export refused with a diagnostic" ||
			fail "$name: export of a malformed deck: status $rc"
	else
		[ $rc -eq 0 ] && grep -q "═══" "$tmp/out" &&
			pass "$name: export ends normally, with its header rule" ||
			fail "$name: export: status $rc"
	fi
	if has_controls "$tmp/out"; then fail "$name: control bytes in the export"; else pass "$name: export is clean"; fi
	bad=$want
	# check's summary line on stdout names the deck
	timeout 20 "$lectern" check "$f" >"$tmp/out" 2>"$tmp/err"
	if [ $bad = 1 ]; then
		grep -q "^data/hostile/$name.ini: not loaded, [0-9]* error" "$tmp/out"
	else
		grep -q "^data/hostile/$name.ini: [0-9]* slides" "$tmp/out"
	fi && pass "$name: check's summary names the deck" || fail "$name: check's summary"
	clean "$name: check's stdout and stderr" "$tmp/out" "$tmp/err"
	# every export format, with and without notes and backup slides
	for fmt in text markdown html; do
		for opts in "" "--notes" "--backup" "--notes --backup"; do
			what="$name: export -F $fmt${opts:+ $opts}"
			# shellcheck disable=SC2086
			timeout 20 "$lectern" export -F $fmt $opts "$f" >"$tmp/out" 2>"$tmp/err"
			rc=$?
			if [ $bad = 1 ]; then
				[ $rc -eq 1 ] && [ ! -s "$tmp/out" ] && grep -q "$name.ini.*error:" "$tmp/err"
			elif [ $fmt = text ]; then
				[ $rc -eq 0 ] && grep -q "═══" "$tmp/out"
			elif [ $fmt = html ]; then
				[ $rc -eq 0 ] && python3 html_check.py page "$tmp/out" - >"$tmp/check" ||
					{ sed 's/^/#   /' "$tmp/check" | head -5; false; }
			else
				[ $rc -eq 0 ] && head -1 "$tmp/out" | grep -qx -- "---" &&
					grep -q "end_slide_shorthand: true" "$tmp/out"
			fi && pass "$what: status $rc and its output" ||
				{ fail "$what: status $rc"; sed 's/^/#   /' "$tmp/err" | head -3; }
			clean "$what" "$tmp/out" "$tmp/err"
		done
	done
	# present --list and rehearse --list: one line per slide, no terminal
	for cmd in present rehearse; do
		timeout 20 "$lectern" $cmd --list "$f" </dev/null >"$tmp/out" 2>"$tmp/err"
		rc=$?
		if [ $bad = 1 ]; then
			[ $rc -eq 1 ] && grep -q "$name.ini.*error:" "$tmp/err"
		else
			[ $rc -eq 0 ] && grep -q "^ *1  " "$tmp/out"
		fi && pass "$name: $cmd --list: status $rc and its output" ||
			{ fail "$name: $cmd --list: status $rc"; sed 's/^/#   /' "$tmp/err" | head -3; }
		clean "$name: $cmd --list" "$tmp/out" "$tmp/err"
	done
	# present --plain: every slide as plain text, keys from a pipe
	{ yes n | head -n 200; echo q; } |
		timeout 20 "$lectern" present --plain "$f" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $bad = 1 ]; then
		[ $rc -eq 1 ] && grep -q "$name.ini.*error:" "$tmp/err"
	else
		[ $rc -eq 0 ] && grep -q "^Slide 1 of " "$tmp/out"
	fi && pass "$name: present --plain: status $rc and its output" ||
		{ fail "$name: present --plain: status $rc"; sed 's/^/#   /' "$tmp/err" | head -3; }
	clean "$name: present --plain" "$tmp/out" "$tmp/err"
	# the rehearsal report, in each format
	for fmt in text tsv json; do
		what="$name: report --format $fmt"
		timeout 20 "$lectern" report --format $fmt "$f" >"$tmp/out" 2>"$tmp/err"
		rc=$?
		if [ $bad = 1 ]; then
			[ $rc -eq 1 ] && grep -q "$name.ini.*error:" "$tmp/err"
		else
			case $fmt in
			text) [ $rc -eq 0 ] && grep -q "^No rehearsal of '" "$tmp/out" ;;
			tsv) [ $rc -eq 0 ] && head -1 "$tmp/out" | grep -q "^rehearsal	start	" ;;
			json) [ $rc -eq 0 ] && grep -q '"rehearsals": \[\]' "$tmp/out" ;;
			esac
		fi && pass "$what: status $rc and its output" ||
			{ fail "$what: status $rc"; sed 's/^/#   /' "$tmp/err" | head -3; }
		clean "$what" "$tmp/out" "$tmp/err"
	done
	# plan from the notes: a table, or the reason there is nothing to plan
	timeout 20 "$lectern" plan --from notes "$f" </dev/null >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $bad = 1 ]; then
		[ $rc -eq 1 ] && grep -q "$name.ini.*error:" "$tmp/err"
	else
		{ [ $rc -eq 0 ] && grep -q "^plan for data/hostile/$name.ini: from the notes" "$tmp/out"; } ||
			{ [ $rc -eq 1 ] && grep -q "$name.ini: error: no main slide of deck" "$tmp/err"; }
	fi && pass "$name: plan --from notes: status $rc and its output" ||
		{ fail "$name: plan --from notes: status $rc"; sed 's/^/#   /' "$tmp/err" | head -3; }
	clean "$name: plan --from notes" "$tmp/out" "$tmp/err"
	# import reading the deck's raw bytes as Markdown: the INI it writes,
	# or the error that stops it (invalid UTF-8, NUL, no slide)
	timeout 20 "$lectern" import "$f" </dev/null >"$tmp/out" 2>"$tmp/err"
	rc=$?
	{ [ $rc -eq 0 ] && head -1 "$tmp/out" | grep -q "^; converted from data/hostile/$name.ini by"; } ||
		{ [ $rc -eq 1 ] && [ ! -s "$tmp/out" ] && grep -q "$name.ini.*error:" "$tmp/err"; } &&
		pass "$name: import of its bytes: status $rc and its output" ||
		{ fail "$name: import of its bytes: status $rc"; sed 's/^/#   /' "$tmp/err" | head -3; }
	clean "$name: import of its bytes" "$tmp/out" "$tmp/err"
	# and import of its Markdown export, when it loads
	if [ $bad = 0 ]; then
		timeout 20 "$lectern" export -F markdown --notes --backup "$f" >"$tmp/md.md" 2>/dev/null
		timeout 20 "$lectern" import "$tmp/md.md" </dev/null >"$tmp/out" 2>"$tmp/err"
		rc=$?
		[ $rc -eq 0 ] && grep -q "^\[deck\]" "$tmp/out" &&
			pass "$name: import of its Markdown export: status 0, a deck" ||
			{ fail "$name: import of its Markdown export: status $rc"; sed 's/^/#   /' "$tmp/err" | head -3; }
		clean "$name: import of its Markdown export" "$tmp/out" "$tmp/err"
	fi
done

# A deck whose FILE NAME is hostile: its id (and the socket's name) come
# from it. Every output that names the file or the id is checked.
hname=$'deck\e]52;c;aGk=\a\xe2\x80\xae\xc2\x9b\xc2\x9f\x9b.ini'
cp data/present.ini "$tmp/$hname"
# the same without the raw byte, which a rehearsal record cannot hold
rname=$'rec\e]52;c;aGk=\a\xe2\x80\xae\xc2\x9b\xc2\x9f.ini'
rid=$'rec\e]52;c;aGk=\a\xe2\x80\xae\xc2\x9b\xc2\x9f'
cp data/present.ini "$tmp/$rname"
timeout 20 "$lectern" check "$tmp/$hname" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] && grep -q "/deck␛\]52;c;aGk=␇.*: [0-9]* slides" "$tmp/out" &&
	pass "hostile file name: check loads it and names it, shown safely" ||
	{ fail "hostile file name: check (status $rc)"; sed 's/^/#   /' "$tmp/out"; }
clean "hostile file name: check's stdout and stderr" "$tmp/out" "$tmp/err"
printf '[deck]\ntitle = x\n[a]\ntitle = a\nbad = 1\n' >"$tmp/$hname.bad.ini"
timeout 20 "$lectern" check "$tmp/$hname.bad.ini" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 1 ] && grep -q "deck␛\]52;c;aGk=␇.*: error:" "$tmp/err" &&
	grep -q "deck␛\]52;c;aGk=␇.*: not loaded" "$tmp/out" &&
	pass "hostile file name with errors: diagnostics and summary name it" ||
	{ fail "hostile file name with errors (status $rc)"; sed 's/^/#   /' "$tmp/err" | head -3; }
clean "hostile file name with errors: stdout and stderr" "$tmp/out" "$tmp/err"
timeout 20 "$lectern" check "$tmp/nothing-$hname" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 1 ] && grep -q "nothing-deck␛.*: error: cannot open" "$tmp/err" &&
	grep -q "nothing-deck␛.*: not loaded" "$tmp/out" &&
	pass "a missing hostile file name: named safely" || fail "missing hostile file name (status $rc)"
clean "a missing hostile file name: stdout and stderr" "$tmp/out" "$tmp/err"
for fmt in text markdown html; do
	timeout 20 "$lectern" export -F $fmt --notes --backup "$tmp/$hname" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ $rc -eq 0 ] && [ -s "$tmp/out" ] && pass "hostile file name: export -F $fmt (status 0, output)" ||
		fail "hostile file name: export -F $fmt (status $rc)"
	clean "hostile file name: export -F $fmt" "$tmp/out" "$tmp/err"
done
echo "mine" >"$tmp/$hname.txt"
timeout 20 "$lectern" export -o "$tmp/$hname.txt" "$tmp/$hname" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 1 ] && grep -q "deck␛\]52;c;aGk=␇.*already exists" "$tmp/err" &&
	pass "export -o to an existing hostile name: refused, named safely" ||
	fail "export -o to an existing hostile name (status $rc)"
clean "export -o to an existing hostile name" "$tmp/out" "$tmp/err"
timeout 20 "$lectern" export -o "$tmp/$hname" "$tmp/$hname" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 1 ] && grep -q "deck␛\]52;c;aGk=␇.*-o names the deck being exported itself" "$tmp/err" &&
	pass "export -o naming the hostile deck itself: refused, named safely" ||
	fail "export -o naming the hostile deck itself (status $rc)"
clean "export -o naming the hostile deck itself" "$tmp/out" "$tmp/err"
timeout 20 "$lectern" plan --from notes "$tmp/$hname" </dev/null >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] && grep -q "^plan for .*/deck␛\]52;c;aGk=␇.*: from the notes" "$tmp/out" &&
	pass "hostile file name: plan names it, shown safely" ||
	{ fail "hostile file name: plan (status $rc)"; sed 's/^/#   /' "$tmp/out" "$tmp/err" | head -3; }
clean "hostile file name: plan" "$tmp/out" "$tmp/err"
cp data/import/talk.md "$tmp/$hname.md"
timeout 20 "$lectern" import "$tmp/$hname.md" </dev/null >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] && head -1 "$tmp/out" | grep -q "^; converted from .*/deck␛\]52;c;aGk=␇.*\.md by" &&
	grep -q "deck␛\]52;c;aGk=␇.*\.md:[0-9]*: warning:" "$tmp/err" &&
	pass "hostile file name: import names it in the INI and the warnings, shown safely" ||
	{ fail "hostile file name: import (status $rc)"; sed 's/^/#   /' "$tmp/out" "$tmp/err" | head -3; }
clean "hostile file name: import" "$tmp/out" "$tmp/err"
# a newline in the name: before, the first comment ended there and the rest
# of the name ("[evil]", "title = pwned") became lines of the deck written
nlname=$'x\n[evil]\ntitle = pwned\n.md'
cp data/import/talk.md "$tmp/$nlname"
timeout 20 "$lectern" import "$tmp/$nlname" </dev/null >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] && head -1 "$tmp/out" | grep -q "^; converted from .*/x␊\[evil\]␊title = pwned␊\.md by" &&
	! grep -q '^\[evil\]' "$tmp/out" && ! grep -q '^title = pwned' "$tmp/out" &&
	pass "a file name with newlines: import keeps it on the comment line" ||
	{ fail "a file name with newlines: import (status $rc)"; sed 's/^/#   /' "$tmp/out" | head -4; }
clean "a file name with newlines: import" "$tmp/out" "$tmp/err"

# The report with a rehearsal record whose titles and ids are hostile (a
# removed slide keeps the record's title), and the deck's id from its name.
mkdir -p "$tmp/state/lectern"
{
	printf 'lectern-rehearsal 1\ndeck-id\t%s\ndeck-path\t%s\n' "$rid" "$tmp/$rname"
	printf 'deck-hash\t0123456789abcdef\nstart\t2026-01-01T10:00:00Z\ntotal-ms\t40000\ncomplete\tyes\n'
	printf 'slide\tgone%s\t10\t30000\t1\tOld %s slide\n' "${hostile_args[1]}" "${hostile_args[*]:0:7}"
	printf 'end\n'
} >"$tmp/state/lectern/hostile.rehearsal"
for fmt in text tsv json; do
	timeout 20 "$lectern" report --format $fmt "$tmp/$rname" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	case $fmt in
	text) want="Old ␛c ␛\]52;c;aGk=␇" ;;
	tsv) want="removed" ;;
	json) want='"title": "Old \\u001bc \\u001b\]52;c;aGk=\\u0007 \\u009b2J \\u009f \\u0080 \\u202etxt.exe \\u2066x slide"' ;;
	esac
	[ $rc -eq 0 ] && grep -q -- "$want" "$tmp/out" &&
		pass "report --format $fmt of a hostile record: status 0, the removed slide shown" ||
		{ fail "report --format $fmt of a hostile record (status $rc)"; sed 's/^/#   /' "$tmp/out" "$tmp/err" | head -8; }
	clean "report --format $fmt of a hostile record" "$tmp/out" "$tmp/err"
done
rm "$tmp/state/lectern/hostile.rehearsal"

# The report's coaching lines (the most varied slide, the rate of speech,
# the chart of the totals, the suggestion naming the deck) for a deck whose
# title and notes hold escape sequences, rehearsed twice.
for k in 1 2; do
	{
		printf 'lectern-rehearsal 1\ndeck-id\tesc-csi\ndeck-path\tesc-csi.ini\n'
		printf 'deck-hash\t0123456789abcdef\nstart\t2026-01-0%sT10:00:00Z\ntotal-ms\t%s\ncomplete\tyes\n' "$k" $((60000 + k * 20000))
		printf 'slide\ta\t10\t%s\t1\tclear\n' $((60000 + k * 20000))
		printf 'end\n'
	} >"$tmp/state/lectern/esc-$k.rehearsal"
done
timeout 20 "$lectern" report data/hostile/esc-csi.ini >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] && grep -qF 'Most varied:     clear␛[2J␛[H screen 1:20-1:40' "$tmp/out" &&
	grep -q '^Rate of speech: ' "$tmp/out" && grep -q '^  plan ' "$tmp/out" &&
	grep -qF "Suggestion: the rehearsals give 1 slide a new time" "$tmp/out" &&
	pass "report's coaching lines of a hostile title: status 0, the title shown safely" ||
	{ fail "report's coaching lines of a hostile title (status $rc)"; sed 's/^/#   /' "$tmp/out" "$tmp/err" | head -30; }
clean "report's coaching lines of a hostile title" "$tmp/out" "$tmp/err"
rm "$tmp/state/lectern/esc-"*.rehearsal

# console --list: every hostile deck that loads, and the hostile file
# name, presented on a pty (script(1)) in turn; the list shows the deck
# id the presenter sends and the socket path made from it.
run_dir=$tmp/run # $XDG_RUNTIME_DIR
# start_presenter DECK: presents DECK on script(1)'s pty in the background,
# its keyboard a FIFO held open on a new descriptor, and waits (up to 10 s)
# for one more socket. stop_presenters quits them all with 'q'.
presenters=() presenter_fds=()
start_presenter() {
	local fifo=$tmp/in${#presenters[@]} before i fd
	before=$(compgen -G "$run_dir/lectern/*.sock" | wc -l)
	mkfifo "$fifo"
	# the names reach script(1)'s shell through its environment, not
	# quoted into the command (printf %q's quoting depends on the locale)
	TERM=xterm LECTERN=$lectern DECK=$1 script -qec '"$LECTERN" present "$DECK"' /dev/null \
		<"$fifo" >/dev/null 2>&1 &
	presenters+=($!)
	exec {fd}>"$fifo"
	presenter_fds+=("$fd")
	for i in $(seq 100); do
		[ "$(compgen -G "$run_dir/lectern/*.sock" | wc -l)" -gt "$before" ] && break
		sleep 0.1
	done
}
stop_presenters() {
	local p fd i
	for fd in "${presenter_fds[@]}"; do
		# a presenter that already exited has closed the FIFO: the write
		# fails (EPIPE in a subshell) instead of killing the whole test
		(trap '' PIPE; printf q >&"$fd") 2>/dev/null
		exec {fd}>&-
	done
	for p in "${presenters[@]}"; do
		for i in $(seq 50); do
			kill -0 "$p" 2>/dev/null || break
			sleep 0.1
		done
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	presenters=() presenter_fds=()
	rm -f "$tmp"/in* "$run_dir"/lectern/*.sock
}
# present_and_list DECK WHAT [SLIDE]: the list shows the presentation on
# its first slide: SLIDE (a grep pattern), by default numbered 1/N; a deck
# the list cannot read again (its file name reaches it with placeholders)
# shows the slide's id instead
present_and_list() {
	start_presenter "$1"
	timeout 20 "$lectern" console --list >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ $rc -eq 0 ] && head -1 "$tmp/out" | grep -q "^DECK  *SESSION  *SLIDE  *SOCKET" &&
		[ "$(wc -l <"$tmp/out")" -eq 2 ] && grep -q -- "${3:- 1/[0-9]}" "$tmp/out" &&
		pass "$2: console --list shows the presentation" ||
		{ fail "$2: console --list (status $rc)"; sed 's/^/#   /' "$tmp/out" "$tmp/err" | head -4; }
	clean "$2: console --list" "$tmp/out" "$tmp/err"
	stop_presenters
}
present_and_list "$tmp/$hname" "hostile file name" " intro  "
# the socket folder's own path is hostile: the SOCKET column shows it
run_dir=$tmp/$'run\e]52;c;aGk=\a\xe2\x80\xae\xc2\x9b\x9b'
mkdir -m 700 "$run_dir"
XDG_RUNTIME_DIR=$run_dir present_and_list "$tmp/$hname" "hostile socket folder" " intro  "
run_dir=$tmp/run
for f in data/hostile/*.ini; do
	name=$(basename "$f" .ini)
	[[ " $(echo $malformed) " == *" $name "* ]] && continue
	present_and_list "$f" "$name"
done
# console without DECK names the running presentation it cannot follow,
# and lists them when there are several
start_presenter "$tmp/$hname"
timeout 20 "$lectern" console </dev/null >"$tmp/out" 2>"$tmp/err"
rc=$?
# the presenter names its file in HELLO, but the protocol carries no
# control character, so the name arrives with placeholders and cannot open
[ $rc -eq 1 ] && grep -q "deck?\]52;c;aGk=.*\.ini: error: cannot open" "$tmp/err" &&
	pass "console without DECK names the hostile deck it cannot follow" ||
	{ fail "console without DECK, one hostile presentation (status $rc)"; sed 's/^/#   /' "$tmp/err" | head -3; }
clean "console without DECK, one hostile presentation" "$tmp/out" "$tmp/err"
start_presenter "$tmp/$rname"
timeout 20 "$lectern" console </dev/null >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] && grep -q "2 presentations are running" "$tmp/err" &&
	[ "$(grep -c "/run/lectern/" "$tmp/err")" -eq 2 ] &&
	pass "console without DECK lists two hostile presentations" ||
	{ fail "console without DECK, two presentations (status $rc)"; sed 's/^/#   /' "$tmp/err" | head -4; }
clean "console without DECK, two hostile presentations" "$tmp/out" "$tmp/err"
stop_presenters

# Every usage error above, with every hostile argument.
for i in "${!hostile_args[@]}"; do
	h=${hostile_args[$i]}
	hn=${hnames[$i]}
	for c in "${usage_cases[@]}"; do
		args=${c%%|*}
		want=${c#*|}
		# shellcheck disable=SC2086
		timeout 20 "$lectern" $args "$h" data/present.ini </dev/null >"$tmp/out" 2>"$tmp/err"
		rc=$?
		[ $rc -eq 2 ] && grep -qF -- "$want" "$tmp/err" &&
			pass "$args $hn: usage error" ||
			{ fail "$args $hn: status $rc"; sed 's/^/#   /' "$tmp/err" | head -3; }
		clean "$args $hn: usage error" "$tmp/out" "$tmp/err"
	done
	for cmd in export check import report plan present rehearse console; do
		timeout 20 "$lectern" $cmd "--$h" </dev/null >"$tmp/out" 2>"$tmp/err"
		rc=$?
		[ $rc -eq 2 ] && grep -qF "unknown option '--" "$tmp/err" &&
			pass "$cmd --$hn: unknown option" ||
			{ fail "$cmd --$hn: status $rc"; sed 's/^/#   /' "$tmp/err" | head -3; }
		clean "$cmd --$hn: unknown option" "$tmp/out" "$tmp/err"
	done
	for cmd in present rehearse console; do
		timeout 20 "$lectern" $cmd data/present.ini "$h" </dev/null >"$tmp/out" 2>"$tmp/err"
		rc=$?
		[ $rc -eq 2 ] && grep -qF "more than one DECK" "$tmp/err" &&
			pass "$cmd with a second DECK $hn: usage error" ||
			{ fail "$cmd second DECK $hn: status $rc"; sed 's/^/#   /' "$tmp/err" | head -3; }
		clean "$cmd with a second DECK $hn" "$tmp/out" "$tmp/err"
	done
	# no command word: the argument is a deck that does not exist
	timeout 20 "$lectern" "$h" </dev/null >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ $rc -eq 1 ] && grep -qF ": error: cannot open" "$tmp/err" &&
		pass "lectern $hn: a missing deck, named in the error" ||
		{ fail "lectern $hn: status $rc"; sed 's/^/#   /' "$tmp/err" | head -3; }
	clean "lectern $hn" "$tmp/out" "$tmp/err"
	timeout 20 "$lectern" help "$h" </dev/null >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ $rc -eq 2 ] && grep -qF "unknown command" "$tmp/err" &&
		pass "help $hn: unknown command" ||
		{ fail "help $hn: status $rc"; sed 's/^/#   /' "$tmp/err" | head -3; }
	clean "help $hn" "$tmp/out" "$tmp/err"
	timeout 20 "$lectern" help export "$h" </dev/null >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ $rc -eq 2 ] && grep -qF "help takes one COMMAND, not '" "$tmp/err" &&
		pass "help export $hn: one COMMAND" ||
		{ fail "help export $hn: status $rc"; sed 's/^/#   /' "$tmp/err" | head -3; }
	clean "help export $hn" "$tmp/out" "$tmp/err"
	timeout 20 "$lectern" export --lang "$h" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ $rc -eq 1 ] && grep -qF "no built-in talk in language" "$tmp/err" &&
		pass "export --lang $hn: refused" || fail "export --lang $hn: status $rc"
	clean "export --lang $hn" "$tmp/out" "$tmp/err"
	for cmd in check export report import; do
		timeout 20 "$lectern" $cmd "$tmp/none$h.ini" </dev/null >"$tmp/out" 2>"$tmp/err"
		rc=$?
		[ $rc -eq 1 ] && grep -qF "error: cannot open" "$tmp/err" &&
			pass "$cmd of a missing file $hn: named in the error" ||
			{ fail "$cmd of a missing file $hn: status $rc"; sed 's/^/#   /' "$tmp/err" | head -3; }
		clean "$cmd of a missing file $hn" "$tmp/out" "$tmp/err"
	done
	timeout 20 "$lectern" export -o "$tmp/none/x$h" data/present.ini >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ $rc -eq 3 ] && grep -qF "cannot write '" "$tmp/err" &&
		pass "export -o into a missing folder $hn: named in the error" ||
		{ fail "export -o into a missing folder $hn: status $rc"; sed 's/^/#   /' "$tmp/err" | head -3; }
	clean "export -o into a missing folder $hn" "$tmp/out" "$tmp/err"
	timeout 20 "$lectern" import data/import/talk.md -o "$tmp/none/x$h" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ $rc -eq 3 ] && grep -qF "cannot write '" "$tmp/err" &&
		pass "import -o into a missing folder $hn: named in the error" ||
		{ fail "import -o into a missing folder $hn: status $rc"; sed 's/^/#   /' "$tmp/err" | head -3; }
	clean "import -o into a missing folder $hn" "$tmp/out" "$tmp/err"
done

# Files that are not decks at all.
mkdir "$tmp/dir.ini"
mkfifo "$tmp/fifo.ini"
truncate -s 1G "$tmp/huge.ini"
for f in dir.ini fifo.ini huge.ini; do
	timeout 10 "$lectern" check "$tmp/$f" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ $rc -eq 1 ] && grep -q "$f: error:" "$tmp/err" && pass "$f: refused at once" ||
		{ fail "$f: status $rc"; sed 's/^/#   /' "$tmp/err"; }
done
grep -q "over the limit" "$tmp/err" && pass "the 1 GiB file is refused for its size" ||
	fail "the 1 GiB file's message names the limit"

# A deck of 100,000 slides loads, checks and exports.
awk 'BEGIN { print "[deck]\ntitle = 十万页"; for (i = 0; i < 100000; i++)
	printf "[s%d]\ntitle = 第%d页\ntime = 20s\nbullet.1 = 算力 %d\nnote.1 = n\n", i, i + 1, i }' >"$tmp/big.ini"
timeout 60 "$lectern" check "$tmp/big.ini" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] && grep -q "100000 slides" "$tmp/out" && pass "100,000 slides check" ||
	{ fail "100,000 slides: status $rc"; sed 's/^/#   /' "$tmp/err" | head -5; }
timeout 120 "$lectern" export "$tmp/big.ini" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] && grep -q "100000/100000" "$tmp/out" && pass "100,000 slides export" ||
	{ fail "100,000 slides export: status $rc"; sed 's/^/#   /' "$tmp/err" | head -5; }

[ "$failed" -eq 0 ]
