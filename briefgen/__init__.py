"""briefgen: publish annotated briefing archives as cross-linked static sites."""

__version__ = "0.1.0"
