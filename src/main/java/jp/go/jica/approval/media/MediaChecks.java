package jp.go.jica.approval.media;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The checks of {@code media-carry-out.bpmn}: the request ({@code ${mediaRequestCheck}}) and the
 * section-iso's permission ({@code ${mediaChecklist}}), each problem named in Japanese.
 */
@Configuration(proxyBeanMethods = false)
class MediaChecks {

  @Bean
  ExecutionListener mediaRequestCheck(MediaLog log) {
    return execution -> {
      List<String> errors = new ArrayList<>();
      for (String[] field : new String[][] {{"mediaKind", "媒体の種類"}, {"assetNumber", "資産番号"},
          {"information", "記録されている情報"}, {"destination", "持出し先"}, {"carryOutOn", "持出し日"},
          {"returnOn", "返却予定日"}, {"purpose", "持出しの目的"}, {"transportMethod", "運搬方法"}}) {
        if (blank(execution.getVariable(field[0]))) {
          errors.add("「" + field[1] + "」を入力してください");
        }
      }
      int c = level(execution, "confidentiality", "機密性", 3, errors);
      level(execution, "integrity", "完全性", 2, errors);
      level(execution, "availability", "可用性", 2, errors);
      LocalDate out = date(execution.getVariable("carryOutOn"), "持出し日", errors);
      LocalDate back = date(execution.getVariable("returnOn"), "返却予定日", errors);
      if (out != null && back != null && back.isBefore(out)) {
        errors.add("「返却予定日」は持出し日以降の日付にしてください");
      }
      Object areaId = execution.getVariable("destinationAreaId");
      Map<String, Object> area = blank(areaId) ? null : log.area(areaId.toString().trim()).orElse(null);
      if (!blank(areaId) && area == null) {
        errors.add("「指定区域コード」" + areaId + " は統括情報セキュリティ責任者が指定した区域にありません");
      }
      boolean encrypted = Boolean.TRUE.equals(execution.getVariable("encrypted"));
      if (c >= 3 && area == null && !encrypted) {
        errors.add("機密性3の情報を持ち出す場合は媒体の「暗号化」が必要です（第47条第1項）");
      }
      if (!errors.isEmpty()) {
        throw new BadUserRequestException("申請内容に誤りがあります: " + String.join(" ／ ", errors));
      }
      execution.setVariable("designatedArea", area != null);
      execution.setVariable("designatedAreaName", area == null ? null : area.get("name") + "（" + area.get("organization") + "）");
    };
  }

  @Bean
  TaskListener mediaChecklist() {
    return task -> {
      if (!"approve".equals(task.getVariable("decision"))) {
        return;
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> rule = (Map<String, Object>) task.getVariable("mediaRule");
      if (rule != null && Boolean.TRUE.equals(rule.get("transportDesignated")) && blank(task.getVariable("designatedTransport"))) {
        throw new BadUserRequestException("機密性3の情報の持出しでは「運搬方法の指定」が必要です（第47条第1項）");
      }
      if (rule != null && Boolean.TRUE.equals(rule.get("encryptionRequired"))
          && !Boolean.TRUE.equals(task.getVariable("encryptionConfirmed"))) {
        throw new BadUserRequestException("「媒体が暗号化されていることを確認した」にチェックしてください（第47条第1項）");
      }
    };
  }

  private static int level(VariableScope scope, String key, String label, int max, List<String> errors) {
    Object value = scope.getVariable(key);
    String text = value == null ? "" : value.toString().trim();
    if (!text.matches("[1-" + max + "]")) {
      errors.add("「" + label + "」は1〜" + max + "で選択してください");
      return 1;
    }
    return Integer.parseInt(text);
  }

  static LocalDate date(Object value, String label, List<String> errors) {
    if (blank(value)) {
      return null;
    }
    try {
      String text = value.toString().trim();
      return LocalDate.parse(text.substring(0, Math.min(10, text.length())));
    } catch (DateTimeParseException e) {
      errors.add("「" + label + "」は日付（YYYY-MM-DD）で入力してください");
      return null;
    }
  }

  static boolean blank(Object value) {
    return value == null || value.toString().isBlank();
  }
}
