"""The Python of calls (issue 12): ``*args``/``**kwargs`` callees and star-calls,
``functools.wraps`` wrappers, functions passed as values (arguments, defaults, lambdas),
and generator expressions consumed at once.

Every program is checked in ``grad`` and ``value_and_grad`` against central finite
differences in each differentiable argument, in ``jvp`` along a random direction against
a finite difference, and in ``hessian`` for programs of one array argument. Unsupported
corners raise s2sgrad's own error at the user's line.
"""

from __future__ import annotations

import functools
import inspect
import math

import numpy as np
import pytest
from gradcheck import _leaves, _replace, assert_tree_close, numerical_grad

import s2sgrad
from s2sgrad.errors import UnsupportedSyntaxError

RS = np.random.RandomState(12)
X = RS.randn(3)
W = RS.randn(3, 3)
V = RS.randn(3, 2)
B = RS.randn(2)

# -- *args and **kwargs callees, star-calls ----------------------------------------------


def chain(x, *weights):
    h = x
    for w in weights:
        h = np.tanh(np.dot(h, w))
    return np.sum(h**2)


def calls_chain(x, w, v):
    return chain(x, w, v) + chain(x, w)


def first_and_rest(x, *rest):
    return np.sum(x * rest[0]) + len(rest) * np.sum(rest[-1] ** 2)


def calls_first_and_rest(x, w):
    return first_and_rest(x, w[0], w[1], w[2]) + first_and_rest(w[1], x)


def affine(x, w, b):
    return np.dot(x, w) + b


def star_list(params, x):
    return np.sum(np.tanh(affine(x, *params)) ** 2)


def star_middle(x, params):
    return np.sum(affine(x, *params[:1], params[1]) ** 2)


def star_display(x, w):
    args = (x, w)
    return np.sum(affine(*args, *[1.0]) ** 3) + np.sum(affine(*[x], *(w, x)))


def rebinds_its_parameter(x, t):
    a = affine(*t)
    t = (x, W, x)
    return np.sum(a) + np.sum(affine(*t))


def scaled_sum(x, **opts):
    return opts["scale"] * np.sum(x**2) + opts["shift"]


def with_opts(x, s):
    return scaled_sum(x, scale=s, shift=np.sum(x)) + scaled_sum(x, **{"scale": 2.0, "shift": s})


def forwards(x, *args, **kwargs):
    return scaled_sum(x * args[0], **kwargs)


def calls_forwards(x, s):
    return forwards(x, s, scale=s, shift=1.0)


def spreads(x, *ws):
    return chain(x, *ws) + chain(*(x, ws[0]))


def calls_spreads(x, w, v):
    return spreads(x, w, v) * spreads(x, w)


# -- functools.wraps decorators (the fuzzer generates these) --------------------------------


def scaled(c):
    def decorate(fun):
        @functools.wraps(fun)
        def wrapper(*args, **kwargs):
            return c * fun(*args, **kwargs)

        return wrapper

    return decorate


def shifted(fun):
    @functools.wraps(fun)
    def wrapper(*args, **kwargs):
        out = fun(*args, **kwargs)
        return out + 1.0

    return wrapper


@scaled(3.0)
def decorated(x, y=2.0):
    return np.sum(np.sin(x) * y)


@shifted
@scaled(-0.5)
def twice_decorated(x, w):
    return np.sum(np.dot(x, w) ** 2)


def calls_decorated(x, w):
    return decorated(x) + decorated(x, y=np.sum(w)) + twice_decorated(x, w)


# -- function values -------------------------------------------------------------------------


def layer(w, x, nonlinearity=np.tanh):
    return nonlinearity(np.dot(x, w))


def relu(z):
    return np.maximum(z, 0.0) + 0.1 * z


def default_and_passed(x, w):
    h = layer(w, x)
    h = layer(w, h, nonlinearity=lambda z: z**2)
    h = layer(w, h, relu)
    return np.sum(layer(w, h, nonlinearity=np.sin))


def layer_sum(w, x, nonlinearity=np.sin):
    return np.sum(nonlinearity(np.dot(x, w)))


def euler(f, y, dt):
    return y + dt * f(y)


def rk2(f, y, dt):
    k = euler(f, y, 0.5 * dt)
    return y + dt * f(k)


def field(y):
    return np.array([y[1], -np.sin(y[0])]) * 0.5 + 0.1 * y


