"""Choosing and explaining features: filters, RFE, L1, importances, exact Shapley values.

Included by docs/05-ml-pipeline/02-feature-engineering.md (worked example and implementation).
Block 1 compares Pearson correlation with mutual information and checks a chi-squared score by
hand against ``sklearn.feature_selection.chi2``. Block 2 runs a wrapper (RFE) and an embedded
method (lasso) on Friedman's first problem. Block 3 compares impurity and permutation importance
of a random forest, before and after duplicating a feature. Block 4 computes exact Shapley values
of a small tree by enumerating all coalitions and checks the efficiency property. Block 5 measures
distance concentration in high dimensions. Block 6 shows the leak of selecting features before
cross-validation.
"""

from itertools import combinations
from math import factorial

import numpy as np
from sklearn.datasets import load_diabetes, make_friedman1
from sklearn.ensemble import RandomForestRegressor
from sklearn.feature_selection import (
    RFE,
    SelectKBest,
    chi2,
    f_classif,
    mutual_info_regression,
)
from sklearn.inspection import permutation_importance
from sklearn.linear_model import Lasso, LinearRegression, LogisticRegression
from sklearn.metrics import r2_score
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeRegressor


# --8<-- [start:chi2]
def chi2_scores(X, y):
    """Chi-squared statistic of each non-negative feature against the class, as scikit-learn does.

    The feature's total is shared among the classes: observed O[c, j] = sum of X[:, j] over rows
    of class c, expected E[c, j] = (share of rows in class c) * (sum of X[:, j]);
    score_j = sum over c of (O - E)**2 / E (Pearson 1900).

    Parameters
    ----------
    X : ndarray of shape (n, d)
        Non-negative features, typically counts or one-hot indicators.
    y : ndarray of shape (n,)
        Class labels.

    Returns
    -------
    ndarray of shape (d,)
        Chi-squared statistics; larger means stronger dependence on the class.

    Raises
    ------
    ValueError
        If X has a negative entry.

    """
    if np.any(X < 0):
        raise ValueError("chi-squared needs non-negative features")
    classes = np.unique(y)
    Y = (y[:, None] == classes[None, :]).astype(float)      # (n, k) one-hot classes
    observed = Y.T @ X                                        # (k, d)
    expected = Y.mean(axis=0)[:, None] * X.sum(axis=0)[None, :]
    return ((observed - expected) ** 2 / expected).sum(axis=0)
# --8<-- [end:chi2]


# --8<-- [start:shapley]
def shapley_values(f, x, background):
    """Exact interventional Shapley values of one prediction, by enumerating all coalitions.

    The value of a coalition S is v(S) = mean over background rows b of f(x_S, b_rest): features
    in S take the explained row's values, the others the background row's. Then
    phi_j = sum over S not containing j of |S|! (d - |S| - 1)! / d! * (v(S + j) - v(S))
    (Shapley 1953; Lundberg & Lee 2017, with this value function).
    Cost: 2**d coalitions times len(background) predictions, so only for small d.

    Parameters
    ----------
    f : callable
        Maps an array of shape (m, d) to predictions of shape (m,).
    x : ndarray of shape (d,)
        The row to explain.
    background : ndarray of shape (m, d)
        Reference rows that define "feature absent".

    Returns
    -------
    tuple
        (phi of shape (d,), base value v(empty set) = mean f(background)).

    """
    d = len(x)
    value = {}
    for size in range(d + 1):
        for S in combinations(range(d), size):
            Z = background.copy()
            Z[:, list(S)] = x[list(S)]
            value[S] = f(Z).mean()
    phi = np.zeros(d)
    for j in range(d):
        others = [k for k in range(d) if k != j]
        for size in range(d):
            weight = factorial(size) * factorial(d - size - 1) / factorial(d)
            for S in combinations(others, size):
                with_j = tuple(sorted(S + (j,)))
                phi[j] += weight * (value[with_j] - value[S])
    return phi, value[()]
# --8<-- [end:shapley]


# --8<-- [start:permutation]
def permutation_drop(model, X, y, cols, rng, n_repeats=10):
    """Mean drop of R^2 when the columns in cols are shuffled together (Breiman 2001).

    Parameters
    ----------
    model : fitted regressor
        Anything with ``predict``.
    X : ndarray of shape (n, d)
        Held-out features.
    y : ndarray of shape (n,)
        Held-out targets.
    cols : list of int
        Columns permuted with one shared row permutation, so their joint values stay intact.
    rng : numpy.random.Generator
        Draws the permutations.
    n_repeats : int
        Number of shuffles averaged.

    Returns
    -------
    float
        Baseline R^2 minus mean shuffled R^2.

    """
    base = r2_score(y, model.predict(X))
    drops = []
    for _ in range(n_repeats):
        Xp = X.copy()
        Xp[:, cols] = X[rng.permutation(len(X))][:, cols]
        drops.append(base - r2_score(y, model.predict(Xp)))
    return float(np.mean(drops))
