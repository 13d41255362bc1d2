package org.nextim.gateway.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Bulk test data written straight into the gateway's schema with JDBC batches (the site API would
 * take one transaction per user): users, buddy links, room members, messages.
 */
public final class Seed implements AutoCloseable {

  private final Connection c;

  public Seed(TestDb db) {
    try {
      c = DriverManager.getConnection(db.url(), db.user(), db.password());
      c.setAutoCommit(false);
    } catch (SQLException e) {
      throw new AssertionError("cannot open " + db, e);
    }
  }

  public Seed users(Collection<String> ids) {
    return batch("INSERT INTO users (id, nick, is_admin, created_at) VALUES (?, ?, FALSE, 0)", ids.stream()
        .map(id -> new Object[] {id, "N " + id}).toList());
  }

  public Seed buddies(String user, Collection<String> buddies) {
    return batch("INSERT INTO buddies (user_id, buddy_id, grp) VALUES (?, ?, 'friend')", buddies.stream()
        .map(b -> new Object[] {user, b}).toList());
  }

  public Seed room(String room, Collection<String> members) {
    batch("INSERT INTO rooms (id, nick, created_at) VALUES (?, ?, 0)", List.<Object[]>of(new Object[] {room, room}));
    return batch("INSERT INTO room_members (room_id, user_id) VALUES (?, ?)", members.stream()
        .map(m -> new Object[] {room, m}).toList());
  }

  /** {@code n} messages from {@code from} to {@code to} (a user, or a room for multicast). */
  public Seed messages(String type, String from, String to, int n, boolean pending) {
    return batch("INSERT INTO messages (id, msg_type, from_id, to_id, nick, body, style, ts, pending)"
        + " VALUES (?, ?, ?, ?, ?, ?, '', ?, ?)", java.util.stream.IntStream.range(0, n)
        .mapToObj(i -> new Object[] {UUID.randomUUID().toString(), type, from, to, from, "m" + i,
            System.currentTimeMillis(), pending}).toList());
  }

  private Seed batch(String sql, List<Object[]> rows) {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int n = 0;
      for (Object[] row : rows) {
        for (int i = 0; i < row.length; i++) {
          ps.setObject(i + 1, row[i]);
        }
        ps.addBatch();
        if (++n % 1000 == 0) {
          ps.executeBatch();
        }
      }
      ps.executeBatch();
      c.commit();
      return this;
    } catch (SQLException e) {
      throw new AssertionError("seeding failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      c.close();
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }
}
