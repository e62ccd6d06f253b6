"""L1 versus L2 regularization, their Bayesian reading, and inverted dropout, in NumPy.

Included by docs/00-ml-fundamentals/02-core-concepts.md (Core Concepts: optimization and
regularization). The script prints the numbers of the article's worked examples and asserts
every claim the article makes about them:

1. on a one-parameter problem, L1 sets small weights exactly to zero (soft thresholding) while
   L2 shrinks every weight by the same factor;
2. on a regression with 3 useful features out of 8, scikit-learn's Lasso returns exact zeros and
   Ridge does not;
3. ridge regression is the MAP estimate under a Gaussian prior, the lasso under a Laplace prior;
4. inverted dropout keeps the expected activation equal to the input, so inference needs no
   rescaling.
"""

import numpy as np
from sklearn.linear_model import Lasso, Ridge


# --8<-- [start:penalties]
def prox_l1(a: np.ndarray, lam: float) -> np.ndarray:
    """Minimize 0.5 * (theta - a)^2 + lam * |theta| for every entry of ``a`` (soft threshold).

    The solution is sign(a) * max(|a| - lam, 0), the proximal operator of the L1 norm used by
    the lasso (Tibshirani, 1996).

    Parameters
    ----------
    a : np.ndarray, any shape
        Unregularized optimum of each coordinate.
    lam : float
        Regularization strength, >= 0.

    Returns
    -------
    np.ndarray, same shape as ``a``
        Regularized optimum; exactly 0 wherever |a| <= lam.

    """
    return np.sign(a) * np.maximum(np.abs(a) - lam, 0.0) + 0.0  # + 0.0 turns -0.0 into 0.0


def prox_l2(a: np.ndarray, lam: float) -> np.ndarray:
    """Minimize 0.5 * (theta - a)^2 + 0.5 * lam * theta^2 for every entry of ``a``.

    Setting the derivative theta - a + lam * theta to zero gives a / (1 + lam): ridge
    shrinkage (Hoerl & Kennard, 1970). It is never exactly zero unless ``a`` is.

    Parameters
    ----------
    a : np.ndarray, any shape
        Unregularized optimum of each coordinate.
    lam : float
        Regularization strength, >= 0.

    Returns
    -------
    np.ndarray, same shape as ``a``
        Regularized optimum.

    """
    return a / (1.0 + lam)
# --8<-- [end:penalties]


# --8<-- [start:dropout]
def inverted_dropout(x: np.ndarray, p: float, rng: np.random.Generator,
                     training: bool = True) -> np.ndarray:
    """Apply inverted dropout: zero each unit with probability p, scale survivors by 1/(1-p).

    Dropout is from Hinton et al. (2012) and Srivastava et al. (2014); the paper scales the
    weights by the retention probability at test time, while the inverted form used by modern
    libraries scales at training time so that inference is the identity.

    Parameters
    ----------
    x : np.ndarray, any shape
        Activations.
    p : float
        Probability of dropping a unit, in [0, 1).
    rng : np.random.Generator
        Source of the Bernoulli mask.
    training : bool
        If False, return ``x`` unchanged.

    Returns
    -------
    np.ndarray, same shape as ``x``
        Masked and rescaled activations; E[output] = x over masks.

    Raises
    ------
    ValueError
        If p is not in [0, 1).

    """
    if not 0.0 <= p < 1.0:
        raise ValueError(f"drop probability must be in [0, 1), got {p}")
    if not training:
        return x
    keep = rng.random(x.shape) >= p  # True with probability 1 - p
    return x * keep / (1.0 - p)
# --8<-- [end:dropout]


def l1_vs_l2_scalar() -> None:
    """Print the L1 and L2 regularized optima of three one-parameter problems."""
    a = np.array([3.0, 0.5, -0.2])
    lam = 1.0
    l1, l2 = prox_l1(a, lam), prox_l2(a, lam)
    print(f"1) argmin 0.5*(theta - a)^2 + penalty, lambda = {lam}")
    print("   a        L1: lambda*|theta|   L2: 0.5*lambda*theta^2")
    for ai, x1, x2 in zip(a, l1, l2, strict=True):
        print(f"   {ai:+.2f}    {x1:+.4f}              {x2:+.4f}")
    # Brute-force check of both closed forms on a fine grid.
    grid = np.linspace(-4, 4, 800_001)
    for ai, x1, x2 in zip(a, l1, l2, strict=True):
        best1 = grid[np.argmin(0.5 * (grid - ai) ** 2 + lam * np.abs(grid))]
        best2 = grid[np.argmin(0.5 * (grid - ai) ** 2 + 0.5 * lam * grid**2)]
        assert abs(best1 - x1) < 1e-4 and abs(best2 - x2) < 1e-4
    assert l1[1] == 0.0 and l1[2] == 0.0 and np.all(l2 != 0.0)


