from django import template

from apps.accounts import permissions
from apps.sites.models import Claim, Event

register = template.Library()


@register.simple_tag(takes_context=True)
def site_permissions(context, site):
    """What the current user may do on `site`, and the entries they may edit there."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"contribute": False, "editor": False, "editable": []}
    editor = permissions.is_editor(user)
    contribute = permissions.can_contribute(user, site)
    editable = []
    if contribute:
        for kind, model in (("event", Event), ("claim", Claim)):
            qs = model.objects.alive().filter(site=site)
            if not editor:
                qs = qs.filter(collective__in=permissions.member_collectives(user, site))
            editable += [(kind, obj) for obj in qs.order_by("-pk")[:100]]
    return {"contribute": contribute, "editor": editor, "editable": editable}
