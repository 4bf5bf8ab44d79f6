"""Field lists of the GeoReport v2 specification (wiki.open311.org/GeoReport_v2), and
documents shaped like its examples, to check our answers against."""

from __future__ import annotations

import json
from xml.etree import ElementTree

SERVICE = {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}
SERVICE_DEFINITION = {"service_code", "attributes"}
REQUEST = {
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
}
CREATED_REALTIME = {"service_request_id", "service_notice", "account_id"}
CREATED_BATCH = {"token", "service_notice", "account_id"}
TOKEN = {"service_request_id", "token"}
ERROR = {"code", "description"}
DISCOVERY = {"changeset", "contact", "key_service", "endpoints"}
ENDPOINT = {"specification", "url", "changeset", "type", "formats"}
STATUSES = {"open", "closed"}
SERVICE_TYPES = {"realtime", "batch", "blackbox"}
# W3C date-time with an offset, as in the specification's examples (2010-04-14T06:37:38-08:00).
W3C = r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$"

# The shape of the specification's examples (our own values): root, item element, fields.
EXAMPLE_SERVICES_XML = """<?xml version="1.0" encoding="utf-8"?>
<services><service><service_code>001</service_code><service_name>x</service_name>
<description>x</description><metadata>true</metadata><type>realtime</type>
<keywords>a, b</keywords><group>x</group></service></services>"""
EXAMPLE_REQUESTS_XML = """<?xml version="1.0" encoding="utf-8"?>
<service_requests><request><service_request_id>1</service_request_id><status>closed</status>
<status_notes>x</status_notes><service_name>x</service_name><service_code>006</service_code>
<description></description><agency_responsible></agency_responsible>
<service_notice></service_notice><requested_datetime>2010-04-14T06:37:38-08:00</requested_datetime>
<updated_datetime>2010-04-14T06:37:38-08:00</updated_datetime>
<expected_datetime>2010-04-15T06:37:38-08:00</expected_datetime><address>x</address>
<address_id>1</address_id><zipcode>1</zipcode><lat>37.76</lat><long>-122.46</long>
<media_url>http://example.org/1.jpg</media_url></request></service_requests>"""
EXAMPLE_ERRORS_JSON = '[{"code": 403, "description": "Invalid api_key received"}]'
EXAMPLE_ERRORS_XML = """<?xml version="1.0" encoding="utf-8"?>
<errors><error><code>403</code><description>Invalid api_key received</description></error></errors>"""


def shape(xml: str) -> tuple[str, str, set[str]]:
    """(root, item element, the item's child elements) of an XML answer."""
    root = ElementTree.fromstring(xml.encode("utf-8"))
    item = root[0]
    return root.tag, item.tag, {child.tag for child in item}


def json_shape(text: str) -> tuple[type, set[str]]:
    data = json.loads(text)
    return type(data), set(data[0])