def lasso_vs_ridge() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Fit Lasso and Ridge to data where only 3 of 8 features matter and print the weights.

    Returns
    -------
    tuple of np.ndarray
        The design matrix, shape (60, 8), the targets, shape (60,), and the Lasso weights,
        shape (8,), reused by the MAP check.

    """
    rng = np.random.default_rng(0)
    n, d = 60, 8
    x = rng.normal(size=(n, d))
    w_true = np.array([3.0, -2.0, 1.5, 0.0, 0.0, 0.0, 0.0, 0.0])
    y = x @ w_true + rng.normal(scale=0.5, size=n)
    lasso = Lasso(alpha=0.2, fit_intercept=False).fit(x, y)
    ridge = Ridge(alpha=10.0, fit_intercept=False).fit(x, y)
    print()
    print("2) 60 examples, 8 features, true weights (3, -2, 1.5, 0, 0, 0, 0, 0)")
    print("   Lasso alpha=0.2 : " + " ".join(f"{w + 0.0:+.3f}" for w in lasso.coef_))
    print("   Ridge alpha=10  : " + " ".join(f"{w:+.3f}" for w in ridge.coef_))
    n_zero_lasso = int(np.sum(lasso.coef_ == 0.0))
    n_zero_ridge = int(np.sum(ridge.coef_ == 0.0))
    print(f"   exact zeros: Lasso {n_zero_lasso}, Ridge {n_zero_ridge}")
    # The lasso keeps exactly the three useful features; ridge keeps all eight.
    assert np.array_equal(lasso.coef_ != 0.0, w_true != 0.0) and n_zero_ridge == 0
    return x, y, lasso.coef_


def map_view(x: np.ndarray, y: np.ndarray, w_lasso: np.ndarray) -> None:
    """Check that ridge and lasso are MAP estimates under Gaussian and Laplace priors.

    Model: y = x w + noise, noise ~ N(0, sigma^2). A prior N(0, tau^2) on each weight gives
    the ridge penalty with lambda = sigma^2 / tau^2; a prior Laplace(0, b) gives the lasso
    penalty, which in scikit-learn's scaling (1/(2n))||y - Xw||^2 + alpha ||w||_1 means
    alpha = sigma^2 / (n b).

    Parameters
    ----------
    x : np.ndarray, shape (n, d)
        Design matrix.
    y : np.ndarray, shape (n,)
        Targets.
    w_lasso : np.ndarray, shape (d,)
        Lasso solution fitted with alpha = 0.2 and no intercept.

    """
    n, d = x.shape
    sigma2, tau2 = 0.25, 0.025
    lam = sigma2 / tau2
    # Negative log posterior: ||y - Xw||^2 / (2 sigma^2) + ||w||^2 / (2 tau^2) + const.
    w_map = np.linalg.solve(x.T @ x / sigma2 + np.eye(d) / tau2, x.T @ y / sigma2)
    w_ridge = Ridge(alpha=lam, fit_intercept=False).fit(x, y).coef_
    print()
    print(f"3) Gaussian prior tau^2 = {tau2}, noise sigma^2 = {sigma2}: lambda = {lam:.1f}")
    print("   MAP weights   : " + " ".join(f"{w:+.3f}" for w in w_map))
    print("   Ridge weights : " + " ".join(f"{w:+.3f}" for w in w_ridge))
    assert np.allclose(w_map, w_ridge, atol=1e-8)

    # Laplace prior with scale b: the lasso solution satisfies the MAP optimality conditions
    # (1/sigma^2) X^T (y - X w) = (1/b) sign(w) on the support, and |.| <= 1/b off it.
    b = sigma2 / (n * 0.2)
    corr = x.T @ (y - x @ w_lasso) / sigma2
    support = w_lasso != 0.0
    print(f"   Laplace prior b = sigma^2 / (n * alpha) = {b:.4f}: 1/b = {1 / b:.2f}")
    print("   X^T(y - Xw)/sigma^2 : " + " ".join(f"{c:+.2f}" for c in corr))
    assert np.allclose(corr[support], np.sign(w_lasso[support]) / b, atol=1e-2)
    assert np.all(np.abs(corr[~support]) <= 1 / b + 1e-2)


def dropout_demo() -> None:
    """Print one inverted-dropout mask and the mean over many masks."""
    rng = np.random.default_rng(0)
    x = np.array([1.0, 2.0, 3.0, 4.0])
    p = 0.5
    one = inverted_dropout(x, p, rng)
    many = np.stack([inverted_dropout(x, p, rng) for _ in range(100_000)])
    mean = many.mean(axis=0)
    frac_zero = float(np.mean(many == 0.0))
    print()
    print(f"4) Inverted dropout, p = {p}, x = {x}")
    print(f"   one training pass : {one}")
    print(f"   mean of 100000    : [{' '.join(f'{m:.4f}' for m in mean)}]")
    print(f"   fraction zeroed   : {frac_zero:.4f}")
    print(f"   inference         : {inverted_dropout(x, p, rng, training=False)}")
    assert set(np.unique(one)) <= {0.0, *(x / (1 - p))}
    assert np.allclose(mean, x, atol=0.03) and abs(frac_zero - p) < 0.01
    assert np.array_equal(inverted_dropout(x, p, rng, training=False), x)
    # Without the 1/(1-p) factor the training-time mean is (1-p) x, hence the paper's
    # test-time scaling of the weights by the retention probability 1-p.
    plain = np.stack([x * (rng.random(4) >= p) for _ in range(100_000)]).mean(axis=0)
    assert np.allclose(plain, (1 - p) * x, atol=0.03)
    try:
        inverted_dropout(x, 1.0, rng)
    except ValueError:
        pass
    else:
        raise AssertionError("p = 1 must be rejected")


def main() -> None:
    """Print every worked example of the article and check its claims."""
    l1_vs_l2_scalar()
    x, y, w_lasso = lasso_vs_ridge()
    map_view(x, y, w_lasso)
    dropout_demo()


if __name__ == "__main__":
    main()
