package jp.go.jica.approval.byod;

import java.util.List;
import java.util.Set;
import jp.go.jica.approval.organization.OrgChartReloaded;
import jp.go.jica.approval.organization.Role;
import jp.go.jica.approval.routing.PlatformOperation;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Art. 20-2: a leaver's open BYOD permits, media carry-outs and exceptions are handed on when an org chart
 * reload shows the applicant gone. Each process ends the case by its own interrupting message event
 * subprocess (the leaver's own tasks end with it); this listener only picks the cases and names who closes
 * them: the role holder of the section the previous chart placed the leaver in. One listener serves the three
 * processes because they are closed the same way and a reload should hand them on in one pass; it knows them
 * only by their BPMN keys, messages and wait states.
 *
 * <p>Movers keep their cases: they are still in office and can report the erasure, return or end themselves
 * (Art. 97-4, 48-1, 25), and the duty holders of their cases follow the roles by the routing (Art. 20-2).
 */
@Component
class LeaverCaseClosing {

  private static final Logger log = LoggerFactory.getLogger(LeaverCaseClosing.class);

  /** A process whose applicant-side cases a leaver leaves open; states are BPMN activity ids. */
  record Closing(String processKey, String message, Role closer, Set<String> undecided, Set<String> inForce) {
  }

  /** The BYOD requests not yet decided: a leaver's end, and the CISO's switching off ends them too (Art. 94). */
  static final Set<String> BYOD_UNDECIDED = Set.of("deviceManagerReview", "sectionIsoReview", "issoNetworkReview",
      "reviseRequest");

  static final List<Closing> CLOSINGS = List.of(
      new Closing("byod-permission", "byodApplicantLeft", Role.DEVICE_MANAGER, BYOD_UNDECIDED,
          Set.of("acknowledgeProcedure", "permitInUse", "permitEnding", "confirmErasure")),
      new Closing("media-carry-out", "mediaApplicantLeft", Role.SECTION_ISO,
          Set.of("sectionIsoPermission", "reviseRequest"), Set.of("returnDue", "confirmReturn")),
      new Closing("exception-measure", "exceptionApplicantLeft", Role.EXCEPTION_AUTHORIZER,
          Set.of("reviewApplication", "reviseApplication"),
          Set.of("acknowledgeConditions", "expiryReminderDue", "confirmEndOrRenewal", "confirmDeviationStopped")));

  private final RuntimeService runtime;

  LeaverCaseClosing(RuntimeService runtime) {
    this.runtime = runtime;
  }

  @EventListener
  @Order(32)
  void onReload(OrgChartReloaded event) {
    int closed = 0;
    for (String leaver : event.leavers()) {
      for (Closing closing : CLOSINGS) {
        for (ProcessInstance instance : runtime.createProcessInstanceQuery().processDefinitionKey(closing.processKey())
            .variableValueEquals("applicant", leaver).active().list()) {
          try {
            if (close(instance.getId(), closing, closerOf(event, leaver, closing.closer()))) {
              closed++;
            }
          } catch (RuntimeException e) {
            // One case that cannot be closed must not keep the others open; it stays visible in Cockpit.
            log.error("Could not close case {} of leaver {}: {}", instance.getId(), leaver, e.getMessage());
          }
        }
      }
    }
    log.info("Reorganisation by {}: {} case(s) of leavers handed to their closing step", event.reloadedBy(), closed);
  }

  /**
   * Ends the case by its message when it waits on the applicant's side or undecided. A case already at a
   * duty holder's step (an erasure to acknowledge, a lost medium to evaluate, an escalated end) stays there:
   * the routing moves that holder.
   */
  private boolean close(String processInstanceId, Closing closing, String closer) {
    List<String> active = runtime.getActiveActivityIds(processInstanceId);
    boolean inForce = active.stream().anyMatch(closing.inForce()::contains);
    if (!inForce && active.stream().noneMatch(closing.undecided()::contains)) {
      return false;
    }
    PlatformOperation.run(() -> runtime.createMessageCorrelation(closing.message())
        .processInstanceId(processInstanceId).setVariable("leaverCloser", closer)
        .setVariable("leaverInForce", inForce).correlateWithResult());
    return true;
  }

  /**
   * The role holder for the section the previous chart placed the leaver in, as the chart stands now; the
   * previous holder while still in post when the section is gone; else the chief-iso.
   */
  static String closerOf(OrgChartReloaded event, String leaver, Role role) {
    String section = event.previous().sectionOf(leaver).id();
    return event.current().holderOf(role, section)
        .or(() -> event.previous().holderOf(role, section).filter(holder -> event.current().person(holder).isPresent()))
        .or(() -> event.current().organizationHolder(Role.CHIEF_ISO))
        .orElseThrow();
  }
}
