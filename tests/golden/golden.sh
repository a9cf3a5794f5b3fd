#!/usr/bin/env bash
# Golden end-to-end tests of 'lectern export' and its command line.
# Usage: golden.sh LECTERN  (working directory tests/). TAP output.
# The expected files are made by golden/update.sh; golden/check.py checks
# them and the exports at every width 20..200 against an oracle of its own
# (Python's Unicode tables): no control or bidi character, no line wider
# than the width, every Han character of the deck in order.
set -u
lectern=$1
n=0 failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/../tap.sh"
sanitizer_watch "$tmp/sanitizer"
tap_plan 104

result() { # result OK WHAT: fails too on a sanitizer report since the last
	n=$((n + 1))
	if [ "$1" -eq 0 ] && sanitizer_clean "$tmp/err"; then
		echo "ok $n - $2"
	else
		failed=$((failed + 1))
		echo "not ok $n - $2"
	fi
}

for lang in zh en; do
	for w in 40 80 120; do
		for notes in "" notes; do
			name=talk.$lang.w$w${notes:+.notes}.txt
			"$lectern" export --lang "$lang" --width "$w" ${notes:+--notes} \
				>"$tmp/$name" 2>"$tmp/err"
			rc=$?
			diff -u "golden/$name" "$tmp/$name" >"$tmp/diff"
			d=$?
			result $((rc != 0 || d != 0)) "export matches golden/$name"
			[ "$d" -eq 0 ] || head -20 "$tmp/diff" | sed 's/^/#   /'
			[ ! -s "$tmp/err" ] || sed 's/^/#   stderr: /' "$tmp/err" | head -5
		done
	done
done

# the HTML handout: golden pages, each checked by html_check.py (well-formed,
# every slide in order, notes only when asked, no external reference, no
# raw control byte)
for lang in zh en; do
	"$lectern" present --list --lang "$lang" >"$tmp/$lang.list"
	for notes in "" notes; do
		name=talk.$lang${notes:+.notes}.html
		"$lectern" export --format html --lang "$lang" ${notes:+--notes --backup} \
			>"$tmp/$name" 2>"$tmp/err"
		rc=$?
		diff -u "golden/$name" "$tmp/$name" >"$tmp/diff"
		d=$?
		result $((rc != 0 || d != 0)) "export --format html matches golden/$name"
		[ "$d" -eq 0 ] || head -20 "$tmp/diff" | sed 's/^/#   /'
		python3 html_check.py page "$tmp/$name" "$tmp/$lang.list" ${notes:+--notes} \
			>"$tmp/check" 2>&1
		result $? "golden/$name is well-formed, complete and self-contained"
		sed 's/^/#   /' "$tmp/check" | head -10
		python3 html_check.py items "../slides/talk.$lang.ini" "$tmp/$name" \
			${notes:+--notes --backup} >"$tmp/check" 2>&1
		result $? "golden/$name has the deck's lang and header, every item of every slide${notes:+ and its notes}"
		sed 's/^/#   /' "$tmp/check" | head -10
	done
done
# every kind of item (sections, a divider, agendas, a reveal step, charts,
# a table, code, a backup slide), with and without notes and backup slides
for opts in "" "--notes --backup"; do
	# shellcheck disable=SC2086
	"$lectern" export --format html $opts data/handout.ini >"$tmp/handout.html" 2>"$tmp/err"
	rc=$?
	# shellcheck disable=SC2086
	python3 html_check.py items data/handout.ini "$tmp/handout.html" $opts >"$tmp/check" 2>&1
	result $((rc != 0 || $? != 0)) "data/handout.ini as HTML${opts:+ $opts}: every item shown${opts:+, the notes and the backup slide}"
	sed 's/^/#   /' "$tmp/check" | head -10
done

# tables and code (issue #18): data/blocks.ini at four widths and as HTML;
# no line wider than the width (a code line is clipped with its mark), and
# the Han text in order where no CJK cell wraps (at 20 a wrapped table is
# read row by row across its columns)
for w in 20 40 80 200; do
	name=blocks.w$w.txt
	"$lectern" export --width "$w" data/blocks.ini >"$tmp/$name" 2>"$tmp/err"
	rc=$?
	diff -u "golden/$name" "$tmp/$name" >"$tmp/diff"
	d=$?
	result $((rc != 0 || d != 0)) "export of data/blocks.ini matches golden/$name"
	[ "$d" -eq 0 ] || head -20 "$tmp/diff" | sed 's/^/#   /'
	python3 golden/check.py width "$w" "golden/$name" | sed 's/^/#   /'
	result "${PIPESTATUS[0]}" "no line of golden/$name is wider than $w columns"
	if [ "$w" -ge 40 ]; then
		python3 golden/check.py han data/blocks.ini "golden/$name" | sed 's/^/#   /'
		result "${PIPESTATUS[0]}" "golden/$name has every Han character of the deck, in order"
	fi
