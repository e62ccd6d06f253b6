"""Dropout, MC dropout, batch norm in training and inference mode, and label smoothing.

Included by docs/03-optimization-training/01-regularization.md (Regularization &
Generalization). The script prints the numbers of the article's worked example and asserts:

1. inverted dropout keeps the expectation of every unit and adds variance h^2 p / (1 - p)
   (Monte Carlo over 200 000 masks);
2. on the inputs of a linear regression, the expected dropout loss is the plain squared error
   plus the data-dependent L2 penalty p / (1 - p) * sum_j w_j^2 ||X[:, j]||^2;
3. rescaling is exact for a linear layer after dropout but only approximate when a
   non-linearity follows the dropped units;
4. MC dropout (Gal & Ghahramani, 2016): a small ReLU network trained with dropout gives a
   spread of predictions several times larger far from its training data than inside it;
   its backward pass is checked by central differences;
5. batch norm (Ioffe & Szegedy, 2015) with running statistics: train-mode and inference-mode
   outputs agree only once the running averages have converged; the n / (n - 1) correction
   is what makes the running variance unbiased; tiny batches make the output noisy;
6. batch norm makes a layer invariant to the scale of its weights, so the gradient shrinks as
   1 / c when the weights grow by c, and it is orthogonal to the weights;
7. label smoothing (Szegedy et al., 2016): the smoothed loss is (1 - eps) times the usual
   cross-entropy plus eps times the cross-entropy to the uniform distribution, its gradient
   with respect to the logits is p - q, and its minimizer has finite logits.
"""

import numpy as np


# --8<-- [start:dropout]
def inverted_dropout(h: np.ndarray, p: float, rng: np.random.Generator) -> np.ndarray:
    """Zero each unit with probability p and divide the survivors by 1 - p.

    Dropout is from Hinton et al. (2012) and Srivastava et al. (2014); dividing at training
    time ("inverted" dropout) keeps E[output] = h, so inference uses the network unchanged.

    Parameters
    ----------
    h : np.ndarray, any shape
        Activations.
    p : float
        Drop probability, in [0, 1).
    rng : np.random.Generator
        Source of the masks.

    Returns
    -------
    np.ndarray, same shape as ``h``
        Masked and rescaled activations.
    """
    keep = rng.random(h.shape) >= p
    return h * keep / (1.0 - p)
# --8<-- [end:dropout]


# --8<-- [start:batchnorm]
class BatchNorm1d:
    """Batch normalization over the rows of a (n, d) batch, with running statistics.

    Training mode normalizes with the batch mean and biased variance (Ioffe & Szegedy, 2015,
    Algorithm 1) and updates exponential moving averages of the mean and of the unbiased
    variance (weight ``momentum`` = 0.1 on the new batch, as PyTorch does). Inference mode
    normalizes with those running averages, so one example's output no longer depends on
    the rest of its batch.

    Parameters
    ----------
    d : int
        Number of features.
    momentum : float
        Weight of the newest batch in the running averages.
    eps : float
        Added to the variance before the square root.
    """

    def __init__(self, d: int, momentum: float = 0.1, eps: float = 1e-5) -> None:
        self.gamma, self.beta = np.ones(d), np.zeros(d)
        self.running_mean, self.running_var = np.zeros(d), np.ones(d)
        self.momentum, self.eps = momentum, eps

    def __call__(self, x: np.ndarray, training: bool) -> np.ndarray:
        """Normalize a batch ``x`` of shape (n, d); returns the same shape.

        Raises
        ------
        ValueError
            In training mode with a batch of one example, whose variance is undefined.
        """
        if training:
            n = x.shape[0]
            if n < 2:
                raise ValueError("batch norm needs at least 2 examples in training mode")
            mean, var = x.mean(axis=0), x.var(axis=0)          # biased variance
            m = self.momentum
            self.running_mean = (1 - m) * self.running_mean + m * mean
            self.running_var = (1 - m) * self.running_var + m * var * n / (n - 1)
        else:
            mean, var = self.running_mean, self.running_var
        return self.gamma * (x - mean) / np.sqrt(var + self.eps) + self.beta
