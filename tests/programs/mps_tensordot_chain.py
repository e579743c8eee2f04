"""A matrix-product-state (tensor train) model: the amplitude of a bit string contracts
site tensors picked by the bits with np.tensordot along a chain, the Born probability
normalised by a transfer-matrix contraction with np.einsum; the loss is the negative
log-likelihood of a few strings."""

import autograd.numpy as np
import autograd.numpy.random as npr


def amplitude(cores, bits):
    v = cores[0][:, bits[0], :]  # (1, D)
    for core, b in zip(cores[1:], bits[1:]):
        v = np.tensordot(v, core[:, b, :], axes=([1], [0]))
    return v[0, 0]


def norm_sq(cores):
    E = np.ones((1, 1))
    for core in cores:
        E = np.einsum("ab,asc,bsd->cd", E, core, core)
    return E[0, 0]


def loss(cores, data):
    Z = norm_sq(cores)
    ll = sum(np.log(amplitude(cores, bits) ** 2) for bits in data)
    return -(ll / len(data) - np.log(Z))


def inputs():
    rs = npr.RandomState(65)
    D, L = 3, 4
    dims = [1] + [D] * (L - 1) + [1]
    cores = [0.5 * rs.randn(dims[i], 2, dims[i + 1]) + 0.5 for i in range(L)]
    data = [tuple(int(b) for b in rs.randint(0, 2, size=L)) for _ in range(5)]
    return cores, data