def integrate(y0):
    y = y0
    for _ in range(4):
        y = rk2(field, y, 0.1)
    return np.sum(y**2)


def local_function_passed(x):
    def cube(z):
        return z**3

    square = lambda z: z * z  # noqa: E731
    return np.sum(euler(cube, x, 0.1) + euler(square, x, 0.2) + euler(np.exp, x, 0.3))


def apply(f, x):
    return f(x)


def through_local_def(f, x):
    def inner(y):
        return f(y) * y

    return np.sum(inner(x) + inner(2.0 * x))


def over_functions(x, w):
    h = x
    for act in (np.tanh, relu, lambda z: z**3, np.sin):
        h = act(np.dot(h, w))
    total = np.sum(h)
    for f in [square_sum, np.sum, lambda v: np.sum(np.cos(v))]:
        total = total + f(h * x)
    return total


def function_argument(f, x):
    return np.sum(apply(f, x) * x)


# -- generator expressions consumed at once --------------------------------------------------


def penalty(params):
    return sum(np.sum(w**2) for w in params) + max(np.sum(w) for w in params)


def gen_in_list(x):
    parts = list(np.sin(x * k) for k in range(1, 4))
    return np.sum(np.stack(parts) ** 2) + sum(x[i] * x[i + 1] for i in range(2))


def gen_in_loop(x):
    total = 0.0
    for v in (np.cos(x * k) for k in range(3)):
        total = total + np.sum(v)
    return total + sum(x**2)


def square_sum(w):
    return np.sum(w**2)


def with_map(x, ws):
    a = sum(map(square_sum, ws))
    b = list(map(lambda u, v: np.sum(u * v), ws, [x, x]))
    c = 0.0
    for t in map(np.sin, ws):
        c = c + np.sum(t)
    return a + b[0] * b[1] + c + sum(map(layer_sum, ws, [x, x]))


# -- generator functions as helpers --------------------------------------------------------

SIZES = [3, 2, 1]


def unpack_layers(flat):
    for m, n in zip(SIZES[:-1], SIZES[1:]):
        yield flat[: m * n].reshape((m, n)), flat[m * n : m * n + n]
        flat = flat[(m + 1) * n :]


def pairs(xs):
    for i in range(len(xs) - 1):
        if i % 2 == 0:
            yield xs[i] * xs[i + 1]
        else:
            yield np.sin(xs[i])
    yield xs[-1] ** 2


def scaled_items(xs, c):
    for x in xs:
        yield c * x
    return


def generator_helpers(flat, x):
    h = x
    for w, b in unpack_layers(flat):
        h = np.tanh(np.dot(h, w) + b)
    layers = list(unpack_layers(flat))
    total = np.sum(h) + np.sum(layers[0][0]) * np.sum(layers[1][1])
    total = total + sum(pairs(x)) + sum(np.sum(p) for p in pairs(flat[:4]))
    for a, b in zip(scaled_items(x, 2.0), pairs(x)):
        total = total + a * b
    return total + sum(scaled_items(flat[:3], np.sum(x)))


def yield_as_value(x):
    out = yield x  # rejected
    return out


def generator_of_the_caller(x):
    return np.sum(sum(yield_as_value(x)))


# -- functools.partial inside the differentiated function ----------------------------------


def objective(w, x, l2):
    return np.sum(np.dot(x, w) ** 2) + l2 * np.sum(w**2)


BOUND = functools.partial(objective, x=W, l2=0.5)
CLIP = functools.partial(np.clip, a_min=-0.25, a_max=0.4)
FIRST = functools.partial(objective, X)


def with_partials(w):
    return (
        BOUND(w)
        + functools.partial(objective, x=W)(w, l2=2.0)
        + np.sum(CLIP(w) ** 2)
        + FIRST(W, 0.1) * np.sum(w)
    )


def call_with(f, a, b):
    return f(a, l2=b)


def partials_passed(w):
    # a partial made at module level passed to a callee: called there with its stored
    # arguments (keywords, positional, a NumPy function's)
    return euler(BOUND, w, 0.1)[0] + call_with(FIRST, W, 0.3) * np.sum(euler(CLIP, w, 0.5))


# -- starred assignment ----------------------------------------------------------------------


def unpack_starred(x, xs):
    a, *rest = xs
    *init, last = x
    first, *mid, end = x
    return (
        np.sum(a * rest[0])
        + len(rest) * init[1] * last
        + np.sum(mid[0] * first * end)
        + sum(r[0] for r in rest)
    )


