"""Real-style autograd programs (tests/programs/), run as written with autograd and with
their imports switched to ``s2sgrad.compat.autograd``: the gradients must agree with each
other and with central finite differences.

A program that stops at an s2sgrad error today is listed in BLOCKED with the construct
that stops it; the xfail is strict and limited to that error class, so a fix (or a
different failure, such as a wrong gradient) shows up at once.
"""

from __future__ import annotations

import importlib.util
import pathlib
import re

import numpy as np
import pytest
from gradcheck import assert_tree_close, numerical_grad

import s2sgrad
from s2sgrad.errors import (
    NonDifferentiableError,
    UnsupportedSyntaxError,
)

autograd = pytest.importorskip("autograd")
pytest.importorskip("scipy")

import s2sgrad.compat.autograd as compat  # noqa: E402

PROGRAMS = pathlib.Path(__file__).parent / "programs"
NAMES = sorted(p.stem for p in PROGRAMS.glob("*.py"))

# program -> (error class, the construct that stops it); see issue 12
BLOCKED: dict[str, tuple[type, str]] = {
    # vjp = vector_jacobian_product(encode) made and called inside the loss
    "s14_jacobian_penalty_vjp": (UnsupportedSyntaxError, "a nested vector_jacobian_product"),
    # sum(weight * fn(y, p) for weight, fn in self.losses): pairs of a weight and a loss
    # object of several classes, read in a generator (the attributes passed to __init__ are
    # known since session 24: self.reg(self.w) of an object passed in)
    "s19_mlfs_loss_objects_call": (NonDifferentiableError, "(weight, object) pairs in a genexp"),
    # yield (lambda h, W=W, b=b: ...): a lambda that closes over differentiated locals
    # (here through its defaults) used as a value; the derivative would not reach W
    "s22_generator_layer_closures": (UnsupportedSyntaxError, "a yielded lambda reading locals"),
    # for layer, (W, w0) in zip(NET.dense_layers(), params): layer.set_weights(W, w0), then
    # NET.forward(X) loops over the list of layers, whose forward_pass stores
    # self.layer_input = X: weights set on objects of a list by a method whose result is
    # not used
    "s29_mlfs_dense_layer_input_store": (UnsupportedSyntaxError, "layer.set_weights in a loop"),
    # net = NeuralNetwork(); net.add(Dense(...)) inside the loss, then layer.W = W on the
    # layers of net.layers: a network built in the differentiated function by a method
    # that appends to self.layers (a module-level network is followed since session 29)
    "s29c_mlfs_network_layers_weights_from_params": (
        UnsupportedSyntaxError,
        "net.add(layer) building the network in the loss",
    ),
    # conjugate_gradient(lambda v: H(w, log_lam, X, T, v), g(...)) in a loop: the lambda
    # reading the differentiated w and log_lam is passed to the helper (session 29), but
    # H = hessian_vector_product(objective), a derivative held in a local and called from
    # the lambda in the helper, is known only when the code runs
    "s29c_newton_cg_hessian_vector_product": (
        NonDifferentiableError,
        "a hessian_vector_product called in a lambda passed to a CG helper",
    ),
    # history.append(value) in an objective made by a factory called in the loss: a list
    # of the closure (returned too) that records differentiated values
    "s29c_closure_nonlocal_counter_history": (
        UnsupportedSyntaxError,
        "a closure's history.append of a differentiated value",
    ),
    # for W, b, act in self: a model class whose __iter__ is a generator method yielding
    # its layers' parameters
    "s30_iter_protocol_model_layers_class": (
        UnsupportedSyntaxError,
        "iterating an object whose class defines __iter__",
    ),
    # NET.load(params) sets layer.W, layer.b in a loop over layers of two classes, the
    # module-level layers' W None before: the derivative of Dense.forward was made for
    # W = None (s2sgrad's check when it runs)
    "s30_mlfs_abc_layer_optimizer_loss_objects": (
        RuntimeError,
        "layer.W set by a method's loop over layers of several classes",
    ),
    # named = list(zip(NAMES, values)), then name.startswith("b") for name, v in named:
    # the names of the pairs are taken as differentiated values
    "s30_named_param_list_of_tuples_dict": (
        UnsupportedSyntaxError,
        "a str method on the names of zip(NAMES, values) pairs",
    ),
    # [lambda h, W=W, b=b: ... for W, b in params[:-1]]: lambdas binding differentiated
    # weights through their defaults, stored in a list and called in a loop (as s22's
    # yielded lambdas)
    "s30_default_arg_capture_lambda_layers": (
        UnsupportedSyntaxError,
        "a list of lambdas binding weights by default arguments",
    ),
    # MODEL.flat = theta through a @flat.setter that stores slices on the object
    "s30_property_setter_flat_params_model": (
        UnsupportedSyntaxError,
        "assignment through a @property setter",
    ),
    # compose(lambda x: dense(x, W1, b1), np.tanh, ...) with def compose(*fns): lambdas
    # reading the parameters packed into a factory's *args (s2sgrad's error since s30)
    "s30_star_args_compose_helpers": (
        UnsupportedSyntaxError,
        "lambdas over the parameters packed into compose(*fns)",
    ),
}


