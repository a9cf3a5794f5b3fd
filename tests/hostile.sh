#!/usr/bin/env bash
# Hostile and broken decks: check and export must end normally (exit status
# below 128: no crash, no abort from a sanitizer), refuse what is malformed
# with a diagnostic, and never let a control byte through to the output.
# Usage: hostile.sh LECTERN (working directory tests/). TAP output.
set -u
lectern=$1
n=0 failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pass() { n=$((n + 1)); echo "ok $n - $1"; }
fail() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }

# Bytes that must never reach a terminal: C0 controls other than newline,
# DEL, C1 controls as UTF-8 (C2 80..9F) and bidi overrides and isolates.
has_controls() {
	LC_ALL=C grep -qaP '[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]' "$1"
}

malformed="truncated-utf8 overlong-utf8 surrogate invalid-bytes nul-bytes bom lone-cr
overlong-line repeated-keys repeated-sections deep-continuation only-comments key-only empty
fuzz-keyless-section esc-in-key"

for f in data/hostile/*.ini; do
	name=$(basename "$f" .ini)
	timeout 20 "$lectern" check "$f" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc -ge 124 ]; then
		fail "$name: check ended with status $rc"
		sed 's/^/#   /' "$tmp/err" | tail -5
		continue
	fi
	if [[ " $(echo $malformed) " == *" $name "* ]]; then
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
	if [ $rc -ge 124 ]; then
		fail "$name: export ended with status $rc"
		sed 's/^/#   /' "$tmp/err" | tail -5
	else
		pass "$name: export ends normally ($rc)"
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

echo "1..$n"
[ "$failed" -eq 0 ]
