from django.apps import AppConfig


class RemindersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "phuongso.reminders"
    verbose_name = "Nhắc việc"
