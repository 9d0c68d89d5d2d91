// @driftlab/store: a durable results store per study (DuckDB), with Parquet/CSV export.
export * from './schema';
export * from './study-store';
export * from './export';
