#!/usr/bin/python3
"""chatsim(1) and the bash completion against the real binary.

The man page (docs/chatsim.1) must render without groff warnings and name
every command of `chatsim --help` and every option of `chatsim COMMAND
--help`; the bash completion (tools/chatsim.bash-completion) must complete
the commands, a command's options, profile names and .ini files.

Run by ctest; CHATSIM_SOURCE_DIR and CHATSIM_BIN name the tree and binary.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

SOURCE = os.environ.get("CHATSIM_SOURCE_DIR",
                        os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CHATSIM = os.environ.get("CHATSIM_BIN", "chatsim")
FAILURES = []


def expect(what, ok, detail=""):
    print("%s: %s%s" % ("ok" if ok else "FAIL", what, "" if ok else " " + detail),
          flush=True)
    if not ok:
        FAILURES.append(what)


def chatsim(*args):
    return subprocess.run([CHATSIM, *args], capture_output=True, text=True).stdout


def commands():
    text = chatsim("--help")
    return re.findall(r"^  ([a-z]+) ", text.split("Commands:")[1], re.M)


def options(command):
    text = chatsim(command, "--help").split("Application Options:")[1]
    return sorted(set(re.findall(r"--[a-z][a-z-]*", text)))


def check_man():
    page = os.path.join(SOURCE, "docs", "chatsim.1")
    groff = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-z", page],
                           capture_output=True, text=True)
    expect("groff renders chatsim.1 without warnings",
           groff.returncode == 0 and groff.stderr == "", groff.stderr)
    text = subprocess.run(["groff", "-man", "-Tutf8", "-P", "-cbou", page],
                          capture_output=True, text=True).stdout
    # One section per command; the options in it.
    sections = re.split(r"\n   (?=[a-z]+\b)", text)
    found = commands()
    expect("chatsim --help lists the commands",
           {"run", "compare", "check", "plot", "study", "profiles"} <= set(found), str(found))
    for command in found:
        section = next((s for s in sections if s.startswith(command)), "")
        expect("the man page has a section for %s" % command, section != "")
        for option in options(command):
            # groff may break a long option at its hyphens: join them back.
            body = section.replace("\u2010\n", "").replace("\u2010", "-")
            expect("the man page documents %s %s" % (command, option),
                   re.search(re.escape(option) + r"\b", body) is not None)
    for heading in ["EXIT STATUS", "FILES", "EXAMPLES", "ENVIRONMENT"]:
        expect("the man page has %s" % heading, "\n" + heading + "\n" in text)


def complete(line, cwd):
    """COMPREPLY for the command line `line` (completing its last word)."""
    script = r"""
source "$1"
chatsim() { "$2" "$@"; }
read -r -a COMP_WORDS <<< "$3"
[[ $3 == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
COMP_WORDS[0]=$2
_chatsim
printf '%s\n' "${COMPREPLY[@]}"
"""
    out = subprocess.run(["bash", "-c", script, "bash",
                          os.path.join(SOURCE, "tools", "chatsim.bash-completion"),
                          CHATSIM, line], cwd=cwd, capture_output=True, text=True)
    return [w for w in out.stdout.splitlines() if w]


def check_completion():
    tmp = tempfile.mkdtemp(prefix="chatsim-complete-")
    try:
        for name in ["kb.ini", "notes.txt"]:
            open(os.path.join(tmp, name), "w").close()
        os.makedirs(os.path.join(tmp, "scenarios"))
        got = complete("chatsim ", tmp)
        expect("completes the commands", set(commands()) <= set(got), str(got))
        got = complete("chatsim run --", tmp)
        expect("completes run's options", set(options("run")) <= set(got), str(got))
        got = complete("chatsim run --profile ", tmp)
        expect("completes profile names and aliases",
               {"5.5.2577.0", "sp2", "rtm"} <= set(got), str(got))
        got = complete("chatsim compare --profiles sp2,5.5.26", tmp)
        expect("completes the last item of --profiles",
               "sp2,5.5.2621.0" in got, str(got))
        got = complete("chatsim compare --j", tmp)
        expect("completes compare's --jobs", got == ["--jobs"], str(got))
        got = complete("chatsim compare -j ", tmp)
        expect("compare -j takes a number: nothing to complete", got == [], str(got))
        got = complete("chatsim check ", tmp)
        expect("completes .ini files and directories, not other files",
               "kb.ini" in got and "scenarios" in got and "notes.txt" not in got,
               str(got))
        got = complete("chatsim help r", tmp)
        expect("help completes commands", got == ["run"], str(got))
        open(os.path.join(tmp, "grid.study"), "w").close()
        got = complete("chatsim study ", tmp)
        expect("study completes .study files", "grid.study" in got and "kb.ini" not in got,
               str(got))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    if shutil.which("groff"):
        check_man()
    else:
        expect("groff is installed (tools/deps)", False)
    check_completion()
    print("%d failed" % len(FAILURES))
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
