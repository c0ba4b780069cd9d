"""Extract stage: pure functions from an annotated Doc to contract records."""
