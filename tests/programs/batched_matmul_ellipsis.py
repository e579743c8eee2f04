"""Batched linear algebra the NumPy way: stacks of matrices multiplied with @ under
broadcasting ((B, n, m) @ (m, k)), np.einsum with an ellipsis ('...ij,...jk->...ik'),
np.swapaxes and np.moveaxis, a batched trace as a masked sum over the last two axes."""

import autograd.numpy as np
import autograd.numpy.random as npr


def loss(W, A, V):
    H = np.tanh(A @ W)  # (B, n, k)
    G = np.einsum("...ij,...jk->...ik", np.swapaxes(H, -1, -2), H)  # (B, k, k)
    tr = np.sum(G * np.eye(G.shape[-1]), axis=(-2, -1))
    M = np.moveaxis(H, 0, -1)  # (n, k, B)
    proj = np.sum(M * V[:, :, None], axis=(0, 1))
    return np.sum(tr) + np.sum(proj**2) + np.sum(np.matmul(H, W.T) ** 2) * 0.1


def inputs():
    rs = npr.RandomState(95)
    return 0.5 * rs.randn(3, 2), rs.randn(4, 5, 3), rs.randn(5, 2)
