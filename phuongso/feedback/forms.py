"""Forms of the report pages. They validate input only; the services decide what is allowed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from phuongso.accounts.identity import normalise_phone
from phuongso.core.models import Commune, GovernmentUnit
from phuongso.core.text import validate_name
from phuongso.feedback.areas import OutsideArea, check_point
from phuongso.feedback.models import Category, RatingLevel, Report
from phuongso.feedback.photos import ACCEPT, check_photos
from phuongso.feedback.services import MAX_DESCRIPTION
from phuongso.feedback.workflow import Action


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items if item]


class LocationForm(forms.Form):
    """Step 1: what kind of problem, and where."""

    category = forms.ModelChoiceField(
        label="Lĩnh vực phản ánh",
        queryset=Category.objects.none(),
        empty_label="— Chọn lĩnh vực —",
        error_messages={"required": "Vui lòng chọn lĩnh vực phản ánh."},
    )
    residential_group = forms.ModelChoiceField(
        label="Tổ dân phố nơi xảy ra sự việc",
        queryset=None,
        required=False,
        empty_label="— Chọn tổ dân phố (nếu biết) —",
    )
    address = forms.CharField(
        label="Địa chỉ, địa điểm cụ thể",
        max_length=255,
        required=False,
        help_text="Số nhà, tên đường, ngõ, hoặc một điểm dễ nhận ra gần đó.",
    )
    latitude = forms.FloatField(
        label="Vĩ độ",
        required=False,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    longitude = forms.FloatField(
        label="Kinh độ",
        required=False,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )

    def __init__(self, *args: Any, commune: Commune, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commune = commune
        self.fields["category"].queryset = commune.feedback_categories.filter(is_active=True)
        self.fields["residential_group"].queryset = commune.residential_groups.all()

    def clean(self) -> dict:
        data = super().clean()
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if "latitude" in self.errors or "longitude" in self.errors:
            return data
        if not (data.get("residential_group") or data.get("address") or latitude is not None):
            raise ValidationError(
                "Vui lòng cho biết nơi xảy ra sự việc: tổ dân phố, địa chỉ hoặc vị trí trên bản đồ."
            )
        try:
            check_point(self.commune, latitude, longitude)
        except OutsideArea as exc:
            self.add_error("latitude", exc.message)
        return data


class DetailsForm(forms.Form):
    """Step 2: what happened, photos, contact, consent to publish."""

    description = forms.CharField(
        label="Nội dung phản ánh",
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Mô tả vấn đề: hiện tượng, từ khi nào, ảnh hưởng thế nào.",
        error_messages={"required": "Vui lòng mô tả vấn đề bạn phản ánh."},
    )
    photos = MultipleFileField(label="Ảnh chụp hiện trường (không bắt buộc)", required=False)
    dossier_code = forms.CharField(
        label="Mã hồ sơ thủ tục hành chính liên quan (không bắt buộc)",
        max_length=60,
        required=False,
        help_text="Nếu phản ánh về việc giải quyết một hồ sơ của bạn, ghi mã hồ sơ trên giấy "
        "tiếp nhận hồ sơ và hẹn trả kết quả.",
    )
    may_publish = forms.BooleanField(
        label="Đồng ý công khai phản ánh trên cổng thông tin",
        required=False,
        initial=True,
        help_text="Chỉ công khai nội dung, vị trí và trả lời của phường; không công khai họ tên, "
        "số điện thoại, thư điện tử của bạn.",
    )

    def __init__(self, *args: Any, anonymous: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        megabytes = settings.UPLOAD_MAX_FILE_MB
        self.fields[
            "photos"
        ].help_text = f"Ảnh JPEG hoặc PNG, tối đa {settings.FEEDBACK_MAX_PHOTOS} ảnh, mỗi ảnh không quá {megabytes} MB."
        if anonymous:
            self.fields["name"] = forms.CharField(
                label="Họ và tên (không bắt buộc)",
                max_length=150,
                required=False,
                validators=[validate_name],
            )
            self.fields["phone"] = forms.CharField(
                label="Số điện thoại nhận trả lời (không bắt buộc)",
                max_length=20,
                required=False,
                widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
            )
            self.fields["email"] = forms.EmailField(
                label="Thư điện tử nhận trả lời (không bắt buộc)",
                required=False,
                error_messages={"invalid": "Địa chỉ thư điện tử không hợp lệ."},
            )

    def clean_photos(self) -> list[UploadedFile]:
        return check_photos(self.cleaned_data.get("photos") or [])

    def clean_phone(self) -> str:
        raw = self.cleaned_data.get("phone", "").strip()
        return normalise_phone(raw) if raw else ""


class ActionForm(forms.Form):
    """The fields one desk action needs; the version guards against a stale page."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label="Nội dung", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    LABELS = {
        Action.ACCEPT: "Lời nhắn cho người phản ánh (không bắt buộc)",
        Action.REFUSE: "Lý do không tiếp nhận (gửi cho người phản ánh)",
        Action.TRANSFER: "Lý do chuyển (lưu trong nhật ký)",
        Action.REQUEST_INFO: "Thông tin cần người phản ánh bổ sung",
        Action.PROVIDE_INFO: "Thông tin người phản ánh đã bổ sung (qua điện thoại, trực tiếp…)",
        Action.START: "Ghi chú (không bắt buộc)",
        Action.REPLY: "Nội dung trả lời, tiến độ xử lý (công khai)",
        Action.RESOLVE: "Kết quả giải quyết (gửi người phản ánh và công khai)",
        Action.CLOSE: "Ghi chú (không bắt buộc)",
    }

    def __init__(self, *args: Any, action: str, report: Report, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.action = action
        self.report = report
        self.fields["note"].label = self.LABELS.get(action, "Nội dung")
        if action == Action.TRANSFER:
            self.fields["unit"] = forms.ModelChoiceField(
                label="Chuyển đến đơn vị",
                queryset=GovernmentUnit.objects.filter(commune_id=report.commune_id).exclude(
                    pk=report.current_unit_id
                ),
            )
        if action == Action.MERGE:
            del self.fields["note"]
            self.fields["into"] = forms.IntegerField(
                label="Số của phản ánh được giữ lại",
                min_value=1,
                help_text="Phản ánh này sẽ đóng và người phản ánh theo dõi phản ánh được giữ lại.",
            )


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReopenForm(VersionedForm):
    reason = forms.CharField(
        label="Vì sao cần mở lại?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Vui lòng cho biết vì sao cần mở lại."},
    )


class InfoForm(VersionedForm):
    info = forms.CharField(
        label="Thông tin bổ sung",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Vui lòng nhập thông tin bổ sung."},
    )


class RatingForm(forms.Form):
    level = forms.ChoiceField(
        label="Bạn đánh giá thế nào về kết quả giải quyết?",
        choices=RatingLevel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Vui lòng chọn mức độ hài lòng."},
    )
    comment = forms.CharField(
        label="Ý kiến của bạn (không bắt buộc)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class FilterForm(forms.Form):
    """Filters of the public list (GET)."""

    linh_vuc = forms.ModelChoiceField(
        label="Lĩnh vực", queryset=Category.objects.none(), required=False, empty_label="Tất cả"
    )
    to = forms.ModelChoiceField(
        label="Tổ dân phố", queryset=None, required=False, empty_label="Tất cả"
    )
    trang_thai = forms.ChoiceField(label="Trạng thái", required=False)

    def __init__(self, *args: Any, commune: Commune, statuses: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["linh_vuc"].queryset = commune.feedback_categories.all()
        self.fields["to"].queryset = commune.residential_groups.all()
        self.fields["trang_thai"].choices = [("", "Tất cả"), *statuses]
