"""The period chooser and the slice filters of the staff pages (read from the query string)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from phuongso.accounts.models import Role, User
from phuongso.core.models import Commune
from phuongso.procedures.models import Channel, Field, Procedure
from phuongso.quality.periods import Period, PeriodError, from_query
from phuongso.quality.slices import Slice

KINDS = [("thang", "Tháng"), ("quy", "Quý"), ("nam", "Năm"), ("khoang", "Khoảng ngày")]
MONTHS = [(str(m), f"Tháng {m}") for m in range(1, 13)]
QUARTERS = [("1", "Quý I"), ("2", "Quý II"), ("3", "Quý III"), ("4", "Quý IV")]
ALL = [("", "Tất cả")]


class PeriodForm(forms.Form):
    ky = forms.ChoiceField(label="Kỳ báo cáo", choices=KINDS, required=False)
    nam = forms.ChoiceField(label="Năm", required=False)
    thang = forms.ChoiceField(label="Tháng", choices=MONTHS, required=False)
    quy = forms.ChoiceField(label="Quý", choices=QUARTERS, required=False)
    tu = forms.DateField(
        label="Từ ngày", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    den = forms.DateField(
        label="Đến ngày", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, data: Any) -> None:
        super().__init__(data)
        year = timezone.localdate().year
        self.fields["nam"].choices = [(str(y), str(y)) for y in range(year, year - 6, -1)]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        raw = {
            key: value for key, value in self.data.items() if key in {"ky", "nam", "thang", "quy"}
        }
        if data.get("tu") or data.get("den") or data.get("ky") == "khoang":
            raw |= {"ky": "khoang", "tu": _iso(data.get("tu")), "den": _iso(data.get("den"))}
        try:
            data["period"] = from_query(raw)
        except PeriodError as error:
            raise forms.ValidationError(str(error)) from None
        return data

    def period(self) -> Period:
        """The period asked for; this month when the form is invalid or empty."""
        data = self.cleaned_data if self.is_valid() else {}
        return data.get("period") or Period.current_month()


class SliceForm(PeriodForm):
    don_vi = forms.TypedChoiceField(label="Đơn vị", coerce=int, required=False, empty_value=None)
    linh_vuc = forms.TypedChoiceField(
        label="Lĩnh vực", coerce=int, required=False, empty_value=None
    )
    thu_tuc = forms.TypedChoiceField(label="Thủ tục", coerce=int, required=False, empty_value=None)
    can_bo = forms.TypedChoiceField(
        label="Cán bộ xử lý", coerce=int, required=False, empty_value=None
    )
    kenh = forms.ChoiceField(label="Kênh", choices=ALL + list(Channel.choices), required=False)
    dia_ban = forms.TypedChoiceField(
        label="Địa bàn (đơn vị cũ)", coerce=int, required=False, empty_value=None
    )

    def __init__(self, data: Any, *, commune: Commune) -> None:
        super().__init__(data)
        self.commune = commune
        self.fields["don_vi"].choices = ALL + [(u.pk, u.name) for u in commune.units.all()]
        procedures = Procedure.objects.filter(commune=commune).order_by("national_code")
        self.fields["thu_tuc"].choices = ALL + [
            (p.pk, f"{p.national_code} {p.name[:70]}") for p in procedures
        ]
        fields = Field.objects.filter(procedures__commune=commune).distinct().order_by("name")
        self.fields["linh_vuc"].choices = ALL + [(f.pk, f.name) for f in fields]
        officials = User.objects.filter(commune=commune, roles__role=Role.SPECIALIST).distinct()
        self.fields["can_bo"].choices = ALL + [
            (u.pk, u.full_name or u.username) for u in officials.order_by("full_name")
        ]
        self.fields["dia_ban"].choices = ALL + [(f.pk, str(f)) for f in commune.former_units.all()]

    def slice(self) -> Slice:
        """The slice the form asks for; this month for the commune when the form is invalid."""
        data = self.cleaned_data if self.is_valid() else {}
        return Slice(
            commune=self.commune,
            period=self.period(),
            unit_id=data.get("don_vi"),
            procedure_id=data.get("thu_tuc"),
            field_id=data.get("linh_vuc"),
            official_id=data.get("can_bo"),
            channel=data.get("kenh") or None,
            former_unit_id=data.get("dia_ban"),
        )


def _iso(value: Any) -> str:
    return value.isoformat() if value else ""
