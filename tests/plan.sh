#!/usr/bin/env bash
# lectern plan end to end: rehearsal records in $XDG_STATE_HOME, the table,
# --write (only the time values change, the backup holds the old file, the
# mode is kept, check --strict is clean), --dry-run's diff, --backup,
# --fit deck, --include-incomplete, --from notes, refusals (no records,
# usage errors, an unwritable folder as uid 65534: nothing lost) and a
# hostile title through the sanitising writer.
# Usage: plan.sh LECTERN  (working directory tests/). TAP.
set -u
lectern=$1
n=0 failed=0
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
source "$(dirname "$0")/tap.sh"
sanitizer_watch "$tmp/sanitizer"
tap_plan 46

result() { # result STATUS WHAT
	n=$((n + 1))
	if [ "$1" -eq 0 ] && sanitizer_clean "$tmp/err"; then
		echo "ok $n - $2"
	else
		failed=$((failed + 1))
		echo "not ok $n - $2"
		sed -n '1,20s/^/#   /p' "$tmp/out" "$tmp/err"
	fi
}

run() { "$lectern" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null; }

export XDG_STATE_HOME=$tmp/state
mkdir -p "$tmp/state/lectern"
record() { # record NAME START COMPLETE ONE_MS TWO_MS
	printf 'lectern-rehearsal 1\ndeck-id\tpl\ndeck-path\tpl.ini\ndeck-hash\t0123456789abcdef\n' \
		>"$tmp/state/lectern/$1"
	printf 'start\t%s\ntotal-ms\t%s\ncomplete\t%s\n' "$2" $(($4 + $5)) "$3" \
		>>"$tmp/state/lectern/$1"
	printf 'slide\tone\t10\t%s\t1\tOne\nslide\ttwo\t0\t%s\t1\tTwo\nslide\tfour\t15\t0\t0\tFour\nend\n' \
		"$4" "$5" >>"$tmp/state/lectern/$1"
}

deck() { # deck FILE [DURATION]
	{
		printf '; plan test deck\n[deck]\nid = pl\ntitle = "Plan; CLI"\n'
		[ -n "${2:-}" ] && printf 'duration = %s\n' "$2"
		printf '\n[one]\ntitle = One\ntime = 10s\nnote.1 = 讲第一页。\n\n'
		printf '[four]\ntitle = Four\ntime = 15s\n\n[two]\ntitle    = Two\nnote.1 = Second slide.\n'
	} >"$1"
}

# ---- no records yet ----
deck "$tmp/pl.ini"
run plan "$tmp/pl.ini"
[ $? -eq 1 ] && grep -q "no rehearsal of deck 'pl' to plan from" "$tmp/err"
result $? "no records: exit 1, saying so"

record a 2026-01-01T10:00:00Z yes 30000 20000
record b 2026-01-02T10:00:00Z yes 40000 24000
record c 2026-01-03T10:00:00Z no 90000 90000

# ---- the table ----
run plan "$tmp/pl.ini"
[ $? -eq 0 ] && grep -Eq '^one +One +0:10 +0:35 +0:35 +\+0:25$' "$tmp/out" &&
	grep -Eq '^two +Two +- +0:22 +0:20 +\+0:20$' "$tmp/out" &&
	grep -Eq '^four +Four +0:15 +- +0:15 +0:00  skipped: kept$' "$tmp/out" &&
	grep -Eq '^total +0:25 +0:57 +1:10 +\+0:45$' "$tmp/out"
result $? "table: median of the complete rehearsals, a skipped slide kept, totals"
grep -q 'from the median of 2 rehearsals (incomplete ones left out)' "$tmp/out"
result $? "  the header says how many rehearsals and that one was left out"
run plan "$tmp/pl.ini" --include-incomplete
grep -Eq '^one +One +0:10 +0:40 +0:40 ' "$tmp/out"
result $? "--include-incomplete: the interrupted rehearsal counts"
run plan "$tmp/pl.ini" --from last
grep -Eq '^one +One +0:10 +0:40 +0:40 ' "$tmp/out" && grep -Eq '^two +Two +- +0:24 +0:25 ' "$tmp/out"
result $? "--from last: the last complete rehearsal"
XDG_STATE_HOME=$tmp/none run plan "$tmp/pl.ini" --from notes
[ $? -eq 0 ] && grep -Eq '^one +One +0:10 +0:01 +0:05 ' "$tmp/out" &&
	grep -qF 'from the notes (190 字/min (default), 150 words/min (default))' "$tmp/out"
