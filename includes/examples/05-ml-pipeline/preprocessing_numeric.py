"""Numeric preprocessing: scalers, outlier treatment, missing-value mechanisms, scaling and leakage.

Included by docs/05-ml-pipeline/01-data-preprocessing.md. Block 1 scales seven hand-sized values
three ways and treats their outlier (Tukey's fences, winsorizing, log). Block 2 hides values of a
generated feature completely at random, at random given another feature, and not at random, and
compares the mean of the feature after mean, KNN and iterative imputation. Block 3 shows on the wine
data shipped with scikit-learn that a k-nearest-neighbour classifier needs scaling and a decision
tree does not. Block 4 measures what fitting a scaler on all rows changes.
"""

import numpy as np
from sklearn.datasets import load_wine
from sklearn.experimental import enable_iterative_imputer  # noqa: F401  (must precede the import)
from sklearn.impute import IterativeImputer, KNNImputer, SimpleImputer
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsClassifier
from sklearn.preprocessing import MinMaxScaler, RobustScaler, StandardScaler
from sklearn.tree import DecisionTreeClassifier

VALUES = np.array([2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 90.0])


# --8<-- [start:scalers]
def standardize(x, mean, std):
    """Compute (x - mean) / std with the population standard deviation (ddof = 0).

    Parameters
    ----------
    x : ndarray of shape (n,) or (n, d)
        Values to transform.
    mean, std : float or ndarray of shape (d,)
        Statistics estimated on the training rows only; std must be positive.

    Returns
    -------
    ndarray, same shape as x
        Dimensionless values with mean 0 and variance 1 on the training rows.

    """
    return (x - mean) / std


def min_max(x, lo, hi):
    """Min-max scaling (x - lo) / (hi - lo) to [0, 1] on the training range.

    Parameters
    ----------
    x : ndarray of shape (n,) or (n, d)
        Values to transform.
    lo, hi : float or ndarray of shape (d,)
        Training minimum and maximum, hi > lo.

    Returns
    -------
    ndarray, same shape as x
        Values in [0, 1] for training rows; test rows may fall outside.

    """
    return (x - lo) / (hi - lo)


def robust(x, median, q1, q3):
    """Robust scaling (x - median) / (Q3 - Q1), as scikit-learn's RobustScaler does by default.

    Parameters
    ----------
    x : ndarray of shape (n,) or (n, d)
        Values to transform.
    median, q1, q3 : float or ndarray of shape (d,)
        Training median and quartiles (linear interpolation), q3 > q1.

    Returns
    -------
    ndarray, same shape as x
        Values in interquartile-range units around the median.

    """
    return (x - median) / (q3 - q1)


def tukey_fences(x, k=1.5):
    """Tukey's fences [Q1 - k IQR, Q3 + k IQR] (Tukey 1977, Exploratory Data Analysis).

    Parameters
    ----------
    x : ndarray of shape (n,)
        Training values of one feature.
    k : float
        Multiplier; 1.5 marks "outside" values, 3 "far out" ones.

    Returns
    -------
    tuple of float
        Lower and upper fence, in the units of x.

    """
    q1, q3 = np.percentile(x, [25, 75])
    return q1 - k * (q3 - q1), q3 + k * (q3 - q1)
# --8<-- [end:scalers]


