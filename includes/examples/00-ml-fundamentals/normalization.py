"""Batch normalization versus layer normalization on a tiny batch, from scratch in NumPy.

Included by docs/00-ml-fundamentals/02-core-concepts.md (Core Concepts: optimization and
regularization). The script prints the numbers of the article's worked example and asserts
every claim the article makes about them:

1. batch norm gives every column (feature) of a 3 x 4 batch mean 0 and variance 1, layer norm
   gives every row (example) mean 0 and variance 1; both match the explicit formulas;
2. batch norm in training mode depends on the other examples of the batch, layer norm does not;
3. batch norm keeps running statistics for inference; gamma and beta can undo the
   normalization.
"""

import numpy as np


# --8<-- [start:norms]
def batch_norm_train(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray,
                     eps: float = 1e-5) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Normalize each feature over the batch axis (Ioffe & Szegedy, 2015, Algorithm 1).

    Parameters
    ----------
    x : np.ndarray, shape (n, d)
        A batch: rows are examples, columns are features. Needs n >= 2.
    gamma, beta : np.ndarray, shape (d,)
        Learned per-feature scale and shift.
    eps : float
        Constant added to the variance.

    Returns
    -------
    y : np.ndarray, shape (n, d)
        gamma * (x - mu) / sqrt(var + eps) + beta.
    mu, var : np.ndarray, shape (d,)
        The batch mean and the (biased, divide-by-n) batch variance of every feature.

    Raises
    ------
    ValueError
        If the batch has fewer than two examples.

    """
    if x.shape[0] < 2:
        raise ValueError("batch norm needs at least two examples per batch")
    mu = x.mean(axis=0)
    var = x.var(axis=0)
    return gamma * (x - mu) / np.sqrt(var + eps) + beta, mu, var


def batch_norm_infer(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray,
                     running_mu: np.ndarray, running_var: np.ndarray,
                     eps: float = 1e-5) -> np.ndarray:
    """Apply batch norm at inference with fixed running statistics (Ioffe & Szegedy, 2015).

    Parameters
    ----------
    x : np.ndarray, shape (n, d)
        Any number of examples, even one.
    gamma, beta : np.ndarray, shape (d,)
        Learned per-feature scale and shift.
    running_mu, running_var : np.ndarray, shape (d,)
        Population estimates accumulated during training.
    eps : float
        Constant added to the variance.

    Returns
    -------
    np.ndarray, shape (n, d)
        Each example normalized independently of the others.

    """
    return gamma * (x - running_mu) / np.sqrt(running_var + eps) + beta


def layer_norm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray,
               eps: float = 1e-5) -> np.ndarray:
    """Normalize each example over its features (Ba, Kiros & Hinton, 2016).

    The same computation runs at training and at inference.

    Parameters
    ----------
    x : np.ndarray, shape (n, d)
        Rows are examples, columns are features.
    gamma, beta : np.ndarray, shape (d,)
        Learned per-feature scale and shift.
    eps : float
        Constant added to the variance.

    Returns
    -------
    np.ndarray, shape (n, d)
        gamma * (x - mu_i) / sqrt(var_i + eps) + beta with per-row mu_i and var_i.

    """
    mu = x.mean(axis=1, keepdims=True)
    var = x.var(axis=1, keepdims=True)
    return gamma * (x - mu) / np.sqrt(var + eps) + beta
# --8<-- [end:norms]


def fmt(row: np.ndarray) -> str:
    """Format a 1-D array with four decimals and a sign.

    Parameters
    ----------
    row : np.ndarray, shape (k,)
        Values to format.

    Returns
    -------
    str
        Space-separated numbers.

    """
    return " ".join(f"{v + 0.0:+.4f}" for v in row)


def tiny_batch_demo() -> None:
    """Print batch norm and layer norm of a 3 x 4 batch with their means and variances."""
    x = np.array([[1.0, 2.0, 3.0, 4.0],
                  [2.0, 4.0, 6.0, 8.0],
                  [3.0, 0.0, 3.0, 0.0]])
    n, d = x.shape
    gamma, beta, eps = np.ones(d), np.zeros(d), 1e-5
    bn, mu, var = batch_norm_train(x, gamma, beta, eps)
    ln = layer_norm(x, gamma, beta, eps)
    print("1) X, shape (3, 4): rows are examples, columns are features")
    for row in x:
        print("   " + fmt(row))
    print("   batch norm, statistics per column (over the 3 examples):")
    print(f"   column means            {fmt(mu)}")
    print(f"   column variances        {fmt(var)}")
    for row in bn:
        print("   " + fmt(row))
    print(f"   output column means     {fmt(bn.mean(axis=0))}")
    print(f"   output column variances {fmt(bn.var(axis=0))}")
    print("   layer norm, statistics per row (over the 4 features):")
    print(f"   row means               {fmt(x.mean(axis=1))}")
    print(f"   row variances           {fmt(x.var(axis=1))}")
    for row in ln:
        print("   " + fmt(row))
    print(f"   output row means        {fmt(ln.mean(axis=1))}")
    print(f"   output row variances    {fmt(ln.var(axis=1))}")

    # Explicit formulas, one entry at a time.
    for i in range(n):
        for j in range(d):
            col = x[:, j]
            m_col = sum(col) / n
            v_col = sum((c - m_col) ** 2 for c in col) / n
            assert np.isclose(bn[i, j], (x[i, j] - m_col) / np.sqrt(v_col + eps))
            row = x[i, :]
            m_row = sum(row) / d
            v_row = sum((r - m_row) ** 2 for r in row) / d
            assert np.isclose(ln[i, j], (x[i, j] - m_row) / np.sqrt(v_row + eps))
    assert np.allclose(bn.mean(axis=0), 0) and np.allclose(bn.var(axis=0), 1, atol=1e-4)
    assert np.allclose(ln.mean(axis=1), 0) and np.allclose(ln.var(axis=1), 1, atol=1e-4)
    # Row 2 is row 1 times 2: layer norm cannot tell them apart (up to eps).
    assert np.allclose(ln[0], ln[1], atol=1e-5)

    # Batch dependence: the same example in another batch.
    other = np.vstack([x[0], [[10.0, 10.0, 10.0, 10.0], [-5.0, 3.0, 0.0, 1.0]]])
    bn_other = batch_norm_train(other, gamma, beta, eps)[0]
    ln_other = layer_norm(other, gamma, beta, eps)
    print()
    print("2) Example 1 placed in a different batch")
    print(f"   batch norm: {fmt(bn[0])} -> {fmt(bn_other[0])}")
    print(f"   layer norm: {fmt(ln[0])} -> {fmt(ln_other[0])}")
    assert not np.allclose(bn[0], bn_other[0]) and np.allclose(ln[0], ln_other[0])

    # gamma = sqrt(var + eps), beta = mu recovers the input: normalization can be undone.
    undone = batch_norm_train(x, np.sqrt(var + eps), mu, eps)[0]
    assert np.allclose(undone, x)


def running_stats_demo() -> None:
    """Accumulate running statistics over 200 batches and use them at inference."""
    rng = np.random.default_rng(0)
    d, momentum, eps = 4, 0.1, 1e-5
    true_mu, true_sd = np.array([5.0, -1.0, 0.0, 2.0]), np.array([2.0, 0.5, 1.0, 3.0])
    running_mu, running_var = np.zeros(d), np.ones(d)
    for _ in range(200):
        batch = true_mu + true_sd * rng.normal(size=(32, d))
        _, mu, var = batch_norm_train(batch, np.ones(d), np.zeros(d), eps)
        # Exponential moving averages, with the unbiased variance n/(n-1) * var
        # (the population estimate of Ioffe & Szegedy, 2015, section 3.1).
        running_mu = (1 - momentum) * running_mu + momentum * mu
        running_var = (1 - momentum) * running_var + momentum * var * 32 / 31
    print()
    print("3) Running statistics after 200 batches of 32 (momentum 0.1)")
    print(f"   running mean {fmt(running_mu)}   (true {fmt(true_mu)})")
    print(f"   running var  {fmt(running_var)}   (true {fmt(true_sd**2)})")
    single = np.array([[7.0, -1.5, 1.0, 2.0]])
    out = batch_norm_infer(single, np.ones(d), np.zeros(d), running_mu, running_var, eps)
    print(f"   one example at inference {fmt(single[0])} -> {fmt(out[0])}")
    assert np.allclose(running_mu, true_mu, atol=0.3)
    assert np.allclose(running_var, true_sd**2, rtol=0.3)
    assert np.allclose(out, (single - true_mu) / true_sd, atol=0.3)
    try:
        batch_norm_train(single, np.ones(d), np.zeros(d))
    except ValueError:
        pass
    else:
        raise AssertionError("a batch of one must be rejected in training mode")


def main() -> None:
    """Print every worked example of the article and check its claims."""
    tiny_batch_demo()
    running_stats_demo()


if __name__ == "__main__":
    main()
