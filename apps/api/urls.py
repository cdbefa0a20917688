from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from apps.contributions import api as contributions

from . import views

app_name = "api"
urlpatterns = [
    path("sites/", views.SiteCollectionView.as_view(), name="sites"),
    path("sites/clusters/", views.SiteClustersView.as_view(), name="site-clusters"),
    path("sites/<slug:slug>/", views.SiteDetailView.as_view(), name="site"),
    path("sites/<slug:slug>/events/", contributions.SiteEventCreate.as_view(), name="site-events"),
    path("events/", views.EventListView.as_view(), name="events"),
    path("collectives/", views.CollectiveListView.as_view(), name="collectives"),
    path("press/", views.PressListView.as_view(), name="press"),
    path("companies/", views.CompanyListView.as_view(), name="companies"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", views.ApiDocsView.as_view(), name="docs"),
]
