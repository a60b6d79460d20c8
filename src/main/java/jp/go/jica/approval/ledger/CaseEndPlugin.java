package jp.go.jica.approval.ledger;

import java.sql.Timestamp;
import java.util.ArrayList;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Records when every case ends ({@code apr_case_end}), in the transaction that ends it: completed, withdrawn or
 * cancelled. The registers' retention ({@link RegisterRetention}) counts from it, also after Camunda's history
 * of the case is gone.
 */
@Component
class CaseEndPlugin extends AbstractProcessEnginePlugin {

  private final JdbcTemplate jdbc;

  CaseEndPlugin(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    if (configuration.getCustomPostBPMNParseListeners() == null) {
      configuration.setCustomPostBPMNParseListeners(new ArrayList<>());
    }
    // built-in, so that a cancellation that skips custom listeners records the end too
    configuration.getCustomPostBPMNParseListeners().add(new AbstractBpmnParseListener() {
      @Override
      public void parseProcess(Element processElement, ProcessDefinitionEntity processDefinition) {
        String key = processDefinition.getKey();
        processDefinition.addBuiltInListener(ExecutionListener.EVENTNAME_END,
            (ExecutionListener) execution -> recordEnd(execution.getProcessInstanceId(), key));
      }
    });
  }

  private void recordEnd(String processInstanceId, String processKey) {
    // the engine's clock, which tests move, is the time the engine writes into the case's history too
    jdbc.update("insert into apr_case_end (process_instance_id, process_key, ended_at) select ?, ?, ? "
            + "where not exists (select 1 from apr_case_end where process_instance_id = ?)",
        processInstanceId, processKey, new Timestamp(ClockUtil.getCurrentTime().getTime()), processInstanceId);
  }
}
