"""The broadcast adjoint of a full reduction folds into the elementwise statement that
reads it only where the shapes are known to agree (s2sgrad/reverse/fold.py): the gradient
is the same with and without the pass, and the call stays where the shapes may differ."""

import autograd
import autograd.numpy as anp
import numpy as np
import pytest
from gradcheck import assert_tree_close, check_grads

import s2sgrad
from s2sgrad.pipeline import disabled

rng = np.random.default_rng(11)
L = 0.25


def logistic(w, X, y):
    z = X @ w
    return np.sum(np.log1p(np.exp(-y * z))) / X.shape[0] + 0.5 * L * np.sum(w * w)


def chain(x, y):
    a = np.sin(x) * y
    return np.sum(np.tanh(a)) + np.sum(np.exp(-x) * 2.0)


def squares(x):
    return np.sum(x * x) * 3.0 - np.sum(np.sqrt(x * x + 1.0))


def least_squares(w, X, t):  # power_slope(r, 2): of r's shape
    r = X @ w - t
    return np.sum(r**2) + 0.5 * np.sum(w**3.0) - np.sum(w**0)


def squared_broadcast(a, b):  # the power of a broadcast product: of the sum's shape
    return np.sum((a * b) ** 2)


def power_of_broadcast(a, b):  # a ** 2 has a's shape, the product broadcasts
    return np.sum(a**2 * b)


def scalar_times(x, c):
    return np.sum(np.cos(x)) * c


def broadcast(a, b):  # a (3, 1), b (1, 4): the adjoint reads exp(a * b), of the sum's shape
    return np.sum(np.exp(a * b))


def broadcast_unary(a, b):  # np.exp(a) has a's shape, but a * b broadcasts
    return np.sum(np.exp(a) * b)


def looped(x):
    s = 0.0
    for i in range(3):
        s = s + np.sum(np.exp(x * (i + 1.0)))
    return s


def branch(x, flag):
    if flag:
        t = np.exp(x)
    else:
        t = np.sin(x)
    return np.sum(t * t)


X = rng.normal(size=(20, 5))
Y = np.where(rng.random(20) < 0.5, -1.0, 1.0)
CASES = [
    (logistic, (0.1 * rng.normal(size=5), X, Y), (0,), True),
    (chain, (rng.normal(size=6), rng.normal(size=6)), (0, 1), True),
    (squares, (rng.normal(size=(2, 3)),), (0,), True),
    (scalar_times, (rng.normal(size=4), 1.5), (0, 1), True),
    (least_squares, (rng.normal(size=5), X, rng.normal(size=20)), (0, 1, 2), True),
    (squared_broadcast, (rng.normal(size=(3, 1)), rng.normal(size=(1, 4))), (0, 1), True),
    (power_of_broadcast, (rng.normal(size=(3, 1)), rng.normal(size=(1, 4))), (0, 1), False),
    (broadcast, (rng.normal(size=(3, 1)), rng.normal(size=(1, 4))), (0, 1), True),
    (broadcast_unary, (rng.normal(size=(3, 1)), rng.normal(size=(1, 4))), (0, 1), False),
    (looped, (rng.normal(size=3),), (0,), None),
    (branch, (rng.normal(size=3), True), (0,), None),
]
IDS = [c[0].__name__ for c in CASES]


def _source(fun, argnums, args):
    return s2sgrad.grad(fun, argnums=argnums).source_for(*args)


@pytest.mark.parametrize("fun, args, argnums, folds", CASES, ids=IDS)
def test_gradient_same_with_and_without_folding(fun, args, argnums, folds):
    on = s2sgrad.grad(fun, argnums=argnums)(*args)
    src_on = _source(fun, argnums, args)
    with disabled("reduction_folding"):
        off = s2sgrad.grad(fun, argnums=argnums)(*args)
        src_off = _source(fun, argnums, args)
    assert_tree_close(on, off, rtol=0, atol=0)  # the same numbers, not just close
    for g, a in zip(on, [args[i] for i in argnums]):
        assert np.shape(g) == np.shape(a)
    check_grads(fun, *args, argnums=argnums, rtol=1e-5, atol=1e-6)
    if folds is True:
        assert src_on.count("reduce_adjoint(") < src_off.count("reduce_adjoint(")
    elif folds is False:
        assert src_on == src_off


@pytest.mark.parametrize("fun, args, argnums, folds", CASES[:5], ids=IDS[:5])
def test_folded_against_autograd(fun, args, argnums, folds):
    g = s2sgrad.grad(fun, argnums=argnums)(*args)
    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(fun.__globals__, "np", anp)
        ref = autograd.grad(fun, argnum=list(argnums))(*args)
    assert_tree_close(g, tuple(ref), rtol=1e-10, atol=1e-12)


def test_logistic_source_has_no_fill():
    src = _source(logistic, (0,), CASES[0][1])
    assert "reduce_adjoint" not in src
    assert "dresult_exp = dresult_sum / (1.0 + result_exp)" in src


def test_float32_stays_float32():
    x = rng.normal(size=5).astype(np.float32)
    g = s2sgrad.grad(squares)(x)
    assert g.dtype == np.float32
    with disabled("reduction_folding"):
        assert_tree_close(g, s2sgrad.grad(squares)(x), rtol=0, atol=0)


@pytest.mark.parametrize("seed", [2.0, np.array(2.0), np.array([2.0]), np.array([[2.0]])])
def test_size_one_cotangent_of_a_scalar_output(seed):
    x = rng.normal(size=4)
    _, (g,) = s2sgrad.vjp(squares, (x,), seed)
    assert g.shape == x.shape
    assert_tree_close(g, 2.0 * s2sgrad.grad(squares)(x), rtol=1e-12, atol=0)


def test_forward_over_reverse_of_folded():
    x = rng.normal(size=4)
    h = s2sgrad.hessian(squares)(x)
    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(squares.__globals__, "np", anp)
        ref = autograd.hessian(squares)(x)
    assert_tree_close(h, ref, rtol=1e-8, atol=1e-10)


def test_shape_facts_of_a_squaring_chain_are_linear(tmp_path, monkeypatch):
    """u_k = u_{k-1} * u_{k-1} after a product of unknown kind: each name's shape facts are
    worked out once (without the memo, 2**depth visits: a transform that never ends)."""
    import importlib.util

    from s2sgrad.reverse import fold

    depth = 40
    lines = "".join(f"    u{k} = u{k - 1} * u{k - 1} * 0.5\n" for k in range(1, depth + 1))
    path = tmp_path / "s2s_fold_chain.py"
    path.write_text(
        f"import numpy as np\n\ndef f(X, w):\n    u0 = X @ w\n{lines}    return np.sum(u{depth})\n"
    )
    spec = importlib.util.spec_from_file_location("s2s_fold_chain", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    visits = []
    original = fold._Shapes._is_arraylike
    monkeypatch.setattr(
        fold._Shapes, "_is_arraylike", lambda self, n, d: visits.append(n) or original(self, n, d)
    )
    X, w = np.eye(3) * 0.5, np.full(3, 0.9)
    g = s2sgrad.grad(mod.f, argnums=1)(X, w)
    assert len(visits) == len(set(visits)) <= 4 * depth
    with disabled("reduction_folding"):
        assert_tree_close(g, s2sgrad.grad(mod.f, argnums=1)(X, w), rtol=0, atol=0)