# --8<-- [end:batchnorm]


# --8<-- [start:smoothing]
def smoothed_targets(label: int, k: int, eps: float) -> np.ndarray:
    """Label-smoothed target q = (1 - eps) * one_hot(label) + eps / k (Szegedy et al., 2016).

    Parameters
    ----------
    label : int
        True class, in 0..k-1.
    k : int
        Number of classes.
    eps : float
        Smoothing strength, in [0, 1).

    Returns
    -------
    np.ndarray, shape (k,)
        A probability vector.
    """
    q = np.full(k, eps / k)
    q[label] += 1.0 - eps
    return q


def cross_entropy(z: np.ndarray, q: np.ndarray) -> float:
    """Cross-entropy -sum_j q_j log softmax(z)_j of logits ``z`` and target ``q``, shape (k,)."""
    log_p = z - z.max() - np.log(np.sum(np.exp(z - z.max())))
    return float(-q @ log_p)
# --8<-- [end:smoothing]


def softmax(z: np.ndarray) -> np.ndarray:
    """Softmax of a logit vector of shape (k,)."""
    e = np.exp(z - z.max())
    return e / e.sum()


def net_forward_backward(params: list, x: np.ndarray, y: np.ndarray, mask: np.ndarray,
                         p: float) -> tuple[float, list]:
    """Loss and gradients of y_hat = (relu(x w1 + b1) * mask / (1 - p)) . w2 + b2.

    Parameters
    ----------
    params : list of np.ndarray
        [w1 (h,), b1 (h,), w2 (h,), b2 (1,)]: a 1-input, h-unit ReLU layer and a linear output.
    x, y : np.ndarray, shape (n,)
        Inputs and targets.
    mask : np.ndarray, shape (n, h)
        Dropout keep mask (1 keep, 0 drop); all ones with p = 0 gives the plain network.
    p : float
        Drop probability used for the rescaling.

    Returns
    -------
    float, list of np.ndarray
        Half the mean squared error, and its gradients with the shapes of ``params``.
    """
    w1, b1, w2, b2 = params
    z = np.outer(x, w1) + b1
    hd = np.maximum(z, 0.0) * mask / (1.0 - p)
    r = hd @ w2 + b2[0] - y
    n = len(y)
    dz = np.outer(r / n, w2) * mask / (1.0 - p) * (z > 0)
    grads = [x @ dz, dz.sum(axis=0), hd.T @ r / n, np.array([r.sum() / n])]
    return float(0.5 * np.mean(r**2)), grads


def batchnorm_loss(w: np.ndarray, x: np.ndarray, r: np.ndarray) -> float:
    """Scalar test loss sum(BN(X W) * R), training-mode batch norm with gamma 1, beta 0.

    The constant eps is left out (set to 0) so that the invariance BN(X (c W)) = BN(X W)
    for c > 0 holds exactly; with eps > 0 it holds up to terms of order eps / Var(X W).

    Parameters
    ----------
    w : np.ndarray, shape (d, k)
        Weights of the linear layer before batch norm.
    x : np.ndarray, shape (n, d)
        Input batch.
    r : np.ndarray, shape (n, k)
        Fixed random weights that turn the output into a scalar.

    Returns
    -------
    float
        The scalar loss.
    """
    a = x @ w
    return float(np.sum((a - a.mean(axis=0)) / a.std(axis=0) * r))


def central_difference(fun, w: np.ndarray, step: float = 1e-6) -> np.ndarray:
    """Numerical gradient of a scalar function of an array by central differences."""
    grad = np.zeros_like(w)
    for idx in np.ndindex(w.shape):
        e = np.zeros_like(w)
        e[idx] = step
        grad[idx] = (fun(w + e) - fun(w - e)) / (2.0 * step)
    return grad


