-- Art. 145-3 / 108-4: the isso's permission for an internal-network connection, and who actually decided each step
-- (the designated holder may have been skipped for a conflict or absence).
alter table apr_byod_permit add column device_manager_decided_by varchar(64);
alter table apr_byod_permit add column section_iso_decided_by varchar(64);
alter table apr_byod_permit add column isso_decided_by varchar(64);
-- Art. 97-2 / 146-1: the employee's acknowledgement of the usage procedure.
alter table apr_byod_permit add column procedure_acknowledged_at timestamp;
-- Art. 29-2 / 29-3: the CSIRT's evaluation of a lost medium and when the CISO was informed.
alter table apr_media_carry_out add column incident_assessment varchar(32);
alter table apr_media_carry_out add column incident_assessed_by varchar(64);
alter table apr_media_carry_out add column ciso_informed_at timestamp;
