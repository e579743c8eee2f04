"""Derivatives made outside the differentiated function and called in it
(s2sgrad/stored.py): module globals, closure variables, defaults, arguments, attributes,
items of a dict or list, derivatives of derivatives, of s2sgrad's grad, value_and_grad,
hessian, jacfwd and jacrev and of autograd's through s2sgrad.compat.autograd. The cases are
tests/stored_cases.py, run with autograd (the oracle) and switched to s2sgrad; every
gradient is also checked against central finite differences."""

from __future__ import annotations

import importlib.util
import pathlib
import re

import numpy as np
import pytest
from gradcheck import assert_tree_close, numerical_grad

import s2sgrad
from s2sgrad.errors import TransformError, UnsupportedSyntaxError

autograd = pytest.importorskip("autograd")

CASES_FILE = pathlib.Path(__file__).parent / "stored_cases.py"
IMPORT = "from autograd import elementwise_grad, grad, hessian, jacobian, value_and_grad"
VARIANTS = {
    # autograd's operators through the compat layer
    "compat": "from s2sgrad.compat.autograd import elementwise_grad, grad, hessian, "
    "jacobian, value_and_grad",
    # s2sgrad's own (autograd has no elementwise_grad twin in s2sgrad: the compat one)
    "jacfwd": "from s2sgrad.compat.autograd import elementwise_grad\n"
    "from s2sgrad import grad, hessian, value_and_grad\nfrom s2sgrad import jacfwd as jacobian",
    "jacrev": "from s2sgrad.compat.autograd import elementwise_grad\n"
    "from s2sgrad import grad, hessian, value_and_grad\nfrom s2sgrad import jacrev as jacobian",
}


