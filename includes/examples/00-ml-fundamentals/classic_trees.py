"""Decision trees, random forests and gradient boosting, checked against scikit-learn.

Included by docs/00-ml-fundamentals/04-classic-algorithms.md (worked example and implementation).
The script

1. finds the best split of a decision stump on eight points by hand-computed Gini impurity
   (Breiman et al., 1984) and asserts that scikit-learn's DecisionTreeClassifier(max_depth=1)
   picks the same feature and threshold; it also prints the entropy-based information gain
   (Quinlan, 1986) of that split;
2. scores the same split with the second-order gain of XGBoost (Chen & Guestrin, 2016), after
   checking the gradient and Hessian of the logistic loss by central differences;
3. shows cost-complexity pruning and the out-of-bag estimate of a random forest (Breiman, 2001)
   on scikit-learn's built-in breast cancer data;
4. implements gradient boosting with squared loss (Friedman, 2001) from scratch and asserts that
   it reproduces scikit-learn's GradientBoostingRegressor.
"""

import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.ensemble import GradientBoostingRegressor, RandomForestClassifier
from sklearn.model_selection import train_test_split
from sklearn.tree import DecisionTreeClassifier

X_STUMP = np.array([[1.0, 2.0], [2.0, 6.0], [3.0, 7.0], [4.0, 1.0],
                    [5.0, 3.0], [6.0, 8.0], [7.0, 4.0], [8.0, 9.0]])
Y_STUMP = np.array([0, 0, 1, 0, 1, 1, 0, 1])


# --8<-- [start:split]
def gini(y):
    """Gini impurity 1 - sum_k p_k^2 of a set of class labels (Breiman et al., 1984).

    Parameters
    ----------
    y : ndarray of shape (m,)
        Integer class labels; may be empty.

    Returns
    -------
    float
        Impurity in [0, 1 - 1/K]; 0 for an empty or pure set.

    """
    if len(y) == 0:
        return 0.0
    p = np.bincount(y) / len(y)
    return 1.0 - np.sum(p**2)


def entropy(y):
    """Shannon entropy -sum_k p_k log2 p_k of a set of class labels, in bits (Quinlan, 1986).

    Parameters
    ----------
    y : ndarray of shape (m,)
        Integer class labels; may be empty.

    Returns
    -------
    float
        Entropy in bits; 0 for an empty or pure set.

    """
    if len(y) == 0:
        return 0.0
    p = np.bincount(y) / len(y)
    p = p[p > 0]
    return float(-np.sum(p * np.log2(p)))


def best_split(X, y, impurity=gini):
    """Exhaustive search for the axis-aligned split with the lowest weighted child impurity.

    Candidate thresholds are midpoints between consecutive distinct sorted values of each
    feature, as in CART and scikit-learn. A point goes left when x_j <= threshold.

    Parameters
    ----------
    X : ndarray of shape (n, d)
        Features.
    y : ndarray of shape (n,)
        Integer class labels.
    impurity : callable
        Maps labels to an impurity, e.g. ``gini`` or ``entropy``.

    Returns
    -------
    best : tuple (float, int, float)
        (weighted child impurity, feature index, threshold) of the best split.
    table : list of tuple
        One (feature, threshold, impurity left, impurity right, weighted) row per candidate.

    """
    n, d = X.shape
    table = []
    for j in range(d):
        values = np.unique(X[:, j])
        for t in (values[:-1] + values[1:]) / 2:
            left, right = y[X[:, j] <= t], y[X[:, j] > t]
            weighted = (len(left) * impurity(left) + len(right) * impurity(right)) / n
            table.append((j, t, impurity(left), impurity(right), weighted))
    j, t, _, _, w = min(table, key=lambda row: row[4])
    return (w, j, t), table
# --8<-- [end:split]


# --8<-- [start:xgb]
def logistic_grad_hess(F, y):
    """First and second derivative of the logistic loss with respect to the raw score F.

    Loss l(F) = log(1 + exp(F)) - y F, so dl/dF = sigmoid(F) - y and
    d2l/dF2 = sigmoid(F) (1 - sigmoid(F)): the g_i and h_i of Chen & Guestrin (2016),
    Section 2.2, that enter eqs. 3 to 7.

    Parameters
    ----------
    F : ndarray of shape (m,)
        Raw scores (log-odds) of the current ensemble.
    y : ndarray of shape (m,)
        Labels in {0, 1}.

    Returns
    -------
    g, h : ndarray of shape (m,)
        Gradients and Hessians (both per example).

    """
    p = 1.0 / (1.0 + np.exp(-F))
    return p - y, p * (1.0 - p)


