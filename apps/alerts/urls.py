from django.urls import path

from . import views

app_name = "alerts"
urlpatterns = [
    path("follow/", views.follow, name="follow"),
    path("follow/subscribe/", views.subscribe, name="subscribe"),
    path("follow/confirm/<str:token>/", views.confirm, name="confirm"),
    path("follow/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
