"""Gradient accumulation over micro-batches, and gradient clipping by global norm.

Included by docs/03-optimization-training/index.md (Optimization & Training). A small tanh
network (5 inputs, 8 hidden units, 1 output, squared error) supplies real gradients; its
hand-written backward pass is checked against central differences first. The script prints
the numbers of the article's worked example and asserts:

1. the gradient accumulated over 4 equal micro-batches of 16 equals the gradient of the full
   batch of 64; with unequal micro-batches, averaging their means is wrong and weighting each
   by its size is right;
2. clipping by global norm keeps the direction of the gradient and caps its length, clipping by
   value changes the direction; one corrupted label makes a gradient spike that a clipped step
   survives and an unclipped step does not;
3. clipping must act on the accumulated gradient, not on each micro-batch.
"""

import numpy as np

Params = list[np.ndarray]


def forward_backward(params: Params, x: np.ndarray, y: np.ndarray) -> tuple[float, Params]:
    """Loss and gradients of a one-hidden-layer tanh network with squared error.

    y_hat = tanh(X W1 + b1) w2,  L = mean((y_hat - y)^2) / 2.

    Parameters
    ----------
    params : list of np.ndarray
        [W1 of shape (d, h), b1 of shape (h,), w2 of shape (h,)].
    x : np.ndarray, shape (n, d)
        Inputs, one example per row.
    y : np.ndarray, shape (n,)
        Targets.

    Returns
    -------
    loss : float
        Half the mean squared error over the n examples.
    grads : list of np.ndarray
        dL/dW1 = X^T D / n, dL/db1 = sum of the rows of D / n, dL/dw2 = H^T r / n, where
        r = y_hat - y and D = (r w2^T) * (1 - H^2), shapes as ``params``.
    """
    w1, b1, w2 = params
    h = np.tanh(x @ w1 + b1)
    r = h @ w2 - y
    n = len(y)
    d = np.outer(r, w2) * (1.0 - h**2)
    return float(0.5 * np.mean(r**2)), [x.T @ d / n, d.sum(axis=0) / n, h.T @ r / n]


def gradient_check(params: Params, x: np.ndarray, y: np.ndarray, step: float = 1e-6) -> float:
    """Largest gap between :func:`forward_backward` and central differences.

    Parameters
    ----------
    params : list of np.ndarray
        Point at which to compare.
    x : np.ndarray, shape (n, d)
        Inputs.
    y : np.ndarray, shape (n,)
        Targets.
    step : float
        Step of the central difference.

    Returns
    -------
    float
        max over all parameters of |analytic - (L(p + h e) - L(p - h e)) / (2 h)|.
    """
    _, grads = forward_backward(params, x, y)
    worst = 0.0
    for k, p in enumerate(params):
        for i in np.ndindex(p.shape):
            plus = [q.copy() for q in params]
            minus = [q.copy() for q in params]
            plus[k][i] += step
            minus[k][i] -= step
            num = (forward_backward(plus, x, y)[0] - forward_backward(minus, x, y)[0]) / (2 * step)
            worst = max(worst, abs(num - grads[k][i]))
    return worst


# --8<-- [start:accumulate]
def accumulate(params: Params, x: np.ndarray, y: np.ndarray, sizes: list[int]) -> Params:
    """Accumulate the gradient of a batch over consecutive micro-batches.

    Each micro-batch's mean gradient is weighted by its share of the examples, so the sum is
    the mean gradient of the whole batch for any sizes. With equal sizes the weight is 1/m for
    m micro-batches, which is what dividing the loss by m before backward does in a framework.

    Parameters
    ----------
    params : list of np.ndarray
        Current parameters.
    x : np.ndarray, shape (n, d)
        The whole batch, split in order into micro-batches.
    y : np.ndarray, shape (n,)
        Targets.
    sizes : list of int
        Micro-batch sizes, summing to n.

    Returns
    -------
    list of np.ndarray
        The accumulated gradient, shapes as ``params``.

    Raises
    ------
    ValueError
        If the sizes do not add up to the batch size.
    """
    if sum(sizes) != len(y):
        raise ValueError("micro-batch sizes must add up to the batch size")
    total = [np.zeros_like(p) for p in params]
    start = 0
    for size in sizes:
        _, grads = forward_backward(params, x[start:start + size], y[start:start + size])
        for acc, g in zip(total, grads, strict=True):
            acc += g * size / len(y)
        start += size
    return total
# --8<-- [end:accumulate]


# --8<-- [start:clip]
def global_norm(grads: Params) -> float:
    """Euclidean norm of all gradients viewed as one long vector.

    Parameters
    ----------
    grads : list of np.ndarray
        One gradient array per parameter tensor.

    Returns
    -------
    float
        sqrt of the sum of all squared entries.
    """
    return float(np.sqrt(sum(np.sum(g**2) for g in grads)))


def clip_by_global_norm(grads: Params, max_norm: float) -> tuple[Params, float]:
    """Rescale all gradients together so that their global norm is at most ``max_norm``.

    g <- g * max_norm / ||g|| when ||g|| > max_norm (Pascanu, Mikolov & Bengio, 2013,
    Algorithm 1), with the norm taken over all parameters at once as in PyTorch's
    ``clip_grad_norm_``. The direction of the update is unchanged.

    Parameters
    ----------
    grads : list of np.ndarray
        One gradient array per parameter tensor.
    max_norm : float
        Threshold, > 0.

    Returns
    -------
    clipped : list of np.ndarray
        The rescaled gradients.
    norm : float
        The global norm before clipping (worth logging: spikes show up here first).
    """
    norm = global_norm(grads)
    scale = min(1.0, max_norm / (norm + 1e-12))
    return [g * scale for g in grads], norm


