package jp.go.jica.approval.deployment;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * A line diff of two XML files in unified form ({@code -} removed, {@code +} added, three lines of context,
 * {@code @@} hunk headers with line numbers), shown to the administrator before a change is proposed and
 * to the approver with the proposal. Both sides are compared in one canonical layout (an element per line,
 * attributes in name order, whitespace between elements dropped): bpmn-js and dmn-js write the whole file
 * anew in their own layout, which would otherwise show every line as changed.
 */
final class LineDiff {

  private static final int CONTEXT = 3;
  /** Above this many cells the middle part is shown as replaced as a whole (the table would be too big). */
  private static final long MAX_CELLS = 4_000_000L;

  private LineDiff() {
  }

  /** The diff, empty when both files have the same canonical lines. */
  static String of(String before, String after) {
    List<String> a = lines(canonical(before));
    List<String> b = lines(canonical(after));
    List<String> ops = edits(a, b);
    if (ops.stream().allMatch(op -> op.startsWith(" "))) {
      return "";
    }
    return hunks(ops);
  }

  /** How many lines were removed and added. */
  static int[] counts(String diff) {
    int removed = 0;
    int added = 0;
    for (String line : diff.split("\n", -1)) {
      if (line.startsWith("-")) {
        removed++;
      } else if (line.startsWith("+")) {
        added++;
      }
    }
    return new int[] {removed, added};
  }

  /** The XML in the canonical layout; text that is no well-formed XML as it is. */
  static String canonical(String xml) {
    if (xml == null || xml.isBlank()) {
      return "";
    }
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      // No DOCTYPE, no external entities: the text comes from a client.
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      Document document = factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
      StringBuilder out = new StringBuilder();
      write(document.getDocumentElement(), 0, out);
      return out.toString();
    } catch (ParserConfigurationException | SAXException | IOException e) {
      return xml;
    }
  }

  private static void write(Element element, int depth, StringBuilder out) {
    String indent = "  ".repeat(depth);
    out.append(indent).append('<').append(element.getTagName());
    NamedNodeMap attributes = element.getAttributes();
    List<Attr> sorted = new ArrayList<>();
    for (int i = 0; i < attributes.getLength(); i++) {
      sorted.add((Attr) attributes.item(i));
    }
    sorted.sort(Comparator.comparing(Attr::getName));
    for (Attr attribute : sorted) {
      out.append(' ').append(attribute.getName()).append("=\"").append(escape(attribute.getValue())).append('"');
    }
    List<Node> children = new ArrayList<>();
    boolean elements = false;
    for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element) {
        elements = true;
        children.add(child);
      } else if ((child.getNodeType() == Node.TEXT_NODE || child.getNodeType() == Node.CDATA_SECTION_NODE)
          && !child.getNodeValue().isBlank()) {
        children.add(child);
      }
    }
    if (children.isEmpty()) {
      out.append(" />\n");
    } else if (!elements) {
      out.append('>');
      children.forEach(text -> out.append(escapeText(text.getNodeValue().strip())));
      out.append("</").append(element.getTagName()).append(">\n");
    } else {
      out.append(">\n");
      for (Node child : children) {
        if (child instanceof Element childElement) {
          write(childElement, depth + 1, out);
        } else {
          out.append(indent).append("  ").append(escapeText(child.getNodeValue().strip())).append('\n');
        }
      }
      out.append(indent).append("</").append(element.getTagName()).append(">\n");
    }
  }

  private static String escape(String text) {
    return escapeText(text).replace("\"", "&quot;");
  }

  private static String escapeText(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static List<String> lines(String text) {
    List<String> lines = new ArrayList<>();
    if (text == null || text.isEmpty()) {
      return lines;
    }
    // Line endings and trailing blanks are the serializer's, not the administrator's change.
    for (String line : text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1)) {
      lines.add(line.stripTrailing());
    }
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    return lines;
  }

  /** Each line of both texts as " line", "-line" or "+line", in order (longest common subsequence). */
  private static List<String> edits(List<String> a, List<String> b) {
    int start = 0;
    while (start < a.size() && start < b.size() && a.get(start).equals(b.get(start))) {
      start++;
    }
    int endA = a.size();
    int endB = b.size();
    while (endA > start && endB > start && a.get(endA - 1).equals(b.get(endB - 1))) {
      endA--;
      endB--;
    }
    List<String> ops = new ArrayList<>();
    a.subList(0, start).forEach(line -> ops.add(" " + line));
    int n = endA - start;
    int m = endB - start;
    if ((long) n * m > MAX_CELLS) {
      a.subList(start, endA).forEach(line -> ops.add("-" + line));
      b.subList(start, endB).forEach(line -> ops.add("+" + line));
    } else {
      int[][] common = new int[n + 1][m + 1];
      for (int i = n - 1; i >= 0; i--) {
        for (int j = m - 1; j >= 0; j--) {
          common[i][j] = a.get(start + i).equals(b.get(start + j))
              ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
        }
      }
      int i = 0;
      int j = 0;
      while (i < n || j < m) {
        if (i < n && j < m && a.get(start + i).equals(b.get(start + j))) {
          ops.add(" " + a.get(start + i));
          i++;
          j++;
        } else if (i < n && (j == m || common[i + 1][j] >= common[i][j + 1])) {
          ops.add("-" + a.get(start + i));
          i++;
        } else {
          ops.add("+" + b.get(start + j));
          j++;
        }
      }
    }
    a.subList(endA, a.size()).forEach(line -> ops.add(" " + line));
    return ops;
  }

  private static String hunks(List<String> ops) {
    StringBuilder out = new StringBuilder();
    int lineA = 1;
    int lineB = 1;
    int[] numberA = new int[ops.size()];
    int[] numberB = new int[ops.size()];
    for (int k = 0; k < ops.size(); k++) {
      numberA[k] = lineA;
      numberB[k] = lineB;
      char kind = ops.get(k).charAt(0);
      if (kind != '+') {
        lineA++;
      }
      if (kind != '-') {
        lineB++;
      }
    }
    int k = 0;
    while (k < ops.size()) {
      if (ops.get(k).startsWith(" ")) {
        k++;
        continue;
      }
      int from = Math.max(0, k - CONTEXT);
      int to = k;
      // Extend the hunk while the next change is within twice the context.
      while (to < ops.size()) {
        int next = to;
        while (next < ops.size() && ops.get(next).startsWith(" ")) {
          next++;
        }
        if (next == ops.size() || next - to > 2 * CONTEXT) {
          break;
        }
        to = next + 1;
      }
      int end = Math.min(ops.size(), to + CONTEXT);
      out.append("@@ 変更前 ").append(numberA[from]).append("行目 / 変更後 ").append(numberB[from]).append("行目 @@\n");
      for (int h = from; h < end; h++) {
        out.append(ops.get(h)).append('\n');
      }
      k = end;
    }
    return out.toString();
  }
}
