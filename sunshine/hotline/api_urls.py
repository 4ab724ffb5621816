"""Hotline API: the public part mounted at /api/v1/hotline/ (`urlpatterns`), the staff part at
/api/v1/staff/hotline/ (`staff_urlpatterns`, one block per feature so that parallel additions merge)."""

from django.urls import path

from .api import TicketSubmitAPIView, TicketTrackAPIView

urlpatterns = [
    path("tickets/", TicketSubmitAPIView.as_view(), name="api-hotline-submit"),
    path("tickets/<str:tracking_code>", TicketTrackAPIView.as_view(), name="api-hotline-track"),
]

staff_urlpatterns = []

# --- staff tickets (rxind): list, entry, case, one URL per action of staff_actions.ACTION_FORMS --------------------
from . import staff_api  # noqa: E402
from .staff_actions import ACTION_FORMS  # noqa: E402

staff_urlpatterns += [
    path("tickets/", staff_api.StaffTicketList.as_view(), name="api-staff-hotline-tickets"),
    path("tickets/<int:pk>", staff_api.StaffTicketDetail.as_view(), name="api-staff-hotline-ticket"),
    *[path(f"tickets/<int:pk>/actions/{action}", staff_api.action_view(action).as_view(),
           name="api-staff-hotline-ticket-action") for action in ACTION_FORMS],
    path("tickets/<int:pk>/actions/<slug:action>", staff_api.StaffTicketAction.as_view(),
         name="api-staff-hotline-ticket-action"),
]
# --- end staff tickets ---------------------------------------------------------------------------------------------

# --- the department suggester (rxsug): 承办部门推荐 ----------------------------------------------------------------
from .suggest_api import SuggestDepartmentAPIView  # noqa: E402

staff_urlpatterns += [
    path("suggest-department", SuggestDepartmentAPIView.as_view(), name="api-hotline-suggest-department"),
]
