"""Quotes get a column for `parts`, the exact span of each quoted piece (contract addition).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("quotes", sa.Column("parts", sa.JSON))
    # Rows stored before this migration kept `parts` in their `extra` JSON: move it over.
    conn = op.get_bind()
    quotes = sa.table("quotes", sa.column("id", sa.Integer), sa.column("extra", sa.Text),
                      sa.column("parts", sa.JSON))
    for row in conn.execute(sa.select(quotes.c.id, quotes.c.extra).where(quotes.c.extra.is_not(None))):
        extra = json.loads(row.extra)
        if "parts" not in extra:
            continue
        parts = extra.pop("parts")
        conn.execute(quotes.update().where(quotes.c.id == row.id)
                     .values(parts=parts, extra=json.dumps(extra, sort_keys=True) if extra else None))


def downgrade() -> None:
    op.drop_column("quotes", "parts")
