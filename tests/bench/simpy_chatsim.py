#!/usr/bin/python3
"""SimPy reference model of chatsim, for the cross-check and the benchmark.

chatsim (the C program in this repository) simulates the Exchange 5.5 Chat
Service keepalive of KB233512: a server that PINGs idle clients, and the
post-SP2 build 5.5.2577.0 whose server sends restart the ping process, so a
silent client in a busy channel is never PINGed and is dropped by the
10-minute receive-idle limit.

This script is an independent implementation of the same model
(/work/shared/design/keepalive-model.md) written the way a SimPy user would
write it: SimPy 3 processes and events, no hand-written event loop. It
serves two purposes:

* cross-check: on the same scenario, profile and seed it must give exactly
  the results of the C simulator (outcome, time, reason, PINGs sent, last
  receipt per client), so the two are compared line by line;
* benchmark: it is the "what would SimPy do" baseline for the C engine's
  speed.

How the model maps onto SimPy
-----------------------------
Time is an integer number of microseconds (env.now is always an int).

Link (one per direction of each client's connection)
    FIFO with latency + jitter, like TCP: delivery = max(previous delivery,
    send + latency + jitter draw). A message that the receiver must act on
    becomes a `Delivery` event scheduled with priority URGENT at its
    delivery time; the receiving process simply `yield`s `link.recv()`.
    URGENT is what makes "deliveries before timers at one instant" hold:
    every timer in this model is a plain `env.timeout` (priority NORMAL).
    Server->client relays and PONGs take their place in the FIFO and draw
    their jitter but, by default, are not turned into events because the
    scripted client never reacts to them (`--deliver-all` delivers them
    too, to a client that discards them; results are the same).

Client (one process per client, plus helpers started at connect)
    `client.run` waits until `connect`, sends the registration, then starts
    a talker process (every / poisson / at), an optional keepalive-PING
    process, an optional quit process and a reader process that answers the
    server's PINGs (after `pong_delay`, in a small process of its own).

Server
    One handler process per connection reads the client->server link
    (`Server.serve`), updates the connection state, relays PRIVMSGs to the
    other members of the channel and answers client PINGs.
    The keepalive is a process per connection (`Keepalive`) sleeping until
    the connection's next deadline. Deadlines that move later (every
    receipt, and every send on the affected build) are picked up lazily
    when the process wakes; a deadline that moves earlier interrupts it.
    With check_interval = N > 0 there is instead one sweeper process that
    wakes at k*N and gives every open connection, in client order, at most
    one keepalive step.

Random numbers are bit-identical to sim/rng.c: xoshiro256** seeded through
splitmix64 for the Poisson talk stream, and the counter-based
sim_rng_hash_uniform for link jitter.

Usage
-----
    simpy_chatsim.py SCENARIO [--profile V] [--seed N] [--duration D]
                     [--deliver-all] [--stats]

prints a TSV to stdout:
    client  outcome  time_us  reason  pings_sent  last_recv_us
with one row per client in client order. --stats writes event counts and
the wall time to stderr.

Only the Python standard library and SimPy 3 (python3-simpy3) are used.
"""

import argparse
import collections
import configparser
import math
import re
import sys
import time

import simpy
from simpy.events import NORMAL, URGENT, Event, Interrupt

# ---------------------------------------------------------------------------
# Random numbers: a bit-exact copy of sim/rng.c using Python ints.
# ---------------------------------------------------------------------------

MASK64 = (1 << 64) - 1
STREAM_TALK, STREAM_UP, STREAM_DOWN = 0, 1, 2


def splitmix64(x):
    """One splitmix64 step: returns (new state, output)."""
    x = (x + 0x9E3779B97F4A7C15) & MASK64
    z = x
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    return x, z ^ (z >> 31)


def stream_key(seed, index, stream):
    """rng.c stream_key(): seed, object index and stream mixed in turn."""
    _, key = splitmix64(seed & MASK64)
    _, key = splitmix64(key ^ index)
    _, key = splitmix64(key ^ ((stream * 0xD1B54A32D192ED03) & MASK64))
    return key


