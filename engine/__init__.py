"""slutrapport: one source per insats → the förbund's final-report form, filled in.

Pipeline: ``sources`` (YAML → located data) → ``model`` (validated Insats) →
``layouts`` (model → one form's context) → ``writers`` (context → .docx).
"""

__version__ = "0.2.0"
