"""Idioms of session 26's programs that stayed blocked (tests/programs/s26_*.py in
tests/test_programs.py's BLOCKED), each as a class of variants: every program is written
once for autograd and loaded twice, with ``autograd`` and with ``s2sgrad.compat.autograd``
in its imports, and checked against autograd and central finite differences in every
mode (reverse, forward, the Hessian).

- a namedtuple class made inside the differentiated function (s2sgrad/normalize/local_trees.py)
"""

import importlib.util
import textwrap

import numpy as np
import pytest
from gradcheck import check_all_modes, check_rejected

import s2sgrad.compat.autograd as compat

autograd = pytest.importorskip("autograd")

X = [0.31, -0.57, 0.73, 0.12]


def _load(tmp_path, source, prefix, tag):
    text = f"import {prefix}.numpy as np\n" + textwrap.dedent(source)
    path = tmp_path / f"s26b_{tag}_{prefix.replace('.', '_')}.py"
    path.write_text(text)
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def check_program(tmp_path, source, tag, x=X, hess=True):
    """``f`` of ``source`` with s2sgrad's imports against the same program with autograd's
    (which must run), and every mode against finite differences."""
    ours = _load(tmp_path, source, "s2sgrad.compat.autograd", tag)
    theirs = _load(tmp_path, source, "autograd", tag)
    x = np.array(x)
    expected = autograd.grad(theirs.f)(x.copy())
    np.testing.assert_allclose(compat.grad(ours.f)(x.copy()), expected, rtol=1e-9, atol=1e-12)
    direction = 0.3 + 0.2 * np.arange(x.size)
    _, jvp = autograd.make_jvp(theirs.f)(x.copy())(direction)
    _, ours_jvp = compat.make_jvp(ours.f)(x.copy())(direction)
    np.testing.assert_allclose(ours_jvp, jvp, rtol=1e-9, atol=1e-12)
    check_all_modes(ours.f, x, hess=hess, oracle=False)
    return ours


NAMEDTUPLES = {
    # the class bound to a local, called with positions
    "local_class": """
        from collections import namedtuple

        def f(x):
            Gaussian = namedtuple("Gaussian", ["mean", "log_std"])
            q = Gaussian(x[:2], x[2:])
            return np.sum(q.mean * np.exp(q.log_std)) + np.sum(q.log_std**2)
    """,
    # namedtuple(...)(...) called at once, the fields in one string
    "called_at_once": """
        import collections

        def f(x):
            q = collections.namedtuple("Pair", "a b")(np.sin(x[:2]), x[2:] ** 2)
            return np.sum(q.a * q.b) + q.a[0] * q.b[1]
    """,
    # keywords, a default field, and the object passed to a helper that reads its fields
    "keywords_defaults_helper": """
        from collections import namedtuple

        def energy(p):
            return np.sum(p.w**2 * p.scale) + np.sum(np.tanh(p.w))

        def f(x):
            Params = namedtuple("Params", "w, scale", defaults=(2.0,))
            p = Params(w=x * 1.5)
            q = Params(x[::-1], scale=x[0])
            return energy(p) + energy(q)
    """,
    # typing.NamedTuple's functional form, unpacked and indexed like a tuple
    "typing_functional": """
        from typing import NamedTuple

        def f(x):
            Layer = NamedTuple("Layer", [("W", np.ndarray), ("b", float)])
            layer = Layer(np.outer(x, x), x[1])
            W, b = layer
            return np.sum(np.tanh(W @ x + layer.b)) + b * layer[0][0, 1]
    """,
    # a list of objects made in a loop, read in a comprehension
    "made_in_a_loop": """
        from collections import namedtuple

        def f(x):
            Point = namedtuple("Point", ["u", "v"])
            points = [Point(x[i], x[i + 1]) for i in range(3)]
            return sum(p.u * np.exp(p.v) for p in points)
    """,
    # _replace of an object of the local class
    "replace": """
        from collections import namedtuple

        def f(x):
            State = namedtuple("State", ["pos", "vel"])
            s = State(x[:2], x[2:])
            for _ in range(3):
                s = s._replace(pos=s.pos + 0.1 * s.vel, vel=s.vel - 0.1 * np.sin(s.pos))
            return np.sum(s.pos**2) + np.sum(s.vel)
    """,
}


@pytest.mark.parametrize("tag", sorted(NAMEDTUPLES))
def test_a_namedtuple_class_made_in_the_function(tag, tmp_path):
    # was: "the attribute .mean of a differentiated value cannot be differentiated"
    check_program(tmp_path, NAMEDTUPLES[tag], tag)


def test_a_namedtuple_class_of_the_module_made_by_typing(tmp_path):
    source = """
        from typing import NamedTuple

        class Gaussian(NamedTuple):
            mean: np.ndarray
            log_std: np.ndarray

        def f(x):
            q = Gaussian(x[:2], x[2:])
            return np.sum(q.mean**2 * np.exp(q.log_std))
    """
    check_program(tmp_path, source, "typing_module")


FIELDS = ["mean", "log_std"]


def test_a_namedtuple_class_of_fields_not_written_out_is_refused():
    from collections import namedtuple

    def f(x):
        Gaussian = namedtuple("Gaussian", FIELDS)  # not a literal: not made when transforming
        q = Gaussian(x[:2], x[2:])
        return np.sum(q.mean * np.exp(q.log_std))

    check_rejected(f, X, "the attribute .mean of a differentiated value")
