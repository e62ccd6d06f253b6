"""L1 sparsity needs a proximal step; elastic net keeps correlated features together.

Included by docs/03-optimization-training/01-regularization.md (Regularization &
Generalization). The script prints the numbers of the article's worked example and asserts:

1. on a lasso problem (Tibshirani, 1996), proximal gradient descent (soft thresholding after
   each gradient step) reaches scikit-learn's coordinate-descent solution with exact zeros,
   while plain subgradient steps leave every weight small but non-zero;
2. with three almost identical copies of one useful feature, the lasso puts the weight on one
   copy, and the elastic net (Zou & Hastie, 2005) spreads it nearly evenly over all three;
3. the elastic net solution meets its optimality conditions, and the gradient of the smooth
   part of its objective is checked by central differences.
"""

import numpy as np
from sklearn.linear_model import ElasticNet, Lasso


# --8<-- [start:prox]
def soft_threshold(a: np.ndarray, tau: float) -> np.ndarray:
    """Proximal operator of tau * ||.||_1: sign(a) * max(|a| - tau, 0), element-wise.

    Parameters
    ----------
    a : np.ndarray, any shape
        Point to shrink.
    tau : float
        Threshold, >= 0.

    Returns
    -------
    np.ndarray, same shape as ``a``
        Exactly 0 wherever |a| <= tau.
    """
    return np.sign(a) * np.maximum(np.abs(a) - tau, 0.0) + 0.0  # + 0.0 turns -0.0 into 0.0


def lasso_proximal(x: np.ndarray, y: np.ndarray, alpha: float, steps: int) -> np.ndarray:
    """Minimize (1 / 2n) ||y - X w||^2 + alpha ||w||_1 by proximal gradient descent (ISTA).

    Each step takes a gradient step on the smooth squared error, then soft-thresholds by
    eta * alpha; the step size eta = 1 / L uses the Lipschitz constant L of that gradient,
    the largest eigenvalue of X^T X / n.

    Parameters
    ----------
    x : np.ndarray, shape (n, d)
        Inputs.
    y : np.ndarray, shape (n,)
        Targets.
    alpha : float
        L1 strength (scikit-learn's ``alpha``).
    steps : int
        Number of iterations.

    Returns
    -------
    np.ndarray, shape (d,)
        Weights after the last step.
    """
    n = len(y)
    eta = 1.0 / np.linalg.eigvalsh(x.T @ x / n)[-1]
    w = np.zeros(x.shape[1])
    for _ in range(steps):
        grad = x.T @ (x @ w - y) / n
        w = soft_threshold(w - eta * grad, eta * alpha)
    return w


def lasso_subgradient(x: np.ndarray, y: np.ndarray, alpha: float, steps: int) -> np.ndarray:
    """Minimize the same objective by subgradient steps w - eta * (grad + alpha * sign(w)).

    Same inputs and step size as :func:`lasso_proximal`; returns the weights, shape (d,).
    """
    n = len(y)
    eta = 1.0 / np.linalg.eigvalsh(x.T @ x / n)[-1]
    w = np.zeros(x.shape[1])
    for _ in range(steps):
        w = w - eta * (x.T @ (x @ w - y) / n + alpha * np.sign(w))
    return w
# --8<-- [end:prox]


def enet_smooth(w: np.ndarray, x: np.ndarray, y: np.ndarray, alpha: float, rho: float) -> float:
    """Differentiable part of scikit-learn's elastic net objective.

    (1 / 2n) ||y - X w||^2 + (alpha (1 - rho) / 2) ||w||^2 for weights of shape (d,); the
    full objective adds alpha * rho * ||w||_1.
    """
    r = y - x @ w
    return float(0.5 * np.mean(r**2) + 0.5 * alpha * (1 - rho) * w @ w)


def enet_smooth_gradient(w: np.ndarray, x: np.ndarray, y: np.ndarray, alpha: float,
                         rho: float) -> np.ndarray:
    """Gradient -X^T (y - X w) / n + alpha (1 - rho) w of :func:`enet_smooth`, shape (d,)."""
    return -x.T @ (y - x @ w) / len(y) + alpha * (1 - rho) * w


