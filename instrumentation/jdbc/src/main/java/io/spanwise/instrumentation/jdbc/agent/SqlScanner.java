package io.spanwise.instrumentation.jdbc.agent;

import static io.spanwise.instrumentation.jdbc.agent.SqlKeywords.CLAUSE_END;
import static io.spanwise.instrumentation.jdbc.agent.SqlKeywords.EXPR;
import static io.spanwise.instrumentation.jdbc.agent.SqlKeywords.JOIN;
import static io.spanwise.instrumentation.jdbc.agent.SqlKeywords.OP;
import static io.spanwise.instrumentation.jdbc.agent.SqlKeywords.RESERVED;
import static io.spanwise.instrumentation.jdbc.agent.SqlKeywords.WITH_MAIN;

/**
 * One run of the sanitizer over one statement: a lexer that writes the sanitized text as it goes and
 * feeds each token to a small state machine that finds the operation and the table. Single pass, no
 * regular expressions; the only allocations are this object, the output builder (only when something
 * has to change) and the result strings. Every look-ahead is either bounded or, when it fails, consumes
 * the rest of the input, so the run is linear in the statement's length.
 */
final class SqlScanner {
  // Token kinds.
  private static final int T_WORD = 1;
  private static final int T_QUOTED = 2; // "quoted", `quoted` or [bracketed] identifier
  private static final int T_LITERAL = 3;
  private static final int T_PARAM = 4; // ? :name :1 $1 @name; the kind's char is passed as punct
  private static final int T_PUNCT = 5;

  /** The output never grows past this: anything longer than MAX_QUERY_LENGTH is cut at the end. */
  private static final int LIMIT = SqlSanitizer.MAX_QUERY_LENGTH + 1;
  /** Longest [bracketed] identifier recognised (SQL Server names are at most 128 characters). */
  private static final int MAX_BRACKETED = 130;
  private static final int MAX_CTES = 16;

  // ASCII character classes.
  private static final byte WORD_START = 1;
  private static final byte WORD_PART = 2;
  private static final byte DIGIT = 4;
  private static final byte[] ASCII = new byte[128];

  static {
    for (char c = 'a'; c <= 'z'; c++) {
      ASCII[c] = WORD_START | WORD_PART;
      ASCII[c - 32] = WORD_START | WORD_PART;
    }
    for (char c = '0'; c <= '9'; c++) {
      ASCII[c] = WORD_PART | DIGIT;
    }
    ASCII['_'] = WORD_START | WORD_PART;
    ASCII['$'] = WORD_PART;
    ASCII['#'] = WORD_PART;
  }

  private final String sql;
  private final int n;
  private final boolean sanitize;

  // Output (sanitize only): text before copyFrom is dealt with; out is created on the first change.
  private StringBuilder out;
  private int copyFrom;
  private boolean pendingSpace;
  private boolean full;

  // Lexer context.
  private int depth;
  private boolean prevOperand;
  private int prevKw;

  // IN (...) list collapsing (sanitize only).
  private boolean inPending;
  private boolean listActive;
  private int listDepth;
  private int listSqlStart;
  private int listOutStart;
  private int listCount;
  private boolean listHasLiteral;

  // Analysis.
  private static final int P_START = 0;
  private static final int P_WITH = 1;
  private static final int P_MAIN = 2;
  private static final int P_END = 3;

  private static final int C_NONE = 0;
  private static final int C_SEEK_FROM = 1;
  private static final int C_SEEK_TABLE = 2;
  private static final int C_EXPECT_NAME = 3;
  private static final int C_IN_NAME = 4;
  private static final int C_NAME_DOT = 5;
  private static final int C_TABLE_CLAUSE = 6;
  private static final int C_AFTER = 7;
  private static final int C_DONE = 8;

  private int phase = P_START;
  private int opKw;
  private int base;
  private int cstate = C_NONE;
  private boolean ambiguous;
  private boolean settled;
  private int nameStart;
  private int nameEnd;
  private boolean nameSimple;
  private boolean nameComplete;
  private final boolean mysql;
  private boolean justAfterName;
  private boolean topSeen;
  private int skipDepth = -1;
  private boolean assignPending;
  private boolean stmtEnded;
  private boolean prevDistinct;
  private int withDepth;
  private boolean cteExpected;
  private int[] ctes;
  private int cteCount;

