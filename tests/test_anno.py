"""Node metadata goes through s2sgrad.anno: a missing key fails loudly, an unknown key too."""

import gast
import numpy as np
import pytest

from s2sgrad import anno
from s2sgrad.normalize import normalize
from s2sgrad.parsing import parse_function


def test_set_get_has():
    node = gast.Name(id="x", ctx=gast.Load(), annotation=None, type_comment=None)
    assert not anno.has(node, "fn")
    anno.set(node, "fn", np.tanh)
    assert anno.has(node, "fn") and anno.get(node, "fn") is np.tanh


def test_a_missing_annotation_raises_unless_a_default_is_given():
    node = gast.Constant(value=1.0, kind=None)
    with pytest.raises(anno.MissingAnnotation, match="Constant node has no 'loop'"):
        anno.get(node, "loop")
    assert anno.get(node, "loop", None) is None
    assert anno.get(node, "inplace", False) is False


@pytest.mark.parametrize(
    "call",
    [lambda n: anno.get(n, "fnn"), lambda n: anno.set(n, "s2s_fn", 1), lambda n: anno.has(n, "")],
)
def test_an_unknown_key_is_an_error(call):
    with pytest.raises(KeyError, match="unknown node annotation"):
        call(gast.Constant(value=1.0, kind=None))


def test_every_key_is_documented():
    assert all(isinstance(v, str) and v for v in anno.KEYS.values())


def _appends(x):
    ys = []
    for v in x:
        ys.append(np.sin(v))
    return ys[0] + ys.pop()


def test_normalize_annotates_calls_appends_and_pops():
    node, info = parse_function(_appends)
    nf = normalize(node, info)
    nodes = list(gast.walk(gast.Module(body=nf.body, type_ignores=[])))
    calls = [n for n in nodes if isinstance(n, gast.Call)]
    assert np.sin in {anno.get(c, "fn", None) for c in calls}
    appends = [n for n in nodes if isinstance(n, gast.Expr) and anno.has(n, "append")]
    assert [anno.get(a, "append")[0] for a in appends] == ["ys"]
    assert any(anno.get(c, "pop", None) == "ys" for c in calls)


def test_no_module_sets_or_reads_node_metadata_around_anno():
    """Node metadata goes through anno only: no ``node.s2s_x`` or ``getattr(n, "s2s_x")``
    outside anno.py (kernel names such as ``s2s_max`` in C source strings are not metadata)."""
    import pathlib
    import re

    root = pathlib.Path(anno.__file__).parent
    raw = re.compile(r"\.s2s_[a-z]|(get|set|has)attr\([^)]*[\"']s2s_")
    found = [
        f"{p.relative_to(root)}:{i}: {line.strip()}"
        for p in sorted(root.rglob("*.py"))
        if p.name != "anno.py"
        for i, line in enumerate(p.read_text().splitlines(), 1)
        if raw.search(line)
    ]
    assert not found, "raw s2s_ node attributes (use anno.get/anno.set):\n" + "\n".join(found)
    assert raw.search("x = node.s2s_fn") and raw.search('getattr(node, "s2s_spec", ())')


@pytest.mark.parametrize("key", ["written", "consumed", "read_at_once", "listed"])
def test_the_normalize_keys_are_declared(key):
    node = gast.Name(id="x", ctx=gast.Load())
    anno.set(node, key, True)
    assert anno.get(node, key) is True and anno.has(node, key)
