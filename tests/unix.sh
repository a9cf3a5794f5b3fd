#!/usr/bin/env bash
# lectern as a Unix citizen: Markdown export and import, the man pages
# against --help and the key map, shell completions, NO_COLOR, and a
# DESTDIR install.
# Usage: unix.sh LECTERN KEYTABLE BUILDDIR  (working directory tests/). TAP.
set -u
lectern=$1 keytable=$2 builddir=$3
n=0 failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/tap.sh"
sanitizer_watch "$tmp/sanitizer"
# no plan up front: the checks of options come from the man page
man1=../docs/lectern.1 man5=../docs/lectern-deck.5

result() { # result STATUS WHAT: fails too on a sanitizer report since the last
	n=$((n + 1))
	if [ "$1" -eq 0 ] && sanitizer_clean "$tmp/err"; then
		echo "ok $n - $2"
	else
		failed=$((failed + 1))
		echo "not ok $n - $2"
	fi
}

same() { # same WHAT EXPECTED-FILE GOT-FILE
	if cmp -s "$2" "$3"; then
		result 0 "$1"
	else
		result 1 "$1"
		diff "$2" "$3" | head -20 | sed 's/^/#   /'
	fi
}

status() { # status WHAT WANT COMMAND...: runs COMMAND, out/err in $tmp
	local what=$1 want=$2
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"
	local rc=$?
	[ "$rc" -eq "$want" ]
	result $? "$what (exit $rc, want $want)"
	[ "$rc" -eq "$want" ] || sed 's/^/#   /' "$tmp/err" | head -5
}

# ---- Markdown round trip of both talks ----
for lang in en zh; do
	deck=../slides/talk.$lang.ini
	status "talk.$lang exports as Markdown" 0 \
		"$lectern" export --format markdown --notes --backup "$deck" -o "$tmp/$lang.md"
	status "talk.$lang.md imports" 0 "$lectern" import "$tmp/$lang.md" -o "$tmp/$lang.ini"
	[ ! -s "$tmp/err" ]
	result $? "importing talk.$lang.md reports nothing"
	status "the re-imported talk.$lang passes check --strict" 0 \
		"$lectern" check --strict "$tmp/$lang.ini"
	"$lectern" export --notes --backup "$deck" >"$tmp/a.txt"
	"$lectern" export --notes --backup "$tmp/$lang.ini" >"$tmp/b.txt"
	same "talk.$lang: the plain-text export of the round trip is identical" "$tmp/a.txt" "$tmp/b.txt"
	"$lectern" export --format markdown --notes --backup "$tmp/$lang.ini" >"$tmp/b.md"
	same "talk.$lang: its Markdown export is identical too" "$tmp/$lang.md" "$tmp/b.md"
done
grep -q '^<!-- speaker_note: ' "$tmp/en.md" && grep -q '^<!-- pause -->$' "$tmp/en.md" &&
	grep -q '^title: "A New Generation' "$tmp/en.md"
result $? "the Markdown has front matter, speaker_note comments and pauses"
# a Markdown deck is an interchange copy: notes and backup slides by default
"$lectern" export --format markdown ../slides/talk.en.ini >"$tmp/plain.md"
same "the Markdown export keeps the notes without --notes" "$tmp/en.md" "$tmp/plain.md"
"$lectern" export --format markdown data/present.ini >"$tmp/all.md"
"$lectern" export --format markdown --notes --backup data/present.ini >"$tmp/asked.md"
same "and the backup slides without --backup" "$tmp/asked.md" "$tmp/all.md"
grep -q '^backup: yes$' "$tmp/all.md" && grep -q '^<!-- speaker_note: ' "$tmp/all.md"
result $? "the default Markdown export has the backup slide and the notes"
status "export --format markdown --no-notes" 0 \
	"$lectern" export --format markdown --no-notes data/present.ini
! grep -q speaker_note "$tmp/out" && grep -q '^backup: yes$' "$tmp/out"
result $? "--no-notes leaves the notes out and keeps the backup slide"
status "export --format markdown --no-backup" 0 \
	"$lectern" export --format markdown --no-backup data/present.ini
! grep -q '^backup: yes$' "$tmp/out" && ! grep -q 'Delta backup' "$tmp/out" &&
	grep -q '^<!-- speaker_note: ' "$tmp/out"