done
grep -q '→$' golden/blocks.w80.txt && grep -qF 'CLIPEND */' golden/blocks.w200.txt
result $? "a code line is clipped with '→' at 80 columns and whole at 200"
"$lectern" present --list data/blocks.ini >"$tmp/blocks.list"
"$lectern" export --format html data/blocks.ini >"$tmp/blocks.html" 2>"$tmp/err"
rc=$?
diff -u golden/blocks.html "$tmp/blocks.html" >"$tmp/diff"
d=$?
result $((rc != 0 || d != 0)) "export --format html of data/blocks.ini matches golden/blocks.html"
[ "$d" -eq 0 ] || head -20 "$tmp/diff" | sed 's/^/#   /'
python3 html_check.py page "$tmp/blocks.html" "$tmp/blocks.list" >"$tmp/check" 2>&1
result $? "golden/blocks.html is well-formed, complete and self-contained"
sed 's/^/#   /' "$tmp/check" | head -10

# the format's row says which options it honours: --width is text's only
"$lectern" export --format markdown --width 40 >"$tmp/out" 2>"$tmp/err"
rc=$?
result $((rc != 2)) "export --format markdown --width 40 is a usage error (exit 2)"
grep -qF -- "--width has no effect with --format markdown" "$tmp/err" && [ ! -s "$tmp/out" ]
result $? "and says that --width has no effect there"
# -o, --force and the atomic write are the same for every format
echo keep >"$tmp/keep.html"
"$lectern" export --format html -o "$tmp/keep.html" 2>"$tmp/err"
rc=$?
[ $rc -eq 1 ] && [ "$(cat "$tmp/keep.html")" = keep ] && grep -q -- "--force" "$tmp/err"
result $? "export --format html -o refuses an existing file without --force"
"$lectern" export --format html --lang en -o "$tmp/keep.html" --force &&
	cmp -s "$tmp/keep.html" golden/talk.en.html && ! ls -A "$tmp" | grep -q '^\.keep\.html\.'
result $? "with --force it writes the page, the same as standard output, no temporary file left"
chmod 640 "$tmp/keep.html"
echo keep >"$tmp/keep.html"
"$lectern" export --format html --lang en -o "$tmp/keep.html" --force 2>"$tmp/err"
[ $? -eq 0 ] && [ "$(stat -c %a "$tmp/keep.html")" = 640 ] && cmp -s "$tmp/keep.html" golden/talk.en.html
result $? "export --format html -o --force keeps the mode of the file it replaces (640: $(stat -c %a "$tmp/keep.html"))"
"$lectern" export --format html >/dev/full 2>"$tmp/err"
rc=$?
[ $rc -eq 3 ] && grep -q "No space left on device" "$tmp/err"
result $? "export --format html to a full standard output fails with status 3 and says why"

check=golden/check.py
# no C0 (but newline), DEL, C1 or bidi control in any output
python3 "$check" controls "$tmp"/talk.*.txt | sed 's/^/#   /'
result "${PIPESTATUS[0]}" "exports contain no control or bidi characters"

# the goldens themselves, which update.sh makes from lectern's output
for w in 40 80 120; do
	python3 "$check" width "$w" golden/talk.*.w$w.txt golden/talk.*.w$w.notes.txt |
		sed 's/^/#   /'
	result "${PIPESTATUS[0]}" "no golden line is wider than $w columns"
	python3 "$check" han ../slides/talk.zh.ini golden/talk.zh.w$w.txt | sed 's/^/#   /'
	result "${PIPESTATUS[0]}" "golden/talk.zh.w$w.txt has every Han character of the deck, in order"
	python3 "$check" han ../slides/talk.zh.ini golden/talk.zh.w$w.notes.txt notes |
		sed 's/^/#   /'
	result "${PIPESTATUS[0]}" "golden/talk.zh.w$w.notes.txt has them with the notes too"
done
# every width from 20 to 200, with and without notes
for lang in zh en; do
	python3 "$check" sweep "$lectern" "../slides/talk.$lang.ini" "$lang" 20 200 >"$tmp/sweep"
	rc=$?
	sed 's/^/#   /' "$tmp/sweep" | tail -n 12
	result $rc "talk.$lang at widths 20..200: no control, no line too wide, Han in order"
done

# a deck with every control character in every kind of text
python3 "$check" hostile-deck "$tmp/hostile.ini"
python3 "$check" controls --all "$tmp/hostile.ini" >"$tmp/found"
rc=$?
result $((rc != 1)) "the checker finds the control characters of the hostile deck"
# every one of them in each of its values: the C1 edges U+0080 and U+009F,
# DEL and the bidi controls among them
found=$(grep -c ': U+' "$tmp/found")
result $((found != $(python3 "$check" hostile-count))) "all of them ($found)"
for w in 20 80; do
	"$lectern" export --width "$w" --notes "$tmp/hostile.ini" >"$tmp/hostile.$w.txt" 2>"$tmp/err"
	rc=$?
	result $rc "export of the hostile deck at $w exits 0"
	python3 "$check" controls "$tmp/hostile.$w.txt" | sed 's/^/#   /'
	result "${PIPESTATUS[0]}" "and writes no control or bidi character"
	python3 "$check" width "$w" "$tmp/hostile.$w.txt" | sed 's/^/#   /'
	result "${PIPESTATUS[0]}" "and no line wider than $w"
	python3 "$check" hostile-export "$tmp/hostile.$w.txt" | sed 's/^/#   /'
	result "${PIPESTATUS[0]}" "and shows every control character as one placeholder"
	grep -q 'warning: control character U+009F in text' "$tmp/err"
	result $? "and warns about them"
