"""Adapters render neutral replies for one platform and send them."""