def hash_uniform(key, counter, bound):
    """sim_rng_hash_uniform() with the stream key already computed:
    uniform integer in [0, bound] by multiply-high."""
    _, r = splitmix64(key ^ counter)
    if bound == MASK64:
        return r
    return (r * (bound + 1)) >> 64


def llround(v):
    """C llround(): nearest integer, halves away from zero (exact)."""
    f = math.floor(abs(v))
    r = f + 1 if abs(v) - f >= 0.5 else f
    return int(r) if v >= 0 else -int(r)


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & MASK64


class Xoshiro256ss:
    """xoshiro256** seeded like sim_rng_init()."""

    __slots__ = ("s",)

    def __init__(self, seed, index, stream):
        x = stream_key(seed, index, stream)
        s = []
        for _ in range(4):
            x, z = splitmix64(x)
            s.append(z)
        self.s = s

    def next(self):
        s0, s1, s2, s3 = self.s
        result = (rotl((s1 * 5) & MASK64, 7) * 9) & MASK64
        t = (s1 << 17) & MASK64
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        self.s = [s0, s1, s2, s3]
        return result

    def exponential(self, mean):
        """sim_rng_exponential(): llround(-mean * log(u)), u in (0, 1]."""
        u = float((self.next() >> 11) + 1) * 2.0 ** -53
        v = -float(mean) * math.log(u)
        if v > float((1 << 63) - 1) / 2:
            return ((1 << 63) - 1) // 2
        return llround(v)


# ---------------------------------------------------------------------------
# Durations and profiles (duration.c, profile.c).
# ---------------------------------------------------------------------------

US_PER_S = 1_000_000
UNITS = {"us": 1, "ms": 1000, "s": US_PER_S, "m": 60 * US_PER_S, "h": 3600 * US_PER_S}
DURATION_RE = re.compile(r"^\s*(\d+)(?:\.(\d+))?\s*([A-Za-z]*)\s*$")


def parse_duration(text):
    """'90', '1.5s', '250ms', '10m', '1h', '20us' -> exact microseconds."""
    m = DURATION_RE.match(text)
    if not m or m.group(3) not in UNITS and m.group(3) != "":
        raise ValueError("'%s' is not a duration" % text)
    unit = UNITS[m.group(3)] if m.group(3) else US_PER_S
    whole, frac = int(m.group(1)), m.group(2) or ""
    scale = 10 ** len(frac)
    frac_us = int(frac or "0") * unit
    if frac_us % scale:
        raise ValueError("'%s' is not a whole number of microseconds" % text)
    return whole * unit + frac_us // scale


def S(x):
    return x * US_PER_S


def exchange55(restart_on_send):
    """The Chat Service defaults shared by every build."""
    return {
        "ping_delay": S(90),
        "ping_attempts": 2,
        "reply_window": S(90),
        "restart_on_send": restart_on_send,
        "ping_counts_as_send": False,
        "recv_idle_limit": S(600),
        "check_interval": 0,
    }


# (file version, alias, build, keepalive parameters), in build order.
PROFILES = [
    ("5.5.1960.5", "rtm", 1960, exchange55(False)),
    ("5.5.2232.18", "sp1", 2232, exchange55(False)),
    ("5.5.2448.8", "sp2", 2448, exchange55(False)),
    ("5.5.2577.0", None, 2577, exchange55(True)),  # the KB233512 bug
    ("5.5.2621.0", None, 2621, exchange55(False)),  # the KB233512 fix
    ("5.5.2650.24", "sp3", 2650, exchange55(False)),
    ("5.5.2653.23", "sp4", 2653, exchange55(False)),
]


