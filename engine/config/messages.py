"""Pydantic errors -> short plain-language messages, with what is allowed.

Pydantic says which check failed but not the whole rule (only the bound that
was crossed, not the range), so the rule is read back from the model's type
annotations by following the error's location.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from types import NoneType, UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import annotated_types as at
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from engine.config.errors import allowed_text, show, suggest

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Message:
    loc: Loc
    text: str
    point: Literal["value", "key", "parent"]
    """Which line to show: the value's, its key's, or its parent mapping's."""


_KINDS = {
    "int_type": "a whole number", "int_parsing": "a whole number", "int_from_float": "a whole number",
    "float_type": "a number", "float_parsing": "a number", "finite_number": "a finite number",
    "bool_type": "true or false", "bool_parsing": "true or false",
    "string_type": "text", "list_type": "a list", "tuple_type": "a list",
    "model_type": "a mapping of fields", "dict_type": "a mapping",
    "model_attributes_type": "a mapping of fields",
}
_BOUNDS = {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}


def describe(err: dict[str, Any], root: type[BaseModel]) -> Message:
    """A Message for one entry of ValidationError.errors()."""
    kind, loc, value = err["type"], tuple(err["loc"]), err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return _missing(loc, root)
    if kind == "extra_forbidden":
        return Message(loc, _unknown(loc, root), "key")
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", ctx.get("expected", ""))
        return Message(loc, f"{show(value)} is not allowed ({allowed_text(choices, value)})", "value")
    if kind in ("value_error", "assertion_error"):
        return Message(loc, str(ctx.get("error") or err["msg"]), "value")
    if kind in _BOUNDS:
        rule = _range(_meta(root, loc)) or _bound(kind, ctx)
        return Message(loc, f"{show(value)} is out of range (allowed: {rule})", "value")
    if kind in ("too_long", "too_short"):
        return Message(loc, _length(kind, ctx, root, loc), "key")
    if kind in ("string_too_long", "string_too_short"):
        return Message(loc, _text_length(kind, ctx, value), "value")
    if kind in _KINDS:
        return Message(loc, _wrong_type(kind, value, root, loc), "value")
    return Message(loc, str(err.get("msg", kind)), "value")


def _missing(loc: Loc, root: type[BaseModel]) -> Message:
    if loc and isinstance(loc[-1], int):  # a fixed-size tuple given too few values
        need = _tuple_size(root, loc[:-1])
        rule = f"exactly {need} numbers" if need else "more values"
        return Message(loc[:-1], f"has too few values (allowed: {rule})", "key")
    return Message(loc, "is missing (required)", "parent")


def _unknown(loc: Loc, root: type[BaseModel]) -> str:
    name = loc[-1] if loc else ""
    model = _model(_type_at(root, loc[:-1])[0])
    fields = list(model.model_fields) if model else []
    close = suggest(name, fields)
    if close:
        return f"unknown field '{name}' (did you mean '{close}'?)"
    return f"unknown field '{name}' (allowed: {', '.join(fields) or 'nothing here'})"


def _length(kind: str, ctx: dict, root: type[BaseModel], loc: Loc) -> str:
    actual = ctx.get("actual_length", "too many" if kind == "too_long" else "too few")
    if ctx.get("field_type") == "Tuple":
        need = _tuple_size(root, loc) or ctx.get("max_length") or ctx.get("min_length")
        return f"has {actual} values (allowed: exactly {need})"
    if kind == "too_long":
        return f"has {actual} items (allowed: at most {ctx.get('max_length')})"
    return f"has {actual} items (allowed: at least {ctx.get('min_length')})"


def _text_length(kind: str, ctx: dict, value: object) -> str:
    size = len(value) if isinstance(value, str) else "?"
    if kind == "string_too_long":
        return f"is {size} characters long (allowed: at most {ctx.get('max_length')})"
    if size == 0:
        return "is empty (allowed: some text)"
    return f"is {size} characters long (allowed: at least {ctx.get('min_length')})"


