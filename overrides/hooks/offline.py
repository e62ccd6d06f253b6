"""MkDocs hook: the copy for reading from disk (``make offline``) turns instant navigation off.

Material's offline plugin (enabled with ``OFFLINE=true``) makes search work over ``file://``,
but Material's documentation asks offline builds to disable instant loading as well: over
``file://`` the theme cannot fetch pages, and with ``navigation.instant`` on, its page-change
observable ``document$`` never emits, so no formula is typeset and Material never draws a diagram.
This hook removes the ``navigation.instant`` features from the offline build only, so that
``mkdocs.yml`` stays the one list of features.
"""

from __future__ import annotations


def on_config(config):
    """Drop ``navigation.instant*`` from the theme's features when the offline plugin is on.

    Parameters
    ----------
    config : mkdocs.config.defaults.MkDocsConfig
        The loaded configuration; changed in place.

    Returns
    -------
    mkdocs.config.defaults.MkDocsConfig
        The same configuration.
    """
    offline = config.plugins.get("material/offline")  # `- offline` in mkdocs.yml
    if offline is not None and offline.config.enabled:
        features = config.theme["features"]
        features[:] = [f for f in features if not f.startswith("navigation.instant")]
    return config
