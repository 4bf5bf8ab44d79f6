"""Forms of the portal, the counter and the processing desk. They validate input only;
the services decide what is allowed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from phuongso.accounts.identity import normalise_phone, validate_personal_id
from phuongso.accounts.models import Role, User
from phuongso.core import calendar
from phuongso.core.models import GovernmentUnit
from phuongso.core.text import validate_name
from phuongso.core.uploads import check_total, check_upload
from phuongso.dossiers.workflow import Action
from phuongso.procedures.models import Channel, Procedure, RequiredDocument

FILE_ACCEPT = "application/pdf,image/jpeg,image/png"


def paper_field_name(document: RequiredDocument) -> str:
    return f"giay_to_{document.pk}"


class PapersMixin:
    """One upload field per paper of the procedure; content-checked, size-limited."""

    procedure: Procedure
    # Bytes of papers already kept (a draft's), by required document: a paper sent now
    # replaces its own, the others count in the dossier's total.
    kept_bytes: dict[int, int]

    def add_paper_fields(self, *, required_when_missing: set[int] | None = None) -> None:
        for document in self.procedure.documents.all():
            label = document.name + ("" if document.mandatory else " (nếu có)")
            self.fields[paper_field_name(document)] = forms.FileField(
                label=label,
                required=bool(required_when_missing and document.pk in required_when_missing),
                widget=forms.ClearableFileInput(attrs={"accept": FILE_ACCEPT}),
                help_text=document.get_copy_kind_display()
                + (f". {document.note}" if document.note else ""),
                error_messages={"required": f"Vui lòng tải lên «{document.name}»."},
            )

    def clean_papers(self) -> dict[int, UploadedFile]:
        uploads: dict[int, UploadedFile] = {}
        for document in self.procedure.documents.all():
            name = paper_field_name(document)
            upload = self.cleaned_data.get(name)  # type: ignore[attr-defined]
            if upload:
                try:
                    uploads[document.pk] = check_upload(upload)
                except ValidationError as exc:
                    self.add_error(name, exc)  # type: ignore[attr-defined]
        kept = sum(size for pk, size in self.kept_bytes.items() if pk not in uploads)
        try:
            check_total(uploads.values(), already=kept)
        except ValidationError as exc:
            self.add_error(None, exc)  # type: ignore[attr-defined]
        return uploads


class SubmissionForm(PapersMixin, forms.Form):
    address = forms.CharField(label="Địa chỉ liên hệ", max_length=255)
    request_text = forms.CharField(
        label="Nội dung đề nghị",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Ghi rõ yêu cầu của bạn (ví dụ họ tên trẻ, ngày sinh, nơi sinh).",
    )
    # Drawn when the form is shown (new_submission_key); see Dossier.submission_key.
    key = forms.RegexField(
        regex=r"^[0-9a-f]{32}$", required=False, widget=forms.HiddenInput, max_length=32
    )

    def __init__(
        self, *args: Any, procedure: Procedure, kept_bytes: dict[int, int], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.procedure = procedure
        self.kept_bytes = kept_bytes
        self.uploaded = set(kept_bytes)
        self.add_paper_fields()

    def clean(self) -> dict:
        data = super().clean()
        data["papers"] = self.clean_papers()
        return data

    def papers_kept_on_error(self) -> dict[int, UploadedFile]:
        """On a form refused for another field, the papers that passed their own checks."""
        papers = {paper_field_name(document) for document in self.procedure.documents.all()}
        if self.non_field_errors() or papers & set(self.errors):
            return {}
        return self.cleaned_data.get("papers", {})

    def missing_mandatory(self) -> list[str]:
        have = self.uploaded | set(self.cleaned_data.get("papers", {}))
        return [d.name for d in self.procedure.documents.all() if d.mandatory and d.pk not in have]


class LookupForm(forms.Form):
    """A dossier code and four digits of the applicant's phone or personal number; for a code
    guessed at too often (`whole_required`), their whole phone or personal number instead."""

    code = forms.CharField(label="Mã hồ sơ", max_length=60)
    digits = forms.CharField(
        label="4 số cuối điện thoại hoặc số định danh của người nộp",
        required=False,
        max_length=4,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"max_length": "Vui lòng nhập đúng 4 chữ số."},
    )
    whole = forms.CharField(
        label="Số điện thoại hoặc số định danh đầy đủ của người nộp",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, whole_required: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not whole_required:
            del self.fields["whole"]

    def clean_code(self) -> str:
        """Codes are printed in capitals; people type them as they come, spaces and all."""
        return "".join(self.cleaned_data["code"].split()).upper()

    def clean_digits(self) -> str:
        digits = self.cleaned_data["digits"].strip()
        if "whole" not in self.fields and (len(digits) != 4 or not digits.isdecimal()):
            raise ValidationError("Vui lòng nhập đúng 4 chữ số.")
        return digits

    def clean_whole(self) -> str:
        raw = self.cleaned_data["whole"].strip()
        if not raw:
            raise ValidationError("Vui lòng nhập đầy đủ số điện thoại hoặc số định danh.")
        number = "".join(raw.split())
        if len(number) == 12 and number.isdecimal():
            return number
        return normalise_phone(raw)


class ProcedureChoiceField(forms.ModelChoiceField):
    """A counter receives for every commune of the province: each choice names its commune,
    or the same procedure of thirteen communes reads thirteen times alike."""

    def label_from_instance(self, obj: Procedure) -> str:
        return f"{obj} – {obj.commune.name}"


class WalkInForm(PapersMixin, forms.Form):
    """The counter creates a dossier for a citizen who came in person."""

    procedure = ProcedureChoiceField(label="Thủ tục", queryset=Procedure.objects.none())
    full_name = forms.CharField(
        label="Họ và tên người nộp", max_length=150, validators=[validate_name]
    )
    phone = forms.CharField(label="Số điện thoại", max_length=20, required=False)
    personal_id = forms.CharField(label="Số định danh cá nhân", max_length=20, required=False)
    card_checked = forms.BooleanField(
        label="Đã đối chiếu số định danh với thẻ căn cước bản chính của người nộp",
        required=False,
        help_text=(
            "Chỉ khi đã đối chiếu thẻ, hồ sơ mới được gắn vào tài khoản đã xác minh của người "
            "này (hoặc tài khoản mới mở cho họ được ghi là đã xác minh)."
        ),
    )
    email = forms.EmailField(
        label="Thư điện tử",
        required=False,
        error_messages={"invalid": "Địa chỉ thư điện tử không hợp lệ."},
    )
    address = forms.CharField(label="Địa chỉ", max_length=255, required=False)
    request_text = forms.CharField(
        label="Nội dung đề nghị", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    channel = forms.ChoiceField(
        label="Hồ sơ nộp",
        choices=[
            (Channel.IN_PERSON, "Trực tiếp tại quầy"),
            (Channel.POST, "Qua dịch vụ bưu chính"),
        ],
        initial=Channel.IN_PERSON,
        required=False,  # not sent: handed in at the counter
    )
    fee_paid = forms.BooleanField(label="Đã thu phí, lệ phí tại quầy", required=False)
    intake_note = forms.CharField(
        label="Lý do từ chối, hoặc giấy tờ cần bổ sung, hoàn thiện (ghi đầy đủ một lần)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    checked = forms.BooleanField(
        label="Tôi đã kiểm tra: hồ sơ đủ thành phần, hợp lệ",
        error_messages={"required": "Vui lòng kiểm tra đủ thành phần hồ sơ trước khi tiếp nhận."},
    )

    def __init__(
        self,
        *args: Any,
        procedures: Any,
        procedure: Procedure | None = None,
        not_received: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["procedure"].queryset = procedures
        if not_received:  # refused or guided: nothing to tick, the reason is what counts
            self.fields["checked"].required = False
            self.fields["intake_note"].required = True
            self.fields["intake_note"].error_messages["required"] = (
                "Vui lòng ghi rõ lý do từ chối, hoặc đầy đủ giấy tờ cần bổ sung, hoàn thiện."
            )
        self.kept_bytes = {}  # everything comes in at once at the counter
        if procedure is not None:
            self.procedure = procedure
            self.fields["procedure"].initial = procedure.pk
            self.add_paper_fields()

    def clean_phone(self) -> str:
        raw = self.cleaned_data["phone"].strip()
        return normalise_phone(raw) if raw else ""

    def clean_channel(self) -> str:
        return self.cleaned_data["channel"] or Channel.IN_PERSON

    def clean_personal_id(self) -> str:
        raw = self.cleaned_data["personal_id"].strip()
        return validate_personal_id(raw) if raw else ""

    def clean(self) -> dict:
        data = super().clean()
        if data.get("card_checked") and not data.get("personal_id"):
            self.add_error("personal_id", "Nhập số định danh trên thẻ căn cước đã đối chiếu.")
        if hasattr(self, "procedure"):
            data["papers"] = self.clean_papers()
        return data


class ActionForm(forms.Form):
    """The fields one workflow action needs; the version guards against a stale page."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label="Lý do, nội dung", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, action: str, dossier: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.action = action
        self.dossier = dossier
        adders = {
            Action.ASSIGN: self._add_assignee,
            Action.TRANSFER: self._add_transfer,
            Action.REQUEST_SUPPLEMENT: self._add_second_reason,
            Action.APOLOGISE: self._add_new_date,
            Action.PROPOSE_RESULT: self._add_result,
            Action.REQUEST_FEES: self._add_amount,
            Action.RETURN_RESULT: self._add_return,
            Action.SUPPLEMENT_RECEIVED: self._add_supplement_file,
            Action.INTAKE_SUPPLEMENTED: self._add_supplement_file,
        }
        if action in adders:
            adders[action]()
        if action in {Action.REQUEST_SUPPLEMENT, Action.REQUEST_INTAKE_SUPPLEMENT}:
            self.fields["note"].label = "Giấy tờ cần bổ sung, hoàn thiện (ghi đầy đủ một lần)"

    def _specialists(self) -> Any:
        return (
            User.objects.filter(
                commune_id=self.dossier.commune_id, roles__role=Role.SPECIALIST, is_active=True
            )
            .select_related("unit")
            .order_by("full_name")
        )

    def _add_assignee(self) -> None:
        self.fields["assignee"] = forms.ModelChoiceField(
            label="Giao cho chuyên viên", queryset=self._specialists()
        )

    def _add_transfer(self) -> None:
        self.fields["unit"] = forms.ModelChoiceField(
            label="Chuyển đến đơn vị",
            queryset=GovernmentUnit.objects.filter(commune_id=self.dossier.commune_id),
        )
        self.fields["assignee"] = forms.ModelChoiceField(
            label="Cán bộ nhận (không bắt buộc)", queryset=self._specialists(), required=False
        )

    def _add_second_reason(self) -> None:
        if self.dossier.supplement_requests:
            self.fields["second_reason"] = forms.CharField(
                label="Lý do phải yêu cầu bổ sung lần nữa (hồ sơ sẽ bị tính quá hạn)",
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def _add_new_date(self) -> None:
        self.fields["new_date"] = forms.DateField(
            label="Ngày hẹn trả mới (dd/mm/yyyy)",
            widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
        )

    def _add_result(self) -> None:
        self.fields["result_code"] = forms.CharField(
            label="Số, ký hiệu kết quả", max_length=60, required=False
        )
        self.fields["result_file"] = forms.FileField(
            label="Tệp kết quả điện tử (PDF)",
            required=False,
            widget=forms.ClearableFileInput(attrs={"accept": FILE_ACCEPT}),
        )

    def _add_amount(self) -> None:
        self.fields["amount"] = forms.IntegerField(
            label="Số tiền (đồng)", min_value=1, initial=self.dossier.fee_amount or None
        )

    def _add_return(self) -> None:
        self.fields["electronic"] = forms.BooleanField(
            label="Trả kết quả điện tử (trực tuyến)", required=False
        )
        if self.dossier.fee_amount and not self.dossier.fee_paid:
            self.fields["fee_collected_now"] = forms.BooleanField(
                label="Đã thu phí, lệ phí khi trả kết quả", required=False
            )

    def _add_supplement_file(self) -> None:
        self.fields["supplement_file"] = forms.FileField(
            label="Giấy tờ bổ sung (PDF, JPEG, PNG)",
            required=False,
            widget=forms.ClearableFileInput(attrs={"accept": FILE_ACCEPT}),
        )

    def clean_result_file(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("result_file")
        return check_upload(upload) if upload else None

    def clean_supplement_file(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("supplement_file")
        return check_upload(upload) if upload else None

    def new_appointment_at(self) -> datetime:
        """The apology's new date is kept to the end of that working day."""
        return calendar.end_of_working_day(self.cleaned_data["new_date"])


class RatingForm(forms.Form):
    satisfied = forms.TypedChoiceField(
        label="Bạn có hài lòng với việc giải quyết hồ sơ?",
        choices=[("1", "Hài lòng"), ("0", "Chưa hài lòng")],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        error_messages={"required": "Vui lòng chọn mức độ hài lòng."},
    )
    comment = forms.CharField(
        label="Ý kiến của bạn", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CitizenActionForm(forms.Form):
    """Withdraw or answer a supplement request from the citizen's side."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label="Lý do", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    files = forms.FileField(
        label="Giấy tờ bổ sung (PDF, JPEG, PNG)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": FILE_ACCEPT}),
    )

    def __init__(self, *args: Any, stored_bytes: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stored_bytes = stored_bytes  # the dossier's papers so far, for its total

    def clean_files(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("files")
        if not upload:
            return None
        check_total([check_upload(upload)], already=self.stored_bytes)
        return upload
