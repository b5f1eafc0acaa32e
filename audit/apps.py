from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Audit trail")

    def ready(self):
        from celery import signals as celery_signals
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate
        from django.utils.module_loading import autodiscover_modules

        from audit import connection, tasks

        # Each app declares the models it wants followed in its own ``audited.py``.
        autodiscover_modules("audited")
        connection_created.connect(connection.on_connection_created, dispatch_uid="audit.connection")
        post_migrate.connect(_install, sender=self, dispatch_uid="audit.install_triggers")
        celery_signals.task_prerun.connect(tasks.enter, dispatch_uid="audit.task_enter", weak=False)
        celery_signals.task_postrun.connect(tasks.leave, dispatch_uid="audit.task_leave", weak=False)


def _install(sender, using, **kwargs):
    from django.db import connections

    from audit import triggers

    if connections[using].vendor == "sqlite":
        triggers.install_sqlite(using)
