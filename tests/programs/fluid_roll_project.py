"""Smoke in a periodic box: np.roll stencils, bilinear advection, `vx -= ...` on an argument."""

import autograd.numpy as np

N = 8


def project(vx, vy):
    """Make the velocity field divergence-free
    by a few Jacobi sweeps on the pressure."""
    h = 1.0 / N
    div = (
        -0.5
        * h
        * (
            np.roll(vx, -1, axis=0)
            - np.roll(vx, 1, axis=0)
            + np.roll(vy, -1, axis=1)
            - np.roll(vy, 1, axis=1)
        )
    )
    p = np.zeros_like(div)
    for _ in range(6):
        p = (
            div
            + np.roll(p, 1, axis=0)
            + np.roll(p, -1, axis=0)
            + np.roll(p, 1, axis=1)
            + np.roll(p, -1, axis=1)
        ) / 4.0
    vx -= 0.5 * (np.roll(p, -1, axis=0) - np.roll(p, 1, axis=0)) / h
    vy -= 0.5 * (np.roll(p, -1, axis=1) - np.roll(p, 1, axis=1)) / h
    return vx, vy


def advect(f, vx, vy):
    """Move field f along the velocity (bilinear interpolation, periodic)."""
    ys, xs = np.meshgrid(np.arange(N), np.arange(N))
    cx = xs - vx
    cy = ys - vy
    left = np.floor(cx).astype(int)
    top = np.floor(cy).astype(int)
    rw = cx - left
    bw = cy - top
    left, top = left % N, top % N
    right, bottom = (left + 1) % N, (top + 1) % N
    upper = (1 - rw) * f[left, top] + rw * f[right, top]
    lower = (1 - rw) * f[left, bottom] + rw * f[right, bottom]
    return (1 - bw) * upper + bw * lower


def simulate(vx, vy, steps):
    smoke = np.zeros((N, N))
    smoke[N // 4 : N // 2] = 1.0
    total = 0.0
    for _ in range(steps):
        vx_new = advect(vx, vx, vy)
        vy_new = advect(vy, vx, vy)
        vx, vy = project(vx_new, vy_new)
        smoke = advect(smoke, vx, vy)
        total = total + np.mean(smoke * smoke)
    return smoke, total


def loss(v0):
    vx, vy = v0[0], v0[1]
    smoke, total = simulate(vx, vy, 3)
    target = np.roll(np.eye(N), 2, axis=1)
    return np.sum((smoke - target) ** 2) + 0.1 * total


def inputs():
    rs = np.random.RandomState(3)
    return (rs.randn(2, N, N) * 0.3,)
