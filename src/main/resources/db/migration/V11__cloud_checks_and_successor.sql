-- Cloud services (issue 14): what the articles require before approval and after it, in the registry itself.

-- Art. 62-1: the isso's judgement of the use against the cloud service use criteria (クラウドサービス利用判断基準).
alter table apr_cloud_service add column use_judgement varchar(4000);
alter table apr_cloud_service add column use_judged_at timestamp;
-- Art. 63: the security requirements in the procurement specification and the contract, confirmed before approval.
alter table apr_cloud_service add column procurement_documents varchar(1000);
alter table apr_cloud_service add column procurement_confirmed_at timestamp;
-- Art. 66: the cloud-manager's security requirements for the use.
alter table apr_cloud_service add column use_requirements varchar(4000);
alter table apr_cloud_service add column use_requirements_at timestamp;
-- Art. 67-1: the measures taken when the system was built, as checked and recorded by the cloud-manager.
alter table apr_cloud_service add column build_measures varchar(4000);
alter table apr_cloud_service add column build_measures_at timestamp;
-- Art. 68-2: each change that updated the information-system ledger.
alter table apr_cloud_service add column system_ledger_revision integer default 0 not null;
alter table apr_cloud_service add column system_ledger_updated_at timestamp;
alter table apr_cloud_service add column system_ledger_change varchar(4000);
-- Art. 20-2: who holds the cloud-manager duty now, since when, and who named them.
alter table apr_cloud_service add column cloud_manager_since timestamp;
alter table apr_cloud_service add column cloud_manager_named_by varchar(255);
update apr_cloud_service set cloud_manager_since = approved_at, cloud_manager_named_by = authorizer_name
  where cloud_manager_id is not null;
