import React, { useState } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Button, Field, Icon, IconButton, Input, Stack, TextArea, useStyles2, useTheme2 } from '@grafana/ui';
import { KIND_ICON, KIND_LABEL, kindColor } from '../../components/annotationKinds';
import { AnnotationKind } from '../../data/annotations';
import {
  CauseStatus,
  CAUSE_STATUSES,
  citedEvidenceIds,
  EvidenceItem,
  FishboneCategory,
  FISHBONE_CATEGORIES,
  formatOffset,
  lintBlame,
  newId,
  Worksheet,
} from '../../rca';

export type UpdateWorksheet = (change: (worksheet: Worksheet) => Worksheet) => void;

/** A target a piece of evidence can be cited in: a why, or a fishbone cause. */
type CiteTarget =
  { type: 'why'; id: string; label: string } | { type: 'cause'; category: FishboneCategory; id: string; label: string };

function citeTargets(worksheet: Worksheet): CiteTarget[] {
  const targets: CiteTarget[] = worksheet.whys.map((why, index) => ({
    type: 'why',
    id: why.id,
    label: `Why ${index + 1}: ${why.why || '…'}`,
  }));
  for (const category of FISHBONE_CATEGORIES) {
    for (const cause of worksheet.fishbone.categories[category]) {
      targets.push({ type: 'cause', category, id: cause.id, label: `${category}: ${cause.text}` });
    }
  }
  return targets;
}

/** Pins the evidence into the worksheet (if computed) and adds it to the target's citations. */
export function cite(worksheet: Worksheet, item: EvidenceItem, target: CiteTarget): Worksheet {
  const evidence = worksheet.evidence.some((other) => other.id === item.id)
    ? worksheet.evidence
    : [...worksheet.evidence, item];
  const add = (ids: string[]) => (ids.includes(item.id) ? ids : [...ids, item.id]);
  if (target.type === 'why') {
    return {
      ...worksheet,
      evidence,
      whys: worksheet.whys.map((why) => (why.id === target.id ? { ...why, evidenceIds: add(why.evidenceIds) } : why)),
    };
  }
  const causes = worksheet.fishbone.categories[target.category].map((cause) =>
    cause.id === target.id ? { ...cause, evidenceIds: add(cause.evidenceIds) } : cause
  );
  return {
    ...worksheet,
    evidence,
    fishbone: { ...worksheet.fishbone, categories: { ...worksheet.fishbone.categories, [target.category]: causes } },
  };
}

