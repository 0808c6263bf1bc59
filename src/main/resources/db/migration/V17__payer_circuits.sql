-- Each payer may say when it counts as down (issue 16): a flaky insurer is not a down one.
-- Null means the defaults (reception.coverage.insurer.circuit-*).
alter table payer
    add column circuit_failure_ratio  numeric(3, 2) check (circuit_failure_ratio between 0.1 and 1.0),
    add column circuit_volume         integer       check (circuit_volume between 4 and 500),
    add column circuit_delay_seconds  integer       check (circuit_delay_seconds between 1 and 3600);
