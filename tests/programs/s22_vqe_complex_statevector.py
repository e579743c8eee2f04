"""A variational quantum eigensolver simulated with NumPy complex arrays: two qubits,
layers of RY and RZ rotations built as 2x2 complex matrices and combined with np.kron, a
CNOT entangler, and the energy <psi|H|psi> of a transverse-field Ising Hamiltonian taken
with np.conj and np.real; differentiated in the rotation angles."""

import autograd.numpy as np

I2 = np.eye(2)
X = np.array([[0.0, 1.0], [1.0, 0.0]])
Z = np.array([[1.0, 0.0], [0.0, -1.0]])
CNOT = np.array([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0]], dtype=float)
HAMILTONIAN = -np.kron(Z, Z) - 0.7 * (np.kron(X, I2) + np.kron(I2, X))


def ry(theta):
    c, s = np.cos(theta / 2), np.sin(theta / 2)
    return np.array([[c, -s], [s, c]]) + 0j


def rz(theta):
    return np.array([[np.exp(-0.5j * theta), 0.0], [0.0, np.exp(0.5j * theta)]])


def ansatz(angles):
    psi = np.array([1.0, 0.0, 0.0, 0.0]) + 0j
    for layer in angles:
        psi = np.dot(np.kron(ry(layer[0]), ry(layer[1])), psi)
        psi = np.dot(np.kron(rz(layer[2]), rz(layer[3])), psi)
        psi = np.dot(CNOT, psi)
    return psi


def loss(angles):
    psi = ansatz(angles)
    return np.real(np.dot(np.conj(psi), np.dot(HAMILTONIAN, psi)))


def inputs():
    return (np.array([[0.3, -0.2, 0.5, 0.1], [0.7, 0.4, -0.3, 0.2]]),)
