#!/usr/bin/env bash
# The options of issue 10 that need no terminal: --color for check, report
# and export (always, never, auto with and without NO_COLOR, on a pty via
# script(1)), present/rehearse --list, bad --theme and --start-at values,
# theme errors in the config file, and their shell completions.
# Usage: options.sh LECTERN  (working directory tests/). TAP.
set -u
lectern=$1
n=0 failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/tap.sh"
sanitizer_watch "$tmp/sanitizer"
tap_plan 69
esc=$'\033['

result() { # result STATUS WHAT: fails too on a sanitizer report since the last
	n=$((n + 1))
	if [ "$1" -eq 0 ] && sanitizer_clean "$tmp/err"; then
		echo "ok $n - $2"
	else
		failed=$((failed + 1))
		echo "not ok $n - $2"
	fi
}

status() { # status WHAT WANT COMMAND...: runs COMMAND, out/err in $tmp
	local what=$1 want=$2
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	local rc=$?
	[ "$rc" -eq "$want" ]
	result $? "$what (exit $rc, want $want)"
	[ "$rc" -eq "$want" ] || sed 's/^/#   /' "$tmp/err" | head -5
}

has_esc() { grep -qF "$esc" "$1"; }

# on_tty COMMAND: runs COMMAND (a string) on script(1)'s pty, stdout and
# stderr both into the pty, captured in $tmp/tty
on_tty() { TERM=xterm script -qec "$1" /dev/null </dev/null >"$tmp/tty" 2>&1; }

# ---- a deck with a warning, and a rehearsal record for report ----
printf '[deck]\ntitle = Colour\nid = nc\n[one]\ntitle = One\ntime = 10s\ntext.1 = a\ab\n[two]\ntitle = Two\ntime = 10s\n' \
	>"$tmp/w.ini"
mkdir -p "$tmp/state/lectern"
cp data/records/nc.rehearsal "$tmp/state/lectern/r1"
export XDG_STATE_HOME=$tmp/state
unset NO_COLOR

# ---- check --color ----
"$lectern" check --color=always "$tmp/w.ini" 2>"$tmp/err" >/dev/null
grep -qF "w.ini:7:11: ${esc}33mwarning${esc}0m: control character U+0007" "$tmp/err"
result $? "check --color=always colours 'warning' yellow, even into a pipe"
"$lectern" check --strict --color always "$tmp/w.ini" 2>"$tmp/err" >/dev/null
grep -qF "w.ini:7:11: ${esc}1;31merror${esc}0m: control character U+0007" "$tmp/err"
result $? "check --strict --color always colours 'error' bold red"
"$lectern" check "$tmp/w.ini" >"$tmp/out" 2>&1
! has_esc "$tmp/out"
result $? "check into a pipe has no colour by default"
on_tty "$lectern check $tmp/w.ini"
has_esc "$tmp/tty"
result $? "check on a terminal colours by default (--color=auto)"
on_tty "$lectern check --color=auto $tmp/w.ini"
has_esc "$tmp/tty"
result $? "and with --color=auto"
on_tty "NO_COLOR=1 $lectern check --color=auto $tmp/w.ini"
[ -s "$tmp/tty" ] && ! has_esc "$tmp/tty"
result $? "NO_COLOR=1 check --color=auto on a terminal: no colour"
on_tty "NO_COLOR= $lectern check --color=auto $tmp/w.ini"
has_esc "$tmp/tty"
result $? "an empty NO_COLOR does not count"
on_tty "$lectern check --color=never $tmp/w.ini"
[ -s "$tmp/tty" ] && ! has_esc "$tmp/tty"
result $? "check --color=never on a terminal: no colour"
on_tty "TERM=dumb $lectern check $tmp/w.ini"
! has_esc "$tmp/tty"
result $? "check on TERM=dumb: no colour"
NO_COLOR=1 "$lectern" check --color=always "$tmp/w.ini" 2>"$tmp/err" >/dev/null
has_esc "$tmp/err"
result $? "--color=always wins over NO_COLOR (as no-color.org asks)"
"$lectern" check "$tmp/w.ini" >"$tmp/summary" 2>"$tmp/err.summary"
grep -cF "$esc" "$tmp/err" | grep -qx 1 && grep -q '^.*w.ini: 2 slides' "$tmp/summary" &&
	sanitizer_clean "$tmp/err.summary"
