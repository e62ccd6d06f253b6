"""A LoRA layer in NumPy: forward pass, gradients, merging and parameter arithmetic.

Included by docs/03-optimization-training/02-transfer-learning.md (Transfer Learning). The layer
follows Hu et al. (2021), "LoRA: Low-Rank Adaptation of Large Language Models", arXiv:2106.09685:
a frozen weight W0 of shape (d, k) maps k inputs to d outputs, and the trainable update is
(alpha / r) B A with B of shape (d, r) and A of shape (r, k). The paper writes one example as a
column vector, h = W0 x + (alpha / r) B A x; this script works on a batch X of shape (n, k), one
example per row, so the same layer reads H = X W0^T + (alpha / r) X A^T B^T (the layout of
PyTorch's nn.Linear, whose weight is stored as (out_features, in_features)).

The script prints the numbers of the article's worked example and asserts:

1. a hand-sized layer (d = 3, k = 4, r = 1) gives the same output unmerged and merged;
2. with B = 0 at initialization the output equals the frozen layer's exactly, the gradient with
   respect to A is exactly zero and the gradient with respect to B is not;
3. the gradients with respect to A and B match central differences;
4. for d = k = 4096 and r = 8, LoRA trains 65,536 parameters instead of 16,777,216 (0.39 %);
5. fitting a rank-2 target update: r = 1 stalls, r = 2 and r = 8 recover it, and merging the
   trained factors into W0 changes no output.
"""

import numpy as np


# --8<-- [start:lora]
def lora_forward(
    x: np.ndarray, w0: np.ndarray, a: np.ndarray, b: np.ndarray, alpha: float
) -> np.ndarray:
    """Output of a linear layer with a LoRA update, for a batch of row vectors.

    H = X W0^T + (alpha / r) (X A^T) B^T: Hu et al. (2021), section 4.1, transposed for rows.
    The product X A^T is formed first, so the update costs O(n r (d + k)), never O(n d k).

    Parameters
    ----------
    x : np.ndarray, shape (n, k)
        Inputs, one example per row.
    w0 : np.ndarray, shape (d, k)
        Frozen pretrained weight (output dimension first, as in the paper and in nn.Linear).
    a : np.ndarray, shape (r, k)
        Trainable down-projection.
    b : np.ndarray, shape (d, r)
        Trainable up-projection.
    alpha : float
        Scaling constant; the update is multiplied by alpha / r.

    Returns
    -------
    np.ndarray, shape (n, d)
        Layer outputs.

    Raises
    ------
    ValueError
        If the shapes do not chain as (n, k) -> (r, k) -> (d, r) with W0 of shape (d, k).
    """
    r = a.shape[0]
    if w0.shape != (b.shape[0], a.shape[1]) or b.shape[1] != r or x.shape[1] != a.shape[1]:
        raise ValueError(f"shapes do not chain: x {x.shape}, W0 {w0.shape}, A {a.shape}, "
                         f"B {b.shape}")
    return x @ w0.T + (alpha / r) * (x @ a.T) @ b.T


