"""Alembic environment: migrations run on a connection the program hands over.

Run from a checkout with `alembic -c alembic.ini revision --autogenerate -m "..."`; then the
URL comes from alembic.ini or ALS_DESKTOP_DATABASE.
"""

from alembic import context
from sqlalchemy import create_engine

from als_desktop.config import database_url
from als_desktop.models import Base

config = context.config
target_metadata = Base.metadata


def run(connection) -> None:  # noqa: ANN001
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things: batch mode recreates the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    url = config.get_main_option("sqlalchemy.url") or database_url()
    engine = create_engine(url)
    with engine.begin() as own_connection:
        run(own_connection)
