"""``f(*params)`` of a list or tuple argument (normalize.stars): the derivative is made
for the length the call passes, directly or through the callees the list is passed to,
and each length gets its own derivative."""

from __future__ import annotations

import numpy as np
import pytest
from gradcheck import assert_tree_close, check_grads, numerical_grad

import s2sgrad
from s2sgrad.errors import UnsupportedSyntaxError

ag = pytest.importorskip("autograd")
import autograd.numpy as anp  # noqa: E402


def programs(np):
    """The same functions over ``np`` (NumPy for s2sgrad, autograd.numpy for the oracle)."""

    def mlp(x, *layers, scale=1.0):
        n = len(layers)
        for i, (W, b) in enumerate(layers):
            x = np.dot(x, W) + b
            if i < n - 1:
                x = np.tanh(scale * x)
        return x

    def direct(params, X):
        return np.sum(mlp(X, *params, scale=0.7) ** 2)

    def predict(params, X):
        return mlp(X, *params)

    def through_helper(params, X):
        return np.mean(np.sin(predict(params, X)))

    def display(params, X):  # a list display passed on: its length is the display's
        first, *rest = params
        return np.sum(predict([first, rest[0]], X) ** 2)

    def through_lambda(params, X):  # a local lambda taking the list
        net = lambda p: mlp(X, *p)  # noqa: E731

        def twice(p):
            return 2.0 * net(p)

        return np.sum(twice(params) ** 2)

    def by_keyword(X, params):
        return np.sum(predict(X=X, params=params) ** 2)

    def transposed(params, X):
        Ws, bs = zip(*params)
        return np.sum(mlp(X, *params) ** 2) + sum(np.sum(W**2) for W in Ws) + np.sum(bs[-1])

    def cat(*parts):
        return np.concatenate([np.ravel(p) for p in parts])

    def two_lists(Ws, bs, X):
        return np.sum(np.sin(cat(*Ws, *bs)) ** 2) * np.sum(X)

    def pair(W, b):
        return np.sum(W**2) + np.sum(b)

    def fixed_callee(layer):  # f(*pair) into fixed parameters: checked by the callee
        return pair(*layer)

    return {
        "direct": direct,
        "through_helper": through_helper,
        "by_keyword": by_keyword,
        "through_lambda": through_lambda,
        "display": display,
        "transposed": transposed,
        "two_lists": two_lists,
        "fixed_callee": fixed_callee,
    }


OURS, THEIRS = programs(np), programs(anp)


def _layers(sizes, seed=0, kind=list):
    rs = np.random.RandomState(seed)
    return kind((0.5 * rs.randn(m, n), 0.1 * rs.randn(n)) for m, n in zip(sizes, sizes[1:]))


X = np.random.RandomState(9).randn(5, 2)


@pytest.mark.parametrize("kind", [list, tuple])
@pytest.mark.parametrize("sizes", [[2, 3, 1], [2, 4, 3, 1], [2, 1]])
@pytest.mark.parametrize("name", ["direct", "through_helper", "transposed", "through_lambda"])
def test_star_of_a_list_argument(name, sizes, kind):
    params = _layers(sizes, kind=kind)
    g = check_grads(OURS[name], params, X)[0]
    assert_tree_close(g, ag.grad(THEIRS[name])(params, X))
    assert type(g) is kind


def test_star_by_keyword_and_two_lists():
    params = _layers([2, 3, 3, 1])
    g = check_grads(OURS["by_keyword"], X, params, argnums=1)[0]
    assert_tree_close(g, ag.grad(THEIRS["by_keyword"], 1)(X, params))
    Ws, bs = (list(t) for t in zip(*params))
    g = check_grads(OURS["two_lists"], Ws, bs, X, argnums=(0, 1))
    assert_tree_close(g, ag.grad(lambda a, b: THEIRS["two_lists"](a, b, X), (0, 1))(Ws, bs))
    g = check_grads(OURS["display"], params, X)[0]
    assert_tree_close(g, ag.grad(THEIRS["display"])(params, X))
    layer = _layers([2, 3])[0]
    check_grads(OURS["fixed_callee"], layer)


def test_each_length_its_own_derivative_on_the_fast_path():
    """Alternating lengths through the same grad object (the fast path is keyed by
    argument types only, so a length must not reuse another length's instance)."""
    f = s2sgrad.grad(OURS["through_helper"])
    for sizes in [[2, 3, 1], [2, 4, 3, 1], [2, 3, 1], [2, 1], [2, 4, 3, 1]]:
        params = _layers(sizes, seed=len(sizes))
        for _ in range(2):
            assert_tree_close(f(params, X), ag.grad(THEIRS["through_helper"])(params, X))


def test_forward_mode():
    params = _layers([2, 3, 1])
    f = OURS["direct"]
    rs = np.random.RandomState(2)
    tangent = [(rs.randn(*W.shape), rs.randn(*b.shape)) for W, b in params]
    value, dot = s2sgrad.jvp(lambda p: f(p, X), (params,), (tangent,))
    assert np.isclose(value, f(params, X))
    g = numerical_grad(f, (params, X), 0)
    expected = sum(np.sum(gw * tw) + np.sum(gb * tb) for (gw, gb), (tw, tb) in zip(g, tangent))
    assert np.isclose(dot, expected, rtol=1e-6)


def test_a_rebound_list_still_names_its_star():
    def rebound(params, X):
        params = params[:-1]
        return np.sum(_mlp_of(X, *params))

    with pytest.raises(UnsupportedSyntaxError, match="whose length is not known"):
        s2sgrad.grad(rebound)(_layers([2, 3, 1]), X)


def _mlp_of(x, *layers):
    for W, b in layers:
        x = np.tanh(x @ W + b)
    return x
