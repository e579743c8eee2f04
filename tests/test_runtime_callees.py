"""Calls whose callee is a value known only when the code runs (issue 12): an item of a
list, tuple or dict of functions or callable objects indexed by a run-time value, a loop
variable over objects of several classes, a function returned by a call, a derivative
stored in a name, ``self.act(z)`` for an attribute holding a function. The call runs as
written; its derivative is made from the value found then (:mod:`s2sgrad.runtime.callees`).
Each program is written once, for NumPy and for autograd (the oracle), and checked against
both and against central finite differences, in reverse and forward mode and to second
order."""

from __future__ import annotations

import functools

import autograd
import autograd.numpy as anp
import numpy as np
import pytest
from gradcheck import check_grads, numerical_grad

import s2sgrad
import s2sgrad.compat.autograd as compat
from s2sgrad.errors import NonDifferentiableError, UnsupportedSyntaxError

X = np.linspace(0.1, 1.0, 4)
V = np.array([0.3, -1.0, 0.5, 2.0])


def make(np, grad, hessian):
    """The programs, with ``np`` and the transformations of one library."""

    def relu(z):
        return np.maximum(z, 0.0)

    def softplus(z):
        return np.log1p(np.exp(z))

    def smooth(z):
        return softplus(z) * np.tanh(z)  # a user function calling another

    def leaky(z, alpha=0.01):
        return np.where(z > 0, z, alpha * z)

    acts = [np.tanh, np.sin, smooth]
    table = {"tanh": np.tanh, "relu": relu, "square": lambda z: z * z, "smooth": smooth}
    lambdas = [lambda z: z**3, lambda z: np.exp(-z) * z, lambda z: np.cos(z) + z]
    scaled = functools.partial(lambda z, k: z * k, k=3.0)

    def list_in_a_loop(x):
        s = 0.0
        for i in range(len(acts)):
            s = s + np.sum(acts[i](x) ** 2)
        return s

    def keyed_by_argument(x, name="tanh"):
        return np.sum(table[name](x) * x)

    def list_of_lambdas(x, k):
        return np.sum(lambdas[k](x))

    def enumerate_over_functions(x):
        s = 0.0
        for i, f in enumerate(lambdas):
            s = s + (i + 1.0) * np.sum(f(x))
        return s

    def tuple_by_index(x, k):
        fs = (np.tanh, scaled, leaky)
        return np.sum(fs[k](x * 2.0))

    def keyword_constant(x, k):
        return np.sum(acts[k](x) + leaky(x, alpha=0.2) + table["relu"](x - 0.5))

    class Scale:
        def __init__(self, w):
            self.w = w

        def __call__(self, x):
            return np.tanh(x * self.w)

        def forward(self, x):
            return self(x) + 1.0

    class Shift:
        def __init__(self, w):
            self.w = w

        def __call__(self, x):
            return np.sin(x + self.w)

        def forward(self, x):
            return self(x) * 2.0

    class Act:
        def __init__(self, act):
            self.act = act  # an attribute holding a function

        def __call__(self, x):
            return self.act(x) * 0.5

        def forward(self, x):
            return self.act(x) - x

    layers = [Scale(0.5), Shift(0.1), Act(np.tanh), Act(smooth)]

    def zip_over_layers(x):
        for layer, c in zip(layers, [1.0, 2.0, 0.5, 1.5]):
            x = layer(x) * c
        return np.sum(x)

    def enumerate_methods(x):
        s = 0.0
        for i, layer in enumerate(layers):
            s = s + (i + 1.0) * np.sum(layer.forward(x))
        return s

    def layer_by_index(x, k):
        return np.sum(layers[k].forward(x) * layers[k](x))

    def layers_argument(x, given):
        for layer in given:
            x = layer.forward(x)
        return np.sum(x)

    def chooser(name):
        return table[name]

    def returned_by_a_call(x, name="smooth"):
        act = chooser(name)
        return np.sum(act(x)) + np.sum(chooser("tanh")(x))

    def stored_gradient(x):
        g = grad(lambda y: grad(lambda z: np.sum(np.sin(z) ** 3))(y).sum())
        return np.sum(g(x))

    def stored_hessian(x):
        h = hessian(lambda y: np.sum(np.tanh(y) * y))
        return np.sum(h(x) * x)

    def optimiser(x):
        step = grad(lambda w: np.sum((w * x - 1.0) ** 2))
        w = np.ones_like(x)
        for _ in range(3):
            w = w - 0.1 * step(w)
        return np.sum(w * w * x)

    def apply(f, x):
        return f(x) * 2.0

    def passed_to_a_user_function(x):
        s = 0.0
        for i in range(len(acts)):
            s = s + np.sum(apply(acts[i], x))
        return s

    def comprehension_over_functions(x):
        return np.sum(np.stack([f(x) for f in acts])) + sum(np.sum(f(x)) for f in lambdas)

    def dict_of_pairs(x):
        pairs = {"a": (acts[0], 1.0), "b": (lambdas[2], 3.0), "c": (layers[1], 0.5)}
        s = 0.0
        for k in pairs:
            f, c = pairs[k]
            s = s + c * np.sum(f(x))
        return s

    def chosen_by_a_test(x):
        f = acts[0] if x[0] > 0.5 else acts[2]
        return np.sum(f(x))

    def loop_over(x, fns):
        s = 0.0
        for fn in fns:
            s = s + np.sum(fn(x))
        return s

    def local_functions_in_a_list(x, k):
        def square(z):
            return z * z

        cube = lambda z: z**3  # noqa: E731
        fs = [square, cube, lambda z: np.sin(z) * z, np.cos]
        return np.sum(fs[k](x))

    return dict(locals())


