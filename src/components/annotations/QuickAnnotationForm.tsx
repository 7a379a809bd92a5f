import React, { useState } from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, GrafanaTheme2 } from '@grafana/data';
import { TimeZone } from '@grafana/schema';
import { Modal, RadioButtonGroup, Stack, useStyles2 } from '@grafana/ui';
import { normalizeTags } from '../../api/annotationsApi';
import { AnnotationFields, useAnnotationDraft } from './AnnotationFields';
import { DEFAULT_KIND_TAGS, KindTags } from '../../data/annotations';
import { testIds } from '../../testIds';

export type AnnotationPreset = 'mitigation' | 'incident' | 'note';

export const ANNOTATION_PRESETS: AnnotationPreset[] = ['mitigation', 'incident', 'note'];

const PRESET_LABEL: Record<AnnotationPreset, string> = {
  mitigation: 'Mitigation',
  incident: 'Incident',
  note: 'Note',
};

/** What the form hands back: ready for `outbox.enqueueCreate` (or `useOutbox().add`). */
export interface QuickAnnotationDraft {
  time: number;
  timeEnd?: number;
  text: string;
  tags: string[];
}

export interface QuickAnnotationFormProps {
  /** The point, or the start of the region, the annotation applies to (epoch ms). */
  time: number;
  /** The end of the region, for a brushed range. */
  timeEnd?: number;
  timeZone?: TimeZone;
  defaultPreset?: AnnotationPreset;
  /** The configured tag-to-kind mapping: a preset adds the first tag of its kind. */
  kindTags?: KindTags;
  /**
   * Called with the annotation to store. It may throw an AnnotationWriteError (for example the browser's
   * storage is full): the form then shows the message and keeps what was typed.
   */
  onSave: (draft: QuickAnnotationDraft) => void;
  onCancel: () => void;
}

/** The tags a preset adds: the first tag of its kind in the configured mapping; a note adds none. */
export function presetTags(preset: AnnotationPreset, kindTags: KindTags = DEFAULT_KIND_TAGS): string[] {
  if (preset === 'note') {
    return [];
  }
  const tag = kindTags[preset]?.[0] ?? DEFAULT_KIND_TAGS[preset][0];
  return [tag];
}

function PresetLabel({ preset }: { preset: AnnotationPreset }) {
  return <span data-testid={testIds.annotationPreset(preset)}>{PRESET_LABEL[preset]}</span>;
}

const PRESET_OPTIONS = ANNOTATION_PRESETS.map((preset) => ({
  value: preset,
  component: () => <PresetLabel preset={preset} />,
  description: preset === 'note' ? 'A note with no kind' : `Tagged as ${preset}`,
}));

/**
 * A small form to annotate a point or a region during an incident: a preset (mitigation, incident, note),
 * free text and tags. Ctrl/Cmd+Enter saves, Escape cancels. Text is always rendered as plain text.
 */
export function QuickAnnotationForm({
  time,
  timeEnd,
  timeZone,
  defaultPreset = 'mitigation',
  kindTags,
  onSave,
  onCancel,
}: QuickAnnotationFormProps) {
  const styles = useStyles2(getStyles);
  const [preset, setPreset] = useState<AnnotationPreset>(defaultPreset);
  const isRegion = timeEnd !== undefined && timeEnd !== time;
  const draft = useAnnotationDraft({ text: '', tags: [] }, (text, tags) =>
    onSave({
      time,
      timeEnd: isRegion ? timeEnd : undefined,
      text,
      tags: normalizeTags([...presetTags(preset, kindTags), ...tags]),
    })
  );

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      draft.onSave();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      onCancel();
    }
  };

  return (
    <div className={styles.form} data-testid={testIds.annotationForm} onKeyDown={onKeyDown}>
      <Stack direction="column" gap={1}>
        <div className={styles.when} data-testid={testIds.annotationWhen}>
          {isRegion
            ? `${dateTimeFormat(time, { timeZone })} → ${dateTimeFormat(timeEnd!, { timeZone })}`
            : dateTimeFormat(time, { timeZone })}
        </div>
        <RadioButtonGroup
          options={PRESET_OPTIONS}
          value={preset}
          onChange={(value) => setPreset(value)}
          size="sm"
          aria-label="Kind of annotation"
        />
        <AnnotationFields
          {...draft}
          onCancel={onCancel}
          ids={testIds.annotationFields}
          placeholder="Rolled back model v42; error rate recovering"
        />
      </Stack>
    </div>
  );
}

/** The form in a Grafana modal, for panels that open it from a Ctrl/Cmd+click or a button. */
export function QuickAnnotationModal(props: QuickAnnotationFormProps & { isOpen: boolean }) {
  const { isOpen, ...formProps } = props;
  const isRegion = props.timeEnd !== undefined && props.timeEnd !== props.time;
  return (
    <Modal title={isRegion ? 'Annotate this range' : 'Annotate this moment'} isOpen={isOpen} onDismiss={props.onCancel}>
      <QuickAnnotationForm {...formProps} />
    </Modal>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  form: css({
    minWidth: theme.spacing(40),
  }),
  when: css({
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
});
