#!/usr/bin/env bash
# tools/talk-overlap on a tiny fake transcript and decks written here (the
# real transcript is not part of the project, so this runs on a fresh
# clone): a note sharing 15 Chinese characters fails with its slide, key and
# run, 14 passes with the summary line; punctuation and spaces are ignored
# but digits are not; a continued line is joined and a comment is not text;
# --all takes every text of a slide; the transcript's header is not the
# talk; the exit status says a missing transcript (2) from an unusable file
# (3); and a hostile slide id and note reach the output only made safe
# (checked by nocontrol).
# Usage: talk_overlap.sh TALK_OVERLAP NOCONTROL  (working directory tests/). TAP.
set -u
tool=$1
nocontrol=$2
n=0 failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/tap.sh"
tap_plan 27

result() { # result STATUS WHAT
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		failed=$((failed + 1))
		echo "not ok $n - $2"
		sed -n '1,20s/^/#   /p' "$tmp/out" "$tmp/err"
	fi
}

# run DECK [ARGS...]: the tool on DECK and the fake transcript; its status in rc
run() {
	local deck=$1
	shift
	python3 "$tool" --transcript "$tmp/transcript.txt" --deck "$deck" "$@" \
		>"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
}

# The header (before the marker line) holds the run 天地玄黄..., which is
# not the talk; the body two runs of distinct characters.
cat >"$tmp/transcript.txt" <<'EOF'
天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往
以下为姚建国演讲实录（测试）：
甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥。
一月二月2018年三月四月五月六月七月八月。
EOF

deck() { # deck NAME NOTE: a one-slide deck with that note
	printf '[deck]\nlanguage = zh\n\n[one]\ntitle = 一\nnote.1 = %s\n' "$2" >"$tmp/$1.ini"
}

deck fifteen '前言：甲乙丙丁戊，己庚辛壬癸 子丑寅卯辰。后记'
run "$tmp/fifteen.ini"
[ $rc -eq 1 ]
result $? "15 shared characters (punctuation and spaces between them) fail with status 1"
grep -q "^$tmp/fifteen.ini:6:13: slide 'one', note.1: 15 characters (15 Chinese) as in the transcript's line 3: 甲乙丙丁戊，己庚辛壬癸 子丑寅卯辰$" "$tmp/out"
result $? "the overlap names file, line, column, slide, key, length, the transcript's line and the run"
grep -q '^talk-overlap: 1 run(s) of 15 or more Chinese characters shared with the transcript in 1 note of' "$tmp/out"
result $? "the failure ends with a summary line"

deck fourteen '乙丙丁戊己庚辛壬癸子丑寅卯辰，天'
run "$tmp/fourteen.ini"
[ $rc -eq 0 ]
result $? "14 shared characters pass with status 0"
grep -q "^talk-overlap: $tmp/fourteen.ini: 1 note, none shares 15 Chinese characters in a row with $tmp/transcript.txt$" "$tmp/out" &&
	[ "$(wc -l <"$tmp/out")" -eq 1 ]
result $? "a clean deck gets only the summary line"

deck digits '一月二月2012年三月四月五月六月七月八月'
run "$tmp/digits.ini"
[ $rc -eq 0 ]
result $? "17 Chinese characters around other digits are not a shared run"
deck digits-same '一月二月2018 年三月四月五月六月七月八月'
run "$tmp/digits-same.ini"
[ $rc -eq 1 ] && grep -q "note.1: 21 characters (17 Chinese) as in the transcript's line 4: 一月二月2018 年三月四月五月六月七月八月$" "$tmp/out"
result $? "with the same digits they are, digits counted in its length"

deck header '天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往'
run "$tmp/header.ini"
[ $rc -eq 0 ]
result $? "the transcript's header, before the marker line, is not compared"

# two runs in one note, a continued line, a comment that would overlap
cat >"$tmp/two.ini" <<'EOF'
[deck]
language = zh
; 甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥
[one]
title = 一
note.1 = 甲乙丙丁戊己庚辛壬\
癸子丑寅卯辰，另外，三月四月五月六月七月八月 ; 一月二月2018年三月四月五月六月七月八月
note.2 = "己庚辛壬癸子丑; 寅卯辰巳午未申酉戌亥"
EOF
run "$tmp/two.ini"
[ $rc -eq 1 ] && [ "$(grep -c "^$tmp/two.ini" "$tmp/out")" -eq 2 ]
result $? "a continued line is joined, a comment is not text: 2 runs"
grep -q "^$tmp/two.ini:6:10: slide 'one', note.1: 15 characters (15 Chinese) as in the transcript's line 3: 甲乙丙丁戊己庚辛壬癸子丑寅卯辰$" "$tmp/out"
result $? "a run over a continued line is shown joined, placed where it starts"
grep -q "^$tmp/two.ini:8:11: slide 'one', note.2: 17 characters (17 Chinese) as in the transcript's line 3: 己庚辛壬癸子丑; 寅卯辰巳午未申酉戌亥$" "$tmp/out"
result $? "a quoted value keeps its ';'"

# --longest: each note's longest shared run, whatever its length; the one
# in note.2 starts inside the run before it (一月 | 月五月...), digits match
# but do not count; of two notes sharing 7, the first is the deck's longest
printf '[deck]\nlanguage = zh\n\n[one]\ntitle = 一\nnote.1 = %s\nnote.2 = %s\nnote.3 = %s\nnote.4 = %s\nnote.5 = %s\n' \
	'子丑寅，天，辰巳午未申酉，地' '一月五月六月七月' '一月二月2012年' '风雨雷电' '二月五月六月七月' >"$tmp/longest.ini"
