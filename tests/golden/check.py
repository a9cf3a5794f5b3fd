#!/usr/bin/env python3
"""Checks of lectern's exports that do not trust lectern: an oracle written
apart from the C code, with Python's own Unicode tables.

  check.py controls [--all] FILE...  no character that must not reach a
                                     terminal: C0 but newline, DEL, C1,
                                     bidi embeddings, overrides and isolates,
                                     U+2028/U+2029
  check.py width W FILE...           no line wider than W columns
                                     (unicodedata.east_asian_width)
  check.py han DECK EXPORT [notes]   the Han characters of DECK's shown
                                     values, in file order, are those of
                                     EXPORT, in the same order (but a bar's
                                     label may wrap around its value: a
                                     bar's characters may come in any order)
  check.py sweep LECTERN DECK LANG LO HI
                                     all three on 'LECTERN export --lang
                                     LANG --width W', with and without
                                     --notes, for every W in LO..HI
  check.py hostile-deck FILE         writes a deck with every such control
                                     character in a title, text, bullet and
                                     note
  check.py hostile-count             how many that deck holds
  check.py hostile-export FILE       that deck's export (--notes) shows
                                     each of them as one placeholder, the
                                     tab as blanks, and loses no text

Each prints what it found on standard output and exits 1 when a check
fails, 2 on bad usage."""

import functools
import subprocess
import sys
import unicodedata


def forbidden(c):
    o = ord(c)
    return ((o < 0x20 and c != "\n") or 0x7F <= o <= 0x9F
            or 0x202A <= o <= 0x202E or 0x2066 <= o <= 0x2069
            or o in (0x2028, 0x2029))


def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


# A path, or ("name", text) for text already in memory.
def text_of(p):
    return p[1] if isinstance(p, tuple) else read(p)


def name_of(p):
    return p[0] if isinstance(p, tuple) else p


def cmd_controls(paths, limit=10):
    bad = 0
    for p in paths:
        for ln, line in enumerate(text_of(p).split("\n"), 1):
            for col, c in enumerate(line, 1):
                if forbidden(c):
                    bad += 1
                    if limit is None or bad <= limit:
                        print("%s:%d:%d: U+%04X" % (name_of(p), ln, col, ord(c)))
    if bad:
        print("%d forbidden characters" % bad)
    return 1 if bad else 0


@functools.lru_cache(maxsize=None)
def cols(c):
    if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1


def cmd_width(w, paths):
    bad = 0
    for p in paths:
        for ln, line in enumerate(text_of(p).split("\n"), 1):
            n = sum(cols(c) for c in line)
            if n > w:
                bad += 1
                if bad <= 10:
                    print("%s:%d: %d columns > %d: %s" % (name_of(p), ln, n, w, line))
    if bad:
        print("%d lines wider than %d" % (bad, w))
    return 1 if bad else 0


@functools.lru_cache(maxsize=None)
def is_han(c):
    return unicodedata.name(c, "").startswith(("CJK UNIFIED IDEOGRAPH",
                                               "CJK COMPATIBILITY IDEOGRAPH"))


# keys whose values never show as text
HIDDEN = {"id", "language", "layout", "time", "duration", "scale", "pause"}


def deck_values(path, notes):
    """The values of DECK in file order, as iniparser reads them: full-line
    comments, backslash continuations, unquoted ';' or '#' start a comment,
    quotes are stripped."""
    out = []
    pending = ""
    for raw in read(path).splitlines():
        line = pending + raw.strip() if pending else raw.strip()
        pending = ""
        if line.endswith("\\"):
            pending = line[:-1]
            continue
        if line and line[0] == "[":
            out.append(("[", line))
            continue
        if not line or line[0] in ";#" or "=" not in line:
            continue
        key, value = line.split("=", 1)
        key = key.strip().lower().split(".")[0]
        value = value.strip()
        if value and value[0] in "\"'" and value[1:].find(value[0]) >= 0:
            value = value[1:1 + value[1:].find(value[0])]
        else:
            for i, c in enumerate(value):
                if c in ";#":
                    value = value[:i]
                    break
        if key == "layout":
            out.append(("layout", value.lower()))
            continue
        if key in HIDDEN or (key == "note" and not notes):
            continue
        out.append((key, value))
    return out