def resolve_profile(version):
    """Alias or exact version, else the newest profile not newer than 5.5.N."""
    for ver, alias, _, ka in PROFILES:
        if version == ver or (alias and version.lower() == alias):
            return ver, dict(ka)
    m = re.fullmatch(r"5\.5\.(\d+)(?:\.(\d+))?", version)
    found = None
    if m:
        for ver, _, build, ka in PROFILES:
            if build <= int(m.group(1)):
                found = (ver, dict(ka))
    if found is None:
        raise ValueError("unknown version '%s'" % version)
    return found


def parse_bool(text):
    t = text.strip().lower()
    if t in ("yes", "true"):
        return True
    if t in ("no", "false"):
        return False
    raise ValueError("'%s' is not yes or no" % text)


def set_param(ka, name, value):
    """One [server] override, like sim_profile_param_set()."""
    if name not in ka:
        raise ValueError("unknown parameter '%s'" % name)
    if name in ("restart_on_send", "ping_counts_as_send"):
        ka[name] = parse_bool(value)
    elif name == "ping_attempts":
        ka[name] = int(value)
    else:
        ka[name] = parse_duration(value)


# ---------------------------------------------------------------------------
# Scenario file.
# ---------------------------------------------------------------------------


class ClientSpec:
    """One [client NAME] group."""

    def __init__(self, name):
        self.name = name
        self.count = 1
        self.connect = 0
        self.channels = []
        self.spread = False  # join = #room{A..B}
        self.talk = "never"  # never | every | poisson | at
        self.period = 0  # every: the period; poisson: the mean
        self.start = None  # absolute first talk (every) / start (poisson)
        self.talk_at = []
        self.pong = True
        self.pong_delay = 0
        self.keepalive = 0  # 0 = off
        self.quit = None  # absolute; None = never


class Scenario:
    def __init__(self):
        self.name = ""
        self.duration = None
        self.seed = 0
        self.profile = None
        self.latency = 0
        self.jitter = 0
        self.overrides = []  # [server] (name, text) in file order
        self.groups = []


def parse_talk(spec, text):
    words = text.strip().split(None, 1)
    kind = words[0].lower() if words else ""
    arg = words[1] if len(words) > 1 else ""
    if kind == "never" and not arg:
        spec.talk = "never"
    elif kind in ("every", "poisson"):
        spec.talk, spec.period = kind, parse_duration(arg)
    elif kind == "at":
        spec.talk = "at"
        spec.talk_at = [parse_duration(t) for t in arg.split(",")]
    else:
        raise ValueError("talk = '%s' is not never, every D, poisson MEAN or at T,..." % text)


def load_scenario(path):
    cp = configparser.ConfigParser(
        interpolation=None, delimiters=("=",), comment_prefixes=("#", ";"),
        inline_comment_prefixes=None, strict=True)
    with open(path, encoding="utf-8") as f:
        cp.read_file(f)
    sc = Scenario()
    for section in cp.sections():
        items = cp[section]
        if section == "scenario":
            sc.name = items.get("name", "")
            if "duration" in items:
                sc.duration = parse_duration(items["duration"])
            if "seed" in items:
                sc.seed = int(items["seed"]) & MASK64
            sc.profile = items.get("profile")
        elif section == "network":
            sc.latency = parse_duration(items.get("latency", "0"))
            sc.jitter = parse_duration(items.get("jitter", "0"))
        elif section == "server":
            sc.overrides.extend(items.items())
        elif section.startswith("client "):
            spec = ClientSpec(section[len("client "):].strip())
            for key, value in items.items():
                if key == "count":
                    spec.count = int(value)
                elif key == "connect":
                    spec.connect = parse_duration(value)
                elif key == "join":
                    m = re.fullmatch(r"(.*)\{(\d+)\.\.(\d+)\}(.*)", value.strip())
                    if m:
                        spec.channels = ["%s%d%s" % (m.group(1), k, m.group(4))
                                         for k in range(int(m.group(2)), int(m.group(3)) + 1)]
                        spec.spread = True
                    else:
                        spec.channels = [c.strip() for c in value.split(",") if c.strip()]
                elif key == "talk":
                    parse_talk(spec, value)
                elif key == "start":
                    spec.start = parse_duration(value)
                elif key == "pong":
                    spec.pong = parse_bool(value)
                elif key == "pong_delay":
                    spec.pong_delay = parse_duration(value)
                elif key == "keepalive":
                    spec.keepalive = 0 if value.strip() == "off" else parse_duration(value)
                elif key == "quit":
                    spec.quit = parse_duration(value)
                else:
                    raise ValueError("[%s]: unknown key '%s'" % (section, key))
            sc.groups.append(spec)
        elif section == "expect" or section.startswith("expect "):
            continue  # expectations are for `chatsim check`, not the model
        else:
            raise ValueError("unknown group [%s]" % section)
    return sc


