"""Demo data of government services: filled in below (catalogue and cases)."""


def load(stdout=None) -> None:
    from . import parallel_demo
    from .catalogue_demo import load_demo

    load_demo(stdout)
    parallel_demo.load_demo(stdout)
