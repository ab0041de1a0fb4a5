"""Search: fill organisations' search text, and on PostgreSQL add GIN full-text indexes over the token strings."""

from django.db import migrations

INDEXES = [
    ("registry_org_search_gin", "core_organisation"),
    ("registry_system_search_gin", "registry_aisystem"),
]


def fill_organisation_search_text(apps, schema_editor):
    from honbu.registry.search import search_text

    Organisation = apps.get_model("core", "Organisation")
    for organisation in Organisation.objects.all().iterator():
        organisation.search_text = search_text(organisation.name_ja, organisation.name_en, organisation.name_kana,
                                               organisation.corporate_number)
        organisation.save(update_fields=["search_text"])


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite matches token prefixes with LIKE (see honbu/registry/search.py)
    for name, table in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (to_tsvector('simple'::regconfig, search_text))"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial"), ("core", "0002_organisation_search_text")]

    operations = [
        migrations.RunPython(fill_organisation_search_text, migrations.RunPython.noop),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
