"""Beta regression for rates in (0, 1): the mean is a logistic link of a linear
predictor, the precision is exp(phi), and the likelihood is
autograd.scipy.stats.beta.logpdf(y, mu * phi, (1 - mu) * phi)."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.stats import beta


def sigmoid(z):
    return 0.5 * (np.tanh(z / 2.0) + 1.0)


def data():
    rs = npr.RandomState(1414)
    X = np.column_stack([np.ones(35), rs.randn(35)])
    mu = sigmoid(np.dot(X, np.array([-0.3, 0.8])))
    y = rs.beta(mu * 12, (1 - mu) * 12)
    return X, np.clip(y, 1e-4, 1 - 1e-4)


X, Y = data()


def loss(params):
    coef, log_phi = params[:2], params[2]
    mu = sigmoid(np.dot(X, coef))
    phi = np.exp(log_phi)
    return -np.sum(beta.logpdf(Y, mu * phi, (1.0 - mu) * phi))


def inputs():
    return (np.array([0.1, 0.3, 1.5]),)
