// Validation of an ODM export against the CDISC ODM 1.3.2 XML Schema (tests/fixtures/odm-1.3.2,
// see its README for source and licence) with xmllint-wasm, libxml2 compiled to WebAssembly.
import { readFileSync } from "node:fs";
import path from "node:path";
import { validateXML, memoryPages } from "xmllint-wasm";

const SCHEMA_DIR = path.resolve(import.meta.dirname, "../fixtures/odm-1.3.2");
const file = (name: string) => ({ fileName: name, contents: readFileSync(path.join(SCHEMA_DIR, name), "utf8") });

export async function odmSchemaErrors(xml: string): Promise<string[]> {
  const result = await validateXML({
    xml: [{ fileName: "export.xml", contents: xml }],
    schema: [file("ODM1-3-2.xsd")],
    preload: [file("ODM1-3-2-foundation.xsd"), file("xml.xsd"), file("xmldsig-core-schema.xsd")],
    maxMemoryPages: 2 * memoryPages.GiB,
  });
  return result.valid ? [] : result.errors.map((error) => error.rawMessage);
}