result $? "--no-backup leaves the backup slide out and keeps the notes"
"$lectern" export data/present.ini >"$tmp/text.txt"
"$lectern" export --no-notes --no-backup data/present.ini >"$tmp/text2.txt"
same "a text export still has neither unless asked" "$tmp/text2.txt" "$tmp/text.txt"
! grep -q 'Delta backup' "$tmp/text.txt" && ! grep -q '^Notes:' "$tmp/text.txt"
result $? "the text export leaves notes and backup slides out by default"

# ---- the round trip against hand-written expectations ----
rt=data/roundtrip
status "roundtrip/deck.ini exports as Markdown" 0 \
	"$lectern" export --format markdown --notes --backup "$rt/deck.ini"
same "its Markdown is the hand-written roundtrip/deck.md" "$rt/deck.md" "$tmp/out"
cp "$tmp/out" "$tmp/rt.md"
status "that Markdown imports" 0 "$lectern" import "$tmp/rt.md"
[ ! -s "$tmp/err" ]
result $? "importing it reports nothing"
printf '; converted from %s by lectern import\n\n' "$tmp/rt.md" >"$tmp/rt.head"
head -n 2 "$tmp/out" | cmp -s - "$tmp/rt.head"
result $? "the INI starts by naming the Markdown it came from"
tail -n +3 "$tmp/out" >"$tmp/rt.ini"
same "the INI is the hand-written roundtrip/deck.expect.ini" "$rt/deck.expect.ini" "$tmp/rt.ini"
status "roundtrip/deck.expect.ini passes check --strict" 0 \
	"$lectern" check --strict "$rt/deck.expect.ini"

