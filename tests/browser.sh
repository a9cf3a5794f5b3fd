#!/usr/bin/env bash
# The HTML export in a real browser: headless Chromium (Debian's chromium,
# with fonts-wqy-zenhei for the Chinese talk, and poppler-utils' pdftotext;
# tools/deps installs them). A missing browser or pdftotext fails, it does
# not skip. For both talks, with and without --notes:
#   - printed to PDF, the deck's header has the first page and each slide
#     title is on a page of its own, in order (html_check.py pages), and
#     the notes (their first paragraph on each slide) are there only with
#     --notes;
#   - laid out at 360x740 as a phone (the DevTools protocol's device
#     metrics: headless Chromium makes no window narrower than 500 pixels)
#     and at 1280x800, nothing on the page is wider than the viewport and
#     the page does not scroll sideways, and the notes are styled apart
#     from their slide (tests/browser_layout.py, which leaves the page
#     unchanged);
#   - the Chinese talk with notes, laid out at widths of 14 to 40 em, breaks
#     no line against lectern's kinsoku (a copy with a check script).
# Then data/blocks.ini (tables, code) and data/handout.ini (every kind of
# item, long unbreakable text) at a phone's width and printed, and the
# README's two commands for a PDF handout, run as written.
# Usage: browser.sh LECTERN (working directory tests/). TAP output.
set -u
lectern=$(realpath "$1")
n=0 failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/tap.sh"
tap_plan 28

result() { # result STATUS WHAT
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else failed=$((failed + 1)); echo "not ok $n - $2"; fi
}

chrome=$(command -v chromium || command -v chromium-browser)
result $? "chromium is installed (tools/deps)"
command -v pdftotext >/dev/null
result $? "pdftotext is installed (tools/deps)"
fc-list 2>/dev/null | grep -qi "wqy\|noto sans cjk"
result $? "a CJK font is installed (tools/deps: fonts-wqy-zenhei)"

# browse ARGS...: headless Chromium with a profile of its own; stderr kept
browse() {
	local profile
	profile=$(mktemp -d "$tmp/profile.XXXXXX")
	timeout 120 "${chrome:-chromium}" --headless --no-sandbox --disable-gpu \
		--user-data-dir="$profile" --no-first-run --disable-extensions \
		--hide-scrollbars "$@" 2>>"$tmp/chrome.err"
}

# layout NAME PAGE EXPECT_NOTES: the page at a phone's and a wide screen's
# size; with EXPECT_NOTES > 0 that many notes asides, each styled apart
layout() {
	local name=$1 page=$2 want=$3 size line vw sw right notes apart
	timeout 120 python3 browser_layout.py "${chrome:-chromium}" "$page" 360x740 1280x800 \
		>"$tmp/layout" 2>>"$tmp/chrome.err"
	for size in 360x740 1280x800; do
		line=$(grep "^$size " "$tmp/layout")
		read -r _ _ vw _ sw _ right _ _ _ notes _ apart <<<"$line"
		[ -n "$line" ] && [ "$vw" -eq "${size%x*}" ] && [ "$sw" -le "$vw" ] &&
			[ "$right" -le "$vw" ] && [ "$notes" -eq "$want" ] && [ "$apart" -eq "$want" ]
		result $? "$name at $size: nothing wider than the viewport, $want notes set apart (${line:-no layout})"
	done
}

