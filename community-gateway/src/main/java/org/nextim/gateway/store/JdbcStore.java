package org.nextim.gateway.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;

/**
 * The {@link Store} over JDBC, for H2 and PostgreSQL alike (one portable schema, migrated by Flyway).
 * JDBC blocks, so every call runs on a dedicated worker pool as large as the connection pool, inside
 * one transaction; the event loop only sees futures.
 */
public final class JdbcStore implements Store {

  private static final Logger log = LoggerFactory.getLogger(JdbcStore.class);
  /** SQLSTATE of a unique-key violation, the same on H2 and PostgreSQL. */
  private static final String DUPLICATE_KEY = "23505";

  /** Ids bound in one {@code IN (…)} list at most (PostgreSQL allows 32,767 binds per statement). */
  static final int MAX_IN_LIST = 1000;

  private final HikariDataSource dataSource;
  private final WorkerExecutor executor;
  private final LongAdder transactions = new LongAdder();
  private final LongAdder statements = new LongAdder();


  @FunctionalInterface
  private interface Work<T> {
    T apply(Connection c) throws SQLException;
  }

  /** Each transaction, from taking a connection to its commit or rollback, by outcome. */
  private final Timer committed;
  private final Timer rolledBack;

  private JdbcStore(HikariDataSource dataSource, WorkerExecutor executor, MeterRegistry metrics) {
    this.dataSource = dataSource;
    this.executor = executor;
    this.committed = transactionTimer(metrics, "commit");
    this.rolledBack = transactionTimer(metrics, "rollback");
    FunctionCounter.builder("nextim.gateway.db.statements", statements, LongAdder::sum)
        .description("SQL statements prepared").register(metrics);
  }

  private static Timer transactionTimer(MeterRegistry metrics, String outcome) {
    return Timer.builder("nextim.gateway.db.transaction").description("Database transactions, connection wait included")
        .tag("outcome", outcome).register(metrics);
  }

  /** Opens the pool and migrates the schema; the future completes when the store is ready. */
  public static Future<Store> create(Vertx vertx, String url, String user, String password, int poolSize) {
    return create(vertx, url, user, password, poolSize, new SimpleMeterRegistry());
  }

