"""Anomaly detection baselines: z-scores, Tukey's IQR fences and an Isolation Forest.

Included by docs/00-ml-fundamentals/01-supervised-vs-unsupervised.md (anomaly detection section).
On ten latency values with one obvious outlier it shows that the z-score rule |z| > 3 cannot fire
(the largest possible |z| in a sample of ten is 9 / sqrt(10)) while the IQR fences flag it. It then
fits scikit-learn's ``IsolationForest`` to generated 2-D data with five planted outliers.
"""

import numpy as np
from sklearn.ensemble import IsolationForest

LATENCY_MS = np.array([12.0, 14.0, 13.0, 15.0, 12.0, 16.0, 14.0, 13.0, 15.0, 95.0])


# --8<-- [start:rules]
def z_scores(x):
    """Compute standard scores (x - mean) / s with the sample standard deviation (ddof = 1).

    Parameters
    ----------
    x : ndarray of shape (n,)
        Values, n >= 2.

    Returns
    -------
    ndarray of shape (n,)
        Dimensionless scores.

    """
    return (x - x.mean()) / x.std(ddof=1)


def iqr_fences(x, k=1.5):
    """Tukey's fences Q1 - k IQR and Q3 + k IQR (Tukey 1977, Exploratory Data Analysis).

    Quartiles use NumPy's default linear interpolation; Tukey's own hinges differ slightly on
    small samples.

    Parameters
    ----------
    x : ndarray of shape (n,)
        Values.
    k : float
        Fence multiplier; 1.5 for "outside" values, 3 for "far out" values.

    Returns
    -------
    tuple of float
        (lower fence, upper fence), in the units of x.

    """
    q1, q3 = np.percentile(x, [25, 75])
    return q1 - k * (q3 - q1), q3 + k * (q3 - q1)
# --8<-- [end:rules]


def average_path_length(m):
    """Average path length c(m) of an unsuccessful search in a binary search tree of m points.

    Liu, Ting & Zhou (2008), Eq. 1: c(m) = 2 H(m - 1) - 2 (m - 1) / m, with the harmonic number
    H(i) approximated by ln(i) + 0.5772156649 (Euler's constant). It normalizes path lengths in the
    anomaly score s = 2 ** (-E[h(x)] / c(m)).

    Parameters
    ----------
    m : int
        Subsample size, m > 2.

    Returns
    -------
    float
        Expected number of edges from the root to an external node.

    """
    return 2.0 * (np.log(m - 1) + 0.5772156649) - 2.0 * (m - 1) / m


def main():
    """Print the outlier flags and the Isolation Forest ranking, and check the claims."""
    x = LATENCY_MS
    z = z_scores(x)
    n = len(x)
    print(f"values (ms)       {x.astype(int).tolist()}")
    print(f"mean {x.mean():.2f}, sample std {x.std(ddof=1):.2f}, z of 95 ms = {z[-1]:.3f}")
    print(f"largest possible |z| for n = {n}: (n - 1) / sqrt(n) = {(n - 1) / np.sqrt(n):.3f}")
    print(f"flagged by |z| > 3: {x[np.abs(z) > 3].astype(int).tolist()}")
    assert not np.any(np.abs(z) > 3) and np.abs(z).max() <= (n - 1) / np.sqrt(n)
    q1, q3 = np.percentile(x, [25, 75])
    lo, hi = iqr_fences(x)
    print(f"Q1 {q1:.2f}, Q3 {q3:.2f}, IQR {q3 - q1:.2f}, fences [{lo:.2f}, {hi:.2f}]")
    print(f"flagged by IQR fences: {x[(x < lo) | (x > hi)].astype(int).tolist()}")
    assert x[(x < lo) | (x > hi)].tolist() == [95.0]
    median = np.median(x)
    mad = np.median(np.abs(x - median))
    print(f"median {median:.1f}, MAD {mad:.1f}: a robust centre and spread ignore the outlier")

    print("\nIsolation Forest: 300 Gaussian points plus 5 planted outliers")
    rng = np.random.default_rng(0)
    inliers = rng.normal(0.0, 1.0, size=(300, 2))
    outliers = np.array([[6.0, 6.0], [-6.0, 5.0], [5.0, -6.0], [0.0, 7.0], [-7.0, -1.0]])
    X = np.vstack([inliers, outliers])
    forest = IsolationForest(n_estimators=100, max_samples=256, random_state=0).fit(X)
    s = -forest.score_samples(X)        # sklearn returns the negated paper score
    top = np.argsort(s)[::-1][:5]
    print(f"c(256) = {average_path_length(256):.3f} (normalizer of the path length)")
    print(f"top-5 scores {np.round(s[top], 3).tolist()}, indices {sorted(top.tolist())}")
    print(f"median score of the inliers {np.median(s[:300]):.3f}")
    assert sorted(top.tolist()) == [300, 301, 302, 303, 304]
    assert np.all(s[top] > 0.6) and np.median(s[:300]) < 0.5


if __name__ == "__main__":
    main()
