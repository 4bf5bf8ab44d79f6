"""Forms collect what a person typed; the rules are in services.py, whose refusals the views
show as the form's error."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from phuongso.core.models import GovernmentUnit
from phuongso.resolution.formatting import parse_number
from phuongso.resolution.models import Indicator, Plan, Resolution, Task, TaskStatus

QUARTERS = [("0", "Cả năm"), ("1", "Quý I"), ("2", "Quý II"), ("3", "Quý III"), ("4", "Quý IV")]
DATE_WIDGET = forms.DateInput(
    attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"},
    format="%d/%m/%Y",
)


class VietnameseNumberField(forms.CharField):
    """A number typed as 410,6 or 15.219 (the decimal comma, the thousands dot)."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            return parse_number(text)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


class ActualForm(forms.Form):
    year = forms.IntegerField(label="Năm")
    quarter = forms.TypedChoiceField(
        label="Kỳ", choices=QUARTERS, coerce=int, initial="0",
        help_text="Số liệu quý ghi lũy kế từ đầu năm đối với số thu, số vốn.",
    )  # fmt: skip
    value = VietnameseNumberField(
        label="Giá trị thực hiện", required=False,
        help_text="Dấu phẩy cho phần thập phân, dấu chấm ngăn cách hàng nghìn: 410,6 hoặc 15.219.",
    )  # fmt: skip
    source = forms.CharField(
        label="Nguồn số liệu (bắt buộc)", required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Số, ngày văn bản hoặc báo cáo; cơ quan cung cấp số liệu.",
    )  # fmt: skip
    evidence = forms.FileField(
        label="Tệp minh chứng (không bắt buộc)", required=False,
        help_text="PDF, JPEG hoặc PNG.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )  # fmt: skip

    def __init__(self, *args: Any, indicator: Indicator, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        resolution = indicator.resolution
        self.fields[
            "year"
        ].help_text = f"Trong nhiệm kỳ {resolution.term_start}–{resolution.term_end}."
        self.fields["value"].label = f"Giá trị thực hiện ({indicator.unit})"
        if not self.is_bound:
            self.initial.setdefault("year", min(timezone.localdate().year, resolution.term_end))


class PathForm(forms.Form):
    """One field per year of the term; empty keeps (or returns to) the derived value."""

    def __init__(self, *args: Any, years: list[int], unit: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for year in years:
            self.fields[f"y{year}"] = VietnameseNumberField(
                label=f"Năm {year} ({unit})", required=False
            )

    def values(self) -> dict[int, Decimal | None]:
        return {int(name[1:]): value for name, value in self.cleaned_data.items()}


class ProgressForm(forms.Form):
    reported_on = forms.DateField(
        label="Ngày báo cáo", widget=DATE_WIDGET, help_text="Ngày/tháng/năm, ví dụ 26/11/2026."
    )
    percent = forms.CharField(
        label="Tiến độ (%)", max_length=5,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text="Từ 0 đến 100; 100 là hoàn thành.",
    )  # fmt: skip
    text = forms.CharField(label="Nội dung đã thực hiện", widget=forms.Textarea(attrs={"rows": 4}))
    evidence = forms.FileField(
        label="Tệp minh chứng (không bắt buộc)", required=False,
        help_text="PDF, JPEG hoặc PNG.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("reported_on", timezone.localdate())


class TaskStatusForm(forms.Form):
    status = forms.ChoiceField(label="Trạng thái", choices=TaskStatus.choices)
    deadline = forms.DateField(label="Hạn hoàn thành", widget=DATE_WIDGET)
    version = forms.IntegerField(widget=forms.HiddenInput)


class TaskForm(forms.Form):
    name = forms.CharField(label="Tên nhiệm vụ", max_length=300)
    description = forms.CharField(
        label="Nội dung, sản phẩm", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    lead_unit = forms.ModelChoiceField(
        label="Đơn vị chủ trì", queryset=GovernmentUnit.objects.none()
    )
    coordinating_units = forms.ModelMultipleChoiceField(
        label="Đơn vị phối hợp", required=False, queryset=GovernmentUnit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    start_date = forms.DateField(label="Ngày bắt đầu", widget=DATE_WIDGET)
    deadline = forms.DateField(label="Hạn hoàn thành", widget=DATE_WIDGET)
    indicators = forms.ModelMultipleChoiceField(
        label="Phục vụ chỉ tiêu", required=False, queryset=Indicator.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        resolution = plan.programme.resolution
        units = GovernmentUnit.objects.filter(commune_id=resolution.commune_id).order_by("name")
        self.fields["lead_unit"].queryset = units
        self.fields["coordinating_units"].queryset = units
        self.fields["indicators"].queryset = resolution.indicators.all()
        if not self.is_bound:
            self.initial.setdefault("start_date", timezone.localdate())


class ReportForm(forms.Form):
    year = forms.TypedChoiceField(label="Năm", coerce=int, choices=())
    quarter = forms.TypedChoiceField(label="Kỳ báo cáo", choices=QUARTERS, coerce=int, initial="0")

    def __init__(self, *args: Any, resolution: Resolution, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        years = range(resolution.term_start, resolution.term_end + 1)
        self.fields["year"].choices = [(str(year), str(year)) for year in years]
        if not self.is_bound:
            this_year = timezone.localdate().year
            self.initial.setdefault(
                "year", min(max(this_year, resolution.term_start), resolution.term_end)
            )


def task_initial(task: Task) -> dict[str, date | str]:
    return {"status": task.status, "deadline": task.deadline, "version": task.version}
