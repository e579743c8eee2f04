"""Mean-CVaR portfolio selection on simulated scenarios: long-only weights from a softmax,
scenario losses, the conditional value at risk as the mean of the worst k losses taken from
np.sort, and a penalty pulling expected return to a target."""

import autograd.numpy as np
import autograd.numpy.random as npr

rs = npr.RandomState(2214)
MU = np.array([0.05, 0.08, 0.03, 0.1])
COV = np.array(
    [
        [0.04, 0.01, 0.0, 0.02],
        [0.01, 0.09, 0.01, 0.03],
        [0.0, 0.01, 0.01, 0.0],
        [0.02, 0.03, 0.0, 0.16],
    ]
)
SCENARIOS = rs.multivariate_normal(MU, COV, size=40)
TARGET = 0.07


def weights_from(logits):
    e = np.exp(logits - np.max(logits))
    return e / np.sum(e)


def cvar(losses, level=0.8):
    k = int(np.ceil((1 - level) * len(losses)))
    worst = np.sort(losses)[-k:]
    return np.mean(worst)


def loss(logits, risk_aversion=2.0):
    w = weights_from(logits)
    scenario_losses = -np.dot(SCENARIOS, w)
    expected = np.dot(MU, w)
    return risk_aversion * cvar(scenario_losses) + 10.0 * (expected - TARGET) ** 2


def inputs():
    return (np.array([0.1, -0.2, 0.3, 0.0]),)
