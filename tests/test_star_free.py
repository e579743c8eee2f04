"""``f(*t, **d)`` where ``t``/``d`` is a tuple/dict held by a closure or a global: the
call is spelled out with the items it has when the function is transformed."""

from __future__ import annotations

import numpy as np
import pytest
from gradcheck import check_grads

import s2sgrad

ag = pytest.importorskip("autograd")
import autograd.numpy as anp  # noqa: E402

OPTIONS = {"axis": 1, "keepdims": False}
EXTRA = (np.array([1.0, -2.0, 0.5]),)


def _scaled(x, w, scale=1.0):
    return np.sin(x) * w * scale


def make(fun, args, kwargs):
    def f(x):
        return np.sum(fun(x, *args, **kwargs) ** 2)

    return f


def g_global(x):
    return np.sum(np.sum(x**3, **OPTIONS) * np.dot(x, *EXTRA))


X = np.random.RandomState(3).randn(2, 3)


@pytest.mark.parametrize(
    "fun, args, kwargs",
    [
        (np.sum, (), {"axis": 1}),
        (np.sum, (0,), {"keepdims": True}),
        (np.dot, (np.ones(3),), {}),
        (_scaled, (2.0,), {"scale": 3.0}),
        (_scaled, (), {"w": 0.5, "scale": -1.0}),
        (np.linalg.norm, (), {"axis": 1}),
    ],
)
def test_star_of_closure_tuple_and_dict(fun, args, kwargs):
    f = make(fun, args, kwargs)
    check_grads(f, (X,))  # reverse and forward against central differences
    _, tangent = s2sgrad.jvp(f, (X,), (np.ones_like(X),))
    assert np.isclose(tangent, np.sum(s2sgrad.grad(f)(X)))


def test_star_of_globals_matches_autograd():
    def ag_g(x):
        return anp.sum(anp.sum(x**3, **OPTIONS) * anp.dot(x, *EXTRA))

    assert np.allclose(s2sgrad.grad(g_global)(X), ag.grad(ag_g)(X))


def test_a_new_closure_value_makes_a_new_derivative():
    """The same code with other keys or another length: each closure is its own."""
    for kwargs, args in [
        ({"axis": 0}, ()),
        ({}, ()),
        ({"axis": 1, "keepdims": True}, ()),
        ({}, (1,)),
        ({"keepdims": False}, (None,)),
    ]:
        f = make(np.sum, args, kwargs)
        ag_f = make(anp.sum, args, kwargs)
        assert np.allclose(s2sgrad.grad(f)(X), ag.grad(ag_f)(X))


def test_a_dict_that_gained_keys_is_an_error_not_a_wrong_gradient():
    opts = {"axis": 0}

    def f(x):
        return np.sum(np.sum(x, **opts) ** 2)

    s2sgrad.grad(f)(X)
    opts["keepdims"] = True
    with pytest.raises(TypeError, match="gained keys"):
        s2sgrad.grad(f)(X)
    del opts["axis"]  # the same number of keys, another key: KeyError, never a silent miss
    with pytest.raises(KeyError):
        s2sgrad.grad(f)(X)


def test_star_of_a_list_or_unknown_is_still_rejected():
    items = [1.0]

    def f(x):
        return _scaled(x, *items)

    with pytest.raises(s2sgrad.UnsupportedSyntaxError, match="length is not known"):
        s2sgrad.grad(lambda x: np.sum(f(x)))(X)
