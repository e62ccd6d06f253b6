"""Building features: polynomial counts, power transforms, cyclical time, bins, TF-IDF, group means.

Included by docs/05-ml-pipeline/02-feature-engineering.md (worked example and implementation).
Block 1 counts polynomial features and checks C(d + q, q) against ``PolynomialFeatures``.
Block 2 implements the Box-Cox and Yeo-Johnson transforms, checks them and their x-derivatives
(central differences) against ``PowerTransformer``, and checks that the fitted lambda is a
stationary point of the profile log-likelihood. Block 3 encodes the hour of day with sine and
cosine. Block 4 bins a nonlinear input for a linear model. Block 5 computes TF-IDF by hand and
compares it with ``TfidfVectorizer``. Block 6 shows the leak of a group mean of the target that
includes the row's own target.
"""

from math import comb

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LinearRegression
from sklearn.metrics import r2_score
from sklearn.preprocessing import KBinsDiscretizer, PolynomialFeatures, PowerTransformer


def n_poly_features(d, q, interaction_only=False):
    """Count the monomials of total degree at most q in d variables, the constant included.

    Parameters
    ----------
    d : int
        Number of input features, d >= 1.
    q : int
        Maximum total degree, q >= 0.
    interaction_only : bool
        If True, count only products of distinct features (no powers), as scikit-learn's
        ``interaction_only=True`` does: sum over k <= q of C(d, k).

    Returns
    -------
    int
        C(d + q, q) (stars and bars), or the interaction-only count.

    """
    if interaction_only:
        return sum(comb(d, k) for k in range(min(d, q) + 1))
    return comb(d + q, q)


# --8<-- [start:power]
def box_cox(x, lam):
    """Box-Cox transform (Box & Cox 1964): (x**lam - 1) / lam, or log x if lam == 0.

    Parameters
    ----------
    x : ndarray of shape (n,)
        Strictly positive values.
    lam : float
        Power parameter lambda.

    Returns
    -------
    ndarray of shape (n,)
        Transformed values.

    Raises
    ------
    ValueError
        If any value of x is not strictly positive.

    """
    if np.any(x <= 0):
        raise ValueError("Box-Cox needs strictly positive inputs")
    return np.log(x) if lam == 0 else (x**lam - 1.0) / lam


def yeo_johnson(x, lam):
    """Yeo-Johnson transform (Yeo & Johnson 2000), defined on the whole real line.

    For x >= 0 it is Box-Cox of x + 1 with parameter lam; for x < 0 it is minus Box-Cox of
    1 - x with parameter 2 - lam.

    Parameters
    ----------
    x : ndarray of shape (n,)
        Any real values.
    lam : float
        Power parameter lambda.

    Returns
    -------
    ndarray of shape (n,)
        Transformed values, with the sign of x.

    """
    out = np.empty_like(x, dtype=float)
    pos = x >= 0
    out[pos] = np.log1p(x[pos]) if lam == 0 else ((x[pos] + 1.0) ** lam - 1.0) / lam
    neg = ~pos
    if lam == 2:
        out[neg] = -np.log1p(-x[neg])
    else:
        out[neg] = -((1.0 - x[neg]) ** (2.0 - lam) - 1.0) / (2.0 - lam)
    return out


def yeo_johnson_dx(x, lam):
    """Differentiate the Yeo-Johnson transform with respect to x (its Jacobian).

    (x + 1)**(lam - 1) for x >= 0 and (1 - x)**(1 - lam) for x < 0; always positive, so the
    transform is monotonic. Box-Cox's derivative is x**(lam - 1).

    Parameters
    ----------
    x : ndarray of shape (n,)
        Any real values.
    lam : float
        Power parameter lambda.

    Returns
    -------
    ndarray of shape (n,)
        dT/dx at each x.

    """
    return np.where(x >= 0, np.abs(x + 1.0) ** (lam - 1.0), np.abs(1.0 - x) ** (1.0 - lam))


