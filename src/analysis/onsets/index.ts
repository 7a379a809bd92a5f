export { rankOnsets } from './rankOnsets';
export type { Lane, Onset, OnsetDirection, OnsetOptions, OnsetShape } from './rankOnsets';
export {
  buildChangeSequence,
  DEFAULT_HORIZON_MS,
  EXONERATED_REASON,
  markSimultaneous,
  relateAnnotationsToOnsets,
  stepMidpoint,
  UNJUDGED_REASON,
} from './relate';
export type {
  AnnotationRelations,
  ChangeEvent,
  ChangeStep,
  EventRelation,
  EventStep,
  FollowingOnset,
  OnsetRelation,
  OnsetStep,
  PrecedingEvent,
  RelateOptions,
} from './relate';
