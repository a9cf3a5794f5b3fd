#!/usr/bin/env python3
"""Lays out an HTML page in headless Chromium at given viewport sizes and
reports what the layout shows, for tests/browser.sh.

  browser_layout.py CHROMIUM PAGE.html WxH...

Chromium is driven over the DevTools protocol on a pipe
(--remote-debugging-pipe: commands on its fd 3, replies on its fd 4, each
a JSON text ended by a NUL byte). Headless Chromium does not make a window
narrower than 500 pixels, so each size is set with
Emulation.setDeviceMetricsOverride as a phone's (mobile, which honours the
page's viewport meta) below 800 pixels and a desktop's from 800 on. The
page itself is not changed: the check runs as Runtime.evaluate after the
load.

For each size one line:
  WxH viewport VW scroll SW right R widest TAG.CLASS notes N apart A
VW the layout viewport's width, SW the document's scroll width, R the
rightmost edge of any element outside a box that scrolls sideways on its
own (a code block, a wide table), TAG.CLASS the element with that edge;
N the <aside class="notes"> elements and A how many of them look apart
from their slide (another background colour and a visible left border).
Exit 0 when every size was laid out, 1 when Chromium failed (its
messages on standard error)."""
import fcntl
import json
import os
import signal
import subprocess
import sys
import tempfile

PROBE = r"""
(function () {
	var vw = document.documentElement.clientWidth, max = 0, who = "";
	var all = document.body.getElementsByTagName("*");
	function inScroller(e) {
		for (var p = e.parentElement; p && p !== document.body; p = p.parentElement) {
			var o = getComputedStyle(p).overflowX;
			if (o === "auto" || o === "scroll") return true;
		}
		return false;
	}
	for (var i = 0; i < all.length; i++) {
		if (inScroller(all[i])) continue;
		var r = all[i].getBoundingClientRect();
		if (r.right > max) { max = r.right; who = all[i].tagName + "." + all[i].className; }
	}
	var notes = document.querySelectorAll("aside.notes"), apart = 0;
	for (var k = 0; k < notes.length; k++) {
		var n = getComputedStyle(notes[k]);
		var s = getComputedStyle(notes[k].closest("section.slide"));
		var border = parseFloat(n.borderLeftWidth) >= 2 && n.borderLeftStyle !== "none";
		if (n.backgroundColor !== s.backgroundColor && border) apart++;
	}
	return "viewport " + vw + " scroll " + document.documentElement.scrollWidth +
		" right " + Math.ceil(max) + " widest " + (who.replace(/\s+/g, "_") || "-") +
		" notes " + notes.length + " apart " + apart;
})()
"""


class Browser:
    def __init__(self, chrome, profile):
        self.out_r, self.out_w = os.pipe()   # our commands: its fd 3
        self.in_r, self.in_w = os.pipe()     # its replies: its fd 4
        # above 4, so that the child's dup2() onto 3 and 4 loses neither
        for name in ("out_r", "in_w"):
            fd = getattr(self, name)
            setattr(self, name, fcntl.fcntl(fd, fcntl.F_DUPFD, 10))
            os.close(fd)

        def fds():
            os.dup2(self.out_r, 3)
            os.dup2(self.in_w, 4)
        self.proc = subprocess.Popen(
            [chrome, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-extensions", "--hide-scrollbars", "--remote-debugging-pipe",
             "--user-data-dir=" + profile, "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            pass_fds=(3, 4, self.out_r, self.in_w), preexec_fn=fds)
        os.close(self.out_r)
        os.close(self.in_w)
        self.buf = b""
        self.next_id = 0
        self.events = []

    def read_message(self):
        while b"\0" not in self.buf:
            chunk = os.read(self.in_r, 65536)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method, params=None, session=None):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.out_w, json.dumps(msg).encode() + b"\0")
        while True:
            m = self.read_message()
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise RuntimeError("%s: %s" % (method, m["error"]))
                return m.get("result", {})
            self.events.append(m)

    def wait_event(self, method, session):
        while True:
            for k, m in enumerate(self.events):
                if m.get("method") == method and m.get("sessionId") == session:
                    del self.events[k]
                    return m
            self.events.append(self.read_message())

    def close(self):
        """Asks Chromium to quit, without waiting for a reply, and kills it
        when it has not within 20 s."""
        try:
            os.write(self.out_w, json.dumps({"id": 0, "method": "Browser.close"}).encode()
                     + b"\0")
        except OSError:
            pass
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self.out_w)
        os.close(self.in_r)


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    chrome, page, sizes = argv[0], os.path.abspath(argv[1]), argv[2:]
    # timeout(1) ends a hung run with SIGTERM: Chromium goes with it
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("browser_layout: terminated"))
    with tempfile.TemporaryDirectory() as profile:
        b = Browser(chrome, profile)
        try:
            for size in sizes:
                w, h = (int(x) for x in size.split("x"))
                target = b.call("Target.createTarget", {"url": "about:blank"})["targetId"]
                s = b.call("Target.attachToTarget", {"targetId": target, "flatten": True})
                s = s["sessionId"]
                b.call("Page.enable", session=s)
                b.call("Emulation.setDeviceMetricsOverride",
                       {"width": w, "height": h, "deviceScaleFactor": 2 if w < 800 else 1,
                        "mobile": w < 800}, session=s)
                b.call("Page.navigate", {"url": "file://" + page}, session=s)
                b.wait_event("Page.loadEventFired", s)
                r = b.call("Runtime.evaluate", {"expression": PROBE, "returnByValue": True},
                           session=s)
                print("%s %s" % (size, r["result"]["value"]))
                b.call("Target.closeTarget", {"targetId": target})
        except (RuntimeError, OSError, KeyError, ValueError) as e:
            print("browser_layout: %s" % e, file=sys.stderr)
            return 1
        finally:
            b.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
