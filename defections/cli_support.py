"""Small helpers shared by the commands."""

from __future__ import annotations

from urllib.parse import urlsplit


def base_path(base_url: str | None) -> str:
    """The path the site lives under: '/defections/' for https://org.github.io/defections/, else '/'."""
    if not base_url:
        return "/"
    path = urlsplit(base_url).path or "/"
    return path if path.endswith("/") else path + "/"
