"""Check the formulas of the Mathematical Reference numerically, and print its worked example.

Included by docs/06-math-reference/index.md (Mathematical Reference). Every gradient the page
states is compared with central differences, and every number of the worked example is printed
here with fixed formatting:

1. linear algebra: shapes of a batch product, the eigendecomposition and the SVD of a small
   matrix, and how the two are related; a positive semi-definite check;
2. calculus: the derivative table, sigmoid and tanh, the softmax Jacobian diag(p) - p p^T, the
   gradient of log-sum-exp, the overflow of the naive log-sum-exp and the max-shift fix, and the
   row-batch chain rule of a linear layer;
3. probability: moments of the Bernoulli, binomial and Poisson distributions, Gaussian densities,
   Bayes' theorem on a screening test, MAP with a Gaussian prior equal to ridge regression, and
   the central limit theorem;
4. information theory: entropy, cross-entropy, the asymmetry of the KL divergence, and mutual
   information;
5. the gradients of the losses in the reference table, the first steps of each optimizer, and the
   metrics of a small binary classifier.
"""

import numpy as np
from sklearn.linear_model import Ridge
from sklearn.metrics import f1_score, log_loss, r2_score, roc_auc_score

H = 1e-6  # step of the central differences


def central_diff(f, x: np.ndarray, h: float = H) -> np.ndarray:
    """Return the numerical gradient of a scalar function by central differences.

    Parameters
    ----------
    f : callable
        Maps an array shaped like ``x`` to a float.
    x : np.ndarray, any shape
        Point at which the gradient is taken (float64).
    h : float
        Step; the error of the estimate is O(h^2).

    Returns
    -------
    np.ndarray, same shape as x
        (f(x + h e_i) - f(x - h e_i)) / (2 h) for every coordinate i.
    """
    x = np.asarray(x, dtype=float)
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[i] = h
        g[i] = (f(x + e) - f(x - e)) / (2 * h)
    return g


