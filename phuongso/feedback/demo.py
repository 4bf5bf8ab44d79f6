"""Demo data: the categories of reports with their units, the ward's area, and about thirty
reports in every state, written through the services (with their history) and backdated.

The reports are invented for the demonstration and marked is_demo; nobody is messaged.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from phuongso.accounts.identity import normalise_phone
from phuongso.accounts.models import Role, User
from phuongso.core import calendar
from phuongso.core.models import Commune, GovernmentUnit
from phuongso.feedback import notifications, services
from phuongso.feedback.areas import load_areas
from phuongso.feedback.models import Category, RatingLevel, Report
from phuongso.feedback.services import Reporter

CATEGORIES_FILE = Path(__file__).resolve().parent / "data" / "categories.json"
DEMO_PHONES = ("0912345678", "0987654321")


@transaction.atomic
def seed_categories(commune: Commune, path: Path = CATEGORIES_FILE) -> list[Category]:
    """Create or update the commune's categories from the data file. Idempotent."""
    result = []
    for order, item in enumerate(json.loads(path.read_text(encoding="utf-8"))["categories"]):
        unit = (
            commune.units.filter(kind=item["unit_kind"]).first()
            or commune.units.filter(kind="office").first()
        )
        if unit is None:
            continue
        category, _ = Category.objects.update_or_create(
            commune=commune,
            code=item["code"],
            defaults={
                "name": item["name"],
                "description": item.get("description", ""),
                "group": item.get("group", ""),
                "keywords": item.get("keywords", ""),
                "responsible_unit": unit,
                "order": order,
            },
        )
        result.append(category)
    return result


@dataclass(frozen=True)
class Story:
    """One demo report: what, where, when (working days ago) and how far it went."""

    code: str
    group: str
    address: str
    text: str
    days_ago: int
    path: str  # how far it went: a key of PATHS
    answer: str = ""
    reporter: int | None = 0  # index into DEMO_PHONES; None: anonymous
    publish: bool = True
    rating: str = ""


