"""A model class whose forward method caches its hidden activations on the object
(self.hidden = h) and whose penalty method later reads that cache for an activity
regulariser, as in code that keeps intermediate results for inspection. The loss calls
model.forward(W1, W2, X) and then model.penalty(); the model object is made in the loss."""

import autograd.numpy as np
import autograd.numpy.random as npr


class TwoLayerModel:
    def __init__(self, act_reg):
        self.act_reg = act_reg
        self.hidden = None

    def forward(self, W1, W2, X):
        h = np.tanh(np.dot(X, W1))
        self.hidden = h
        return np.dot(h, W2)

    def penalty(self):
        return self.act_reg * np.mean(self.hidden**2)


rs = npr.RandomState(29041)
X = rs.randn(12, 3)
Y = rs.randn(12, 1)


def loss(params):
    W1, W2 = params
    model = TwoLayerModel(0.5)
    pred = model.forward(W1, W2, X)
    return np.mean((pred - Y) ** 2) + model.penalty()


def inputs():
    r = npr.RandomState(41)
    return ([0.5 * r.randn(3, 4), 0.5 * r.randn(4, 1)],)
