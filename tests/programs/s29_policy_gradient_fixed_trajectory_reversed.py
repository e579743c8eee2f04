"""REINFORCE on a fixed logged trajectory: a linear softmax policy over discrete actions,
discounted returns computed by walking the rewards with reversed() and list.insert(0, ...),
normalised returns as a baseline, and the surrogate loss summed over the time steps."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import logsumexp

rs = npr.RandomState(2909)
STATES = rs.randn(7, 3)
ACTIONS = [0, 2, 1, 1, 0, 2, 2]
REWARDS = [0.0, 1.0, -0.5, 0.0, 2.0, 0.0, 1.0]
GAMMA = 0.9


def discounted_returns(rewards, gamma=GAMMA):
    returns = []
    running = 0.0
    for r in reversed(rewards):
        running = r + gamma * running
        returns.insert(0, running)
    returns = np.array(returns)
    return (returns - returns.mean()) / (returns.std() + 1e-8)


def log_policy(theta, state):
    logits = state @ theta
    return logits - logsumexp(logits)


RETURNS = discounted_returns(REWARDS)


def loss(theta):
    surrogate = 0.0
    for state, action, G in zip(STATES, ACTIONS, RETURNS):
        surrogate += log_policy(theta, state)[action] * G
    entropy_bonus = 0.0
    for state in STATES:
        lp = log_policy(theta, state)
        entropy_bonus -= np.sum(np.exp(lp) * lp)
    return -surrogate - 0.01 * entropy_bonus


def inputs():
    return (0.1 * npr.RandomState(9).randn(3, 3),)