PROGRAMS = [
    (calls_chain, (X, W, V), (0, 1, 2)),
    (calls_first_and_rest, (X, W), (0, 1)),
    (chain, (X, W, V), (0, 1, 2)),
    (first_and_rest, (X, W[0], W[1]), (0, 1, 2)),
    (star_list, ([V, B], W), (0, 1)),
    (star_list, ((V, B), W), (0,)),
    (star_middle, (W, [V, B]), (0, 1)),
    (star_display, (X, W), (0, 1)),
    (rebinds_its_parameter, (X, (X, W, B[:1])), (0, 1)),
    (with_opts, (X, 1.5), (0, 1)),
    (calls_forwards, (X, 0.7), (0, 1)),
    (calls_spreads, (X, W, W), (0, 1, 2)),
    (decorated, (X,), (0,)),
    (decorated, (X, 0.3), (0, 1)),
    (twice_decorated, (X, W), (0, 1)),
    (calls_decorated, (X, W), (0, 1)),
    (default_and_passed, (X, W * 0.5), (0, 1)),
    (layer_sum, (W, X), (0, 1)),
    (layer_sum, (W, X, np.tanh), (0, 1)),
    (integrate, (np.array([0.8, -0.2]),), (0,)),
    (local_function_passed, (X,), (0,)),
    (penalty, ([W, V],), (0,)),
    (gen_in_list, (X,), (0,)),
    (gen_in_loop, (X,), (0,)),
    (with_partials, (X,), (0,)),
    (partials_passed, (X,), (0,)),
    (over_functions, (X, W * 0.5), (0, 1)),
    (generator_helpers, (RS.randn(11), X), (0, 1)),
    (with_map, (X, [0.5 * X, X - 3.0]), (0, 1)),
    (with_map, (X, (W[0], W[1])), (0, 1)),
    (unpack_starred, (X, [X, 2 * X, W[0]]), (0, 1)),
    (unpack_starred, (X, (X, 2 * X)), (0, 1)),
]


def _id(p):
    return f"{p[0].__name__}-{len(p[1])}-{type(p[1][0]).__name__}"


@pytest.mark.parametrize("fun,args,argnums", PROGRAMS, ids=[_id(p) for p in PROGRAMS])
def test_grad_matches_finite_differences(fun, args, argnums):
    grads = s2sgrad.grad(fun, argnums)(*args)
    value, again = s2sgrad.value_and_grad(fun, argnums)(*args)
    assert np.isclose(value, fun(*args))
    for i, g, g2 in zip(argnums, grads, again):
        assert_tree_close(g, numerical_grad(fun, args, i), rtol=1e-5, atol=1e-6)
        assert_tree_close(g2, g, rtol=1e-12)
    for i in argnums:
        single = s2sgrad.grad(fun, i)(*args)
        assert_tree_close(single, grads[argnums.index(i)], rtol=1e-12)


def _direction(tree, rs):
    for path, leaf in _leaves(tree):
        tree = _replace(
            tree, path, rs.randn(*np.shape(leaf)) if np.ndim(leaf) else float(rs.randn())
        )
    return tree


def _plus(tree, direction, eps):
    for path, leaf in _leaves(tree):
        d = direction
        for p in path:
            d = d[p]
        tree = _replace(tree, path, leaf + eps * d)
    return tree


@pytest.mark.parametrize("fun,args,argnums", PROGRAMS, ids=[_id(p) for p in PROGRAMS])
def test_jvp_matches_finite_differences(fun, args, argnums):
    rs = np.random.RandomState(3)
    tangents = [_direction(a, rs) if i in argnums else None for i, a in enumerate(args)]
    if any(not isinstance(a, (np.ndarray, float)) for i, a in enumerate(args) if i in argnums):
        pytest.skip("jvp tangents of trees of arrays are covered by test_containers")
    value, dot = s2sgrad.jvp(fun, args, tangents)
    eps = 1e-6
    plus = [_plus(a, t, eps) if t is not None else a for a, t in zip(args, tangents)]
    minus = [_plus(a, t, -eps) if t is not None else a for a, t in zip(args, tangents)]
    expected = (fun(*plus) - fun(*minus)) / (2 * eps)
    assert np.isclose(value, fun(*args))
    assert np.isclose(dot, expected, rtol=1e-5, atol=1e-6)


