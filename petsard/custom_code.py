"""A user's class from a Python file, for ``method: custom_method``.

Loading a file runs its code with the user's rights: use trusted files only. The file is
imported when the config is checked, so a missing file, class or method is reported before
anything runs, and once per process after that.
"""

from __future__ import annotations

import hashlib
import importlib.util
import inspect
import sys
from functools import cache
from pathlib import Path
from types import ModuleType


class CustomCodeError(Exception):
    """The file, its class or the class's methods are not what the config says; ``key`` is
    the parameter at fault (module_path or class_name)."""

    def __init__(self, message: str, key: str = "module_path") -> None:
        super().__init__(message)
        self.key = key


def find_module(module_path: str) -> Path:
    """``module_path`` relative to the working folder, else to an entry of sys.path (as
    PETsARD looks for it, so a notebook's folder works)."""
    given = Path(module_path)
    if given.suffix != ".py":
        raise CustomCodeError(f"expected a .py file, got '{module_path}'")
    for base in [Path.cwd(), *(Path(p) for p in sys.path if p)]:
        candidate = given if given.is_absolute() else base / given
        if candidate.is_file():
            return candidate.resolve()
    raise CustomCodeError(f"file not found: '{module_path}' (looked in {Path.cwd()} and on "
                          "the Python path)")


def load_class(module_path: str, class_name: str,
               required: dict[str, tuple[str, ...]] | None = None) -> type:
    """The class ``class_name`` of the file; ``required`` names methods it must have and the
    parameters each must take ({'fit': ('data',)})."""
    file = find_module(module_path)
    module = _import(file, file.stat().st_mtime_ns)
    found = getattr(module, class_name, None)
    if not isinstance(found, type):
        names = sorted(n for n, v in vars(module).items()
                       if isinstance(v, type) and v.__module__ == module.__name__)
        raise CustomCodeError(f"'{module_path}' has no class '{class_name}' (classes: "
                              f"{', '.join(names) or 'none'})", "class_name")
    for method, params in (required or {}).items():
        function = getattr(found, method, None)
        if not callable(function):
            raise CustomCodeError(f"{class_name} has no method {method}()", "class_name")
        accepted = inspect.signature(function).parameters
        missing = [p for p in params if p not in accepted]
        if missing:
            raise CustomCodeError(f"{class_name}.{method} must take {', '.join(params)}; it "
                                  f"takes ({', '.join(p for p in accepted if p != 'self')})",
                                  "class_name")
    return found


@cache
def _import(file: Path, modified: int) -> ModuleType:
    """The module of ``file`` as it was at ``modified`` (imported once per version)."""
    digest = hashlib.sha256(f"{file}:{modified}".encode()).hexdigest()[:12]
    spec = importlib.util.spec_from_file_location(f"petsard_custom_{digest}", file)
    if spec is None or spec.loader is None:
        raise CustomCodeError(f"cannot import '{file}' as a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses and pickling look their module up here
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        del sys.modules[spec.name]
        raise CustomCodeError(f"importing '{file.name}' failed: {type(exc).__name__}: "
                              f"{exc}") from exc
    return module