def _switched(source: str) -> str:
    """The program with ``autograd`` replaced by ``s2sgrad.compat.autograd`` in its imports."""
    return re.sub(
        r"^(\s*)(from|import) autograd\b",
        r"\1\2 s2sgrad.compat.autograd",
        source,
        flags=re.MULTILINE,
    )


def _load(path: pathlib.Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def switched_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("switched")
    for name in NAMES:
        source = (PROGRAMS / f"{name}.py").read_text()
        text = _switched(source)
        assert "autograd" not in re.sub(
            r"s2sgrad\.compat\.autograd",
            "",
            "\n".join(line for line in text.splitlines() if re.match(r"\s*(from|import) ", line)),
        ), name
        (out / f"{name}.py").write_text(text)
    return out


def _both(name, switched_dir):
    oracle = _load(PROGRAMS / f"{name}.py", f"ag_program_{name}")
    ours = _load(switched_dir / f"{name}.py", f"s2s_program_{name}")
    return oracle, ours


def _params(name):
    out = []
    for n in NAMES:
        marks = []
        if n in BLOCKED:
            cls, reason = BLOCKED[n]
            marks.append(pytest.mark.xfail(strict=True, raises=cls, reason=reason))
        out.append(pytest.param(n, marks=marks, id=n))
    return out


def _leaves_of(tree):
    if isinstance(tree, dict):
        return [leaf for k in sorted(tree) for leaf in _leaves_of(tree[k])]
    if isinstance(tree, (list, tuple)):
        return [leaf for v in tree for leaf in _leaves_of(v)]
    return [tree]


def _assert_same(actual, expected, rtol=1e-7, atol=1e-9):
    """Same structure (container types included) and the same numbers."""
    assert type(actual) is type(expected) or not isinstance(expected, (list, tuple, dict)), (
        type(actual),
        type(expected),
    )
    if isinstance(expected, dict):
        assert sorted(actual) == sorted(expected)
    a, e = _leaves_of(actual), _leaves_of(expected)
    assert len(a) == len(e)
    for x, y in zip(a, e):
        assert np.shape(x) == np.shape(y), (np.shape(x), np.shape(y))
        np.testing.assert_allclose(x, y, rtol=rtol, atol=atol)


def test_every_program_imports_autograd():
    assert len(NAMES) >= 25
    for name in NAMES:
        source = (PROGRAMS / f"{name}.py").read_text()
        assert re.search(r"^(import|from) autograd", source, re.MULTILINE), name
        assert "s2sgrad" not in source, name


@pytest.mark.parametrize("name", _params("loss"))
def test_gradient_matches_autograd(name, switched_dir):
    oracle, ours = _both(name, switched_dir)
    argnum = getattr(oracle, "ARGNUM", 0)
    # ORACLE: the same objective for autograd, where the program's loss runs switched only
    expected = autograd.grad(getattr(oracle, getattr(oracle, "ORACLE", "loss")), argnum)(
        *oracle.inputs()
    )
    args = ours.inputs()
    actual = compat.grad(ours.loss, argnum)(*args)
    _assert_same(actual, expected)
    nums = (argnum,) if isinstance(argnum, int) else argnum
    grads = (actual,) if isinstance(argnum, int) else actual
    loss = ours.loss
    if getattr(ours, "STATEFUL", False):  # a RandomState argument: fresh for each call

        def loss(*a):
            fresh = ours.inputs()
            return ours.loss(*[a[i] if i in nums else fresh[i] for i in range(len(a))])

    for n, g in zip(nums, grads):
        assert_tree_close(g, numerical_grad(loss, ours.inputs(), n), rtol=1e-5, atol=1e-6)


RESULTS = [n for n in NAMES if "def result" in (PROGRAMS / f"{n}.py").read_text()]
RESULT_BLOCKED: dict[str, tuple[type, str]] = {
    "s29_mlfs_dense_layer_input_store": BLOCKED["s29_mlfs_dense_layer_input_store"],
}


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(
            n,
            id=n,
            marks=[
                pytest.mark.xfail(
                    strict=True, raises=RESULT_BLOCKED[n][0], reason=RESULT_BLOCKED[n][1]
                )
            ]
            if n in RESULT_BLOCKED
            else [],
        )
        for n in RESULTS
    ],
)
def test_result_matches_autograd(name, switched_dir):
    oracle, ours = _both(name, switched_dir)
    _assert_same(ours.result(), _unboxed(oracle.result()))


