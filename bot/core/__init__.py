"""Platform-neutral heart of briefbot: schema, store, index, commands and replies.

Nothing here imports a chat SDK, the scheduler or an HTTP client (a test enforces it).
"""
