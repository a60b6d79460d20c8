package jp.go.jica.approval.media;

import java.time.LocalDate;
import java.util.Map;
import jp.go.jica.approval.validation.FieldCheck;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.TaskListener;
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
      FieldCheck check = FieldCheck.of(execution);
      int c = check.level("confidentiality");
      LocalDate out = check.date("carryOutOn");
      LocalDate back = check.date("returnOn");
      check.error(out != null && back != null && back.isBefore(out), "「返却予定日」は持出し日以降の日付にしてください");
      check.notBeforeToday(out, "持出し日", "持出しの許可は持ち出す前に申請します（第145条第7項）");
      Object areaId = execution.getVariable("destinationAreaId");
      MediaLog.Area area = FieldCheck.blank(areaId) ? null : log.area(areaId.toString().trim()).orElse(null);
      check.error(!FieldCheck.blank(areaId) && area == null,
          "「指定区域コード」" + areaId + " は統括情報セキュリティ責任者が指定した区域にありません");
      check.error(c >= 3 && area == null && !Boolean.TRUE.equals(execution.getVariable("encrypted")),
          "機密性3の情報を持ち出す場合は媒体の「暗号化」が必要です（第47条第1項）");
      check.refuseIfAny("申請内容に誤りがあります: ");
      execution.setVariable("designatedArea", area != null);
      execution.setVariable("designatedAreaName", area == null ? null : area.name() + "（" + area.organization() + "）");
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
      if (rule != null && Boolean.TRUE.equals(rule.get("transportDesignated")) && FieldCheck.blank(task.getVariable("designatedTransport"))) {
        throw new BadUserRequestException("機密性3の情報の持出しでは「運搬方法の指定」が必要です（第47条第1項）");
      }
      if (rule != null && Boolean.TRUE.equals(rule.get("encryptionRequired"))
          && !Boolean.TRUE.equals(task.getVariable("encryptionConfirmed"))) {
        throw new BadUserRequestException("「媒体が暗号化されていることを確認した」にチェックしてください（第47条第1項）");
      }
    };
  }
}