def clip_by_value(grads: Params, limit: float) -> Params:
    """Clamp every gradient entry to [-limit, limit]; this changes the direction.

    Parameters
    ----------
    grads : list of np.ndarray
        One gradient array per parameter tensor.
    limit : float
        Bound on each entry, > 0.

    Returns
    -------
    list of np.ndarray
        The clamped gradients.
    """
    return [np.clip(g, -limit, limit) for g in grads]
# --8<-- [end:clip]


def flat(grads: Params) -> np.ndarray:
    """Concatenate a list of arrays into one vector."""
    return np.concatenate([g.ravel() for g in grads])


def cosine(a: Params, b: Params) -> float:
    """Cosine similarity of two gradients given as lists of arrays."""
    u, v = flat(a), flat(b)
    return float(u @ v / (np.linalg.norm(u) * np.linalg.norm(v)))


def main() -> None:
    """Print every number of the worked example and check its claims."""
    rng = np.random.default_rng(0)
    n, d, h = 64, 5, 8
    x = rng.standard_normal((n, d))
    y = np.sin(x[:, 0]) + 0.5 * x[:, 1] * x[:, 2] + 0.1 * rng.standard_normal(n)
    params = [rng.normal(0, np.sqrt(1 / d), (d, h)), np.zeros(h), rng.normal(0, np.sqrt(1 / h), h)]

    err = gradient_check(params, x[:16], y[:16])
    print("1) Gradient accumulation, 5-8-1 tanh network, batch of 64")
    print(f"   gradient check, max |analytic - central difference| = {err:.1e}")
    assert err < 1e-8

    loss, full = forward_backward(params, x, y)
    acc4 = accumulate(params, x, y, [16, 16, 16, 16])
    gap4 = np.max(np.abs(flat(acc4) - flat(full)))
    print(f"   full-batch loss {loss:.4f}, gradient norm {global_norm(full):.6f}")
    print(f"   4 micro-batches of 16, accumulated: norm {global_norm(acc4):.6f}, "
          f"max difference {gap4:.1e}")
    assert np.allclose(flat(acc4), flat(full), rtol=0, atol=1e-15)

    sizes = [10, 20, 14, 20]
    weighted = accumulate(params, x, y, sizes)
    starts = np.cumsum([0] + sizes[:-1])
    naive = [sum(g) / len(sizes) for g in zip(*[
        forward_backward(params, x[s:s + m], y[s:s + m])[1] for s, m in zip(starts, sizes,
                                                                               strict=True)],
        strict=True)]
    rel = np.linalg.norm(flat(naive) - flat(full)) / np.linalg.norm(flat(full))
    print(f"   micro-batches {sizes}: size-weighted sum matches "
          f"(max difference {np.max(np.abs(flat(weighted) - flat(full))):.1e}); "
          f"plain mean of means is off by {100 * rel:.1f} %")
    assert np.allclose(flat(weighted), flat(full), rtol=0, atol=1e-15) and rel > 0.01

    # 2) A corrupted label (a target of 1000 instead of about 1) makes a gradient spike.
    y_bad = y.copy()
    y_bad[3] = 1000.0
    _, spike = forward_backward(params, x, y_bad)
    clipped, norm = clip_by_global_norm(spike, max_norm=1.0)
    by_value = clip_by_value(spike, limit=0.1)
    print()
    print("2) Clipping a gradient spike caused by one corrupted label (target 1000)")
    print(f"   global norm {norm:.3f} (clean batch: {global_norm(full):.3f})")
    print(f"   clip by global norm 1.0: norm {global_norm(clipped):.4f}, "
          f"cosine with the original {cosine(clipped, spike):.4f}")
    print(f"   clip by value 0.1      : norm {global_norm(by_value):.4f}, "
          f"cosine with the original {cosine(by_value, spike):.4f}")
    assert np.isclose(global_norm(clipped), 1.0) and np.isclose(cosine(clipped, spike), 1.0)
    assert cosine(by_value, spike) < 0.99
    eta = 0.5
    for name, g in [("no clipping", spike), ("clipped to 1.0", clipped)]:
        stepped = [p - eta * gi for p, gi in zip(params, g, strict=True)]
        print(f"   one step, eta = {eta}, {name:<14}: clean loss {loss:.4f} -> "
              f"{forward_backward(stepped, x, y)[0]:.4f}")
    unclipped = forward_backward([p - eta * g for p, g in zip(params, spike, strict=True)],
                                 x, y)[0]
    safe = forward_backward([p - eta * g for p, g in zip(params, clipped, strict=True)], x, y)[0]
    assert unclipped > 5 * loss and safe < 1.5 * loss

    # 3) Clip after accumulating, not per micro-batch.
    micro = [forward_backward(params, x[s:s + 16], y_bad[s:s + 16])[1] for s in range(0, n, 16)]
    per_micro = [sum(g) / 4 for g in zip(*[clip_by_global_norm(m, 1.0)[0] for m in micro],
                                         strict=True)]
    after = clip_by_global_norm(accumulate(params, x, y_bad, [16] * 4), 1.0)[0]
    print()
    print("3) Same corrupted batch in 4 micro-batches of 16")
    print("   micro-batch norms: " + ", ".join(f"{global_norm(m):.3f}" for m in micro))
    print(f"   clip the accumulated gradient: norm {global_norm(after):.4f}, "
          f"cosine with the full-batch spike {cosine(after, spike):.4f}")
    print(f"   clip each micro-batch first  : norm {global_norm(per_micro):.4f}, "
          f"cosine with the full-batch spike {cosine(per_micro, spike):.4f}")
    assert np.isclose(cosine(after, spike), 1.0) and cosine(per_micro, spike) < 0.99


if __name__ == "__main__":
    main()