# ---- import of a hand-written mdp/patat-style deck ----
for md in data/import/*.md; do
	base=${md%.md}
	status "$(basename "$md") imports" 0 "$lectern" import "$md"
	same "$(basename "$md"): the INI is as expected" "$base.ini" "$tmp/out"
	same "$(basename "$md"): the report names every loss and its line" "$base.expect" "$tmp/err"
	status "$(basename "$md"): the INI loads" 0 "$lectern" check "$base.ini"
done

# ---- import -> export --format markdown -> import: slides, titles, code
# and table text (leading spaces too) and notes are kept ----
for f in presenterm patat mdp quote notes-zh; do
	"$lectern" export --format markdown "data/import/$f.ini" >"$tmp/rt.md" 2>/dev/null
	status "$f: its Markdown export imports" 0 \
		"$lectern" import "$tmp/rt.md" -o "$tmp/rt.ini" --force
	grep '^\[' "data/import/$f.ini" >"$tmp/a.ids"
	grep '^\[' "$tmp/rt.ini" >"$tmp/b.ids"
	same "$f: the round trip keeps every slide and its id" "$tmp/a.ids" "$tmp/b.ids"
	"$lectern" export --notes --backup "data/import/$f.ini" >"$tmp/a.txt" 2>/dev/null
	"$lectern" export --notes --backup "$tmp/rt.ini" >"$tmp/b.txt" 2>/dev/null
	same "$f: the round trip keeps titles, text, code and notes" "$tmp/a.txt" "$tmp/b.txt"
	grep -v -e '^;' -e '^id = ' "data/import/$f.ini" >"$tmp/a.ini"
	grep -v -e '^;' -e '^id = ' "$tmp/rt.ini" >"$tmp/b.ini"
	same "$f: the round trip gives the same INI" "$tmp/a.ini" "$tmp/b.ini"
done

# ---- hand-written round trips with code, tables and sections: a
# presenterm deck (code, a table, a section named in the lectern comment),
# a patat deck split at headings with slideLevel 2 (sections), an mdp deck
# (indented code, a table); import gives the hand-written .ini (checked
# above), its Markdown export is the hand-written .export, and importing
# that gives the same INI again ----
for f in rt-presenterm rt-patat rt-mdp; do
	status "$f.ini exports as Markdown" 0 "$lectern" export --format markdown "data/import/$f.ini"
	same "$f: the Markdown is the hand-written $f.export" "data/import/$f.export" "$tmp/out"
	cp "$tmp/out" "$tmp/$f.md"
	status "$f: that Markdown imports" 0 "$lectern" import "$tmp/$f.md"
	[ ! -s "$tmp/err" ]
	result $? "$f: importing lectern's export of it reports nothing"
	grep -v -e '^;' -e '^id = ' "$tmp/out" >"$tmp/b.ini"
	grep -v -e '^;' "data/import/$f.ini" >"$tmp/a.ini"
	same "$f: the round trip gives the same INI: code, tables, sections, slides" \
		"$tmp/a.ini" "$tmp/b.ini"
	"$lectern" export --notes "data/import/$f.ini" >"$tmp/a.txt" 2>/dev/null
	status "$f.md exports directly, read through the importer" 0 \
		"$lectern" export --notes "data/import/$f.md"
	same "$f: the .md and its imported .ini export the same text" "$tmp/a.txt" "$tmp/out"
done

# ---- a Markdown deck read directly: check names Markdown lines ----
printf -- '---\ntitle: Direct\n---\n\n# One\n\n<!-- lectern\ntime: 30s\n-->\n\n- a\n\n---\n\n# Two\n\n![x](x.png)\n' \
	>"$tmp/direct.md"
cp "$tmp/direct.md" "$tmp/direct.MARKDOWN"
status "check of a .md deck" 0 "$lectern" check "$tmp/direct.md"
grep -qx "$tmp/direct.md:17: warning: image 'x.png' dropped" "$tmp/err"
result $? "check: the importer's warning names the Markdown line"
grep -q "^$tmp/direct.md:15: warning: slide 'two' has no planned time (line [0-9]* of" "$tmp/err"
result $? "check: the loader's warning is moved to the slide's Markdown line"
status "check --strict of a .md deck with warnings fails" 1 \
	"$lectern" check --strict "$tmp/direct.md"
status "a .MARKDOWN file is read as Markdown too" 0 "$lectern" check "$tmp/direct.MARKDOWN"
status "report reads a .md deck" 0 "$lectern" report "$tmp/direct.md"
printf '# One\n\n- a\n' >"$tmp/notmd.txt"
status "a file not named .md is read as INI" 1 "$lectern" check "$tmp/notmd.txt"

# ---- import: command line ----
cp data/import/talk.md "$tmp/t.md"
status "import -o writes a file" 0 "$lectern" import "$tmp/t.md" -o "$tmp/t.ini"
cp "$tmp/t.ini" "$tmp/t.keep"
status "import -o refuses to overwrite" 1 "$lectern" import "$tmp/t.md" -o "$tmp/t.ini"
grep -q -- "--force" "$tmp/err"
result $? "the refusal mentions --force"
same "the refused file is unchanged" "$tmp/t.keep" "$tmp/t.ini"
printf '# Other\n' >"$tmp/o.md"
status "import -o --force overwrites" 0 "$lectern" import "$tmp/o.md" -o "$tmp/t.ini" --force
grep -q '^title = Other$' "$tmp/t.ini"
result $? "the overwritten file holds the new deck"
[ -z "$(find "$tmp" -name '.t.ini.*')" ]
result $? "no temporary file is left behind"
status "import without a file is a usage error" 2 "$lectern" import
status "import of a missing file is an error" 1 "$lectern" import "$tmp/none.md"
printf '# A\n\n\xff\n' >"$tmp/bad.md"
status "import of invalid UTF-8 is an error" 1 "$lectern" import "$tmp/bad.md"
grep -q "bad.md:3:1: error: invalid UTF-8" "$tmp/err"
result $? "the error names line and column"
status "export --format bogus is a usage error" 2 "$lectern" export --format bogus

# ---- NO_COLOR: no escape byte anywhere ----
mkdir -p "$tmp/state/lectern"
printf '[deck]\ntitle = Colour\nid = nc\n[one]\ntitle = One\ntime = 10s\n[two]\ntitle = Two\ntime = 10s\n' \
	>"$tmp/nc.ini"
cp data/records/nc.rehearsal "$tmp/state/lectern/r1"
tty_run() { # output of a command run on a terminal (script(1)'s pty)
	XDG_STATE_HOME=$tmp/state script -qec "$1" /dev/null </dev/null
}
tty_run "$lectern report $tmp/nc.ini" >"$tmp/color.txt"
grep -q $'\033' "$tmp/color.txt"
result $? "on a terminal, report colours its output (the control case)"
for cmd in "report $tmp/nc.ini" "check --strict ../slides/talk.en.ini $tmp/nc.ini" \
	"export --notes ../slides/talk.zh.ini" "export --format markdown ../slides/talk.zh.ini" \
	"check data/diag/controls.ini"; do
	NO_COLOR=1 tty_run "$lectern $cmd" >"$tmp/nc.txt" 2>&1
	NO_COLOR=1 XDG_STATE_HOME=$tmp/state $lectern $cmd >>"$tmp/nc.txt" 2>&1
	[ -s "$tmp/nc.txt" ] && ! grep -q $'\033' "$tmp/nc.txt"
	result $? "NO_COLOR=1 lectern ${cmd%% *} ... prints no escape byte"
done

# ---- the man page against --help ----
# roff to text: font escapes dropped, \- as -
unroff() { sed -e 's/\\f[BIRP]//g' -e 's/\\-/-/g' -e 's/\\(em/—/g' -e 's/\\e/\\/g' "$1"; }
unroff "$man1" >"$tmp/man1.txt"
section() { # the text of ".SS CMD" in lectern.1
	awk -v cmd="$1" '/^\.S[SH]/ { on = ($0 == ".SS " cmd) ; next } on' "$tmp/man1.txt"
}
for cmd in present rehearse console export import check report plan; do
	section "$cmd" >"$tmp/sec.txt"
	[ -s "$tmp/sec.txt" ]
	result $? "lectern.1 has a section for $cmd"
	"$lectern" "$cmd" --help >"$tmp/help.txt"
	for opt in $(grep -o -- '--[a-z][a-z-]*' "$tmp/help.txt" | sort -u); do
		[ "$opt" = --help ] && continue
		grep -q -- "$opt\b" "$tmp/sec.txt"
		result $? "lectern.1 documents $cmd $opt"
	done
	# options of the section: the .TP item lines; valued when text follows
	awk '/^\.TP/ { getline; print }' "$tmp/sec.txt" >"$tmp/items.txt"
	while read -r line; do
		for opt in $(grep -o -- '--[a-z][a-z-]*' <<<"$line"); do
			if grep -q -- "$opt [^,]" <<<"$line"; then
				arg="$opt=1"
			else
				arg=$opt
			fi
			"$lectern" "$cmd" "$arg" --help </dev/null >/dev/null 2>"$tmp/err"
			! grep -q "unknown option" "$tmp/err"
			result $? "lectern $cmd accepts $opt (from lectern.1)"
		done
	done <"$tmp/items.txt"
done
for opt in --help --version; do
	grep -q -- "$opt" "$tmp/man1.txt" && "$lectern" "$opt" >/dev/null 2>"$tmp/err"
	result $? "lectern $opt works and is documented"
done
"$lectern" --help | sed -n '/^Commands:/,/^$/p' | awk 'NF { print $1 }' | sed 1d >"$tmp/cmds"
while read -r cmd; do
	grep -q "^\.SS $cmd\$" "$tmp/man1.txt"
	result $? "every command of 'lectern --help' has a section: $cmd"
done <"$tmp/cmds"
for st in 0 1 2 3; do
	awk '/^\.SH EXIT STATUS/,/^\.SH ENV/' "$tmp/man1.txt" | grep -qx "\.B $st"
	result $? "lectern.1 documents exit status $st"
done
for v in NO_COLOR XDG_CONFIG_HOME XDG_STATE_HOME XDG_RUNTIME_DIR LANG; do
	awk '/^\.SH ENVIRONMENT/,/^\.SH FILES/' "$tmp/man1.txt" | grep -q "$v"
	result $? "lectern.1 documents $v"
done
for f in 'lectern/config.ini' 'XDG_STATE_HOME/lectern/' 'XDG_RUNTIME_DIR/lectern/'; do
	awk '/^\.SH FILES/,/^\.SH EXAMPLES/' "$tmp/man1.txt" | grep -qF "$f"
	result $? "lectern.1 FILES names $f"
done

# ---- the man page against the key map ----
# "KEYS<TAB>HELP" of every action, as the help overlay shows them
"$keytable" >"$tmp/keys.tsv"
[ "$(wc -l <"$tmp/keys.tsv")" -ge 20 ]
result $? "the key table lists the actions"
awk '/^\.SH KEYS/,/^\.SH EXIT/' "$tmp/man1.txt" >"$tmp/keys.txt"
while IFS=$'\t' read -r ctx keys help; do
	awk -v k=".B \"$keys\"" -v h="$help" \
		'prev == k && $0 == h { found = 1 } { prev = $0 } END { exit !found }' "$tmp/keys.txt"
	result $? "lectern.1 lists '$keys' as: $help"
done <"$tmp/keys.tsv"
nman=$(grep -c '^\.B "' "$tmp/keys.txt")
[ "$nman" -eq "$(($(wc -l <"$tmp/keys.tsv") + 1))" ]
result $? "lectern.1 lists no key the key map lacks (the actions and 0-9: $nman rows)"
# every action name of [keys], with its help, from the X-macro table
"$keytable" --actions >"$tmp/actions.tsv"
awk '/^\.SS \[keys\]/,/^\.SS Themes/' "$tmp/man1.txt" >"$tmp/keysec.txt"
while IFS=$'\t' read -r name help; do
	awk -v k=".B $name" -v h="$help" \
		'prev == k && $0 == h { found = 1 } { prev = $0 } END { exit !found }' "$tmp/keysec.txt"
	result $? "lectern.1 [keys] documents action '$name': $help"
done <"$tmp/actions.tsv"
nact=$(grep -c '^\.B [a-z-]*$' "$tmp/keysec.txt")
[ "$nact" -eq "$(wc -l <"$tmp/actions.tsv")" ]
result $? "lectern.1 [keys] names no action the table lacks ($nact)"
man -l "$man1" >/dev/null 2>"$tmp/manerr" && man -l "$man5" >/dev/null 2>>"$tmp/manerr" &&
	[ ! -s "$tmp/manerr" ]
result $? "both man pages format without warnings"

# ---- shell completions ----
bash -c 'source ../completions/lectern.bash && complete -p lectern' >"$tmp/out" 2>"$tmp/err"
[ $? -eq 0 ] && [ ! -s "$tmp/err" ] && grep -q -- '-F _lectern lectern' "$tmp/out"
result $? "the bash completion loads and registers"
compl() { # compl WORD...: the completions for the last word, one a line
	bash -c 'source ../completions/lectern.bash
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _lectern
		printf "%s\n" "${COMPREPLY[@]}"' lectern "$@" | sort
}
compl lectern "" | grep -x -e present -e rehearse -e export -e import -e check -e report \
	-e console | wc -l | grep -qx 7
result $? "bash completes the seven subcommands"
compl lectern ex | grep -qx export
result $? "bash completes 'ex' to export"
[ "$(compl lectern export --f)" = "$(printf '%s\n' --force --format)" ]
result $? "bash completes export options"
[ "$(compl lectern export --no-)" = "$(printf '%s\n' --no-backup --no-notes)" ]
result $? "bash completes --no-notes and --no-backup"
[ "$(compl lectern export --format '')" = "$(printf '%s\n' html markdown text)" ]
result $? "bash completes --format values"
sed -n 's/^\[\(.*\)\]$/\1/p' ../slides/talk.en.ini | grep -vx deck | sort >"$tmp/ids"
compl lectern ../slides/talk.en.ini --goto "" >"$tmp/got"
same "bash completes every slide id after --goto" "$tmp/ids" "$tmp/got"
[ "$(compl lectern present --lang en ../slides/talk.en.ini --goto = tr)" = training-cost ]
result $? "bash completes --goto=PREFIX to the slide id"
compl lectern check ../slides/t | grep -qx ../slides/talk.en.ini
result $? "bash completes deck files"
compl lectern import data/import/t | grep -qx data/import/talk.md
result $? "bash completes Markdown files for import"
zsh -c 'autoload -U compinit; compinit -u; source ../completions/_lectern; echo ${_comps[lectern]}' \
	>"$tmp/out" 2>"$tmp/err"
[ $? -eq 0 ] && [ ! -s "$tmp/err" ] && grep -qx _lectern "$tmp/out"
result $? "the zsh completion loads without errors and registers"
zsh -fc "fpath=($PWD/../completions \$fpath); autoload -U compinit; compinit -u -D;
	whence -w _lectern" >"$tmp/out" 2>&1
grep -q '_lectern: function' "$tmp/out"
result $? "zsh autoloads _lectern from fpath through #compdef"

# ---- a DESTDIR install ----
meson install -C "$builddir" --destdir "$tmp/dest" --no-rebuild --quiet >"$tmp/inst" 2>&1
rc=$?
result $rc "meson install --destdir works"
[ $rc -eq 0 ] || sed 's/^/#   /' "$tmp/inst" | tail -5
for f in bin/lectern share/man/man1/lectern.1 share/man/man5/lectern-deck.5 \
	share/bash-completion/completions/lectern share/zsh/site-functions/_lectern \
	share/lectern/slides/talk.zh.ini share/lectern/slides/talk.en.ini; do
	found=$(find "$tmp/dest" -path "*/$f" | head -1)
	[ -n "$found" ]
	result $? "the install contains $f"
done
inst=$(find "$tmp/dest" -path '*/bin/lectern' | head -1)
[ -n "$inst" ] && "$inst" --version | grep -q '^lectern '
result $? "the installed binary runs"

echo "1..$n"
[ "$failed" -eq 0 ]
