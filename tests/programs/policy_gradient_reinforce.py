"""REINFORCE on a small chain MDP: episodes rolled out with np.random.choice over the
policy's action probabilities (numbers only, outside the gradient), the surrogate loss
sums the log-probabilities of the actions taken, by fancy indexing, weighted by the
discounted, baselined returns computed with a backwards loop."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad

N_STATES, N_ACTIONS = 4, 2


def policy(theta, states):
    logits = theta[states]  # (T, A)
    logits = logits - np.max(logits, axis=1, keepdims=True)
    return logits - np.log(np.sum(np.exp(logits), axis=1, keepdims=True))


def step(s, a):
    s2 = min(s + 1, N_STATES - 1) if a == 1 else max(s - 1, 0)
    return s2, (1.0 if s2 == N_STATES - 1 else -0.1)


def rollout(theta, rs, T=6):
    s, states, actions, rewards = 0, [], [], []
    for t in range(T):
        probs = np.exp(policy(theta, np.array([s])))[0]
        a = rs.choice(N_ACTIONS, p=probs / probs.sum())
        states.append(s)
        actions.append(a)
        s, r = step(s, a)
        rewards.append(r)
    return np.array(states), np.array(actions), np.array(rewards)


def discounted_returns(rewards, gamma=0.9):
    out, G = [], 0.0
    for r in rewards[::-1]:
        G = r + gamma * G
        out.append(G)
    return np.array(out[::-1])


def loss(theta, episodes):
    total = 0.0
    for states, actions, rewards in episodes:
        returns = discounted_returns(rewards)
        advantages = returns - np.mean(returns)
        logp = policy(theta, states)[np.arange(len(actions)), actions]
        total = total - np.sum(logp * advantages)
    return total / len(episodes)


def inputs():
    rs = npr.RandomState(68)
    theta = 0.1 * rs.randn(N_STATES, N_ACTIONS)
    episodes = [rollout(theta, rs) for _ in range(3)]
    return theta, episodes


def result():
    theta, _ = inputs()
    rs = npr.RandomState(69)
    g = grad(loss)
    for it in range(4):
        episodes = [rollout(theta, rs) for _ in range(3)]
        theta = theta - 0.5 * g(theta, episodes)
    return theta