# ---------------------------------------------------------------------------
# The SimPy model.
# ---------------------------------------------------------------------------

# Messages.
REGISTER, PRIVMSG, PING, PONG, QUIT, RELAY = (
    "register", "privmsg", "ping", "pong", "quit", "relay")

# Server-side connection states.
IDLE, WAITING, OPEN, CLOSED = range(4)


class Delivery(Event):
    """A message arriving at the far end of a link.

    Created untriggered (a receiver may already be waiting on it) and
    scheduled by `dispatch`, exactly like simpy's Timeout but with priority
    URGENT: at one instant every delivery runs before any timer."""

    __slots__ = ()

    def dispatch(self, message, delay):
        self._ok = True
        self._value = message
        self.env.schedule(self, URGENT, delay)


class Link:
    """One direction of a client's TCP connection: FIFO, latency + jitter."""

    __slots__ = ("env", "latency", "jitter", "key", "sent", "last", "in_flight", "waiter",
                 "stats")

    def __init__(self, env, latency, jitter, seed, client_index, stream, stats):
        self.env = env
        self.latency = latency
        self.jitter = jitter
        # The jitter stream's key is fixed per link; draws differ by counter.
        self.key = stream_key(seed, client_index, stream)
        self.sent = 0  # jitter counter: messages sent so far
        self.last = 0  # latest delivery time: nothing may overtake it
        self.in_flight = collections.deque()  # Delivery events not yet received
        self.waiter = None  # Delivery the receiver waits on, not yet sent
        self.stats = stats

    def send(self, message, deliver=True):
        """Sends at env.now. With deliver=False the message only takes its
        place in the FIFO (nobody at the far end acts on it)."""
        now = self.env.now
        delay = self.latency
        if self.jitter:
            delay += hash_uniform(self.key, self.sent, self.jitter)
            self.sent += 1
        at = max(self.last, now + delay)
        self.last = at
        self.stats["messages"] += 1
        if deliver:
            if self.waiter is not None:
                event, self.waiter = self.waiter, None
            else:
                event = Delivery(self.env)
                self.in_flight.append(event)
            event.dispatch(message, at - now)

    def recv(self):
        """The event of the next message; yield it to receive the message."""
        if self.in_flight:
            return self.in_flight.popleft()
        self.waiter = Delivery(self.env)
        return self.waiter


class Connection:
    """Server-side state of one client's connection (keepalive-model.md 5)."""

    __slots__ = ("index", "name", "spec", "up", "down", "state", "quit_sent",
                 "last_recv", "last_activity", "pings", "last_ping", "pings_sent",
                 "outcome", "reason", "end", "keepalive", "channels")

    def __init__(self, index, name, spec, up, down):
        self.index = index
        self.name = name
        self.spec = spec
        self.up = up  # client -> server
        self.down = down  # server -> client
        self.state = IDLE
        self.quit_sent = False  # client side: nothing is sent after QUIT
        self.last_recv = -1
        self.last_activity = 0
        self.pings = 0
        self.last_ping = 0
        self.pings_sent = 0
        self.outcome = "connected"
        self.reason = ""
        self.end = None
        self.keepalive = None  # its Keepalive process (exact timers)

    @property
    def active(self):
        """The client still sends: not closed by the server, no QUIT sent."""
        return self.state != CLOSED and not self.quit_sent

    def may_send(self, now):
        """Active, and not at or past its quit time: QUIT is its last act."""
        return self.active and (self.spec.quit is None or now < self.spec.quit)


