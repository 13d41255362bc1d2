-- Read receipts: the newest message from peer_id that user_id has seen (its chat visible and focused),
-- one row per reader and conversation; through_seq only moves forward.
CREATE TABLE read_markers (
  user_id     VARCHAR(64) NOT NULL,
  peer_id     VARCHAR(64) NOT NULL,
  through_seq BIGINT      NOT NULL,
  msg_id      VARCHAR(64) NOT NULL,
  read_at     BIGINT      NOT NULL,
  PRIMARY KEY (user_id, peer_id)
);
