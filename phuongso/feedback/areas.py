"""Where a commune is: a bounding box per commune, distances between reported points.

The boxes are approximate (see data/areas.json): they catch a point typed in the wrong place
or another province, not a point a few metres over a ward boundary.
"""

from __future__ import annotations

import json
import math
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from phuongso.core.models import Commune
from phuongso.feedback.models import CommuneArea

AREAS_FILE = Path(__file__).resolve().parent / "data" / "areas.json"
EARTH_RADIUS_M = 6_371_000


class OutsideArea(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def check_coordinates(latitude: float | None, longitude: float | None) -> None:
    """Both or neither; on the globe. Raises OutsideArea with a message for the citizen."""
    if (latitude is None) != (longitude is None):
        raise OutsideArea("Vui lòng nhập đủ cả vĩ độ và kinh độ, hoặc để trống cả hai.")
    if latitude is None or longitude is None:
        return
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise OutsideArea("Tọa độ không hợp lệ: vĩ độ từ -90 đến 90, kinh độ từ -180 đến 180.")


def check_point(commune: Commune, latitude: float | None, longitude: float | None) -> None:
    """Refuse a point outside the commune's area (when the commune has one)."""
    check_coordinates(latitude, longitude)
    if latitude is None or longitude is None:
        return
    area = CommuneArea.objects.filter(commune=commune).first()
    if area is not None and not area.contains(latitude, longitude):
        raise OutsideArea(
            f"Vị trí đã chọn ({latitude:.5f}, {longitude:.5f}) nằm ngoài địa bàn "
            f"{commune.name}. Vui lòng kiểm tra lại vị trí, hoặc gửi phản ánh đến đúng "
            "xã, phường nơi xảy ra sự việc."
        )


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


@transaction.atomic
def load_areas(path: Path = AREAS_FILE) -> int:
    """Create or update the areas of the communes listed in the data file. Idempotent."""
    count = 0
    for item in json.loads(path.read_text(encoding="utf-8"))["areas"]:
        commune = Commune.objects.filter(code=item["commune_code"]).first()
        if commune is None:
            continue
        CommuneArea.objects.update_or_create(
            commune=commune,
            defaults={
                "min_latitude": Decimal(str(item["min_latitude"])),
                "max_latitude": Decimal(str(item["max_latitude"])),
                "min_longitude": Decimal(str(item["min_longitude"])),
                "max_longitude": Decimal(str(item["max_longitude"])),
                "note": item.get("note", ""),
            },
        )
        count += 1
    return count