def _unboxed(tree):
    """``tree`` with autograd's boxes replaced by their values: an object that stored a
    traced value during a gradient (batch-norm running statistics) keeps the box, and
    what is computed from it later is boxed too."""
    from autograd.tracer import getval

    if isinstance(tree, dict):
        return {k: _unboxed(v) for k, v in tree.items()}
    if isinstance(tree, (list, tuple)) and not hasattr(tree, "_fields"):
        return type(tree)(_unboxed(v) for v in tree)
    return getval(tree)


def test_switched_numpy_is_numpy(switched_dir):
    ours = _load(switched_dir / "mlp_tanh.py", "s2s_program_mlp_tanh_np")
    # NumPy with autograd's few extra names: every NumPy name is NumPy's own object
    assert ours.np.tanh is np.tanh and ours.np.dot is np.dot and ours.np.linalg.inv is np.linalg.inv
    assert ours.npr is np.random
    assert s2sgrad.grad(ours.loss)(*ours.inputs()) is not None


def _array_argnum(name):
    text = (PROGRAMS / f"{name}.py").read_text()
    return "ARGNUM" not in text or "ARGNUM = 0" in text or "ARGNUM = 1" in text


FORWARD_BLOCKED: dict[str, tuple[type, str]] = {
    # jacobian(vector_map)(w) inside the loss: "a nested jacobian can be differentiated
    # in reverse mode only"
    "transforms_suite": (UnsupportedSyntaxError, "a nested jacobian in forward mode"),
    "lagrangian_pendulum_hessian": (UnsupportedSyntaxError, "a nested hessian in forward mode"),
    "s26b_double_pendulum_mass_matrix_hessian": (
        UnsupportedSyntaxError,
        "a nested hessian in forward mode",
    ),
}
# defvjp only, or autograd.scipy functions without a JVP: autograd has no JVP to compare with
# (tests/test_scipy_rules.py checks the SciPy programs' forward mode by finite differences)
NO_FORWARD_ORACLE = {
    "primitive_defvjp",
    "logistic_expit",
    "negbin_gammaln",
    "vi_scipy_norm",
    "gp_marginal_likelihood",
    "vi_frozen_scipy",
    "gp_dataclass_hypers",
    "gplvm_latents",
    "ica_slogdet",
    "batched_kalman_einsum",
    "bayesopt_expected_improvement",
    "gp_closure_errstate",
    "gp_cholesky_jitter",  # autograd has no JVP of cholesky
    "s11_dataclass_post_init_gp",  # cholesky
    "gp_class_staticmethod",  # cholesky
    "bbvi_partial_stats",
    "gmm_cholesky_einsum",
    "poisson_glm_stats",
    "student_t_robust",
    "gp_classification_laplace",
    "linalg_losses_mix",
    "lotka_volterra_odeint",
    "bayes_linreg_evidence",
    "dirichlet_mvn_scipy",
    "spectral_eigh_svd",
    "conv_scipy_signal_autograd",  # autograd has no JVP of scipy.signal.convolve
    "gp_try_cholesky_jitter",
    "early_return_damped_newton",  # no JVP of solve in autograd
    "lqr_riccati_solve",
    "ordinal_logit_thresholds",  # no JVP of expit in autograd
    "dirichlet_process_stick_breaking",
    "mahalanobis_inv_det",  # no JVP of inv in autograd
    "probit_regression_norm_cdf",  # no JVP of norm.logcdf
    "fft_spectral_loss",  # no JVP of rfft
    "eight_schools_noncentered",  # no JVP of t.logpdf
    "mixture_vi_components",  # no JVP of norm.logpdf
    "s9_logreg_sgd_callback_print",  # no JVP of expit
    "s9_hmm_forward_logspace_while",  # no JVP of norm.logpdf
    "s9_gp_cholesky_hypers",  # no JVP of cholesky
    "s9_gmm_class_logpdf",  # no JVP of norm.logpdf
    "beta_binomial_betaln",  # no JVP of betaln
    "tobit_censored_norm",  # no JVP of norm.logpdf
    "grad_named_default_data",  # no JVP of solve
    "kernel_ridge_loo_hat",  # no JVP of inv
    "lda_digamma_elbo",  # no JVP of digamma
    "black_scholes_vol_smile",  # no JVP of norm.cdf
    "primitive_scipy_vmf",  # defvjp only
    "s13_bbvi_black_box_factory",  # no JVP of norm.logpdf
    "s13_gp_mvn_logpdf_flatten",  # no JVP of multivariate_normal.logpdf
    "s13_natural_gradient_logreg_fisher",  # no JVP of solve
    "s13_bnn_shapes_list_unpack",  # no JVP of norm.logpdf
    "s13_dirichlet_multinomial_gammaln",  # no JVP of gammaln
    "s13_ppca_em_free_energy",  # no JVP of slogdet
    "s14_beta_regression_stats",  # no JVP of beta.logpdf
    "s14_chi2_variance_logpdf",  # no JVP of chi2.logpdf
    "s14_dirichlet_topic_proportions",  # no JVP of dirichlet.logpdf
    "s14_gamma_shape_polygamma",  # no JVP of digamma
    "s14_gaussian_copula_erfinv",  # no JVP of erfinv
    "s14_hier_poisson_gamma_stats",  # no JVP of poisson.logpmf
    "s14_probit_erf_link",  # no JVP of erf
    "s14_sparse_gp_solve_triangular",  # no JVP of cholesky
    "s14_student_t_process",  # no JVP of slogdet
    "s14_von_mises_mixture_ive",  # no JVP of ive
    "s14_inverse_kinematics_arctan2",  # no JVP of hypot
    "s15_holt_winters_seasonal_list",  # no JVP of expit
    "s15_kde_loo_bandwidth",  # no JVP of norm.logpdf
    "s15_gp_make_gp_funs",  # no JVP of multivariate_normal.logpdf
    "s15_deep_gp_factory",  # no JVP of multivariate_normal.logpdf
    "s15_kalman_rts_smoother_lists",  # no JVP of inv
    "s18_bbvi_flatten_adam",  # no JVP of norm.logpdf
    "s18_gp_dict_hypers_flatten",  # no JVP of cholesky
    "s18_natural_gradient_fisher_solve",  # no JVP of solve
    "s14_partial_kernel_hypers",  # no JVP of cholesky
    "s19_gp_additive_partial_kernels",  # no JVP of slogdet
    "s22_bnn_bbvi_reparam_adam",  # no JVP of norm.logpdf
    "s22_fitc_inducing_points",  # no JVP of cholesky
    "s22_garch_norm_logpdf",  # no JVP of norm.logpdf
    "s22_truss_compliance_solve",  # no JVP of solve
    "s24_enkf_fixed_perturbations",  # no JVP of solve
    "s24_gmm_em_q_function",  # no JVP of norm.logpdf
    "s24_gp_dataclass_property_hypers",  # no JVP of cholesky
    "s24_gp_predictive_solve_triangular_trans",  # no JVP of cholesky
    "s24_student_t_process_solve_triangular",  # no JVP of cholesky
    "s25_bnn_bbvi_objective_gradient_unpack",  # no JVP of norm.logpdf
    "s26_double_pendulum_lagrangian_float64",  # no JVP of solve
    "s26_norm_star_import_regression",  # no JVP of norm.logpdf
    "s26_poisson_mixture_logpmf_gamma_prior",  # no JVP of poisson.logpmf
    "s26_ukf_sigma_points_cholesky",  # no JVP of cholesky
    "s26b_gp_classification_laplace",  # no JVP of cholesky (test_programs_s26b.py: by FD)
    "s26b_sparse_gp_titsias_bound",  # no JVP of cholesky (test_programs_s26b.py: by FD)
    "s28_vi_norm_logpdf_partial_elbo",  # no JVP of norm.logpdf
    "s29_bayes_logreg_laplace_evidence",  # no JVP of slogdet
    "s29_gaussian_copula_tanh_correlation",  # no JVP of norm.logpdf
    "s29_kernel_ridge_hypers_solve_validation",  # no JVP of solve
    "s29_ordinal_probit_cumsum_thresholds",  # no JVP of norm.cdf
    "s29_ppca_marginal_woodbury_args",  # no JVP of inv
    "s29_student_t_regression_stats_t_df",  # no JVP of t.logpdf
    "s29c_gp_ard_kernel_factory_cholesky",  # no JVP of cholesky
    "s29c_spectral_embedding_eigh_affinity",  # no JVP of eigh
    "s30_bayes_linreg_evidence_class_hypers",  # no JVP of solve
    "s30_gp_kernel_classes_add_operator_mll",  # no JVP of cholesky
    "s30_kalman_filter_dataclass_model_loglik",  # no JVP of slogdet
    "s30_scipy_special_zinb_gammaln_expit",  # no JVP of expit
    "s30_try_except_keyerror_memo_kernel",  # no JVP of solve
}


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(
            n,
            id=n,
            marks=[
                pytest.mark.xfail(
                    strict=True,
                    raises=(FORWARD_BLOCKED.get(n) or BLOCKED[n])[0],
                    reason=(FORWARD_BLOCKED.get(n) or BLOCKED[n])[1],
                )
            ]
            if n in FORWARD_BLOCKED or n in BLOCKED
            else [],
        )
        for n in NAMES
        if _array_argnum(n) and n not in NO_FORWARD_ORACLE
    ],
)
def test_forward_mode_matches_autograd(name, switched_dir):
    """make_jvp along a random direction, for programs differentiated in one array."""
    oracle, ours = _both(name, switched_dir)
    argnum = getattr(oracle, "ARGNUM", 0)
    args = ours.inputs()
    if not isinstance(args[argnum], np.ndarray):
        pytest.skip("differentiated in a tree of arrays")
    v = np.random.RandomState(1).randn(*args[argnum].shape)
    ans, dot = compat.make_jvp(ours.loss, argnum)(*args)(v)
    oracle_loss = getattr(oracle, getattr(oracle, "ORACLE", "loss"))
    aans, adot = autograd.make_jvp(oracle_loss, argnum)(*oracle.inputs())(v)
    np.testing.assert_allclose(ans, aans, rtol=1e-10)
    np.testing.assert_allclose(dot, adot, rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize(
    "name",
    sorted(n for n in NO_FORWARD_ORACLE if n in NAMES and _array_argnum(n) and n not in BLOCKED),
)
def test_forward_mode_matches_finite_differences(name, switched_dir):
    """make_jvp along a random direction against a central difference, for the programs
    whose forward mode autograd cannot run."""
    ours = _load(switched_dir / f"{name}.py", f"s2s_program_{name}")
    argnum = getattr(ours, "ARGNUM", 0)
    args = ours.inputs()
    if not isinstance(args[argnum], np.ndarray):
        pytest.skip("differentiated in a tree of arrays")
    v = np.random.RandomState(1).randn(*args[argnum].shape)
    ans, dot = compat.make_jvp(ours.loss, argnum)(*args)(v)

    def along(t):
        moved = list(ours.inputs())
        moved[argnum] = moved[argnum] + t * v
        return ours.loss(*moved)

    eps = 1e-6
    np.testing.assert_allclose(ans, ours.loss(*ours.inputs()), rtol=1e-12)
    np.testing.assert_allclose(dot, (along(eps) - along(-eps)) / (2 * eps), rtol=1e-5, atol=1e-7)
