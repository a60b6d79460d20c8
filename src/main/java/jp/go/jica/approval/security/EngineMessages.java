package jp.go.jica.approval.security;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Camunda's, Jersey's and Spring's English refusal texts said in Japanese for the people here: the
 * common refusals of a typo (an unknown id, a parameter that does not convert, a sort key, a missing
 * limit) and the rights a permission refusal misses. Values the client sent are quoted only when they
 * are plain words, so a message never echoes markup or anything that looks like the platform's insides.
 */
final class EngineMessages {

  /** A value worth quoting back: a key, a name, a number, a short word. */
  private static final Pattern PLAIN = Pattern.compile("[\\p{L}\\p{N}_.:+\\-\\[\\]]{1,64}");
  private static final Pattern UUID_LIKE = Pattern.compile("(?i).*\\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\b.*");
  /** What precedes the text itself: Camunda's codes, and the class name a RestException carries over from its cause. */
  private static final Pattern ENGINE_CODE =
      Pattern.compile("^(?:(?:ENGINE-\\d+\\s+)|(?:(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error): ))+");
  /**
   * The engine's wrappers around another message: Camunda REST's "Cannot submit task form {id}: …", the
   * listener invocation's "There was an exception while invoking the TaskListener. Message: '…'".
   */
  private static final List<Pattern> WRAPPERS = List.of(
      Pattern.compile("^Cannot (?:[a-z]+ ){1,5}\\S+: (?<inner>.+)$", Pattern.DOTALL),
      Pattern.compile("^.*?exception while invoking the \\w+\\. Message: '(?:Exception while invoking \\w+: )?(?<inner>.*)'\\.?$",
          Pattern.DOTALL | Pattern.CASE_INSENSITIVE));
  private static final int CASE = Pattern.CASE_INSENSITIVE | Pattern.DOTALL;

  /**
   * Kinds of things in Camunda's words, as its messages name them ("process instance") and as its resource
   * types do ("ProcessInstance", read as the same words), in Japanese.
   */
  private static final Map<String, String> KINDS = Map.ofEntries(
      Map.entry("task", "タスク"),
      Map.entry("historic task", "タスクの履歴"),
      Map.entry("historic task instance", "タスクの履歴"),
      Map.entry("process instance", "プロセスインスタンス"),
      Map.entry("historic process instance", "プロセスインスタンスの履歴"),
      Map.entry("process definition", "プロセス定義"),
      Map.entry("definition", "定義"),
      Map.entry("decision definition", "決定定義"),
      Map.entry("decision requirements definition", "決定要件定義"),
      Map.entry("case definition", "ケース定義"),
      Map.entry("deployment", "デプロイメント"),
      Map.entry("job", "ジョブ"),
      Map.entry("job definition", "ジョブ定義"),
      Map.entry("execution", "実行"),
      Map.entry("external task", "外部タスク"),
      Map.entry("incident", "インシデント"),
      Map.entry("batch", "バッチ"),
      Map.entry("historic batch", "バッチ"),
      Map.entry("filter", "フィルター"),
      Map.entry("user", "ユーザー"),
      Map.entry("group", "グループ"),
      Map.entry("group membership", "グループのメンバー"),
      Map.entry("tenant", "テナント"),
      Map.entry("tenant membership", "テナントのメンバー"),
      Map.entry("comment", "コメント"),
      Map.entry("task comment", "コメント"),
      Map.entry("attachment", "添付ファイル"),
      Map.entry("task attachment", "添付ファイル"),
      Map.entry("variable", "変数"),
      Map.entry("variable instance", "変数"),
      Map.entry("historic variable instance", "変数"),
      Map.entry("authorization", "権限設定"),
      Map.entry("activity instance", "アクティビティ"),
      Map.entry("form", "フォーム"),
      Map.entry("application", "アプリケーション"),
      Map.entry("report", "レポート"),
      Map.entry("dashboard", "ダッシュボード"),
      // sic: Camunda's resource name
      Map.entry("operation log catgeory", "操作ログ"),
      Map.entry("optimize", "Optimize"),
      Map.entry("system", "システム"));
  private static final Pattern WORD_BOUNDARY = Pattern.compile("(?<=[a-z])(?=[A-Z])");