NP = make(np, s2sgrad.grad, s2sgrad.hessian)
AG = make(anp, autograd.grad, autograd.hessian)

# (program, extra arguments after x)
CASES = [
    ("list_in_a_loop", ()),
    ("keyed_by_argument", ()),
    ("keyed_by_argument", ("relu",)),
    ("keyed_by_argument", ("square",)),
    ("keyed_by_argument", ("smooth",)),
    ("list_of_lambdas", (0,)),
    ("list_of_lambdas", (1,)),
    ("list_of_lambdas", (2,)),
    ("enumerate_over_functions", ()),
    ("tuple_by_index", (0,)),
    ("tuple_by_index", (1,)),
    ("tuple_by_index", (2,)),
    ("keyword_constant", (1,)),
    ("zip_over_layers", ()),
    ("enumerate_methods", ()),
    ("layer_by_index", (0,)),
    ("layer_by_index", (1,)),
    ("layer_by_index", (2,)),
    ("layer_by_index", (3,)),
    ("returned_by_a_call", ()),
    ("returned_by_a_call", ("relu",)),
    ("passed_to_a_user_function", ()),
    ("comprehension_over_functions", ()),
    ("dict_of_pairs", ()),
    ("chosen_by_a_test", ()),
    ("local_functions_in_a_list", (0,)),
    ("local_functions_in_a_list", (1,)),
    ("local_functions_in_a_list", (2,)),
    ("local_functions_in_a_list", (3,)),
    ("stored_gradient", ()),
    ("stored_hessian", ()),
    ("optimiser", ()),
]
IDS = [f"{n}-{'-'.join(map(str, a))}" if a else n for n, a in CASES]


@pytest.mark.parametrize("program, extra", CASES, ids=IDS)
def test_gradient_matches_autograd_and_finite_differences(program, extra):
    f, oracle = NP[program], AG[program]
    g = check_grads(f, X, *extra, rtol=1e-5, atol=1e-7)[0]
    np.testing.assert_allclose(g, autograd.grad(oracle)(X, *extra), rtol=1e-9, atol=1e-12)


# forward mode and second order: not over the stored derivatives (a third derivative)
SECOND = [c for c in CASES if c[0] not in ("stored_gradient", "stored_hessian", "optimiser")]


