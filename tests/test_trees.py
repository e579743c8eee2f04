"""Dataclass and NamedTuple trees (issue 12): dataclass instances as differentiable
arguments whose gradients are of their type, and field reads at any depth
(``p.first.w``, ``p.layers[0].b``, ``for layer in p.layers: layer.W``), in the function
and in callees and methods. Each derivative is checked against central finite differences
and against autograd, which traces the same code with its boxes in the fields."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pytest
from gradcheck import _leaves, assert_tree_close, check_grads, numerical_grad

import s2sgrad
from s2sgrad.errors import GradientArgumentError, UnsupportedSyntaxError

RS = np.random.RandomState(12)
X = RS.randn(5, 3)
Y = RS.randn(5)


@dataclass
class Linear:
    w: np.ndarray
    b: float

    def predict(self, x):
        return np.dot(x, self.w) + self.b

    def penalty(self):
        return np.sum(self.w**2)


@dataclass(frozen=True)
class Kernel:
    log_ls: float
    log_sf: float
    log_sn: float


@dataclass(slots=True)
class Slotted:
    a: np.ndarray
    scale: float


class Layer(NamedTuple):
    W: np.ndarray
    b: np.ndarray


@dataclass
class Net:
    layers: list
    head: Linear
    extra: dict


class Pair(NamedTuple):
    first: Layer
    second: dict


@dataclass(frozen=True)
class Nested:
    inner: Kernel
    pair: Pair
    rest: tuple


def linear_loss(p, x, y):
    return np.mean((np.dot(x, p.w) + p.b - y) ** 2) + 0.1 * p.b**2


def method_loss(p, x, y):
    return np.sum(np.tanh(p.predict(x)) * y) + 0.5 * p.penalty()


def callee(p):
    return np.exp(p.log_sf) * np.exp(-0.5 / np.exp(2 * p.log_ls))


def kernel_loss(k):
    return callee(k) ** 2 + np.exp(k.log_sn) * k.log_ls


def slotted_loss(s):
    return np.sum(np.sin(s.a) * s.scale) + s.scale**3


def net_loss(net, x):
    h = x
    for layer in net.layers:
        h = np.tanh(np.dot(h, layer.W) + layer.b)
    out = np.dot(h, net.head.w) + net.head.b
    return np.sum(out**2) * net.extra["gain"] + np.sum(net.layers[0].b ** 2)


def nested_loss(q):
    first = q.pair.first
    h = np.tanh(np.dot(X, first.W) + first.b) * q.pair.second["s"]
    k = q.inner
    total = np.sum(h**2) * np.exp(k.log_sf) + q.inner.log_ls * q.rest[0].b[1]
    for layer in q.rest:
        total = total + np.sum(layer.W * layer.b)
    return total


def tuple_of_namedtuples(ps):
    a, b = ps
    return np.sum(np.dot(X, a.W) * b.b) + np.sum(ps[1].W ** 2) * ps[0].b[0]


def _layer(n, m):
    return Layer(RS.randn(n, m), RS.randn(m))


CASES = [
    (linear_loss, (Linear(RS.randn(3), 0.3), X, Y)),
    (method_loss, (Linear(RS.randn(3), -0.2), X, Y)),
    (kernel_loss, (Kernel(0.2, -0.1, 0.4),)),
    (slotted_loss, (Slotted(RS.randn(4), 0.7),)),
    (net_loss, (Net([_layer(3, 4), _layer(4, 2)], Linear(RS.randn(2), 0.1), {"gain": 1.3}), X)),
    (
        nested_loss,
        (
            Nested(
                Kernel(0.3, 0.2, 0.0), Pair(_layer(3, 2), {"s": 0.8}), (_layer(2, 2), _layer(2, 2))
            ),
        ),
    ),
    (tuple_of_namedtuples, ((_layer(3, 2), _layer(5, 2)),)),
]
IDS = [f.__name__ for f, _ in CASES]


def _same_types(a, b):
    """``a`` and ``b`` are trees of the same types, container by container."""
    assert type(a) is type(b), (type(a), type(b))
    if dataclasses.is_dataclass(a):
        for f in dataclasses.fields(a):
            _same_types(getattr(a, f.name), getattr(b, f.name))
    elif isinstance(a, dict):
        for k in a:
            _same_types(a[k], b[k])
    elif isinstance(a, (list, tuple)):
        for u, v in zip(a, b):
            _same_types(u, v)


def _flat(tree):
    return np.concatenate([np.ravel(leaf) for _, leaf in _leaves(tree)])


@pytest.mark.parametrize("f, args", CASES, ids=IDS)
def test_grad_and_value_and_grad(f, args):
    g = check_grads(f, *args, rtol=1e-5, atol=1e-7)[0]
    _same_types(g, args[0])
    value, g2 = s2sgrad.value_and_grad(f)(*args)
    assert value == pytest.approx(f(*args))
    assert_tree_close(g2, g)


@pytest.mark.parametrize("f, args", CASES, ids=IDS)
def test_jvp(f, args):
    from s2sgrad.basis import tree_map

    p = args[0]
    tangent = tree_map(lambda leaf: np.full(np.shape(leaf), 0.5) if np.ndim(leaf) else -0.7, p)
    value, t = s2sgrad.jvp(lambda q: f(q, *args[1:]), (p,), (tangent,))
    assert value == pytest.approx(f(*args))
    expected = _flat(numerical_grad(f, args, 0)) @ _flat(tangent)
    assert t == pytest.approx(float(expected), rel=1e-5, abs=1e-7)


@pytest.mark.parametrize("f, args", CASES[:4], ids=IDS[:4])
def test_hessian(f, args):
    p = args[0]
    h = s2sgrad.hessian(f)(*args)
    paths = [path for path, _ in _leaves(p)]
    assert type(h) is type(p) and type(_get(h, paths[0])) is type(p)  # by field, twice
    sizes = [np.size(leaf) for _, leaf in _leaves(p)]
    rows = [
        np.concatenate(
            [np.reshape(_get(_get(h, a), b), (n, m)) for b, m in zip(paths, sizes)], axis=1
        )
        for a, n in zip(paths, sizes)
    ]
    g = s2sgrad.grad(f)
    eps, flat = 1e-6, _flat(p)
    fd = []
    for i in range(flat.size):

        def at(step, i=i):
            v = flat.copy()
            v[i] += step
            return _flat(g(_unflat(p, v), *args[1:]))

        fd.append((at(eps) - at(-eps)) / (2 * eps))
    np.testing.assert_allclose(np.concatenate(rows), np.stack(fd, axis=1), rtol=1e-4, atol=1e-6)


def _get(tree, path):
    for k in path:
        tree = getattr(tree, k)
    return tree


def _unflat(p, v):
    from gradcheck import _replace

    start = 0
    for path, leaf in _leaves(p):
        n = np.size(leaf)
        part = v[start : start + n]
        p = _replace(p, path, np.reshape(part, np.shape(leaf)) if np.ndim(leaf) else float(part[0]))
        start += n
    return p


def test_hessian_of_a_frozen_dataclass_is_nested_by_field():
    k = Kernel(0.2, -0.1, 0.4)
    h = s2sgrad.hessian(kernel_loss)(k)
    assert type(h) is Kernel and type(h.log_ls) is Kernel
    g = s2sgrad.grad(kernel_loss)
    for name in ("log_ls", "log_sf", "log_sn"):
        expected = numerical_grad(lambda q, name=name: getattr(g(q), name), (k,), 0)
        assert_tree_close(getattr(h, name), expected, rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("f, args", CASES, ids=IDS)
def test_matches_autograd(f, args, monkeypatch):
    autograd = pytest.importorskip("autograd")
    anp = pytest.importorskip("autograd.numpy")
    ours = [leaf for _, leaf in _leaves(s2sgrad.grad(f)(*args))]
    monkeypatch.setitem(globals(), "np", anp)  # the same code, traced by autograd
    p = args[0]
    paths = [path for path, _ in _leaves(p)]
    from gradcheck import _replace

    def flat_f(leaves):
        q = p
        for path, leaf in zip(paths, leaves):
            q = _replace(q, path, leaf)
        return f(q, *args[1:])

    leaves = [leaf for _, leaf in _leaves(p)]
    expected = autograd.grad(flat_f)(leaves)
    assert len(ours) == len(expected)
    assert_tree_close(ours, list(expected), rtol=1e-10, atol=1e-12)


def test_several_dataclass_arguments_and_argnums():
    a, b = Linear(RS.randn(3), 0.3), Kernel(0.1, 0.2, 0.3)

    def f(p, k, x):
        return np.sum(np.tanh(np.dot(x, p.w) * np.exp(k.log_ls))) + p.b * k.log_sf

    ga, gb = check_grads(f, a, b, X, argnums=(0, 1), rtol=1e-5, atol=1e-7)
    assert type(ga) is Linear and type(gb) is Kernel
    _, named = s2sgrad.grad(f, argnums=0, argnames="k")(a, k=b, x=X)
    assert type(named["k"]) is Kernel
    assert named["k"].log_sf == pytest.approx(gb.log_sf)


def test_dataclass_inside_containers_and_post_init_not_rerun():
    calls = []

    @dataclass
    class Checked:
        v: np.ndarray

        def __post_init__(self):
            calls.append(1)
            assert np.all(np.asarray(self.v) > 0), "positive only"

    tree = {"c": Checked(np.array([1.0, 2.0])), "ks": [Kernel(0.1, 0.2, 0.3)]}

    def f(t):
        return np.sum(np.log(t["c"].v)) * t["ks"][0].log_sf

    n = len(calls)
    g = s2sgrad.grad(f)(tree)
    assert len(calls) == n  # the gradient is not made through __init__/__post_init__
    assert type(g["c"]) is Checked and type(g["ks"][0]) is Kernel
    assert g["c"].v == pytest.approx(0.2 / tree["c"].v)
    assert g["ks"][0].log_sf == pytest.approx(np.sum(np.log(tree["c"].v)))
    assert g["ks"][0].log_ls == 0.0


def test_namedtuple_holding_a_dict_and_unused_fields():
    p = Pair(_layer(3, 2), {"s": 0.5, "unused": RS.randn(2)})

    def f(q):
        return np.sum(np.dot(X, q.first.W) * q.second["s"])

    g = check_grads(f, p, rtol=1e-5, atol=1e-7)[0]
    assert type(g) is Pair and type(g.first) is Layer
    np.testing.assert_array_equal(g.first.b, 0.0)
    np.testing.assert_array_equal(g.second["unused"], 0.0)


# -- what stays an error ------------------------------------------------------------------------


@dataclass
class WithInt:
    w: np.ndarray
    n: int


def attribute_of_an_array_item(xs):
    return np.sum(xs[0].foo)


def array_attribute_of_tree_value(p):
    return np.sum(p.w.flat)


def nested_method_call(net, x):
    return np.sum(net.head.predict(x))


def method_of_a_dict_item(net, x):
    return np.sum(net.extra["lin"].predict(x))


def test_method_of_a_nested_object_is_differentiated():
    # the kind of net says the class of net.head (see normalize.tables.object_kind)
    net = Net([], Linear(RS.randn(3), 0.1), {})
    g = check_grads(nested_method_call, net, X, rtol=1e-5, atol=1e-7)[0]
    assert type(g) is Net and type(g.head) is Linear


def test_method_of_an_object_in_a_dict_is_an_error_at_the_users_line():
    net = Net([], Linear(RS.randn(3), 0.1), {"lin": Linear(RS.randn(3), 0.2)})
    with pytest.raises(
        UnsupportedSyntaxError,
        match=r"test_trees\.py:\d+:\d+: the method "
        r"\.predict\(\) receives a differentiated value",
    ):
        s2sgrad.grad(method_of_a_dict_item)(net, X)


def test_non_float_field_names_the_field():
    with pytest.raises(GradientArgumentError, match=r"argument 'p'\.n is an integer"):
        s2sgrad.grad(lambda p: np.sum(p.w) * p.n)(WithInt(np.ones(2), 3))


def test_attribute_of_a_differentiated_array_is_an_error():
    with pytest.raises(
        UnsupportedSyntaxError,
        match=r"attribute \.foo of a differentiated "
        "ndarray",
    ):
        s2sgrad.grad(attribute_of_an_array_item)([np.ones(2)])
    with pytest.raises(UnsupportedSyntaxError, match=r"attribute \.flat of a differentiated"):
        s2sgrad.grad(array_attribute_of_tree_value)(Linear(np.ones(3), 0.1))


# -- trees made and replaced in the function ----------------------------------------------------


class Point(NamedTuple):
    w: np.ndarray
    b: float = 0.5


@dataclass(frozen=True)
class Frozen:
    w: np.ndarray
    b: float = 2.0


def made_namedtuple(w, b):
    p = Point(w * 2.0, b=b)
    return np.sum(p.w**2) * p.b + Point(w).b * np.sum(w)


def made_dataclass_with_default(w, b):
    d = Frozen(np.sin(w))
    return np.sum(d.w) * d.b + Frozen(w, b=b * b).b * np.sum(d.w**2)


def namedtuple_replace(w, b):
    p = Point(w)
    q = p._replace(b=b * 3.0)
    r = q._replace(w=q.w * q.b)
    return np.sum(r.w * r.b) + p.b * np.sum(p.w)


def dataclass_replace(w, b):
    d = Frozen(w, b)
    e = dataclasses.replace(d, w=d.w**2)
    return np.sum(e.w) * e.b + np.sum(d.w) * d.b


def list_of_layers_made_in_a_comprehension(w, b):
    layers = [Point(w * i, b) for i in range(1, 4)]
    h = X
    for layer in layers:
        h = np.tanh(h * layer.w + layer.b)
    return np.sum(h**2)


MADE = [
    made_namedtuple,
    made_dataclass_with_default,
    namedtuple_replace,
    dataclass_replace,
    list_of_layers_made_in_a_comprehension,
]


@pytest.mark.parametrize("f", MADE)
def test_trees_made_in_the_function(f, monkeypatch):
    w, b = RS.randn(3), 0.7
    grads = check_grads(f, w, b, argnums=(0, 1), rtol=1e-5, atol=1e-7)
    _, dot = s2sgrad.jvp(f, (w, b), (np.full(3, 0.5), -0.3))
    assert dot == pytest.approx(float(np.sum(grads[0]) * 0.5 - 0.3 * grads[1]), rel=1e-5)
    h = s2sgrad.hessian(f)(w, b)
    g = s2sgrad.grad(f)
    rows = np.stack(
        [numerical_grad(lambda v, *rest, i=i: g(v, *rest)[i], (w, b), 0) for i in range(3)]
    )
    np.testing.assert_allclose(h, rows, rtol=1e-4, atol=1e-6)
    autograd = pytest.importorskip("autograd")
    monkeypatch.setitem(globals(), "np", pytest.importorskip("autograd.numpy"))
    expected = autograd.grad(f, (0, 1))(w, b)
    assert_tree_close(list(grads), list(expected), rtol=1e-10, atol=1e-12)


class Sized(NamedTuple):
    size: float
    w: np.ndarray


@dataclass
class SizedData:
    shape: float


def test_fields_named_like_shape_queries_are_errors_inside_trees():
    """x.size of a tree nested in another would be a shape query, not the field: an error
    (a NamedTuple argument itself reads its fields by name, shape-like or not)."""

    def f(p):
        return np.sum(p.w) * p.size

    g = s2sgrad.grad(f)(Sized(2.0, np.ones(3)))
    assert g.size == 3.0 and type(g) is Sized
    with pytest.raises(GradientArgumentError, match=r"field named 'size'"):
        s2sgrad.grad(lambda ps: f(ps[0]))([Sized(2.0, np.ones(3))])
    with pytest.raises(GradientArgumentError, match=r"field named 'shape'"):
        s2sgrad.grad(lambda d: d.shape * 2.0)(SizedData(1.0))


def test_jacobians_vjp_and_hvp_of_a_dataclass_argument():
    p = Linear(np.array([0.1, 0.2, -0.4]), 0.5)

    def f(q):
        return np.sum(np.sin(q.w) * q.b) + q.b**3

    expected = numerical_grad(f, (p,), 0)
    for jac in (s2sgrad.jacfwd(f), s2sgrad.jacrev(f)):
        got = jac(p)
        assert type(got) is Linear
        assert_tree_close(got, expected, rtol=1e-5, atol=1e-7)
    value, (ct,) = s2sgrad.vjp(f, (p,), 2.0)
    assert value == pytest.approx(f(p)) and type(ct) is Linear
    assert_tree_close(ct, Linear(2.0 * expected.w, 2.0 * expected.b), rtol=1e-5, atol=1e-7)
    hv = s2sgrad.hvp(f, (p,), (Linear(np.ones(3), 1.0),))
    assert type(hv) is Linear
    np.testing.assert_allclose(hv.w, -np.sin(p.w) * p.b + np.cos(p.w))
    assert hv.b == pytest.approx(np.sum(np.cos(p.w)) + 6 * p.b)


def test_ahead_of_time_module_reads_fields(tmp_path, monkeypatch):
    import importlib
    import sys
    import textwrap

    (tmp_path / "treeprog.py").write_text(
        textwrap.dedent("""
        import numpy as np
        from dataclasses import dataclass


        @dataclass(frozen=True)
        class Hyp:
            w: np.ndarray
            b: float


        def loss(p, x):
            return np.sum(np.tanh(x * p.w) + p.b ** 2)
    """)
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    prog = importlib.import_module("treeprog")
    s2sgrad.emit(
        prog.loss,
        str(tmp_path / "treeprog_grad.py"),
        argnums=0,
        kinds={"p": "unknown", "x": "array"},
    )
    text = (tmp_path / "treeprog_grad.py").read_text()
    assert "def tree_field(" in text and "import s2sgrad" not in text
    emitted = importlib.import_module("treeprog_grad")
    p = prog.Hyp(np.array([0.1, 0.2]), 0.5)
    g = emitted.grad_loss(p, np.ones(2))
    assert type(g) is prog.Hyp
    assert_tree_close(g, s2sgrad.grad(prog.loss)(p, np.ones(2)), rtol=1e-12, atol=1e-14)
    sys.modules.pop("treeprog", None)
    sys.modules.pop("treeprog_grad", None)


def layers_from_pairs(params, x):
    layers = [Layer(*pair) for pair in params]
    for layer in layers:
        x = np.tanh(np.dot(x, layer.W) + layer.b)
    last = params[-1]
    return np.sum(x**2) + np.sum(Linear(*last).w * Linear(*last).b)


def test_star_call_of_a_tree_class(monkeypatch):
    params = [(RS.randn(3, 2), RS.randn(2)), (RS.randn(2, 2), RS.randn(2))]
    g = check_grads(layers_from_pairs, params, X, rtol=1e-5, atol=1e-7)[0]
    with pytest.raises(TypeError, match=r"Layer\(\) takes exactly 2 positional arguments"):
        s2sgrad.grad(layers_from_pairs)([(RS.randn(3, 2),)], X)
    autograd = pytest.importorskip("autograd")
    monkeypatch.setitem(globals(), "np", pytest.importorskip("autograd.numpy"))
    assert_tree_close(g, autograd.grad(layers_from_pairs)(params, X), rtol=1e-10, atol=1e-12)
