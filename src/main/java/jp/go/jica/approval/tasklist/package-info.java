/** What Tasklist offers the demo users from the first login: shared Japanese filters. */
@org.springframework.lang.NonNullApi
package jp.go.jica.approval.tasklist;
