package jp.go.jica.approval.benchmark;

import jp.go.jica.approval.byod.ByodPermissionProcessTest;
import jp.go.jica.approval.cloud.CloudServiceApprovalProcessTest;
import jp.go.jica.approval.exception.ExceptionMeasureProcessTest;
import jp.go.jica.approval.outsourcing.OutsourcingSelectionProcessTest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The mixed workload: the five agency processes in the proportions an agency sees them (media carry-out and
 * BYOD most often, exception measures between, cloud services and outsourcing rarely), each driven over
 * REST along its full approval path with the values its forms take (as the processes' own tests submit them).
 */
final class Mix {

  /** One request kind: its process, what the applicant submits, and the steps up to the end of its approval. */
  record Kind(String process, int weight, java.util.function.IntFunction<Map<String, Object>> start, List<Step> steps) {
  }

  /** A user task the request passes, and what its holder (or the applicant) submits there. */
  record Step(String task, boolean applicant, Map<String, Object> values) {
  }

  private static final AtomicInteger SERVICES = new AtomicInteger();

  static final Map<String, Object> APPROVE = Map.of("decision", "approve", "decisionComment", "");

  static final List<Kind> KINDS = List.of(
      new Kind("media-carry-out", 7, i -> media(i), List.of(
          new Step("sectionIsoPermission", false, with(APPROVE, "encryptionConfirmed", true,
              "designatedTransport", "施錠したケースに入れ手持ちで運搬する")))),
      new Kind("byod-permission", 6, i -> ByodPermissionProcessTest.publicInformation(), List.of(
          new Step("deviceManagerReview", false, APPROVE),
          new Step("acknowledgeProcedure", true, Map.of("procedureAcknowledged", true)))),
      new Kind("exception-measure", 4, i -> ExceptionMeasureProcessTest.application(), List.of(
          // approved with conditions, which the applicant acknowledges
          new Step("reviewApplication", false, with(APPROVE, "decisionComment", "作業後は消去を上長に報告すること")),
          new Step("acknowledgeConditions", true, Map.of("conditionsAcknowledged", true)))),
      new Kind("cloud-service-approval", 2, i -> cloud(), List.of(
          new Step("setSecurityRequirements", false, cloudRequirements()),
          new Step("reviewCloudUse", false, with(APPROVE, "cloudManager", "ga-chief")),
          new Step("setUseRequirements", false, Map.of("useContentConfirmed", true,
              "useRequirements", "管理者アカウントは2名、多要素認証必須、外部共有は課長の承認制")),
          new Step("registerInSystemLedger", false, Map.of("systemLedgerId", "SYS-1")),
          new Step("confirmGoLiveProcedures", false, Map.of("buildMeasures", "多要素認証とIP制限を設定し、設定画面で確認した",
              "buildMeasuresChecked", true, "procSecurityLevel", true, "procIncidentResponse", true, "procRecovery", true)))),
      new Kind("outsourcing-selection", 1, i -> OutsourcingSelectionProcessTest.plain(), List.of(
          new Step("draftSpecification", false, specification()),
          new Step("selectContractor", false, with(APPROVE, "candidates", "A社: 全条件を満たす／B社: 監査受入れ不可",
              "selectedContractor", "A社", "proposalCompliant", true,
              "proposalCompliance", "A社提案書: 仕様の全項目（第54条第2項各号）に対応")),
          new Step("recordContract", false, Map.of("contractDate", LocalDate.now().toString(),
              "confirmationDocument", "従事者と対策",
              "handlingProcedure", "暗号化した媒体で手渡し、終了時は消去証明書を提出")))));

  /** The kinds in their proportions, one full cycle (20 requests): request i is {@code sequence().get(i % 20)}. */
  static List<Kind> sequence() {
    List<Kind> sequence = new ArrayList<>();
    // interleaved, so that every stretch of the run has the same mix
    int total = KINDS.stream().mapToInt(Kind::weight).sum();
    int[] given = new int[KINDS.size()];
    for (int n = 0; n < total; n++) {
      int best = 0;
      double bestLag = -1;
      for (int k = 0; k < KINDS.size(); k++) {
        double lag = (n + 1) * KINDS.get(k).weight() / (double) total - given[k];
        if (lag > bestLag) {
          bestLag = lag;
          best = k;
        }
      }
      given[best]++;
      sequence.add(KINDS.get(best));
    }
    return sequence;
  }

  static Map<String, Object> media(int i) {
    LocalDate today = LocalDate.now();
    Map<String, Object> values = new HashMap<>();
    values.put("mediaKind", "usb");
    values.put("assetNumber", "BENCH-" + i);
    values.put("information", "説明会資料（要機密）");
    values.put("confidentiality", "3");
    values.put("integrity", "1");
    values.put("availability", "1");
    values.put("destination", "説明会会場");
    values.put("carryOutOn", today.plusDays(1).toString());
    values.put("returnOn", today.plusDays(3).toString());
    values.put("purpose", "説明会で使用する");
    values.put("transportMethod", "手荷物として常時携行");
    values.put("encrypted", true);
    return values;
  }

  static Map<String, Object> cloud() {
    Map<String, Object> values = CloudServiceApprovalProcessTest.confidential();
    // each request applies for its own service, also across runs on a kept preload: one already approved would be
    // pointed out, not applied for twice
    values.put("serviceName", "会議資料共有クラウド" + ProcessHandle.current().pid() + "-" + SERVICES.incrementAndGet());
    return values;
  }

  static Map<String, Object> cloudRequirements() {
    return with(APPROVE, "useWithinScope", true, "usePlaceAllowed", true,
        "useJudgement", "会議資料（機密性2）のみ。停止時はメールで代替できる", "reqMeasures", true, "reqDataLocation", true,
        "reqDisposal", true, "reqServiceLevel", true, "requirementsNote", "多要素認証、国内保存、解約時の消去証明",
        "specIncludesRequirements", true, "providerMeetsSpec", true, "contractIncludesSpec", true,
        "procurementDocuments", "調達仕様書 総-2026-014、契約書案 第12条");
  }

  /** Art. 54(2) conditions in the specification, with the entrustment judgement (as the process's tests submit). */
  static Map<String, Object> specification() {
    return with(APPROVE, "entrustmentCriteriaMet", true,
        "entrustmentJudgement", "提供するのは公開予定の原稿のみ（機密性1）。委託判断基準の「公開情報の編集業務」に該当",
        "condNoOtherUse", true, "condSecurityMeasures", true, "condIncidentHandling", true, "condComplianceCheck", true,
        "condInsufficientMeasures", true, "condHandover", true, "condSubcontracting", true);
  }

  static Map<String, Object> with(Map<String, Object> base, Object... keyValues) {
    Map<String, Object> values = new HashMap<>(base);
    for (int i = 0; i < keyValues.length; i += 2) {
      values.put((String) keyValues[i], keyValues[i + 1]);
    }
    return values;
  }

  private Mix() {
  }
}
