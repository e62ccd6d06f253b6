"""K-means from scratch: Lloyd's algorithm and k-means++ seeding.

Included by docs/00-ml-fundamentals/01-supervised-vs-unsupervised.md (worked example and
implementation). It runs Lloyd's algorithm by hand on six 2-D points, prints the assignments,
centroids and within-cluster sum of squares per iteration, checks the result against
scikit-learn's ``KMeans`` started from the same centroids, and compares random seeding with
k-means++ seeding on generated blobs.
"""

import numpy as np
from sklearn.cluster import KMeans
from sklearn.datasets import make_blobs

POINTS = np.array([[1.0, 1.0], [2.0, 1.0], [1.0, 3.0], [4.0, 3.0], [5.0, 5.0], [6.0, 4.0]])
NAMES = "ABCDEF"


# --8<-- [start:lloyd]
def squared_distances(X, C):
    """Return the squared Euclidean distance from every point to every centroid.

    Parameters
    ----------
    X : ndarray of shape (n, d)
        Data points, one per row.
    C : ndarray of shape (k, d)
        Centroids, one per row.

    Returns
    -------
    ndarray of shape (n, k)
        Entry (i, j) is the squared distance between X[i] and C[j].

    """
    return ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=-1)


def wcss(X, C, labels):
    """Return the within-cluster sum of squares, the objective that k-means minimizes.

    Parameters
    ----------
    X : ndarray of shape (n, d)
        Data points.
    C : ndarray of shape (k, d)
        Centroids.
    labels : ndarray of shape (n,)
        Cluster index of every point, in 0..k-1.

    Returns
    -------
    float
        Sum over points of the squared distance to the centroid of their cluster.

    """
    return float(((X - C[labels]) ** 2).sum())


def lloyd(X, C0, max_iter=100, verbose=False):
    """Run Lloyd's algorithm (assign, then update) until the assignments stop changing.

    Lloyd (1982), "Least squares quantization in PCM": alternate the nearest-centroid
    assignment step and the centroid (mean) update step; neither step can raise the WCSS.

    Parameters
    ----------
    X : ndarray of shape (n, d)
        Data points.
    C0 : ndarray of shape (k, d)
        Initial centroids.
    max_iter : int
        Upper bound on the number of assignment steps.
    verbose : bool
        If True, print the assignments, centroids and WCSS of every iteration.

    Returns
    -------
    C : ndarray of shape (k, d)
        Final centroids.
    labels : ndarray of shape (n,)
        Final cluster index of every point.
    n_iter : int
        Number of iterations (assignment and update) that changed the assignments; the
        assignment step that found nothing to change is not counted. Equals max_iter if the
        loop stopped there.

    Raises
    ------
    ValueError
        If a cluster becomes empty (this sketch does not re-seed empty clusters).

    """
    C = np.asarray(C0, dtype=float).copy()
    labels = None
    for it in range(1, max_iter + 1):
        new_labels = squared_distances(X, C).argmin(axis=1)      # assignment step
        if labels is not None and np.array_equal(new_labels, labels):
            return C, labels, it - 1                             # nothing moved: converged
        labels = new_labels
        if np.any(np.bincount(labels, minlength=len(C)) == 0):
            raise ValueError("empty cluster")
        C = np.array([X[labels == j].mean(axis=0) for j in range(len(C))])  # update step
        if verbose:
            groups = " | ".join(
                "".join(NAMES[i] for i in np.flatnonzero(labels == j)) for j in range(len(C))
            )
            cents = "  ".join(f"({c[0]:.3f}, {c[1]:.3f})" for c in C)
            cost = wcss(X, C, labels)
            print(f"iter {it}: clusters {groups:9} centroids {cents}  WCSS {cost:.3f}")
    return C, labels, max_iter
# --8<-- [end:lloyd]


