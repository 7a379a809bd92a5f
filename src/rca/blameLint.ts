/**
 * Blame-language lint for post-mortems. A blameless post-mortem names systems, conditions and decisions,
 * not people, as causes: people acted reasonably on what they knew, and the question is why the system
 * let the failure through. This finds the phrasings that put a person in the cause position and suggests
 * a blameless rewrite. It is a hint for the writer, never a gate.
 */

export interface BlameWarning {
  /** Character offsets in the checked text: [start, end). */
  start: number;
  end: number;
  /** The matched words. */
  text: string;
  message: string;
  suggestion: string;
}

/**
 * Words that make a subject a system, not a person: "the deploy caused", "the config change broke".
 * A capitalised word after one of these is part of a system name ("the Kafka consumer").
 */
const SYSTEM_WORDS = new Set(
  [
    'the',
    'a',
    'an',
    'this',
    'that',
    'its',
    'our',
    'deploy',
    'deployment',
    'release',
    'rollout',
    'rollback',
    'change',
    'config',
    'configuration',
    'migration',
    'upgrade',
    'update',
    'pipeline',
    'job',
    'service',
    'model',
    'version',
    'feature',
    'flag',
    'schema',
    'query',
    'script',
    'bug',
    'code',
    'commit',
    'patch',
    'autoscaler',
    'cluster',
    'node',
    'pod',
    'replica',
    'replicas',
    'database',
    'cache',
    'queue',
    'traffic',
    'campaign',
    'load',
    'spike',
    'storm',
    'gc',
    'memory',
    'cpu',
    'gpu',
    'network',
    'outage',
    'dependency',
    'it',
    'which',
    'what',
    'backfill',
    'alert',
    'timeout',
    'retry',
    'retries',
    'input',
    'inputs',
    'data',
    'drift',
    'api',
    'server',
    'system',
    'process',
    'runbook',
    'test',
    'tests',
    'check',
    'limit',
    'threshold',
    'default',
    'field',
  ].map((word) => word.toLowerCase())
);

/** Pronouns and role words that point at people. */
const PERSON_WORDS = new Set(
  [
    'he',
    'she',
    'they',
    'someone',
    'somebody',
    'nobody',
    'engineer',
    'engineers',
    'developer',
    'developers',
    'operator',
    'operators',
    'admin',
    'sre',
    'on-call',
    'oncall',
    'intern',
    'team',
    'dev',
    'devs',
    'i',
    'we',
  ].map((word) => word.toLowerCase())
);

const CAUSAL_VERBS = 'caused|broke|broken|messed up|screwed up|forgot|ignored|missed|neglected|botched|blew up';

interface Rule {
  pattern: RegExp;
  /** Decides, from the match and the text, whether it is about a person (and so a warning). */
  about?: (match: RegExpExecArray, text: string) => boolean;
  message: (match: RegExpExecArray) => string;
  suggestion: (match: RegExpExecArray) => string;
}

