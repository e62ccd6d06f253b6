"""Covariate shift: importance weighting, and domain-adversarial training with gradient reversal.

Included by docs/03-optimization-training/02-transfer-learning.md (Transfer Learning).

Part 1 follows Shimodaira (2000): inputs come from p_S(x) = N(0.5, 0.5^2) in training and
p_T(x) = N(0, 0.3^2) at test time, the rule y = -x + x^3 + noise is the same in both, and the
model is a straight line, so it cannot fit the rule everywhere. Ordinary least squares fits the
region where the training inputs are; weighting each training example by p_T(x) / p_S(x) fits
the region that matters at test time. The script prints the target error of the plain, the
weighted and a flattened weighting (exponent 0.5), and the effective sample size of the weights.

Part 2 is the gradient reversal layer of Ganin & Lempitsky (2015) on two moons: the labelled
source is scikit-learn's make_moons, the unlabelled target the same moons rotated by 35 degrees.
A feature extractor feeds a label classifier (trained on the source only) and, through the
reversal layer, a domain classifier (trained on both). The script checks by central differences
that the reversed backward pass gives the feature extractor the gradient of L_y - lambda L_d and
the domain classifier the gradient of L_d, then compares target accuracy with and without it.
"""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # tiny matrices: threads only add overhead

import numpy as np  # noqa: E402
from sklearn.datasets import make_moons  # noqa: E402


def normal_pdf(x: np.ndarray, mean: float, std: float) -> np.ndarray:
    """Density of N(mean, std^2) at each entry of x."""
    return np.exp(-0.5 * ((x - mean) / std) ** 2) / (std * np.sqrt(2.0 * np.pi))


