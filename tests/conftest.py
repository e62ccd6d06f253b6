"""Shared fixtures: the strictly built site that the checks read.

``make test`` builds the site once into ``site/`` and the copy for reading from disk into
``site-offline/``, and passes ``SITE_DIR`` and ``OFFLINE_SITE_DIR``; run alone, ``pytest`` builds
what it needs into temporary directories first.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from checks import ROOT


def _built_site(variable: str, tmp_path_factory, env: dict[str, str]) -> Path:
    """A strict build: the directory named by the environment variable, else a fresh build."""
    if os.environ.get(variable):
        path = (ROOT / os.environ[variable]).resolve()
        assert (path / "index.html").is_file(), f"{variable}={path} holds no built site"
        return path
    path = tmp_path_factory.mktemp("site")
    mkdocs = Path(sys.executable).with_name("mkdocs")
    run = subprocess.run([str(mkdocs), "build", "--strict", "--site-dir", str(path)], cwd=ROOT,
                         capture_output=True, text=True, env={**os.environ, **env})
    assert run.returncode == 0, f"mkdocs build --strict failed:\n{run.stderr[-3000:]}"
    return path


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    """Path of a strict build of the site (``SITE_DIR`` if set, else a fresh build)."""
    return _built_site("SITE_DIR", tmp_path_factory, {"OFFLINE": "false"})


@pytest.fixture(scope="session")
def offline_site_dir(tmp_path_factory) -> Path:
    """Path of the copy for reading from disk (``OFFLINE_SITE_DIR`` if set, else a fresh build)."""
    return _built_site("OFFLINE_SITE_DIR", tmp_path_factory, {"OFFLINE": "true"})


@pytest.fixture(scope="session")
def mkdocs_config() -> dict:
    """The loaded ``mkdocs.yml`` (MkDocs' own loader, so ``!!python/name`` tags resolve)."""
    from mkdocs.config import load_config

    return load_config(str(ROOT / "mkdocs.yml"))
