"""Feedback reports are built as the feedback app's tests build them."""

from phuongso.feedback.tests.conftest import categories, make_report, street_lights  # noqa: F401
