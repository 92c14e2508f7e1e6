// Safe XML for the XML-bodied protocols: bounded parsing (safeXml.ts, prescan.ts, text.ts), the JSON
// convention with namespace resolution and schema validation (walk.ts, simpleTypes.ts), and the compact
// schema model written by tools/gen-xsd (schemaModel.ts).
export { DEFAULT_XML_LIMITS, parseXml, elementName, elementAttrs, elementChildren, nodeText, decodeRefs } from './safeXml';
export type { FxpNode, XmlLimits, XmlParseResult } from './safeXml';
export { compileSchema, convertXml } from './walk';
export type { CompiledSchema, ConvertOptions, ConvertResult } from './walk';
export type { SchemaData } from './schemaModel';
export { prescanXml, lineColumn } from './prescan';
