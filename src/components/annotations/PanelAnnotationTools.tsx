import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { TimeZone } from '@grafana/schema';
import { useStyles2 } from '@grafana/ui';
import { AnnotationPreset, QuickAnnotationModal } from './QuickAnnotationForm';
import { PendingAnnotations } from './PendingAnnotations';
import { PanelAnnotations } from './usePanelAnnotations';

export interface AnnotationDraftRequest {
  time: number;
  timeEnd?: number;
  preset?: AnnotationPreset;
  /** Tags added to whatever the person picks, e.g. `ongoing` for an incident start. */
  extraTags?: string[];
  /** JSON stored with the annotation: an incident's dashboard context. */
  data?: Record<string, unknown>;
}

interface Props {
  annotations: PanelAnnotations;
  panelId: number;
  timeZone?: TimeZone;
  draft?: AnnotationDraftRequest;
  onDraftChange: (draft?: AnnotationDraftRequest) => void;
}

/** The quick form for a marked point or region, and the list of this dashboard's unsaved annotations. */
export function PanelAnnotationTools({ annotations, panelId, timeZone, draft, onDraftChange }: Props) {
  const styles = useStyles2(getStyles);
  return (
    <>
      {draft && (
        <QuickAnnotationModal
          isOpen
          time={draft.time}
          timeEnd={draft.timeEnd}
          timeZone={timeZone}
          defaultPreset={draft.preset}
          kindTags={annotations.kindTags}
          onSave={(saved) => {
            annotations.add({
              ...saved,
              tags: [...saved.tags, ...(draft.extraTags ?? [])],
              panelId,
              ...(draft.data ? { data: draft.data } : {}),
            });
            onDraftChange(undefined);
          }}
          onCancel={() => onDraftChange(undefined)}
        />
      )}
      {annotations.unsent.length > 0 && (
        <div className={styles.pending}>
          <PendingAnnotations
            items={annotations.items}
            onRetry={annotations.retry}
            onDiscard={annotations.discard}
            timeZone={timeZone}
            kindTags={annotations.kindTags}
          />
        </div>
      )}
    </>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  pending: css({
    position: 'absolute',
    right: theme.spacing(1),
    bottom: theme.spacing(1),
    maxWidth: 420,
    maxHeight: '50%',
    overflow: 'auto',
    zIndex: 3,
    background: theme.colors.background.primary,
    boxShadow: theme.shadows.z2,
    borderRadius: theme.shape.radius.default,
  }),
});
