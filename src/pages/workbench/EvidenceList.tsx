import React, { useState } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Button, Icon, IconButton, Stack, useStyles2, useTheme2 } from '@grafana/ui';
import { KIND_ICON, KIND_LABEL, kindColor } from '../../components/annotationKinds';
import { AnnotationKind } from '../../data/annotations';
import {
  citedEvidenceIds,
  EvidenceItem,
  FishboneCategory,
  FISHBONE_CATEGORIES,
  formatOffset,
  Worksheet,
} from '../../rca';
import { UpdateWorksheet } from './useWorksheet';
import { testIds } from '../../testIds';
import { stackedList } from '../../components/listStyles';

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
            data-testid={testIds.evidenceItem}
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
                <a href={item.link} className={styles.link} data-testid={testIds.evidenceLink}>
                  View panel <Icon name="external-link-alt" size="sm" />
                </a>
              )}
              <Button
                size="sm"
                variant="secondary"
                icon="link"
                aria-expanded={citing === item.id}
                onClick={() => setCiting(citing === item.id ? undefined : item.id)}
                data-testid={testIds.evidenceCite}
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
                    data-testid={testIds.evidenceCiteTarget}
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

export function CitedChips({
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
        <span key={id} className={styles.chip} data-testid={testIds.citedChip}>
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

const getStyles = (theme: GrafanaTheme2) => ({
  list: css(stackedList(theme)),
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
});