  SqlScanner(String sql, boolean sanitize, SqlDialect dialect) {
    this.sql = sql;
    this.n = sql.length();
    this.sanitize = sanitize;
    this.mysql = dialect == SqlDialect.MYSQL;
  }

  SqlStatementInfo run() {
    int i = 0;
    while (i < n) {
      if (settled && (full || !sanitize)) {
        break; // nothing left to learn and nothing more to write
      }
      char c = sql.charAt(i);
      if (c >= 0x80) {
        if (isUnicodeSpace(c)) {
          i++;
        } else {
          i = word(i);
        }
        continue;
      }
      if (c <= ' ') {
        i++;
        continue;
      }
      switch (c) {
        case '\'':
          i = literal(i, stringEnd(i));
          break;
        case '"':
          i = mysql ? literal(i, stringEnd(i)) : quoted(i, c);
          break;
        case '`':
          i = quoted(i, c);
          break;
        case '-':
          if (at(i + 1) == '-') {
            i = comment(i, lineEnd(i + 2));
          } else {
            i = signOrPunct(i, c);
          }
          break;
        case '+':
          i = signOrPunct(i, c);
          break;
        case '/':
          if (at(i + 1) == '*') {
            i = comment(i, blockCommentEnd(i));
          } else {
            i = punct(i, c);
          }
          break;
        case '.':
          if (isDigit(at(i + 1)) && !(i > 0 && endsOperand(sql.charAt(i - 1)))) {
            i = number(i, i);
          } else {
            i = punct(i, c);
          }
          break;
        case '$':
          i = dollar(i);
          break;
        case '?':
          param(i, i + 1, '?');
          i++;
          break;
        case ':':
          i = colon(i);
          break;
        case '@':
          i = atSign(i);
          break;
        case '#':
          if (mysql) {
            i = comment(i, lineEnd(i + 1));
            break;
          }
          i = isWordStart(at(i + 1)) || at(i + 1) == '#' ? word(i) : punct(i, c);
          break;
        case '[': {
          int end = bracketedEnd(i);
          if (end > 0) {
            token(T_QUOTED, i, end, 0, '[');
            i = end;
          } else {
            i = punct(i, c);
          }
          break;
        }
        default:
          if (isDigit(c)) {
            i = number(i, i);
          } else if ((ASCII[c] & WORD_START) != 0) {
            i = word(i);
          } else {
            i = punct(i, c);
          }
      }
    }
    return finish();
  }

  // ---------------------------------------------------------------------------------------------
  // Lexer

  private char at(int i) {
    return i < n ? sql.charAt(i) : '\0';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isUnicodeSpace(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c);
  }

  private static boolean isSpace(char c) {
    return c <= ' ' || c >= 0x80 && isUnicodeSpace(c);
  }

  private static boolean isWordStart(char c) {
    return c < 0x80 ? (ASCII[c] & WORD_START) != 0 : !isUnicodeSpace(c);
  }

  private static boolean isWordPart(char c) {
    return c < 0x80 ? (ASCII[c] & WORD_PART) != 0 : !isUnicodeSpace(c);
  }

  /** A character that ends a word, a quoted name or a bracket: '.' or '[' right after it are not literals. */
  private static boolean endsOperand(char c) {
    return isWordPart(c) || c == '"' || c == '`' || c == ']' || c == ')';
  }

