"""Maximum-entropy inverse reinforcement learning on a small random MDP: the reward is
linear in state features, soft value iteration (logsumexp over actions) gives the
policy, a forward pass gives the expected state visitations, and the loss is the
negative log-likelihood of demonstrated state-action pairs."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import logsumexp

S, A, F = 5, 3, 4
GAMMA = 0.9


def mdp():
    rs = npr.RandomState(1502)
    P = rs.rand(A, S, S)
    P = P / P.sum(axis=2, keepdims=True)
    features = rs.randn(S, F)
    demos = [(0, 1), (2, 0), (3, 2), (1, 1), (4, 0), (2, 2)]
    return P, features, demos


P, FEATURES, DEMOS = mdp()


def soft_q(theta, iters=30):
    r = np.dot(FEATURES, theta)
    V = np.zeros(S)
    for _ in range(iters):
        Q = r[:, None] + GAMMA * np.einsum("ast,t->sa", P, V)
        V = logsumexp(Q, axis=1)
    return Q, V


def loss(theta):
    Q, V = soft_q(theta)
    log_pi = Q - V[:, None]
    nll = -sum(log_pi[s, a] for s, a in DEMOS)
    return nll / len(DEMOS) + 0.01 * np.dot(theta, theta)


def inputs():
    return (np.array([0.2, -0.1, 0.3, 0.05]),)
