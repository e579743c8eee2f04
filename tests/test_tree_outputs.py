"""jacrev and hessian of functions returning a tuple, list or dict: the same tree of the
Jacobians (Hessians) of its leaves, as jacfwd and JAX's jacrev/hessian, checked against
central finite differences."""

import numpy as np
import pytest

import s2sgrad
from s2sgrad.basis import tree_leaves

X = np.array([0.3, -1.2, 0.8]) * 1.37
Y = np.array([0.5, 1.1]) + 0.2


def _fd_jacobian(f, args, i, eps=1e-6):
    """The tree of ``f``'s output with the Jacobian of each leaf in ``args[i]`` (an array)."""
    x = args[i]

    def at(v):
        return f(*args[:i], v, *args[i + 1 :])

    def stack(parts):
        return np.moveaxis(
            np.array(parts).reshape(x.shape + np.shape(parts[0])), range(x.ndim), range(-x.ndim, 0)
        )

    out = f(*args)
    dots = []
    for k in range(x.size):
        e = np.zeros_like(x)
        e.flat[k] = eps
        dots.append((at(x + e), at(x - e)))
    return _map_leaves(
        out, lambda path: stack([(_get(p, path) - _get(m, path)) / (2 * eps) for p, m in dots])
    )


def _fd_hessian(f, x, eps=1e-4):
    """Per output leaf, the Hessian in ``x`` by central second differences."""
    out = f(x)
    n = x.size

    def at(i, j, si, sj):
        v = x.copy()
        v.flat[i] += si * eps
        v.flat[j] += sj * eps
        return f(v)

    def leaf_hessian(path):
        shape = np.shape(_get(out, path))
        h = np.zeros(shape + (n, n))
        for i in range(n):
            for j in range(n):
                val = (
                    _get(at(i, j, 1, 1), path)
                    - _get(at(i, j, 1, -1), path)
                    - _get(at(i, j, -1, 1), path)
                    + _get(at(i, j, -1, -1), path)
                ) / (4 * eps * eps)
                h[..., i, j] = val
        return h.reshape(shape + x.shape + x.shape)

    return _map_leaves(out, leaf_hessian)


def _get(tree, path):
    for k in path:
        tree = tree[k]
    return tree


def _map_leaves(tree, fn, path=()):
    if isinstance(tree, dict):
        return {k: _map_leaves(v, fn, path + (k,)) for k, v in tree.items()}
    if isinstance(tree, (tuple, list)):
        return type(tree)(_map_leaves(v, fn, path + (i,)) for i, v in enumerate(tree))
    return fn(path)


def _close(got, want, rtol=1e-6, atol=1e-6):
    assert type(got) is type(want) or not isinstance(want, (tuple, list, dict)), (got, want)
    got_leaves, want_leaves = tree_leaves(got), tree_leaves(want)
    assert [p for p, _ in got_leaves] == [p for p, _ in want_leaves]
    for (path, g), (_, w) in zip(got_leaves, want_leaves):
        assert np.shape(g) == np.shape(w), path
        np.testing.assert_allclose(g, w, rtol=rtol, atol=atol, err_msg=str(path))


def as_dict(x):
    return {"sin": np.sin(x) * np.sum(x), "sq": np.sum(x**2), "both": (x * x[0], np.cos(x[1]))}


def as_tuple(x):
    return np.tanh(x) * x[2], np.sum(np.exp(x))


def as_list(x):
    return [np.sum(x**3), x[::-1] * x]


def two_args(x, y):
    return {"outer": np.outer(x, y) ** 2, "dot": np.sum(x) * np.sum(np.sin(y))}


@pytest.mark.parametrize("f", [as_dict, as_tuple, as_list])
def test_jacrev_of_a_tree_output(f):
    got = s2sgrad.jacrev(f)(X)
    _close(got, _fd_jacobian(f, (X,), 0))
    _close(got, s2sgrad.jacfwd(f)(X), 1e-12, 1e-12)


def test_jacrev_of_a_tree_output_in_several_arguments():
    got = s2sgrad.jacrev(two_args, argnums=(0, 1))(X, Y)
    # as JAX's: the output's tree outside, a tuple over the arguments at each leaf
    assert set(got) == {"outer", "dot"}
    for k in got:
        assert isinstance(got[k], tuple) and len(got[k]) == 2
        for i in (0, 1):
            _close(got[k][i], _fd_jacobian(two_args, (X, Y), i)[k])
    assert got["outer"][1].shape == (X.size, Y.size, Y.size)
    _close(got, s2sgrad.jacfwd(two_args, argnums=(0, 1))(X, Y), 1e-12, 1e-12)


