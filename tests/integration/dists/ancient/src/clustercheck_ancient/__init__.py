"""A plugin made for clustercheck 0.x: clustercheck 1 must refuse it before importing it."""

raise RuntimeError("clustercheck_ancient must never be imported by an incompatible clustercheck")
