// @driftlab/recordings: Importers that turn recorded neural data (Ziv-lab layout, generic CSV, NWB) into Recordings.
export {};
