"""A discrete HMM class whose unconstrained logits are stored on the object and whose
log transition, emission and initial probabilities are @property values (a log-softmax
over rows); forward() runs the log-space recursion with logsumexp over a for loop on the
observations, and the loss builds a fresh object from the parameters each call."""

import autograd.numpy.random as npr
from autograd.scipy.special import logsumexp


def log_softmax(z, axis=-1):
    return z - logsumexp(z, axis=axis, keepdims=True)


class HMM:
    def __init__(self, trans_logits, emit_logits, init_logits):
        self.trans_logits = trans_logits
        self.emit_logits = emit_logits
        self.init_logits = init_logits

    @property
    def log_A(self):
        return log_softmax(self.trans_logits, axis=1)

    @property
    def log_B(self):
        return log_softmax(self.emit_logits, axis=1)

    @property
    def log_pi(self):
        return log_softmax(self.init_logits)

    def forward(self, obs):
        log_alpha = self.log_pi + self.log_B[:, obs[0]]
        for o in obs[1:]:
            log_alpha = logsumexp(log_alpha[:, None] + self.log_A, axis=0) + self.log_B[:, o]
        return logsumexp(log_alpha)


OBS = npr.RandomState(3014).randint(0, 4, size=20)


def loss(params):
    A, B, pi = params
    return -HMM(A, B, pi).forward(OBS)


def inputs():
    r = npr.RandomState(14)
    return ((r.randn(3, 3), r.randn(3, 4), r.randn(3)),)
