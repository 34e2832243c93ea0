package io.spanwise.instrumentation.jdbc.agent;

/**
 * What {@link SqlSanitizer#analyze(String, boolean)} found in one SQL statement: the text to record as
 * {@code db.query.text}, the {@code db.operation.name} and the {@code db.collection.name}. Immutable.
 */
public final class SqlStatementInfo {
  static final SqlStatementInfo NULL = new SqlStatementInfo(null, null, null);

  private final String queryText;
  private final String operationName;
  private final String collectionName;
  /** {@link #spanName()}, made on first use (a String: safe to publish without a lock). */
  private String spanName;

  SqlStatementInfo(String queryText, String operationName, String collectionName) {
    this.queryText = queryText;
    this.operationName = operationName;
    this.collectionName = collectionName;
  }

  /**
   * The statement with every literal replaced by {@code ?} and comments removed (sanitize on), or as
   * given (sanitize off); cut to {@link SqlSanitizer#MAX_QUERY_LENGTH} characters, a cut text ending in
   * {@code "..."}. Null only when the statement was null.
   */
  public String queryText() {
    return queryText;
  }

  /**
   * The statement's operation in upper case ({@code SELECT}, {@code INSERT}, {@code CALL},
   * {@code EXEC}, {@code COMMIT}, ...; a {@code WITH} query reports its main statement's); null when the
   * statement starts with no known operation keyword.
   */
  public String operationName() {
    return operationName;
  }

  /**
   * The one table the statement works on (the procedure for {@code CALL}/{@code EXEC}), as written
   * with schema or database qualifiers and without identifier quotes ({@code "public"."Orders"} gives
   * {@code public.Orders}); null when there is none or more than one (joins, table lists, subqueries,
   * set operations, several statements).
   */
  public String collectionName() {
    return collectionName;
  }

  /**
   * The span name the statement gives: {@code "{operation} {collection}"}, else the operation; null
   * without an operation. Made once per analysis, so a cached statement's spans share one string.
   */
  public String spanName() {
    String name = spanName;
    if (name == null && operationName != null && !operationName.isEmpty()) {
      name = collectionName != null && !collectionName.isEmpty()
          ? operationName + " " + collectionName : operationName;
      spanName = name;
    }
    return name;
  }

  @Override
  public String toString() {
    return "SqlStatementInfo{queryText=" + queryText + ", operationName=" + operationName
        + ", collectionName=" + collectionName + '}';
  }
}
