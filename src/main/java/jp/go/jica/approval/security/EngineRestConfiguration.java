package jp.go.jica.approval.security;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.rest.dto.task.TaskDto;
import org.camunda.bpm.engine.rest.impl.CamundaRestResources;
import org.camunda.bpm.engine.rest.mapper.JacksonConfigurator;
import org.camunda.bpm.spring.boot.starter.rest.CamundaJerseyResourceConfig;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.springframework.stereotype.Component;

/**
 * Camunda's engine REST resources on {@code /engine-rest}, with the platform's {@link GuardRefusalMapper}
 * in place of Camunda's exception mappers.
 */
@Component
class EngineRestConfiguration extends CamundaJerseyResourceConfig {

  private final ProcessEngineConfigurationImpl engine;

  EngineRestConfiguration(ProcessEngineConfigurationImpl engine) {
    this.engine = engine;
  }

  @Override
  protected void registerCamundaRestResources() {
    registerClasses(CamundaRestResources.getResourceClasses());
    registerProviders(this, engine);
  }

  /**
   * Camunda's providers without its exception mappers, the platform's single mapper in their place, and
   * Jackson without Jersey's own mappers (which would answer the parser's text, class names included).
   * Each application gets its own mapper: Jersey injects the request's path into it.
   */
  static void registerProviders(ResourceConfig config, ProcessEngineConfigurationImpl engine) {
    config.registerClasses(CamundaRestResources.getConfigurationClasses().stream()
        .filter(c -> !ExceptionMapper.class.isAssignableFrom(c) && c != JacksonConfigurator.class)
        .collect(Collectors.toSet()));
    config.register(new TaskFormRefReadOnly());
    config.register(new GuardRefusalMapper(engine));
    config.register(JacksonFeature.withoutExceptionMappers());
  }

  /**
   * Camunda's JSON configuration with a task's form reference read-only: {@code PUT /task/{id}} takes back the
   * task {@code GET} gave (Tasklist does so to set a follow-up date), and Camunda cannot read the reference it
   * wrote (an interface), so every task with a Camunda Form answered 400. The engine's task has no setter for
   * it anyway.
   */
  static final class TaskFormRefReadOnly extends JacksonConfigurator {
    @Override
    public ObjectMapper getContext(Class<?> type) {
      return super.getContext(type).addMixIn(TaskDto.class, ReadOnlyFormRef.class);
    }
  }

  @JsonIgnoreProperties(value = "camundaFormRef", allowGetters = true)
  private abstract static class ReadOnlyFormRef {
  }
}
