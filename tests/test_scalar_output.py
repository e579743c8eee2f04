"""grad without the value: the proof that the output is a real scalar
(s2sgrad/reverse/scalar_output.py), what it drops, and where it refuses."""

import numpy as np
import pytest
from gradcheck import check_grads

import s2sgrad
from s2sgrad import pipeline
from s2sgrad.reverse.scalar_output import argument_type

L2 = 1e-3


def logistic(w, X, y):
    z = X @ w
    return np.sum(np.log1p(np.exp(-y * z))) / X.shape[0] + 0.5 * L2 * np.sum(w * w)


def _data(dtype=np.float64):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((20, 4)).astype(dtype)
    y = np.where(rng.random(20) < 0.5, -1.0, 1.0).astype(dtype)
    return (0.1 * rng.standard_normal(4)).astype(dtype), X, y


def _unit(fun, *args, wrt=("w",)):
    """The unit grad runs for ``args``, built as the call builds it."""
    names = fun.__code__.co_varnames[: fun.__code__.co_argcount]
    kinds = {p: "array" if isinstance(a, np.ndarray) else "scalar" for p, a in zip(names, args)}
    types = tuple((p, argument_type(a)) for p, a in zip(names, args))
    return pipeline.build_top(fun, wrt, kinds, types=types)


def test_logistic_skips_the_value_and_keeps_its_gradient():
    args = _data()
    unit = _unit(logistic, *args)
    assert unit.value_free
    src = unit.source
    assert "scalar_seed('float64')" in src and "output_seed" not in src
    assert "np.log1p(result_exp)" not in src and "w * w\n" not in src  # the value alone
    assert "return (None, (dw,))" in src
    g = s2sgrad.grad(logistic)(*args)
    value, g2 = s2sgrad.value_and_grad(logistic)(*args)
    np.testing.assert_allclose(g, g2, rtol=1e-14, atol=0)
    assert value == logistic(*args)
    check_grads(logistic, *args)


def test_source_is_byte_identical_across_builds():
    args = _data()
    first = _unit(logistic, *args).source
    s2sgrad.clear_cache()
    assert _unit(logistic, *args).source == first


def test_value_and_grad_still_computes_the_value():
    src = s2sgrad.value_and_grad(logistic).source_for(*_data())
    assert "output_seed(result, dresult)" in src and "log1p" in src


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_seed_has_the_output_type(dtype):
    """A float32 loss seeds with np.float32(1.0), so the gradient stays float32, as with
    the value computed; a dtype change re-specializes (the fast path checks dtypes)."""
    g = s2sgrad.grad(logistic)
    g(*_data(np.float64))
    args = _data(dtype)
    got = g(*args)
    _, want = s2sgrad.value_and_grad(logistic)(*args)
    assert got.dtype == want.dtype == dtype
    np.testing.assert_array_equal(got, want)


def test_python_float_output():
    def f(x, c):
        return x * x * c + 1.0

    assert _unit(f, 3.0, 2.0, wrt=("x",)).value_free
    g = s2sgrad.grad(f)(3.0, 2.0)
    assert type(g) is float and g == 12.0


def _scalar_error(fun, *args):
    """The error of grad next to the one of the code that computes the value."""
    with pytest.raises(Exception) as got:
        s2sgrad.grad(fun)(*args)
    with pytest.raises(Exception) as want:
        s2sgrad.value_and_grad(fun)(*args)
    assert type(got.value) is type(want.value)
    # the same but for the line that called the derivative (session 26), which differs
    called = "; the derivative is called at "
    assert str(got.value).split(called)[0] == str(want.value).split(called)[0]
    assert called in str(got.value) and called in str(want.value)
    return got.value


def test_vector_output_still_raises():
    def f(w):
        return np.exp(w) * 2.0

    assert not _unit(f, np.ones(3)).value_free
    err = _scalar_error(f, np.ones(3))
    assert "must return a scalar" in str(err) and "(3,)" in str(err)


