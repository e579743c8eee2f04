"""A Kalman filter followed by a Rauch-Tung-Striebel smoother for a local-level model
with velocity: filtered means and covariances kept in preallocated Python lists
(ms = [None] * T), the backward pass over reversed(range(T - 1)) writes ms[t], and the
loss is the smoothed state's error, differentiated in the log noise variances."""

import autograd.numpy as np
import autograd.numpy.random as npr

A = np.array([[1.0, 1.0], [0.0, 1.0]])
C = np.array([[1.0, 0.0]])


def observations(T=12):
    rs = npr.RandomState(1518)
    truth = np.cumsum(0.3 + 0.1 * rs.randn(T))
    return truth, truth + 0.3 * rs.randn(T)


TRUTH, OBS = observations()


def smooth(log_q, log_r):
    Q = np.exp(log_q) * np.eye(2)
    R = np.exp(log_r)
    T = len(OBS)
    ms, Ps = [None] * T, [None] * T
    m, P = np.zeros(2), np.eye(2)
    for t in range(T):
        if t > 0:
            m, P = np.dot(A, m), np.dot(A, np.dot(P, A.T)) + Q
        S = np.dot(C, np.dot(P, C.T))[0, 0] + R
        K = np.dot(P, C.T)[:, 0] / S
        m = m + K * (OBS[t] - m[0])
        P = P - np.outer(K, np.dot(C, P)[0])
        ms[t], Ps[t] = m, P
    for t in reversed(range(T - 1)):
        P_pred = np.dot(A, np.dot(Ps[t], A.T)) + Q
        G = np.dot(Ps[t], np.dot(A.T, np.linalg.inv(P_pred)))
        ms[t] = ms[t] + np.dot(G, ms[t + 1] - np.dot(A, ms[t]))
        Ps[t] = Ps[t] + np.dot(G, np.dot(Ps[t + 1] - P_pred, G.T))
    return ms, Ps


def loss(log_noise):
    ms, Ps = smooth(log_noise[0], log_noise[1])
    level = np.array([m[0] for m in ms])
    return np.mean((level - TRUTH) ** 2) + 0.01 * sum(np.trace(P) for P in Ps)


def inputs():
    return (np.array([np.log(0.05), np.log(0.1)]),)
