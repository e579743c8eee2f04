"""Sizing optimisation of a 2-D truss: the global stiffness matrix is assembled member by
member as a sum of outer products of the element direction vectors placed with an
incidence matrix, supports are removed by indexing the free degrees of freedom, and the
compliance f.u from np.linalg.solve plus a volume penalty is differentiated in the
log cross-section areas."""

import autograd.numpy as np

NODES = np.array([[0.0, 0.0], [1.0, 0.0], [2.0, 0.0], [0.5, 0.8], [1.5, 0.8]])
MEMBERS = [(0, 1), (1, 2), (3, 4), (0, 3), (1, 3), (1, 4), (2, 4)]
FIXED = [0, 1, 5]  # node 0 pinned, node 2 on a roller
FREE = [d for d in range(2 * len(NODES)) if d not in FIXED]
LOAD = np.zeros(2 * len(NODES))
LOAD[3] = -1.0
LOAD[8] = 0.3
E = 10.0


def element_vector(i, j):
    delta = NODES[j] - NODES[i]
    length = np.sqrt(np.sum(delta**2))
    c, s = delta / length
    g = np.zeros(2 * len(NODES))
    g[[2 * i, 2 * i + 1, 2 * j, 2 * j + 1]] = [-c, -s, c, s]
    return g, length


ELEMENTS = [element_vector(i, j) for i, j in MEMBERS]


def stiffness(areas):
    K = 0.0
    for area, (g, length) in zip(areas, ELEMENTS):
        K = K + E * area / length * np.outer(g, g)
    return K


def loss(log_areas, penalty=0.5):
    areas = np.exp(log_areas)
    K = stiffness(areas)[np.ix_(FREE, FREE)]
    f = LOAD[FREE]
    u = np.linalg.solve(K, f)
    volume = sum(a * length for a, (_, length) in zip(areas, ELEMENTS))
    return np.dot(f, u) + penalty * volume


def inputs():
    return (np.log(np.linspace(0.5, 1.5, len(MEMBERS))),)
