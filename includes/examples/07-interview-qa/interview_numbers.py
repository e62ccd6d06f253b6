"""Every number and gradient quoted in the Interview Q&A page, computed and checked.

Included by docs/07-interview-qa/index.md (Interview Q&A). The script prints, with an
assert behind each claim:

1. the worked example: parameters, training FLOPs, Adam memory, attention cost and KV cache
   of a GPT-2-small-sized decoder;
2. arithmetic that answers ask for (convolution cost, receptive fields, sample sizes,
   hashing collisions, calibration after negative downsampling, and more);
3. a central-difference check of every gradient formula that an answer states.
"""

import math

import numpy as np


# --8<-- [start:gpt]
def decoder_params(vocab: int, n_ctx: int, d: int, n_layers: int) -> dict[str, int]:
    """Count the parameters of a GPT-2-style decoder with tied input and output embeddings.

    Parameters
    ----------
    vocab : int
        Vocabulary size V.
    n_ctx : int
        Number of learned positions (context length).
    d : int
        Model width d_model; the feed-forward width is 4 d.
    n_layers : int
        Number of Transformer blocks L.

    Returns
    -------
    dict of str to int
        Counts for 'token_embedding' (V d), 'position_embedding' (n_ctx d), 'per_block'
        (12 d^2 + 13 d: QKV, output projection, two MLP matrices, their biases and two layer
        norms), 'final_norm' (2 d) and 'total'. Layout of Radford et al. (2019), GPT-2.

    """
    per_block = (
        d * 3 * d + 3 * d  # Q, K, V projections and biases
        + d * d + d  # attention output projection
        + d * 4 * d + 4 * d  # MLP up-projection
        + 4 * d * d + d  # MLP down-projection
        + 2 * 2 * d  # two layer norms (gain and bias)
    )
    counts = {
        "token_embedding": vocab * d,
        "position_embedding": n_ctx * d,
        "per_block": per_block,
        "final_norm": 2 * d,
    }
    counts["total"] = (
        counts["token_embedding"] + counts["position_embedding"]
        + n_layers * per_block + counts["final_norm"]
    )
    return counts


def flops_per_token(d: int, n_layers: int, n_ctx: int) -> tuple[int, int]:
    """Return forward FLOPs per token of the weight products and of causal attention.

    Parameters
    ----------
    d, n_layers, n_ctx : int
        Model width, number of blocks, context length.

    Returns
    -------
    tuple of int
        (2 * 12 d^2 * L, 2 * n_ctx * d * L). A multiply-add counts as 2 FLOPs; the causal
        attention term covers Q K^T and the weighted sum of V with each query attending to
        n_ctx / 2 keys on average. Kaplan et al. (2020), Table 1.

    """
    return 2 * 12 * d * d * n_layers, 2 * n_ctx * d * n_layers
# --8<-- [end:gpt]


def sigmoid(z: np.ndarray) -> np.ndarray:
    """Logistic function 1 / (1 + exp(-z)), element-wise, any shape."""
    return 1.0 / (1.0 + np.exp(-z))


def softmax(z: np.ndarray) -> np.ndarray:
    """Numerically stable softmax of a 1-D array of logits, shape (k,) to (k,)."""
    e = np.exp(z - z.max())
    return e / e.sum()