def xgb_split_gain(g, h, left, lam=1.0, gamma=0.0):
    """Structure-score gain of a split (Chen & Guestrin, 2016, eq. 7).

    Parameters
    ----------
    g, h : ndarray of shape (m,)
        Per-example gradients and Hessians of the loss at the current scores.
    left : ndarray of bool, shape (m,)
        True for examples that go to the left child.
    lam : float
        L2 penalty on leaf weights (lambda in the paper).
    gamma : float
        Penalty per extra leaf.

    Returns
    -------
    gain : float
        0.5 [G_L^2/(H_L+lam) + G_R^2/(H_R+lam) - G^2/(H+lam)] - gamma.
    w_left, w_right : float
        Optimal leaf weights -G/(H+lam) of the two children (eq. 5).

    """
    GL, HL, GR, HR = g[left].sum(), h[left].sum(), g[~left].sum(), h[~left].sum()

    def score(G, H):
        return G**2 / (H + lam)

    gain = 0.5 * (score(GL, HL) + score(GR, HR) - score(GL + GR, HL + HR)) - gamma
    return gain, -GL / (HL + lam), -GR / (HR + lam)
# --8<-- [end:xgb]


# --8<-- [start:boosting]
def fit_stump_regressor(x, r):
    """Least-squares regression stump on one feature: threshold and the two leaf means.

    Parameters
    ----------
    x : ndarray of shape (n,)
        One feature.
    r : ndarray of shape (n,)
        Targets for this stage (the pseudo-residuals).

    Returns
    -------
    tuple (float, float, float)
        (threshold, mean of r where x <= threshold, mean of r where x > threshold).

    """
    values = np.unique(x)
    best = None
    for t in (values[:-1] + values[1:]) / 2:
        left = x <= t
        sse = np.sum((r[left] - r[left].mean()) ** 2) + np.sum((r[~left] - r[~left].mean()) ** 2)
        if best is None or sse < best[0]:
            best = (sse, t, r[left].mean(), r[~left].mean())
    return best[1:]


def gradient_boosting(x, y, n_stages, eta):
    """Gradient boosting with squared loss and stumps (Friedman, 2001, Algorithm 2, LS_Boost).

    F_0 = mean(y); at stage m the pseudo-residuals -dL/dF = y - F_{m-1} are fitted by a stump
    h_m, and F_m = F_{m-1} + eta h_m.

    Parameters
    ----------
    x : ndarray of shape (n,)
        One feature.
    y : ndarray of shape (n,)
        Targets.
    n_stages : int
        Number of stumps M.
    eta : float
        Shrinkage (learning rate), 0 < eta <= 1.

    Returns
    -------
    predict : callable
        Maps an ndarray of shape (m,) of feature values to predictions of shape (m,).

    """
    f0 = y.mean()
    F = np.full_like(y, f0)
    stumps = []
    for _ in range(n_stages):
        t, a, b = fit_stump_regressor(x, y - F)  # pseudo-residuals of the squared loss
        F = F + eta * np.where(x <= t, a, b)
        stumps.append((t, a, b))

    def predict(x_new):
        out = np.full(len(x_new), f0)
        for t, a, b in stumps:
            out += eta * np.where(x_new <= t, a, b)
        return out

    return predict
# --8<-- [end:boosting]


