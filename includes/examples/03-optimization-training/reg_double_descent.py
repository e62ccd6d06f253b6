"""Double descent of minimum-norm least squares as the number of features grows.

Included by docs/03-optimization-training/01-regularization.md (Regularization &
Generalization). A target depends on D = 200 independent standard-normal features with
weights beta_j proportional to j^(-0.4) (||beta|| = 1) plus noise of standard deviation 0.1.
A linear model that sees only the first p features is fitted to n = 40 examples by least
squares, and by the minimum-norm interpolating solution once p > n. The script prints the
numbers of the article's worked example and asserts:

1. the simulated test error matches the closed forms of Belkin, Hsu & Xu (2020) for Gaussian
   features: (sigma_eff^2)(n - 1)/(n - p - 1) below the threshold, and
   ||beta_p||^2 (1 - n/p) + sigma_eff^2 (1 + n/(p - n - 1)) above it;
2. training error reaches 0 at p = n and stays there, the test error peaks at p = n, and
   the lowest test error of the over-parameterized side is below that of the classical side;
3. a small ridge penalty removes the peak (Nakkiran et al., 2020).
"""

import numpy as np

N, D, SIGMA, DECAY = 40, 200, 0.1, 0.4


def true_weights() -> np.ndarray:
    """Weights beta_j = c * j^(-0.4), j = 1..D, scaled to unit Euclidean norm; shape (D,)."""
    beta = np.arange(1, D + 1, dtype=float) ** (-DECAY)
    return beta / np.linalg.norm(beta)


# --8<-- [start:minnorm]
def fit_first_p(x: np.ndarray, y: np.ndarray, p: int, lam: float = 0.0) -> np.ndarray:
    """Fit a linear model on the first p columns; return weights padded to all D columns.

    With lam = 0 this is the pseudo-inverse solution: ordinary least squares when p <= n and
    the minimum-norm solution among all that interpolate the data when p > n, which is also
    where gradient descent started at zero converges. With lam > 0 it is ridge regression,
    minimizing (1/n) ||y - X c||^2 + lam ||c||^2.

    Parameters
    ----------
    x : np.ndarray, shape (n, D)
        All features of the training examples.
    y : np.ndarray, shape (n,)
        Targets.
    p : int
        Number of leading features the model may use, 1 <= p <= D.
    lam : float
        Ridge strength, >= 0.

    Returns
    -------
    np.ndarray, shape (D,)
        Fitted weights, zero beyond column p.
    """
    xp = x[:, :p]
    c = np.zeros(x.shape[1])
    if lam == 0.0:
        c[:p] = np.linalg.pinv(xp) @ y
    else:                                    # dual form, cheap when p > n
        n = len(y)
        c[:p] = xp.T @ np.linalg.solve(xp @ xp.T + n * lam * np.eye(n), y)
    return c


def expected_risk(p: int, beta: np.ndarray, n: int = N, sigma: float = SIGMA) -> float:
    """Closed-form expected test error E[(y - x^T c)^2] for Gaussian features.

    From Belkin, Hsu & Xu (2020): the omitted features act as extra noise, so
    sigma_eff^2 = sigma^2 + ||beta_rest||^2, and
    risk = sigma_eff^2 (n - 1) / (n - p - 1) for p <= n - 2,
    risk = ||beta_p||^2 (1 - n/p) + sigma_eff^2 (1 + n / (p - n - 1)) for p >= n + 2;
    it is infinite for n - 1 <= p <= n + 1.

    Parameters
    ----------
    p : int
        Number of features used.
    beta : np.ndarray, shape (D,)
        True weights.
    n : int
        Number of training examples.
    sigma : float
        Noise standard deviation.

    Returns
    -------
    float
        The expected squared error on a new example (np.inf near the threshold).
    """
    used, rest = np.sum(beta[:p] ** 2), np.sum(beta[p:] ** 2)
    noise = sigma**2 + rest
    if p <= n - 2:
        return float(noise * (n - 1) / (n - p - 1))
    if p >= n + 2:
        return float(used * (1 - n / p) + noise * (1 + n / (p - n - 1)))
    return float(np.inf)
# --8<-- [end:minnorm]


def main() -> None:
    """Print the worked-example table and assert the article's claims."""
    rng = np.random.default_rng(0)
    beta = true_weights()
    repeats, ridge = 300, 0.05
    ps = [1, 3, 6, 10, 20, 30, 36, 40, 44, 50, 60, 80, 120, 160, 200]
    print(f"n = {N} examples, D = {D} features, noise sd {SIGMA}, {repeats} training sets")
    print("   p  train MSE  test MSE (median)  closed form  ridge 0.05 (median)")
    medians, formulas, trains = [], [], []
    for p in ps:
        train, test, test_ridge = [], [], []
        for _ in range(repeats):
            x = rng.standard_normal((N, D))
            y = x @ beta + SIGMA * rng.standard_normal(N)
            c = fit_first_p(x, y, p)
            train.append(np.mean((x @ c - y) ** 2))
            # for standard-normal features, E[(y - x^T c)^2] = ||c - beta||^2 + sigma^2 exactly
            test.append(np.sum((c - beta) ** 2) + SIGMA**2)
            test_ridge.append(np.sum((fit_first_p(x, y, p, ridge) - beta) ** 2) + SIGMA**2)
        formula = expected_risk(p, beta)
        medians.append(np.median(test))
        formulas.append(formula)
        trains.append(np.mean(train))
        shown = "infinite" if np.isinf(formula) else f"{formula:.4f}"
        print(f"{p:4d}  {trains[-1]:9.4f}  {medians[-1]:17.4f}  {shown:>11}  "
              f"{np.median(test_ridge):19.4f}")
        if p in (10, 120):
            assert abs(np.mean(test) - formula) < 0.03 * formula, "closed form matches"
        if p == N:
            peak_ridge = np.median(test_ridge)
    under = [f for p, f in zip(ps, formulas, strict=True) if p < N - 1]
    over = [f for p, f in zip(ps, formulas, strict=True) if p > N + 1]
    print(f"lowest closed-form error: {min(under):.4f} with p < n, {min(over):.4f} with p > n")
    assert all(t < 1e-12 for p, t in zip(ps, trains, strict=True) if p >= N)
    assert ps[int(np.argmax(medians))] == N, "the peak is at the interpolation threshold"
    assert min(over) < min(under), "the second descent goes below the first minimum"
    assert peak_ridge < 1.5 * min(under), "a little ridge removes the peak"


if __name__ == "__main__":
    main()
