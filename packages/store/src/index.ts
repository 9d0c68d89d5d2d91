// @driftlab/store: A durable results store per study (DuckDB), with Parquet/CSV export.
export {};
