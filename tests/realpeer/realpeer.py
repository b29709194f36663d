#!/usr/bin/env python3
"""realpeer.py: chatsim's ngircd, inspircd and hybrid profiles against the
real servers (issue 8).

For each server: fetch its Debian 12 package (apt-get download + dpkg -x
into the work directory: nothing is installed or configured system-wide),
start it on 127.0.0.1 with 5-second timers, drive it with scripted socket
clients, write the chatsim scenario that describes what those clients did,
run chatsim on it and compare: every PING and every close within one server
tick (the servers' 1 s clock), every outcome exactly, and the server's
"Ping timeout: N seconds" text as the why sentence predicts it.

Servers run as 'nobody' when this runs as root (InspIRCd and ircd-hybrid
refuse root), as the calling user otherwise; they listen on 127.0.0.1 only
and are stopped by their PID. Every loop is bounded by a deadline.

Usage: realpeer.py --chatsim BIN --work DIR [--runs N] [--servers a,b]
[--keep] [--report FILE]
"""
import argparse
import glob
import json
import math
import os
import re
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

PACKAGES = {"ngircd": "ngircd", "inspircd": "inspircd", "hybrid": "ircd-hybrid"}
WINDOW = 5  # PingTimeout = PongTimeout, pingfreq, ping_time (seconds)
# Every client action falls a quarter of a second after a whole second of
# the server's clock, so the server's event loop (which wakes on messages
# and after 1 s or 500 ms of quiet) never wakes near a second boundary,
# where which second it sees would be a coin toss.
OFFSET = 0.25
END = 30.0  # scenario seconds: nothing is predicted near a whole second
TOLERANCE = 1.0  # one tick of the servers' clocks
NOBODY = 65534


class Failure(Exception):
    pass


def log(msg):
    print(msg, flush=True)


# ---- fetching the servers ------------------------------------------------


def fetch(work):
    """The three packages, extracted under work/root (once)."""
    root = os.path.join(work, "root")
    stamp = os.path.join(root, ".extracted")
    if os.path.exists(stamp):
        return root
    debs = os.path.join(work, "debs")
    os.makedirs(debs, exist_ok=True)
    wanted = sorted(PACKAGES.values())
    have = lambda: all(glob.glob(os.path.join(debs, p + "_*.deb")) for p in wanted)
    if not have():
        cmd = ["apt-get", "download"] + wanted
        r = subprocess.run(cmd, cwd=debs, capture_output=True, text=True, timeout=600)
        if r.returncode != 0 and os.geteuid() == 0:
            # A fresh machine may have no package lists yet.
            subprocess.run(["apt-get", "update", "-qq"], capture_output=True, timeout=600)
            r = subprocess.run(cmd, cwd=debs, capture_output=True, text=True, timeout=600)
        if r.returncode != 0 or not have():
            raise Failure("apt-get download %s failed:\n%s" % (" ".join(wanted), r.stderr))
    tmp = root + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    for deb in sorted(glob.glob(os.path.join(debs, "*.deb"))):
        subprocess.run(["dpkg", "-x", deb, tmp], check=True, timeout=300)
    open(os.path.join(tmp, ".extracted"), "w").close()
    shutil.rmtree(root, ignore_errors=True)
    os.rename(tmp, root)
    return root


def version_of(work, package):
    deb = glob.glob(os.path.join(work, "debs", package + "_*.deb"))
    return os.path.basename(deb[0]).split("_")[1].replace("%3a", ":") if deb else "?"


