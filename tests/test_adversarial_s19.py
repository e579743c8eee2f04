"""Adversarial programs of session 19 ("never a silent wrong gradient"): each wrong
derivative found is a test that failed before its fix; each refusal is checked for
s2sgrad's own error at the user's line, in every mode; the nan Hessians at a zero norm and
at repeated eigenvalues are finite and right where the second derivative is defined."""

import numpy as np
import pytest
from gradcheck import check_all_modes, check_rejected, fd_hessian

import s2sgrad

X = [0.31, 0.57, 0.73, 1.13]


# np.linalg.norm at a zero vector: the Hessian's term g * ty / y was 0 / 0 (nan) even where
# the function is smooth (norm(x - x) is 0 for every x); the derivative of the gradient
# takes 0 there, as abs at 0 (its second derivative 0), which is exact along zero tangents


def norm_of_zero(x):
    return np.linalg.norm(x - x) + np.sum(x)


def norm_of_zero_times(x):
    return np.linalg.norm(x - x) * np.sum(x**2)


def norm_of_zero_rows(x):
    m = np.outer(x, x)
    return np.sum(np.linalg.norm(m - m, axis=0)) + np.sum(x)


def norm_of_zero_kept(x):
    m = np.outer(x, x)
    return np.sum(np.linalg.norm(m - m, axis=1, keepdims=True) * m)


def frobenius_of_zero(x):
    m = np.outer(x, x)
    return np.linalg.norm(m - m, "fro") + np.sum(x)


def norm_partly_zero(x):
    y = x - np.array([x[0], x[1], 0.0, 0.0])
    return np.linalg.norm(y[:2]) + np.linalg.norm(y)


@pytest.mark.parametrize(
    "f",
    [
        norm_of_zero,
        norm_of_zero_times,
        norm_of_zero_rows,
        norm_of_zero_kept,
        frobenius_of_zero,
        norm_partly_zero,
    ],
)
def test_the_hessian_at_a_zero_norm_is_finite_and_right(f):
    check_all_modes(f, X, oracle=False)  # autograd's gradient is nan here (0 / 0)


def test_the_second_derivative_of_a_norm_at_zero_is_zero_as_abs():
    # along a tangent that moves x off 0 the norm is a cone: no second derivative exists;
    # s2sgrad takes 0, as for abs at 0 (np.abs has the same convention)
    h = s2sgrad.hessian(np.linalg.norm)(np.zeros(3))
    np.testing.assert_array_equal(h, np.zeros((3, 3)))
    np.testing.assert_array_equal(s2sgrad.hessian(lambda t: np.abs(t))(0.0), 0.0)


# repeated eigenvalues: the eigenvectors' tangent v @ (gaps * m) was inf * 0 (nan) for a
# pair of equal eigenvalues that the tangent m does not couple (m_ij == 0), so the
# Hessian of sum(w ** 2) at a multiple of the identity was nan; it is 0 there (the
# eigenvectors stay eigenvectors along such a tangent), and stays inf (nan downstream)
# where m couples the pair, whose eigenvectors then have no derivative


def eigh_at_repeated(x):
    a = np.diag(np.array([1.0, 1.0, 2.0, 3.0])) + 0.0 * np.outer(x, x)
    w, v = np.linalg.eigh(a)
    return np.sum(w**2) + np.sum(x)


def eigh_of_a_multiple_of_the_identity(x):
    w, v = np.linalg.eigh(np.eye(4) * np.sum(x))
    return np.sum(w**2)


def eigvalsh_of_a_multiple_of_the_identity(x):
    return np.sum(np.linalg.eigvalsh(np.eye(4) * np.sum(x)) ** 2)


def eigh_cubed_at_repeated(x):
    w, v = np.linalg.eigh(np.eye(4) * np.sum(x))
    return np.sum(w**3)


def eigh_diagonal_repeated(x):
    a = np.diag(np.array([1.0, 1.0, 2.0, 3.0])) + np.diag(np.array([x[0], x[0], x[1], x[2]]))
    w, v = np.linalg.eigh(a)
    return np.sum(w**2) * x[3]


def eig_of_a_multiple_of_the_identity(x):
    w, v = np.linalg.eig(np.eye(3) * np.sum(x))
    return np.sum(np.real(w) ** 2)


