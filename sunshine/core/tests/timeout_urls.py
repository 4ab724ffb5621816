"""URLs of test_timeouts.py only: a page and an API view that run one slow statement."""

from django.db import connection, transaction
from django.http import HttpResponse
from django.urls import path
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from sunshine.core.timeouts import longer_time_limit


def slow_statement(seconds: float) -> None:
    """One statement that runs about `seconds` (PostgreSQL) or long enough to be stopped (SQLite), in a savepoint
    (the test's transaction survives the stopped statement)."""
    with transaction.atomic(), connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SELECT pg_sleep(%s)", [seconds])
        else:  # ~0.1 s per 1,000,000 steps on this machine
            cur.execute("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < %s) "
                        "SELECT count(*) FROM c", [int(seconds * 10_000_000)])


def statement_timeout() -> str:
    with connection.cursor() as cur:
        if connection.vendor != "postgresql":
            return ""
        cur.execute("SHOW statement_timeout")
        return cur.fetchone()[0]


def slow_page(request):
    slow_statement(float(request.GET.get("s", "3")))
    return HttpResponse("完成")


@longer_time_limit(60)
def slow_report(request):
    slow_statement(float(request.GET.get("s", "1")))
    return HttpResponse(statement_timeout())


def limit_page(request):
    return HttpResponse(statement_timeout())


class SlowApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    def get(self, request):
        slow_statement(float(request.GET.get("s", "3")))
        return Response({"ok": True})


urlpatterns = [
    path("slow/", slow_page),
    path("report/", slow_report),
    path("limit/", limit_page),
    path("api/v1/slow/", SlowApi.as_view()),
]
