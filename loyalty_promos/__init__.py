"""Promo codes, pricing, packages, credits and loyalty points for Django booking sites."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("loyalty-promos")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0"
