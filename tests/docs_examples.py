#!/usr/bin/python3
"""Every example in README.md and docs/*.md, run against the built chatsim.

What is run, block by fenced block:

- ```ini: a scenario. Written to a file and loaded: `chatsim check FILE`
  when it has [expect] groups (they must hold), else `chatsim run FILE
  --quiet`. Exit 0 expected.
- ```sh, ```console and plain ``` blocks: each line that starts with
  `chatsim ` or `$ chatsim ` is a command. A command with placeholders or
  [optional] parts is a synopsis: its command must exist and each --option
  it names must be in `chatsim COMMAND --help`. Any other is run with sh,
  with the built chatsim first on PATH, in a temporary directory holding
  copies of scenarios/ and tests/data/, tests/bad/ (and an empty out/); it
  must exit 0. After a `$ ` command, the lines up to the next `$ ` line are
  its output (stdout and stderr, as a terminal shows them), compared line
  by line: `...` stands for any text within a line, and a line that is
  only `...` for any number of lines.
- In a ```sh block, a line that is neither a command nor a comment (say
  `tools/demo`) is an error unless the block is marked not run.

HTML comments just before a block (blank lines between are fine):

- `<!-- not run: REASON -->`: the block is listed as not run, with why.
- `<!-- exit: N -->`: its commands must exit with N instead of 0.
- `<!-- output of: COMMAND -->`: the block is the output of COMMAND,
  compared as above (for output shown without its command).

Any other block (a table of data, an error message) is a display and is
not run. Every block is listed with what was done to it. CHATSIM_SOURCE_DIR
and CHATSIM_BIN name the tree and the binary (set by ctest).
"""

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