result $? "--from notes: the estimate at the default rates, no rehearsal needed"
run plan "$tmp/pl.ini" --from notes
# 讲第一页 (4 characters) took 30 s and 40 s: 8 in 70 s, 7 a minute; the
# English slide's 44 s are too little to measure
[ $? -eq 0 ] && grep -Eq '^one +One +0:10 +0:34 +0:35 ' "$tmp/out" &&
	grep -qF 'from the notes (7 字/min (measured in 2 rehearsals), 150 words/min (default))' "$tmp/out"
result $? "--from notes with rehearsals: the speaker's measured rate, said in the header"

# ---- --write --dry-run ----
cp "$tmp/pl.ini" "$tmp/orig.ini"
chmod 600 "$tmp/pl.ini"
run plan "$tmp/pl.ini" --write --dry-run
[ $? -eq 0 ] && cmp -s "$tmp/pl.ini" "$tmp/orig.ini" && [ ! -e "$tmp/pl.ini~" ]
result $? "--dry-run changes nothing and writes no backup"
grep -qx -- '-time = 10s' "$tmp/out" && grep -qx -- '+time = 35s' "$tmp/out" &&
	grep -qx -- '+time     = 20s' "$tmp/out" && grep -qx -- "--- $tmp/pl.ini" "$tmp/out" &&
	grep -qx -- '@@ -6,5 +6,5 @@' "$tmp/out" && grep -qx -- '@@ -15,3 +15,4 @@' "$tmp/out"
result $? "  it prints the unified diff of the time lines"
sed -n '/^--- /,$p' "$tmp/out" | sed 1d >"$tmp/patch.body"
{ echo "--- a"; echo "+++ b"; sed 1d "$tmp/patch.body"; } >"$tmp/diff"
cp "$tmp/orig.ini" "$tmp/patched.ini"
patch -s "$tmp/patched.ini" <"$tmp/diff" >/dev/null 2>&1
result $? "  and patch(1) applies it"

# ---- --write ----
run plan "$tmp/pl.ini" --write
[ $? -eq 0 ] && grep -q "wrote '$tmp/pl.ini': 2 times changed, total 0:25 -> 1:10" "$tmp/out"
result $? "--write: exit 0, says what changed"
cmp -s "$tmp/pl.ini~" "$tmp/orig.ini"
result $? "  the backup DECK~ is the old file"
cmp -s "$tmp/pl.ini" "$tmp/patched.ini"
result $? "  the deck is what the dry-run's diff said"
diff "$tmp/orig.ini" "$tmp/pl.ini" | grep '^[<>]' | grep -vE '^[<>] time +=' >"$tmp/other"
[ ! -s "$tmp/other" ] && [ "$(diff "$tmp/orig.ini" "$tmp/pl.ini" | grep -c '^>')" -eq 2 ]
result $? "  only time lines differ"
[ "$(stat -c %a "$tmp/pl.ini")" = 600 ] && [ "$(stat -c %a "$tmp/pl.ini~")" = 600 ]
result $? "  deck and backup keep mode 600"
run check --strict "$tmp/pl.ini"
[ $? -eq 0 ] && [ ! -s "$tmp/err" ]
result $? "  lectern check --strict of the result is clean"
[ "$(ls -A "$tmp" | grep -c '^\.')" -eq 0 ]
result $? "  no temporary file left"
run plan "$tmp/pl.ini" --write
[ $? -eq 0 ] && grep -q 'the plan already matches; nothing written' "$tmp/out"
result $? "a second --write has nothing to do"

