// Minimal JSON-schema typing (we validate with ajv, draft 2020-12).
export type JSONSchemaType = Record<string, unknown>;