def profile_loglik(x, lam, method):
    """Compute the profile log-likelihood of lambda under a normal model for the transformed data.

    -n/2 log(sigma_hat^2) + log Jacobian, where sigma_hat^2 is the variance (divided by n) of
    the transformed data; the log Jacobian is (lam - 1) sum log x for Box-Cox (Box & Cox 1964)
    and (lam - 1) sum sign(x) log(|x| + 1) for Yeo-Johnson (Yeo & Johnson 2000). Additive
    constants are dropped.

    Parameters
    ----------
    x : ndarray of shape (n,)
        Data (strictly positive for Box-Cox).
    lam : float
        Power parameter lambda.
    method : {"box-cox", "yeo-johnson"}
        Which transform.

    Returns
    -------
    float
        Log-likelihood up to a constant, in nats.

    """
    if method == "box-cox":
        z, log_jac = box_cox(x, lam), (lam - 1.0) * np.log(x).sum()
    else:
        z, log_jac = yeo_johnson(x, lam), (lam - 1.0) * (np.sign(x) * np.log1p(np.abs(x))).sum()
    return -0.5 * len(x) * np.log(z.var()) + log_jac
# --8<-- [end:power]


def skewness(x):
    """Sample skewness m3 / m2**1.5 (moments about the mean, divided by n); dimensionless."""
    c = x - x.mean()
    return float((c**3).mean() / (c**2).mean() ** 1.5)


def central_diff(f, x, h=1e-6):
    """Central difference (f(x + h) - f(x - h)) / (2 h), element-wise; error O(h**2)."""
    return (f(x + h) - f(x - h)) / (2.0 * h)


# --8<-- [start:cyclical]
def cyclical(t, period):
    """Encode a periodic quantity as a point on the unit circle.

    Parameters
    ----------
    t : ndarray of shape (n,)
        Values such as hour of day (period 24) or day of week (period 7).
    period : float
        Length of one cycle, in the units of t.

    Returns
    -------
    ndarray of shape (n, 2)
        Columns sin(2 pi t / period) and cos(2 pi t / period).

    """
    angle = 2.0 * np.pi * np.asarray(t, dtype=float) / period
    return np.column_stack([np.sin(angle), np.cos(angle)])
# --8<-- [end:cyclical]


# --8<-- [start:tfidf]
def tfidf(counts, smooth=True):
    """TF-IDF with scikit-learn's defaults: smooth idf, raw counts as tf, l2-normalized rows.

    idf(t) = ln((1 + n) / (1 + df(t))) + 1 with smoothing, ln(n / df(t)) + 1 without.

    Parameters
    ----------
    counts : ndarray of shape (n, V)
        Term counts: n documents, V terms.
    smooth : bool
        Add one to n and to every document frequency, as if one extra document held every term.

    Returns
    -------
    tuple of ndarray
        (idf of shape (V,), tf-idf matrix of shape (n, V) whose nonzero rows have unit l2 norm).

    """
    n = counts.shape[0]
    df = (counts > 0).sum(axis=0)
    idf = np.log((n + smooth) / (df + smooth)) + 1.0
    w = counts * idf
    norms = np.linalg.norm(w, axis=1, keepdims=True)
    return idf, w / np.where(norms == 0, 1.0, norms)
# --8<-- [end:tfidf]


