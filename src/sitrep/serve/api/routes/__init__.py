"""Serve stage: one router per API resource."""
