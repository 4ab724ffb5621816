from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_roles(sender, **kwargs):
    from django.apps import apps

    # post_migrate is sent once per app, and each app's permissions are created on its own signal:
    # grant roles only on the last app's, when every capability exists.
    last = [c for c in apps.get_app_configs() if c.models_module is not None][-1]
    if sender.label != last.label:
        return
    from .roles import ensure_default_roles

    ensure_default_roles()


class AccountsConfig(AppConfig):
    name = "sunshine.accounts"
    label = "accounts"
    verbose_name = "账户与角色"

    def ready(self):
        # Runs after every app's migrations (and permissions) exist: the last app to migrate sends it too.
        post_migrate.connect(_ensure_roles, dispatch_uid="sunshine.accounts.ensure_roles")
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

        from . import session_audit

        user_logged_in.connect(session_audit.on_logged_in, dispatch_uid="sunshine.accounts.audit_login")
        user_logged_out.connect(session_audit.on_logged_out, dispatch_uid="sunshine.accounts.audit_logout")
        user_login_failed.connect(session_audit.on_login_failed, dispatch_uid="sunshine.accounts.audit_failed")
        user_locked_out.connect(session_audit.on_locked_out, dispatch_uid="sunshine.accounts.audit_lockout")
