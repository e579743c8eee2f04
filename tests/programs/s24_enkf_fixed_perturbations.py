"""An ensemble Kalman filter for a scalar-observed two-dimensional linear system: the
ensemble's forecast, its sample covariance from the anomalies, the perturbed-observation
analysis with np.linalg.solve, and the Gaussian log-likelihood of each innovation from
slogdet, all with the perturbations drawn once (fixed noise) so the filter is a smooth
function of the log noise scales and the transition's damping."""

import autograd.numpy as np
import autograd.numpy.random as npr

N_ENS, T = 12, 10
rs = npr.RandomState(2401)
STATE_NOISE = rs.randn(T, 2, N_ENS)
OBS_NOISE = rs.randn(T, 1, N_ENS)
INIT = rs.randn(2, N_ENS)
H = np.array([[1.0, 0.0]])


def simulate():
    x = np.array([1.0, 0.0])
    out = []
    for t in range(T):
        x = np.array([[0.9, 0.2], [-0.2, 0.9]]) @ x + 0.1 * rs.randn(2)
        out.append(H @ x + 0.2 * rs.randn(1))
    return np.array(out)


OBS = simulate()


class EnKF:
    def __init__(self, damping, log_q, log_r):
        c, s = np.cos(0.2), np.sin(0.2)
        self.F = damping * np.array([[c, s], [-s, c]])
        self.q = np.exp(log_q)
        self.r = np.exp(log_r)

    def forecast(self, ens, t):
        return self.F @ ens + self.q * STATE_NOISE[t]

    def covariance(self, ens):
        anomalies = ens - np.mean(ens, axis=1, keepdims=True)
        return anomalies @ anomalies.T / (N_ENS - 1)

    def analysis(self, ens, y, t):
        P = self.covariance(ens)
        S = H @ P @ H.T + self.r**2 * np.eye(1)
        K = np.linalg.solve(S, H @ P).T
        innovation = y[:, None] + self.r * OBS_NOISE[t] - H @ ens
        return ens + K @ innovation, S

    def log_likelihood(self, ys):
        ens = INIT
        total = 0.0
        for t, y in enumerate(ys):
            ens = self.forecast(ens, t)
            resid = y - H @ np.mean(ens, axis=1)
            ens, S = self.analysis(ens, y, t)
            sign, logdet = np.linalg.slogdet(2 * np.pi * S)
            total = total - 0.5 * (logdet + resid @ np.linalg.solve(S, resid))
        return total


def loss(theta):
    return -EnKF(theta[0], theta[1], theta[2]).log_likelihood(OBS)


def inputs():
    return (np.array([0.95, np.log(0.15), np.log(0.3)]),)