def test_jacrev_of_a_tree_output_in_a_dict_argument():
    def f(p):
        return {"a": np.sin(p["w"]) * p["b"], "b": np.sum(p["w"] ** 2) * p["b"]}

    p = {"w": X, "b": 0.7}
    got = s2sgrad.jacrev(f)(p)
    _close(got, s2sgrad.jacfwd(f)(p), 1e-12, 1e-12)
    np.testing.assert_allclose(got["a"]["w"], np.diag(np.cos(X)) * 0.7, rtol=1e-12)
    np.testing.assert_allclose(got["b"]["b"], np.sum(X**2), rtol=1e-12)


@pytest.mark.parametrize("f", [as_dict, as_tuple, lambda x: np.sin(x) * np.sum(x**2)])
def test_hessian_of_a_tree_or_array_output(f):
    got = s2sgrad.hessian(f)(X)
    _close(got, _fd_hessian(f, X), 1e-5, 1e-5)


def test_hessian_keeps_auxiliary_outputs_after_a_scalar():
    # (scalar, aux) is what grad differentiates: its Hessian is the scalar's
    def f(x):
        return np.sum(x**3), np.sin(x)

    np.testing.assert_allclose(s2sgrad.hessian(f)(X), np.diag(6.0 * X), rtol=1e-12)


def test_hessian_of_a_tree_output_in_several_arguments():
    got = s2sgrad.hessian(two_args, argnums=(0, 1))(X, Y)
    # as JAX's: got[k][j][i], output leaf k, the derivative in argument i of its Jacobian
    # in argument j, of shape out.shape + args[j].shape + args[i].shape
    for j in (0, 1):
        for i in (0, 1):
            want = _fd_jacobian(
                lambda x, y, j=j: s2sgrad.jacfwd(two_args, argnums=j)(x, y), (X, Y), i
            )
            for k in ("outer", "dot"):
                _close(got[k][j][i], want[k], 1e-5, 1e-5)
    assert got["outer"][0][1].shape == (X.size, Y.size, X.size, Y.size)


@pytest.mark.parametrize("f", [as_dict, lambda x: np.sin(x) * np.sum(x**2)])
def test_forward_mode_over_jacrev_is_over_the_same_jacobian(f):
    # jacfwd(jacrev(f)) ran no code (jacrev's result has no source): it is jacfwd's Jacobian
    _close(s2sgrad.jacfwd(s2sgrad.jacrev(f))(X), s2sgrad.jacfwd(s2sgrad.jacfwd(f))(X), 1e-12)
    _close(s2sgrad.jacfwd(s2sgrad.jacrev(f))(X), _fd_hessian(f, X), 1e-5, 1e-5)
    v = np.ones_like(X)
    _, dot = s2sgrad.jvp(s2sgrad.jacrev(f), (X,), (v,))
    _close(dot, s2sgrad.jvp(s2sgrad.jacfwd(f), (X,), (v,))[1], 1e-12)


def test_jacrev_of_an_output_that_is_not_a_number_is_an_error():
    with pytest.raises(s2sgrad.GradientArgumentError, match=r"returned a str at \['name'\]"):
        s2sgrad.jacrev(lambda x: {"name": "sin", "value": np.sin(x)})(X)


def mixed(x, y):
    return np.sum(np.sin(np.outer(x, y))) + np.sum(x**3) * y[0]


@pytest.mark.parametrize("how", ["hessian", "jacfwd_of_grad", "jacrev_of_grad"])
def test_hessian_in_several_arguments_is_laid_out_as_jax(how):
    # H[i][j] = d2f / d args[i] d args[j], of shape args[i].shape + args[j].shape
    if how == "hessian":
        got = s2sgrad.hessian(mixed, argnums=(0, 1))(X, Y)
    else:
        jac = s2sgrad.jacfwd if how == "jacfwd_of_grad" else s2sgrad.jacrev
        got = jac(s2sgrad.grad(mixed, argnums=(0, 1)), argnums=(0, 1))(X, Y)
    args = (X, Y)
    for i in (0, 1):
        for j in (0, 1):
            assert got[i][j].shape == args[i].shape + args[j].shape
            want = _fd_jacobian(lambda x, y, i=i: s2sgrad.grad(mixed, argnums=i)(x, y), args, j)
            _close(got[i][j], want, 1e-5, 1e-5)
    np.testing.assert_allclose(got[0][1], got[1][0].T, rtol=1e-10, atol=1e-12)
