"""A hanging cloth patch of point masses joined by structural springs listed as edge
index pairs: forces come from np.linalg.norm(axis=1) of edge vectors and are scattered
to nodes with a constant incidence matrix, pinned corners are held by a mask, the
system is stepped by velocity Verlet in a while loop, and the loss matches the final
sag to a target, differentiated in the log spring stiffnesses."""

import autograd.numpy as np

NX, NY = 3, 3
POS0 = np.array([[i, 0.0, j] for j in range(NY) for i in range(NX)], dtype=float)
EDGES = []
for j in range(NY):
    for i in range(NX):
        k = j * NX + i
        if i + 1 < NX:
            EDGES.append((k, k + 1))
        if j + 1 < NY:
            EDGES.append((k, k + NX))
EDGES = np.array(EDGES)
INCIDENCE = np.zeros((len(POS0), len(EDGES)))
INCIDENCE[EDGES[:, 0], np.arange(len(EDGES))] = 1.0
INCIDENCE[EDGES[:, 1], np.arange(len(EDGES))] = -1.0
REST = np.linalg.norm(POS0[EDGES[:, 0]] - POS0[EDGES[:, 1]], axis=1)
FREE = np.ones((len(POS0), 1))
FREE[[NX * (NY - 1), NX * NY - 1]] = 0.0  # top corners pinned
GRAVITY = np.array([0.0, 0.0, -9.81])
TARGET_Z = -0.35


def forces(pos, stiffness):
    vec = pos[EDGES[:, 0]] - pos[EDGES[:, 1]]
    length = np.linalg.norm(vec, axis=1)
    tension = stiffness * (length - REST) / length
    return -INCIDENCE @ (tension[:, None] * vec) + GRAVITY


def simulate(stiffness, dt=0.01, t_end=0.3, damping=0.5):
    pos, vel = POS0, np.zeros_like(POS0)
    acc = FREE * forces(pos, stiffness)
    t = 0.0
    while t < t_end - 1e-9:
        pos = pos + dt * vel + 0.5 * dt**2 * acc
        new_acc = FREE * (forces(pos, stiffness) - damping * vel)
        vel = vel + 0.5 * dt * (acc + new_acc)
        acc = new_acc
        t += dt
    return pos


def loss(log_k):
    pos = simulate(np.exp(log_k))
    return (np.mean(pos[:, 2]) - TARGET_Z) ** 2 + 1e-3 * np.sum(log_k**2)


def inputs():
    return (np.log(50.0) * np.ones(len(EDGES)) + 0.1 * np.arange(len(EDGES)) / len(EDGES),)
