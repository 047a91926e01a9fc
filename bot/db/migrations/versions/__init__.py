"""Migration versions, applied in order by bot.db.engine.migrate()."""