# ---- --backup, --fit deck ----
deck "$tmp/fit.ini" 1m
cp "$tmp/fit.ini" "$tmp/fit.orig"
run plan "$tmp/fit.ini" --fit deck --write --backup "$tmp/saved.ini"
[ $? -eq 0 ] && cmp -s "$tmp/saved.ini" "$tmp/fit.orig" && [ ! -e "$tmp/fit.ini~" ]
result $? "--backup FILE holds the old file instead of DECK~"
grep -qx 'time = 25s' "$tmp/fit.ini" && grep -qx 'time     = 20s' "$tmp/fit.ini" &&
	grep -qx 'time = 15s' "$tmp/fit.ini"
result $? "--fit deck: 25 s + 20 s + the kept 15 s make the 1m duration exactly"
run check --strict "$tmp/fit.ini"
[ $? -eq 0 ] && [ ! -s "$tmp/err" ]
result $? "  check --strict is clean: the times add up to the duration"
run plan "$tmp/fit.ini" --fit 20s
[ $? -eq 1 ] && grep -q 'cannot fit the plan into 0:20' "$tmp/err"
result $? "--fit too short: exit 1, saying so"

# ---- usage ----
cp "$tmp/fit.orig" "$tmp/same.ini"
ln "$tmp/same.ini" "$tmp/same-link.ini"
run plan "$tmp/same.ini" --write --backup "$tmp/same-link.ini"
[ $? -eq 2 ] && grep -q 'is the deck itself' "$tmp/err" && cmp -s "$tmp/same.ini" "$tmp/fit.orig"
result $? "--backup naming the deck itself (a hard link): refused, the deck kept"
run plan "$tmp/pl.ini" --dry-run
[ $? -eq 2 ] && grep -q -- '--dry-run only goes with --write' "$tmp/err"
result $? "--dry-run without --write: usage error"
run plan
[ $? -eq 2 ]
result $? "no DECK: usage error"
run plan --help
[ $? -eq 0 ] && grep -q -- '--fit DURATION|deck' "$tmp/out" && grep -q -- '--include-incomplete' "$tmp/out"
result $? "plan --help describes the options"

# ---- an unwritable folder: nothing lost ----
mkdir "$tmp/ro"
deck "$tmp/ro/pl.ini"
cp "$tmp/ro/pl.ini" "$tmp/ro.orig"
if [ "$(id -u)" -eq 0 ]; then
	chmod 755 "$tmp" "$tmp/ro" && chmod 644 "$tmp/ro/pl.ini" && chmod -R a+rX "$tmp/state"
	HOME=$tmp/nohome setpriv --reuid 65534 --regid 65534 --clear-groups "$lectern" plan "$tmp/ro/pl.ini" --write \
		>"$tmp/out" 2>"$tmp/err" </dev/null
else
	chmod 555 "$tmp/ro"
	"$lectern" plan "$tmp/ro/pl.ini" --write >"$tmp/out" 2>"$tmp/err" </dev/null
fi
rc=$?
[ $rc -eq 3 ] && grep -q 'cannot write the backup: Permission denied; nothing was changed' "$tmp/err"
result $? "unwritable folder: exit 3, saying why"
cmp -s "$tmp/ro/pl.ini" "$tmp/ro.orig" && [ "$(ls -A "$tmp/ro")" = pl.ini ]
result $? "  the deck as it was, nothing else in the folder"
chmod 700 "$tmp/ro"

# ---- check: the notes estimate, --times, [speech] ----
long=$(printf '字%.0s' $(seq 64))
printf '[deck]\nid = est\n[a]\ntitle = A\ntime = 10s\nnote.1 = %s\n[b]\ntitle = B\ntime = 1m\nnote.1 = Hi. [pause 5s]\n' \
	"$long" >"$tmp/est.ini"
