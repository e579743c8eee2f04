"""A logistic regression whose loss reports its terms through the logging module
(logger.debug with an f-string of the value and a %-style call) and keeps a module-level
verbose flag; the logger is below DEBUG level so nothing is printed."""

import logging

import autograd.numpy as np
import autograd.numpy.random as npr

logger = logging.getLogger("s30.logreg")
logger.setLevel(logging.WARNING)
VERBOSE = False

rs = npr.RandomState(3008)
X = rs.randn(30, 3)
T = (X @ np.array([1.0, -2.0, 0.5]) + 0.3 * rs.randn(30) > 0).astype(float)


def loss(w, alpha=0.1):
    logits = np.dot(X, w)
    nll = np.sum(np.logaddexp(0.0, logits) - T * logits)
    prior = 0.5 * alpha * np.dot(w, w)
    logger.debug(f"nll={nll} prior={prior}")
    logger.info("total %s", nll + prior)
    if VERBOSE:
        print(f"loss {nll + prior:.4f}")
    return nll + prior


def inputs():
    return (npr.RandomState(8).randn(3),)
