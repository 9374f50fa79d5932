"""JSON Schemas for editors' tools, generated from schema.py so they can never drift from the validator.

They describe the files as a YAML 1.2 editor (yaml-language-server) reads them: there, `2012` is a
number and `NO` is text, so fields the build reads as text also accept numbers and booleans.
"""

from __future__ import annotations

import json

from ..content.dates import DATE_PATTERN, EDTF_PATTERN
from ..content.fields import LARGEST_COUNT
from ..schema import (
    EVENT,
    EVENT_NEEDS_ONE_OF,
    HOSTNAME_PATTERN,
    ID_PATTERN,
    LANGUAGE_PATTERN,
    RECORD_KINDS,
    SOURCE_FIELDS,
    UNNAMED_FIELDS,
    WIKIDATA_PATTERN,
    Field,
    RecordKind,
)

SCHEMA_FILES = {name: f"{name}.schema.json" for name in ("site", "article", "person", "event")}
_DIALECT = "http://json-schema.org/draft-07/schema#"
_TEXTUAL = ["string", "number", "boolean"]  # any scalar is read as the text typed


def _pattern(regex) -> str:
    return f"^{regex.pattern}$"


def _field_schema(f: Field) -> dict:
    schema: dict
    if f.type in ("text", "markdown"):
        schema = {"type": _TEXTUAL, "minLength": 1}
    elif f.type == "date":
        schema = {"anyOf": [{"type": "string", "pattern": _pattern(DATE_PATTERN)},
                            {"type": "integer", "minimum": 1000, "maximum": 9999}]}
    elif f.type == "when":
        schema = {"anyOf": [{"type": "string", "pattern": EDTF_PATTERN},
                            {"type": "integer", "minimum": 1000, "maximum": 9999}]}
    elif f.type == "count":
        schema = {"type": "integer", "minimum": 1, "maximum": LARGEST_COUNT}
    elif f.type == "unnamed":
        schema = _object(UNNAMED_FIELDS, "People the sources do not name.")
    elif f.type == "bool":
        schema = {"type": "boolean"}
    elif f.type == "url":
        schema = {"type": "string", "format": "uri", "pattern": "^https?://[^\\s\\\\]+$"}
    elif f.type == "site_url":
        schema = {"type": "string", "format": "uri", "pattern": "^https?://[^\\s\\\\?#]+$"}
    elif f.type == "choice":
        choices = f.choices or {}
        schema = {"enum": list(choices),
                  "markdownEnumDescriptions": [f"**{value}**: {meaning}" for value, meaning in choices.items()]}
    elif f.type == "id":
        schema = {"type": ["string", "number"], "pattern": _pattern(ID_PATTERN)}
    elif f.type == "ids":
        schema = {"type": "array", "items": {"type": "string", "pattern": _pattern(ID_PATTERN)}, "uniqueItems": True}
    elif f.type == "texts":
        schema = {"type": "array", "items": {"type": _TEXTUAL}}
    elif f.type == "sources":
        schema = {"type": "array", "items": _object(SOURCE_FIELDS, "A quote from an article.")}
    elif f.type == "wikidata":
        schema = {"type": "string", "pattern": _pattern(WIKIDATA_PATTERN)}
    elif f.type == "hostname":
        schema = {"type": "string", "pattern": _pattern(HOSTNAME_PATTERN)}
    elif f.type == "language":
        schema = {"type": "string", "pattern": _pattern(LANGUAGE_PATTERN)}
    elif f.type == "languages":
        schema = {"type": "array", "items": {"type": "string", "pattern": _pattern(LANGUAGE_PATTERN)},
                  "uniqueItems": True, "minItems": 1}
    elif f.type == "locales":
        schema = {"type": "object", "propertyNames": {"pattern": _pattern(LANGUAGE_PATTERN)},
                  "additionalProperties": {"type": "string", "pattern": "^[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})*$"}}
    elif f.type == "translation":
        schema = {"type": "object", "propertyNames": {"pattern": _pattern(LANGUAGE_PATTERN)},
                  "additionalProperties": {"type": _TEXTUAL, "minLength": 1}}
    elif f.type == "translations":
        schema = {"type": "object", "propertyNames": {"pattern": _pattern(LANGUAGE_PATTERN)},
                  "additionalProperties": {"type": "object", "additionalProperties": False,
                                           "properties": {part.name: {"type": _TEXTUAL, "minLength": 1,
                                                                      "description": part.description}
                                                          for part in f.of}}}
    else:  # pragma: no cover - a new field type must be described here
        raise ValueError(f"no JSON Schema for field type {f.type!r}")
    if f.type in ("ids", "sources") and f.required:
        schema["minItems"] = 1
    description = f.description + (" Required." if f.required else "")
    schema = {"description": description, "markdownDescription": description, **schema,
              "examples": [f.example]}
    if f.default is not None:
        schema["default"] = f.default
    if not f.required:  # an empty optional field is the same as an absent one
        schema = {"anyOf": [{k: v for k, v in schema.items() if k not in ("description", "markdownDescription")},
                            {"type": "null"}],
                  "description": description, "markdownDescription": description}
    return schema


def _object(fields: tuple[Field, ...], description: str) -> dict:
    return {
        "type": "object",
        "description": description,
        "properties": {f.name: _field_schema(f) for f in fields},
        "required": [f.name for f in fields if f.required],
        "additionalProperties": False,
    }


def json_schema(kind: RecordKind) -> dict:
    schema = {
        "$schema": _DIALECT,
        "$id": f"https://defections.invalid/schemas/{SCHEMA_FILES[kind.name]}",
        "title": f"{kind.name.capitalize()} record ({kind.folder})",
        **_object(kind.fields, kind.description),
    }
    if kind is EVENT:  # named people, unnamed ones, or both
        schema["anyOf"] = [{"required": [name], "properties": {name: {"not": {"type": "null"}, "minItems": 1}}}
                           for name in EVENT_NEEDS_ONE_OF]
    return schema


def generated() -> dict[str, str]:
    """Every schema file's name and exact text."""
    return {SCHEMA_FILES[name]: json.dumps(json_schema(RECORD_KINDS[name]), indent=2, ensure_ascii=False) + "\n"
            for name in SCHEMA_FILES}
