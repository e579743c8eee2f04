"""API semantics of ``grad`` / ``value_and_grad`` (mirroring ``mlx.core.grad``) and the cache."""

from __future__ import annotations

import importlib.util
import sys
import textwrap

import numpy as np
import pytest
from gradcheck import assert_tree_close, numerical_grad

import s2sgrad
from s2sgrad import GradientArgumentError

# -- functions under test ----------------------------------------------------------------


def f2(x, y):
    return np.sum(np.sin(x) * y**2)


def f3(x, y, z):
    return np.sum(x * y) + np.sum(np.tanh(z) * x)


def fkw(x, w=1.0, *, b=0.0):
    return np.sum((x * w + b) ** 2)


def tree_loss(params, x):
    w, b = params["w"], params["b"]
    h = np.tanh(x @ w["a"] + b[0])
    return np.sum(h**2) * params["scale"] + b[1] * np.sum(w["c"][0] * w["c"][1])


def tuple_loss(t):
    a, (b, c) = t
    return a * b + np.sum(np.sin(c)) * a


def with_aux(x):
    loss = np.sum(x**2)
    return loss, np.sqrt(loss)


def with_aux_list(x):
    loss = np.sum(np.sin(x))
    return loss, [x * 2.0, 3]


def with_aux_dict(x):
    loss = np.sum(x**2)
    return loss, {"norm": np.sqrt(loss)}


X = np.array([0.3, -1.2, 0.7])
Y = np.array([1.5, 0.4, -0.8])
Z = np.array([-0.2, 0.9, 1.1])


def fd(f, args, n):
    return numerical_grad(f, args, n)


# -- argnums ------------------------------------------------------------------------------


def test_default_is_first_argument():
    g = s2sgrad.grad(f2)(X, Y)
    assert isinstance(g, np.ndarray)
    assert_tree_close(g, fd(f2, (X, Y), 0))


def test_argnums_int():
    g = s2sgrad.grad(f2, argnums=1)(X, Y)
    assert isinstance(g, np.ndarray)
    assert_tree_close(g, fd(f2, (X, Y), 1))


@pytest.mark.parametrize("argnums", [(0, 2), [2, 0], (1,), (0, 1, 2)])
def test_argnums_sequence(argnums):
    g = s2sgrad.grad(f3, argnums=argnums)(X, Y, Z)
    assert isinstance(g, tuple) and len(g) == len(argnums)
    for n, gi in zip(argnums, g):
        assert_tree_close(gi, fd(f3, (X, Y, Z), n))


def test_argnums_single_element_sequence_gives_tuple():
    g = s2sgrad.grad(f2, argnums=[0])(X, Y)
    assert isinstance(g, tuple) and len(g) == 1
    assert_tree_close(g[0], fd(f2, (X, Y), 0))


@pytest.mark.parametrize("argnums,expected", [(-1, 2), (-3, 0), ((-1, 0), (2, 0))])
def test_argnums_negative(argnums, expected):
    g = s2sgrad.grad(f3, argnums=argnums)(X, Y, Z)
    if isinstance(expected, int):
        assert_tree_close(g, fd(f3, (X, Y, Z), expected))
    else:
        for n, gi in zip(expected, g):
            assert_tree_close(gi, fd(f3, (X, Y, Z), n))


def test_positional_argument_passed_by_keyword_is_differentiable_by_argnums():
    # argnums index the positional arguments given at the call
    g = s2sgrad.grad(f2, argnums=0)(X, y=Y)
    assert_tree_close(g, fd(f2, (X, Y), 0))


def test_defaults_are_used():
    g = s2sgrad.grad(fkw)(X)
    np.testing.assert_allclose(g, 2.0 * X, rtol=1e-12)
    g = s2sgrad.grad(fkw)(X, 3.0, b=0.5)
    np.testing.assert_allclose(g, 2.0 * (3.0 * X + 0.5) * 3.0, rtol=1e-12)


# -- argnames -----------------------------------------------------------------------------


def test_argnames_str():
    out = s2sgrad.grad(f2, argnames="y")(X, y=Y)
    assert isinstance(out, tuple) and len(out) == 2
    pos, named = out
    assert pos is None
    assert list(named) == ["y"]
    assert_tree_close(named["y"], fd(f2, (X, Y), 1))