# --8<-- [start:group_mean]
def group_mean_features(groups, y, mode, n_folds=5, rng=None):
    """Mean target of each row's group, computed in one of three ways.

    Parameters
    ----------
    groups : ndarray of shape (n,) of int
        Group id of each training row (customer, store, ...).
    y : ndarray of shape (n,)
        Training targets.
    mode : {"in-sample", "leave-one-out", "out-of-fold"}
        "in-sample" averages the whole group, the row's own target included (leaks);
        "leave-one-out" excludes the row itself; "out-of-fold" uses only rows of other folds.
    n_folds : int
        Number of folds for "out-of-fold".
    rng : numpy.random.Generator or None
        Draws the fold assignment for "out-of-fold".

    Returns
    -------
    ndarray of shape (n,)
        The feature; rows whose group has no other rows get the global mean of y.

    """
    n_groups = groups.max() + 1
    total = np.bincount(groups, weights=y, minlength=n_groups)
    count = np.bincount(groups, minlength=n_groups).astype(float)
    if mode == "in-sample":
        return total[groups] / count[groups]
    if mode == "leave-one-out":
        rest = count[groups] - 1.0
        safe = np.where(rest > 0, rest, 1.0)
        return np.where(rest > 0, (total[groups] - y) / safe, y.mean())
    fold = rng.integers(0, n_folds, size=len(y))
    out = np.empty(len(y))
    for k in range(n_folds):
        other = fold != k
        t = np.bincount(groups[other], weights=y[other], minlength=n_groups)
        c = np.bincount(groups[other], minlength=n_groups)
        g = groups[~other]
        out[~other] = np.where(c[g] > 0, t[g] / np.maximum(c[g], 1), y[other].mean())
    return out
# --8<-- [end:group_mean]


def block_polynomial():
    """Print polynomial feature counts and check them against PolynomialFeatures."""
    print("1. Polynomial features: C(d + q, q) monomials of degree at most q in d variables")
    for d, q in [(2, 2), (3, 2), (10, 2), (10, 3), (100, 2), (100, 3)]:
        full = PolynomialFeatures(degree=q).fit(np.zeros((1, d))).n_output_features_
        inter = PolynomialFeatures(degree=q, interaction_only=True).fit(np.zeros((1, d)))
        assert full == n_poly_features(d, q)
        assert inter.n_output_features_ == n_poly_features(d, q, interaction_only=True)
        print(f"  d = {d:3d}, q = {q}: {full:7d} features, "
              f"{inter.n_output_features_:7d} interaction-only")
    names = PolynomialFeatures(degree=2).fit(np.zeros((1, 2))).get_feature_names_out(["a", "b"])
    print("  d = 2, q = 2 columns:", ", ".join(names))


def block_power(rng):
    """Fit log, Box-Cox and Yeo-Johnson to skewed data; check formulas and derivatives."""
    print("\n2. Power transforms on 1000 log-normal values (sigma = 0.75)")
    x = np.exp(rng.normal(0.0, 0.75, size=1000))
    pt_default = PowerTransformer()
    assert pt_default.method == "yeo-johnson" and pt_default.standardize is True
    z = pt_default.fit_transform(x[:, None])[:, 0]
    assert abs(z.mean()) < 1e-9 and abs(z.std() - 1.0) < 1e-9
    print(f"  skewness raw {skewness(x):+.4f}, after log {skewness(np.log(x)):+.4f}")
    for method, fn in [("box-cox", box_cox), ("yeo-johnson", yeo_johnson)]:
        pt = PowerTransformer(method=method, standardize=False).fit(x[:, None])
        lam = float(pt.lambdas_[0])
        ours = fn(x, lam)
        assert np.allclose(ours, pt.transform(x[:, None])[:, 0], atol=1e-10)
        grad = central_diff(lambda t, m=method: profile_loglik(x, t, m), lam, h=1e-4)
        assert abs(grad) < 1e-3, grad
        print(f"  {method:11s}: lambda = {lam:+.4f}, skewness {skewness(ours):+.4f}, "
              f"d loglik / d lambda at lambda = {grad:+.1e}")
    print("  PowerTransformer() default: method = yeo-johnson, standardize = True, "
          f"output mean {abs(z.mean()):.4f}, std {z.std():.4f}")

    pts = np.array([-3.0, -0.5, 0.5, 4.0])
    print("  derivative dT/dx, analytic vs central difference (Yeo-Johnson, lambda = 0.5)")
    for lam in [0.5]:
        ana = yeo_johnson_dx(pts, lam)
        num = central_diff(lambda t, la=lam: yeo_johnson(t, la), pts)
        assert np.allclose(ana, num, rtol=1e-7)
        for p_, a, b in zip(pts, ana, num, strict=True):
            print(f"    x = {p_:+.1f}: {a:.6f} vs {b:.6f}")
    bc_num = central_diff(lambda t: box_cox(t, 0.5), np.array([2.0]))[0]
    assert abs(bc_num - 2.0 ** (0.5 - 1.0)) < 1e-8
    print(f"  Box-Cox lambda = 0.5 at x = 2: x^(lambda-1) = {2.0 ** -0.5:.6f}, "
          f"central difference {bc_num:.6f}")
    near0 = box_cox(np.array([5.0]), 1e-8)[0]
    assert abs(near0 - np.log(5.0)) < 1e-6
    print(f"  continuity at lambda = 0: (5^1e-8 - 1) / 1e-8 = {near0:.6f}, ln 5 = {np.log(5):.6f}")
    neg = rng.exponential(1.0, size=1000) - 1.0
    pt = PowerTransformer(standardize=False).fit(neg[:, None])
    print(f"  exponential minus 1 (min {neg.min():+.3f}): Box-Cox impossible, Yeo-Johnson "
          f"lambda = {pt.lambdas_[0]:+.4f}, skewness {skewness(neg):+.4f} -> "
          f"{skewness(pt.transform(neg[:, None])[:, 0]):+.4f}")
    try:
        box_cox(neg, 0.5)
    except ValueError as err:
        print(f"  box_cox on it raises: {err}")


