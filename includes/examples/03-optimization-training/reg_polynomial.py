"""Polynomial fits of rising degree: training against validation error, and bias-variance.

Included by docs/03-optimization-training/01-regularization.md (Regularization &
Generalization). Thirty noisy samples of f(x) = sin(2.5 pi x) on [0, 1] (noise standard
deviation 0.3) are fitted by least-squares polynomials of degree 1 to 15. The script prints
the numbers of the article's worked example and asserts its claims:

1. training error falls with every added degree, while validation error has its minimum at
   an interior degree;
2. over 2000 redraws of the training noise, bias squared + variance + noise equals the
   expected squared error on fresh test points, up to Monte Carlo error (Geman, Bienenstock
   & Doursat, 1992);
3. an L2 (ridge) penalty on the degree-15 fit trades variance for bias: the expected error
   is lowest at an intermediate penalty; the ridge gradient is checked by central differences.
"""

import numpy as np

SIGMA = 0.3  # standard deviation of the label noise, so the irreducible error is 0.09
N_TRAIN = 30
N_VAL = 1000
N_TEST = 500
REPEATS = 2000
DEGREES = range(1, 16)


def true_function(x: np.ndarray) -> np.ndarray:
    """Evaluate the noise-free target f(x) = sin(2.5 pi x).

    Parameters
    ----------
    x : np.ndarray, shape (n,)
        Inputs in [0, 1].

    Returns
    -------
    np.ndarray, shape (n,)
        f evaluated at every input.
    """
    return np.sin(2.5 * np.pi * x)


# --8<-- [start:fit]
def design_matrix(x: np.ndarray, degree: int) -> np.ndarray:
    """Polynomial features of ``x`` in the Legendre basis (well conditioned up to degree 15).

    Any polynomial of degree ``degree`` is a linear combination of the Legendre polynomials
    P_0, ..., P_degree of t = 2x - 1, so the fit is the same as with powers of x, only better
    conditioned numerically.

    Parameters
    ----------
    x : np.ndarray, shape (n,)
        Inputs in [0, 1].
    degree : int
        Highest polynomial degree, >= 0.

    Returns
    -------
    np.ndarray, shape (n, degree + 1)
        Column k holds P_k(2x - 1).
    """
    return np.polynomial.legendre.legvander(2.0 * x - 1.0, degree)


def fit_ridge(v: np.ndarray, y: np.ndarray, lam: float = 0.0) -> np.ndarray:
    """Minimize (1/n) ||V c - y||^2 + lam ||c||^2 (least squares when lam = 0).

    Setting the gradient (2/n) V^T (V c - y) + 2 lam c to zero gives
    c = (V^T V + n lam I)^{-1} V^T y, ridge regression (Hoerl & Kennard, 1970).

    Parameters
    ----------
    v : np.ndarray, shape (n, p) or (r, n, p)
        Design matrix, or a stack of r design matrices.
    y : np.ndarray, shape (n,) or (r, n)
        Targets, one row per design matrix.
    lam : float
        Penalty strength, >= 0.

    Returns
    -------
    np.ndarray, shape (p,) or (r, p)
        Fitted coefficients.
    """
    n, p = v.shape[-2:]
    gram = np.swapaxes(v, -1, -2) @ v + n * lam * np.eye(p)
    rhs = np.swapaxes(v, -1, -2) @ y[..., None]
    return np.linalg.solve(gram, rhs)[..., 0]
# --8<-- [end:fit]


def ridge_objective(c: np.ndarray, v: np.ndarray, y: np.ndarray, lam: float) -> float:
    """(1/n) ||V c - y||^2 + lam ||c||^2 for one coefficient vector ``c`` of shape (p,)."""
    return float(np.mean((v @ c - y) ** 2) + lam * c @ c)


def ridge_gradient(c: np.ndarray, v: np.ndarray, y: np.ndarray, lam: float) -> np.ndarray:
    """Gradient (2/n) V^T (V c - y) + 2 lam c of :func:`ridge_objective`, shape (p,)."""
    return 2.0 * v.T @ (v @ c - y) / len(y) + 2.0 * lam * c


def central_difference(fun, c: np.ndarray, step: float = 1e-6) -> np.ndarray:
    """Numerical gradient of a scalar function by central differences, shape of ``c``."""
    grad = np.zeros_like(c)
    for k in range(len(c)):
        e = np.zeros_like(c)
        e[k] = step
        grad[k] = (fun(c + e) - fun(c - e)) / (2.0 * step)
    return grad


