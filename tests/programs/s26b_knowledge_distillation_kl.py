"""Knowledge distillation: a fixed teacher MLP and a smaller student; the student's loss
mixes the hard-label cross-entropy with the temperature-softened KL(teacher || student)
scaled by T**2 (Hinton et al.), with log_softmax written via logsumexp from
autograd.scipy.special and a Student class holding its hyperparameters (alpha, T) and a
getattr-selected activation (``getattr(np, self.activation)``)."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from autograd.scipy.special import logsumexp


def log_softmax(z, T=1.0):
    z = z / T
    return z - logsumexp(z, axis=1, keepdims=True)


def kl_divergence(log_p, log_q):
    return np.sum(np.exp(log_p) * (log_p - log_q), axis=1)


class MLP:
    def __init__(self, sizes, activation="tanh", seed=0):
        rs = npr.RandomState(seed)
        self.params = [
            (rs.randn(m, n) / np.sqrt(m), np.zeros(n)) for m, n in zip(sizes[:-1], sizes[1:])
        ]
        self.activation = activation

    def logits(self, params, X):
        act = getattr(np, self.activation)
        for W, b in params[:-1]:
            X = act(X @ W + b)
        W, b = params[-1]
        return X @ W + b


class Distiller:
    def __init__(self, teacher, student, alpha=0.7, T=3.0):
        self.teacher = teacher
        self.student = student
        self.alpha = alpha
        self.T = T

    def loss(self, student_params, X, labels):
        teacher_logits = self.teacher.logits(self.teacher.params, X)
        student_logits = self.student.logits(student_params, X)
        hard = -np.mean(log_softmax(student_logits)[np.arange(len(labels)), labels])
        soft = np.mean(
            kl_divergence(log_softmax(teacher_logits, self.T), log_softmax(student_logits, self.T))
        )
        return (1 - self.alpha) * hard + self.alpha * self.T**2 * soft


rs = npr.RandomState(2659)
X = rs.randn(25, 4)
LABELS = (X[:, 0] + X[:, 1] ** 2 > 0.5).astype(int) + (X[:, 2] > 0.8)
TEACHER = MLP([4, 16, 3], activation="tanh", seed=1)
STUDENT = MLP([4, 4, 3], activation="sin", seed=2)
DISTILLER = Distiller(TEACHER, STUDENT, alpha=0.6, T=2.5)


def loss(student_params):
    return DISTILLER.loss(student_params, X, LABELS)


def inputs():
    return (STUDENT.params,)


def result():
    params = STUDENT.params
    g = grad(DISTILLER.loss)
    for epoch in range(8):
        grads = g(params, X, LABELS)
        params = [(W - 0.3 * dW, b - 0.3 * db) for (W, b), (dW, db) in zip(params, grads)]
    return params, DISTILLER.loss(params, X, LABELS)
