"""Unscented Kalman filter log-likelihood for a pendulum observed through sin(angle):
sigma points come from np.linalg.cholesky of the scaled covariance (columns of the factor
with np.column_stack), the predict and update steps use weighted sums over the points,
and the innovation term uses np.linalg.slogdet and np.linalg.solve. The loss is minus the
log-likelihood in the log process and measurement noise."""

import autograd.numpy as np
import autograd.numpy.random as npr

DT = 0.1
rs = npr.RandomState(2606)
T = 12


def dynamics(x):
    theta, omega = x[0], x[1]
    return np.array([theta + DT * omega, omega - DT * 9.81 * np.sin(theta)])


def measure(x):
    return np.array([np.sin(x[0])])


def simulate():
    x = np.array([0.8, 0.0])
    ys = []
    for _ in range(T):
        x = dynamics(x) + 0.01 * rs.randn(2)
        ys.append(measure(x) + 0.05 * rs.randn(1))
    return np.array(ys)


OBS = simulate()


def sigma_points(mean, cov, kappa=1.0):
    n = len(mean)
    L = np.linalg.cholesky((n + kappa) * cov)
    cols = [mean] + [mean + L[:, i] for i in range(n)] + [mean - L[:, i] for i in range(n)]
    weights = np.array([kappa / (n + kappa)] + [0.5 / (n + kappa)] * (2 * n))
    return np.column_stack(cols).T, weights


def ukf_loglik(log_q, log_r):
    Q = np.exp(log_q) * np.eye(2)
    R = np.exp(log_r) * np.eye(1)
    mean, cov = np.array([0.8, 0.0]), 0.1 * np.eye(2)
    total = 0.0
    for y in OBS:
        pts, w = sigma_points(mean, cov)
        prop = np.array([dynamics(p) for p in pts])
        mean = w @ prop
        diff = prop - mean
        cov = (diff.T * w) @ diff + Q
        pts, w = sigma_points(mean, cov)
        obs_pts = np.array([measure(p) for p in pts])
        y_hat = w @ obs_pts
        dy = obs_pts - y_hat
        S = (dy.T * w) @ dy + R
        C = ((pts - mean).T * w) @ dy
        innov = y - y_hat
        sign, logdet = np.linalg.slogdet(S)
        total = total - 0.5 * (logdet + innov @ np.linalg.solve(S, innov) + np.log(2 * np.pi))
        K = C @ np.linalg.inv(S)
        mean = mean + K @ innov
        cov = cov - K @ S @ K.T
    return total


def loss(log_noise):
    return -ukf_loglik(log_noise[0], log_noise[1])


def inputs():
    return (np.array([np.log(1e-3), np.log(4e-3)]),)