def central_difference(fun, w: np.ndarray, step: float = 1e-6) -> np.ndarray:
    """Numerical gradient of a scalar function by central differences, shape of ``w``."""
    grad = np.zeros_like(w)
    for k in range(len(w)):
        e = np.zeros_like(w)
        e[k] = step
        grad[k] = (fun(w + e) - fun(w - e)) / (2.0 * step)
    return grad


def fmt(w: np.ndarray) -> str:
    """Weights with 3 decimals, exact zeros printed as 0."""
    return " ".join("     0" if v == 0.0 else f"{v:+.3f}" for v in w)


def main() -> None:
    """Print the worked-example numbers and assert the article's claims."""
    rng = np.random.default_rng(0)
    n, d = 50, 10
    x = rng.standard_normal((n, d))
    w_true = np.array([2.0, -1.5, 1.0] + [0.0] * 7)
    y = x @ w_true + 0.5 * rng.standard_normal(n)
    alpha = 0.15

    print(f"1. Lasso, alpha = {alpha}, 3 useful features of {d}")
    w_cd = Lasso(alpha=alpha, fit_intercept=False, tol=1e-12, max_iter=100_000).fit(x, y).coef_
    w_prox = lasso_proximal(x, y, alpha, 2000)
    w_sub = lasso_subgradient(x, y, alpha, 2000)
    print("coordinate descent ", fmt(w_cd))
    print("proximal (ISTA)    ", fmt(w_prox))
    print("subgradient        ", fmt(w_sub))
    print(f"exact zeros: {np.sum(w_cd == 0)}, {np.sum(w_prox == 0)}, {np.sum(w_sub == 0)}; "
          f"largest |w| among the 7 useless ones under subgradient: "
          f"{np.max(np.abs(w_sub[3:])):.4f}")
    assert np.allclose(w_prox, w_cd, atol=1e-6), "ISTA converges to the lasso solution"
    assert np.sum(w_prox == 0) == 7 and np.sum(w_sub == 0) == 0

    print("\n2. Three near-copies of one useful feature (correlation above 0.99)")
    z = rng.standard_normal(n)
    copies = z[:, None] + 0.02 * rng.standard_normal((n, 3))
    xg = np.column_stack([copies, rng.standard_normal((n, 3))])
    yg = 3.0 * z + 0.5 * rng.standard_normal(n)
    print(f"correlation of copies 1 and 2: {np.corrcoef(copies[:, 0], copies[:, 1])[0, 1]:.4f}")
    lasso = Lasso(alpha=0.1, fit_intercept=False, tol=1e-12, max_iter=100_000).fit(xg, yg)
    enet = ElasticNet(alpha=0.1, l1_ratio=0.5, fit_intercept=False, tol=1e-12,
                      max_iter=100_000).fit(xg, yg)
    print("lasso        ", fmt(lasso.coef_))
    print("elastic net  ", fmt(enet.coef_))
    print(f"sum over the copies: lasso {lasso.coef_[:3].sum():.3f}, "
          f"elastic net {enet.coef_[:3].sum():.3f}")
    assert np.sum(lasso.coef_[:3] != 0) < 3 or np.ptp(lasso.coef_[:3]) > 1.0
    assert np.all(enet.coef_[:3] > 0.5) and np.ptp(enet.coef_[:3]) < 0.3

    print("\n3. Checks on the elastic net")
    alpha, rho = 0.1, 0.5
    w = enet.coef_
    w0 = rng.standard_normal(6)
    numeric = central_difference(lambda v: enet_smooth(v, xg, yg, alpha, rho), w0)
    gap = np.max(np.abs(numeric - enet_smooth_gradient(w0, xg, yg, alpha, rho)))
    print(f"gradient of the smooth part: max |analytic - central difference| = {gap:.1e}")
    assert gap < 1e-8
    g = enet_smooth_gradient(w, xg, yg, alpha, rho)
    nonzero = w != 0
    kkt_active = np.max(np.abs(g[nonzero] + alpha * rho * np.sign(w[nonzero])))
    kkt_zero = np.max(np.abs(g[~nonzero])) if (~nonzero).any() else 0.0
    print(f"optimality: non-zero weights {kkt_active:.1e} (should be 0), "
          f"zero weights {kkt_zero:.4f} (should be at most alpha*rho = {alpha * rho:.2f})")
    assert kkt_active < 1e-6 and kkt_zero <= alpha * rho + 1e-9


if __name__ == "__main__":
    main()
