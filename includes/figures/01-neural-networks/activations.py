"""Six activation functions (left) and their derivatives (right) on [-4, 4].

Shown in docs/01-neural-networks/01-perceptrons-and-activations.md. The curves are computed
here with NumPy from the same formulas as includes/examples/01-neural-networks/activations.py:
sigmoid, tanh, ReLU, Leaky ReLU (slope 0.1 for visibility; Maas et al., 2013, use 0.01),
GELU x Phi(x) (Hendrycks & Gimpel, 2016) and SiLU x sigma(x) (Elfwing et al., 2018).
"""

import math

import numpy as np
from figure_style import COLORS, plt, save

z = np.linspace(-4.0, 4.0, 801)
sig = 1.0 / (1.0 + np.exp(-z))
phi_cdf = 0.5 * (1.0 + np.vectorize(math.erf)(z / math.sqrt(2.0)))
phi_pdf = np.exp(-0.5 * z**2) / math.sqrt(2.0 * math.pi)
LEAK = 0.1

# (label, function values, derivative values, colour, line style, line width); ReLU is drawn
# wide so that it stays visible where Leaky ReLU and GELU lie on top of it.
curves = [
    ("sigmoid", sig, sig * (1.0 - sig), COLORS[0], "-", 1.8),
    ("tanh", np.tanh(z), 1.0 - np.tanh(z) ** 2, COLORS[6], "-", 1.8),
    ("ReLU", np.maximum(0.0, z), np.where(z > 0, 1.0, 0.0), COLORS[2], "-", 4.0),
    (f"Leaky ReLU (slope {LEAK})", np.where(z > 0, z, LEAK * z),
     np.where(z > 0, 1.0, LEAK), COLORS[3], "--", 1.8),
    ("GELU", z * phi_cdf, phi_cdf + z * phi_pdf, COLORS[4], "-", 1.8),
    ("SiLU / Swish", z * sig, sig * (1.0 + z * (1.0 - sig)), COLORS[5], "-.", 1.8),
]

fig, (ax_f, ax_d) = plt.subplots(1, 2, figsize=(10.0, 4.2))
for label, f, d, color, style, width in curves:
    # Break the derivative of the piecewise-linear units at the kink instead of drawing a
    # vertical segment there.
    d_plot = np.where(np.abs(z) < 1e-9, np.nan, d) if "ReLU" in label else d
    ax_f.plot(z, f, style, color=color, linewidth=width, label=label)
    ax_d.plot(z, d_plot, style, color=color, linewidth=width, label=label)

ax_f.set_title("Activation functions")
ax_f.set_xlabel("pre-activation z")
ax_f.set_ylabel("f(z)")
ax_f.set_ylim(-1.5, 4.0)
ax_f.legend(loc="upper left", fontsize=9)

ax_d.set_title("Derivatives")
ax_d.set_xlabel("pre-activation z")
ax_d.set_ylabel("f'(z)")
ax_d.set_ylim(-0.2, 1.25)
ax_d.axhline(0.25, color=COLORS[7], linewidth=0.8, linestyle=":")
ax_d.annotate("sigmoid peak 0.25", xy=(-4.0, 0.25), xytext=(-3.9, 0.29), fontsize=8,
              color=COLORS[7])
ax_d.legend(loc="upper left", fontsize=9)

for ax in (ax_f, ax_d):
    ax.axhline(0.0, color=COLORS[7], linewidth=0.6)
    ax.axvline(0.0, color=COLORS[7], linewidth=0.6)
    ax.set_xlim(-4.0, 4.0)

fig.tight_layout()
save(fig, "activations.svg")