STORIES: tuple[Story, ...] = (
    Story("den-chieu-sang", "Tổ dân phố 3 Thanh Miếu", "Ngõ 12 phố Hàm Nghi",
          "Ba cột đèn đầu ngõ 12 không sáng từ tuần trước, buổi tối rất tối, người đi bộ và trẻ em đi học về dễ bị ngã.",
          1, "accepted", reporter=1),
    Story("den-chieu-sang", "Tổ dân phố 2 Tiên Cát", "Đường Nguyễn Tất Thành, đoạn trước chợ",
          "Đèn đường sáng cả ban ngày, lãng phí điện.", 12, "resolved",
          "Đã thay bộ hẹn giờ của tủ điện chiếu sáng; đèn tắt lúc 5 giờ 30 sáng.", rating=RatingLevel.VERY_SATISFIED),
    Story("den-chieu-sang", "Tổ dân phố 5 Bạch Hạc", "Đê sông Lô, đoạn gần bến đò",
          "Cột đèn bị nghiêng sau cơn giông, dây điện võng thấp, nguy hiểm.", 20, "closed",
          "Điện lực và Phòng Kinh tế đã dựng lại cột, căng lại dây trong ngày 05.", rating=RatingLevel.SATISFIED),
    Story("den-chieu-sang", "Tổ dân phố 7 Thọ Sơn", "Phố Đinh Tiên Hoàng",
          "Đèn đường nhấp nháy liên tục cả đêm.", 4, "new_late", reporter=None),
    Story("ngap-ung-thoat-nuoc", "Tổ dân phố 4 Thanh Miếu", "Phố Tân Bình, trước số nhà 45",
          "Mỗi khi mưa to, đoạn đường trước số 45 ngập sâu khoảng 30 cm, nước tràn vào nhà dân.",
          9, "working", "Phòng Kinh tế đã khảo sát, sẽ nạo vét cống ngang trong tuần tới."),
    Story("ngap-ung-thoat-nuoc", "Tổ dân phố 1 Tiên Cát", "Ngã ba Trần Phú – Hòa Phong",
          "Nắp cống bị vỡ, ô tô đi qua rất nguy hiểm.", 15, "resolved",
          "Đã thay nắp cống gang mới.", reporter=1, rating=RatingLevel.SATISFIED),
    Story("ngap-ung-thoat-nuoc", "Tổ dân phố 4 Thanh Miếu", "Phố Tân Bình",
          "Đường Tân Bình ngập khi mưa, đề nghị phường xử lý.", 8, "merged", reporter=None),
    Story("ngap-ung-thoat-nuoc", "Tổ dân phố 2 Sông Lô", "Xóm Bãi",
          "Rãnh thoát nước bị lấp đất, nước đọng bốc mùi.", 6, "needs_info",
          "Đề nghị cho biết đoạn rãnh cụ thể (gần nhà ai, cột điện số mấy) để tổ công tác kiểm tra."),
    Story("ngap-ung-thoat-nuoc", "Tổ dân phố 8 Thọ Sơn", "Ngõ 3 phố Lê Quý Đôn",
          "Cống ngầm ngõ 3 tắc, nước thải tràn ra đường.", 25, "late",
          "Đã thông tắc cống ngầm, nạo vét 20 m rãnh.", rating=RatingLevel.NOT_SATISFIED),
    Story("rac-thai-ve-sinh", "Tổ dân phố 6 Tiên Cát", "Bãi đất trống cạnh trường mầm non",
          "Có người đổ trộm phế thải xây dựng ra bãi đất trống cạnh trường mầm non.", 3, "working",
          "Đã báo tổ dân phố và Công an phường theo dõi, sẽ thu dọn trong tuần."),
    Story("rac-thai-ve-sinh", "Tổ dân phố 9 Thanh Miếu", "Điểm tập kết rác chợ Thanh Miếu",
          "Rác ở điểm tập kết chợ ba ngày chưa được thu gom, mùi rất nặng.", 10, "resolved",
          "Đơn vị thu gom đã tăng một chuyến thu rác buổi chiều tại chợ.", reporter=1, rating=RatingLevel.VERY_SATISFIED),
    Story("rac-thai-ve-sinh", "Tổ dân phố 3 Bạch Hạc", "Bờ sông cạnh đền Bạch Hạc",
          "Rác thải sinh hoạt vứt dọc bờ sông, ảnh hưởng cảnh quan khu di tích.", 2, "new", reporter=None),
    Story("rac-thai-ve-sinh", "Tổ dân phố 5 Thọ Sơn", "Phố Bạch Đằng",
          "Xe thu gom rác đến quá sớm (4 giờ sáng), gây ồn.", 14, "reopened",
          "Đã đề nghị đơn vị thu gom lùi giờ thu sang 5 giờ 30."),
    Story("rac-thai-ve-sinh", "Tổ dân phố 1 Sông Lô", "Đường vào xóm Chùa",
          "Thùng rác công cộng bị hỏng nắp.", 7, "refused",
          "Thùng rác này thuộc hộ kinh doanh, không phải tài sản công; phường đã nhắc hộ kinh doanh tự thay.",
          reporter=None),
    Story("trat-tu-tieng-on", "Tổ dân phố 10 Thanh Miếu", "Quán karaoke số 18 phố Hùng Vương",
          "Quán karaoke hát đến 1 giờ sáng nhiều đêm liền, ảnh hưởng người già và trẻ nhỏ.", 5, "working",
          "Công an phường đã lập biên bản nhắc nhở chủ quán, sẽ kiểm tra đột xuất.", reporter=1),
    Story("trat-tu-tieng-on", "Tổ dân phố 4 Tiên Cát", "Vỉa hè phố Trần Phú",
          "Các quán ăn lấn chiếm hết vỉa hè, người đi bộ phải đi xuống lòng đường.", 18, "resolved",
          "Đã ra quân giải tỏa, yêu cầu các hộ ký cam kết không tái lấn chiếm.", rating=RatingLevel.SATISFIED),
    Story("trat-tu-tieng-on", "Tổ dân phố 2 Thọ Sơn", "Sân nhà văn hóa tổ 2",
          "Loa kẹo kéo hát ở sân nhà văn hóa đến khuya.", 1, "new", publish=False),
    Story("khac", "Tổ dân phố 6 Bạch Hạc", "Chợ Bạch Hạc",
          "Xe tải đỗ chắn lối vào chợ vào buổi sáng.", 11, "transferred",
          "Công an phường nhận và xử lý theo thẩm quyền về trật tự giao thông."),
    Story("thu-tuc-hanh-chinh", "Tổ dân phố 7 Tiên Cát", "Trung tâm Phục vụ hành chính công",
          "Nộp hồ sơ đăng ký khai sinh trực tuyến nhưng vẫn bị yêu cầu mang bản giấy đến.", 6, "resolved",
          "Trung tâm đã rút kinh nghiệm: hồ sơ trực tuyến đủ điều kiện không yêu cầu bản giấy.",
          rating=RatingLevel.SATISFIED),
    Story("thu-tuc-hanh-chinh", "Tổ dân phố 3 Thọ Sơn", "Trung tâm Phục vụ hành chính công",
          "Chờ lâu ở quầy chứng thực vào sáng thứ Hai, chỉ có một cán bộ làm việc.", 2, "accepted",
          reporter=1),
    Story("thu-tuc-hanh-chinh", "Tổ dân phố 8 Tiên Cát", "",
          "Đề nghị niêm yết rõ lệ phí chứng thực bản sao tại quầy.", 22, "closed",
          "Đã niêm yết bảng phí, lệ phí tại quầy và trên cổng dịch vụ công."),
    Story("khac", "Tổ dân phố 5 Thanh Miếu", "Sân chơi trẻ em tổ 5",
          "Đề nghị lắp thêm ghế đá và đèn ở sân chơi trẻ em.", 16, "working",
          "Phường đã đưa vào kế hoạch chỉnh trang năm nay, dự kiến lắp trong quý tới.", reporter=None),
    Story("khac", "Tổ dân phố 9 Tiên Cát", "Cây xanh phố Lê Hồng Phong",
          "Cây xà cừ lớn có cành khô sắp gãy, nguy hiểm khi mưa bão.", 3, "accepted"),
    Story("den-chieu-sang", "Tổ dân phố 6 Thanh Miếu", "Ngõ 7 phố Tân Bình",
          "Ngõ 7 chưa có đèn chiếu sáng, đề nghị lắp mới.", 13, "working",
          "Đã đưa ngõ 7 vào danh sách lắp đèn năng lượng mặt trời đợt 2.", reporter=1),
    Story("ngap-ung-thoat-nuoc", "Tổ dân phố 3 Sông Lô", "Đường liên xóm",
          "Mương nội đồng tràn nước ra đường sau mưa.", 9, "resolved",
          "Đã khơi thông cửa xả mương nội đồng.", rating=RatingLevel.VERY_SATISFIED),
    Story("rac-thai-ve-sinh", "Tổ dân phố 2 Thanh Miếu", "Ngõ 21 phố Hùng Vương",
          "Hộ dân đốt rác gây khói cả ngõ.", 1, "new"),
    Story("trat-tu-tieng-on", "Tổ dân phố 1 Thọ Sơn", "Phố Hòa Bình",
          "Cơ sở sửa xe máy vận hành máy nén khí ồn từ 6 giờ sáng.", 24, "late",
          "Đã yêu cầu cơ sở di chuyển máy nén khí vào trong và chỉ hoạt động sau 7 giờ.",
          reporter=None),
    Story("den-chieu-sang", "Tổ dân phố 4 Bạch Hạc", "Cầu Bạch Hạc, đầu cầu phía phường",
          "Hai đèn trang trí đầu cầu bị hỏng.", 7, "resolved",
          "Đã thay bóng LED mới.", reporter=None),
    Story("khac", "Tổ dân phố 10 Tiên Cát", "Nhà văn hóa tổ 10",
          "Đề nghị phường tổ chức lớp hướng dẫn người cao tuổi dùng dịch vụ công trực tuyến.", 12, "resolved",
          "Phường phối hợp Đoàn thanh niên mở lớp vào sáng thứ Bảy hằng tuần tại nhà văn hóa.",
          reporter=1, rating=RatingLevel.VERY_SATISFIED),
    Story("ngap-ung-thoat-nuoc", "Tổ dân phố 7 Thanh Miếu", "Phố Minh Lang",
          "Hố ga không có lưới chắn rác, rác chảy xuống cống.", 4, "accepted", reporter=None),
)  # fmt: skip


