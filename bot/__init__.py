"""briefbot: a self-hosted news-briefing bot for Discord and Slack."""

__version__ = "0.1.0"
