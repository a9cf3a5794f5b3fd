#!/usr/bin/env python3
"""Feeds garbage into a presentation's socket, for tests/tmux/console.sh.

Usage: garbage.py SOCKET [ROUNDS]

Each round opens five connections: random bytes ending in a newline, a
HELLO followed by a line far over the size limit, 70000 bytes without a
newline, a HELLO followed by a line with control bytes, and a half-sent
message left open. The presenter must close each of the first four (a BYE
line may come first); the half-sent ones are only held open until the end.
Exits 0 when every bad client was closed within 5 s, 1 otherwise.
"""
import random
import socket
import sys
import time

path = sys.argv[1]
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 8
rnd = random.Random(20240501)
HELLO = b"HELLO v=1 role=console\n"


def payload(kind):
    if kind == 0:
        n = rnd.randint(1, 3000)
        return bytes(rnd.getrandbits(8) for _ in range(n)) + b"\n"
    if kind == 1:
        return HELLO + b"NAV action=" + b"x" * 10000 + b"\n"
    if kind == 2:
        return b"A" * 70000
    if kind == 3:
        return HELLO + b"NAV action=next\x00\x01\x1b[2J\n"
    return HELLO + b"NAV act"


bad, held = [], []
for r in range(rounds):
    for kind in range(5):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(path)
        try:
            s.sendall(payload(kind))
        except OSError:
            pass  # the presenter already hung up: that is what we want
        (held if kind == 4 else bad).append(s)

closed = 0
deadline = time.monotonic() + 5
for s in bad:
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        s.settimeout(left)
        try:
            data = s.recv(65536)
        except socket.timeout:
            break
        except OSError:
            closed += 1  # reset by the presenter
            break
        if not data:
            closed += 1
            break
    s.close()
for s in held:
    s.close()
print(f"# {closed} of {len(bad)} bad clients were closed by the presenter")
sys.exit(0 if closed == len(bad) else 1)
