"""``log``, ``log1p``, ``exp`` and ``cos(2 pi u)`` without branches or calls, so that loops
using them vectorise.

numba lowers ``math.log``, ``math.exp`` and ``math.cos`` to calls into the C library, and a loop
with a call in it computes one number at a time. Box-Muller's normal numbers
(:mod:`herz.engine.streams`) need a ``log`` and a ``cos`` for every draw, and the fused step
draws three full pairwise streams a step; judging arming and updating beliefs take logarithms
and exponentials of every pair. These are fdlibm's algorithms (Sun Microsystems 1993, freely
distributable: ``e_log.c``, ``e_exp.c``, ``k_sin.c``, ``k_cos.c``; argument reduction after
Cody & Waite 1980, *Software Manual for the Elementary Functions*, and minimax polynomials),
written with selects in place of branches, so that LLVM turns a loop of them into vector
instructions (eight numbers at a time with AVX-512). ``log``, ``exp`` and ``cos_turns`` are
within one unit in the last place, as fdlibm's are, ``log1p`` within two (Goldberg 1991,
"What every computer scientist should know about floating-point arithmetic", *ACM Computing
Surveys* 23(1), theorem 4), so a result may differ from numpy's in the last bits
(``tests/engine/test_compiled_libm.py`` compares them, special values included).

Only loops that vectorise gain: called one number at a time, the C library's table-driven
``log`` is faster than this polynomial, so the scalar loops of the fused step keep ``math``,
but for those whose numbers the lanes kernel (:mod:`herz.engine.compiled.lanes`) computes in
vector loops (the second strike's exposure, the arming noise, the power forecast): both
kernels take these functions there, so that they agree bit for bit.
Callers compile with ``error_model="numpy"``: numba's default checks every division for zero
with a branch, which stops vectorisation as a call does.
"""

from __future__ import annotations

import math
from typing import Any

import numba
from llvmlite import ir
from numba import types
from numba.extending import intrinsic

__all__ = ["cos_turns", "exp", "log", "log1p"]


@intrinsic
def _bits(typingctx: object, x: types.Type) -> tuple[Any, Any]:
    """The IEEE 754 bits of a double as an int64 (a bit cast, no instruction)."""
    sig = types.int64(types.float64)

    def codegen(context: object, builder: ir.IRBuilder, signature: object, args: list) -> object:
        return builder.bitcast(args[0], ir.IntType(64))

    return sig, codegen


@intrinsic
def _double(typingctx: object, x: types.Type) -> tuple[Any, Any]:
    """The double whose IEEE 754 bits are the int64 ``x``."""
    sig = types.float64(types.int64)

    def codegen(context: object, builder: ir.IRBuilder, signature: object, args: list) -> object:
        return builder.bitcast(args[0], ir.DoubleType())

    return sig, codegen


_LN2_HI = 6.93147180369123816490e-01  # ln 2 split so that k * _LN2_HI is exact for |k| < 2^11
_LN2_LO = 1.90821492927058770002e-10
# log(1 + f) = f - f^2/2 + s (f^2/2 + R(s^2)), s = f / (2 + f): fdlibm's minimax R on
# |s| < 0.1716 (e_log.c), error below 2^-58.45.
_LG1 = 6.666666666666735130e-01
_LG2 = 3.999999999940941908e-01
_LG3 = 2.857142874366239149e-01
_LG4 = 2.222219843214978396e-01
_LG5 = 1.818357216161805012e-01
_LG6 = 1.531383769920937332e-01
_LG7 = 1.479819860511658591e-01
_SQRT_HALF_HIGH = 0x3FE6A09E  # high word of sqrt(1/2): mantissas are reduced to [0.707, 1.414)
_TWO54 = 2.0**54
_MIN_NORMAL = 2.2250738585072014e-308


@numba.njit(cache=True, inline="always", error_model="numpy")
def log(x: float) -> float:
    """Natural logarithm, within one ulp (fdlibm ``e_log.c``); ``log(0) = -inf``,
    ``log(x < 0) = nan``, ``log(inf) = inf``, ``log(nan) = nan`` as in C."""
    tiny = x < _MIN_NORMAL
    y = x * _TWO54 if tiny else x  # a subnormal scaled into the normal range
    ix = _bits(y)  # type: ignore[call-arg, var-annotated]  # numba types the intrinsic
    hx = (ix >> 32) + (0x3FF00000 - _SQRT_HALF_HIGH)
    k = (hx >> 20) - 0x3FF - (54 if tiny else 0)
    m = _double((((hx & 0x000FFFFF) + _SQRT_HALF_HIGH) << 32) | (ix & 0xFFFFFFFF))
    f = m - 1.0
    hfsq = 0.5 * f * f
    s = f / (2.0 + f)
    z = s * s
    w = z * z
    r = z * (_LG1 + w * (_LG3 + w * (_LG5 + w * _LG7))) + w * (_LG2 + w * (_LG4 + w * _LG6))
    dk = float(k)
    value = s * (hfsq + r) + dk * _LN2_LO - hfsq + f + dk * _LN2_HI
    special = x + 0.0  # inf and nan are their own logarithms
    special = -math.inf if x == 0.0 else special
    special = math.nan if x < 0.0 else special
    return value if (x > 0.0 and x < math.inf) else special


