"""QLoRA's storage side in NumPy: the NF4 levels, block-wise quantization and memory arithmetic.

Included by docs/03-optimization-training/02-transfer-learning.md (Transfer Learning). Following
Dettmers et al. (2023), "QLoRA: Efficient Finetuning of Quantized LLMs", arXiv:2305.14314:

1. the 16 levels of 4-bit NormalFloat (NF4) are built from quantiles of N(0, 1): 8 positive and
   7 negative quantiles plus an exact zero, scaled into [-1, 1]; the script rebuilds them with
   the standard library's erf and asserts they equal the published table;
2. Gaussian weights are quantized in blocks of 64, each block scaled by its largest absolute
   value (absmax), once with NF4 and once with 15 evenly spaced levels; NF4's error is smaller;
3. bits per parameter with one 32-bit constant per block of 64 (4.5) and with double
   quantization (4 + 8/64 + 32/(64 * 256) = 4.127), and what that means for the memory of a
   65-billion-parameter model next to 16-bit weights and full fine-tuning with Adam.
"""

import math

import numpy as np

# Appendix E of Dettmers et al. (2023); the same values are hard-coded in bitsandbytes.
NF4_PUBLISHED = np.array([
    -1.0, -0.6961928009986877, -0.5250730514526367, -0.39491748809814453,
    -0.28444138169288635, -0.18477343022823334, -0.09105003625154495, 0.0,
    0.07958029955625534, 0.16093020141124725, 0.24611230194568634, 0.33791524171829224,
    0.44070982933044434, 0.5626170039176941, 0.7229568362236023, 1.0])


def normal_quantile(q: float) -> float:
    """Invert the standard normal CDF: Phi^-1(q) by bisection on Phi(x) = (1 + erf(x / sqrt 2)) / 2.

    Parameters
    ----------
    q : float
        Probability strictly between 0 and 1.

    Returns
    -------
    float
        x with Phi(x) = q, to about 1e-15.

    Raises
    ------
    ValueError
        If q is not in (0, 1).
    """
    if not 0.0 < q < 1.0:
        raise ValueError(f"q must lie in (0, 1), got {q}")
    lo, hi = -10.0, 10.0
    for _ in range(100):
        mid = 0.5 * (lo + hi)
        if 0.5 * (1.0 + math.erf(mid / math.sqrt(2.0))) < q:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


# --8<-- [start:nf4]
def nf4_levels() -> np.ndarray:
    """Build the 16 NF4 levels: equal-probability quantiles of N(0, 1), with an exact zero.

    Dettmers et al. (2023): quantiles of two ranges, 8 on the positive side and 7 on
    the negative side, so that zero is represented exactly and all 16 codes are used; then
    everything is divided by the largest value. The quantile at probability 1 is infinite, so
    the probabilities run from 0.9677083 down to 1/2: the constant of the reference code
    (bitsandbytes, create_normal_map), which equals 1 - (1/30 + 1/32) / 2.

    Returns
    -------
    np.ndarray, shape (16,)
        Sorted levels from -1 to 1.
    """
    offset = 1.0 - 0.5 * (1.0 / 30.0 + 1.0 / 32.0)          # 0.96770833...
    positive = [normal_quantile(q) for q in np.linspace(offset, 0.5, 9)[:-1]]
    negative = [-normal_quantile(q) for q in np.linspace(offset, 0.5, 8)[:-1]]
    levels = np.sort(np.array(positive + [0.0] + negative))
    return levels / levels.max()


def quantize_blockwise(w: np.ndarray, levels: np.ndarray, block: int = 64) -> np.ndarray:
    """Quantize and dequantize a weight array in blocks with absmax scaling.

    Each block of ``block`` consecutive values is divided by its largest absolute value c,
    every entry is rounded to the nearest of ``levels`` (a 4-bit index is stored), and the
    reconstruction is level * c (Dettmers et al., 2023).

    Parameters
    ----------
    w : np.ndarray
        Weights; the size must be a multiple of ``block``.
    levels : np.ndarray, shape (16,) or fewer
        Code values in [-1, 1], sorted.
    block : int
        Block size (64 for QLoRA's weights).

    Returns
    -------
    np.ndarray
        Dequantized weights, same shape as ``w``.

    Raises
    ------
    ValueError
        If the size of ``w`` is not a multiple of ``block``.
    """
    if w.size % block:
        raise ValueError(f"size {w.size} is not a multiple of the block size {block}")
    blocks = w.reshape(-1, block)
    absmax = np.abs(blocks).max(axis=1, keepdims=True)
    scaled = blocks / absmax
    nearest = np.abs(scaled[..., None] - levels).argmin(axis=-1)
    return (levels[nearest] * absmax).reshape(w.shape)
# --8<-- [end:nf4]


# --8<-- [start:memory]
def bits_per_parameter(code_bits: int = 4, block: int = 64, double: bool = False,
                       block2: int = 256) -> float:
    """Average storage of one quantized weight, including its share of the scale constants.

    Without double quantization: code_bits + 32 / block (one fp32 absmax per block).
    With it: code_bits + 8 / block + 32 / (block * block2), the constants themselves being
    quantized to 8 bits in blocks of block2 with one fp32 constant each (Dettmers et al.,
    2023).
    """
    if not double:
        return code_bits + 32 / block
    return code_bits + 8 / block + 32 / (block * block2)
# --8<-- [end:memory]


def main() -> None:
    """Print the worked-example numbers and check the claims the article makes."""
    levels = nf4_levels()
    print("1. NF4 levels rebuilt from normal quantiles")
    print("   " + " ".join(f"{v:+.4f}" for v in levels[:8]))
    print("   " + " ".join(f"{v:+.4f}" for v in levels[8:]))
    gap = np.max(np.abs(levels - NF4_PUBLISHED))
    print(f"   equal to the published table to within 1e-6: {gap < 1e-6}")
    assert gap < 1e-6 and levels[7] == 0.0

    rng = np.random.default_rng(0)
    w = rng.normal(0.0, 0.02, size=(256, 1024))
    uniform = np.arange(-7, 8) / 7.0
    print("\n2. Block-wise absmax quantization of 262,144 Gaussian weights (block 64)")
    rmse = {}
    for name, code in (("uniform, 15 levels", uniform), ("NF4, 16 levels", levels)):
        rmse[name] = float(np.sqrt(np.mean((quantize_blockwise(w, code) - w) ** 2)))
        print(f"   {name:<20s} RMSE / weight std = {rmse[name] / 0.02:.4f}")
    assert rmse["NF4, 16 levels"] < rmse["uniform, 15 levels"]

    print("\n3. Memory arithmetic (weights and optimizer only, activations excluded)")
    plain, double = bits_per_parameter(), bits_per_parameter(double=True)
    print(f"   bits per parameter: 4-bit codes + fp32 constants {plain:.3f}")
    print(f"   with double quantization {double:.3f} (saves {plain - double:.3f})")
    assert abs(plain - 4.5) < 1e-12 and abs(double - 4.127) < 1e-3
    print("   parameters   full fine-tuning, Adam   bf16 weights   NF4 weights (QLoRA)")
    for n_params, label in ((7e9, "7B"), (65e9, "65B")):
        full = 16 * n_params / 1e9        # mixed-precision Adam: 2+2+4+4+4 bytes per parameter
        bf16 = 2 * n_params / 1e9
        nf4 = double / 8 * n_params / 1e9
        print(f"   {label:>10s}   {full:19.1f} GB   {bf16:9.1f} GB   {nf4:16.1f} GB")
    assert double / 8 * 65e9 / 1e9 < 48


if __name__ == "__main__":
    main()
