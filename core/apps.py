from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def reinstall_summary_triggers(using, **kwargs):
    """Put the summary tables' triggers back after every ``migrate``.

    SQLite alters a table by copying it into a new one and dropping the old,
    which drops the old table's triggers with it: a later migration adding a
    column to a counted table would silently stop the counting. Installing is
    idempotent, and the copy leaves the counts right, so reinstalling is enough.
    """
    from django.db import connections

    from core import summary_tables

    connection = connections[using]
    existing = set(connection.introspection.table_names())
    for table in summary_tables.TABLES:
        if table.source in existing and table.summary in existing:
            table.install(connection)


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Shared helpers")

    def ready(self):
        from django.db.backends.signals import connection_created

        from core import checks  # noqa: F401 (registers the deploy checks)
        from core.planner_stats import tune_planner

        post_migrate.connect(reinstall_summary_triggers, dispatch_uid="core.reinstall_summary_triggers")
        connection_created.connect(tune_planner, dispatch_uid="core.tune_planner")