# --- writing the stories ---------------------------------------------------------------------


class _Clock:
    """Backdated moments on working days, strictly increasing, never in the future."""

    def __init__(self, now: datetime, days_ago: int) -> None:
        self.now = now
        day = timezone.localtime(now).date()
        while days_ago > 0:
            day -= timedelta(days=1)
            days_ago -= calendar.is_working_day(day)
        self.day = day
        self.last: datetime | None = None

    def at(self, offset: int, hour: int) -> datetime:
        day = calendar.add_working_days(self.day, offset) if offset else self.day
        moment = datetime.combine(day, time(hour, 15), tzinfo=timezone.get_current_timezone())
        moment = min(moment, self.now - timedelta(minutes=30))
        if self.last is not None and moment <= self.last:
            moment = self.last + timedelta(minutes=7)
        self.last = moment
        return moment


def _position(index: int) -> tuple[float, float]:
    """A point inside Thanh Miếu's box, spread by the story's index."""
    return 21.300 + (index * 0.0037) % 0.035, 105.400 + (index * 0.0053) % 0.045


def _reporter(story: Story) -> Reporter:
    if story.reporter is None:
        return Reporter(name="")
    user = User.objects.filter(phone=normalise_phone(DEMO_PHONES[story.reporter])).first()
    return Reporter.from_user(user) if user else Reporter(name="")


