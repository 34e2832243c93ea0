package io.spanwise.instrumentation.jdbc.agent;

import io.spanwise.instrumentation.spi.AgentFieldMap;
import io.spanwise.instrumentation.spi.WeakKeyMap;
import java.util.ArrayList;
import java.util.List;

/**
 * What the JDBC advice remembers between calls, per statement object (the agent never keeps a statement
 * alive): the SQL a statement was prepared with and its connection's database, in the statement's agent
 * field (a weak map for a statement class without one), and the batch built by {@code addBatch} until
 * {@code executeBatch} takes it or {@code clearBatch} drops it (a weak map: batches are rare, prepared
 * statements are not).
 *
 * <p>The connection's database is kept with the SQL, read once as the statement is prepared, so that an
 * execution finds both through the agent's field and asks the driver nothing: no {@code getConnection()},
 * and no type check of the statement against {@code java.sql.Statement}. Before JDK 23, HotSpot remembers
 * for each class the one interface it last found it to implement (JDK-8180450), and checking the driver's
 * statement class against {@code Statement} and against the agent's field interface by turns rewrote that
 * memory twice per execution (25 ns a check on one thread, about 100 on two cores, against 1 ns,
 * in a loop on this project's 2-core VM). A statement prepared in a trace the sampler dropped has its
 * database read at its first execution in a trace that is kept instead, if it has one.
 */
public final class JdbcStatementState {
  private final AgentFieldMap<Prepared> prepared = new AgentFieldMap<>(Prepared.class);
  private final WeakKeyMap<Object, Batch> batches = new WeakKeyMap<>();

  /** A prepared statement's SQL and its connection's database. */
  public static final class Prepared {
    /** The SQL text itself: its analysis is cached by text ({@link SqlStatementCache}), shared by statements. */
    final String sql;
    /** Null when the statement was prepared in a trace the sampler dropped: not read there. */
    final DbConnectionInfo db;

    Prepared(String sql, DbConnectionInfo db) {
      this.sql = sql;
      this.db = db;
    }
  }

  public void prepared(Object statement, String sql, DbConnectionInfo db) {
    if (statement != null && sql != null) {
      prepared.put(statement, new Prepared(sql, db));
    }
  }

  /** What was remembered when {@code statement} was prepared, or null when it was not seen being prepared. */
  public Prepared prepared(Object statement) {
    return statement == null ? null : prepared.get(statement);
  }

  /** One {@code addBatch}: {@code sql} for {@code Statement.addBatch(sql)}, null for a prepared statement's. */
  public void batchAdded(Object statement, String sql) {
    if (statement == null) {
      return;
    }
    Batch batch = batches.get(statement);
    if (batch == null) {
      batch = new Batch();
      Batch raced = batches.putIfAbsent(statement, batch);
      if (raced != null) {
        batch = raced;
      }
    }
    batch.add(sql);
  }

  /** The batch built on {@code statement}, now forgotten (executing a batch empties it); null if none. */
  public Batch takeBatch(Object statement) {
    return statement == null ? null : batches.remove(statement);
  }

  public void batchCleared(Object statement) {
    if (statement != null) {
      batches.remove(statement);
    }
  }

  /**
   * Forgets a closed statement. Without this the entries of closed statements wait for the garbage
   * collector to clear their weak keys: with a statement prepared per request, hundreds of thousands of
   * weak references per second for the collector to process, and a map that keeps growing between
   * collections.
   */
  public void forget(Object statement) {
    if (statement != null) {
      prepared.remove(statement);
      if (batches.approximateSize() > 0) {
        batches.remove(statement);
      }
    }
  }

  /**
   * Weak map entries: statements without the agent's field with remembered SQL, and pending batches
   * (including collected statements not yet expunged).
   */
  int size() {
    return prepared.fallbackSize() + batches.size();
  }

  /**
   * The statements added to one batch. Plain statements' SQL is kept (up to {@link #MAX_KEPT}; beyond
   * that only whether they were all the same text), prepared ones are counted.
   */
  public static final class Batch {
    /** SQL texts kept per batch; a larger batch of different statements is reported without its texts. */
    static final int MAX_KEPT = 1000;

    private int size;
    private String first;
    private boolean allSame = true;
    private List<String> statements = new ArrayList<>();

    synchronized void add(String sql) {
      size++;
      if (sql == null) {
        return;
      }
      if (first == null) {
        first = sql;
      } else if (allSame && !first.equals(sql)) {
        allSame = false;
      }
      if (statements != null) {
        if (statements.size() < MAX_KEPT) {
          statements.add(sql);
        } else {
          statements = null;
        }
      }
    }

    /** How many statements or parameter sets were added. */
    public synchronized int size() {
      return size;
    }

    /** The SQL texts of {@code Statement.addBatch(sql)}, in order; null when too many to keep. */
    public synchronized List<String> statements() {
      return statements == null ? null : new ArrayList<>(statements);
    }

    /** The one SQL text every {@code addBatch(sql)} gave, or null when they differ or there were none. */
    public synchronized String commonSql() {
      return allSame ? first : null;
    }
  }
}
