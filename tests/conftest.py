"""Shared fixtures: the strictly built site that the checks read.

``make test`` builds the site once into ``site/`` and passes ``SITE_DIR=site``; run alone,
``pytest`` builds it into a temporary directory first.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from checks import ROOT


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    """Path of a strict build of the site (``SITE_DIR`` if set, else a fresh build)."""
    if os.environ.get("SITE_DIR"):
        path = (ROOT / os.environ["SITE_DIR"]).resolve()
        assert (path / "index.html").is_file(), f"SITE_DIR={path} holds no built site"
        return path
    path = tmp_path_factory.mktemp("site")
    mkdocs = Path(sys.executable).with_name("mkdocs")
    run = subprocess.run([str(mkdocs), "build", "--strict", "--site-dir", str(path)], cwd=ROOT,
                         capture_output=True, text=True)
    assert run.returncode == 0, f"mkdocs build --strict failed:\n{run.stderr[-3000:]}"
    return path


@pytest.fixture(scope="session")
def mkdocs_config() -> dict:
    """The loaded ``mkdocs.yml`` (MkDocs' own loader, so ``!!python/name`` tags resolve)."""
    from mkdocs.config import load_config

    return load_config(str(ROOT / "mkdocs.yml"))
