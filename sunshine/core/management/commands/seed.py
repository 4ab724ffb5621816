"""Synthetic data at scale for benchmarks: `sunshine seed --clocks 1000000 --publications 1000000 …`.

Each app may provide `seed.py` with `OPTION` (the flag name, e.g. "clocks"), `HELP`, and
`run(n: int, *, stdout, batch_size: int)`. Data is generated offline from built-in vocabularies.
"""

from django.core.management.base import BaseCommand

from sunshine.core.plugins import app_modules


class Command(BaseCommand):
    help = "生成大规模合成数据（用于性能测试）"

    def add_arguments(self, parser):
        for _label, module in app_modules("seed"):
            parser.add_argument(f"--{module.OPTION.replace('_', '-')}", type=int, default=0, help=module.HELP,
                                dest=module.OPTION)
        parser.add_argument("--batch-size", type=int, default=5000)

    def handle(self, *args, **options):
        ran = False
        for _label, module in app_modules("seed"):
            n = options.get(module.OPTION) or 0
            if n > 0:
                module.run(n, stdout=self.stdout, batch_size=options["batch_size"])
                ran = True
        if not ran:
            self.stderr.write("未指定要生成的数据，例如：sunshine seed --clocks 100000")
