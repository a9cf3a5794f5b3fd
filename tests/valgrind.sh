#!/usr/bin/env bash
# valgrind memcheck over check, export and a scripted presentation: no
# memory errors and no definite or indirect leaks (ncurses keeps some
# memory reachable on purpose; that is not a leak).
# Usage: valgrind.sh LECTERN (working directory tests/). TAP output.
set -u
lectern=$(realpath "$1")
n=0 failed=0
tmp=$(mktemp -d)
mkdir -m 700 "$tmp/run" # the presentation's private socket folder
sock="lectern-vg-$$"
cleanup() { tmux -L "$sock" kill-server >/dev/null 2>&1; rm -rf "$tmp"; }
trap cleanup EXIT
vg=(valgrind --quiet --error-exitcode=99 --leak-check=full
	--errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect)

result() { # result WHAT STATUS LOG
	n=$((n + 1))
	if [ "$2" -eq 0 ]; then
		echo "ok $n - $1"
	else
		failed=$((failed + 1))
		echo "not ok $n - $1 (status $2)"
		sed 's/^/#   /' "$3" | head -30
	fi
}

run() { # run WHAT ARGS...
	local what=$1
	shift
	"${vg[@]}" --log-file="$tmp/vg.log" "$lectern" "$@" >"$tmp/out" 2>"$tmp/err"
	local rc=$?
	# a deck error exits 1 and is fine here; valgrind's own failure is 99
	[ $rc -eq 1 ] && rc=0
	[ -s "$tmp/vg.log" ] && rc=99
	result "$what" $rc "$tmp/vg.log"
}

run "check of the built-in talk" check --strict
run "check --size of both talks" check --size 40x20 ../slides/talk.zh.ini ../slides/talk.en.ini
run "export --notes of the Chinese talk at 37 columns" export --notes --width 37 ../slides/talk.zh.ini
run "export --notes --backup of the English talk" export --notes --backup ../slides/talk.en.ini
run "export --format html --notes of the Chinese talk" export --format html --notes ../slides/talk.zh.ini
run "export --format html of the HTML-markup hostile deck" export --format html --notes --backup \
	data/hostile/html-markup.ini
run "check of the diagnostic fixtures" check data/diag/*.ini
for f in esc-csi bidi long-unbreakable wide-emoji huge-chart truncated-utf8; do
	run "export of hostile deck $f" export --notes data/hostile/$f.ini
done

# A scripted presentation in a real terminal, under valgrind.
tmux -L "$sock" -f /dev/null new-session -d -s t -x 80 -y 24 \
	"env LANG=C.UTF-8 XDG_RUNTIME_DIR=$tmp/run ${vg[*]} --log-file=$tmp/tui.log $lectern data/present.ini; echo rc=\$? > $tmp/rc; sleep 30"
screen() { tmux -L "$sock" capture-pane -p -t t; }
wait_for() {
	local end=$((SECONDS + 60))
	while [ $SECONDS -lt $end ]; do
		screen | grep -qF -- "$1" && return 0
		sleep 0.2
	done
	return 1
}
keys() { tmux -L "$sock" send-keys -t t "$@"; }
ok_start=0
wait_for " 1/5 " || ok_start=1
result "the presentation starts under valgrind" $ok_start "$tmp/tui.log"
# a console following it, under valgrind too; it exits with the presentation
tmux -L "$sock" new-session -d -s c -x 80 -y 24 \
	"env LANG=C.UTF-8 XDG_RUNTIME_DIR=$tmp/run ${vg[*]} --log-file=$tmp/console.log $lectern console --exit-with data/present.ini; echo rc=\$? > $tmp/crc; sleep 30"
ok_console=0
end=$((SECONDS + 60))
until tmux -L "$sock" capture-pane -p -t c | grep -qF NOTE-ALPHA; do
	[ $SECONDS -lt $end ] || { ok_console=1; break; }
	sleep 0.2
done
result "a console follows it under valgrind" $ok_console "$tmp/console.log"
tmux -L "$sock" send-keys -t c l
ok_drive=0
wait_for " 2/5 " || ok_drive=1
result "and moves it" $ok_drive "$tmp/console.log"
for k in l l l s P o Escape / Bravo Enter n Escape '?' Escape g G q; do
	if [ "$k" = Bravo ]; then keys -l "$k"; else keys "$k"; fi
	sleep 0.3
done
end=$((SECONDS + 60))
while [ ! -s "$tmp/rc" ] && [ $SECONDS -lt $end ]; do sleep 0.2; done
rc=$(sed 's/rc=//' "$tmp/rc" 2>/dev/null || echo 98)
[ -s "$tmp/tui.log" ] && rc=99
result "a scripted presentation has no memory errors or leaks" "${rc:-98}" "$tmp/tui.log"
end=$((SECONDS + 60))
while [ ! -s "$tmp/crc" ] && [ $SECONDS -lt $end ]; do sleep 0.2; done
rc=$(sed 's/rc=//' "$tmp/crc" 2>/dev/null || echo 98)
[ -s "$tmp/console.log" ] && rc=99
result "the console exits with it, without memory errors or leaks" "${rc:-98}" "$tmp/console.log"

echo "1..$n"
[ "$failed" -eq 0 ]
