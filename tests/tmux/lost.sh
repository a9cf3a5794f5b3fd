#!/usr/bin/env bash
# A rehearsal is never lost: when the state folder cannot take the record
# it goes to the current folder, then to $XDG_RUNTIME_DIR, and when no
# folder is writable the record itself comes out on standard error, in its
# file format, safe for the terminal, and saved by hand it reads back in
# lectern report. Folders are made unwritable with permissions (as uid
# 65534 through setpriv when the test runs as root, who ignores them).
# Usage: lost.sh LECTERN
source "$(dirname "$0")/lib.sh"
plan 27

check() { # check WHAT COMMAND...
	local what=$1
	shift
	if "$@"; then pass "$what"; else fail "$what"; fi
}

# the test deck with ESC c (a terminal reset) and a BEL in a slide title
deck=$TMPD/nobody/talk.ini
nb=$TMPD/nobody
mkdir -p "$nb/config" "$nb/cwd" "$nb/run" "$nb/state"
sed 's/^title    = Bravo steps$/title    = Bravo \x1bc\x07steps/' "$DATA/present.ini" >"$deck"
check "the deck has the hostile title" grep -q $'\x1bc\x07' "$deck"
as=""
if [ "$(id -u)" -eq 0 ]; then
	chmod 711 "$TMPD"
	# a sanitizer build's reports must still find their folder
	chmod 1777 "$TMPD/sanitizer" "$TMPD/sanitizer/seen" 2>/dev/null
	chmod 755 "$nb" "$nb/config" "$nb/cwd" "$nb/run" "$nb/state"
	as="setpriv --reuid=65534 --regid=65534 --clear-groups"
else
	chmod 555 "$nb/cwd" "$nb/run" "$nb/state"
fi
# rehearse_in STATUS_FILE: a rehearsal of about 6 s, ended with q, run in
# $nb/cwd with its stderr in $TMPD/err
rehearse_in() {
	local cmd
	cmd="cd $nb/cwd && env XDG_STATE_HOME=$nb/state XDG_RUNTIME_DIR=$1 XDG_CONFIG_HOME=$nb/config"
	cmd="$cmd $as $(printf '%q' "$LECTERN") rehearse $deck 2>$TMPD/err; echo rc=\$?; cd /"
	tm send-keys -t t clear Enter
	tm send-keys -t t "$cmd" Enter
	at_slide 1 "Alpha intro" "$2"
	keys l
	at_slide 2 "steps" "on slide 2"
	sleep 6
	keys q
	wait_for "rc=3" "a record that cannot be saved in its folder exits 3"
	poll prompt_ready
}

start_shell 80 24

# --- the runtime folder takes it ---
writable_run=$TMPD/run-ok
mkdir "$writable_run"
[ -n "$as" ] && chown 65534:65534 "$writable_run"
rehearse_in "$writable_run" "state and current folder not writable"
check "the state folder's failure is named, with why" \
	grep -qF "$nb/state/lectern: error: cannot create folder: Permission denied" "$TMPD/err"
check "and the current folder's" grep -qF "$nb/cwd: error: cannot create a file: Permission denied" "$TMPD/err"
check "it is recorded in \$XDG_RUNTIME_DIR, said so" \
	grep -qF 'here instead, in $XDG_RUNTIME_DIR, which is emptied at logout' "$TMPD/err"
check "with the state folder to move it to" grep -qF "move it to $nb/state/lectern for 'lectern report'" "$TMPD/err"
check "the file is there" [ "$(ls "$writable_run"/*.rehearsal 2>/dev/null | wc -l)" -eq 1 ]

# --- nothing is writable: the record on standard error ---
rehearse_in "$nb/run" "no folder writable"
check "every folder that failed is named, with why" \
	grep -qF "$nb/run: error: cannot create a file: Permission denied" "$TMPD/err"
check "no temporary file is named" bash -c "! grep -q tmp-rehearsal '$TMPD/err'"
check "it says the record follows" grep -qF "could not be saved in any folder; here it is" "$TMPD/err"
name=$(grep -o "save it by hand as [^ ]*\.rehearsal" "$TMPD/err" | sed 's/.* as //')
check "and the file name to save it as ($name)" test "${name%/*}" = "$nb/state/lectern"
check "no control byte reaches the terminal" bash -c "! LC_ALL=C grep -q \$'[\x01-\x08\x0b-\x1f\x7f]' '$TMPD/err'"
check "the title's controls are shown as placeholders" grep -qF "Bravo ␛c␇steps" "$TMPD/err"
mkdir -p "$TMPD/saved/lectern"
sed -n '/^lectern-rehearsal 1$/,/^end$/p' "$TMPD/err" >"$TMPD/saved/lectern/${name##*/}"
check "the record is there, from its first line to 'end'" [ "$(tail -n 1 "$TMPD/saved/lectern/${name##*/}")" = end ]
XDG_STATE_HOME=$TMPD/saved "$LECTERN" report --format tsv "$deck" >"$TMPD/report" 2>"$TMPD/report.err"
check "saved by hand, lectern report reads it (status $?)" [ $? -eq 0 ]
check "with no warning about the record (the deck's own are expected)" \
	bash -c "! grep -q rehearsal '$TMPD/report.err'"
check "and its timings: slide 2 had about 6 s" \
	awk -F '\t' '$0 ~ /steps/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+$/ && $i >= 5000 && $i <= 12000) f = 1 } END { exit !f }' "$TMPD/report"
left=$(find "$nb/cwd" "$nb/run" "$nb/state" -mindepth 1)
check "nothing was left in the folders (${left:-nothing})" [ -z "$left" ]
done_testing
