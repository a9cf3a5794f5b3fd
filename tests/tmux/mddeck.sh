#!/usr/bin/env bash
# A Markdown deck presented directly (lectern present deck.md) at 80x24:
# its slides in order through the importer, a section divider, r and
# --watch reloading the .md file (on the same slide by the id the importer
# gives it, after a bullet was edited), a broken .md keeping the old deck
# with the error on the Markdown line, and lectern check naming Markdown
# lines for both the importer's warnings and the loader's.
# Usage: mddeck.sh LECTERN
source "$(dirname "$0")/lib.sh"
plan 28

check() { # check WHAT COMMAND...
	local what=$1
	shift
	if "$@"; then pass "$what"; else fail "$what"; fi
}

write_deck() { # write_deck BULLET: the deck, its second slide's first bullet BULLET
	cat >"$TMPD/deck.md" <<MD
---
title: Caching at the edge
patat:
  slideLevel: 2
---

# Why cache

## Latency first

- $1
- second bullet here

\`\`\`c
int hit = lookup(key);
\`\`\`

## Numbers

| region | hit rate |
|--------|----------|
| eu | 91% |

# Running it

## Operations

- keep the config small

![diagram](d.png)
MD
}

write_deck "first bullet here"
start_shell 80 24
tm send-keys -t t "cd $TMPD" Enter

run_lectern present deck.md
wait_for "Why cache" "present deck.md shows the first slide, a section divider"
wait_status " 1/5 " "the status line counts the five slides of the Markdown"
keys l
wait_for "Latency first" "l moves to the second slide"
wait_for "first bullet here" "its bullets are shown"
keys l
wait_for "Numbers" "the third slide"
keys l l
wait_for "Operations" "the last slide, in the second section"
wait_status " 5/5 " "which is slide 5 of 5"
keys h h h
wait_for "Latency first" "back on the second slide"

# an edited bullet keeps the slide's id: r reloads onto the same slide
write_deck "an edited bullet"
keys r
wait_status "reloaded" "r reloads the edited .md file"
wait_for "an edited bullet" "the edited bullet is shown"
wait_status " 2/5 " "on the same slide, found by the id the importer gave it"

# invalid UTF-8 on line 10: the old deck stays and the error names the line
cp "$TMPD/deck.md" "$TMPD/good.md"
printf 'x \377\n' >>"$TMPD/deck.md"
bad=$(wc -l <"$TMPD/deck.md")
keys r
wait_status "not reloaded: deck.md:$bad:3: error: invalid UTF" \
	"r on a broken .md keeps the old deck and names the Markdown line"
wait_for "an edited bullet" "the old deck is still shown"
quit_and_check_tty q

# --watch reloads the .md by itself
cp "$TMPD/good.md" "$TMPD/deck.md"
run_lectern present --watch deck.md
wait_for "Why cache" "present --watch deck.md starts"
keys l
wait_for "an edited bullet" "on the second slide"
write_deck "a watched bullet"
wait_for "a watched bullet" "--watch reloads a changed .md by itself"
wait_status " 2/5 " "and stays on the slide"
quit_and_check_tty q

# rehearse: the record holds the importer's ids, and after a bullet is
# edited the report still matches every slide by id
cp "$TMPD/good.md" "$TMPD/deck.md"
run_lectern rehearse deck.md
wait_for "Why cache" "rehearse deck.md starts"
sleep 5.5 # a rehearsal under 5 s is not recorded
keys l l l l
wait_status " 5/5 " "rehearsing, on the last slide"
keys l
poll prompt_ready || fail "next on the last slide ends the rehearsal"
check "the record names the slides by the importer's ids" \
	grep -q $'^slide\tlatency-first\t' "$TMPD"/.local/state/lectern/*
write_deck "a bullet edited after the rehearsal"
run_lectern report deck.md
wait_for "Rehearsal report for 'deck'" "report deck.md reads the record back, under the id 'deck' (the file name without .md)"
check "after the bullet edit every slide is matched by id (none 'added')" off_screen "added"
tm send-keys -t t clear Enter
poll prompt_ready

# check: the importer's warning and the loader's, on Markdown lines
image=$(grep -n '^!\[diagram\]' "$TMPD/deck.md" | cut -d: -f1)
numbers=$(grep -n '^## Numbers$' "$TMPD/deck.md" | cut -d: -f1)
run_lectern check deck.md
wait_for "deck.md:$image: warning: image 'd.png' dropped" \
	"check deck.md: the importer's warning names Markdown line $image"
wait_for "deck.md:$numbers: warning: slide 'numbers' has no planned time" \
	"check deck.md: the loader's warning names the Markdown line $numbers of the slide"
done_testing
