"""``field_constraints`` expressions: a tokenizer and a recursive-descent parser to a small AST.

User text is never given to ``eval``, ``exec`` or ``DataFrame.query``: only the grammar below
is understood, and anything else is an error that points at its position.

    rule     := or
    or       := and ("|" and)*
    and      := compare ("&" compare)*
    compare  := operand [("==" | "!=" | "<" | "<=" | ">" | ">=") operand
                         | "IS" ["NOT"] operand]
    operand  := "(" or ")" | FIELD | STRING | NUMBER | TRUE/FALSE | NULL | DATE "(" STRING ")"

FIELD is a bare word of letters, digits, ``_``, ``-`` and ``.`` (``hours-per-week``), or any
text between backticks (`` `weekly hours` ``). STRING is quoted with ``'`` or ``"`` (a
backslash escapes the quote). NULL is ``pd.NA``, ``pd.NaT``, ``None`` or ``np.nan``, allowed
only after ``IS`` / ``IS NOT``. ``&`` binds tighter than ``|``; comparisons do not chain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from petsard.exceptions import ExpressionError

MAX_LENGTH = 10_000
MAX_DEPTH = 100

NULLS = frozenset({"pd.NA", "pd.NaT", "None", "np.nan"})
BOOLEANS = {"True": True, "TRUE": True, "true": True,
            "False": False, "FALSE": False, "false": False}
COMPARISONS = ("==", "!=", "<=", ">=", "<", ">")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_WORD_HINTS = {"and": "use & for AND", "AND": "use & for AND", "or": "use | for OR",
               "OR": "use | for OR", "not": "negate a comparison instead (!=, IS NOT)",
               "NOT": "NOT only follows IS (IS NOT)", "in": "write a == 'x' | a == 'y'",
               "IN": "write a == 'x' | a == 'y'",
               "-": "arithmetic is not supported", "is": "write IS in capitals",
               ")": "no '(' is open"}


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # FIELD STRING NUMBER BOOL NULL DATE IS NOT AND OR LPAREN RPAREN CMP END
    text: str
    start: int
    end: int
    value: Any = None


# --- AST: every node keeps the span of source text it came from --------------------------

@dataclass(frozen=True, slots=True)
class Field:
    name: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Literal:
    value: Any
    kind: str  # string | number | boolean | datetime
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Null:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Compare:
    op: str  # == != < <= > >= IS "IS NOT"
    left: Node
    right: Node
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Logical:
    op: str  # & |
    terms: tuple[Node, ...]
    start: int
    end: int


Node = Field | Literal | Null | Compare | Logical


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens; ExpressionError at the first character that fits nothing."""
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char.isspace():
            i += 1
        elif char in "()&|":
            kind = {"(": "LPAREN", ")": "RPAREN", "&": "AND", "|": "OR"}[char]
            doubled = i + 1 < n and text[i + 1] == char and char in "&|"
            if doubled:
                raise ExpressionError(f"'{char * 2}' is not an operator; write a single "
                                      f"'{char}'", text, i, i + 2)
            tokens.append(Token(kind, char, i, i + 1))
            i += 1
        elif char in "=!<>":
            op = text[i:i + 2] if text[i:i + 2] in COMPARISONS else char
            if op in ("=", "!"):
                hint = "use == to compare" if op == "=" else "use != (or IS NOT)"
                raise ExpressionError(f"unexpected '{op}': {hint}", text, i)
            tokens.append(Token("CMP", op, i, i + len(op)))
            i += len(op)
        elif char in "'\"":
            i = _string(text, i, tokens)
        elif char == "`":
            close = text.find("`", i + 1)
            if close < 0:
                raise ExpressionError("unterminated `field name` (no closing backtick)",
                                      text, i, n)
            if close == i + 1:
                raise ExpressionError("empty `field name`", text, i, i + 2)
            tokens.append(Token("FIELD", text[i + 1:close], i, close + 1, text[i + 1:close]))
            i = close + 1
        elif char.isalnum() or char in "_-.+":
            j = i
            while j < n and (text[j].isalnum() or text[j] in "_-.+"):
                j += 1
            tokens.append(_word(text, i, j))
            i = j
        else:
            hint = {"+": "arithmetic is not supported", "*": "arithmetic is not supported",
                    "/": "arithmetic is not supported", ",": "function calls are not supported",
                    "[": "indexing is not supported", ";": "one expression per rule"}.get(char)
            raise ExpressionError(f"unexpected character '{char}'" + (f" ({hint})" if hint
                                                                        else ""), text, i)
    tokens.append(Token("END", "", n, n))
    return tokens


