"""Linear models of the classic toolbox: least squares, ridge, lasso and logistic regression.

Included by docs/00-ml-fundamentals/04-classic-algorithms.md (worked example and implementation).
The script checks four claims of the article on generated data:

1. the normal equation and gradient descent reach the same least-squares weights;
2. ridge regression has the closed form (X^T X + lambda I)^-1 X^T y (Hoerl & Kennard, 1970) and
   agrees with scikit-learn's ``Ridge``;
3. cyclic coordinate descent with soft thresholding solves the lasso (Tibshirani, 1996) and
   agrees with scikit-learn's ``Lasso``, including its exact zeros;
4. the gradient and Hessian of the L2-penalized logistic loss match central differences, and
   Newton's method on them reaches scikit-learn's ``LogisticRegression`` in a few steps.
"""

import numpy as np
from sklearn.linear_model import Lasso, LogisticRegression, Ridge


def fmt(v, digits=4):
    """Format a vector with a fixed number of decimals and no negative zero.

    Parameters
    ----------
    v : array_like of shape (m,)
        Values.
    digits : int
        Decimals to print.

    Returns
    -------
    str
        For example ``[0.1000, -0.2500]``.

    """
    return "[" + ", ".join(f"{float(x) + 0.0:.{digits}f}" for x in v) + "]"


def make_regression_data(n=50, rng=None):
    """Generate a small regression problem with 5 features, 2 of them irrelevant.

    Parameters
    ----------
    n : int
        Number of examples.
    rng : numpy.random.Generator
        Source of randomness.

    Returns
    -------
    X : ndarray of shape (n, 5)
        Standardized features (mean 0, variance 1 per column).
    y : ndarray of shape (n,)
        Centred targets, ``y = X w_true + noise`` with ``w_true = [3, -2, 1.5, 0, 0]``.

    """
    X = rng.normal(size=(n, 5))
    X[:, 1] += 0.8 * X[:, 0]  # correlated features make ridge and lasso differ visibly
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    w_true = np.array([3.0, -2.0, 1.5, 0.0, 0.0])
    y = X @ w_true + rng.normal(scale=1.0, size=n)
    return X, y - y.mean()


# --8<-- [start:least_squares]
def normal_equation(X, y, lam=0.0):
    """Least squares or ridge weights in closed form.

    Solves (X^T X + lam I) w = X^T y, the minimizer of ||y - X w||^2 + lam ||w||^2
    (Hoerl & Kennard, 1970, for lam > 0; Legendre 1805 and Gauss 1809 for lam = 0).

    Parameters
    ----------
    X : ndarray of shape (n, d)
        Features (centred, so that no intercept is needed).
    y : ndarray of shape (n,)
        Centred targets.
    lam : float
        Ridge strength, >= 0.

    Returns
    -------
    ndarray of shape (d,)
        The weights.

    Raises
    ------
    numpy.linalg.LinAlgError
        If X^T X + lam I is singular (lam = 0 and collinear columns).

    """
    d = X.shape[1]
    return np.linalg.solve(X.T @ X + lam * np.eye(d), X.T @ y)


def gradient_descent(X, y, eta, steps):
    """Minimize the mean squared error (1/n) ||X w - y||^2 by batch gradient descent.

    Parameters
    ----------
    X : ndarray of shape (n, d)
        Features.
    y : ndarray of shape (n,)
        Targets.
    eta : float
        Learning rate; must be below 2 / (largest eigenvalue of (2/n) X^T X) to converge.
    steps : int
        Number of full-batch steps.

    Returns
    -------
    ndarray of shape (d,)
        The weights after ``steps`` updates from w = 0.

    """
    n, d = X.shape
    w = np.zeros(d)
    for _ in range(steps):
        w -= eta * (2.0 / n) * X.T @ (X @ w - y)
    return w
# --8<-- [end:least_squares]


# --8<-- [start:lasso]
def soft_threshold(a, t):
    """Soft-thresholding operator sign(a) max(|a| - t, 0).

    Parameters
    ----------
    a : float or ndarray
        Input.
    t : float
        Threshold, >= 0.

    Returns
    -------
    float or ndarray
        Shrunk input, exactly 0 where |a| <= t.

    """
    return np.sign(a) * np.maximum(np.abs(a) - t, 0.0)


