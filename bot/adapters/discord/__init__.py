"""The Discord adapter: render replies, sync commands, answer interactions, publish digests."""
