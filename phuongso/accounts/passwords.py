"""Django's password validators with their messages written in Vietnamese.

Django's own Vietnamese catalogue misses the plural form of the length message, so the
interface would show English; the rules themselves stay Django's.
"""

from __future__ import annotations

from django.contrib.auth import password_validation as base


class MinimumLengthValidator(base.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return f"Mật khẩu quá ngắn: cần ít nhất {self.min_length} ký tự."

    def get_help_text(self) -> str:
        return f"Mật khẩu cần ít nhất {self.min_length} ký tự."


class UserAttributeSimilarityValidator(base.UserAttributeSimilarityValidator):
    def get_error_message(self) -> str:
        return "Mật khẩu quá giống với thông tin cá nhân (tên, số điện thoại, thư điện tử)."

    def get_help_text(self) -> str:
        return "Mật khẩu không được quá giống thông tin cá nhân."


class CommonPasswordValidator(base.CommonPasswordValidator):
    def get_error_message(self) -> str:
        return "Mật khẩu này quá phổ biến, dễ bị đoán."

    def get_help_text(self) -> str:
        return "Không dùng mật khẩu phổ biến."


class NumericPasswordValidator(base.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return "Mật khẩu không được chỉ gồm chữ số."

    def get_help_text(self) -> str:
        return "Mật khẩu không được chỉ gồm chữ số."
