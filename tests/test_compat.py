"""s2sgrad.compat.autograd against autograd itself, API function by API function."""

from __future__ import annotations

import numpy as np
import pytest
from gradcheck import assert_tree_close, numerical_grad

import s2sgrad
from s2sgrad.errors import S2SGradError

ag = pytest.importorskip("autograd")
import autograd.misc.optimizers as ag_opt  # noqa: E402
from autograd.extend import defjvp as ag_defjvp  # noqa: E402
from autograd.extend import defvjp as ag_defvjp  # noqa: E402
from autograd.extend import primitive as ag_primitive  # noqa: E402
from autograd.misc import flatten as ag_flatten  # noqa: E402

import s2sgrad.compat.autograd as sg  # noqa: E402
import s2sgrad.compat.autograd.misc as sg_misc  # noqa: E402
import s2sgrad.compat.autograd.misc.optimizers as sg_opt  # noqa: E402
from s2sgrad.compat.autograd.extend import (  # noqa: E402
    defjvp,
    defjvp_argnum,
    defvjp,
    defvjp_argnum,
    primitive,
)
from s2sgrad.compat.autograd.misc import flatten, flatten_func  # noqa: E402

anp = ag.numpy
RS = np.random.RandomState(0)
X = RS.randn(4)
Y = RS.randn(4)
M = RS.randn(3, 4)


# -- functions written once, with plain numpy: autograd differentiates them through
# -- autograd.numpy (the module below swaps the namespace), s2sgrad reads their source


def _functions(np):
    def tanh_dot(x, y):
        return np.sum(np.tanh(x) * y)

    def quartic(x, y):
        return np.sum(x**4) - np.dot(x, y) + np.sum(np.cos(x * y))

    def softplus_mat(x, y):
        return np.sum(np.log1p(np.exp(np.dot(M, x * y))))

    def branchy(x, y):
        total = 0.0
        for i in range(x.shape[0]):
            if x[i] > 0:
                total = total + x[i] * y[i]
            else:
                total = total - np.sin(x[i]) * y[i] ** 2
        return total

    def vec(x, y):
        return np.tanh(np.dot(M, x)) * np.sum(y**2)

    def elementwise(x, y):
        return np.sin(x) * np.exp(y) + x**3

    return {
        "tanh_dot": tanh_dot,
        "quartic": quartic,
        "softplus_mat": softplus_mat,
        "branchy": branchy,
    }, {"vec": vec, "elementwise": elementwise}


AG_SCALAR, AG_VECTOR = _functions(anp)
SG_SCALAR, SG_VECTOR = _functions(np)
SCALAR = sorted(SG_SCALAR)
VECTOR = sorted(SG_VECTOR)


