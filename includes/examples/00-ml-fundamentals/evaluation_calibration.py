"""Calibration metrics and recalibration maps, from scratch in NumPy.

Brier score, reliability table, expected calibration error, Platt scaling and isotonic
regression.

Included by docs/00-ml-fundamentals/03-model-evaluation.md ("Worked example" and
"Implementation"). A Gaussian naive Bayes classifier on generated, correlated features is
over-confident; Platt scaling (with its gradient checked by central differences) and isotonic
regression (pool adjacent violators, checked against scikit-learn) are fit on a separate
calibration split and scored on a test split.
"""

import numpy as np
from sklearn.datasets import make_classification
from sklearn.isotonic import IsotonicRegression
from sklearn.metrics import brier_score_loss, log_loss, roc_auc_score
from sklearn.naive_bayes import GaussianNB


# --8<-- [start:scores]
def brier(y, p):
    """Brier score: mean squared difference between predicted probability and outcome.

    Parameters
    ----------
    y : ndarray of shape (n,)
        Outcomes in {0, 1}.
    p : ndarray of shape (n,)
        Predicted probabilities of the outcome 1.

    Returns
    -------
    float
        Value in [0, 1]; 0 is perfect. Brier (1950) for two classes, halved; scikit-learn's
        ``brier_score_loss``.

    """
    return float(np.mean((np.asarray(p, dtype=float) - np.asarray(y)) ** 2))


def reliability_table(y, p, n_bins=10):
    """Bin predictions into equal-width bins and compare confidence with frequency.

    Parameters
    ----------
    y : ndarray of shape (n,)
        Outcomes in {0, 1}.
    p : ndarray of shape (n,)
        Predicted probabilities in [0, 1].
    n_bins : int
        Number of equal-width bins on [0, 1]; p = 1 goes into the last bin.

    Returns
    -------
    counts, mean_p, freq : ndarray of shape (n_bins,)
        Examples per bin, their mean predicted probability and their observed fraction of
        positives (NaN for empty bins).

    """
    y, p = np.asarray(y), np.asarray(p, dtype=float)
    idx = np.minimum((p * n_bins).astype(int), n_bins - 1)
    counts = np.bincount(idx, minlength=n_bins)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_p = np.bincount(idx, weights=p, minlength=n_bins) / counts
        freq = np.bincount(idx, weights=y, minlength=n_bins) / counts
    return counts, mean_p, freq


def expected_calibration_error(y, p, n_bins=10):
    """Compute the expected calibration error with equal-width bins.

    Parameters
    ----------
    y : ndarray of shape (n,)
        Outcomes in {0, 1}.
    p : ndarray of shape (n,)
        Predicted probabilities of the outcome 1.
    n_bins : int
        Number of equal-width bins.

    Returns
    -------
    float
        sum_b (n_b / n) |freq_b - mean_p_b|, the binary form of Naeini et al. (2015) and
        Guo et al. (2017). Depends on n_bins.

    """
    counts, mean_p, freq = reliability_table(y, p, n_bins)
    full = counts > 0
    return float(np.sum(counts[full] * np.abs(freq[full] - mean_p[full])) / counts.sum())
# --8<-- [end:scores]


# --8<-- [start:platt]
def platt_nll(a, b, f, t):
    """Negative log-likelihood of Platt's sigmoid p = 1 / (1 + exp(a f + b)).

    Parameters
    ----------
    a, b : float
        Slope and offset; a is negative when larger scores mean "more likely positive".
    f : ndarray of shape (n,)
        Uncalibrated real-valued scores.
    t : ndarray of shape (n,)
        Targets in (0, 1), Platt's smoothed labels.

    Returns
    -------
    float
        -sum_i [t_i log p_i + (1 - t_i) log(1 - p_i)], computed stably from the logit.

    """
    z = -(a * f + b)  # logit of p
    return float(np.sum(np.logaddexp(0.0, -z) * t + np.logaddexp(0.0, z) * (1 - t)))


