"""Schema value objects: what a table looks like at each stage of a run."""

from petsard.schema.attribute import Attribute
from petsard.schema.casting import conform
from petsard.schema.inference import infer_schema
from petsard.schema.schema import FieldChange, Schema

__all__ = ["Attribute", "FieldChange", "Schema", "conform", "infer_schema"]
