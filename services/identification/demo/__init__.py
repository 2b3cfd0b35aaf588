"""A fictional demo region: registry, assessment results and indicators, deterministic by seed."""
