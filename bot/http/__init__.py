"""The one HTTP server: health, metrics, and the routes other parts mount (Slack, push API)."""