  private int word(int start) {
    int i = start + 1;
    boolean ascii = sql.charAt(start) < 0x80;
    while (i < n) {
      char c = sql.charAt(i);
      if (c < 0x80) {
        if ((ASCII[c] & WORD_PART) == 0) {
          break;
        }
      } else if (isUnicodeSpace(c)) {
        break;
      } else {
        ascii = false;
      }
      i++;
    }
    int len = i - start;
    if (i < n && len <= 2) {
      // Prefixed strings: N'..' E'..' X'ff' B'01' U&'..' q'[..]' nq'[..]'
      char next = sql.charAt(i);
      char c0 = (char) (sql.charAt(start) | 0x20);
      if (next == '\'') {
        if (len == 1 && (c0 == 'n' || c0 == 'e' || c0 == 'x' || c0 == 'b')) {
          return literal(start, stringEnd(i));
        }
        if (len == 1 && c0 == 'q' || len == 2 && c0 == 'n' && (sql.charAt(start + 1) | 0x20) == 'q') {
          return literal(start, quoteOperatorEnd(i));
        }
      } else if (next == '&' && len == 1 && c0 == 'u' && at(i + 1) == '\'') {
        return literal(start, stringEnd(i + 1));
      }
    }
    token(T_WORD, start, i, ascii ? SqlKeywords.lookup(sql, start, len) : 0, '\0');
    return i;
  }

  /** End of a '...' string: '' and backslash escapes; unterminated runs to the end. */
  private int stringEnd(int quote) {
    char q = sql.charAt(quote);
    int i = quote + 1;
    while (i < n) {
      char c = sql.charAt(i);
      if (c == q) {
        if (at(i + 1) != q) {
          return i + 1;
        }
        i += 2;
      } else if (c == '\\') {
        i += 2;
      } else {
        i++;
      }
    }
    return n;
  }

  /** End of an Oracle q'<delim>...<delim>' string; unterminated runs to the end. */
  private int quoteOperatorEnd(int quote) {
    if (quote + 1 >= n) {
      return n;
    }
    char open = sql.charAt(quote + 1);
    char close = open == '[' ? ']' : open == '{' ? '}' : open == '(' ? ')' : open == '<' ? '>' : open;
    for (int i = quote + 2; i + 1 < n; i++) {
      if (sql.charAt(i) == close && sql.charAt(i + 1) == '\'') {
        return i + 2;
      }
    }
    return n;
  }

  private int quoted(int start, char quote) {
    int i = start + 1;
    while (i < n) {
      if (sql.charAt(i) == quote) {
        if (at(i + 1) != quote) {
          token(T_QUOTED, start, i + 1, 0, quote);
          return i + 1;
        }
        i += 2;
      } else {
        i++;
      }
    }
    // Unterminated: whatever follows could hold values, so none of it is kept.
    if (sanitize) {
      return literal(start, n);
    }
    token(T_QUOTED, start, n, 0, quote);
    return n;
  }

  /** A [bracketed] identifier (SQL Server, Access, SQLite) and not an array subscript or literal. */
  private int bracketedEnd(int start) {
    if (start > 0 && endsOperand(sql.charAt(start - 1)) || prevKw == SqlKeywords.ARRAY) {
      return -1;
    }
    char first = at(start + 1);
    if (!(isWordStart(first) || first == '@' || first == '#')) {
      return -1;
    }
    int max = Math.min(n, start + MAX_BRACKETED);
    for (int i = start + 2; i < max; i++) {
      char c = sql.charAt(i);
      if (c == ']') {
        return i + 1;
      }
      if (c == '\'' || c == '"' || c == '`' || c == '[' || c == '\n' || c == '\r') {
        return -1;
      }
    }
    return -1;
  }

  private int number(int start, int from) {
    int i = from;
    while (i < n && isDigit(sql.charAt(i))) {
      i++;
    }
    if (i < n && sql.charAt(i) == '.') {
      i++;
      while (i < n && isDigit(sql.charAt(i))) {
        i++;
      }
    }
    if (i < n && (sql.charAt(i) | 0x20) == 'e') {
      int j = i + 1;
      if (j < n && (sql.charAt(j) == '+' || sql.charAt(j) == '-')) {
        j++;
      }
      if (j < n && isDigit(sql.charAt(j))) {
        i = j;
        while (i < n && isDigit(sql.charAt(i))) {
          i++;
        }
      }
    }
    // 0xFF, 0b101, 10L, 1e: letters glued to a number are part of the literal.
    while (i < n && isWordPart(sql.charAt(i))) {
      i++;
    }
    return literal(start, i);
  }

