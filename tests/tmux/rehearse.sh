#!/usr/bin/env bash
# lectern rehearse in a real terminal: the timer line, time attributed to
# slides in proportion and written to a record under $XDG_STATE_HOME
# (complete only when the last slide was reached), lectern report reading
# it back (local time, the same total, the slides never reached), pause (t) and restart (T, confirmed),
# next on the last slide ending the rehearsal, SIGTERM still recording an
# incomplete rehearsal with the terminal restored, and --auto advancing
# until a key takes control back. Time is spent with sleep; every time in
# a record is checked against bounds that causality sets on wall time
# measured here: a slide's time is at least the time between the moment
# the test saw it on screen and the key that left it, and at most the time
# between the key that entered it and the moment the next one was seen.
# lectern report's numbers are checked against the record.
# Usage: rehearse.sh LECTERN
source "$(dirname "$0")/lib.sh"
plan 116

deck=$DATA/present.ini
auto=$DATA/auto.ini
state=$TMPD/state
records=$state/lectern

lectern_pid() { # the lectern started by the pane's shell
	local sh
	sh=$(tm list-panes -t t -F '#{pane_pid}')
	pgrep -P "$sh" | head -n 1
}

# elapsed_s: the timer line's elapsed time in seconds, or -1.
elapsed_s() {
	local e
	e=$(screen | grep -o -m1 'elapsed [0-9]*:[0-9]*' | head -n 1)
	e=${e#elapsed }
	[ -n "$e" ] || { echo -1; return; }
	echo $((10#${e%%:*} * 60 + 10#${e##*:}))
}

elapsed_ge() { [ "$(elapsed_s)" -ge "$1" ]; }
elapsed_gt() { [ "$(elapsed_s)" -gt "$1" ]; }
# auto_marker: the timer line (the first row) ends with the auto marker.
auto_marker() { screen | head -n 1 | grep -q ' auto$'; }

# field FILE ID COLUMN: column (1-based, tab separated) of the slide line ID.
field() { awk -F '\t' -v id="$2" -v c="$3" '$1 == "slide" && $2 == id { print $c }' "$1"; }

# within VALUE LO HI
within() { [ -n "$1" ] && [ "$1" -ge "$2" ] && [ "$1" -le "$3" ]; }

# now_ms: wall time in milliseconds (lectern's monotonic clock runs at the
# same rate; SLACK_MS covers rounding of both to whole milliseconds).
now_ms() { local t=${EPOCHREALTIME/[.,]/}; echo $((10#$t / 1000)); }
SLACK_MS=5
# spent WHAT MS FROM_LO TO_LO FROM_HI TO_HI: MS lies in
# [TO_LO - FROM_LO, TO_HI - FROM_HI] (give or take SLACK_MS).
spent() {
	local lo=$(($4 - $3 - SLACK_MS)) hi=$(($6 - $5 + SLACK_MS))
	check "$1 ($2 ms, measured $lo..$hi)" within "$2" "$lo" "$hi"
}
# mss MS: MS as the report prints it, whole seconds toward zero (0:02).
mss() { local s=$(($1 / 1000)); printf '%d:%02d' $((s / 60)) $((s % 60)); }
# rfield FILE KEY: the value of a header line of a record.
rfield() { awk -F '\t' -v k="$2" '$1 == k { print $2 }' "$1"; }

check() { # check WHAT COMMAND...
	local what=$1
	shift
	if "$@"; then pass "$what"; else fail "$what"; fi
}

nfiles() { find "$records" -name '*.rehearsal' 2>/dev/null | wc -l; }
newest() { ls -t "$records"/*.rehearsal | head -n 1; }

# --- the command line, without a terminal ---
"$LECTERN" rehearse --help >"$TMPD/help" 2>&1
check "rehearse --help exits 0" [ $? -eq 0 ]
check "and shows its usage" grep -qF "Usage: lectern rehearse" "$TMPD/help"
check "and explains how a rehearsal ends" grep -qF "last step of" "$TMPD/help"
for bad in "--duration 0" "--duration soon" "--end 25:00" "--end 10:00 --duration 5m" "--bogus"; do
	# shellcheck disable=SC2086
	"$LECTERN" rehearse $bad "$deck" </dev/null >/dev/null 2>"$TMPD/err"
	check "rehearse $bad is a usage error" [ $? -eq 2 ]
	check "which says why and points to --help" grep -qF "Try 'lectern rehearse --help'" "$TMPD/err"
	sanitizer_clean "$TMPD/err" || fail "rehearse $bad: a sanitizer report"
done
"$LECTERN" present --duration 20m --end 14:30 "$deck" </dev/null >/dev/null 2>"$TMPD/err"
check "present refuses --duration with --end too" [ $? -eq 2 ]
check "saying so" grep -qF "give --duration or --end, not both" "$TMPD/err"
"$LECTERN" rehearse "$deck" </dev/null >/dev/null 2>"$TMPD/err"
check "rehearse without a terminal exits 3" [ $? -eq 3 ]
check "saying it needs one" grep -qi "terminal" "$TMPD/err"
check "and records nothing" [ ! -e "$records" ]

start_shell 80 24 XDG_STATE_HOME="$state"

# --- a rehearsal: about 2 s on slide 1, 1 s on slide 2, 3 s on slide 3 ---
t0=$(now_ms)
run_lectern rehearse "$deck"
at_slide 1 "Alpha intro" "rehearse starts"
wait_for "elapsed" "the presenter layout shows the timer"
wait_for "slide 0:0" "the time on the slide"
wait_for "/0:30" "against its planned time"
wait_for "left " "the remaining time"
wait_for "on plan" "and the pace"
wait_for "Next:" "with the next-slide preview"
t1=$(now_ms)
sleep 2
t2=$(now_ms)
keys l
at_slide 2 "Bravo steps" "next slide"
t3=$(now_ms)
sleep 1
t4=$(now_ms)
keys l l
at_slide 3 "中文标题" "third slide"
t5=$(now_ms)
sleep 3
t6=$(now_ms)
keys q
wait_for "rehearsal recorded as incomplete: " "quitting on slide 3 of 5 reports an incomplete record"
t7=$(now_ms)
check "one record file in \$XDG_STATE_HOME/lectern" [ "$(nfiles)" -eq 1 ]
rec=$(newest)
check "the record is a version 1 rehearsal" grep -qx 'lectern-rehearsal 1' "$rec"
check "quitting with q before the last slide makes an incomplete record" \
	grep -qx 'complete	no' "$rec"
saved_total=$(tm capture-pane -p -J -t t | grep -o 'recorded as incomplete: .* ([0-9]*:[0-9]* over' | grep -o '[0-9]*:[0-9]* over')
saved_total=${saved_total% over}
check "the record ends with 'end'" [ "$(tail -n 1 "$rec")" = end ]
a=$(field "$rec" intro 4)
b=$(field "$rec" steps 4)
c=$(field "$rec" chinese 4)
echo "# slide ms: intro=$a steps=$b chinese=$c"
spent "slide 1 got the time it was on screen" "$a" "$t1" "$t2" "$t0" "$t3"
spent "slide 2 got the time it was on screen" "$b" "$t3" "$t4" "$t2" "$t5"
spent "slide 3 got the time it was on screen" "$c" "$t5" "$t6" "$t4" "$t7"
total=$(rfield "$rec" total-ms)
spent "the talk got the time it ran" "$total" "$t1" "$t6" "$t0" "$t7"
check "the talk time is the sum of the slides' ($total ms)" \
	[ "${total:-x}" = $((${a:-0} + ${b:-0} + ${c:-0})) ]
check "slide 1 was visited once" [ "$(field "$rec" intro 5)" = 1 ]
check "slide 2 was visited once" [ "$(field "$rec" steps 5)" = 1 ]
check "slide 4 (backup) was not visited" [ "$(field "$rec" extra 5)" = 0 ]
check "the record keeps the titles" [ "$(field "$rec" steps 6)" = "Bravo steps" ]
check "the record keeps planned times" [ "$(field "$rec" intro 3)" = 30 ]
XDG_STATE_HOME=$state TZ=Asia/Shanghai "$LECTERN" report "$deck" >"$TMPD/report" 2>&1
check "lectern report exits 0" [ $? -eq 0 ]
start=$(awk -F '\t' '$1 == "start" { print $2 }' "$rec")
local_start=$(TZ=Asia/Shanghai date -d "$start" '+%Y-%m-%d %H:%M %Z')
echo "# saved as $saved_total; started $start, $local_start in Shanghai"
check "the report shows the start in local time ($local_start)" \
	grep -qF "Last rehearsal: $local_start, $saved_total of 3:00, incomplete" "$TMPD/report"
check "with the total said when it was saved ($saved_total)" test -n "$saved_total"
check "and the slides never reached" grep -qxF "Never reached: slides 5-6 (2 of 5 slides)" \
	"$TMPD/report"
check "the report shows slide 1" grep -qF "Alpha intro" "$TMPD/report"
check "the report shows slide 2" grep -qF "Bravo steps" "$TMPD/report"
# report_has TITLE TEXT: the report's line for TITLE contains TEXT.
report_has() { grep -F -- "$1" "$TMPD/report" | grep -qF -- "$2"; }
check "the report shows slide 1 with its $(mss "${a:-0}")" report_has "Alpha intro" " $(mss "${a:-0}") "
check "the report shows slide 2 with its $(mss "${b:-0}")" report_has "Bravo steps" " $(mss "${b:-0}") "
check "the report shows slide 3 with its $(mss "${c:-0}")" report_has "中文标题" " $(mss "${c:-0}") "
check "the report's total is $(mss "${total:-0}")" report_has "total" " $(mss "${total:-0}") "
grep -q . "$TMPD/report" || echo "# empty report"
XDG_STATE_HOME=$state "$LECTERN" report --format tsv "$deck" >"$TMPD/report.tsv" 2>&1
# tsv_ms ID: the actual_ms column of slide ID in the tsv report.
tsv_ms() { awk -F '\t' -v id="$1" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$c["slide"] == id { print $c["actual_ms"] }' "$TMPD/report.tsv"; }
check "the tsv report has slide 1's $a ms" [ "$(tsv_ms intro)" = "$a" ]
check "the tsv report has slide 2's $b ms" [ "$(tsv_ms steps)" = "$b" ]
check "the tsv report has slide 3's $c ms" [ "$(tsv_ms chinese)" = "$c" ]

# --- pause, restart, next on the last slide ---
tm send-keys -t t clear Enter
run_lectern rehearse "$deck"
at_slide 1 "Alpha intro" "a second rehearsal"
keys '?'
wait_for "pause or resume the timer" "the help lists t"
wait_for "restart the timer from zero (asks first)" "and T"
keys Escape
wait_gone "lectern help" "the help closes"
keys P
wait_status "keeps the presenter layout" "P does not leave the presenter layout"
wait_for "elapsed" "the timer stays on screen"
poll elapsed_ge 1
keys t
wait_for "PAUSED" "t shows the paused marker"
wait_status "timer paused" "and says so in the status line"
e1=$(elapsed_s)
sleep 2
e2=$(elapsed_s)
check "the paused timer does not advance ($e1 s, then $e2 s)" test "$e1" -ge 0 -a "$e1" -eq "$e2"
keys t
wait_gone "PAUSED" "t again resumes"
check "the resumed timer advances" poll elapsed_gt "$e2"
keys T
wait_status "restart the rehearsal from zero? (y/n)" "T asks for a confirmation"
keys n
wait_status "restart cancelled" "n cancels"
check "the timer kept its time" [ "$(elapsed_s)" -ge 1 ]
keys T
wait_status "(y/n)" "T asks again"
keys y
wait_status "rehearsal restarted" "y restarts"
wait_for "elapsed 0:00" "the timer starts from zero"
keys G
at_slide 6 "Foxtrot end" "G"
keys l
wait_for "not recorded" "next on the last slide ends the rehearsal (too short to record)"
check "a short rehearsal writes no record" [ "$(nfiles)" -eq 1 ]

# --- SIGTERM: recorded as incomplete, terminal restored ---
tm send-keys -t t clear Enter
run_lectern rehearse "$deck"
at_slide 1 "Alpha intro" "a rehearsal to be killed"
t0=$(now_ms)
keys l
at_slide 2 "Bravo steps" "on slide 2"
t1=$(now_ms)
sleep 5.5
pid=$(lectern_pid)
t2=$(now_ms)
[ -n "$pid" ] && kill -TERM "$pid"
quit_and_check_tty
wait_for "rehearsal recorded as incomplete: " "SIGTERM still records the rehearsal"
t3=$(now_ms)
check "now two record files" [ "$(nfiles)" -eq 2 ]
rec=$(newest)
check "the killed rehearsal is marked incomplete" grep -qx 'complete	no' "$rec"
spent "its time went to slide 2" "$(field "$rec" steps 4)" "$t1" "$t2" "$t0" "$t3"

# --- a record the state folder cannot take: diagnostics, exit 3, terminal
# restored, the record in the current folder (tests/tmux/lost.sh has more) ---
tm send-keys -t t clear Enter
: >"$TMPD/file"
mkdir "$TMPD/here"
cmd="cd $TMPD/here && XDG_STATE_HOME=$TMPD/file $(printf '%q' "$LECTERN") rehearse $deck 2>$TMPD/err"
tm send-keys -t t "$cmd; echo rc=\$?; cd -" Enter
at_slide 1 "Alpha intro" "a rehearsal that cannot be saved"
sleep 5.5
keys C-c
wait_for "rc=3" "a record that cannot be saved in its folder exits 3"
check "and says why, naming the folder" \
	grep -qF "$TMPD/file/lectern: error: cannot create folder: Not a directory" "$TMPD/err"
check "and where it went instead" \
	grep -qF "rehearsal recorded as incomplete here instead, in the current folder" "$TMPD/err"
check "the record is in the current folder" [ "$(ls "$TMPD/here"/*.rehearsal | wc -l)" -eq 1 ]
quit_and_check_tty

# --- --auto ---
tm send-keys -t t clear Enter
run_lectern present --auto "$auto"
wait_status " 1/3" "present --auto starts on slide 1"
wait_for "Auto two" "--auto advances to slide 2 (2 s per slide)"
wait_for "revealed by auto" "fully revealed"
keys x
wait_status "automatic advance off" "a key takes control back"
s1=$(status_line | grep -o ' [0-9]/3' | head -n 1)
sleep 3
s2=$(status_line | grep -o ' [0-9]/3' | head -n 1)
check "no more advancing after the key ($s1 then $s2)" test -n "$s1" -a "$s1" = "$s2"
quit_and_check_tty q

tm send-keys -t t clear Enter
WAIT_S=12
t0=$(now_ms)
run_lectern rehearse --auto "$auto"
check "rehearse --auto shows the auto marker" poll auto_marker
wait_for "rehearsal recorded: " "--auto past the last slide ends the rehearsal and records it"
t1=$(now_ms)
WAIT_S=5
check "now three record files" [ "$(nfiles)" -eq 3 ]
rec=$(newest)
check "a rehearsal that reached the last slide is complete" grep -qx 'complete	yes' "$rec"
# each slide waits its 2 s, so all three took at least 6 s of the run and
# none more than the run less the other two's 4 s
for id in one two three; do
	spent "--auto spent the planned 2 s on '$id'" "$(field "$rec" $id 4)" 0 2000 \
		$((t0 + 4000)) "$t1"
	check "and visited '$id' once" [ "$(field "$rec" $id 5)" = 1 ]
done
total=$(rfield "$rec" total-ms)
spent "--auto's talk time is the three slides'" "$total" 0 6000 "$t0" "$t1"
done_testing
