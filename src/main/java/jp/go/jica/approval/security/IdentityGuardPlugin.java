package jp.go.jica.approval.security;

import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.Session;
import org.camunda.bpm.engine.impl.interceptor.SessionFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Puts {@link GuardedIdentityProvider} into the engine, so every password check and identity change goes
 * through it whatever the path, and registers the filter that tells it the client's address.
 */
@Configuration(proxyBeanMethods = false)
class IdentityGuardPlugin extends AbstractProcessEnginePlugin {

  private final LoginThrottle throttle;
  private final LoginSettings settings;
  private final LoginAlerts alerts;

  IdentityGuardPlugin(LoginThrottle throttle, LoginSettings settings, LoginAlerts alerts) {
    this.throttle = throttle;
    this.settings = settings;
    this.alerts = alerts;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    configuration.setIdentityProviderSessionFactory(new SessionFactory() {
      @Override
      public Class<?> getSessionType() {
        return GuardedIdentityProvider.class;
      }

      @Override
      public Session openSession() {
        return new GuardedIdentityProvider(throttle, settings, alerts);
      }
    });
  }

  /**
   * The login policy, set after the engine applied its generic properties so that no YAML value can bring
   * back the permanent lock. The provider does its own counting; these values only describe it to Camunda.
   */
  @Override
  public void postInit(ProcessEngineConfigurationImpl configuration) {
    configuration.setLoginMaxAttempts(Integer.MAX_VALUE);
    configuration.setLoginDelayBase((int) Math.max(1, settings.firstDelay().toSeconds()));
    configuration.setLoginDelayFactor(2);
    configuration.setLoginDelayMaxTime((int) settings.maxDelay().toSeconds());
  }

  /** Before every other filter and on every dispatch, so no password check runs without its source. */
  @Bean
  FilterRegistrationBean<ClientAddressFilter> clientAddressFilter() {
    FilterRegistrationBean<ClientAddressFilter> registration =
        new FilterRegistrationBean<>(new ClientAddressFilter(settings.trustedProxies()));
    registration.addUrlPatterns("/*");
    registration.setDispatcherTypes(EnumSet.allOf(DispatcherType.class));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }
}
