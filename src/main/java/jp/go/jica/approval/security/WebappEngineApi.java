package jp.go.jica.approval.security;

import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.rest.impl.NamedProcessEngineRestServiceImpl;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The webapps' engine REST ({@code /camunda/api/engine/engine/{name}/…}, what Tasklist and Cockpit call)
 * with the same exception mapping as {@code /engine-rest}. Camunda's webapp initializer registers this
 * servlet only if no servlet of that name exists, so registering it first replaces Camunda's
 * EngineRestApplication (the same resources, with Camunda's mappers).
 */
@Configuration
// Only with the webapps, whose filters (session authentication, CSRF) guard this path.
@ConditionalOnProperty(prefix = "camunda.bpm.webapp", name = "enabled", matchIfMissing = true)
class WebappEngineApi {

  /** Camunda's name for the servlet (CamundaBpmWebappInitializer). */
  static final String SERVLET_NAME = "Engine Api";

  @Bean
  ServletRegistrationBean<ServletContainer> webappEngineApiServlet(CamundaBpmProperties camunda,
      ProcessEngineConfigurationImpl engine) {
    ResourceConfig config = new ResourceConfig();
    // Like Camunda's EngineRestApplication: named engines only.
    config.register(NamedProcessEngineRestServiceImpl.class);
    EngineRestConfiguration.registerProviders(config, engine);
    ServletRegistrationBean<ServletContainer> registration = new ServletRegistrationBean<>(new ServletContainer(config),
        camunda.getWebapp().getApplicationPath() + "/api/engine/*");
    registration.setName(SERVLET_NAME);
    // before the webapp initializer (unordered, so last)
    registration.setOrder(0);
    return registration;
  }
}