def test_argnames_sequence_keeps_order():
    pos, named = s2sgrad.grad(f3, argnames=["z", "x"])(x=X, y=Y, z=Z)
    assert pos is None
    assert list(named) == ["z", "x"]
    assert_tree_close(named["z"], fd(f3, (X, Y, Z), 2))
    assert_tree_close(named["x"], fd(f3, (X, Y, Z), 0))


def test_argnames_with_argnums_int():
    pos, named = s2sgrad.grad(f3, argnums=0, argnames="z")(X, Y, z=Z)
    assert isinstance(pos, np.ndarray)
    assert_tree_close(pos, fd(f3, (X, Y, Z), 0))
    assert_tree_close(named["z"], fd(f3, (X, Y, Z), 2))


def test_argnames_with_argnums_sequence():
    pos, named = s2sgrad.grad(f3, argnums=(1, 0), argnames=("z",))(X, Y, z=Z)
    assert isinstance(pos, tuple) and len(pos) == 2
    assert_tree_close(pos[0], fd(f3, (X, Y, Z), 1))
    assert_tree_close(pos[1], fd(f3, (X, Y, Z), 0))
    assert_tree_close(named["z"], fd(f3, (X, Y, Z), 2))


def test_argnames_keyword_only_and_default_parameters():
    pos, named = s2sgrad.grad(fkw, argnames=("b", "w"))(X, w=2.0, b=0.5)
    assert pos is None
    assert isinstance(named["b"], float) and isinstance(named["w"], float)
    np.testing.assert_allclose(named["b"], np.sum(2.0 * (2.0 * X + 0.5)), rtol=1e-12)
    np.testing.assert_allclose(named["w"], np.sum(2.0 * (2.0 * X + 0.5) * X), rtol=1e-12)


# -- decorator forms ----------------------------------------------------------------------


@s2sgrad.grad
def dec_plain(x):
    return np.sum(x**3)


@s2sgrad.grad(argnums=1)
def dec_argnums(x, y):
    return np.sum(x * y**2)


@s2sgrad.value_and_grad(argnames="w")
def dec_value_and_grad(x, *, w=1.0):
    return np.sum(x * w**2)


def test_decorator_plain():
    np.testing.assert_allclose(dec_plain(X), 3.0 * X**2, rtol=1e-12)
    assert dec_plain.__name__ == "dec_plain"


def test_decorator_with_argnums():
    np.testing.assert_allclose(dec_argnums(X, Y), 2.0 * X * Y, rtol=1e-12)


def test_decorator_value_and_grad_argnames():
    value, (pos, named) = dec_value_and_grad(X, w=2.0)
    np.testing.assert_allclose(value, 4.0 * np.sum(X), rtol=1e-12)
    assert pos is None
    assert isinstance(named["w"], float)
    np.testing.assert_allclose(named["w"], 4.0 * np.sum(X), rtol=1e-12)
    value, (pos, named) = dec_value_and_grad(X, w=Y)
    np.testing.assert_allclose(value, np.sum(X * Y**2), rtol=1e-12)
    np.testing.assert_allclose(named["w"], 2.0 * X * Y, rtol=1e-12)


def test_argnums_positional_after_the_function():
    assert_tree_close(s2sgrad.grad(f2, 1)(X, Y), fd(f2, (X, Y), 1))


def test_argnums_without_a_function_is_an_error():
    with pytest.raises(TypeError, match="argnums"):
        s2sgrad.grad(1)
    with pytest.raises(TypeError, match="argnums"):
        s2sgrad.value_and_grad((0, 1))


# -- trees --------------------------------------------------------------------------------


def _params():
    rng = np.random.default_rng(0)
    return {
        "w": {"a": rng.standard_normal((3, 2)), "c": [rng.standard_normal(2), 0.7]},
        "b": (rng.standard_normal(2), -0.4),
        "scale": 1.3,
    }


