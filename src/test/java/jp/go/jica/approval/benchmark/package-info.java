/** The approval benchmark: a command (not a test) that measures the platform against the bare engine. */
package jp.go.jica.approval.benchmark;
