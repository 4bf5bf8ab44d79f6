from __future__ import annotations

# Re-exported so the dossier tests keep importing their builders from here.
from phuongso.dossiers.testing import at, make_procedure, papers_for, walk_in  # noqa: F401