  /** Camunda's permissions (Permissions and the per-resource enums) by name. */
  private static final Map<String, String> PERMISSIONS = Map.ofEntries(
      Map.entry("ALL", "すべての操作"),
      Map.entry("READ", "閲覧"),
      Map.entry("UPDATE", "更新"),
      Map.entry("CREATE", "作成"),
      Map.entry("DELETE", "削除"),
      Map.entry("ACCESS", "利用"),
      Map.entry("READ_TASK", "タスクの閲覧"),
      Map.entry("UPDATE_TASK", "タスクの更新"),
      Map.entry("CREATE_INSTANCE", "インスタンスの開始"),
      Map.entry("READ_INSTANCE", "インスタンスの閲覧"),
      Map.entry("UPDATE_INSTANCE", "インスタンスの更新"),
      Map.entry("DELETE_INSTANCE", "インスタンスの削除"),
      Map.entry("READ_HISTORY", "履歴の閲覧"),
      Map.entry("DELETE_HISTORY", "履歴の削除"),
      Map.entry("UPDATE_HISTORY", "履歴の更新"),
      Map.entry("TASK_WORK", "タスクの処理（引受け・完了）"),
      Map.entry("TASK_ASSIGN", "タスクの割当て"),
      Map.entry("MIGRATE_INSTANCE", "インスタンスの移行"),
      Map.entry("RETRY_JOB", "ジョブの再実行"),
      Map.entry("SUSPEND", "一時停止"),
      Map.entry("SUSPEND_INSTANCE", "インスタンスの一時停止"),
      Map.entry("UPDATE_VARIABLE", "変数の更新"),
      Map.entry("UPDATE_INSTANCE_VARIABLE", "インスタンスの変数の更新"),
      Map.entry("UPDATE_TASK_VARIABLE", "タスクの変数の更新"),
      Map.entry("READ_VARIABLE", "変数の閲覧"),
      Map.entry("READ_INSTANCE_VARIABLE", "インスタンスの変数の閲覧"),
      Map.entry("READ_HISTORY_VARIABLE", "履歴の変数の閲覧"),
      Map.entry("READ_TASK_VARIABLE", "タスクの変数の閲覧"),
      Map.entry("SET", "設定"),
      Map.entry("EDIT", "編集"),
      Map.entry("SHARE", "共有"));

  private record Rule(Pattern pattern, Function<Matcher, String> japanese) {
  }

