#!/usr/bin/env python3
"""Checks an HTML export of lectern, with Python's own parser (written apart
from lectern's writer).

  html_check.py page PAGE.html LIST [--notes]
      PAGE is well-formed (every element closed in order, no stray end
      tag, void elements never closed), has one <section class="slide">
      per slide of LIST (`lectern present --list` output, backup slides
      included) whose h2 is that slide's title, in order; notes asides
      only with --notes; no external reference (no URL scheme, no
      protocol-relative //, no src= or href=, no url() or @import, no
      script); no control byte but newline, no C1, bidi control or
      U+2028/9, and valid UTF-8. Prints what is wrong; exit 1 if anything.
      With LIST "-" the slides and notes are not compared (a hostile
      deck, whose list and page show placeholders their own ways).
  html_check.py items DECK PAGE.html [--notes] [--backup]
      PAGE shows DECK (an INI deck, read by tests/golden/check.py's own
      reader): the html element's lang is [deck] language; the header
      holds the words of the deck's title, subtitle, author,
      affiliation, event and date; each slide's <section> (found by its
      id) holds, in order, the words of each of its shown values (title,
      subtitle, section, text, bullets, figures, quotes, charts and bars
      (label and shown value), tables, code lines, the names of every
      section for an agenda, and with --notes the notes), whatever
      reveal step they are on; backup slides only with --backup, none
      missing. A word is a run of letters or digits, or one Han
      character.
  html_check.py order TEXT LIST
      the titles of LIST appear in TEXT (pdftotext's output) in order,
      whitespace and hyphens ignored.
  html_check.py placeholders PAGE.html TEXT
      the placeholders (control pictures U+2400..U+2421, U+FFFD) in the
      text of PAGE's body are those of TEXT (the text export, which shows
      what the screen shows), in the same order, and there is one at
      least.
  html_check.py pages TEXT LIST
      TEXT (pdftotext's output, pages ended by form feeds) has each title
      of LIST on a page of its own, in order, none on the first page
      (the deck's header): one slide per page.
  html_check.py notes TEXT PAGE.html
      prints "FOUND TOTAL": how many first notes of PAGE's slides TEXT
      holds (whitespace and hyphens ignored, compatibility forms such as ligatures
      folded).
"""
import html.parser
import os
import re
import sys
import unicodedata