def lora_backward(
    x: np.ndarray, a: np.ndarray, b: np.ndarray, alpha: float, grad_out: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Gradients of the loss with respect to the LoRA factors A and B.

    With G = dL/dH of shape (n, d) and s = alpha / r, the gradient the full weight would get is
    G^T X (shape (d, k)); the chain rule through Delta W = s B A gives
    dL/dB = s G^T X A^T and dL/dA = s B^T G^T X. W0 gets no gradient: it is frozen.

    Parameters
    ----------
    x : np.ndarray, shape (n, k)
        Inputs of the forward pass.
    a : np.ndarray, shape (r, k)
        Down-projection.
    b : np.ndarray, shape (d, r)
        Up-projection.
    alpha : float
        Scaling constant.
    grad_out : np.ndarray, shape (n, d)
        Gradient of the loss with respect to the layer output H.

    Returns
    -------
    grad_a : np.ndarray, shape (r, k)
    grad_b : np.ndarray, shape (d, r)
    """
    s = alpha / a.shape[0]
    z = x @ a.T                                  # (n, r): the low-rank code of each example
    grad_b = s * grad_out.T @ z                  # (d, r)
    grad_a = s * (grad_out @ b).T @ x            # (r, k)
    return grad_a, grad_b


def lora_merge(w0: np.ndarray, a: np.ndarray, b: np.ndarray, alpha: float) -> np.ndarray:
    """Fold the update into the weight: W = W0 + (alpha / r) B A, shape (d, k).

    After merging, inference is one ordinary matrix product: no added latency (Hu et al., 2021,
    section 4.1). Subtracting the same product restores W0 to swap in another task's factors.
    """
    return w0 + (alpha / a.shape[0]) * b @ a


def lora_init(d: int, k: int, r: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Draw the initial factors: A Gaussian, B zero, so that B A = 0 (Hu et al., 2021, sec. 4.1).

    A is drawn with standard deviation 1 / sqrt(k); the reference code uses a Kaiming-uniform
    draw instead, which is equally valid, because what matters is that B starts at zero.

    Returns
    -------
    a : np.ndarray, shape (r, k)
    b : np.ndarray, shape (d, r)
    """
    return rng.normal(0.0, 1.0 / np.sqrt(k), size=(r, k)), np.zeros((d, r))
# --8<-- [end:lora]


# --8<-- [start:count]
def lora_parameter_count(d: int, k: int, r: int) -> tuple[int, int]:
    """Trainable parameters of LoRA on one (d, k) matrix, and of the matrix itself.

    Returns
    -------
    lora : int
        r (d + k): A has r k entries and B has d r.
    full : int
        d k, what full fine-tuning of the same matrix trains.
    """
    return r * (d + k), d * k
# --8<-- [end:count]


def mse_loss(h: np.ndarray, t: np.ndarray) -> tuple[float, np.ndarray]:
    """Half the mean over examples of the squared error, and its gradient dL/dH.

    L = ||H - T||_F^2 / (2 n), dL/dH = (H - T) / n, both arrays of shape (n, d).
    """
    n = h.shape[0]
    diff = h - t
    return float(0.5 * np.sum(diff**2) / n), diff / n


def gradient_check(
    x: np.ndarray, t: np.ndarray, w0: np.ndarray, a: np.ndarray, b: np.ndarray, alpha: float,
    step: float = 1e-6,
) -> float:
    """Largest gap between :func:`lora_backward` and central differences of the loss.

    Parameters
    ----------
    x, t : np.ndarray, shapes (n, k) and (n, d)
        Inputs and targets.
    w0, a, b : np.ndarray
        Frozen weight and LoRA factors, shapes as in :func:`lora_forward`.
    alpha : float
        Scaling constant.
    step : float
        Step of the central difference (L(p + h) - L(p - h)) / (2 h).

    Returns
    -------
    float
        Maximum absolute difference over every entry of A and B.
    """
    _, g = mse_loss(lora_forward(x, w0, a, b, alpha), t)
    grad_a, grad_b = lora_backward(x, a, b, alpha, g)
    worst = 0.0
    for which, analytic in ((a, grad_a), (b, grad_b)):
        for i in np.ndindex(which.shape):
            old = which[i]
            which[i] = old + step
            up = mse_loss(lora_forward(x, w0, a, b, alpha), t)[0]
            which[i] = old - step
            down = mse_loss(lora_forward(x, w0, a, b, alpha), t)[0]
            which[i] = old
            worst = max(worst, abs((up - down) / (2 * step) - analytic[i]))
    return worst


def fit_lora(
    x: np.ndarray, t: np.ndarray, w0: np.ndarray, r: int, alpha: float, steps: int,
    lr: float, rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray, list[float]]:
    """Train only A and B with Adam (Kingma & Ba, 2014, Algorithm 1) on the squared error.

    Returns
    -------
    a, b : np.ndarray
        Trained factors, shapes (r, k) and (d, r).
    losses : list of float
        Loss before each step, and after the last one (length steps + 1).
    """
    d, k = w0.shape
    a, b = lora_init(d, k, r, rng)
    params = [a, b]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    losses = []
    for step in range(1, steps + 1):
        loss, g = mse_loss(lora_forward(x, w0, a, b, alpha), t)
        losses.append(loss)
        grads = lora_backward(x, a, b, alpha, g)
        for p, gp, mp, vp in zip(params, grads, m, v, strict=True):
            mp[:] = beta1 * mp + (1 - beta1) * gp
            vp[:] = beta2 * vp + (1 - beta2) * gp**2
            m_hat = mp / (1 - beta1**step)
            v_hat = vp / (1 - beta2**step)
            p -= lr * m_hat / (np.sqrt(v_hat) + eps)
    losses.append(mse_loss(lora_forward(x, w0, a, b, alpha), t)[0])
    return a, b, losses


def main() -> None:
    """Print the worked-example numbers and check every claim the article makes."""
    np.set_printoptions(precision=4, suppress=True)

    print("1. One LoRA layer by hand (d = 3 outputs, k = 4 inputs, r = 1, alpha = 2)")
    w0 = np.array([[1.0, 0.0, 2.0, -1.0], [0.0, 1.0, -1.0, 1.0], [2.0, -1.0, 0.0, 1.0]])
    x = np.array([[1.0, 2.0, 0.0, -1.0]])
    a = np.array([[0.5, 0.0, -1.0, 1.0]])
    b = np.array([[2.0], [0.0], [-1.0]])
    alpha = 2.0
    frozen = x @ w0.T
    code = x @ a.T
    update = (alpha / 1) * code @ b.T
    h = lora_forward(x, w0, a, b, alpha)
    merged = lora_merge(w0, a, b, alpha)
    print(f"   W0 x            = {frozen[0]}")
    print(f"   A x             = {code[0]}")
    print(f"   (alpha/r) B A x = {update[0]}")
    print(f"   h               = {h[0]}")
    print(f"   with B = 0, h   = {lora_forward(x, w0, a, np.zeros_like(b), alpha)[0]}")
    print("   merged W = W0 + (alpha/r) B A =")
    for row in merged:
        print(f"     {row}")
    print(f"   W x             = {(x @ merged.T)[0]}")
    assert np.array_equal(h, x @ merged.T)
    assert np.array_equal(h, frozen + update)

    print("\n2. Parameter arithmetic for one 4096 x 4096 matrix")
    for r in (1, 8, 64):
        lora, full = lora_parameter_count(4096, 4096, r)
        print(f"   r = {r:2d}: LoRA {lora:>10,d} trainable vs full {full:,d} "
              f"({100 * lora / full:.2f} %)")
    lora, full = lora_parameter_count(4096, 4096, 8)
    assert (lora, full) == (65_536, 16_777_216)
    per_model = 32 * 2 * lora
    print("   r = 8 on W_q and W_v of 32 blocks of width 4096:")
    print(f"          {per_model:,d} trainable parameters, {per_model * 2 / 2**20:.1f} MiB in bf16")

    rng = np.random.default_rng(0)
    d, k, n = 32, 32, 200
    x = rng.normal(size=(n, k))
    w0 = rng.normal(0.0, 1.0 / np.sqrt(k), size=(d, k))

    print("\n3. Initialization (d = k = 32, r = 4, alpha = 8, n = 200)")
    a, b = lora_init(d, k, 4, rng)
    t = x @ w0.T + rng.normal(size=(n, d))
    h = lora_forward(x, w0, a, b, 8.0)
    _, g = mse_loss(h, t)
    grad_a, grad_b = lora_backward(x, a, b, 8.0, g)
    print(f"   output equals frozen layer exactly: {np.array_equal(h, x @ w0.T)}")
    print(f"   |dL/dA| = {np.linalg.norm(grad_a):.4f}, |dL/dB| = {np.linalg.norm(grad_b):.4f}")
    assert np.array_equal(h, x @ w0.T)
    assert np.linalg.norm(grad_a) == 0.0 and np.linalg.norm(grad_b) > 0.0

    b_nonzero = rng.normal(0.0, 0.1, size=b.shape)
    err = gradient_check(x[:20], t[:20], w0, a.copy(), b_nonzero, 8.0)
    print(f"   gradient check at B != 0, max |analytic - central difference| = {err:.1e}")
    assert err < 1e-7

    print("\n4. Fitting a rank-2 update with LoRA (Adam, lr 0.01, 300 steps, alpha = 8)")
    delta = 0.5 * rng.normal(size=(d, 2)) @ rng.normal(size=(2, k)) / np.sqrt(k)
    t = x @ (w0 + delta).T
    sv_true = np.linalg.svd(delta, compute_uv=False)
    print(f"   target update: singular values {sv_true[:3]}")
    for r in (1, 2, 8):
        a, b, losses = fit_lora(x, t, w0, r, 8.0, steps=300, lr=0.01, rng=rng)
        learned = (8.0 / r) * b @ a
        rel = np.linalg.norm(learned - delta) / np.linalg.norm(delta)
        sv = np.linalg.svd(learned, compute_uv=False)
        print(f"   r = {r}: loss {losses[0]:.4f} -> {losses[100]:.4f} after 100 steps -> "
              f"{losses[-1]:.6f} after 300")
        print(f"          relative error of (alpha/r) B A: {rel:.4f}")
        print(f"          its singular values: {sv[:3]}")
        merged = lora_merge(w0, a, b, 8.0)
        gap = np.max(np.abs(lora_forward(x, w0, a, b, 8.0) - x @ merged.T))
        if r == 1:
            best = sv_true[1] / np.linalg.norm(sv_true)
            print(f"          best possible at rank 1 (Eckart-Young): {best:.4f}")
            assert abs(rel - best) < 1e-3
        else:
            assert rel < 0.01
        assert gap < 1e-12
    print(f"   merged and unmerged outputs agree to 1e-12 for every r: {gap < 1e-12}")


if __name__ == "__main__":
    main()