# --8<-- [start:weights]
def weighted_line_fit(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Weighted least squares for y = b0 + b1 x: minimize sum_i w_i (y_i - b0 - b1 x_i)^2.

    With w_i = p_T(x_i) / p_S(x_i) the weighted training loss is an unbiased estimate of the
    loss under the test distribution (Shimodaira, 2000).

    Parameters
    ----------
    x, y, w : np.ndarray, shape (n,)
        Inputs, targets and non-negative weights.

    Returns
    -------
    np.ndarray, shape (2,)
        Intercept and slope.
    """
    design = np.column_stack([np.ones_like(x), x])
    return np.linalg.solve(design.T @ (w[:, None] * design), design.T @ (w * y))


def effective_sample_size(w: np.ndarray) -> float:
    """(sum w)^2 / sum w^2: how many equally weighted examples the weighted sample is worth."""
    return float(np.sum(w) ** 2 / np.sum(w**2))
# --8<-- [end:weights]


def covariate_shift_demo() -> None:
    """Part 1: plain against importance-weighted least squares under covariate shift."""
    rng = np.random.default_rng(0)

    def rule(x: np.ndarray) -> np.ndarray:
        return -x + x**3 + rng.normal(0.0, 0.3, size=x.shape)

    x_test = rng.normal(0.0, 0.3, size=20_000)
    y_test = rule(x_test)
    best = weighted_line_fit(x_test, y_test, np.ones_like(x_test))
    floor = np.mean((best[0] + best[1] * x_test - y_test) ** 2)
    errors = {0.0: [], 0.5: [], 1.0: []}
    sizes = []
    for _ in range(500):
        x = rng.normal(0.5, 0.5, size=100)
        y = rule(x)
        w = normal_pdf(x, 0.0, 0.3) / normal_pdf(x, 0.5, 0.5)
        sizes.append(effective_sample_size(w))
        for power in errors:
            b = weighted_line_fit(x, y, w**power)
            errors[power].append(np.mean((b[0] + b[1] * x_test - y_test) ** 2))
    print("1. Covariate shift: train on N(0.5, 0.5^2), test on N(0, 0.3^2)")
    print("   100 training examples per repetition, 500 repetitions")
    print("   mean squared error on the test distribution (noise variance alone: 0.090)")
    print(f"   best straight line for the test distribution   {floor:.4f}")
    for power, label in ((0.0, "unweighted least squares"), (0.5, "weights (p_T/p_S)^0.5"),
                         (1.0, "weights p_T/p_S")):
        print(f"   {label:<46s} {np.mean(errors[power]):.4f}")
    print(f"   effective sample size of the full weights: {np.mean(sizes):.1f} of 100")
    assert np.mean(errors[1.0]) < np.mean(errors[0.0]) / 2
    assert np.mean(sizes) < 60


# --8<-- [start:grl]
def relu(z: np.ndarray) -> np.ndarray:
    """max(z, 0) element by element."""
    return np.maximum(z, 0.0)


def sigmoid(z: np.ndarray) -> np.ndarray:
    """1 / (1 + exp(-z)) element by element."""
    return 1.0 / (1.0 + np.exp(-z))


def dann_step_gradients(p: dict, xs: np.ndarray, ys: np.ndarray, xt: np.ndarray,
                        lam: float) -> tuple[float, float, dict]:
    """Losses, and the gradients one backward pass through a gradient reversal layer produces.

    Feature extractor f = ReLU(X W_f + b_f); label classifier sigmoid(f w_y + b_y) on source
    rows; domain classifier sigmoid(ReLU(f W_d + b_d) w_d + b_dd) on all rows, label 0 for the
    source and 1 for the target. Both losses are mean binary cross-entropies. The reversal layer
    is the identity forward; backward it multiplies the domain gradient by -lam before it enters
    the feature extractor (Ganin & Lempitsky, 2015).

    Parameters
    ----------
    p : dict
        "Wf" (2, h), "bf" (h,), "wy" (h,), "by" (), "Wd" (h, h), "bd" (h,), "wd" (h,),
        "bdd" () as NumPy arrays.
    xs, ys : np.ndarray
        Labelled source inputs (n_s, 2) and labels (n_s,) in {0, 1}.
    xt : np.ndarray
        Unlabelled target inputs (n_t, 2).
    lam : float
        Weight lambda of the reversed domain gradient.

    Returns
    -------
    loss_y : float
        Label loss on the source.
    loss_d : float
        Domain loss on source and target.
    grads : dict
        Same keys as ``p``: dL_y/d for the label classifier, dL_d/d for the domain classifier,
        and d(L_y - lam L_d)/d for the feature extractor.
    """
    x = np.vstack([xs, xt])
    domain = np.r_[np.zeros(len(xs)), np.ones(len(xt))]
    zf = x @ p["Wf"] + p["bf"]
    f = relu(zf)
    # label classifier, source rows only
    fs = f[: len(xs)]
    sy = fs @ p["wy"] + p["by"]
    py = sigmoid(sy)
    loss_y = np.mean(np.logaddexp(0.0, -sy) * ys + np.logaddexp(0.0, sy) * (1 - ys))
    ey = (py - ys) / len(xs)
    df_label = np.zeros_like(f)
    df_label[: len(xs)] = np.outer(ey, p["wy"])
    # domain classifier, every row
    zd = f @ p["Wd"] + p["bd"]
    hd = relu(zd)
    sd = hd @ p["wd"] + p["bdd"]
    pd = sigmoid(sd)
    loss_d = np.mean(np.logaddexp(0.0, -sd) * domain + np.logaddexp(0.0, sd) * (1 - domain))
    ed = (pd - domain) / len(x)
    dzd = np.outer(ed, p["wd"]) * (zd > 0)
    df_domain = dzd @ p["Wd"].T
    # the gradient reversal layer: identity forward, times -lam backward
    dzf = (df_label - lam * df_domain) * (zf > 0)
    grads = {"Wf": x.T @ dzf, "bf": dzf.sum(axis=0),
             "wy": fs.T @ ey, "by": ey.sum(),
             "Wd": f.T @ dzd, "bd": dzd.sum(axis=0), "wd": hd.T @ ed, "bdd": ed.sum()}
    return float(loss_y), float(loss_d), grads
# --8<-- [end:grl]


def init_dann(hidden: int, rng: np.random.Generator) -> dict:
    """He-initialized parameters of the three parts of the network."""
    return {"Wf": rng.normal(0, 1.0, (2, hidden)), "bf": np.zeros(hidden),
            "wy": rng.normal(0, np.sqrt(1 / hidden), hidden), "by": np.array(0.0),
            "Wd": rng.normal(0, np.sqrt(2 / hidden), (hidden, hidden)), "bd": np.zeros(hidden),
            "wd": rng.normal(0, np.sqrt(1 / hidden), hidden), "bdd": np.array(0.0)}


def check_reversal(rng: np.random.Generator, step: float = 1e-6) -> float:
    """Compare the reversed gradients with central differences of L_y - lam L_d and of L_d.

    Returns
    -------
    float
        Largest absolute gap over every parameter.
    """
    p = init_dann(5, rng)
    for key in ("bf", "bd"):
        p[key] = p[key] + 0.3 * rng.normal(size=p[key].shape)   # keep ReLUs off their kink
    xs, ys = rng.normal(size=(6, 2)), rng.integers(0, 2, size=6).astype(float)
    xt = rng.normal(size=(5, 2))
    lam = 0.7
    _, _, grads = dann_step_gradients(p, xs, ys, xt, lam)
    worst = 0.0
    for key, value in p.items():
        for idx in np.ndindex(value.shape):
            old = value[idx]
            values = []
            for shift in (step, -step):
                value[idx] = old + shift
                ly, ld, _ = dann_step_gradients(p, xs, ys, xt, lam)
                # feature extractor: L_y - lam L_d; label head: L_y; domain head: L_d
                values.append(ly - lam * ld if key in ("Wf", "bf") else
                              ly if key in ("wy", "by") else ld)
            value[idx] = old
            worst = max(worst, abs((values[0] - values[1]) / (2 * step) - grads[key][idx]))
    return worst


def train_dann(xs: np.ndarray, ys: np.ndarray, xt: np.ndarray, lam_max: float, steps: int,
               seed: int, lr: float = 0.01) -> dict:
    """Adam on all parts at once; lambda rises as lam_max (2 / (1 + exp(-10 p)) - 1).

    The schedule is Ganin & Lempitsky's (2015), with p the training progress in [0, 1];
    lam_max = 0 trains on the source labels only, the baseline.
    """
    p = init_dann(32, np.random.default_rng(seed))
    m = {k: np.zeros_like(v) for k, v in p.items()}
    v = {k: np.zeros_like(val) for k, val in p.items()}
    for t in range(1, steps + 1):
        lam = lam_max * (2.0 / (1.0 + np.exp(-10.0 * t / steps)) - 1.0)
        _, _, grads = dann_step_gradients(p, xs, ys, xt, lam)
        for k in p:
            m[k] = 0.9 * m[k] + 0.1 * grads[k]
            v[k] = 0.999 * v[k] + 0.001 * grads[k] ** 2
            p[k] = p[k] - lr * (m[k] / (1 - 0.9**t)) / (np.sqrt(v[k] / (1 - 0.999**t)) + 1e-8)
    return p


def dann_demo() -> None:
    """Part 2: source-only training against gradient reversal on rotated moons."""
    rng = np.random.default_rng(1)
    err = check_reversal(rng)
    print("\n2. Gradient reversal on two moons (target rotated by 35 degrees, no target labels)")
    print(f"   gradient check of the reversed backward pass: max error {err:.1e}")
    assert err < 1e-7

    xs, ys = make_moons(300, noise=0.1, random_state=0)
    xt, yt = make_moons(300, noise=0.1, random_state=1)
    centre = np.array([0.5, 0.25])
    angle = np.deg2rad(35.0)
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    xs, xt = xs - centre, (xt - centre) @ rotation.T
    domain = np.r_[np.zeros(300), np.ones(300)]
    print("   lambda_max  seed  source acc  target acc  domain classifier acc")
    means, domain_acc = {}, {}
    for lam_max in (0.0, 1.0):
        target, domain_acc[lam_max] = [], []
        for seed in (0, 1, 2):
            p = train_dann(xs, ys, xt, lam_max, steps=1500, seed=seed)
            f_s, f_t = relu(xs @ p["Wf"] + p["bf"]), relu(xt @ p["Wf"] + p["bf"])
            acc_s = np.mean((f_s @ p["wy"] + p["by"] > 0) == ys)
            acc_t = np.mean((f_t @ p["wy"] + p["by"] > 0) == yt)
            f = np.vstack([f_s, f_t])
            acc_d = np.mean((relu(f @ p["Wd"] + p["bd"]) @ p["wd"] + p["bdd"] > 0) == domain)
            target.append(acc_t)
            domain_acc[lam_max].append(acc_d)
            print(f"   {lam_max:10.1f}  {seed:4d}  {acc_s:10.3f}  {acc_t:10.3f}  {acc_d:21.3f}")
        means[lam_max] = float(np.mean(target))
    print(f"   mean target accuracy: source only {means[0.0]:.3f}, with gradient reversal "
          f"{means[1.0]:.3f}")
    assert means[1.0] > means[0.0] + 0.1
    # the features reveal less about the domain: every reversal run below every source-only run
    assert max(domain_acc[1.0]) < min(domain_acc[0.0])


def main() -> None:
    """Print the worked-example numbers and check the claims the article makes."""
    covariate_shift_demo()
    dann_demo()


if __name__ == "__main__":
    main()