# --8<-- [end:permutation]


def block_filters(rng):
    """Correlation misses a symmetric dependence that mutual information finds; chi2 by hand."""
    print("1. Filters on y = x1 + x2^2 + noise (x3 is pure noise), n = 1000")
    X = rng.normal(size=(1000, 3))
    y = X[:, 0] + X[:, 1] ** 2 + rng.normal(0, 0.5, 1000)
    corr = [np.corrcoef(X[:, j], y)[0, 1] for j in range(3)]
    mi = mutual_info_regression(X, y, random_state=0)
    for j in range(3):
        print(f"  x{j + 1}: Pearson r {corr[j]:+.4f}, mutual information {mi[j]:.4f} nats")
    assert abs(corr[1]) < 0.1 and mi[1] > 0.2 and mi[2] < 0.05

    Xc = np.array([[3, 0, 1], [2, 1, 1], [4, 0, 2], [0, 3, 1], [1, 2, 2], [0, 4, 1]], float)
    yc = np.array([0, 0, 0, 1, 1, 1])
    ours, (theirs, _) = chi2_scores(Xc, yc), chi2(Xc, yc)
    assert np.allclose(ours, theirs)
    print("  chi2 on 6 documents x 3 word counts, 2 classes: "
          + ", ".join(f"{s:.4f}" for s in ours))


def block_wrapper_embedded():
    """RFE with a linear model and the lasso on make_friedman1; forest importances for contrast."""
    print("\n2. Friedman #1: y = 10 sin(pi x1 x2) + 20 (x3 - 0.5)^2 + 10 x4 + 5 x5 + noise,"
          " x6..x10 unused")
    X, y = make_friedman1(n_samples=500, n_features=10, noise=1.0, random_state=0)
    rfe = RFE(LinearRegression(), n_features_to_select=5).fit(X, y)
    print("  RFE(LinearRegression) ranking:", " ".join(str(r) for r in rfe.ranking_))
    lasso = make_pipeline(StandardScaler(), Lasso(alpha=0.3)).fit(X, y)
    coef = lasso[-1].coef_
    print("  lasso (alpha 0.3) coefficients:", " ".join(f"{c:+.2f}" for c in coef))
    rf = RandomForestRegressor(n_estimators=50, random_state=0).fit(X, y)
    print("  forest impurity importance:    ",
          " ".join(f"{v:.2f}" for v in rf.feature_importances_))
    assert rfe.ranking_[2] == rfe.ranking_.max()                # x3 is eliminated first
    assert np.flatnonzero(coef).tolist() == [0, 1, 3, 4]          # lasso keeps x1, x2, x4, x5
    assert np.argsort(rf.feature_importances_)[-5:].tolist().count(2) == 1


def block_importance(rng):
    """Impurity vs permutation importance, then the same with x1 duplicated."""
    print("\n3. Forest importances, y = 3 x1 + 2 x2 + x3 + noise; x4 is noise")
    X = rng.uniform(size=(1000, 4))
    y = 3 * X[:, 0] + 2 * X[:, 1] + X[:, 2] + rng.normal(0, 0.2, 1000)
    tr, te = slice(0, 500), slice(500, 1000)
    mdi_x1 = score = None
    for label, data in [("original", X), ("x1 duplicated", np.column_stack([X, X[:, 0]]))]:
        rf = RandomForestRegressor(n_estimators=50, min_samples_leaf=5, random_state=0)
        rf.fit(data[tr], y[tr])
        pi = permutation_importance(rf, data[te], y[te], n_repeats=5, random_state=0)
        names = [f"x{j + 1}" for j in range(4)] + (["x1 copy"] if data.shape[1] == 5 else [])
        print(f"  {label}: test R^2 {rf.score(data[te], y[te]):.4f}")
        for name, mdi, perm in zip(names, rf.feature_importances_, pi.importances_mean,
                                   strict=True):
            print(f"    {name:8s} impurity {mdi:.4f}  permutation {perm:.4f}")
        if data.shape[1] == 4:
            mdi_x1, score = rf.feature_importances_[0], rf.score(data[te], y[te])
        else:
            # the copies share the impurity importance of x1; the test score does not move
            assert abs(rf.feature_importances_[[0, 4]].sum() - mdi_x1) < 0.01
            assert abs(rf.score(data[te], y[te]) - score) < 0.01
            joint = permutation_drop(rf, data[te], y[te], [0, 4], rng, n_repeats=5)
            print(f"    x1 and its copy shuffled together: permutation {joint:.4f}")
            single = pi.importances_mean[0]
            assert single < 0.5 * joint


