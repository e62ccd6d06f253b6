"""DBSCAN point types and a comparison of clustering algorithms on two moons.

Included by docs/00-ml-fundamentals/01-supervised-vs-unsupervised.md (DBSCAN section and the
clustering comparison). Part 1 labels nine 1-D points as core, border or noise with NumPy and
checks the labels against ``sklearn.cluster.DBSCAN``. Part 2 runs k-means, the four linkages of
agglomerative clustering and DBSCAN on ``make_moons``, clean and with uniform noise added, and
prints the adjusted Rand index (ARI) against the true moons.
"""

import numpy as np
from sklearn.cluster import DBSCAN, AgglomerativeClustering, KMeans
from sklearn.datasets import make_moons
from sklearn.metrics import adjusted_rand_score

LINE = np.array([0.0, 0.5, 1.0, 1.5, 2.0, 3.5, 3.9, 4.3, 7.0])


# --8<-- [start:point_types]
def point_types(X, eps, min_pts):
    """Classify every point as core, border or noise, as defined by Ester et al. (1996).

    A point is core if its eps-neighbourhood (distance <= eps, the point itself included) holds
    at least min_pts points; border if it is not core but lies within eps of a core point;
    noise otherwise.

    Parameters
    ----------
    X : ndarray of shape (n, d)
        Data points.
    eps : float
        Neighbourhood radius, in the units of X.
    min_pts : int
        Minimum neighbourhood size (the point itself counts) for a core point.

    Returns
    -------
    ndarray of shape (n,) of str
        "core", "border" or "noise" for every point.

    """
    dist = np.linalg.norm(X[:, None, :] - X[None, :, :], axis=-1)   # (n, n)
    neighbours = dist <= eps
    core = neighbours.sum(axis=1) >= min_pts
    border = ~core & (neighbours & core[None, :]).any(axis=1)
    return np.where(core, "core", np.where(border, "border", "noise"))
# --8<-- [end:point_types]


def main():
    """Print both parts and check the point types against scikit-learn."""
    X = LINE[:, None]
    types = point_types(X, eps=0.5, min_pts=3)
    db = DBSCAN(eps=0.5, min_samples=3).fit(X)
    print("DBSCAN on a line, eps = 0.5, minPts = 3")
    for x, t, lab in zip(LINE, types, db.labels_, strict=True):
        print(f"  x = {x:3.1f}  {t:6}  sklearn label {lab:+d}")
    assert set(np.flatnonzero(types == "core")) == set(db.core_sample_indices_)
    assert np.array_equal(types == "noise", db.labels_ == -1)

    print("\nTwo moons (300 points), adjusted Rand index against the true moons")
    Xm, ym = make_moons(n_samples=300, noise=0.06, random_state=0)
    extra = np.random.default_rng(0).uniform([-1.5, -1.0], [2.5, 1.5], size=(10, 2))
    models = {
        "k-means (k=2)": KMeans(n_clusters=2, n_init=10, random_state=0),
        "single link": AgglomerativeClustering(n_clusters=2, linkage="single"),
        "complete link": AgglomerativeClustering(n_clusters=2, linkage="complete"),
        "average link": AgglomerativeClustering(n_clusters=2, linkage="average"),
        "Ward": AgglomerativeClustering(n_clusters=2, linkage="ward"),
        "DBSCAN eps=0.2": DBSCAN(eps=0.2, min_samples=5),
        "DBSCAN eps=0.25": DBSCAN(eps=0.25, min_samples=5),
    }
    print(f"  {'method':16} {'clean':>6} {'+10 noise pts':>14}")
    scores = {}
    for name, model in models.items():
        clean = adjusted_rand_score(ym, model.fit_predict(Xm))
        noisy = adjusted_rand_score(ym, model.fit_predict(np.vstack([Xm, extra]))[:300])
        scores[name] = (clean, noisy)
        print(f"  {name:16} {clean:6.3f} {noisy:14.3f}")
    flagged = DBSCAN(eps=0.2, min_samples=5).fit_predict(np.vstack([Xm, extra]))[300:] == -1
    print(f"DBSCAN eps=0.2 labels {flagged.sum()} of the 10 added points as noise")
    assert scores["single link"][0] > 0.99 and scores["single link"][1] < 0.01
    assert scores["DBSCAN eps=0.2"][1] > 0.95 and scores["k-means (k=2)"][0] < 0.5
    assert scores["DBSCAN eps=0.25"][0] > 0.99 and scores["DBSCAN eps=0.25"][1] < 0.01
    assert scores["average link"][1] < 0.01


if __name__ == "__main__":
    main()
