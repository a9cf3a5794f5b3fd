#!/usr/bin/env bash
# Regenerates the golden exports from the built-in talk:
#   talk.LANG.wWIDTH.txt        lectern export --lang LANG --width WIDTH
#   talk.LANG.wWIDTH.notes.txt  the same with --notes
#   talk.LANG.html              lectern export --format html --lang LANG
#   talk.LANG.notes.html        the same with --notes --backup
#   blocks.wWIDTH.txt           lectern export --width WIDTH ../data/blocks.ini
#   blocks.html                 lectern export --format html ../data/blocks.ini
# Usage: tests/golden/update.sh BUILD/lectern
# Read the diff (git diff tests/golden) by eye before accepting it.
set -eu
lectern=$(realpath "${1:?usage: update.sh PATH/TO/lectern}")
cd "$(dirname "$0")"
for lang in zh en; do
	for w in 40 80 120; do
		"$lectern" export --lang "$lang" --width "$w" >"talk.$lang.w$w.txt"
		"$lectern" export --lang "$lang" --width "$w" --notes >"talk.$lang.w$w.notes.txt"
	done
	"$lectern" export --format html --lang "$lang" >"talk.$lang.html"
	"$lectern" export --format html --lang "$lang" --notes --backup >"talk.$lang.notes.html"
done
for w in 20 40 80 200; do
	"$lectern" export --width "$w" ../data/blocks.ini >"blocks.w$w.txt"
done
"$lectern" export --format html ../data/blocks.ini >blocks.html
echo "updated $(ls talk.*.txt talk.*.html blocks.* | wc -l) golden files in $(pwd)"