done
# as HTML: the screen's placeholders, the same warnings as the text export
# (check's warnings about the deck, which check adds to with its own)
"$lectern" export --format html --notes "$tmp/hostile.ini" >"$tmp/hostile.html" 2>"$tmp/err.html"
rc=$?
"$lectern" export --notes --width 200 "$tmp/hostile.ini" >"$tmp/hostile.200.txt" 2>"$tmp/err.text"
python3 html_check.py placeholders "$tmp/hostile.html" "$tmp/hostile.200.txt" | sed 's/^/#   /'
result $((rc != 0 || PIPESTATUS[0] != 0)) "the hostile deck as HTML shows the text export's placeholders, in order"
"$lectern" check "$tmp/hostile.ini" >/dev/null 2>"$tmp/err.check"
cmp -s "$tmp/err.html" "$tmp/err.text" && [ -s "$tmp/err.html" ] &&
	[ -z "$(grep -vxFf "$tmp/err.check" "$tmp/err.html")" ]
result $? "and gives the text export's warnings, each one of check's ($(wc -l <"$tmp/err.html") lines)"

# command line
"$lectern" export --help >"$tmp/out" 2>"$tmp/err"
result $? "export --help exits 0"
grep -q -- "--width N" "$tmp/out"
result $? "export --help documents --width"

for args in "--width 0|not '0'" "--width 1001|not '1001'" "--width abc|not 'abc'" \
	"--width|'--width' needs a value" "--bogus|unknown option '--bogus'" \
	"a.ini b.ini|too many arguments"; do
	msg=${args#*|}
	args=${args%%|*}
	# shellcheck disable=SC2086
	"$lectern" export $args >"$tmp/out" 2>"$tmp/err"
	rc=$?
	result $((rc != 2)) "export $args is a usage error (exit 2)"
	grep -qF -- "$msg" "$tmp/err" && grep -qF "Try 'lectern export --help'." "$tmp/err" &&
		[ ! -s "$tmp/out" ]
	result $? "export $args says \"$msg\", points to --help and prints nothing"
done

"$lectern" export --width 1 >"$tmp/out" 2>"$tmp/err"
result $? "export --width 1 is accepted"
python3 "$check" width 1 "$tmp/out" | sed 's/^/#   /'
result $((PIPESTATUS[0] != 0 || $(wc -l <"$tmp/out") < 100)) "and every line of it is 1 column wide at most"

"$lectern" export --lang xx >"$tmp/out" 2>"$tmp/err"
rc=$?
result $((rc != 1)) "export --lang xx fails with exit 1"
grep -qF "no built-in talk in language 'xx'" "$tmp/err" && [ ! -s "$tmp/out" ]
result $? "and names the language, printing nothing"

"$lectern" export /nonexistent/deck.ini >/dev/null 2>"$tmp/err"
rc=$?
result $((rc != 1)) "export of a missing deck exits 1"
grep -q "/nonexistent/deck.ini" "$tmp/err"
result $? "the diagnostic names the missing deck"

"$lectern" export --lang en -o "$tmp/out.txt"
result $? "export -o writes a file"
cmp -s "$tmp/out.txt" golden/talk.en.w80.txt
result $? "export -o writes the same text as standard output"
ls -A "$tmp" | grep -q '^\.out\.txt\.' && leftover=1 || leftover=0
result $leftover "export -o leaves no temporary file"

echo keep >"$tmp/keep.txt"
"$lectern" export -o "$tmp/keep.txt" 2>"$tmp/err"
rc=$?
result $((rc != 1)) "export -o refuses to overwrite an existing file (exit 1)"
grep -q "keep.txt" "$tmp/err" && grep -q -- "--force" "$tmp/err"
result $? "the refusal names the file and --force"
[ "$(cat "$tmp/keep.txt")" = keep ]
result $? "the existing file is untouched"

"$lectern" export --lang en -o "$tmp/keep.txt" --force
result $? "export -o --force overwrites"
cmp -s "$tmp/keep.txt" golden/talk.en.w80.txt
result $? "the overwritten file holds the export"

"$lectern" export --lang en -o "$tmp/no/such/dir/x.txt" 2>"$tmp/err"
rc=$?
result $((rc != 3)) "export -o into a missing directory exits 3"
grep -qF "cannot write '$tmp/no/such/dir/x.txt'" "$tmp/err" &&
	grep -q "no/such/dir.*No such file or directory" "$tmp/err"
result $? "and gives the file and the system's reason"

"$lectern" export ../slides/talk.zh.ini --width 80 --notes >"$tmp/path.txt"
result $? "export DECK with options after it"
cmp -s "$tmp/path.txt" golden/talk.zh.w80.notes.txt
result $? "export DECK equals the built-in talk"

[ "$failed" -eq 0 ]
