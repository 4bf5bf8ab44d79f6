"""What personal data phuongso processes, why, on what legal basis, and for how long.

One list, shown on the public privacy page (/quyen-rieng-tu/) and written into every person's
download of their data. Law 91/2025/QH15 on personal data protection (in force 1/1/2026) asks
a controller to state the purpose and legal basis of each processing. Retention periods come
from RETENTION_DAYS (settings.py); "archives" means kept as the archives law requires.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from phuongso.households.privacy import ACCOUNTS_BASIS, REVIEW_BASIS, REVIEW_PURPOSE

ARCHIVES = (
    "Lưu trữ theo Luật Lưu trữ 2024 và thời hạn bảo quản tài liệu tại Thông tư 10/2022/TT-BNV "
    "(không tự động xóa)."
)


@dataclass(frozen=True)
class Processing:
    name: str
    data: str
    purpose: str
    legal_basis: str
    who: str
    retention_kind: str | None = None  # a key of RETENTION_DAYS, or None for archives
    retention_note: str = ""

    @property
    def retention(self) -> str:
        if self.retention_kind is None:
            return self.retention_note or ARCHIVES
        days = settings.RETENTION_DAYS[self.retention_kind]
        text = f"{days} ngày" if days % 365 else f"{days // 365} năm"
        return f"{text}{', ' + self.retention_note if self.retention_note else ''}, sau đó tự động xóa."


PROCESSINGS: list[Processing] = [
    Processing(
        name="Tài khoản dịch vụ công",
        data="Họ tên, số điện thoại, thư điện tử, số định danh cá nhân (tự khai hoặc đã xác "
        "minh), giới tính, ngày sinh, địa chỉ; thời điểm xác minh",
        purpose="Đăng nhập, xác minh danh tính người nộp hồ sơ, liên lạc về hồ sơ",
        legal_basis=ACCOUNTS_BASIS,
        who="Người dùng; cán bộ Bộ phận Một cửa khi tiếp nhận; quản trị hệ thống",
        retention_note="Trong thời gian tài khoản còn được sử dụng; hồ sơ đã nộp được lưu trữ "
        "theo pháp luật về lưu trữ",
    ),
    Processing(
        name="Hồ sơ thủ tục hành chính",
        data="Thông tin người nộp, giấy tờ kèm theo, quá trình xử lý, kết quả, phí và lệ phí, "
        "đánh giá mức độ hài lòng",
        purpose="Tiếp nhận, giải quyết và trả kết quả thủ tục hành chính; đánh giá chất lượng "
        "phục vụ",
        legal_basis="Nghị định 118/2025/NĐ-CP (cơ chế một cửa, một cửa liên thông); Quyết định "
        "766/QĐ-TTg (bộ chỉ số chỉ đạo, điều hành)",
        who="Cán bộ tiếp nhận, chuyên viên, lãnh đạo được phân công xử lý; người nộp",
    ),
    Processing(
        name="Hồ sơ nộp trực tuyến chưa gửi (bản nháp)",
        data="Nội dung đang soạn và giấy tờ đã tải lên",
        purpose="Cho người dân soạn dần hồ sơ trực tuyến",
        legal_basis="Đồng ý của chủ thể dữ liệu khi tự soạn (Luật 91/2025/QH15)",
        who="Chỉ người soạn",
        retention_kind="draft",
        retention_note="kể từ lần lưu cuối",
    ),
    Processing(
        name="Rà soát hộ nghèo, hộ cận nghèo",
        data="Hộ gia đình, thành viên, số định danh, thu nhập, các chỉ số thiếu hụt dịch vụ xã "
        "hội cơ bản (dữ liệu cá nhân nhạy cảm)",
        purpose=REVIEW_PURPOSE,
        legal_basis=REVIEW_BASIS,
        who="Công chức Văn hóa – Xã hội của phường; rà soát viên được phân công (mỗi lần xem "
        "được ghi nhật ký)",
    ),
    Processing(
        name="Phản ánh, kiến nghị",
        data="Nội dung, vị trí, ảnh; họ tên, điện thoại, thư điện tử người phản ánh",
        purpose="Tiếp nhận, xử lý và trả lời phản ánh, kiến nghị về vấn đề tại địa phương",
        legal_basis="Nghị định 20/2008/NĐ-CP (tiếp nhận, xử lý phản ánh, kiến nghị)",
        who="Đơn vị được giao xử lý; nội dung (không kèm thông tin liên lạc) được công khai nếu "
        "người phản ánh đồng ý",
        retention_kind="feedback_contact",
        retention_note="thông tin liên lạc xóa sau khi phản ánh đã kết thúc; nội dung được lưu trữ",
    ),
    Processing(
        name="Tin nhắn SMS, thư điện tử gửi người dân",
        data="Số điện thoại, địa chỉ thư, nội dung thông báo",
        purpose="Gửi mã xác minh, thông báo tình trạng hồ sơ và phản ánh",
        legal_basis="Nghị định 118/2025/NĐ-CP; Luật 91/2025/QH15",
        who="Hệ thống; quản trị hệ thống khi kiểm tra việc gửi",
        retention_kind="notification",
        retention_note="kể từ khi tạo",
    ),
    Processing(
        name="Nhật ký đăng nhập",
        data="Tên đăng nhập đã nhập, địa chỉ IP, trình duyệt, thời điểm",
        purpose="Chống dò mật khẩu, điều tra sự cố an toàn thông tin",
        legal_basis="Luật An ninh mạng 2018; Nghị định 85/2016/NĐ-CP (bảo đảm an toàn hệ thống "
        "thông tin theo cấp độ)",
        who="Quản trị hệ thống",
        retention_kind="sign_in_record",
    ),
    Processing(
        name="Nhật ký truy cập dữ liệu cá nhân",
        data="Ai đã xem, tìm, xuất dữ liệu hộ gia đình hoặc số định danh của ai, lúc nào, vì "
        "mục đích gì",
        purpose="Giám sát việc truy cập dữ liệu cá nhân, trả lời người dân hỏi ai đã xem dữ "
        "liệu của mình",
        legal_basis="Luật 91/2025/QH15; Nghị định 356/2025/NĐ-CP",
        who="Quản trị hệ thống; người dân (phần liên quan đến mình, trong bản tải dữ liệu)",
        retention_kind="access_log",
    ),
    Processing(
        name="Đề nghị chỉnh sửa dữ liệu cá nhân",
        data="Thông tin đang sai, thông tin đúng, trả lời của phường",
        purpose="Thực hiện quyền chỉnh sửa dữ liệu của chủ thể dữ liệu",
        legal_basis="Luật 91/2025/QH15 (quyền chỉnh sửa dữ liệu)",
        who="Người đề nghị; quản trị hệ thống của phường",
        retention_kind="correction_request",
        retention_note="kể từ khi trả lời",
    ),
]
