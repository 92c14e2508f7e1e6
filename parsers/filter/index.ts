// The display-filter language: one implementation shared by the CLI (--filter) and the app's filter bar.
export { compileFilter, type RecordPredicate } from './compile';
export { parseFilter, type FilterNode } from './parser';
export { FilterSyntaxError } from './lexer';
export { completeFilter, type Completion } from './complete';
export { FIELDS, FIELD_BY_NAME, PROTOCOL_NAMES, type FieldDef } from './fields';