# ---- the servers ---------------------------------------------------------


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One server process: its configuration, clock and chatsim profile."""

    clock = "real"  # whose whole seconds it counts: time(), or "raw" monotonic
    server_keys = {}

    def __init__(self, root, rundir, port):
        self.root, self.rundir, self.port = root, rundir, port
        self.proc = None
        self.spawned = self.ready = None  # the server clock around start-up

    def now(self):
        if self.clock == "real":
            return time.time()
        return time.clock_gettime(time.CLOCK_MONOTONIC_RAW)

    def start(self):
        args = self.argv()
        out = open(os.path.join(self.rundir, "server.log"), "w")
        kw = {}
        if os.geteuid() == 0:
            kw = dict(user=NOBODY, group=NOBODY, extra_groups=[])
        # Start just after a whole second, so the start-up second is known.
        wait_until_fraction(self.now, 0.02)
        self.spawned = self.now()
        self.proc = subprocess.Popen(args, cwd=self.rundir, stdout=out, stderr=out,
                                     stdin=subprocess.DEVNULL, **kw)
        out.close()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise Failure("%s exited at start-up (%d):\n%s" %
                              (self.name, self.proc.returncode, self.log_tail()))
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                self.ready = self.now()
                return
            except OSError:
                time.sleep(0.02)
        raise Failure("%s did not listen on 127.0.0.1:%d within 20 s" % (self.name, self.port))

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def log_tail(self):
        try:
            with open(os.path.join(self.rundir, "server.log")) as f:
                return "".join(f.readlines()[-20:])
        except OSError:
            return ""

    def write(self, name, text, mode=0o644):
        path = os.path.join(self.rundir, name)
        with open(path, "w") as f:
            f.write(text)
        os.chmod(path, mode)
        return path


class Ngircd(Server):
    name = "ngircd"
    # PingTimeout and PongTimeout are chatsim's ping_delay and reply_window.
    server_keys = {"ping_delay": "%ds" % WINDOW, "reply_window": "%ds" % WINDOW}

    def argv(self):
        conf = self.write("ngircd.conf", """[Global]
\tName = irc.realpeer.test
\tInfo = chatsim realpeer
\tListen = 127.0.0.1
\tPorts = %d
\tMotdPhrase = realpeer
[Limits]
\tPingTimeout = %d
\tPongTimeout = %d
\tMaxConnectionsIP = 0
[Options]
\tDNS = no
\tIdent = no
\tPAM = no
""" % (self.port, WINDOW, WINDOW))
        return [os.path.join(self.root, "usr/sbin/ngircd"), "-n", "-f", conf]


class Inspircd(Server):
    name = "inspircd"
    server_keys = {"ping_delay": "%ds" % WINDOW}  # pingfreq

    def argv(self):
        d = self.rundir
        conf = self.write("inspircd.conf", """
<server name="irc.realpeer.test" description="chatsim realpeer" network="realpeer">
<admin name="realpeer" nick="realpeer" email="realpeer@localhost">
<bind address="127.0.0.1" port="%d" type="clients">
<connect name="main" allow="*" pingfreq="%d" timeout="60" localmax="1000"
         globalmax="1000" maxchans="20" limit="1000" resolvehostnames="no" useident="no">
<path configdir="%s" datadir="%s" logdir="%s" runtimedir="%s"
      moduledir="%s/usr/lib/inspircd/modules">
<pid file="%s/inspircd.pid">
""" % (self.port, WINDOW, d, d, d, d, self.root, d))
        return [os.path.join(self.root, "usr/sbin/inspircd"), "--nofork", "--config=" + conf]


class Hybrid(Server):
    name = "hybrid"
    clock = "raw"  # event.c event_time_set: sec_monotonic is CLOCK_MONOTONIC_RAW
    server_keys = {"ping_delay": "%ds" % WINDOW}  # ping_time

    def argv(self):
        d = self.rundir
        # ircd-hybrid loads its core modules from a path compiled in
        # (modules.c load_core_modules: MODPATH). A copy of the binary
        # gets a short path to a link to the extracted modules instead,
        # padded with NULs: nothing else changes.
        self.link = tempfile.mkdtemp(prefix="crp", dir="/tmp")
        os.chmod(self.link, 0o755)
        os.symlink(os.path.join(self.root, "usr/lib/ircd-hybrid/modules"),
                   os.path.join(self.link, "m"))
        with open(os.path.join(self.root, "usr/sbin/ircd-hybrid"), "rb") as f:
            data = bytearray(f.read())
        mod = (self.link + "/m/").encode()
        for old, new in [(b"/usr/lib/ircd-hybrid/modules/\0", mod),
                         (b"/usr/lib/ircd-hybrid/modules//autoload/\0", mod + b"autoload/")]:
            i = data.find(old)
            if i < 0 or data.find(old, i + 1) >= 0 or len(new) >= len(old):
                raise Failure("ircd-hybrid: cannot relocate %r" % old)
            data[i:i + len(old)] = new + b"\0" * (len(old) - len(new))
        binary = os.path.join(d, "ircd-hybrid")
        with open(binary, "wb") as f:
            f.write(data)
        os.chmod(binary, 0o755)
        self.write("ircd.motd", "realpeer\n")
        conf = self.write("ircd.conf", """
