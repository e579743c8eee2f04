"""The 1-D wave equation by the explicit leapfrog scheme with two buffers swapped each
step by tuple assignment (u_prev, u = u, u_next), the interior update written with
slices and the fixed ends put back with np.concatenate; the loss is the misfit of the
displacement recorded at a sensor over time, differentiated in the wave speed profile's
log (a tiny full-waveform inversion)."""

import autograd.numpy as np

NX = 24
STEPS = 30
DX = 1.0 / NX
DT = 0.5 * DX


def simulate(log_c):
    c2 = np.exp(2 * log_c)
    x = np.linspace(0, 1, NX)
    u_prev = np.exp(-200 * (x - 0.3) ** 2)
    u = u_prev.copy()
    trace = []
    r2 = (DT / DX) ** 2
    for _ in range(STEPS):
        lap = u[2:] - 2 * u[1:-1] + u[:-2]
        interior = 2 * u[1:-1] - u_prev[1:-1] + r2 * c2[1:-1] * lap
        u_next = np.concatenate([np.zeros(1), interior, np.zeros(1)])
        u_prev, u = u, u_next
        trace.append(u[NX * 2 // 3])
    return np.array(trace)


TRUE_LOG_C = np.log(1.0 + 0.3 * np.linspace(0, 1, NX))
OBSERVED = simulate(TRUE_LOG_C)


def loss(log_c):
    return np.sum((simulate(log_c) - OBSERVED) ** 2) + 1e-4 * np.sum(np.diff(log_c) ** 2)


def inputs():
    return (np.zeros(NX) + 0.1,)
