"""Run autograd's own test suite with ``autograd`` routed to ``s2sgrad.compat.autograd``.

    python benchmarks/autograd_suite.py DIR            # DIR: autograd's tests/ folder
    python benchmarks/autograd_suite.py DIR --files test_numpy.py test_linalg.py
    python benchmarks/autograd_suite.py DIR --json out.json --show 3

autograd's tests are not part of this repository. Get them from the source
distribution of the autograd release installed here (``pip download
autograd==1.9.1 --no-binary :all: --no-deps`` and unpack it: ``autograd-1.9.1/tests``)
or from https://github.com/HIPS/autograd (folder ``tests/``).

The runner copies DIR into a temporary folder, writes a ``conftest.py`` above it
that installs an import hook (every ``autograd`` and ``autograd.X`` import is answered
by ``s2sgrad.compat.autograd`` and ``s2sgrad.compat.autograd.X``; a module compat does
not have raises ImportError, so autograd itself is never used), runs pytest there and
prints, per file (a test stops after --timeout seconds): tests collected by autograd
itself (when it is installed), passed, failed, errors, skipped; then the failure
classes (exception type and the first line of its message, numbers blanked) with their
counts and a few test names each.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

ROOT = pathlib.Path(__file__).resolve().parent.parent

# Files whose subject is complex numbers and numpy.fft (issue 14), counted separately.
COMPLEX_FFT = ("test_complex.py", "test_fft.py")

SHIM = '''\
"""Written by s2sgrad's benchmarks/autograd_suite.py: autograd -> s2sgrad.compat.autograd."""
import importlib
import importlib.abc
import importlib.util
import signal
import sys

import pytest

sys.path.insert(0, {root!r})
import s2sgrad.compat.autograd as _compat  # noqa: E402

_PREFIX = "s2sgrad.compat.autograd"


class _Alias(importlib.abc.Loader):
    def __init__(self, target):
        self.target = target

    def create_module(self, spec):
        return importlib.import_module(self.target)

    def exec_module(self, module):
        pass


