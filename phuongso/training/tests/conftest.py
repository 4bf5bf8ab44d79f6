"""Courses from the data file, and a way to say an official finished one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from phuongso.core import testing
from phuongso.training import services
from phuongso.training.models import Course

PDF, PNG, JPEG = testing.PDF, testing.PNG, testing.JPEG


@pytest.fixture
def courses(db) -> dict[str, Course]:
    services.seed_courses()
    return {course.code: course for course in Course.objects.all()}


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


def complete(official, course: Course, on: dt.date = dt.date(2026, 3, 1), **kwargs):
    return services.record_completion(
        official=official, course=course, completed_on=on, actor=None, **kwargs
    )


def upload(content: bytes = PDF, name: str = "chung-nhan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")