def block_cyclical(rng):
    """Compare raw and cyclical hour features on distances and on a daily pattern."""
    print("\n3. Hour of day as (sin, cos)")
    hours = np.array([0, 6, 12, 18, 23])
    enc = cyclical(hours, 24)
    for h, (s, c) in zip(hours, enc, strict=True):
        print(f"  hour {h:2d}: sin {s:+.4f}, cos {c:+.4f}")
    d_23_0 = np.linalg.norm(enc[4] - enc[0])
    d_22_23 = np.linalg.norm(cyclical([22], 24)[0] - enc[4])
    assert np.isclose(d_23_0, d_22_23) and np.isclose(d_23_0, 2 * np.sin(np.pi / 24))
    print(f"  distance 23h-0h: raw 23, encoded {d_23_0:.4f}; 22h-23h: raw 1, encoded "
          f"{d_22_23:.4f}")
    h_tr, h_te = rng.uniform(0, 24, 2000), rng.uniform(0, 24, 2000)

    def load(h):
        return 10 + 3 * np.cos(2 * np.pi * (h - 18) / 24) + rng.normal(0, 0.5, len(h))

    y_tr, y_te = load(h_tr), load(h_te)
    raw = LinearRegression().fit(h_tr[:, None], y_tr)
    cyc = LinearRegression().fit(cyclical(h_tr, 24), y_tr)
    r2_raw = r2_score(y_te, raw.predict(h_te[:, None]))
    r2_cyc = r2_score(y_te, cyc.predict(cyclical(h_te, 24)))
    assert r2_cyc > r2_raw
    print(f"  linear model, load peaking at 18h: test R^2 raw hour {r2_raw:.4f}, "
          f"sin/cos {r2_cyc:.4f}")


