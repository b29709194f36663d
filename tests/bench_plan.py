#!/usr/bin/python3
"""tools/bench --quick runs no 1M case and never writes the published
docs/perf.md; a full run does both. Checked through --plan, which prints
what a run would do without building or running anything."""

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "tools", "bench")


def plan(*args):
    out = subprocess.run([sys.executable, BENCH, "--plan", *args], check=True,
                         capture_output=True, text=True).stdout
    return dict(line.split(": ", 1) for line in out.splitlines())


def main():
    failures = []

    def expect(what, ok):
        print("%s: %s" % ("ok" if ok else "FAIL", what))
        if not ok:
            failures.append(what)

    docs = os.path.join(ROOT, "docs")
    quick = plan("--quick")
    expect("--quick: no 1M series size", "shape-1m" not in quick["series"].split())
    expect("--quick: no bench/1m", "1m" not in quick["bench"].split())
    expect("--quick: writes outside docs/ (%s)" % quick["writes"],
           not os.path.abspath(quick["writes"]).startswith(docs))
    full = plan()
    expect("full: the 1M series size", "shape-1m" in full["series"].split())
    for name in full["series"].split() + full["bench"].split():
        expect("full: scenarios/bench/%s.ini exists" % name,
               os.path.exists(os.path.join(ROOT, "scenarios", "bench", name + ".ini")))
    expect("full: bench/1m", "1m" in full["bench"].split())
    expect("full: writes docs/", full["writes"] == docs)
    expect("--no-docs: writes nothing", plan("--no-docs")["writes"] == "nothing")
    print("%d failed" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
