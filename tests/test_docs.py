"""The Python blocks of every page in docs/ run as written, top to bottom, as one script."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "docs").glob("*.md"))


def test_there_is_a_docs_page():
    assert PAGES


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_python_blocks_run(page, tmp_path):
    blocks = re.findall(r"```python\n(.*?)```", page.read_text(), re.S)
    assert blocks, f"{page.name} has no Python block"
    script = tmp_path / f"{page.stem}_blocks.py"  # a file: s2sgrad reads functions' source
    script.write_text("\n\n".join(blocks))
    run = subprocess.run(
        [sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-4000:]


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_named_files_exist(page):
    """Every ``s2sgrad/...`` or ``tests/...`` path the page names exists."""
    text = page.read_text()
    for path in sorted(set(re.findall(r"`((?:s2sgrad|tests|benchmarks|examples)/[\w/.]+)`", text))):
        assert (ROOT / path).exists(), f"{page.name} names {path}, which does not exist"
