#!/usr/bin/env bash
# Themes in a real terminal: capture-pane -e shows the SGR sequences
# lectern sent, so the colour of the title (and of the status line) is
# asserted for the default theme, --theme light and high-contrast, a user
# theme from the config file, --theme overriding the config, and NO_COLOR
# or "color = no" leaving attributes only.
# Usage: theme.sh LECTERN
source "$(dirname "$0")/lib.sh"
plan 26

deck=$DATA/present.ini
cfg=$TMPD/config/lectern/config.ini
mkdir -p "$TMPD/config/lectern"

# sgr_at TEXT: "FG BG BOLD" in effect where TEXT first starts on the
# screen: FG and BG as SGR codes (39/49 the defaults, 38;5;N for 256
# colours), BOLD 1 or 0; "none" when TEXT is not on the screen.
sgr_at() {
	local cap prefix fg=39 bg=49 bold=0 i
	cap=$(tm capture-pane -e -p -t t)
	prefix=${cap%%"$1"*}
	[ "$prefix" = "$cap" ] && { echo none; return; }
	local re=$'\e\\[([0-9;]*)m'
	while [[ $prefix =~ $re ]]; do
		prefix=${prefix#*"${BASH_REMATCH[0]}"}
		local -a ps
		IFS=';' read -ra ps <<<"${BASH_REMATCH[1]:-0}"
		[ ${#ps[@]} -eq 0 ] && ps=(0)
		for ((i = 0; i < ${#ps[@]}; i++)); do
			case ${ps[i]} in
			0 | '') fg=39 bg=49 bold=0 ;;
			1) bold=1 ;;
			22) bold=0 ;;
			38 | 48)
				local c="${ps[i]};${ps[i + 1]:-};${ps[i + 2]:-}"
				[ "${ps[i]}" = 38 ] && fg=$c || bg=$c
				i=$((i + 2))
				;;
			3[0-9] | 9[0-7]) fg=${ps[i]} ;;
			4[0-9] | 10[0-7]) bg=${ps[i]} ;;
			esac
		done
	done
	echo "$fg $bg $bold"
}

# expect_sgr TEXT WANT WHAT: polls until sgr_at TEXT is WANT.
expect_sgr() {
	local got
	if poll [ "$(sgr_at "$1")" = "$2" ]; then
		pass "$3"
	else
		got=$(sgr_at "$1")
		fail "$3 (got '$got', want '$2')"
	fi
}

# show ARGS...: (re)starts lectern on the test deck with ARGS and waits for
# the first slide.
show() {
	run_lectern present "$deck" "$@"
	wait_for "Alpha intro" "lectern present $* starts"
}

quit() {
	keys q
	poll prompt_ready || fail "lectern quits"
}

start_shell 80 24

# --- built-in themes ---
: >"$cfg"
show
expect_sgr "Alpha intro" "33 49 1" "the default theme (dark): yellow bold title"
expect_sgr " 1/6 " "39 49 0" "dark: the status line in the default colours (reverse)"
quit
show --theme light
expect_sgr "Alpha intro" "34 49 1" "--theme light: a blue bold title, no yellow on white"
quit
show --theme=high-contrast
hc=$(sgr_at "Alpha intro")
case $hc in
"97 40 1" | "37 40 1") pass "--theme high-contrast: a bright white bold title on black" ;;
*) fail "--theme high-contrast: a bright white bold title on black (got '$hc')" ;;
esac
st=$(sgr_at " 1/6 ")
case $st in
"30 107 1" | "30 47 1") pass "high-contrast: a bold black-on-white status line" ;;
*) fail "high-contrast: a bold black-on-white status line (got '$st')" ;;
esac
quit

# --- a user theme from the config file ---
cat >"$cfg" <<'CFG'
[display]
theme = stage

[theme-stage]
base = light
title = red bold
status = black on white
subtitle = color208
CFG
show
expect_sgr "Alpha intro" "31 49 1" "[display] theme = stage: the user theme's red title"
expect_sgr " 1/6 " "30 47 0" "and its black-on-white status line"
quit
show --theme dark
expect_sgr "Alpha intro" "33 49 1" "--theme dark overrides the config's theme"
quit
show --theme stage
expect_sgr "Alpha intro" "31 49 1" "--theme names a user theme"
quit

# --- attributes only ---
start_shell 80 24 NO_COLOR=1
show --theme light
expect_sgr "Alpha intro" "39 49 1" "NO_COLOR=1 --theme light: the title bold, no colour"
quit
show --theme stage
expect_sgr "Alpha intro" "39 49 1" "NO_COLOR=1 with a user theme: bold, no colour"
if tm capture-pane -e -p -t t | grep -q $'\e\\[7m 1/6'; then
	pass "and its 'black on white' status line becomes reverse video"
else
	fail "and its 'black on white' status line becomes reverse video"
fi
quit
start_shell 80 24 NO_COLOR=
show --theme light
expect_sgr "Alpha intro" "34 49 1" "an empty NO_COLOR does not count"
quit
printf '[display]\ncolor = no\ntheme = light\n' >"$cfg"
show
expect_sgr "Alpha intro" "39 49 1" "[display] color = no: attributes only"
quit_and_check_tty q

done_testing
