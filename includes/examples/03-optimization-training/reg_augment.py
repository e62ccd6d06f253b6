"""Mixing augmentations: mixup, CutMix, and SpecAugment-style masks, in NumPy.

Included by docs/03-optimization-training/01-regularization.md (Regularization &
Generalization). The script prints the numbers of the article's worked example and asserts:

1. mixup (Zhang et al., 2017): with lambda ~ Beta(alpha, alpha), small alpha leaves most
   pairs barely mixed; the cross-entropy against the mixed label equals the lambda-weighted
   sum of the two cross-entropies, so mixing labels and mixing losses are the same thing;
2. CutMix (Yun et al., 2019): the box has area (1 - lambda) W H before clipping to the
   image, and after clipping the label weight is reset to the share of pixels actually kept;
3. SpecAugment (Park et al., 2019): frequency and time masks zero whole bands of a
   spectrogram and leave everything else untouched.
"""

import numpy as np


# --8<-- [start:mixing]
def mixup(x1: np.ndarray, y1: np.ndarray, x2: np.ndarray, y2: np.ndarray,
          lam: float) -> tuple[np.ndarray, np.ndarray]:
    """Convex combination of two examples and of their one-hot labels (Zhang et al., 2017).

    Parameters
    ----------
    x1, x2 : np.ndarray, same shape
        Two inputs.
    y1, y2 : np.ndarray, shape (k,)
        Their one-hot (or soft) labels.
    lam : float
        Mixing weight in [0, 1], drawn from Beta(alpha, alpha) in the paper.

    Returns
    -------
    (np.ndarray, np.ndarray)
        lam * x1 + (1 - lam) * x2 and lam * y1 + (1 - lam) * y2.
    """
    return lam * x1 + (1 - lam) * x2, lam * y1 + (1 - lam) * y2


def cutmix(xa: np.ndarray, xb: np.ndarray, lam: float,
           rng: np.random.Generator) -> tuple[np.ndarray, float, tuple[int, int, int, int]]:
    """Paste a random box of ``xb`` into ``xa`` (Yun et al., 2019).

    The box has width W sqrt(1 - lam) and height H sqrt(1 - lam), a centre drawn uniformly
    over the image, and is clipped at the borders; the label weight of ``xa`` is then reset
    to the share of its pixels that survive, as the authors' code does.

    Parameters
    ----------
    xa, xb : np.ndarray, shape (H, W) or (H, W, channels)
        Two images of the same size.
    lam : float
        Target share of ``xa``, in [0, 1].
    rng : np.random.Generator
        Source of the box position.

    Returns
    -------
    (np.ndarray, float, tuple)
        The mixed image, the label weight of ``xa``, and the box (top, bottom, left, right).
    """
    h, w = xa.shape[:2]
    cut_h, cut_w = int(h * np.sqrt(1 - lam)), int(w * np.sqrt(1 - lam))
    cy, cx = rng.integers(h), rng.integers(w)
    top, bottom = np.clip(cy - cut_h // 2, 0, h), np.clip(cy + cut_h // 2, 0, h)
    left, right = np.clip(cx - cut_w // 2, 0, w), np.clip(cx + cut_w // 2, 0, w)
    mixed = xa.copy()
    mixed[top:bottom, left:right] = xb[top:bottom, left:right]
    kept = 1.0 - (bottom - top) * (right - left) / (h * w)
    return mixed, float(kept), (int(top), int(bottom), int(left), int(right))


def spec_masks(spec: np.ndarray, f_max: int, t_max: int,
               rng: np.random.Generator) -> np.ndarray:
    """One frequency mask and one time mask on a (channels, steps) spectrogram.

    Following Park et al. (2019): f ~ U{0..F}, f0 ~ U{0..channels - f - 1}, channels
    f0..f0+f-1 are set to 0 (the mean of normalized features); likewise for t consecutive
    time steps with t ~ U{0..T}.

    Parameters
    ----------
    spec : np.ndarray, shape (channels, steps)
        Normalized log-mel spectrogram.
    f_max, t_max : int
        Mask parameters F and T.
    rng : np.random.Generator
        Source of the mask sizes and positions.

    Returns
    -------
    np.ndarray, shape (channels, steps)
        A masked copy.
    """
    out = spec.copy()
    f = rng.integers(0, f_max + 1)
    f0 = rng.integers(0, spec.shape[0] - f)
    out[f0:f0 + f, :] = 0.0
    t = rng.integers(0, t_max + 1)
    t0 = rng.integers(0, spec.shape[1] - t)
    out[:, t0:t0 + t] = 0.0
    return out
# --8<-- [end:mixing]


def cross_entropy(p: np.ndarray, q: np.ndarray) -> float:
    """-sum_j q_j log p_j for predicted probabilities ``p`` and target ``q``, shape (k,)."""
    return float(-q @ np.log(p))


def main() -> None:
    """Print the worked-example numbers and assert the article's claims."""
    rng = np.random.default_rng(0)

    print("1. mixup: how mixed are the pairs? (100 000 draws of lambda)")
    for alpha in (0.2, 1.0):
        lam = rng.beta(alpha, alpha, 100_000)
        middle = np.mean((lam > 0.1) & (lam < 0.9))
        print(f"alpha = {alpha}: share of lambda in (0.1, 0.9) = {middle:.4f}")
    y1, y2 = np.eye(3)[0], np.eye(3)[2]
    x1, x2 = np.array([1.0, 0.0, 2.0]), np.array([0.0, 4.0, -2.0])
    lam = 0.7
    x_mix, y_mix = mixup(x1, y1, x2, y2, lam)
    p = np.array([0.5, 0.2, 0.3])              # some model's prediction for x_mix
    ce_mix = cross_entropy(p, y_mix)
    ce_sum = lam * cross_entropy(p, y1) + (1 - lam) * cross_entropy(p, y2)
    print(f"lambda = {lam}: x = {np.array2string(x_mix, precision=2)}, "
          f"y = {np.array2string(y_mix, precision=2)}")
    print(f"CE against the mixed label {ce_mix:.4f} = 0.7 CE(y1) + 0.3 CE(y2) = {ce_sum:.4f}")
    assert abs(ce_mix - ce_sum) < 1e-12

    print("\n2. CutMix on 32 x 32 images (A all ones, B all zeros)")
    a, b = np.ones((32, 32)), np.zeros((32, 32))
    for lam in (0.75, 0.4):
        mixed, kept, box = cutmix(a, b, lam, rng)
        print(f"lambda {lam:.2f}: box rows {box[0]}:{box[1]}, columns {box[2]}:{box[3]}, "
              f"label weight of A {kept:.4f}, share of A's pixels {mixed.mean():.4f}")
        assert abs(kept - mixed.mean()) < 1e-12, "label weight = share of pixels kept"

    print("\n3. SpecAugment masks on an 80-channel, 100-step spectrogram, F = 27, T = 40")
    spec = rng.standard_normal((80, 100))
    masked = spec_masks(spec, 27, 40, rng)
    rows = np.flatnonzero(np.all(masked == 0.0, axis=1))
    cols = np.flatnonzero(np.all(masked == 0.0, axis=0))
    print(f"masked channels {rows.min()}-{rows.max()} ({len(rows)}), "
          f"masked steps {cols.min()}-{cols.max()} ({len(cols)}), "
          f"share of the spectrogram zeroed {np.mean(masked == 0.0):.4f}")
    untouched = (masked != 0.0)
    assert np.array_equal(masked[untouched], spec[untouched])


if __name__ == "__main__":
    main()
