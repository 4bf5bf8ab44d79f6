from __future__ import annotations

from django.urls import path

from phuongso.households import review_views, views

app_name = "households"
urlpatterns = [
    path("", views.household_list, name="list"),
    path("them/", views.household_create, name="create"),
    path("<int:pk>/", views.household_detail, name="detail"),
    path("<int:pk>/bien-dong/", views.household_change, name="change"),
    path("<int:pk>/ra-soat/", views.survey, name="survey"),
    path("<int:pk>/bien-dong-ngheo/", views.record_change, name="record_change"),
    path("du-lieu-ca-nhan/", views.person_export, name="person_export"),
    path("ra-soat/", review_views.review_list, name="reviews"),
    path("ra-soat/<int:pk>/", review_views.review_detail, name="review"),
    path("ra-soat/<int:pk>/buoc/", review_views.review_step, name="review_step"),
    path("ra-soat/<int:pk>/danh-sach/", review_views.review_households, name="review_households"),
    path("ra-soat/<int:pk>/phan-cong/", review_views.review_assignments, name="assignments"),
    path("ra-soat/<int:pk>/nhap-excel/", review_views.review_import, name="import"),
    path("ra-soat/<int:pk>/phieu-excel/", review_views.survey_sheet, name="survey_sheet"),
    path("ra-soat/<int:pk>/xuat-excel/", review_views.review_export, name="export"),
    path("so-lieu/", review_views.figures_page, name="figures"),
    path("cong-bo/", review_views.published_index, name="published_index"),
    path("cong-bo/<int:code>/<int:year>/", review_views.published_list, name="published"),
]
