package jp.go.jica.approval;

import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ExecutorConfigurationSupport;
import org.springframework.stereotype.Component;

/**
 * On shutdown, stops Camunda's job acquisition once the web server has finished its requests and
 * before the job threads pause: a job acquired later would stay locked, unrun, for the lock time.
 */
@Component
class JobAcquisitionStop implements SmartLifecycle {

  /**
   * After Spring Boot's graceful shutdown (DEFAULT_PHASE - 1024) and web server stop (- 2048), before the
   * job thread pool pauses and waits for running jobs ({@link ExecutorConfigurationSupport#DEFAULT_PHASE}).
   */
  static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

  private final ObjectProvider<JobExecutor> jobExecutor;
  private volatile boolean running;

  JobAcquisitionStop(ObjectProvider<JobExecutor> jobExecutor) {
    this.jobExecutor = jobExecutor;
  }

  @Override
  public void start() {
    // Camunda starts the job executor itself, once the engine is up.
    running = true;
  }

  @Override
  public void stop() {
    // shutdown() waits for the acquisition thread; the engine's close later finds it stopped.
    jobExecutor.ifAvailable(JobExecutor::shutdown);
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
