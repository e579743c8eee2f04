"""The few helpers generated code calls: broadcasting, reductions, containers.

Every helper takes and returns arrays of the caller's type and never forces
them to NumPy, so generated code also runs on other array types that follow
NumPy's API. On lazy arrays (Dask) no helper computes anything: sizes come from
shapes, never from ``np.size`` or ``np.split`` (which Dask evaluates), and seeds
and zeros are made from the value they stand for (``np.ones_like``), so float32
stays float32. Emitted ahead-of-time modules carry copies of the helpers they use.

One module per kind of helper, in the order ahead-of-time modules copy them:
``places``, ``values``, ``lazy``, ``saves``, ``adjoints``, ``seeds``, ``broadcast``,
``containers``, ``trees``, ``elementwise``, ``products``, ``reductions``, ``shape``, ``linalg``,
``fft``.
"""

from __future__ import annotations

from . import (
    adjoints,
    banded,
    broadcast,
    containers,
    convolution,
    elementwise,
    fft,
    lazy,
    linalg,
    places,
    products,
    reductions,
    saves,
    seeds,
    shape,
    special,
    trees,
    values,
)
from .adjoints import (
    add,
    add_at,
    add_at_value,
    broadcast_tangent,
    densify,
    fresh_adjoint,
    match_input,
    nonzero,
    part,
    pop_adjoint,
    zeros_like,
)
from .banded import banded_matmul, banded_outer, banded_transpose, swapped
from .broadcast import ComplexShape, Shape, reshape_like, shape_of, unbroadcast
from .containers import (
    add_or_concat_adjoint,
    add_or_concat_tangent,
    array_astype,
    array_item,
    array_tolist,
    astype_tangent,
    column_shape,
    dict_get,
    dict_keys,
    item_adjoint,
    item_tangent,
    mul_or_repeat_adjoint,
    mul_or_repeat_adjoint_tangent,
    mul_or_repeat_tangent,
    sequence_length,
)
from .convolution import general_convolve, general_convolve_left, general_convolve_right
from .elementwise import (
    abs_slope,
    angle_slope,
    clip_adjoint,
    finite_part,
    imag_adjoint,
    override,
    power_slope,
    power_term,
    power_term_dk,
    ratio_or_zero,
    real_adjoint,
    real_like,
    real_only,
    safe_log,
    safe_log_slope,
)
from .fft import fft_adjoint, hfft_adjoint, ihfft_adjoint, irfft_adjoint, rfft_adjoint
from .lazy import LazySweep
from .lazy import _first_lazy as _first_lazy  # private: read by the entry points
from .linalg import (
    cho_from_lower,
    cho_lower,
    cho_other,
    col_outer,
    det_adjoint,
    diag_embed,
    eigen_gaps,
    eigh_adjoint,
    eigh_adjoint_dv,
    eigh_gaps,
    eigh_input_tangent,
    eigh_tangent,
    eigh_tangent_dv,
    eigh_triangle,
    expm_frechet,
    expm_frechet_da,
    flip_trans,
    lower_symmetric,
    lower_symmetric_adjoint,
    lstsq_cotangent,
    lstsq_output,
    matrix_power_tangent,
    matrix_power_tangent_da,
    mvn_cotangent,
    mvn_cov,
    mvn_residual,
    no_second_derivative,
    norm_adjoint,
    norm_adjoint_dx,
    norm_slope,
    norm_slope_dx,
    norm_tangent,
    norm_tangent_dx,
    pair_first,
    qr_checked,
    qr_cotangent,
    solve_adjoint,
    svd_cotangent,
    svd_output,
    svd_values_adjoint,
    svd_values_tangent,
    sylvester,
    tensor_matrix,
    tensor_matrix_adjoint,
    triangular_matmul,
    triangular_outer,
    triangular_part,
    triangular_solve,
    triangular_solve_adjoint,
)
from .places import no_derivative
from .products import (
    convolve_left,
    convolve_right,
    correlate_left,
    correlate_right,
    cross_left,
    cross_right,
    dot_left,
    dot_right,
    einsum_adjoint,
    einsum_adjoint_tangent,
    einsum_cross,
    einsum_tangent,
    inner_left,
    inner_right,
    kron_left,
    kron_parts,
    kron_right,
    matmul_left,
    matmul_right,
    multi_dot_adjoint,
    multi_dot_adjoint_dx,
    multi_dot_cross,
    multi_dot_tangent,
    outer_left,
    outer_right,
    signal_convolve_left,
    signal_convolve_right,
    tensordot_left,
    tensordot_right,
    vdot_left,
    vdot_right,
)
from .reductions import (
    average_weights,
    average_weights_adjoint,
    builtin_sum_adjoint,
    cumprod_adjoint,
    cumprod_adjoint_dx,
    cumprod_tangent,
    cumprod_tangent_dx,
    cumsum_adjoint,
    lse_weights,
    mean_adjoint,
    nanvar_adjoint,
    prod_adjoint,
    prod_adjoint_dx,
    reduce_adjoint,
    select_adjoint,
    valid,
    var_adjoint,
)
from .saves import Absent, last_writes, restore_value, save_item, snapshot
from .seeds import check_cotangents, output_seed
from .shape import (
    append_adjoint,
    broadcast_arrays_adjoint,
    broadcast_arrays_tangent,
    column_stack_adjoint,
    concatenate_adjoint,
    diag_adjoint,
    diff_adjoint,
    diff_tangent,
    dstack_adjoint,
    gradient_adjoint,
    hsplit_axis,
    hstack_adjoint,
    index_range,
    item_or_zeros,
    linspace_adjoint,
    meshgrid_adjoint,
    meshgrid_tangent,
    pad_adjoint,
    pad_tangent,
    partition_adjoint,
    partition_tangent,
    repeat_adjoint,
    reshaped_as,
    rollaxis_adjoint,
    select_adjoint_choices,
    select_adjoint_default,
    sort_adjoint,
    sort_tangent,
    split_adjoint,
    stack_adjoint,
    take_adjoint,
    take_along_axis_adjoint,
    tile_adjoint,
    trace_adjoint,
    transpose_adjoint,
    unstack,
    vstack_adjoint,
)
from .special import (
    betainc_da,
    betainc_db,
    curvature2,
    curvature3,
    gammainc_da,
    multigammaln_curvature,
    multigammaln_slope,
    order_slope,
    order_slope_dx,
    stdtr_ddf,
)
from .trees import (
    tree_field,
    tree_field_adjoint,
    tree_field_tangent,
    tree_node,
    tree_node_adjoint,
    tree_node_tangent,
    tree_replace,
    tree_replace_adjoint,
    tree_replace_tangent,
)
from .values import _lazy as _lazy  # private: the entry points (api, transforms) read these
from .values import _size as _size
from .values import _unknown as _unknown
from .values import real_if_real

