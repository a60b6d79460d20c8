package jp.go.jica.approval.security;

import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.rest.exception.ProcessEngineExceptionHandler;
import org.camunda.bpm.engine.rest.exception.RestExceptionHandler;
import org.camunda.bpm.engine.rest.impl.CamundaRestResources;
import org.camunda.bpm.spring.boot.starter.rest.CamundaJerseyResourceConfig;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.springframework.stereotype.Component;

/**
 * Camunda's engine REST resources, with the guard-aware mapper in place of Camunda's own mapper
 * for {@code ProcessEngineException} (which it delegates to for everything else).
 */
@Component
class EngineRestConfiguration extends CamundaJerseyResourceConfig {

  @Override
  protected void registerCamundaRestResources() {
    registerClasses(CamundaRestResources.getResourceClasses());
    Set<Class<?>> configuration = CamundaRestResources.getConfigurationClasses().stream()
        .filter(c -> c != ProcessEngineExceptionHandler.class && c != RestExceptionHandler.class).collect(Collectors.toSet());
    registerClasses(configuration);
    register(GuardRefusalMapper.class);
    register(GuardRefusalMapper.Rest.class);
    register(JacksonFeature.class);
  }
}
