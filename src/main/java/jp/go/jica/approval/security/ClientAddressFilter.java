package jp.go.jica.approval.security;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Keeps the client address of the request being served, so that a password check deep inside the engine
 * (engine REST, the webapps' login, the platform's {@code /api}) knows which source it throttles.
 * {@code X-Forwarded-For} is believed only from the proxies named in {@code approval.security.login.trusted-proxies}:
 * anyone else could write any address there and escape the per-source throttle.
 */
class ClientAddressFilter implements Filter {

  /** The source of password checks made outside an HTTP request (the platform's own Java code). */
  static final String NO_REQUEST = "(内部処理)";
  // Addresses have at most 45 characters (IPv6); a longer header value must not grow the throttle's keys.
  private static final int MAX_ADDRESS = 64;
  private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

  private final Set<String> trustedProxies;

  ClientAddressFilter(List<String> trustedProxies) {
    this.trustedProxies = Set.copyOf(trustedProxies);
  }

  /** The client address of the request this thread serves, or {@link #NO_REQUEST}. */
  static String current() {
    String address = CURRENT.get();
    return address == null ? NO_REQUEST : address;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String previous = CURRENT.get();
    CURRENT.set(request instanceof HttpServletRequest http ? clientAddress(http) : request.getRemoteAddr());
    try {
      chain.doFilter(request, response);
    } finally {
      // A forward or error dispatch runs inside the outer request on the same thread: give its value back.
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    }
  }

  String clientAddress(HttpServletRequest request) {
    String peer = request.getRemoteAddr();
    if (!trustedProxies.contains(peer)) {
      return peer;
    }
    List<String> hops = new ArrayList<>();
    for (String header : Collections.list(request.getHeaders("X-Forwarded-For"))) {
      for (String hop : header.split(",")) {
        hops.add(hop.trim());
      }
    }
    // Each proxy appends the address it was called from, so the rightmost address that is not one of our
    // proxies is the client; whatever stands left of it was written by the client itself.
    for (int i = hops.size() - 1; i >= 0; i--) {
      String hop = hops.get(i);
      if (!trustedProxies.contains(hop)) {
        return hop.isEmpty() ? peer : hop.substring(0, Math.min(hop.length(), MAX_ADDRESS));
      }
    }
    return peer;
  }
}
