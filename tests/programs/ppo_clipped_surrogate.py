"""PPO's clipped surrogate objective for a softmax policy over discrete actions: the
probability ratio against the old policy's log-probabilities, np.clip(ratio, 1 - eps,
1 + eps), the pessimistic np.minimum of the two surrogates, plus an entropy bonus and a
value-function loss sharing a torso."""

import autograd.numpy as np
import autograd.numpy.random as npr


def forward(params, obs):
    h = np.tanh(np.dot(obs, params["W"]) + params["b"])
    logits = np.dot(h, params["W_pi"])
    logp = logits - np.log(np.sum(np.exp(logits), axis=1, keepdims=True))
    value = np.dot(h, params["w_v"])
    return logp, value


def loss(params, obs, actions, old_logp, advantages, returns, clip_eps=0.2):
    logp_all, value = forward(params, obs)
    logp = logp_all[np.arange(len(actions)), actions]
    ratio = np.exp(logp - old_logp)
    surr1 = ratio * advantages
    surr2 = np.clip(ratio, 1 - clip_eps, 1 + clip_eps) * advantages
    policy_loss = -np.mean(np.minimum(surr1, surr2))
    entropy = -np.mean(np.sum(np.exp(logp_all) * logp_all, axis=1))
    value_loss = np.mean((value - returns) ** 2)
    return policy_loss + 0.5 * value_loss - 0.01 * entropy


def inputs():
    rs = npr.RandomState(74)
    params = {
        "W": 0.5 * rs.randn(4, 6),
        "b": np.zeros(6),
        "W_pi": 0.5 * rs.randn(6, 3),
        "w_v": 0.5 * rs.randn(6),
    }
    obs = rs.randn(10, 4)
    actions = rs.randint(0, 3, size=10)
    logp_all, _ = forward(params, obs)
    # the old policy: this one, perturbed, so that some ratios are clipped
    old_logp = logp_all[np.arange(10), actions] + np.array(
        [0.5, -0.6, 0.05, 0.1, -0.02, 0.4, -0.5, 0.0, 0.08, -0.07]
    )
    return params, obs, actions, old_logp, rs.randn(10), rs.randn(10)
