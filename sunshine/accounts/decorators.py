"""View decorators shared by the staff pages of every app."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404


def staff_required(view):
    """Staff pages: anonymous users go to the login page; citizens get a 404 (the page does not exist for them)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if getattr(request.user, "kind", "") != "staff":
            raise Http404("页面不存在")
        return view(request, *args, **kwargs)

    return wrapper
