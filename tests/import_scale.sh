#!/usr/bin/env bash
# No input that hangs (issue 14): lectern import of the inputs that were
# quadratic or worse, at the size of the issue's goal: 100,000 slides all
# headed the same (the id de-duplication), 100,000 distinct headings, and
# one line of 10 MB of '[', '![', '[a](', '[^' and of links nested 2
# million deep. Each must end with status 0 and its whole output within
# 60 s, a margin of about 50 times what the linear importer takes on a
# loaded machine (bench/import-scale times it and checks the 10x ratio);
# the old importer did not finish 10,000 same-headed slides in 60 s.
# The inputs come from bench/gen-markdown.
# Usage: import_scale.sh GEN-MARKDOWN LECTERN (working directory tests/). TAP.
set -u
gen=$1
lectern=$2
n=0 failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/tap.sh"
sanitizer_watch "$tmp/sanitizer"

shapes=(same:100000 distinct:100000 brackets:10000000 images:10000000 links:10000000
	footnotes:10000000 nested:10000000)
tap_plan $((2 * ${#shapes[@]}))

result() { # result WHAT OK(0/1): fails too on a sanitizer report since the last
	n=$((n + 1))
	if [ "$2" -eq 0 ] && sanitizer_clean; then
		echo "ok $n - $1"
	else
		failed=$((failed + 1))
		echo "not ok $n - $1"
		sed 's/^/#   /' "$tmp/err" | head -3
	fi
}

for s in "${shapes[@]}"; do
	shape=${s%%:*} size=${s##*:}
	python3 "$gen" "$shape" "$size" >"$tmp/in.md"
	timeout 60 "$lectern" import "$tmp/in.md" >"$tmp/out.ini" 2>"$tmp/err"
	rc=$?
	result "$shape $size: import ends within 60 s with status 0 (got $rc)" $([ $rc -eq 0 ]; echo $?)
	case $shape in
	same) # ids intro, intro-2, ... intro-100000, each once
		[ "$(grep -c '^\[intro' "$tmp/out.ini")" -eq "$size" ] &&
			grep -qx '\[intro-100000\]' "$tmp/out.ini" &&
			[ "$(grep '^\[' "$tmp/out.ini" | sort | uniq -d | wc -l)" -eq 0 ]
		;;
	distinct) [ "$(grep -c '^\[heading-number-' "$tmp/out.ini")" -eq "$size" ] ;;
	*) [ "$(grep -c '^\[' "$tmp/out.ini")" -eq 1 ] && grep -q '^text\.1 = ' "$tmp/out.ini" ;;
	esac
	result "$shape $size: the whole deck is written" $?
done

[ "$failed" -eq 0 ]
