"""Reading the derivative: deterministic source, line comments, Jupyter display."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import s2sgrad
from s2sgrad import highlight

MODULE = """\
import numpy as np


def layer(x, w):
    return np.tanh(x @ w)


def net(x, w1, w2):
    h = layer(x, w1)
    y = h @ w2
    total = 0.0
    for i in range(3):
        if i % 2 == 0:
            total = total + np.sum(y * y)
        else:
            total = total - 0.5 * np.sum(np.exp(-y))
    return total / 3.0
"""

_count = [0]


@pytest.fixture
def mod(tmp_path, monkeypatch):
    import importlib

    _count[0] += 1
    name = f"emit_target_{os.getpid()}_{_count[0]}"
    (tmp_path / f"{name}.py").write_text(MODULE)
    monkeypatch.syspath_prepend(str(tmp_path))
    module = importlib.import_module(name)
    module.__test_dir__ = tmp_path
    return module


def _source_in_subprocess(mod, seed):
    code = textwrap.dedent(f"""
        import s2sgrad, {mod.__name__} as m
        import sys
        sys.stdout.write(s2sgrad.grad(m.net, argnums=(1, 2)).source)
        sys.stdout.write(s2sgrad.value_and_grad(m.layer, argnums=1).source)
    """)
    env = dict(os.environ, PYTHONPATH=str(mod.__test_dir__), PYTHONHASHSEED=str(seed))
    res = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert res.returncode == 0, res.stderr
    return res.stdout


def test_source_is_deterministic_across_processes(mod):
    a = _source_in_subprocess(mod, 0)
    b = _source_in_subprocess(mod, 12345)
    assert a == b
    here = (
        s2sgrad.grad(mod.net, argnums=(1, 2)).source
        + s2sgrad.value_and_grad(mod.layer, argnums=1).source
    )
    assert here == a
    assert not re.search(r"0x[0-9a-f]{6,}", a)


def test_line_comments_quote_the_source(mod):
    src = s2sgrad.grad(mod.net, argnums=(1, 2)).source
    lines = MODULE.splitlines()
    comments = re.findall(r"# line (\d+): (.*)", src)
    assert comments, src
    for number, text in comments:
        assert lines[int(number) - 1].strip() == text
    quoted = {text for _, text in comments}
    assert "h = layer(x, w1)" in quoted
    assert "y = h @ w2" in quoted
    assert "def layer_vjp" in src  # the callee is part of the source, with its own comments
    assert "return np.tanh(x @ w)" in quoted


def test_source_compiles(mod):
    src = s2sgrad.grad(mod.net, argnums=(1, 2)).source
    compile(src, "<derivative>", "exec")


def test_repr_markdown(mod):
    g = s2sgrad.grad(mod.net, argnums=(1, 2))
    md = g._repr_markdown_()
    assert "```python\n" + g.source + "```" in md


def test_repr_html(mod):
    g = s2sgrad.value_and_grad(mod.net, argnums=(1, 2))
    out = g._repr_html_()
    assert "<pre" in out and "</pre>" in out
    assert '<span style="color:' in out
    pre = re.search(r"<pre[^>]*>(.*)</pre>", out, re.S).group(1)
    assert html.unescape(re.sub(r"<[^>]+>", "", pre)) == g.source


def test_repr_of_a_function_that_cannot_be_differentiated():
    def bad(x):
        try:
            return np.sum(np.array([np.sin(v) for v in x]))
        except ValueError:
            return 0.0

    g = s2sgrad.grad(bad)
    assert "cannot show the derivative" in g._repr_markdown_()
    assert "a loop inside a try body" in g._repr_html_()


def test_print_source(mod, capsys):
    g = s2sgrad.grad(mod.layer, argnums=(0, 1))
    g.print_source(color=False)
    assert capsys.readouterr().out == g.source
    g.print_source(color=True)
    out = capsys.readouterr().out
    assert "\x1b[" in out and highlight.strip_ansi(out) == g.source
    g.print_source()  # capsys is not a terminal: plain text
    assert capsys.readouterr().out == g.source


@pytest.mark.parametrize(
    "text",
    [
        "def f(x):\n    return x  # c\n",
        "x = f'a{1}b' + \"q\" + 0x1F\n",
        "def broken(:\n    '''unterminated\n",
        "",
        "a = 1\\\n    + 2",
    ],
)
def test_highlighter_round_trips(text):
    assert "".join(t for t, _ in highlight.spans(text)) == text
    assert highlight.strip_ansi(highlight.ansi(text)) == text
    pre = re.search(r"<pre[^>]*>(.*)</pre>", highlight.html(text), re.S).group(1)
    assert html.unescape(re.sub(r"<[^>]+>", "", pre)) == text


def test_highlighter_categories():
    kinds = dict(
        (t, k) for t, k in highlight.spans("def f(x):\n    return len(x) + 1.5  # n\n") if k
    )
    assert kinds["def"] == "keyword" and kinds["f"] == "defname"
    assert kinds["len"] == "builtin" and kinds["1.5"] == "number"
    assert kinds["# n"] == "comment"
