"""Objects held in attributes of an object whose methods change them through the
attribute (``self.bn.forward(x)``): a second name for the held object (``bn = net.bn``)
would keep it as it was before the change, so it is an error at the user's line; reads
through the attribute are followed (checked against finite differences and autograd)."""

import numpy as np
import pytest

import s2sgrad
from s2sgrad.errors import UnsupportedSyntaxError
from tests.gradcheck import check_all_modes


class BN:
    def __init__(self):
        self.mean = np.zeros(3)

    def forward(self, x):
        self.mean = 0.5 * self.mean + 0.5 * x
        return x - self.mean


class Net:
    def __init__(self):
        self.bn = BN()

    def forward(self, x):
        return self.bn.forward(x)


class Block:
    def __init__(self):
        self.inner = Net()

    def forward(self, x):
        return self.inner.forward(x) * 2.0


class AliasInMethod:
    def __init__(self):
        self.bn = BN()

    def forward(self, x):
        bn = self.bn
        return bn.forward(x)


X = np.array([1.0, 2.0, 3.0])


def alias_before(w):
    net = Net()
    bn = net.bn
    out = net.forward(w * 2.0)
    return np.sum(out * w) + np.sum(bn.mean * w)


def alias_after(w):
    net = Net()
    out = net.forward(w * 2.0)
    bn = net.bn
    return np.sum(out * w) + np.sum(bn.mean * w)


def alias_nested(w):
    block = Block()
    bn = block.inner.bn
    return np.sum(block.forward(w)) + np.sum(bn.mean)


def alias_passed(w):
    net = Net()
    held = [net.bn]
    return np.sum(net.forward(w)) + np.sum(held[0].mean)


def alias_in_method(w):
    m = AliasInMethod()
    return np.sum(m.forward(w) * w)


NET = Net()


def alias_of_outside(w):
    bn = NET.bn
    out = NET.forward(w)
    return np.sum(out * w) + np.sum(bn.mean)


@pytest.mark.parametrize(
    "fn, text",
    [
        (alias_before, "bn = net.bn"),
        (alias_after, "bn = net.bn"),
        (alias_nested, "bn = block.inner.bn"),
        (alias_passed, "held = [net.bn]"),
        (alias_in_method, "bn.forward(x)"),
        (alias_of_outside, "bn = NET.bn"),
    ],
)
def test_a_second_name_for_a_held_object_is_an_error(fn, text):
    with pytest.raises(UnsupportedSyntaxError, match="holds an object that|may share memory") as e:
        s2sgrad.grad(fn)(X)
    assert "test_held_objects.py" in str(e.value)
    assert text in str(e.value)


def reads_through(w):
    net = Net()
    out = net.forward(w * 2.0)
    return np.sum(out * w) + np.sum(net.bn.mean * w)


def reads_nested(w):
    block = Block()
    out = block.forward(w * 3.0)
    return np.sum(out * w) + np.sum(block.inner.bn.mean**2)


def calls_through(w):
    net = Net()
    out = net.bn.forward(w)
    out = net.forward(out * w)
    return np.sum(out**2) + np.sum(net.bn.mean * w)


@pytest.mark.parametrize("fn", [reads_through, reads_nested, calls_through])
def test_reads_through_the_attribute_are_followed(fn):
    check_all_modes(fn, [0.5, -1.0, 2.0])


OUTSIDE = Net()


def outside_forward(w):
    return np.sum(OUTSIDE.forward(w * 2.0) * w)


def test_a_held_object_of_an_outside_one_keeps_its_identity():
    held = OUTSIDE.bn
    before = held.mean.copy()
    w = np.array([0.5, -1.0, 2.0])
    s2sgrad.grad(outside_forward)(w)
    assert OUTSIDE.bn is held  # written into the object, as Python's change in place
    np.testing.assert_allclose(held.mean, 0.5 * before + 0.5 * (w * 2.0))
    assert type(held.mean) is np.ndarray
