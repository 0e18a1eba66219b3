"""telemed-kg: a knowledge-graph builder for telemedicine and digital health in Central Asia."""

__version__ = "0.1.0"
