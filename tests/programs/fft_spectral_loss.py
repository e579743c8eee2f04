"""Signal reconstruction with a spectral loss: np.fft.rfft of the synthesised signal, the
power spectrum by F * np.conj(F), magnitudes by np.abs, a log-spectral distance to a
target spectrum, and a time-domain term; the signal is a sum of sinusoids with learned
amplitudes and phases."""

import autograd.numpy as np
import autograd.numpy.random as npr

T = np.linspace(0, 1, 32, endpoint=False)
FREQS = np.array([2.0, 5.0, 9.0])


def synthesise(params):
    amps, phases = params[:3], params[3:]
    return np.sum(
        amps[:, None] * np.sin(2 * np.pi * FREQS[:, None] * T[None, :] + phases[:, None]), axis=0
    )


def loss(params, target):
    x = synthesise(params)
    F = np.fft.rfft(x)
    power = np.real(F * np.conj(F))
    target_spec = np.abs(np.fft.rfft(target))
    log_distance = np.mean((np.log(power + 0.1) - np.log(target_spec**2 + 0.1)) ** 2)
    return log_distance + 0.1 * np.mean((x - target) ** 2) + 0.01 * np.sum(np.abs(F[1:4]))


def inputs():
    rs = npr.RandomState(82)
    target = synthesise(np.array([1.0, 0.5, 0.25, 0.3, -1.0, 2.0])) + 0.05 * rs.randn(32)
    return np.array([0.8, 0.6, 0.2, 0.0, -0.5, 1.5]), target
