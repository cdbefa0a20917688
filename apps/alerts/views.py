from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from apps.collectives.models import Collective
from apps.sites.models import Site

from . import services, tokens
from .forms import SubscribeForm


def _page(request, form, status=200):
    site = Site.objects.public().filter(slug=form["site"].value() or "").first()
    collective = None if site else Collective.objects.public().filter(slug=form["collective"].value() or "").first()
    context = {"follow_form": form, "site": site, "collective": collective}
    return render(request, "alerts/follow.html", context, status=status)


def follow(request):
    """The "follow" page (everything, or ?site=<slug> / ?collective=<slug>); also where the
    embedded form lands when it has errors."""
    return _page(request, SubscribeForm(initial={k: request.GET.get(k, "") for k in ("site", "collective")}))


@require_POST
def subscribe(request):
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    if not form.is_bot:
        services.subscribe(
            form.cleaned_data["email"],
            get_language() or "en",
            site=form.cleaned_data["site"],
            collective=form.cleaned_data["collective"],
        )
    # The same answer whether the address was known, already following, or new.
    return render(
        request, "alerts/check_inbox.html", {"target": form.cleaned_data["site"] or form.cleaned_data["collective"]}
    )


@require_http_methods(["GET", "POST"])
def confirm(request, token: str):
    """GET shows a button; POST confirms. Mail scanners that open links must not confirm on
    somebody's behalf: that is what double opt-in is for."""
    if request.method == "GET":
        valid = tokens.read_confirm_token(token) is not None
        return render(request, "alerts/confirm.html", {"token": token, "valid": valid}, status=200 if valid else 400)
    subscription = services.confirm(token)
    if subscription is None:
        return render(request, "alerts/confirm.html", {"token": token, "valid": False}, status=400)
    return render(request, "alerts/confirmed.html", {"subscription": subscription})


@csrf_exempt  # RFC 8058 one-click: the mail client POSTs here without a form; the signed token is the proof.
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """One click in the message and it is done: no account, no form."""
    subscriber = services.unsubscribe(token)
    if subscriber is None:
        return render(request, "alerts/unsubscribed.html", {"valid": False}, status=400)
    return render(request, "alerts/unsubscribed.html", {"valid": True})
