"""k-nearest neighbours, naive Bayes and support vector machines, checked against scikit-learn.

Included by docs/00-ml-fundamentals/04-classic-algorithms.md (worked example and implementation).
The script

1. measures the curse of dimensionality: how the nearest and farthest distances from a query
   converge as the dimension grows, and how wide a neighbourhood must be to hold 1 % of the data;
2. runs a from-scratch k-nearest-neighbour classifier (Fix & Hodges, 1951) on the wine data that
   ships with scikit-learn, with and without standardization, and asserts that it predicts what
   KNeighborsClassifier predicts;
3. computes multinomial and Bernoulli naive Bayes posteriors with Laplace smoothing by hand on a
   six-message toy corpus and asserts they equal MultinomialNB and BernoulliNB;
4. checks the kernel trick for the degree-2 polynomial kernel, the subgradient of the soft-margin
   hinge objective (Cortes & Vapnik, 1995) by central differences, and rebuilds an RBF SVC's
   decision function from its support vectors and dual coefficients.
"""

import numpy as np
from sklearn.datasets import load_wine
from sklearn.model_selection import train_test_split
from sklearn.naive_bayes import BernoulliNB, MultinomialNB
from sklearn.neighbors import KNeighborsClassifier
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

VOCAB = ["free", "money", "meeting", "report"]
# word counts per message (rows) and vocabulary word (columns); label 1 = spam, 0 = ham
COUNTS = np.array([[2, 1, 0, 0], [1, 2, 0, 0], [3, 0, 0, 1],
                   [1, 0, 2, 1], [0, 1, 1, 2], [0, 0, 1, 1]])
LABELS = np.array([1, 1, 1, 0, 0, 0])
NEW_MESSAGE = np.array([[2, 1, 1, 0]])  # "free free money meeting"


# --8<-- [start:knn]
def knn_predict(X_train, y_train, X_query, k):
    """Majority vote of the k nearest training points in Euclidean distance (Fix & Hodges, 1951).

    Parameters
    ----------
    X_train : ndarray of shape (n, d)
        Stored training features.
    y_train : ndarray of shape (n,)
        Integer class labels.
    X_query : ndarray of shape (m, d)
        Points to classify.
    k : int
        Number of neighbours, 1 <= k <= n.

    Returns
    -------
    ndarray of shape (m,)
        Predicted labels; a tied vote goes to the smallest label, as in scikit-learn.

    """
    # squared distances via ||a - b||^2 = ||a||^2 - 2 a.b + ||b||^2, shape (m, n)
    d2 = (X_query**2).sum(1)[:, None] - 2 * X_query @ X_train.T + (X_train**2).sum(1)[None, :]
    nearest = np.argsort(d2, axis=1, kind="stable")[:, :k]
    votes = y_train[nearest]
    return np.array([np.bincount(v, minlength=y_train.max() + 1).argmax() for v in votes])
# --8<-- [end:knn]


# --8<-- [start:naive_bayes]
def multinomial_nb_posterior(counts, labels, x, alpha=1.0):
    """Posterior p(y | x) of multinomial naive Bayes with additive (Laplace) smoothing.

    theta_kj = (N_kj + alpha) / (N_k + alpha d), log p(y=k | x) = log pi_k + sum_j x_j log
    theta_kj + const (McCallum & Nigam, 1998, multinomial event model).

    Parameters
    ----------
    counts : ndarray of shape (n, d)
        Word counts of the training documents.
    labels : ndarray of shape (n,)
        Class labels 0 .. K-1.
    x : ndarray of shape (d,)
        Word counts of the new document.
    alpha : float
        Pseudo-count added to every word of every class; alpha = 1 is Laplace smoothing.

    Returns
    -------
    ndarray of shape (K,)
        Posterior class probabilities, summing to 1.

    """
    K, d = labels.max() + 1, counts.shape[1]
    log_post = np.zeros(K)
    for k in range(K):
        N_kj = counts[labels == k].sum(axis=0)
        theta = (N_kj + alpha) / (N_kj.sum() + alpha * d)
        log_post[k] = np.log(np.mean(labels == k)) + x @ np.log(theta)
    log_post -= log_post.max()  # log-sum-exp shift before exponentiating
    post = np.exp(log_post)
    return post / post.sum()


