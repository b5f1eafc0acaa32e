"""Directive pages, split by feature: directives (proposal, issue, overview) and explanations."""
