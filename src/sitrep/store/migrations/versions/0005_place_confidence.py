"""Places get geo_confidence (Place.geo_confidence): how well the article's geography supports the reading.

A place stored before this migration was read with no such doubt, so it gets 1.0; a place read
as a far-off namesake (more than ~1,500 km from the article's other places, no country named
beside it) is stored with a low value, and the web map draws it as uncertain.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-09
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("places", sa.Column("geo_confidence", sa.Float, nullable=False, server_default="1.0"))


def downgrade() -> None:
    # SQLite 3.35+ drops a column in place; rebuilding ``places`` would trip the foreign keys to it.
    op.drop_column("places", "geo_confidence")