def central_difference(f, x: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """Estimate the gradient of a scalar function by central differences.

    Parameters
    ----------
    f : callable
        Maps an array shaped like x to a float.
    x : numpy.ndarray
        Point of evaluation, any shape; it is copied, never modified.
    h : float
        Step size.

    Returns
    -------
    numpy.ndarray
        (f(x + h e_i) - f(x - h e_i)) / (2 h) for every entry i, shaped like x.

    """
    x = x.astype(float).copy()
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        up = f(x)
        x[i] = old - h
        down = f(x)
        x[i] = old
        grad[i] = (up - down) / (2 * h)
    return grad


def relu_regions_2d(w: np.ndarray, b: np.ndarray) -> int:
    """Count the linear regions of x -> ReLU(x W + b) on the plane by enumerating them.

    Parameters
    ----------
    w : numpy.ndarray
        Hidden weights, shape (2, h); the h lines x W[:, i] + b[i] = 0 must be in general
        position (no two parallel, no three through one point), as random weights are.
    b : numpy.ndarray
        Hidden biases, shape (h,).

    Returns
    -------
    int
        Number of distinct on/off patterns of the h units over the plane. Every region of an
        arrangement of h >= 2 lines in general position touches a vertex, and the four
        quadrants at each vertex are regions, so collecting them finds all regions. The
        closed form is sum_{j=0}^{2} C(h, j) (Montufar et al., 2014, after Zaslavsky, 1975).

    """
    h = w.shape[1]
    patterns = set()
    for i in range(h):
        for j in range(i + 1, h):
            vertex = np.linalg.solve(w[:, [i, j]].T, -b[[i, j]])
            on = vertex @ w + b > 0
            for si in (False, True):
                for sj in (False, True):
                    on[i], on[j] = si, sj
                    patterns.add(on.tobytes())
    return len(patterns)


def adam_path(grad_fn, theta0: np.ndarray, lr: float, steps: int) -> np.ndarray:
    """Run Adam and return the final parameters.

    Parameters
    ----------
    grad_fn : callable
        Maps parameters of shape (p,) to a gradient of shape (p,).
    theta0 : numpy.ndarray
        Starting point, shape (p,).
    lr : float
        Learning rate eta.
    steps : int
        Number of updates.

    Returns
    -------
    numpy.ndarray
        Parameters after `steps` updates, shape (p,). Kingma & Ba (2014), Algorithm 1, with
        beta1 = 0.9, beta2 = 0.999, eps = 1e-8.

    """
    b1, b2, eps = 0.9, 0.999, 1e-8
    theta = theta0.astype(float).copy()
    m = np.zeros_like(theta)
    v = np.zeros_like(theta)
    for t in range(1, steps + 1):
        g = grad_fn(theta)
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        theta -= lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)
    return theta


def worked_example() -> None:
    """Print the sizing of a GPT-2-small-shaped decoder (the page's worked example)."""
    print("== Worked example: sizing a GPT-2-small-shaped decoder")
    vocab, n_ctx, d, n_layers = 50257, 1024, 768, 12
    c = decoder_params(vocab, n_ctx, d, n_layers)
    for key in ("token_embedding", "position_embedding", "per_block", "final_norm", "total"):
        print(f"{key:>20}: {c[key]:>12,}")
    non_embedding = n_layers * c["per_block"] + c["final_norm"]
    print(f"{'non_embedding':>20}: {non_embedding:>12,}")
    assert c["per_block"] == 12 * d * d + 13 * d
    assert c["total"] == 124_439_808

    tokens = 10**10
    train_flops = 6 * non_embedding * tokens
    print(f"training FLOPs, 6 N D with D = 1e10 tokens: {train_flops:.3e}")
    weights, attention = flops_per_token(d, n_layers, n_ctx)
    print(f"forward FLOPs per token: weights {weights:,}, attention {attention:,} "
          f"({attention / (weights + attention):.1%} of the total)")
    crossover = 12 * d
    w_x, a_x = flops_per_token(d, n_layers, crossover)
    assert w_x == a_x
    print(f"attention equals the weight products at n_ctx = 12 d = {crossover:,}")

    bytes_adam = 16 * c["total"]
    print(f"mixed-precision Adam state, 16 bytes per parameter: {bytes_adam / 1e9:.2f} GB")
    kv_per_token = 2 * n_layers * d * 2
    print(f"KV cache in 16-bit: {kv_per_token:,} bytes per token, "
          f"{kv_per_token * n_ctx / 2**20:.1f} MiB for one full {n_ctx}-token context")
    print(f"tied output layer saves V d = {vocab * d:,} parameters")
    print()


