"""Demo data of government services: filled in below (catalogue and cases)."""


def load(stdout=None) -> None:
    from .catalogue_demo import load_demo

    load_demo(stdout)