class Keepalive:
    """The server's keepalive timer of one connection, as a process.

    It sleeps until the connection's next deadline. When it wakes it looks
    at the connection again: if the deadline has moved later meanwhile (a
    receipt, or a send on a restart_on_send build) it just sleeps again;
    otherwise it acts (PING or disconnect). A deadline that moves earlier
    interrupts the sleep (`poke`)."""

    __slots__ = ("server", "conn", "armed", "busy", "process")

    def __init__(self, server, conn):
        self.server = server
        self.conn = conn
        self.armed = None  # when the current sleep ends; None before the first
        self.busy = False  # acting: changes it makes need no interrupt
        self.process = server.env.process(self.run())

    def run(self):
        server, conn, env = self.server, self.conn, self.server.env
        while conn.state == OPEN:
            due = server.keepalive_due(conn)
            self.armed = due
            try:
                yield env.timeout(due - env.now)
            except Interrupt:
                continue  # the deadline moved earlier: recompute
            if conn.state != OPEN:
                return
            if server.keepalive_due(conn) > env.now:
                continue  # moved later while asleep
            self.busy = True
            while conn.state == OPEN and server.keepalive_step(conn):
                pass
            self.busy = False

    def poke(self):
        """The connection's state changed: wake up if the deadline is now
        earlier than the end of the current sleep."""
        if self.busy or self.armed is None or not self.process.is_alive:
            return
        due = self.server.keepalive_due(self.conn)
        if due < self.armed:
            self.armed = due
            self.process.interrupt()


class Server:
    """The Chat Service: connections, channels, relays and keepalive."""

    def __init__(self, env, ka, duration, conns, deliver_all):
        self.env = env
        self.ka = ka
        self.duration = duration
        self.conns = conns
        self.deliver_all = deliver_all
        self.members = {}  # channel -> client indices in join order
        for conn in conns:
            for ch in conn.channels:
                self.members.setdefault(ch, [])
            env.process(self.serve(conn))
        if ka["check_interval"] > 0:
            env.process(self.sweeper())

    # -- receiving ---------------------------------------------------------

    def serve(self, conn):
        """Handler process of one connection: reads the client's link."""
        while True:
            message = yield conn.up.recv()
            if conn.state == CLOSED:
                return  # everything from a closed connection is ignored
            self.receive(conn, message)

    def receive(self, conn, message):
        now = self.env.now
        if message == QUIT:
            self.close(conn, "quit", "quit")
            return
        # Any data received restarts the ping process.
        conn.last_recv = conn.last_activity = now
        conn.pings = 0
        if conn.state == WAITING:
            conn.state = OPEN
            for ch in conn.channels:
                self.members[ch].append(conn.index)
            if self.ka["check_interval"] == 0:
                conn.keepalive = Keepalive(self, conn)
        elif conn.keepalive is not None:
            conn.keepalive.poke()
        if message == PRIVMSG:
            channel = conn.channels[0]
            for to in self.members[channel]:
                if to != conn.index:
                    self.send(self.conns[to], RELAY)
        elif message == PING:
            self.send(conn, PONG)

    # -- sending -----------------------------------------------------------

    def send(self, conn, message):
        ka = self.ka
        # Only a PING makes the scripted client act; the rest just occupies
        # its place in the link's FIFO order (unless --deliver-all).
        conn.down.send(message, deliver=message == PING or self.deliver_all)
        if ka["restart_on_send"] and (message != PING or ka["ping_counts_as_send"]):
            # KB233512: a server send restarts the ping process.
            now = self.env.now
            if conn.pings == 0 and conn.last_activity == now:
                return  # already restarted at this instant
            conn.last_activity = now
            conn.pings = 0
            if conn.keepalive is not None:
                conn.keepalive.poke()

    # -- keepalive ---------------------------------------------------------

    def keepalive_due(self, conn):
        """When the next keepalive step falls due."""
        ka = self.ka
        if conn.pings == 0:
            due = conn.last_activity + ka["ping_delay"]
        else:
            due = conn.last_ping + ka["reply_window"]
        if ka["recv_idle_limit"] > 0:
            due = min(due, conn.last_recv + ka["recv_idle_limit"])
        return due

    def keepalive_step(self, conn):
        """One step, checked in order recv-idle, ping-timeout, next PING.
        False if nothing was due."""
        ka, now = self.ka, self.env.now
        if ka["recv_idle_limit"] > 0 and now >= conn.last_recv + ka["recv_idle_limit"]:
            self.close(conn, "disconnected", "recv-idle")
            return True
        if conn.pings == 0:
            if now < conn.last_activity + ka["ping_delay"]:
                return False
        elif now < conn.last_ping + ka["reply_window"]:
            return False
        elif conn.pings >= ka["ping_attempts"]:
            self.close(conn, "disconnected", "ping-timeout")
            return True
        conn.pings += 1
        conn.pings_sent += 1
        conn.last_ping = now
        self.send(conn, PING)
        return True

    def sweeper(self):
        """check_interval = N: timers are only looked at on sweeps at k*N."""
        interval = self.ka["check_interval"]
        t = interval
        while t <= self.duration:
            yield self.env.timeout(t - self.env.now)
            for conn in self.conns:
                if conn.state == OPEN:
                    self.keepalive_step(conn)
            t += interval

    def close(self, conn, outcome, reason):
        conn.state = CLOSED
        conn.outcome = outcome
        conn.reason = reason
        conn.end = self.env.now
        for ch in conn.channels:
            members = self.members[ch]
            if conn.index in members:
                members.remove(conn.index)


