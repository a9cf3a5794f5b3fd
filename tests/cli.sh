#!/usr/bin/env bash
# Command-line contract of lectern: exit statuses, help, check's output.
# Usage: cli.sh LECTERN  (run with the working directory tests/). TAP output.
set -u
lectern=$1
n=0 failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/tap.sh"
sanitizer_watch "$tmp/sanitizer"
decks=(../slides/*.ini)
tap_plan $((72 + 2 * ${#decks[@]})) # two checks a talk

check() { # check WHAT EXPECTED-STATUS COMMAND...
	local what=$1 want=$2
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"
	local rc=$?
	n=$((n + 1))
	if [ "$rc" -eq "$want" ] && sanitizer_clean "$tmp/err"; then
		echo "ok $n - $what"
	else
		failed=$((failed + 1))
		echo "not ok $n - $what (exit $rc, want $want)"
		sed 's/^/#   /' "$tmp/err" | head -5
	fi
}

contains() { # contains WHAT FILE TEXT
	n=$((n + 1))
	if grep -qF -- "$3" "$tmp/$2"; then
		echo "ok $n - $1"
	else
		failed=$((failed + 1))
		echo "not ok $n - $1: '$3' not in $2"
		sed 's/^/#   /' "$tmp/$2" | head -5
	fi
}

check "--help exits 0" 0 "$lectern" --help
contains "--help lists the commands" out "check DECK..."
check "--version exits 0" 0 "$lectern" --version
contains "--version prints the version" out "lectern 0."
check "check --help exits 0" 0 "$lectern" check --help
contains "check --help explains --strict" out "--strict"
check "an unknown option to check is a usage error" 2 "$lectern" check --bogus
contains "the usage error says what was wrong" err "unknown option '--bogus'"
check "a bad --size is a usage error" 2 "$lectern" check --size 80 ../slides/talk.zh.ini
contains "the --size error shows the form it wants" err "--size wants COLSxROWS such as 80x24, not '80'"
# console: usage errors and --list, without a terminal, in a private
# socket folder
mkdir -m 700 "$tmp/run"
export XDG_RUNTIME_DIR=$tmp/run
check "console --help exits 0" 0 "$lectern" console --help
contains "console --help shows its usage" out "Usage: lectern console [DECK]"
contains "and explains --exit-with" out "--exit-with"
check "console --bogus is a usage error" 2 "$lectern" console --bogus
contains "console says which option is unknown" err "unknown option '--bogus'"
check "console with two decks is a usage error" 2 "$lectern" console data/present.ini x.ini
contains "console names both decks" err "more than one DECK"
check "console --lang fr is a usage error" 2 "$lectern" console --lang fr
contains "console names the languages" err "there are 'zh' and 'en'"
check "console --session without a name is a usage error" 2 "$lectern" console --session
contains "console says --session needs a value" err "option '--session' needs a value"
check "console --session 'a b' is a usage error" 2 "$lectern" console --session 'a b' \
	data/present.ini
contains "console says what a session name may hold" err "printable ASCII"
check "console --list DECK is a usage error" 2 "$lectern" console --list data/present.ini
contains "console says --list takes no deck" err "--list takes no DECK"
check "console of a deck with errors exits 1" 1 "$lectern" console data/diag/unknown-key.ini
contains "console names the deck's first error" err \
	"data/diag/unknown-key.ini:3:1: error: unknown key 'titel' (did you mean 'title'?)"
check "console without a terminal exits 3" 3 "$lectern" console data/present.ini </dev/null
contains "console says it needs a terminal" err "console needs a terminal"
check "console --list with nothing running exits 0" 0 "$lectern" console --list
contains "console --list says nothing runs" out "no presentation is running"
check "present --session 'a/b' is a usage error" 2 "$lectern" present --session a/b
contains "present names the bad session name" err "invalid --session 'a/b'"
check "rehearse --session '' is a usage error" 2 "$lectern" rehearse --session=
contains "rehearse says --session needs a value" err "option '--session' needs a value"
unset XDG_RUNTIME_DIR
sed -n '/^```ini$/,/^```$/p' ../docs/deck-format.md | sed '1d;$d' >"$tmp/example.ini"
check "the complete example of docs/deck-format.md passes check --strict" 0 \
	"$lectern" check --strict "$tmp/example.ini"
contains "and has four slides, one of them backup" out "4 slides (1 backup), planned 5:00"
for deck in "${decks[@]}"; do
	check "$(basename "$deck") passes check --strict" 0 "$lectern" check --strict "$deck"
	contains "and is summarised as 26 slides" out "$deck: 26 slides (0 backup), planned 14:00"
done
check "check of the talk" 0 "$lectern" check ../slides/talk.en.ini
contains "check prints a summary line" out "talk.en.ini: 26 slides (0 backup), planned 14:00, 0 without notes"
check "check with no deck checks the built-in talk" 0 "$lectern" check --strict
contains "the built-in talk is named" out "talk.zh.ini: "
check "check --lang en checks the built-in English talk" 0 "$lectern" check --strict --lang en
contains "the English built-in is named" out "talk.en.ini: "
check "an unknown built-in language is a deck error" 1 "$lectern" check --lang fr
contains "which names the languages there are" err "no built-in talk in language 'fr' (there are 'zh' and 'en')"
check "a deck with errors exits 1" 1 "$lectern" check data/diag/dup-key.ini
contains "the error names file, line and column" err "data/diag/dup-key.ini:4:1: error: key 'bullet' appears twice"
contains "a deck with errors gets a not-loaded summary" out "data/diag/dup-key.ini: not loaded, 1 error"
check "warnings alone exit 0" 0 "$lectern" check data/diag/quotes.ini
contains "warnings print as warnings" err "data/diag/quotes.ini:3:16: warning:"
check "--strict makes warnings fail" 1 "$lectern" check --strict data/diag/quotes.ini
contains "--strict prints them as errors" err "data/diag/quotes.ini:3:16: error:"
check "one bad deck among good ones fails the run" 1 "$lectern" check ../slides/talk.zh.ini data/diag/nul.ini
contains "and the good deck is still summarised" out "talk.zh.ini: 26 slides"
# numbers that must not wrap: 1000 h is the longest time a slide may have
printf '[deck]\ntitle = long\n[a]\ntitle = a\ntime = 1000h\n[b]\ntitle = b\ntime = 1000h\n' \
	>"$tmp/long.ini"
check "a deck of two 1000 h slides passes check" 0 "$lectern" check "$tmp/long.ini"
contains "its total is 2000 h, not taken modulo 1000" out "2 slides (0 backup), planned 2000:00:00,"
awk 'BEGIN { print "[deck]\ntitle = longer"; for (i = 0; i < 1194; i++)
	printf "[s%d]\ntitle = s\ntime = 1000h\n", i }' >"$tmp/longer.ini"
check "a deck of 1,194 slides of 1000 h passes check" 0 "$lectern" check "$tmp/longer.ini"
contains "its total, past 2^32 seconds, is right" out "planned 1194000:00:00,"
check "present --list of it exits 0" 0 "$lectern" present --list "$tmp/long.ini"
contains "and lists a 1000 h slide as 1000:00:00" out "1000:00:00"
check "rehearse --duration 0s is a usage error" 2 "$lectern" rehearse --duration 0s "$tmp/long.ini"
contains "that says the duration is zero" err "--duration '0s' is zero"
check "rehearse --duration 1001h is a usage error" 2 "$lectern" rehearse --duration 1001h \
	"$tmp/long.ini"
contains "that gives the limit" err "is too long; the limit is 1000h"
check "rehearse --duration 1h99m is a usage error" 2 "$lectern" rehearse --duration 1h99m \
	"$tmp/long.ini"
contains "that suggests what was meant" err "(did you mean '2h39m'?)"
check "a missing file exits 1" 1 "$lectern" check data/none.ini
contains "a missing file names the file" err "data/none.ini: error: cannot open: No such file or directory"
check "a missing file with an invalid byte and a control in its name exits 1" 1 \
	"$lectern" check "$(printf 'data/no\377ne\001.ini')"
contains "the diagnostic shows them escaped" err 'data/no\xFFne\u{1}.ini: error: cannot open'
check "a missing file with C1 controls in its name exits 1" 1 \
	"$lectern" check "$(printf 'data/\302\200no\302\237ne.ini')"
contains "the diagnostic shows U+0080 and U+009F escaped" err 'data/\u{80}no\u{9F}ne.ini: error: cannot open'

[ "$failed" -eq 0 ]
