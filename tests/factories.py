import factory
from django.contrib.gis.geos import Point

from apps.collectives.models import Collective, Network
from apps.companies.models import Company, CompanyKind
from apps.press.models import PressItem
from apps.sites.models import Event, EventKind, Site


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"Company {n}")
    slug = factory.Sequence(lambda n: f"company-{n}")
    kind = CompanyKind.ECOMMERCE_GROUP


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    name = factory.Sequence(lambda n: f"Site {n}")
    slug = factory.Sequence(lambda n: f"site-{n}")
    location = factory.LazyFunction(lambda: Point(2.35, 48.85, srid=4326))
    municipality = "Paris"
    country = "FR"


class PressItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PressItem

    url = factory.Sequence(lambda n: f"https://news.example.org/article-{n}")
    title = factory.Sequence(lambda n: f"Article {n}")
    outlet = "Example News"


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    site = factory.SubFactory(SiteFactory)
    date = factory.Faker("date_between", start_date="-5y", end_date="today")
    kind = EventKind.ANNOUNCEMENT
    title = factory.Sequence(lambda n: f"Event {n}")


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network

    name = factory.Sequence(lambda n: f"Network {n}")
    slug = factory.Sequence(lambda n: f"network-{n}")


class CollectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Collective

    name = factory.Sequence(lambda n: f"Collective {n}")
    slug = factory.Sequence(lambda n: f"collective-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "accounts.User"
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"User {n}")
    email = factory.Sequence(lambda n: f"user{n}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "accounts.Membership"

    user = factory.SubFactory(UserFactory)
    collective = factory.SubFactory(CollectiveFactory)
    role = "member"


def site_with_status(slug, lon=2.35, lat=48.86, status="announced", **kwargs):
    """A site named after its slug at (lon, lat), with one event giving it `status` (the map and
    the clusters leave out sites with none)."""
    created = SiteFactory(slug=slug, name=slug.title(), location=Point(lon, lat), **kwargs)
    EventFactory(site=created, status_after=status)
    return created