result $? "only the severity word is coloured, the summary on stdout never"

# ---- report --color ----
"$lectern" report --color=always "$tmp/w.ini" >"$tmp/out" 2>"$tmp/err"
has_esc "$tmp/out"
result $? "report --color=always colours into a pipe"
"$lectern" report --color=always --format tsv "$tmp/w.ini" >"$tmp/out" 2>"$tmp/err"
[ -s "$tmp/out" ] && ! has_esc "$tmp/out"
result $? "report --color=always --format tsv: tsv never has colour"
on_tty "$lectern report --color=never $tmp/w.ini"
[ -s "$tmp/tty" ] && ! has_esc "$tmp/tty"
result $? "report --color=never on a terminal: no colour"
on_tty "NO_COLOR=1 $lectern report --color=auto $tmp/w.ini"
[ -s "$tmp/tty" ] && ! has_esc "$tmp/tty"
result $? "NO_COLOR=1 report --color=auto on a terminal: no colour"
on_tty "$lectern report $tmp/w.ini"
has_esc "$tmp/tty"
result $? "report on a terminal colours by default"

# ---- export --color: accepted, never colours ----
"$lectern" export --notes ../slides/talk.en.ini >"$tmp/plain.txt"
for when in always auto never; do
	on_tty "$lectern export --color=$when --notes ../slides/talk.en.ini"
	! has_esc "$tmp/tty"
	result $? "export --color=$when on a terminal: no escape byte"
done
"$lectern" export --color=always --notes ../slides/talk.en.ini >"$tmp/out"
cmp -s "$tmp/plain.txt" "$tmp/out"
result $? "export --color=always writes exactly the plain export"

# ---- bad values ----
for cmd in check report export; do
	status "$cmd --color=sometimes is a usage error" 2 "$lectern" $cmd --color=sometimes
	grep -q "auto, always or never" "$tmp/err"
	result $? "$cmd: the message lists the values"
	status "$cmd --color without a value is a usage error" 2 "$lectern" $cmd --color
done

# ---- present --list, rehearse --list ----
status "present --list needs no terminal" 0 "$lectern" present --list data/present.ini
cat >"$tmp/want" <<'EOF'
1  intro    0:30  -       Alpha intro
2  steps    0:30  -       Bravo steps
3  chinese  0:30  -       中文标题 Charlie
4  extra    0:30  backup  Delta backup
5  chart    0:30  -       Echo chart
EOF
head -5 "$tmp/out" >"$tmp/got"
cmp -s "$tmp/want" "$tmp/got"
result $? "present --list: number, id, time, backup, title"
cmp -s "$tmp/want" "$tmp/got" || diff "$tmp/want" "$tmp/got" | sed 's/^/#   /'
[ "$(wc -l <"$tmp/out")" -eq "$(grep -c '^\[' data/present.ini | awk '{print $1 - 1}')" ]
result $? "one line per slide"
cp "$tmp/out" "$tmp/present.list"
status "rehearse --list" 0 "$lectern" rehearse --list data/present.ini
cmp -s "$tmp/present.list" "$tmp/out"
result $? "rehearse --list prints the same"
status "lectern --list (the built-in talk)" 0 "$lectern" --list --lang en
grep -q '^ 1  cover ' "$tmp/out" && [ "$(wc -l <"$tmp/out")" -ge 20 ]
result $? "lists the built-in talk"
printf '[deck]\ntitle = T\n[a]\ntitle = "bell\a here"\ntime = 1m30s\n' >"$tmp/ctl.ini"
status "--list of a deck with a control character in a title" 0 "$lectern" present --list "$tmp/ctl.ini"
! grep -q $'\a' "$tmp/out" && grep -q 'bell␇ here' "$tmp/out" && grep -q ' 1:30 ' "$tmp/out"
result $? "shows it as its placeholder, like the screen"
printf '[deck]\ntitle = T\n[a]\ntitel = x\n' >"$tmp/bad.ini"
status "--list of a deck with errors" 1 "$lectern" present --list "$tmp/bad.ini"
grep -q "bad.ini:4:1: error" "$tmp/err"
result $? "reports them"