@numba.njit(cache=True, inline="always", error_model="numpy")
def log1p(x: float) -> float:
    """``log(1 + x)`` for finite ``x``, accurate for small ones: the logarithm of the rounded
    ``u = 1 + x`` times ``x / (u - 1)``, which corrects the rounding of ``u`` (Goldberg 1991,
    theorem 4)."""
    u = 1.0 + x
    d = u - 1.0
    return x if d == 0.0 else log(u) * (x / d)


# exp(r) = 1 + r + r c / (2 - c), c = r - r^2 (P1 + ...), |r| <= ln2 / 2: fdlibm's minimax
# polynomial (e_exp.c), error below 2^-59.
_P1 = 1.66666666666666019037e-01
_P2 = -2.77777777770155933842e-03
_P3 = 6.61375632143793436117e-05
_P4 = -1.65339022054652515390e-06
_P5 = 4.13813679705723846039e-08
_INV_LN2 = 1.44269504088896338700e00
_OVERFLOW = 7.09782712893383973096e02  # exp(x) overflows above
_UNDERFLOW = -7.45133219101941108420e02  # exp(x) rounds to zero below


@numba.njit(cache=True, inline="always", error_model="numpy")
def exp(x: float) -> float:
    """Exponential, within one ulp (fdlibm ``e_exp.c``): ``exp(-inf) = 0``,
    ``exp(inf) = inf``, ``exp(nan) = nan``, overflow to ``inf`` and underflow to 0 as in C."""
    # beyond the thresholds the product below rounds to inf or 0 by itself; nan becomes finite
    # here and is restored at the end
    c = min(max(x, _UNDERFLOW - 1.0), _OVERFLOW + 1.0)
    kf = math.floor(_INV_LN2 * c + 0.5)
    hi = c - kf * _LN2_HI
    lo = kf * _LN2_LO
    r = hi - lo
    t = r * r
    cc = r - t * (_P1 + t * (_P2 + t * (_P3 + t * (_P4 + t * _P5))))
    y = 1.0 - ((lo - (r * cc) / (2.0 - cc)) - hi)
    # y 2^k in two factors, so that neither overflows nor underflows before the product does
    k = numba.int64(kf)
    half = k >> 1
    scale = _double((half + 1023) << 52)  # type: ignore[call-arg, var-annotated]  # numba types it
    value = y * scale * _double((k - half + 1023) << 52)
    return value if x == x else x


# sin x and cos x on |x| <= pi/4: fdlibm's minimax polynomials (k_sin.c, k_cos.c).
_S1 = -1.66666666666666324348e-01
_S2 = 8.33333333332248946124e-03
_S3 = -1.98412698298579493134e-04
_S4 = 2.75573137070700676789e-06
_S5 = -2.50507602534068634195e-08
_S6 = 1.58969099521155010221e-10
_C1 = 4.16666666666666019037e-02
_C2 = -1.38888888888741095749e-03
_C3 = 2.48015872894767294178e-05
_C4 = -2.75573143513906633035e-07
_C5 = 2.08757232129817482790e-09
_C6 = -1.13596475577881948265e-11
_HALF_PI = math.pi / 2.0


@numba.njit(cache=True, inline="always", error_model="numpy")
def cos_turns(u: float) -> float:
    """``cos(2 pi u)`` for ``|u| < 2^50`` (a fraction of a turn, as Box-Muller's angle is).

    The reduction is exact: ``4u`` less its nearest integer ``q`` is a quarter-turn
    remainder in ``[-1/2, 1/2]``, and ``q mod 4`` picks ``cos`` or ``sin`` of the remainder
    (times pi/2) and its sign. So the one rounding before the polynomial is that of
    ``remainder * pi/2``, where the C library's ``cos(2 * pi * u)`` rounds ``2 pi u`` first."""
    v = 4.0 * u
    q = math.floor(v + 0.5)
    x = (v - q) * _HALF_PI
    z = x * x
    w = z * z
    r = z * (_C1 + z * (_C2 + z * _C3)) + w * w * (_C4 + z * (_C5 + z * _C6))
    hz = 0.5 * z
    one_less = 1.0 - hz
    cosine = one_less + (((1.0 - one_less) - hz) + z * r)
    sine = x + z * x * (_S1 + z * (_S2 + z * (_S3 + z * (_S4 + z * (_S5 + z * _S6)))))
    quarter = numba.int64(q) & 3
    value = cosine if (quarter & 1) == 0 else sine
    return -value if (quarter == 1 or quarter == 2) else value
