"""Account pages: login, logout, after-login redirect, citizen registration (routed under the portal namespace)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, LogoutView
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from .forms import CitizenRegistrationForm, LoginForm
from .services import MobileTaken, citizen_register


class SunshineLoginView(LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True
    # Failed logins are limited by django-axes for every login path (sunshine.accounts.login_limits).


class SunshineLogoutView(LogoutView):
    """POST only (Django 5); shows a message on the home page."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, "您已安全退出。")
        return response


@login_required
def after_login(request):
    """Where a fresh login lands: staff → workbench, citizens → my page."""
    if request.user.kind == "citizen":
        return redirect("portal:my")
    return redirect("portal:workbench")


@require_http_methods(["GET", "HEAD", "POST"])
def register(request):
    if request.user.is_authenticated:
        return redirect("portal:after-login")
    form = CitizenRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = citizen_register(mobile=data["mobile"], password=data["password1"], real_name=data["real_name"],
                                    id_number=data["id_number"])
        except MobileTaken as exc:
            form.add_error("mobile", exc.message)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "注册成功，欢迎使用。")
            return redirect("portal:my")
    return render(request, "accounts/register.html", {"form": form})