# The kinsoku check added to a copy: main is set to each width from 14 to
# 40 em in turn (the notes then hold 7 to 30 characters a line), and every line break inside a text node is looked at:
# the line after it must not start with a closing mark, the line before
# it must not end with an opening one (lectern's rules, src/textlayout.c,
# written out here again). Breaks forced inside a run too long for the
# line do not count: the layout splits those too.
kinsoku='<script>
(function () {
	var noStart = ",.;:!?)]}%\u00b0\u00b7\u2014\u2015\u2019\u201d\u2026\u2030\u2103\u22ef" +
		"\u3001\u3002\u3009\u300b\u300d\u300f\u3011\u3015\u3017\u3019\u301b\u301e\u301f" +
		"\u30fb\uff01\uff05\uff09\uff0c\uff0e\uff1a\uff1b\uff1f\uff3d\uff5d\uff61\uff63\uff64";
	var noEnd = "([{\u2018\u201c\u3008\u300a\u300c\u300e\u3010\u3014\u3016\u3018\u301a\u301d" +
		"\uff08\uff3b\uff5b\uff62";
	var main = document.querySelector("main"), nodes = [], breaks = 0, bad = [];
	var walk = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
	while (walk.nextNode()) nodes.push(walk.currentNode);
	for (var em = 14; em <= 40; em += 2) {
		main.style.maxWidth = em + "em";
		for (var j = 0; j < nodes.length; j++) {
			var t = nodes[j].data, top = null, prev = -1;
			for (var i = 0; i < t.length; i++) {
				if (t[i] === "\u2060" || t[i] === " ") continue;
				var r = document.createRange();
				r.setStart(nodes[j], i);
				r.setEnd(nodes[j], i + 1);
				var rc = r.getClientRects()[0];
				if (!rc) continue;
				if (top !== null && rc.top > top + 2) {
					breaks++;
					if (noStart.indexOf(t[i]) >= 0 || noEnd.indexOf(t[prev]) >= 0)
						bad.push(em + "em: " + t.slice(Math.max(0, prev - 3), prev + 1) + "|" +
							t.slice(i, i + 4));
				}
				top = rc.top;
				prev = i;
			}
		}
	}
	var p = document.createElement("pre");
	p.textContent = "kinsoku breaks " + breaks + " bad " + bad.length + " " + bad.slice(0, 3).join(" ");
	document.body.appendChild(p);
})();
</script>'