def bernoulli_nb_posterior(counts, labels, x, alpha=1.0):
    """Posterior p(y | x) of Bernoulli naive Bayes on word presence, with additive smoothing.

    theta_kj = (number of class-k documents containing word j + alpha) / (n_k + 2 alpha);
    p(x | y=k) = prod_j theta_kj^b_j (1 - theta_kj)^(1 - b_j), with b = 1[x > 0], so absent
    words count as evidence too (McCallum & Nigam, 1998, multi-variate Bernoulli model).

    Parameters
    ----------
    counts, labels, x, alpha
        As in ``multinomial_nb_posterior``; counts are binarized (> 0).

    Returns
    -------
    ndarray of shape (K,)
        Posterior class probabilities, summing to 1.

    """
    B, b = (counts > 0).astype(float), (x > 0).astype(float)
    K = labels.max() + 1
    log_post = np.zeros(K)
    for k in range(K):
        theta = (B[labels == k].sum(axis=0) + alpha) / ((labels == k).sum() + 2 * alpha)
        log_post[k] = np.log(np.mean(labels == k)) + b @ np.log(theta) + (1 - b) @ np.log(1 - theta)
    post = np.exp(log_post - log_post.max())
    return post / post.sum()
# --8<-- [end:naive_bayes]


# --8<-- [start:svm]
def poly2_features(x):
    """Explicit feature map of the kernel (x^T z)^2 in two dimensions.

    Parameters
    ----------
    x : ndarray of shape (2,)
        Input point.

    Returns
    -------
    ndarray of shape (3,)
        (x1^2, sqrt(2) x1 x2, x2^2), so that phi(x)^T phi(z) = (x^T z)^2.

    """
    return np.array([x[0] ** 2, np.sqrt(2) * x[0] * x[1], x[1] ** 2])


def hinge_objective(params, X, y, C):
    """Soft-margin SVM primal objective 0.5 ||w||^2 + C sum_i max(0, 1 - y_i (w^T x_i + b)).

    Equivalent to the constrained form of Cortes & Vapnik (1995) with slacks xi_i.

    Parameters
    ----------
    params : ndarray of shape (d + 1,)
        Weights followed by the bias.
    X : ndarray of shape (n, d)
        Features.
    y : ndarray of shape (n,)
        Labels in {-1, +1}.
    C : float
        Cost of a unit of margin violation, > 0.

    Returns
    -------
    value : float
        The objective.
    subgrad : ndarray of shape (d + 1,)
        A subgradient: (w - C sum_{i in V} y_i x_i, -C sum_{i in V} y_i), V = {i: margin < 1}.

    """
    w, b = params[:-1], params[-1]
    margins = y * (X @ w + b)
    viol = margins < 1
    value = 0.5 * w @ w + C * np.sum(np.maximum(0.0, 1.0 - margins))
    subgrad = np.append(w - C * (y[viol] @ X[viol]), -C * np.sum(y[viol]))
    return value, subgrad


def rbf_decision_function(svc, X, gamma):
    """Rebuild f(x) = sum_i alpha_i y_i K(x_i, x) + b from a fitted scikit-learn SVC.

    Parameters
    ----------
    svc : sklearn.svm.SVC
        Fitted binary SVC with kernel="rbf".
    X : ndarray of shape (m, d)
        Points to score.
    gamma : float
        The RBF width parameter the SVC used, K(x, z) = exp(-gamma ||x - z||^2).

    Returns
    -------
    ndarray of shape (m,)
        Decision values; their sign is the predicted class.

    """
    sv = svc.support_vectors_
    d2 = ((X[:, None, :] - sv[None, :, :]) ** 2).sum(axis=2)
    return np.exp(-gamma * d2) @ svc.dual_coef_.ravel() + svc.intercept_[0]
# --8<-- [end:svm]


