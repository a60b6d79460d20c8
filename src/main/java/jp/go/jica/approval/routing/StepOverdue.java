package jp.go.jica.approval.routing;

import java.util.Date;

/**
 * Published in the overdue job's transaction when a step passed its due date and its holder (and the copy, if
 * any) were mailed, so a process that keeps its own timeline records it with the mails.
 *
 * @param copiedTo who was told besides the holder (the superior or the chief-iso), or {@code null}
 */
public record StepOverdue(String processInstanceId, String taskId, String taskDefinitionKey, String taskName,
    String holder, String copiedTo, Date due) {
}
