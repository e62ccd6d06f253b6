"""Linear regression and logistic regression from scratch, with their gradients checked.

Included by docs/00-ml-fundamentals/01-supervised-vs-unsupervised.md (worked example and
implementation). Linear regression on five points is solved by the normal equation and by
gradient descent on the mean squared error; logistic regression on six 2-D points is fitted by
gradient descent on the binary cross-entropy. Both analytic gradients are compared with central
differences, and both fits with NumPy's least squares and scikit-learn's unpenalized
``LogisticRegression``.
"""

import numpy as np
from sklearn.linear_model import LogisticRegression

X_LIN = np.array([[0.0], [1.0], [2.0], [3.0], [4.0]])
Y_LIN = np.array([1.0, 3.0, 4.0, 7.0, 9.0])
X_LOG = np.array([[1.0, 1.0], [2.0, 1.0], [1.0, 3.0], [4.0, 3.0], [5.0, 5.0], [6.0, 4.0]])
Y_LOG = np.array([0.0, 1.0, 0.0, 0.0, 1.0, 1.0])


def fmt(v, digits):
    """Format a vector with a fixed number of decimals (and no negative zero).

    Parameters
    ----------
    v : ndarray of shape (m,)
        Values.
    digits : int
        Decimals to print.

    Returns
    -------
    str
        For example ``[0.1000, -0.2500]``.

    """
    return "[" + ", ".join(f"{x + 0.0:.{digits}f}" for x in v) + "]"


def add_bias(X):
    """Append a column of ones so that the bias becomes the last weight.

    Parameters
    ----------
    X : ndarray of shape (n, d)
        Features.

    Returns
    -------
    ndarray of shape (n, d + 1)
        ``[X, 1]``.

    """
    return np.hstack([X, np.ones((len(X), 1))])


# --8<-- [start:linear]
def mse_loss_and_grad(w, X, y):
    """Mean squared error of a linear model and its gradient.

    L(w) = ||X w - y||^2 / n, gradient (2 / n) X^T (X w - y). Least squares: Legendre (1805),
    Gauss (1809).

    Parameters
    ----------
    w : ndarray of shape (d,)
        Weights (include the bias as a weight on a column of ones).
    X : ndarray of shape (n, d)
        Design matrix.
    y : ndarray of shape (n,)
        Targets.

    Returns
    -------
    loss : float
        Mean squared error, in squared target units.
    grad : ndarray of shape (d,)
        Gradient of the loss with respect to w.

    """
    r = X @ w - y
    return float(r @ r / len(y)), 2.0 * X.T @ r / len(y)


def normal_equation(X, y):
    """Minimize the squared error in closed form by solving (X^T X) w = X^T y.

    Parameters
    ----------
    X : ndarray of shape (n, d)
        Design matrix with full column rank.
    y : ndarray of shape (n,)
        Targets.

    Returns
    -------
    ndarray of shape (d,)
        The least-squares weights.

    Raises
    ------
    numpy.linalg.LinAlgError
        If X^T X is singular (collinear features).

    """
    return np.linalg.solve(X.T @ X, X.T @ y)   # solve, never invert explicitly
# --8<-- [end:linear]


# --8<-- [start:logistic]
def sigmoid(z):
    """Logistic function 1 / (1 + exp(-z)), computed without overflow.

    Parameters
    ----------
    z : ndarray of any shape
        Logits.

    Returns
    -------
    ndarray of the same shape
        Probabilities in (0, 1).

    """
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def bce_loss_and_grad(w, X, y):
    """Binary cross-entropy of logistic regression and its gradient.

    L(w) = -(1/n) sum[y log p + (1 - y) log(1 - p)] with p = sigmoid(X w); the gradient is
    X^T (p - y) / n (Cox 1958 for the model; the gradient follows from dp/dz = p (1 - p)).

    Parameters
    ----------
    w : ndarray of shape (d,)
        Weights (the last one multiplies the column of ones: the bias).
    X : ndarray of shape (n, d)
        Design matrix.
    y : ndarray of shape (n,)
        Labels in {0, 1}.

    Returns
    -------
    loss : float
        Mean negative log-likelihood in nats.
    grad : ndarray of shape (d,)
        Gradient of the loss with respect to w.

    """
    z = X @ w
    p = sigmoid(z)
    # log p = -log(1 + e^-z) and log(1 - p) = -log(1 + e^z), both via logaddexp for stability
    loss = np.mean(y * np.logaddexp(0.0, -z) + (1 - y) * np.logaddexp(0.0, z))
    return float(loss), X.T @ (p - y) / len(y)
# --8<-- [end:logistic]


