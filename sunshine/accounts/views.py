"""Account pages: login, logout, after-login redirect, citizen registration (routed under the portal namespace)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, LogoutView
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from sunshine.core.errors import DomainError
from sunshine.core.throttling import SubmitThrottle, client_ident, throttle_page

from . import registration
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
@throttle_page(SubmitThrottle)
def register(request):
    """Citizen registration, confirmed by an SMS code (`registration`): the "获取短信验证码" button sends it."""
    if request.user.is_authenticated:
        return redirect("portal:after-login")
    if request.method == "POST" and "send_code" in request.POST:
        return _send_code(request)
    form = CitizenRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            # Checked outside the registration's transaction: a wrong code's count must stay written.
            code = registration.check_code(mobile=data["mobile"], code=data["sms_code"])
            if code is None:
                raise registration.WrongCode(registration.WRONG_CODE, field="sms_code")
            with transaction.atomic():
                user = citizen_register(mobile=data["mobile"], password=data["password1"],
                                        real_name=data["real_name"], id_number=data["id_number"])
                registration.mark_used(code)
        except (MobileTaken, registration.WrongCode) as exc:
            form.add_error(exc.field, exc.message)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "注册成功，欢迎使用。")
            return redirect("portal:my")
    return render(request, "accounts/register.html", {"form": form})


def _send_code(request):
    """The "获取短信验证码" button: the same answer for a registered and an unregistered number."""
    keep = {name: request.POST.get(name, "") for name in ("mobile", "real_name", "id_number")}
    form = CitizenRegistrationForm(initial=keep)
    status = 200
    try:
        messages.info(request, registration.request_code(mobile=keep["mobile"], client_address=client_ident(request)))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        status = 400
    except DomainError as exc:
        messages.error(request, exc.message)
        status = exc.status_code
    return render(request, "accounts/register.html", {"form": form}, status=status)