def lasso_coordinate_descent(X, y, lam, sweeps=200):
    """Lasso by cyclic coordinate descent (Friedman, Hastie & Tibshirani, 2010).

    Minimizes (1 / (2n)) ||y - X w||^2 + lam ||w||_1, the objective of Tibshirani (1996) in the
    scaling scikit-learn's ``Lasso`` uses. Each coordinate update is exact:
    w_j = S(x_j^T r_j / n, lam) / (x_j^T x_j / n), with r_j the residual without feature j.

    Parameters
    ----------
    X : ndarray of shape (n, d)
        Features.
    y : ndarray of shape (n,)
        Targets.
    lam : float
        Penalty strength, >= 0.
    sweeps : int
        Passes over all coordinates.

    Returns
    -------
    ndarray of shape (d,)
        The weights, with exact zeros for features the penalty removes.

    """
    n, d = X.shape
    w = np.zeros(d)
    col_sq = (X**2).sum(axis=0) / n
    r = y - X @ w
    for _ in range(sweeps):
        for j in range(d):
            r += X[:, j] * w[j]  # residual without feature j
            w[j] = soft_threshold(X[:, j] @ r / n, lam) / col_sq[j]
            r -= X[:, j] * w[j]
    return w
# --8<-- [end:lasso]


# --8<-- [start:logistic]
def sigmoid(z):
    """Logistic function 1 / (1 + exp(-z)), element-wise."""
    return 1.0 / (1.0 + np.exp(-z))


def logistic_loss_grad_hess(w, X, y, lam):
    """Penalized logistic loss, its gradient and its Hessian.

    L(w) = -(1/n) sum[y log p + (1 - y) log(1 - p)] + (lam / 2) ||w[:-1]||^2 with
    p = sigmoid(X w); the last column of X is all ones and its weight (the bias) is not
    penalized. Gradient (1/n) X^T (p - y) + lam w; Hessian (1/n) X^T diag(p (1 - p)) X + lam I
    (Cox, 1958, for the model; Newton's method on it is iteratively reweighted least squares).

    Parameters
    ----------
    w : ndarray of shape (d + 1,)
        Weights followed by the bias.
    X : ndarray of shape (n, d + 1)
        Features with a final column of ones.
    y : ndarray of shape (n,)
        Labels in {0, 1}.
    lam : float
        L2 strength, >= 0.

    Returns
    -------
    loss : float
        The penalized mean cross-entropy, in nats.
    grad : ndarray of shape (d + 1,)
        Its gradient.
    hess : ndarray of shape (d + 1, d + 1)
        Its Hessian, positive definite when lam > 0.

    """
    n = len(y)
    mask = np.ones_like(w)
    mask[-1] = 0.0  # the bias is not penalized
    z = X @ w
    p = sigmoid(z)
    loss = np.mean(np.logaddexp(0.0, z) - y * z) + 0.5 * lam * np.sum(mask * w**2)
    grad = X.T @ (p - y) / n + lam * mask * w
    hess = (X.T * (p * (1 - p))) @ X / n + lam * np.diag(mask)
    return loss, grad, hess


def newton_logistic(X, y, lam, steps=5):
    """Fit penalized logistic regression by Newton's method, printing the loss per step.

    Parameters
    ----------
    X : ndarray of shape (n, d + 1)
        Features with a final column of ones.
    y : ndarray of shape (n,)
        Labels in {0, 1}.
    lam : float
        L2 strength, > 0 keeps the Hessian invertible.
    steps : int
        Newton steps from w = 0.

    Returns
    -------
    ndarray of shape (d + 1,)
        Weights followed by the bias.

    """
    w = np.zeros(X.shape[1])
    for t in range(steps):
        loss, grad, hess = logistic_loss_grad_hess(w, X, y, lam)
        print(f"  Newton step {t}: loss {loss:.6f}  gradient norm {np.linalg.norm(grad):.2e}")
        w -= np.linalg.solve(hess, grad)
    return w
# --8<-- [end:logistic]