def _wrong_type(kind: str, value: object, root: type[BaseModel], loc: Loc) -> str:
    what = _KINDS[kind]
    if kind == "tuple_type":
        size = _tuple_size(root, loc)
        what = f"a list of {size} numbers" if size else what
    rule = _range(_meta(root, loc))
    allowed = f"{what} from {rule}" if rule and " to " in rule else what
    if kind == "string_type" and isinstance(value, (int, float, bool)):
        allowed += "; put it in quotes"
    if value is None:
        return f"is empty (allowed: {allowed})"
    return f"{show(value)} is not {what} (allowed: {allowed})"


def _bound(kind: str, ctx: dict) -> str:
    for key, word in (("ge", "at least"), ("gt", "more than"), ("le", "at most"), ("lt", "less than")):
        if key in ctx:
            return f"{word} {_num(ctx[key])}"
    return kind.replace("_", " ")


def _range(meta: list) -> str | None:
    """'1.5 to 60', 'more than 0 and at most 10', or None without bounds."""
    b = {k: getattr(m, k) for m in meta if isinstance(m, at.BaseMetadata)
         for k in ("ge", "gt", "le", "lt") if getattr(m, k, None) is not None}
    if "ge" in b and "le" in b:
        return f"{_num(b['ge'])} to {_num(b['le'])}"
    parts = [f"{w} {_num(b[k])}" for k, w in (("ge", "at least"), ("gt", "more than"),
                                              ("le", "at most"), ("lt", "less than")) if k in b]
    return " and ".join(parts) or None


def _num(x: object) -> str:
    if isinstance(x, float) and x.is_integer():
        return str(int(x))
    return str(x)


# --- reading the rule back from the model's annotations -----------------

def _type_at(root: type, loc: Loc) -> tuple[Any, list]:
    """(type, constraint metadata) at `loc` inside `root`, (None, []) if lost."""
    tp, meta = root, []
    for part in loc:
        tp, meta = _step(tp, part)
        if tp is None:
            return None, []
    return tp, meta


def _meta(root: type, loc: Loc) -> list:
    return _type_at(root, loc)[1]


def _step(tp: Any, part: str | int) -> tuple[Any, list]:
    for option in _options(tp):
        model = _model(option)
        if model is not None and isinstance(part, str) and part in model.model_fields:
            field = model.model_fields[part]
            base, meta = _unwrap(field.annotation)
            return base, _flat(field.metadata) + meta
        args = get_args(option)
        if get_origin(option) is list and isinstance(part, int) and args:
            return _unwrap(args[0])
        if get_origin(option) is tuple and isinstance(part, int) and part < len(args):
            return _unwrap(args[part])
    return None, []


def _unwrap(tp: Any) -> tuple[Any, list]:
    """(type, constraints) without Annotated, also inside `X | None`."""
    meta: list = []
    while True:
        if get_origin(tp) is Annotated:
            tp, *extra = get_args(tp)
            meta += _flat(extra)
            continue
        options = [a for a in get_args(tp) if a is not NoneType]
        if get_origin(tp) in (Union, UnionType) and len(options) == 1:
            tp = options[0]
            continue
        return tp, meta


def _flat(items: list) -> list:
    """Constraint objects, looking inside Field(...) used within Annotated."""
    out: list = []
    for item in items:
        out += item.metadata if isinstance(item, FieldInfo) else [item]
    return out


def _options(tp: Any) -> list:
    tp = _unwrap(tp)[0]
    if get_origin(tp) in (Union, UnionType):
        return [_unwrap(a)[0] for a in get_args(tp) if a is not NoneType]
    return [tp]


def _model(tp: Any) -> type[BaseModel] | None:
    for option in _options(tp) if tp is not None else []:
        if isinstance(option, type) and issubclass(option, BaseModel):
            return option
    return None


def _tuple_size(root: type, loc: Loc) -> int | None:
    for option in _options(_type_at(root, loc)[0]):
        if get_origin(option) is tuple:
            return len(get_args(option))
    return None