for lang in zh en; do
	"$lectern" present --list --lang "$lang" >"$tmp/$lang.list" 2>"$tmp/err"
	slides=$(wc -l <"$tmp/$lang.list")
	for notes in "" notes; do
		name=$lang${notes:+.notes}
		page=$tmp/$name.html
		"$lectern" export --format html --lang "$lang" ${notes:+--notes} -o "$page" 2>"$tmp/err"
		browse --print-to-pdf="$tmp/$name.pdf" --no-pdf-header-footer "file://$page" \
			>/dev/null
		pdftotext -enc UTF-8 "$tmp/$name.pdf" "$tmp/$name.txt" 2>"$tmp/err"
		rc=$?
		pages=$(pdfinfo "$tmp/$name.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
		[ $rc -eq 0 ] && python3 html_check.py pages "$tmp/$name.txt" "$tmp/$lang.list" |
			sed 's/^/# /'
		result "${PIPESTATUS[0]}" "$name: printed to PDF, every slide title in order, each on a page of its own ($slides slides, ${pages:-no} pages)"
		# the first note of each slide, from the page exported with notes
		"$lectern" export --format html --lang "$lang" --notes -o "$tmp/with.html"
		read -r found total < <(python3 html_check.py notes "$tmp/$name.txt" "$tmp/with.html")
		if [ -n "$notes" ]; then
			[ "$total" -ge "$slides" ] && [ "$found" -eq "$total" ]
			result $? "$name: the notes are in the PDF ($found of $total slides' first notes)"
		else
			[ "$total" -ge "$slides" ] && [ "$found" -eq 0 ] && ! grep -q "^Notes$" "$tmp/$name.txt"
			result $? "$name: no notes in the PDF without --notes ($found of $total found)"
		fi
		rm -f "$tmp/with.html"
		# the layout at a phone's width and on a wide screen
		layout "$name" "$page" "$([ -n "$notes" ] && echo "$total" || echo 0)"
		# line breaks by lectern's kinsoku, in the Chinese talk's notes
		if [ "$name" = zh.notes ]; then
			sed 's|</body>|'"$(printf '%s' "$kinsoku" | tr '\n' ' ' | sed 's/[&|\\]/\\&/g')"'</body>|' \
				"$page" >"$tmp/kinsoku.html"
			browse --window-size=800,600 --virtual-time-budget=5000 --dump-dom \
				"file://$tmp/kinsoku.html" >"$tmp/dom.html"
			line=$(grep -o 'kinsoku breaks [0-9]* bad [0-9]*[^<]*' "$tmp/dom.html")
			read -r _ _ nb _ nbad _ <<<"$line"
			[ -n "$line" ] && [ "$nb" -ge 1000 ] && [ "$nbad" -eq 0 ]
			result $? "$name: no line starts or ends against lectern's kinsoku (${line:-no probe output})"
		fi
	done
done

# tables and code (issue #18): at a phone's width the page does not scroll
# sideways (a wide table or code line scrolls inside its own box), and the
# printed page holds the cells and the whole of a long code line
page=$tmp/blocks.html
"$lectern" export --format html -o "$page" data/blocks.ini 2>"$tmp/err"
layout blocks "$page" 0
browse --print-to-pdf="$tmp/blocks.pdf" --no-pdf-header-footer "file://$page" >/dev/null
pdftotext -enc UTF-8 "$tmp/blocks.pdf" "$tmp/blocks.txt" 2>"$tmp/err"
grep -q "WRAPCELL" "$tmp/blocks.txt" && grep -q "latency" "$tmp/blocks.txt" &&
	grep -q "CLIPEND" "$tmp/blocks.txt"
result $? "blocks printed: the table's cells and the long code line's end are in the PDF"

# every kind of item, a long URL, number and Chinese run, notes and a
# backup slide: at a phone's width and printed, one slide a page
page=$tmp/handout.html
"$lectern" export --format html --notes --backup -o "$page" data/handout.ini 2>"$tmp/err"
layout handout "$page" 7
browse --print-to-pdf="$tmp/handout.pdf" --no-pdf-header-footer "file://$page" >/dev/null
pdftotext -enc UTF-8 "$tmp/handout.pdf" "$tmp/handout.txt" 2>"$tmp/err"
"$lectern" present --list data/handout.ini >"$tmp/handout.list"
python3 html_check.py pages "$tmp/handout.txt" "$tmp/handout.list" | sed 's/^/# /'
[ "${PIPESTATUS[0]}" -eq 0 ] && grep -q "Only with" "$tmp/handout.txt" &&
	grep -q "300,000×" "$tmp/handout.txt"
result $? "handout printed: a slide a page, the backup slide and the chart's values in it"

# the README's PDF handout, its two commands as written (as root with
# --no-sandbox, as it says), in a folder of their own with a home of its own
mkdir "$tmp/readme" "$tmp/readme/home"
cp ../slides/talk.en.ini "$tmp/readme/talk.ini"
root=$([ "$(id -u)" -eq 0 ] && echo --no-sandbox)
(
	cd "$tmp/readme" || exit 1
	export HOME=$tmp/readme/home XDG_CONFIG_HOME=$tmp/readme/home/.config \
		XDG_CACHE_HOME=$tmp/readme/home/.cache
	"$lectern" export --format html --notes talk.ini -o handout.html &&
		timeout 120 "${chrome:-chromium}" --headless $root --print-to-pdf=handout.pdf \
			--no-pdf-header-footer handout.html >/dev/null 2>>"$tmp/chrome.err"
)
result $? "the README's commands run as written"
pdftotext -enc UTF-8 "$tmp/readme/handout.pdf" "$tmp/readme/handout.txt" 2>"$tmp/err"
"$lectern" present --list "$tmp/readme/talk.ini" >"$tmp/readme/list"
python3 html_check.py pages "$tmp/readme/handout.txt" "$tmp/readme/list" | sed 's/^/# /'
ok=${PIPESTATUS[0]}
read -r found total < <(python3 html_check.py notes "$tmp/readme/handout.txt" \
	"$tmp/readme/handout.html")
[ "$ok" -eq 0 ] && [ "$total" -ge 1 ] && [ "$found" -eq "$total" ]
result $? "and make handout.pdf: a slide a page, with the notes ($found of $total)"

if [ "$failed" -ne 0 ]; then
	echo "# chromium's stderr:"
	tail -5 "$tmp/chrome.err" | sed 's/^/#   /'
fi
[ "$failed" -eq 0 ]
