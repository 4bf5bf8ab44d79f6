"""GeoReport v2 responses: JSON and XML of the same data, and the specification's errors.

JSON follows the specification's examples (a list of objects; null for a missing value);
XML is the same tree, schemaless and without a namespace, each list wrapped in its plural
element (`<services><service>…`, `<service_requests><request>…`, `<errors><error>…`).
"""

from __future__ import annotations

import json
from typing import Any
from xml.etree.ElementTree import Element, SubElement, tostring

from django.http import HttpResponse

FORMATS = ("xml", "json")
CONTENT_TYPES = {
    "json": "application/json; charset=utf-8",
    "xml": "text/xml; charset=utf-8",
}
# The element of one item inside each plural element.
ITEM = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
}
XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'


class Open311Error(Exception):
    """An error in the specification's format: HTTP status, then code and description."""

    def __init__(self, status: int, description: str, code: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.code = code or status
        self.description = description


def _add(parent: Element, name: str, value: Any) -> None:
    element = SubElement(parent, name)
    if value is None:
        return
    if isinstance(value, bool):
        element.text = "true" if value else "false"
    elif isinstance(value, list):
        for item in value:
            _add(element, ITEM[name], item)
    elif isinstance(value, dict):
        for key, item in value.items():
            _add(element, key, item)
    else:
        element.text = str(value)


def to_xml(root: str, data: list | dict) -> str:
    top = Element(root)
    if isinstance(data, list):
        for item in data:
            _add(top, ITEM[root], item)
    else:
        for key, value in data.items():
            _add(top, key, value)
    return XML_DECLARATION + tostring(top, encoding="unicode")


def respond(fmt: str, root: str, data: list | dict, *, status: int = 200) -> HttpResponse:
    """`root` names the XML document element; JSON is the data itself."""
    if fmt == "json":
        body = json.dumps(data, ensure_ascii=False)
    else:
        body = to_xml(root, data)
    return HttpResponse(body.encode("utf-8"), status=status, content_type=CONTENT_TYPES[fmt])


def error_response(fmt: str, error: Open311Error) -> HttpResponse:
    errors = [{"code": error.code, "description": error.description}]
    return respond(fmt if fmt in FORMATS else "xml", "errors", errors, status=error.status)
