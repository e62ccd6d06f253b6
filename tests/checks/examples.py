"""Tested example scripts: each runs, its assertions hold, and it prints what the pages show."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def check_example(script: Path, timeout: float = 120) -> list[str]:
    """Run an example script and compare its standard output with the ``.out`` file beside it.

    Parameters
    ----------
    script : pathlib.Path
        A Python file; its expected output is ``script.with_suffix(".out")``.
    timeout : float
        Seconds before the run counts as a failure.

    Returns
    -------
    list of str
        Empty when the script exits 0 (so every ``assert`` in it held) and prints exactly the
        ``.out`` file; otherwise what went wrong, with the tail of stderr or the first differing
        line.
    """
    name = script.name
    try:
        run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                             timeout=timeout, cwd=script.parent)
    except subprocess.TimeoutExpired:
        return [f"{name}: did not finish in {timeout:g} s"]
    if run.returncode != 0:
        tail = "\n".join(run.stderr.strip().splitlines()[-6:])
        return [f"{name}: exited with {run.returncode}:\n{tail}"]
    expected_file = script.with_suffix(".out")
    if not expected_file.is_file():
        return [f"{name}: no {expected_file.name} with the output the article shows"]
    expected = expected_file.read_text(encoding="utf-8").splitlines()
    actual = run.stdout.splitlines()
    for number, (want, got) in enumerate(zip(expected, actual, strict=False), start=1):
        if want != got:
            return [f"{name}: output line {number} is {got!r}, {expected_file.name} says {want!r}"]
    if len(expected) != len(actual):
        return [f"{name}: prints {len(actual)} lines, {expected_file.name} has {len(expected)}"]
    return []
