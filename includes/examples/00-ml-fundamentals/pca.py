"""PCA two ways: eigendecomposition of the covariance matrix and SVD of the centred data.

Included by docs/00-ml-fundamentals/01-supervised-vs-unsupervised.md (worked example and
implementation). On five 2-D points it prints the covariance, its eigenvalues, the singular
values and the explained variance ratios, and asserts that both routes agree (up to the sign of
each component) and that eigenvalue = s^2 / (n - 1). On the iris data shipped with scikit-learn it
compares raw and standardized features and checks the result against ``sklearn.decomposition.PCA``.
"""

import numpy as np
from sklearn.datasets import load_iris
from sklearn.decomposition import PCA

TINY = np.array([[1.0, 2.0], [2.0, 1.0], [3.0, 4.0], [4.0, 3.0], [5.0, 5.0]])


# --8<-- [start:pca]
def pca_eig(X):
    """Principal components from the eigendecomposition of the sample covariance matrix.

    Pearson (1901); Hotelling (1933). The covariance uses the unbiased 1 / (n - 1) factor.

    Parameters
    ----------
    X : ndarray of shape (n, d)
        Data, one example per row, n >= 2.

    Returns
    -------
    eigvals : ndarray of shape (d,)
        Variances along the components, in decreasing order (squared units of X).
    components : ndarray of shape (d, d)
        Unit eigenvectors as rows, in the same order.

    """
    Xc = X - X.mean(axis=0)
    cov = Xc.T @ Xc / (len(X) - 1)
    eigvals, eigvecs = np.linalg.eigh(cov)          # ascending order for symmetric matrices
    order = np.argsort(eigvals)[::-1]
    return eigvals[order], eigvecs[:, order].T


def pca_svd(X):
    """Principal components from the thin SVD of the centred data, Xc = U diag(s) V^T.

    Never forms the covariance matrix, which would square the condition number of Xc; this is
    how numerical libraries usually compute PCA (scikit-learn's default solver forms the
    covariance only when n is much larger than d, as for iris).

    Parameters
    ----------
    X : ndarray of shape (n, d)
        Data, one example per row, n >= 2.

    Returns
    -------
    eigvals : ndarray of shape (min(n, d),)
        Variances along the components, s**2 / (n - 1), in decreasing order.
    components : ndarray of shape (min(n, d), d)
        Right singular vectors (rows of V^T), in the same order.
    s : ndarray of shape (min(n, d),)
        Singular values of the centred data.

    """
    Xc = X - X.mean(axis=0)
    _, s, Vt = np.linalg.svd(Xc, full_matrices=False)  # s is already sorted, largest first
    return s**2 / (len(X) - 1), Vt, s


def project(X, components, m):
    """Project data onto its first m principal components.

    Parameters
    ----------
    X : ndarray of shape (n, d)
        Data.
    components : ndarray of shape (r, d)
        Unit principal directions as rows, r >= m.
    m : int
        Number of components to keep.

    Returns
    -------
    ndarray of shape (n, m)
        Coordinates (scores) of the centred data along the kept components.

    """
    return (X - X.mean(axis=0)) @ components[:m].T
# --8<-- [end:pca]


def same_up_to_sign(A, B):
    """Return True if every row of A equals the matching row of B or its negative.

    Parameters
    ----------
    A, B : ndarray of shape (r, d)
        Unit vectors as rows.

    Returns
    -------
    bool
        Whether the two sets of directions coincide up to a sign flip per row.

    """
    return all(np.allclose(a, b) or np.allclose(a, -b) for a, b in zip(A, B, strict=True))


def main():
    """Print the worked example and check the claims of the article."""
    X = TINY
    n = len(X)
    Xc = X - X.mean(axis=0)
    cov = Xc.T @ Xc / (n - 1)
    print(f"mean {X.mean(axis=0).tolist()}")
    print(f"covariance [[{cov[0, 0]:.2f}, {cov[0, 1]:.2f}], [{cov[1, 0]:.2f}, {cov[1, 1]:.2f}]]")

    lam, W = pca_eig(X)
    lam_s, V, s = pca_svd(X)
    # Eigenvectors are defined up to sign; fix one (largest entry positive) so output is stable.
    W, V = (M * np.sign(M[np.arange(len(M)), np.abs(M).argmax(axis=1)])[:, None] for M in (W, V))
    print(f"eigenvalues          {np.array2string(lam, precision=4)}")
    print(f"singular values      {np.array2string(s, precision=4)}")
    print(f"s^2 / (n - 1)        {np.array2string(lam_s, precision=4)}")
    print(f"component 1 (eig)    {np.array2string(W[0], precision=4)}")
    print(f"component 1 (SVD)    {np.array2string(V[0], precision=4)}")
    evr = lam / lam.sum()
    print(f"explained var. ratio {np.array2string(evr, precision=4)}")
    assert np.allclose(lam, lam_s) and same_up_to_sign(W, V)

    Z = project(X, V, 1)
    X_hat = X.mean(axis=0) + Z @ V[:1]
    err = ((X - X_hat) ** 2).sum()
    print(f"1-D scores           {np.array2string(Z.ravel(), precision=4)}")
    print(f"squared reconstruction error {err:.4f}; (n - 1) * lambda_2 = {(n - 1) * lam[1]:.4f}")
    assert np.isclose(err, (n - 1) * lam[1])

    print("\nIris (150 x 4), explained variance ratio")
    iris = load_iris().data
    std = (iris - iris.mean(axis=0)) / iris.std(axis=0, ddof=1)
    for name, D in [("raw cm", iris), ("standardized", std)]:
        lam_d, comps, _ = pca_svd(D)
        ratio = lam_d / lam_d.sum()
        cum2 = ratio[:2].sum()
        print(f"{name:13} {np.array2string(ratio, precision=4)}  first two together: {cum2:.4f}")
        ref = PCA().fit(D)
        assert np.allclose(ref.explained_variance_, lam_d)
        assert np.allclose(ref.explained_variance_ratio_, ratio)
        assert same_up_to_sign(ref.components_, comps)
    print("matches sklearn.decomposition.PCA (variances, ratios, components up to sign)")


if __name__ == "__main__":
    main()
