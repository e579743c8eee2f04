"""Matrix completion on observed entries: a boolean mask from ~np.isnan, the prediction
U @ V.T read at the mask, biases broadcast with [:, None], np.nan_to_num for the
targets, and a weighted L2 penalty; trained with autograd's sgd with momentum."""

import autograd.numpy as np
from autograd import grad
from autograd.misc.optimizers import sgd

rs = np.random.RandomState(0)
R = rs.randint(1, 6, size=(6, 5)).astype(float)
R[rs.rand(6, 5) < 0.4] = np.nan
OBSERVED = ~np.isnan(R)
TARGETS = np.nan_to_num(R)[OBSERVED]
RANK = 2
LAMBDA = 0.1


def predict(params):
    U, V, bu, bv, mu = params
    return np.dot(U, V.T) + bu[:, None] + bv[None, :] + mu


def loss(params):
    err = predict(params)[OBSERVED] - TARGETS
    U, V = params[0], params[1]
    n_obs = OBSERVED.sum()
    return np.sum(err**2) / n_obs + LAMBDA * (np.sum(U**2) + np.sum(V**2)) / n_obs


def inputs():
    r = np.random.RandomState(1)
    return ([r.randn(6, RANK) * 0.1, r.randn(5, RANK) * 0.1, np.zeros(6), np.zeros(5), 3.0],)


def result():
    trained = sgd(lambda p, i: grad(loss)(p), inputs()[0], step_size=0.05, num_iters=10)
    return trained