  private static final List<Rule> RULES = List.of(
      rule("No matching (?<kind>[a-z ]+?) with key:? '?(?<key>[^' ]+?)'?(?: and .*)?", m ->
          "指定された" + kind(m.group("kind")) + quoted(m.group("key")) + "は見つかりません"),
      rule("No matching (?<kind>[a-z ]+?) with id\\b.*", m -> notFound(m.group("kind"))),
      rule("(?<kind>[a-z ]+?) with id '?[^' ]*'? (?:does not exist|doesn't exist|not found|cannot be found)\\b.*", m ->
          notFound(m.group("kind"))),
      rule("(?:Cannot find|No) (?<kind>[a-z ]+?) (?:found )?(?:with|for) (?:[a-z ]+ )?id\\b.*", m -> notFound(m.group("kind"))),
      rule("(?<kind>task|execution|job|deployment|process instance|process definition) '?[^ ']*'? (?:doesn't|does not) exist\\b.*", m ->
          notFound(m.group("kind"))),
      rule("no deployed (?<kind>[a-z ]+? definition) found\\b.*", m -> notFound(m.group("kind"))),
      rule("Process engine (?<name>\\S+) not available", m -> "プロセスエンジン" + quoted(m.group("name")) + "はありません"),
      rule("Cannot get form for task\\b.*", m -> "タスクのフォームを取得できません（タスクがないか、閲覧する権限がありません）"),
      rule("Cannot set query parameter '(?<name>[\\w.]+)' to value '(?<value>.*?)'(?:: (?<why>.*))?", m ->
          "パラメータ「" + m.group("name") + "」の値" + quoted(m.group("value")) + "が正しくありません"
              + hint(m.group("name"), m.group("why"))),
      rule("Only a single sorting parameter specified.*", m -> "並べ替えには sortBy と sortOrder の両方を指定してください"),
      rule("(?<name>sortBy|sortOrder|reportType|groupBy|periodUnit) parameter has invalid value:? (?<value>.*)", m ->
          "パラメータ「" + m.group("name") + "」の値" + quoted(m.group("value")) + "が正しくありません"
              + hint(m.group("name"), null)),
      rule("Invalid (?:process |case )?variable comparator specified: (?<value>.*)", m ->
          "変数の比較演算子" + quoted(m.group("value")) + "は使えません（eq, neq, gt, gteq, lt, lteq, like のいずれかを指定してください）"),
      rule("You should call any of the orderBy methods first before specifying a direction.*", m ->
          "並べ替え（sorting）の sortBy には並べ替えに使える項目を指定してください"),
      rule("Unknown query (?:property|sorting direction) .*", m -> "並べ替え（sorting）の指定が正しくありません"),
      rule("An unbound number of results is forbidden!?", m -> "一覧の取得では件数の上限（maxResults）を指定してください"),
      rule("Max results limit of (?<limit>\\d+) exceeded!?", m -> "件数の上限（maxResults）は " + m.group("limit") + " 件以下で指定してください"),
      rule("Unsupported value type '(?<type>[^']*)'.*", m ->
          "変数の型" + quoted(m.group("type")) + "には対応していません（String, Boolean, Integer, Long, Double, Date などを指定してください）"),
      rule("Cannot convert value '(?<value>.*?)' of type '(?<type>\\w+)'.*", m ->
          "値" + quoted(m.group("value")) + "は型「" + m.group("type") + "」に変換できません" + hint(null, m.group("type"))),
      rule("Cannot convert value (?<value>.*?) to java (?:enum )?type (?<type>[\\w.$]+).*", m ->
          "値" + quoted(m.group("value")) + "の形式が正しくありません" + hint(null, m.group("type"))),
      rule("No message name supplied.*", m -> "メッセージ名（messageName）を指定してください"),
      rule("No signal name given.*", m -> "シグナル名（name）を指定してください"),
      rule("Cannot correlate (?:a )?message '?(?<name>[^':]*)'?: No process definition or execution matches the parameters.*", m ->
          "メッセージ" + quoted(m.group("name")) + "を受け取れる案件はありません"),
      rule("Parameter '?(?<a>\\w+)'? cannot be used together with parameter '?(?<b>\\w+)'?.*", m ->
          "パラメータ「" + m.group("a") + "」と「" + m.group("b") + "」は同時に指定できません"),
      rule("Only one of the query parameter (?<a>\\w+) or (?<b>\\w+) can be set.*", m ->
          "パラメータ「" + m.group("a") + "」と「" + m.group("b") + "」は同時に指定できません"),
      rule("Query parameter '(?<name>\\w+)' cannot be null.*", m -> "パラメータ「" + m.group("name") + "」を指定してください"),
      rule(".*\\bis suspended\\b.*", m -> "一時停止中のため操作できません"),
      rule("Error while parsing .*", m -> "デプロイできません（BPMN・DMN の解析エラー。要素ごとの内容は details にあります）"),
      rule("Cannot skip custom listeners or input/output mappings when start a process instance at default start activity.*", m ->
          "開始イベントから始める申請では、リスナーや入出力マッピングを省略できません"),
      rule("You must be authenticated in order to use this resource.*", m -> "ログインが必要です"),
      rule("No acceptable content-type found.*", m -> "このリクエストの形式（Accept）には対応していません"),
      rule("(?:Object values|Variables of type \\w+) cannot be used to query.*", m ->
          "オブジェクト・ファイル・バイナリの値では検索できません（文字列・数値・日時・真偽値で指定してください）"),
      rule("Booleans and null cannot be used in '(?<condition>[a-z ]+)' condition.*", m ->
          "真偽値と null は大小比較や like の条件には使えません（eq または neq で指定してください）"),
      rule("(?<name>[a-zA-Z]\\w{0,40}) is null", m -> "「" + m.group("name") + "」を指定してください"));

  /**
   * The engine's refusals of a client's query that it throws as a plain ProcessEngineException (which
   * Camunda answers with 500), though the request, not the platform, is at fault.
   */
  private static final Pattern CLIENT_MISTAKES = Pattern.compile(
      "(?:Object values|Variables of type \\w+) cannot be used to query.*|Booleans and null cannot be used in '[a-z ]+' condition.*",
      CASE);

  private EngineMessages() {
  }

  private static Rule rule(String regex, Function<Matcher, String> japanese) {
    return new Rule(Pattern.compile(regex, CASE), japanese);
  }

  /**
   * The Japanese for a refusal the engine, Jersey or Spring wrote in English, or empty when it is not one
   * of the known ones (the caller answers the generic message of the status).
   */
  static Optional<String> japanese(String english) {
    if (english == null || english.isBlank()) {
      return Optional.empty();
    }
    String text = ENGINE_CODE.matcher(english.strip()).replaceFirst("");
    for (Rule rule : RULES) {
      Matcher matcher = rule.pattern().matcher(text);
      if (matcher.matches()) {
        return Optional.of(rule.japanese().apply(matcher));
      }
    }
    for (Pattern wrapper : WRAPPERS) {
      Matcher wrapped = wrapper.matcher(text);
      if (wrapped.matches()) {
        String inner = wrapped.group("inner");
        return ErrorShape.writtenInJapanese(inner) ? Optional.of(inner) : japanese(inner);
      }
    }
    return Optional.empty();
  }

  /** Whether the engine's text is one of its refusals of the client's query that it throws as a fault. */
  static boolean clientMistake(String english) {
    return english != null && CLIENT_MISTAKES.matcher(ENGINE_CODE.matcher(english.strip()).replaceFirst("")).matches();
  }

