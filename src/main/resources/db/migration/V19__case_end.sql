-- When each case (process instance) ended, kept by the platform itself: Camunda's history of the case goes
-- after its time to live, while a register's retention (approval.registers.retention) counts from this.
create table apr_case_end (
  process_instance_id varchar(64)  not null primary key,
  process_key         varchar(255) not null,
  ended_at            timestamp    not null
);
