// The study store's tables (DuckDB). One file per study; long format for series so SQL, pandas and R read
// them without pivots. JSON columns hold configs and points (query them with ->> and json_extract).

export const SCHEMA_VERSION = '1';

export const TABLES = ['runs', 'metrics', 'snapshots', 'summaries', 'events', 'sessions'] as const;
export type TableName = (typeof TABLES)[number];

export const DDL = [
  `CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)`,
  // One row per planned run. status: pending | running | completed | diverged | failed. ensemble: replicas in
  // the engine ensemble it ran in (1 = alone).
  `CREATE TABLE IF NOT EXISTS runs (
    run_id VARCHAR PRIMARY KEY,
    idx INTEGER,
    point JSON,
    seed BIGINT,
    steps BIGINT,
    config JSON,
    status VARCHAR,
    step_reached BIGINT,
    diverged_step BIGINT,
    diverged_reason VARCHAR,
    error VARCHAR,
    attempts INTEGER,
    worker VARCHAR,
    started_at TIMESTAMP,
    finished_at TIMESTAMP,
    wall_seconds DOUBLE,
    versions JSON,
    result_digest VARCHAR,
    ensemble INTEGER
  )`,
  // Every scalar of every evaluation: (run, step, metric) → value. NaN where a metric is undefined.
  `CREATE TABLE IF NOT EXISTS metrics (run_id VARCHAR, step BIGINT, name VARCHAR, value DOUBLE)`,
  // Arrays at snapshot steps (rateMaps [units, bins], si [units], params [n]), row-major.
  `CREATE TABLE IF NOT EXISTS snapshots (run_id VARCHAR, step BIGINT, name VARCHAR, shape INTEGER[], data DOUBLE[])`,
  `CREATE TABLE IF NOT EXISTS summaries (
    run_id VARCHAR,
    status VARCHAR,
    loss_first DOUBLE, loss_last DOUBLE, converged_at_step BIGINT,
    active_fraction_first DOUBLE, active_fraction_last DOUBLE,
    active_units_first DOUBLE, active_units_last DOUBLE,
    mean_si_first DOUBLE, mean_si_last DOUBLE,
    place_units_first DOUBLE, place_units_last DOUBLE,
    timescale DOUBLE,
    hessian_trace_first DOUBLE, hessian_trace_last DOUBLE,
    steps_per_second DOUBLE,
    summary JSON,
    derived JSON
  )`,
  // Latest checkpoint of each unfinished run (deleted when the run ends); internal, not exported.
  `CREATE TABLE IF NOT EXISTS checkpoints (run_id VARCHAR, step BIGINT, saved_at TIMESTAMP, data BLOB)`,
  `CREATE TABLE IF NOT EXISTS sessions (id INTEGER, started_at TIMESTAMP, ended_at TIMESTAMP, pid INTEGER, host VARCHAR, mode VARCHAR, workers INTEGER)`,
  // What happened, in order: started, checkpoint, completed/diverged/failed, interrupted, retry, duplicate.
  `CREATE SEQUENCE IF NOT EXISTS event_seq`,
  `CREATE TABLE IF NOT EXISTS events (seq BIGINT DEFAULT nextval('event_seq'), session INTEGER, happened_at TIMESTAMP, run_id VARCHAR, kind VARCHAR, worker VARCHAR, detail VARCHAR)`,
  `CREATE OR REPLACE VIEW results AS
    SELECT r.run_id, r.idx, r.point, r.seed, r.status, r.steps, r.step_reached, r.diverged_step, r.diverged_reason, r.error,
           s.* EXCLUDE (run_id, status, summary, derived), r.wall_seconds, r.ensemble, r.result_digest
    FROM runs r LEFT JOIN summaries s USING (run_id)`,
];