run "$tmp/longest.ini" --longest
grep -qx "$tmp/longest.ini:6:16: slide 'one', note.1: longest shared run 6 Chinese characters: 辰巳午未申酉" "$tmp/out" &&
	grep -qx "$tmp/longest.ini:7:11: slide 'one', note.2: longest shared run 7 Chinese characters: 月五月六月七月" "$tmp/out"
result $? "--longest names each note's longest shared run and where it starts"
grep -qx "$tmp/longest.ini:8:10: slide 'one', note.3: longest shared run 4 Chinese characters: 一月二月" "$tmp/out"
result $? "--longest counts Chinese characters only (the digits after it match too)"
[ $rc -eq 0 ] && grep -qx "$tmp/longest.ini:9:1: slide 'one', note.4: longest shared run 0 Chinese characters" "$tmp/out" &&
	[ "$(tail -2 "$tmp/out" | head -1)" = "talk-overlap: the longest run shared with the transcript: 7 Chinese characters (slide 'one', note.2)" ]
result $? "--longest: a note sharing nothing has 0, the deck's longest (the first of equals) comes before the summary, status 0"
run "$tmp/fifteen.ini" --longest
[ $rc -eq 1 ] && grep -q "note.1: longest shared run 15 Chinese characters: 甲乙丙丁戊，己庚辛壬癸 子丑寅卯辰$" "$tmp/out" &&
	grep -q "note.1: 15 characters (15 Chinese)" "$tmp/out"
result $? "--longest on a note sharing 15: still status 1, the overlap reported too"

# --all: a bullet and the deck's title
cat >"$tmp/bullet.ini" <<'EOF'
[deck]
title = 戊己庚辛壬癸子丑寅卯辰巳午未申
duration = 1m
[one]
title = 一
time = 1m
bullet.1 = 甲乙丙丁戊己庚辛壬癸子丑寅卯辰
note.1 = 自己的话
EOF
run "$tmp/bullet.ini"
[ $rc -eq 0 ] && grep -q ' 1 note, none shares' "$tmp/out"
result $? "without --all a bullet is not checked"
run "$tmp/bullet.ini" --all
[ $rc -eq 1 ] && grep -q "slide 'one', bullet.1: 15 characters" "$tmp/out" &&
	grep -q "slide 'deck', title: 15 characters" "$tmp/out" &&
	grep -q 'in 4 texts of' "$tmp/out"
result $? "--all checks it and the deck's title"

# exit statuses
run "$tmp/fourteen.ini" --transcript "$tmp/none.txt"
[ $rc -eq 2 ] && grep -q "none.txt: no such file (the transcript)" "$tmp/err" && [ ! -s "$tmp/out" ]
result $? "a missing transcript: status 2, named on stderr"
printf '甲乙丙丁戊己庚辛壬癸子丑寅卯辰\n' >"$tmp/nomarker.txt"
run "$tmp/fourteen.ini" --transcript "$tmp/nomarker.txt"
[ $rc -eq 3 ] && grep -q "nomarker.txt:1:1: no line holding '以下为姚建国演讲实录'" "$tmp/err"
result $? "a transcript without the marker line: status 3"
printf '[deck]\nnote.1 = \xff\xfe\n' >"$tmp/bad.ini"
run "$tmp/bad.ini"
[ $rc -eq 3 ] && grep -q "bad.ini:2:10: the deck is not UTF-8" "$tmp/err"
result $? "a deck that is not UTF-8: status 3, line and column"
printf '[deck]\n[one]\ntitle = 一\n  甲乙丙\n' >"$tmp/noeq.ini"
run "$tmp/noeq.ini"
[ $rc -eq 3 ] && grep -q "noeq.ini:4:3: neither a key, a section nor a comment (write KEY = VALUE)" "$tmp/err"
result $? "a line that is no key: status 3, line and column, a hint"
run "$tmp/fourteen.ini" --deck "$tmp/none.ini"
[ $rc -eq 3 ] && grep -q "none.ini: no such file (the deck)" "$tmp/err"
result $? "a missing deck: status 3"
run "$tmp/fourteen.ini" --bogus
[ $rc -eq 3 ] && grep -q "unknown argument '--bogus' (usage:" "$tmp/err"
result $? "an unknown argument: status 3 with the usage"

# hostile: an escape in the slide id, the note's run and an argument
printf '[deck]\n[x\033[2Jy]\ntitle = 一\nnote.1 = 甲乙丙丁戊\001\177\302\233己庚辛壬癸子丑寅卯辰\342\200\256\n' \
	>"$tmp/hostile.ini"
run "$tmp/hostile.ini"
[ $rc -eq 1 ] && grep -q "slide 'x␛\[2jy', note.1: 15 characters" "$tmp/out"
result $? "a hostile deck's overlap is found, its id shown with a placeholder"
"$nocontrol" "$tmp/out" "$tmp/err"
result $? "a hostile deck: no control character reaches the output"
run "$tmp/fourteen.ini" $'--\033[31mx\xe2\x80\xae'
[ $rc -eq 3 ]
result $? "a hostile argument: status 3"
"$nocontrol" "$tmp/out" "$tmp/err"
result $? "a hostile argument: no control character reaches the output"

[ $n -eq 27 ] || echo "# ran $n checks of 27"
[ $failed -eq 0 ]
