"""The starting list of search synonyms (procedures/data/synonyms.json); administrators edit
it afterwards. Safe to run again: a pair already there is left as it is."""

import json
from pathlib import Path

from django.db import migrations

SYNONYMS_FILE = Path(__file__).resolve().parent.parent / "data" / "synonyms.json"


def seed(apps, schema_editor):
    SearchSynonym = apps.get_model("procedures", "SearchSynonym")
    for phrase, means in json.loads(SYNONYMS_FILE.read_text(encoding="utf-8"))["synonyms"]:
        SearchSynonym.objects.get_or_create(phrase=phrase, means=means)


class Migration(migrations.Migration):
    dependencies = [("procedures", "0004_search_synonyms")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
