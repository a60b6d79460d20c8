-- The figures to check a restored database against (docs/operations.md, "Backup and restore"):
-- psql --dbname=approval -f backup-check.sql. BackupRestoreOnPostgresTest runs these statements on the source and
-- on the restored database and expects the same answers.
-- open tasks by process and holder
select d.key_, t.assignee_, count(*) from act_ru_task t join act_re_procdef d on d.id_ = t.proc_def_id_
  group by 1, 2 order by 1, 2;
-- jobs by kind (timers, mail, due dates, history cleanup)
select handler_type_, count(*) from act_ru_job group by 1 order by 1;
-- register lines
select 'exceptions', count(*) from apr_exception_ledger union all select 'cloud', count(*) from apr_cloud_service
  union all select 'contracts', count(*) from apr_contract union all select 'byod', count(*) from apr_byod_permit
  union all select 'media', count(*) from apr_media_carry_out union all select 'incidents', count(*) from apr_incident;
-- cases started and ended
select (select count(*) from apr_case), (select count(*) from apr_case_end);
-- the last migration
select version, description from flyway_schema_history where success order by installed_rank desc limit 1;
