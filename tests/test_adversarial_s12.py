"""Adversarial programs of session 12 ("never a silent wrong gradient"): each is checked in
every mode against central finite differences, with autograd as a second oracle where it
runs (gradcheck.check_all_modes), or rejected with s2sgrad's error at the user's line
(gradcheck.check_rejected)."""

import numpy as np
import pytest
from gradcheck import check_all_modes

X = np.array([0.3, -1.2, 0.8, 1.55, 0.45, 0.9]) * 1.37


# np.prod over an empty axis (a product of no entries is 1): the second derivative's
# products of the other entries started each row with a 1 of its own, so the empty axis
# came back one entry long (a ValueError inside s2sgrad's runtime in Hessians)
def prod_of_empty_slice(x):
    return np.prod(x[3:3]) * x[0] + np.sum(x**2)


def prod_of_empty_axis(x):
    m = x.reshape(2, 3)[:, :0]
    return np.sum(np.prod(m, axis=1) * x[:2]) + np.sum(x**2)


def prod_of_no_rows(x):
    m = x.reshape(2, 3)[:0]
    return np.sum(np.prod(m, axis=0) * x[:3]) + np.sum(x**3)


def prod_of_empty_axis_keepdims(x):
    m = x.reshape(2, 3)[:, 3:]
    return np.sum(np.prod(m, axis=-1, keepdims=True) * x.reshape(2, 3) ** 2)


def prod_of_one_entry(x):
    return np.prod(x[:1]) ** 2 + np.prod(x[2:4]) * np.prod(x.reshape(2, 3), axis=0)[1]


@pytest.mark.parametrize(
    "f",
    [
        prod_of_empty_slice,
        prod_of_empty_axis,
        prod_of_no_rows,
        prod_of_empty_axis_keepdims,
        prod_of_one_entry,
    ],
)
def test_products_over_empty_axes(f):
    check_all_modes(f, X)
