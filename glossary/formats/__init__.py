"""Glossary file formats for CAT tools: TBX-Basic, OmegaT TSV, CSV, XLSX (see base.py)."""
