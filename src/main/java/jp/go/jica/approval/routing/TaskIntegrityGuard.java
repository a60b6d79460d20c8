package jp.go.jica.approval.routing;

import static java.util.Map.entry;
import static jp.go.jica.approval.routing.CommandVariables.field;
import static jp.go.jica.approval.routing.CommandVariables.read;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.AbstractSetTaskPropertyCmd;
import org.camunda.bpm.engine.impl.cmd.AddCommentCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteProcessInstanceCommentCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteTaskCommentCmd;
import org.camunda.bpm.engine.impl.cmd.UpdateCommentCmd;
import org.camunda.bpm.engine.impl.cmd.AddGroupIdentityLinkCmd;
import org.camunda.bpm.engine.impl.cmd.AddUserIdentityLinkCmd;
import org.camunda.bpm.engine.impl.cmd.AssignTaskCmd;
import org.camunda.bpm.engine.impl.cmd.ClaimTaskCmd;
import org.camunda.bpm.engine.impl.cmd.CreateTaskCmd;
import org.camunda.bpm.engine.impl.cmd.DelegateTaskCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteGroupIdentityLinkCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteUserIdentityLinkCmd;
import org.camunda.bpm.engine.impl.cmd.HandleTaskBpmnErrorCmd;
import org.camunda.bpm.engine.impl.cmd.HandleTaskEscalationCmd;
import org.camunda.bpm.engine.impl.cmd.ResolveTaskCmd;
import org.camunda.bpm.engine.impl.cmd.SaveTaskCmd;
import org.camunda.bpm.engine.impl.cmd.SetTaskDescriptionCmd;
import org.camunda.bpm.engine.impl.cmd.SetTaskDueDateCmd;
import org.camunda.bpm.engine.impl.cmd.SetTaskNameCmd;
import org.camunda.bpm.engine.impl.cmd.SetTaskOwnerCmd;
import org.camunda.bpm.engine.impl.cmd.SetTaskPriorityCmd;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.persistence.entity.ExternalTaskEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.springframework.stereotype.Component;

/**
 * Integrity of every user task and every case, whatever the client (engine REST in either spelling,
 * Tasklist, the Java API), checked on the engine command itself:
 * <ul>
 *   <li>who holds a task changes only by the routing: no user (administrators included) sets the
 *       assignee or owner, delegates, resolves, adds or removes candidates, creates a task, or changes
 *       a task's fields other than its follow-up date, or ends a task by a BPMN error or escalation; a
 *       user claims only for themselves, and a task leaves its holder's hands only back to its candidates;</li>
 *   <li>employees write variables only by completing a task's form (checked against the form
 *       elsewhere), never directly, nor as the payload of a message, signal or external task;</li>
 *   <li>the applicant, the routing record, the register numbers and the duty holders, once written,
 *       are rewritten or removed by no user's command, administrators' and completions included.</li>
 * </ul>
 * No user means the platform itself (a timer, the job executor, a platform API), as does code running
 * in {@link PlatformOperation}. Runs after the command context opens, so it sees the task and the
 * variables the command will change.
 */
@Component
class TaskIntegrityGuard extends AbstractProcessEnginePlugin {