def block_scalers():
    """Print block 1: three scalers and three outlier treatments on seven values."""
    x = VALUES
    mean, std = x.mean(), x.std()
    med, (q1, q3) = np.median(x), np.percentile(x, [25, 75])
    z = standardize(x, mean, std)
    m = min_max(x, x.min(), x.max())
    r = robust(x, med, q1, q3)
    col = x.reshape(-1, 1)
    assert np.allclose(z, StandardScaler().fit_transform(col).ravel())
    assert np.allclose(m, MinMaxScaler().fit_transform(col).ravel())
    assert np.allclose(r, RobustScaler().fit_transform(col).ravel())
    print("Block 1: scaling and outliers on", x.astype(int).tolist())
    print(f"  mean {mean:.4f}  std (ddof=0) {std:.4f}  median {med:.1f}  Q1 {q1:.1f}  Q3 {q3:.1f}")
    print("  standard:", " ".join(f"{v:+.3f}" for v in z))
    print("  min-max: ", " ".join(f"{v:+.3f}" for v in m))
    print("  robust:  ", " ".join(f"{v:+.3f}" for v in r))
    lo, hi = tukey_fences(x)
    print(f"  Tukey fences [{lo:.2f}, {hi:.2f}]; outside: {x[(x < lo) | (x > hi)].tolist()}")
    w = np.clip(x, lo, hi)
    print("  winsorized at the fences:", " ".join(f"{v:.2f}" for v in w))
    print(f"  max |z| before {np.abs(z).max():.3f}, after winsorizing "
          f"{np.abs(standardize(w, w.mean(), w.std())).max():.3f}")
    lg = np.log1p(x)
    print("  log(1 + x):", " ".join(f"{v:.3f}" for v in lg))
    print(f"  ratio max/median: raw {x.max() / med:.2f}, after log {lg.max() / np.median(lg):.2f}")
    # the robust scaling of the six inliers does not depend on how extreme the outlier is
    x2 = np.append(VALUES[:-1], 9000.0)
    r2 = robust(x2, np.median(x2), *np.percentile(x2, [25, 75]))
    assert np.allclose(r[:-1], r2[:-1])
    z2 = standardize(x2, x2.mean(), x2.std())
    print(f"  outlier 90 -> 9000: standard score of the value 2 moves {z[0]:+.3f} -> {z2[0]:+.3f}, "
          f"robust stays {r2[0]:+.3f}")


# --8<-- [start:mechanisms]
def make_missing(n, mechanism, rng):
    """Generate two correlated features and hide 40 % or so of the second one.

    x1 ~ N(0, 1) and x2 = 1 + x1 + N(0, 1), so the true mean of x2 is 1. The missingness
    mechanisms follow Rubin (1976): "MCAR" hides x2 with probability 0.4 regardless of the data,
    "MAR" with probability 0.7 when x1 > 0 and 0.1 otherwise (depends on the observed x1),
    "MNAR" with probability 0.7 when x2 > 1 and 0.1 otherwise (depends on the hidden value).

    Parameters
    ----------
    n : int
        Number of rows.
    mechanism : {"MCAR", "MAR", "MNAR"}
        Missingness mechanism.
    rng : numpy.random.Generator
        Source of randomness.

    Returns
    -------
    X_full : ndarray of shape (n, 2)
        Complete data.
    X_obs : ndarray of shape (n, 2)
        Same data with NaN where x2 is hidden.

    Raises
    ------
    ValueError
        If the mechanism is unknown.

    """
    x1 = rng.normal(size=n)
    x2 = 1.0 + x1 + rng.normal(size=n)
    if mechanism == "MCAR":
        p = np.full(n, 0.4)
    elif mechanism == "MAR":
        p = np.where(x1 > 0, 0.7, 0.1)
    elif mechanism == "MNAR":
        p = np.where(x2 > 1.0, 0.7, 0.1)
    else:
        raise ValueError(f"unknown mechanism {mechanism!r}")
    X_full = np.column_stack([x1, x2])
    X_obs = X_full.copy()
    X_obs[rng.random(n) < p, 1] = np.nan
    return X_full, X_obs
# --8<-- [end:mechanisms]