  private int signOrPunct(int i, char c) {
    char next = at(i + 1);
    if (!prevOperand && (isDigit(next) || next == '.' && isDigit(at(i + 2)))) {
      return number(i, i + 1);
    }
    return punct(i, c);
  }

  private int dollar(int i) {
    char next = at(i + 1);
    if (isDigit(next)) {
      int j = i + 2;
      while (j < n && isDigit(sql.charAt(j))) {
        j++;
      }
      param(i, j, '$');
      return j;
    }
    int tagEnd = -1;
    if (next == '$') {
      tagEnd = i + 2;
    } else if (next != '\0' && next != '#' && isWordStart(next)) {
      int j = i + 2;
      while (j < n) {
        char c = sql.charAt(j);
        if (c == '$' || c == '#' || !isWordPart(c)) {
          break;
        }
        j++;
      }
      if (at(j) == '$') {
        tagEnd = j + 1;
      }
    }
    if (tagEnd < 0) {
      return punct(i, '$');
    }
    int tagLength = tagEnd - i;
    for (int j = tagEnd; j < n; j++) {
      if (sql.charAt(j) == '$' && sql.regionMatches(j, sql, i, tagLength)) {
        return literal(i, j + tagLength);
      }
    }
    return literal(i, n);
  }

  private int colon(int i) {
    char next = at(i + 1);
    char prev = i > 0 ? sql.charAt(i - 1) : ' ';
    if (prev != ':' && next != ':') {
      if (isWordStart(next)) {
        int j = i + 2;
        while (j < n && isWordPart(sql.charAt(j))) {
          j++;
        }
        param(i, j, ':');
        return j;
      }
      if (isDigit(next) && !endsOperand(prev)) {
        int j = i + 2;
        while (j < n && isDigit(sql.charAt(j))) {
          j++;
        }
        param(i, j, ':');
        return j;
      }
    }
    return punct(i, ':');
  }

  /** @name, @@NAME: variables and named parameters (SQL Server, MySQL); "@5" is not one. */
  private int atSign(int i) {
    int j = at(i + 1) == '@' ? i + 2 : i + 1;
    if (j < n && isWordStart(sql.charAt(j))) {
      j++;
      while (j < n && isWordPart(sql.charAt(j))) {
        j++;
      }
      param(i, j, '@');
      return j;
    }
    return punct(i, '@');
  }

  private int lineEnd(int from) {
    int i = from;
    while (i < n && sql.charAt(i) != '\n' && sql.charAt(i) != '\r') {
      i++;
    }
    return i;
  }