class _Route(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name != "autograd" and not name.startswith("autograd."):
            return None
        routed = _PREFIX + name[len("autograd"):]
        if routed not in sys.modules and importlib.util.find_spec(routed) is None:
            raise ImportError(f"s2sgrad.compat has no {{routed}} (for {{name}})")
        return importlib.util.spec_from_loader(name, _Alias(routed))


for _name in [n for n in sys.modules if n == "autograd" or n.startswith("autograd.")]:
    del sys.modules[_name]
sys.meta_path.insert(0, _Route())


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    def stop(signum, frame):
        raise TimeoutError("the test ran past {timeout} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm({timeout})
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
'''


def _outcomes(xml_path: pathlib.Path):
    """(file, test name, outcome, failure class) for every test case in a JUnit report."""
    rows = []
    for case in ET.parse(xml_path).getroot().iter("testcase"):
        classname = case.get("classname", "")
        parts = (classname or case.get("name", "")).split(".")
        file = (parts[1] if parts[0] == "tests" and len(parts) > 1 else parts[0]) + ".py"
        name = case.get("name", "")
        outcome, cls = "passed", None
        for tag in ("failure", "error", "skipped"):
            node = case.find(tag)
            if node is not None:
                outcome = {"failure": "failed", "error": "error", "skipped": "skipped"}[tag]
                cls = _failure_class(node.get("message") or "", node.text or "")
                break
        if not classname:  # the file failed to import: pytest reports it as one error
            outcome, name = "collection", "<import>"
        rows.append((file, name, outcome, cls))
    return rows


def _failure_class(message: str, text: str) -> str:
    line = message.strip().splitlines()[0] if message.strip() else ""
    if not line or line == "collection failure":  # the import error is the last E line
        tail = [t[1:].strip() for t in text.splitlines() if t.startswith("E ")]
        line = "import: " + (tail[-1] if tail else "?")
    line = re.sub(r"0x[0-9a-f]+", "0x_", line)
    line = re.sub(r"\d+(\.\d+)?", "N", line)
    return line[:160]


def _collected_by_autograd(test_dir: pathlib.Path, files) -> dict[str, int]:
    """How many tests pytest collects per file with autograd itself (empty without it)."""
    try:
        import autograd  # noqa: F401
    except ImportError:
        return {}
    out = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "--co", "-p", "no:cacheprovider", *files],
        cwd=test_dir,
        capture_output=True,
        text=True,
    )
    counts: collections.Counter = collections.Counter()
    for line in out.stdout.splitlines():
        if "::" in line:
            counts[line.split("::")[0]] += 1
    return dict(counts)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tests", type=pathlib.Path, help="autograd's tests/ folder")
    parser.add_argument("--files", nargs="*", help="test files to run (default: all test_*.py)")
    parser.add_argument("--json", type=pathlib.Path, help="write every outcome here")
    parser.add_argument("--show", type=int, default=4, help="test names shown per class")
    parser.add_argument("-k", help="pytest -k expression")
    parser.add_argument("--timeout", type=int, default=60, help="seconds a test may run")
    args = parser.parse_args(argv)

    source = args.tests.resolve()
    files = args.files or sorted(p.name for p in source.glob("test_*.py"))
    reference = _collected_by_autograd(source, files)
    with tempfile.TemporaryDirectory(prefix="agsuite_") as tmp:
        tmp = pathlib.Path(tmp)
        shutil.copytree(source, tmp / "tests")
        (tmp / "conftest.py").write_text(SHIM.format(root=str(ROOT), timeout=args.timeout))
        report = tmp / "report.xml"
        cmd = [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--rootdir",
            str(tmp),
            "--continue-on-collection-errors",
            f"--junitxml={report}",
            "-o",
            "junit_family=xunit1",
            *[f"tests/{f}" for f in files],
        ]
        if args.k:
            cmd += ["-k", args.k]
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        subprocess.run(cmd, cwd=tmp, env=env, capture_output=True, text=True)
        rows = _outcomes(report) if report.exists() else []

    per_file: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for file, _, outcome, _ in rows:
        if outcome == "collection":  # every test of the file counts as an error
            per_file[file]["error"] += reference.get(file, 1)
        else:
            per_file[file][outcome] += 1
    print(
        f"{'file':28s} {'autograd':>8s} {'passed':>7s} {'failed':>7s} {'error':>6s} {'skipped':>7s}"
    )
    totals = {"main": collections.Counter(), "complex/fft": collections.Counter()}
    for file in files:
        c = per_file.get(file, collections.Counter())
        ref = reference.get(file, "")
        print(
            f"{file:28s} {ref!s:>8s} {c['passed']:7d} {c['failed']:7d} {c['error']:6d} "
            f"{c['skipped']:7d}"
        )
        group = "complex/fft" if file in COMPLEX_FFT else "main"
        totals[group].update(c)
        totals[group]["autograd"] += ref if isinstance(ref, int) else 0
    for group, c in totals.items():
        print(
            f"{'TOTAL ' + group:28s} {c['autograd']:8d} {c['passed']:7d} {c['failed']:7d} "
            f"{c['error']:6d} {c['skipped']:7d}"
        )

    classes: dict[str, list[str]] = collections.defaultdict(list)
    for file, name, outcome, cls in rows:
        if outcome in ("failed", "error", "collection"):
            classes[cls].append(f"{file}::{name}")
    print("\nfailure classes (count, class, examples):")
    for cls, names in sorted(classes.items(), key=lambda kv: -len(kv[1])):
        print(f"{len(names):4d}  {cls}")
        for n in names[: args.show]:
            print(f"        {n}")
    if args.json:
        args.json.write_text(
            json.dumps(
                [{"file": f, "test": n, "outcome": o, "class": c} for f, n, o, c in rows], indent=1
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
