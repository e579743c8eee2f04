"""A GP whose covariance is a sum of kernels looked up by name in a dict of functions
(rbf, periodic, white), each reading its own slice of the hyperparameter dict; the loss is
the held-out squared error of the GP posterior mean plus the training negative log
marginal likelihood, computed with np.linalg.solve and slogdet."""

import autograd.numpy as np
import autograd.numpy.random as npr


def rbf(h, x1, x2):
    d = x1[:, None] - x2[None, :]
    return np.exp(2 * h["rbf_amp"]) * np.exp(-0.5 * d**2 / np.exp(2 * h["rbf_ls"]))


def periodic(h, x1, x2):
    d = np.abs(x1[:, None] - x2[None, :])
    return np.exp(2 * h["per_amp"]) * np.exp(
        -2 * np.sin(np.pi * d / 2.0) ** 2 / np.exp(2 * h["per_ls"])
    )


def white(h, x1, x2):
    if x1 is x2:
        return np.exp(2 * h["noise"]) * np.eye(len(x1))
    return np.zeros((len(x1), len(x2)))


KERNELS = {"rbf": rbf, "periodic": periodic, "white": white}


def covariance(h, x1, x2, names=("rbf", "periodic", "white")):
    K = 0.0
    for name in names:
        K = K + KERNELS[name](h, x1, x2)
    return K


rs = npr.RandomState(29006)
XTR = np.sort(rs.rand(10) * 6)
YTR = np.sin(np.pi * XTR) + 0.1 * XTR + 0.1 * rs.randn(10)
XTE = np.linspace(0.3, 5.7, 5)
YTE = np.sin(np.pi * XTE) + 0.1 * XTE


def loss(h):
    K = covariance(h, XTR, XTR) + 1e-6 * np.eye(len(XTR))
    alpha = np.linalg.solve(K, YTR)
    sign, logdet = np.linalg.slogdet(K)
    nlml = 0.5 * np.dot(YTR, alpha) + 0.5 * logdet
    Ks = covariance(h, XTE, XTR, names=("rbf", "periodic"))
    mean = np.dot(Ks, alpha)
    return nlml + np.sum((mean - YTE) ** 2)


def inputs():
    return ({"rbf_amp": 0.0, "rbf_ls": 0.3, "per_amp": -0.2, "per_ls": 0.1, "noise": -1.5},)
