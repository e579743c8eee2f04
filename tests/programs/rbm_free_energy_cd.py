"""Restricted Boltzmann machine trained by contrastive divergence: the free energy with
np.logaddexp(0, .) (softplus) summed over hidden units; CD-1 loss is the mean free energy
of data minus that of (fixed) negative samples from one Gibbs step drawn in result()."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad


def free_energy(params, v):
    W, b_v, b_h = params
    return -np.dot(v, b_v) - np.sum(np.logaddexp(0, np.dot(v, W) + b_h), axis=1)


def loss(params, v_data, v_model):
    return np.mean(free_energy(params, v_data)) - np.mean(free_energy(params, v_model))


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def gibbs(params, v, rs):
    W, b_v, b_h = params
    h = (rs.rand(v.shape[0], W.shape[1]) < sigmoid(np.dot(v, W) + b_h)).astype(float)
    return (rs.rand(*v.shape) < sigmoid(np.dot(h, W.T) + b_v)).astype(float)


def inputs():
    rs = npr.RandomState(57)
    params = (0.1 * rs.randn(6, 3), np.zeros(6), np.zeros(3))
    v_data = (rs.rand(8, 6) < 0.4).astype(float)
    v_model = (rs.rand(8, 6) < 0.6).astype(float)
    return params, v_data, v_model


def result():
    params, v_data, _ = inputs()
    rs = npr.RandomState(58)
    g = grad(loss)
    for epoch in range(4):
        v_model = gibbs(params, v_data, rs)
        grads = g(params, v_data, v_model)
        params = tuple(p - 0.1 * d for p, d in zip(params, grads))
    return params
