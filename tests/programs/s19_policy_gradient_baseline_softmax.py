"""REINFORCE with a learned baseline on a contextual bandit: a linear softmax policy,
sampled actions fixed from a seeded RandomState, the surrogate loss with advantages
(rewards minus a linear value baseline) and the baseline's squared error."""

import autograd.numpy as np
import autograd.numpy.random as npr


def log_softmax(z):
    return (
        z
        - np.log(np.sum(np.exp(z - np.max(z, axis=1, keepdims=True)), axis=1, keepdims=True))
        - np.max(z, axis=1, keepdims=True)
    )


def surrogate(params, contexts, actions, rewards):
    logp = log_softmax(np.dot(contexts, params["policy"]))
    chosen = logp[np.arange(len(actions)), actions]
    baseline = np.dot(contexts, params["value"])
    advantage = rewards - baseline
    policy_loss = -np.mean(chosen * advantage)  # the baseline is not stopped here
    value_loss = np.mean(advantage**2)
    entropy = -np.mean(np.sum(np.exp(logp) * logp, axis=1))
    return policy_loss + 0.5 * value_loss - 0.01 * entropy


def loss(params, contexts, actions, rewards):
    return surrogate(params, contexts, actions, rewards)


def inputs():
    rs = npr.RandomState(1906)
    contexts = rs.randn(20, 3)
    actions = rs.randint(0, 4, size=20)
    rewards = np.where(actions == 1, 1.0, 0.0) + 0.1 * rs.randn(20)
    params = {"policy": 0.1 * rs.randn(3, 4), "value": np.zeros(3)}
    return params, contexts, actions, rewards
