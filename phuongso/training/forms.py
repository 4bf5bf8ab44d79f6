"""Forms of the training pages: they read and type the input; rules live in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from phuongso.accounts.models import User
from phuongso.training.models import Course

CERTIFICATE_ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class OfficialChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.full_name} – {obj.unit or 'chưa gán đơn vị'}"


class EnrolForm(forms.Form):
    def __init__(self, *args: Any, officials: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["officials"] = OfficialChoice(
            label="Cán bộ ghi danh",
            queryset=officials,
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": "Chọn ít nhất một cán bộ."},
        )


class CompletionForm(forms.Form):
    completed_on = forms.DateField(
        label="Ngày hoàn thành",
        widget=DateInput(),
        error_messages={"invalid": "Ngày không hợp lệ (ngày/tháng/năm)."},
    )
    certificate = forms.FileField(
        label="Chứng nhận (PDF, JPEG hoặc PNG, tối đa 5 MB)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": CERTIFICATE_ACCEPT}),
    )
    note = forms.CharField(label="Ghi chú", required=False, max_length=255)

    def __init__(self, *args: Any, courses: QuerySet[Course], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["course"] = forms.ModelChoiceField(
            label="Khóa học", queryset=courses, empty_label="— Chọn khóa học —"
        )
        self.order_fields(["course", "completed_on", "certificate", "note"])