def block_missing():
    """Print block 2: mean of x2 after three imputers under three mechanisms."""
    print("\nBlock 2: mean of x2 (true population mean 1) after imputation, n = 2000")
    print("  mechanism  missing  full-data  mean-imp  KNN-imp  iterative")
    rng = np.random.default_rng(0)
    results = {}
    for mech in ["MCAR", "MAR", "MNAR"]:
        X_full, X_obs = make_missing(2000, mech, rng)
        frac = np.isnan(X_obs[:, 1]).mean()
        imputers = [SimpleImputer(strategy="mean"), KNNImputer(n_neighbors=5),
                    IterativeImputer(random_state=0)]
        means = [imp.fit_transform(X_obs)[:, 1].mean() for imp in imputers]
        results[mech] = (X_full[:, 1].mean(), *means)
        print(f"  {mech:9s}  {frac:7.3f}  {X_full[:, 1].mean():9.3f}  {means[0]:8.3f}  "
              f"{means[1]:7.3f}  {means[2]:9.3f}")
    full, mean_imp, knn, it = results["MAR"]
    assert abs(mean_imp - full) > 0.3 and abs(it - full) < 0.05 and abs(knn - full) < 0.05
    full, mean_imp, knn, it = results["MNAR"]
    assert abs(it - full) > 0.2  # no imputer can see the hidden values
    imp = SimpleImputer(strategy="mean", add_indicator=True)
    out = imp.fit_transform(np.array([[1.0, 2.0], [np.nan, 4.0], [3.0, np.nan]]))
    print("  SimpleImputer(add_indicator=True) on [[1, 2], [nan, 4], [3, nan]]:")
    for row in out:
        print("   ", " ".join(f"{v:.1f}" for v in row))


def block_scaling_matters():
    """Print block 3: k-NN with and without scaling, a tree, and the condition number."""
    data = load_wine()
    X, y, names = data.data, data.target, data.feature_names
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.3, stratify=y, random_state=0)
    sc = StandardScaler().fit(X_tr)
    s = X_tr.std(0)
    print("\nBlock 3: wine data (178 rows, 13 features), 70/30 stratified split")
    print(f"  train std: smallest {s.min():.4f} ({names[s.argmin()]}), "
          f"largest {s.max():.1f} ({names[s.argmax()]})")
    knn_raw = KNeighborsClassifier(5).fit(X_tr, y_tr).score(X_te, y_te)
    knn_sc = KNeighborsClassifier(5).fit(sc.transform(X_tr), y_tr).score(sc.transform(X_te), y_te)
    t_raw = DecisionTreeClassifier(random_state=0).fit(X_tr, y_tr)
    t_sc = DecisionTreeClassifier(random_state=0).fit(sc.transform(X_tr), y_tr)
    same = np.array_equal(t_raw.predict(X_te), t_sc.predict(sc.transform(X_te)))
    print(f"  5-NN accuracy: raw {knn_raw:.4f}, standardized {knn_sc:.4f}")
    print(f"  tree accuracy: raw {t_raw.score(X_te, y_te):.4f}, standardized "
          f"{t_sc.score(sc.transform(X_te), y_te):.4f}, identical predictions: {same}")
    assert knn_sc > knn_raw + 0.1 and same
    for name, A in [("raw", X_tr), ("standardized", sc.transform(X_tr))]:
        Ac = A - A.mean(0)
        ev = np.linalg.eigvalsh(Ac.T @ Ac / len(Ac))
        print(f"  condition number of the covariance ({name}): {ev.max() / ev.min():.3e}")


def block_leak():
    """Print block 4: scaler fit on all rows versus on training rows only."""
    X, y = load_wine(return_X_y=True)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.3, stratify=y, random_state=0)
    good = StandardScaler().fit(X_tr)
    bad = StandardScaler().fit(X)
    diff = np.abs(good.transform(X_te) - bad.transform(X_te)).max()
    acc = [KNeighborsClassifier(5).fit(s.transform(X_tr), y_tr).score(s.transform(X_te), y_te)
           for s in (good, bad)]
    print("\nBlock 4: scaler fit on training rows versus on all rows (leaky)")
    print(f"  largest change in a scaled test value: {diff:.4f} standard deviations")
    print(f"  5-NN test accuracy: train-fit {acc[0]:.4f}, all-rows fit {acc[1]:.4f}")


def main():
    """Run the four blocks."""
    block_scalers()
    block_missing()
    block_scaling_matters()
    block_leak()


if __name__ == "__main__":
    main()
