"""REINFORCE with a running-mean baseline on a contextual bandit: a softmax policy over
arms, actions and rewards sampled up front with a RandomState, the surrogate loss uses
the log-probabilities of the taken actions, indexed with np.arange."""

import autograd.numpy as np
import autograd.numpy.random as npr


def log_softmax(logits):
    shifted = logits - np.max(logits, axis=1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))


def surrogate(theta, contexts, actions, rewards, baseline):
    logp = log_softmax(np.dot(contexts, theta))
    taken = logp[np.arange(len(actions)), actions]
    advantages = rewards - baseline
    entropy = -np.sum(np.exp(logp) * logp, axis=1)
    return -np.mean(taken * advantages) - 0.01 * np.mean(entropy)


def collect(rs, n=16, k=3, d=2):
    contexts = rs.randn(n, d)
    actions = rs.randint(0, k, size=n)
    rewards = np.where(actions == (contexts[:, 0] > 0), 1.0, 0.0) + 0.1 * rs.randn(n)
    return contexts, actions, rewards


def loss(theta, contexts, actions, rewards, baseline):
    return surrogate(theta, contexts, actions, rewards, baseline)


def inputs():
    rs = npr.RandomState(149)
    contexts, actions, rewards = collect(rs)
    return 0.1 * rs.randn(2, 3), contexts, actions, rewards, float(np.mean(rewards))
