"""clustercheck's version, in a module of its own so that every layer can read it."""

__version__ = "1.0.0"
