"""A meta-objective over a dict of parameter groups read by `for name, value in
sorted(params.items())`, each group scaled by its own learning rate looked up by a name
prefix (name.split("_")[0]), unrolling two gradient steps of an inner loss."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad

LR = {"enc": 0.1, "dec": 0.05}
rs = npr.RandomState(3041)
X = rs.randn(10, 3)


def inner(params):
    h = np.tanh(X @ params["enc_W"])
    return np.mean((h @ params["dec_W"] - X) ** 2)


def loss(params):
    for _ in range(2):
        g = grad(inner)(params)
        params = {
            name: value - LR[name.split("_")[0]] * g[name] for name, value in sorted(params.items())
        }
    return inner(params)


def inputs():
    r = npr.RandomState(41)
    return ({"enc_W": 0.5 * r.randn(3, 2), "dec_W": 0.5 * r.randn(2, 3)},)