def block_dropout(rng: np.random.Generator) -> None:
    """Blocks 1 to 3: moments of inverted dropout, its penalty on a linear model, a ReLU."""
    h, p, draws = np.array([0.5, -1.2, 2.0]), 0.3, 200_000
    samples = inverted_dropout(np.broadcast_to(h, (draws, 3)), p, rng)
    print(f"1. Inverted dropout, p = {p}, {draws} masks")
    print("h                    ", " ".join(f"{v:+.4f}" for v in h))
    print("mean of dropped h    ", " ".join(f"{v:+.4f}" for v in samples.mean(axis=0)))
    print("variance             ", " ".join(f"{v:+.4f}" for v in samples.var(axis=0)))
    print("h^2 p / (1 - p)      ", " ".join(f"{v:+.4f}" for v in h**2 * p / (1 - p)))
    se = np.sqrt(h**2 * p / (1 - p) / draws)
    assert np.all(np.abs(samples.mean(axis=0) - h) < 4 * se), "expectation is kept"
    assert np.allclose(samples.var(axis=0), h**2 * p / (1 - p), rtol=0.02)

    x = rng.standard_normal((6, 3))
    w_lin = np.array([1.5, -0.5, 2.0])
    y = x @ w_lin + 0.3 * rng.standard_normal(6)
    w_fit = np.array([1.2, -0.4, 1.8])
    losses = []
    for _ in range(20):                                # 20 x 10 000 masks, in chunks
        xd = inverted_dropout(np.broadcast_to(x, (10_000, 6, 3)), p, rng)
        losses.append(np.sum((y - xd @ w_fit) ** 2, axis=1))
    losses = np.concatenate(losses)
    plain = np.sum((y - x @ w_fit) ** 2)
    penalty = p / (1 - p) * np.sum(w_fit**2 * np.sum(x**2, axis=0))
    print("\n2. Dropout on the inputs of a linear regression (6 examples, 3 features)")
    print(f"mean dropout loss over 200 000 masks {losses.mean():.4f}; "
          f"plain loss {plain:.4f} + penalty {penalty:.4f} = {plain + penalty:.4f}")
    assert abs(losses.mean() - (plain + penalty)) < 4 * losses.std() / np.sqrt(len(losses))

    w = rng.standard_normal((3, 4))
    linear = samples @ w
    relu = np.maximum(samples @ w, 0.0)
    print("\n3. One layer after dropout: Monte Carlo mean against one pass without dropout")
    print("linear  MC mean      ", " ".join(f"{v:+.4f}" for v in linear.mean(axis=0)))
    print("linear  no dropout   ", " ".join(f"{v:+.4f}" for v in h @ w))
    print("ReLU    MC mean      ", " ".join(f"{v:+.4f}" for v in relu.mean(axis=0)))
    print("ReLU    no dropout   ", " ".join(f"{v:+.4f}" for v in np.maximum(h @ w, 0.0)))
    assert np.allclose(linear.mean(axis=0), h @ w, atol=0.02)
    assert np.max(np.abs(relu.mean(axis=0) - np.maximum(h @ w, 0.0))) > 0.2


