"""CP (PARAFAC) decomposition of a partially observed third-order tensor: the model is
np.einsum('ir,jr,kr->ijk', A, B, C) over a list of three factor matrices, the loss is
the masked squared error plus an L2 penalty summed by a generator, and
autograd.misc.optimizers.adam fits it with a callback that prints progress."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from autograd.misc.optimizers import adam

rs = npr.RandomState(2607)
SHAPE, RANK = (6, 5, 4), 2
TRUE = [rs.randn(n, RANK) for n in SHAPE]
TENSOR = np.einsum("ir,jr,kr->ijk", *TRUE) + 0.05 * rs.randn(*SHAPE)
MASK = (rs.rand(*SHAPE) < 0.7).astype(float)


def reconstruct(factors):
    A, B, C = factors
    return np.einsum("ir,jr,kr->ijk", A, B, C)


def loss(factors, l2=1e-2):
    resid = MASK * (TENSOR - reconstruct(factors))
    return np.sum(resid**2) / MASK.sum() + l2 * sum(np.sum(F**2) for F in factors)


def inputs():
    r = npr.RandomState(7)
    return ([0.5 * r.randn(n, RANK) for n in SHAPE],)


def result():
    trace = []

    def callback(factors, i, g):
        trace.append(loss(factors))
        if i % 10 == 0:
            print(f"iter {i:3d}  loss {trace[-1]:.4f}")

    fitted = adam(
        lambda f, i: grad(loss)(f), inputs()[0], num_iters=30, step_size=0.05, callback=callback
    )
    return fitted, np.array(trace)