export function EvidenceList({
  items,
  worksheet,
  update,
  selected,
  onSelect,
  incidentStart,
}: {
  items: EvidenceItem[];
  worksheet: Worksheet;
  update: UpdateWorksheet;
  selected: string[];
  onSelect: (ids: string[]) => void;
  incidentStart: number;
}) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const [citing, setCiting] = useState<string>();
  const cited = citedEvidenceIds(worksheet);
  const targets = citeTargets(worksheet);
  return (
    <ul className={styles.list}>
      {items.map((item) => {
        const kind = (item.kind ?? 'other') as AnnotationKind;
        const isSelected = selected.includes(item.id);
        return (
          <li
            key={item.id}
            className={isSelected ? styles.selected : styles.item}
            data-testid="driftline-evidence-item"
            data-evidence-id={item.id}
            data-evidence-type={item.type}
            data-kind={item.kind}
            data-time={item.time}
            data-exonerated={item.exonerated ? 'true' : undefined}
          >
            <Stack gap={1} alignItems="center" wrap="wrap">
              <input
                type="checkbox"
                aria-label={`Select ${item.title}`}
                checked={isSelected}
                onChange={() => onSelect(isSelected ? selected.filter((id) => id !== item.id) : [...selected, item.id])}
              />
              {item.type === 'change' ? (
                <Icon
                  name={KIND_ICON[kind] ?? 'comment-alt'}
                  style={{ color: kindColor(theme, kind) }}
                  title={KIND_LABEL[kind]}
                />
              ) : (
                <Icon name={item.type === 'drift' ? 'chart-line' : 'arrow-up'} />
              )}
              {item.time !== undefined && (
                <span className={styles.offset}>{formatOffset(item.time - incidentStart)}</span>
              )}
              <span className={styles.title}>{item.title}</span>
              {item.detail && <span className={styles.detail}>{item.detail}</span>}
              {item.exonerated && <span className={styles.badge}>exonerated</span>}
              {cited.has(item.id) && <span className={styles.badge}>cited</span>}
              {item.link && (
                <a href={item.link} className={styles.link} data-testid="driftline-evidence-link">
                  View panel <Icon name="external-link-alt" size="sm" />
                </a>
              )}
              <Button
                size="sm"
                variant="secondary"
                icon="link"
                aria-expanded={citing === item.id}
                onClick={() => setCiting(citing === item.id ? undefined : item.id)}
                data-testid="driftline-evidence-cite"
              >
                Cite
              </Button>
            </Stack>
            {citing === item.id && (
              <div className={styles.targets} role="group" aria-label="Cite in">
                {targets.length === 0 && (
                  <span className={styles.detail}>Add a why or a fishbone cause first, then cite this in it.</span>
                )}
                {targets.map((target) => (
                  <Button
                    key={target.id}
                    size="sm"
                    variant="secondary"
                    fill="outline"
                    data-testid="driftline-evidence-cite-target"
                    onClick={() => {
                      update((current) => cite(current, item, target));
                      setCiting(undefined);
                    }}
                  >
                    {target.label}
                  </Button>
                ))}
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function CitedChips({
  ids,
  worksheet,
  onRemove,
}: {
  ids: string[];
  worksheet: Worksheet;
  onRemove: (id: string) => void;
}) {
  const styles = useStyles2(getStyles);
  if (ids.length === 0) {
    return null;
  }
  const titles = new Map(worksheet.evidence.map((item) => [item.id, item]));
  return (
    <Stack gap={0.5} wrap="wrap">
      {ids.map((id) => (
        <span key={id} className={styles.chip} data-testid="driftline-cited-chip">
          {titles.get(id)?.link ? (
            <a href={titles.get(id)!.link}>{titles.get(id)!.title}</a>
          ) : (
            (titles.get(id)?.title ?? id)
          )}
          <IconButton
            name="times"
            size="sm"
            aria-label={`Remove citation ${titles.get(id)?.title ?? id}`}
            onClick={() => onRemove(id)}
          />
        </span>
      ))}
    </Stack>
  );
}

export function WhysEditor({ worksheet, update }: { worksheet: Worksheet; update: UpdateWorksheet }) {
  const styles = useStyles2(getStyles);
  const setWhys = (change: (whys: Worksheet['whys']) => Worksheet['whys']) =>
    update((w) => ({ ...w, whys: change(w.whys) }));
  const move = (index: number, by: number) =>
    setWhys((whys) => {
      const next = [...whys];
      const [moved] = next.splice(index, 1);
      next.splice(index + by, 0, moved);
      return next;
    });
  return (
    <div data-testid="driftline-whys">
      <p className={styles.help}>
        For a linear failure: ask why the symptom happened, answer with what the evidence shows, and ask why again until
        you reach a cause you can fix in the system (usually about five times).
      </p>
      {worksheet.whys.length === 0 && <p className={styles.help}>No whys yet.</p>}
      <ol className={styles.whys}>
        {worksheet.whys.map((why, index) => (
          <li key={why.id} className={styles.item} data-testid="driftline-why">
            <Stack gap={1} wrap="wrap" alignItems="flex-start">
              <Field label={`Why ${index + 1}?`} className={styles.grow}>
                <Input
                  data-testid="driftline-why-question"
                  value={why.why}
                  onChange={(event) => {
                    const value = event.currentTarget.value;
                    setWhys((whys) => whys.map((other) => (other.id === why.id ? { ...other, why: value } : other)));
                  }}
                />
              </Field>
              <Field label="Because" className={styles.grow}>
                <Input
                  data-testid="driftline-why-because"
                  value={why.because}
                  onChange={(event) => {
                    const value = event.currentTarget.value;
                    setWhys((whys) =>
                      whys.map((other) => (other.id === why.id ? { ...other, because: value } : other))
                    );
                  }}
                />
              </Field>
              <Stack gap={0.5}>
                <IconButton
                  name="arrow-up"
                  aria-label={`Move why ${index + 1} up`}
                  disabled={index === 0}
                  onClick={() => move(index, -1)}
                  data-testid="driftline-why-up"
                />
                <IconButton
                  name="arrow-down"
                  aria-label={`Move why ${index + 1} down`}
                  disabled={index === worksheet.whys.length - 1}
                  onClick={() => move(index, 1)}
                  data-testid="driftline-why-down"
                />
                <IconButton
                  name="trash-alt"
                  aria-label={`Remove why ${index + 1}`}
                  onClick={() => setWhys((whys) => whys.filter((other) => other.id !== why.id))}
                  data-testid="driftline-why-remove"
                />
              </Stack>
            </Stack>
            <BlameWarnings text={`${why.why}\n${why.because}`} />
            <CitedChips
              ids={why.evidenceIds}
              worksheet={worksheet}
              onRemove={(id) =>
                setWhys((whys) =>
                  whys.map((other) =>
                    other.id === why.id ? { ...other, evidenceIds: other.evidenceIds.filter((e) => e !== id) } : other
                  )
                )
              }
            />
          </li>
        ))}
      </ol>
      <Button
        icon="plus"
        variant="secondary"
        data-testid="driftline-why-add"
        onClick={() => {
          const previous = worksheet.whys[worksheet.whys.length - 1];
          setWhys((whys) => [
            ...whys,
            {
              id: newId('why'),
              why: previous?.because
                ? `Why ${previous.because.charAt(0).toLowerCase()}${previous.because.slice(1)}?`
                : '',
              because: '',
              evidenceIds: [],
            },
          ]);
        }}
      >
        Add why
      </Button>
    </div>
  );
}

export function FishboneEditor({
  worksheet,
  update,
  focus,
}: {
  worksheet: Worksheet;
  update: UpdateWorksheet;
  focus?: FishboneCategory;
}) {
  const styles = useStyles2(getStyles);
  const [drafts, setDrafts] = useState<Partial<Record<FishboneCategory, string>>>({});
  const setCauses = (
    category: FishboneCategory,
    change: (
      causes: Worksheet['fishbone']['categories'][FishboneCategory]
    ) => Worksheet['fishbone']['categories'][FishboneCategory]
  ) =>
    update((w) => ({
      ...w,
      fishbone: {
        ...w.fishbone,
        categories: { ...w.fishbone.categories, [category]: change(w.fishbone.categories[category]) },
      },
    }));
  return (
    <div className={styles.categories}>
      {FISHBONE_CATEGORIES.map((category) => (
        <fieldset
          key={category}
          className={focus === category ? styles.focused : styles.category}
          data-testid={`driftline-fishbone-category-${category}`}
        >
          <legend className={styles.legend}>{category}</legend>
          {worksheet.fishbone.categories[category].map((cause) => (
            <div key={cause.id} className={styles.cause} data-testid="driftline-fishbone-cause">
              <Stack gap={1} alignItems="center">
                <Input
                  aria-label={`${category} cause`}
                  value={cause.text}
                  onChange={(event) => {
                    const value = event.currentTarget.value;
                    setCauses(category, (causes) =>
                      causes.map((other) => (other.id === cause.id ? { ...other, text: value } : other))
                    );
                  }}
                />
                <select
                  aria-label={`Status of ${cause.text}`}
                  className={styles.select}
                  value={cause.status}
                  data-testid="driftline-fishbone-status"
                  onChange={(event) => {
                    const status = event.currentTarget.value as CauseStatus;
                    setCauses(category, (causes) =>
                      causes.map((other) => (other.id === cause.id ? { ...other, status } : other))
                    );
                  }}
                >
                  {CAUSE_STATUSES.map((status) => (
                    <option key={status} value={status}>
                      {status}
                    </option>
                  ))}
                </select>
                <IconButton
                  name="trash-alt"
                  aria-label={`Remove ${cause.text}`}
                  onClick={() => setCauses(category, (causes) => causes.filter((other) => other.id !== cause.id))}
                />
              </Stack>
              <CitedChips
                ids={cause.evidenceIds}
                worksheet={worksheet}
                onRemove={(id) =>
                  setCauses(category, (causes) =>
                    causes.map((other) =>
                      other.id === cause.id
                        ? { ...other, evidenceIds: other.evidenceIds.filter((e) => e !== id) }
                        : other
                    )
                  )
                }
              />
            </div>
          ))}
          <form
            onSubmit={(event) => {
              event.preventDefault();
              const text = (drafts[category] ?? '').trim();
              if (text) {
                setCauses(category, (causes) => [
                  ...causes,
                  { id: newId('cause'), text, status: 'open', evidenceIds: [] },
                ]);
                setDrafts({ ...drafts, [category]: '' });
              }
            }}
          >
            <Stack gap={1}>
              <Input
                aria-label={`New ${category} cause`}
                placeholder="A possible cause"
                value={drafts[category] ?? ''}
                data-testid={`driftline-fishbone-new-${category}`}
                onChange={(event) => setDrafts({ ...drafts, [category]: event.currentTarget.value })}
              />
              <Button
                type="submit"
                size="md"
                variant="secondary"
                icon="plus"
                data-testid={`driftline-fishbone-add-${category}`}
              >
                Add
              </Button>
            </Stack>
          </form>
        </fieldset>
      ))}
    </div>
  );
}

/** Inline blame-language warnings for a text, each with a blameless rewrite. */
export function BlameWarnings({ text }: { text: string }) {
  const styles = useStyles2(getStyles);
  const warnings = lintBlame(text);
  if (warnings.length === 0) {
    return null;
  }
  return (
    <ul className={styles.warnings} aria-live="polite">
      {warnings.map((warning) => (
        <li key={`${warning.start}-${warning.text}`} className={styles.warning} data-testid="driftline-blame-warning">
          <Icon name="exclamation-triangle" /> {warning.message} <em>{warning.suggestion}</em>
        </li>
      ))}
    </ul>
  );
}

/** A textarea with blame lint under it. */
export function LintedText({
  label,
  value,
  onChange,
  testId,
  description,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  testId: string;
  description?: string;
}) {
  return (
    <Field label={label} description={description}>
      <div>
        <TextArea
          rows={3}
          value={value}
          data-testid={testId}
          onChange={(event) => onChange(event.currentTarget.value)}
        />
        <BlameWarnings text={value} />
      </div>
    </Field>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  list: css({
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
  }),
  item: css({ padding: theme.spacing(1), borderBottom: `1px solid ${theme.colors.border.weak}` }),
  selected: css({
    padding: theme.spacing(1),
    borderBottom: `1px solid ${theme.colors.border.weak}`,
    background: theme.colors.action.selected,
  }),
  offset: css({ fontFamily: theme.typography.fontFamilyMonospace, color: theme.colors.text.secondary, minWidth: 90 }),
  title: css({ fontWeight: theme.typography.fontWeightMedium }),
  detail: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  badge: css({
    fontSize: theme.typography.bodySmall.fontSize,
    padding: theme.spacing(0, 0.5),
    borderRadius: theme.shape.radius.default,
    background: theme.colors.success.transparent,
    color: theme.colors.success.text,
  }),
  link: css({ color: theme.colors.text.link }),
  targets: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(0.5), marginTop: theme.spacing(1) }),
  chip: css({
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    padding: theme.spacing(0, 0.5, 0, 1),
    borderRadius: theme.shape.radius.pill,
    background: theme.colors.background.secondary,
    border: `1px solid ${theme.colors.border.weak}`,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  help: css({ color: theme.colors.text.secondary, maxWidth: 800 }),
  whys: css({ paddingLeft: theme.spacing(2) }),
  grow: css({ flex: 1, minWidth: 240, marginBottom: 0 }),
  categories: css({
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(320px, 1fr))',
    gap: theme.spacing(2),
  }),
  category: css({
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(1),
  }),
  focused: css({
    border: `2px solid ${theme.colors.primary.border}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(1),
  }),
  legend: css({ fontSize: theme.typography.h5.fontSize, padding: theme.spacing(0, 0.5) }),
  cause: css({ marginBottom: theme.spacing(1) }),
  select: css({
    height: theme.spacing(4),
    background: theme.components.input.background,
    color: theme.components.input.text,
    border: `1px solid ${theme.components.input.borderColor}`,
    borderRadius: theme.shape.radius.default,
  }),
  warnings: css({ listStyle: 'none', margin: theme.spacing(0.5, 0), padding: 0 }),
  warning: css({ color: theme.colors.warning.text, fontSize: theme.typography.bodySmall.fontSize }),
});
