from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from accounts import services
        from accounts.middleware import start_idle_clock

        user_logged_in.connect(start_idle_clock, dispatch_uid="accounts.start_idle_clock")
        # The login history (accounts.LoginEvent): every password sign-in, failed, locked out or accepted.
        user_logged_in.connect(services.on_logged_in, dispatch_uid="accounts.login_history")
        user_login_failed.connect(services.on_login_failed, dispatch_uid="accounts.login_history_failed")
        # An object page's change history shows its parts only within the reader's reach.
        from audit.registry import reach

        reach.register(services.reached_organization_ids)
