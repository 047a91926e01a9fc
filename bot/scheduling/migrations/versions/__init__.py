"""Migration versions, applied in order by bot.scheduling.db.migrate()."""
