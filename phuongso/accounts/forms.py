from __future__ import annotations

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from phuongso.accounts.identity import normalise_phone, validate_personal_id
from phuongso.accounts.lockout import PAUSED, sign_in_paused
from phuongso.accounts.models import User
from phuongso.core.text import validate_name


class SignInForm(AuthenticationForm):
    username = forms.CharField(
        label="Số điện thoại, thư điện tử hoặc tên đăng nhập",
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label="Mật khẩu",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": "Thông tin đăng nhập hoặc mật khẩu không đúng. Vui lòng thử lại.",
        "inactive": "Tài khoản này đã bị khóa.",
    }

    def clean(self) -> dict:
        username = self.cleaned_data.get("username")
        if username and sign_in_paused(self.request, username):
            raise ValidationError(PAUSED, code="paused")  # the password is not even tried
        return super().clean()


class RegistrationForm(forms.Form):
    """A citizen's own account. The identifiers that already have one are named in `in_use`,
    so the view can count such answers: they tell whether a number has an account."""

    full_name = forms.CharField(label="Họ và tên", max_length=150, validators=[validate_name])
    phone = forms.CharField(
        label="Số điện thoại",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label="Thư điện tử",
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": "Địa chỉ thư điện tử không hợp lệ."},
    )
    personal_id = forms.CharField(
        label="Số định danh cá nhân (không bắt buộc)",
        required=False,
        max_length=20,
        help_text="12 chữ số trên thẻ căn cước.",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    password1 = forms.CharField(
        label="Mật khẩu",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="Ít nhất 8 ký tự, không toàn chữ số, không quá phổ biến.",
    )
    password2 = forms.CharField(
        label="Nhập lại mật khẩu",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.in_use: set[str] = set()

    def _in_use(self, field: str, message: str) -> ValidationError:
        self.in_use.add(field)
        return ValidationError(message)

    def clean_full_name(self) -> str:
        name = " ".join(self.cleaned_data["full_name"].split())
        if len(name) < 2:
            raise ValidationError("Vui lòng nhập họ và tên.")
        return name

    def clean_phone(self) -> str:
        raw = self.cleaned_data["phone"].strip()
        if not raw:
            return ""
        phone = normalise_phone(raw)
        if User.objects.filter(phone=phone).exists():
            raise self._in_use(
                "phone",
                "Số điện thoại này đã có tài khoản (có thể do Bộ phận Một cửa tạo khi bạn nộp hồ "
                "sơ trực tiếp). Hãy đăng nhập, hoặc chọn “Quên mật khẩu” để đặt mật khẩu.",
            )
        return phone

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if email and User.objects.filter(email__iexact=email).exists():
            raise self._in_use("email", "Thư điện tử này đã được dùng cho một tài khoản khác.")
        return email

    def clean_personal_id(self) -> str:
        raw = self.cleaned_data["personal_id"].strip()
        if not raw:
            return ""
        number = validate_personal_id(raw)
        # Typed, it is a claim; only an account that proved the number holds it.
        if User.objects.filter(personal_id=number, identity_verified_at__isnull=False).exists():
            raise self._in_use(
                "personal_id", "Số định danh này đã được dùng cho một tài khoản khác."
            )
        return number

    def clean(self) -> dict:
        data = super().clean()
        if (
            not data.get("phone")
            and not data.get("email")
            and not self.has_error("phone")
            and (not self.has_error("email"))
        ):
            raise ValidationError("Vui lòng nhập số điện thoại hoặc thư điện tử để đăng nhập.")
        password1, password2 = data.get("password1"), data.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", "Hai mật khẩu không giống nhau.")
        elif password1:
            candidate = User(
                username=data.get("phone") or data.get("email") or "",
                full_name=data.get("full_name", ""),
                email=data.get("email") or None,
            )
            try:
                password_validation.validate_password(password1, candidate)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return data


class CodeForm(forms.Form):
    """The one-time code sent by SMS (or e-mail)."""

    code = forms.CharField(
        label="Mã xác minh (6 chữ số)",
        max_length=12,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
        error_messages={"required": "Vui lòng nhập mã xác minh."},
    )


class PasswordLinkForm(forms.Form):
    identifier = forms.CharField(
        label="Số điện thoại hoặc thư điện tử",
        max_length=254,
        help_text="Số đã đăng ký hoặc đã khai khi nộp hồ sơ tại Bộ phận Một cửa.",
        widget=forms.TextInput(attrs={"autocomplete": "username", "inputmode": "email"}),
        error_messages={"required": "Vui lòng nhập số điện thoại hoặc thư điện tử."},
    )


class NewPasswordForm(auth_forms.SetPasswordForm):
    """Django's form for a new password, in the words of the registration form."""

    error_messages = {"password_mismatch": "Hai mật khẩu đã nhập không khớp nhau."}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        first, second = self.fields["new_password1"], self.fields["new_password2"]
        first.label, second.label = "Mật khẩu mới", "Nhập lại mật khẩu mới"
        first.help_text = "Ít nhất 8 ký tự, không toàn chữ số, không quá phổ biến."
        second.help_text = ""
        for field in (first, second):
            field.error_messages["required"] = "Vui lòng nhập mật khẩu."