  /** Variables the platform writes once; none may be rewritten or removed by a user. Key: label shown. */
  static final Map<String, String> PROTECTED = Map.ofEntries(
      entry("applicant", "申請者（職員ID）"),
      entry("applicantName", "申請者"),
      entry("caseTitle", "申請（記録番号・申請者・要約）"),
      entry("decidedBy", "判断者"),
      entry("decidedAsDeputy", "代理の判断"),
      entry("assignee", "担当者"),
      entry("authorizer", "許可権限者"),
      entry("approver", "承認者"),
      entry("ledgerNumber", "台帳番号"),
      entry("registryNumber", "登録番号"),
      entry("permitNumber", "許可番号"),
      entry("logNumber", "記録番号"),
      entry("contractNumber", "契約番号"),
      entry("renewalOf", "更新元の台帳番号"),
      entry("renewalCount", "更新回数"),
      entry("renewalProcessInstanceId", "更新申請の案件"),
      entry("currentSnapshot", "審査対象の版"),
      entry("versionHistory", "版の履歴"),
      entry("confirmationDocumentVersion", "確認書の版"),
      entry("reportText", "報告内容"),
      entry("reportPeriod", "報告期間"),
      entry("cloudManager", "クラウドサービス管理者"),
      entry("contractOwner", "委託契約の担当者"),
      entry("deviceManager", "端末管理責任者"),
      entry("sectionIso", "課等情報セキュリティ責任者"),
      entry("csirtHead", "CSIRT責任者"),
      entry("incidentNumber", "インシデント番号"),
      entry("responsibleIso", "対処する情報セキュリティ責任者"),
      entry("incidentHandler", "インシデントの担当者（CSIRT）"),
      entry("reportReviewer", "報告の確認者"),
      entry("leaverCloser", "退職者の案件の終了確認者"),
      entry("ruleChangeId", "変更申請の番号"));
  /** Every variable whose name starts with this is part of the routing record (see {@link ApprovalRouter}). */
  static final String ROUTING_PREFIX = "routing";
  private static final Map<String, String> ROUTING_LABELS = Map.of(
      ApprovalRouter.DESIGNATED_ROLE, "指定の役割",
      ApprovalRouter.DESIGNATED_PERSON, "指定の許可権限者",
      ApprovalRouter.ASSIGNEE, "担当者（ルーティング）",
      ApprovalRouter.REASON, "ルーティング理由",
      ApprovalRouter.ARTICLE, "根拠条項");

  private static final String ROUTING_ONLY = "担当はルーティング（利益相反の申告、期限超過の回付、組織図の更新）で決まり、"
      + "管理者の付け替えは担当変更の機能（理由の記録と両者への通知つき）で行います（第16条）";

  /**
   * Commands that change who holds a task or what it is, or end it other than by its form; refused to every
   * user (claims, releases and the follow-up date as described on each check).
   */
  private static final Set<Class<?>> HOLDER_CHANGES = Set.of(
      AssignTaskCmd.class, SetTaskOwnerCmd.class, DelegateTaskCmd.class, ResolveTaskCmd.class,
      AddUserIdentityLinkCmd.class, AddGroupIdentityLinkCmd.class,
      DeleteUserIdentityLinkCmd.class, DeleteGroupIdentityLinkCmd.class,
      CreateTaskCmd.class, SaveTaskCmd.class, ClaimTaskCmd.class,
      SetTaskNameCmd.class, SetTaskDescriptionCmd.class, SetTaskPriorityCmd.class, SetTaskDueDateCmd.class,
      HandleTaskBpmnErrorCmd.class, HandleTaskEscalationCmd.class);
  /** Comments are part of the case record: nobody rewrites or removes one (the engine asks only for a task right). */
  private static final Set<Class<?>> COMMENT_REWRITES = Set.of(UpdateCommentCmd.class, DeleteTaskCommentCmd.class,
      DeleteProcessInstanceCommentCmd.class);

  private static final Field TASK_PROPERTY_TASK = field(AbstractSetTaskPropertyCmd.class, "taskId");
  private static final Field ASSIGN_USER = field(AssignTaskCmd.class, "userId");
  private static final Field CLAIM_TASK = field(ClaimTaskCmd.class, "taskId");
  private static final Field CLAIM_USER = field(ClaimTaskCmd.class, "userId");
  private static final Field SAVE_TASK = field(SaveTaskCmd.class, "task");
  private static final Field COMMENT_TASK = field(AddCommentCmd.class, "taskId");

  private final ApprovalCaseRepository cases;

  TaskIntegrityGuard(ApprovalCaseRepository cases) {
    this.cases = cases;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    // After the command context opens, so that the checks read what the command will change; on both
    // executors, as some commands run in a transaction of their own.
    configuration.setCustomPostCommandInterceptorsTxRequired(
        withGuard(configuration.getCustomPostCommandInterceptorsTxRequired(), configuration));
    configuration.setCustomPostCommandInterceptorsTxRequiresNew(
        withGuard(configuration.getCustomPostCommandInterceptorsTxRequiresNew(), configuration));
  }

