"""Derivatives made outside the differentiated function and called in it
(s2sgrad/stored.py): module globals, closure variables, defaults, arguments, attributes,
items of a dict or list, derivatives of derivatives, of s2sgrad's grad, value_and_grad,
hessian, jacfwd and jacrev and of autograd's through s2sgrad.compat.autograd. The cases are
tests/stored_cases.py, run with autograd (the oracle) and switched to s2sgrad; every
gradient is also checked against central finite differences."""

from __future__ import annotations

import importlib.util
import pathlib
import re

import numpy as np
import pytest
from gradcheck import assert_tree_close, numerical_grad

import s2sgrad
from s2sgrad.errors import TransformError, UnsupportedSyntaxError

autograd = pytest.importorskip("autograd")

CASES_FILE = pathlib.Path(__file__).parent / "stored_cases.py"
IMPORT = "from autograd import elementwise_grad, grad, hessian, jacobian, value_and_grad"
VARIANTS = {
    # autograd's operators through the compat layer
    "compat": "from s2sgrad.compat.autograd import elementwise_grad, grad, hessian, "
    "jacobian, value_and_grad",
    # s2sgrad's own (autograd has no elementwise_grad twin in s2sgrad: the compat one)
    "jacfwd": "from s2sgrad.compat.autograd import elementwise_grad\n"
    "from s2sgrad import grad, hessian, value_and_grad\nfrom s2sgrad import jacfwd as jacobian",
    "jacrev": "from s2sgrad.compat.autograd import elementwise_grad\n"
    "from s2sgrad import grad, hessian, value_and_grad\nfrom s2sgrad import jacrev as jacobian",
}


def _load(path: pathlib.Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def modules(tmp_path_factory):
    out = {"autograd": _load(CASES_FILE, "stored_cases_autograd")}
    text = CASES_FILE.read_text()
    assert IMPORT in text
    folder = tmp_path_factory.mktemp("stored")
    for variant, imports in VARIANTS.items():
        switched = text.replace(IMPORT, imports).replace(
            "import autograd.numpy as np", "import numpy as np"
        )
        assert "autograd import" not in switched.replace("s2sgrad.compat.autograd import", "")
        path = folder / f"stored_cases_{variant}.py"
        path.write_text(switched)
        out[variant] = _load(path, f"stored_cases_{variant}")
    return out


NAMES = sorted(re.findall(r'^    "(\w+)": lambda', CASES_FILE.read_text(), re.MULTILINE))


def _grad_check(ours, oracle, name, grad):
    args = ours.ARGS[name]()
    loss = getattr(ours, f"loss_{name}")
    expected = autograd.grad(getattr(oracle, f"loss_{name}"))(*oracle.ARGS[name]())
    actual = grad(loss)(*args)
    assert_tree_close(actual, expected, rtol=1e-8, atol=1e-10)
    assert_tree_close(actual, numerical_grad(loss, args, 0), rtol=1e-5, atol=1e-6)


def test_every_case_has_its_arguments():
    text = CASES_FILE.read_text()
    assert len(NAMES) >= 24
    assert sorted(re.findall(r"^def loss_(\w+)\(", text, re.MULTILINE)) == sorted(
        NAMES + ["partial_target"]
    )


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("name", NAMES)
def test_reverse_mode_matches_autograd(modules, variant, name):
    _grad_check(modules[variant], modules["autograd"], name, s2sgrad.grad)


@pytest.mark.parametrize("name", NAMES)
def test_compat_grad_matches_autograd(modules, name):
    import s2sgrad.compat.autograd as compat

    _grad_check(modules["compat"], modules["autograd"], name, compat.grad)
