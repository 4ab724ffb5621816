"""Staff API: clocks (scoped) and warning counts per department."""

from __future__ import annotations

import re

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from sunshine.accounts.scoping import has_capability

from . import selectors
from .models import Clock

LEVELS = ("none", "yellow", "red", "warned")


class CanViewClocks(BasePermission):
    def has_permission(self, request, view):
        return has_capability(request.user, "clocks.view_clock")


class ClockSerializer(serializers.ModelSerializer):
    department_name = serializers.CharField(source="department.name", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    level = serializers.SerializerMethodField()

    class Meta:
        model = Clock
        fields = ["id", "kind", "label", "subject_id", "case_key", "department", "department_name", "unit",
                  "obligor", "started_on", "started_at", "limit_days", "extended_days", "due_date", "due_at",
                  "provisional", "state", "state_label", "paused_on", "remaining_days_at_pause", "stopped_on",
                  "stopped_at", "outcome", "yellow_from", "level"]

    def get_level(self, obj) -> str:
        return selectors.warning_level(obj, now=self.context["now"])


@extend_schema(parameters=[
    OpenApiParameter("state", OpenApiTypes.STR, enum=list(Clock.State.values), description="状态"),
    OpenApiParameter("level", OpenApiTypes.STR, enum=list(LEVELS), description="预警等级（仅计时中）"),
    OpenApiParameter("department", OpenApiTypes.INT, description="部门编号"),
])
class ClockListView(generics.ListAPIView):
    """Clocks the caller may see, soonest due first (办理时限列表)."""

    serializer_class = ClockSerializer
    permission_classes = [IsAuthenticated, CanViewClocks]

    def get_serializer_context(self):
        return super().get_serializer_context() | {"now": timezone.now()}

    def get_queryset(self):
        params = self.request.query_params
        queryset = selectors.visible_clocks(self.request.user)
        state = params.get("state")
        if state:
            if state not in Clock.State.values:
                raise ValidationError({"state": ["状态无效，应为 running、paused 或 stopped。"]})
            queryset = queryset.filter(state=state)
        level = params.get("level")
        if level:
            if level not in LEVELS:
                raise ValidationError({"level": ["预警等级无效，应为 none、yellow、red 或 warned。"]})
            queryset = selectors.with_level(queryset, level, now=timezone.now())
        department = params.get("department")
        if department:
            if not re.fullmatch(r"[0-9]{1,18}", department):  # str.isdigit() also passes "²"; 18 digits fit bigint
                raise ValidationError({"department": ["部门编号应为整数。"]})
            queryset = queryset.filter(department_id=int(department))
        return queryset.order_by("due_date", "id")


class WarningCountsView(APIView):
    """Yellow/red counts of running clocks per department (预警统计): all departments with
    `orgs.view_all_departments`, otherwise the caller's own department."""

    permission_classes = [IsAuthenticated, CanViewClocks]

    @extend_schema(responses=inline_serializer("WarningCounts", {
        "date": serializers.DateField(),
        "departments": inline_serializer("DepartmentWarnings", {
            "department_id": serializers.IntegerField(), "department_name": serializers.CharField(),
            "yellow": serializers.IntegerField(), "red": serializers.IntegerField()}, many=True),
        "yellow": serializers.IntegerField(), "red": serializers.IntegerField(),
    }))
    def get(self, request):
        user = request.user
        if not (has_capability(user, "orgs.view_all_departments") or getattr(user, "department_id", None)):
            raise PermissionDenied("没有所属部门，无法查看预警统计。")
        now = timezone.now()
        today = timezone.localdate(now)
        rows = selectors.warning_counts_by_department(user=user, now=now)
        return Response({"date": today.isoformat(), "departments": rows,
                         "yellow": sum(r["yellow"] for r in rows), "red": sum(r["red"] for r in rows)})
