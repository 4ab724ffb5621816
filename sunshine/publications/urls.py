from django.urls import path

from sunshine.publications.feeds import CategoryFeed, DepartmentFeed
from sunshine.publications.views import public, staff

app_name = "publications"
urlpatterns = [
    path("", public.index, name="index"),
    path("guide/", public.guide, name="guide"),
    path("guides/", public.guides_list, name="guides"),
    path("guide/<slug:code>/", public.guide, name="guide-department"),
    path("catalogue/", public.catalogue, name="catalogue"),
    path("category/<slug:category_code>/", public.catalogue, name="category"),
    path("department/", public.departments, name="departments"),
    path("department/<slug:department_code>/", public.catalogue, name="department"),
    path("i/<int:pk>/", public.item, name="item"),
    path("i/<int:pk>/print/", public.item_print, name="item-print"),
    path("i/<int:pk>/attachments/<int:attachment_id>/", public.attachment, name="attachment"),
    path("index-number/", public.by_index_number, name="by-index-number"),
    path("search/", public.search, name="search"),
    path("feeds/category/<slug:code>/", CategoryFeed(), name="feed-category"),
    path("feeds/department/<slug:code>/", DepartmentFeed(), name="feed-department"),
    # staff
    path("staff/", staff.staff_list, name="staff-list"),
    path("staff/new/", staff.staff_create, name="staff-create"),
    path("staff/<int:pk>/", staff.staff_detail, name="staff-detail"),
    path("staff/<int:pk>/edit/", staff.staff_edit, name="staff-edit"),
    path("staff/<int:pk>/record/", staff.staff_record, name="staff-record"),
    path("staff/<int:pk>/do/<slug:action>/", staff.staff_action, name="staff-action"),
    path("staff/<int:pk>/findings/<int:finding_id>/", staff.finding_resolve, name="finding-resolve"),
    path("staff/<int:pk>/upload/<slug:what>/", staff.upload, name="upload"),
    path("staff/<int:pk>/upload/<slug:what>/<int:attachment_id>/", staff.upload, name="upload-replace"),
    path("staff/<int:pk>/attachments/<int:attachment_id>/public/", staff.attachment_public, name="attachment-public"),
    path("staff/<int:pk>/files/<int:file_id>/", staff.staff_file, name="staff-file"),
    path("staff/guide/<slug:code>/", staff.guide_edit, name="guide-edit"),
]