def block_bins(rng):
    """Linear regression on a raw input against one-hot quantile bins of it."""
    print("\n4. Binning a nonlinear input for a linear model")
    x_tr, x_te = rng.uniform(0, 6, 500), rng.uniform(0, 6, 500)
    y_tr = np.sin(x_tr) + rng.normal(0, 0.2, 500)
    y_te = np.sin(x_te) + rng.normal(0, 0.2, 500)
    kb = KBinsDiscretizer()  # defaults: n_bins=5, encode="onehot", strategy="quantile"
    print(f"  KBinsDiscretizer defaults: n_bins = {kb.n_bins}, encode = {kb.encode}, "
          f"strategy = {kb.strategy}")
    lin = LinearRegression().fit(x_tr[:, None], y_tr)
    print(f"  raw x: test R^2 {r2_score(y_te, lin.predict(x_te[:, None])):.4f}")
    for n_bins in [5, 10, 50]:
        kb = KBinsDiscretizer(n_bins=n_bins, quantile_method="averaged_inverted_cdf")
        kb.fit(x_tr[:, None])
        m = LinearRegression().fit(kb.transform(x_tr[:, None]), y_tr)
        r2 = r2_score(y_te, m.predict(kb.transform(x_te[:, None])))
        print(f"  {n_bins:2d} quantile bins, one-hot: test R^2 {r2:.4f}")


def block_tfidf():
    """TF-IDF by hand on four short documents, checked against TfidfVectorizer."""
    print("\n5. TF-IDF, smooth idf = ln((1 + n) / (1 + df)) + 1, rows l2-normalized")
    docs = ["the cat sat", "the cat sat on the mat", "the dog barked", "the dog sat"]
    cv = CountVectorizer().fit(docs)
    counts = cv.transform(docs).toarray().astype(float)
    idf, w = tfidf(counts)
    sk = TfidfVectorizer().fit(docs)
    assert np.allclose(idf, sk.idf_) and np.allclose(w, sk.transform(docs).toarray())
    assert np.allclose(np.linalg.norm(w, axis=1), 1.0)
    vocab = cv.get_feature_names_out()
    df = (counts > 0).sum(axis=0)
    for t, d_, i in zip(vocab, df, idf, strict=True):
        print(f"  {t:6s} df = {d_}  idf = {i:.4f}")
    assert vocab[np.argmax(w[1])] == "the"  # the most common word keeps the largest weight
    print("  document 2 'the cat sat on the mat':")
    print("   " + "  ".join(f"{t} {v:.4f}" for t, v in zip(vocab, w[1], strict=True) if v > 0))


def block_group_mean(rng):
    """Train on a group-mean target feature three ways; score on new rows of the same groups."""
    print("\n6. Group mean of the target: 500 groups, 4 training rows each")
    n_groups, per = 500, 4
    effect = rng.normal(0.0, 0.5, n_groups)
    g_tr = np.repeat(np.arange(n_groups), per)
    g_te = np.repeat(np.arange(n_groups), per)
    y_tr = effect[g_tr] + rng.normal(0.0, 1.0, len(g_tr))
    y_te = effect[g_te] + rng.normal(0.0, 1.0, len(g_te))
    f_te = group_mean_features(g_tr, y_tr, "in-sample")[::per][g_te]  # train means, new rows
    results = {}
    for mode in ["in-sample", "leave-one-out", "out-of-fold"]:
        f_tr = group_mean_features(g_tr, y_tr, mode, rng=rng)
        m = LinearRegression().fit(f_tr[:, None], y_tr)
        r2_tr = r2_score(y_tr, m.predict(f_tr[:, None]))
        r2_te = r2_score(y_te, m.predict(f_te[:, None]))
        results[mode] = (r2_tr, r2_te)
        print(f"  {mode:13s}: slope {m.coef_[0]:.4f}, train R^2 {r2_tr:+.4f}, "
              f"test R^2 {r2_te:+.4f}")
        if mode == "in-sample":
            assert np.isclose(m.coef_[0], 1.0)  # y on its own group mean: slope exactly 1
    assert results["in-sample"][0] > results["leave-one-out"][0]
    assert results["in-sample"][1] < results["leave-one-out"][1]


def main():
    """Run the six blocks with one seeded generator."""
    rng = np.random.default_rng(0)
    block_polynomial()
    block_power(rng)
    block_cyclical(rng)
    block_bins(rng)
    block_tfidf()
    block_group_mean(rng)


if __name__ == "__main__":
    main()