serverinfo { name = "irc.realpeer.test"; sid = "0RP"; description = "chatsim realpeer";
  network_name = "realpeer"; network_description = "realpeer"; hub = no;
  default_max_clients = 512; };
admin { name = "realpeer"; description = "realpeer"; email = "<root@localhost>"; };
class { name = "users"; ping_time = %d seconds; number_per_ip_local = 100;
  number_per_ip_global = 100; max_number = 100; sendq = 100 kbytes; recvq = 2560 bytes; };
listen { host = "127.0.0.1"; port = %d; };
auth { user = "*@*"; class = "users"; flags = exceed_limit, can_flood; };
motd { mask = "*"; file = "%s/ircd.motd"; };
general { disable_auth = yes; ping_cookie = no; throttle_count = 100;
  throttle_time = 1 second; };
""" % (WINDOW, self.port, d))
        return [binary, "-foreground", "-configfile", conf, "-pidfile", d + "/ircd.pid",
                "-logfile", d + "/ircd.log", "-klinefile", d + "/k.db", "-dlinefile",
                d + "/d.db", "-xlinefile", d + "/x.db", "-resvfile", d + "/r.db"]

    def start(self):
        # check_pings runs every 5 s from the second client_init() ran in
        # (ircd.c main, before the listeners open): spawn and first accept
        # in one second pin it down; otherwise start again.
        for _ in range(4):
            Server.start(self)
            if math.floor(self.spawned) == math.floor(self.ready):
                return
            self.stop()
        raise Failure("hybrid: start-up never fit in one second in 4 tries")

    def stop(self):
        Server.stop(self)
        if getattr(self, "link", None):
            shutil.rmtree(self.link, ignore_errors=True)
            self.link = None


SERVERS = {"ngircd": Ngircd, "inspircd": Inspircd, "hybrid": Hybrid}


def wait_until_fraction(now, fraction):
    """Sleeps to the next instant whose fraction of a second is `fraction`."""
    t = now()
    target = math.floor(t) + fraction
    if target <= t:
        target += 1
    time.sleep(target - t)


# ---- the clients ---------------------------------------------------------

# name, channel, pong (None = never, else the delay), talk
CLIENTS = [
    ("lurker", "#lurk", 0.0, None),  # silent lurker alone
    ("busy", "#busy", 0.0, None),  # lurker in a busy channel
    ("chatter", "#busy", 0.0, "every2"),  # talks every 2 s
    ("hung", "#hung", None, None),  # hung client alone
    ("busyhung", "#busy", None, None),  # hung client in the busy channel
    ("early", "#early", WINDOW - 1.0, None),  # PONG 1 s before the deadline
    ("late", "#late", WINDOW + 2.0, None),  # PONG after it
    ("once", "#once", None, "once"),  # one message 1 s after its first PING
]


class Client:
    def __init__(self, name, channel, pong, talk):
        self.name, self.channel, self.pong, self.talk = name, channel, pong, talk
        self.sock = None
        self.buf = b""
        self.connect_at = None
        self.talk_at = []
        self.welcome = None  # when its 001 arrived
        self.pings = []
        self.closed = None  # (time, text)
        self.error = ""


def drive(server, mono0):
    """Runs the clients against the server; times are scenario seconds
    (monotonic - mono0)."""
    clients = [Client(*c) for c in CLIENTS]
    sel = selectors.DefaultSelector()
    actions = []  # (time, seq, client, what)
    seq = 0

    def at(t, client, what):
        nonlocal seq
        seq += 1
        actions.append((t, seq, client, what))
        actions.sort(key=lambda a: (a[0], a[1]))

    for i, c in enumerate(clients):
        at(OFFSET + 0.01 * i, c, "connect")
        if c.talk == "every2":
            t = 2 + OFFSET
            while t < END - 1:
                at(t, c, "talk")
                t += 2
    now = lambda: time.monotonic() - mono0

    def send(c, line):
        try:
            c.sock.sendall(line.encode() + b"\r\n")
        except OSError:
            pass

    def close(c, t, text):
        if c.closed is None:
            c.closed = (t, text)
        if c.sock is not None:
            sel.unregister(c.sock)
            c.sock.close()
            c.sock = None

    def on_line(c, line, t):
        if line.startswith("PING"):
            c.pings.append(t)
            if c.pong is not None:
                if c.pong == 0:
                    send(c, "PONG :" + line.split(":", 1)[-1])
                else:
                    at(t + c.pong, c, "pong")
            if c.talk == "once" and len(c.pings) == 1:
                at(t + 1.0, c, "talk")
        elif line.startswith("ERROR"):
            close(c, t, line)
        elif " 001 " in line:
            c.welcome = t
            send(c, "JOIN " + c.channel)

    hard_stop = time.monotonic() + END + 30
    while True:
        t = now()
        if t >= END or time.monotonic() > hard_stop:
            break
        while actions and actions[0][0] <= t:
            _, _, c, what = actions.pop(0)
            if what == "connect":
                c.sock = socket.create_connection(("127.0.0.1", server.port), timeout=5)
                c.connect_at = now()
                c.sock.setblocking(False)
                sel.register(c.sock, selectors.EVENT_READ, c)
                send(c, "NICK %s\r\nUSER %s 0 * :%s" % (c.name, c.name, c.name))
            elif c.sock is None:
                continue
            elif what == "talk":
                c.talk_at.append(now())
                send(c, "PRIVMSG %s :hello" % c.channel)
            elif what == "pong":
                send(c, "PONG :irc.realpeer.test")
        timeout = min(actions[0][0] if actions else END, END) - now()
        for key, _ in sel.select(timeout=max(0.0, min(timeout, 0.05))):
            c = key.data
            try:
                data = c.sock.recv(65536)
            except OSError as e:
                data = b""
                c.error = str(e)
            t = now()
            if not data:
                close(c, t, c.error or "EOF")
                continue
            c.buf += data
            while b"\r\n" in c.buf:
                line, c.buf = c.buf.split(b"\r\n", 1)
                on_line(c, line.decode("utf-8", "replace"), t)
                if c.sock is None:
                    break
    for c in clients:
        if c.sock is not None:
            send(c, "QUIT :done")
            sel.unregister(c.sock)
            c.sock.close()
            c.sock = None
    sel.close()
    return clients


# ---- scenario and prediction ---------------------------------------------


def us(t):
    return "%dus" % round(t * 1e6)


def scenario(server, clients, phase):
    lines = ["# Written by tests/realpeer/realpeer.py from what its clients did",
             "# against the real %s on 127.0.0.1." % server.name, "[scenario]",
             "name = realpeer-" + server.name, "duration = %ds" % END,
             "profile = " + server.name, "", "[server]"]
    keys = dict(server.server_keys)
    if phase is not None:
        keys["check_phase"] = "%ds" % phase
    lines += ["%s = %s" % kv for kv in sorted(keys.items())]
    for c in clients:
        lines += ["", "[client %s]" % c.name, "connect = " + us(c.connect_at),
                  "join = " + c.channel]
        if c.pong is None:
            lines.append("pong = no")
        elif c.pong > 0:
            lines.append("pong_delay = %gs" % c.pong)
        if c.talk_at:
            lines.append("talk = at " + ", ".join(us(t) for t in c.talk_at))
    return "\n".join(lines) + "\n"


def predict(chatsim, path):
    r = subprocess.run([chatsim, "run", path, "--timeline", "-", "--quiet"],
                       capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        raise Failure("chatsim run %s failed (%d): %s" % (path, r.returncode, r.stderr))
    pings, closes, welcomes = {}, {}, {}
    for row in r.stdout.splitlines()[1:]:
        f = row.split("\t", 4)
        t = int(f[0]) / 1e6
        if f[3] == "send" and f[4].startswith("ping"):
            pings.setdefault(f[2], []).append(t)
        elif f[3] == "send" and f[4] == "welcome":
            welcomes[f[2]] = t
        elif f[3] == "disconnect":
            closes[f[2]] = (t, f[4])
    return pings, closes, welcomes


# ---- one server ----------------------------------------------------------


def run_server(cls, root, work, chatsim, keep):
    rundir = tempfile.mkdtemp(prefix="run-%s-" % cls.name, dir=work)
    os.chmod(rundir, 0o777)
    result = {"server": cls.name, "errors": [], "rows": [],
              "worst": {"welcome": 0.0, "ping": 0.0, "close": 0.0}}
    # free_port() can lose its port to another process before the server
    # binds it: then try another, twice at most.
    for attempt in range(3):
        server = cls(root, rundir, free_port())
        try:
            server.start()
            break
        except Failure:
            server.stop()
            if attempt == 2:
                shutil.rmtree(rundir, ignore_errors=True)
                raise
    try:
        # Scenario time 0 is a whole second of the server's clock, two
        # seconds from now: the clients act from OFFSET on.
        t = server.now()
        zero = math.floor(t) + 2
        mono0 = time.monotonic() + (zero - t)
        phase = None
        if cls is Hybrid:
            phase = (math.floor(server.spawned) - zero) % 5
        clients = drive(server, mono0)
    finally:
        server.stop()
    try:
        path = os.path.join(rundir, "realpeer-%s.ini" % cls.name)
        with open(path, "w") as f:
            f.write(scenario(server, clients, phase))
        result["scenario"] = scenario(server, clients, phase)
        pings, closes, welcomes = predict(chatsim, path)
        compare(cls.name, clients, pings, closes, welcomes, result)
        if result["errors"]:
            result["errors"].append("server log:\n" + server.log_tail())
    finally:
        if not keep:
            shutil.rmtree(rundir, ignore_errors=True)
    return result


def compare(name, clients, pings, closes, welcomes, result):
    errs = result["errors"]
    for c in clients:
        # The welcome first: a slow ident or DNS lookup delays it, and
        # with it every later time (the profiles assume neither).
        if c.welcome is None or c.name not in welcomes:
            errs.append("%s %s: welcome (001) real %s, predicted %s" %
                        (name, c.name, c.welcome, welcomes.get(c.name)))
            continue
        note(result, c.name, "welcome", c.welcome, welcomes[c.name])
        want = pings.get(c.name, [])
        if len(want) != len(c.pings):
            errs.append("%s %s: %d PINGs, chatsim predicts %d (real %s, predicted %s)" %
                        (name, c.name, len(c.pings), len(want), fmt(c.pings), fmt(want)))
        for k, (real, pred) in enumerate(zip(c.pings, want)):
            note(result, c.name, "ping %d" % (k + 1), real, pred)
        pred = closes.get(c.name)
        if (c.closed is None) != (pred is None):
            errs.append("%s %s: real outcome %s, chatsim predicts %s" %
                        (name, c.name, "closed at %.3f (%s)" % c.closed if c.closed
                         else "connected", "disconnected at %.3f" % pred[0] if pred
                         else "connected"))
            continue
        if c.closed is None:
            result["rows"].append((c.name, "outcome", "connected", "connected", 0.0))
            continue
        note(result, c.name, "close", c.closed[0], pred[0])
        # The server's own words, as the why sentence gives them.
        m = re.search(r"Ping timeout: \d+ seconds?", c.closed[1])
        if m is None or m.group(0) not in pred[1]:
            errs.append("%s %s: server said %r; chatsim's why: %r" %
                        (name, c.name, c.closed[1], pred[1]))


def note(result, client, event, real, pred):
    err = real - pred
    kind = event.split()[0]
    result["worst"][kind] = max(result["worst"][kind], abs(err))
    result["rows"].append((client, event, "%.3f" % real, "%.3f" % pred, err))
    if abs(err) > TOLERANCE:
        result["errors"].append("%s %s %s: real %.3f s, predicted %.3f s (error %+.3f s > %g s)"
                                % (result["server"], client, event, real, pred, err, TOLERANCE))


def fmt(ts):
    return "[" + ", ".join("%.3f" % t for t in ts) + "]"


# ---- main ----------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--chatsim", required=True)
    ap.add_argument("--work", required=True, help="where packages and runs go")
    ap.add_argument("--servers", default="ngircd,inspircd,hybrid")
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--keep", action="store_true", help="keep run directories")
    ap.add_argument("--report", help="append one JSON line per server run here")
    a = ap.parse_args()
    # A signal stops the servers through the finally clauses.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(2))
    os.makedirs(a.work, exist_ok=True)
    work = os.path.abspath(a.work)
    # The servers (as nobody) must reach their binaries and run directories.
    os.chmod(work, 0o755)
    try:
        root = fetch(work)
    except (Failure, subprocess.SubprocessError, OSError) as e:
        log("realpeer: cannot fetch the servers: %s" % e)
        return 1
    stage = None
    if os.geteuid() == 0 and not nobody_reaches(os.path.join(root, "usr/sbin/ngircd")):
        # A build tree under a private directory (/root): run from a copy
        # in /tmp, removed at the end.
        stage = tempfile.mkdtemp(prefix="chatsim-realpeer-", dir="/tmp")
        os.chmod(stage, 0o755)
        shutil.copytree(root, os.path.join(stage, "root"), symlinks=True)
        root = os.path.join(stage, "root")
        work = stage
    try:
        return run_all(a, root, work)
    finally:
        if stage is not None:
            shutil.rmtree(stage, ignore_errors=True)


def nobody_reaches(path):
    r = subprocess.run(["test", "-x", path], user=NOBODY, group=NOBODY, extra_groups=[],
                       timeout=30)
    return r.returncode == 0


def run_all(a, root, work):
    # Versions come from the downloaded packages, under the real work dir.
    debs = os.path.abspath(a.work)
    names = a.servers.split(",")
    for n in names:
        if n not in SERVERS:
            log("realpeer: unknown server %r; accepted: %s" % (n, ", ".join(SERVERS)))
            return 2
    for n in names:
        log("realpeer: %s %s" % (n, version_of(debs, PACKAGES[n])))
    failed = 0
    kinds = ("welcome", "ping", "close")
    worst = {n: dict.fromkeys(kinds, 0.0) for n in names}
    started = time.monotonic()
    for run in range(a.runs):
        results = {}

        def one(n):
            try:
                results[n] = run_server(SERVERS[n], root, work, a.chatsim, a.keep)
            except Exception as e:  # reported below, with the server named
                results[n] = {"server": n, "errors": ["%s: %s" % (n, e)], "rows": [],
                              "worst": {"welcome": 0.0, "ping": 0.0, "close": 0.0}}

        # The servers run side by side, each on its own port.
        threads = [threading.Thread(target=one, args=(n,)) for n in names]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for n in names:
            r = results[n]
            for k in kinds:
                worst[n][k] = max(worst[n][k], r["worst"][k])
            status = "FAILED" if r["errors"] else "ok"
            log("run %d %s: %s; worst error %s" % (run + 1, n, status, ", ".join(
                "%s %.3f s" % (k, r["worst"][k]) for k in kinds)))
            timed = [row for row in r["rows"] if isinstance(row[4], float)]
            if a.runs > 1 and timed and not r["errors"]:
                row = max(timed, key=lambda row: abs(row[4]))
                log("  worst: %s %s real %s predicted %s" % row[:4])
            if a.runs == 1 or r["errors"]:
                for row in r["rows"]:
                    log("  %-9s %-8s real %-8s predicted %-8s" % row[:4] +
                        (" error %+.3f" % row[4] if isinstance(row[4], float) else ""))
            for e in r["errors"]:
                log("  " + e)
            if r["errors"]:
                failed += 1
                if "scenario" in r:
                    log("  scenario:\n" + r["scenario"])
            if a.report:
                with open(a.report, "a") as f:
                    f.write(json.dumps({"run": run + 1, "server": n, "ok": not r["errors"],
                                        "worst": r["worst"]}) + "\n")
    log("realpeer: %d run(s) of %s in %.0f s; worst errors: %s" %
        (a.runs, ", ".join(names), time.monotonic() - started, "; ".join(
            "%s %s" % (n, ", ".join("%s %.3f s" % (k, worst[n][k]) for k in kinds))
            for n in names)))
    log("realpeer: %s" % ("all passed" if not failed else "%d server run(s) failed" % failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