class Client:
    """A scripted client: connects, talks, answers PINGs, maybe quits."""

    def __init__(self, env, conn, seed, duration):
        self.env = env
        self.conn = conn
        self.spec = conn.spec
        self.duration = duration
        self.rng = Xoshiro256ss(seed, conn.index, STREAM_TALK)
        self.talk_index = 0
        env.process(self.run())

    def talk_next(self, now):
        """The time of the next talk message after `now` (None: no more)."""
        spec = self.spec
        if spec.talk == "every":
            return now + spec.period
        if spec.talk == "poisson":
            return now + max(1, self.rng.exponential(spec.period))
        if spec.talk == "at" and self.talk_index < len(spec.talk_at):
            self.talk_index += 1
            return spec.talk_at[self.talk_index - 1]
        return None

    def run(self):
        env, spec, conn = self.env, self.spec, self.conn
        yield env.timeout(spec.connect)
        # Registration and JOINs go out together at connect.
        conn.state = WAITING
        conn.up.send(REGISTER)
        env.process(self.reader())
        if spec.talk == "every" and spec.start is not None:
            first = spec.start
        elif spec.talk == "poisson" and spec.start is not None:
            first = self.talk_next(spec.start)
        else:
            first = self.talk_next(env.now)
        if first is not None:
            env.process(self.talker(first))
        if spec.keepalive > 0:
            env.process(self.pinger())
        if spec.quit is not None:
            env.process(self.quitter())

    def talker(self, first):
        env, conn = self.env, self.conn
        at = first
        while at is not None and at <= self.duration:
            yield env.timeout(at - env.now)
            if not conn.may_send(env.now):
                return
            conn.up.send(PRIVMSG)
            at = self.talk_next(env.now)

    def pinger(self):
        """The client's own keepalive: a PING every `keepalive`."""
        env, conn = self.env, self.conn
        while env.now + self.spec.keepalive <= self.duration:
            yield env.timeout(self.spec.keepalive)
            if not conn.may_send(env.now):
                return
            conn.up.send(PING)

    def quitter(self):
        env, conn = self.env, self.conn
        if self.spec.quit > self.duration:
            return
        yield env.timeout(self.spec.quit - env.now)
        if conn.active:
            conn.up.send(QUIT)
            conn.quit_sent = True

    def reader(self):
        """Reads the server->client link; answers PINGs if pong = yes."""
        env, conn, spec = self.env, self.conn, self.spec
        while True:
            message = yield conn.down.recv()
            if conn.state == CLOSED:
                return
            if message != PING or not conn.may_send(env.now) or not spec.pong:
                continue
            if spec.pong_delay == 0:
                conn.up.send(PONG)
            elif env.now + spec.pong_delay <= self.duration:
                env.process(self.pong_later())

    def pong_later(self):
        yield self.env.timeout(self.spec.pong_delay)
        if self.conn.may_send(self.env.now):
            self.conn.up.send(PONG)


