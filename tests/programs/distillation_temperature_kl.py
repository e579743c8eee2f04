"""Knowledge distillation (Hinton et al.): a student's softened log-softmax at temperature
T against a fixed teacher's, the KL divergence scaled by T**2, mixed with the hard-label
cross-entropy by alpha; label smoothing on the hard targets."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import logsumexp


def log_softmax(z, T=1.0):
    z = z / T
    return z - logsumexp(z, axis=1, keepdims=True)


def distillation_loss(student_logits, teacher_logits, labels, T=3.0, alpha=0.7, smoothing=0.1):
    K = student_logits.shape[1]
    log_p_s = log_softmax(student_logits, T)
    log_p_t = log_softmax(teacher_logits, T)
    kl = np.sum(np.exp(log_p_t) * (log_p_t - log_p_s), axis=1)
    targets = (1 - smoothing) * np.eye(K)[labels] + smoothing / K
    ce = -np.sum(targets * log_softmax(student_logits), axis=1)
    return np.mean(alpha * T**2 * kl + (1 - alpha) * ce)


def loss(W, X, teacher_logits, labels):
    return distillation_loss(np.dot(X, W), teacher_logits, labels)


def inputs():
    rs = npr.RandomState(90)
    X = rs.randn(9, 5)
    teacher = np.dot(X, rs.randn(5, 4)) * 2.0
    return 0.1 * rs.randn(5, 4), X, teacher, np.argmax(teacher, axis=1)