MODULES = (places, values, lazy, saves, adjoints, seeds, broadcast, containers, trees,
           elementwise, products, reductions, shape, linalg, fft, special, banded,
           convolution)


def _namespace() -> dict:
    """Every module-level name of the runtime modules, private ones included: the globals
    that copies of the helpers (backends, ahead-of-time modules) run in."""
    out: dict = {}
    for module in MODULES:
        for name, value in vars(module).items():
            if name.startswith("__") or name == "annotations":
                continue
            if out.get(name, value) is not value:
                raise ImportError(f"s2sgrad.runtime: two modules define {name!r}")
            out[name] = value
    return out


NAMESPACE = _namespace()


def is_helper(value) -> bool:
    """Is ``value`` a function or class defined in one of the runtime modules?"""
    return (getattr(value, "__module__", None) or "").startswith(__name__ + ".")


__all__ = [
    "general_convolve", "general_convolve_left", "general_convolve_right",
    "banded_matmul", "banded_outer", "banded_transpose", "swapped",
    "betainc_da", "betainc_db", "curvature2", "curvature3", "gammainc_da",
    "multigammaln_curvature", "multigammaln_slope", "order_slope", "order_slope_dx", "stdtr_ddf",
    "astype_tangent", "item_adjoint", "item_tangent",
    "Absent", "ComplexShape", "LazySweep", "Shape", "abs_slope", "add", "add_at", "add_at_value",
    "add_or_concat_adjoint", "add_or_concat_tangent", "angle_slope", "append_adjoint",
    "array_astype", "array_item", "array_tolist", "average_weights", "average_weights_adjoint",
    "broadcast_arrays_adjoint", "broadcast_arrays_tangent", "broadcast_tangent",
    "builtin_sum_adjoint", "check_cotangents", "cho_from_lower", "cho_lower",
    "cho_other", "clip_adjoint", "col_outer", "column_shape", "column_stack_adjoint",
    "concatenate_adjoint", "convolve_left", "convolve_right", "correlate_left", "correlate_right",
    "cross_left", "cross_right", "cumprod_adjoint", "cumprod_adjoint_dx", "cumprod_tangent",
    "cumprod_tangent_dx",
    "cumsum_adjoint", "densify", "det_adjoint", "diag_adjoint", "diag_embed", "dict_get",
    "dict_keys", "diff_adjoint", "diff_tangent", "dot_left", "dot_right", "dstack_adjoint",
    "eigen_gaps", "eigh_adjoint", "eigh_adjoint_dv", "eigh_gaps", "eigh_input_tangent",
    "eigh_tangent", "eigh_tangent_dv", "eigh_triangle", "einsum_adjoint", "einsum_adjoint_tangent",
    "einsum_cross", "einsum_tangent", "expm_frechet", "expm_frechet_da", "fft_adjoint",
    "finite_part", "flip_trans", "fresh_adjoint", "gradient_adjoint", "hfft_adjoint", "hsplit_axis",
    "hstack_adjoint", "ihfft_adjoint", "index_range", "imag_adjoint", "inner_left",
    "inner_right",
    "irfft_adjoint", "item_or_zeros", "kron_left", "kron_parts", "kron_right", "last_writes",
    "linspace_adjoint", "lower_symmetric", "lower_symmetric_adjoint", "lse_weights",
    "lstsq_cotangent", "lstsq_output", "match_input", "matmul_left", "matmul_right",
    "matrix_power_tangent", "matrix_power_tangent_da", "mean_adjoint", "meshgrid_adjoint",
    "meshgrid_tangent", "mul_or_repeat_adjoint",
    "mul_or_repeat_adjoint_tangent", "mul_or_repeat_tangent", "multi_dot_adjoint",
    "multi_dot_adjoint_dx", "multi_dot_cross", "multi_dot_tangent", "mvn_cotangent", "mvn_cov",
    "mvn_residual", "nanvar_adjoint", "no_derivative", "no_second_derivative", "nonzero",
    "norm_adjoint", "norm_adjoint_dx", "norm_slope", "norm_slope_dx", "norm_tangent",
    "norm_tangent_dx", "outer_left", "outer_right", "override", "output_seed", "pad_adjoint",
    "pad_tangent",
    "pair_first", "part", "partition_adjoint", "partition_tangent", "pop_adjoint", "power_slope",
    "power_term", "power_term_dk", "prod_adjoint", "prod_adjoint_dx", "qr_checked", "qr_cotangent",
    "ratio_or_zero", "real_adjoint", "real_if_real", "real_like", "real_only",
    "reduce_adjoint", "repeat_adjoint", "reshape_like", "reshaped_as", "restore_value",
    "rfft_adjoint", "rollaxis_adjoint", "safe_log", "safe_log_slope", "save_item", "select_adjoint",
    "select_adjoint_choices", "select_adjoint_default", "sequence_length", "shape_of",
    "signal_convolve_left", "signal_convolve_right", "snapshot", "solve_adjoint", "sort_adjoint",
    "sort_tangent", "split_adjoint", "stack_adjoint", "svd_cotangent", "svd_output",
    "svd_values_adjoint", "svd_values_tangent", "sylvester", "take_adjoint",
    "take_along_axis_adjoint", "tensor_matrix", "tensor_matrix_adjoint",
    "tensordot_left", "tensordot_right", "tile_adjoint",
    "trace_adjoint", "transpose_adjoint", "tree_field", "tree_field_adjoint", "tree_field_tangent",
    "tree_node", "tree_node_adjoint", "tree_node_tangent", "tree_replace", "tree_replace_adjoint",
    "tree_replace_tangent", "triangular_matmul", "triangular_outer",
    "triangular_part", "triangular_solve", "triangular_solve_adjoint", "unbroadcast", "unstack",
    "valid", "var_adjoint", "vdot_left", "vdot_right", "vstack_adjoint", "zeros_like",
]
