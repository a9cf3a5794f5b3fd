#!/usr/bin/env bash
# Themes in a real terminal: capture-pane -e shows the SGR sequences
# lectern sent, so the colour of the title (and of the status line) is
# asserted for the default theme, --theme light and high-contrast, a user
# theme from the config file, --theme overriding the config, and NO_COLOR
# or "color = no" leaving attributes only.
# Usage: theme.sh LECTERN
source "$(dirname "$0")/lib.sh"
plan 34

deck=$DATA/present.ini
cfg=$TMPD/config/lectern/config.ini
mkdir -p "$TMPD/config/lectern"

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
expect_sgr " 1/5 " "39 49 0" "dark: the status line in the default colours (reverse)"
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
st=$(sgr_at " 1/5 ")
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
expect_sgr " 1/5 " "30 47 0" "and its black-on-white status line"
quit
show --theme dark
expect_sgr "Alpha intro" "33 49 1" "--theme dark overrides the config's theme"
quit
show --theme stage
expect_sgr "Alpha intro" "31 49 1" "--theme names a user theme"
quit

# --- issue 15: a status line with a background has no hole at the bar ---
cat >"$cfg" <<'CFG'
[display]
theme = blue

[theme-blue]
status = white on blue

[theme-stage]
base = light
title = red bold
status = black on white
CFG
bg_of() { local s; s=$(sgr_at "$1"); set -- $s; echo "${2:-none}"; }
for size in "80 24" "60 20"; do
	start_shell $size
	show
	expect_sgr " 1/5 " "37 44 0" "$size: the user theme's white-on-blue status line"
	if poll [ "$(bg_of ━)" = 44 ]; then pass "$size: the done part of the progress bar is on blue"
	else fail "$size: the done part of the progress bar is on blue (got '$(sgr_at ━)')"; fi
	if poll [ "$(bg_of ─)" = 44 ]; then pass "$size: the rest of the bar is on blue"
	else fail "$size: the rest of the bar is on blue (got '$(sgr_at ─)')"; fi
	quit
done

# --- attributes only ---
start_shell 80 24 NO_COLOR=1
show --theme light
expect_sgr "Alpha intro" "39 49 1" "NO_COLOR=1 --theme light: the title bold, no colour"
quit
show --theme stage
expect_sgr "Alpha intro" "39 49 1" "NO_COLOR=1 with a user theme: bold, no colour"
if tm capture-pane -e -p -t t | grep -q $'\e\\[7m 1/5'; then
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
