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
tap_plan $((160 + 4 * ${#decks[@]})) # four checks a talk

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
check "console with an id that nothing presents exits 1" 1 "$lectern" console nosuch
contains "and says no presentation has that id" err \
	"no running presentation has the id 'nosuch' either (see 'lectern console --list')"
check "console with a hostile id exits 1" 1 "$lectern" console "$(printf 'x\033]0;owned\007y')"
n=$((n + 1))
if grep -q "$(printf '\033')" "$tmp/out" "$tmp/err" || ! grep -qF 'x␛]0;owned␇y' "$tmp/err"; then
	failed=$((failed + 1))
	echo "not ok $n - the hostile id is quoted escaped, no control byte in the output"
	sed 's/^/#   /' "$tmp/err" | cat -v | head -5
else
	echo "ok $n - the hostile id is quoted escaped, no control byte in the output"
fi
# the message names the command that was run
check "rehearse without a terminal exits 3" 3 "$lectern" rehearse data/present.ini </dev/null
contains "rehearse says that rehearse needs a terminal" err "lectern: rehearse needs a terminal"
check "present without a terminal exits 3" 3 "$lectern" present data/present.ini </dev/null
contains "present says that present needs a terminal" err "lectern: present needs a terminal"
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
	contains "and is summarised as 23 slides" out "$deck: 23 slides (0 backup), planned 18:00"
	for size in 80x24 40x20; do
		check "$(basename "$deck") fits $size under check --strict (nothing cut off)" 0 \
			"$lectern" check --strict --size "$size" "$deck"
	done
done
check "check of the talk" 0 "$lectern" check ../slides/talk.en.ini
contains "check prints a summary line" out "talk.en.ini: 23 slides (0 backup), planned 18:00, 0 without notes"
printf '[a]\ntitle = A\ntime = 1m\nsection = 需求\n[b]\ntitle = B\ntime = 1m\n[c]\ntitle = C\ntime = 1m\nsection = 场景\n' \
	>"$tmp/sections.ini"
check "check of a deck with two sections" 0 "$lectern" check --strict "$tmp/sections.ini"
contains "its summary counts the sections" out "sections.ini: 3 slides (0 backup), planned 3:00, 3 without notes, 2 sections"
head -4 "$tmp/sections.ini" >"$tmp/one.ini"
"$lectern" check "$tmp/one.ini" >"$tmp/one.out" 2>&1
check "a deck with one section: '1 section' ends its summary" 0 \
	grep -qx "$tmp/one.ini: 1 slides (0 backup), planned 1:00, 1 without notes, 1 section" "$tmp/one.out"
cp ../fuzz/seeds/fuzz_deck/keynote-table-code.ini "$tmp/code.ini"
check "check --times on a deck with sections, a table and code" 0 "$lectern" check --times "$tmp/code.ini"
contains "lists its slides" out "compare      1:00      0:01      -0:59"
check "plan --write on it" 0 "$lectern" plan "$tmp/code.ini" --from notes --write
check "changes only the time line (the code lines stay byte for byte)" 0 \
	sh -c "diff '$tmp/code.ini~' '$tmp/code.ini' | grep '^[<>]' | tr -d '\r' >'$tmp/plan.diff'; [ \"\$(cat '$tmp/plan.diff')\" = \"\$(printf '< time = 1m\n> time = 5s')\" ]"
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
contains "and the good deck is still summarised" out "talk.zh.ini: 23 slides"
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
contains "the diagnostic shows them as placeholders" err 'data/no�ne␁.ini: error: cannot open'
contains "and so does the summary" out 'data/no�ne␁.ini: not loaded, 1 error'
check "a missing file with C1 controls in its name exits 1" 1 \
	"$lectern" check "$(printf 'data/\302\200no\302\237ne.ini')"
contains "the diagnostic shows U+0080 and U+009F as placeholders" err 'data/�no�ne.ini: error: cannot open'
contains "and so does the summary" out 'data/�no�ne.ini: not loaded, 1 error'

# report: local time with its zone in the text report, UTC in tsv; a deck
# whose file was renamed is told where its history went
export XDG_STATE_HOME=$tmp/state
mkdir -p "$tmp/state/lectern"
{
	printf 'lectern-rehearsal 1\ndeck-id\tpresent-old\ndeck-path\tpresent-old.ini\n'
	printf 'deck-hash\t0000000000000001\nstart\t2024-05-01T09:30:00Z\ntotal-ms\t15661\n'
	printf 'complete\tno\n'
	for id in intro steps chinese extra chart end; do
		printf 'slide\t%s\t30\t%s\t1\tT %s\n' "$id" 2610 "$id"
	done
	printf 'end\n'
} >"$tmp/state/lectern/present-old-20240501T093000Z.rehearsal"
sed 's/^\[deck\]$/[deck]\nid = present-old/' data/present.ini >"$tmp/present-old.ini"
check "report of a deck with a record" 0 env TZ=Asia/Shanghai "$lectern" report "$tmp/present-old.ini"
contains "the text report shows local time with its zone (TZ)" out \
	"Last rehearsal: 2024-05-01 17:30 CST, 0:15 of "
check "report --format tsv" 0 env TZ=Asia/Shanghai "$lectern" report --format tsv \
	"$tmp/present-old.ini"
contains "tsv keeps UTC" out "	2024-05-01T09:30:00Z	"
cp data/present.ini "$tmp/present-new.ini"
check "report of a renamed deck exits 0" 0 "$lectern" report "$tmp/present-new.ini"
contains "it has no rehearsal of its own" out "No rehearsal of 'present-new' recorded yet"
contains "but is told about the old id" out \
	"1 rehearsal of a deck with the same slides is recorded under the id 'present-old'."
contains "and how to keep its history" out "add 'id = present-old' to the [deck] section of"
check "report --format json of a renamed deck exits 0" 0 "$lectern" report --format json \
	"$tmp/present-new.ini"
contains "json gets the hint on stderr" err "recorded under the id 'present-old'"
n=$((n + 1))
if grep -q "present-old" "$tmp/out"; then
	failed=$((failed + 1))
	echo "not ok $n - the json output stays clean"
else
	echo "ok $n - the json output stays clean"
fi
check "report of an unrelated deck" 0 "$lectern" report data/auto.ini
n=$((n + 1))
if grep -q "present-old" "$tmp/out" "$tmp/err"; then
	failed=$((failed + 1))
	echo "not ok $n - an unrelated deck gets no hint"
else
	echo "ok $n - an unrelated deck gets no hint"
fi
unset XDG_STATE_HOME

# ---- issue 15: every problem in one run ----
# the README's example of check, run exactly: its deck, its command, its output
mkdir "$tmp/readme"
awk '/reports every problem of a deck in one run/ { on = 1 }
	on && /^```ini$/ { grab = 1; next }
	grab && /^```$/ { exit }
	grab' ../README.md >"$tmp/readme/talk.ini"
awk '/reports every problem of a deck in one run/ { on = 1 }
	on && /^\$ lectern check talk.ini$/ { grab = 1; next }
	grab && /^```$/ { exit }
	grab' ../README.md >"$tmp/readme/want"
n=$((n + 1))
if [ -s "$tmp/readme/talk.ini" ] && [ -s "$tmp/readme/want" ] &&
	(abs=$(cd "$(dirname "$lectern")" && pwd)/$(basename "$lectern") &&
		cd "$tmp/readme" && "$abs" check talk.ini >got 2>&1; [ $? -eq 1 ]) &&
	cmp -s "$tmp/readme/want" "$tmp/readme/got"; then
	echo "ok $n - the README's check example gives exactly the output it shows"
else
	failed=$((failed + 1))
	echo "not ok $n - the README's check example gives exactly the output it shows"
	diff "$tmp/readme/want" "$tmp/readme/got" 2>&1 | sed 's/^/#   /' | head -10
fi
printf '[deck]\ntitle=T\n[intro]\ntitel=Hello\nbullet=a\nbullet=b\n' >"$tmp/x.ini"
check "a repeated key and a misspelt one: exit 1" 1 "$lectern" check "$tmp/x.ini"
contains "the misspelt key is reported after a repeated one" err "x.ini:4:1: error: unknown key 'titel'"
contains "and both are counted" out "x.ini: not loaded, 2 errors"
# ---- issue 15: commands ----
check "a misspelt command is a usage error" 2 "$lectern" exprot data/present.ini
contains "it is an unknown command, with the closest one" err "lectern: unknown command 'exprot' (did you mean 'export'?)"
check "an unknown word is an unknown command" 2 "$lectern" frobnicate
contains "which says there is no such file either" err "unknown command 'frobnicate', and no file of that name"
cp data/present.ini "$tmp/exprot"
abs_lectern=$(cd "$(dirname "$lectern")" && pwd)/$(basename "$lectern")
check "an existing file named like a command typo is still a deck" 0 env -C "$tmp" "$abs_lectern" exprot --list
contains "and is presented (here listed)" out "Alpha"
check "a missing DECK.ini is a deck that cannot be opened" 1 "$lectern" "$tmp/none.ini" --list
contains "and says so" err "none.ini: error: cannot open"
check "a word with an escape sequence is no command" 1 "$lectern" $'exp\e]52;c;eA==\aort' --list
n=$((n + 1))
if grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$tmp/err" "$tmp/out"; then
	failed=$((failed + 1))
	echo "not ok $n - and no control byte of it reaches the output"
else
	echo "ok $n - and no control byte of it reaches the output"
fi
check "help with an escape sequence is a usage error" 2 "$lectern" help $'\e]52;c;eA==\a'
n=$((n + 1))
if grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$tmp/err" "$tmp/out"; then
	failed=$((failed + 1))
	echo "not ok $n - and it is not echoed raw"
else
	echo "ok $n - and it is not echoed raw"
fi
check "lectern help exits 0" 0 "$lectern" help
contains "lectern help shows the usage" out "Usage: lectern [present] [DECK]"
contains "and lists help" out "help [COMMAND]"
check "lectern help check exits 0" 0 "$lectern" help check
contains "lectern help check shows check's usage" out "Usage: lectern check [OPTIONS]"
check "lectern help export exits 0" 0 "$lectern" help export
contains "lectern help export shows export's usage" out "Usage: lectern export"
check "lectern help exprot is a usage error" 2 "$lectern" help exprot
contains "with a suggestion" err "unknown command 'exprot' (did you mean 'export'?)"

# ---- issue 15: check on the configuration file ----
mkdir -p "$tmp/cfg/lectern"
printf '[display]\nclok = yes\n[keys]\nquit = Q\nnxet = x\n' >"$tmp/cfg/lectern/config.ini"
check "check --config checks the config lectern reads" 1 env XDG_CONFIG_HOME="$tmp/cfg" \
	"$lectern" check --config
contains "as a config: its unknown key" err "config.ini:2:1: error: unknown key 'clok' (did you mean 'clock'?)"
contains "and its unknown action, with the list of actions" err \
	"config.ini:5:1: error: unknown action 'nxet' (did you mean 'next'?); the actions are next, prev,"
contains "with a summary" out "config.ini: not loaded, 2 errors"
check "check on the config file's path checks it as a config" 1 env XDG_CONFIG_HOME="$tmp/cfg" \
	"$lectern" check "$tmp/cfg/lectern/config.ini"
contains "not as a deck" err "config.ini:5:1: error: unknown action 'nxet'"
printf '; only comments so far\n' >"$tmp/cfg/lectern/config.ini"
check "the config file is recognised by its path" 0 env XDG_CONFIG_HOME="$tmp/cfg" \
	"$lectern" check "$tmp/cfg/lectern/config.ini"
contains "even without a section" out "config.ini: configuration file, theme 'dark'"
printf '[keys]\nquit = Q\nblack =\n' >"$tmp/mine.ini"
check "a file starting with [keys] is checked as a config" 0 "$lectern" check "$tmp/mine.ini"
contains "and gets the config's warnings" err "mine.ini:3:1: warning: action 'black' is left without any key"
contains "and a config summary" out "mine.ini: configuration file, theme 'dark', 0 user themes"
check "--strict makes the warning fail" 1 "$lectern" check --strict --config "$tmp/mine.ini"
check "check --config without a config file is fine" 0 env XDG_CONFIG_HOME="$tmp/none" \
	"$lectern" check --config
contains "and says the defaults are used" out "no configuration file; the defaults are used"
check "check --config on a missing FILE fails" 1 "$lectern" check --config "$tmp/missing.ini"
contains "saying why" err "missing.ini: error: cannot open: No such file or directory"
check "check --config on a hostile FILE name fails" 1 "$lectern" check --config $'\e]0;owned\a.ini'
n=$((n + 1))
if grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$tmp/err" "$tmp/out"; then
	failed=$((failed + 1))
	echo "not ok $n - and no control byte of the name reaches the output"
else
	echo "ok $n - and no control byte of the name reaches the output"
fi

# a file in another encoding: one error that says how to convert it, and
# the command it gives works
for f in utf16le-bom utf16be-bom utf16le utf16be gb18030; do
	cp "data/diag/$f.ini" "$tmp/$f.ini"
	check "$f.ini is refused" 1 "$lectern" check "$tmp/$f.ini"
	contains "$f.ini gets a single error" out "$f.ini: not loaded, 1 error"
	cmd=$(sed -n 's/.* convert it with: //p' "$tmp/err")
	n=$((n + 1))
	if [ -n "$cmd" ] && bash -c "$cmd" && "$lectern" check --strict "$tmp/$f.utf8.ini" >/dev/null; then
		echo "ok $n - the command the error gives for $f.ini converts it to a valid deck"
	else
		failed=$((failed + 1))
		echo "not ok $n - the command the error gives for $f.ini converts it to a valid deck: '$cmd'"
	fi
done

[ "$failed" -eq 0 ]
