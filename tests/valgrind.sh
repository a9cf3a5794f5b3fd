#!/usr/bin/env bash
# valgrind memcheck over check, export and a scripted presentation: no
# memory errors and no definite or indirect leaks (ncurses keeps some
# memory reachable on purpose; that is not a leak).
# Usage: valgrind.sh LECTERN (working directory tests/). TAP output.
set -u
lectern=$(realpath "$1")
n=0 failed=0
tmp=$(mktemp -d)
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
run "check of the diagnostic fixtures" check data/diag/*.ini
for f in esc-csi bidi long-unbreakable wide-emoji huge-chart truncated-utf8; do
	run "export of hostile deck $f" export --notes data/hostile/$f.ini
done

# A scripted presentation in a real terminal, under valgrind.
tmux -L "$sock" -f /dev/null new-session -d -s t -x 80 -y 24 \
	"env LANG=C.UTF-8 ${vg[*]} --log-file=$tmp/tui.log $lectern data/present.ini; echo rc=\$? > $tmp/rc; sleep 30"
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
wait_for "1/6" || ok_start=1
result "the presentation starts under valgrind" $ok_start "$tmp/tui.log"
for k in l l l s P o Escape / Bravo Enter n Escape '?' Escape g G q; do
	if [ "$k" = Bravo ]; then keys -l "$k"; else keys "$k"; fi
	sleep 0.3
done
end=$((SECONDS + 60))
while [ ! -s "$tmp/rc" ] && [ $SECONDS -lt $end ]; do sleep 0.2; done
rc=$(sed 's/rc=//' "$tmp/rc" 2>/dev/null || echo 98)
[ -s "$tmp/tui.log" ] && rc=99
result "a scripted presentation has no memory errors or leaks" "${rc:-98}" "$tmp/tui.log"

echo "1..$n"
[ "$failed" -eq 0 ]
