"""``python -m clustercheck``: the same command line as ``clustercheck``."""

from clustercheck.cli import main

if __name__ == "__main__":
    main()
