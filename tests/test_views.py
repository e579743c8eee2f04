"""Views of an array and in-place changes: every entry of :data:`s2sgrad.aliasing.VIEWS`
makes a value that sees a later change of its argument, so the change is an error at the
user's line (a silent wrong gradient before the table held rot90, rollaxis,
matrix_transpose, broadcast_arrays, diag, ...)."""

import hashlib
import importlib.util
import inspect
import itertools
import sys
import tempfile
import textwrap
import warnings
from pathlib import Path

import numpy as np
import pytest

import s2sgrad
from s2sgrad import aliasing, rules
from s2sgrad.errors import TransformError, UnsupportedSyntaxError

# a call of each entry making a view of ``a`` (a 3 x 3 float array; ``c`` a complex one)
CALLS = {
    "np.reshape": "np.reshape(a, (9,))",
    "np.transpose": "np.transpose(a)",
    "np.matrix_transpose": "np.matrix_transpose(a)",
    "np.linalg.matrix_transpose": "np.linalg.matrix_transpose(a)",
    "np.ravel": "np.ravel(a)",
    "np.squeeze": "np.squeeze(a[None])",
    "np.expand_dims": "np.expand_dims(a, 0)",
    "np.swapaxes": "np.swapaxes(a, 0, 1)",
    "np.moveaxis": "np.moveaxis(a, 0, 1)",
    "np.rollaxis": "np.rollaxis(a, 1)",
    "np.rot90": "np.rot90(a)",
    "np.flip": "np.flip(a)",
    "np.fliplr": "np.fliplr(a)",
    "np.flipud": "np.flipud(a)",
    "np.broadcast_to": "np.broadcast_to(a, (2, 3, 3))",
    "np.broadcast_arrays": "np.broadcast_arrays(a, a)[0]",
    "np.diagonal": "np.diagonal(a)",
    "np.linalg.diagonal": "np.linalg.diagonal(a)",
    "np.lib.stride_tricks.sliding_window_view": "np.lib.stride_tricks.sliding_window_view(a, 2, 0)",
    "np.diag": "np.diag(a)",
    "np.real": "np.real(c)",
    "np.imag": "np.imag(c)",
    "np.real_if_close": "np.real_if_close(a)",
    "np.atleast_1d": "np.atleast_1d(a)",
    "np.atleast_2d": "np.atleast_2d(a)",
    "np.atleast_3d": "np.atleast_3d(a)",
    "np.asarray": "np.asarray(a)",
    "np.ascontiguousarray": "np.ascontiguousarray(a)",
    "np.asanyarray": "np.asanyarray(a)",
    "np.asfortranarray": "np.asfortranarray(a.T)",
    "np.float64": "np.float64(a)",
    "np.nan_to_num": "np.nan_to_num(a, copy=False)",
    "np.diff": "np.diff(a, 0)",
    "np.linalg.matrix_power": "np.linalg.matrix_power(a, 1)",
    "np.einsum": "np.einsum('ij->ji', a)",
    "array_view": "a.view()",
    "array_conj": "a.conj()",
    "np.meshgrid": "np.meshgrid(a[0], a[1], copy=False)[0]",
    "np.split": "np.split(a, 3)[0]",
    "np.array_split": "np.array_split(a, 3)[0]",
    "np.hsplit": "np.hsplit(a, 3)[0]",
    "np.vsplit": "np.vsplit(a, 3)[0]",
    "np.dsplit": "np.dsplit(a[..., None], 1)[0]",
    # lowered forms: d.get(k) and obj.field are the item and the field themselves
    "dict_get": '{"k": a}.get("k")',
    "tree_field": "Holder(a).w",
    "stop_gradient": "s2sgrad.stop_gradient(a)",  # a itself
}

# the same views written as methods, attributes and slices
WRITTEN = [
    "a.reshape(9)",
    "a.T",
    "a.transpose()",
    "a.ravel()",
    "a.swapaxes(0, 1)",
    "a.diagonal()",
    "c.real",
    "c.imag",
    "a.conjugate()",
    "a[1:]",
    "a[:, 0]",
    "a[...]",
]


# an object holding an array as a field (for obj.field, lowered to tree_field)
_HOLDER = """
    class Holder:
        def __init__(self, w):
            self.w = w
    """


def _program(view, change):
    source = f"""
    import numpy as np
    import s2sgrad
    def f(x):
        a = np.outer(x, x) * 1.0
        c = a * (1.0 + 2.0j)
        v = {view}
        {change}
        return np.sum(np.abs(v * v)) + np.sum(np.abs(a)) + np.sum(np.abs(c))
    """
    return _load(source + _HOLDER)


_DIR = Path(tempfile.mkdtemp(prefix="s2sgrad_views_"))


