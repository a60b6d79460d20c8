-- Who deployed what and when, whichever way it arrived (browser editor, Camunda Modeler, start-up).
create table apr_deployment_log (
  deployment_id   varchar(64)   not null primary key,
  deployment_name varchar(255),
  source          varchar(255),
  resources       varchar(2000) not null,
  deployed_by     varchar(255)  not null,
  deployed_at     timestamp     not null
);
create index apr_deployment_log_at on apr_deployment_log (deployed_at);