def platt_grad(a, b, f, t):
    """Gradient of ``platt_nll`` with respect to (a, b).

    Returns
    -------
    ndarray of shape (2,)
        (sum_i (t_i - p_i) f_i, sum_i (t_i - p_i)).

    """
    p = 1.0 / (1.0 + np.exp(a * f + b))
    return np.array([np.sum((t - p) * f), np.sum(t - p)])


def platt_fit(f, y, n_iter=50):
    """Fit Platt scaling by Newton's method on the smoothed targets.

    Parameters
    ----------
    f : ndarray of shape (n,)
        Uncalibrated scores on a calibration set not used for training.
    y : ndarray of shape (n,)
        Labels in {0, 1}.
    n_iter : int
        Newton steps; the problem is convex, so a few dozen suffice.

    Returns
    -------
    a, b, t : float, float, ndarray of shape (n,)
        Fitted slope and offset, and the targets used: (N+ + 1) / (N+ + 2) for positives and
        1 / (N- + 2) for negatives, Platt (1999).

    """
    n_pos, n_neg = np.sum(y == 1), np.sum(y == 0)
    t = np.where(y == 1, (n_pos + 1) / (n_pos + 2), 1 / (n_neg + 2))
    a, b = 0.0, float(np.log((n_neg + 1) / (n_pos + 1)))  # Platt's starting point
    for _ in range(n_iter):
        p = 1.0 / (1.0 + np.exp(a * f + b))
        w = p * (1 - p)
        hess = np.array([[np.sum(w * f * f), np.sum(w * f)], [np.sum(w * f), np.sum(w)]])
        step = np.linalg.solve(hess + 1e-12 * np.eye(2), platt_grad(a, b, f, t))
        a, b = a - step[0], b - step[1]
    return a, b, t
# --8<-- [end:platt]


# --8<-- [start:isotonic]
def isotonic_fit(f, y):
    """Isotonic regression of y on f by pool adjacent violators.

    Parameters
    ----------
    f : ndarray of shape (n,)
        Scores; ties are pooled first, so equal scores get equal outputs.
    y : ndarray of shape (n,)
        Labels in {0, 1}.

    Returns
    -------
    knots_f, knots_p : ndarray of shape (m,)
        Sorted distinct scores and the non-decreasing step values fitted at them; the
        least-squares fit under the order constraint (Zadrozny & Elkan, 2002).

    """
    order = np.argsort(f, kind="mergesort")
    fs, ys = f[order], y[order].astype(float)
    knots_f, first = np.unique(fs, return_index=True)
    sums = np.add.reduceat(ys, first)
    counts = np.diff(np.r_[first, fs.size]).astype(float)
    blocks = []  # each block: [sum of y, count, number of knots]
    for s_, c_ in zip(sums, counts, strict=True):
        blocks.append([s_, c_, 1])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] >= blocks[-1][0] / blocks[-1][1]:
            s2, c2, k2 = blocks.pop()
            blocks[-1] = [blocks[-1][0] + s2, blocks[-1][1] + c2, blocks[-1][2] + k2]
    knots_p = np.concatenate([np.full(k_, s_ / c_) for s_, c_, k_ in blocks])
    return knots_f, knots_p


def isotonic_predict(knots_f, knots_p, f):
    """Evaluate a fitted isotonic map by linear interpolation between knots, clipped at the ends.

    Parameters
    ----------
    knots_f, knots_p : ndarray of shape (m,)
        Output of ``isotonic_fit``.
    f : ndarray of shape (n,)
        New scores.

    Returns
    -------
    ndarray of shape (n,)
        Calibrated probabilities, as scikit-learn's ``IsotonicRegression(out_of_bounds="clip")``.

    """
    return np.interp(f, knots_f, knots_p)
# --8<-- [end:isotonic]


