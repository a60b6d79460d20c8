package jp.go.jica.approval.byod;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.go.jica.approval.validation.FieldCheck;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The checks of {@code byod-permission.bpmn}: the CISO's switch and the request
 * ({@code ${byodRequestCheck}}), and the device-manager's approval, which needs every safety
 * measure when confidential information is handled ({@code ${byodChecklist}}).
 */
@Configuration(proxyBeanMethods = false)
class ByodChecks {

  static final Map<String, String> MEASURES = new LinkedHashMap<>();

  static {
    MEASURES.put("mScreenLock", "画面ロック");
    MEASURES.put("mEncryption", "ストレージの暗号化");
    MEASURES.put("mOsUpdates", "OS・ソフトウェアの更新");
    MEASURES.put("mAntiMalware", "不正プログラム対策");
    MEASURES.put("mRemoteWipe", "紛失時の遠隔消去");
    MEASURES.put("mNoJailbreak", "脱獄・root化をしていない");
  }

  @Bean
  ExecutionListener byodRequestCheck(ByodSwitch byodSwitch) {
    return execution -> {
      if (!byodSwitch.allowed()) {
        throw new BadUserRequestException("機構支給以外の端末の利用は、現在、最高情報セキュリティ責任者の判断により認められていません（第94条）");
      }
      FieldCheck check = FieldCheck.of(execution);
      int c = check.level("confidentiality");
      int i = check.level("integrity");
      int a = check.level("availability");
      LocalDate from = check.date("periodFrom");
      LocalDate to = check.date("periodTo");
      check.error(from != null && to != null && !to.isAfter(from), "「利用期間（終了日）」は開始日より後の日付にしてください");
      check.notBeforeToday(from, "利用期間（開始日）", "端末は許可を受けてから利用します（第97条第1項）");
      check.refuseIfAny("申請内容に誤りがあります: ");
      execution.setVariable("protectedInfo", c >= 2 || i >= 2 || a >= 2);
      execution.setVariable("confidentialInfo", c >= 2);
    };
  }

  @Bean
  TaskListener byodChecklist() {
    return task -> {
      if (!"approve".equals(task.getVariable("decision"))) {
        return;
      }
      List<String> missing = new ArrayList<>();
      if (Boolean.TRUE.equals(task.getVariable("confidentialInfo"))) {
        MEASURES.forEach((key, label) -> {
          if (!Boolean.TRUE.equals(task.getVariable(key))) {
            missing.add("「" + label + "」");
          }
        });
      }
      if (!missing.isEmpty()) {
        throw new BadUserRequestException("要機密情報を取り扱うため許可できません。不足している安全確保の措置: "
            + String.join("、", missing) + "（第95条第3項・第97条第3項）。却下または差戻しを選んでください");
      }
      if ("yes".equals(task.getVariable("internalNetwork")) && !Boolean.TRUE.equals(task.getVariable("networkConnectionConfirmed"))) {
        throw new BadUserRequestException("内部ネットワークへの接続には「接続時の措置を確認した」の確認が必要です（第95条第4項・第146条第3項）");
      }
    };
  }
}
