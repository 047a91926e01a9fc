"""Scheduled digests: subscriptions and deliveries in SQL, slots, rate limits and the timer."""