run check --strict "$tmp/est.ini"
[ $? -eq 0 ] && grep -qF "est.ini:3:1: warning: slide 'a': its notes take about 0:20 to speak, but its planned time is 0:10" "$tmp/err" &&
	[ "$(wc -l <"$tmp/err")" -eq 1 ]
result $? "check warns about notes too long for the plan, and --strict does not fail on it"
run check "$tmp/est.ini"
! grep -q 'not loaded' "$tmp/out" && ! grep -q '^slide ' "$tmp/out" && grep -q 'est.ini: 2 slides' "$tmp/out"
result $? "check without --times: the summary line only (no 'not loaded', no table)"
run check --times "$tmp/est.ini"
! grep -q 'not loaded' "$tmp/out" && grep -q '^slide ' "$tmp/out" && grep -q 'est.ini: 2 slides' "$tmp/out"
result $? "check --times: the summary line, then the table (no 'not loaded')"
run check --times "$tmp/est.ini"
grep -Eq '^a +0:10 +0:20 +\+0:10$' "$tmp/out" && grep -Eq '^b +1:00 +0:05 +-0:55$' "$tmp/out" &&
	grep -Eq '^total +1:10 +0:25$' "$tmp/out"
result $? "check --times prints plan, estimate (pauses included) and difference"
mkdir -p "$tmp/cfg/lectern"
printf '[speech]\nhan-per-minute = 384\n' >"$tmp/cfg/lectern/config.ini"
XDG_CONFIG_HOME=$tmp/cfg run check --times "$tmp/est.ini"
[ $? -eq 0 ] && grep -Eq '^a +0:10 +0:10 +0:00$' "$tmp/out" && [ ! -s "$tmp/err" ]
result $? "[speech] han-per-minute sets the rate: no warning at 384 字/min"
printf '[speech]\nwords-per-minute = fast\n' >"$tmp/cfg/lectern/config.ini"
XDG_CONFIG_HOME=$tmp/cfg run plan "$tmp/est.ini" --from notes
[ $? -eq 1 ] && grep -qF "config.ini:2:20: error: invalid value 'fast' for 'words-per-minute'" "$tmp/err"
result $? "a bad rate is an error naming line and column"
compl() { bash -c 'source ../completions/lectern.bash
	COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _lectern
	printf "%s\n" "${COMPREPLY[@]}"' lectern "$@" | sort | tr '\n' ' '; }
[ "$(compl lectern pl)" = "plan " ] && [ "$(compl lectern plan x.ini --from '')" = "last median notes " ] &&
	[ "$(compl lectern plan x.ini --d)" = "--dry-run " ]
result $? "bash completes plan, its options and --from values"
zsh -fc "fpath=($PWD/../completions \$fpath); autoload -U compinit; compinit -u -D; whence -w _lectern" \
	>/dev/null 2>"$tmp/err" && grep -q "'plan:plan slide times" ../completions/_lectern
result $? "the zsh completion loads and knows plan"

# ---- a hostile title goes through the sanitising writer ----
printf '[deck]\nid = pl\n[one]\ntitle = "Evil \033]52;c;aGk=\a title"\ntime = 10s\n[four]\ntitle = Four\n[two]\ntitle = Two\n' \
	>"$tmp/evil.ini"
run plan "$tmp/evil.ini"
! grep -q $'\033' "$tmp/out" && ! grep -q $'\a' "$tmp/out" && grep -q '␛]52;c;aGk=␇' "$tmp/out"
result $? "a title's escape sequence is shown as placeholders, never sent"
printf '[deck]\nid = pl\n[one]\ntitle = "Evil \033[2J\342\200\256 one"\ntime = 10s\n[four]\ntitle = Four\n[two]\ntitle = Two\n' \
	>"$tmp/evil2.ini"
run plan "$tmp/evil2.ini" --write --dry-run
! grep -q $'\033' "$tmp/out" && ! grep -q $'\342\200\256' "$tmp/out" && grep -qF ' title = "Evil ␛[2J� one"' "$tmp/out"
result $? "the diff's context lines go through the sanitising writer too"
evil=$tmp/$'deck\033]0;x\a.ini'
cp "$tmp/evil2.ini" "$evil"
run plan "$evil" --write
[ $? -eq 0 ] && ! grep -q $'\033' "$tmp/out" "$tmp/err" && grep -qF "deck␛]0;x␇.ini" "$tmp/out"
result $? "a hostile file name is shown with placeholders"

# ---- a Markdown deck: its lectern comments ----
printf -- '---\ntitle: "Md"\nid: pl\n---\n\n<!-- lectern\nid: one\ntime: 10s  # a comment\n-->\n# One\n\n- a\n\n---\n\n<!-- lectern\nid: four\ntime: 15s\n-->\n# Four\n\n---\n\nTwo\n===\n\n- b\n' \
	>"$tmp/pl.md"
cp "$tmp/pl.md" "$tmp/pl.md.orig"
chmod 640 "$tmp/pl.md"
run plan "$tmp/pl.md" --write --dry-run
[ $? -eq 0 ] && cmp -s "$tmp/pl.md" "$tmp/pl.md.orig" && [ ! -e "$tmp/pl.md~" ] &&
	grep -qx -- '-time: 10s  # a comment' "$tmp/out" && grep -qx -- '+time: 35s  # a comment' "$tmp/out" &&
	grep -qx -- '+<!-- lectern' "$tmp/out" && grep -qx -- '+time: 20s' "$tmp/out"
result $? "Markdown --dry-run: the diff of the comments' time lines, nothing written"
sed -n '/^--- /,$p' "$tmp/out" >"$tmp/md.diff"
cp "$tmp/pl.md" "$tmp/pl.md.patched"
patch -s "$tmp/pl.md.patched" <"$tmp/md.diff" >/dev/null 2>&1
run plan "$tmp/pl.md" --write
[ $? -eq 0 ] && grep -q "wrote '.*pl.md': 2 times changed" "$tmp/out" && cmp -s "$tmp/pl.md~" "$tmp/pl.md.orig" &&
	cmp -s "$tmp/pl.md" "$tmp/pl.md.patched" && [ "$(stat -c %a "$tmp/pl.md")" = 640 ]
result $? "Markdown --write: what the diff showed, the backup pl.md~ the old file, the mode kept"
diff "$tmp/pl.md.orig" "$tmp/pl.md" | grep '^[<>]' >"$tmp/md.changed"
[ "$(grep -c '^<' "$tmp/md.changed")" -eq 1 ] && [ "$(grep -c '^>' "$tmp/md.changed")" -eq 4 ] &&
	grep -qx '> <!-- lectern' "$tmp/md.changed" && grep -qx '> -->' "$tmp/md.changed"
result $? "  one time value changed, one comment of three lines added, nothing else"
run check --strict "$tmp/pl.md"
[ $? -eq 0 ] && [ ! -s "$tmp/err" ] && grep -q 'planned 1:10' "$tmp/out"
result $? "  lectern check --strict of the result is clean, with the new times"

# ---- the rates check --times uses ----
run check --times "$tmp/pl.ini"
grep -qF 'speaking rates: 7 字/min (measured in 2 rehearsals), 150 words/min (default)' "$tmp/out"
result $? "check --times: a rate measured from the rehearsals says so, the other is the default"
run check "$tmp/pl.ini"
grep -qF 'pl.ini: notes estimated at 7 字/min (measured in 2 rehearsals), 150 words/min (default)' "$tmp/out" &&
	! grep -q '^speaking rates' "$tmp/out"
result $? "check without --times says when it uses a measured rate"
printf '[speech]\nwords-per-minute = 120\n' >"$tmp/cfg/lectern/config.ini"
XDG_CONFIG_HOME=$tmp/cfg XDG_STATE_HOME=$tmp/none run check --times "$tmp/pl.ini"
grep -qF 'speaking rates: 190 字/min (default), 120 words/min (config [speech])' "$tmp/out"
result $? "check --times without records: the config's rate when set, else the default"

exit $((failed > 0))