def test_tree_gradient_has_the_tree_structure():
    params, x = _params(), np.random.default_rng(1).standard_normal((4, 3))
    g = s2sgrad.grad(tree_loss)(params, x)
    assert isinstance(g, dict) and set(g) == {"w", "b", "scale"}
    assert isinstance(g["w"], dict) and set(g["w"]) == {"a", "c"}
    assert isinstance(g["w"]["c"], list) and len(g["w"]["c"]) == 2
    assert isinstance(g["b"], tuple) and len(g["b"]) == 2
    assert isinstance(g["w"]["a"], np.ndarray) and g["w"]["a"].shape == (3, 2)
    assert isinstance(g["b"][0], np.ndarray) and g["b"][0].shape == (2,)
    # Python floats in the tree get Python float gradients
    assert type(g["scale"]) is float
    assert type(g["w"]["c"][1]) is float
    assert type(g["b"][1]) is float
    assert_tree_close(g, fd(tree_loss, (params, x), 0))


def test_tree_with_second_argument():
    params, x = _params(), np.random.default_rng(2).standard_normal((4, 3))
    gp, gx = s2sgrad.grad(tree_loss, argnums=(0, 1))(params, x)
    assert_tree_close(gp, fd(tree_loss, (params, x), 0))
    assert_tree_close(gx, fd(tree_loss, (params, x), 1))


def test_nested_tuple_argument():
    t = (2.0, (3.0, np.array([0.1, -0.5, 0.2])))
    g = s2sgrad.grad(tuple_loss)(t)
    assert isinstance(g, tuple) and isinstance(g[1], tuple)
    assert type(g[0]) is float and type(g[1][0]) is float
    assert_tree_close(g, fd(tuple_loss, (t,), 0))


def test_python_float_inputs_give_float_gradients():
    g = s2sgrad.grad(f2, argnums=(0, 1))(0.5, 2.0)
    assert all(type(gi) is float for gi in g)
    np.testing.assert_allclose(g, [np.cos(0.5) * 4.0, np.sin(0.5) * 4.0], rtol=1e-12)


def test_zero_dimensional_array_gives_array_gradient():
    g = s2sgrad.grad(f2)(np.array(0.5), 2.0)
    assert isinstance(g, np.ndarray) and g.shape == ()
    np.testing.assert_allclose(g, np.cos(0.5) * 4.0, rtol=1e-12)


def test_float_broadcast_against_array_gives_float_gradient():
    g = s2sgrad.grad(f2, argnums=1)(X, 2.0)
    assert type(g) is float
    np.testing.assert_allclose(g, np.sum(np.sin(X)) * 4.0, rtol=1e-12)


# -- value_and_grad and auxiliary outputs -------------------------------------------------


def test_value_and_grad():
    value, g = s2sgrad.value_and_grad(f2)(X, Y)
    np.testing.assert_allclose(value, f2(X, Y), rtol=1e-12)
    assert_tree_close(g, fd(f2, (X, Y), 0))
    value, (gx, gy) = s2sgrad.value_and_grad(f2, argnums=(0, 1))(X, Y)
    np.testing.assert_allclose(value, f2(X, Y), rtol=1e-12)
    assert_tree_close(gy, fd(f2, (X, Y), 1))


def test_value_and_grad_with_aux():
    (loss, aux), g = s2sgrad.value_and_grad(with_aux)(X)
    np.testing.assert_allclose(loss, np.sum(X**2), rtol=1e-12)
    np.testing.assert_allclose(aux, np.sqrt(np.sum(X**2)), rtol=1e-12)
    np.testing.assert_allclose(g, 2.0 * X, rtol=1e-12)  # the aux output carries no gradient


def test_value_and_grad_with_aux_list():
    (loss, aux), g = s2sgrad.value_and_grad(with_aux_list)(X)
    np.testing.assert_allclose(loss, np.sum(np.sin(X)), rtol=1e-12)
    assert isinstance(aux, list) and aux[1] == 3
    np.testing.assert_allclose(aux[0], 2.0 * X, rtol=1e-12)
    np.testing.assert_allclose(g, np.cos(X), rtol=1e-12)


def test_value_and_grad_with_aux_dict():
    (loss, aux), g = s2sgrad.value_and_grad(with_aux_dict)(X)
    np.testing.assert_allclose(aux["norm"], np.sqrt(np.sum(X**2)), rtol=1e-12)
    np.testing.assert_allclose(g, 2.0 * X, rtol=1e-12)


def test_value_and_grad_aux_with_argnames():
    (loss, aux), (pos, named) = s2sgrad.value_and_grad(with_aux, argnames="x")(x=X)
    assert pos is None
    np.testing.assert_allclose(aux, np.sqrt(np.sum(X**2)), rtol=1e-12)
    np.testing.assert_allclose(named["x"], 2.0 * X, rtol=1e-12)


