-- The id the sender's widget gives a message (its outbox sends it again after a lost reply): one
-- stored message per (sender, client id). NULL for old clients; NULLs never collide in a unique index
-- on H2 or PostgreSQL.
ALTER TABLE messages ADD COLUMN client_id VARCHAR(64);
CREATE UNIQUE INDEX messages_by_client ON messages (from_id, client_id);