@pytest.mark.parametrize(
    "program, extra", SECOND, ids=[i for c, i in zip(CASES, IDS) if c in SECOND]
)
def test_jvp_and_hessian_match_autograd(program, extra):
    f, oracle = NP[program], AG[program]
    value, dot = s2sgrad.jvp(lambda x: f(x, *extra), (X,), (V,))
    np.testing.assert_allclose(value, oracle(X, *extra), rtol=1e-12)
    np.testing.assert_allclose(dot, np.dot(autograd.grad(oracle)(X, *extra), V), rtol=1e-9)
    h = s2sgrad.hessian(f)(X, *extra)
    np.testing.assert_allclose(h, autograd.hessian(oracle)(X, *extra), rtol=1e-7, atol=1e-10)
    # and one more way: the gradient of the gradient, by finite differences of s2sgrad's
    df = s2sgrad.grad(f)
    fd = numerical_grad(lambda x: np.dot(df(x, *extra), V), (X,), 0)
    np.testing.assert_allclose(h @ V, fd, rtol=1e-5, atol=1e-7)


def test_objects_given_as_an_argument():
    given, oracle = NP["layers"][:3], AG["layers"][:3]
    g = check_grads(NP["layers_argument"], X, given, rtol=1e-5, atol=1e-7)[0]
    np.testing.assert_allclose(g, autograd.grad(AG["layers_argument"])(X, oracle), rtol=1e-9)


def test_jacfwd_of_a_vector_function_over_a_dict_of_functions():
    table = NP["table"]

    def vector(x, name):
        return table[name](x) * x

    for name in ("tanh", "smooth", "square"):
        jac = s2sgrad.jacfwd(vector)(X, name)
        expected = autograd.jacobian(lambda x, name=name: AG["table"][name](x) * x)(X)
        np.testing.assert_allclose(jac, expected, rtol=1e-9, atol=1e-12)


# -- module-level containers ----------------------------------------------------------------

ACTS = [np.tanh, np.sin]
ACTD = {"tanh": np.tanh, "relu": lambda z: np.maximum(z, 0.0)}
GRADS = [s2sgrad.grad(lambda z: np.sum(np.sin(z) * z)), s2sgrad.grad(lambda z: np.sum(z**3))]


COMPAT_GRADS = [compat.grad(lambda z: np.sum(np.sin(z) * z)), compat.grad(lambda z: np.sum(z**3))]


def compat_list_of_gradients(x, k):
    return np.sum(COMPAT_GRADS[k](x) * x)


def global_list(x):
    s = 0.0
    for i in range(2):
        s = s + np.sum(ACTS[i](x))
    return s


def global_dict(x, name="tanh"):
    return np.sum(ACTD[name](x))


def global_list_of_gradients(x, k):
    return np.sum(GRADS[k](x) * x)


@pytest.mark.parametrize(
    "f, extra, oracle",
    [
        (global_list, (), lambda x: anp.sum(anp.tanh(x)) + anp.sum(anp.sin(x))),
        (global_dict, (), lambda x: anp.sum(anp.tanh(x))),
        (global_dict, ("relu",), lambda x: anp.sum(anp.maximum(x, 0.0))),
        (
            global_list_of_gradients,
            (0,),
            lambda x: anp.sum(autograd.grad(lambda z: anp.sum(anp.sin(z) * z))(x) * x),
        ),
        (
            global_list_of_gradients,
            (1,),
            lambda x: anp.sum(autograd.grad(lambda z: anp.sum(z**3))(x) * x),
        ),
        (
            compat_list_of_gradients,
            (0,),
            lambda x: anp.sum(autograd.grad(lambda z: anp.sum(anp.sin(z) * z))(x) * x),
        ),
    ],
)
def test_module_level_containers(f, extra, oracle):
    g = check_grads(f, X, *extra, rtol=1e-5, atol=1e-7)[0]
    np.testing.assert_allclose(g, autograd.grad(oracle)(X), rtol=1e-9, atol=1e-12)
    _, dot = s2sgrad.jvp(lambda x: f(x, *extra), (X,), (V,))
    np.testing.assert_allclose(dot, np.dot(g, V), rtol=1e-9)


