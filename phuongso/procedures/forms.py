from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile

MAX_WORKBOOK_BYTES = 5 * 1024 * 1024


class CatalogueUploadForm(forms.Form):
    workbook = forms.FileField(
        label="Tệp Excel danh mục (.xlsx)",
        help_text="Tải tệp hiện tại về, sửa rồi tải lên lại. Tối đa 5 MB.",
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def clean_workbook(self) -> UploadedFile:
        workbook = self.cleaned_data["workbook"]
        if not workbook.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("Chỉ nhận tệp Excel định dạng .xlsx.")
        if workbook.size > MAX_WORKBOOK_BYTES:
            raise forms.ValidationError("Tệp lớn hơn 5 MB.")
        return workbook
