"""A plugin whose import fails: clustercheck must report it and go on with the others."""

raise RuntimeError("clustercheck_broken is broken on purpose")
