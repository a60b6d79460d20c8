package jp.go.jica.approval.security;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Content-Security-Policy and the usual browser hardening headers on the platform's own pages
 * ({@code /platform/**}) and the error pages; Camunda's webapps keep the headers they set themselves.
 */
@Configuration
class PlatformPageHeaders {

  /**
   * No inline script or style, no eval, nothing from other origins. Images and fonts may be data: URLs
   * because the editor bundle inlines the bpmn-js/dmn-js icons and fonts (esbuild's dataurl loader). Styles
   * set through the CSSOM (element.style, constructed style sheets) are not restricted by CSP.
   */
  static final String POLICY = String.join("; ",
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      "font-src 'self' data:",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'self'",
      "frame-ancestors 'self'",
      "form-action 'self'");

  /**
   * The editor's policy: the same, plus style attributes in markup. bpmn-js, dmn-js and the properties panel
   * parse HTML templates that carry style attributes (the bpmn.io watermark and its lightbox, the panel's
   * container, SVG icons), measured in the browser test. Style attributes cannot run script, and with images
   * and fonts limited to this origin and data: they cannot send anything elsewhere. &lt;style&gt; elements
   * stay refused: the editor build makes CodeMirror use constructed style sheets (src/main/frontend/build.mjs).
   */
  static final String EDITOR_POLICY = POLICY.replace("style-src 'self'",
      "style-src 'self'; style-src-elem 'self'; style-src-attr 'unsafe-inline'");

  static final String PERMISSIONS = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
      + "microphone=(), payment=(), usb=()";

  /** One year; no includeSubDomains, which would bind the agency's other hosts too. */
  static final String HSTS = "max-age=31536000";

  @Bean
  FilterRegistrationBean<OncePerRequestFilter> platformPageHeaderFilter(
      @Value("${server.servlet.session.cookie.secure:false}") boolean behindTls) {
    FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new HeaderFilter(behindTls));
    // /error is where Spring renders static/error/403.html (the editor refused to an employee) and every other error.
    registration.addUrlPatterns("/platform/*", "/error", "/error/*");
    registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR);
    // Before Spring Security, so that its refusals and redirects carry the headers too.
    registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER - 1);
    return registration;
  }

  /** Sets the headers before the page is written; keeps a policy Camunda's webapps set on their own failures. */
  static final class HeaderFilter extends OncePerRequestFilter {

    private final boolean behindTls;

    HeaderFilter(boolean behindTls) {
      this.behindTls = behindTls;
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
      return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      String policy = policyFor(request, response);
      if (policy != null) {
        response.setHeader("Content-Security-Policy", policy);
      }
      response.setHeader("X-Content-Type-Options", "nosniff");
      response.setHeader("Referrer-Policy", "same-origin");
      response.setHeader("Permissions-Policy", PERMISSIONS);
      response.setHeader("X-Frame-Options", "SAMEORIGIN");
      response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
      if (behindTls) {
        // Behind a TLS proxy the request itself looks like plain HTTP, so Spring Security would not send it.
        response.setHeader("Strict-Transport-Security", HSTS);
      }
      chain.doFilter(request, response);
    }

    /**
     * The editor's policy on its own files, the strict one on every other platform page and on error pages;
     * null where another component (Camunda's webapps) already set a policy for the failed request.
     */
    private static String policyFor(HttpServletRequest request, HttpServletResponse response) {
      String path = request.getRequestURI().substring(request.getContextPath().length());
      if (request.getDispatcherType() == DispatcherType.ERROR) {
        Object failed = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        boolean ours = failed instanceof String uri && uri.startsWith(request.getContextPath() + "/platform/");
        return ours || !response.containsHeader("Content-Security-Policy") ? POLICY : null;
      }
      return path.startsWith("/platform/editor/") ? EDITOR_POLICY : POLICY;
    }
  }
}
