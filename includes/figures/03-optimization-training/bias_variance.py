"""Bias-variance trade-off from actual repeated fits, against degree and against an L2 penalty.

Shown in docs/03-optimization-training/01-regularization.md. The setting is that of the
article's example reg_polynomial.py: f(x) = sin(2.5 pi x) on [0, 1], 30 fixed training inputs,
label noise with standard deviation 0.3. For every model, 2000 training sets (fresh noise at
the same inputs) are fitted by least squares in the Legendre basis, and bias^2, variance and
the noise floor are averaged over 500 test inputs (Geman, Bienenstock & Doursat, 1992). Left:
polynomial degree 1 to 15 without penalty. Right: degree 15 with a ridge penalty
lam * ||c||^2 from 1e-6 to 10.
"""

import numpy as np
from figure_style import COLORS, plt, save

SIGMA, N_TRAIN, REPEATS = 0.3, 30, 2000


def design(x, degree):
    """Legendre features P_0..P_degree of 2x - 1, shape (len(x), degree + 1)."""
    return np.polynomial.legendre.legvander(2.0 * x - 1.0, degree)


def terms(x_train, x_test, degree, lam):
    """bias^2, variance and their sum with the noise, averaged over the test inputs."""
    rng = np.random.default_rng(1)
    f = lambda x: np.sin(2.5 * np.pi * x)  # noqa: E731
    v, vt = design(x_train, degree), design(x_test, degree)
    y = f(x_train) + SIGMA * rng.standard_normal((REPEATS, len(x_train)))
    gram = v.T @ v + len(x_train) * lam * np.eye(v.shape[1])
    coef = np.linalg.solve(gram, v.T @ y.T).T
    pred = coef @ vt.T
    bias2 = np.mean((pred.mean(axis=0) - f(x_test)) ** 2)
    variance = np.mean(pred.var(axis=0))
    return bias2, variance, bias2 + variance + SIGMA**2


rng = np.random.default_rng(0)
x = rng.uniform(0.0, 1.0, N_TRAIN)
rng.standard_normal(N_TRAIN)          # the example's training labels (same stream)
rng.uniform(0.0, 1.0, 1000)           # its validation inputs
rng.standard_normal(1000)             # and labels
x_test = rng.uniform(0.0, 1.0, 500)

degrees = np.arange(1, 16)
by_degree = np.array([terms(x, x_test, d, 0.0) for d in degrees])
lams = np.logspace(-6, 1, 29)
by_lam = np.array([terms(x, x_test, 15, lam) for lam in lams])

fig, (ax_d, ax_l) = plt.subplots(1, 2, figsize=(10.5, 4.2), sharey=True)
for ax, xs, data in ((ax_d, degrees, by_degree), (ax_l, lams, by_lam)):
    ax.plot(xs, data[:, 0], color=COLORS[0], marker="o", markersize=3, label="bias²")
    ax.plot(xs, data[:, 1], color=COLORS[1], marker="s", markersize=3, label="variance")
    ax.axhline(SIGMA**2, color=COLORS[7], linestyle="--", linewidth=1.2,
               label="noise σ² = 0.09 (irreducible)")
    ax.plot(xs, data[:, 2], color=COLORS[2], linewidth=2.6, label="expected test error (sum)")
    best = int(np.argmin(data[:, 2]))
    ax.plot(xs[best], data[best, 2], "o", color=COLORS[2], markersize=9, fillstyle="none",
            mew=2)
    ax.set_ylim(0, 0.6)
    ax.legend(fontsize=8, loc="upper center")
ax_d.annotate(f"best: degree {degrees[int(np.argmin(by_degree[:, 2]))]}",
              xy=(degrees[int(np.argmin(by_degree[:, 2]))], by_degree[:, 2].min()),
              xytext=(6.5, 0.25), fontsize=8, color=COLORS[2],
              arrowprops={"arrowstyle": "->", "color": COLORS[2]})
best_lam = lams[int(np.argmin(by_lam[:, 2]))]
ax_l.annotate(f"best: λ ≈ {best_lam:.2g}", xy=(best_lam, by_lam[:, 2].min()),
              xytext=(3e-3, 0.25), fontsize=8, color=COLORS[2],
              arrowprops={"arrowstyle": "->", "color": COLORS[2]})
ax_d.set_xlabel("polynomial degree (more capacity →)")
ax_d.set_ylabel("mean squared error")
ax_d.set_title("Capacity by degree: 30 points, 2000 refits", fontsize=10)
ax_l.set_xscale("log")
ax_l.invert_xaxis()
ax_l.set_xlabel("L2 penalty λ, degree 15 (weaker penalty, more capacity →)")
ax_l.set_title("Capacity by penalty: the same trade-off", fontsize=10)
fig.tight_layout()
save(fig, "bias_variance.svg")
