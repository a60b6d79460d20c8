package jp.go.jica.approval.organization;

import java.util.List;

/** A chart that was refused as a whole; each error names the line and the entry. */
public class OrgChartException extends RuntimeException {

  private final List<String> errors;

  public OrgChartException(List<String> errors) {
    super("組織図を読み込めません（" + errors.size() + "件のエラー）: " + String.join(" / ", errors));
    this.errors = List.copyOf(errors);
  }

  public List<String> errors() {
    return errors;
  }
}
