package jp.go.jica.approval.operations;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads the database (when the cached reading is stale) before Prometheus's scrape collects: a process, step or
 * incident type that appeared since the last reading has its meter registered in time for this scrape, not the next.
 */
@Configuration(proxyBeanMethods = false)
class ScrapeFreshness {

  /** After Spring Security (DEFAULT_FILTER_ORDER), so a refused caller never causes a database reading. */
  @Bean
  FilterRegistrationBean<OncePerRequestFilter> readBeforeScrape(PlatformReadings readings) {
    FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
      @Override
      protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
          throws ServletException, IOException {
        readings.current();
        chain.doFilter(request, response);
      }
    });
    registration.addUrlPatterns("/actuator/prometheus");
    registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 3);
    return registration;
  }
}