def svd_of_a_multiple_of_the_identity(x):
    return np.sum(np.linalg.svd(np.eye(3) * np.sum(x), compute_uv=False) ** 3)


@pytest.mark.parametrize(
    "f",
    [
        eigh_at_repeated,
        eigh_of_a_multiple_of_the_identity,
        eigvalsh_of_a_multiple_of_the_identity,
        eigh_cubed_at_repeated,
        eigh_diagonal_repeated,
        eig_of_a_multiple_of_the_identity,
        svd_of_a_multiple_of_the_identity,
    ],
)
def test_the_hessian_at_repeated_eigenvalues_is_finite_and_right(f):
    check_all_modes(f, X, oracle=False)  # autograd's Hessian is nan here


C = 0.31


def eigh_coupled_repeated(x):
    a = np.array([[1.0, x[0] - C], [x[0] - C, 1.0]])  # eigenvalues 1 +- |x0 - C|
    w, v = np.linalg.eigh(a)
    return np.sum(w**2) + x[1]


def test_repeated_eigenvalues_coupled_by_the_tangent_stay_nan():
    with np.errstate(all="ignore"):
        h = s2sgrad.hessian(eigh_coupled_repeated)(np.array(X))
    assert np.isnan(h[0, 0])  # no finite answer from the eigenvectors' derivative
    np.testing.assert_allclose(h[1:, 1:], fd_hessian(eigh_coupled_repeated, X)[1:, 1:], atol=1e-4)


# a callee's p op= ... rebinds p (as under autograd), where NumPy changes the array: the
# call was refused where another argument is a name that may share it (g(y, y)), but not
# where the argument holding it is a display or an object (g(y, [y]), g(y, Box(y))), nor
# where a local def given it reads it through its closure; an object made from an array
# was taken for a new one, so Box(y) read after g(y) changed y went unseen


class Box:
    def __init__(self, w):
        self.w = w


def _add_first(a, ys):
    a += ys[0]
    return np.sum(a * ys[0])


def _tripled(a, o):
    a *= 3.0
    return np.sum(a * o.w)


def _tripled_kw(a, o=None):
    a += 1.0
    return np.sum(a * o.w)


def _tripled_sum(a):
    a *= 3.0
    return np.sum(a)


def callee_given_a_list_holding_it(x):
    y = x * 1.0
    return _add_first(y, [y])


def callee_given_an_object_holding_it(x):
    y = x * 1.0
    return _tripled(y, Box(y))


def callee_given_an_object_holding_it_by_keyword(x):
    y = x * 1.0
    return _tripled_kw(y, o=Box(y))


def local_def_reading_it_through_its_closure(x):
    y = x * 1.0

    def inner(a):
        a += x
        return np.sum(a * y)

    return inner(y)


def local_def_reading_it_in_a_nested_def(x):
    y = x * 1.0

    def inner(a):
        def total():
            return np.sum(y)

        a *= 2.0
        return total() * np.sum(a)

    return inner(y)


def object_holding_it_read_after_the_call(x):
    y = x * 1.0
    o = Box(y)
    s = _tripled_sum(y)
    return s + np.sum(o.w * x)


@pytest.mark.parametrize(
    "f, text",
    [
        (callee_given_a_list_holding_it, "its argument 'ys' may share that array"),
        (callee_given_an_object_holding_it, "its argument 'o' may share that array"),
        (callee_given_an_object_holding_it_by_keyword, "its argument 'o' may share that array"),
        (local_def_reading_it_through_its_closure, "reads 'y', which may share that array"),
        (local_def_reading_it_in_a_nested_def, "reads 'y', which may share that array"),
        (object_holding_it_read_after_the_call, "'o' is read again after the call"),
    ],
)
def test_a_callee_changing_an_array_another_argument_holds_is_refused(f, text):
    check_rejected(f, X, text)


def local_def_reading_another_array(x):
    y = x * 1.0
    z = x * 2.0

    def inner(a):
        a *= 2.0
        return np.sum(a * z)

    return inner(y)


def local_def_shadowing_the_name(x):
    y = x * 1.0

    def inner(a):
        y = a * 2.0
        a *= 2.0
        return np.sum(a * y)

    return inner(y)


