"""The database: engine, migrations and tables; it belongs to no feature and imports none."""
