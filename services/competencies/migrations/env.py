from competencies.adapters import orm_evidence  # noqa: F401 - its table joins the metadata
from competencies.adapters import orm_signoff  # noqa: F401 - its tables join the metadata
from competencies.adapters.orm import metadata
from portal_kit.migrations import run_migrations

run_migrations(metadata, "competencies")
