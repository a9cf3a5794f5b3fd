#!/usr/bin/env bash
# Hostile and broken decks: check and export must end with the exact status
# (0 for a deck that loads, 1 for a malformed one listed in
# data/hostile/malformed.list; a crash or a sanitizer's abort is neither),
# with no sanitizer report, refuse what is malformed with a diagnostic, and
# never let a control byte through to the output.
# Usage: hostile.sh LECTERN (working directory tests/). TAP output.
set -u
lectern=$1
n=0 failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/tap.sh"
sanitizer_watch "$tmp/sanitizer"

# pass fails too on a sanitizer report since the last check
pass() {
	if sanitizer_clean "$tmp/err"; then n=$((n + 1)); echo "ok $n - $1"; else fail "$1: sanitizer report"; fi
}
fail() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }

# Bytes that must never reach a terminal: C0 controls other than newline,
# DEL, C1 controls as UTF-8 (C2 80..9F) and bidi overrides and isolates.
has_controls() {
	LC_ALL=C grep -qaP '[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]' "$1"
}

malformed=$(cat data/hostile/malformed.list)
decks=(data/hostile/*.ini)
tap_plan $((4 * ${#decks[@]} + 6)) # four checks a deck, six after

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
	else
		pass "$name: export ends with status $want"
	fi
	if has_controls "$tmp/out"; then fail "$name: control bytes in the export"; else pass "$name: export is clean"; fi
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