def main():
    """Print the worked-example numbers and assert the claims."""
    x, y = make_classification(n_samples=6000, n_features=20, n_informative=4,
                               n_redundant=8, class_sep=0.8, random_state=0)
    tr, cal, te = slice(0, 2000), slice(2000, 4000), slice(4000, 6000)
    nb = GaussianNB().fit(x[tr], y[tr])

    def score(part):
        lp = nb.predict_log_proba(x[part])
        return lp[:, 1] - lp[:, 0]  # log-odds of naive Bayes, shape (n,)

    f_cal, f_te = score(cal), score(te)
    p_raw = 1.0 / (1.0 + np.exp(-f_te))
    y_cal, y_te = y[cal], y[te]

    a, b, t = platt_fit(f_cal, y_cal)
    h = 1e-6
    for a0, b0 in ((a, b), (-0.5, 0.3)):
        numeric = np.array([
            (platt_nll(a0 + h, b0, f_cal, t) - platt_nll(a0 - h, b0, f_cal, t)) / (2 * h),
            (platt_nll(a0, b0 + h, f_cal, t) - platt_nll(a0, b0 - h, f_cal, t)) / (2 * h),
        ])
        analytic = platt_grad(a0, b0, f_cal, t)
        assert np.allclose(numeric, analytic, rtol=1e-5, atol=1e-4), (numeric, analytic)
    g_test = platt_grad(-0.5, 0.3, f_cal, t)
    print("Platt scaling on 2000 calibration examples")
    print(f"  fitted A = {a:.4f}, B = {b:.4f}; gradient at the fit"
          f" ({round(platt_grad(a, b, f_cal, t)[0], 6) + 0.0:.6f},"
          f" {round(platt_grad(a, b, f_cal, t)[1], 6) + 0.0:.6f})")
    print(f"  gradient at A = -0.5, B = 0.3: ({g_test[0]:.4f}, {g_test[1]:.4f}),"
          " equal to central differences")
    p_platt = 1.0 / (1.0 + np.exp(a * f_te + b))

    kf, kp = isotonic_fit(f_cal, y_cal)
    p_iso = isotonic_predict(kf, kp, f_te)
    sk_iso = IsotonicRegression(out_of_bounds="clip").fit(f_cal, y_cal)
    assert np.allclose(p_iso, sk_iso.predict(f_te), atol=1e-12)
    print(f"  isotonic regression: {np.unique(kp).size} distinct levels, equal to scikit-learn")

    print()
    print("Reliability table on 2000 test examples (raw naive Bayes)")
    counts, mean_p, freq = reliability_table(y_te, p_raw)
    print(f"  {'bin':>9} {'count':>6} {'mean p':>7} {'freq':>6}")
    for i in range(10):
        if counts[i]:
            print(f"  {i / 10:.1f}-{(i + 1) / 10:.1f}   {counts[i]:>6} {mean_p[i]:>7.4f}"
                  f" {freq[i]:>6.4f}")

    print()
    print(f"  {'method':9} {'Brier':>7} {'log loss':>9} {'ECE':>7} {'ROC-AUC':>8}")
    for name, p in (("raw", p_raw), ("Platt", p_platt), ("isotonic", p_iso)):
        bs = brier(y_te, p)
        assert abs(bs - brier_score_loss(y_te, p)) < 1e-12
        pc = np.clip(p, 1e-15, 1 - 1e-15)
        print(f"  {name:9} {bs:>7.4f} {log_loss(y_te, pc):>9.4f}"
              f" {expected_calibration_error(y_te, p):>7.4f} {roc_auc_score(y_te, p):>8.4f}")
    assert roc_auc_score(y_te, p_platt) == roc_auc_score(y_te, p_raw)  # monotone map, a < 0
    assert a < 0

    # the Brier score's gradient with respect to one prediction: 2 (p_i - y_i) / n
    i = 7
    e = np.zeros_like(p_raw)
    e[i] = h
    numeric = (brier(y_te, p_raw + e) - brier(y_te, p_raw - e)) / (2 * h)
    assert abs(numeric - 2 * (p_raw[i] - y_te[i]) / y_te.size) < 1e-8


if __name__ == "__main__":
    main()
