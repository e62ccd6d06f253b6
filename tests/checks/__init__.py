"""Checkers for the built site and its sources.

Each checker is a pure function that returns a list of problems (strings naming the page and the
element), so that a test can assert the list is empty on the real site and non-empty on a small
fixture that has exactly one defect.
"""

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"


def article_sources() -> list[Path]:
    """Markdown files of the articles: every page inside a numbered section folder (``docs/NN-*``)."""
    return sorted(DOCS.glob("[0-9][0-9]-*/*.md"))


def load_hook(name: str) -> ModuleType:
    """Import one of the site's MkDocs hooks (``overrides/hooks/<name>.py``) as a module.

    The hooks are plain files that MkDocs loads by path; the checks reuse their parsers, so that
    the build and the tests read the sources the same way.

    Raises
    ------
    FileNotFoundError
        If there is no such hook.
    """
    module_name = f"hooks_{name}"
    if module_name not in sys.modules:
        spec = importlib.util.spec_from_file_location(module_name, ROOT / "overrides/hooks" / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        spec.loader.exec_module(module)
    return sys.modules[module_name]
