"""Mixed precision in NumPy: fp16 underflow, loss scaling, master weights, and bf16.

Included by docs/03-optimization-training/index.md (Optimization & Training). NumPy has a real
IEEE half-precision type (np.float16); bfloat16 is emulated by rounding float32 to its upper 16
bits. The script prints the numbers of the article's worked example and asserts:

1. the range and precision of fp32, fp16 and bf16;
2. a gradient of 1e-8 flushes to zero in fp16, survives a loss scale of 2^16, and survives bf16
   without any scaling;
3. over a spread of gradient magnitudes, how many vanish without scaling, and how many overflow
   when the scale is too large;
4. dynamic loss scaling skipping a step on overflow and growing the scale back;
5. an update of 1e-4 is lost on a weight of 1.0 stored in fp16 or bf16, but not in an fp32
   master copy.
"""

import numpy as np


# --8<-- [start:bf16]
def to_bf16(x: np.ndarray | float) -> np.ndarray:
    """Round float32 values to bfloat16 (round to nearest, ties to even), returned as float32.

    bfloat16 keeps float32's sign bit and 8 exponent bits and the top 7 of its 23 mantissa bits,
    so rounding means rounding the 32-bit pattern to a multiple of 2^16.

    Parameters
    ----------
    x : array_like
        Finite values; they are first converted to float32.

    Returns
    -------
    np.ndarray of float32
        The nearest bfloat16 values, same shape as ``x``.
    """
    bits = np.asarray(x, dtype=np.float32).view(np.uint32).astype(np.uint64)
    bits = (bits + 0x7FFF + ((bits >> 16) & 1)) >> 16 << 16
    return bits.astype(np.uint32).view(np.float32)
# --8<-- [end:bf16]


# --8<-- [start:scaling]
def scaled_fp16_gradient(grad: np.ndarray, scale: float) -> tuple[np.ndarray, bool]:
    """Carry a gradient through fp16 with a loss scale and bring it back to fp32.

    Scaling the loss by S scales every gradient of the backward pass by S (the chain rule is
    linear), so small values land in fp16's range; the optimizer then divides by S in fp32
    (Micikevicius et al., 2017, section 3.2).

    Parameters
    ----------
    grad : np.ndarray
        The exact gradient (float64), any shape.
    scale : float
        Loss scale S, a power of two so that scaling itself is exact.

    Returns
    -------
    unscaled : np.ndarray of float32
        fp16(grad * S) / S, same shape as ``grad``.
    finite : bool
        False if some scaled value overflowed to inf (the step must then be skipped).
    """
    with np.errstate(over="ignore"):
        half = (grad * scale).astype(np.float16)
    finite = bool(np.all(np.isfinite(half)))
    return half.astype(np.float32) / np.float32(scale), finite


def dynamic_loss_scale(grads: list[np.ndarray], init: float = 2.0**16, growth: float = 2.0,
                       backoff: float = 0.5, interval: int = 2000) -> list[tuple[float, bool]]:
    """Dynamic loss scaling: back off and skip on overflow, grow after a run of good steps.

    The defaults are those of PyTorch's ``torch.amp.GradScaler``.

    Parameters
    ----------
    grads : list of np.ndarray
        The exact gradient of each step.
    init : float
        Initial loss scale.
    growth, backoff : float
        Factors applied after ``interval`` finite steps in a row, and after an overflow.
    interval : int
        Number of consecutive finite steps before the scale grows.

    Returns
    -------
    list of (float, bool)
        For each step, the scale used and whether the update was applied.
    """
    scale, good, log = init, 0, []
    for g in grads:
        _, finite = scaled_fp16_gradient(g, scale)
        log.append((scale, finite))
        if finite:
            good += 1
            if good == interval:
                scale, good = scale * growth, 0
        else:
            scale, good = scale * backoff, 0
    return log
# --8<-- [end:scaling]


def formats() -> None:
    """Print range and precision of the three formats and check the bfloat16 emulation."""
    f32, f16 = np.finfo(np.float32), np.finfo(np.float16)
    bf16_max = float(np.float32((2 - 2.0**-7) * 2.0**127))
    print("1) Formats               max     smallest normal   smallest subnormal   "
          "spacing at 1")
    print(f"   fp32 (8e, 23m)  {float(f32.max):>10.5g}   {float(f32.smallest_normal):14.3e}"
          f"   {float(f32.smallest_subnormal):17.3e}   {float(f32.eps):12.3e}")
    print(f"   fp16 (5e, 10m)  {float(f16.max):>10.5g}   {float(f16.smallest_normal):14.3e}"
          f"   {float(f16.smallest_subnormal):17.3e}   {float(f16.eps):12.3e}")
    print(f"   bf16 (8e, 7m)   {bf16_max:>10.5g}   {2.0**-126:14.3e}"
          f"   {2.0**-133:17.3e}   {2.0**-7:12.3e}")
    assert float(f16.max) == 65504.0 and float(f16.smallest_subnormal) == 2.0**-24
    assert float(f16.eps) == 2.0**-10
    # The emulation: 1 + 2^-7 is representable, 1 + 2^-8 is a tie and rounds to even (1.0),
    # the largest bf16 value rounds to itself, and the low 16 bits are always zero.
    assert to_bf16(1 + 2.0**-7) == np.float32(1 + 2.0**-7) and to_bf16(1 + 2.0**-8) == 1.0
    assert to_bf16(bf16_max) == np.float32(bf16_max)
    sample = np.random.default_rng(1).standard_normal(1000).astype(np.float32)
    assert np.all(to_bf16(sample).view(np.uint32) & 0xFFFF == 0)
    assert np.all(np.abs(to_bf16(sample) - sample) <= 2.0**-8 * np.abs(sample))
    with np.errstate(over="ignore"):
        square = np.float16(300.0) * np.float16(300.0)
    print(f"   fp16: 300 * 300 = {square}  (90000 is above the fp16 maximum)")
    assert np.isinf(square)