  private List<CommandInterceptor> withGuard(List<CommandInterceptor> existing,
      ProcessEngineConfigurationImpl configuration) {
    List<CommandInterceptor> interceptors = new ArrayList<>(existing == null ? List.of() : existing);
    interceptors.add(0, new Interceptor(configuration));
    return interceptors;
  }

  private final class Interceptor extends CommandInterceptor {
    private final ProcessEngineConfigurationImpl configuration;

    Interceptor(ProcessEngineConfigurationImpl configuration) {
      this.configuration = configuration;
    }

    @Override
    public <T> T execute(Command<T> command) {
      boolean holder = HOLDER_CHANGES.contains(command.getClass());
      boolean comment = command instanceof AddCommentCmd || COMMENT_REWRITES.contains(command.getClass());
      CommandVariables.Writes writes = CommandVariables.of(command);
      if ((holder || comment || writes != null) && !PlatformOperation.active()) {
        Authentication user = configuration.getIdentityService().getCurrentAuthentication();
        // No user: the platform itself (a timer, the job executor, a platform API, a test's Java API call).
        if (user != null) {
          CommandContext context = Context.getCommandContext();
          boolean administrator = context.getAuthorizationManager().isCamundaAdmin(user);
          if (comment) {
            checkComment(command, user.getUserId(), administrator, context);
          }
          if (writes != null) {
            checkWrites(writes, user.getUserId(), administrator, context);
          }
          if (holder && checkHolderChange(command, user.getUserId(), administrator, context)) {
            return followUpByHolder(context, command);
          }
        }
      }
      return next.execute(command);
    }

    /**
     * The holder's own follow-up date: the engine would ask for the right to reassign the task (which
     * nobody is given), though nothing but that date changes, as checked before.
     */
    private <T> T followUpByHolder(CommandContext context, Command<T> command) {
      boolean checking = context.isAuthorizationCheckEnabled();
      context.disableAuthorizationCheck();
      try {
        return next.execute(command);
      } finally {
        if (checking) {
          context.enableAuthorizationCheck();
        }
      }
    }
  }

  /**
   * A comment is added by the task's holder (or an administrator) to that task only, and never rewritten or
   * removed: the engine lets anyone with a start right comment on any case, read or not.
   */
  private static void checkComment(Object command, String user, boolean administrator, CommandContext context) {
    if (COMMENT_REWRITES.contains(command.getClass())) {
      throw new AuthorizationException("コメントは案件の記録の一部のため、変更・削除できません（利用者: " + user + "）");
    }
    String taskId = (String) read(COMMENT_TASK, command);
    TaskEntity task = taskId == null ? null : context.getTaskManager().findTaskById(taskId);
    if (!administrator && (task == null || !user.equals(task.getAssignee()))) {
      throw new AuthorizationException("コメントは自分が担当するタスクにだけ書けます（利用者: " + user + "）");
    }
  }

