"""Constructs of session 26's longer real-style programs (tests/programs/s26b_*.py) that
s2sgrad refused or got wrong, each checked against finite differences and autograd in
every mode that applies: an attribute named ``T``, ``real`` or ``imag`` of an object of a
class of the user's (a distiller's temperature ``self.T``) is that attribute, not a
transpose; ``**opts`` whose keys are known only when the code runs (an item of a config
list) given to a function value or a def of the user's; ``*shape`` of a local bound to a
shape (and the gradient's own ``*x_shape``, read again for a Hessian)."""

import dataclasses
from typing import NamedTuple

import numpy as np
import pytest
from gradcheck import check_all_modes, check_rejected

import s2sgrad

X = [0.31, -0.57, 1.73]


def scaled(z, T=1.0):
    return z / T


def log_softmax(z, T=1.0):
    z = z / T
    return z - np.log(np.sum(np.exp(z)))


class Distiller:
    def __init__(self, T, real=0.5, imag=2.0):
        self.T = T
        self.real = real
        self.imag = imag

    def loss(self, x):
        return np.sum(np.exp(log_softmax(x, self.T)) * log_softmax(x**2, self.T)) * self.T**2

    def soft(self, x):
        T = self.T
        return np.sum(scaled(np.sin(x), T) ** 2) + self.real * np.sum(x * self.imag)


DISTILLER = Distiller(2.5)


def temperature_attribute(x):
    return DISTILLER.loss(x)


def temperature_read_to_a_local(x):
    return DISTILLER.soft(x)


def temperature_of_an_object_made_here(x):
    d = Distiller(1.5, real=0.25)
    return d.loss(x) + d.soft(x) * d.T + d.real * d.imag


class Nested:
    def __init__(self):
        self.inner = Distiller(3.0)


NESTED = Nested()


def temperature_of_an_attribute_object(x):
    return np.sum(scaled(x**3, NESTED.inner.T)) + NESTED.inner.T * np.sum(x)


@dataclasses.dataclass
class Temp:
    T: np.ndarray
    real: float


class Pair(NamedTuple):
    T: np.ndarray
    imag: np.ndarray


def field_named_T_of_a_dataclass(x):
    p = Temp(T=x * 2.0, real=3.0)
    return np.sum(p.T**2) * p.real


def field_named_T_of_a_namedtuple(x):
    b = Pair(np.sin(x), x**2)
    return np.sum(b.T * b.imag)


def array_attributes_still_transpose(x):
    M = np.outer(x, x + 1.0)
    return np.sum(M.T @ M) + np.sum((M * (1 + 2j)).imag) + np.sum((M * 1j).real)


@pytest.mark.parametrize(
    "f",
    [
        temperature_attribute,
        temperature_read_to_a_local,
        temperature_of_an_object_made_here,
        temperature_of_an_attribute_object,
        field_named_T_of_a_dataclass,
        field_named_T_of_a_namedtuple,
        array_attributes_still_transpose,
    ],
)
def test_an_attribute_named_T_of_a_users_object_is_that_attribute(f):
    # was: "a NumPy array of dtype object (T) meets differentiated values here" (self.T
    # read as np.transpose(self))
    check_all_modes(f, X)


def test_a_method_with_self_T_differentiated_directly():
    import autograd
    import autograd.numpy as anp

    def ag_loss(x, T=2.5):
        def ls(z):
            z = z / T
            return z - anp.log(anp.sum(anp.exp(z)))

        return anp.sum(anp.exp(ls(x)) * ls(x**2)) * T**2

    x = np.array(X)
    bound = s2sgrad.grad(DISTILLER.loss)(x)
    np.testing.assert_allclose(bound, autograd.grad(ag_loss)(x), rtol=1e-10)
    np.testing.assert_allclose(bound, s2sgrad.grad(temperature_attribute)(x), rtol=1e-12)


def test_a_dataclass_parameter_with_a_field_named_T():
    def loss(p):
        return np.sum(p.T**3) * p.real

    g = s2sgrad.grad(loss)(Temp(T=np.array([1.0, -2.0]), real=2.0))
    np.testing.assert_allclose(g.T, 3 * np.array([1.0, 4.0]) * 2.0)
    np.testing.assert_allclose(g.real, 1.0 - 8.0)


# -- **opts of keys known only when the code runs ---------------------------------------

LOSSES = {}


def register(name):
    def decorator(fn):
        LOSSES[name] = fn
        return fn

    return decorator


@register("squared")
def squared(y, p, gamma=2.0):
    return np.sum((y - p) ** 2) * gamma


@register("sine")
def sine(y, p, delta=1.0, shift=0.0):
    return np.sum(np.sin(y * p + shift)) + delta * np.sum(p**2)


@register("huber")
def huber(y, p, delta=1.0, scale=1.0):
    r = np.abs(y - p)
    return scale * np.sum(np.where(r <= delta, 0.5 * r**2, delta * (r - 0.5 * delta)))


CONFIG = [
    ("squared", 1.0, {"gamma": 3.0}),
    ("sine", 0.5, {"delta": 0.2, "shift": 0.3}),
    ("huber", 0.7, {"delta": 0.4}),
    ("squared", 0.1, {}),
]
OPTIONS = [{"delta": 0.3}, {"delta": 2.0, "scale": 0.5}, {}]


def registry_loop_over_a_default(p, config=CONFIG):
    total = 0.0
    for name, weight, opts in config:
        total = total + weight * LOSSES[name](1.0, p, **opts)
    return total


