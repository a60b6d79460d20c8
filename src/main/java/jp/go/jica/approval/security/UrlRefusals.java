package jp.go.jica.approval.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.catalina.Host;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A URL no client of the platform writes (a path parameter {@code ;x=1}, an encoded {@code /} or {@code \},
 * {@code //}, {@code ..}, a control character) is refused with the platform's 400 in Japanese, wherever it is
 * caught: Tomcat refuses some before any filter runs (its HTML page is replaced by the error shape), Spring
 * Security's firewall the rest. The firewall's checks run first of all filters, because Spring's own path
 * parsing otherwise fails on a path parameter in front of a servlet's mapping ({@code /engine-rest;x=1/task})
 * and answers 500.
 */
@Configuration
class UrlRefusals {

  static final String REFUSED = "URL の形式が正しくありません（「;」「//」「..」、エンコードした「/」「\\」「%」や制御文字は使えません）";
  private static final Logger log = LoggerFactory.getLogger(UrlRefusals.class);
  /** The REST paths answered in JSON, also in their raw spelling ({@code /engine-rest;x=1}, {@code /api%2F}). */
  private static final Pattern REST = Pattern.compile("^/(?:engine-rest|camunda/api|api)(?:[/;%?]|$).*");

  /** Spring Security's firewall, with its defaults, at the front of every request. */
  @Bean
  FilterRegistrationBean<OncePerRequestFilter> urlFirewall() {
    StrictHttpFirewall firewall = new StrictHttpFirewall();
    FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
      @Override
      protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
          throws ServletException, IOException {
        try {
          firewall.getFirewalledRequest(request);
        } catch (RequestRejectedException rejected) {
          refuse(request, response);
          return;
        }
        chain.doFilter(request, response);
      }
    });
    registration.addUrlPatterns("/*");
    // inside ErrorBodyFilter (which logs the refusal), before Spring Security and Spring's path parsing
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
    return registration;
  }

  /** What Spring Security's own firewall refuses later (a header it looks at lazily) answers the same. */
  @Bean
  RequestRejectedHandler requestRejectedHandler() {
    return (request, response, rejected) -> refuse(request, response);
  }

  /** Tomcat's error report for what never reaches a servlet: the error shape on the REST paths, no server details elsewhere. */
  @Bean
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> errorReportOfTomcat() {
    return factory -> factory.addContextCustomizers(context -> {
      Host host = (Host) context.getParent();
      JsonErrorReportValve valve = new JsonErrorReportValve();
      valve.setShowReport(false);
      valve.setShowServerInfo(false);
      host.getPipeline().addValve(valve);
      // StandardHost adds its own report valve at start unless one of this class is already there
      ((StandardHost) host).setErrorReportValveClass(JsonErrorReportValve.class.getName());
    });
  }

  private static void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (REST.matcher(request.getRequestURI().substring(request.getContextPath().length())).matches()) {
      ErrorShape.write(response, HttpServletResponse.SC_BAD_REQUEST,
          ErrorShape.clientError(HttpServletResponse.SC_BAD_REQUEST, null, REFUSED));
    } else {
      response.sendError(HttpServletResponse.SC_BAD_REQUEST, REFUSED);
    }
  }

  /** Tomcat's error report valve writing the platform's error shape for the REST paths. */
  static final class JsonErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
      String uri = request.getRequestURI();
      if (uri == null || !REST.matcher(uri).matches()) {
        super.report(request, response, throwable);
        return;
      }
      int status = response.getStatus();
      if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
        return;
      }
      Map<String, Object> body;
      if (status >= 500) {
        body = throwable != null ? ErrorShape.serverError(status, uri, throwable)
            : ErrorShape.serverError(status, uri, String.valueOf(response.getMessage()));
      } else {
        // Tomcat's reasons ("Invalid URI") are about the URL: the one Japanese refusal of a URL says it
        body = ErrorShape.clientError(status, null, status == 400 ? REFUSED : null);
        log.info("Refused {} {} {}: {} [Tomcat: {}]", status, request.getMethod(), uri, body.get("message"), response.getMessage());
      }
      try {
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        PrintWriter writer = response.getReporter();
        if (writer != null) {
          writer.write(ErrorShape.JSON.writeValueAsString(body));
        }
        response.finishResponse();
      } catch (IOException | IllegalStateException e) {
        // the client is gone or the response is closed: nothing more to tell it
      }
    }
  }
}
