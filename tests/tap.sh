# TAP helpers shared by the shell tests (tests/*.sh, tests/golden/golden.sh,
# tests/tmux/lib.sh), sourced; the counterpart of tests/tap.h.
#
# tap_plan N prints the plan before the first check, so that a check that
# never runs (an early exit, a branch not taken) fails the test: meson
# counts the results against the plan.
#
# sanitizer_watch DIR makes every sanitizer report (AddressSanitizer,
# LeakSanitizer, UndefinedBehaviorSanitizer) of every process started
# afterwards land in DIR/san.PID instead of its stderr, whether that was
# kept, sent to /dev/null or drawn in tmux; the options already
# set (CI's abort_on_error=1) are kept. sanitizer_clean [FILE...] is false,
# and shows the report, when one of the files (a command's stderr) or a
# report not shown yet in DIR holds one: each helper that prints "ok"
# asks it first, so the check during which a report appeared fails.

tap_plan() { echo "1..$1"; }

tap_sandir=
sanitizer_watch() {
	tap_sandir=$1
	mkdir -p "$1/seen"
	export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}log_path=$1/san"
	export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}log_path=$1/san"
}

# sanitizer_report FILE...: true when one of the files holds a report.
sanitizer_report() { grep -qsE 'runtime error:|AddressSanitizer|LeakSanitizer' "$@"; }

sanitizer_clean() {
	local f clean=0
	for f in "$@"; do
		if sanitizer_report "$f"; then
			clean=1
			sed -n '1,30s/^/#   sanitizer: /p' "$f"
		fi
	done
	[ -n "$tap_sandir" ] || return $clean
	for f in "$tap_sandir"/san.*; do
		[ -f "$f" ] || continue
		clean=1
		sed -n '1,30s/^/#   sanitizer: /p' "$f"
		mv "$f" "$tap_sandir/seen/"
	done
	return $clean
}
