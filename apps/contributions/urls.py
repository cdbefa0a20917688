from django.urls import path

from . import views
from .views import stories

app_name = "contributions"

KIND = "<str:kind>/<int:pk>"

urlpatterns = [
    path("contribute/", views.DashboardView.as_view(), name="dashboard"),
    path(f"contribute/{KIND}/edit/", views.EditView.as_view(), name="edit"),
    path(f"contribute/{KIND}/delete/", views.DeleteView.as_view(), name="delete"),
    path(f"contribute/{KIND}/restore/", views.RestoreView.as_view(), name="restore"),
    path("moderation/", views.ModerationQueueView.as_view(), name="moderation"),
    path(f"moderation/{KIND}/approve/", views.ApproveView.as_view(), name="approve"),
    path(f"moderation/{KIND}/reject/", views.RejectView.as_view(), name="reject"),
    path("moderation/suggestions/<int:pk>/handled/", views.SuggestionHandledView.as_view(), name="suggestion-handled"),
    path("sites/<slug:slug>/events/add/", views.AddEventView.as_view(), name="add-event"),
    path("sites/<slug:slug>/claims/add/", views.AddClaimView.as_view(), name="add-claim"),
    path("sites/<slug:slug>/press/add/", views.AddPressItemView.as_view(), name="add-press"),
    path("sites/<slug:slug>/suggest/", views.SuggestView.as_view(), name="suggest"),
    path("sites/<slug:slug>/history/", views.SiteHistoryView.as_view(), name="site-history"),
    path("sites/<slug:slug>/checked/", views.MarkCheckedView.as_view(), name="mark-checked"),
    path(
        "sites/<slug:slug>/history/<str:kind>/<int:history_id>/revert/",
        views.RevertView.as_view(),
        name="revert",
    ),
    path("stories/new/", stories.StoryNewView.as_view(), name="story-new"),
    path("stories/<slug:slug>/edit/", stories.StoryEditView.as_view(), name="story-edit"),
    path("stories/<slug:slug>/edit/publish/", stories.StoryPublishView.as_view(), name="story-publish"),
    path("stories/<slug:slug>/edit/search/", stories.StorySearchView.as_view(), name="story-search"),
    path("stories/<slug:slug>/edit/steps/add/", stories.StepFormView.as_view(), name="story-step-add"),
    path("stories/<slug:slug>/edit/steps/<int:pk>/", stories.StepFormView.as_view(), name="story-step-edit"),
    path("stories/<slug:slug>/edit/steps/<int:pk>/move/", stories.StepMoveView.as_view(), name="story-step-move"),
]
