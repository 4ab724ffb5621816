"""Demo data of government services: filled in below (catalogue and cases)."""


def load(stdout=None) -> None:
    from . import catalogue_demo_county
    from .catalogue_demo import load_demo

    load_demo(stdout)
    catalogue_demo_county.load(stdout)