def _worker(report: Report) -> User | None:
    unit: GovernmentUnit = report.current_unit
    return (
        User.objects.filter(unit=unit, roles__role=Role.SPECIALIST, is_active=True).first()
        or User.objects.filter(
            commune=report.commune, roles__role=Role.LEADER, is_active=True
        ).first()
    )


def _submit(commune: Commune, story: Story, index: int, clock: _Clock) -> Report:
    category = Category.objects.get(commune=commune, code=story.code)
    latitude, longitude = _position(index)
    return services.submit_report(
        commune=commune,
        category=category,
        description=story.text,
        reporter=_reporter(story),
        residential_group=commune.residential_groups.filter(name=story.group).first(),
        address=story.address,
        latitude=latitude,
        longitude=longitude,
        may_publish=story.publish,
        at=clock.at(0, 8),
        is_demo=True,
    )


def _resolve(report: Report, story: Story, clock: _Clock, offset: int) -> Report:
    worker = _worker(report)
    report = services.accept(report, actor=worker, at=clock.at(1, 9))
    report = services.start(report, actor=worker, at=clock.at(1, 14))
    return services.resolve(report, actor=worker, answer=story.answer, at=clock.at(offset, 10))


def _rate(report: Report, story: Story, clock: _Clock) -> Report:
    if story.rating and report.reporter is not None:
        services.rate(report, actor=report.reporter, level=story.rating, at=clock.at(0, 16))
    return report


def _key(story: Story) -> str:
    return f"{story.code}|{story.group}"


def _accepted(report: Report, story: Story, clock: _Clock, kept: dict) -> Report:
    return services.accept(report, actor=_worker(report), at=clock.at(1, 9))