/** The word just before `index` (lowercase), skipping spaces. */
function wordBefore(text: string, index: number): string {
  const before = text.slice(0, index).match(/([\p{L}\p{N}@'’_.-]+)\s*$/u);
  return before ? before[1].toLowerCase() : '';
}

/** Whether a subject names a person: an @mention, a person word, or a capitalised name not after a system word. */
function isPersonSubject(subject: string, text: string, subjectStart: number): boolean {
  const word = subject.toLowerCase();
  if (subject.startsWith('@')) {
    return true;
  }
  if (PERSON_WORDS.has(word)) {
    return true;
  }
  if (SYSTEM_WORDS.has(word)) {
    return false;
  }
  const isName = /^\p{Lu}[\p{Ll}'’-]+$/u.test(subject);
  if (!isName) {
    return false;
  }
  const previous = wordBefore(text, subjectStart);
  // "the Kafka consumer caused": a capitalised word inside a system's name.
  if (SYSTEM_WORDS.has(previous)) {
    return false;
  }
  // A capitalised word that starts a sentence is only a name when it is not a common system word.
  return !SYSTEM_WORDS.has(word);
}

const RULES: Rule[] = [
  {
    // "@alice broke", "John caused", "he forgot", "the engineer ignored"
    pattern: new RegExp(
      `(@[\\w.-]+|\\b[\\p{L}][\\p{L}'’-]*)\\s+(?:(?:had|has|just|accidentally|clearly)\\s+)?(${CAUSAL_VERBS})\\b`,
      'giu'
    ),
    about: (match, text) => isPersonSubject(match[1], text, match.index),
    message: (match) => `“${match[1]} ${match[2]}” names a person as the cause.`,
    suggestion: (match) =>
      `Describe what the system allowed: e.g. “the change ${match[2] === 'caused' ? 'caused' : 'led to'} …, and nothing stopped it before production”.`,
  },
  {
    // "because of John", "due to @bob", "thanks to Alice"
    pattern:
      /\b(because of|due to|thanks to|blame(?:d)? (?:on)?)\s+(@[\w.-]+|\p{Lu}[\p{Ll}'’-]+|(?:the )?(?:engineer|operator|developer|intern|on-call|oncall|admin)s?)\b/giu,
    about: (match, text) => {
      const subject = match[2].replace(/^the /i, '');
      return isPersonSubject(subject, text, match.index + match[0].length - match[2].length) || /^the /i.test(match[2]);
    },
    message: (match) => `“${match[0]}” attributes the failure to a person.`,
    suggestion: () =>
      'Name the condition or decision point instead: “because the change was applied without a canary”.',
  },
  {
    pattern: /\b(human|operator|user|pilot|engineer) error\b/giu,
    message: (match) => `“${match[0]}” stops the analysis at a person.`,
    suggestion: () =>
      'Ask why the system made the error easy and its effect large: missing guardrail, unclear UI, no review.',
  },
  {
    pattern: /\b(careless(?:ly|ness)?|negligen(?:t|ce)|sloppy|lazy|incompeten(?:t|ce)|reckless(?:ly)?)\b/giu,
    message: (match) => `“${match[0]}” judges a person, not the system.`,
    suggestion: () => 'State what happened and what made it likely: time pressure, missing checklist, alert noise.',
  },
  {
    pattern: /\bshould(?:'ve| have) (known|noticed|checked|caught|seen|realized|realised|tested)\b/giu,
    message: (match) => `“${match[0]}” is hindsight bias: it judges a decision by an outcome nobody knew then.`,
    suggestion: () => 'Write what the person knew at the time and what would have surfaced the problem earlier.',
  },
  {
    pattern: /\b(failed to|forgot to|neglected to|didn't bother to|did not bother to)\b/giu,
    about: (match, text) => {
      const before = text.slice(0, match.index).match(/(@[\w.-]+|[\p{L}][\p{L}'’-]*)\s*$/u);
      return !!before && isPersonSubject(before[1], text, match.index - before[0].length);
    },
    message: (match) => `“${match[0]}” frames an outcome as a personal failing.`,
    suggestion: () => 'Describe the gap in the process: “the runbook had no step to …”, “no check verified …”.',
  },
];

function overlaps(a: BlameWarning, b: BlameWarning): boolean {
  return a.start < b.end && b.start < a.end;
}

/** The blame phrasings in a text, in order, without overlapping warnings. */
export function lintBlame(text: string): BlameWarning[] {
  const warnings: BlameWarning[] = [];
  for (const rule of RULES) {
    rule.pattern.lastIndex = 0;
    let match: RegExpExecArray | null;
    while ((match = rule.pattern.exec(text)) !== null) {
      if (rule.about && !rule.about(match, text)) {
        continue;
      }
      const warning: BlameWarning = {
        start: match.index,
        end: match.index + match[0].length,
        text: match[0],
        message: rule.message(match),
        suggestion: rule.suggestion(match),
      };
      if (!warnings.some((other) => overlaps(other, warning))) {
        warnings.push(warning);
      }
    }
  }
  return warnings.sort((a, b) => a.start - b.start);
}