@pytest.mark.parametrize("f", [local_def_reading_another_array, local_def_shadowing_the_name])
def test_a_local_def_changing_an_array_it_alone_reads_is_differentiated(f):
    check_all_modes(f, X)


# jacrev, and hessian of a non-scalar output, ran the function itself on the caller's
# arrays to find the output's shape: a *= 2 there changed them, so every pass after it
# ran at the changed point (twice the gradient) and the caller's array changed


def doubled_in_place(a):
    a *= 2.0
    return np.sum(a**2)


def doubled_in_place_cubes(a):
    a *= 2.0
    return a**3


def test_jacrev_of_a_function_changing_its_argument_in_place():
    x = np.array(X)
    y = x.copy()
    np.testing.assert_allclose(s2sgrad.jacrev(doubled_in_place)(y), 8 * x)
    np.testing.assert_array_equal(y, x)
    y = x.copy()
    np.testing.assert_allclose(s2sgrad.jacrev(doubled_in_place_cubes)(y), np.diag(24 * x**2))
    np.testing.assert_array_equal(y, x)


def test_hessian_of_a_non_scalar_output_changing_its_argument_in_place():
    x = np.array(X)
    y = x.copy()
    h = s2sgrad.hessian(doubled_in_place_cubes)(y)
    np.testing.assert_allclose(np.einsum("iii->i", h), 48 * x)
    np.testing.assert_array_equal(y, x)


# a differentiated argument changed with a op= ... is rebound (as under autograd): given
# the array another argument shares (f(y, y), f(y, y[::-1]), f(y, [y])), the function
# itself sees the change through the other argument, so the value and gradient s2sgrad
# returned were those of another function (4.46 where f(y, y) is 8.92)


def changed_and_shared(a, b):
    a += b
    return np.sum(a * b)


def changed_and_held(a, bs):
    a *= 2.0
    return np.sum(a * bs[0])


def _line_of(f, text):
    import inspect

    lines, start = inspect.getsourcelines(f)
    return start + next(i for i, s in enumerate(lines) if text in s)


@pytest.mark.parametrize(
    "f, second, shared",
    [
        (changed_and_shared, lambda y: y, True),
        (changed_and_shared, lambda y: y[::-1], True),
        (changed_and_shared, lambda y: y * 1.0, False),
        (changed_and_held, lambda y: [y], True),
    ],
)
def test_a_differentiated_argument_changed_in_place_and_shared_is_refused(f, second, shared):
    x = np.array(X)
    modes = [
        lambda y: s2sgrad.grad(f)(y, second(y)),
        lambda y: (
            s2sgrad.value_and_grad(f, argnums=(0, 1))(y, second(y))
            if f is changed_and_shared
            else s2sgrad.value_and_grad(f)(y, second(y))
        ),
        lambda y: s2sgrad.vjp(f, (y, second(y)), 1.0),
        lambda y: s2sgrad.jvp(f, (y, second(y)), (np.ones(4), None)),
        lambda y: s2sgrad.hessian(f)(y, second(y)),
        lambda y: s2sgrad.jacrev(f)(y, second(y)),
        lambda y: s2sgrad.jacfwd(f)(y, second(y)),
    ]
    line = _line_of(f, "a ")
    for mode in modes:
        y = x.copy()
        if not shared:
            mode(y)  # no sharing: differentiated
            continue
        with pytest.raises(s2sgrad.S2SGradError, match="which the argument") as info:
            mode(y)
        assert info.value.filename == f.__code__.co_filename
        assert info.value.lineno == line
        np.testing.assert_array_equal(y, x)


def test_a_differentiated_argument_changed_in_place_and_not_shared_is_differentiated():
    x = np.array(X)
    value, (ga, gb) = s2sgrad.value_and_grad(changed_and_shared, argnums=(0, 1))(x, x.copy())
    np.testing.assert_allclose(value, np.sum(2 * x**2))
    np.testing.assert_allclose(ga, x)
    np.testing.assert_allclose(gb, 3 * x)
    value, (ga, gb) = s2sgrad.value_and_grad(changed_and_shared, argnums=(0, 1))(x[:2], x[2:])
    np.testing.assert_allclose(ga, x[2:])
