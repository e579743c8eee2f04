"""Adversarial programs of session 20 ("never a silent wrong gradient"): np.linalg.det at
singular matrices (was LinAlgError, and a wrong Hessian near them), slogdet and qr at
singular points (s2sgrad's error at the user's line), and for loops whose body rebinds the
name they iterate (the items were read from the rebound value: a wrong value and
gradient)."""

import numpy as np
import pytest
from gradcheck import check_all_modes, check_rejected

X = [0.31, 0.57, 0.73, 1.13]


def det_rank1(x):
    return np.linalg.det(np.outer(x, x)) + np.sum(x)


def det_rank1_2(x):
    return np.linalg.det(np.outer(x[:2], x[2:])) * x[0] + np.sum(x)


def det_rank2_3(x):
    m = np.outer(x[:3], x[1:]) + np.outer(x[1:], x[1:] ** 2)
    return np.linalg.det(m) + np.sum(x)


def det_zero_row(x):
    m = np.array([[x[0], x[1], 1.0], [x[2], x[3], x[0]], [0.0, 0.0, 0.0]])
    return np.linalg.det(m) + np.sum(x)


def det_batch_one_singular(x):
    a = np.stack([np.outer(x[:2], x[:2]), np.diag(x[2:])])
    return np.sum(np.linalg.det(a) ** 2)


def det_regular(x):
    return np.linalg.det(np.outer(x, x) + np.diag(x))


@pytest.mark.parametrize(
    "f", [det_rank1, det_rank1_2, det_rank2_3, det_zero_row, det_batch_one_singular, det_regular]
)
def test_det_at_and_near_singular_matrices(f):
    check_all_modes(f, X, oracle=False)  # autograd's det adjoint is det * inv: fails here


def slogdet_singular(x):
    s, logdet = np.linalg.slogdet(np.outer(x, x))
    return s * x[0] + logdet


def qr_dependent_columns(x):
    q, r = np.linalg.qr(np.stack([x[:3], np.zeros(3)], axis=1))
    return np.sum(r)


def test_slogdet_at_a_singular_matrix_is_refused():
    check_rejected(slogdet_singular, X, "slogdet at a singular matrix")


def test_qr_of_dependent_columns_is_refused():
    check_rejected(qr_dependent_columns, X, "full column rank")


def rebind_iterated(x):
    y = x * 1.0
    for v in y:
        y = y * v
    return np.sum(y)


def rebind_enumerated(x):
    y = x * 1.0
    for i, v in enumerate(y):
        y = y + v * i
    return np.sum(y**2)


def rebind_zipped(x):
    y, z = x * 1.0, x**2
    for a, b in zip(y, z):
        y = y * a
        z = z + b
    return np.sum(y + z)


def rebind_reversed(x):
    y = x * 1.0
    for v in reversed(y):
        y = y[::-1] * v
    return np.sum(y)


def target_is_iterated(x):
    y = x * 2.0
    s = 0.0
    for y in y:  # noqa: B020
        s = s + y**2
    return s + y


def rebind_dict_items(x):
    d = {"a": x[0], "b": x[1]}
    s = 0.0
    for k, v in d.items():
        s = s + v * x[2]
        d = {"a": x[3], "b": x[3] ** 2}
    return s + d["b"]


def rebind_rows(x):
    m = np.outer(x, x[:2])
    for row in m:
        m = m * row[0] + row[1]
    return np.sum(m)


def rebind_nested(x):
    y = x * 1.0
    for v in y:
        for w in y:
            y = y + v * w * 0.1
    return np.sum(y)


@pytest.mark.parametrize(
    "f",
    [
        rebind_iterated,
        rebind_enumerated,
        rebind_zipped,
        rebind_reversed,
        target_is_iterated,
        rebind_dict_items,
        rebind_rows,
        rebind_nested,
    ],
)
def test_a_loop_reads_the_items_of_the_value_before_it(f):
    check_all_modes(f, X)
