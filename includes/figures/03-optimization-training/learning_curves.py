"""Learning curves for diagnosis: a high-bias and a high-variance model, actually fitted.

Shown in docs/03-optimization-training/01-regularization.md. Data as in the article's
example reg_polynomial.py: f(x) = sin(2.5 pi x) with x uniform on [0, 1] and label noise of
standard deviation 0.3. For each training-set size n, 200 training sets (fresh inputs and
noise) are drawn; a polynomial of degree 1 (too simple) and one of degree 12 (too flexible
for small n) are fitted by least squares, and the median training MSE and the median MSE on
2000 held-out points are plotted. Medians, because a degree-12 fit on a dozen points
occasionally explodes and would dominate a mean.
"""

import numpy as np
from figure_style import COLORS, plt, save

SIGMA = 0.3
rng = np.random.default_rng(0)
f = lambda x: np.sin(2.5 * np.pi * x)  # noqa: E731
x_val = rng.uniform(0.0, 1.0, 2000)
y_val = f(x_val) + SIGMA * rng.standard_normal(2000)
sizes = np.unique(np.round(np.logspace(np.log10(15), np.log10(1000), 14)).astype(int))


def curves(degree, repeats=200):
    """Median training and validation MSE for each training-set size, shape (len(sizes), 2)."""
    vv = np.polynomial.legendre.legvander(2.0 * x_val - 1.0, degree)
    out = []
    for n in sizes:
        train, val = [], []
        for _ in range(repeats):
            x = rng.uniform(0.0, 1.0, n)
            y = f(x) + SIGMA * rng.standard_normal(n)
            v = np.polynomial.legendre.legvander(2.0 * x - 1.0, degree)
            coef = np.linalg.lstsq(v, y, rcond=None)[0]
            train.append(np.mean((v @ coef - y) ** 2))
            val.append(np.mean((vv @ coef - y_val) ** 2))
        out.append((np.median(train), np.median(val)))
    return np.array(out)


fig, axes = plt.subplots(1, 2, figsize=(10.5, 4.2), sharey=True)
for ax, degree, title in ((axes[0], 1, "High bias: degree 1 (a straight line)"),
                          (axes[1], 12, "High variance: degree 12")):
    c = curves(degree)
    ax.plot(sizes, c[:, 0], color=COLORS[0], marker="o", markersize=3, label="training error")
    ax.plot(sizes, c[:, 1], color=COLORS[1], marker="s", markersize=3,
            label="validation error")
    ax.axhline(SIGMA**2, color=COLORS[7], linestyle="--", linewidth=1.2,
               label="noise floor σ² = 0.09")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("training-set size n (log scale)")
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8, loc="upper right", framealpha=0.95)
    ax.set_ylim(0.005, 3.0)
    if c[0, 1] > 3.0:
        ax.text(36, 1.1, f"n = {sizes[0]}: validation\nerror {c[0, 1]:.0f}\n(off the chart)",
                fontsize=8, color=COLORS[1])
axes[0].set_ylabel("mean squared error (median of 200 fits, log scale)")
axes[0].annotate("curves meet early, far above the floor:\nmore data will not help",
                 xy=(200, 0.55), xytext=(20, 0.02), fontsize=8, color=COLORS[7],
                 arrowprops={"arrowstyle": "->", "color": COLORS[7]})
axes[1].annotate("wide gap that closes slowly:\nmore data or regularization helps",
                 xy=(40, 0.12), xytext=(60, 0.01), fontsize=8, color=COLORS[7],
                 arrowprops={"arrowstyle": "->", "color": COLORS[7]})
fig.tight_layout()
save(fig, "learning_curves.svg")