def block_shapley(rng):
    """Exact Shapley values of a depth-3 tree on four diabetes features."""
    print("\n4. Exact Shapley values: depth-3 tree on 4 diabetes features (bmi, bp, s5, age)")
    data = load_diabetes()
    cols = [data.feature_names.index(c) for c in ["bmi", "bp", "s5", "age"]]
    X, y = data.data[:, cols], data.target
    tree = DecisionTreeRegressor(max_depth=3, random_state=0).fit(X, y)
    background = X[rng.choice(len(X), 100, replace=False)]
    x = X[0]
    phi, base = shapley_values(tree.predict, x, background)
    fx = tree.predict(x[None, :])[0]
    print(f"  f(x) = {fx:.4f}, E f = {base:.4f}, f(x) - E f = {fx - base:+.4f}")
    print("  phi: " + ", ".join(f"{n} {p:+.4f}" for n, p in zip(["bmi", "bp", "s5", "age"], phi,
                                                                  strict=True)))
    print(f"  sum of phi = {phi.sum():+.4f}")
    assert np.isclose(phi.sum(), fx - base)
    used = set(tree.tree_.feature[tree.tree_.feature >= 0])
    for j in range(4):
        if j not in used:
            assert phi[j] == 0.0
    print(f"  features the tree splits on: {sorted(int(u) for u in used)}; unused ones get 0")
    lin = LinearRegression().fit(X, y)
    phi_lin, base_lin = shapley_values(lin.predict, x, background)
    assert np.allclose(phi_lin, lin.coef_ * (x - background.mean(axis=0)))
    print("  linear model: phi_j = w_j (x_j - mean_j) holds; phi = "
          + ", ".join(f"{p:+.4f}" for p in phi_lin))


def block_curse(rng):
    """Relative spread of pairwise distances among uniform points as the dimension grows."""
    print("\n5. Distance concentration: 300 uniform points in [0, 1]^d")
    for d in [1, 2, 10, 100, 1000, 10000]:
        P = rng.uniform(size=(300, d))
        sq = (P**2).sum(axis=1)
        D2 = np.maximum(sq[:, None] + sq[None, :] - 2 * P @ P.T, 0.0)
        iu = np.triu_indices(300, k=1)
        dist2 = D2[iu]
        dist = np.sqrt(dist2)
        q = np.sqrt(D2[0, 1:])                       # distances from point 0 to the others
        contrast = (q.max() - q.min()) / q.min()
        theory = np.sqrt(7.0 / 180.0 * d) / (d / 6.0)
        spread = dist2.std() / dist2.mean()
        print(f"  d = {d:5d}: mean distance {dist.mean():8.4f}, (max - min) / min from one "
              f"point {contrast:9.4f}, std/mean of squared distance {spread:.4f}"
              f" (theory {theory:.4f})")
        if d >= 100:
            assert abs(spread - theory) < 0.1 * theory
    for d in [1, 10, 100]:
        print(f"  edge of a sub-cube holding 10 % of the volume, d = {d:3d}: {0.1 ** (1 / d):.4f}")
    # moments of one squared coordinate difference (u - v)^2, u, v ~ U(0, 1), by a midpoint grid
    g = (np.arange(1000) + 0.5) / 1000
    sq_diff = (g[:, None] - g[None, :]) ** 2
    m1, m2 = sq_diff.mean(), (sq_diff**2).mean()
    assert abs(m1 - 1 / 6) < 1e-5 and abs(m2 - m1**2 - 7 / 180) < 1e-5
    print(f"  one coordinate: E[(u - v)^2] = {m1:.5f} (1/6 = {1 / 6:.5f}), "
          f"Var = {m2 - m1**2:.5f} (7/180 = {7 / 180:.5f})")


def block_selection_leak(rng):
    """Select 20 of 2000 noise features on all data before CV, or inside each training fold."""
    print("\n6. Selection leak: 100 rows, 2000 pure-noise features, random labels")
    X = rng.normal(size=(100, 2000))
    y = rng.permutation(np.repeat([0, 1], 50))
    leaky_X = SelectKBest(f_classif, k=20).fit_transform(X, y)
    leaky = cross_val_score(LogisticRegression(), leaky_X, y, cv=5).mean()
    honest = cross_val_score(make_pipeline(SelectKBest(f_classif, k=20), LogisticRegression()),
                             X, y, cv=5).mean()
    print(f"  select on all rows, then 5-fold CV: accuracy {leaky:.4f}")
    print(f"  selection inside each training fold: accuracy {honest:.4f}")
    assert leaky > 0.65 and honest < 0.6


def main():
    """Run the six blocks with one seeded generator."""
    rng = np.random.default_rng(0)
    block_filters(rng)
    block_wrapper_embedded()
    block_importance(rng)
    block_shapley(rng)
    block_curse(rng)
    block_selection_leak(rng)


if __name__ == "__main__":
    main()
