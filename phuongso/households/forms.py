"""Forms of the household pages. They only read and type the input; rules live in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet

from phuongso.accounts.models import Sex
from phuongso.core.models import ResidentialGroup
from phuongso.core.text import format_number, validate_name
from phuongso.households.models import Member, Relation
from phuongso.households.services import MemberData
from phuongso.households.standard import Category, Standard

MAX_WORKBOOK_BYTES = 10 * 1024 * 1024
XLSX_ACCEPT = ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NOT_A_NUMBER = "Ghi số tiền bằng chữ số (đồng/người/tháng), ví dụ 1.500.000."


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def date_field(label: str, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        error_messages={"invalid": "Ngày không hợp lệ (ngày/tháng/năm)."},
    )


class MoneyField(forms.Field):
    """Whole đồng, typed as people write it: "1.500.000", "1 500 000" or "1500000"."""

    widget = forms.TextInput

    def prepare_value(self, value: Any) -> Any:
        return format_number(value) if isinstance(value, int) else value

    def to_python(self, value: Any) -> int | None:
        text = "" if value is None else str(value).strip()
        if not text:
            return None
        digits = text.replace(".", "").replace(" ", "").replace("đ", "")
        if digits.startswith("-") and digits[1:].isdecimal():
            raise forms.ValidationError("Thu nhập không được là số âm.")
        if not digits.isdecimal() or len(digits) > 12:
            raise forms.ValidationError(NOT_A_NUMBER)
        return int(digits)


def group_field(groups: QuerySet[ResidentialGroup], label: str = "Tổ dân phố") -> Any:
    return forms.ModelChoiceField(
        label=label,
        queryset=groups.select_related("former_unit"),
        empty_label="— Chọn tổ dân phố —",
    )


class PersonFields(forms.Form):
    full_name = forms.CharField(label="Họ và tên", max_length=150, validators=[validate_name])
    birth_date = date_field("Ngày sinh")
    sex = forms.ChoiceField(label="Giới tính", choices=Sex.choices)
    personal_id = forms.CharField(
        label="Số định danh cá nhân (nếu có)",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text="12 chữ số trên thẻ căn cước hoặc giấy khai sinh.",
    )
    has_disability = forms.BooleanField(label="Người khuyết tật", required=False)
    on_social_allowance = forms.BooleanField(
        label="Đang hưởng trợ cấp xã hội hằng tháng", required=False
    )

    def member_data(self, relation: str) -> MemberData:
        data = self.cleaned_data
        return MemberData(
            full_name=data["full_name"],
            birth_date=data["birth_date"],
            sex=data["sex"],
            relation=relation,
            personal_id="".join(data["personal_id"].split()),
            has_disability=data["has_disability"],
            on_social_allowance=data["on_social_allowance"],
        )


class HouseholdForm(PersonFields):
    """A new household and its head (other members are added afterwards)."""

    code = forms.CharField(label="Mã hộ", max_length=30)
    address = forms.CharField(label="Địa chỉ", max_length=255)
    field_order = [
        "code",
        "residential_group",
        "address",
        "full_name",
        "birth_date",
        "sex",
        "personal_id",
        "has_disability",
        "on_social_allowance",
    ]

    def __init__(self, *args: Any, groups: QuerySet[ResidentialGroup], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["residential_group"] = group_field(groups)
        self.fields["full_name"].label = "Họ và tên chủ hộ"
        self.order_fields(self.field_order)


MEMBER_KINDS = [("birth", "Sinh (trẻ mới sinh)"), ("member_joined", "Chuyển đến, nhập vào hộ")]


class MemberForm(PersonFields):
    kind = forms.ChoiceField(label="Biến động", choices=MEMBER_KINDS)
    relation = forms.ChoiceField(
        label="Quan hệ với chủ hộ",
        choices=[choice for choice in Relation.choices if choice[0] != Relation.HEAD],
    )
    occurred_on = date_field("Ngày chuyển đến (khi nhập vào hộ)", required=False)
    note = forms.CharField(label="Ghi chú", required=False, max_length=500)


def member_choice(members: QuerySet[Member], label: str, *, required: bool = True) -> Any:
    return forms.ModelChoiceField(
        label=label, queryset=members, required=required, empty_label="— Chọn thành viên —"
    )


class LeaveForm(forms.Form):
    kind = forms.ChoiceField(
        label="Biến động", choices=[("death", "Chết"), ("member_left", "Chuyển đi")]
    )
    occurred_on = date_field("Ngày xảy ra")
    note = forms.CharField(label="Ghi chú", required=False, max_length=500)

    def __init__(self, *args: Any, members: QuerySet[Member], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"] = member_choice(members, "Thành viên")
        self.fields["new_head"] = member_choice(
            members, "Chủ hộ mới (khi người này là chủ hộ)", required=False
        )
        self.order_fields(["kind", "member", "occurred_on", "new_head", "note"])


class MoveForm(forms.Form):
    address = forms.CharField(label="Địa chỉ mới", max_length=255)
    occurred_on = date_field("Ngày chuyển")
    note = forms.CharField(label="Ghi chú", required=False, max_length=500)

    def __init__(self, *args: Any, groups: QuerySet[ResidentialGroup], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["residential_group"] = group_field(groups, "Tổ dân phố mới")
        self.order_fields(["residential_group", "address", "occurred_on", "note"])


STAY = ""


class SplitForm(forms.Form):
    """One choice per present member: stay, or the relation in the new household."""

    new_code = forms.CharField(label="Mã hộ mới", max_length=30)
    address = forms.CharField(label="Địa chỉ hộ mới", max_length=255)
    occurred_on = date_field("Ngày tách hộ")
    note = forms.CharField(label="Ghi chú", required=False, max_length=500)

    def __init__(
        self,
        *args: Any,
        members: QuerySet[Member],
        groups: QuerySet[ResidentialGroup],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["residential_group"] = group_field(groups, "Tổ dân phố của hộ mới")
        choices = [(STAY, "Ở lại hộ cũ"), *Relation.choices]
        self.member_fields = []
        for member in members:
            name = f"member_{member.pk}"
            self.fields[name] = forms.ChoiceField(
                label=member.full_name, choices=choices, required=False
            )
            self.member_fields.append(name)

    def relations(self) -> dict[int, str]:
        return {
            int(name.removeprefix("member_")): self.cleaned_data[name]
            for name in self.member_fields
            if self.cleaned_data.get(name)
        }


class SurveyForm(forms.Form):
    monthly_income_per_person = MoneyField(
        label="Thu nhập bình quân (đồng/người/tháng)",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text="Tổng thu nhập 12 tháng qua của cả hộ chia cho số thành viên và 12 tháng.",
    )

    def __init__(self, *args: Any, standard: Standard, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.standard = standard
        self.fields["deprivations"] = forms.MultipleChoiceField(
            label="Các chỉ số hộ bị thiếu hụt",
            required=False,
            choices=[(item.key, item.label) for item in standard.indicators],
            widget=forms.CheckboxSelectMultiple,
        )


class WorkbookForm(forms.Form):
    workbook = forms.FileField(
        label="Tệp Excel phiếu rà soát (.xlsx)",
        help_text="Tải phiếu mẫu, điền rồi tải lên. Tối đa 10 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": XLSX_ACCEPT}),
    )

    def clean_workbook(self) -> UploadedFile:
        workbook = self.cleaned_data["workbook"]
        if not workbook.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("Chỉ nhận tệp Excel định dạng .xlsx.")
        if workbook.size > MAX_WORKBOOK_BYTES:
            raise forms.ValidationError("Tệp lớn hơn 10 MB.")
        return workbook


class OpenReviewForm(forms.Form):
    year = forms.IntegerField(label="Năm rà soát", min_value=2022, max_value=2100)


class MeetingForm(forms.Form):
    held_on = date_field("Ngày họp")
    attendees = forms.IntegerField(label="Số người dự họp", min_value=1, max_value=5000)
    conclusion = forms.CharField(
        label="Kết luận của cuộc họp",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, groups: QuerySet[ResidentialGroup], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["residential_group"] = group_field(groups)
        self.order_fields(["residential_group", "held_on", "attendees", "conclusion"])


class ApprovalForm(forms.Form):
    decision_number = forms.CharField(label="Số quyết định phê duyệt", max_length=60)
    decision_date = date_field("Ngày quyết định")
    decision_signer = forms.CharField(label="Người ký", max_length=150, required=False)


class PublishForm(forms.Form):
    publish_names = forms.BooleanField(
        label="Công bố tên chủ hộ trên cổng thông tin",
        required=False,
        help_text="Để trống: trang công khai chỉ hiện số hộ nghèo, cận nghèo theo tổ dân phố.",
    )


class AssignmentForm(forms.Form):
    username = forms.CharField(
        label="Tên đăng nhập của rà soát viên",
        max_length=150,
        help_text="Tài khoản phải có sẵn (do quản trị phường cấp).",
    )

    def __init__(self, *args: Any, groups: QuerySet[ResidentialGroup], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["residential_group"] = group_field(groups)
        self.order_fields(["residential_group", "username"])


class ChangeForm(forms.Form):
    to_category = forms.ChoiceField(label="Phân loại mới", choices=Category.choices)
    occurred_on = date_field("Ngày công nhận")
    reason = forms.CharField(
        label="Lý do, căn cứ",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Ví dụ: Quyết định số …/QĐ-UBND công nhận hộ thoát nghèo.",
    )


class PersonExportForm(forms.Form):
    identifier = forms.CharField(
        label="Số định danh cá nhân hoặc mã thành viên",
        max_length=20,
        help_text="12 chữ số định danh, hoặc mã thành viên (số) ghi trên trang hộ gia đình.",
    )
    request_reference = forms.CharField(
        label="Số, ngày phiếu yêu cầu của người dân",
        max_length=120,
        help_text="Ghi để đối chiếu: ví dụ 'Đơn ngày 05/01/2026 của ông Nguyễn Văn A'.",
    )