# ---- --theme and --start-at on the command line ----
export XDG_CONFIG_HOME=$tmp/config
mkdir -p "$tmp/config/lectern"
status "--theme lihgt is a usage error" 2 "$lectern" present --theme lihgt data/present.ini
grep -q "unknown theme 'lihgt' (did you mean 'light'?)" "$tmp/err"
result $? "with a did-you-mean"
status "rehearse --theme solarized is a usage error" 2 "$lectern" rehearse --theme=solarized data/present.ini
grep -q "there are dark, light, high-contrast" "$tmp/err"
result $? "naming every theme"
status "console --theme nope is a usage error" 2 "$lectern" console --theme nope data/present.ini
status "present --theme light gets as far as the terminal" 3 "$lectern" present --theme light data/present.ini
for bad in 25:00 7 14:3 soon; do
	status "--start-at $bad is a usage error" 2 "$lectern" present --start-at "$bad" data/present.ini
done
grep -q "invalid start time 'soon'" "$tmp/err"
result $? "--start-at says what is wrong"
status "rehearse --start-at 14:30 is accepted" 3 "$lectern" rehearse --start-at 14:30 data/present.ini

# ---- themes in the config file ----
printf '[display]\ntheme = stage\n[theme-stage]\nbase = light\ntitle = red bold\n' \
	>"$tmp/config/lectern/config.ini"
status "a config with a user theme is accepted" 3 "$lectern" present data/present.ini
grep -q "needs a terminal" "$tmp/err"
result $? "and present only lacks the terminal"
status "--theme may name the user theme" 3 "$lectern" present --theme stage data/present.ini
printf '[display]\ntheme = stage\n[theme-stage]\ntitle = red bld\nstatsu = reverse\n' \
	>"$tmp/config/lectern/config.ini"
status "a theme error in the config stops present" 1 "$lectern" present data/present.ini
cfg=$tmp/config/lectern/config.ini
grep -qx "$cfg:4:13: error: unknown colour or attribute 'bld' (did you mean 'bold'?)" "$tmp/err" &&
	grep -qx "$cfg:5:1: error: unknown theme role 'statsu' (did you mean 'status'?)" "$tmp/err"
result $? "every problem with its line and column"
printf '[display]\ntheme = stag\n[theme-stage]\ntitle = red\n' >"$cfg"
status "an unknown [display] theme stops rehearse" 1 "$lectern" rehearse data/present.ini
grep -qx "$cfg:2:9: error: unknown theme 'stag' (did you mean 'stage'?)" "$tmp/err"
result $? "with a did-you-mean among the user themes"

# ---- completions ----
compl() { # compl WORD...: the bash completions for the last word, one a line
	bash -c 'source ../completions/lectern.bash
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _lectern
		printf "%s\n" "${COMPREPLY[@]}"' lectern "$@" | sort
}
printf '[theme-stage]\ntitle = red\n[theme-Big_Room]\ntitle = blue\n' >"$cfg"
[ "$(compl lectern present --theme '' | tr '\n' ' ')" = "big_room dark high-contrast light stage " ]
result $? "bash completes --theme with the built-in and the user themes"
[ "$(compl lectern check --color '' | tr '\n' ' ')" = "always auto never " ]
result $? "bash completes --color values"
[ "$(compl lectern report --color = al)" = always ]
result $? "bash completes --color=PREFIX"
for cmd in present rehearse; do
	compl lectern $cmd --l | grep -qx -- --list && compl lectern $cmd --st | grep -qx -- --start-at &&
		compl lectern $cmd --th | grep -qx -- --theme
	result $? "bash completes $cmd --list, --start-at and --theme"
done
for cmd in check report export; do
	compl lectern $cmd --co | grep -qx -- --color
	result $? "bash completes $cmd --color"
done
grep -q -- "--start-at=" ../completions/_lectern && grep -q -- "--color=" ../completions/_lectern &&
	grep -q -- "--list\[print the slides" ../completions/_lectern &&
	grep -q -- "--theme=.*_lectern_themes" ../completions/_lectern
result $? "the zsh completion has --start-at, --color, --list and --theme"
zsh -fc "fpath=($PWD/../completions \$fpath); autoload -U compinit; compinit -u -D;
	autoload -Uz _lectern; (( \$+functions[_lectern] ))" >"$tmp/out" 2>&1
result $? "the zsh completion still autoloads"

[ "$failed" -eq 0 ]
