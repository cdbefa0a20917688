from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView, ListView

from apps.accounts.permissions import is_editor

from . import services
from .forms import AddArticleForm, ArticleReviewForm, FeedForm
from .models import Feed, FetchState, IntakeItem, ItemState, SiteSuggestion, SuggestionState
from .permissions import ReviewerRequiredMixin, can_add_feed, can_confirm, can_review, reviewable_sites
from .services.review import reject_suggestion


class QueueView(ReviewerRequiredMixin, ListView):
    """Articles found by intake that wait for a decision, with the sites they seem to be about."""

    template_name = "intake/queue.html"
    context_object_name = "items"
    paginate_by = 30

    def get_queryset(self):
        sites = reviewable_sites(self.request.user)
        proposed = SiteSuggestion.objects.filter(state=SuggestionState.PROPOSED, site__in=sites).select_related("site")
        return (
            IntakeItem.objects.to_review()
            .filter(suggestions__state=SuggestionState.PROPOSED, suggestions__site__in=sites)
            .distinct()
            .select_related("feed")
            .prefetch_related(Prefetch("suggestions", queryset=proposed, to_attr="proposed"))
            .order_by("-created", "-id")
        )


class AddArticleView(ReviewerRequiredMixin, FormView):
    template_name = "intake/add_article.html"
    form_class = AddArticleForm

    def form_valid(self, form):
        item = services.request_article(form.cleaned_data["url"], self.request.user)
        return redirect("intake:item", pk=item.pk)


@login_required
def item_review(request, pk: int):
    """The fetched metadata, for the member to check and save as a source."""
    if not can_review(request.user):
        raise PermissionDenied
    item = get_object_or_404(IntakeItem, pk=pk)
    suggested = reviewable_sites(request.user).filter(pk__in=item.suggestions.values("site_id"))
    initial = {
        "title": item.title,
        "outlet": item.outlet,
        "published": item.published,
        "language": item.language,
        "excerpt": item.excerpt,
        "sites": list(item.suggestions.filter(state=SuggestionState.PROPOSED).values_list("site_id", flat=True)),
    }
    form = ArticleReviewForm(request.POST or None, initial=initial)
    form.fields["sites"].queryset = suggested
    status = 200
    if request.method == "POST":
        if item.state != ItemState.NEW or item.fetch_state == FetchState.PENDING:
            messages.error(request, _("This article can no longer be saved from here."))
            return redirect("intake:item", pk=item.pk)
        if form.is_valid():
            press = services.save_article(item, form.cleaned_data, form.cleaned_data["sites"], request.user)
            messages.success(request, _("Saved as a source: %(title)s") % {"title": press.title})
            return redirect("intake:queue")
        status = 400
    context = {"item": item, "form": form, "refresh": item.fetch_state == FetchState.PENDING}
    return render(request, "intake/item_review.html", context, status=status)


def _reviewer(request):
    if not can_review(request.user):
        raise PermissionDenied


@require_POST
@login_required
def confirm_suggestion(request, pk: int):
    suggestion = get_object_or_404(SiteSuggestion.objects.select_related("site", "item"), pk=pk)
    if not can_confirm(request.user, suggestion.site):
        raise PermissionDenied
    services.confirm_suggestion(suggestion, request.user)
    messages.success(
        request, _("%(title)s is now a source of %(site)s.") % {"title": suggestion.item, "site": suggestion.site}
    )
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(next_url)
    return redirect("intake:queue")


@require_POST
@login_required
def reject(request, pk: int):
    suggestion = get_object_or_404(SiteSuggestion.objects.select_related("site"), pk=pk)
    if not can_confirm(request.user, suggestion.site):
        raise PermissionDenied
    reject_suggestion(suggestion, request.user)
    return redirect("intake:queue")


@require_POST
@login_required
def dismiss(request, pk: int):
    _reviewer(request)
    user = request.user
    sites = None if is_editor(user) or user.has_perm("intake.review_intakeitem") else reviewable_sites(user)
    services.dismiss_item(get_object_or_404(IntakeItem, pk=pk), user, sites=sites)
    return redirect("intake:queue")


@login_required
def feeds(request):
    """Registered feeds with their health; editors and coordinators add feeds here."""
    if not can_add_feed(request.user):
        raise PermissionDenied
    form = FeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        feed = form.save(commit=False)
        feed.added_by = request.user
        feed.save()
        messages.success(request, _("Feed added: it will be polled within a few minutes."))
        return redirect("intake:feeds")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "feeds": Feed.objects.select_related("collective").order_by("title", "url")}
    return render(request, "intake/feeds.html", context, status=status)