# -- errors -------------------------------------------------------------------------------


def test_duplicate_argnums():
    with pytest.raises(GradientArgumentError, match="duplicate"):
        s2sgrad.grad(f2, argnums=(0, 0))(X, Y)


def test_duplicate_argnums_through_negative_index():
    with pytest.raises(GradientArgumentError, match="duplicate"):
        s2sgrad.grad(f2, argnums=(1, -1))(X, Y)


def test_duplicate_argnames():
    with pytest.raises(GradientArgumentError, match="duplicate"):
        s2sgrad.grad(f2, argnames=("y", "y"))(X, y=Y)


def test_argnum_and_argname_for_the_same_parameter():
    with pytest.raises(GradientArgumentError, match="'w' is given by both"):
        s2sgrad.grad(fkw, argnums=1, argnames="w")(X, 2.0, b=1.0, w=3.0)


def test_argnums_beyond_the_arguments():
    msg = (
        "Can't compute the gradient of argument index 3 because the function is called "
        "with only 2 positional arguments"
    )
    with pytest.raises(GradientArgumentError, match=msg):
        s2sgrad.grad(f3, argnums=3)(X, Y, z=Z)
    with pytest.raises(GradientArgumentError, match="index -3 .* only 2 positional"):
        s2sgrad.grad(f2, argnums=-3)(X, Y)


def test_argnums_of_an_argument_passed_by_keyword():
    with pytest.raises(GradientArgumentError, match="index 1 .* only 1 positional"):
        s2sgrad.grad(f2, argnums=1)(X, y=Y)


def test_argnames_unknown_keyword():
    with pytest.raises(GradientArgumentError, match="'q'.*not called with that keyword"):
        s2sgrad.grad(f2, argnames="q")(X, Y)


def test_argnames_keyword_not_passed():
    # y is passed positionally: argnames only reads keyword arguments (as in MLX)
    with pytest.raises(GradientArgumentError, match="'y'.*not called with that keyword"):
        s2sgrad.grad(f2, argnames="y")(X, Y)


def test_argnames_keyword_the_function_does_not_take():
    with pytest.raises((GradientArgumentError, TypeError), match="q"):
        s2sgrad.grad(f2, argnames="q")(X, Y, q=Z)


@pytest.mark.parametrize("argnums", [(), []])
def test_no_argument_to_differentiate(argnums):
    with pytest.raises(GradientArgumentError, match="no argument"):
        s2sgrad.grad(f2, argnums=argnums)(X, Y)


def test_no_argument_to_differentiate_value_and_grad():
    with pytest.raises(GradientArgumentError, match="no argument"):
        s2sgrad.value_and_grad(f2, argnums=())(X, Y)


def test_argnums_not_int():
    with pytest.raises((GradientArgumentError, TypeError), match="argnums"):
        s2sgrad.grad(f2, argnums=1.0)(X, Y)


def test_argnums_sequence_of_non_ints():
    with pytest.raises(GradientArgumentError, match="argnums"):
        s2sgrad.grad(f2, argnums=(0, "y"))


@pytest.mark.parametrize(
    "value,words",
    [
        (3, "integer"),
        (np.int64(3), "integer"),
        (True, "bool"),
        (np.bool_(True), "bool"),
        (np.arange(3), "int64"),
        (np.array([True, False, True]), "bool"),
        (None, "None"),
        ("abc", "str"),
    ],
)
def test_non_differentiable_inputs(value, words):
    with pytest.raises(GradientArgumentError, match=words) as info:
        s2sgrad.grad(f2)(value, Y)
    assert "'x'" in str(info.value)


def test_integer_leaf_in_a_tree():
    params = {"w": X, "n": 3}
    with pytest.raises(GradientArgumentError, match=r"\['n'\].*integer"):
        s2sgrad.grad(lambda p: np.sum(p["w"]) * p["n"])(params)


def test_integer_non_differentiated_argument_is_fine():
    g = s2sgrad.grad(f2)(X, 3)
    np.testing.assert_allclose(g, np.cos(X) * 9.0, rtol=1e-12)


def vector_output(x):
    return np.sin(x) * 2.0


def keepdims_output(x):
    return np.sum(x, keepdims=True)


