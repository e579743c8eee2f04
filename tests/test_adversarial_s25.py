"""Adversarial programs of session 25 ("never a silent wrong gradient"): each wrong
derivative found is a test that failed before its fix; each refusal is checked for
s2sgrad's own error at the user's line, in every mode."""

import autograd
import autograd.numpy as anp
import numpy as np
import pytest
from gradcheck import check_all_modes

import s2sgrad

X = [0.31, 0.57, 0.73, 1.13]


# The auxiliary outputs of a nested value_and_grad, and the items of a nested jvp's
# tuple output, got no derivative in reverse mode: their adjoint is forward mode over the
# inner gradient along its seed, whose items for them were the 0.0 placeholder, so the
# `if nonzero(d):` blocks they reach were skipped (x's gradient in `aux ** 2` was 0)


def _loss_and_scaled(y, c):
    return np.sum(y**2 * c), y * 3.0


def _loss_and_list(y, c):
    return np.sum(y**2) * c, [y * c, 2.0]


def _loss_and_dict(y):
    return np.sum(y**2), {"s": np.sum(y), "name": "text"}


def _sum_and_scaled(y):
    return np.sum(y**2), y * 3.0


def aux_read(x):
    (v, aux), g = s2sgrad.value_and_grad(_loss_and_scaled)(x[1:], x[0])
    return np.sum(aux**2)


def aux_times_gradient(x):
    (v, aux), g = s2sgrad.value_and_grad(_loss_and_scaled)(x[1:], x[0])
    return v + np.sum(aux * g)


def aux_of_a_lambda(x):
    (v, aux), g = s2sgrad.value_and_grad(lambda y: (np.sum(y**2 * x[0]), y * 3))(x[1:])
    return v + np.sum(g * aux)


def aux_list(x):
    (v, aux), g = s2sgrad.value_and_grad(_loss_and_list, argnums=0)(x[1:], x[0])
    return np.sum(aux[0] ** 2) * aux[1] + v


def aux_dict_with_text(x):
    (v, aux), g = s2sgrad.value_and_grad(_loss_and_dict)(x)
    return aux["s"] ** 2 + np.sum(g)


def jvp_of_a_tuple_output(x):
    out, t = s2sgrad.jvp(_sum_and_scaled, (x,), (np.ones(4),))
    return out[0] * np.sum(t[1] * out[1])


def _oracle_aux_read(x):
    return anp.sum((x[1:] * 3.0) ** 2)


def _oracle_aux_times_gradient(x):
    y, c = x[1:], x[0]
    g = autograd.grad(lambda y: anp.sum(y**2 * c))(y)
    return anp.sum(y**2 * c) + anp.sum(y * 3.0 * g)


def _oracle_aux_of_a_lambda(x):
    y = x[1:]
    g = autograd.grad(lambda y: anp.sum(y**2 * x[0]))(y)
    return anp.sum(y**2 * x[0]) + anp.sum(g * y * 3)


def _oracle_aux_list(x):
    y, c = x[1:], x[0]
    return anp.sum((y * c) ** 2) * 2.0 + anp.sum(y**2) * c


def _oracle_aux_dict_with_text(x):
    return anp.sum(x) ** 2 + anp.sum(autograd.grad(lambda y: anp.sum(y**2))(x))


def _oracle_jvp_of_a_tuple_output(x):
    t1 = autograd.make_jvp(lambda y: y * 3.0)(x)(anp.ones(4))[1]
    return anp.sum(x**2) * anp.sum(t1 * x * 3.0)


@pytest.mark.parametrize(
    "f, oracle",
    [
        (aux_read, _oracle_aux_read),
        (aux_times_gradient, _oracle_aux_times_gradient),
        (aux_of_a_lambda, _oracle_aux_of_a_lambda),
        (aux_list, _oracle_aux_list),
        (aux_dict_with_text, _oracle_aux_dict_with_text),
        (jvp_of_a_tuple_output, _oracle_jvp_of_a_tuple_output),
    ],
)
def test_auxiliary_outputs_of_nested_derivatives_are_differentiated(f, oracle):
    x = np.array(X)
    np.testing.assert_allclose(oracle(x), f(x), rtol=1e-12)
    np.testing.assert_allclose(
        s2sgrad.grad(f)(x.copy()), autograd.grad(oracle)(x), rtol=1e-10, atol=1e-12
    )
    check_all_modes(f, X, oracle=False)  # autograd cannot run s2sgrad's inner transforms
