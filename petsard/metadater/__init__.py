"""PETsARD's import path for schema types, so user classes written for PETsARD
(``from petsard.metadater import Metadata``) run unchanged.

A method receives one table's schema: ``Metadata`` and ``Schema`` both name that type here
(petsard.schema.Schema: ``schema.attributes``, ``attr.type``, ``attr.type_attr``...).
"""

from petsard.metadater.metadater import SchemaMetadater
from petsard.schema import Attribute, Schema

Metadata = Schema  # PETsARD's user classes annotate the schema they receive as Metadata

__all__ = ["Attribute", "Metadata", "Schema", "SchemaMetadater"]