ONE_ARRAY = [p for p in PROGRAMS if len(p[2]) == 1 and isinstance(p[1][p[2][0]], np.ndarray)]
ONE_ARRAY += [(lambda x: chain(x, W, V), (X,), (0,)), (lambda x: calls_decorated(x, W), (X,), (0,))]


@pytest.mark.parametrize("fun,args,argnums", ONE_ARRAY, ids=[_id(p) for p in ONE_ARRAY])
def test_hessian_matches_finite_differences_of_the_gradient(fun, args, argnums):
    i = argnums[0]
    h = s2sgrad.hessian(fun, i)(*args)
    g = s2sgrad.grad(fun, i)
    x = args[i]
    eps = 1e-5
    for k in range(x.size):
        e = np.zeros_like(x)
        e.flat[k] = eps
        up = list(args)
        down = list(args)
        up[i], down[i] = x + e, x - e
        column = (g(*up) - g(*down)) / (2 * eps)
        np.testing.assert_allclose(h[..., k] if h.ndim > 1 else h, column, rtol=1e-4, atol=1e-6)


def test_vjp_of_a_star_args_function():
    value, grads = s2sgrad.vjp(chain, (X, W, V), 1.0)
    assert np.isclose(value, chain(X, W, V))
    for i in range(3):
        assert_tree_close(grads[i], numerical_grad(chain, (X, W, V), i), rtol=1e-5, atol=1e-6)


def test_grad_argnums_inside_star_args_and_argnames_inside_kwargs():
    g = s2sgrad.grad(chain, (2, 0))(X, W, V)
    assert_tree_close(g[1], numerical_grad(chain, (X, W, V), 0), rtol=1e-5, atol=1e-6)
    assert_tree_close(g[0], numerical_grad(chain, (X, W, V), 2), rtol=1e-5, atol=1e-6)
    g = s2sgrad.grad(chain, -1)(X, W, W, V)
    assert_tree_close(g, numerical_grad(chain, (X, W, W, V), 3), rtol=1e-5, atol=1e-6)
    _, named = s2sgrad.grad(scaled_sum, argnames="scale")(X, scale=2.0, shift=1.0)
    assert np.isclose(named["scale"], np.sum(X**2))


def test_other_items_of_star_args_need_not_be_differentiable():
    def f(x, *a):
        return np.sum(x * a[0]) * a[1] + len(a[2])

    assert_tree_close(s2sgrad.grad(f, 1)(X, W[0], 3, "ab"), 3 * X)
    with pytest.raises(s2sgrad.GradientArgumentError, match="integer"):
        s2sgrad.grad(f, 2)(X, W[0], 3, "ab")


def test_the_unit_follows_the_number_of_star_args():
    a = s2sgrad.grad(chain, 1)(X, W)
    b = s2sgrad.grad(chain, 1)(X, W, V)
    assert a.shape == b.shape == W.shape
    assert not np.allclose(a, b)
    assert_tree_close(b, numerical_grad(chain, (X, W, V), 1), rtol=1e-5, atol=1e-6)


def test_a_function_argument_is_never_confused_with_another():
    for f, df in (
        (np.sin, np.cos),
        (np.tanh, lambda x: 1 - np.tanh(x) ** 2),
        (np.exp, np.exp),
        (np.sin, np.cos),
    ):
        g = s2sgrad.grad(function_argument, 1)(f, X)
        np.testing.assert_allclose(g, df(X) * X + f(X))
    for f, df in ((np.sin, np.cos), (np.exp, np.exp)):
        g = s2sgrad.grad(through_local_def, 1)(f, X)
        np.testing.assert_allclose(g, df(X) * X + f(X) + 4 * X * df(2 * X) + 2 * f(2 * X))
        _, dot = s2sgrad.jvp(through_local_def, (f, X), (None, np.ones(3)))
        assert np.isclose(dot, np.sum(g))
    g = s2sgrad.grad(function_argument, 1)(relu, X)
    assert_tree_close(
        g, numerical_grad(lambda x: function_argument(relu, x), (X,), 0), rtol=1e-5, atol=1e-6
    )
    assert np.isclose(s2sgrad.grad(lambda x: apply(math.sin, x))(0.3), math.cos(0.3))
    assert np.isclose(s2sgrad.grad(lambda x: apply(math.cos, x))(0.3), -math.sin(0.3))


def test_a_default_function_replaced_gives_a_new_derivative():
    def act(z):
        return z**2

    def uses(x, f=act):
        return np.sum(f(x))

    assert_tree_close(s2sgrad.grad(lambda x: uses(x))(X), 2 * X)
    uses.__defaults__ = (np.sin,)
    assert_tree_close(s2sgrad.grad(lambda x: uses(x))(X), np.cos(X))