def registry_generator_over_a_global(p):
    return sum(w * LOSSES[name](0.5, p, **opts) for name, w, opts in CONFIG)


def registry_local_function_value(p):
    total = 0.0
    for name, weight, opts in CONFIG:
        fn = LOSSES[name]
        total = total + weight * fn(np.cos(p), p, **opts)
    return total


def def_of_the_user_with_options_of_a_list(p):
    total = 0.0
    for opts in OPTIONS:
        total = total + huber(p, 0.1, **opts)
    return total


EXTRA = {"scale": 2.0}


def options_and_named_keywords(p, extra=EXTRA):
    return huber(p, 0.2, delta=0.5, **extra) + huber(np.sin(p), 0.0, **OPTIONS[1])


def options_of_a_config_dict(p):
    cfg = {"losses": CONFIG, "l2": 0.01}
    total = cfg["l2"] * np.sum(p**2)
    for i, (name, weight, opts) in enumerate(cfg["losses"]):
        total = total + (i + 1.0) * weight * LOSSES[name](p, p**2, **opts)
    return total


@pytest.mark.parametrize(
    "f",
    [
        registry_loop_over_a_default,
        registry_generator_over_a_global,
        registry_local_function_value,
        def_of_the_user_with_options_of_a_list,
        options_and_named_keywords,
        options_of_a_config_dict,
    ],
)
def test_options_unpacked_into_a_call_whose_keys_are_known_when_it_runs(f):
    # was: "the call unpacks **'opts', whose keys are not known when the function is
    # transformed"
    check_all_modes(f, X)


NAMES = ["delta", "scale"]


def options_made_from_differentiated_values(p):
    opts = dict(zip(NAMES, np.exp(p[:2])))
    return huber(p, 0.1, **opts)


def options_of_a_registry_call_made_from_differentiated_values(p):
    opts = {}
    opts["gamma"] = p[0]
    return LOSSES["squared"](1.0, p, **dict(opts))


@pytest.mark.parametrize(
    "f",
    [
        options_made_from_differentiated_values,
        options_of_a_registry_call_made_from_differentiated_values,
    ],
)
def test_differentiated_options_are_refused_at_the_users_line(f):
    check_rejected(
        f, X, "whose keys are known only when the code runs, and it holds differentiated"
    )


def test_options_given_to_a_numpy_function_are_still_refused():
    def f(p):
        for opts in [{"axis": 0}]:
            return np.sum(np.sum(p**2, **opts))

    check_rejected(f, X, "whose keys are not known")


# -- *x.shape, and a local holding a shape, unpacked into a call -------------------------


def seeded_global_draw(x):
    np.random.seed(0)
    return np.sum((x + 0.1 * np.random.randn(*x.shape)) ** 2)


def random_state_made_here(x):
    rs = np.random.RandomState(1)
    h = np.tanh(x)
    return np.sum((h + rs.randn(*h.shape)) ** 2) + np.sum(x * np.ones(*x.shape))


def shape_bound_to_a_local(x):
    shape = x.shape
    rs = np.random.RandomState(2)
    return np.sum((x + 0.1 * rs.randn(*shape)) ** 3)


def shape_of_a_matrix_bound_to_a_local(x):
    W = np.outer(x, np.sin(x))
    n, m = W.shape
    shp = W.shape
    mask = np.random.RandomState(3).rand(*shp) < 0.7
    return np.sum(W**2 * mask) / (n * m) + np.sum(np.zeros(*shp[1:]) + x)


def reshaped_by_a_local_shape(x):
    W = np.outer(x, x + 1.0)
    shape = W.shape
    flipped = shape[::-1]
    return np.sum(np.sin(W).ravel().reshape(*shape) * np.arange(9.0).reshape(*flipped))


@pytest.mark.parametrize(
    "f",
    [
        seeded_global_draw,
        random_state_made_here,
        shape_bound_to_a_local,
        shape_of_a_matrix_bound_to_a_local,
        reshaped_by_a_local_shape,
    ],
)
def test_a_shape_unpacked_into_a_call_in_every_mode(f):
    # was, for the Hessian (the gradient's code read again) and for a local bound to
    # x.shape: "the call unpacks 'shape_shape', whose length is not known"
    check_all_modes(f, X)


@pytest.mark.parametrize("name", ["s26b_gp_classification_laplace", "s26b_sparse_gp_titsias_bound"])
def test_forward_mode_of_programs_autograd_has_no_jvp_for(name, tmp_path):
    # autograd has no JVP of cholesky (NO_FORWARD_ORACLE in test_programs.py): s2sgrad's
    # forward mode against finite differences and its own reverse mode
    import pathlib

    from gradcheck import numerical_grad
    from test_programs import _load, _switched

    import s2sgrad.compat.autograd as compat

    path = tmp_path / f"{name}.py"
    path.write_text(_switched((pathlib.Path(__file__).parent / "programs" / path.name).read_text()))
    module = _load(path, f"s26b_forward_{name}")
    (x,) = module.inputs()
    v = np.random.RandomState(5).randn(*x.shape)
    ans, dot = compat.make_jvp(module.loss)(x)(v)
    assert np.isclose(ans, module.loss(x), rtol=1e-12)
    fd = numerical_grad(module.loss, (x,), 0)
    np.testing.assert_allclose(dot, np.sum(fd * v), rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(dot, np.sum(s2sgrad.grad(module.loss)(x) * v), rtol=1e-9)
