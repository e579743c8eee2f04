"""A Hamiltonian neural network (Greydanus et al.): a scalar net H(q, p); the predicted time
derivatives dq/dt = dH/dp and dp/dt = -dH/dq are autograd.grad of H inside the loss (one
grad per argument), fitted to observed derivatives of a spring; then a symplectic rollout
of the learned field in result()."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad


def hamiltonian(q, p, params):
    W1, b1, w2 = params
    h = np.tanh(W1[:, 0] * q + W1[:, 1] * p + b1)
    return np.dot(h, w2)


dH_dq = grad(hamiltonian, 0)
dH_dp = grad(hamiltonian, 1)


def loss(params, qs, ps, dq_obs, dp_obs):
    total = 0.0
    for q, p, dq, dp in zip(qs, ps, dq_obs, dp_obs):
        dq_pred = grad(hamiltonian, 1)(q, p, params)
        dp_pred = -grad(hamiltonian, 0)(q, p, params)
        total = total + (dq_pred - dq) ** 2 + (dp_pred - dp) ** 2
    return total / len(qs)


def inputs():
    rs = npr.RandomState(84)
    params = (0.5 * rs.randn(6, 2), 0.1 * rs.randn(6), 0.5 * rs.randn(6))
    qs, ps = rs.randn(6), rs.randn(6)
    return params, qs, ps, ps, -qs  # H = (q^2 + p^2) / 2


def result():
    params, qs, ps, dq, dp = inputs()
    g = grad(loss)
    for _ in range(3):
        grads = g(params, qs, ps, dq, dp)
        params = tuple(w - 0.1 * d for w, d in zip(params, grads))
    q, p, traj = 1.0, 0.0, []
    for _ in range(5):
        p = p - 0.1 * dH_dq(q, p, params)
        q = q + 0.1 * dH_dp(q, p, params)
        traj.append((q, p))
    return params, np.array(traj)