  /**
   * Refuses a change of who holds a task or of what it is.
   *
   * @return whether the command is the holder setting the task's follow-up date, and nothing else
   */
  private boolean checkHolderChange(Object command, String user, boolean administrator, CommandContext context) {
    if (command instanceof ClaimTaskCmd) {
      String claimant = (String) read(CLAIM_USER, command);
      TaskEntity task = context.getTaskManager().findTaskById((String) read(CLAIM_TASK, command));
      if (claimant == null) {
        checkRelease(task, user, administrator);
      } else if (!claimant.equals(user) && task != null && task.getAssignee() == null) {
        // A task someone else holds is refused by the engine as already claimed.
        throw new AuthorizationException("タスクは自分で引き受けるものです。「" + claimant + "」の代わりに引き受けることは"
            + "できません。" + ROUTING_ONLY + "（利用者: " + user + "）");
      }
      return false;
    }
    if (command instanceof AssignTaskCmd && read(ASSIGN_USER, command) == null) {
      // Engine REST's unclaim is a set-assignee to nobody.
      checkRelease(context.getTaskManager().findTaskById((String) read(TASK_PROPERTY_TASK, command)), user,
          administrator);
      return false;
    }
    if (command instanceof CreateTaskCmd) {
      throw new AuthorizationException("タスクは申請（プロセス）からだけ作られます。単独のタスクは作成できません（利用者: "
          + user + "）");
    }
    if (command instanceof SaveTaskCmd) {
      return checkSave((TaskEntity) read(SAVE_TASK, command), user, context);
    }
    if (command instanceof HandleTaskBpmnErrorCmd || command instanceof HandleTaskEscalationCmd) {
      // No process catches either at a user task: the engine would end the case silently, undecided and unrecorded.
      throw new AuthorizationException("タスクはフォームの完了（送信）で終えます。BPMN エラーやエスカレーションで"
          + "タスクを終えることはできません（利用者: " + user + "）");
    }
    String hint = "";
    if (command instanceof AssignTaskCmd assign) {
      hint = applicantHint((String) read(TASK_PROPERTY_TASK, assign), (String) read(ASSIGN_USER, assign), context);
    }
    throw new AuthorizationException("タスクの担当者・所有者・委任・候補者と、タスクの名前・説明・優先度・期限は"
        + "利用者が変更できません（管理者を含む）。" + ROUTING_ONLY + hint + "（利用者: " + user + "）");
  }

  /** Art. 16-1 in the refusal when someone tries to hand an approval to its applicant. */
  private String applicantHint(String taskId, String assignee, CommandContext context) {
    TaskEntity task = context.getTaskManager().findTaskById(taskId);
    if (task == null || assignee == null || task.getProcessInstanceId() == null
        || cases.currentDecision(taskId).isEmpty()) {
      return "";
    }
    return cases.findCase(task.getProcessInstanceId()).map(c -> c.get("applicant_id")).filter(assignee::equals)
        .map(a -> "。第16条第1項: 申請者本人（" + a + "）に自分の申請の承認タスクを割り当てることもできません").orElse("");
  }

  /** A task leaves its holder only back to its candidates, and only by the holder's (or an administrator's) hand. */
  private static void checkRelease(TaskEntity task, String user, boolean administrator) {
    if (task == null || task.getAssignee() == null) {
      return;
    }
    boolean candidates = task.getIdentityLinks().stream()
        .anyMatch(link -> IdentityLinkType.CANDIDATE.equals(link.getType()));
    if (!candidates) {
      throw new AuthorizationException("このタスクには候補者・候補グループがないため、担当を外すことはできません"
          + "（担当者のいないタスクになります）。" + ROUTING_ONLY + "（利用者: " + user + "）");
    }
    if (!administrator && !user.equals(task.getAssignee())) {
      throw new AuthorizationException("担当を外して候補者に戻せるのは担当者本人だけです（担当: " + task.getAssignee()
          + "、利用者: " + user + "）");
    }
  }

