import React, { useMemo, useState } from 'react';
import { Modal, Stack } from '@grafana/ui';
import { normalizeTags } from '../../api/annotationsApi';
import { AnnotationFields, useAnnotationDraft } from './AnnotationFields';
import { AnnotationEvent, ONGOING_TAG } from '../../data/annotations';
import { RegionEdit } from './RegionEdges';
import { PanelAnnotations, writeTargetOf } from './usePanelAnnotations';
import { testIds } from '../../testIds';

/** What an overlay offers people who may annotate: edit an annotation's text and tags, move a region's edges. */
export interface OverlayEditing {
  canEdit: (event: AnnotationEvent) => boolean;
  onEdit: (event: AnnotationEvent) => void;
  onMoveEdges: (event: AnnotationEvent, edit: RegionEdit) => void;
}

interface EditFormProps {
  event: AnnotationEvent;
  /** Stores the change; may throw an AnnotationWriteError, which the form shows, keeping what was typed. */
  onSave: (patch: { text: string; tags: string[] }) => void;
  onCancel: () => void;
}

/** The text and tags of an annotation, editable; `ongoing` stays on an open incident whatever the tags say. */
export function AnnotationEditForm({ event, onSave, onCancel }: EditFormProps) {
  const ongoing = event.tags.includes(ONGOING_TAG);
  const draft = useAnnotationDraft(
    { text: event.text, tags: event.tags.filter((tag) => tag !== ONGOING_TAG) },
    (text, tags) => onSave({ text, tags: normalizeTags(ongoing ? [...tags, ONGOING_TAG] : tags) })
  );

  return (
    <div
      data-testid={testIds.annotationEditForm}
      onKeyDown={(key) => {
        if (key.key === 'Enter' && (key.ctrlKey || key.metaKey)) {
          key.preventDefault();
          draft.onSave();
        }
      }}
    >
      <Stack direction="column" gap={1}>
        <AnnotationFields
          {...draft}
          onCancel={onCancel}
          ids={testIds.annotationEditFields}
          tagsDescription="The tags decide the kind (deploy, incident…)."
        />
      </Stack>
    </div>
  );
}

/**
 * Editing for a panel's overlays, when the person may annotate: the Edit action opens a form, and moved
 * edges go straight to the outbox. Every change is a PATCH through the outbox, so it shows at once, is
 * retried, and is never lost. Returns the overlay hooks (undefined for viewers) and the form to render.
 */
export function useAnnotationEditor(annotations: PanelAnnotations): {
  editing?: OverlayEditing;
  editor: React.ReactNode;
} {
  const [editingEvent, setEditingEvent] = useState<AnnotationEvent | undefined>();
  const { canAnnotate, update } = annotations;
  const editing = useMemo((): OverlayEditing | undefined => {
    if (!canAnnotate) {
      return undefined;
    }
    return {
      canEdit: (event) => writeTargetOf(event) !== undefined,
      onEdit: setEditingEvent,
      onMoveEdges: (event, edit) => {
        const target = writeTargetOf(event);
        if (target) {
          update(target, { time: Math.round(edit.time), timeEnd: Math.round(edit.timeEnd) });
        }
      },
    };
  }, [canAnnotate, update]);

  const editor = editingEvent && (
    <Modal title="Edit annotation" isOpen onDismiss={() => setEditingEvent(undefined)}>
      <AnnotationEditForm
        event={editingEvent}
        onCancel={() => setEditingEvent(undefined)}
        onSave={(patch) => {
          const target = writeTargetOf(editingEvent);
          if (target) {
            update(target, patch);
          }
          setEditingEvent(undefined);
        }}
      />
    </Modal>
  );
  return { editing, editor };
}
