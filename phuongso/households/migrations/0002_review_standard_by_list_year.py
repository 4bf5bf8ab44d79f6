"""Each review classifies by the standard in force for the year its lists apply (the year after
it is held): the late-2026 review uses Decree 351/2025, not Decree 07/2021.

Reviews opened before this rule took the standard of the year they were held. A review still
open gets the right standard and its households' categories are derived again from their
answers under it (an indicator the new standard does not have is dropped; one it adds, such
as waste, is left for the surveyor to answer). An approved or published review is a signed
decision of the commune and is not re-decided by a migration: it keeps its standard.

The standards are written out as they stood when this migration was made (a migration never
imports app code).
"""

from __future__ import annotations

from django.db import migrations

STANDARDS = {
    "nd07-2021": {
        "years": (2022, 2026),
        "lines": {"rural": 1_500_000, "urban": 2_000_000},
        "middle": {"rural": 2_250_000, "urban": 3_000_000},
        "keys": {
            "employment",
            "dependants",
            "nutrition",
            "health_insurance",
            "adult_education",
            "child_schooling",
            "housing_quality",
            "housing_area",
            "water",
            "sanitation",
            "telecom",
            "information_devices",
        },
    },
    "nd351-2025": {
        "years": (2027, 2030),
        "lines": {"rural": 2_200_000, "urban": 2_800_000},
        "middle": None,
        "keys": {
            "employment",
            "dependants",
            "nutrition",
            "health_insurance",
            "adult_education",
            "child_schooling",
            "housing_quality",
            "housing_area",
            "water",
            "sanitation",
            "waste",
            "telecom",
        },
    },
}
MIN_DEPRIVATIONS_FOR_POOR = 3
DECIDED = ("approved", "published")


def _code_for_lists_of(year):
    for code, standard in STANDARDS.items():
        first, last = standard["years"]
        if first <= year <= last:
            return code
    return None


def _category(standard, area, income, count):
    if income <= standard["lines"][area]:
        return "poor" if count >= MIN_DEPRIVATIONS_FOR_POOR else "near_poor"
    middle = standard["middle"]
    if middle is not None and income <= middle[area]:
        return "middle"
    return "not_poor"


def classify_by_list_year(apps, schema_editor):
    ReviewYear = apps.get_model("households", "ReviewYear")
    ReviewEntry = apps.get_model("households", "ReviewEntry")
    for review in ReviewYear.objects.exclude(status__in=DECIDED):
        code = _code_for_lists_of(review.year + 1)
        if code is None or code == review.standard_code:
            continue
        standard = STANDARDS[code]
        review.standard_code = code
        review.save(update_fields=["standard_code"])
        for entry in ReviewEntry.objects.filter(review_year=review):
            keys = [key for key in entry.deprivations or [] if key in standard["keys"]]
            entry.deprivations = keys
            entry.deprivation_count = len(keys)
            if entry.monthly_income_per_person is not None and entry.category:
                entry.category = _category(
                    standard, entry.area, entry.monthly_income_per_person, len(keys)
                )
            entry.save(update_fields=["deprivations", "deprivation_count", "category"])


class Migration(migrations.Migration):
    dependencies = [("households", "0001_household_registry_and_poverty_review")]

    operations = [migrations.RunPython(classify_by_list_year, migrations.RunPython.noop)]