  /**
   * Engine REST's {@code PUT /task/{id}} sends the whole task back (Tasklist does so to set a follow-up
   * date): accepted when nothing but the follow-up date differs from the stored task.
   *
   * @return whether the user holds the task (and may therefore set its follow-up date)
   */
  private static boolean checkSave(TaskEntity task, String user, CommandContext context) {
    if (task == null) {
      return false;
    }
    if (task.getRevision() == 0) {
      throw new AuthorizationException("タスクは申請（プロセス）からだけ作られます。単独のタスクは作成できません（利用者: "
          + user + "）");
    }
    TaskEntity stored = context.getTaskManager().findTaskById(task.getId());
    if (stored == null) {
      return false;
    }
    List<String> changed = new ArrayList<>();
    compare(changed, "担当者", stored.getAssignee(), task.getAssignee());
    compare(changed, "所有者", stored.getOwner(), task.getOwner());
    compare(changed, "委任の状態", stored.getDelegationState(), task.getDelegationState());
    compare(changed, "名前", stored.getName(), task.getName());
    compare(changed, "説明", stored.getDescription(), task.getDescription());
    compare(changed, "優先度", stored.getPriority(), task.getPriority());
    compare(changed, "期限", time(stored.getDueDate()), time(task.getDueDate()));
    compare(changed, "親タスク", stored.getParentTaskId(), task.getParentTaskId());
    compare(changed, "ケース", stored.getCaseInstanceId(), task.getCaseInstanceId());
    compare(changed, "テナント", stored.getTenantId(), task.getTenantId());
    if (!changed.isEmpty()) {
      throw new AuthorizationException("タスクで変更できるのはフォローアップ日だけです（変更しようとした項目: "
          + String.join("、", changed) + "）。" + ROUTING_ONLY + "（利用者: " + user + "）");
    }
    return user.equals(stored.getAssignee());
  }

  private static void compare(List<String> changed, String label, Object stored, Object sent) {
    if (!Objects.equals(stored, sent)) {
      changed.add(label);
    }
  }

  private static Long time(Date date) {
    return date == null ? null : date.getTime();
  }

  private static void checkWrites(CommandVariables.Writes writes, String user, boolean administrator,
      CommandContext context) {
    if (!administrator && (writes.kind() == CommandVariables.Kind.DIRECT
        || writes.kind() == CommandVariables.Kind.CARRIED && !writes.names().isEmpty())) {
      throw new AuthorizationException("案件とタスクの変数は、タスクのフォームを完了（送信）することでだけ変更できます。"
          + "変数の直接の設定・変更・削除や、メッセージ・シグナル・外部タスクに付けた変数は受け付けません（利用者: " + user + "）");
    }
    List<String> names = writes.names().stream().filter(TaskIntegrityGuard::isProtected).sorted().toList();
    if (names.isEmpty()) {
      return;
    }
    if (writes.target() == CommandVariables.Target.UNKNOWN) {
      throw new AuthorizationException(labels(names) + "は一度記録されると変更・削除できません（管理者を含む）。"
          + "対象の案件を特定できない操作（一括設定、宛先を指定しないメッセージ・シグナル、移行）では指定できません"
          + "（利用者: " + user + "）");
    }
    VariableScope scope = scope(writes, context);
    if (scope == null) {
      return; // no such task or execution: the engine answers that itself
    }
    List<String> recorded = names.stream().filter(name -> hasValue(scope, name)).toList();
    if (!recorded.isEmpty()) {
      throw new AuthorizationException(labels(recorded) + "は記録済みのため、変更・削除できません（管理者を含む）。"
          + "申請者とルーティングの記録（第16条）、台帳・登録簿の番号、担当の役割は記録した時点のまま残します（利用者: "
          + user + "）");
    }
  }

  static boolean isProtected(String name) {
    return PROTECTED.containsKey(name) || name.startsWith(ROUTING_PREFIX);
  }

  private static String labels(List<String> names) {
    return names.stream().map(name -> "「" + PROTECTED.getOrDefault(name, ROUTING_LABELS.getOrDefault(name,
        "ルーティングの記録")) + "」（" + name + "）").collect(Collectors.joining("、"));
  }

  private static boolean hasValue(VariableScope scope, String name) {
    Object value = scope.getVariable(name);
    return value != null && !(value instanceof String text && text.isBlank());
  }

  private static VariableScope scope(CommandVariables.Writes writes, CommandContext context) {
    if (writes.id() == null) {
      return null;
    }
    return switch (writes.target()) {
      case TASK -> context.getTaskManager().findTaskById(writes.id());
      case EXECUTION -> context.getExecutionManager().findExecutionById(writes.id());
      case EXTERNAL_TASK -> {
        ExternalTaskEntity task = context.getExternalTaskManager().findExternalTaskById(writes.id());
        yield task == null ? null : task.getExecution();
      }
      case UNKNOWN -> null;
    };
  }
}
