from __future__ import annotations

from django.urls import path

from phuongso.dossiers.views import counter, desk, files, lookup, portal

app_name = "dossiers"
urlpatterns = [
    # Citizens
    path("nop-ho-so/<str:national_code>/", portal.submit, name="submit"),
    path("ho-so-cua-toi/", portal.my_dossiers, name="my_dossiers"),
    path("ho-so-cua-toi/<int:pk>/", portal.my_dossier, name="my_dossier"),
    path("ho-so-cua-toi/<int:pk>/da-nop/", portal.submitted, name="submitted"),
    path(
        "ho-so-cua-toi/<int:pk>/thao-tac/<str:action>/",
        portal.citizen_action,
        name="citizen_action",
    ),
    path("ho-so-cua-toi/<int:pk>/danh-gia/", portal.rate, name="rate"),
    # Anyone, with the code and four digits
    path("tra-cuu/", lookup.lookup, name="lookup"),
    path("tra-cuu/<str:code>/", lookup.lookup, name="lookup_code"),
    # Counter
    path("mot-cua/", counter.counter_home, name="counter"),
    path("mot-cua/tiep-nhan/", counter.walk_in, name="walk_in"),
    # Processing desk
    path("xu-ly/", desk.inbox, name="inbox"),
    path("xu-ly/hop/<str:box>/", desk.inbox, name="inbox_box"),
    path("xu-ly/ho-so/<int:pk>/", desk.desk_dossier, name="desk_dossier"),
    path("xu-ly/ho-so/<int:pk>/thao-tac/<str:action>/", desk.act, name="act"),
    # Files, access-checked
    path("ho-so/<int:pk>/giay-to/<int:document_pk>/", files.document_file, name="document_file"),
    path("ho-so/<int:pk>/ket-qua/", files.result_file, name="result_file"),
    path("ho-so/<int:pk>/mau/<str:form>.pdf", files.form_pdf, name="form_pdf"),
]