def build_and_run(sc, ka, deliver_all=False):
    """Runs the scenario; returns (connections, stats)."""
    env = simpy.Environment(0)
    stats = {"messages": 0}
    conns, clients = [], []
    index = 0
    for spec in sc.groups:
        for member in range(1, spec.count + 1):
            name = spec.name if spec.count == 1 else "%s.%d" % (spec.name, member)
            up = Link(env, sc.latency, sc.jitter, sc.seed, index, STREAM_UP, stats)
            down = Link(env, sc.latency, sc.jitter, sc.seed, index, STREAM_DOWN, stats)
            conn = Connection(index, name, spec, up, down)
            # join = #room{A..B}: member K joins one channel, round robin.
            conn.channels = ([spec.channels[(member - 1) % len(spec.channels)]]
                             if spec.spread else spec.channels)
            conns.append(conn)
            index += 1
    for conn in conns:
        clients.append(Client(env, conn, sc.seed, sc.duration))
    Server(env, ka, sc.duration, conns, deliver_all)

    # Stop after every event at time <= duration (times are integers).
    stop = Event(env)
    stop._ok = True
    stop._value = None
    env.schedule(stop, URGENT, sc.duration + 1)
    env.run(until=stop)
    for conn in conns:
        if conn.state != CLOSED:
            conn.end = sc.duration
    stats["pending"] = len(env._queue)
    return conns, stats


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("scenario")
    ap.add_argument("--profile")
    ap.add_argument("--seed", type=int)
    ap.add_argument("--duration")
    ap.add_argument("--deliver-all", action="store_true",
                    help="turn every server->client message into an event")
    ap.add_argument("--stats", action="store_true",
                    help="print counts and the wall time to stderr")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    sc = load_scenario(args.scenario)
    if args.seed is not None:
        sc.seed = args.seed & MASK64
    if args.duration is not None:
        sc.duration = parse_duration(args.duration)
    profile = args.profile or sc.profile
    if profile is None:
        sys.exit("no profile: give [scenario] profile or --profile")
    if not sc.duration:
        sys.exit("no duration: give [scenario] duration or --duration")
    version, ka = resolve_profile(profile)
    for name, value in sc.overrides:
        set_param(ka, name, value)
    for spec in sc.groups:
        if spec.talk != "never" and not spec.channels:
            sys.exit("client %s talks but joins no channel" % spec.name)

    t1 = time.perf_counter()
    conns, stats = build_and_run(sc, ka, args.deliver_all)
    t2 = time.perf_counter()

    out = ["client\toutcome\ttime_us\treason\tpings_sent\tlast_recv_us"]
    for c in conns:
        out.append("%s\t%s\t%d\t%s\t%d\t%d" % (
            c.name, c.outcome, c.end, c.reason, c.pings_sent, c.last_recv))
    sys.stdout.write("\n".join(out) + "\n")
    if args.stats:
        sys.stderr.write(
            "profile %s, %d clients, %d messages, parse %.3f s, run %.3f s\n"
            % (version, len(conns), stats["messages"], t1 - t0, t2 - t1))


if __name__ == "__main__":
    main()
