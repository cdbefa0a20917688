from django.urls import path

from . import views

app_name = "intake"
urlpatterns = [
    path("intake/", views.QueueView.as_view(), name="queue"),
    path("intake/add/", views.AddArticleView.as_view(), name="add"),
    path("intake/items/<int:pk>/", views.item_review, name="item"),
    path("intake/items/<int:pk>/dismiss/", views.dismiss, name="dismiss"),
    path("intake/suggestions/<int:pk>/confirm/", views.confirm_suggestion, name="confirm"),
    path("intake/suggestions/<int:pk>/reject/", views.reject, name="reject"),
    path("intake/feeds/", views.feeds, name="feeds"),
]
