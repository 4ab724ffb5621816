"""Demo data of government services: the catalogue and cases (`catalogue_demo`), then fees and the cases that
carry each supervision flag (`oversight_demo`)."""


def load(stdout=None) -> None:
    from . import catalogue_demo_county, parallel_demo
    from .catalogue_demo import load_demo
    from .oversight_demo import load_demo as load_oversight_demo

    load_demo(stdout)
    catalogue_demo_county.load(stdout)
    parallel_demo.load_demo(stdout)
    load_oversight_demo(stdout)
