"""The demo courses and enrolments."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from phuongso.training.models import Course, Enrolment

pytestmark = pytest.mark.django_db


def test_the_courses_and_demo_enrolments_are_made_once(
    commune, counter_officer, specialist, leader, administrator
) -> None:
    call_command("seed_training", stdout=StringIO())
    assert Course.objects.filter(counts_for_resolution=True).count() == 2
    made = Enrolment.objects.count()
    assert made > 0
    call_command("seed_training", stdout=StringIO())
    assert Enrolment.objects.count() == made
    assert Course.objects.count() == 5