def _working(report: Report, story: Story, clock: _Clock, kept: dict) -> Report:
    worker = _worker(report)
    report = _accepted(report, story, clock, kept)
    report = services.start(report, actor=worker, at=clock.at(1, 14))
    report = services.reply(report, actor=worker, message=story.answer, at=clock.at(2, 10))
    kept.setdefault(_key(story), report)
    return report


def _needs_info(report: Report, story: Story, clock: _Clock, kept: dict) -> Report:
    report = _accepted(report, story, clock, kept)
    return services.request_info(
        report, actor=_worker(report), question=story.answer, at=clock.at(2, 9)
    )


def _resolved(report: Report, story: Story, clock: _Clock, kept: dict) -> Report:
    return _rate(_resolve(report, story, clock, min(5, story.days_ago)), story, clock)


def _closed(report: Report, story: Story, clock: _Clock, kept: dict) -> Report:
    report = _resolved(report, story, clock, kept)
    return services.close(report, actor=None, at=clock.at(0, 17))


def _late(report: Report, story: Story, clock: _Clock, kept: dict) -> Report:
    return _rate(_resolve(report, story, clock, 17), story, clock)


def _reopened(report: Report, story: Story, clock: _Clock, kept: dict) -> Report:
    if report.reporter is None:
        return report
    report = _resolve(report, story, clock, 4)
    reason = "Xe thu gom vẫn đến lúc 4 giờ sáng trong hai ngày nay."
    return services.reopen(report, actor=report.reporter, reason=reason, at=clock.at(6, 19))


def _refused(report: Report, story: Story, clock: _Clock, kept: dict) -> Report:
    return services.refuse(report, actor=_worker(report), reason=story.answer, at=clock.at(1, 9))


def _merged(report: Report, story: Story, clock: _Clock, kept: dict) -> Report:
    if _key(story) not in kept:
        return report
    return services.merge(report, actor=_worker(report), into=kept[_key(story)], at=clock.at(1, 11))


def _transferred(report: Report, story: Story, clock: _Clock, kept: dict) -> Report:
    police = report.commune.units.get(kind="police")
    reason = "Việc đỗ xe chắn lối đi thuộc thẩm quyền của Công an phường."
    report = services.transfer(
        report, actor=_worker(report), unit=police, reason=reason, at=clock.at(1, 8)
    )
    return services.accept(report, actor=_worker(report), note=story.answer, at=clock.at(1, 15))


PATHS = {
    "new": lambda report, story, clock, kept: report,
    "new_late": lambda report, story, clock, kept: report,
    "accepted": _accepted,
    "working": _working,
    "needs_info": _needs_info,
    "resolved": _resolved,
    "closed": _closed,
    "late": _late,
    "reopened": _reopened,
    "refused": _refused,
    "merged": _merged,
    "transferred": _transferred,
}


def seed_demo_reports(commune: Commune, *, now: datetime | None = None) -> int:
    """Write the demo reports once; returns how many were written (0 when already there)."""
    if Report.objects.filter(commune=commune, is_demo=True).exists():
        return 0
    if not User.objects.filter(commune=commune, roles__role=Role.LEADER).exists():
        return 0  # nobody to handle them yet: run again after the demo accounts exist
    if not Category.objects.filter(commune=commune).exists():
        seed_categories(commune)
    now = now or timezone.now()
    kept: dict[str, Report] = {}
    written = 0
    with notifications.quietly(), transaction.atomic():
        for index, story in enumerate(STORIES):
            clock = _Clock(now, story.days_ago)
            PATHS[story.path](_submit(commune, story, index, clock), story, clock, kept)
            written += 1
    return written


def seed(commune: Commune) -> tuple[int, int]:
    """Categories, areas and demo reports; returns (categories, reports written)."""
    categories = seed_categories(commune)
    load_areas()
    return len(categories), seed_demo_reports(commune)
