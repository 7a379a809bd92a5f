import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Button, Field, Input, Stack, TextArea, useStyles2 } from '@grafana/ui';
import {
  Detector,
  DRIFTLINE_PANELS,
  FailureMode,
  newId,
  rpn,
  ScoreField,
  SCORE_FIELDS,
  validateFailureMode,
} from '../../rca';
import { FormFooter } from '../FormFooter';
import { getPageStyles } from '../styles';
import { testIds } from '../../testIds';

export type Draft = Omit<FailureMode, 'severity' | 'occurrence' | 'detection'> & Record<ScoreField, string>;

export function toDraft(mode: FailureMode): Draft {
  return {
    ...mode,
    severity: String(mode.severity),
    occurrence: String(mode.occurrence),
    detection: String(mode.detection),
  };
}

function fromDraft(draft: Draft): FailureMode {
  return {
    ...draft,
    severity: Number(draft.severity),
    occurrence: Number(draft.occurrence),
    detection: Number(draft.detection),
  };
}

export const EMPTY_DRAFT = (): Draft => ({
  id: newId('fm'),
  mode: '',
  effect: '',
  cause: '',
  severity: '',
  occurrence: '',
  detection: '',
  actions: '',
  detectedBy: { type: 'panel', panel: 'driftline-drift-panel' },
});

/** The form of one failure mode: what fails, its effect and cause, the three scores, what detects it. */
export function FailureModeForm({
  draft,
  setDraft,
  onSave,
  onCancel,
}: {
  draft: Draft;
  setDraft: (draft: Draft) => void;
  onSave: (mode: FailureMode) => void;
  onCancel: () => void;
}) {
  const styles = useStyles2(getStyles);
  const page = useStyles2(getPageStyles);
  const problems = validateFailureMode(fromDraft(draft));
  const problemOf = (field: keyof FailureMode) => problems.find((problem) => problem.field === field)?.message;
  const draftTouched = (field: ScoreField | 'mode') => draft[field] !== '';
  return (
    <form
      className={page.form}
      data-testid={testIds.fmeaForm}
      onSubmit={(event) => {
        event.preventDefault();
        if (problems.length === 0) {
          onSave(fromDraft(draft));
        }
      }}
    >
      <Field label="Failure mode" invalid={draftTouched('mode') && !!problemOf('mode')} error={problemOf('mode')}>
        <Input
          data-testid={testIds.fmeaInputMode}
          value={draft.mode}
          onChange={(event) => setDraft({ ...draft, mode: event.currentTarget.value })}
        />
      </Field>
      <Stack gap={2} wrap="wrap">
        <Field label="Effect" className={styles.grow}>
          <TextArea
            rows={2}
            data-testid={testIds.fmeaInputEffect}
            value={draft.effect}
            onChange={(event) => setDraft({ ...draft, effect: event.currentTarget.value })}
          />
        </Field>
        <Field label="Cause" className={styles.grow}>
          <TextArea
            rows={2}
            data-testid={testIds.fmeaInputCause}
            value={draft.cause}
            onChange={(event) => setDraft({ ...draft, cause: event.currentTarget.value })}
          />
        </Field>
      </Stack>
      <Stack gap={2} wrap="wrap">
        {SCORE_FIELDS.map((field) => (
          <Field
            key={field}
            label={`${field[0].toUpperCase()}${field.slice(1)} (1–10)`}
            invalid={draftTouched(field) && !!problemOf(field)}
            error={draftTouched(field) ? problemOf(field) : undefined}
          >
            <Input
              type="number"
              min={1}
              max={10}
              step={1}
              width={12}
              data-testid={testIds.fmeaInput(field)}
              value={draft[field]}
              onChange={(event) => setDraft({ ...draft, [field]: event.currentTarget.value })}
            />
          </Field>
        ))}
        <Field label="RPN">
          <output className={styles.rpnPreview} data-testid={testIds.fmeaRpnPreview}>
            {problems.some((problem) => SCORE_FIELDS.includes(problem.field as ScoreField))
              ? '—'
              : rpn(fromDraft(draft))}
          </output>
        </Field>
      </Stack>
      <Field label="Detected by">
        <select
          className={styles.select}
          data-testid={testIds.fmeaInputDetector}
          value={draft.detectedBy.type === 'panel' ? draft.detectedBy.panel : draft.detectedBy.type}
          onChange={(event) => {
            const value = event.currentTarget.value;
            const detectedBy: Detector =
              value === 'alert'
                ? { type: 'alert', title: draft.detectedBy.type === 'alert' ? draft.detectedBy.title : '' }
                : value === 'none'
                  ? { type: 'none' }
                  : { type: 'panel', panel: value as (typeof DRIFTLINE_PANELS)[number]['id'] };
            setDraft({ ...draft, detectedBy });
          }}
        >
          {DRIFTLINE_PANELS.map((panel) => (
            <option key={panel.id} value={panel.id}>
              {panel.label}
            </option>
          ))}
          <option value="alert">A Grafana alert rule</option>
          <option value="none">Nothing detects it yet</option>
        </select>
      </Field>
      {draft.detectedBy.type === 'alert' && (
        <Field label="Alert rule title">
          <Input
            data-testid={testIds.fmeaInputAlert}
            value={draft.detectedBy.title}
            onChange={(event) =>
              setDraft({ ...draft, detectedBy: { type: 'alert', title: event.currentTarget.value } })
            }
          />
        </Field>
      )}
      <Field label="Actions (one per line)">
        <TextArea
          rows={3}
          data-testid={testIds.fmeaInputActions}
          value={draft.actions}
          onChange={(event) => setDraft({ ...draft, actions: event.currentTarget.value })}
        />
      </Field>
      <FormFooter onCancel={onCancel}>
        <Button type="submit" disabled={problems.length > 0} data-testid={testIds.fmeaFormSave}>
          Save failure mode
        </Button>
      </FormFooter>
    </form>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  grow: css({ flex: 1, minWidth: 260 }),
  select: css({
    height: theme.spacing(4),
    padding: theme.spacing(0, 1),
    background: theme.components.input.background,
    color: theme.components.input.text,
    border: `1px solid ${theme.components.input.borderColor}`,
    borderRadius: theme.shape.radius.default,
  }),
  rpnPreview: css({ display: 'inline-block', minWidth: theme.spacing(6), fontSize: theme.typography.h4.fontSize }),
});