def size_one_output(x):
    return np.reshape(np.sum(x * x), (1, 1))


@pytest.mark.parametrize("fun", [keepdims_output, size_one_output])
def test_size_one_output_is_a_scalar(fun):
    """As in autograd: an output of one element, shape (1,) or (1, 1), is a scalar."""
    value, g = s2sgrad.value_and_grad(fun)(X)
    np.testing.assert_allclose(value, fun(X))
    np.testing.assert_allclose(
        g, numerical_grad(lambda x: np.sum(fun(x)), (X,), 0), rtol=1e-6, atol=1e-6
    )


def size_one_matmul(x):
    return x[None, :] @ np.sin(x)[:, None]


def size_one_with_aux(x):
    return np.sum(np.exp(x) * x, keepdims=True), "aux"


@pytest.mark.parametrize(
    "fun", [keepdims_output, size_one_output, size_one_matmul, size_one_with_aux]
)
def test_size_one_output_in_every_transform(fun):
    """grad, value_and_grad, hessian, hvp, grad of grad and jvp of a size-1 output."""

    def total(x):
        out = fun(x)
        return np.sum(out[0] if isinstance(out, tuple) else out)

    x = np.array([0.3, -0.2, 1.1])
    expected = numerical_grad(total, (x,), 0)
    np.testing.assert_allclose(s2sgrad.grad(fun)(x), expected, rtol=1e-6, atol=1e-7)
    value, g = s2sgrad.value_and_grad(fun)(x)
    np.testing.assert_allclose(g, expected, rtol=1e-6, atol=1e-7)
    first = fun(x)[0] if isinstance(fun(x), tuple) else fun(x)
    np.testing.assert_array_equal(value[0] if isinstance(value, tuple) else value, first)
    h = s2sgrad.hessian(fun)(x)
    g_of = s2sgrad.grad(fun)
    rows = np.stack([numerical_grad(lambda y, i=i: g_of(y)[i], (x,), 0) for i in range(3)])
    np.testing.assert_allclose(h, rows, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(
        s2sgrad.hvp(fun, (x,), (np.ones(3),)), rows @ np.ones(3), rtol=1e-5, atol=1e-6
    )
    second = s2sgrad.grad(s2sgrad.grad(lambda t: fun(np.array([t, -0.2, 1.1]))))(0.3)
    assert second == pytest.approx(rows[0, 0], rel=1e-5)
    if not isinstance(fun(x), tuple):
        _, dot = s2sgrad.jvp(fun, (x,), (np.ones(3),))
        assert np.shape(dot) == np.shape(fun(x))
        assert float(np.sum(dot)) == pytest.approx(float(np.sum(expected)), rel=1e-6)


@pytest.mark.parametrize("fun,shape", [(vector_output, "(3,)")])
def test_non_scalar_output(fun, shape):
    with pytest.raises(ValueError, match=r"scalar.*shape \(") as info:
        s2sgrad.grad(fun)(X)
    assert shape in str(info.value)


def test_non_scalar_output_of_matrix():
    with pytest.raises(ValueError, match=r"shape \(2, 3\)"):
        s2sgrad.grad(lambda x: x * 2.0)(np.ones((2, 3)))


def test_non_scalar_output_value_and_grad():
    with pytest.raises(ValueError, match=r"shape \(3,\)"):
        s2sgrad.value_and_grad(vector_output)(X)


def test_non_scalar_first_output_with_aux():
    with pytest.raises(ValueError, match=r"first element.*shape \(3,\)"):
        s2sgrad.value_and_grad(lambda x: (x * 2.0, 1.0))(X)


def constant_vector(x, y):
    return y * 2.0


def test_non_scalar_output_independent_of_argument():
    with pytest.raises(ValueError, match=r"shape \(3,\)"):
        s2sgrad.grad(constant_vector)(1.0, X)


def test_output_independent_of_argument_gives_zeros():
    g = s2sgrad.grad(lambda x, y: np.sum(y * 2.0))(X, Y)
    assert isinstance(g, np.ndarray) and g.shape == X.shape
    np.testing.assert_array_equal(g, np.zeros(3))
    g = s2sgrad.grad(lambda x, y: np.sum(y * 2.0))(0.5, Y)
    assert type(g) is float and g == 0.0


# -- the cache ----------------------------------------------------------------------------


def cached_fn(x):
    return np.sum(np.exp(x) * x)


def test_second_call_does_not_retransform():
    g = s2sgrad.grad(cached_fn)
    first = g(X)
    before = s2sgrad.stats["transforms"]
    second = g(X + 1.0)
    assert s2sgrad.stats["transforms"] == before
    np.testing.assert_allclose(first, np.exp(X) * (1.0 + X), rtol=1e-12)
    np.testing.assert_allclose(second, np.exp(X + 1.0) * (2.0 + X), rtol=1e-12)


def test_new_wrapper_of_same_function_does_not_retransform():
    s2sgrad.grad(cached_fn)(X)
    before = s2sgrad.stats["transforms"]
    s2sgrad.grad(cached_fn)(Y)
    assert s2sgrad.stats["transforms"] == before


def test_clear_cache_retransforms():
    g = s2sgrad.grad(cached_fn)
    g(X)
    s2sgrad.clear_cache()
    before = s2sgrad.stats["transforms"]
    out = s2sgrad.grad(cached_fn)(X)
    assert s2sgrad.stats["transforms"] > before
    np.testing.assert_allclose(out, np.exp(X) * (1.0 + X), rtol=1e-12)


def _make_scaled(a):
    def scaled(x):
        return a * np.sum(x**2)

    return scaled


def test_closures_sharing_code_share_the_transform_and_read_their_own_cells():
    s2sgrad.grad(_make_scaled(1.0))(X)
    before = s2sgrad.stats["transforms"]
    g2 = s2sgrad.grad(_make_scaled(2.0))(X)
    g3 = s2sgrad.grad(_make_scaled(3.0))(X)
    assert s2sgrad.stats["transforms"] == before
    np.testing.assert_allclose(g2, 4.0 * X, rtol=1e-12)
    np.testing.assert_allclose(g3, 6.0 * X, rtol=1e-12)


def _import_file(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        sys.modules.pop(name, None)
    return module


def test_redefined_function_retransforms(tmp_path):
    path = tmp_path / "s2s_redefined_mod.py"
    path.write_text(
        textwrap.dedent("""
        import numpy as np

        def loss(x):
            return np.sum(x ** 2)
    """)
    )
    mod1 = _import_file(path, "s2s_redefined_mod")
    before = s2sgrad.stats["transforms"]
    g1 = s2sgrad.grad(mod1.loss)(X)
    assert s2sgrad.stats["transforms"] == before + 1
    np.testing.assert_allclose(g1, 2.0 * X, rtol=1e-12)
    s2sgrad.grad(mod1.loss)(Y)
    assert s2sgrad.stats["transforms"] == before + 1

    # a new definition: new code object and new source, same file and name
    path.write_text(
        textwrap.dedent("""
        import numpy as np

        def loss(x):
            return np.sum(np.sin(x) * x ** 3)
    """)
    )
    mod2 = _import_file(path, "s2s_redefined_mod")
    assert mod2.loss.__code__ is not mod1.loss.__code__
    g2 = s2sgrad.grad(mod2.loss)(X)
    assert s2sgrad.stats["transforms"] == before + 2
    np.testing.assert_allclose(g2, np.cos(X) * X**3 + 3.0 * np.sin(X) * X**2, rtol=1e-12)
    s2sgrad.grad(mod2.loss)(Y)
    assert s2sgrad.stats["transforms"] == before + 2


def test_exec_in_module_namespace_retransforms(tmp_path):
    path = tmp_path / "s2s_exec_mod.py"
    src_v1 = "import numpy as np\n\n\ndef h(x):\n    return np.sum(x * x)\n"
    path.write_text(src_v1)
    mod = _import_file(path, "s2s_exec_mod")
    g = s2sgrad.grad(mod.h)
    np.testing.assert_allclose(g(X), 2.0 * X, rtol=1e-12)
    before = s2sgrad.stats["transforms"]
    src_v2 = "import numpy as np\n\n\ndef h(x):\n    return np.sum(np.exp(x)) + 1.0\n"
    path.write_text(src_v2)
    exec(compile(src_v2, str(path), "exec"), mod.__dict__)
    np.testing.assert_allclose(s2sgrad.grad(mod.h)(X), np.exp(X), rtol=1e-12)
    assert s2sgrad.stats["transforms"] == before + 1