def close(a, b, tol: float = 1e-6) -> bool:
    """Return True when a and b agree to a relative error below tol (absolute near zero)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return bool(np.max(np.abs(a - b) / np.maximum(1.0, np.abs(b))) < tol)


# --8<-- [start:softmax]
def sigmoid(z: np.ndarray) -> np.ndarray:
    """Return 1 / (1 + exp(-z)) element-wise, without overflow for large |z|.

    Parameters
    ----------
    z : np.ndarray, any shape
        Logits.

    Returns
    -------
    np.ndarray, same shape
        Values in (0, 1); the derivative is sigmoid(z) * (1 - sigmoid(z)).
    """
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def logsumexp(z: np.ndarray) -> float:
    """Return log(sum(exp(z))) with the max-shift trick, so that no exp overflows.

    Parameters
    ----------
    z : np.ndarray, shape (k,)
        Logits.

    Returns
    -------
    float
        m + log(sum(exp(z - m))) with m = max(z); equal to the naive formula in exact arithmetic.
    """
    m = np.max(z)
    return float(m + np.log(np.sum(np.exp(z - m))))


def softmax(z: np.ndarray) -> np.ndarray:
    """Return the softmax of a logit vector, exp(z - logsumexp(z)) (Bridle, 1990).

    Parameters
    ----------
    z : np.ndarray, shape (k,)
        Logits.

    Returns
    -------
    np.ndarray, shape (k,)
        Probabilities, positive and summing to 1.
    """
    return np.exp(z - logsumexp(z))


def softmax_jacobian(z: np.ndarray) -> np.ndarray:
    """Return the Jacobian of softmax, d p_i / d z_j = p_i (1[i = j] - p_j) = diag(p) - p p^T.

    Parameters
    ----------
    z : np.ndarray, shape (k,)
        Logits.

    Returns
    -------
    np.ndarray, shape (k, k)
        Symmetric, positive semi-definite, every row sums to 0.
    """
    p = softmax(z)
    return np.diag(p) - np.outer(p, p)
# --8<-- [end:softmax]


# --8<-- [start:info]
def entropy(p: np.ndarray) -> float:
    """Return the Shannon entropy -sum p log p in nats (Shannon, 1948); 0 log 0 counts as 0.

    Parameters
    ----------
    p : np.ndarray, shape (k,)
        A probability vector.

    Returns
    -------
    float
        Entropy in nats (divide by log 2 for bits).
    """
    p = p[p > 0]
    return float(-np.sum(p * np.log(p)))


def cross_entropy(p: np.ndarray, q: np.ndarray) -> float:
    """Return the cross-entropy -sum p log q in nats.

    Parameters
    ----------
    p, q : np.ndarray, shape (k,)
        True and model distributions; q must be positive wherever p is.

    Returns
    -------
    float
        H(p, q) = H(p) + KL(p || q).
    """
    mask = p > 0
    return float(-np.sum(p[mask] * np.log(q[mask])))


def kl(p: np.ndarray, q: np.ndarray) -> float:
    """Return the Kullback-Leibler divergence KL(p || q) in nats (Kullback & Leibler, 1951).

    Parameters
    ----------
    p, q : np.ndarray, shape (k,)
        Probability vectors; infinite if q is 0 where p is positive.

    Returns
    -------
    float
        sum p log(p / q), non-negative, zero only when p = q; not symmetric.
    """
    return cross_entropy(p, q) - entropy(p)
# --8<-- [end:info]


def linear_algebra() -> None:
    """Print the shapes, the eigendecomposition and the SVD of the worked example."""
    print("== Linear algebra")
    rng = np.random.default_rng(0)
    X = rng.normal(size=(4, 3))
    W = rng.normal(size=(3, 2))
    print(f"X {X.shape} @ W {W.shape} -> {(X @ W).shape}; "
          f"(XW)^T = W^T X^T: {np.allclose((X @ W).T, W.T @ X.T)}")
    A = np.array([[2.0, 1.0], [1.0, 2.0]])
    lam, Q = np.linalg.eigh(A)
    print(f"A = [[2, 1], [1, 2]]: eigenvalues {lam[0]:.4f} {lam[1]:.4f}")
    print(f"  eigenvectors (columns) [{Q[0, 0]:.4f} {Q[1, 0]:.4f}] "
          f"[{Q[0, 1]:.4f} {Q[1, 1]:.4f}]")
    assert np.allclose(Q @ np.diag(lam) @ Q.T, A)
    assert np.allclose(np.linalg.inv(A), Q @ np.diag(1 / lam) @ Q.T)
    Ainv = np.linalg.inv(A)
    print(f"  inverse [[{Ainv[0, 0]:.4f}, {Ainv[0, 1]:.4f}], [{Ainv[1, 0]:.4f}, "
          f"{Ainv[1, 1]:.4f}]], det {np.linalg.det(A):.4f}")
    B = np.array([[3.0, 0.0], [4.0, 5.0]])
    U, s, Vt = np.linalg.svd(B)
    ev = np.linalg.eigvalsh(B.T @ B)[::-1]
    print(f"B = [[3, 0], [4, 5]]: singular values {s[0]:.4f} {s[1]:.4f}; "
          f"eigenvalues of B^T B {ev[0]:.4f} {ev[1]:.4f}")
    assert np.allclose(s**2, ev) and np.allclose(U @ np.diag(s) @ Vt, B)
    B1 = s[0] * np.outer(U[:, 0], Vt[0])
    err = np.linalg.norm(B - B1)
    print(f"  rank-1 truncation error (Frobenius) {err:.4f} = sigma_2 {s[1]:.4f}")
    assert np.isclose(err, s[1])
    G = X.T @ X
    print(f"Gram matrix X^T X: smallest eigenvalue {np.linalg.eigvalsh(G)[0]:.4f} (PSD)")
    assert np.linalg.eigvalsh(G)[0] >= -1e-12
    x = np.array([3.0, -4.0])
    print(f"x = [3, -4]: L1 {np.abs(x).sum():.1f}, L2 {np.linalg.norm(x):.1f}, "
          f"Linf {np.abs(x).max():.1f}")


def calculus() -> None:
    """Check the derivative table, softmax, log-sum-exp and the row-batch chain rule."""
    print("== Calculus (all checked by central differences)")
    x0 = 1.7
    table = {
        "x^3": (lambda x: x**3, lambda x: 3 * x**2),
        "exp(x)": (np.exp, np.exp),
        "log(x)": (np.log, lambda x: 1 / x),
        "sigmoid(x)": (sigmoid, lambda x: sigmoid(x) * (1 - sigmoid(x))),
        "tanh(x)": (np.tanh, lambda x: 1 - np.tanh(x) ** 2),
        "max(0, x)": (lambda x: max(0.0, x), lambda x: float(x > 0)),
        "|x|": (abs, np.sign),
    }
    worst = 0.0
    for f, df in table.values():
        num = central_diff(lambda v, f=f: float(f(v[0])), np.array([x0]))[0]
        worst = max(worst, abs(num - df(x0)))
    print(f"derivative table at x = {x0}: largest |analytic - numeric| {worst:.1e}")
    assert worst < 1e-7
    print(f"sigmoid'(0) = {sigmoid(np.array(0.0)) * (1 - sigmoid(np.array(0.0))):.4f}, "
          f"tanh'(0) = {1 - np.tanh(0.0) ** 2:.4f}")

    A = np.array([[2.0, 1.0], [0.0, 3.0]])
    v = np.array([1.0, -2.0])
    num = central_diff(lambda u: float(u @ A @ u), v)
    assert close(num, (A + A.T) @ v)
    assert close(central_diff(lambda u: float(u @ u), v), 2 * v)
    a_vec = np.array([0.5, -3.0])
    assert close(central_diff(lambda u: float(a_vec @ u), v), a_vec)
    print(f"grad of x^T A x at [1, -2] = (A + A^T) x = {np.round((A + A.T) @ v, 4)}")

    z = np.array([2.0, 1.0, 0.1])
    p = softmax(z)
    J = softmax_jacobian(z)
    Jnum = np.stack([central_diff(lambda u, i=i: float(softmax(u)[i]), z) for i in range(3)])
    assert close(J, Jnum)
    assert np.allclose(J.sum(axis=1), 0) and np.allclose(J, J.T)
    print(f"z = {z}: softmax p = [{p[0]:.4f} {p[1]:.4f} {p[2]:.4f}]")
    print("Jacobian diag(p) - p p^T:")
    for row in J:
        print("  [" + " ".join(f"{a:+.4f}" for a in row) + "]")
    print(f"  rows sum to {np.abs(J.sum(axis=1)).max():.1e}; "
          f"max |analytic - numeric| {np.abs(J - Jnum).max():.1e}")
    assert close(central_diff(lambda u: logsumexp(u), z), p)
    print(f"grad of logsumexp(z) equals softmax(z): {close(central_diff(logsumexp, z), p)}")

    big = np.array([1000.0, 1001.0, 1002.0])
    with np.errstate(over="ignore", invalid="ignore"):
        naive = np.log(np.sum(np.exp(big)))
        naive_p = np.exp(big) / np.sum(np.exp(big))
    print(f"z = [1000, 1001, 1002]: naive log-sum-exp {naive}, naive softmax {naive_p}")
    print(f"  shifted: log-sum-exp {logsumexp(big):.4f}, softmax "
          f"[{softmax(big)[0]:.4f} {softmax(big)[1]:.4f} {softmax(big)[2]:.4f}]")
    assert np.isinf(naive) and np.isclose(logsumexp(big), 1002 + logsumexp(big - 1002))

    # Row-batch chain rule of a linear layer: H = X W + b, L = sum(G_up * tanh(H)).
    rng = np.random.default_rng(0)
    X, W, b = rng.normal(size=(4, 3)), rng.normal(size=(3, 2)), rng.normal(size=2)
    C = rng.normal(size=(4, 2))

    def loss(X_, W_, b_):
        return float(np.sum(C * np.tanh(X_ @ W_ + b_)))

    dH = C * (1 - np.tanh(X @ W + b) ** 2)        # dL/dH, shape (n, d_out)
    dW, dX, db = X.T @ dH, dH @ W.T, dH.sum(axis=0)
    assert close(dW, central_diff(lambda W_: loss(X, W_, b), W))
    assert close(dX, central_diff(lambda X_: loss(X_, W, b), X))
    assert close(db, central_diff(lambda b_: loss(X, W, b_), b))
    print(f"linear layer n=4, d_in=3, d_out=2: dW {dW.shape} = X^T dH, dX {dX.shape} = dH W^T, "
          f"db {db.shape} = column sums: match central differences")


def probability() -> None:
    """Print moments, densities, a Bayes posterior, the MAP-ridge identity and the CLT."""
    print("== Probability")
    rng = np.random.default_rng(0)
    n_draw = 200_000
    for name, draws, mean, var in [
        ("Bernoulli(0.3)", rng.binomial(1, 0.3, n_draw), 0.3, 0.3 * 0.7),
        ("Binomial(10, 0.3)", rng.binomial(10, 0.3, n_draw), 3.0, 10 * 0.3 * 0.7),
        ("Poisson(4)", rng.poisson(4.0, n_draw), 4.0, 4.0),
    ]:
        print(f"{name:18s} mean {mean:.2f} var {var:.2f} | sampled {draws.mean():.3f} "
              f"{draws.var():.3f}")
        assert abs(draws.mean() - mean) < 0.02 and abs(draws.var() - var) < 0.05
    print(f"N(0, 1) pdf at 0: {1 / np.sqrt(2 * np.pi):.4f}")
    Sigma = np.array([[2.0, 0.5], [0.5, 1.0]])
    mu = np.zeros(2)
    x = np.array([1.0, 1.0])
    d = x - mu
    pdf = np.exp(-0.5 * d @ np.linalg.solve(Sigma, d)) / (
        2 * np.pi * np.sqrt(np.linalg.det(Sigma)))
    grid = np.linspace(-12, 12, 1201)
    gx, gy = np.meshgrid(grid, grid)
    pts = np.stack([gx.ravel(), gy.ravel()], axis=1)
    quad = np.einsum("ij,jk,ik->i", pts, np.linalg.inv(Sigma), pts)
    mass = np.sum(np.exp(-0.5 * quad)) * (grid[1] - grid[0]) ** 2 / (
        2 * np.pi * np.sqrt(np.linalg.det(Sigma)))
    print(f"N(0, [[2, 0.5], [0.5, 1]]) pdf at (1, 1): {pdf:.4f}; integrates to {mass:.4f}")
    assert abs(mass - 1) < 1e-4

    prev, sens, spec = 0.01, 0.99, 0.95
    evidence = sens * prev + (1 - spec) * (1 - prev)
    post = sens * prev / evidence
    print(f"Bayes: prevalence {prev}, sensitivity {sens}, specificity {spec} -> "
          f"p(positive) {evidence:.4f}, p(disease | positive) {post:.4f}")
    print(f"  numerator {sens * prev:.4f}; per 10,000 people: {sens * prev * 10_000:.0f} sick and "
          f"{(1 - spec) * (1 - prev) * 10_000:.0f} healthy test positive")

    # MAP with prior w ~ N(0, tau^2 I) and noise N(0, sigma^2) equals ridge with
    # lambda = sigma^2 / tau^2.
    Xr = rng.normal(size=(20, 3))
    yr = Xr @ np.array([1.0, -2.0, 0.5]) + rng.normal(scale=0.5, size=20)
    sigma2, tau2 = 0.25, 0.1
    lam = sigma2 / tau2
    w_map = np.linalg.solve(Xr.T @ Xr + lam * np.eye(3), Xr.T @ yr)
    w_mle = np.linalg.solve(Xr.T @ Xr, Xr.T @ yr)
    w_ridge = Ridge(alpha=lam, fit_intercept=False).fit(Xr, yr).coef_
    assert np.allclose(w_map, w_ridge)
    print(f"MAP, sigma^2 = {sigma2}, tau^2 = {tau2} -> lambda = {lam:.2f}: "
          f"w_MAP {np.round(w_map, 4)} = sklearn Ridge; w_MLE {np.round(w_mle, 4)}")
    assert np.linalg.norm(w_map) < np.linalg.norm(w_mle)

    for n in (1, 4, 16, 64):
        means = rng.uniform(0, 1, size=(20_000, n)).mean(axis=1)
        print(f"CLT: mean of {n:2d} Uniform(0, 1): std {means.std():.4f}, "
              f"predicted sqrt(1/12)/sqrt(n) {np.sqrt(1 / 12 / n):.4f}")
    # The CLT proper: the mean of 64 draws is nearly Gaussian, so about 95 % of the means fall
    # within 1.96 standard errors of 0.5.
    share = np.mean(np.abs(means - 0.5) < 1.96 * np.sqrt(1 / 12 / 64))
    print(f"CLT: share of the 64-draw means within 1.96 standard errors of 0.5: {share:.4f} "
          f"(Gaussian 0.9500)")
    assert abs(share - 0.95) < 0.01


def information() -> None:
    """Print entropy, cross-entropy, both KL directions and a mutual information."""
    print("== Information theory (nats)")
    p = np.array([0.5, 0.4, 0.1])
    q = np.array([0.8, 0.1, 0.1])
    print(f"p = {p}, q = {q}")
    print(f"H(p) {entropy(p):.4f}, H(q) {entropy(q):.4f}, H(p, q) {cross_entropy(p, q):.4f}")
    print(f"KL(p || q) {kl(p, q):.4f}, KL(q || p) {kl(q, p):.4f}")
    assert np.isclose(cross_entropy(p, q), entropy(p) + kl(p, q))
    assert kl(p, q) > 0 and not np.isclose(kl(p, q), kl(q, p))
    u = np.full(4, 0.25)
    print(f"uniform over 4: H = {entropy(u):.4f} nats = {entropy(u) / np.log(2):.1f} bits")
    joint = np.array([[0.4, 0.1], [0.1, 0.4]])
    px, py = joint.sum(axis=1), joint.sum(axis=0)
    mi = float(np.sum(joint * np.log(joint / np.outer(px, py))))
    alt = entropy(px) + entropy(py) - entropy(joint.ravel())
    print(f"joint [[0.4, 0.1], [0.1, 0.4]]: I(X; Y) {mi:.4f} = H(X) + H(Y) - H(X, Y) {alt:.4f}")
    assert np.isclose(mi, alt)


def loss_gradients() -> None:
    """Check the gradient of every loss in the reference table by central differences."""
    print("== Loss gradients (checked by central differences)")
    y = np.array([1.0, 0.0, 2.0])
    yh = np.array([1.5, -0.3, 0.4])
    n = len(y)
    delta = 1.0

    def huber(r):
        a = np.abs(r)
        return np.where(a <= delta, 0.5 * r**2, delta * (a - 0.5 * delta))

    checks = {
        "MSE": (lambda v: np.mean((v - y) ** 2), 2 * (yh - y) / n),
        "MAE": (lambda v: np.mean(np.abs(v - y)), np.sign(yh - y) / n),
        "Huber": (lambda v: np.mean(huber(v - y)), np.clip(yh - y, -delta, delta) / n),
    }
    z = np.array([0.8, -1.2, 2.0])
    t = np.array([1.0, 0.0, 0.0])

    def bce(v):
        return float(np.mean(np.logaddexp(0, v) - t * v))

    checks["BCE (logits)"] = (bce, (sigmoid(z) - t) / n)
    checks["CE (logits)"] = (lambda v: logsumexp(v) - v[0], softmax(z) - t)
    ys = np.array([1.0, -1.0, 1.0])
    checks["hinge"] = (lambda v: float(np.mean(np.maximum(0, 1 - ys * v))),
                       np.where(ys * z < 1, -ys, 0.0) / n)
    for name, (f, g) in checks.items():
        point = yh if name in ("MSE", "MAE", "Huber") else z
        num = central_diff(lambda v, f=f: float(f(v)), point)
        ok = close(num, g)
        print(f"{name:13s} analytic {np.round(g, 4)} matches: {ok}")
        assert ok


def optimizers() -> None:
    """Run three steps of each update rule on L(theta) = theta^2 from theta = 1."""
    print("== Optimizers: three steps on L = theta^2 from theta = 1, eta = 0.1")

    def grad(th):
        return 2 * th

    eta, mu = 0.1, 0.9
    res = {}
    th, v = 1.0, 0.0
    out = []
    for _ in range(3):
        th -= eta * grad(th)
        out.append(th)
    res["SGD"] = out
    th, v, out = 1.0, 0.0, []
    for _ in range(3):
        v = mu * v - eta * grad(th)
        th += v
        out.append(th)
    res["momentum 0.9"] = out
    th, v, out = 1.0, 0.0, []
    for _ in range(3):
        v = mu * v - eta * grad(th + mu * v)
        th += v
        out.append(th)
    res["Nesterov 0.9"] = out
    th, s, out = 1.0, 0.0, []
    for _ in range(3):
        g = grad(th)
        s += g * g
        th -= eta * g / (np.sqrt(s) + 1e-8)
        out.append(th)
    res["Adagrad"] = out
    th, s, out = 1.0, 0.0, []
    for _ in range(3):
        g = grad(th)
        s = 0.9 * s + 0.1 * g * g
        th -= eta * g / (np.sqrt(s) + 1e-8)
        out.append(th)
    res["RMSProp 0.9"] = out
    for name, wd in (("Adam", 0.0), ("AdamW 0.01", 0.01)):
        th, m, s, out = 1.0, 0.0, 0.0, []
        b1, b2, eps = 0.9, 0.999, 1e-8
        for t in range(1, 4):
            g = grad(th)
            m = b1 * m + (1 - b1) * g
            s = b2 * s + (1 - b2) * g * g
            mh, sh = m / (1 - b1**t), s / (1 - b2**t)
            th = th - eta * (mh / (np.sqrt(sh) + eps) + wd * th)
            out.append(th)
        res[name] = out
    for name, out in res.items():
        print(f"{name:13s} " + " ".join(f"{v:.4f}" for v in out))
    assert np.isclose(1.0 - res["Adam"][0], eta, atol=1e-6)   # first Adam step is eta
    m1 = (1 - 0.9) * 2.0
    print(f"Adam step 1 without bias correction: m = {m1:.4f}, "
          f"sqrt(v) = {np.sqrt(0.001 * 4):.4f}, step {eta * m1 / np.sqrt(0.001 * 4):.4f} "
          f"= {m1 / np.sqrt(0.001 * 4):.4f} times eta")


def metrics() -> None:
    """Print the metrics of a small binary classifier and check them against scikit-learn."""
    print("== Metrics of a 10-example binary classifier, threshold 0.5")
    y = np.array([1, 1, 1, 1, 0, 0, 0, 0, 0, 0])
    s = np.array([0.9, 0.8, 0.55, 0.3, 0.6, 0.4, 0.35, 0.2, 0.1, 0.05])
    yhat = (s >= 0.5).astype(int)
    tp = int(np.sum((yhat == 1) & (y == 1)))
    fp = int(np.sum((yhat == 1) & (y == 0)))
    fn = int(np.sum((yhat == 0) & (y == 1)))
    tn = int(np.sum((yhat == 0) & (y == 0)))
    acc = (tp + tn) / len(y)
    prec, rec, spec = tp / (tp + fp), tp / (tp + fn), tn / (tn + fp)
    f1 = 2 * prec * rec / (prec + rec)
    pos, neg = s[y == 1], s[y == 0]
    auc = np.mean((pos[:, None] > neg[None, :]) + 0.5 * (pos[:, None] == neg[None, :]))
    ll = -np.mean(y * np.log(s) + (1 - y) * np.log(1 - s))
    print(f"TP {tp} FP {fp} FN {fn} TN {tn}")
    print(f"accuracy {acc:.4f} precision {prec:.4f} recall {rec:.4f} "
          f"specificity {spec:.4f} F1 {f1:.4f}")
    print(f"ROC-AUC (share of positive-negative pairs ranked right) {auc:.4f}, "
          f"log loss {ll:.4f}")
    assert np.isclose(f1, f1_score(y, yhat)) and np.isclose(auc, roc_auc_score(y, s))
    assert np.isclose(ll, log_loss(y, s))
    yr = np.array([3.0, -0.5, 2.0, 7.0])
    pr = np.array([2.5, 0.0, 2.0, 8.0])
    mse = np.mean((yr - pr) ** 2)
    r2 = 1 - np.sum((yr - pr) ** 2) / np.sum((yr - yr.mean()) ** 2)
    print(f"regression: MSE {mse:.4f} RMSE {np.sqrt(mse):.4f} "
          f"MAE {np.mean(np.abs(yr - pr)):.4f} R^2 {r2:.4f}")
    assert np.isclose(r2, r2_score(yr, pr))
    probs = np.array([0.5, 0.25, 0.125, 0.5])
    ce = -np.mean(np.log(probs))
    print(f"token probabilities {probs}: cross-entropy {ce:.4f} nats, perplexity "
          f"{np.exp(ce):.4f}")


def main() -> None:
    """Run every section; each asserts the claims the article makes."""
    np.set_printoptions(precision=4, suppress=True)
    linear_algebra()
    calculus()
    probability()
    information()
    loss_gradients()
    optimizers()
    metrics()


if __name__ == "__main__":
    main()