sys.dont_write_bytecode = True  # no __pycache__ left in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden"))
import check as golden  # noqa: E402  (its deck reader: iniparser's rules)

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "source", "track", "wbr"}
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def titles(list_path):
    out = []
    with open(list_path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^\s*\d+\s+\S+\s+\S+\s+\S+\s+(.*)$", line.rstrip("\n"))
            if m:
                out.append(m.group(1))
    return out


class Checker(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.errors = []
        self.slides = []    # [title, has notes]
        self.in_h2 = False
        self.in_style = False
        self.style = ""
        self.body = []      # text of <body>
        self.in_body = False
        self.lang = None
        self.header = []    # text of <body>'s <header>
        self.in_header = False
        self.texts = []     # per slide: its text nodes
        self.ids = []       # per slide: the text of its span.id
        self.in_id = False
        self.depth = 0      # open elements inside the current slide
        self.here = []      # per slide: texts of its agenda's current items
        self.in_here = False

    def err(self, msg):
        line, col = self.getpos()
        self.errors.append("%d:%d: %s" % (line, col + 1, msg))

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            v = (value or "").lower().strip()
            if name in ("src", "href", "srcset", "action", "formaction", "poster", "data",
                        "background", "cite"):
                self.err("attribute %s= on <%s>" % (name, tag))
            if name.startswith("on"):
                self.err("event handler %s= on <%s>" % (name, tag))
            if "url(" in v or "//" in v or "@import" in v or \
                    (name not in ("style", "content") and re.match(r"[a-z][a-z0-9+.-]*:", v)):
                self.err("external reference in %s=%r" % (name, value))
        if tag in ("script", "link", "iframe", "object", "embed", "img", "base", "frame"):
            self.err("<%s> element" % tag)
        cls = dict(attrs).get("class") or ""
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        if tag == "body":
            self.in_body = True
        if tag == "header" and not self.slides:
            self.in_header = True
        if tag == "span" and "id" in cls.split() and self.depth:
            self.in_id = True
        if tag == "li" and dict(attrs).get("aria-current") == "true" and self.depth:
            self.here[-1].append("")
            self.in_here = True
        if tag == "section" and "slide" in cls.split():
            self.slides.append(["", False])
            self.texts.append([])
            self.ids.append("")
            self.here.append([])
            self.depth = 0
        if self.texts and tag not in VOID and (self.depth or tag == "section"):
            self.depth += 1
        if tag == "aside" and "notes" in cls.split():
            if self.slides:
                self.slides[-1][1] = True
            else:
                self.err("notes outside a slide")
        if tag == "h2":
            self.in_h2 = True
        if tag == "style":
            self.in_style = True
        if tag not in VOID:
            self.stack.append((tag, self.getpos()))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            self.err("end tag of the void element <%s>" % tag)
            return
        if not self.stack:
            self.err("stray </%s>" % tag)
            return
        top, pos = self.stack.pop()
        if self.depth:
            self.depth -= 1
        if tag == "header":
            self.in_header = False
        if tag == "span":
            self.in_id = False
        if tag == "li":
            self.in_here = False
        if top != tag:
            self.err("</%s> closes <%s> of line %d" % (tag, top, pos[0]))
        if tag == "h2":
            self.in_h2 = False
        if tag == "style":
            self.in_style = False

    def handle_data(self, data):
        data_text = data.replace("\u2060", "")
        if self.in_body:
            self.body.append(data_text)
        if self.depth:
            self.texts[-1].append(data_text)
        if self.in_id:
            self.ids[-1] += data_text
        if self.in_here:
            self.here[-1][-1] += data_text
        if self.in_header:
            self.header.append(data_text)
        if self.in_h2 and self.slides:
            # the word joiners the export adds for kinsoku are not text
            self.slides[-1][0] += data.replace("\u2060", "")
        if self.in_style:
            self.style += data

    def handle_decl(self, decl):
        if decl.lower() != "doctype html":
            self.err("doctype %r" % decl)


def check_page(path, list_path, notes):
    raw = open(path, "rb").read()
    problems = []
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        print("%s: invalid UTF-8 at byte %d" % (path, e.start))
        return 1
    for n, line in enumerate(text.split("\n"), 1):
        m = UNSAFE.search(line)
        if m:
            problems.append("%d: raw U+%04X" % (n, ord(m.group(0))))
    if not text.startswith("<!DOCTYPE html>\n"):
        problems.append("does not start with <!DOCTYPE html>")
    c = Checker()
    c.feed(text)
    c.close()
    problems += c.errors
    for tag, pos in c.stack:
        problems.append("<%s> of line %d never closed" % (tag, pos[0]))
    low = c.style.lower()
    for bad in ("url(", "@import", "//", "http:", "https:", "@font-face"):
        if bad in low:
            problems.append("style sheet holds %r" % bad)
    want = titles(list_path) if list_path != "-" else None
    got = [t for t, _ in c.slides]
    if want is None:
        pass
    elif got != want:
        problems.append("slides %r, want %r" % (got[:50], want[:50]))
    with_notes = sum(1 for _, n in c.slides if n)
    if want is None:
        pass
    elif notes and with_notes == 0:
        problems.append("no notes with --notes")
    if want is not None and not notes and with_notes:
        problems.append("%d slides with notes without --notes" % with_notes)
    for p in problems[:40]:
        print("%s: %s" % (path, p))
    return 1 if problems else 0


def words(s):
    """The words of s: runs of letters and digits, each Han character one."""
    s = "".join(" %s " % c if golden.is_han(c) else c for c in s)
    return re.findall(r"[^\W_]+", s)


def has_words(have, want):
    """Whether the list want is a subsequence of the list have."""
    it = iter(have)
    return all(any(w == h for h in it) for w in want)


# keys of a slide whose values the page shows, besides title and subtitle
SHOWN = {"title", "subtitle", "section", "text", "bullet", "sub", "figure", "quote",
         "chart", "bar", "table", "row", "code", "line", "note"}
HEADER = ("title", "subtitle", "author", "affiliation", "event", "date")


def check_items(deck_path, page_path, notes, backup):
    problems = []
    c = Checker()
    c.feed(open(page_path, encoding="utf-8").read())
    c.close()
    vals = golden.deck_values(deck_path, notes)
    slides, cur, meta, part = [], None, {}, None
    for key, v in vals:
        if key == "section":
            part = v
        if key == "[":
            name = v.strip()[1:].split("]")[0].strip().lower()
            cur = None if name == "deck" else {"id": name, "vals": [], "backup": False,
                                               "part": part}
            if cur:
                slides.append(cur)
        elif cur is None:
            meta[key] = v
        elif key == "backup":
            cur["backup"] = v.strip().lower() == "yes"
        elif key in SHOWN or key == "agenda":
            cur["vals"].append((key, v))
            if key == "section":
                cur["part"] = v
    sections = [v for sl in slides for k, v in sl["vals"] if k == "section"]
    with open(deck_path, encoding="utf-8") as f:
        lang = re.search(r"^\s*language\s*=\s*(\S*)", f.read(), re.M)
    if (lang.group(1) if lang else None) != c.lang:
        problems.append("lang %r, [deck] language %r" % (c.lang, lang and lang.group(1)))
    head = words(" ".join(c.header))
    for key in HEADER:
        if key in meta and not has_words(head, words(meta[key])):
            problems.append("the header lacks the deck's %s %r" % (key, meta[key]))
    where = {i.strip(): k for k, i in enumerate(c.ids)}
    for sl in slides:
        k = where.get(sl["id"])
        if k is None:
            if backup or not sl["backup"]:
                problems.append("slide %r missing" % sl["id"])
            continue
        if sl["backup"] and not backup:
            problems.append("backup slide %r without --backup" % sl["id"])
        have = words(" ".join(c.texts[k]))
        for key, v in sl["vals"]:
            if key == "bar":
                parts = [p.strip() for p in v.split("|")]
                v = " ".join(parts[:1] + parts[2:]) if len(parts) > 2 else v
            want = words(" ".join(sections) if key == "agenda" else v)
            if not has_words(have, want):
                problems.append("slide %r lacks its %s %r" % (sl["id"], key, v[:60]))
        # an agenda marks the slide's own section, and only that
        if any(key == "agenda" for key, _ in sl["vals"]):
            marked = [words(t) for t in c.here[k]]
            mine = words(sl["part"]) if sl["part"] else None
            if (mine and not any(m[-len(mine):] == mine for m in marked)) or \
                    len(marked) > (1 if mine else 0) * sum(1 for key, _ in sl["vals"]
                                                          if key == "agenda"):
                problems.append("slide %r: its agenda marks %r, not its section %r"
                                % (sl["id"], c.here[k], sl["part"]))
    for p in problems[:40]:
        print("%s: %s" % (page_path, p))
    return 1 if problems else 0


def check_order(text_path, list_path):
    text = flat(open(text_path, encoding="utf-8").read())
    pos = 0
    for t in titles(list_path):
        k = text.find(flat(t), pos)
        if k < 0:
            print("title %r not found after position %d" % (t, pos))
            return 1
        pos = k + 1
    return 0


def placeholders(s):
    return [c for c in s if 0x2400 <= ord(c) <= 0x2421 or c == "\ufffd"]


def check_placeholders(page_path, text_path):
    c = Checker()
    c.feed(open(page_path, encoding="utf-8").read())
    c.close()
    got = placeholders("".join(c.body))
    want = placeholders(open(text_path, encoding="utf-8").read())
    if got == want and want:
        return 0
    k = next((k for k, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)))
    print("%s: %d placeholders, %s: %d; they differ at the %dth: %r and %r"
          % (page_path, len(got), text_path, len(want), k + 1, "".join(got[k:k + 5]),
             "".join(want[k:k + 5])))
    return 1


def check_pages(text_path, list_path):
    pages = [flat(p) for p in open(text_path, encoding="utf-8").read().split("\f")]
    at = 0
    for t in titles(list_path):
        k = next((k for k in range(at + 1, len(pages)) if flat(t) in pages[k]), None)
        if k is None:
            print("title %r is on no page after page %d of %d" % (t, at + 1, len(pages)))
            return 1
        at = k
    return 0


def flat(s):
    # pdftotext joins a word hyphenated at the end of a line without its
    # hyphen, so hyphens are ignored, and the export's word joiners (U+2060)
    return re.sub(r"[\s\-\u2010\u00ad\u2060]+", "", unicodedata.normalize("NFKC", s))


def count_notes(text_path, page_path):
    text = flat(open(text_path, encoding="utf-8").read())
    page = open(page_path, encoding="utf-8").read()
    notes = [flat(html.unescape(m.group(1))) for m in re.finditer(
        r'<aside class="notes">\n<h3[^>]*>[^<]*</h3>\n<p>(.*?)</p>', page)]
    found = [n for n in notes if n in text]
    print(len(found), len(notes))
    return 0


def main(argv):
    if len(argv) >= 3 and argv[0] == "page":
        return check_page(argv[1], argv[2], "--notes" in argv[3:])
    if len(argv) >= 3 and argv[0] == "items":
        return check_items(argv[1], argv[2], "--notes" in argv[3:], "--backup" in argv[3:])
    if len(argv) == 3 and argv[0] == "order":
        return check_order(argv[1], argv[2])
    if len(argv) == 3 and argv[0] == "placeholders":
        return check_placeholders(argv[1], argv[2])
    if len(argv) == 3 and argv[0] == "pages":
        return check_pages(argv[1], argv[2])
    if len(argv) == 3 and argv[0] == "notes":
        return count_notes(argv[1], argv[2])
    print(__doc__.strip(), file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
