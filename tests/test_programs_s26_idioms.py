"""Idioms of session 26's programs that stayed blocked (tests/programs/s26_*.py in
tests/test_programs.py's BLOCKED), each as a class of variants: every program is written
once for autograd and loaded twice, with ``autograd`` and with ``s2sgrad.compat.autograd``
in its imports, and checked against autograd and central finite differences in every
mode (reverse, forward, the Hessian).

- a namedtuple class made inside the differentiated function (s2sgrad/normalize/local_trees.py)
- a dict iterated directly where its kind is not known when transforming (``for k in
  self.shapes``: runtime.loop_items, the keys of a dict, any other sequence itself)
- a recursive local def changing a dict or list of its function (a memo: normalize.changes)
"""

import importlib.util
import re
import textwrap

import numpy as np
import pytest
from gradcheck import check_all_modes, check_rejected

import s2sgrad.compat.autograd as compat

autograd = pytest.importorskip("autograd")

X = [0.31, -0.57, 0.73, 0.12]


def _load(tmp_path, source, prefix, tag):
    text = "import autograd.numpy as np\n" + textwrap.dedent(source)
    text = re.sub(r"^(\s*)(from|import) autograd\b", rf"\1\2 {prefix}", text, flags=re.M)
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


DICT_LOOPS = {
    # the program's idiom: a dict attribute of a module-level object, in a comprehension
    "attribute_comprehension": """
        class Parser:
            def __init__(self):
                self.shapes = {}
                self.size = 0

            def add(self, name, n):
                self.shapes[name] = slice(self.size, self.size + n)
                self.size += n

            def unpack(self, v):
                return {name: v[self.shapes[name]] for name in self.shapes}

        PARSER = Parser()
        PARSER.add("w", 3)
        PARSER.add("b", 1)

        def f(x):
            p = PARSER.unpack(x)
            return np.sum(np.tanh(p["w"] * 2.0 + p["b"]) ** 2)
    """,
    # a loop statement over an attribute, with enumerate and zip of it
    "attribute_enumerate_zip": """
        class Weights:
            def __init__(self):
                self.scales = {"a": 0.5, "b": -1.5, "c": 2.0}

            def total(self, x):
                s = 0.0
                for i, k in enumerate(self.scales):
                    s = s + self.scales[k] * x[i] ** 2
                for k, v in zip(self.scales, x[::-1]):
                    s = s + np.sin(v) * len(k)
                return s

        W = Weights()

        def f(x):
            return W.total(x)
    """,
    # a closure variable of a local def
    "closure": """
        def f(x):
            index = {"first": 0, "last": 3}

            def picked():
                return sum(x[index[k]] ** 3 for k in index)

            return picked() + x[1] * x[2]
    """,
    # a helper's argument given a global dict, and a default argument holding one
    "argument_global": """
        COEFS = {0: 1.5, 2: -0.5}

        def weighted(x, coefs):
            s = 0.0
            for i in coefs:
                s = s + coefs[i] * np.exp(x[i])
            return s

        def f(x, table=COEFS):
            return weighted(x, COEFS) + sum(table[i] * x[i + 1] ** 2 for i in table)
    """,
    # a dict of differentiated values a helper returns, iterated by another helper
    "differentiated_values": """
        def unpack(x):
            return {"w": x[:2], "b": x[2:]}

        def penalty(params):
            s = 0.0
            for name in params:
                s = s + np.sum(params[name] ** 2)
            return s

        def f(x):
            params = unpack(x)
            return penalty(params) + np.sum(params["w"]) * np.sum(params["b"])
    """,
    # an item of a dict, itself a dict of differentiated values
    "item_of_a_dict": """
        def inner_norm(p):
            s = 0.0
            for k in p["inner"]:
                s = s + np.sum(p["inner"][k] ** 2) * p["scale"]
            return s

        def f(x):
            return inner_norm({"inner": {"a": x[:2], "b": np.sin(x[2:])}, "scale": x[0]})
    """,
    # the same method over a dict attribute and over a list attribute
    "dict_and_list": """
        class Picker:
            def __init__(self, keys):
                self.keys = keys

            def pick(self, x):
                return sum(np.sin(x[k]) * x[k] for k in self.keys)

        BY_DICT = Picker({1: "one", 3: "three"})
        BY_LIST = Picker([0, 2, 2])

        def f(x):
            return BY_DICT.pick(x) + BY_LIST.pick(x) ** 2
    """,
}


@pytest.mark.parametrize("tag", sorted(DICT_LOOPS))
def test_a_dict_iterated_directly_where_its_kind_is_not_known(tag, tmp_path):
    # was: "a for loop over a dict that s2sgrad could not tell was a dict when transforming"
    check_program(tmp_path, DICT_LOOPS[tag], tag)


RECURSIONS = {
    # the program's soft-DTW: three recursive calls in one list display
    "soft_dtw": """
        from autograd.scipy.special import logsumexp

        def f(x):
            y = np.array([0.2, -0.1, 0.4])
            memo = {}

            def R(i, j):
                if (i, j) in memo:
                    return memo[(i, j)]
                if i == 0 and j == 0:
                    value = 0.0
                elif i == 0 or j == 0:
                    value = 1e6
                else:
                    cost = (x[i - 1] - y[j - 1]) ** 2
                    prev = np.array([R(i - 1, j), R(i, j - 1), R(i - 1, j - 1)])
                    value = cost - 0.5 * logsumexp(-prev / 0.5)
                memo[(i, j)] = value
                return value

            return R(len(x), len(y))
    """,
    # a memo keyed by an int, filled under `if n not in memo`, the call in an item write
    "fill_if_missing": """
        def f(x):
            memo = {}

            def F(n):
                if n not in memo:
                    if n < 2:
                        memo[n] = x[n]
                    else:
                        memo[n] = np.sin(F(n - 1)) * x[2] + F(n - 2) * x[3]
                return memo[n]

            return F(4)
    """,
    # two recursive calls in one arithmetic expression, and an early return of a base case
    "two_calls_one_line": """
        def f(x):
            cache = {}

            def paths(i, j):
                if i == 0 or j == 0:
                    return x[0] ** 2
                key = (i, j)
                if key in cache:
                    return cache[key]
                total = np.tanh(paths(i - 1, j)) + x[j] * paths(i, j - 1)
                cache[key] = total
                return total

            return paths(2, 2) + np.sum(x)
    """,
    # recursion appending to a list of the function, read after the call
    "list_accumulator": """
        def f(x):
            trace = []

            def descend(h, depth):
                trace.append(h)
                if depth > 0:
                    descend(np.tanh(x[1:] * h + x[0]), depth - 1)

            descend(x[1:], 3)
            return sum(np.sum(t**2) for t in trace)
    """,
}


@pytest.mark.parametrize("tag", sorted(RECURSIONS))
def test_a_recursive_local_def_changing_a_dict_or_list_of_its_function(tag, tmp_path):
    # was: "R() changes the variable 'memo' of soft_dtw(); s2sgrad follows that only where
    # soft_dtw() or another local def of it changing that variable too calls it"
    # the Hessian of a memo's recursion takes seconds (its forward-over-reverse is made
    # again at each call): checked for the list, by finite differences
    check_program(tmp_path, RECURSIONS[tag], tag, hess=tag == "list_accumulator")
