"""PETsARD's import path for schema types and operations, so notebooks and user classes
written for PETsARD (``from petsard.metadater import Metadater, Schema``) run unchanged.

``Schema`` is one table's schema (petsard.schema.Schema: ``schema.attributes``,
``attr.type``, ``attr.type_attr``...), the type a user's synthesizer or evaluator receives;
``Metadata`` holds several tables' schemas (``metadata.schemas``).
"""

from petsard.metadater.metadater import Metadata, Metadater, SchemaMetadater
from petsard.schema import Attribute, Schema

__all__ = ["Attribute", "Metadata", "Metadater", "Schema", "SchemaMetadater"]
