package jp.go.jica.approval.media;

import java.util.List;
import java.util.Map;
import jp.go.jica.approval.ledger.CaseActions;
import org.springframework.stereotype.Component;

/** 紛失 on the case page: offered to the employee who carried the medium out, while it is out (Art. 29, 48). */
@Component
class MediaActions implements CaseActions {

  private final MediaLog log;
  private final MediaLoss loss;

  MediaActions(MediaLog log, MediaLoss loss) {
    this.log = log;
    this.loss = loss;
  }

  @Override
  public String processKey() {
    return "media-carry-out";
  }

  @Override
  public List<Action> actionsOn(String processInstanceId, String viewer, boolean administrator) {
    return log.byProcessInstance(processInstanceId)
        .filter(carryOut -> viewer.equals(carryOut.applicantId()) && loss.out(processInstanceId))
        .map(carryOut -> List.of(new Action("mediaLost", "紛失を報告",
            "持ち出した媒体を紛失したことを報告します。CSIRT責任者に通知され、情報セキュリティインシデントかどうかが評価されます"
                + "（第29条）。",
            "/api/media/carry-outs/" + carryOut.logNumber() + "/loss", Map.of(),
            List.of(new Field("returnNote", MediaLoss.SITUATION_LABEL, "textarea", true)))))
        .orElse(List.of());
  }
}
