"""A scalar Kalman filter over noisy measurements, the step number from
`enumerate(ys, start=1)` setting a time-varying process noise, the innovation and its
variance bound with := where they are first used (in the gain and in a gating test that
down-weights outliers); the loss is the negative log-likelihood in the log noise scales."""

import autograd.numpy as np
import autograd.numpy.random as npr

rs = npr.RandomState(1704)
YS = np.cumsum(rs.randn(12) * 0.3) + rs.randn(12) * 0.2
YS[7] += 3.0  # an outlier


def loss(log_scales):
    q0, r = np.exp(2.0 * log_scales[0]), np.exp(2.0 * log_scales[1])
    m, P = 0.0, 1.0
    nll = 0.0
    for t, y in enumerate(YS, start=1):
        P = P + q0 / np.sqrt(t)
        gain = P / (S := P + r)
        if (innov := y - m) ** 2 / S > 9.0:
            gain = 0.1 * gain  # gated: an outlier moves the state less
        m = m + gain * innov
        P = (1.0 - gain) * P
        nll = nll + 0.5 * (np.log(2 * np.pi * S) + innov**2 / S)
    return nll


def inputs():
    return (np.array([-1.2, -1.5]),)
