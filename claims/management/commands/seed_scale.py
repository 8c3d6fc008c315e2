import argparse
import os

from django.core.management.base import CommandError, CommandParser

from claims.seeding import BATCH_CLAIMS, Plan, SeedProblem, seed
from factcheck.commands import Command as BaseCommand

MAX_CLAIMS = 20_000_000


def _count(low: int, high: int):
    def parse(value: str) -> int:
        try:
            number = int(value.replace("_", "").replace(",", ""))
        except ValueError:
            raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
        if not low <= number <= high:
            raise argparse.ArgumentTypeError(f"{number:,} is not between {low:,} and {high:,}")
        return number

    return parse


class Command(BaseCommand):
    help = (
        "Fill an empty database with synthetic claims at scale for benchmarks: sources with "
        "text and passages, claims in every status, evidence, events, members analyst0.. and "
        "reviewer0..."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--claims", required=True, type=_count(1, MAX_CLAIMS))
        parser.add_argument(
            "--sources", type=_count(1, MAX_CLAIMS), help="default: one for every 50 claims"
        )
        parser.add_argument(
            "--outlets", type=_count(1, 100_000), help="default: one for every 100 sources"
        )
        parser.add_argument(
            "--analysts", type=_count(1, 1_000), help="default: one for every 25,000 claims"
        )
        parser.add_argument("--reviewers", type=_count(1, 1_000), help="default: analysts / 4")
        parser.add_argument(
            "--password-env",
            metavar="VAR",
            help="give the members the password in this environment variable "
            "(default: an unusable password)",
        )
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument(
            "--batch-claims",
            type=_count(1, MAX_CLAIMS),
            default=BATCH_CLAIMS,
            help=f"claims written per transaction (default {BATCH_CLAIMS:,})",
        )

    def handle(self, *args, **options) -> None:
        claims = options["claims"]
        sources = options["sources"] or max(1, round(claims / 50))
        analysts = options["analysts"] or min(40, max(3, claims // 25_000))
        password = None
        if options["password_env"]:
            password = os.environ.get(options["password_env"])
            if not password:
                raise CommandError(
                    f"environment variable {options['password_env']} is not set", returncode=2
                )
        plan = Plan(
            claims=claims,
            sources=sources,
            outlets=options["outlets"] or min(300, max(3, sources // 100)),
            analysts=analysts,
            reviewers=options["reviewers"] or min(10, max(2, analysts // 4)),
            password=password,
            seed=options["seed"],
            batch_claims=options["batch_claims"],
        )
        try:
            summary = seed(plan, progress=lambda line: self.stderr.write(f"seed_scale: {line}"))
        except SeedProblem as exc:
            raise CommandError(str(exc), returncode=2) from None
        counts = summary.counts
        statuses = ", ".join(f"{n:,} {status}" for status, n in summary.statuses.most_common())
        self.stdout.write(
            f"seeded {counts['claims_claim']:,} claims ({statuses}), "
            f"{counts['sources_source']:,} sources with {counts['sources_passage']:,} passages, "
            f"{counts['sources_outlet']:,} outlets, {counts['claims_evidence']:,} evidence links, "
            f"{counts['claims_claimevent']:,} events, {plan.analysts} analysts and "
            f"{plan.reviewers} reviewers in {summary.seconds:.1f} s"
        )
