"""autograd's fluidsim re-imagined: a smoke density on a small periodic grid advected by a
velocity field with semi-Lagrangian steps (back-traced cell positions, np.floor and
astype(int) for the corner indices, bilinear weights, fancy indexing of the 2-d fields),
the velocity projected to be divergence-free by Jacobi iterations with np.roll, and the
final density compared with a target; differentiated in the initial velocity (stacked)."""

import autograd.numpy as np
import autograd.numpy.random as npr

N = 8
rs = npr.RandomState(2501)
SMOKE = np.zeros((N, N))
SMOKE[2:5, 2:5] = 1.0
TARGET = np.roll(np.roll(SMOKE, 2, axis=0), 1, axis=1)


def project(vx, vy, iterations=6):
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
    p = np.zeros((N, N))
    for _ in range(iterations):
        p = (
            div
            + np.roll(p, 1, axis=0)
            + np.roll(p, -1, axis=0)
            + np.roll(p, 1, axis=1)
            + np.roll(p, -1, axis=1)
        ) / 4.0
    vx = vx - 0.5 * (np.roll(p, -1, axis=0) - np.roll(p, 1, axis=0)) / h
    vy = vy - 0.5 * (np.roll(p, -1, axis=1) - np.roll(p, 1, axis=1)) / h
    return vx, vy


def advect(f, vx, vy):
    """Move field f according to velocities vx, vy (bilinear back-tracing)."""
    rows, cols = np.shape(f)
    cell_ys, cell_xs = np.meshgrid(np.arange(rows), np.arange(cols), indexing="ij")
    center_xs = (cell_xs - vx).ravel()
    center_ys = (cell_ys - vy).ravel()

    left_ix = np.floor(center_xs).astype(int)
    top_ix = np.floor(center_ys).astype(int)
    rw = center_xs - left_ix
    bw = center_ys - top_ix
    left_ix = np.mod(left_ix, cols)
    right_ix = np.mod(left_ix + 1, cols)
    top_ix = np.mod(top_ix, rows)
    bot_ix = np.mod(top_ix + 1, rows)

    flat_f = (1 - rw) * ((1 - bw) * f[top_ix, left_ix] + bw * f[bot_ix, left_ix]) + rw * (
        (1 - bw) * f[top_ix, right_ix] + bw * f[bot_ix, right_ix]
    )
    return np.reshape(flat_f, (rows, cols))


def simulate(vx, vy, smoke, num_steps):
    for t in range(num_steps):
        vx_updated = advect(vx, vx, vy)
        vy_updated = advect(vy, vx, vy)
        vx, vy = project(vx_updated, vy_updated)
        smoke = advect(smoke, vx, vy)
    return smoke


def loss(init_vel):
    vx, vy = init_vel[0], init_vel[1]
    final = simulate(vx, vy, SMOKE, 3)
    return np.sum((final - TARGET) ** 2)


def inputs():
    return (0.3 + 0.2 * npr.RandomState(7).randn(2, N, N),)
