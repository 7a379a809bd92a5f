import React, { useRef, useState } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Button, Field, IconButton, Input, Stack, useStyles2 } from '@grafana/ui';
import {
  CauseStatus,
  CAUSE_STATUSES,
  FishboneCategory,
  FISHBONE_CATEGORIES,
  newId,
  readViewState,
  Worksheet,
} from '../../rca';
import { CitedChips } from './EvidenceList';
import { exportSvg, FishboneDiagram } from './FishboneDiagram';
import { UpdateWorksheet } from './useWorksheet';
import { getPageStyles } from '../styles';
import { testIds } from '../../testIds';

/** The Fishbone tab: the problem, the diagram, and the causes per category with their status and evidence. */
export function FishboneTab({
  worksheet,
  update,
  view,
}: {
  worksheet: Worksheet;
  update: UpdateWorksheet;
  view: ReturnType<typeof readViewState>;
}) {
  const svgRef = useRef<SVGSVGElement>(null);
  const page = useStyles2(getPageStyles);
  return (
    <div className={page.sections} data-testid={testIds.fishbone}>
      <p className={page.muted}>
        For a complex failure: brainstorm causes in every category, cite the evidence, then mark each confirmed or ruled
        out.
      </p>
      <Field label="Problem statement (the head of the fish)">
        <Input
          data-testid={testIds.fishboneProblem}
          value={worksheet.fishbone.problem}
          onChange={(event) => {
            const problem = event.currentTarget.value;
            update((w) => ({ ...w, fishbone: { ...w.fishbone, problem } }));
          }}
        />
      </Field>
      <FishboneDiagram ref={svgRef} fishbone={worksheet.fishbone} />
      <div>
        <Button
          icon="download-alt"
          variant="secondary"
          data-testid={testIds.fishboneExport}
          onClick={() => svgRef.current && exportSvg(svgRef.current, `fishbone-${worksheet.incident.id}.svg`)}
        >
          Export image (SVG)
        </Button>
      </div>
      <FishboneEditor worksheet={worksheet} update={update} focus={view.category} />
    </div>
  );
}

function FishboneEditor({
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
          data-testid={testIds.fishboneCategory(category)}
        >
          <legend className={styles.legend}>{category}</legend>
          {worksheet.fishbone.categories[category].map((cause) => (
            <div key={cause.id} className={styles.cause} data-testid={testIds.fishboneCause}>
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
                  data-testid={testIds.fishboneStatus}
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
                data-testid={testIds.fishboneNew(category)}
                onChange={(event) => setDrafts({ ...drafts, [category]: event.currentTarget.value })}
              />
              <Button
                type="submit"
                size="md"
                variant="secondary"
                icon="plus"
                data-testid={testIds.fishboneAdd(category)}
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

const getStyles = (theme: GrafanaTheme2) => ({
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
});