  /** Whether the text is the engine's English wrapper (a code, "Cannot … {id}: ") around another message. */
  static boolean wrapper(String text) {
    String stripped = text.strip();
    return ENGINE_CODE.matcher(stripped).lookingAt() || WRAPPERS.stream().anyMatch(w -> w.matcher(stripped).matches());
  }

  /** A missing permission as Camunda reports it: the permission's and the resource type's names. */
  record Right(String permission, String resource) {
  }

  /**
   * The refusal of a permission check, saying which right on which kind of resource the user lacks (any
   * one of them would do), without ids: the user knows what they asked for.
   */
  static String missingRights(List<Right> rights) {
    Set<String> alternatives = new LinkedHashSet<>();
    for (Right right : rights) {
      String resource = right.resource() == null ? "対象"
          : KINDS.getOrDefault(words(right.resource()), right.resource());
      // a decision's "instance" is its evaluation
      String permission = "DecisionDefinition".equals(right.resource()) && "CREATE_INSTANCE".equals(right.permission())
          ? "評価" : permission(right.permission());
      alternatives.add(resource + "に対する「" + permission + "」");
    }
    if (alternatives.isEmpty()) {
      return "この操作を行う権限がありません";
    }
    if (alternatives.size() == 1) {
      return "この操作を行う権限がありません（必要な権限: " + alternatives.iterator().next() + "）";
    }
    return "この操作を行う権限がありません（必要な権限はいずれか一つ: " + String.join("、", new ArrayList<>(alternatives)) + "）";
  }

  /** A kind of thing in Camunda's words ("process instance") in Japanese; "対象" when it is not known. */
  static String kind(String english) {
    return KINDS.getOrDefault(words(english), "対象");
  }

  /** "ProcessInstance" and "process instance" alike as "process instance". */
  private static String words(String name) {
    return WORD_BOUNDARY.matcher(name.strip()).replaceAll(" ").toLowerCase(Locale.ROOT);
  }

  static String notFound(String englishKind) {
    return "指定された" + kind(englishKind) + "は見つかりません";
  }

  /** 「value」 when the value is a plain word worth showing (not an id nobody reads, not markup), otherwise nothing. */
  static String quoted(String value) {
    if (value == null) {
      return "";
    }
    String plain = value.strip();
    if (!PLAIN.matcher(plain).matches() || UUID_LIKE.matcher(plain).matches() || ErrorShape.carriesInternals(plain)) {
      return "";
    }
    return "「" + plain + "」";
  }

  /** What a value of that parameter or Java type should look like, in brackets, or nothing when it is not known. */
  static String hint(String parameter, String typeOrReason) {
    String why = typeOrReason == null ? "" : typeOrReason;
    if (why.contains("KEY_OPERATOR_VALUE")) {
      return "（名前_演算子_値 の形式で指定してください。例: amount_gt_100）";
    }
    if (why.contains("OPERATOR_VALUE")) {
      return "（演算子_値 の形式で指定してください。例: gt_100）";
    }
    if ("maxResults".equals(parameter) || "firstResult".equals(parameter) || "limit".equals(parameter)) {
      return "（0 以上の整数で指定してください）";
    }
    if ("sortOrder".equals(parameter)) {
      return "（asc または desc を指定してください）";
    }
    if ("sortBy".equals(parameter)) {
      return "（並べ替えに使える項目を指定してください）";
    }
    if (why.matches("(?s).*\\b(?:Date|LocalDate|LocalDateTime|OffsetDateTime|Instant)\\b.*")) {
      return "（日時は 2025-04-01T09:00:00.000+0900 の形式で指定してください）";
    }
    if (why.matches("(?s).*\\b(?:Integer|Long|Short|Double|Float|BigDecimal|int|long|double|Number)\\b.*")) {
      return "（数値で指定してください）";
    }
    if (why.matches("(?s).*\\b(?:Boolean|boolean)\\b.*")) {
      return "（true または false で指定してください）";
    }
    if (why.matches("(?s).*\\b(?:Map|\\w*Dto)\\b.*")) {
      return "（{ } のオブジェクトで指定してください）";
    }
    if (why.matches("(?s).*(?:\\bList\\b|\\bSet\\b|\\bCollection\\b|\\[\\]).*")) {
      return "（[ ] の配列で指定してください）";
    }
    return "";
  }

  private static String permission(String name) {
    if (name == null) {
      return "操作";
    }
    if (name.startsWith("CREATE_BATCH_")) {
      return "バッチ処理の作成";
    }
    return PERMISSIONS.getOrDefault(name, name);
  }
}