# --8<-- [start:kmeanspp]
def kmeans_plus_plus(X, k, rng, verbose=False):
    """Choose k initial centroids by k-means++ (D(x)^2 sampling).

    Arthur & Vassilvitskii (2007), "k-means++: The Advantages of Careful Seeding": the first
    centroid is a uniformly random data point; each next one is a data point drawn with
    probability proportional to D(x)^2, its squared distance to the nearest centroid chosen so far.

    Parameters
    ----------
    X : ndarray of shape (n, d)
        Data points.
    k : int
        Number of centroids, 1 <= k <= n.
    rng : numpy.random.Generator
        Source of randomness.
    verbose : bool
        If True, print the sampling probabilities of every step.

    Returns
    -------
    ndarray of shape (k, d)
        The chosen centroids (copies of data points).

    """
    idx = [int(rng.integers(len(X)))]
    if verbose:
        print(f"seed 1: uniform pick -> {NAMES[idx[0]]}")
    for step in range(2, k + 1):
        d2 = squared_distances(X, X[idx]).min(axis=1)   # D(x)^2, zero for chosen points
        p = d2 / d2.sum()
        idx.append(int(rng.choice(len(X), p=p)))
        if verbose:
            probs = " ".join(f"{NAMES[i]}={p[i]:.3f}" for i in range(len(X)))
            print(f"seed {step}: D^2 = {d2.astype(int).tolist()}  p: {probs} -> {NAMES[idx[-1]]}")
    return X[idx].copy()
# --8<-- [end:kmeanspp]


def main():
    """Print the worked example and check it against scikit-learn."""
    X = POINTS
    print("Lloyd's algorithm, k = 2, initial centroids A = (1, 1) and C = (1, 3)")
    d0 = squared_distances(X, X[[0, 2]])
    print("squared distances to (A, C): "
          + ", ".join(f"{NAMES[i]} {d0[i, 0]:.0f}/{d0[i, 1]:.0f}" for i in range(len(X))))
    print(f"iter 0: WCSS with the initial centroids {wcss(X, X[[0, 2]], d0.argmin(axis=1)):.3f}")
    C, labels, n_iter = lloyd(X, X[[0, 2]], verbose=True)
    print(f"converged: iteration {n_iter + 1} reassigns nobody; WCSS {wcss(X, C, labels):.3f}")
    ref = KMeans(n_clusters=2, init=X[[0, 2]], n_init=1, algorithm="lloyd").fit(X)
    assert np.allclose(ref.cluster_centers_, C) and np.array_equal(ref.labels_, labels)
    assert np.isclose(ref.inertia_, wcss(X, C, labels))
    print("matches sklearn.cluster.KMeans(init=same centroids, algorithm='lloyd')")

    print("\nk-means++ seeding, k = 2, rng = default_rng(0)")
    seeds = kmeans_plus_plus(X, 2, np.random.default_rng(0), verbose=True)
    C2, labels2, _ = lloyd(X, seeds)
    ref2 = KMeans(n_clusters=2, init=seeds, n_init=1, algorithm="lloyd").fit(X)
    assert np.allclose(ref2.cluster_centers_, C2)
    assert np.isclose(ref2.inertia_, wcss(X, C2, labels2))
    print(f"Lloyd from these seeds: WCSS {wcss(X, C2, labels2):.3f}")

    print("\nSeeding matters: 6 blobs, k = 6, 200 single runs of each seeding")
    B, _ = make_blobs(n_samples=600, centers=6, cluster_std=0.8, random_state=0)
    rng = np.random.default_rng(0)
    results = {"random points": [], "k-means++": []}
    for _ in range(200):
        C_r, lab_r, _ = lloyd(B, B[rng.choice(len(B), 6, replace=False)])
        results["random points"].append(wcss(B, C_r, lab_r))
        C_p, lab_p, _ = lloyd(B, kmeans_plus_plus(B, 6, rng))
        results["k-means++"].append(wcss(B, C_p, lab_p))
    best = min(min(v) for v in results.values())
    stuck = {}
    for name, vals in results.items():
        vals = np.array(vals)
        stuck[name] = np.mean(vals > best * 1.01)
        print(f"{name:14} median WCSS {np.median(vals):8.1f}  worst {vals.max():8.1f}"
              f"  runs stuck above best+1%: {stuck[name]:.0%}")
    assert stuck["k-means++"] < stuck["random points"]   # seeding shrinks the bad tail


if __name__ == "__main__":
    main()
