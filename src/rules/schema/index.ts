import type { Rule } from '../define.js';
import dialect from './dialect.js';
import idDuplicate from './id-duplicate.js';
import idMismatch from './id-mismatch.js';
import idProperty from './id-property.js';
import invalid from './invalid.js';
import payloadNotObject from './payload-not-object.js';
import refCycle from './ref-cycle.js';
import refOutsideRoot from './ref-outside-root.js';
import refRemote from './ref-remote.js';
import refUnresolved from './ref-unresolved.js';
import subjectFieldMissing from './subject-field-missing.js';
import timestampFormat from './timestamp-format.js';
import propertyDescription from './property-description.js';
import additionalPropertiesExplicit from './additional-properties-explicit.js';

const rules: Rule[] = [
  invalid,
  dialect,
  refUnresolved,
  refRemote,
  refOutsideRoot,
  refCycle,
  idDuplicate,
  idMismatch,
  payloadNotObject,
  idProperty,
  timestampFormat,
  subjectFieldMissing,
  propertyDescription,
  additionalPropertiesExplicit,
];
export default rules;