  /**
   * As above, reporting to {@code metrics}: the pool (HikariCP's {@code hikaricp_connections_*}: active,
   * idle, pending, acquire and usage time, timeouts) and each transaction's time.
   */
  public static Future<Store> create(Vertx vertx, String url, String user, String password, int poolSize,
                                     MeterRegistry metrics) {
    WorkerExecutor executor = vertx.createSharedWorkerExecutor("gateway-db", poolSize);
    return executor.executeBlocking(() -> {
      HikariConfig hc = new HikariConfig();
      hc.setJdbcUrl(url);
      if (user != null && !user.isEmpty()) {
        hc.setUsername(user);
      }
      if (password != null && !password.isEmpty()) {
        hc.setPassword(password);
      }
      hc.setMaximumPoolSize(poolSize);
      hc.setMinimumIdle(1);
      hc.setPoolName("gateway-db");
      hc.setAutoCommit(false);
      hc.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(metrics));
      HikariDataSource ds = new HikariDataSource(hc);
      try {
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
      } catch (RuntimeException e) {
        ds.close();
        throw e;
      }
      log.info("storage ready on {}", url.replaceAll("password=[^;&]*", "password=***"));
      return (Store) new JdbcStore(ds, executor, metrics);
    }, false).onFailure(e -> executor.close());
  }

  @Override
  public Stats stats() {
    return new Stats(transactions.sum(), statements.sum());
  }

  /** The connection, counting the statements prepared on it. */
  private Connection counted(Connection c) {
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, args) -> {
          String name = method.getName();
          if (name.startsWith("prepare") || name.equals("createStatement")) {
            statements.increment();
          }
          try {
            return method.invoke(c, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Override
  public Future<Void> ping() {
    return tx(c -> {
      try (var st = c.createStatement()) {
        st.execute("SELECT 1");
      }
      return null;
    });
  }

  /** Runs {@code work} in one transaction on the worker pool. */
  private <T> Future<T> tx(Work<T> work) {
    return executor.executeBlocking(() -> {
      transactions.increment();
      long start = System.nanoTime();
      try (Connection c = dataSource.getConnection()) {
        try {
          T result = work.apply(counted(c));
          c.commit();
          committed.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
          return result;
        } catch (SQLException | RuntimeException e) {
          c.rollback();
          rolledBack.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
          throw e;
        }
      }
    }, false);
  }

  private static boolean duplicate(Throwable e) {
    return e instanceof SQLException && DUPLICATE_KEY.equals(((SQLException) e).getSQLState());
  }

  private static long now() {
    return System.currentTimeMillis();
  }

  private static String placeholders(int n) {
    return String.join(",", Collections.nCopies(n, "?"));
  }

  /** {@code list} in pieces of at most {@link #MAX_IN_LIST}. */
  static <T> List<List<T>> chunks(List<T> list) {
    List<List<T>> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i += MAX_IN_LIST) {
      out.add(list.subList(i, Math.min(list.size(), i + MAX_IN_LIST)));
    }
    return out;
  }

  private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    for (int i = 0; i < args.length; i++) {
      ps.setObject(i + 1, args[i]);
    }
    return ps;
  }

  /** {@code args}, then {@code last} unless it is null (an optional trailing bind). */
  private static Object[] args(Object last, Object... args) {
    if (last == null) {
      return args;
    }
    Object[] out = java.util.Arrays.copyOf(args, args.length + 1);
    out[args.length] = last;
    return out;
  }

  private static int update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = prepare(c, sql, args)) {
      return ps.executeUpdate();
    }
  }

  // ---- users, buddies ----

  private static final String USER_COLS = "id, nick, pic_url, url, is_admin";

  private static User readUser(ResultSet rs) throws SQLException {
    return new User(rs.getString("id"), rs.getString("nick"), rs.getString("pic_url"), rs.getString("url"),
        rs.getBoolean("is_admin"));
  }

  private static User findUser(Connection c, String id) throws SQLException {
    try (PreparedStatement ps = prepare(c, "SELECT " + USER_COLS + " FROM users WHERE id = ?", id);
         ResultSet rs = ps.executeQuery()) {
      return rs.next() ? readUser(rs) : null;
    }
  }

  @Override
  public Future<User> user(String id) {
    return tx(c -> findUser(c, id));
  }

  @Override
  public Future<List<User>> users(Collection<String> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    List<String> list = List.copyOf(ids);
    return tx(c -> {
      List<User> out = new ArrayList<>();
      for (List<String> part : chunks(list)) {
        try (PreparedStatement ps = prepare(c,
            "SELECT " + USER_COLS + " FROM users WHERE id IN (" + placeholders(part.size()) + ")", part.toArray());
             ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(readUser(rs));
          }
        }
      }
      return out;
    });
  }

  @Override
  public Future<User> ensureUser(User candidate) {
    return tx(c -> {
      User found = findUser(c, candidate.id());
      if (found != null) {
        return found;
      }
      insertUser(c, candidate);
      return candidate;
    }).recover(e -> duplicate(e) ? user(candidate.id()) : Future.failedFuture(e));
  }

  private static void insertUser(Connection c, User u) throws SQLException {
    update(c, "INSERT INTO users (id, nick, pic_url, url, is_admin, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        u.id(), u.nick(), u.picUrl(), u.url(), u.admin(), now());
  }

  @Override
  public Future<Boolean> putUser(User u) {
    return tx(c -> {
      int n = update(c, "UPDATE users SET nick = ?, pic_url = ?, url = ?, is_admin = ? WHERE id = ?",
          u.nick(), u.picUrl(), u.url(), u.admin(), u.id());
      if (n > 0) {
        return false;
      }
      insertUser(c, u);
      return true;
    }).recover(e -> duplicate(e) ? putUser(u) : Future.failedFuture(e));
  }

  @Override
  public Future<Boolean> deleteUser(String id) {
    return tx(c -> {
      update(c, "DELETE FROM buddies WHERE user_id = ? OR buddy_id = ?", id, id);
      update(c, "DELETE FROM room_members WHERE user_id = ?", id);
      update(c, "DELETE FROM settings WHERE user_id = ?", id);
      update(c, "DELETE FROM notifications WHERE user_id = ?", id);
      update(c, "DELETE FROM tickets WHERE user_id = ?", id);
      update(c, "DELETE FROM history_clears WHERE user_id = ?", id);
      update(c, "DELETE FROM read_markers WHERE user_id = ?", id);
      // Messages pending for a user who no longer exists will never be fetched: settle them.
      update(c, "UPDATE messages SET pending = FALSE WHERE to_id = ? AND pending = TRUE", id);
      return update(c, "DELETE FROM users WHERE id = ?", id) > 0;
    });
  }

  @Override
  public Future<Void> setBuddies(String userId, List<BuddyLink> buddies) {
    return tx(c -> {
      update(c, "DELETE FROM buddies WHERE user_id = ?", userId);
      Map<String, String> unique = new LinkedHashMap<>();
      buddies.forEach(b -> unique.put(b.id(), b.group()));
      unique.remove(userId);
      if (!unique.isEmpty()) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO buddies (user_id, buddy_id, grp) VALUES (?, ?, ?)")) {
          for (Map.Entry<String, String> b : unique.entrySet()) {
            ps.setString(1, userId);
            ps.setString(2, b.getKey());
            ps.setString(3, b.getValue());
            ps.addBatch();
          }
          ps.executeBatch();
        }
      }
      return null;
    });
  }

  @Override
  public Future<List<Buddy>> buddies(String userId) {
    return tx(c -> {
      List<Buddy> out = new ArrayList<>();
      try (PreparedStatement ps = prepare(c,
          "SELECT u.id, u.nick, u.pic_url, u.url, u.is_admin, b.grp FROM buddies b JOIN users u ON u.id = b.buddy_id"
              + " WHERE b.user_id = ? ORDER BY u.id", userId);
           ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Buddy(readUser(rs), rs.getString("grp")));
        }
      }
      return out;
    });
  }

  // ---- rooms ----

  @Override
  public Future<Boolean> putRoom(Room room) {
    return tx(c -> {
      boolean created = update(c, "UPDATE rooms SET nick = ?, url = ?, pic_url = ? WHERE id = ?",
          room.nick(), room.url(), room.picUrl(), room.id()) == 0;
      if (created) {
        update(c, "INSERT INTO rooms (id, nick, url, pic_url, created_at) VALUES (?, ?, ?, ?, ?)",
            room.id(), room.nick(), room.url(), room.picUrl(), now());
      }
      if (room.members() != null) {
        update(c, "DELETE FROM room_members WHERE room_id = ?", room.id());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO room_members (room_id, user_id) VALUES (?, ?)")) {
          for (String m : room.members().stream().map(Member::id).distinct().toList()) {
            ps.setString(1, room.id());
            ps.setString(2, m);
            ps.addBatch();
          }
          ps.executeBatch();
        }
      }
      return created;
    }).recover(e -> duplicate(e) ? putRoom(room) : Future.failedFuture(e));
  }

  @Override
  public Future<Boolean> deleteRoom(String id) {
    return tx(c -> {
      update(c, "DELETE FROM room_members WHERE room_id = ?", id);
      return update(c, "DELETE FROM rooms WHERE id = ?", id) > 0;
    });
  }

  @Override
  public Future<Room> room(String id) {
    return tx(c -> {
      List<Room> rooms = loadRooms(c, "SELECT id, nick, url, pic_url FROM rooms WHERE id = ?", id);
      return rooms.isEmpty() ? null : rooms.get(0);
    });
  }

  @Override
  public Future<List<Room>> rooms(Collection<String> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    List<String> list = List.copyOf(new java.util.TreeSet<>(ids));
    return tx(c -> {
      List<Room> out = new ArrayList<>();
      for (List<String> part : chunks(list)) {
        out.addAll(loadRooms(c, "SELECT id, nick, url, pic_url FROM rooms WHERE id IN (" + placeholders(part.size())
            + ") ORDER BY id", part.toArray()));
      }
      return out;
    });
  }

  @Override
  public Future<List<Room>> roomsOf(String userId) {
    return tx(c -> loadRooms(c, "SELECT r.id, r.nick, r.url, r.pic_url FROM rooms r JOIN room_members m"
        + " ON m.room_id = r.id WHERE m.user_id = ? ORDER BY r.id", userId));
  }

  /** Rooms selected by {@code sql} (columns id, nick, url, pic_url), each with its existing members. */
  private static List<Room> loadRooms(Connection c, String sql, Object... args) throws SQLException {
    Map<String, String[]> rows = new LinkedHashMap<>();
    try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        rows.put(rs.getString("id"), new String[] {rs.getString("nick"), rs.getString("url"), rs.getString("pic_url")});
      }
    }
    if (rows.isEmpty()) {
      return List.of();
    }
    Map<String, List<Member>> members = new LinkedHashMap<>();
    rows.keySet().forEach(id -> members.put(id, new ArrayList<>()));
    for (List<String> part : chunks(List.copyOf(rows.keySet()))) {
      try (PreparedStatement ps = prepare(c, "SELECT m.room_id, u.id, u.nick FROM room_members m JOIN users u"
          + " ON u.id = m.user_id WHERE m.room_id IN (" + placeholders(part.size()) + ") ORDER BY u.id",
          part.toArray());
           ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          members.get(rs.getString("room_id")).add(new Member(rs.getString("id"), rs.getString("nick")));
        }
      }
    }
    List<Room> out = new ArrayList<>();
    rows.forEach((id, r) -> out.add(new Room(id, r[0], r[1], r[2], members.get(id))));
    return out;
  }

  // ---- messages ----

  private static final String ITEM_COLS = "id, msg_type, from_id, nick, to_id, body, style, ts, client_id";

  private static LogItem readItem(ResultSet rs) throws SQLException {
    return new LogItem(rs.getString("id"), rs.getString("msg_type"), rs.getString("from_id"), rs.getString("nick"),
        rs.getString("to_id"), rs.getString("body"), rs.getString("style"), rs.getLong("ts"), rs.getString("client_id"));
  }

  private static List<LogItem> readItems(PreparedStatement ps) throws SQLException {
    List<LogItem> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(readItem(rs));
      }
    }
    return out;
  }

  @Override
  public Future<Void> saveMessage(LogItem m, boolean pending) {
    return tx(c -> {
      insertMessage(c, m, pending);
      return null;
    });
  }

  private static void insertMessage(Connection c, LogItem m, boolean pending) throws SQLException {
    update(c, "INSERT INTO messages (id, msg_type, from_id, to_id, nick, body, style, ts, pending, client_id)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        m.id(), m.type(), m.from(), m.to(), m.nick(), m.body(), m.style(), m.timestamp(), pending, m.clientId());
  }

  private static Stored findByClientId(Connection c, String from, String clientId) throws SQLException {
    try (PreparedStatement ps = prepare(c, "SELECT " + ITEM_COLS + ", pending FROM messages WHERE from_id = ?"
        + " AND client_id = ?", from, clientId); ResultSet rs = ps.executeQuery()) {
      return rs.next() ? new Stored(readItem(rs), rs.getBoolean("pending")) : null;
    }
  }

  @Override
  public Future<Stored> saveMessageOnce(LogItem m, boolean pending) {
    if (m.clientId() == null) {
      return saveMessage(m, pending).map(v -> new Stored(m, pending));
    }
    return tx(c -> {
      Stored earlier = findByClientId(c, m.from(), m.clientId());
      if (earlier != null) {
        return earlier;
      }
      insertMessage(c, m, pending);
      return new Stored(m, pending);
    }).recover(e -> duplicate(e) // a repeat that raced this one stored it first
        ? tx(c -> findByClientId(c, m.from(), m.clientId()))
        : Future.failedFuture(e));
  }

  @Override
  public Future<Void> markDelivered(Collection<String> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture();
    }
    List<String> list = List.copyOf(ids);
    return tx(c -> {
      // In chunks: one IN list per statement stays far below PostgreSQL's bind limit.
      for (List<String> part : chunks(list)) {
        update(c, "UPDATE messages SET pending = FALSE WHERE id IN (" + placeholders(part.size()) + ")", part.toArray());
      }
      return null;
    });
  }

  @Override
  public Future<List<LogItem>> pendingFor(String userId, int limit) {
    return tx(c -> {
      try (PreparedStatement ps = prepare(c, "SELECT " + ITEM_COLS + " FROM messages WHERE to_id = ? AND pending = TRUE"
          + " AND msg_type = 'unicast' ORDER BY seq", userId)) {
        ps.setMaxRows(limit);
        return readItems(ps);
      }
    });
  }

  @Override
  public Future<List<LogItem>> history(String userId, String peer, String type, int limit, String beforeId) {
    return tx(c -> {
      PreparedStatement ps;
      String before = beforeId == null ? "" : " AND seq < (SELECT seq FROM messages WHERE id = ?)";
      if (LogItem.MULTICAST.equals(type)) {
        ps = prepare(c, "SELECT " + ITEM_COLS + " FROM messages WHERE msg_type = 'multicast' AND to_id = ?" + before
            + " ORDER BY seq DESC", args(beforeId, peer));
      } else {
        ps = prepare(c, "SELECT " + ITEM_COLS + " FROM messages WHERE msg_type = 'unicast'"
            + " AND ((from_id = ? AND to_id = ?) OR (from_id = ? AND to_id = ?))"
            + " AND seq > COALESCE((SELECT through_seq FROM history_clears WHERE user_id = ? AND peer_id = ?), 0)" + before
            + " ORDER BY seq DESC", args(beforeId, userId, peer, peer, userId, userId, peer));
      }
      try (ps) {
        if (limit > 0) {
          ps.setMaxRows(limit);
        }
        List<LogItem> items = readItems(ps);
        Collections.reverse(items);
        return items;
      }
    });
  }

  @Override
  public Future<Map<String, List<LogItem>>> histories(String userId, Collection<String> peers, String type, int limit) {
    List<String> list = List.copyOf(new java.util.LinkedHashSet<>(peers));
    Map<String, List<LogItem>> out = new LinkedHashMap<>();
    list.forEach(p -> out.put(p, new ArrayList<>()));
    if (list.isEmpty()) {
      return Future.succeededFuture(out);
    }
    return tx(c -> {
      for (List<String> part : chunks(list)) {
        try (PreparedStatement ps = historiesQuery(c, userId, part, type, limit); ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.get(rs.getString("peer")).add(readItem(rs));
          }
        }
      }
      return out;
    });
  }

  /**
   * The last {@code limit} items of each peer's history in one statement: {@code ROW_NUMBER()} over the
   * peer, newest first (H2 and PostgreSQL alike), read back oldest first per peer.
   */
  private static PreparedStatement historiesQuery(Connection c, String userId, List<String> peers, String type,
                                                  int limit) throws SQLException {
    String in = placeholders(peers.size());
    List<Object> args = new ArrayList<>();
    String inner;
    if (LogItem.MULTICAST.equals(type)) {
      inner = "SELECT " + ITEM_COLS + ", seq, to_id AS peer, ROW_NUMBER() OVER (PARTITION BY to_id ORDER BY seq DESC) AS rn"
          + " FROM messages WHERE msg_type = 'multicast' AND to_id IN (" + in + ")";
      args.addAll(peers);
    } else {
      String peer = "CASE WHEN m.from_id = ? THEN m.to_id ELSE m.from_id END";
      inner = "SELECT m.id, m.msg_type, m.from_id, m.nick, m.to_id, m.body, m.style, m.ts, m.client_id, m.seq, " + peer + " AS peer,"
          + " ROW_NUMBER() OVER (PARTITION BY " + peer + " ORDER BY m.seq DESC) AS rn"
          + " FROM messages m LEFT JOIN history_clears hc ON hc.user_id = ? AND hc.peer_id = " + peer
          + " WHERE m.msg_type = 'unicast'"
          + " AND ((m.from_id = ? AND m.to_id IN (" + in + ")) OR (m.to_id = ? AND m.from_id IN (" + in + ")))"
          + " AND m.seq > COALESCE(hc.through_seq, 0)";
      for (int i = 0; i < 5; i++) { // peer in the select list, the partition, the clear's join; the sender
        args.add(userId);
      }
      args.addAll(peers);
      args.add(userId);
      args.addAll(peers);
    }
    String sql = "SELECT " + ITEM_COLS + ", peer FROM (" + inner + ") t"
        + (limit > 0 ? " WHERE rn <= ?" : "") + " ORDER BY peer, seq";
    if (limit > 0) {
      args.add(limit);
    }
    return prepare(c, sql, args.toArray());
  }

  @Override
  public Future<MarkerChange> saveReadMarker(String reader, String peer, String messageId) {
    return tx(c -> {
      long seq;
      try (PreparedStatement ps = prepare(c, "SELECT seq FROM messages WHERE id = ? AND msg_type = 'unicast'"
          + " AND from_id = ? AND to_id = ?", messageId, peer, reader); ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return MarkerChange.NO_SUCH_MESSAGE;
        }
        seq = rs.getLong(1);
      }
      if (update(c, "UPDATE read_markers SET through_seq = ?, msg_id = ?, read_at = ? WHERE user_id = ? AND peer_id = ?"
          + " AND through_seq < ?", seq, messageId, now(), reader, peer, seq) > 0) {
        return MarkerChange.MOVED;
      }
      try (PreparedStatement ps = prepare(c, "SELECT 1 FROM read_markers WHERE user_id = ? AND peer_id = ?", reader, peer);
           ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          return MarkerChange.NOT_NEWER; // a later (or the same) message was seen already
        }
      }
      update(c, "INSERT INTO read_markers (user_id, peer_id, through_seq, msg_id, read_at) VALUES (?, ?, ?, ?, ?)",
          reader, peer, seq, messageId, now());
      return MarkerChange.MOVED;
    }).recover(e -> duplicate(e) ? saveReadMarker(reader, peer, messageId) : Future.failedFuture(e));
  }

  @Override
  public Future<Map<String, Receipts>> receipts(String sender, Collection<String> peers) {
    List<String> list = List.copyOf(new java.util.LinkedHashSet<>(peers));
    Map<String, Receipts> out = new LinkedHashMap<>();
    if (list.isEmpty()) {
      return Future.succeededFuture(out);
    }
    return tx(c -> {
      Map<String, String> delivered = new LinkedHashMap<>();
      Map<String, String> read = new LinkedHashMap<>();
      for (List<String> part : chunks(list)) {
        String in = placeholders(part.size());
        List<Object> args = new ArrayList<>();
        args.add(sender);
        args.addAll(part);
        try (PreparedStatement ps = prepare(c, "SELECT m.to_id, m.id FROM messages m JOIN (SELECT to_id, MAX(seq) AS seq"
            + " FROM messages WHERE msg_type = 'unicast' AND from_id = ? AND to_id IN (" + in + ") AND pending = FALSE"
            + " GROUP BY to_id) t ON t.seq = m.seq", args.toArray()); ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            delivered.put(rs.getString(1), rs.getString(2));
          }
        }
        List<Object> readArgs = new ArrayList<>(part);
        readArgs.add(sender);
        try (PreparedStatement ps = prepare(c, "SELECT user_id, msg_id FROM read_markers WHERE user_id IN (" + in + ")"
            + " AND peer_id = ?", readArgs.toArray()); ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            read.put(rs.getString(1), rs.getString(2));
          }
        }
      }
      list.forEach(p -> out.put(p, new Receipts(delivered.get(p), read.get(p))));
      return out;
    });
  }

  @Override
  public Future<Void> clearHistory(String userId, String peer) {
    return tx(c -> {
      long through = 0;
      try (PreparedStatement ps = prepare(c, "SELECT MAX(seq) FROM messages WHERE msg_type = 'unicast'"
          + " AND ((from_id = ? AND to_id = ?) OR (from_id = ? AND to_id = ?))", userId, peer, peer, userId);
           ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          through = rs.getLong(1);
        }
      }
      if (update(c, "UPDATE history_clears SET through_seq = ? WHERE user_id = ? AND peer_id = ?",
          through, userId, peer) == 0) {
        update(c, "INSERT INTO history_clears (user_id, peer_id, through_seq) VALUES (?, ?, ?)", userId, peer, through);
      }
      return null;
    });
  }

  // ---- settings ----

  @Override
  public Future<JsonObject> settings(String userId) {
    return tx(c -> readSettings(c, userId, false));
  }

  private static JsonObject readSettings(Connection c, String userId, boolean forUpdate) throws SQLException {
    try (PreparedStatement ps = prepare(c, "SELECT doc FROM settings WHERE user_id = ?" + (forUpdate ? " FOR UPDATE" : ""),
        userId);
         ResultSet rs = ps.executeQuery()) {
      return rs.next() ? new JsonObject(rs.getString(1)) : null;
    }
  }

  @Override
  public Future<JsonObject> updateSettings(String userId, UnaryOperator<JsonObject> change) {
    return tx(c -> {
      JsonObject current = readSettings(c, userId, true);
      JsonObject next = change.apply(current == null ? null : current.copy());
      String doc = next.encode();
      if (current == null) {
        update(c, "INSERT INTO settings (user_id, doc) VALUES (?, ?)", userId, doc);
      } else {
        update(c, "UPDATE settings SET doc = ? WHERE user_id = ?", doc, userId);
      }
      return next;
    }).recover(e -> duplicate(e) ? updateSettings(userId, change) : Future.failedFuture(e));
  }

  // ---- notifications ----

  @Override
  public Future<Notification> addNotification(String userId, String text, String link) {
    return tx(c -> {
      long at = now();
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO notifications (user_id, note_text, link, created_at, is_read) VALUES (?, ?, ?, ?, FALSE)",
          Statement.RETURN_GENERATED_KEYS)) {
        ps.setString(1, userId);
        ps.setString(2, text);
        ps.setString(3, link);
        ps.setLong(4, at);
        ps.executeUpdate();
        try (ResultSet keys = ps.getGeneratedKeys()) {
          keys.next();
          return new Notification(keys.getLong("id"), text, link, at, false);
        }
      }
    });
  }

  @Override
  public Future<List<Notification>> notifications(String userId, int limit) {
    return tx(c -> {
      List<Notification> out = new ArrayList<>();
      try (PreparedStatement ps = prepare(c, "SELECT id, note_text, link, created_at, is_read FROM notifications"
          + " WHERE user_id = ? ORDER BY id DESC", userId)) {
        ps.setMaxRows(limit);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new Notification(rs.getLong("id"), rs.getString("note_text"), rs.getString("link"),
                rs.getLong("created_at"), rs.getBoolean("is_read")));
          }
        }
      }
      return out;
    });
  }

  @Override
  public Future<Void> markRead(String userId, Collection<Long> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Object> args = new ArrayList<>();
    args.add(userId);
    args.addAll(ids);
    return tx(c -> {
      update(c, "UPDATE notifications SET is_read = TRUE WHERE user_id = ? AND id IN (" + placeholders(ids.size()) + ")",
          args.toArray());
      return null;
    });
  }

  // ---- tickets ----

  @Override
  public Future<Void> saveTicket(String ticket, String userId) {
    return tx(c -> {
      if (update(c, "UPDATE tickets SET user_id = ?, created_at = ? WHERE ticket = ?", userId, now(), ticket) == 0) {
        update(c, "INSERT INTO tickets (ticket, user_id, created_at) VALUES (?, ?, ?)", ticket, userId, now());
      }
      return null;
    });
  }

  @Override
  public Future<String> ticketOwner(String ticket) {
    return tx(c -> {
      try (PreparedStatement ps = prepare(c, "SELECT user_id FROM tickets WHERE ticket = ?", ticket);
           ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    });
  }

  @Override
  public Future<Void> dropTicket(String ticket) {
    return tx(c -> {
      update(c, "DELETE FROM tickets WHERE ticket = ?", ticket);
      return null;
    });
  }

  @Override
  public Future<Void> dropTickets(String userId) {
    return tx(c -> {
      update(c, "DELETE FROM tickets WHERE user_id = ?", userId);
      return null;
    });
  }

  @Override
  public Future<Integer> pruneTickets(long beforeMs) {
    return tx(c -> update(c, "DELETE FROM tickets WHERE created_at < ?", beforeMs));
  }

  @Override
  public Future<Void> close() {
    return executor.executeBlocking(() -> {
      dataSource.close();
      return (Void) null;
    }, false).eventually(() -> executor.close());
  }
}
