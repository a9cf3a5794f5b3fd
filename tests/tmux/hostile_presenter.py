#!/usr/bin/env python3
"""A hostile presenter for tests/tmux/follow_hostile.sh: listens on the
socket given and answers each follower's connection with one attack (an
escape sequence, raw or escaped, in every field, a caption's too; deck
chunks out of order,
too large or holding controls; an endless line), then, on the last
connection, with a valid deck whose slide says HOSTILE-OK and a valid
caption, CAPTION-OK 字幕. It exits after
the last connection closes, or after 60 s."""
import os
import socket
import sys

HELLO = b"HELLO v=1 role=presenter deck=hostile hash=0000000000000001 slides=1\n"
STATE = (b"STATE seq=%d slide=0 slides=1 id=ok step=0 steps=1 timer=idle elapsed=0 "
         b"slide_ms=0 pace=none blank=none\n")
DECK = "[deck]\nid = hostile\n[ok]\ntitle = HOSTILE-OK\ntext.1 = a \\e]2;x\\a b\n"


def esc(text):
    out = []
    for b in text.encode():
        if b <= 0x20 or b == 0x25 or b >= 0x7f:
            out.append("%%%02X" % b)
        else:
            out.append(chr(b))
    return "".join(out).encode()


ATTACKS = [
    b"HELLO v=1 role=presenter deck=x title=\x1b]2;PWNED\x07\n",
    b"HELLO v=1 role=presenter deck=x title=%1B]2;PWNED%07\n",
    HELLO + b"STATE seq=1 slide=0 slides=1 id=%C2%9B2J step=0 steps=1 timer=idle "
    b"elapsed=0 slide_ms=0 pace=none blank=none\n",
    HELLO + b"DECK gen=1 size=20 off=0 data=%1B]2;PWNED%07\n",
    HELLO + b"DECK gen=1 size=20 off=5 data=abc\n",
    HELLO + b"DECK gen=1 size=8388608 off=0 data=abc\n",
    HELLO + b"DECK gen=1 size=9 off=0 data=abc\nDECK gen=2 size=9 off=3 data=def\n",
    HELLO + b"BYE reason=%E2%80%AEdenwp\n",
    HELLO + b"CAPTION text=\x1b]2;PWNED\x07\n",
    HELLO + b"CAPTION text=%1B]2;PWNED%07\n",
    HELLO + b"CAPTION text=%C2%9B2J%E2%80%AEPWNED\n",
    HELLO + b"x" * 5000,
]


def main():
    path = sys.argv[1]
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(path)
    srv.listen(4)
    srv.settimeout(60)
    for attack in ATTACKS:
        conn, _ = srv.accept()
        conn.settimeout(5)
        try:
            conn.recv(4096)  # the follower's HELLO
            conn.sendall(attack)
        except OSError:
            pass
        conn.close()
    conn, _ = srv.accept()
    conn.recv(4096)
    data = DECK.encode()
    conn.sendall(HELLO + b"DECK gen=7 size=%d off=0 data=%s\n" % (len(data), esc(DECK)) +
                 STATE % 1 + b"CAPTION text=CAPTION-OK%20%E5%AD%97%E5%B9%95\n")
    conn.settimeout(60)
    try:
        while conn.recv(4096):
            pass
    except OSError:
        pass
    os.unlink(path)


main()
