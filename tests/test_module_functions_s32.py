"""A NumPy function named as a container method (np.insert, np.resize) is a function of
the module, not a change of ``np`` in place: without a rule it is s2sgrad's "no
derivative rule" error naming the function."""

import numpy as np
import pytest
import s2sgrad.compat.autograd.numpy as anp

import s2sgrad
import s2sgrad.compat.autograd as ag


def inserted(x):
    return np.sum(np.insert(x, 1, 5.0) ** 2)


def resized(x):
    return np.sum(np.resize(x, (4,)) ** 2)


def inserted_compat(x):
    return anp.sum(anp.insert(x, 1, 5.0) ** 2)


@pytest.mark.parametrize(
    "f, name",
    [(inserted, "numpy.insert"), (resized, "numpy.resize"), (inserted_compat, "numpy.insert")],
)
def test_module_function_with_a_method_name_is_not_an_in_place_change(f, name):
    with pytest.raises(s2sgrad.NonDifferentiableError) as info:
        ag.grad(f)(np.array([1.0, 2.0, 3.0]))
    text = str(info.value)
    assert name in text and "has no derivative rule" in text
    assert "in place" not in text and "changes 'np'" not in text
    assert f"{__file__}:{f.__code__.co_firstlineno + 1}:" in text


def test_a_list_insert_in_an_expression_is_still_refused():
    def f(x):
        xs = [x]
        n = xs.insert(0, x * 2.0)
        return np.sum(xs[0]) + (n is None)

    with pytest.raises(s2sgrad.S2SGradError):
        s2sgrad.grad(f)(np.array([1.0, 2.0]))
