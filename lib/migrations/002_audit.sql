-- Nothing is ever lost: every edit and delete copies the old row here first.
CREATE SEQUENCE audit_id_seq START 1;
CREATE TABLE audit (
    id         INTEGER PRIMARY KEY DEFAULT nextval('audit_id_seq'),
    changed_at TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
    table_name VARCHAR NOT NULL,
    row_key    VARCHAR NOT NULL,
    action     VARCHAR NOT NULL CHECK (action IN ('update', 'delete')),
    old_row    VARCHAR NOT NULL   -- JSON of the row as it was
);
CREATE INDEX audit_table_key_idx ON audit (table_name, row_key);