# --8<-- [start:bias_variance]
def bias_variance(x_train: np.ndarray, x_test: np.ndarray, degree: int, lam: float = 0.0,
                  seed: int = 1, repeats: int = REPEATS) -> dict[str, float]:
    """Estimate bias^2, variance and expected test error by refitting on fresh noise.

    The training inputs stay fixed; every repeat draws new label noise, refits, and predicts
    at the test inputs, where a fresh noisy label is also drawn. The decomposition
    E[(y - f_hat)^2] = (f - E f_hat)^2 + Var(f_hat) + sigma^2 is that of Geman, Bienenstock &
    Doursat (1992), averaged over the test inputs.

    Parameters
    ----------
    x_train : np.ndarray, shape (n,)
        Fixed training inputs.
    x_test : np.ndarray, shape (m,)
        Test inputs over which the terms are averaged.
    degree : int
        Polynomial degree.
    lam : float
        Ridge penalty (0 for plain least squares).
    seed : int
        Seed of the noise; the same seed for every call gives every degree and penalty the
        same training sets, so that their rows differ only through the model.
    repeats : int
        Number of training sets.

    Returns
    -------
    dict
        ``bias2``, ``variance``, ``noise`` and ``total`` (their sum), and ``test``: the
        Monte Carlo mean of (y_test - f_hat(x_test))^2 over repeats and test inputs.
    """
    rng = np.random.default_rng(seed)
    v_train, v_test = design_matrix(x_train, degree), design_matrix(x_test, degree)
    f_train, f_test = true_function(x_train), true_function(x_test)
    y = f_train + SIGMA * rng.standard_normal((repeats, len(x_train)))
    coef = fit_ridge(np.broadcast_to(v_train, (repeats, *v_train.shape)), y, lam)
    pred = coef @ v_test.T                                 # (repeats, m)
    mean_pred = pred.mean(axis=0)                          # E[f_hat(x)] at each test input
    bias2 = float(np.mean((mean_pred - f_test) ** 2))
    variance = float(np.mean(pred.var(axis=0)))
    y_test = f_test + SIGMA * rng.standard_normal(pred.shape)
    test = float(np.mean((y_test - pred) ** 2))
    noise = SIGMA**2
    return {"bias2": bias2, "variance": variance, "noise": noise,
            "total": bias2 + variance + noise, "test": test}
# --8<-- [end:bias_variance]


def main() -> None:
    """Print the worked-example tables and assert the article's claims."""
    rng = np.random.default_rng(0)
    x = rng.uniform(0.0, 1.0, N_TRAIN)
    y = true_function(x) + SIGMA * rng.standard_normal(N_TRAIN)
    x_val = rng.uniform(0.0, 1.0, N_VAL)
    y_val = true_function(x_val) + SIGMA * rng.standard_normal(N_VAL)
    x_test = rng.uniform(0.0, 1.0, N_TEST)

    print(f"1. One training set of {N_TRAIN} points, validation set of {N_VAL}")
    print("degree  train MSE  validation MSE")
    train_mse, val_mse = [], []
    for degree in DEGREES:
        coef = fit_ridge(design_matrix(x, degree), y)
        train_mse.append(np.mean((design_matrix(x, degree) @ coef - y) ** 2))
        val_mse.append(np.mean((design_matrix(x_val, degree) @ coef - y_val) ** 2))
        print(f"{degree:6d}  {train_mse[-1]:9.4f}  {val_mse[-1]:14.4f}")
    best = list(DEGREES)[int(np.argmin(val_mse))]
    print(f"lowest validation MSE at degree {best}")
    assert np.all(np.diff(train_mse) < 0), "training error falls with every degree"
    assert 1 < best < max(DEGREES), "validation error has an interior minimum"

    print(f"\n2. Bias-variance over {REPEATS} training sets (same inputs, fresh noise)")
    print("degree    bias^2  variance   noise  sum of 3  test MSE")
    totals = []
    for degree in DEGREES:
        t = bias_variance(x, x_test, degree)
        totals.append(t["total"])
        print(f"{degree:6d}  {t['bias2']:8.4f}  {t['variance']:8.4f}  {t['noise']:6.4f}"
              f"  {t['total']:8.4f}  {t['test']:8.4f}")
        assert abs(t["total"] - t["test"]) < 0.02 * t["test"], "decomposition holds"
    print(f"lowest expected error at degree {list(DEGREES)[int(np.argmin(totals))]}")

    print("\n3. Degree 15 with an L2 penalty lam * ||c||^2")
    v15 = design_matrix(x, 15)
    c0 = rng.standard_normal(16)
    numeric = central_difference(lambda c: ridge_objective(c, v15, y, 1e-3), c0)
    gap = np.max(np.abs(numeric - ridge_gradient(c0, v15, y, 1e-3)))
    print(f"gradient check at a random point: max |analytic - central difference| = {gap:.1e}")
    assert gap < 1e-6
    c_hat = fit_ridge(v15, y, 1e-3)
    assert np.max(np.abs(ridge_gradient(c_hat, v15, y, 1e-3))) < 1e-9, "closed form is optimal"
    print("lambda      bias^2  variance  sum of 3  test MSE")
    ridge_totals = []
    lams = [0.0, 1e-4, 1e-3, 1e-2, 1e-1, 1.0]
    for lam in lams:
        t = bias_variance(x, x_test, 15, lam)
        ridge_totals.append(t["total"])
        print(f"{lam:8.0e}  {t['bias2']:8.4f}  {t['variance']:8.4f}  {t['total']:8.4f}"
              f"  {t['test']:8.4f}")
    best_lam = lams[int(np.argmin(ridge_totals))]
    print(f"lowest expected error at lambda = {best_lam:.0e}")
    assert 0.0 < best_lam < max(lams), "an intermediate penalty is best"


if __name__ == "__main__":
    main()