@pytest.mark.parametrize("argnum", [0, 1, (0, 1), (1, 0)])
@pytest.mark.parametrize("name", SCALAR)
def test_grad(name, argnum):
    expected = ag.grad(AG_SCALAR[name], argnum)(X, Y)
    actual = sg.grad(SG_SCALAR[name], argnum)(X, Y)
    assert type(actual) is type(expected)
    assert_tree_close(actual, expected, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("name", SCALAR)
def test_value_and_grad(name):
    ev, eg = ag.value_and_grad(AG_SCALAR[name], 1)(X, Y)
    av, ag_ = sg.value_and_grad(SG_SCALAR[name], 1)(X, Y)
    np.testing.assert_allclose(av, ev, rtol=1e-12)
    np.testing.assert_allclose(ag_, eg, rtol=1e-10, atol=1e-12)


def test_grad_of_float_and_trees():
    def f(p, s):
        return np.sum(p["w"] ** 2) * s + p["pair"][0] * np.sum(p["pair"][1][0] * p["pair"][1][1])

    def af(p, s):
        return anp.sum(p["w"] ** 2) * s + p["pair"][0] * anp.sum(p["pair"][1][0] * p["pair"][1][1])

    p = {"w": X, "pair": (1.5, [Y, X])}
    for argnum in (0, 1, (0, 1)):
        assert_tree_close(sg.grad(f, argnum)(p, 0.5), ag.grad(af, argnum)(p, 0.5))
    assert isinstance(sg.grad(f, 1)(p, 0.5), float)


def test_grad_with_keyword_arguments():
    def f(x, scale=1.0):
        return np.sum(np.sin(x)) * scale

    assert_tree_close(sg.grad(f)(X, scale=3.0), 3.0 * np.cos(X))


@pytest.mark.parametrize("shape", [(1,), (1, 1)])
def test_size_one_output_is_a_scalar(shape):
    def f(x):
        return np.reshape(np.sum(x**3), shape)

    expected = ag.grad(lambda x: anp.reshape(anp.sum(x**3), shape))(X)
    assert_tree_close(sg.grad(f)(X), expected)
    value, g = sg.value_and_grad(f)(X)
    assert np.shape(value) == shape
    assert_tree_close(g, expected)


def test_non_scalar_output_is_rejected():
    with pytest.raises(ValueError, match="must return a scalar"):
        sg.grad(lambda x: x * 2.0)(X)


def test_argnum_is_checked():
    with pytest.raises(S2SGradError):
        sg.grad(lambda x: x, argnum="x")


@pytest.mark.parametrize("name", VECTOR)
def test_elementwise_grad(name):
    for argnum in (0, 1):
        expected = ag.elementwise_grad(AG_VECTOR[name], argnum)(X, Y)
        assert_tree_close(sg.elementwise_grad(SG_VECTOR[name], argnum)(X, Y), expected, rtol=1e-10)


def test_elementwise_grad_of_numpy_functions_and_nested():
    for f, af in [(np.tanh, anp.tanh), (np.sin, anp.sin), (np.exp, anp.exp)]:
        assert_tree_close(sg.elementwise_grad(f)(X), ag.elementwise_grad(af)(X))
        assert_tree_close(
            sg.elementwise_grad(sg.elementwise_grad(f))(X),
            ag.elementwise_grad(ag.elementwise_grad(af))(X),
            rtol=1e-10,
        )

    def user(x):
        return np.exp(-x) * np.sin(x) ** 2

    auser = lambda x: anp.exp(-x) * anp.sin(x) ** 2  # noqa: E731
    assert_tree_close(
        sg.elementwise_grad(sg.elementwise_grad(user))(X),
        ag.elementwise_grad(ag.elementwise_grad(auser))(X),
        rtol=1e-10,
    )


@pytest.mark.parametrize("name", VECTOR + SCALAR)
def test_jacobian(name):
    fs, afs = (SG_VECTOR, AG_VECTOR) if name in SG_VECTOR else (SG_SCALAR, AG_SCALAR)
    for argnum in (0, 1):
        expected = ag.jacobian(afs[name], argnum)(X, Y)
        actual = sg.jacobian(fs[name], argnum)(X, Y)
        assert np.shape(actual) == np.shape(expected)
        assert_tree_close(actual, expected, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("name", SCALAR)
def test_hessian_and_jacobian_of_grad(name):
    expected = ag.hessian(AG_SCALAR[name])(X, Y)
    assert_tree_close(sg.hessian(SG_SCALAR[name])(X, Y), expected, rtol=1e-9, atol=1e-10)
    assert_tree_close(sg.jacobian(sg.grad(SG_SCALAR[name]))(X, Y), expected, rtol=1e-9, atol=1e-10)
    assert_tree_close(
        sg.hessian(SG_SCALAR[name], 1)(X, Y),
        ag.hessian(AG_SCALAR[name], 1)(X, Y),
        rtol=1e-9,
        atol=1e-10,
    )


def test_grad_of_grad():
    def f(t):
        return np.sin(t) * t**3

    af = lambda t: anp.sin(t) * t**3  # noqa: E731
    assert np.isclose(sg.grad(sg.grad(f))(0.7), ag.grad(ag.grad(af))(0.7))
    assert np.isclose(sg.grad(sg.grad(sg.grad(f)))(0.7), ag.grad(ag.grad(ag.grad(af)))(0.7))


@pytest.mark.parametrize("name", SCALAR)
def test_hessian_vector_products(name):
    v = RS.randn(4)
    for argnum in (0, 1):
        expected = ag.hessian_tensor_product(AG_SCALAR[name], argnum)(X, Y, v)
        assert_tree_close(
            sg.hessian_tensor_product(SG_SCALAR[name], argnum)(X, Y, v),
            expected,
            rtol=1e-9,
            atol=1e-10,
        )
        assert_tree_close(
            sg.hessian_vector_product(SG_SCALAR[name], argnum)(X, Y, v),
            expected,
            rtol=1e-9,
            atol=1e-10,
        )
        hvp, g = sg.make_hvp(SG_SCALAR[name], argnum)(X, Y)
        ahvp, ag_ = ag.make_hvp(AG_SCALAR[name], argnum)(X, Y)
        assert_tree_close(g, ag_, rtol=1e-10, atol=1e-12)
        assert_tree_close(hvp(v), ahvp(v), rtol=1e-9, atol=1e-10)


@pytest.mark.parametrize("name", VECTOR + SCALAR)
def test_make_vjp(name):
    fs, afs = (SG_VECTOR, AG_VECTOR) if name in SG_VECTOR else (SG_SCALAR, AG_SCALAR)
    for argnum in (0, 1, (0, 1)):
        vjp, ans = sg.make_vjp(fs[name], argnum)(X, Y)
        avjp, aans = ag.make_vjp(afs[name], argnum)(X, Y)
        np.testing.assert_allclose(ans, aans, rtol=1e-12)
        for _ in range(2):
            g = RS.randn(*np.shape(aans)) if np.ndim(aans) else 1.7
            assert_tree_close(vjp(g), avjp(g), rtol=1e-10, atol=1e-12)
        if not isinstance(argnum, tuple):
            assert_tree_close(
                sg.vector_jacobian_product(fs[name], argnum)(X, Y, g),
                avjp(g),
                rtol=1e-10,
                atol=1e-12,
            )


@pytest.mark.parametrize("name", VECTOR + SCALAR)
def test_make_jvp(name):
    fs, afs = (SG_VECTOR, AG_VECTOR) if name in SG_VECTOR else (SG_SCALAR, AG_SCALAR)
    v = RS.randn(4)
    for argnum in (0, 1):
        ans, dot = sg.make_jvp(fs[name], argnum)(X, Y)(v)
        aans, adot = ag.make_jvp(afs[name], argnum)(X, Y)(v)
        np.testing.assert_allclose(ans, aans, rtol=1e-12)
        assert_tree_close(dot, adot, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(
        sg.deriv(fs[name])(X, Y), ag.deriv(afs[name])(X, Y), rtol=1e-10, atol=1e-12
    )


def test_grad_named_and_multigrad_dict():
    f = SG_SCALAR["quartic"]
    assert_tree_close(sg.grad_named(f, "y")(X, Y), ag.grad_named(AG_SCALAR["quartic"], "y")(X, Y))
    grads = sg.multigrad_dict(f)(X, y=Y)
    assert list(grads) == ["x", "y"]
    assert_tree_close(grads["x"], ag.grad(AG_SCALAR["quartic"], 0)(X, Y))
    assert_tree_close(grads["y"], ag.grad(AG_SCALAR["quartic"], 1)(X, Y))
    with pytest.raises(S2SGradError):
        sg.grad_named(f, "z")


# -- primitives with hand-written rules ---------------------------------------------------------


def _pair(prim, defvjp_, defjvp_):
    """A primitive whose rules are deliberately not its derivative, so that using them shows."""

    @prim
    def weird(x, c):
        return c * x**2

    defvjp_(
        weird, lambda ans, x, c: lambda g: g * 10.0 * x, lambda ans, x, c: lambda g: np.sum(g * 3.0)
    )
    defjvp_(weird, lambda g, ans, x, c: g * 20.0 * x, lambda g, ans, x, c: g * 5.0 * x**0)
    return weird


def test_defvjp_gives_the_custom_gradient():
    sw = _pair(primitive, defvjp, defjvp)
    aw = _pair(ag_primitive, ag_defvjp, ag_defjvp)

    def loss(x, c):
        return np.sum(np.sin(sw(x, c)))

    aloss = lambda x, c: anp.sum(anp.sin(aw(x, c)))  # noqa: E731
    for argnum in (0, 1, (0, 1)):
        assert_tree_close(sg.grad(loss, argnum)(X, 0.5), ag.grad(aloss, argnum)(X, 0.5))
    assert not np.allclose(sg.grad(loss)(X, 0.5), numerical_grad(loss, (X, 0.5), 0))


def test_defjvp_gives_the_custom_tangent():
    sw = _pair(primitive, defvjp, defjvp)
    aw = _pair(ag_primitive, ag_defvjp, ag_defjvp)
    v = RS.randn(4)

    def f(x, c):
        return sw(x, c)

    af = lambda x, c: aw(x, c)  # noqa: E731
    for argnum, t in ((0, v), (1, 0.3)):
        ans, dot = sg.make_jvp(f, argnum)(X, 0.5)(t)
        aans, adot = ag.make_jvp(af, argnum)(X, 0.5)(t)
        assert_tree_close(dot, adot)


def test_defvjp_none_and_argnums():
    @primitive
    def scaled(x, c):
        return c * np.sin(x)

    defvjp(scaled, lambda ans, x, c: lambda g: g * c * np.cos(x), None)
    assert_tree_close(sg.grad(lambda x, c: np.sum(scaled(x, c)))(X, 2.0), 2.0 * np.cos(X))
    assert sg.grad(lambda x, c: np.sum(scaled(x, c)), 1)(X, 2.0) == 0.0

    @primitive
    def shifted(x, y):
        return x + 2.0 * y

    defvjp(shifted, lambda ans, x, y: lambda g: 2.0 * g, argnums=(1,))
    assert_tree_close(sg.grad(lambda x, y: np.sum(shifted(x, y)), 1)(X, Y), np.full(4, 2.0))
    with pytest.raises(NotImplementedError, match="argument 0"):
        sg.grad(lambda x, y: np.sum(shifted(x, y)))(X, Y)


def test_defvjp_argnum_and_defjvp_argnum():
    @primitive
    def mul(x, y):
        return x * y

    defvjp_argnum(mul, lambda argnum, ans, args, kwargs: lambda g: g * args[1 - argnum])
    defjvp_argnum(mul, lambda argnum, g, ans, args, kwargs: g * args[1 - argnum])
    for argnum in (0, 1):
        assert_tree_close(sg.grad(lambda x, y: np.sum(mul(x, y)), argnum)(X, Y), [Y, X][argnum])
        assert_tree_close(
            sg.make_jvp(lambda x, y: mul(x, y), argnum)(X, Y)(np.ones(4))[1], [Y, X][argnum]
        )


# -- flatten and the optimizers ------------------------------------------------------------------

TREES = [
    np.arange(6.0).reshape(2, 3),
    [np.ones(2), (3.0, np.zeros((2, 1)))],
    {"b": np.arange(3.0), "a": [1.5, {"z": np.eye(2), "y": 2.0}]},
    ([(RS.randn(3, 2), RS.randn(2)), (RS.randn(2, 1), RS.randn(1))],),
    (),
]


@pytest.mark.parametrize("tree", TREES, ids=range(len(TREES)))
def test_flatten_round_trip_and_order(tree):
    flat, unflatten = flatten(tree)
    aflat, _ = ag_flatten(tree)
    np.testing.assert_array_equal(flat, aflat)
    back = unflatten(flat)
    assert_tree_close(back, tree)
    assert type(back) is type(tree)
    assert repr(back) == repr(ag_flatten(tree)[1](aflat))  # same types, key order, 0-d leaves
    assert_tree_close(
        unflatten(flat * 2.0), unflatten(flat) if not flat.size else flatten(tree)[1](2.0 * flat)
    )
    with pytest.raises(ValueError):
        unflatten(np.zeros(flat.size + 1))


@pytest.mark.parametrize(
    "tree, want",
    [
        (1.0 + 1.0j, [1.0 + 1.0j]),
        ([np.array([0.5j, 2.0]), (1.0 + 0.0j,)], [0.5j, 2.0, 1.0 + 0.0j]),
    ],
    ids=range(2),
)
def test_flatten_of_complex_leaves_keeps_them_complex(tree, want):
    flat, unflatten = flatten(tree)
    assert flat.dtype == complex
    np.testing.assert_array_equal(flat, want)
    assert_tree_close(unflatten(flat), tree)
    if not isinstance(tree, list):  # autograd's flatten breaks on mixed trees
        np.testing.assert_array_equal(flat, ag_flatten(tree)[0])


def test_flatten_func():
    tree = {"w": np.arange(3.0), "b": 0.5}

    def f(p, scale):
        return {"w": p["w"] * scale, "b": p["b"] + scale}

    flat_f, unflatten, flat0 = flatten_func(f, tree)
    np.testing.assert_array_equal(flat0, [0.5, 0.0, 1.0, 2.0])
    np.testing.assert_array_equal(flat_f(flat0, 2.0), [2.5, 0.0, 2.0, 4.0])
    assert unflatten(flat0)["b"] == 0.5 and list(unflatten(flat0)) == ["w", "b"]


def _problem(np, grad):
    target = np.array([1.0, -2.0, 0.5])

    def objective(params, i):
        w, b = params["w"], params["b"]
        return np.sum((w - target) ** 2 * (1.0 + 0.1 * i)) + (b - 1.0) ** 2 + np.sum(w**4)

    return grad(objective), {"w": np.zeros(3), "b": 0.3}


@pytest.mark.parametrize(
    "name,kwargs",
    [
        ("sgd", {"num_iters": 40, "step_size": 0.05}),
        ("sgd", {}),
        ("rmsprop", {"num_iters": 30, "step_size": 0.05, "gamma": 0.8}),
        ("adam", {"num_iters": 50, "step_size": 0.1}),
        ("adam", {}),
    ],
)
def test_optimizers_reproduce_autograd(name, kwargs):
    trace, atrace = [], []
    g, x0 = _problem(np, sg.grad)
    ag_g, ax0 = _problem(anp, ag.grad)
    out = getattr(sg_opt, name)(g, x0, lambda x, i, gr: trace.append((x, i, gr)), **kwargs)
    expected = getattr(ag_opt, name)(
        ag_g, ax0, lambda x, i, gr: atrace.append((x, i, gr)), **kwargs
    )
    assert_tree_close(out, expected, rtol=1e-12, atol=1e-14)
    assert len(trace) == len(atrace) > 0
    for (x, i, gr), (ax, ai, agr) in zip(trace, atrace):
        assert i == ai
        assert_tree_close(x, ax, rtol=1e-12, atol=1e-14)
        assert_tree_close(gr, agr, rtol=1e-12, atol=1e-14)
    assert type(out) is dict and list(out) == ["w", "b"] and np.shape(out["b"]) == ()


def test_optimizer_without_callback_on_an_array():
    g = sg.grad(lambda x, i: np.sum((x - 3.0) ** 2))
    ag_g = ag.grad(lambda x, i: anp.sum((x - 3.0) ** 2))
    np.testing.assert_allclose(
        sg_opt.adam(g, np.zeros(2), num_iters=20),
        ag_opt.adam(ag_g, np.zeros(2), num_iters=20),
        rtol=1e-13,
    )


# -- the module aliases ---------------------------------------------------------------------------


def test_numpy_and_scipy_aliases_are_the_libraries():
    import numpy.linalg
    import numpy.random
    import s2sgrad.compat.autograd.numpy as cnp
    import s2sgrad.compat.autograd.numpy.linalg as cla
    import s2sgrad.compat.autograd.numpy.random as cnpr

    from s2sgrad.compat.autograd import builtins

    # NumPy with autograd's own names added: NumPy's objects for all of NumPy's names
    assert cnpr is numpy.random and cnp.random is numpy.random and cnp.fft is np.fft
    assert cnp.random.randn is numpy.random.randn and cnp.sum is np.sum and cnp.e == np.e
    assert cla.pinv is numpy.linalg.pinv and cla is cnp.linalg and cla.T is not None
    assert cnp.make_diagonal is s2sgrad.runtime.autograd_make_diagonal
    assert builtins.tuple is tuple and builtins.dict is dict
    pytest.importorskip("scipy")
    import s2sgrad.compat.autograd.scipy.special as csps
    import s2sgrad.compat.autograd.scipy.stats.norm as cnorm
    import scipy.special
    import scipy.stats

    import s2sgrad.compat.autograd.scipy as csp

    # special, stats and integrate: SciPy's objects for all names, autograd's star names
    assert csps is csp.special and cnorm is scipy.stats.norm
    assert csps.gammaln is scipy.special.gammaln and csp.stats.norm is scipy.stats.norm
    assert csp.integrate.odeint is scipy.integrate.odeint and csps.xlogy is scipy.special.xlogy
    assert csp.linalg is scipy.linalg and csp.__version__ == scipy.__version__
    # signal is SciPy's but for convolve, which is autograd's own (axes and dot_axes)
    import s2sgrad.compat.autograd.scipy.signal as csig
    import scipy.signal

    assert csp.signal is csig and csig.correlate is scipy.signal.correlate
    assert csig.convolve is not scipy.signal.convolve
    from s2sgrad.compat.autograd.scipy.special import logsumexp

    assert logsumexp is scipy.special.logsumexp


@pytest.mark.parametrize("module", ["scipy.special", "scipy.stats", "scipy.integrate"])
def test_star_imports_give_autograds_names(module):
    # was: SciPy's own star names, which replace NumPy's exp, log, log1p, ... of a
    # ``from autograd.numpy import *`` above them
    pytest.importorskip("scipy")
    import s2sgrad.compat.autograd.numpy as cnp

    alone, ours, theirs = {}, {}, {}
    exec(f"from s2sgrad.compat.autograd.{module} import *", alone)
    exec(f"from autograd.{module} import *", theirs)
    star = "from s2sgrad.compat.autograd.numpy import *\n"
    exec(f"{star}from s2sgrad.compat.autograd.{module} import *", ours)
    names = {k for k in alone if not k.startswith("__")}
    assert names and names <= set(theirs), names - set(theirs)
    for name in ("exp", "log", "log1p", "expm1", "abs", "power", "round"):
        assert ours[name] is getattr(cnp, name), name
    for name in names:
        assert ours[name] is alone[name]  # SciPy's own objects
    if module == "scipy.special":
        assert {"gammaln", "logsumexp", "digamma", "expit", "multigammaln", "erfinv"} <= names


def test_switched_program_uses_s2sgrad_rules():
    import s2sgrad.compat.autograd.numpy as cnp

    def f(x):
        return cnp.sum(cnp.linalg.norm(x) * cnp.tanh(x))

    g = sg.grad(f)
    assert_tree_close(g(X), numerical_grad(f, (X,), 0), rtol=1e-6)
    assert "np.tanh" in s2sgrad.grad(f).source_for(X)


def test_grad_and_aux_and_tensor_jacobian_product():
    def f(x, y):
        return np.sum(np.tanh(x) * y), {"norm": np.sum(x**2)}

    def af(x, y):
        return anp.sum(anp.tanh(x) * y), {"norm": anp.sum(x**2)}

    g, aux = sg.grad_and_aux(f)(X, Y)
    ag_g, ag_aux = ag.grad_and_aux(af)(X, Y)
    assert_tree_close(g, ag_g)
    assert np.isclose(aux["norm"], getattr(ag_aux["norm"], "_value", ag_aux["norm"]))
    v = RS.randn(3)
    vec = SG_VECTOR["vec"]
    assert_tree_close(
        sg.tensor_jacobian_product(vec, 0)(X, Y, v),
        ag.tensor_jacobian_product(AG_VECTOR["vec"], 0)(X, Y, v),
        rtol=1e-10,
    )


def test_vjp_cotangent_must_have_the_output_shape():
    vjp, ans = sg.make_vjp(SG_VECTOR["vec"])(X, Y)
    for bad in (np.ones(1), 1.0, np.ones((3, 1))):
        with pytest.raises(ValueError, match="cotangent has shape"):
            vjp(bad)


def test_grad_of_partial():
    import functools

    f = SG_SCALAR["quartic"]
    af = AG_SCALAR["quartic"]
    assert_tree_close(sg.grad(functools.partial(f, y=Y))(X), ag.grad(functools.partial(af, y=Y))(X))
    assert_tree_close(sg.grad(functools.partial(f, X))(Y), ag.grad(functools.partial(af, X))(Y))
    value, g = sg.value_and_grad(functools.partial(f, X), -1)(Y)
    assert_tree_close(g, ag.grad(af, 1)(X, Y))


def test_a_half_switched_program_is_told_to_switch_its_imports(tmp_path):
    import importlib.util

    path = tmp_path / "half_switched.py"
    path.write_text("import autograd.numpy as np\n\n\ndef loss(x):\n    return np.sum(x ** 2)\n")
    spec = importlib.util.spec_from_file_location("half_switched", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with pytest.raises(
        S2SGradError,
        match=r"(?s)half_switched.py:5.*hint: this module imports "
        r"autograd itself \(np\).*s2sgrad.compat.autograd.numpy",
    ):
        sg.grad(module.loss)(X)


def test_getval_stops_the_gradient():
    from autograd.tracer import getval as ag_getval

    from s2sgrad.compat.autograd.tracer import getval

    def f(x):
        return np.sum(x * getval(x) ** 2)

    def af(x):
        return anp.sum(x * ag_getval(x) ** 2)

    assert_tree_close(sg.grad(f)(X), ag.grad(af)(X))
    assert_tree_close(sg.grad(f)(X), X**2)


@pytest.mark.parametrize(
    "value", [1 + 1j, (1.0, np.array([1j, 2.0])), {"a": 2.0, "b": [3.0 - 1j]}, [np.arange(3), 2.5]]
)
def test_flatten_keeps_complex_values_against_autograd(value):
    flat, unflatten = flatten(value)
    want, _ = ag_flatten(value)
    assert flat.dtype == want.dtype and np.array_equal(flat, want)
    back = flatten(unflatten(flat))[0]
    assert np.array_equal(back, flat)


_TREE = {"w": RS.randn(2, 2), "b": [0.5, RS.randn(2)]}


def _flat_sum_sin(p):
    flat, _ = sg_misc.flatten(p)
    return np.sum(np.sin(flat)) * flat[0]


def _pair_norm(x, y):
    xy, _ = sg_misc.flatten([x, (y, {"k": x * y})])
    return np.sum(xy**2)


_FLAT0, _UNFLATTEN = flatten(_TREE)


def _of_unflattened(v):
    t = _UNFLATTEN(v)
    return np.sum(t["w"] ** 3) + t["b"][0] * np.sum(np.tanh(t["b"][1]))


@pytest.mark.parametrize(
    "fun, args",
    [
        (_flat_sum_sin, (_TREE,)),
        (_pair_norm, (1.5, 2.0)),
        (_pair_norm, (RS.randn(3), RS.randn(3))),
        (_of_unflattened, (_FLAT0 + 0.3,)),
    ],
)
def test_flatten_inside_a_differentiated_function_against_autograd(fun, args):
    from s2sgrad.compat.autograd.test_util import check_grads

    argnum = tuple(range(len(args)))
    got = sg.grad(fun, argnum)(*args)
    ag_fun = type(fun)(
        fun.__code__,
        {**fun.__globals__, "np": anp, "sg_misc": ag.misc, "_UNFLATTEN": ag_flatten(_TREE)[1]},
    )
    want = ag.grad(ag_fun, argnum)(*args)
    assert_tree_close(got, want)
    check_grads(fun, argnum)(*args)


def test_flatten_func_differentiates_against_autograd():
    def loss(params, k):
        return k * np.sum(params["w"] ** 2) + params["b"][0] * np.sum(np.sin(params["b"][1]))

    flat_f, _, x0 = flatten_func(loss, _TREE)
    ag_loss = type(loss)(loss.__code__, {**loss.__globals__, "np": anp})
    from autograd.misc.flatten import flatten_func as ag_flatten_func

    ag_f, _, ag_x0 = ag_flatten_func(ag_loss, _TREE)
    assert np.allclose(sg.grad(flat_f)(x0, 2.0), ag.grad(ag_f)(ag_x0, 2.0))
