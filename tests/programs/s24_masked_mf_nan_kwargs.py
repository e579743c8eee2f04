"""Matrix factorisation of a ratings matrix with missing entries stored as NaN: the mask
from ~np.isnan, the residual zeroed with np.where, user and item biases broadcast, a
regulariser helper taking any number of matrices (*mats) and a keyword strength, and the
hyperparameters passed through **kwargs to the loss."""

import autograd.numpy as np
import autograd.numpy.random as npr

rs = npr.RandomState(2407)
N_USERS, N_ITEMS, RANK = 6, 5, 2
FULL = rs.randn(N_USERS, RANK) @ rs.randn(RANK, N_ITEMS) + 3.0
RATINGS = np.where(rs.rand(N_USERS, N_ITEMS) < 0.35, np.nan, FULL)


def l2(*mats, strength=1.0):
    return strength * sum(np.sum(m**2) for m in mats)


def predict(params):
    U, V, bu, bi, mu = params
    return U @ V.T + bu[:, None] + bi[None, :] + mu


def objective(params, ratings, **hyper):
    mask = ~np.isnan(ratings)
    observed = np.where(mask, ratings, 0.0)
    resid = np.where(mask, predict(params) - observed, 0.0)
    U, V, bu, bi, _ = params
    reg = l2(U, V, strength=hyper.get("lam", 0.1)) + l2(bu, bi, strength=hyper["lam_bias"])
    return np.sum(resid**2) / np.sum(mask) + reg


def loss(params):
    return objective(params, RATINGS, lam=0.05, lam_bias=0.01)


def inputs():
    init = npr.RandomState(7)
    return (
        [
            0.1 * init.randn(N_USERS, RANK),
            0.1 * init.randn(N_ITEMS, RANK),
            np.zeros(N_USERS),
            np.zeros(N_ITEMS),
            np.array(3.0),
        ],
    )
