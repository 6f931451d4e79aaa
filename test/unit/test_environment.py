"""The pinned environment works together: Debian's GDAL with the venv's numpy."""

from __future__ import annotations

from importlib.metadata import distributions


def _debian_version(name: str) -> str:
    """The version of Debian's own python3-<name> (in /usr/lib/python3/dist-packages)."""
    for dist in distributions(path=["/usr/lib/python3/dist-packages"]):
        if (dist.metadata["Name"] or "").lower() == name:
            return dist.version
    raise AssertionError(f"Debian's python3-{name} is not installed")


def test_numpy_stays_on_the_abi_debian_gdal_was_built_for():
    import numpy
    from osgeo import gdal_array  # fails to import under another numpy major version

    assert numpy.__version__.split(".")[0] == _debian_version("numpy").split(".")[0]
    assert gdal_array.BandReadAsArray is not None
