"""openapi.yaml is valid, matches the marshmallow schemas field for field,
and lists exactly the routes Flask serves."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Flask
from openapi_spec_validator import validate

from service.http import schemas

SPEC_PATH = Path(__file__).resolve().parents[2] / "service" / "openapi.yaml"
SPEC = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}

# What the drift test compares; descriptions and examples are free text.
STRUCTURAL = {
    "type", "enum", "format", "items", "anyOf", "oneOf", "allOf", "$ref", "properties",
    "required", "additionalProperties", "minItems", "maxItems", "uniqueItems",
    "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength",
    "maxLength", "pattern", "default",
}


def _normal(schema):
    """The structural part of a JSON schema, order-insensitive where order is meaningless."""
    if isinstance(schema, list):
        return [_normal(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {}
    for key, value in schema.items():
        if key not in STRUCTURAL:
            continue
        if key == "properties":
            out[key] = {name: _normal(prop) for name, prop in value.items()}
        elif key in {"required", "enum"}:
            out[key] = sorted(value, key=repr)
        elif key == "type":
            out[key] = sorted([value] if isinstance(value, str) else value)
        else:
            out[key] = _normal(value)
    return out


def _generated_components() -> dict:
    spec = APISpec("drift", "0", "3.1.0", plugins=[MarshmallowPlugin()])
    for name, cls in schemas.COMPONENTS.items():
        if name not in spec.components.schemas:  # nested schemas register themselves
            spec.components.schema(name, schema=cls)
    generated = spec.to_dict()["components"]["schemas"]
    for name, cls in schemas.COMPONENTS.items():
        # Schema-level rules apispec cannot see (validates_schema methods).
        generated[name].update(getattr(cls, "OPENAPI", {}))
    return generated


GENERATED = _generated_components()
DOCUMENTED = SPEC["components"]["schemas"]


def test_spec_is_valid_openapi():
    validate(SPEC)


def test_spec_has_no_absolute_servers():
    for server in SPEC.get("servers", []):
        assert server["url"].startswith("/"), server


def test_same_component_names():
    assert set(GENERATED) == set(DOCUMENTED) == set(schemas.COMPONENTS)


@pytest.mark.parametrize("name", sorted(schemas.COMPONENTS))
def test_component_matches_marshmallow_schema(name):
    generated, documented = _normal(GENERATED[name]), _normal(DOCUMENTED[name])
    assert set(generated.get("properties", {})) == set(documented.get("properties", {})), (
        f"{name}: fields differ"
    )
    for field, prop in generated.get("properties", {}).items():
        assert prop == documented["properties"][field], f"{name}.{field} differs"
    assert generated == documented


def _flask_operations(app: Flask) -> set[tuple[str, str]]:
    ops = set()
    for rule in app.url_map.iter_rules():
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        # HEAD comes free with GET; OPTIONS (CORS preflight) is documented.
        ops |= {(path, m.lower()) for m in rule.methods - {"HEAD"}}
    return ops


def _spec_operations() -> set[tuple[str, str]]:
    return {(p, m) for p, item in SPEC["paths"].items() for m in item if m in HTTP_METHODS}


def test_every_route_is_documented_and_every_documented_route_exists(app):
    assert _flask_operations(app) == _spec_operations()


def test_every_documented_problem_type_is_used():
    from service.http import errors

    types = set(errors.TITLES)
    description = SPEC["info"]["description"]
    for type_ in types | {"about:blank"}:
        assert f"`{type_}`" in description, f"{type_} is not documented"
    documented = set(re.findall(rf"`({re.escape(errors.PROBLEM_BASE)}[a-z-]+)`", description))
    assert documented == types


def test_spec_version_is_the_service_version():
    from service import __version__

    assert SPEC["info"]["version"] == __version__
