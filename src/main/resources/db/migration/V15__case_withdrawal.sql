-- 取下げ: the applicant's withdrawal of an undecided request, with when and why (issue 15).
alter table apr_case add column withdrawn_at timestamp;
alter table apr_case add column withdrawal_reason varchar(500);
