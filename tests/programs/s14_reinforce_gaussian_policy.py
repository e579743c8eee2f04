"""REINFORCE for a linear-Gaussian policy on a one-step bandit: a batch of (state,
action) pairs is collected with the current policy and a fixed RandomState, and the
surrogate is the mean of log pi(a|s) times the baseline-subtracted reward, plus an
entropy bonus; differentiated in the policy parameters at the collected batch."""

import autograd.numpy as np
import autograd.numpy.random as npr

PARAMS0 = np.array([0.1, 0.2, -0.3])


def log_prob(a, mean, log_std):
    return -0.5 * ((a - mean) / np.exp(log_std)) ** 2 - log_std - 0.5 * np.log(2 * np.pi)


def reward(s, a):
    return -((a - np.dot(s, np.array([0.5, -1.0]))) ** 2)


def collect(params, rs, n=16):
    states = rs.randn(n, 2)
    actions = np.dot(states, params[:2]) + np.exp(params[2]) * rs.randn(n)
    return states, actions


def loss(params, states, actions):
    w, log_std = params[:2], params[2]
    r = reward(states, actions)
    adv = (r - np.mean(r)) / (np.std(r) + 1e-8)
    surrogate = np.mean(log_prob(actions, np.dot(states, w), log_std) * adv)
    entropy = log_std + 0.5 * np.log(2 * np.pi * np.e)
    return -surrogate - 0.01 * entropy


def inputs():
    states, actions = collect(PARAMS0, npr.RandomState(1435))
    return PARAMS0.copy(), states, actions