def _load(source):
    """The function ``f`` of ``source``, written to a file (s2sgrad reads its source)."""
    source = textwrap.dedent(source)
    path = _DIR / f"views_{hashlib.sha1(source.encode()).hexdigest()[:12]}.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module  # Holder's source is found through its module
    spec.loader.exec_module(module)
    return module.f


X = np.array([0.3, -0.7, 1.1])


def _check(view, change):
    f = _program(view, change)
    f(X)  # the program runs as written
    with pytest.raises(UnsupportedSyntaxError) as info:
        s2sgrad.grad(f)(X)
    # the line making the alias or the line of the change, in the user's file
    assert ":7:" in str(info.value) or ":8:" in str(info.value), str(info.value)


def test_table_is_the_tested_entries():
    assert set(CALLS) == set(aliasing.VIEWS)


@pytest.mark.parametrize("path", sorted(CALLS))
def test_view_then_change_of_its_argument(path):
    """A later change of the argument would be seen through the view: an error (the
    gradient was silently wrong for an entry missing from the table)."""
    base = "c" if path in ("np.real", "np.imag") else "a"
    _check(CALLS[path], f"{base}[0] += x[0]")


@pytest.mark.parametrize("view", WRITTEN)
def test_written_view_then_change(view):
    _check(view, f"{view[0]}[0] += x[0]")


@pytest.mark.parametrize("path", sorted(CALLS))
def test_change_of_the_view(path):
    """A change of the view would be seen through its argument: an error."""
    source = f"""
    import numpy as np
    import s2sgrad
    def f(x):
        a = np.outer(x, x) * 1.0
        c = a * (1.0 + 2.0j)
        v = {CALLS[path]}
        v[0] += x[0]
        return np.sum(np.abs(a)) + np.sum(np.abs(c))
    """
    g = _load(source + _HOLDER)
    try:
        g(X)
    except ValueError:
        return  # a read-only view (diagonal, broadcast_to): the program itself fails
    with pytest.raises(UnsupportedSyntaxError) as info:
        s2sgrad.grad(g)(X)
    assert ":7:" in str(info.value) or ":8:" in str(info.value), str(info.value)


def _registered_numpy_views():
    """The registered NumPy and SciPy functions that return (a container of) a view of an
    array argument, found by calling each with a few common extra arguments, on a matrix,
    a vector and a complex matrix (and after a subscripts string, as einsum takes)."""
    found = set()
    extras = [(), (0,), (1,), (0, 1), ((9,),), ((1, 3, 3),), ((3,),), (-1,)]
    bases = [
        lambda: np.arange(9.0).reshape(3, 3) + 1.0,
        lambda: np.arange(3.0) + 1.0,
        lambda: (np.arange(9.0).reshape(3, 3) + 1.0) * (1.0 + 2.0j),
    ]
    for prim in rules.all_primitives():
        if (
            not prim.path.startswith(("np.", "scipy."))
            or "random" in prim.path
            or not callable(prim.fn)
        ):
            continue
        try:
            names = list(inspect.signature(prim.fn).parameters)
        except (TypeError, ValueError):
            names = []
        for base, extra, lead in itertools.product(bases, extras, [(), ("ij->ji",), ("i",)]):
            if any(n.startswith("overwrite_") for n in names[len(lead) + 1 :][: len(extra)]):
                continue  # overwrite_a=True: refused (tests/test_scipy_rules.py)
            a = base()
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    result = prim.fn(*lead, a, *extra)
            except Exception:
                continue
            outs = result if isinstance(result, (tuple, list)) else [result]
            if any(isinstance(o, np.ndarray) and np.shares_memory(o, a) for o in outs):
                found.add(prim.path)
                break
    return found


def test_every_registered_view_is_in_the_table():
    assert _registered_numpy_views() <= aliasing.VIEWS


@pytest.mark.parametrize("call", ["a.view(np.complex128)", "np.require(a)"])
def test_views_without_rules_are_errors(call):
    f = _program(call, "a[0] += x[0]")
    with pytest.raises(TransformError):
        s2sgrad.grad(f)(X)


@pytest.mark.parametrize(
    "call",
    ["np.diff(a)", "np.diff(a, 2)", "np.linalg.matrix_power(a, 2)", "np.nan_to_num(a)"],
)
def test_new_arrays_of_conditional_entries_may_change(call):
    """np.diff(a, 0) is a, np.diff(a) a new array: changing a afterwards is allowed."""
    source = f"""
    import numpy as np
    import s2sgrad
    def f(x):
        a = np.outer(x, x) * 1.0
        c = a * 1.0
        v = {call}
        a[0] += x[1]
        return np.sum(v * v) + np.sum(a * c)
    """
    f = _load(source)
    eps = 1e-6
    fd = [(f(X + eps * e) - f(X - eps * e)) / (2 * eps) for e in np.eye(3)]
    np.testing.assert_allclose(s2sgrad.grad(f)(X), fd, rtol=1e-5, atol=1e-6)