SOURCE = os.environ.get("CHATSIM_SOURCE_DIR",
                        os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CHATSIM = os.path.abspath(os.environ.get("CHATSIM_BIN", "chatsim"))

# Examples that fail today for a reason owned elsewhere, each with the
# error it must show (so the list cannot hide another failure) and why.
# An entry whose block passes is itself a failure: remove it then.
PENDING = {}

MARK = re.compile(r"<!--\s*(not run|exit|output of):\s*(.*?)\s*-->")
FENCE = re.compile(r"^```(\S*)\s*$")
# [optional] parts, alternatives, or an all-capitals word (SCENARIO, DIR).
PLACEHOLDER = re.compile(r"\[|\||(?<![-\w.])[A-Z][A-Z0-9_]*\b")


class Block:
    def __init__(self, path, line, lang, text, marks):
        self.path, self.line, self.lang, self.text, self.marks = path, line, lang, text, marks

    def where(self):
        return "%s:%d" % (self.path, self.line)


def blocks(path):
    """The fenced blocks of a Markdown file, with the marks just before each."""
    rel = os.path.relpath(path, SOURCE)
    lines = open(path, encoding="utf-8").read().split("\n")
    marks, out, i = {}, [], 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if m is None:
            for kind, value in MARK.findall(lines[i]):
                marks[kind] = value
            if lines[i].strip() and not MARK.search(lines[i]):
                marks = {}
            i += 1
            continue
        start, body = i + 1, []
        i += 1
        while i < len(lines) and not lines[i].startswith("```"):
            body.append(lines[i])
            i += 1
        out.append(Block(rel, start, m.group(1), "\n".join(body), marks))
        marks = {}
        i += 1
    return out


def commands(block):
    """(command, expected output lines or None, is_synopsis) per command."""
    result, current = [], None
    for line in block.text.split("\n"):
        prompt = line.startswith("$ ")
        text = line[2:] if prompt else line
        if text.startswith("chatsim ") or text == "chatsim":
            current = [text, [] if prompt else None]
            result.append(current)
        elif current is not None and line[:1] in (" ", "\t") and current[1] is None:
            current[0] += " " + line.strip()  # a synopsis continued
        elif prompt:
            current = None  # another program's command: not ours
        elif current is not None and current[1] is not None:
            current[1].append(line)
    return [(c, out, PLACEHOLDER.search(strip_comment(c)) is not None)
            for c, out in result]


def strip_comment(command):
    return command.split(" #", 1)[0].rstrip()


def matches(expected, actual):
    """Line by line; `...` is any text in a line, a `...` line any lines."""
    exp = expected[:]
    while exp and exp[-1] == "":
        exp.pop()
    act = actual.rstrip("\n").split("\n") if actual.strip() else []

    def line_ok(e, a):
        pattern = ".*".join(re.escape(p) for p in e.split("..."))
        return re.fullmatch(pattern, a) is not None

    def walk(i, j):
        if i == len(exp):
            return j == len(act)
        if exp[i].strip() == "...":
            return any(walk(i + 1, k) for k in range(j, len(act) + 1))
        return j < len(act) and line_ok(exp[i], act[j]) and walk(i + 1, j + 1)

    return walk(0, 0)


def first_difference(expected, actual):
    act = actual.rstrip("\n").split("\n")
    for n, e in enumerate(expected):
        if e.strip() == "...":
            return "(after a ... line)"
        a = act[n] if n < len(act) else "(end of output)"
        pattern = ".*".join(re.escape(p) for p in e.split("..."))
        if re.fullmatch(pattern, a) is None:
            return "line %d:\n      expected: %s\n      actual:   %s" % (n + 1, e, a)
    return "the output goes on: %s" % (act[len(expected)] if len(act) > len(expected)
                                        else "?")


class Runner:
    def __init__(self):
        self.tmp = tempfile.mkdtemp(prefix="chatsim-docs-")
        self.failures = []
        self.ran = 0
        env = dict(os.environ)
        env.pop("CHATSIM_BIN", None)
        env["PATH"] = os.path.dirname(CHATSIM) + os.pathsep + env.get("PATH", "")
        self.env = env

    def workdir(self):
        """A fresh directory with the files the docs name."""
        work = tempfile.mkdtemp(dir=self.tmp)
        for rel in ["scenarios", "tests/data", "tests/bad"]:
            src = os.path.join(SOURCE, rel)
            if os.path.isdir(src):
                shutil.copytree(src, os.path.join(work, rel))
        os.makedirs(os.path.join(work, "out"))
        return work

    def report(self, block, ok, what, detail=""):
        more = "" if ok or not detail or detail == what else "\n    " + detail
        print("%s %s: %s%s" % ("ok  " if ok else "FAIL", block.where(), what, more),
              flush=True)
        if not ok:
            self.failures.append(block.where())

    def shell(self, command, cwd):
        return subprocess.run(["sh", "-c", command], cwd=cwd, env=self.env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, timeout=300)

    def run_command(self, block, command, expected, code):
        self.ran += 1
        proc = self.shell(command, self.workdir())
        if proc.returncode != code:
            return False, "`%s` exited %d, not %d:\n    %s" % (
                command, proc.returncode, code, proc.stdout.strip().replace("\n", "\n    "))
        if expected is not None and not matches(expected, proc.stdout):
            return False, "`%s`: output differs at %s" % (
                command, first_difference(expected, proc.stdout))
        return True, "`%s`%s" % (command, "" if expected is None else ", output matches")

    def synopsis(self, command):
        words = shlex.split(strip_comment(command).replace("|", " "))
        name = words[1] if len(words) > 1 else ""
        if name.startswith("--") or name == "help":
            ok = subprocess.run([CHATSIM, name], capture_output=True).returncode == 0
            return ok, "chatsim %s exits 0" % name
        helped = subprocess.run([CHATSIM, name, "--help"], capture_output=True, text=True)
        if helped.returncode != 0:
            return False, "'%s' is not a chatsim command" % name
        known = set(re.findall(r"--[a-z][a-z-]*", helped.stdout))
        named = set(re.findall(r"--[a-z][a-z-]*", command))
        unknown = sorted(named - known)
        if unknown:
            return False, "chatsim %s has no %s" % (name, ", ".join(unknown))
        return True, "synopsis of chatsim %s: %d options, all in --help" % (name, len(named))

    def scenario(self, block):
        self.ran += 1
        work = self.workdir()
        path = os.path.join(work, "example.ini")
        with open(path, "w") as f:
            f.write(block.text + "\n")
        has_expect = re.search(r"^\[expect", block.text, re.M) is not None
        argv = [CHATSIM, "check", path] if has_expect else [CHATSIM, "run", path, "--quiet"]
        proc = subprocess.run(argv, cwd=work, capture_output=True, text=True)
        what = "scenario loaded with chatsim %s" % argv[1]
        return proc.returncode == 0, what, (proc.stdout + proc.stderr).strip()

    def check(self, block):
        marks = block.marks
        if "not run" in marks:
            print("skip %s: not run: %s" % (block.where(), marks["not run"]))
            return
        pending = PENDING.get((block.path, "\n".join(block.text.split("\n")[:2])))
        code = int(marks.get("exit", "0"))
        if "output of" in marks:
            ok, detail = self.run_command(block, marks["output of"], block.text.split("\n"),
                                          code)
            self.report(block, ok, detail if ok else "output of a command", detail)
            return
        if block.lang == "ini":
            ok, what, detail = self.scenario(block)
            if pending is not None:
                error, why = pending
                if ok:
                    self.report(block, False, "passes now: remove its PENDING entry (%s)" % why)
                else:
                    self.report(block, error in detail,
                                "pending, fails as expected (%s)" % why, detail)
                return
            self.report(block, ok, what, detail)
            return
        found = commands(block)
        if block.lang in ("sh", "console", "bash"):
            for line in block.text.split("\n"):
                text = line[2:] if line.startswith("$ ") else line
                if text.strip() and not text.startswith(("chatsim", "#", " ", "\t")):
                    self.report(block, False, "`%s` is not a chatsim command: mark the "
                                "block <!-- not run: why -->" % text)
                    return
        if not found:
            print("show %s: a display, nothing to run" % block.where())
            return
        for command, expected, is_synopsis in found:
            if is_synopsis:
                ok, detail = self.synopsis(command)
            else:
                ok, detail = self.run_command(block, command, expected, code)
            self.report(block, ok, detail, "" if ok else detail)


def main():
    files = [os.path.join(SOURCE, "README.md")]
    docs = os.path.join(SOURCE, "docs")
    files += sorted(os.path.join(docs, f) for f in os.listdir(docs) if f.endswith(".md"))
    runner = Runner()
    try:
        for path in files:
            for block in blocks(path):
                runner.check(block)
    finally:
        shutil.rmtree(runner.tmp, ignore_errors=True)
    print("%d commands and scenarios run; %d failed" % (runner.ran, len(runner.failures)))
    return 1 if runner.failures else 0


if __name__ == "__main__":
    sys.exit(main())