  /** End of a block comment, nested ones included (standard SQL, PostgreSQL, SQL Server). */
  private int blockCommentEnd(int start) {
    int nesting = 1;
    int i = start + 2;
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '*' && at(i + 1) == '/') {
        i += 2;
        if (--nesting == 0) {
          return i;
        }
      } else if (c == '/' && at(i + 1) == '*') {
        nesting++;
        i += 2;
      } else {
        i++;
      }
    }
    return n;
  }

  /** Comments are kept in raw mode; sanitized, a comment and the white space around it become one space. */
  private int comment(int start, int end) {
    if (!sanitize) {
      return end;
    }
    ensureOut();
    flush(start);
    if (!full) {
      int len = out.length();
      while (len > 0 && isSpace(out.charAt(len - 1))) {
        len--;
      }
      out.setLength(len);
    }
    int i = end;
    while (i < n && isSpace(sql.charAt(i))) {
      i++;
    }
    copyFrom = i;
    pendingSpace = true;
    return i;
  }

  private int literal(int start, int end) {
    token(T_LITERAL, start, end, 0, '\0');
    if (sanitize) {
      ensureOut();
      flush(start);
      emit('?');
      copyFrom = end;
    }
    return end;
  }

  private void param(int start, int end, char kind) {
    token(T_PARAM, start, end, 0, kind);
  }

  private int punct(int i, char c) {
    if (c == ')' && depth > 0) {
      depth--;
    }
    token(T_PUNCT, i, i + 1, 0, c);
    if (c == '(') {
      depth++;
    }
    return i + 1;
  }

  private void token(int kind, int start, int end, int kw, char ch) {
    if (sanitize) {
      trackInList(kind, start, kw, ch);
    }
    if (phase != P_END) {
      analyze(kind, start, end, kw, ch);
    }
    prevDistinct = kw == SqlKeywords.DISTINCT;
    prevKw = kw;
    switch (kind) {
      case T_WORD:
        prevOperand = kw == 0 || !SqlKeywords.is(kw, EXPR);
        break;
      case T_PUNCT:
        prevOperand = ch == ')' || ch == ']';
        break;
      default:
        prevOperand = true;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Output

  private void ensureOut() {
    if (out == null) {
      out = new StringBuilder(Math.min(n, LIMIT) + 8);
      if (listActive && listOutStart < 0) {
        flush(listSqlStart);
        listOutStart = out.length();
      }
    }
  }

  /** Copies the input up to {@code to}, unchanged. */
  private void flush(int to) {
    if (to <= copyFrom) {
      return;
    }
    if (!full) {
      applyPendingSpace();
      int room = LIMIT - out.length();
      if (to - copyFrom > room) {
        out.append(sql, copyFrom, copyFrom + Math.max(room, 0));
        full = true;
      } else {
        out.append(sql, copyFrom, to);
      }
    }
    copyFrom = to;
  }

  private void emit(char c) {
    if (!full) {
      applyPendingSpace();
      append(c);
    }
  }

  private void applyPendingSpace() {
    if (pendingSpace) {
      pendingSpace = false;
      int len = out.length();
      if (len > 0 && !isSpace(out.charAt(len - 1))) {
        append(' ');
      }
    }
  }

  private void append(char c) {
    if (out.length() < LIMIT) {
      out.append(c);
    } else {
      full = true;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // IN (1, 2, 3) -> IN (?)

  private void trackInList(int kind, int start, int kw, char ch) {
    if (listActive) {
      if (kind == T_PUNCT && ch == ')' && depth == listDepth) {
        closeList(start);
      } else if (kind == T_LITERAL) {
        listCount++;
        listHasLiteral = true;
      } else if (kind == T_PARAM && ch == '?') {
        listCount++;
      } else if (!(kind == T_PUNCT && ch == ',')) {
        listActive = false; // not a plain list of values: left as it is
      }
    }
    if (kind == T_PUNCT && ch == '(' && inPending && !listActive) {
      listActive = true;
      listDepth = depth;
      listSqlStart = start + 1;
      listCount = 0;
      listHasLiteral = false;
      if (out == null) {
        listOutStart = -1;
      } else {
        flush(start + 1);
        listOutStart = out.length();
      }
    }
    inPending = kind == T_WORD && kw == SqlKeywords.IN;
  }

  private void closeList(int closeParen) {
    listActive = false;
    if (listCount > 1 || listHasLiteral) {
      listActive = true; // so that ensureOut() records where the list starts
      ensureOut();
      listActive = false;
      if (!full) {
        out.setLength(listOutStart);
        pendingSpace = false;
        append('?');
        copyFrom = closeParen;
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Operation and table

  private void analyze(int kind, int start, int end, int kw, char ch) {
    switch (phase) {
      case P_START:
        startOfStatement(kind, kw, ch);
        break;
      case P_WITH:
        withClause(kind, start, end, kw, ch);
        break;
      default:
        mainStatement(kind, start, end, kw, ch);
    }
  }

  private void startOfStatement(int kind, int kw, char ch) {
    if (kind == T_PUNCT && (ch == '(' || ch == '{' || ch == ';' || ch == '=') || kind == T_PARAM && ch == '?') {
      return; // "(SELECT ...", "{call p(?)}", "{? = call p(?)}"
    }
    if (kind == T_WORD && kw != 0) {
      if (kw == SqlKeywords.WITH) {
        phase = P_WITH;
        withDepth = depth;
        cteExpected = true;
        return;
      }
      if (SqlKeywords.is(kw, OP)) {
        mainOperation(kw);
        return;
      }
    }
    end();
  }

  private void withClause(int kind, int start, int end, int kw, char ch) {
    if (depth != withDepth) {
      if (depth < withDepth) {
        end();
      }
      return; // inside a CTE body or column list
    }
    if (kind == T_WORD) {
      if (kw != 0 && SqlKeywords.is(kw, WITH_MAIN)) {
        mainOperation(kw);
      } else if (cteExpected && kw != SqlKeywords.RECURSIVE) {
        addCte(start, end);
      }
    } else if (kind == T_QUOTED) {
      if (cteExpected) {
        addCte(start, end);
      }
    } else if (kind == T_PUNCT) {
      if (ch == ',') {
        cteExpected = true;
      } else if (ch == ';') {
        end();
      }
    }
  }

  private void addCte(int start, int end) {
    cteExpected = false;
    if (ctes == null) {
      ctes = new int[2 * MAX_CTES];
    }
    if (cteCount < MAX_CTES) {
      ctes[2 * cteCount] = start;
      ctes[2 * cteCount + 1] = end;
      cteCount++;
    }
  }

  private void mainOperation(int kw) {
    opKw = kw;
    base = depth;
    phase = P_MAIN;
    if (kw == SqlKeywords.SELECT) {
      cstate = C_SEEK_FROM;
    } else if (kw == SqlKeywords.CREATE || kw == SqlKeywords.DROP || kw == SqlKeywords.ALTER) {
      cstate = C_SEEK_TABLE;
    } else if (kw == SqlKeywords.INSERT || kw == SqlKeywords.UPSERT || kw == SqlKeywords.REPLACE
        || kw == SqlKeywords.UPDATE || kw == SqlKeywords.DELETE || kw == SqlKeywords.MERGE
        || kw == SqlKeywords.CALL || kw == SqlKeywords.EXEC || kw == SqlKeywords.EXECUTE
        || kw == SqlKeywords.TRUNCATE) {
      cstate = C_EXPECT_NAME;
    } else {
      cstate = C_DONE; // BEGIN, COMMIT, SET, SHOW, ...: no table
      settled = true;
    }
  }

  private void end() {
    phase = P_END;
    settled = true;
  }

  private void ambiguous() {
    ambiguous = true;
    cstate = C_DONE;
    end();
  }

  private void mainStatement(int kind, int start, int end, int kw, char ch) {
    if (stmtEnded) {
      ambiguous(); // a second statement
      return;
    }
    if (kind == T_PUNCT && ch == ';' && depth <= base) {
      if (cstate == C_IN_NAME) {
        completeName();
      } else if (cstate == C_NAME_DOT) {
        ambiguous();
        return;
      }
      stmtEnded = true;
      return;
    }
    if (opKw == SqlKeywords.SELECT && kw == SqlKeywords.SELECT) {
      ambiguous(); // a subquery or a set operation: more than one table read
      return;
    }
    if (skipDepth >= 0) {
      if (kind == T_PUNCT && ch == ')' && depth == skipDepth) {
        skipDepth = -1;
      }
      return;
    }
    if (depth != base) {
      return;
    }
    switch (cstate) {
      case C_SEEK_FROM:
        if (kw == SqlKeywords.FROM && !prevDistinct) {
          cstate = C_EXPECT_NAME;
        }
        break;
      case C_SEEK_TABLE:
        if (kw == SqlKeywords.TABLE) {
          cstate = C_EXPECT_NAME;
        } else if (!(kind == T_WORD && isCreateModifier(kw))) {
          cstate = C_DONE; // INDEX, VIEW, SEQUENCE, ...: not a table
          settled = true;
        }
        break;
      case C_EXPECT_NAME:
        expectName(kind, start, end, kw, ch);
        break;
      case C_IN_NAME:
        if (kind == T_PUNCT && ch == '.') {
          if (start != nameEnd) {
            nameSimple = false;
          }
          nameEnd = end;
          cstate = C_NAME_DOT;
        } else {
          completeName();
          if (cstate == C_TABLE_CLAUSE) {
            tableClause(kind, kw, ch);
          }
        }
        break;
      case C_NAME_DOT:
        if (kind == T_WORD || kind == T_QUOTED) {
          if (start != nameEnd || kind == T_QUOTED) {
            nameSimple = false;
          }
          nameEnd = end;
          cstate = C_IN_NAME;
        } else if (kind == T_PUNCT && ch == '.') {
          nameEnd = end; // db..table
        } else {
          ambiguous();
        }
        break;
      case C_TABLE_CLAUSE:
        tableClause(kind, kw, ch);
        break;
      case C_AFTER:
        if (kw == SqlKeywords.FROM && !prevDistinct) {
          ambiguous(); // UPDATE ... SET ... FROM other, a second FROM
        }
        break;
      default:
        break;
    }
  }

  private void expectName(int kind, int start, int end, int kw, char ch) {
    switch (kind) {
      case T_WORD:
        if (kw != 0) {
          if (isModifier(kw)) {
            topSeen |= kw == SqlKeywords.TOP;
            return;
          }
          if (SqlKeywords.is(kw, RESERVED)) {
            ambiguous(); // FROM (SELECT ...), INSERT ALL, EXECUTE IMMEDIATE, FROM LATERAL, ...
            return;
          }
        }
        beginName(start, end, true);
        return;
      case T_QUOTED:
        beginName(start, end, false);
        return;
      case T_LITERAL:
        if (topSeen) {
          return; // TOP 10
        }
        break;
      case T_PARAM:
        if (topSeen) {
          return;
        }
        if (ch == '@' && (opKw == SqlKeywords.EXEC || opKw == SqlKeywords.EXECUTE) && !assignPending) {
          assignPending = true; // EXEC @rc = proc
          return;
        }
        break;
      default:
        if (ch == '(' && topSeen) {
          skipDepth = depth; // TOP (10)
          return;
        }
        if (ch == '=' && assignPending) {
          assignPending = false;
          return;
        }
    }
    ambiguous();
  }

  private boolean isModifier(int kw) {
    int op = opKw;
    if (op == SqlKeywords.INSERT || op == SqlKeywords.UPSERT || op == SqlKeywords.REPLACE) {
      return kw == SqlKeywords.INTO || kw == SqlKeywords.IGNORE || kw == SqlKeywords.LOW_PRIORITY
          || kw == SqlKeywords.DELAYED || kw == SqlKeywords.HIGH_PRIORITY || kw == SqlKeywords.OVERWRITE
          || kw == SqlKeywords.TABLE || kw == SqlKeywords.TOP || isConflictClause(kw);
    }
    if (op == SqlKeywords.UPDATE) {
      return kw == SqlKeywords.LOW_PRIORITY || kw == SqlKeywords.IGNORE || kw == SqlKeywords.ONLY
          || kw == SqlKeywords.TOP || isConflictClause(kw);
    }
    if (op == SqlKeywords.DELETE) {
      return kw == SqlKeywords.FROM || kw == SqlKeywords.LOW_PRIORITY || kw == SqlKeywords.QUICK
          || kw == SqlKeywords.IGNORE || kw == SqlKeywords.ONLY || kw == SqlKeywords.TOP;
    }
    if (op == SqlKeywords.MERGE) {
      return kw == SqlKeywords.INTO || kw == SqlKeywords.TOP;
    }
    if (op == SqlKeywords.SELECT) {
      return kw == SqlKeywords.ONLY;
    }
    if (op == SqlKeywords.TRUNCATE) {
      return kw == SqlKeywords.TABLE || kw == SqlKeywords.ONLY || kw == SqlKeywords.IF
          || kw == SqlKeywords.EXISTS;
    }
    if (op == SqlKeywords.CREATE || op == SqlKeywords.DROP || op == SqlKeywords.ALTER) {
      return kw == SqlKeywords.IF || kw == SqlKeywords.NOT || kw == SqlKeywords.EXISTS
          || kw == SqlKeywords.ONLY;
    }
    return false;
  }

  /** SQLite: INSERT OR REPLACE / OR IGNORE / OR ABORT / OR FAIL / OR ROLLBACK. */
  private static boolean isConflictClause(int kw) {
    return kw == SqlKeywords.OR || kw == SqlKeywords.REPLACE || kw == SqlKeywords.IGNORE
        || kw == SqlKeywords.ABORT || kw == SqlKeywords.FAIL || kw == SqlKeywords.ROLLBACK;
  }

  private static boolean isCreateModifier(int kw) {
    return kw == SqlKeywords.OR || kw == SqlKeywords.REPLACE || kw == SqlKeywords.GLOBAL
        || kw == SqlKeywords.LOCAL || kw == SqlKeywords.TEMPORARY || kw == SqlKeywords.TEMP
        || kw == SqlKeywords.UNLOGGED || kw == SqlKeywords.EXTERNAL;
  }

  private void beginName(int start, int end, boolean plain) {
    nameStart = start;
    nameEnd = end;
    nameSimple = plain;
    cstate = C_IN_NAME;
  }

  private void completeName() {
    nameComplete = true;
    int op = opKw;
    if (op == SqlKeywords.SELECT || op == SqlKeywords.UPDATE || op == SqlKeywords.DELETE
        || op == SqlKeywords.DROP || op == SqlKeywords.TRUNCATE) {
      cstate = C_TABLE_CLAUSE;
      justAfterName = true;
    } else {
      cstate = C_DONE; // INSERT, MERGE: the target; CALL, EXEC: the procedure; CREATE, ALTER
    }
  }

  private void tableClause(int kind, int kw, char ch) {
    boolean first = justAfterName;
    justAfterName = false;
    if (kind == T_PUNCT) {
      if (ch == ',' || ch == '(' && first) {
        ambiguous(); // FROM a, b; FROM generate_series(...)
      }
    } else if (kind == T_WORD && kw != 0) {
      if (SqlKeywords.is(kw, JOIN) || kw == SqlKeywords.USING || kw == SqlKeywords.FROM) {
        ambiguous();
      } else if (SqlKeywords.is(kw, CLAUSE_END)) {
        cstate = C_AFTER;
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Result

  private SqlStatementInfo finish() {
    String text;
    if (!sanitize || out == null) {
      text = SqlSanitizer.cut(sql);
    } else {
      flush(n);
      if (out.length() > SqlSanitizer.MAX_QUERY_LENGTH) {
        out.setLength(SqlSanitizer.cutPoint(out));
        out.append("...");
      }
      text = out.toString();
    }
    String operation = opKw != 0 ? SqlKeywords.name(opKw) : null;
    return new SqlStatementInfo(text, operation, collection());
  }

  private String collection() {
    if (opKw == 0 || ambiguous) {
      return null;
    }
    if (cstate == C_IN_NAME) {
      completeName();
    }
    if (!nameComplete || !(cstate == C_DONE || cstate == C_TABLE_CLAUSE || cstate == C_AFTER)) {
      return null;
    }
    String name = nameSimple ? sql.substring(nameStart, nameEnd) : unquote(nameStart, nameEnd);
    for (int k = 0; k < cteCount; k++) {
      if (unquote(ctes[2 * k], ctes[2 * k + 1]).equalsIgnoreCase(name)) {
        return null; // the statement reads a CTE, not a table
      }
    }
    return name.isEmpty() ? null : name;
  }

  /** The name in sql[start, end) without identifier quotes, white space or comments. */
  private String unquote(int start, int end) {
    StringBuilder name = new StringBuilder(end - start);
    int i = start;
    while (i < end) {
      char c = sql.charAt(i);
      if (c == '"' || c == '`') {
        int j = i + 1;
        while (j < end) {
          char d = sql.charAt(j);
          if (d == c) {
            if (j + 1 < end && sql.charAt(j + 1) == c) {
              j++;
            } else {
              break;
            }
          }
          name.append(d);
          j++;
        }
        i = j + 1;
      } else if (c == '[') {
        int j = i + 1;
        while (j < end && sql.charAt(j) != ']') {
          name.append(sql.charAt(j++));
        }
        i = j + 1;
      } else if (c == '/' && i + 1 < end && sql.charAt(i + 1) == '*') {
        i = blockCommentEnd(i);
      } else if (c == '-' && i + 1 < end && sql.charAt(i + 1) == '-') {
        i = lineEnd(i);
      } else {
        if (!isSpace(c)) {
          name.append(c);
        }
        i++;
      }
    }
    return name.toString();
  }
}