def block_mc_dropout(rng: np.random.Generator) -> None:
    """Block 4: train a small network with dropout, then predict with T dropout passes."""
    n, hidden, p = 40, 64, 0.2
    x = rng.uniform(-1.0, 1.0, n)
    y = np.sin(3.0 * x) + 0.1 * rng.standard_normal(n)
    params = [rng.standard_normal(hidden), rng.uniform(-1.0, 1.0, hidden),
              rng.normal(0.0, np.sqrt(1.0 / hidden), hidden), np.zeros(1)]
    mask = (rng.random((n, hidden)) >= p).astype(float)
    _, grads = net_forward_backward(params, x, y, mask, p)
    gap = 0.0
    for i in range(4):
        def loss_i(v, i=i):
            trial = [v if j == i else q for j, q in enumerate(params)]
            return net_forward_backward(trial, x, y, mask, p)[0]
        gap = max(gap, np.max(np.abs(central_difference(loss_i, params[i]) - grads[i])))
    print("\n4. MC dropout: 1-64-1 ReLU network, dropout 0.2 on the hidden layer, "
          "trained on x in [-1, 1]")
    print(f"gradient check with a fixed mask: max |analytic - central difference| = {gap:.1e}")
    assert gap < 1e-7

    m = [np.zeros_like(q) for q in params]
    v = [np.zeros_like(q) for q in params]
    for t in range(1, 4001):                      # Adam, Kingma & Ba (2014) defaults but lr
        mask = (rng.random((n, hidden)) >= p).astype(float)
        _, grads = net_forward_backward(params, x, y, mask, p)
        for i, g in enumerate(grads):
            m[i] = 0.9 * m[i] + 0.1 * g
            v[i] = 0.999 * v[i] + 0.001 * g * g
            params[i] = params[i] - 0.01 * (m[i] / (1 - 0.9**t)) / (
                np.sqrt(v[i] / (1 - 0.999**t)) + 1e-8)

    xs = np.array([-2.0, -1.0, 0.0, 0.5, 1.0, 2.0])
    w1, b1, w2, b2 = params
    h = np.maximum(np.outer(xs, w1) + b1, 0.0)
    passes = 1000
    keep = (rng.random((passes, len(xs), hidden)) >= p) / (1.0 - p)
    preds = (h[None] * keep) @ w2 + b2[0]            # (passes, len(xs))
    print("x          true f   one pass   MC mean   MC std   (T = 1000 passes)")
    for i, xi in enumerate(xs):
        print(f"{xi:+5.1f}  {np.sin(3 * xi):+9.3f}  {h[i] @ w2 + b2[0]:+9.3f}  "
              f"{preds[:, i].mean():+8.3f}  {preds[:, i].std():7.3f}")
    std = preds.std(axis=0)
    inside = np.max(std[np.abs(xs) <= 0.5])
    assert min(std[0], std[-1]) > 3 * inside, "spread grows far from the data"


def block_batchnorm(rng: np.random.Generator) -> None:
    """Blocks 5 to 7: running statistics, batch size, and scale invariance."""
    print("\n5. Batch norm on one feature drawn from N(5, 4), batches of 4, momentum 0.1")
    bn = BatchNorm1d(1)
    value = np.array([[6.0]])                     # z-score 0.5 under the true statistics
    biased, unbiased, seen = [], [], 0
    print("batches  running mean  running var  inference output for x = 6 (ideal 0.5000)")
    for checkpoint in (1, 5, 20, 100, 2000):
        while seen < checkpoint:
            batch = rng.normal(5.0, 2.0, (4, 1))
            biased.append(batch.var())
            unbiased.append(batch.var(ddof=1))
            bn(batch, training=True)
            seen += 1
        out = bn(value, training=False)[0, 0]
        print(f"{seen:7d}  {bn.running_mean[0]:12.4f}  {bn.running_var[0]:11.4f}  {out:10.4f}")
    print(f"average over {seen} batches: biased variance {np.mean(biased):.4f} "
          f"(expected (n-1)/n * 4 = 3), with n/(n-1) {np.mean(unbiased):.4f} (expected 4)")
    assert abs(np.mean(biased) - 3.0) < 0.1 and abs(np.mean(unbiased) - 4.0) < 0.1
    try:
        bn(value, training=True)
    except ValueError as error:
        print(f"training mode with one example: ValueError: {error}")
    else:
        raise AssertionError("a batch of one must be refused in training mode")

    print("\n6. Train-mode output for x = 6 with random batch mates (20 000 batches each)")
    print("batch size   mean output   std of output   share with |output| > 0.99")
    for size in (2, 4, 16, 64):
        mates = rng.normal(5.0, 2.0, (20_000, size - 1))
        batch = np.column_stack([np.full(20_000, 6.0), mates])
        out = (batch[:, 0] - batch.mean(axis=1)) / np.sqrt(batch.var(axis=1) + 1e-5)
        share = np.mean(np.abs(out) > 0.99)
        print(f"{size:10d}  {out.mean():12.4f}  {out.std():14.4f}  {share:26.4f}")
        if size == 2:
            assert share > 0.98, "a batch of 2 maps almost everything to +-1"
        if size == 64:
            assert abs(out.mean() - 0.5) < 0.05 and out.std() < 0.2

    x = rng.standard_normal((8, 3))
    w = rng.standard_normal((3, 2))
    r = rng.standard_normal((8, 2))
    g1 = central_difference(lambda v: batchnorm_loss(v, x, r), w)
    g10 = central_difference(lambda v: batchnorm_loss(v, x, r), 10.0 * w)
    print("\n7. Scale invariance of X W followed by batch norm (eps = 0)")
    print(f"loss at W: {batchnorm_loss(w, x, r):+.6f}, "
          f"at 10 W: {batchnorm_loss(10 * w, x, r):+.6f}")
    print(f"gradient norm at W: {np.linalg.norm(g1):.4f}, at 10 W: {np.linalg.norm(g10):.4f}")
    radial = np.sum(w * g1, axis=0)
    print(f"W_j . gradient_j for each column j: {radial[0]:+.1e} {radial[1]:+.1e}")
    assert abs(batchnorm_loss(w, x, r) - batchnorm_loss(10 * w, x, r)) < 1e-12
    assert np.allclose(g10, g1 / 10.0, atol=1e-6) and np.all(np.abs(radial) < 1e-6)


