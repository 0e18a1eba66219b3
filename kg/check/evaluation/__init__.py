"""Scoring extraction against facts written down by hand: entities and relations on the test
corpora and on real published articles (extraction), and metrics (metrics)."""