def main():
    """Print the numbers of the article's examples and assert its claims."""
    rng = np.random.default_rng(0)

    print("1. Curse of dimensionality: 1000 uniform points in the unit cube, one query")
    print("   d     nearest  farthest  (far - near) / near   edge for 1 % of volume")
    for d in (2, 10, 100, 1000):
        pts = rng.uniform(size=(1000, d))
        q = rng.uniform(size=d)
        dist = np.sqrt(((pts - q) ** 2).sum(axis=1))
        lo, hi = dist.min(), dist.max()
        print(f"   {d:4d}  {lo:7.3f}  {hi:8.3f}  {(hi - lo) / lo:10.3f}"
              f"             {0.01 ** (1 / d):.3f}")

    print("2. k-NN (k = 5) on the wine data (178 x 13), 30 % test split")
    X, y = load_wine(return_X_y=True)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.3, random_state=0, stratify=y)
    print(f"   feature scales: std from {X_tr.std(0).min():.3f} to {X_tr.std(0).max():.1f}")
    scaler = StandardScaler().fit(X_tr)
    for name, A, B in (("raw", X_tr, X_te),
                       ("standardized", scaler.transform(X_tr), scaler.transform(X_te))):
        ours = knn_predict(A, y_tr, B, k=5)
        theirs = KNeighborsClassifier(n_neighbors=5).fit(A, y_tr).predict(B)
        assert np.array_equal(ours, theirs)
        print(f"   {name:12s}: test accuracy {np.mean(ours == y_te):.4f} (same as scikit-learn)")

    print("3. Naive Bayes on 6 messages, new message 'free free money meeting'")
    for alpha in (1.0, 1e-10):
        post = multinomial_nb_posterior(COUNTS, LABELS, NEW_MESSAGE[0], alpha)
        sk = MultinomialNB(alpha=alpha, force_alpha=True).fit(COUNTS, LABELS)
        assert np.allclose(post, sk.predict_proba(NEW_MESSAGE)[0], atol=1e-12)
        assert np.isclose(post.sum(), 1.0)
        print(f"   multinomial, alpha = {alpha:g}: p(spam | x) = {post[1]:.4f}")
    theta_spam = (COUNTS[LABELS == 1].sum(0) + 1) / (COUNTS[LABELS == 1].sum() + 4)
    theta_ham = (COUNTS[LABELS == 0].sum(0) + 1) / (COUNTS[LABELS == 0].sum() + 4)
    print("   smoothed p(word | spam): "
          + ", ".join(f"{w} {t:.4f}" for w, t in zip(VOCAB, theta_spam, strict=True)))
    print("   smoothed p(word | ham):  "
          + ", ".join(f"{w} {t:.4f}" for w, t in zip(VOCAB, theta_ham, strict=True)))
    post_b = bernoulli_nb_posterior(COUNTS, LABELS, NEW_MESSAGE[0])
    sk_b = BernoulliNB(alpha=1.0).fit(COUNTS, LABELS)
    assert np.allclose(post_b, sk_b.predict_proba(NEW_MESSAGE)[0], atol=1e-12)
    print(f"   Bernoulli,   alpha = 1: p(spam | x) = {post_b[1]:.4f}")

    print("4. Support vector machines")
    a, z = np.array([1.0, 2.0]), np.array([3.0, 1.0])
    lhs, rhs = (a @ z) ** 2, poly2_features(a) @ poly2_features(z)
    assert np.isclose(lhs, rhs)
    print(f"   kernel trick: (x^T z)^2 = {lhs:.4f}, phi(x)^T phi(z) = {rhs:.4f}")
    Xs = rng.normal(size=(40, 2))
    ys = np.where(Xs[:, 0] + Xs[:, 1] + 0.5 * rng.normal(size=40) > 0, 1.0, -1.0)
    p0 = np.array([0.7, 0.4, -0.1])
    _, sg = hinge_objective(p0, Xs, ys, C=1.0)
    num = np.zeros(3)
    for j in range(3):
        e = np.zeros(3)
        e[j] = 1e-6
        num[j] = (hinge_objective(p0 + e, Xs, ys, 1.0)[0]
                  - hinge_objective(p0 - e, Xs, ys, 1.0)[0]) / 2e-6
    assert np.allclose(sg, num, atol=1e-6)
    print(f"   hinge subgradient {fmt3(sg)} vs central differences {fmt3(num)}")
    lin = SVC(kernel="linear", C=1.0).fit(Xs, ys)
    w = lin.coef_.ravel()
    print(f"   linear SVC, C = 1: {len(lin.support_)} support vectors of 40, "
          f"margin width 2/||w|| = {2 / np.linalg.norm(w):.4f}")
    ring = rng.normal(size=(200, 2))
    yr = np.where((ring**2).sum(1) < 1.0, 1, -1)
    gamma = 1.0 / (2 * ring.var())  # what gamma="scale" computes: 1 / (d Var(X))
    rbf = SVC(kernel="rbf", C=1.0, gamma="scale").fit(ring, yr)
    ours = rbf_decision_function(rbf, ring, gamma)
    assert np.allclose(ours, rbf.decision_function(ring), atol=1e-8)
    acc_lin = SVC(kernel="linear").fit(ring, yr).score(ring, yr)
    print(f"   circle data: RBF SVC training accuracy {rbf.score(ring, yr):.4f} with "
          f"{len(rbf.support_)} support vectors, linear SVC {acc_lin:.4f}")
    print("   RBF decision function rebuilt from dual coefficients matches scikit-learn")


def fmt3(v):
    """Format a vector with three decimals.

    Parameters
    ----------
    v : ndarray of shape (m,)
        Values.

    Returns
    -------
    str
        For example ``[0.100, -0.250]``.

    """
    return "[" + ", ".join(f"{x + 0.0:.3f}" for x in v) + "]"


if __name__ == "__main__":
    main()