def underflow_demo() -> None:
    """Show a 1e-8 gradient vanishing in fp16 and surviving loss scaling or bf16."""
    g = np.array([1e-8])
    scale = 2.0**16
    plain, _ = scaled_fp16_gradient(g, 1.0)
    scaled, finite = scaled_fp16_gradient(g, scale)
    print()
    print("2) One gradient of 1e-8")
    print(f"   fp16, no scaling          : {plain[0]:.4e}")
    print(f"   fp16 with loss scale 2^16 : {float(np.float16(g[0] * scale)):.4e} in fp16, "
          f"{scaled[0]:.4e} after unscaling in fp32 (error {abs(scaled[0] - 1e-8) / 1e-8:.2%})")
    print(f"   bf16, no scaling          : {to_bf16(g)[0]:.4e}")
    assert plain[0] == 0.0 and finite and abs(scaled[0] - 1e-8) < 1e-3 * 1e-8
    assert abs(to_bf16(g)[0] - 1e-8) < 2.0**-8 * 1e-8


def spread_demo(rng: np.random.Generator) -> None:
    """Count vanishing and overflowing gradients over magnitudes from 1e-12 to 1e-1."""
    g = 10.0 ** rng.uniform(-12, -1, size=100_000) * rng.choice([-1.0, 1.0], size=100_000)
    print()
    print("3) 100000 gradients with magnitudes spread evenly in log scale over 1e-12 .. 1e-1")
    print("   loss scale    zero in fp16    subnormal (< 6.1e-5)    overflow to inf")
    for exp in (0, 8, 16, 24):
        with np.errstate(over="ignore"):
            half = (g * 2.0**exp).astype(np.float16)
        zero = np.mean(half == 0)
        sub = np.mean((half != 0) & (np.abs(half) < np.finfo(np.float16).smallest_normal))
        inf = np.mean(np.isinf(half))
        print(f"   2^{exp:<2}          {zero:10.1%}    {sub:18.1%}       {inf:14.1%}")
        if exp == 0:
            zero_plain = zero
        if exp == 16:
            zero_16, inf_16 = zero, inf
        if exp == 24:
            inf_24 = inf
    # Without scaling, everything below 2^-25 (about 3e-8), 4.5 of 11 decades, is lost.
    assert 0.38 < zero_plain < 0.44
    assert zero_16 < 0.02 and inf_16 == 0.0 and inf_24 > 0.0
    bf = to_bf16(g)
    print(f"   bf16, no scaling: {np.mean(bf == 0):.1%} zero, largest relative error "
          f"{np.max(np.abs(bf - g) / np.abs(g)):.2e}")
    assert np.all(bf != 0)


def dynamic_demo(rng: np.random.Generator) -> None:
    """Run dynamic loss scaling on twelve steps with one gradient spike."""
    peaks = [0.4] * 4 + [3.0] + [0.4] * 7
    grads = [p * rng.uniform(-1, 1, 1000) for p in peaks]
    for g, p in zip(grads, peaks, strict=True):
        g[0] = p  # make the largest magnitude exactly the listed peak
    log = dynamic_loss_scale(grads, interval=3)
    print()
    print("4) Dynamic loss scaling, growth interval 3 (PyTorch's default is 2000)")
    print("   step           " + "".join(f"{i:>6}" for i in range(1, len(peaks) + 1)))
    print("   largest |g|    " + "".join(f"{p:6.1f}" for p in peaks))
    print("   scale (2^k), k " + "".join(f"{int(np.log2(s)):6d}" for s, _ in log))
    print("   applied        " + "".join(f"{'yes' if ok else 'SKIP':>6}" for _, ok in log))
    # Step 5: the spike overflows at 2^17. Step 12: the scale probes 2^18, where even 0.4
    # overflows (0.4 * 2^18 > 65504), and backs off again.
    assert [ok for _, ok in log] == [True] * 4 + [False] + [True] * 6 + [False]
    assert [int(np.log2(s)) for s, _ in log] == [16, 16, 16, 17, 17, 16, 16, 16, 17, 17, 17, 18]


def master_weights_demo() -> None:
    """Apply 1000 updates of 1e-4 to a weight of 1.0 stored in fp16, bf16 and fp32."""
    w16, wbf, w32 = np.float16(1.0), np.float32(1.0), np.float32(1.0)
    update = 1e-4
    for _ in range(1000):
        w16 = np.float16(w16 + np.float16(update))
        wbf = to_bf16(wbf + np.float32(update))[()]
        w32 = np.float32(w32 + np.float32(update))
    print()
    print("5) 1000 updates of +1e-4 to a weight of 1.0")
    print(f"   stored in fp16: {float(w16):.4f}   in bf16: {float(wbf):.4f}   "
          f"fp32 master copy: {float(w32):.4f}")
    assert w16 == 1.0 and wbf == 1.0 and abs(w32 - 1.1) < 1e-4


def main() -> None:
    """Print every number of the worked example and check its claims."""
    rng = np.random.default_rng(0)
    formats()
    underflow_demo()
    spread_demo(rng)
    dynamic_demo(rng)
    master_weights_demo()


if __name__ == "__main__":
    main()