def _string(text: str, start: int, tokens: list[Token]) -> int:
    quote, i, chars = text[start], start + 1, []
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text) and text[i + 1] in (quote, "\\"):
            chars.append(text[i + 1])
            i += 2
            continue
        if char == quote:
            tokens.append(Token("STRING", text[start:i + 1], start, i + 1, "".join(chars)))
            return i + 1
        chars.append(char)
        i += 1
    raise ExpressionError(f"unterminated string (no closing {quote})", text, start, len(text))


def _word(text: str, start: int, end: int) -> Token:
    word = text[start:end]
    if _NUMBER.fullmatch(word):
        number = float(word)
        value = int(number) if number.is_integer() and re.fullmatch(r"[+-]?\d+", word) else number
        return Token("NUMBER", word, start, end, value)
    if "+" in word:
        at = start + word.index("+")
        raise ExpressionError("unexpected character '+' (arithmetic is not supported)", text, at)
    if word in NULLS:
        return Token("NULL", word, start, end)
    if word in BOOLEANS:
        return Token("BOOL", word, start, end, BOOLEANS[word])
    if word in ("IS", "NOT"):
        return Token(word, word, start, end)
    rest = text[end:].lstrip()
    if word == "DATE" and rest.startswith("("):
        return Token("DATE", word, start, end)
    return Token("FIELD", word, start, end, word)


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.pos = 0
        self.depth = 0

    @property
    def token(self) -> Token:
        return self.tokens[self.pos]

    def take(self) -> Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def error(self, message: str, token: Token | None = None) -> ExpressionError:
        token = token or self.token
        return ExpressionError(message, self.text, token.start, max(token.end, token.start + 1))

    def parse(self) -> Node:
        if self.token.kind == "END":
            raise self.error("empty expression")
        node = self.parse_or()
        if self.token.kind != "END":
            raise self.unexpected("&, | or the end of the rule")
        return node

    def unexpected(self, expected: str) -> ExpressionError:
        token = self.token
        if token.kind == "END":
            return self.error(f"the rule ends early: expected {expected}")
        hint = _WORD_HINTS.get(token.text)
        if hint is None and token.kind == "LPAREN":
            hint = "function calls are not supported; only DATE('...')"
        if hint is None and token.kind == "CMP":
            hint = "comparisons do not chain; join them with &"
        shown = token.text if len(token.text) <= 40 else token.text[:37] + "..."
        message = f"unexpected '{shown}': expected {expected}"
        return self.error(message + (f" ({hint})" if hint else ""))

    def parse_or(self) -> Node:
        return self._logical("OR", "|", self.parse_and)

    def parse_and(self) -> Node:
        return self._logical("AND", "&", self.parse_compare)

    def _logical(self, kind: str, op: str, parse_term: Any) -> Node:
        terms = [parse_term()]
        while self.token.kind == kind:
            self.take()
            terms.append(parse_term())
        if len(terms) == 1:
            return terms[0]
        return Logical(op, tuple(terms), terms[0].start, terms[-1].end)

    def parse_compare(self) -> Node:
        left = self.parse_operand()
        token = self.token
        if token.kind == "CMP":
            self.take()
            right = self.parse_operand()
            for side in (left, right):
                if isinstance(side, Null):
                    raise ExpressionError(f"a missing value cannot be compared with "
                                          f"'{token.text}': use IS {self.text[side.start:side.end]}"
                                          f" or IS NOT {self.text[side.start:side.end]}",
                                          self.text, side.start, side.end)
            if self.token.kind == "CMP":
                raise self.unexpected("&, | or the end of the rule")
            return Compare(token.text, left, right, left.start, right.end)
        if token.kind == "IS":
            self.take()
            op = "IS"
            if self.token.kind == "NOT":
                self.take()
                op = "IS NOT"
            right = self.parse_operand()
            if isinstance(left, Null):
                raise ExpressionError("put the field before IS: 'field IS pd.NA'",
                                      self.text, left.start, left.end)
            return Compare(op, left, right, left.start, right.end)
        if isinstance(left, Null):
            raise ExpressionError("a missing value is only allowed after IS / IS NOT",
                                  self.text, left.start, left.end)
        return left

    def parse_operand(self) -> Node:
        token = self.token
        if token.kind == "LPAREN":
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise self.error(f"parentheses nest deeper than {MAX_DEPTH}")
            self.take()
            inner = self.parse_or()
            if self.token.kind != "RPAREN":
                raise self.unexpected("')' to close the '(' at column "
                                      f"{token.start + 1}")
            close = self.take()
            self.depth -= 1
            return _with_span(inner, token.start, close.end)
        if token.kind == "FIELD":
            self.take()
            return Field(token.value, token.start, token.end)
        if token.kind == "STRING":
            self.take()
            return Literal(token.value, "string", token.start, token.end)
        if token.kind == "NUMBER":
            self.take()
            return Literal(token.value, "number", token.start, token.end)
        if token.kind == "BOOL":
            self.take()
            return Literal(token.value, "boolean", token.start, token.end)
        if token.kind == "NULL":
            self.take()
            return Null(token.start, token.end)
        if token.kind == "DATE":
            return self.parse_date()
        if token.kind == "NOT":
            raise self.error("NOT only follows IS (IS NOT); to negate a comparison, "
                             "use the opposite operator")
        raise self.unexpected("a field, a value or '('")

    def parse_date(self) -> Literal:
        start = self.take()
        self.take()  # "(" (checked by the tokenizer)
        token = self.token
        if token.kind != "STRING":
            raise self.unexpected("a quoted date, as in DATE('2020-01-31')")
        self.take()
        if self.token.kind != "RPAREN":
            raise self.unexpected("')' after the date")
        close = self.take()
        return Literal(parse_timestamp(token.value, self.text, token.start, token.end),
                       "datetime", start.start, close.end)


