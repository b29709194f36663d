#!/usr/bin/python3
"""The installed chatsim works with its source tree gone.

Copies the source tree to a temporary directory, builds it there without
the tests (so without CUnit), installs it into a temporary prefix, removes
the copied source and build trees, moves the prefix elsewhere, and from yet
another directory runs the installed `chatsim plot` on an installed example
scenario: the image must be a PNG of the default size. Also checks the
installed files (binary, plot templates, man page, bash completion, docs)
and, when dpkg-deb is there, the .deb that `cpack -G DEB` makes.

Run by ctest; CHATSIM_SOURCE_DIR names the source tree.
"""

import os
import shutil
import struct
import subprocess
import sys
import tempfile

SOURCE = os.environ.get("CHATSIM_SOURCE_DIR",
                        os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FAILURES = []


def expect(what, ok, detail=""):
    print("%s: %s%s" % ("ok" if ok else "FAIL", what, "" if ok else " " + detail),
          flush=True)
    if not ok:
        FAILURES.append(what)


def run(argv, **kw):
    return subprocess.run(argv, check=True, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, **kw)


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", head[16:24])


def main():
    tmp = tempfile.mkdtemp(prefix="chatsim-install-")
    try:
        src = os.path.join(tmp, "src")
        build = os.path.join(tmp, "build")
        prefix = os.path.join(tmp, "prefix")
        shutil.copytree(SOURCE, src, symlinks=True,
                        ignore=shutil.ignore_patterns(".git", "build*", "out"))
        run(["cmake", "-S", src, "-B", build, "-DBUILD_TESTING=OFF",
             "-DCMAKE_BUILD_TYPE=Release", "-DCHATSIM_SANITIZE=OFF"])
        cache = open(os.path.join(build, "CMakeCache.txt")).read()
        expect("configured without CUnit", "CUNIT_FOUND" not in cache)
        run(["cmake", "--build", build, "-j2"])
        run(["cmake", "--install", build, "--prefix", prefix])
        deb = None
        if shutil.which("dpkg-deb") and shutil.which("cpack"):
            run(["cpack", "-G", "DEB"], cwd=build)
            debs = [f for f in os.listdir(build) if f.endswith(".deb")]
            expect("cpack made one .deb", len(debs) == 1, str(debs))
            if debs:
                deb = run(["dpkg-deb", "-c", os.path.join(build, debs[0])]).stdout
        # The source is gone, and the install is not where it was made.
        shutil.rmtree(src)
        shutil.rmtree(build)
        moved = os.path.join(tmp, "elsewhere", "opt")
        os.makedirs(os.path.dirname(moved))
        os.rename(prefix, moved)

        for path in ["bin/chatsim", "share/chatsim/plots/swimlanes.gp",
                     "share/chatsim/plots/common.gp", "share/man/man1/chatsim.1",
                     "share/bash-completion/completions/chatsim",
                     "share/doc/chatsim/README.md", "share/doc/chatsim/model.md",
                     "share/doc/chatsim/examples/kb233512.ini"]:
            expect("installed " + path, os.path.exists(os.path.join(moved, path)))
        if deb is not None:
            for path in ["./usr/bin/chatsim", "./usr/share/man/man1/chatsim.1",
                         "./usr/share/chatsim/plots/swimlanes.gp"]:
                expect("the .deb holds " + path, path in deb)

        work = os.path.join(tmp, "work")
        os.makedirs(work)
        env = {k: v for k, v in os.environ.items() if k != "CHATSIM_PLOTS_DIR"}
        chatsim = os.path.join(moved, "bin", "chatsim")
        scenario = os.path.join(moved, "share", "doc", "chatsim", "examples",
                                "kb233512.ini")
        plot = subprocess.run([chatsim, "plot", scenario, "--profile", "5.5.2577.0",
                               "-o", "kb.png"], cwd=work, env=env,
                              capture_output=True, text=True)
        expect("installed chatsim plot exits 0", plot.returncode == 0,
               plot.stdout + plot.stderr)
        image = os.path.join(work, "kb.png")
        size = png_size(image) if os.path.exists(image) else None
        expect("the image is a 1280x720 PNG", size == (1280, 720), str(size))
        # Without the installed templates it fails, naming them: they were
        # what it used.
        os.rename(os.path.join(moved, "share", "chatsim", "plots"),
                  os.path.join(moved, "share", "chatsim", "hidden"))
        again = subprocess.run([chatsim, "plot", scenario, "-o", "again.png"], cwd=work,
                               env=env, capture_output=True, text=True)
        expect("without share/chatsim/plots it exits 2 naming a template",
               again.returncode == 2 and "plot template" in again.stderr, again.stderr)
        man = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-P", "-cbou",
                              os.path.join(moved, "share", "man", "man1", "chatsim.1")],
                             capture_output=True, text=True)
        expect("groff renders the installed man page", man.returncode == 0 and
               "EXIT STATUS" in man.stdout and man.stderr == "", man.stderr)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("%d failed" % len(FAILURES))
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
