/** Metrics for Prometheus, health for the load balancer and the orchestrator, and the context of every log line. */
@org.springframework.lang.NonNullApi
@org.springframework.modulith.ApplicationModule(allowedDependencies = {})
package jp.go.jica.approval.operations;