def main():
    """Print the numbers of the article's tree examples and assert its claims."""
    print("1. Decision stump on 8 points: every candidate split, Gini impurity")
    print("   feature  threshold  Gini left  Gini right  weighted")
    (w_best, j_best, t_best), table = best_split(X_STUMP, Y_STUMP)
    for j, t, gl, gr, w in table:
        print(f"   x{j + 1}       {t:5.1f}      {gl:.4f}     {gr:.4f}      {w:.4f}")
    ties = [row for row in table if np.isclose(row[4], w_best)]
    assert len(ties) == 1, "the worked example needs a unique best split"
    parent = gini(Y_STUMP)
    print(f"   parent Gini {parent:.4f}; best split x{j_best + 1} <= {t_best:.1f}, "
          f"weighted Gini {w_best:.4f}, decrease {parent - w_best:.4f}")
    tree = DecisionTreeClassifier(max_depth=1, random_state=0).fit(X_STUMP, Y_STUMP)
    print(f"   scikit-learn: feature x{tree.tree_.feature[0] + 1}, "
          f"threshold {tree.tree_.threshold[0]:.1f}")
    assert tree.tree_.feature[0] == j_best
    assert np.isclose(tree.tree_.threshold[0], t_best)
    left = X_STUMP[:, j_best] <= t_best
    h_parent = entropy(Y_STUMP)
    h_children = (left.sum() * entropy(Y_STUMP[left])
                  + (~left).sum() * entropy(Y_STUMP[~left])) / len(Y_STUMP)
    print(f"   entropy: parent {h_parent:.4f} bits, children {h_children:.4f} bits, "
          f"information gain {h_parent - h_children:.4f} bits")
    (_, j_ent, t_ent), _ = best_split(X_STUMP, Y_STUMP, impurity=entropy)
    print(f"   best split by entropy: x{j_ent + 1} <= {t_ent:.1f}")

    print("2. XGBoost gain of the same split, from F = 0 (p = 0.5), lambda = 1")
    F0 = np.zeros(len(Y_STUMP))
    g, h = logistic_grad_hess(F0, Y_STUMP)
    F_test = np.array([-1.3, 0.4, 2.0])
    y_test = np.array([1.0, 0.0, 1.0])
    g_t, h_t = logistic_grad_hess(F_test, y_test)
    eps = 1e-5

    def loss(F):
        return np.logaddexp(0.0, F) - y_test * F

    g_num = (loss(F_test + eps) - loss(F_test - eps)) / (2 * eps)
    h_num = (logistic_grad_hess(F_test + eps, y_test)[0]
             - logistic_grad_hess(F_test - eps, y_test)[0]) / (2 * eps)
    assert np.allclose(g_t, g_num, atol=1e-9) and np.allclose(h_t, h_num, atol=1e-9)
    print(f"   g = p - y and h = p(1 - p) match central differences "
          f"(max error {max(np.abs(g_t - g_num).max(), np.abs(h_t - h_num).max()):.1e})")
    gain, wl, wr = xgb_split_gain(g, h, left, lam=1.0)
    print(f"   G_L = {g[left].sum():.2f}, H_L = {h[left].sum():.2f}, "
          f"G_R = {g[~left].sum():.2f}, H_R = {h[~left].sum():.2f}")
    print(f"   gain {gain:.4f}; leaf weights {wl:.4f} (left), {wr:.4f} (right)")

    print("3. Pruning and random forests on the breast cancer data (569 x 30)")
    Xb, yb = load_breast_cancer(return_X_y=True)
    X_tr, X_te, y_tr, y_te = train_test_split(Xb, yb, test_size=0.3, random_state=0,
                                              stratify=yb)
    path = DecisionTreeClassifier(random_state=0).cost_complexity_pruning_path(X_tr, y_tr)
    print(f"   pruning path: {len(path.ccp_alphas)} values of alpha")
    for alpha in (0.0, 0.005, 0.01, 0.03):
        t = DecisionTreeClassifier(random_state=0, ccp_alpha=alpha).fit(X_tr, y_tr)
        print(f"   ccp_alpha {alpha:.3f}: {t.get_n_leaves():2d} leaves, "
              f"train acc {t.score(X_tr, y_tr):.4f}, test acc {t.score(X_te, y_te):.4f}")
    n_tr = len(y_tr)
    print(f"   P(example left out of a bootstrap sample) = (1 - 1/n)^n = "
          f"{(1 - 1 / n_tr) ** n_tr:.4f} for n = {n_tr}; 1/e = {np.exp(-1):.4f}")
    for max_features in ("sqrt", None):
        rf = RandomForestClassifier(n_estimators=200, max_features=max_features, oob_score=True,
                                    random_state=0).fit(X_tr, y_tr)
        label = "sqrt(d)" if max_features == "sqrt" else "d (bagging)"
        print(f"   forest, {label:11s}: OOB acc {rf.oob_score_:.4f}, "
              f"test acc {rf.score(X_te, y_te):.4f}")

    print("4. Gradient boosting from scratch against scikit-learn (40 points, 100 stumps)")
    rng = np.random.default_rng(0)
    x = np.sort(rng.uniform(0, 6, size=40))
    y = np.sin(x) + 0.3 * rng.normal(size=40)
    predict = gradient_boosting(x, y, n_stages=100, eta=0.1)
    sk = GradientBoostingRegressor(n_estimators=100, learning_rate=0.1, max_depth=1,
                                   random_state=0).fit(x[:, None], y)
    grid = np.linspace(0, 6, 7)
    ours, theirs = predict(grid), sk.predict(grid[:, None])
    print("   x        " + "  ".join(f"{v:6.2f}" for v in grid))
    print("   ours     " + "  ".join(f"{v:6.3f}" for v in ours))
    print("   sklearn  " + "  ".join(f"{v:6.3f}" for v in theirs))
    assert np.allclose(ours, theirs, atol=1e-10)
    for m in (0, 1, 10, 100):
        pm = gradient_boosting(x, y, n_stages=m, eta=0.1)
        print(f"   after {m:3d} stumps: training MSE {np.mean((y - pm(x)) ** 2):.4f}")


if __name__ == "__main__":
    main()
