"""Five learning-rate schedules over the same 100 steps with a peak rate of 0.1.

Shown in docs/03-optimization-training/index.md. The curves are the schedule functions of the
tested example includes/examples/03-optimization-training/schedules.py, loaded from that file
and evaluated here with the parameters of its printed table: step decay (x0.1 at steps 30, 60
and 80, as in the 90-epoch ImageNet recipe of Goyal et al., 2017), exponential decay (0.96 per
step), cosine annealing with warm restarts (SGDR, Loshchilov & Hutter, 2016; T0 = 10,
T_mult = 2), linear warmup over 10 steps followed by a cosine decay, and the one-cycle policy
(Smith, 2018) with its inverse momentum cycle on a second axis.
"""

import importlib.util
from pathlib import Path

import numpy as np
from figure_style import COLORS, plt, save

EXAMPLE = (Path(__file__).resolve().parents[2] / "examples" / "03-optimization-training"
           / "schedules.py")
spec = importlib.util.spec_from_file_location("schedules", EXAMPLE)
sched = importlib.util.module_from_spec(spec)
spec.loader.exec_module(sched)

TOTAL, ETA = 100, 0.1
t = np.arange(TOTAL + 1)  # the rate used at each integer step

panels = [
    ("Step decay: x0.1 at 30, 60, 80",
     [sched.step_decay(s, ETA, (30, 60, 80)) for s in t], COLORS[0]),
    ("Exponential: x0.96 per step",
     [sched.exponential_decay(s, ETA, 0.96) for s in t], COLORS[1]),
    ("Cosine with warm restarts (SGDR)",
     [sched.cosine_warm_restarts(s, ETA, 0.0, 10, 2) for s in t], COLORS[2]),
    ("Linear warmup (10 steps) + cosine",
     [sched.warmup_cosine(s, ETA, 10, TOTAL) for s in t], COLORS[3]),
    ("One-cycle: up, down, annihilate",
     [sched.one_cycle(s, TOTAL, ETA)[0] for s in t], COLORS[4]),
]

fig, axes = plt.subplots(2, 3, figsize=(10.5, 5.6), sharex=True)
for ax, (title, values, color) in zip(axes.flat, panels, strict=False):
    ax.plot(t, values, color=color, drawstyle="steps-post" if "Step" in title else "default")
    ax.set_title(title, fontsize=10)
    ax.set_ylim(-0.005, 0.108)
    ax.set_xlim(0, TOTAL)

# SGDR: dotted lines mark the restarts, where the rate jumps back to its maximum.
for restart in (10, 30, 70):
    axes[0, 2].axvline(restart, color=COLORS[7], linewidth=0.7, linestyle=":")

# One-cycle: momentum moves against the learning rate.
ax_mom = axes[1, 1].twinx()
ax_mom.plot(t, [sched.one_cycle(s, TOTAL, ETA)[1] for s in t], color=COLORS[7],
            linestyle="--", linewidth=1.2)
ax_mom.set_ylim(0.84, 0.96)
ax_mom.set_ylabel("momentum (dashed)", fontsize=9, color=COLORS[7])
ax_mom.tick_params(labelsize=8, colors=COLORS[7])
ax_mom.spines["right"].set_visible(True)
ax_mom.grid(False)

# Last panel: all five on a log scale, which shows how far each one decays.
ax_all = axes[1, 2]
for title, values, color in panels:
    ax_all.plot(t, values, color=color, linewidth=1.3,
                drawstyle="steps-post" if "Step" in title else "default")
ax_all.set_yscale("log")
ax_all.set_ylim(1e-5, 0.2)
ax_all.set_title("All five, log scale (same colours)", fontsize=10)

for ax in axes[1]:
    ax.set_xlabel("step")
for ax in axes[:, 0]:
    ax.set_ylabel("learning rate")

fig.tight_layout()
save(fig, "lr_schedules.svg")
