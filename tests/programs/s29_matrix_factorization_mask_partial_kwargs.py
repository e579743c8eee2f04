"""Matrix factorisation of a partly observed rating matrix: a boolean mask of observed
entries, user/item factors and biases in a dict, the objective built by functools.partial
from a general function with keyword options (l2=..., use_bias=...)."""

from functools import partial

import autograd.numpy as np
import autograd.numpy.random as npr

rs = npr.RandomState(2915)
N_USERS, N_ITEMS, RANK = 6, 5, 2
RATINGS = rs.randint(1, 6, size=(N_USERS, N_ITEMS)).astype(float)
MASK = rs.rand(N_USERS, N_ITEMS) < 0.6


def predict(params, use_bias=True):
    pred = params["U"] @ params["V"].T
    if use_bias:
        pred = pred + params["user_bias"][:, None] + params["item_bias"][None, :] + params["mu"]
    return pred


def objective(params, ratings, mask, l2=0.1, use_bias=True):
    err = np.where(mask, ratings - predict(params, use_bias=use_bias), 0.0)
    reg = sum(np.sum(params[k] ** 2) for k in ("U", "V"))
    return 0.5 * np.sum(err**2) / mask.sum() + l2 * reg


loss = partial(objective, ratings=RATINGS, mask=MASK, l2=0.05)


def inputs():
    r = npr.RandomState(15)
    return (
        {
            "U": 0.3 * r.randn(N_USERS, RANK),
            "V": 0.3 * r.randn(N_ITEMS, RANK),
            "user_bias": np.zeros(N_USERS),
            "item_bias": np.zeros(N_ITEMS),
            "mu": 3.0,
        },
    )
