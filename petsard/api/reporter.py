"""PETsARD's ``Reporter`` for notebooks: ``Reporter(method=..., **parameters)``, then
``report(create(data))``, writing the files the YAML Reporter writes."""

from __future__ import annotations

from typing import Any

from petsard.api.building import configured
from petsard.api.report_writers import DataWriter, ReportWriter, TimingWriter, ValidationWriter
from petsard.exceptions import ConfigError
from petsard.reporter import REGISTRY

PATH = "Reporter"
WRITERS = {"save_data": DataWriter, "save_report": ReportWriter, "save_timing": TimingWriter,
           "save_validation": ValidationWriter}


class Reporter:
    """``method``: save_data (``source``), save_report (``granularity``, ``eval``),
    save_timing (``time_unit``, ``module``) or save_validation, with ``output`` (file name
    prefix, default 'petsard'), ``output_dir`` (default: the working folder) and
    ``naming_strategy`` ('traditional' or 'compact') as in the YAML Reporter; parameters are
    checked at once (ConfigError). ``create(data)`` returns what ``report(processed)``
    writes; nothing is kept between the two. Files of the same name are replaced."""

    def __init__(self, method: str, **kwargs: Any) -> None:
        self.method = method
        if "overwrite" in kwargs:
            raise ConfigError(f"{PATH}.overwrite: the Python API replaces files of the same "
                              "name, as PETsARD's does; choose another output prefix to keep "
                              "earlier files")
        self._method = configured(REGISTRY, method, kwargs, PATH)
        writer = WRITERS.get(method.lower())
        if writer is None:
            raise ConfigError(f"{PATH}.method: '{method}' writes from a whole run's record: "
                              "run it with the Executor; in Python use one of "
                              f"{', '.join(WRITERS)}")
        self._writer = writer(self._method)

    def create(self, data: dict[Any, Any]) -> Any:
        """The tables of ``data`` this reporter writes, ready for ``report``."""
        return self._writer.create(data)

    def report(self, processed_data: Any = None) -> Any:
        """Write ``processed_data`` (what ``create`` returned) as CSV files."""
        return self._writer.report(processed_data)
