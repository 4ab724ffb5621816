from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from sunshine.accounts.api import ObtainTokenView
from sunshine.hotline.api_urls import staff_urlpatterns as hotline_staff_urls

admin.site.site_header = "阳光政务管理后台"
admin.site.site_title = "阳光政务管理后台"
admin.site.index_title = "站点管理"


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema with an ASCII file name: drf-spectacular names the file after the (Chinese) title, and
    Django then MIME-encodes the whole Content-Disposition header, so browsers saved it as "download"."""

    def _get_filename(self, request, version):
        return f"sunshine-api.{self.perform_content_negotiation(request, force=True)[0].format}"


class DocsView(SpectacularSwaggerSplitView):
    """The browsable API docs. No OPTIONS metadata: the page's HTML renderer has no template for it (500).
    The split view loads its start-up script from `?script` (no inline script: Content-Security-Policy)."""

    metadata_class = None
    template_name = "portal/swagger_ui.html"


api_v1 = [
    path("auth/token", ObtainTokenView.as_view(), name="api-token"),
    path("auth/", include("sunshine.accounts.api_urls")),
    path("schema/", SchemaView.as_view(), name="api-schema"),
    path("docs/", DocsView.as_view(url_name="api-schema"), name="api-docs"),
    path("calendar/", include("sunshine.workcalendar.api_urls")),
    path("clocks/", include("sunshine.clocks.api_urls")),
    path("files/", include("sunshine.files.api_urls")),
    path("notifications/", include("sunshine.notify.api_urls")),
    path("privacy/", include("sunshine.privacy.api_urls")),
    path("publications/", include("sunshine.publications.api_urls")),
    path("disclosure-requests/", include("sunshine.disclosure_requests.api_urls")),
    path("staff/disclosure-requests/", include("sunshine.disclosure_requests.staff_api_urls")),
    path("reports/", include("sunshine.reports.api_urls")),
    path("topics/", include("sunshine.participation.api_urls")),
    path("hotline/", include("sunshine.hotline.api_urls")),
    path("staff/hotline/", include(hotline_staff_urls)),
    path("services/", include("sunshine.gov_services.api_urls")),
    path("staff/services/applications/", include("sunshine.gov_services.staff_api_urls")),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("calendar/", include("sunshine.workcalendar.urls")),
    path("clocks/", include("sunshine.clocks.urls")),
    path("files/", include("sunshine.files.urls")),
    path("documents/", include("sunshine.documents.urls")),
    path("notifications/", include("sunshine.notify.urls")),
    path("privacy/", include("sunshine.privacy.urls")),
    path("gk/", include("sunshine.publications.urls")),
    path("ysq/staff/report/", include("sunshine.reports.urls")),  # table 3 of the annual report (reports app)
    path("ysq/", include("sunshine.disclosure_requests.urls")),
    path("hd/", include("sunshine.participation.urls")),
    path("rx/", include("sunshine.hotline.urls")),
    path("zw/", include("sunshine.gov_services.urls")),
    path("", include("sunshine.portal.urls")),
]
# Stored files (MEDIA_ROOT) are never served by URL, in any mode: every file is reached through a view that asks
# the owning app's policy who may see it (files:download, documents:download, the letter downloads by tracking
# code and secret).

# JSON on /api/ paths always (an unknown or malformed id, a server error), the Chinese pages elsewhere.
handler400 = "sunshine.core.error_views.bad_request"
handler403 = "sunshine.core.error_views.permission_denied"
handler404 = "sunshine.core.error_views.page_not_found"
handler500 = "sunshine.core.error_views.server_error"