def block_label_smoothing() -> None:
    """Block 8: label-smoothed targets, the loss decomposition, gradient and finite optimum."""
    k, eps, label = 5, 0.1, 0
    z = np.array([2.0, 1.0, 0.2, -0.5, -1.0])
    q = smoothed_targets(label, k, eps)
    one_hot = smoothed_targets(label, k, 0.0)
    uniform = np.full(k, 1.0 / k)
    print(f"\n8. Label smoothing, k = {k} classes, eps = {eps}")
    print("smoothed target q   ", " ".join(f"{v:.2f}" for v in q))
    print("softmax of z        ", " ".join(f"{v:.4f}" for v in softmax(z)))
    hard, smooth = cross_entropy(z, one_hot), cross_entropy(z, q)
    mixed = (1 - eps) * hard + eps * cross_entropy(z, uniform)
    print(f"loss with one-hot target {hard:.4f}, with q {smooth:.4f}, "
          f"(1-eps)*CE(y) + eps*CE(u) = {mixed:.4f}")
    assert abs(smooth - mixed) < 1e-12
    numeric = central_difference(lambda v: cross_entropy(v, q), z)
    gap = np.max(np.abs(numeric - (softmax(z) - q)))
    print("gradient p - q      ", " ".join(f"{v:+.4f}" for v in softmax(z) - q),
          f"  (central differences agree to {gap:.1e})")
    assert gap < 1e-8

    print("gradient descent on free logits (step 1.0), starting from z:")
    print("steps    logit gap, one-hot   logit gap, smoothed")
    z_hard, z_smooth = z.copy(), z.copy()
    done = 0
    for checkpoint in (100, 1000, 10000):
        while done < checkpoint:
            z_hard -= softmax(z_hard) - one_hot
            z_smooth -= softmax(z_smooth) - q
            done += 1
        gap_hard = z_hard[0] - np.max(z_hard[1:])
        gap_smooth = z_smooth[0] - np.max(z_smooth[1:])
        print(f"{done:5d}  {gap_hard:19.4f}  {gap_smooth:20.4f}")
    optimum = np.log((1 - eps + eps / k) / (eps / k))
    print(f"log((1 - eps + eps/k) / (eps/k)) = {optimum:.4f}")
    assert abs(gap_smooth - optimum) < 1e-6 and gap_hard > 2 * optimum


def main() -> None:
    """Run the blocks in order with one seeded generator."""
    rng = np.random.default_rng(0)
    block_dropout(rng)
    block_mc_dropout(rng)
    block_batchnorm(rng)
    block_label_smoothing()


if __name__ == "__main__":
    main()