def _load(path: pathlib.Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def modules(tmp_path_factory):
    out = {"autograd": _load(CASES_FILE, "stored_cases_autograd")}
    text = CASES_FILE.read_text()
    assert IMPORT in text
    folder = tmp_path_factory.mktemp("stored")
    for variant, imports in VARIANTS.items():
        switched = text.replace(IMPORT, imports).replace(
            "import autograd.numpy as np", "import numpy as np"
        )
        assert "autograd import" not in switched.replace("s2sgrad.compat.autograd import", "")
        path = folder / f"stored_cases_{variant}.py"
        path.write_text(switched)
        out[variant] = _load(path, f"stored_cases_{variant}")
    return out


NAMES = sorted(re.findall(r'^    "(\w+)": lambda', CASES_FILE.read_text(), re.MULTILINE))


def _grad_check(ours, oracle, name, grad):
    args = ours.ARGS[name]()
    loss = getattr(ours, f"loss_{name}")
    expected = autograd.grad(getattr(oracle, f"loss_{name}"))(*oracle.ARGS[name]())
    actual = grad(loss)(*args)
    assert_tree_close(actual, expected, rtol=1e-8, atol=1e-10)
    assert_tree_close(actual, numerical_grad(loss, args, 0), rtol=1e-5, atol=1e-6)


def test_every_case_has_its_arguments(modules):
    assert len(NAMES) >= 23
    for name in NAMES:
        assert callable(getattr(modules["autograd"], f"loss_{name}")), name


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("name", NAMES)
def test_reverse_mode_matches_autograd(modules, variant, name):
    _grad_check(modules[variant], modules["autograd"], name, s2sgrad.grad)


@pytest.mark.parametrize("name", NAMES)
def test_compat_grad_matches_autograd(modules, name):
    import s2sgrad.compat.autograd as compat

    _grad_check(modules["compat"], modules["autograd"], name, compat.grad)


def _flat(tree):
    if isinstance(tree, (list, tuple)):
        return np.concatenate([_flat(t) for t in tree])
    return np.ravel(tree)


def _like(tree, k):
    """A tangent shaped like ``tree`` (deterministic, not all ones)."""
    if isinstance(tree, (list, tuple)):
        return type(tree)(_like(t, k + i) for i, t in enumerate(tree))
    if isinstance(tree, float):
        return 0.3 + 0.1 * k
    return np.cos(np.arange(np.size(tree)) + k).reshape(np.shape(tree))


# forward mode over a nested jacobian or hessian is s2sgrad's error (see below)
FORWARD = [n for n in NAMES if n not in ("hessian", "jacobian")]


@pytest.mark.parametrize("variant", ["compat", "jacfwd"])
@pytest.mark.parametrize("name", FORWARD)
def test_forward_mode_matches_autograd(modules, variant, name):
    ours, oracle = modules[variant], modules["autograd"]
    args = ours.ARGS[name]()
    tangent = _like(args[0], 0)
    expected = autograd.grad(getattr(oracle, f"loss_{name}"))(*oracle.ARGS[name]())
    moving = tuple(tangent if i == 0 else _zero(a) for i, a in enumerate(args))
    _, dot = s2sgrad.jvp(getattr(ours, f"loss_{name}"), args, moving)
    np.testing.assert_allclose(dot, _flat(expected) @ _flat(tangent), rtol=1e-8, atol=1e-10)


def _zero(a):
    if isinstance(a, (list, tuple)):
        return type(a)(_zero(t) for t in a)
    if callable(a):
        return None
    return 0.0 if isinstance(a, float) else np.zeros_like(a)


# (grad_of_grad, lambda_inline: fourth derivatives, see test_a_fourth_derivative_is_s2sgrads_error)
SCALAR = ["grad_in_x", "grad_in_w", "grad_tuple", "value_and_grad", "maml"]


@pytest.mark.parametrize("variant", ["compat", "jacfwd"])
@pytest.mark.parametrize("name", SCALAR)
def test_hessian_matches_autograd(modules, variant, name):
    ours, oracle = modules[variant], modules["autograd"]
    expected = autograd.hessian(getattr(oracle, f"loss_{name}"))(*oracle.ARGS[name]())
    actual = s2sgrad.hessian(getattr(ours, f"loss_{name}"))(*ours.ARGS[name]())
    np.testing.assert_allclose(actual, expected, rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("name", ["hessian", "jacobian"])
def test_forward_mode_over_a_stored_jacobian_is_an_error_at_the_users_line(modules, name):
    ours = modules["jacfwd"]
    args = ours.ARGS[name]()
    with pytest.raises(UnsupportedSyntaxError) as info:
        s2sgrad.jvp(getattr(ours, f"loss_{name}"), args, (1.0,))
    assert "reverse mode only" in str(info.value)
    assert re.search(r"stored_cases_jacfwd\.py:\d+:", str(info.value)), str(info.value)
    assert f"poly_{name[0]}(XS" in str(info.value)  # the user's line is quoted


def test_a_fourth_derivative_is_s2sgrads_error(modules):
    ours = modules["compat"]
    with pytest.raises(TransformError, match="third derivative"):
        s2sgrad.grad(ours.loss_global_third)(ours.params0())


def test_a_stored_derivative_of_a_partial_is_an_error_at_the_users_line(modules):
    ours = modules["compat"]
    with pytest.raises(UnsupportedSyntaxError) as info:
        s2sgrad.grad(ours.loss_partial_target)(0.7)
    text = str(info.value)
    assert "cannot differentiate again" in text and "stored_cases_compat.py:" in text
    assert "d_poly_partial(XS, w)" in text


def _argnames_loss(x):
    return np.sum(DNAMED(x, w=2.0)[1]["w"])


DNAMED = s2sgrad.grad(lambda x, w: np.sum(np.sin(x) * w), argnames="w")


def test_a_stored_derivative_with_argnames_is_an_error_at_the_users_line():
    with pytest.raises(UnsupportedSyntaxError) as info:
        s2sgrad.grad(_argnames_loss)(np.ones(3))
    assert "test_stored_derivatives.py:" in str(info.value)
    assert "cannot differentiate again" in str(info.value)


def _sq(x):
    return np.sum(np.sin(x) * x**3)


DSQ = s2sgrad.grad(_sq)


def test_grad_of_a_squared_gradient_written_inline_and_stored():
    """``grad(lambda x: grad(f)(x) ** 2)`` and the same with ``grad(f)`` made outside."""
    import autograd.numpy as anp

    def asq(x):
        return anp.sum(anp.sin(x) * x**3)

    x = np.array([0.3, -0.8, 1.2])
    expected = autograd.grad(lambda y: anp.sum(autograd.grad(asq)(y) ** 2))(x)
    for g in (
        lambda y: np.sum(s2sgrad.grad(_sq)(y) ** 2),
        lambda y: np.sum(DSQ(y) ** 2),
        lambda y: np.sum(s2sgrad.grad(lambda z: np.sum(DSQ(z) ** 2))(y) * y),
    ):
        got = s2sgrad.grad(g)(x)
        assert_tree_close(got, numerical_grad(g, (x,), 0), rtol=1e-5, atol=1e-6)
    assert_tree_close(s2sgrad.grad(lambda y: np.sum(DSQ(y) ** 2))(x), expected, rtol=1e-9)
    # the derivative of the stored gradient itself, by jacfwd and hessian inline
    hess = autograd.hessian(asq)(x)
    assert_tree_close(
        s2sgrad.grad(lambda y: np.sum(s2sgrad.jacfwd(DSQ)(y) * np.outer(y, y)))(x),
        s2sgrad.grad(lambda y: np.sum(s2sgrad.hessian(_sq)(y) * np.outer(y, y)))(x),
        rtol=1e-9,
    )
    np.testing.assert_allclose(s2sgrad.jacfwd(DSQ)(x), hess, rtol=1e-9)


# -- a user's method named like a random draw is the user's function (s2sgrad/draws.py) ------


def _model_class(np):
    class Model:
        def __init__(self):
            self.w = 1.7

        def normal(self, x):
            return np.tanh(self.w * x)

        def uniform(self, x):
            return np.sin(x) * x

        def sample(self, x):
            return x**3

        def loss(self, x):
            return np.sum(self.uniform(x) * self.normal(x)) + np.sum(self.sample(x))

    return Model


_Model = _model_class(np)
_MODEL = _Model()


def _method_on_a_global(x):
    return np.sum(_MODEL.normal(x) * _MODEL.uniform(x))


def _method_on_a_parameter(x, model):
    return np.sum(model.normal(x) ** 2 + model.sample(x))


def _method_on_self(x):
    return _MODEL.loss(x)


def _method_on_a_default(x, obj=_MODEL):
    return np.sum(obj.uniform(x) * obj.normal(x))


def _method_on_a_local_object(x):
    m = _Model()
    return np.sum(m.uniform(x) * m.normal(x))


def _calls_a_local_object_user(x):
    return 2.0 * _method_on_a_local_object(x)  # a callee: its forward pass runs again


@pytest.mark.parametrize(
    "fun",
    [
        _method_on_a_global,
        _method_on_a_parameter,
        _method_on_self,
        _method_on_a_default,
        _calls_a_local_object_user,
    ],
)
@pytest.mark.parametrize("transform", ["hessian", "jacfwd_of_grad"])
def test_a_method_named_like_a_draw_is_not_a_draw(fun, transform):
    import autograd.numpy as anp

    model = _model_class(anp)()
    oracle = {
        _method_on_a_global: lambda x: anp.sum(model.normal(x) * model.uniform(x)),
        _method_on_a_parameter: lambda x: anp.sum(model.normal(x) ** 2 + model.sample(x)),
        _method_on_self: model.loss,
        _method_on_a_default: lambda x: anp.sum(model.uniform(x) * model.normal(x)),
        _calls_a_local_object_user: lambda x: 2.0 * anp.sum(model.uniform(x) * model.normal(x)),
    }[fun]
    x = np.array([0.3, -0.6, 0.9])
    args = (x, _MODEL) if fun is _method_on_a_parameter else (x,)
    if transform == "hessian":
        got = s2sgrad.hessian(fun)(*args)
    else:
        got = s2sgrad.jacfwd(s2sgrad.grad(fun))(*args)
    np.testing.assert_allclose(got, autograd.hessian(oracle)(x), rtol=1e-9, atol=1e-12)


class _Noisy:
    """``sample`` draws from NumPy's global generator inside: a Hessian replays it."""

    def sample(self, x):
        return x * (1.0 + 0.1 * np.random.randn(3))

    def loss(self, x):
        return np.sum(np.sin(self.sample(x)) * x)


_NOISY = _Noisy()


def _noisy_loss(x):
    return _NOISY.loss(x)


def test_a_method_named_like_a_draw_that_draws_inside_is_replayed():
    x = np.array([0.3, -0.6, 0.9])
    np.random.seed(5)
    got = s2sgrad.hessian(_noisy_loss)(x)
    np.random.seed(5)
    eps = np.random.randn(3)

    def fixed(z):
        return np.sum(np.sin(z * (1.0 + 0.1 * eps)) * z)

    np.testing.assert_allclose(got, s2sgrad.hessian(fixed)(x), rtol=1e-10)


# -- a local def or lambda that returns its argument makes an alias (s2sgrad/aliasing.py) ----


def _alias_by_a_called_lambda(x):
    c = [x]
    b = (lambda z: z)(c)  # rejected
    c.append(x * 2.0)
    return np.sum(b[0] * b[1])


def _alias_by_a_local_def(x):
    c = [x]

    def keep(z):
        return z

    b = keep(c)  # rejected
    c.append(x * 2.0)
    return np.sum(b[0] * b[1])


def _alias_by_a_named_lambda(x):
    c = [x]
    keep = lambda z: (z, 1.0)  # noqa: E731
    b, _ = keep(c)  # rejected
    c.append(x * 2.0)
    return np.sum(b[0] * b[1])


def _alias_through_a_list_of_functions(x):
    c = [x]
    b = IDENTITIES[0](c)  # rejected
    c.append(x * 2.0)
    return np.sum(b[0] * b[1])


IDENTITIES = [lambda z: z]


@pytest.mark.parametrize(
    "fun",
    [
        _alias_by_a_called_lambda,
        _alias_by_a_local_def,
        _alias_by_a_named_lambda,
        _alias_through_a_list_of_functions,
    ],
)
def test_an_alias_made_by_a_local_function_is_an_error_at_the_users_line(fun):
    import inspect

    x = np.array([0.5, 1.5])
    with pytest.raises(UnsupportedSyntaxError) as info:
        s2sgrad.grad(fun)(x)
    lines, start = inspect.getsourcelines(fun)
    line = start + next(i for i, t in enumerate(lines) if "# rejected" in t)
    assert f"test_stored_derivatives.py:{line}:" in str(info.value)
    assert "changed in place elsewhere" in str(info.value)


def _copy_by_a_called_lambda(x):
    c = [x]
    b = (lambda z: z[0] * 1.0)(c)
    c.append(x * 2.0)
    return np.sum(b * c[1])


def _copy_by_a_local_def(x):
    c = [x]

    def first_scaled(z, s):
        return z[0] * s

    b = first_scaled(c, 3.0)
    c.append(np.sin(x))
    return np.sum(b * c[1])


@pytest.mark.parametrize("fun", [_copy_by_a_called_lambda, _copy_by_a_local_def])
def test_a_local_function_returning_a_new_value_is_differentiated(fun):
    import autograd.numpy as anp

    def oracle(x):
        if fun is _copy_by_a_called_lambda:
            return anp.sum(x * 1.0 * x * 2.0)
        return anp.sum(x * 3.0 * anp.sin(x))

    x = np.array([0.5, 1.5])
    got = s2sgrad.grad(fun)(x)
    np.testing.assert_allclose(got, autograd.grad(oracle)(x), rtol=1e-12)
    assert_tree_close(got, numerical_grad(fun, (x,), 0), rtol=1e-6, atol=1e-8)


# -- the cached derivative of a run-time callee follows what it was made from ---------------


def _scale(z):
    return 2.0 * z


def _scaled_square(z):
    return _scale(z) ** 2


def _sine(z):
    return np.sin(z)


CALLEES = [_scaled_square]


def _through_a_list(x):
    total = 0.0
    for _ in range(3):
        total = total + np.sum(CALLEES[0](x))
    return total


def test_the_cached_derivative_of_a_runtime_callee_is_made_again_when_a_name_changes():
    global _scale
    x = np.array([0.5, -1.5])
    np.testing.assert_allclose(s2sgrad.grad(_through_a_list)(x), 3 * 8.0 * x)
    saved = _scale

    def _tripled(z):
        return 3.0 * z

    try:
        _scale = _tripled  # the global the callee reads now names another function
        np.testing.assert_allclose(s2sgrad.grad(_through_a_list)(x), 3 * 18.0 * x)
        _scaled_square.__code__ = _sine.__code__  # its code replaced
        np.testing.assert_allclose(s2sgrad.grad(_through_a_list)(x), 3 * np.cos(x))
    finally:
        _scale = saved
        _scaled_square.__code__ = _SCALED_SQUARE_CODE
    np.testing.assert_allclose(s2sgrad.grad(_through_a_list)(x), 3 * 8.0 * x)


_SCALED_SQUARE_CODE = _scaled_square.__code__
