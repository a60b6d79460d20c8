package jp.go.jica.approval.organization;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads the org chart YAML through SnakeYAML's node tree, so every error can name its line, and
 * refuses the whole chart when anything is wrong.
 */
final class OrgChartParser {

  // Camunda user and group ids are checked against the same pattern (application.yml).
  private static final Pattern ID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9._-]*");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  private static final List<Role> REQUIRED_ORGANIZATION_ROLES =
      List.of(Role.CISO, Role.CHIEF_ISO, Role.CSIRT_HEAD, Role.AUDIT_HEAD);

  private final List<String> errors = new ArrayList<>();

  static OrgChart parse(String yamlText) {
    return new OrgChartParser().read(yamlText);
  }

  private OrgChart read(String yamlText) {
    Node root;
    try {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(yamlText));
    } catch (MarkedYAMLException e) {
      throw new OrgChartException(List.of(line(e.getProblemMark().getLine() + 1)
          + "YAMLの構文エラー: " + e.getProblem()));
    } catch (YAMLException e) {
      throw new OrgChartException(List.of("YAMLの構文エラー: " + e.getMessage()));
    }
    if (!(root instanceof MappingNode rootMap)) {
      throw new OrgChartException(List.of("組織図が空か、形式が正しくありません（organization, units, people が必要です）"));
    }
    Map<String, Node> top = fields(rootMap, "組織図");
    MappingNode orgNode = mapping(top.get("organization"), "organization", rootMap);
    Map<String, Node> org = orgNode == null ? Map.of() : fields(orgNode, "organization");

    Map<String, Node> personNodes = new LinkedHashMap<>();
    Map<String, Map<String, Node>> personFields = new LinkedHashMap<>();
    for (Map<String, Node> entry : entries(top.get("people"), "people", rootMap)) {
      String id = text(entry, "id", "people");
      if (id == null) {
        continue;
      }
      if (personFields.containsKey(id)) {
        errors.add(at(entry) + "職員 '" + id + "': IDが重複しています");
        continue;
      }
      personFields.put(id, entry);
      personNodes.put(id, entry.get("id"));
    }

    Map<String, Unit> units = readUnits(top.get("units"), rootMap, personFields.keySet());
    Map<String, Person> people = new LinkedHashMap<>();
    Map<String, List<String>> deputies = new LinkedHashMap<>();
    personFields.forEach((id, entry) -> {
      Person person = readPerson(id, entry, units, personFields.keySet());
      if (person != null) {
        people.put(id, person);
      }
      List<String> named = ids(entry.get("deputies"), "職員 '" + id + "'.deputies", personFields.keySet());
      if (named.contains(id)) {
        errors.add(at(entry) + "職員 '" + id + "': 自分自身を代理者にはできません");
      }
      if (!named.isEmpty()) {
        deputies.put(id, named);
      }
    });

    Map<Role, String> orgRoles = roles(org.get("roles"), "organization", Role.Scope.ORGANIZATION,
        personFields.keySet());
    for (Role required : REQUIRED_ORGANIZATION_ROLES) {
      if (!orgRoles.containsKey(required)) {
        errors.add(at(orgNode) + "organization.roles: " + required.japaneseName() + "（" + required.key()
            + "）の担当者がいません");
      }
    }
    List<String> administrators = ids(org.get("administrators"), "organization.administrators",
        personFields.keySet());
    if (administrators.isEmpty()) {
      errors.add(at(orgNode) + "organization.administrators: 管理者（camunda-admin）が1人以上必要です");
    }
    List<String> alternates = ids(org.get("top-alternates"), "organization.top-alternates",
        personFields.keySet());
    String name = Optional.ofNullable(org.get("name")).map(OrgChartParser::scalar).orElse("");

    if (!errors.isEmpty()) {
      throw new OrgChartException(errors);
    }
    OrgChart chart = new OrgChart(name, orgRoles, units, people, administrators, alternates,
        sha256(yamlText), deputies);
    checkSuperiorCycles(chart, personNodes);
    if (!errors.isEmpty()) {
      throw new OrgChartException(errors);
    }
    return chart;
  }

  private Map<String, Unit> readUnits(Node node, Node parentNode, Set<String> personIds) {
    Map<String, Map<String, Node>> unitFields = new LinkedHashMap<>();
    for (Map<String, Node> entry : entries(node, "units", parentNode)) {
      String id = text(entry, "id", "units");
      if (id == null) {
        continue;
      }
      if (unitFields.containsKey(id)) {
        errors.add(at(entry) + "部署 '" + id + "': IDが重複しています");
        continue;
      }
      unitFields.put(id, entry);
    }
    Map<String, Unit> units = new LinkedHashMap<>();
    unitFields.forEach((id, entry) -> {
      String where = "部署 '" + id + "'";
      String kindText = text(entry, "kind", where);
      Unit.Kind kind = null;
      if ("department".equals(kindText)) {
        kind = Unit.Kind.DEPARTMENT;
      } else if ("section".equals(kindText)) {
        kind = Unit.Kind.SECTION;
      } else if (kindText != null) {
        errors.add(at(entry) + where + ": kind は department か section です（'" + kindText + "'）");
      }
      String unitName = text(entry, "name", where);
      Optional<String> parent = optionalText(entry, "parent");
      if (kind == Unit.Kind.SECTION) {
        if (parent.isEmpty()) {
          errors.add(at(entry) + where + ": 課等には parent（所属する部等）が必要です");
        } else if (!unitFields.containsKey(parent.get())) {
          errors.add(at(entry) + where + ": parent '" + parent.get() + "' は存在しない部署です");
        } else if (!"department".equals(optionalText(unitFields.get(parent.get()), "kind").orElse(""))) {
          errors.add(at(entry) + where + ": parent '" + parent.get() + "' は部等ではありません");
        }
      } else if (kind == Unit.Kind.DEPARTMENT && parent.isPresent()) {
        errors.add(at(entry) + where + ": 部等に parent は指定できません");
      }
      String head = text(entry, "head", where);
      if (head != null && !personIds.contains(head)) {
        errors.add(at(entry) + where + ": head '" + head + "' は存在しない職員です");
      }
      Optional<String> executive = optionalText(entry, "executive");
      executive.filter(e -> !personIds.contains(e)).ifPresent(e ->
          errors.add(at(entry) + where + ": executive '" + e + "' は存在しない職員です"));
      boolean overseas = optionalText(entry, "overseas").map(Boolean::parseBoolean).orElse(false);
      Role.Scope scope = kind == Unit.Kind.SECTION ? Role.Scope.SECTION : Role.Scope.DEPARTMENT;
      Map<Role, String> roles = roles(entry.get("roles"), where, scope, personIds);
      if (kind == Unit.Kind.DEPARTMENT && !roles.containsKey(Role.ISO)) {
        errors.add(at(entry) + where + ": 情報セキュリティ責任者（iso）の担当者がいません");
      }
      if (kind == Unit.Kind.SECTION && !roles.containsKey(Role.SECTION_ISO)) {
        errors.add(at(entry) + where + ": 課等情報セキュリティ責任者（section-iso）の担当者がいません");
      }
      if (kind != null && unitName != null && head != null) {
        units.put(id, new Unit(id, unitName, kind, parent, head, executive, overseas, roles));
      }
    });
    return units;
  }

  private Person readPerson(String id, Map<String, Node> entry, Map<String, Unit> units,
      Set<String> personIds) {
    String where = "職員 '" + id + "'";
    if (!ID.matcher(id).matches()) {
      errors.add(at(entry) + where + ": IDに使えるのは英数字と . _ - です");
    }
    String name = text(entry, "name", where);
    String email = text(entry, "email", where);
    if (email != null && !EMAIL.matcher(email).matches()) {
      errors.add(at(entry) + where + ": email '" + email + "' はメールアドレスの形式ではありません");
    }
    String section = text(entry, "section", where);
    if (section != null) {
      Unit unit = units.get(section);
      if (unit == null) {
        errors.add(at(entry) + where + ": section '" + section + "' は存在しない課等です");
      } else if (!unit.isSection()) {
        errors.add(at(entry) + where + ": section '" + section + "' は課等ではなく部等です");
      }
    }
    String position = optionalText(entry, "position").orElse("");
    Optional<String> superior = optionalText(entry, "superior");
    superior.filter(s -> !personIds.contains(s)).ifPresent(s ->
        errors.add(at(entry) + where + ": superior '" + s + "' は存在しない職員です"));
    superior.filter(id::equals).ifPresent(s ->
        errors.add(at(entry) + where + ": 自分自身を上司にはできません"));
    if (name == null || email == null || section == null) {
      return null;
    }
    return new Person(id, name, email, section, position, superior);
  }

  private void checkSuperiorCycles(OrgChart chart, Map<String, Node> personNodes) {
    Set<String> reported = new LinkedHashSet<>();
    for (Person person : chart.people()) {
      List<String> path = new ArrayList<>(List.of(person.id()));
      Optional<String> next = chart.superiorOf(person.id());
      while (next.isPresent()) {
        String superior = next.get();
        if (path.contains(superior)) {
          List<String> cycle = path.subList(path.indexOf(superior), path.size());
          if (reported.add(Set.copyOf(cycle).toString())) {
            errors.add(line(personNodes.get(person.id()).getStartMark().getLine() + 1)
                + "職員 '" + person.id() + "': 上司の関係が循環しています（" + String.join(" → ", cycle)
                + " → " + superior + "）");
          }
          break;
        }
        path.add(superior);
        next = chart.superiorOf(superior);
      }
    }
  }

  private Map<Role, String> roles(Node node, String where, Role.Scope scope, Set<String> personIds) {
    Map<Role, String> roles = new EnumMap<>(Role.class);
    if (node == null) {
      return roles;
    }
    MappingNode map = mapping(node, where + ".roles", node);
    if (map == null) {
      return roles;
    }
    for (NodeTuple tuple : map.getValue()) {
      String key = scalar(tuple.getKeyNode());
      String holder = scalar(tuple.getValueNode());
      String prefix = line(tuple.getKeyNode().getStartMark().getLine() + 1) + where + ".roles." + key + ": ";
      Optional<Role> role = Role.ofKey(key);
      if (role.isEmpty()) {
        errors.add(prefix + "未知の役割です");
      } else if (holder == null || holder.isBlank()) {
        errors.add(prefix + role.get().japaneseName() + "の担当者が空です");
      } else if (!personIds.contains(holder)) {
        errors.add(prefix + "担当者 '" + holder + "' は存在しない職員です");
      } else if (scope == Role.Scope.DEPARTMENT && role.get().scope() == Role.Scope.SECTION) {
        errors.add(prefix + "課等の役割は課等に設定してください");
      } else if (scope == Role.Scope.SECTION && role.get().scope() != Role.Scope.SECTION) {
        errors.add(prefix + "この役割は課等には設定できません");
      } else {
        roles.put(role.get(), holder);
      }
    }
    return roles;
  }

  private List<String> ids(Node node, String where, Set<String> personIds) {
    List<String> ids = new ArrayList<>();
    if (node == null) {
      return ids;
    }
    if (!(node instanceof SequenceNode seq)) {
      errors.add(at(node) + where + ": リストで指定してください");
      return ids;
    }
    for (Node item : seq.getValue()) {
      String id = scalar(item);
      if (id == null || !personIds.contains(id)) {
        errors.add(at(item) + where + ": '" + id + "' は存在しない職員です");
      } else {
        ids.add(id);
      }
    }
    return ids;
  }

  private List<Map<String, Node>> entries(Node node, String where, Node parent) {
    List<Map<String, Node>> result = new ArrayList<>();
    if (node == null) {
      errors.add(at(parent) + where + " がありません");
      return result;
    }
    if (!(node instanceof SequenceNode seq)) {
      errors.add(at(node) + where + ": リストで指定してください");
      return result;
    }
    for (Node item : seq.getValue()) {
      MappingNode map = mapping(item, where, item);
      if (map != null) {
        Map<String, Node> f = fields(map, where);
        f.put("__node", map);
        result.add(f);
      }
    }
    return result;
  }

  private MappingNode mapping(Node node, String where, Node context) {
    if (node == null) {
      errors.add(at(context) + where + " がありません");
      return null;
    }
    if (node instanceof MappingNode map) {
      return map;
    }
    errors.add(at(node) + where + ": 「キー: 値」の形式で指定してください");
    return null;
  }

  private Map<String, Node> fields(MappingNode map, String where) {
    Map<String, Node> result = new LinkedHashMap<>();
    for (NodeTuple tuple : map.getValue()) {
      String key = scalar(tuple.getKeyNode());
      if (result.put(key, tuple.getValueNode()) != null) {
        errors.add(at(tuple.getKeyNode()) + where + ": キー '" + key + "' が重複しています");
      }
    }
    return result;
  }

  private String text(Map<String, Node> entry, String key, String where) {
    Optional<String> value = optionalText(entry, key);
    if (value.isEmpty()) {
      errors.add(at(entry) + where + ": " + key + " がありません");
      return null;
    }
    return value.get();
  }

  private static Optional<String> optionalText(Map<String, Node> entry, String key) {
    return Optional.ofNullable(entry.get(key)).map(OrgChartParser::scalar).filter(s -> !s.isBlank());
  }

  private static String scalar(Node node) {
    return node instanceof ScalarNode s ? s.getValue().trim() : null;
  }

  private static String at(Map<String, Node> entry) {
    return at(entry.get("__node"));
  }

  private static String at(Node node) {
    return node == null ? "" : line(node.getStartMark().getLine() + 1);
  }

  private static String line(int line) {
    return line + "行目: ";
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