def gradient_descent(loss_and_grad, w0, X, y, lr, steps):
    """Plain full-batch gradient descent w <- w - lr * grad.

    Parameters
    ----------
    loss_and_grad : callable
        ``(w, X, y) -> (loss, grad)``.
    w0 : ndarray of shape (d,)
        Starting weights.
    X : ndarray of shape (n, d)
        Design matrix.
    y : ndarray of shape (n,)
        Targets.
    lr : float
        Learning rate.
    steps : int
        Number of updates.

    Returns
    -------
    ndarray of shape (d,)
        Final weights.

    """
    w = np.asarray(w0, dtype=float).copy()
    for _ in range(steps):
        w -= lr * loss_and_grad(w, X, y)[1]
    return w


def central_difference(loss_and_grad, w, X, y, h=1e-6):
    """Numerical gradient (L(w + h e_j) - L(w - h e_j)) / (2 h) for every coordinate j.

    Parameters
    ----------
    loss_and_grad : callable
        ``(w, X, y) -> (loss, grad)``; only the loss is used.
    w : ndarray of shape (d,)
        Point at which to differentiate.
    X, y : ndarray
        Data passed through to the loss.
    h : float
        Step size.

    Returns
    -------
    ndarray of shape (d,)
        The finite-difference gradient.

    """
    g = np.zeros_like(w)
    for j in range(len(w)):
        e = np.zeros_like(w)
        e[j] = h
        g[j] = (loss_and_grad(w + e, X, y)[0] - loss_and_grad(w - e, X, y)[0]) / (2 * h)
    return g


def main():
    """Print the worked examples and check every claim."""
    print("Linear regression, x = [0, 1, 2, 3, 4], y = [1, 3, 4, 7, 9]")
    A = add_bias(X_LIN)
    w_ne = normal_equation(A, Y_LIN)
    loss, grad = mse_loss_and_grad(w_ne, A, Y_LIN)
    print(f"normal equation: slope {w_ne[0]:.4f}, intercept {w_ne[1]:.4f}, MSE {loss:.4f}")
    print(f"gradient at the solution is zero (max abs below 1e-10): {np.abs(grad).max() < 1e-10}")
    assert np.abs(grad).max() < 1e-10
    w_gd = gradient_descent(mse_loss_and_grad, [0.0, 0.0], A, Y_LIN, lr=0.05, steps=2000)
    print(f"gradient descent (lr 0.05, 2000 steps): slope {w_gd[0]:.4f}, intercept {w_gd[1]:.4f}")
    assert np.allclose(w_ne, np.linalg.lstsq(A, Y_LIN, rcond=None)[0])
    assert np.allclose(w_gd, w_ne, atol=1e-6)
    w_test = np.array([0.5, -1.0])
    assert np.allclose(mse_loss_and_grad(w_test, A, Y_LIN)[1],
                       central_difference(mse_loss_and_grad, w_test, A, Y_LIN), atol=1e-6)

    print("\nLogistic regression, 6 points, labels y = [0, 1, 0, 0, 1, 1]")
    B = add_bias(X_LOG)
    loss0, grad0 = bce_loss_and_grad(np.zeros(3), B, Y_LOG)
    print(f"at w = 0: loss {loss0:.4f} (= ln 2), gradient [w1, w2, b] = {fmt(grad0, 4)}")
    assert np.isclose(loss0, np.log(2))
    w_probe = np.array([0.3, -0.2, 0.1])
    g_num = central_difference(bce_loss_and_grad, w_probe, B, Y_LOG)
    g_ana = bce_loss_and_grad(w_probe, B, Y_LOG)[1]
    print(f"at w = [0.3, -0.2, 0.1]: analytic {fmt(g_ana, 6)}")
    print(f"                         central  {fmt(g_num, 6)}")
    print(f"agree to 1e-8: {np.allclose(g_ana, g_num, rtol=0, atol=1e-8)}")
    assert np.allclose(g_ana, g_num, rtol=0, atol=1e-8)

    w = gradient_descent(bce_loss_and_grad, np.zeros(3), B, Y_LOG, lr=0.5, steps=20000)
    loss, grad = bce_loss_and_grad(w, B, Y_LOG)
    print(f"after gradient descent: w = [{w[0]:.4f}, {w[1]:.4f}], b = {w[2]:.4f}, "
          f"loss {loss:.4f}, |grad| below 1e-10: {np.linalg.norm(grad) < 1e-10}")
    assert np.linalg.norm(grad) < 1e-10
    print(f"decision boundary: {w[0]:.4f} x1 {w[1]:+.4f} x2 {w[2]:+.4f} = 0")
    p = sigmoid(B @ w)
    print(f"p(y = 1 | x) {fmt(p, 3)}")
    print(f"predicted    {(p >= 0.5).astype(int).tolist()}  true {Y_LOG.astype(int).tolist()}")
    ref = LogisticRegression(C=np.inf, tol=1e-10, max_iter=10000).fit(X_LOG, Y_LOG)
    assert np.allclose(ref.coef_.ravel(), w[:2], atol=1e-4)
    assert np.allclose(ref.intercept_, w[2], atol=1e-4)
    print("matches sklearn LogisticRegression(C=inf), i.e. no penalty")


if __name__ == "__main__":
    main()