def central_difference(f, w, h=1e-6):
    """Gradient of a scalar function by central differences, (f(w + h e) - f(w - h e)) / 2h.

    Parameters
    ----------
    f : callable
        Maps an ndarray of shape (m,) to a float.
    w : ndarray of shape (m,)
        Point of evaluation.
    h : float
        Step.

    Returns
    -------
    ndarray of shape (m,)
        Numerical gradient.

    """
    g = np.zeros_like(w)
    for j in range(len(w)):
        e = np.zeros_like(w)
        e[j] = h
        g[j] = (f(w + e) - f(w - e)) / (2 * h)
    return g


def main():
    """Print the numbers of the article's linear-model examples and assert its claims."""
    rng = np.random.default_rng(0)
    X, y = make_regression_data(rng=rng)
    n = len(y)

    print("1. Least squares: normal equation against gradient descent")
    w_ne = normal_equation(X, y)
    lam_max = np.linalg.eigvalsh(2.0 / n * X.T @ X).max()
    eta = 1.0 / lam_max
    w_gd = gradient_descent(X, y, eta=eta, steps=500)
    print(f"  normal equation   {fmt(w_ne)}")
    print(f"  gradient descent  {fmt(w_gd)}  (eta = {eta:.4f}, 500 steps)")
    assert np.allclose(w_ne, w_gd, atol=1e-8)
    grad_num = central_difference(lambda w: np.mean((X @ w - y) ** 2), np.zeros(5))
    assert np.allclose(grad_num, 2.0 / n * X.T @ (0.0 - y), atol=1e-6)

    print("2. Ridge: closed form against scikit-learn")
    for lam in (1.0, 10.0, 100.0):
        w_r = normal_equation(X, y, lam)
        w_sk = Ridge(alpha=lam, fit_intercept=False).fit(X, y).coef_
        assert np.allclose(w_r, w_sk, atol=1e-10)
        print(f"  lambda {lam:5.1f}: {fmt(w_r)}  norm {np.linalg.norm(w_r):.4f}")

    print("3. Lasso: coordinate descent against scikit-learn")
    for lam in (0.1, 0.5, 1.5):
        w_l = lasso_coordinate_descent(X, y, lam)
        w_sk = Lasso(alpha=lam, fit_intercept=False, tol=1e-12, max_iter=100000).fit(X, y).coef_
        assert np.allclose(w_l, w_sk, atol=1e-8)
        assert np.array_equal(w_l == 0.0, w_sk == 0.0)
        print(f"  lambda {lam:.1f}: {fmt(w_l)}  zeros {int(np.sum(w_l == 0.0))}")

    print("4. Logistic regression: gradient check and Newton's method")
    Xc = rng.normal(size=(80, 2))
    yc = (Xc[:, 0] - 0.5 * Xc[:, 1] + 0.7 * rng.normal(size=80) > 0).astype(float)
    Xb = np.hstack([Xc, np.ones((80, 1))])
    lam = 0.1
    w0 = np.array([0.3, -0.2, 0.1])
    _, g, H = logistic_loss_grad_hess(w0, Xb, yc, lam)
    g_num = central_difference(lambda w: logistic_loss_grad_hess(w, Xb, yc, lam)[0], w0)
    H_num = np.array([
        central_difference(lambda w, k=k: logistic_loss_grad_hess(w, Xb, yc, lam)[1][k], w0)
        for k in range(3)
    ])
    err_g = np.max(np.abs(g - g_num))
    err_h = np.max(np.abs(H - H_num))
    print(f"  analytic gradient {fmt(g, 6)}")
    print(f"  central diff.     {fmt(g_num, 6)}  max error {err_g:.1e}")
    print(f"  Hessian max error {err_h:.1e}")
    assert err_g < 1e-8 and err_h < 1e-7
    w_newton = newton_logistic(Xb, yc, lam)
    sk = LogisticRegression(C=1.0 / (lam * 80), tol=1e-10, max_iter=1000).fit(Xc, yc)
    w_sk = np.append(sk.coef_.ravel(), sk.intercept_)
    print(f"  Newton       w, b = {fmt(w_newton)}")
    print(f"  scikit-learn w, b = {fmt(w_sk)}")
    assert np.allclose(w_newton, w_sk, atol=1e-5)


if __name__ == "__main__":
    main()