def _with_span(node: Node, start: int, end: int) -> Node:
    """A parenthesised node keeps its parentheses in its span (for carets)."""
    return replace(node, start=start, end=end)


def parse_timestamp(value: str, text: str, start: int, end: int) -> pd.Timestamp:
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError, OverflowError) as exc:
        raise ExpressionError(f"'{value}' is not a date (write it as 2020-01-31 or "
                              f"2020-01-31 12:00)", text, start, end) from exc
    if stamp is pd.NaT:
        raise ExpressionError(f"'{value}' is not a date", text, start, end)
    return stamp


def parse(text: str) -> Node:
    """The AST of one rule; ExpressionError (with position) if it is not in the grammar."""
    if not isinstance(text, str):
        raise ExpressionError(f"a rule must be a string, got {type(text).__name__}", "", 0)
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"the rule is longer than {MAX_LENGTH} characters", text[:80], 0)
    return _Parser(text).parse()


def fields_of(node: Node) -> list[str]:
    """Field names the rule reads, in order of first use."""
    found: dict[str, None] = {}

    def walk(item: Node) -> None:
        if isinstance(item, Field):
            found.setdefault(item.name)
        elif isinstance(item, Compare):
            walk(item.left)
            walk(item.right)
        elif isinstance(item, Logical):
            for term in item.terms:
                walk(term)

    walk(node)
    return list(found)
