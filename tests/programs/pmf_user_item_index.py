"""Probabilistic matrix factorisation from rating triplets: user and item factors and
biases gathered with integer index arrays (U[user_ids], b_i[item_ids]), a global mean,
L2 priors weighted by how often each user appears (np.bincount)."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from autograd.misc import flatten


def predict(params, user_ids, item_ids, mu):
    U, V, bu, bi = params["U"], params["V"], params["bu"], params["bi"]
    return mu + bu[user_ids] + bi[item_ids] + np.sum(U[user_ids] * V[item_ids], axis=1)


def loss(params, ratings, lam=0.1):
    user_ids = ratings[:, 0].astype(int)
    item_ids = ratings[:, 1].astype(int)
    r = ratings[:, 2]
    mu = np.mean(r)
    err = predict(params, user_ids, item_ids, mu) - r
    counts = np.bincount(user_ids, minlength=params["U"].shape[0])
    reg = lam * (np.sum(counts[:, None] * params["U"] ** 2) + np.sum(params["V"] ** 2))
    return (
        0.5 * np.sum(err**2) + reg + lam * (np.sum(params["bu"] ** 2) + np.sum(params["bi"] ** 2))
    )


def inputs():
    rs = npr.RandomState(47)
    n_users, n_items, k = 4, 5, 2
    users = rs.randint(0, n_users, size=14)
    items = rs.randint(0, n_items, size=14)
    ratings = np.stack([users, items, rs.randint(1, 6, size=14)], axis=1).astype(float)
    params = {
        "U": 0.1 * rs.randn(n_users, k),
        "V": 0.1 * rs.randn(n_items, k),
        "bu": np.zeros(n_users),
        "bi": np.zeros(n_items),
    }
    return params, ratings


def result():
    params, ratings = inputs()
    flat, unflatten = flatten(params)
    g = grad(lambda f: loss(unflatten(f), ratings))
    for _ in range(6):
        flat = flat - 0.02 * g(flat)
    return unflatten(flat)
