from django.urls import path

from . import views

app_name = "tiles"

urlpatterns = [
    path("sites/<int:z>/<int:x>/<int:y>.pbf", views.site_tile, name="sites"),
]