def arithmetic() -> None:
    """Print the numbers that individual answers quote, each with its check."""
    print("== Numbers quoted in the answers")
    rng = np.random.default_rng(0)
    # Fundamentals: memory of a parametric and a non-parametric model.
    n, d = 1_000_000, 100
    print(f"n = {n:,}, d = {d}: logistic regression keeps {d + 1} parameters, "
          f"k-NN keeps {n * d:,} float32 values = {n * d * 4 / 1e6:.0f} MB")
    # Neural networks.
    print(f"iterations per epoch, n = 50,000, batch 128: {math.ceil(50_000 / 128)}")
    h = 10
    print(f"equivalent tanh networks for one hidden layer of width {h}: "
          f"{math.factorial(h) * 2**h:,} (= {h}! * 2^{h})")
    rng_regions = np.random.default_rng(1)
    regions = relu_regions_2d(rng_regions.normal(size=(2, h)), rng_regions.normal(size=h))
    bound = sum(math.comb(h, j) for j in range(3))
    assert regions == bound
    print(f"linear regions of a one-hidden-layer ReLU network, 2 inputs, {h} units: {regions} "
          f"(= C({h},0) + C({h},1) + C({h},2))")
    # Optimization.
    p = 10**8
    print(f"Hessian of 1e8 parameters in fp32: {4 * p * p / 1e15:.0f} PB")
    t_max = 1000
    for t in (0, 250, 500, 1000):
        lr = 0.5 * 1e-3 * (1 + math.cos(math.pi * t / t_max))
        print(f"cosine schedule, peak 1e-3, step {t:>4} of {t_max}: {lr:.2e}")
    print(f"Adagrad under a constant gradient, step 100: {1 / math.sqrt(100):.2f} times eta")
    quad = np.array([1.0, 50.0])
    small = adam_path(lambda th: quad * th, np.array([2.0, 1.0]), 0.01, 200)
    big = adam_path(lambda th: 1000 * quad * th, np.array([2.0, 1.0]), 0.01, 200)
    print(f"Adam after 200 steps, loss and 1000 x loss: {small.round(4)} and {big.round(4)}")
    assert np.allclose(small, big, atol=1e-6)
    # CNNs.
    macs = 56 * 56 * 64 * 64 * 9
    print(f"3x3 conv, 64 to 64 channels, 56 x 56 output: {macs:,} multiply-adds "
          f"({2 * macs:,} FLOPs) for {64 * 64 * 9 + 64:,} parameters")
    layers = [(7, 2), (3, 2), (3, 1), (3, 1)]
    rf, jump = 1, 1
    for k, s in layers:
        rf += (k - 1) * jump
        jump *= s
    print(f"receptive field of conv7/s2, pool3/s2, conv3, conv3: {rf} pixels")
    assert rf == 27
    rf_dil = 1 + sum((3 - 1) * dil for dil in (1, 2, 4))
    rf_plain = 1 + 3 * (3 - 1)
    print(f"three 3x3 convolutions with dilations 1, 2, 4: {rf_dil} pixels; "
          f"without dilation: {rf_plain} pixels")
    print(f"VGG-16 fc6 (7*7*512 to 4096): {7 * 7 * 512 * 4096 + 4096:,} parameters")
    print(f"transposed conv, 16 px, k 4, s 2, p 1: {(16 - 1) * 2 - 2 * 1 + 4} px")
    # Transformers.
    d, heads = 512, 8
    one_head = 4 * d * d
    multi = 3 * heads * d * (d // heads) + d * d
    print(f"attention weights, one head vs {heads} heads at d = {d}: {one_head:,} vs {multi:,}")
    assert one_head == multi
    n_params, n_tokens = 7e9, 1e12
    c_train = 6 * n_params * n_tokens
    gpu_days = c_train / (312e12 * 0.4) / 86400
    print(f"7B parameters on 1T tokens: {c_train:.1e} FLOPs, "
          f"{gpu_days:,.0f} GPU-days at 312 TFLOP/s and 40 % utilization")
    print(f"on 1,024 GPUs: {gpu_days / 1024:.1f} days")
    print(f"mixed-precision Adam state for 7B parameters: {16 * n_params / 1e9:.0f} GB")
    # Embeddings.
    print(f"1M float32 vectors of 768 dims: {1e6 * 768 * 4 / 1e9:.3f} GB; "
          f"as 64-byte PQ codes: {1e6 * 64 / 1e6:.0f} MB")
    # Evaluation.
    tp, fp, fn = 40, 10, 20
    prec, rec = tp / (tp + fp), tp / (tp + fn)
    print(f"TP 40, FP 10, FN 20: precision {prec:.3f}, recall {rec:.3f}, "
          f"F1 {2 * prec * rec / (prec + rec):.3f}")
    print(f"log loss of predicting 0.01 for a positive: {-math.log(0.01):.4f}")
    se = math.sqrt(0.9 * 0.1 / 10_000)
    need = math.ceil(1.96**2 * 0.9 * 0.1 / 0.005**2)
    print(f"accuracy 0.9 on 10,000 examples: SE {se:.4f}, 95 % half-width {1.96 * se:.4f}; "
          f"n for +-0.005: {need:,}")
    y = np.array([1.0, 2.0, 3.0, 4.0])
    r2 = 1 - np.sum((y - 5.0) ** 2) / np.sum((y - y.mean()) ** 2)
    print(f"R^2 of always predicting 5 for y = 1, 2, 3, 4: {r2:.2f}")
    b, c_ = 30, 15
    chi2 = (abs(b - c_) - 1) ** 2 / (b + c_)
    print(f"McNemar, b = 30, c = 15: chi^2 = {chi2:.4f} (5 % critical value 3.841)")
    # Data and pipelines.
    m, k = 2**20, 100_000
    occupied = m * (1 - (1 - 1 / m) ** k)
    print(f"hashing {k:,} features into 2^20 buckets: {k - occupied:,.0f} expected collisions")
    w, p_sampled = 0.1, 0.5
    p_true = p_sampled / (p_sampled + (1 - p_sampled) / w)
    print(f"negatives kept at rate {w}: model says {p_sampled}, calibrated {p_true:.4f}")
    # The same correction on the logit scale: add log w (an intercept shift).
    assert math.isclose(math.log(p_true / (1 - p_true)),
                        math.log(p_sampled / (1 - p_sampled)) + math.log(w))
    q = 0.05
    back = (q / (1 - q) / w) / (1 + q / (1 - q) / w)
    assert math.isclose(back / (back + (1 - back) / w), q)
    print(f"forget gate at bias 0 and 1: sigma(0) = {sigmoid(0.0):.4f}, "
          f"sigma(1) = {sigmoid(1.0):.4f}")
    # Math, generative models and RL.
    heads, flips = 3, 3
    print(f"coin, {heads} heads in {flips} flips: MLE {heads / flips:.1f}, "
          f"MAP with Beta(2, 2) prior {(heads + 1) / (flips + 2):.1f}")
    print(f"initial loss of a 10-class classifier: log 10 = {math.log(10):.4f}; "
          f"1000 classes: {math.log(1000):.4f}")
    a = rng.normal(size=(20, 12))
    u, s, vt = np.linalg.svd(a, full_matrices=False)
    rank = 3
    best = u[:, :rank] * s[:rank] @ vt[:rank]
    err = np.linalg.norm(a - best)
    assert math.isclose(err, math.sqrt(np.sum(s[rank:] ** 2)))
    other = rng.normal(size=(20, rank)) @ np.linalg.lstsq(
        rng.normal(size=(20, rank)), a, rcond=None)[0][:rank]
    assert np.linalg.norm(a - other) > err
    print(f"rank-3 SVD error of a 20 x 12 matrix: {err:.4f} = sqrt(sum of tail sigma^2)")
    print(f"perplexity of a uniform model over 50,257 tokens: {math.exp(math.log(50257)):,.0f}")
    gamma = 0.99
    print(f"discount 0.99: horizon 1/(1-gamma) = {1 / (1 - gamma):.0f}, "
          f"gamma^100 = {gamma**100:.3f}")
    print()


# --8<-- [start:gradcheck]
def gradient_checks() -> None:
    """Check every gradient formula stated on the page against central differences."""
    print("== Gradients stated in the answers, against central differences")
    rng = np.random.default_rng(0)
    z = rng.normal(size=5)
    y = (rng.random(5) > 0.5).astype(float)
    checks = {}
    # d sigma / dz = sigma (1 - sigma); d tanh / dz = 1 - tanh^2; tanh(z) = 2 sigma(2z) - 1.
    checks["sigmoid"] = (sigmoid(z) * (1 - sigmoid(z)),
                         central_difference(lambda t: float(sigmoid(t).sum()), z))
    checks["tanh"] = (1 - np.tanh(z) ** 2, central_difference(lambda t: float(np.tanh(t).sum()), z))
    assert np.allclose(np.tanh(z), 2 * sigmoid(2 * z) - 1)

    # Binary cross-entropy on a logit: dL/dz = sigma(z) - y.
    def bce(t):
        return float(np.sum(np.logaddexp(0, t) - y * t))

    checks["bce_logit"] = (sigmoid(z) - y, central_difference(bce, z))
    # Gaussian negative log-likelihood: d/dyhat = (yhat - y) / s^2.
    s2, target = 0.5, rng.normal(size=5)
    checks["gauss_nll"] = ((z - target) / s2, central_difference(
        lambda t: float(np.sum((t - target) ** 2) / (2 * s2)), z))
    # Least squares: grad_W of ||XW - Y||^2 / (2n) = X^T (XW - Y) / n.
    x, w, yy = rng.normal(size=(6, 3)), rng.normal(size=(3, 2)), rng.normal(size=(6, 2))
    checks["least_squares"] = (
        x.T @ (x @ w - yy) / 6,
        central_difference(lambda m: float(np.sum((x @ m - yy) ** 2) / 12), w))
    # Fan-out: f(x) = x sigma(x) uses x twice; f' = sigma + x sigma (1 - sigma).
    checks["fan_out"] = (sigmoid(z) + z * sigmoid(z) * (1 - sigmoid(z)),
                         central_difference(lambda t: float(np.sum(t * sigmoid(t))), z))
    # Log-sum-exp: gradient is the softmax.
    checks["logsumexp"] = (softmax(z), central_difference(
        lambda t: float(t.max() + np.log(np.sum(np.exp(t - t.max())))), z))
    # Quadratic form: grad of x^T A x = (A + A^T) x.
    a = rng.normal(size=(5, 5))
    checks["quadratic_form"] = ((a + a.T) @ z, central_difference(lambda t: float(t @ a @ t), z))
    # InfoNCE on similarities s with positive index 0 and temperature tau:
    # L = -log softmax(s / tau)_0, dL/ds = (softmax(s / tau) - e_0) / tau.
    tau = 0.07
    onehot = np.eye(5)[0]

    def info_nce(t):
        u = t / tau
        return float(-(u[0] - (u.max() + np.log(np.sum(np.exp(u - u.max()))))))

    checks["info_nce"] = ((softmax(z / tau) - onehot) / tau, central_difference(info_nce, z))
    # Embedding lookup: only the looked-up rows get gradient, summed over repeats.
    emb = rng.normal(size=(6, 3))
    idx = np.array([1, 4, 1])
    head = rng.normal(size=3)
    analytic = np.zeros_like(emb)
    np.add.at(analytic, idx, head)
    checks["embedding_rows"] = (analytic, central_difference(
        lambda e: float(np.sum(e[idx] @ head)), emb))
    # L2 normalization u = x / ||x||: dL/dx = (I - u u^T) g / ||x||, orthogonal to x.
    upstream = rng.normal(size=5)
    unit = z / np.linalg.norm(z)
    analytic_norm = (upstream - unit * (unit @ upstream)) / np.linalg.norm(z)
    checks["l2_normalize"] = (analytic_norm, central_difference(
        lambda t: float(upstream @ (t / np.linalg.norm(t))), z))
    assert abs(float(z @ analytic_norm)) < 1e-12
    for name, (formula, numeric) in checks.items():
        err = float(np.max(np.abs(formula - numeric)))
        assert err < 1e-5, name
        print(f"{name:>15}: max |analytic - numeric| = {err:.1e}")
    assert np.count_nonzero(np.abs(analytic).sum(axis=1)) == 2
# --8<-- [end:gradcheck]


def main() -> None:
    """Print the worked example, the quoted numbers and the gradient checks."""
    worked_example()
    arithmetic()
    gradient_checks()


if __name__ == "__main__":
    main()
