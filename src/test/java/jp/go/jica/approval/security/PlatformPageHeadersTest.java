package jp.go.jica.approval.security;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The header filter's choices that the browser tests do not reach: HSTS only behind TLS, the editor's
 * relaxation only on the editor, and an error page keeps Camunda's policy for Camunda's own failures but
 * gets the strict one for the platform's. The browser tests prove the headers on the real pages.
 */
class PlatformPageHeadersTest {

  @Test
  void hstsOnlyWhenTheCookieIsSecure() throws Exception {
    assertThat(headersOf(new PlatformPageHeaders.HeaderFilter(true), request("/platform/registers/index.html"))
        .getHeader("Strict-Transport-Security")).isEqualTo("max-age=31536000");
    assertThat(headersOf(new PlatformPageHeaders.HeaderFilter(false), request("/platform/registers/index.html"))
        .getHeader("Strict-Transport-Security")).isNull();
  }

  @Test
  void onlyTheEditorMayUseStyleAttributesAndNothingMayUseInlineScript() throws Exception {
    String registers = headersOf(new PlatformPageHeaders.HeaderFilter(false), request("/platform/registers/index.html"))
        .getHeader("Content-Security-Policy");
    String editor = headersOf(new PlatformPageHeaders.HeaderFilter(false), request("/platform/editor/index.html"))
        .getHeader("Content-Security-Policy");
    String lookalike = headersOf(new PlatformPageHeaders.HeaderFilter(false), request("/platform/editorial/x.html"))
        .getHeader("Content-Security-Policy");
    assertThat(registers).contains("script-src 'self'", "style-src 'self'").doesNotContain("unsafe");
    assertThat(lookalike).isEqualTo(registers);
    assertThat(editor).contains("script-src 'self'", "style-src-elem 'self'", "style-src-attr 'unsafe-inline'")
        .doesNotContain("unsafe-eval", "script-src 'unsafe");
  }

  @Test
  void anErrorPageKeepsCamundasPolicyButNotAnEditorRelaxation() throws Exception {
    MockHttpServletRequest camundaFailure = errorDispatch("/camunda/app/cockpit/missing");
    MockHttpServletResponse camundaResponse = new MockHttpServletResponse();
    camundaResponse.setHeader("Content-Security-Policy", "camunda's own");
    new PlatformPageHeaders.HeaderFilter(false).doFilter(camundaFailure, camundaResponse, new MockFilterChain());
    assertThat(camundaResponse.getHeader("Content-Security-Policy")).isEqualTo("camunda's own");

    MockHttpServletRequest editorRefused = errorDispatch("/platform/editor/index.html");
    MockHttpServletResponse editorResponse = new MockHttpServletResponse();
    editorResponse.setHeader("Content-Security-Policy", PlatformPageHeaders.EDITOR_POLICY);
    new PlatformPageHeaders.HeaderFilter(false).doFilter(editorRefused, editorResponse, new MockFilterChain());
    assertThat(editorResponse.getHeader("Content-Security-Policy")).isEqualTo(PlatformPageHeaders.POLICY);

    MockHttpServletResponse unknown = headersOf(new PlatformPageHeaders.HeaderFilter(false), errorDispatch("/nowhere"));
    assertThat(unknown.getHeader("Content-Security-Policy")).isEqualTo(PlatformPageHeaders.POLICY);
    assertThat(unknown.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
  }

  private static MockHttpServletRequest request(String path) {
    return new MockHttpServletRequest("GET", path);
  }

  private static MockHttpServletRequest errorDispatch(String failedPath) {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
    request.setDispatcherType(DispatcherType.ERROR);
    request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, failedPath);
    return request;
  }

  private static MockHttpServletResponse headersOf(PlatformPageHeaders.HeaderFilter filter, MockHttpServletRequest request)
      throws Exception {
    MockHttpServletResponse response = new MockHttpServletResponse();
    filter.doFilter(request, response, new MockFilterChain());
    return response;
  }
}
