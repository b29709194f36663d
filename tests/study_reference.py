#!/usr/bin/env python3
"""Independent reference for tests/test_e2e_study.c: P(drop) of a silent
lurker under a restart-on-send build (5.5.2577.0), alone in a channel with
one Poisson talker, no latency, in a run of exactly recv_idle_limit.

From docs/model.md: the lurker's first data reaches the server at 0, and
every relay of the talker's messages (at the talk times, a Poisson process
of the given mean starting at 0) restarts its ping process. It is PINGed,
answers at once and survives only if some gap from 0 or a relay to the next
relay reaches ping_delay while the PING can still go out before the
receive-idle limit; otherwise it is dropped at the limit. This simulates
that gap process alone, with Python's own generator, not chatsim's.

Usage: study_reference.py MEAN_S PING_DELAY_S LIMIT_S [SAMPLES] -> P(drop)
"""
import random
import sys


def dropped(rng, mean, ping_delay, limit):
    last = 0.0  # the registration, then each relay
    while True:
        nxt = last + rng.expovariate(1.0 / mean)
        if last + ping_delay < limit and nxt > last + ping_delay:
            return False  # PINGed at last + ping_delay, answered
        if nxt >= limit:
            return True
        last = nxt


def main():
    mean, ping_delay, limit = (float(a) for a in sys.argv[1:4])
    samples = int(sys.argv[4]) if len(sys.argv) > 4 else 200000
    rng = random.Random(20261201)
    drops = sum(dropped(rng, mean, ping_delay, limit) for _ in range(samples))
    print("%.6f" % (drops / samples))


if __name__ == "__main__":
    main()