def test_complex_output_still_raises():
    def f(w, c):
        return np.sum(w * c)

    assert not _unit(f, np.ones(3), np.ones(3) * 1j).value_free
    err = _scalar_error(f, np.ones(3), np.ones(3) * 1j)
    assert isinstance(err, s2sgrad.ComplexOutputError)

    def g(w):
        return np.sum(w) * 1j

    assert not _unit(g, np.ones(3)).value_free
    assert isinstance(_scalar_error(g, np.ones(3)), s2sgrad.ComplexOutputError)


def test_shape_from_an_argument_is_not_proven():
    """np.sum with an axis, a product of two arrays (a scalar for 1-d operands, else not):
    types alone do not say the output is a scalar."""

    def f(w, axis):
        return np.sum(w * w, axis=axis)

    assert not _unit(f, np.ones((2, 3)), 0).value_free
    assert "must return a scalar" in str(_scalar_error(f, np.ones((2, 3)), 0))
    assert s2sgrad.grad(f)(np.ones(3), 0).shape == (3,)

    def h(w, v):
        return w @ v

    assert not _unit(h, np.ones(3), np.ones(3)).value_free
    assert "must return a scalar" in str(_scalar_error(h, np.ones(3), np.ones((3, 2))))
    np.testing.assert_array_equal(s2sgrad.grad(h)(np.ones(3), np.arange(3.0)), np.arange(3.0))


def test_control_flow_and_unknown_types_compute_the_value():
    def f(w, n):
        if n > 0:
            return np.sum(w)
        return w

    assert not _unit(f, np.ones(3), 1).value_free
    assert "must return a scalar" in str(_scalar_error(f, np.ones(3), 0))

    def g(w, k):
        return np.sum(w * k)

    assert not _unit(g, np.ones(3), np.arange(3)).value_free  # an int array
    assert not _unit(g, np.ones(3), [1.0, 2.0, 3.0]).value_free  # a list


def test_statements_that_can_raise_are_kept():
    """A dropped statement could hide an error the function raises: a Python division by
    zero, a broadcasting error, an index out of range stay, and raise as before."""

    def div(w, a, b):
        c = a / b
        return np.sum(w * w) + 0.0 * c

    unit = _unit(div, np.ones(3), 1.0, 0.0)
    assert unit.value_free and "c = a / b" in unit.source
    with pytest.raises(ZeroDivisionError):
        s2sgrad.grad(div)(np.ones(3), 1.0, 0.0)

    def bcast(w, a, b):
        t = np.sum(a * b)
        return np.sum(w * w) + t

    assert "a * b" in _unit(bcast, np.ones(3), np.ones(3), np.ones(4)).source
    with pytest.raises(ValueError, match="broadcast"):
        s2sgrad.grad(bcast)(np.ones(3), np.ones(3), np.ones(4))

    def index(w, a):
        n = a.shape[2]
        return np.sum(w * w) + n

    with pytest.raises(IndexError):
        s2sgrad.grad(index)(np.ones(3), np.ones(3))

    big = 2**1100

    def overflow(w, k):
        return np.sum(w * w) + 0.5 * k

    assert "0.5 * k" in _unit(overflow, np.ones(3), big).source
    with pytest.raises(OverflowError):
        s2sgrad.grad(overflow)(np.ones(3), big)


def test_free_number_rebound_to_complex_retransforms():
    """A module number the proof relied on: rebinding it to a complex number changes
    what the cached checks accept, so the gradient is made again and the value checked."""
    global L2
    args = _data()
    g = s2sgrad.grad(logistic)
    g(*args)
    old = L2
    try:
        L2 = 1e-3j
        with pytest.raises(s2sgrad.ComplexOutputError):
            g(*args)
    finally:
        L2 = old


def test_pass_can_be_switched_off():
    from s2sgrad.pipeline import disabled

    with disabled("value_free"):
        unit = _unit(logistic, *_data())
    assert not unit.value_free and "output_seed(result, dresult)" in unit.source