def shown_values(path, notes):
    """The values of DECK as the export shows them, in order: a slide with
    'section' shows the part's header line and, with 'layout = section', a
    divider naming the part again before the title (which is left out when
    it is the name); an 'agenda' item lists every part's name."""
    vals = deck_values(path, notes)
    names = [v for k, v in vals if k == "section"]
    slides, cur = [], []
    for kv in vals:
        if kv[0] == "[":
            cur = []
            slides.append(cur)
        elif slides or kv[0] != "layout":
            cur.append(kv)
            if not slides:
                slides.append(cur)
    out = []
    for sl in slides:
        divider = ("layout", "section") in sl
        name = next((v for k, v in sl if k == "section"), None)
        for k, v in sl:
            if k == "layout":
                continue
            if k == "section" and divider:
                out.append((k, v))
            if k == "title" and divider and v == name:
                continue
            if k == "agenda":
                out.extend(("agenda", n) for n in names)
                continue
            out.append((k, v))
    return out


def cmd_han(deck, export, notes):
    # the expected text as pieces that must come in order: one character,
    # or all the characters of a bar in some order (a table's cells read in
    # order: the export stacks a table whose cells would wrap)
    pieces = []
    for key, v in shown_values(deck, notes):
        han = [c for c in v if is_han(c)]
        # a bar's label and value share its line in either order
        if key == "bar":
            if han:
                pieces.append(sorted(han))
        else:
            pieces.extend([c] for c in han)
    want = "".join("".join(p) for p in pieces)
    got = "".join(c for c in text_of(export) if is_han(c))
    i = 0
    for p in pieces:
        if sorted(got[i:i + len(p)]) != p:
            break
        i += len(p)
    if i == len(want) == len(got):
        return 0
    print("%s: Han characters differ from %s after %d of %d (export has %d):"
          % (name_of(export), deck, i, len(want), len(got)))
    print("  deck:   ...%s" % want[max(0, i - 10):i + 10])
    print("  export: ...%s" % got[max(0, i - 10):i + 10])
    return 1


def cmd_sweep(lectern, deck, lang, lo, hi):
    bad = 0
    runs = 0
    for w in range(lo, hi + 1):
        for notes in (False, True):
            args = [lectern, "export", "--lang", lang, "--width", str(w)]
            args += ["--notes"] if notes else []
            r = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            runs += 1
            name = " ".join(args[1:])
            if r.returncode != 0 or r.stderr:
                print("%s: exit %d, stderr %r" % (name, r.returncode, r.stderr[:200]))
                bad += 1
                continue
            out = (name, r.stdout.decode("utf-8"))
            bad += cmd_controls([out]) + cmd_width(w, [out]) + cmd_han(deck, out, notes)
    print("%d exports checked, %d failed" % (runs, bad))
    return 1 if bad else 0


HOSTILE = [c for c in range(1, 0x20) if c not in (0x0A, 0x0D)]
HOSTILE += list(range(0x7F, 0xA0)) + list(range(0x202A, 0x202F))
HOSTILE += list(range(0x2066, 0x206A)) + [0x2028, 0x2029]
HOSTILE_VALUES = 5  # deck title, slide title, text, bullet, note


def cmd_hostile_deck(path):
    s = "".join("x" + chr(c) for c in HOSTILE)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("[deck]\ntitle = hostile %s\n\n[a]\ntitle = A%s\ntime = 10s\n"
                "text.1 = t%s\nbullet.1 = b%s\nnote.1 = n%s\n" % (s, s, s, s, s))
    return 0


def cmd_hostile_export(path):
    t = read(path)
    # the layout's placeholders: control pictures for C0, one for DEL,
    # the replacement character for the rest
    ph = sum(1 for c in t if 0x2400 <= ord(c) <= 0x241F or c in "\u2421\ufffd")
    xs = t.count("x")
    want_ph = HOSTILE_VALUES * (len(HOSTILE) - 1)  # all but the tab
    want_xs = HOSTILE_VALUES * len(HOSTILE)
    if ph == want_ph and xs == want_xs:
        return 0
    print("%s: %d placeholders (want %d), %d x (want %d)" % (path, ph, want_ph, xs, want_xs))
    return 1


def main(argv):
    if len(argv) >= 3 and argv[:2] == ["controls", "--all"]:
        return cmd_controls(argv[2:], None)
    if len(argv) >= 2 and argv[0] == "controls":
        return cmd_controls(argv[1:])
    if argv == ["hostile-count"]:
        print(HOSTILE_VALUES * len(HOSTILE))
        return 0
    if len(argv) >= 3 and argv[0] == "width":
        return cmd_width(int(argv[1]), argv[2:])
    if len(argv) in (3, 4) and argv[0] == "han":
        return cmd_han(argv[1], argv[2], len(argv) == 4 and argv[3] == "notes")
    if len(argv) == 6 and argv[0] == "sweep":
        return cmd_sweep(argv[1], argv[2], argv[3], int(argv[4]), int(argv[5]))
    if len(argv) == 2 and argv[0] == "hostile-export":
        return cmd_hostile_export(argv[1])
    if len(argv) == 2 and argv[0] == "hostile-deck":
        return cmd_hostile_deck(argv[1])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
