"""Speed at 100k organisations / 300k systems.

PostgreSQL: the token strings get a stored `search_vector` column (generated from `search_text`, so nothing in
Python writes it) with a GIN index, replacing the GIN indexes on the `to_tsvector(...)` expression. With the
expression, every row a plan reads in id order had its text re-parsed (~20 µs a row; a search page read
thousands); a stored vector is matched as is, and ANALYZE keeps statistics of its words for the planner.

Both databases: indexes that match the filters of the list pages together with their `ORDER BY id DESC`.
The organisation table belongs to honbu.core, but only the registry filters it this way, so its indexes are
created here, like the search indexes of 0002.
"""

from django.db import migrations, models

VECTORS = [
    # (table, old expression index, new column index)
    ("core_organisation", "registry_org_search_gin", "registry_org_vector_gin"),
    ("registry_aisystem", "registry_system_search_gin", "registry_system_vector_gin"),
]

ORGANISATION_INDEXES = [
    ("registry_org_sector_idx", "(sector, id)", ""),
    ("registry_org_act_status_idx", "(act_status, id)", ""),
    ("registry_org_verification_idx", "(verification, id)", ""),
    ("registry_org_developer_idx", "(id)", "WHERE is_ai_developer"),
    ("registry_org_provider_idx", "(id)", "WHERE is_ai_provider"),
    ("registry_org_business_user_idx", "(id)", "WHERE is_ai_business_user"),
]


def add_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite matches token prefixes with LIKE (see honbu/registry/search.py)
    for table, old_index, new_index in VECTORS:
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_vector tsvector "
            f"GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED"
        )
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {new_index} ON {table} USING gin (search_vector)")
        schema_editor.execute(f"DROP INDEX IF EXISTS {old_index}")
        schema_editor.execute(f"ANALYZE {table}")


def drop_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, old_index, new_index in VECTORS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {old_index} ON {table} USING gin (to_tsvector('simple'::regconfig, search_text))"
        )
        schema_editor.execute(f"DROP INDEX IF EXISTS {new_index}")
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")


def add_organisation_indexes(apps, schema_editor):
    for name, columns, condition in ORGANISATION_INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON core_organisation {columns} {condition}")


def drop_organisation_indexes(apps, schema_editor):
    for name, _columns, _condition in ORGANISATION_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_search_indexes")]

    operations = [
        migrations.RunPython(add_vectors, drop_vectors),
        migrations.RunPython(add_organisation_indexes, drop_organisation_indexes),
        migrations.AddIndex(
            model_name="aisystem",
            index=models.Index(models.F("id").desc(), condition=models.Q(market_eu=True), name="registry_system_eu_idx"),
        ),
        migrations.AddIndex(
            model_name="aisystem",
            index=models.Index(models.F("id").desc(), condition=models.Q(market_other=True),
                               name="registry_system_other_idx"),
        ),
        migrations.AddIndex(
            model_name="aisystem",
            index=models.Index(models.F("id").desc(), condition=models.Q(is_developer=True),
                               name="registry_system_dev_idx"),
        ),
        migrations.AddIndex(
            model_name="aisystem",
            index=models.Index(models.F("id").desc(), condition=models.Q(is_provider=True),
                               name="registry_system_prov_idx"),
        ),
        migrations.AddIndex(
            model_name="aisystem",
            index=models.Index(models.F("id").desc(), condition=models.Q(is_business_user=True),
                               name="registry_system_user_idx"),
        ),
    ]