def test_the_generated_code_calls_the_value_as_written():
    src = s2sgrad.grad(global_list).source_for(X)
    assert "ACTS_i_item = ACTS[i]" in src
    assert "= ACTS_i_item(x)" in src  # the forward sweep: the call as written
    assert "called_adjoint(ds_call, ACTS_i_item, (x,), None, None)" in src  # all moving
    assert src == s2sgrad.grad(global_list).source_for(X)  # the same every time


def test_a_call_with_nothing_differentiated_runs_as_written():
    calls = []

    def counted(z):
        calls.append(1)
        return np.tanh(z)

    fs = [counted, np.cos]

    def f(x, k):
        return np.sum(fs[k](np.ones(3))) * np.sum(x)

    g = s2sgrad.grad(f)(X, 0)
    np.testing.assert_allclose(g, np.sum(np.tanh(np.ones(3))) * np.ones(4))
    assert len(calls) == 1  # the forward sweep only: no derivative of it was made
    assert "called_adjoint" not in s2sgrad.grad(f).source_for(X, 0)


# -- errors ---------------------------------------------------------------------------------

NO_RULE = [np.unwrap, np.tanh]


def no_rule(x, k):
    return np.sum(NO_RULE[k](x))


def test_a_callee_without_a_derivative_is_an_error_at_the_users_line():
    for run in (
        lambda: s2sgrad.grad(no_rule)(X, 0),
        lambda: s2sgrad.jvp(lambda x: no_rule(x, 0), (X,), (V,)),
    ):
        with pytest.raises(
            NonDifferentiableError,
            match=r"test_runtime_callees\.py:\d+: the function called here is <function "
            r"unwrap .*known only when the code runs, and it cannot be differentiated",
        ) as info:
            run()
        assert "return np.sum(NO_RULE[k](x))" in str(info.value)
    check_grads(no_rule, X, 1)  # the same call with a function that has a rule


BUILTINS = [np.argmax, len]


def nondifferentiable(x, k):
    return np.sum(BUILTINS[k](x)) * 1.0 + np.sum(x)


@pytest.mark.parametrize("k", [0, 1])
def test_a_callee_on_the_nondifferentiable_list_has_no_derivative_as_where_written(k):
    # np.argmax(x) and len(x) written out have no derivative either (rules/nondiff.py)
    g = check_grads(nondifferentiable, X, k)[0]
    np.testing.assert_allclose(g, np.ones(4))
    _, dot = s2sgrad.jvp(lambda x: nondifferentiable(x, k), (X,), (V,))
    np.testing.assert_allclose(dot, np.sum(V))


def make_scaled(w):
    def scaled(z):
        return z * w

    return scaled


def callee_made_from_a_differentiated_value(x, w):
    act = make_scaled(w)
    return np.sum(act(x))


def differentiated_keyword(x, alpha):
    return np.sum(ACTD["tanh"](x, out=None) + NP["tuple_by_index"](x, 0) * alpha) + np.sum(
        NP["acts"][0](x) * NP["leaky"](x, alpha=alpha)
    )


def keyword_to_a_value(x, alpha):
    fs = [NP["leaky"]]
    return np.sum(fs[0](x, alpha=alpha))


def test_differentiated_values_reaching_made_or_looked_up_functions():
    # a factory closing over w is inlined where it is called (normalize/factories.py)
    g = check_grads(callee_made_from_a_differentiated_value, X, 0.5, argnums=(0, 1))
    np.testing.assert_allclose(g[1], np.sum(X))
    with pytest.raises(
        UnsupportedSyntaxError,
        match=r"test_runtime_callees\.py:\d+:\d+: 'fs\[0\]', a function known only when the "
        r"code runs, takes a differentiated keyword argument alpha",
    ):
        s2sgrad.grad(keyword_to_a_value, argnums=1)(X, 0.2)
    check_grads(keyword_to_a_value, X, 0.2)  # alpha constant: fine


HESSIANS = [s2sgrad.hessian(lambda z: np.sum(z**4))]


def hessian_from_a_list(x):
    return np.sum(HESSIANS[0](x))


