"""The README's blocks that quote the examples or show s2sgrad's output, made afresh.

    .venv/bin/python tests/readme_blocks.py          # rewrite those blocks of README.md
    .venv/bin/python tests/readme_blocks.py --check  # exit 1, naming them, if any is stale

Run it after changing (or reformatting: `ruff format` turns ``err ** 2`` into ``err**2``)
``examples/mlp.py``, ``examples/rnn.py`` or ``examples/quickstart.py``, or the code
generator. ``tests/test_readme.py`` fails while a block differs from what this writes.
Each block is the text between an anchor (the block's first line, or the shell command
whose output it shows) and the closing fence. Needs Python 3.11 or later: 3.10's
``ast.unparse`` writes tuple targets in parentheses.
"""

from __future__ import annotations

import argparse
import inspect
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README_PATH = ROOT / "README.md"


def _cli(*args: str, cwd: Path = ROOT) -> str:
    done = subprocess.run(
        [sys.executable, *args], cwd=cwd, capture_output=True, text=True, check=True, timeout=300
    )
    return done.stdout


def _module_line(path: Path, name: str) -> str:
    """The line ``name = value`` of a module, without its trailing comment."""
    line = next(li for li in path.read_text().splitlines() if li.startswith(f"{name} ="))
    return line.split("  #", 1)[0].rstrip()


# (anchor, whether the anchor is the block's first line or the line before the block)
ANCHORS = [
    ("DECAY = ", True),  # examples/mlp.py, quoted
    ("def loss_grad(x, w1, w2", True),  # python -m s2sgrad show ...
    ("def rnn_loss(W, xs):", True),  # examples/rnn.py, quoted
    ("def rnn_loss_grad(W, xs", True),  # grad(rnn_loss).source_for
    ("$ head -15 mlp_grad.py\n", False),  # python -m s2sgrad compile ...
    ("def grad_loss(x, w1, w2", True),  # ... and the module's last def
    ("$ .venv/bin/python examples/quickstart.py\n", False),  # its output up to the weights
]


def blocks() -> list[str]:
    """The text of each block of ``ANCHORS``, made now."""
    import numpy as np

    import s2sgrad

    sys.path.insert(0, str(ROOT))
    try:
        from examples import mlp, rnn
    finally:
        sys.path.remove(str(ROOT))
    mlp_source = "\n\n".join(
        [
            _module_line(ROOT / "examples" / "mlp.py", "DECAY"),
            inspect.getsource(mlp.layer).rstrip(),
            inspect.getsource(mlp.loss).rstrip(),
        ]
    )
    shown = _cli(
        "-m", "s2sgrad", "show", "examples.mlp:loss", "--argnums", "1,2", "--color", "never"
    )
    rng = np.random.default_rng(0)
    W, xs = rng.normal(size=(4, 4)) * 0.5, rng.normal(size=(6, 4))
    with tempfile.TemporaryDirectory() as tmp:
        _cli(
            "-m",
            "s2sgrad",
            "compile",
            "examples.mlp:loss",
            "--argnums",
            "1,2",
            "-o",
            str(Path(tmp) / "mlp_grad.py"),
        )
        emitted = (Path(tmp) / "mlp_grad.py").read_text()
    head = "".join(emitted.splitlines(keepends=True)[:15])
    start = emitted.index("def grad_loss(")
    grad_loss = emitted[start : emitted.index("\n\n\n", start)]
    quickstart = _cli(str(ROOT / "examples" / "quickstart.py"))
    progress = quickstart[: quickstart.index("\n", quickstart.index("\nweights ") + 1) + 1]
    made = [
        mlp_source,
        shown,
        inspect.getsource(rnn.rnn_loss),
        s2sgrad.grad(rnn.rnn_loss).source_for(W, xs),
        head,
        grad_loss,
        progress,
    ]
    return [text.rstrip() + "\n" for text in made]


def _span(readme: str, anchor: str, anchor_in_block: bool) -> tuple[int, int]:
    assert readme.count(anchor) == 1, f"README.md has {anchor!r} {readme.count(anchor)} times"
    start = readme.index(anchor) + (0 if anchor_in_block else len(anchor))
    return start, readme.index("```", start)


def shown_and_made(readme: str) -> dict[str, tuple[str, str]]:
    """``{anchor: (text in the README, text made now)}`` for each block."""
    out = {}
    for (anchor, in_block), text in zip(ANCHORS, blocks(), strict=True):
        start, end = _span(readme, anchor, in_block)
        out[anchor] = (readme[start:end], text)
    return out


def rewrite(readme: str) -> str:
    for (anchor, in_block), text in zip(ANCHORS, blocks(), strict=True):
        start, end = _span(readme, anchor, in_block)
        readme = readme[:start] + text + readme[end:]
    return readme


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if a block differs from what would be written",
    )
    opts = p.parse_args(argv)
    if sys.version_info < (3, 11):
        print("run this with Python 3.11 or later (see the docstring)", file=sys.stderr)
        return 2
    old = README_PATH.read_text()
    if opts.check:
        stale = [a for a, (shown, made) in shown_and_made(old).items() if shown != made]
        for anchor in stale:
            print(f"README.md: the block at {anchor.strip()!r} is out of date")
        return 1 if stale else 0
    new = rewrite(old)
    README_PATH.write_text(new)
    print("README.md: " + ("blocks rewritten" if new != old else "already up to date"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
