"""REINFORCE on a small chain world: a softmax policy over two actions with a linear
score of one-hot state features, trajectories sampled beforehand with a RandomState
passed in, discounted returns computed backwards with reversed(range(...)), a mean
baseline subtracted, and the surrogate loss summed over the steps of each episode."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import logsumexp

N_STATES, N_ACTIONS = 5, 2


def log_policy(theta, state):
    scores = theta[state]
    return scores - logsumexp(scores)


def discounted(rewards, gamma=0.9):
    out = [0.0] * len(rewards)
    running = 0.0
    for t in reversed(range(len(rewards))):
        running = rewards[t] + gamma * running
        out[t] = running
    return out


def rollout(theta, rs, horizon=6):
    state, states, actions, rewards = 0, [], [], []
    for _ in range(horizon):
        p = np.exp(log_policy(theta, state))
        a = int(rs.rand() < p[1])
        states.append(state)
        actions.append(a)
        state = min(max(state + (1 if a == 1 else -1), 0), N_STATES - 1)
        rewards.append(1.0 if state == N_STATES - 1 else -0.1)
    return states, actions, rewards


def loss(theta, episodes):
    all_returns = [discounted(r) for _, _, r in episodes]
    baseline = np.mean([g for gs in all_returns for g in gs])
    total = 0.0
    for (states, actions, _), returns in zip(episodes, all_returns):
        for s, a, g in zip(states, actions, returns):
            total = total - log_policy(theta, s)[a] * (g - baseline)
    return total / len(episodes)


def inputs():
    theta = 0.1 * npr.RandomState(0).randn(N_STATES, N_ACTIONS)
    rs = npr.RandomState(12)
    episodes = [rollout(theta, rs) for _ in range(4)]
    return theta, episodes
