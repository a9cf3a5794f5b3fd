#!/usr/bin/env bash
# Nothing is lost when a write fails: a full disk, a read-only folder and an
# existing file each give a clear error and a non-zero status, and leave
# what was there before intact, with no temporary file behind.
# A signal while -o is being written leaves no temporary file; --force keeps
# the mode of the file it replaces and refuses a symbolic link; names up to
# 255 bytes work; -o naming the input itself is refused.
# Usage: nothing_lost.sh LECTERN PAUSEFSYNC (working directory tests/), where
# PAUSEFSYNC is tests/pausefsync.c built as a preloadable library. It mounts
# small file systems: as root directly, otherwise inside a user namespace. TAP.
set -u
# Not root: run in a user and mount namespace of our own, where the test
# may mount its tmpfs (unprivileged user namespaces are on in Debian).
if [ "$(id -u)" -ne 0 ] && [ -z "${LECTERN_IN_NS:-}" ]; then
	LECTERN_IN_NS=1 exec unshare --user --map-root-user --mount bash "$0" "$@"
fi
lectern=$(realpath "$1")
pausefsync=$(realpath "$2")
n=0 failed=0
tmp=$(mktemp -d)
cleanup() {
	umount "$tmp/full" "$tmp/ro" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
source "$(dirname "$0")/tap.sh"
sanitizer_watch "$tmp/sanitizer"
tap_plan 79

result() { # result WHAT OK(0/1): fails too on a sanitizer report since the last
	n=$((n + 1))
	if [ "$2" -eq 0 ] && sanitizer_clean; then echo "ok $n - $1"; else failed=$((failed + 1)); echo "not ok $n - $1"; fi
}

mkdir "$tmp/full" "$tmp/ro"
mount -t tmpfs -o size=64k tmpfs "$tmp/full"
result "a 64 KiB tmpfs for the full-disk case" $?
echo "the handout from last week" >"$tmp/full/old.txt"
# fill the file system up to the last block
dd if=/dev/zero of="$tmp/full/filler" bs=4k 2>/dev/null
"$lectern" export --notes -o "$tmp/full/new.txt" >"$tmp/out" 2>"$tmp/err"
rc=$?
result "export -o on a full disk fails with status 3 (got $rc)" $([ $rc -eq 3 ]; echo $?)
grep -q "No space left on device" "$tmp/err"
result "and says the disk is full" $?
grep -q "$tmp/full" "$tmp/err"
result "and names the place" $?
[ "$(cat "$tmp/full/old.txt")" = "the handout from last week" ]
result "the earlier file is intact" $?
[ ! -e "$tmp/full/new.txt" ] && [ -z "$(ls "$tmp/full" | grep -v '^old.txt$\|^filler$')" ]
result "no new or temporary file is left behind" $?
"$lectern" import data/import/talk.md -o "$tmp/full/new.ini" >"$tmp/out" 2>"$tmp/err"
rc=$?
result "import -o on a full disk fails with status 3 (got $rc)" $([ $rc -eq 3 ]; echo $?)
[ -z "$(ls "$tmp/full" | grep -v '^old.txt$\|^filler$')" ]
result "and leaves nothing behind" $?

"$lectern" export >/dev/full 2>"$tmp/err"
rc=$?
result "export to a full standard output fails with status 3 (got $rc)" $([ $rc -eq 3 ]; echo $?)
grep -q "No space left on device" "$tmp/err"
result "and says why" $?

echo "kept" >"$tmp/ro/old.txt"
mount -o remount,ro "$tmp/ro" 2>/dev/null || mount --bind -o ro "$tmp/ro" "$tmp/ro" 2>/dev/null ||
	mount -t tmpfs -o ro tmpfs "$tmp/ro"
touch "$tmp/ro/probe" 2>/dev/null
result "a read-only folder for the next case" $([ ! -e "$tmp/ro/probe" ]; echo $?)
"$lectern" export -o "$tmp/ro/new.txt" >"$tmp/out" 2>"$tmp/err"
rc=$?
result "export -o into a read-only folder fails with status 3 (got $rc)" $([ $rc -eq 3 ]; echo $?)
grep -q "Read-only file system" "$tmp/err"
result "and says the folder is read-only" $?

echo "mine" >"$tmp/exists.txt"
"$lectern" export -o "$tmp/exists.txt" >"$tmp/out" 2>"$tmp/err"
rc=$?
result "export -o over an existing file is refused (status $rc)" $([ $rc -eq 1 ]; echo $?)
[ "$(cat "$tmp/exists.txt")" = "mine" ]
result "and the file is untouched" $?
"$lectern" export -o "$tmp/exists.txt" --force >"$tmp/out" 2>"$tmp/err"
result "--force replaces it" $(grep -q "新一代AIGC算力底座" "$tmp/exists.txt"; echo $?)

# --- a signal while the temporary file is written ---
# lectern stops in its fsync() (pausefsync) with the temporary file written,
# then gets the signal. Job control on, so that a background job does not
# start with SIGINT ignored.
set -m
sig="$tmp/sig"
mkdir "$sig"
asan=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
# interrupted SIGNAL TARGET COMMAND...: runs COMMAND held at its fsync, sends
# SIGNAL, sets rc (its exit status) and during (the folder while it was held).
interrupted() {
	local signal=$1 target=$2
	shift 2
	rm -f "$tmp/ready"
	LD_PRELOAD=$pausefsync LECTERN_PAUSE_READY=$tmp/ready ASAN_OPTIONS=$asan "$@" \
		>/dev/null 2>"$tmp/err" &
	local pid=$! i=0
	while [ ! -e "$tmp/ready" ] && kill -0 "$pid" 2>/dev/null && [ $i -lt 600 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	during=$(ls -A "$(dirname "$target")")
	kill -"$signal" "$pid" 2>/dev/null
	# a process the signal did not end is stopped for good, and fails below
	i=0
	while kill -0 "$pid" 2>/dev/null && [ "$(ps -o stat= -p "$pid")" != Z ] && [ $i -lt 200 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	kill -KILL "$pid" 2>/dev/null
	wait "$pid"
	rc=$?
}
for cmd in export import; do
	for s in INT TERM HUP; do
		echo "the talk from last week" >"$sig/out"
		if [ $cmd = export ]; then
			interrupted $s "$sig/out" "$lectern" export --notes -o "$sig/out" --force
		else
			interrupted $s "$sig/out" "$lectern" import data/import/talk.md -o "$sig/out" --force
		fi
		num=$(kill -l $s)
		echo "$during" | grep -q '^\.out\.......$'
		result "$cmd -o held while writing: its temporary file is there" $?
		result "SIG$s ends $cmd -o with that signal (status $rc)" $([ $rc -eq $((128 + num)) ]; echo $?)
		left=$(ls -A "$sig" | grep -v '^out$' | tr '\n' ' ')
		result "and leaves no temporary file behind (${left:-none})" $([ -z "$left" ]; echo $?)
		rm -f "$sig"/.out.*
		[ "$(cat "$sig/out")" = "the talk from last week" ]
		result "and the file it was to replace is untouched" $?
	done
done
set +m

# --- --force keeps the mode; links are refused ---
echo "private" >"$tmp/private.txt"
chmod 600 "$tmp/private.txt"
"$lectern" export -o "$tmp/private.txt" --force >"$tmp/out" 2>"$tmp/err"
result "export -o --force over a 0600 file succeeds (status $?)" $?
result "and the file stays 0600 (got $(stat -c %a "$tmp/private.txt"))" $([ "$(stat -c %a "$tmp/private.txt")" = 600 ]; echo $?)
grep -q "新一代AIGC算力底座" "$tmp/private.txt"
result "with the export in it" $?
chmod 640 "$tmp/private.txt"
"$lectern" import data/import/talk.md -o "$tmp/private.txt" --force >"$tmp/out" 2>"$tmp/err"
result "import -o --force keeps 0640 (got $(stat -c %a "$tmp/private.txt"))" $([ "$(stat -c %a "$tmp/private.txt")" = 640 ]; echo $?)
(umask 077 && "$lectern" export -o "$tmp/new-private.txt" >/dev/null 2>&1)
result "a new file follows the umask (077: $(stat -c %a "$tmp/new-private.txt"))" $([ "$(stat -c %a "$tmp/new-private.txt")" = 600 ]; echo $?)

echo "the real file" >"$tmp/real.txt"
ln -s real.txt "$tmp/link.txt"
for force in "" --force; do
	"$lectern" export -o "$tmp/link.txt" $force >"$tmp/out" 2>"$tmp/err"
	rc=$?
	result "export -o to a symbolic link ${force:-without --force} is refused (status $rc)" $([ $rc -eq 1 ]; echo $?)
	grep -q "link.txt: error: is a symbolic link" "$tmp/err"
	result "and says it is a link" $?
	[ -L "$tmp/link.txt" ] && [ "$(cat "$tmp/real.txt")" = "the real file" ]
	result "the link and the file it points to are untouched" $?
done
"$lectern" import data/import/talk.md -o "$tmp/link.txt" --force >"$tmp/out" 2>"$tmp/err"
rc=$?
result "import -o --force to a symbolic link is refused too (status $rc)" $([ $rc -eq 1 ] && [ -L "$tmp/link.txt" ]; echo $?)
mkfifo "$tmp/fifo"
"$lectern" export -o "$tmp/fifo" --force >"$tmp/out" 2>"$tmp/err"
rc=$?
result "export -o --force to a FIFO is refused (status $rc)" $([ $rc -eq 1 ] && [ -p "$tmp/fifo" ]; echo $?)
grep -q "is not a regular file" "$tmp/err"
result "as not a regular file" $?

# --- names as long as the file system allows ---
long="$tmp/long"
mkdir "$long"
for len in 245 250 255; do
	name=$(printf "%${len}s" "" | tr ' ' a)
	"$lectern" export -o "$long/$name" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	result "export -o to a $len-byte name works (status $rc)" $([ $rc -eq 0 ] && grep -q "新一代AIGC算力底座" "$long/$name"; echo $?)
	"$lectern" import data/import/talk.md -o "$long/$name.ini" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	want=$([ $((len + 4)) -le 255 ] && echo 0 || echo 3)
	result "import -o to a $((len + 4))-byte name: status $rc (want $want)" $([ $rc -eq "$want" ]; echo $?)
done
# 85 three-byte characters: 255 bytes, and a temporary name cut inside none of them
name=$(printf '汉%.0s' $(seq 85))
"$lectern" export -o "$long/$name" >"$tmp/out" 2>"$tmp/err"
rc=$?
result "export -o to a 255-byte name of Chinese characters works (status $rc)" $([ $rc -eq 0 ] && [ -s "$long/$name" ]; echo $?)
"$lectern" export -o "$long/$name" --force >"$tmp/out" 2>"$tmp/err"
result "and replaces it with --force (status $?)" $?
left=$(ls -A "$long" | grep '^\.')
result "no temporary file left in the folder" $([ -z "$left" ]; echo $?)

# --- -o naming the input itself ---
cp data/import/talk.md "$tmp/talk.md"
"$lectern" import "$tmp/talk.md" -o "$tmp/talk.ini" >/dev/null 2>&1
cp "$tmp/talk.ini" "$tmp/talk.ini.orig"
mkdir "$tmp/sub"
ln "$tmp/talk.ini" "$tmp/hard.ini"
ln -s talk.ini "$tmp/soft.ini"
for out in "$tmp/talk.ini" "$tmp/sub/../talk.ini" "$tmp/hard.ini" "$tmp/soft.ini"; do
	"$lectern" export -F markdown -o "$out" --force "$tmp/talk.ini" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	result "export -o ${out#"$tmp/"} --force of talk.ini itself is refused (status $rc)" $([ $rc -eq 1 ]; echo $?)
	grep -q "error: -o names the deck being exported itself" "$tmp/err"
	result "with a message saying so" $?
	cmp -s "$tmp/talk.ini" "$tmp/talk.ini.orig"
	result "and the deck is untouched" $?
done
(cd "$tmp" && "$lectern" export -F markdown -o talk.ini --force talk.ini >out 2>err)
rc=$?
result "the same with relative names (status $rc)" $([ $rc -eq 1 ] && cmp -s "$tmp/talk.ini" "$tmp/talk.ini.orig"; echo $?)
cp "$tmp/talk.md" "$tmp/talk.md.orig"
"$lectern" import -o "$tmp/sub/../talk.md" --force "$tmp/talk.md" >"$tmp/out" 2>"$tmp/err"
rc=$?
result "import -o naming the Markdown file itself is refused (status $rc)" $([ $rc -eq 1 ] && cmp -s "$tmp/talk.md" "$tmp/talk.md.orig"; echo $?)
grep -q "error: -o names the Markdown file being imported itself" "$tmp/err"
result "with a message saying so" $?
"$lectern" export -F markdown -o "$tmp/other.md" "$tmp/talk.ini" >"$tmp/out" 2>"$tmp/err"
result "another output file is fine (status $?)" $?

[ "$failed" -eq 0 ]
