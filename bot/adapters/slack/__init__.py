"""briefbot on Slack: bolt AsyncApp, Block Kit rendering, publisher and installations."""
