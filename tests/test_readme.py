"""Every command the README shows works as written in a fresh shell after its first two.

The first two commands create ``.venv``; every later command must therefore call
``.venv/bin/python`` (or ``.venv/bin/pip``), not a ``python`` that may not have s2sgrad.
Quick commands run in full; scripts that take longer (benchmarks, fuzz runs, training
examples with their own tests) are checked with ``--help`` so that their arguments parse.
"""

import functools
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import readme_blocks

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
FIRST_TWO = README.split("```bash", 1)[1].split("```", 1)[0].strip().splitlines()

# scripts run in full (fast); any other script is run with --help
RUN_IN_FULL = {"examples/quickstart.py", "examples/aot_deploy.py"}


def readme_commands() -> list[str]:
    found = []
    for block in re.findall(r"```(?:console|bash|sh)\n(.*?)```", README, re.S):
        for line in block.splitlines():
            if line.startswith("$ ") and re.match(r"(\.venv/bin/)?(python|pip)", line[2:]):
                found.append(line[2:].strip())
    prose = re.sub(r"```.*?```", "", README, flags=re.S)
    for span in re.findall(r"`([^`]+)`", prose):  # a span may wrap onto the next line
        span = " ".join(span.split())
        if re.match(r"(\.venv/bin/)?(python|pip)3? ", span):
            found.append(span)
    out = []
    for cmd in found:
        if cmd not in FIRST_TWO and cmd not in out:
            out.append(cmd)
    return out


COMMANDS = readme_commands()


def test_the_readme_starts_with_the_two_commands():
    assert FIRST_TWO == [
        "python -m venv .venv && .venv/bin/pip install -e . && .venv/bin/python "
        "examples/quickstart.py",
        'python -m venv .venv && .venv/bin/pip install -e ".[test]" && .venv/bin/python -m '
        "pytest -q",
    ]
    assert len(COMMANDS) >= 8


@pytest.mark.parametrize("cmd", COMMANDS)
def test_readme_command_works_as_written(cmd, tmp_path):
    assert cmd.startswith((".venv/bin/python ", ".venv/bin/pip ")), (
        f"{cmd!r} needs the venv of the first two commands: write .venv/bin/python ..."
    )
    argv = shlex.split(cmd)
    if argv[0] == ".venv/bin/pip":
        assert argv[1:3] == ["install", "-e"]
        extra = re.fullmatch(r"\.\[([\w,-]+)\]", argv[3]).group(1)
        section = (
            (ROOT / "pyproject.toml")
            .read_text()
            .split("[project.optional-dependencies]", 1)[1]
            .split("\n[", 1)[0]
        )
        extras = set(re.findall(r"^([\w-]+) = \[", section, re.M))
        assert set(extra.split(",")) <= set(extras), f"unknown extra in {cmd!r}"
        return
    argv[0] = sys.executable
    if argv[1:3] == ["-m", "pytest"]:  # the command running this test, or a part of it
        for path in argv[3:]:
            assert path.startswith("-") or (ROOT / path.split("::")[0]).exists(), (
                f"{cmd!r}: no such test file {path}"
            )
        return
    if argv[1] == "-m":
        if len(argv) <= 4:  # a command named in prose, without its arguments
            argv.append("--help")
        if "-o" in argv:  # write outputs into a temporary directory
            i = argv.index("-o") + 1
            argv[i] = str(tmp_path / argv[i])
    else:
        script = ROOT / argv[1]
        assert script.is_file(), f"{cmd!r}: no such file {argv[1]}"
        if argv[1] not in RUN_IN_FULL:
            assert "argparse" in script.read_text(), f"{argv[1]} does not take --help"
            argv = argv[:2] + ["--help"]
    env = dict(os.environ, MPLBACKEND="Agg")
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr


@functools.cache
def _shown_and_made():
    return readme_blocks.shown_and_made(README)


@pytest.mark.skipif(
    sys.version_info < (3, 11),
    reason="Python 3.10's ast.unparse writes tuple "
    "targets in parentheses; the README shows the output of 3.11 and later",
)
@pytest.mark.parametrize("anchor", [anchor for anchor, _ in readme_blocks.ANCHORS])
def test_the_blocks_shown_are_real_output(anchor):
    """Quoted example code, generated sources, the emitted module's head and last function,
    and the quickstart's output are what the examples and s2sgrad give now."""
    shown, made = _shown_and_made()[anchor]
    assert shown == made, (
        f"README.md's block at {anchor!r} is out of date: run "
        ".venv/bin/python tests/readme_blocks.py (Python 3.11 or later)"
    )


def test_every_linked_file_exists():
    for target in re.findall(r"\]\(([^)#:\s]+)(?:#[^)]*)?\)", README):
        assert (ROOT / target).exists(), f"README.md links to {target}, which does not exist"
