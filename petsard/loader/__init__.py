"""Loader: reads the data every path starts from."""

from petsard.loader.file_loader import FileLoader
from petsard.loader.operator import LoaderOperator
from petsard.registry import Registry

REGISTRY: Registry[type] = Registry("Loader")
REGISTRY.register("default", "loader")(FileLoader)

__all__ = ["REGISTRY", "FileLoader", "LoaderOperator"]
