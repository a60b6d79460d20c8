-- Art. 25-1 proviso: a post-facto notice filed later than "promptly" is accepted and marked 遅延.
alter table apr_exception_ledger add column notice_timeliness varchar(16);
