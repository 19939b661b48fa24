"""Translator QA: check a translation against its source and the termbase (`termalign qa`)."""

from termalign.glossary.qa.base import REGISTRY, Finding
from termalign.glossary.qa.run import run_checks

__all__ = ["REGISTRY", "Finding", "run_checks"]
