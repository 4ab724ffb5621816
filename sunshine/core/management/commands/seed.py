"""Synthetic data at scale for benchmarks: `sunshine seed --clocks 1000000 --publications 1000000 …`.

Each app may declare `seed=Seed(option, help, run)` in its manifest: `--<option> N` calls
`run(n: int, *, stdout, batch_size: int)`. Data is generated offline from built-in vocabularies.
"""

from django.core.management.base import BaseCommand

from sunshine.core.manifest import manifests, resolve


def _seeds():
    return [m.seed for m in manifests() if m.seed is not None]


class Command(BaseCommand):
    help = "生成大规模合成数据（用于性能测试）"

    def add_arguments(self, parser):
        for seed in _seeds():
            parser.add_argument(f"--{seed.option.replace('_', '-')}", type=int, default=0, dest=seed.option,
                                help=seed.help.replace("%", "%%"))  # argparse formats help with %
        parser.add_argument("--batch-size", type=int, default=5000)

    def handle(self, *args, **options):
        ran = False
        for seed in _seeds():
            n = options.get(seed.option) or 0
            if n > 0:
                resolve(seed.run)(n, stdout=self.stdout, batch_size=options["batch_size"])
                ran = True
        if not ran:
            self.stderr.write("未指定要生成的数据，例如：sunshine seed --clocks 100000")
