"""Identifiers people give us: the personal identification number and the phone number.

Rules are in shared/data/people-and-formats.md: the 12-digit number is PPP G YY NNNNNN with
no check digit; phones are validated by `phonenumbers` for region VN and stored as E.164.
"""

from __future__ import annotations

import datetime as dt

import phonenumbers
from django.core.exceptions import ValidationError

from phuongso.core.text import ascii_digits

# Birth-registration province codes of the 63 provinces before the 2025 merger; numbers were
# not reissued after it, so these stay valid.
PROVINCE_CODES: dict[str, str] = {
    "001": "Hà Nội",
    "002": "Hà Giang",
    "004": "Cao Bằng",
    "006": "Bắc Kạn",
    "008": "Tuyên Quang",
    "010": "Lào Cai",
    "011": "Điện Biên",
    "012": "Lai Châu",
    "014": "Sơn La",
    "015": "Yên Bái",
    "017": "Hòa Bình",
    "019": "Thái Nguyên",
    "020": "Lạng Sơn",
    "022": "Quảng Ninh",
    "024": "Bắc Giang",
    "025": "Phú Thọ",
    "026": "Vĩnh Phúc",
    "027": "Bắc Ninh",
    "030": "Hải Dương",
    "031": "Hải Phòng",
    "033": "Hưng Yên",
    "034": "Thái Bình",
    "035": "Hà Nam",
    "036": "Nam Định",
    "037": "Ninh Bình",
    "038": "Thanh Hóa",
    "040": "Nghệ An",
    "042": "Hà Tĩnh",
    "044": "Quảng Bình",
    "045": "Quảng Trị",
    "046": "Thừa Thiên Huế",
    "048": "Đà Nẵng",
    "049": "Quảng Nam",
    "051": "Quảng Ngãi",
    "052": "Bình Định",
    "054": "Phú Yên",
    "056": "Khánh Hòa",
    "058": "Ninh Thuận",
    "060": "Bình Thuận",
    "062": "Kon Tum",
    "064": "Gia Lai",
    "066": "Đắk Lắk",
    "067": "Đắk Nông",
    "068": "Lâm Đồng",
    "070": "Bình Phước",
    "072": "Tây Ninh",
    "074": "Bình Dương",
    "075": "Đồng Nai",
    "077": "Bà Rịa - Vũng Tàu",
    "079": "TP Hồ Chí Minh",
    "080": "Long An",
    "082": "Tiền Giang",
    "083": "Bến Tre",
    "084": "Trà Vinh",
    "086": "Vĩnh Long",
    "087": "Đồng Tháp",
    "089": "An Giang",
    "091": "Kiên Giang",
    "092": "Cần Thơ",
    "093": "Hậu Giang",
    "094": "Sóc Trăng",
    "095": "Bạc Liêu",
    "096": "Cà Mau",
}

MALE, FEMALE = "male", "female"


def validate_personal_id(
    value: str, *, sex: str | None = None, birth_date: dt.date | None = None
) -> str:
    """Return the cleaned 12-digit number or raise ValidationError with a Vietnamese message.
    Full-width or other Unicode digits are the same number ("０３５…" is "035…")."""
    number = normalise_personal_id(value)
    if len(number) != 12 or not (number.isascii() and number.isdecimal()):
        raise ValidationError("Số định danh cá nhân phải gồm đúng 12 chữ số.", code="length")
    if number[:3] not in PROVINCE_CODES:
        raise ValidationError(
            "Mã tỉnh nơi đăng ký khai sinh (3 số đầu: %(code)s) không tồn tại.",
            code="province",
            params={"code": number[:3]},
        )
    century_sex = int(number[3])
    if century_sex > 9:
        raise ValidationError("Chữ số thứ 4 (thế kỷ, giới tính) không hợp lệ.", code="century")
    century = 1900 + (century_sex // 2) * 100
    encoded_sex = FEMALE if century_sex % 2 else MALE
    birth_year = century + int(number[4:6])
    if sex in (MALE, FEMALE) and sex != encoded_sex:
        raise ValidationError("Số định danh không khớp với giới tính đã khai.", code="sex_mismatch")
    if birth_date is not None and birth_date.year != birth_year:
        raise ValidationError(
            "Số định danh không khớp với năm sinh đã khai (%(year)s).",
            code="year_mismatch",
            params={"year": birth_date.year},
        )
    return number


def normalise_personal_id(value: str) -> str:
    """The number as stored and compared: no spaces, ASCII digits."""
    return ascii_digits("".join(value.split()))


def normalise_phone(value: str) -> str:
    """Return a Vietnamese phone number as E.164 (+84…) or raise ValidationError."""
    try:
        parsed = phonenumbers.parse(ascii_digits(value.strip()), "VN")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError("Số điện thoại không hợp lệ.", code="phone") from exc
    if not phonenumbers.is_valid_number_for_region(parsed, "VN"):
        raise ValidationError(
            "Số điện thoại không hợp lệ: cần 10 số, bắt đầu bằng 0 (ví dụ 0912 345 678).",
            code="phone",
        )
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str) -> str:
    """+84912345678 -> 0912 345 678, the way people read it."""
    try:
        parsed = phonenumbers.parse(e164, "VN")
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
