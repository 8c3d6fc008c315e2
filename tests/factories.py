"""factory_boy factories for the models every test area needs."""

import hashlib

import factory
from django.contrib.auth import get_user_model

from claims.models import Claim, ClaimEvent, Evidence
from sources.models import Outlet, Passage, Source


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct-horse-battery")


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outlet

    name = factory.Sequence(lambda n: f"Outlet {n}")
    reliability = Outlet.Reliability.B


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    title = factory.Sequence(lambda n: f"Source {n}")
    outlet = factory.SubFactory(OutletFactory)
    kind = Source.Kind.ARTICLE
    text = factory.Sequence(
        lambda n: f"Report {n}: officials said that 40 wells were dug in 2024 near Tarn."
    )
    sha256 = factory.LazyAttribute(lambda s: hashlib.sha256(s.text.encode()).hexdigest())


class PassageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Passage

    source = factory.SubFactory(SourceFactory)
    position = factory.Sequence(lambda n: n)
    start = 0
    end = factory.LazyAttribute(lambda p: len(p.source.text))
    role = Passage.Role.NARRATION


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    source = factory.SubFactory(SourceFactory)
    start = factory.Sequence(lambda n: n)
    end = factory.LazyAttribute(lambda c: c.start + 10)
    quote = factory.LazyAttribute(lambda c: c.source.text[c.start : c.end] or "a quote")
    speaker = "Officials"
    kinds = factory.LazyFunction(lambda: [Claim.Kind.QUANTITATIVE])
    statement = "Officials say 40 wells were dug in 2024."
    status = Claim.Status.OPEN


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    claim = factory.SubFactory(ClaimFactory)
    source = factory.SubFactory(SourceFactory)
    stance = Evidence.Stance.SUPPORTS
    excerpt = "The ministry counted 40 new wells."
    credibility = 2


class ClaimEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClaimEvent

    claim = factory.SubFactory(ClaimFactory)
    action = "note"
