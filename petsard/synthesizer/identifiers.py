"""Direct identifiers never reach a synthesizer: privacy by default, for every method.

Fields whose logical type is a direct identifier (a key, a person's name, an email, a phone
number, a URL, an address, an identifier-like code) are taken out of the data a synthesizer
learns from; its samples then get surrogate values of the same kind (``surrogate``, the
default), or lose the field (``drop``). ``keep`` lets the synthesizer learn and replay the
real values: an explicit choice, recorded with the node and flagged in the run's report.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

import pandas as pd

from petsard.exceptions import ConfigError
from petsard.schema.logical_types import DIRECT_IDENTIFIERS
from petsard.schema.schema import Schema
from petsard.synthesizer.surrogates import FAKER_TYPES, SurrogateSource, locale_of

Handling = Literal["surrogate", "drop", "keep"]


class IdentifierSettings:
    """Settings every synthesizer experiment takes beside its method's own.

    identifiers: per field, ``surrogate`` (default for direct identifiers), ``drop`` or
        ``keep``; a field not recognised as an identifier can be named too (it is then
        treated as an identifier-like code unless its logical type says more).
    surrogate_locale: Faker's locale for surrogate names, emails and addresses; by default
        ``zh_TW`` for a field whose real values are written in CJK characters, else ``en_US``.
    """

    def __init__(self, *, identifiers: dict[str, Handling] | None = None,
                 surrogate_locale: str | None = None) -> None:
        self.identifiers = identifiers
        self.surrogate_locale = surrogate_locale


@dataclass(frozen=True)
class IdentifierPlan:
    """What happens to each identifier field of one synthesizer node, and the real values
    surrogates must avoid and take their form from."""

    fields: dict[str, tuple[str, Handling]]  # field -> (logical type, handling)
    real: dict[str, pd.Series] = field(repr=False)
    seed: int  # the fit's: surrogate Faker values are made from it, once per plan
    locale: str | None = None  # None: chosen per field from its values

    @classmethod
    def of(cls, training: pd.DataFrame, schema: Schema | None, settings: IdentifierSettings,
           where: str, *, seed: int) -> IdentifierPlan:
        """The plan for ``training`` (the real table, as loaded) described by ``schema``,
        for a synthesizer fitted with ``seed``."""
        chosen: Mapping[str, Handling] = settings.identifiers or {}
        unknown = [name for name in chosen if name not in training.columns]
        if unknown:
            raise ConfigError(f"{where}.identifiers: no field {unknown} in the data; it has "
                              f"{list(training.columns)}")
        fields: dict[str, tuple[str, Handling]] = {}
        for name in training.columns:
            attr = schema.get(str(name)) if schema is not None else None
            logical = attr.logical_type if attr is not None else None
            if logical in DIRECT_IDENTIFIERS or name in chosen:
                fields[str(name)] = (logical if logical in DIRECT_IDENTIFIERS else "code",
                                     chosen.get(name, "surrogate"))
        real = {name: training[name] for name, (_, how) in fields.items() if how == "surrogate"}
        return cls(fields, real, seed, settings.surrogate_locale)

    @property
    def hidden(self) -> list[str]:
        """Fields the synthesizer does not see."""
        return [name for name, (_, how) in self.fields.items() if how != "keep"]

    def output_columns(self, columns: list[str]) -> list[str]:
        """``columns`` as samples have them: dropped identifiers left out."""
        return [c for c in columns if c not in self.fields or self.fields[c][1] != "drop"]

    def learnt(self, data: pd.DataFrame, schema: Schema | None
               ) -> tuple[pd.DataFrame, Schema | None]:
        """``data`` and its ``schema`` without the hidden fields: what the synthesizer fits."""
        hidden = set(self.hidden)
        if not hidden:
            return data, schema
        kept = schema.with_attributes(a for a in schema if a.name not in hidden) \
            if schema is not None else None
        return data.drop(columns=[c for c in data.columns if c in hidden]), kept

    def complete(self, synthetic: pd.DataFrame, columns: list[str], seed: int) -> pd.DataFrame:
        """``synthetic`` with surrogate fields added, in ``columns``' order (dropped ones
        left out)."""
        added = {name: source.draw(len(synthetic), seed + i)
                 for i, (name, source) in enumerate(self.sources.items())}
        parts = {name: (added[name].set_axis(synthetic.index) if name in added
                        else synthetic[name])
                 for name in columns if name in added or name in synthetic.columns}
        return pd.DataFrame(parts, index=synthetic.index)

    @cached_property
    def sources(self) -> dict[str, SurrogateSource]:
        """Per surrogate field, what its values are drawn from: built at the first draw and
        reused by every later one."""
        return {name: SurrogateSource(values, self.fields[name][0],
                                      self.locale or locale_of(values), self.seed + i)
                for i, (name, values) in enumerate(self.real.items())}

    def info(self) -> dict[str, Any]:
        """For the node's record: each identifier field, its logical type and handling."""
        facts: dict[str, Any] = {}
        for name, (logical, how) in self.fields.items():
            facts[name] = {"logical_type": logical, "handling": how}
            if how == "surrogate" and logical in FAKER_TYPES:
                facts[name]["locale"] = self.sources[name].locale
        return facts
