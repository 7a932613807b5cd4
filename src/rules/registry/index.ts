import type { Rule } from '../define.js';
import consumerUnknown from './consumer-unknown.js';
import contractUnknown from './contract-unknown.js';
import deprecatedConsumed from './deprecated-consumed.js';
import eventTypeName from './event-type-name.js';
import flowHandover from './flow-handover.js';
import flowProducer from './flow-producer.js';
import flowUnknown from './flow-unknown.js';
import idKindPrefixDuplicate from './id-kind-prefix-duplicate.js';
import missing from './missing.js';
import payloadDuplicate from './payload-duplicate.js';
import payloadMisplaced from './payload-misplaced.js';
import payloadMissing from './payload-missing.js';
import payloadUnregistered from './payload-unregistered.js';
import producerUnknown from './producer-unknown.js';
import shape from './shape.js';
import subjectUnknown from './subject-unknown.js';
import systemActorDomain from './system-actor-domain.js';
import versionSequence from './version-sequence.js';

const rules: Rule[] = [
  missing,
  shape,
  eventTypeName,
  contractUnknown,
  producerUnknown,
  subjectUnknown,
  systemActorDomain,
  idKindPrefixDuplicate,
  versionSequence,
  payloadMissing,
  payloadUnregistered,
  payloadMisplaced,
  payloadDuplicate,
  consumerUnknown,
  deprecatedConsumed,
  flowUnknown,
  flowProducer,
  flowHandover,
];
export default rules;