def closes_over(x):
    c = np.sum(x)
    bump = lambda z: z * c  # noqa: E731
    return np.sum(apply(bump, x))  # followed: tests/test_passed_closures.py


# a slice bound known only when the code runs (constant bounds, a list argument itself:
# test_star_lengths, test_real_programs_s11)
def unknown_star(x, parts, k=1):
    return np.sum(chain(x, *parts[k:]))  # rejected


def unknown_double_star(x, opts):
    return scaled_sum(x, **opts)  # rejected in opts


# called from the list: test_real_programs_s11; bound to a name: test_local_partials
def local_partial(x):
    fs = {"f": functools.partial(objective, x=W)}  # rejected
    return fs["f"](x, l2=0.5)


def inner_square(x):
    return np.sum(np.sin(x) * x**2)


def nested_grad(x):
    g = s2sgrad.hvp(inner_square, (x,), (x,))  # rejected
    return np.sum(g**2)


def generator_passed(x):
    return np.sum(np.stack(np.sin(x * k) for k in range(3)))  # rejected


@pytest.mark.parametrize(
    "fun,args,words",
    [
        (unknown_star, (X, [W, W]), "whose length is not known"),
        (generator_passed, (X,), "generator expression"),
        (generator_of_the_caller, (X,), "yield as a value"),
        (local_partial, (X,), "functools.partial object made inside"),
        (nested_grad, (X,), "nested derivative"),
    ],
)
def test_unsupported_corners_raise_at_the_users_line(fun, args, words):
    import inspect

    with pytest.raises(UnsupportedSyntaxError) as info:
        s2sgrad.grad(fun)(*args)
    where = yield_as_value if fun is generator_of_the_caller else fun  # the helper's line
    lines, start = inspect.getsourcelines(where)
    line = start + next(i for i, t in enumerate(lines) if "# rejected" in t)
    assert f"test_calls.py:{line}:" in str(info.value)
    assert words in str(info.value)


def test_double_star_of_keys_known_when_the_code_runs():
    # the call's derivative is made when it runs, with the options as its constants
    # (tests/test_programs_s26b.py); was "whose keys are not known"
    opts = {"scale": 1.5, "shift": 0.25}
    g = s2sgrad.grad(unknown_double_star)(X, opts)
    assert_tree_close(g, numerical_grad(unknown_double_star, (X, opts), 0), rtol=1e-5, atol=1e-6)
    assert_tree_close(g, 3.0 * X, rtol=1e-12)
    with pytest.raises(
        UnsupportedSyntaxError,
        match=r"with \*\*'opts', whose keys are known only when the code runs",
    ) as info:
        s2sgrad.grad(unknown_double_star, argnums=1)(X, opts)
    lines, start = inspect.getsourcelines(unknown_double_star)
    assert f"test_calls.py:{start + 1}:" in str(info.value)


def test_grad_of_a_partial_at_the_top_level():
    bound = functools.partial(objective, x=W, l2=0.5)
    assert_tree_close(s2sgrad.grad(bound)(X), numerical_grad(bound, (X,), 0), rtol=1e-5, atol=1e-6)
    first = functools.partial(objective, X)
    value, (dx, dl2) = s2sgrad.value_and_grad(first, (0, 1))(W, 0.3)
    assert np.isclose(value, first(W, 0.3)) and np.isclose(dl2, np.sum(X**2))
    assert_tree_close(dx, numerical_grad(first, (W, 0.3), 0), rtol=1e-5, atol=1e-6)
    with pytest.raises(s2sgrad.SourceUnavailableError, match="partial"):
        s2sgrad.grad(functools.partial(np.sum, axis=0))(W)  # a NumPy function: no source


def test_starred_assignment_checks_the_length_like_python():
    with pytest.raises(ValueError, match="not enough values"):
        s2sgrad.grad(unpack_starred)(X[:1], [X, X])


def test_a_star_call_checks_the_length_like_python():
    with pytest.raises(TypeError, match="positional"):
        s2sgrad.grad(star_list)([V, B, B], W)
    with pytest.raises(TypeError, match="positional"):
        s2sgrad.grad(rebinds_its_parameter)(X, (X, W, B, B))
    with pytest.raises(TypeError):
        star_list([V, B, B], W)
