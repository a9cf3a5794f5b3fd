#!/usr/bin/env bash
# Nothing is lost when a write fails: a full disk, a read-only folder and an
# existing file each give a clear error and a non-zero status, and leave
# what was there before intact, with no temporary file behind.
# Usage: nothing_lost.sh LECTERN (working directory tests/). It mounts small
# file systems: as root directly, otherwise inside a user namespace. TAP.
set -u
# Not root: run in a user and mount namespace of our own, where the test
# may mount its tmpfs (unprivileged user namespaces are on in Debian).
if [ "$(id -u)" -ne 0 ] && [ -z "${LECTERN_IN_NS:-}" ]; then
	LECTERN_IN_NS=1 exec unshare --user --map-root-user --mount bash "$0" "$@"
fi
lectern=$(realpath "$1")
n=0 failed=0
tmp=$(mktemp -d)
cleanup() {
	umount "$tmp/full" "$tmp/ro" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
source "$(dirname "$0")/tap.sh"
sanitizer_watch "$tmp/sanitizer"
tap_plan 16

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

[ "$failed" -eq 0 ]
