"""The procedure catalogue: data model, validation, backends and matching."""

from bot.catalogue.model import (  # noqa: F401
    Catalogue,
    CatalogueError,
    Fee,
    FeeRule,
    Procedure,
    ProcedureGroup,
    Province,
    ServiceUnit,
    Source,
)