def test_a_hessian_called_as_a_function_value():
    # a third derivative through a hessian found when the code runs: the function that
    # writes hessian(f)(x) out (s2sgrad/stored.py), differentiated as a callee
    expected = autograd.grad(lambda x: anp.sum(autograd.hessian(lambda z: anp.sum(z**4))(x)))(X)
    np.testing.assert_allclose(s2sgrad.grad(hessian_from_a_list)(X), expected, rtol=1e-10)
    check_grads(hessian_from_a_list, X)


def test_a_stored_derivative_read_as_a_value_is_an_error():
    def stored(x):
        d = s2sgrad.grad(lambda y: np.sum(y**3))
        ds = [d]
        return np.sum(ds[0](x))

    with pytest.raises(UnsupportedSyntaxError, match="can only be called where it is made"):
        s2sgrad.grad(stored)(X)


def noisy(z):
    return z * (1.0 + 0.1 * np.random.randn(*np.shape(z)))


class Noisy:
    def __call__(self, z):
        return np.tanh(z) + np.random.normal(size=np.shape(z))


NOISY = [noisy, Noisy(), functools.partial(noisy)]


def noisy_callee(x, k):
    return np.sum(NOISY[k](x))


@pytest.mark.parametrize("k", [0, 1, 2])
def test_a_callee_that_draws_random_numbers_is_an_error(k):
    # its derivative runs it again: the numbers drawn would differ from the forward's
    for run in (
        lambda: s2sgrad.grad(noisy_callee)(X, k),
        lambda: s2sgrad.jvp(lambda x: noisy_callee(x, k), (X,), (V,)),
    ):
        with pytest.raises(
            NonDifferentiableError,
            match=r"test_runtime_callees\.py:\d+:\d+: the function called here, .*draws random "
            r"numbers \(.*test_runtime_callees\.py:\d+: ",
        ):
            run()


def test_an_ahead_of_time_module_cannot_make_a_callees_derivative():
    from s2sgrad import aot
    from s2sgrad.errors import TransformError

    with pytest.raises(TransformError, match="its derivative calls called_adjoint"):
        aot.module_source(global_list)


def lambda_reading_a_local(x, w):
    fs = [lambda z: z * w, np.sin]
    return np.sum(fs[0](x))


def lambda_with_a_default_of_a_local(x, w):
    fs = [lambda z, w=w: z * w]
    return np.sum(fs[0](x))


def def_reading_a_local(x, w):
    def scaled(z):
        return z * w

    fs = {"s": scaled}
    return np.sum(fs["s"](x))


@pytest.mark.parametrize(
    "f, what",
    [
        (lambda_reading_a_local, "a lambda that reads 'w' of the enclosing function"),
        (lambda_with_a_default_of_a_local, "a lambda that reads 'w' of the enclosing function"),
        (def_reading_a_local, "the local function 'scaled' reads 'w' of the enclosing function"),
    ],
)
def test_a_local_function_value_reading_a_local_is_an_error(f, what):
    # its derivative, made when the code runs, would not reach w
    with pytest.raises(UnsupportedSyntaxError, match=r"test_runtime_callees\.py:\d+:\d+: " + what):
        s2sgrad.grad(f, argnums=1)(X, 0.5)


def keyed_argument(x, fns, key):
    return np.sum(fns[key](x) * x)


def loop_over_argument(x, fns):
    s = 0.0
    for fn in fns:
        s = s + np.sum(fn(x))
    return s


@pytest.mark.parametrize("container", [list, tuple])
def test_functions_given_in_an_argument(container):
    fns = {"a": np.tanh, "b": NP["smooth"]}
    for key in fns:
        g = check_grads(keyed_argument, X, fns, key, rtol=1e-5, atol=1e-7)[0]
        expected = autograd.grad(AG["keyed_by_argument"])(X, {"a": "tanh", "b": "smooth"}[key])
        np.testing.assert_allclose(g, expected, rtol=1e-9)
    given = container([np.tanh, np.sin, NP["smooth"]])
    g = check_grads(loop_over_argument, X, given, rtol=1e-5, atol=1e-7)[0]
    oracle = container([anp.tanh, anp.sin, AG["smooth"]])
    np.testing.assert_allclose(g, autograd.grad(AG["loop_over"])(X, oracle), rtol=1e-9)
